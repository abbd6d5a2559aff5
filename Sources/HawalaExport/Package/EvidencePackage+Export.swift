import Foundation
import HawalaCore

/// Evidence packages: a BagIt bag (RFC 8493) in a deterministic ustar archive, signed as CMS
/// SignedData (RFC 5652) by the exporting agency, encrypted as CMS AuthEnvelopedData with
/// AES-256-GCM (RFC 5083/5084) or EnvelopedData with AES-256-CBC to every recipient. See
/// docs/export.md.
public enum EvidencePackage {
    /// The least PBKDF2 iteration count accepted for a password recipient.
    public static let minimumPasswordIterations = 600_000

    /// The largest package this tool builds or opens (decrypt and verify hold about three copies
    /// in memory): 1 GiB.
    public static let maximumPackageBytes = 1 << 30

    /// The custody record a request and its recipients give.
    /// - Parameters:
    ///   - request: the export request.
    ///   - recipients: who it is encrypted to.
    /// - Returns: the record.
    public static func custodyRecord(for request: ExportRequest, recipients: RecipientSet) -> CustodyRecord {
        var record = CustodyRecord(
            exportID: request.exportID, caseNumber: request.caseNumber, exportedBy: request.exporter,
            exportedAt: request.exportedAt, tool: request.tool, analysisRun: request.analysisRun,
            selection: request.selection, databaseSHA256: request.databaseSHA256,
            recipients: recipients.certificates.map(CustodyRecord.Recipient.init(certificate:)),
            passwordRecipient: recipients.password != nil, contentEncryption: recipients.cipher.rawValue,
            caveat: request.caveat, supersedes: request.supersedes)
        record.caseFile = request.caseFile
        record.reviews = request.reviews.isEmpty ? nil : request.reviews
        return record
    }

    /// The bag as a deterministic tar: the same request and custody record give the same bytes.
    /// - Parameters:
    ///   - request: the export request (payload and custody fields).
    ///   - custody: the custody record to include as `custody.json`.
    /// - Returns: the ustar archive of the folder `EXPORT-ID/`.
    /// - Throws: ``ExportError`` `.invalidRequest` for a bad export id or payload name.
    public static func tar(_ request: ExportRequest, custody: CustodyRecord) throws -> Data {
        try ExportRequest.validateExportID(request.exportID)
        let day = String(UTCTime.iso8601(request.exportedAt).prefix(10))
        let info: [(String, String)] = [
            ("Source-Organization", request.exporter.agency),
            ("Contact-Name", request.exporter.name),
            ("External-Identifier", request.caseNumber),
            ("Bagging-Date", day),
            ("Bag-Software-Agent", "\(request.tool.name) \(request.tool.version)"),
        ]
        let entries = try BagIt.build(
            name: request.exportID, payload: request.payload, info: info, tagFiles: [("custody.json", try custody.json())])
        let archive = try TarArchive.write(entries, modificationTime: request.exportedAt)
        guard archive.count <= maximumPackageBytes else {
            throw ExportError(.tooLarge, "the bag is \(archive.count) bytes; the limit is \(maximumPackageBytes): split the export")
        }
        return archive
    }

    /// Builds a package in memory: bag → tar → SignedData → (Auth)EnvelopedData.
    /// - Parameters:
    ///   - request: the export request.
    ///   - signer: the exporting agency's identity.
    ///   - recipients: who can open it.
    /// - Returns: the package bytes, custody record and checksum.
    /// - Throws: ``ExportError``: `.invalidRequest` (bad id, payload name, no recipient, too few
    ///   PBKDF2 iterations, unsupported recipient key, a signer certificate not for S/MIME
    ///   signing: see ``SignerIdentity/validate()``), `.keyMaterial` (key does not match the
    ///   signer certificate), `.tooLarge`, `.openssl`.
    public static func build(_ request: ExportRequest, signer: SignerIdentity, recipients: RecipientSet) throws -> BuiltPackage {
        guard recipients.passwordIterations >= minimumPasswordIterations else {
            throw ExportError(.invalidRequest, "PBKDF2 needs at least \(minimumPasswordIterations) iterations")
        }
        guard !recipients.certificates.isEmpty || recipients.password != nil else {
            throw ExportError(.invalidRequest, "give at least one --recipient certificate (or a --password-file)")
        }
        try signer.validate()
        let custody = custodyRecord(for: request, recipients: recipients)
        let archive = try tar(request, custody: custody)
        let signed = try CMSMessage.sign(
            archive, certificate: signer.certificate, key: signer.key, chain: signer.chain)
        let der = try CMSMessage.encrypt(
            signed, recipients: recipients.certificates, cipher: recipients.cipher, password: recipients.password,
            iterations: recipients.passwordIterations)
        return BuiltPackage(name: request.exportID, der: der, custody: custody, sha256: Digest.hex(Digest.sha256(der)))
    }

    /// Writes `NAME.p7m` and `NAME.p7m.sha256` into a folder (created if needed), refusing to
    /// overwrite an existing package.
    /// - Parameters:
    ///   - package: the built package.
    ///   - directory: the output folder.
    /// - Returns: the two files' URLs.
    /// - Throws: ``ExportError`` `.io` when a file exists already or cannot be written.
    @discardableResult
    public static func write(_ package: BuiltPackage, to directory: URL) throws -> (package: URL, checksum: URL) {
        let manager = FileManager.default
        let target = directory.appendingPathComponent("\(package.name).p7m")
        let checksum = directory.appendingPathComponent("\(package.name).p7m.sha256")
        do {
            try manager.createDirectory(at: directory, withIntermediateDirectories: true)
        } catch {
            throw ExportError(.io, "cannot create '\(directory.path)'", underlying: error)
        }
        for url in [target, checksum] where manager.fileExists(atPath: url.path) {
            throw ExportError(.io, "'\(url.path)' exists already; choose another --export-id (or --supersedes it)")
        }
        do {
            try package.der.write(to: target, options: .atomic)
            try Data(package.checksumFile.utf8).write(to: checksum, options: .atomic)
        } catch {
            try? manager.removeItem(at: target)
            throw ExportError(.io, "cannot write '\(target.path)'", underlying: error)
        }
        return (target, checksum)
    }

    /// `CASE-E001`, or the next number (`E002`...) not yet used by a package in `directory`.
    /// - Parameters:
    ///   - caseNumber: the case number (must itself be a valid export id).
    ///   - directory: the output folder.
    /// - Returns: the export id.
    /// - Throws: ``ExportError`` `.invalidRequest` for a case number unfit for a file name, or
    ///   when E001...E999 are all taken.
    public static func nextExportID(caseNumber: String, in directory: URL) throws -> String {
        try ExportRequest.validateExportID(caseNumber)
        let existing = Set((try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? [])
        for number in 1...999 {
            let id = caseNumber + "-E" + String(repeating: "0", count: 3 - String(number).count) + String(number)
            if !existing.contains("\(id).p7m") { return id }
        }
        throw ExportError(.invalidRequest, "999 exports of \(caseNumber) exist in \(directory.path); give --export-id")
    }
}
