import Foundation
import HawalaCore

/// Throwaway test PKI for trying `hawala export` and `hawala open`: a CA, an exporting agency
/// (EC P-256 signing certificate, digitalSignature + emailProtection) and two receiving
/// agencies (RSA 3072 with keyEncipherment; EC P-256 with keyAgreement). TEST MATERIAL — NOT
/// FOR REAL CASES: the keys are unencrypted.
public struct DemoPKI: Sendable {
    /// One party's certificate and unencrypted private key, PEM.
    public struct Party: Sendable {
        /// The file stem, e.g. `exporter` (files `exporter.crt.pem`, `exporter.key.pem`).
        public var fileStem: String
        /// The certificate, PEM.
        public var certificatePEM: Data
        /// The private key, unencrypted PKCS#8 PEM.
        public var keyPEM: Data

        /// The certificate file name.
        public var certificateFile: String { "\(fileStem).crt.pem" }
        /// The key file name.
        public var keyFile: String { "\(fileStem).key.pem" }
    }

    /// The test CA.
    public var authority: Party
    /// The exporting agency.
    public var exporter: Party
    /// Receiving agency B (RSA 3072).
    public var receiverRSA: Party
    /// Receiving agency C (EC P-256).
    public var receiverEC: Party

    /// Every party.
    public var parties: [Party] { [authority, exporter, receiverRSA, receiverEC] }

    static let marker = "TEST ONLY - NOT FOR REAL CASES"

    /// Generates a fresh test PKI with OpenSSL's C API (no external `openssl` command).
    /// - Parameter days: certificate validity in days (default 365).
    /// - Returns: the PKI, PEM-encoded.
    /// - Throws: ``ExportError`` `.openssl` when a key or certificate cannot be made.
    public static func generate(days: Int = 365) throws -> DemoPKI {
        let caKey = try KeyFactory.p256()
        let ca = try KeyFactory.certificate(
            subject: subject("Demo CA", organization: "HawalaTrace Demo PKI"), key: caKey, profile: .authority,
            issuer: nil, days: days)
        func issue(_ name: String, _ organization: String, _ key: PrivateKey, _ profile: CertificateProfile, _ stem: String)
            throws -> Party
        {
            let certificate = try KeyFactory.certificate(
                subject: subject(name, organization: organization), key: key, profile: profile, issuer: (ca, caKey),
                days: days)
            return Party(fileStem: stem, certificatePEM: Data(certificate.pem.utf8), keyPEM: try key.unencryptedPEM())
        }
        return DemoPKI(
            authority: Party(fileStem: "ca", certificatePEM: Data(ca.pem.utf8), keyPEM: try caKey.unencryptedPEM()),
            exporter: try issue("Exporting Analyst", "Agency A (Exporting FIU)", try KeyFactory.p256(), .signer, "exporter"),
            receiverRSA: try issue(
                "Receiving Agency B", "Agency B (Receiving FIU, RSA)", try KeyFactory.rsa(bits: 3072), .keyTransport,
                "receiver-b-rsa"),
            receiverEC: try issue(
                "Receiving Agency C", "Agency C (Receiving FIU, EC)", try KeyFactory.p256(), .keyAgreement, "receiver-c-ec"))
    }

    static func subject(_ commonName: String, organization: String) -> [(String, String)] {
        [("C", "XX"), ("O", organization), ("OU", marker), ("CN", commonName)]
    }

    /// Writes every certificate (mode 0644), key (mode 0600) and a README.txt marking it all as
    /// test material into `directory` (created with mode 0700 if missing). Refuses to overwrite.
    /// - Parameter directory: the output folder.
    /// - Returns: the files written.
    /// - Throws: ``ExportError`` `.io` when a file exists or cannot be written.
    @discardableResult
    public func write(to directory: URL) throws -> [URL] {
        let manager = FileManager.default
        do {
            try manager.createDirectory(at: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        } catch {
            throw ExportError(.io, "cannot create '\(directory.path)'", underlying: error)
        }
        var files: [(String, Data, Int)] = []
        for party in parties {
            files.append((party.certificateFile, party.certificatePEM, 0o644))
            files.append((party.keyFile, party.keyPEM, 0o600))
        }
        files.append(("README.txt", Data(readme.utf8), 0o644))
        for (name, _, _) in files where manager.fileExists(atPath: directory.appendingPathComponent(name).path) {
            throw ExportError(.io, "'\(directory.appendingPathComponent(name).path)' exists already; choose an empty --out")
        }
        var written: [URL] = []
        for (name, data, mode) in files {
            let url = directory.appendingPathComponent(name)
            guard manager.createFile(atPath: url.path, contents: data, attributes: [.posixPermissions: mode]) else {
                throw ExportError(.io, "cannot write '\(url.path)'")
            }
            written.append(url)
        }
        return written
    }

    /// The README.txt text.
    public var readme: String {
        """
        TEST MATERIAL — NOT FOR REAL CASES
        ==================================

        Made by `hawala pki demo`. Every key here is UNENCRYPTED and was generated on this machine
        for trying `hawala export` and `hawala open`. Never use these certificates or keys for real
        evidence, never trust ca.crt.pem outside a test, and delete this folder when done. Every
        certificate subject carries OU=\(Self.marker).

        ca.crt.pem / ca.key.pem                   the throwaway CA (EC P-256)
        exporter.crt.pem / exporter.key.pem       exporting agency A: signs packages
                                                  (EC P-256; digitalSignature, emailProtection)
        receiver-b-rsa.crt.pem / .key.pem         receiving agency B (RSA 3072; keyEncipherment)
        receiver-c-ec.crt.pem / .key.pem          receiving agency C (EC P-256; keyAgreement)

        Try it (see docs/export.md):

          hawala export --case CASE-DEMO --run RUN --all \\
            --signer-cert exporter.crt.pem --signer-key exporter.key.pem \\
            --recipient receiver-b-rsa.crt.pem --recipient receiver-c-ec.crt.pem --out out
          hawala open out/CASE-DEMO-E001.p7m --cert receiver-b-rsa.crt.pem \\
            --key receiver-b-rsa.key.pem --trust ca.crt.pem --out opened

        """
    }
}
