import ArgumentParser
import Foundation
import HawalaCore
import HawalaExport
import HawalaInvestigation

// Commands of issue 4 (evidence packages): export, open, pki demo. All logic is in HawalaExport;
// see docs/export.md.

struct Export: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Export findings as a signed, encrypted evidence package.",
        discussion: """
            Writes OUT/EXPORT-ID.p7m (CMS AuthEnvelopedData, AES-256-GCM, around a SignedData of a \
            BagIt bag) and OUT/EXPORT-ID.p7m.sha256. Passphrases come from a file or an environment \
            variable, never from the command line. See docs/export.md.
            """)

    @OptionGroup var global: GlobalOptions

    @Option(
        name: .customLong("case"),
        help: "The case number (bag-info External-Identifier). Alone, it names a case of `hawala case open`: exactly its findings, notes and reviews are packaged.")
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
        guard modes <= 1 else { throw ValidationError("choose one of --finding ID..., --typology T, --run ID --all, or --case NAME alone") }
        if modes == 0, runID != nil { throw ValidationError("--run needs --finding, --typology or --all") }
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
        if findings.isEmpty, typology.isEmpty, !all { return .storedCase(caseNumber) }
        if !findings.isEmpty { return .findings(findings, run: runID) }
        if !typology.isEmpty { return .typologies(typology.compactMap(Typology.init(rawValue:)), run: runID) }
        return .allOfRun(runID ?? "")
    }

    func run() throws {
        let logger = global.logger("hawala.export")
        try mapErrors {
            try requireOutputFolder(out)
            if case .storedCase(let name) = selection { try requireStoredCase(name) }
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

            let payload = try global.investigation().exportPayload(selection)
            let outURL = URL(fileURLWithPath: out)
            let id = try exportId ?? EvidencePackage.nextExportID(caseNumber: caseNumber, in: outURL)
            let typologies: [String] =
                typology.isEmpty ? Set(payload.findings.map(\.typology.rawValue)).sorted() : typology
            var request = ExportRequest(
                exportID: id, caseNumber: caseNumber,
                exporter: .init(certificate: certificate, name: exporterName, role: exporterRole, agency: agency),
                exportedAt: Date(timeIntervalSince1970: Date().timeIntervalSince1970.rounded(.down)),
                tool: .init(name: "hawala", version: HawalaVersion.current), analysisRun: payload.analysisRun,
                selection: .init(findingIDs: payload.findings.map(\.id), typologies: typologies, brokers: payload.brokers),
                databaseSHA256: FileManager.default.fileExists(atPath: global.db)
                    ? try PayloadFormats.sha256Hex(ofFileAt: global.db) : nil,
                caveat: caveat, supersedes: supersedes, payload: try payload.payloadFiles())
            request.caseFile = payload.caseFile
            request.reviews = payload.reviews
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

extension Export {
    /// `--case NAME` alone names a stored case: refuse up front (exit 64, before any key is read)
    /// when the database or the case is missing, saying how to choose findings instead.
    /// - Throws: ``InvestigationError`` `.notFound`.
    func requireStoredCase(_ name: String) throws {
        let hint = "open one with `hawala case open \(name) --network N`, or choose findings with --finding ID..., --typology T or --run ID --all"
        guard FileManager.default.fileExists(atPath: global.db),
            (try? global.investigation().store.storedCase(name: name)) != nil
        else {
            throw InvestigationError(.notFound, "no case named '\(name)' in \(global.db); \(hint)")
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
            if expected == nil {
                printError(
                    "hawala: warning: no \(sidecar) beside the package, so the file as a whole was not checked: the content "
                        + "addressed to you is authentic, but the other recipients' wrapped keys and identifiers are covered "
                        + "only by that checksum (docs/export.md, \"What is authenticated by what\")")
            } else {
                printError("hawala: whole-file SHA-256 matches \(sidecar)")
            }
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
        if let file = custody.caseFile {
            lines.append("Case file:     \(file.name), opened by \(file.openedBy) at \(UTCTime.iso8601(file.openedAt)); \(file.findingKeys.count) findings")
            for note in file.notes { lines.append("Case note:     \(note.text) (\(note.by), \(UTCTime.iso8601(note.at)))") }
        }
        for review in custody.reviews ?? [] {
            let change = "\(review.from ?? "open") -> \(review.to)"
            lines.append(
                "Review:        #\(review.entry) \(review.findingID ?? review.findingKey) \(change) by \(review.by) at \(UTCTime.iso8601(review.at))"
                    + (review.note.map { ": \($0)" } ?? ""))
        }
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
