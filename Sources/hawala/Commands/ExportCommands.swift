import ArgumentParser
import Foundation
import HawalaCore
import HawalaAnalysis
import HawalaExport
import HawalaReport
import HawalaStore

// Commands of issue 4 (evidence packages): export, open, pki demo. All logic is in HawalaExport;
// see docs/export.md.

/// Which findings an export covers.
enum ExportSelection: Sendable, Equatable {
    /// These finding ids (of `run`, or of the latest run when nil).
    case findings([String], run: String?)
    /// Every finding of these typologies (of `run`, or of the latest run when nil).
    case typologies([Typology], run: String?)
    /// Every finding of one run.
    case allOfRun(String)
}

/// What the store gives for an export selection; the export command turns it into the
/// package's payload and custody record.
struct SelectionPayload {
    /// The analysis run the findings belong to, with its parameters as text.
    var analysisRun: CustodyRecord.AnalysisRun?
    /// The selected findings (→ `data/findings.json`).
    var findings: [Finding]
    /// Every transfer behind the findings, with its provenance (→ `data/transfers.csv`).
    var transfers: [(transfer: Transfer, provenance: Provenance?)]
    /// The exact bytes of `hawala findings --format json` for these findings (HawalaAnalysis's
    /// `FindingsRenderer.json(run:findings:)`, `{"run": ..., "findings": [...]}`); when nil,
    /// `findings.json` is the bare findings array.
    var findingsJSON: Data?
    /// Further payload files as they become available (`graph.graphml`, `findings.ftm.jsonl`,
    /// `report.html`), names relative to `data/`.
    var extraFiles: [PayloadFile] = []

    /// The brokers involved in the findings, sorted.
    var brokers: [String] { Set(findings.flatMap(\.brokers)).sorted() }

    /// The payload files: `findings.json`, `transfers.csv`, then ``extraFiles``.
    func payloadFiles() throws -> [PayloadFile] {
        [
            PayloadFile(name: "findings.json", data: try findingsJSON ?? PayloadFormats.findingsJSON(findings)),
            PayloadFile(name: "transfers.csv", data: PayloadFormats.transfersCSV(transfers)),
        ] + extraFiles
    }
}

/// Reads the selected findings, their transfers and the run from the store, and renders the
/// payload files: `findings.json` (as `hawala findings --format json` prints it),
/// `transfers.csv`, `graph.graphml`, `findings.ftm.jsonl` and `report.html`.
/// - Parameters:
///   - global: the shared options (database path, logger).
///   - selection: which findings.
/// - Returns: the payload for the package.
/// - Throws: ``StoreError`` when the database, run or a finding is missing, or the selection
///   is empty.
func loadSelectionPayload(global: GlobalOptions, selection: ExportSelection) throws -> SelectionPayload {
    let store = try global.openStore(mustExist: true)
    let runID: String?
    switch selection {
    case .findings(_, let run), .typologies(_, let run): runID = run
    case .allOfRun(let run): runID = run
    }
    var loaded = try loadRun(store, id: runID)
    let all = loaded.findings
    switch selection {
    case .findings(let ids, _): loaded.findings = try selectFindings(all, ids: ids, run: loaded.id)
    case .typologies(let typologies, _): loaded.findings = all.filter { typologies.contains($0.typology) }
    case .allOfRun: break
    }
    guard !loaded.findings.isEmpty else {
        throw StoreError(.notFound, "the selection holds no finding of run \(loaded.id); nothing to export")
    }
    let evidence = try loadEvidence(store, for: loaded.findings)
    let input = reportInput(loaded, evidence: evidence, allFindings: all)
    var parameters: [String: String] = [:]
    for parameter in input.run.parameters { parameters[parameter.name] = parameter.value }
    let findingsJSON = try FindingsRenderer.json(run: loaded.info, findings: loaded.findings)
    return SelectionPayload(
        analysisRun: CustodyRecord.AnalysisRun(id: loaded.id, parameters: parameters),
        findings: loaded.findings,
        transfers: evidence.transfers.map { ($0, evidence.provenance[$0.id]?.first) },
        findingsJSON: Data(findingsJSON.utf8),
        extraFiles: [
            PayloadFile(name: "graph.graphml", data: Data(GraphExport.graphML(input).utf8)),
            PayloadFile(name: "findings.ftm.jsonl", data: Data(GraphExport.followTheMoney(input).utf8)),
            PayloadFile(name: "report.html", data: Data(HTMLReport.render(input).utf8)),
        ])
}

