import COpenSSL
import Foundation
import HawalaCore

/// Everything an export needs except keys: the custody fields and the payload files. The CLI
/// fills it from the store (findings, transfers with provenance, graph and report files);
/// HawalaExport never reads the store itself.
public struct ExportRequest: Sendable {
    /// The export id, also the bag's and the package's name: letters, digits, `.`, `_`, `-`,
    /// e.g. `CASE-2026-0042-E001`.
    public var exportID: String
    /// The case number (bag-info's External-Identifier).
    public var caseNumber: String
    /// Who exports (bag-info's Contact-Name and Source-Organization come from it).
    public var exporter: CustodyRecord.Exporter
    /// The export time, UTC; also the tar mtime and bag-info's Bagging-Date.
    public var exportedAt: Date
    /// The tool and version written into the custody record.
    public var tool: CustodyRecord.Tool
    /// The analysis run and its parameters, if any.
    public var analysisRun: CustodyRecord.AnalysisRun?
    /// The exact selection.
    public var selection: CustodyRecord.Selection
    /// SHA-256 (hex) of the database file at export, if known.
    public var databaseSHA256: String?
    /// The handling caveat.
    public var caveat: String
    /// The export id this one supersedes, if any.
    public var supersedes: String?
    /// The payload files, placed under `data/`.
    public var payload: [PayloadFile]
    /// The stored case exported, with its notes, for the custody record.
    public var caseFile: CustodyRecord.CaseFile?
    /// The review log entries of the exported findings, for the custody record.
    public var reviews: [CustodyRecord.Review] = []

    /// - Parameters: see the properties.
    public init(
        exportID: String, caseNumber: String, exporter: CustodyRecord.Exporter, exportedAt: Date,
        tool: CustodyRecord.Tool, analysisRun: CustodyRecord.AnalysisRun? = nil, selection: CustodyRecord.Selection,
        databaseSHA256: String? = nil, caveat: String, supersedes: String? = nil, payload: [PayloadFile]
    ) {
        self.exportID = exportID
        self.caseNumber = caseNumber
        self.exporter = exporter
        self.exportedAt = exportedAt
        self.tool = tool
        self.analysisRun = analysisRun
        self.selection = selection
        self.databaseSHA256 = databaseSHA256
        self.caveat = caveat
        self.supersedes = supersedes
        self.payload = payload
    }

    /// Checks the export id's characters.
    /// - Throws: ``ExportError`` `.invalidRequest` for an empty id, a leading `.` or another character.
    public static func validateExportID(_ id: String) throws {
        let allowed = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._-")
        guard !id.isEmpty, id.count <= 100, !id.hasPrefix("."), id.allSatisfy({ allowed.contains($0) }) else {
            throw ExportError(
                .invalidRequest, "export id '\(id)' must be 1-100 letters, digits, '.', '_' or '-', not starting with '.'")
        }
    }
}

/// The exporting agency's signing identity: certificate (digitalSignature, emailProtection EKU),
/// private key and the intermediate certificates to include.
public struct SignerIdentity {
    /// The signer certificate.
    public var certificate: Certificate
    /// Its private key.
    public var key: PrivateKey
    /// Intermediate CA certificates to include in the SignedData.
    public var chain: [Certificate]

    /// - Parameters:
    ///   - certificate: the signer certificate.
    ///   - key: its private key.
    ///   - chain: intermediates to include.
    public init(certificate: Certificate, key: PrivateKey, chain: [Certificate] = []) {
        self.certificate = certificate
        self.key = key
        self.chain = chain
    }

    /// Checks, before anything is built, that this identity can sign a package every recipient
    /// will accept: the certificate is fit for S/MIME signing (OpenSSL's
    /// `X509_check_purpose(cert, X509_PURPOSE_SMIME_SIGN, 0)`: keyUsage digitalSignature or
    /// nonRepudiation, extended key usage emailProtection when present — what `CMS_verify`
    /// checks on the receiving side), and the key is the certificate's private key.
    /// - Throws: ``ExportError`` `.invalidRequest` (exit 64) when the certificate cannot sign,
    ///   e.g. a receiving agency's keyEncipherment-only certificate; `.keyMaterial` (exit 65)
    ///   when the key does not belong to the certificate.
    public func validate() throws {
        guard key.matches(certificate) else {
            _ = OpenSSLErrors.drain()
            throw ExportError(.keyMaterial, "the signer key does not belong to the signer certificate \(certificate.subject)")
        }
        guard X509_check_purpose(certificate.pointer, X509_PURPOSE_SMIME_SIGN, 0) == 1 else {
            _ = OpenSSLErrors.drain()
            throw ExportError(
                .invalidRequest,
                "the signer certificate \(certificate.subject) is not for S/MIME signing (it needs keyUsage "
                    + "digitalSignature and extended key usage emailProtection); every recipient would refuse the "
                    + "package with exit 11 — give the exporting agency's signing certificate")
        }
    }
}

/// Who a package is encrypted to.
public struct RecipientSet {
    /// Recipient agencies' certificates (RSA or EC P-256).
    public var certificates: [Certificate]
    /// A password recipient, for a receiver without a certificate.
    public var password: Secret?
    /// PBKDF2 iterations for the password recipient (at least 600,000).
    public var passwordIterations: Int
    /// The content cipher.
    public var cipher: ContentCipher

    /// - Parameters:
    ///   - certificates: recipient certificates.
    ///   - password: an optional password recipient.
    ///   - passwordIterations: PBKDF2 iterations (default and minimum 600,000).
    ///   - cipher: AES-256-GCM (default) or AES-256-CBC (`--cbc`).
    public init(
        certificates: [Certificate], password: Secret? = nil,
        passwordIterations: Int = EvidencePackage.minimumPasswordIterations, cipher: ContentCipher = .aes256GCM
    ) {
        self.certificates = certificates
        self.password = password
        self.passwordIterations = passwordIterations
        self.cipher = cipher
    }
}

/// A built package, in memory.
public struct BuiltPackage: Sendable {
    /// The package name (the export id).
    public var name: String
    /// The `.p7m` bytes (DER).
    public var der: Data
    /// The custody record inside it.
    public var custody: CustodyRecord
    /// SHA-256 of ``der``, hex.
    public var sha256: String
    /// The `.p7m.sha256` file's content, `sha256sum` format: `<hex>  NAME.p7m\n`.
    public var checksumFile: String { "\(sha256)  \(name).p7m\n" }
}

/// An opened package that passed every check, still in memory.
public struct OpenedPackage: Sendable {
    /// The validated bag.
    public var bag: ValidatedBag
    /// The signed custody record.
    public var custody: CustodyRecord
    /// The signer certificates' subjects.
    public var signerSubjects: [String]
    /// The signer certificates' SHA-256 fingerprints (hex).
    public var signerFingerprints: [String]
}

/// How the opening agency decrypts.
public enum OpeningKey {
    /// Our recipient certificate and its private key.
    case certificate(Certificate, PrivateKey)
    /// The package password (password recipient).
    case password(Secret)
}
