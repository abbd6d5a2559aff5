import Foundation
import HawalaCore

extension EvidencePackage {
    /// Opens a package in memory and runs every check, in this order: libcrypto version;
    /// decrypt (nothing handed out when decryption or the GCM tag fails); signature and signer
    /// chain to `trust`; strict tar reading; bag checksums (manifests, tag manifest,
    /// Payload-Oxum); the custody record names this recipient; last, when `expectedSHA256` is
    /// given (from `NAME.p7m.sha256`), the whole file's SHA-256. Nothing is written to disk.
    ///
    /// The last check matters because CMS does not authenticate the other recipients'
    /// RecipientInfos: a byte changed inside agency C's wrapped key leaves the content agency B
    /// decrypts intact and authentic, so only the file checksum shows the file is not as sent.
    /// - Parameters:
    ///   - packageData: the `.p7m` bytes.
    ///   - key: our certificate and key, or the package password.
    ///   - trust: the CA certificates trusted for the exporting agency's signature.
    ///   - expectedSHA256: the package file's SHA-256 (hex) from its `.sha256` file, if at hand.
    /// - Returns: the opened, checked package.
    /// - Throws: ``ExportError``: `.unsupportedOpenSSL`, `.tooLarge`, `.cannotDecrypt` (10),
    ///   `.badSignature` (11), `.unsafeArchive`/`.checksumMismatch` (12), `.notAddressedToUs` (13).
    public static func open(
        _ packageData: Data, key: OpeningKey, trust: [Certificate], expectedSHA256: String? = nil
    ) throws -> OpenedPackage {
        try OpenSSLRuntime.requireSupportedVersion()
        guard packageData.count <= maximumPackageBytes else {
            throw ExportError(.tooLarge, "the package is \(packageData.count) bytes; the limit is \(maximumPackageBytes)")
        }
        let signed: Data
        switch key {
        case .certificate(let certificate, let privateKey):
            guard privateKey.matches(certificate) else {
                throw ExportError(.keyMaterial, "the key does not belong to the certificate \(certificate.subject)")
            }
            signed = try CMSMessage.decrypt(packageData, certificate: certificate, key: privateKey, password: nil)
        case .password(let secret):
            signed = try CMSMessage.decrypt(packageData, certificate: nil, key: nil, password: secret)
        }
        let (archive, signers) = try CMSMessage.verify(signed, trust: trust)
        let bag = try BagIt.validate(try TarArchive.read(archive))
        guard let custodyData = bag.files["custody.json"] else {
            throw ExportError(.checksumMismatch, "the bag has no custody record", location: SourceLocation(file: "\(bag.name)/custody.json"))
        }
        let custody: CustodyRecord
        do {
            custody = try JSONCoding.decoder().decode(CustodyRecord.self, from: custodyData)
        } catch {
            throw ExportError(
                .checksumMismatch, "the custody record cannot be read", underlying: error,
                location: SourceLocation(file: "\(bag.name)/custody.json"))
        }
        guard custody.exportID == bag.name else {
            throw ExportError(.checksumMismatch, "the bag '\(bag.name)' does not match the custody record's export id '\(custody.exportID)'")
        }
        switch key {
        case .certificate(let certificate, _):
            let ours = certificate.sha256Fingerprint
            guard custody.recipients.contains(where: { $0.sha256Fingerprint.lowercased() == ours }) else {
                throw ExportError(
                    .notAddressedToUs,
                    "this package was not addressed to \(certificate.subject) (SHA-256 \(ours)); the signed custody record "
                        + "names: \(custody.recipients.map(\.subject).joined(separator: "; "))")
            }
        case .password:
            guard custody.passwordRecipient else {
                throw ExportError(.notAddressedToUs, "the signed custody record names no password recipient")
            }
        }
        if let expectedSHA256 {
            let actual = Digest.hex(Digest.sha256(packageData))
            guard actual == expectedSHA256.lowercased() else {
                throw ExportError(
                    .checksumMismatch,
                    "the package file was altered after export: its SHA-256 is \(actual), its .sha256 file says "
                        + "\(expectedSHA256) (the content addressed to you is intact, but the file is not as sent)")
            }
        }
        return OpenedPackage(
            bag: bag, custody: custody, signerSubjects: signers.map(\.subject),
            signerFingerprints: signers.map(\.sha256Fingerprint))
    }

    /// Writes an opened bag under `directory/NAME/`: first into a temporary folder beside it
    /// (`.NAME.partial-UUID`, mode 0700, files 0600), renamed into place only when every file
    /// is written; removed on failure. Refuses to replace an existing folder.
    /// - Parameters:
    ///   - opened: a package that passed ``open(_:key:trust:expectedSHA256:)``.
    ///   - directory: the parent folder (created if needed).
    /// - Returns: the bag folder's URL.
    /// - Throws: ``ExportError`` `.io` when the target exists or writing fails.
    @discardableResult
    public static func extract(_ opened: OpenedPackage, into directory: URL) throws -> URL {
        let manager = FileManager.default
        let target = directory.appendingPathComponent(opened.bag.name)
        let temporary = directory.appendingPathComponent(".\(opened.bag.name).partial-\(UUID().uuidString)")
        guard !manager.fileExists(atPath: target.path) else {
            throw ExportError(.io, "'\(target.path)' exists already; remove it or choose another --out")
        }
        do {
            try manager.createDirectory(at: directory, withIntermediateDirectories: true)
            try manager.createDirectory(at: temporary, withIntermediateDirectories: false, attributes: [.posixPermissions: 0o700])
            try manager.createDirectory(
                at: temporary.appendingPathComponent("data"), withIntermediateDirectories: false,
                attributes: [.posixPermissions: 0o700])
            for (path, data) in opened.bag.files.sorted(by: { $0.key < $1.key }) {
                // Paths were checked by the tar reader; check again before touching the disk.
                try TarArchive.checkPath(path, code: .unsafeArchive)
                let url = temporary.appendingPathComponent(path)
                try manager.createDirectory(
                    at: url.deletingLastPathComponent(), withIntermediateDirectories: true,
                    attributes: [.posixPermissions: 0o700])
                guard manager.createFile(atPath: url.path, contents: data, attributes: [.posixPermissions: 0o600]) else {
                    throw ExportError(.io, "cannot write '\(url.path)'")
                }
            }
            try manager.moveItem(at: temporary, to: target)
        } catch let error as ExportError {
            try? manager.removeItem(at: temporary)
            throw error
        } catch {
            try? manager.removeItem(at: temporary)
            throw ExportError(.io, "cannot extract the bag into '\(directory.path)'", underlying: error)
        }
        return target
    }
}

extension EvidencePackage {
    /// Reads the SHA-256 from a `sha256sum`-format file (`<64 hex>  NAME.p7m`).
    /// - Parameter path: the `.sha256` file.
    /// - Returns: the lowercase hex digest.
    /// - Throws: ``ExportError`` `.io` when unreadable, `.checksumMismatch` when malformed.
    public static func readChecksumFile(_ path: String) throws -> String {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw ExportError(.io, "cannot read '\(path)'", underlying: error, location: SourceLocation(file: path))
        }
        let digest = String(text.prefix(64)).lowercased()
        guard digest.count == 64, digest.allSatisfy(\.isHexDigit) else {
            throw ExportError(.checksumMismatch, "not a sha256sum line", location: SourceLocation(file: path, line: 1))
        }
        return digest
    }
}