struct Export: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Export findings as a signed, encrypted evidence package.",
        discussion: """
            Writes OUT/EXPORT-ID.p7m (CMS AuthEnvelopedData, AES-256-GCM, around a SignedData of a \
            BagIt bag) and OUT/EXPORT-ID.p7m.sha256. Passphrases come from a file or an environment \
            variable, never from the command line. See docs/export.md.
            """)

    @OptionGroup var global: GlobalOptions

    @Option(name: .customLong("case"), help: "The case number (bag-info External-Identifier).")
    var caseNumber: String

    @Option(name: .customLong("finding"), help: "A finding id to export (repeatable).")
    var findings: [String] = []

    @Option(help: "Export every finding of this typology (repeatable).")
    var typology: [String] = []

    @Option(name: .customLong("run"), help: "The analysis run (default for --finding/--typology: the latest run).")
    var runID: String?

    @Flag(help: "With --run: export every finding of the run.")
    var all = false

    @Option(help: "The exporting agency's signing certificate (PEM or DER; or the --signer-key .p12 itself).")
    var signerCert: String

    @Option(help: "The signing key: PEM (encrypted or not) or PKCS#12.")
    var signerKey: String

    @Option(help: "Intermediate CA certificates to include (PEM).")
    var signerChain: String?

    @Option(help: "A file holding the signing key's passphrase (first line).")
    var signerPassFile: String?

    @Option(help: "An environment variable holding the signing key's passphrase.")
    var signerPassEnv: String?

    @Option(help: "A recipient agency's certificate (RSA or EC P-256; repeatable).")
    var recipient: [String] = []

    @Option(help: "Also encrypt to a password (first line of this file), PBKDF2 with 600,000 iterations.")
    var passwordFile: String?

    @Option(help: "The handling caveat written into the custody record.")
    var caveat = "Financial intelligence: for the named recipient agencies only; no onward disclosure or use as evidence without the exporting agency's consent."

    @Option(help: "The output folder.")
    var out: String

    @Option(help: "The export id and package name (default: CASE-Ennn, the next free number in --out).")
    var exportId: String?

    @Option(help: "The export id this package supersedes.")
    var supersedes: String?

    @Option(help: "Who exports (default: the signer certificate's CN).")
    var exporterName: String?

    @Option(help: "Their role.")
    var exporterRole = "Analyst"

    @Option(help: "Their agency (default: the signer certificate's O).")
    var agency: String?

    @Flag(help: "AES-256-CBC EnvelopedData instead of AES-256-GCM, for receivers on OpenSSL 1.1.")
    var cbc = false

    func validate() throws {
        let modes = [!findings.isEmpty, !typology.isEmpty, all].filter { $0 }.count
        guard modes == 1 else { throw ValidationError("choose one of --finding ID..., --typology T, or --run ID --all") }
        if all, runID == nil { throw ValidationError("--all needs --run ID") }
        for name in typology where Typology(rawValue: name) == nil {
            throw ValidationError("unknown typology '\(name)'; one of \(Typology.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        if signerPassFile != nil, signerPassEnv != nil {
            throw ValidationError("give --signer-pass-file or --signer-pass-env, not both")
        }
        if recipient.isEmpty, passwordFile == nil { throw ValidationError("give at least one --recipient CERT") }
    }

    var selection: ExportSelection {
        if !findings.isEmpty { return .findings(findings, run: runID) }
        if !typology.isEmpty { return .typologies(typology.compactMap(Typology.init(rawValue:)), run: runID) }
        return .allOfRun(runID ?? "")
    }

    func run() throws {
        let logger = global.logger("hawala.export")
        try mapErrors {
            try requireOutputFolder(out)
            let passphrase = try signerPassFile.map(Secret.fromFile) ?? signerPassEnv.map(Secret.fromEnvironment)
            let keyFile = try PrivateKey.loadWithCertificates(signerKey, passphrase: passphrase)
            // With PKCS#12, --signer-cert may name the same .p12 file as --signer-key.
            let certificate = try keyFile.certificate.flatMap { signerCert == signerKey ? $0 : nil }
                ?? Certificate.loadOne(signerCert)
            let chain = try (signerChain.map(Certificate.load) ?? []) + keyFile.chain
            let signer = SignerIdentity(certificate: certificate, key: keyFile.key, chain: chain)
            try signer.validate()  // before reading the database: a certificate that cannot sign is refused up front
            let recipients = RecipientSet(
                certificates: try recipient.flatMap(Certificate.load), password: try passwordFile.map(Secret.fromFile),
                cipher: cbc ? .aes256CBC : .aes256GCM)

            let payload = try loadSelectionPayload(global: global, selection: selection)
            let outURL = URL(fileURLWithPath: out)
            let id = try exportId ?? EvidencePackage.nextExportID(caseNumber: caseNumber, in: outURL)
            let typologies: [String] =
                typology.isEmpty ? Set(payload.findings.map(\.typology.rawValue)).sorted() : typology
            let request = ExportRequest(
                exportID: id, caseNumber: caseNumber,
                exporter: .init(certificate: certificate, name: exporterName, role: exporterRole, agency: agency),
                exportedAt: Date(timeIntervalSince1970: Date().timeIntervalSince1970.rounded(.down)),
                tool: .init(name: "hawala", version: HawalaVersion.current), analysisRun: payload.analysisRun,
                selection: .init(findingIDs: payload.findings.map(\.id), typologies: typologies, brokers: payload.brokers),
                databaseSHA256: FileManager.default.fileExists(atPath: global.db)
                    ? try PayloadFormats.sha256Hex(ofFileAt: global.db) : nil,
                caveat: caveat, supersedes: supersedes, payload: try payload.payloadFiles())
            logger.info("building \(id) for \(recipients.certificates.count) recipient(s)")
            let built = try EvidencePackage.build(request, signer: signer, recipients: recipients)
            let files = try EvidencePackage.write(built, to: outURL)
            print("package: \(files.package.path)")
            print("sha256: \(built.sha256)")
            for named in built.custody.recipients { print("recipient: \(named.subject) (SHA-256 \(named.sha256Fingerprint))") }
            if built.custody.passwordRecipient { print("recipient: password (PBKDF2, \(EvidencePackage.minimumPasswordIterations) iterations)") }
        }
    }
}

/// How `hawala open` prints the custody record: no csv, a record is not a table.
enum RecordFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json
}

struct Open: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Decrypt, verify and extract an evidence package.",
        discussion: """
            Decrypts in memory, verifies the signature and the signer's chain against --trust, \
            checks this recipient is named in the signed custody record, validates every bag \
            checksum (and PKG.p7m.sha256 when it lies beside the package), then extracts the bag \
            into --out and prints the custody record. Exit status: 10 cannot decrypt, 11 bad \
            signature or untrusted signer, 12 checksum mismatch or malformed bag, 13 not \
            addressed to us.
            """)

    @OptionGroup var global: GlobalOptions

    @Argument(help: "The package (NAME.p7m).")
    var package: String

    @Option(help: "Our recipient certificate.")
    var cert: String?

    @Option(help: "Our private key: PEM (encrypted or not) or PKCS#12.")
    var key: String?

    @Option(help: "A file holding our key's passphrase (first line).")
    var keyPassFile: String?

    @Option(help: "Open as the password recipient: the password is the first line of this file.")
    var passwordFile: String?

    @Option(help: "The CA certificate(s) trusted for the exporting agency's signature (PEM).")
    var trust: String

    @Option(help: "Where to extract the bag folder.")
    var out = "."

    @Option(help: "How to print the custody record.")
    var format: RecordFormat = .text

    func validate() throws {
        if passwordFile == nil, cert == nil || key == nil {
            throw ValidationError("give --cert and --key (or --password-file for a password recipient)")
        }
    }

    func run() throws {
        try mapErrors {
            try requireInputFile(package, expected: "an evidence package (NAME.p7m)")
            try requireOutputFolder(out)
            let openingKey: OpeningKey
            if let passwordFile, cert == nil {
                openingKey = .password(try Secret.fromFile(passwordFile))
            } else {
                let certificate = try Certificate.loadOne(cert ?? "")
                let passphrase = try keyPassFile.map(Secret.fromFile)
                openingKey = .certificate(certificate, try PrivateKey.load(key ?? "", passphrase: passphrase))
            }
            let anchors = try Certificate.load(trust)
            let data: Data
            do {
                data = try Data(contentsOf: URL(fileURLWithPath: package))
            } catch {
                throw ExportError(
                    .io, "cannot read the package (\((error as NSError).localizedDescription))", location: SourceLocation(file: package))
            }
            let sidecar = package + ".sha256"
            let expected = FileManager.default.fileExists(atPath: sidecar) ? try EvidencePackage.readChecksumFile(sidecar) : nil
            let opened = try EvidencePackage.open(data, key: openingKey, trust: anchors, expectedSHA256: expected)
            let bag = try EvidencePackage.extract(opened, into: URL(fileURLWithPath: out))
            printError("hawala: package verified: signed by \(opened.signerSubjects.joined(separator: "; ")); bag extracted to \(bag.path)")
            switch format {
            case .json:
                print(String(decoding: try opened.custody.json(), as: UTF8.self), terminator: "")
            case .text:
                print(Self.text(opened, bag: bag.path), terminator: "")
            }
        }
    }

    /// The custody record as readable lines.
    static func text(_ opened: OpenedPackage, bag: String) -> String {
        let custody = opened.custody
        var lines = [
            "Export:        \(custody.exportID)",
            "Case:          \(custody.caseNumber)",
            "Exported by:   \(custody.exportedBy.name), \(custody.exportedBy.role), \(custody.exportedBy.agency)",
            "Exported at:   \(UTCTime.iso8601(custody.exportedAt))",
            "Tool:          \(custody.tool.name) \(custody.tool.version)",
            "Signed by:     \(opened.signerSubjects.joined(separator: "; "))",
        ]
        if let run = custody.analysisRun {
            lines.append("Analysis run:  \(run.id) (\(run.parameters.count) parameters; see custody.json)")
        }
        lines += [
            "Findings:      \(abbreviated(custody.selection.findingIDs))",
            "Typologies:    \(custody.selection.typologies.joined(separator: ", "))",
            "Brokers:       \(abbreviated(custody.selection.brokers))",
            "Database:      \(custody.databaseSHA256.map { "SHA-256 \($0)" } ?? "not recorded")",
            "Encryption:    \(custody.contentEncryption)",
        ]
        for recipient in custody.recipients {
            lines.append("Recipient:     \(recipient.subject) (SHA-256 \(recipient.sha256Fingerprint))")
        }
        if custody.passwordRecipient { lines.append("Recipient:     password holder") }
        lines.append("Caveat:        \(custody.caveat)")
        if let supersedes = custody.supersedes { lines.append("Supersedes:    \(supersedes)") }
        lines.append("Bag:           \(bag) (\(opened.bag.payloadFiles) payload files, \(opened.bag.payloadBytes) bytes)")
        return lines.joined(separator: "\n") + "\n"
    }

    /// The first 12 items of a long list, then how many more (the full list is in custody.json).
    static func abbreviated(_ items: [String]) -> String {
        guard items.count > 12 else { return items.joined(separator: ", ") }
        return items.prefix(12).joined(separator: ", ") + ", … and \(items.count - 12) more (see custody.json)"
    }
}

struct PKI: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pki", abstract: "Test certificates for trying export and open.", subcommands: [PKIDemo.self])
}

struct PKIDemo: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Create a throwaway CA, an exporting agency and two receiving agencies (TEST MATERIAL).",
        discussion: "Keys are written unencrypted (mode 0600) with a README.txt marking everything as test material — not for real cases.")

    @Option(help: "The folder to create the test PKI in.")
    var out: String

    /// Accepted like every command's (README: every command takes --db); unused here.
    @OptionGroup var global: GlobalOptions

    func run() throws {
        try mapErrors {
            try requireOutputFolder(out)
            let files = try DemoPKI.generate().write(to: URL(fileURLWithPath: out))
            for file in files { print(file.path) }
            printError("hawala: TEST MATERIAL — NOT FOR REAL CASES: see \(out)/README.txt")
        }
    }
}
