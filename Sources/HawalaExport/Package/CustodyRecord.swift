import Foundation
import HawalaCore

/// The chain-of-custody record inside every package, the tag file `custody.json` (JSON through
/// ``JSONCoding/encoder()``: snake_case keys, sorted, times ISO 8601 UTC). It is covered by the
/// tag manifest and by the signature, so it proves who exported what, when, to whom.
public struct CustodyRecord: Codable, Sendable, Hashable {
    /// The format identifier written into every record.
    public static let formatIdentifier = "hawalatrace-custody/1"

    /// Who exported the package.
    public struct Exporter: Codable, Sendable, Hashable {
        /// The person's name.
        public var name: String
        /// Their role, e.g. `Financial analyst`.
        public var role: String
        /// Their agency (the exporting FIU or unit).
        public var agency: String

        /// - Parameters:
        ///   - name: the person's name.
        ///   - role: their role.
        ///   - agency: their agency.
        public init(name: String, role: String, agency: String) {
            self.name = name
            self.role = role
            self.agency = agency
        }

        /// The exporter as given, with the signer certificate filling what is not: its subject
        /// CN for the name and O for the agency (the whole subject when those are missing).
        /// - Parameters:
        ///   - certificate: the signer certificate.
        ///   - name: the name, if given.
        ///   - role: the role.
        ///   - agency: the agency, if given.
        public init(certificate: Certificate, name: String?, role: String, agency: String?) {
            self.init(
                name: name ?? certificate.subjectAttribute("CN") ?? certificate.subject, role: role,
                agency: agency ?? certificate.subjectAttribute("O") ?? certificate.subject)
        }
    }

    /// The tool that made the package.
    public struct Tool: Codable, Sendable, Hashable {
        /// `hawala`.
        public var name: String
        /// e.g. `0.1.0`.
        public var version: String

        /// - Parameters:
        ///   - name: the tool's name.
        ///   - version: its version.
        public init(name: String, version: String) {
            self.name = name
            self.version = version
        }
    }

    /// The analysis run the findings come from.
    public struct AnalysisRun: Codable, Sendable, Hashable {
        /// The run's id in the store.
        public var id: String
        /// The run's parameters (rules file, windows, thresholds...) as text.
        public var parameters: [String: String]

        /// - Parameters:
        ///   - id: the run id.
        ///   - parameters: its parameters as text.
        public init(id: String, parameters: [String: String]) {
            self.id = id
            self.parameters = parameters
        }
    }

    /// Exactly what was selected for export.
    public struct Selection: Codable, Sendable, Hashable {
        /// The finding ids exported.
        public var findingIDs: [String]
        /// The typologies selected (raw ``Typology`` names), if selected by typology.
        public var typologies: [String]
        /// The brokers involved.
        public var brokers: [String]

        /// - Parameters:
        ///   - findingIDs: finding ids.
        ///   - typologies: typology names.
        ///   - brokers: broker ids.
        public init(findingIDs: [String], typologies: [String], brokers: [String]) {
            self.findingIDs = findingIDs
            self.typologies = typologies
            self.brokers = brokers
        }

        enum CodingKeys: String, CodingKey {
            case findingIDs = "finding_ids"
            case typologies, brokers
        }
    }

    /// An intended recipient agency, named by its certificate.
    public struct Recipient: Codable, Sendable, Hashable {
        /// The certificate subject (RFC 2253).
        public var subject: String
        /// SHA-256 of the certificate's DER, lowercase hex.
        public var sha256Fingerprint: String
        /// `RSA` or `EC`.
        public var keyType: String

        /// - Parameters:
        ///   - subject: the certificate subject.
        ///   - sha256Fingerprint: the certificate's SHA-256 fingerprint (hex).
        ///   - keyType: the key algorithm.
        public init(subject: String, sha256Fingerprint: String, keyType: String) {
            self.subject = subject
            self.sha256Fingerprint = sha256Fingerprint
            self.keyType = keyType
        }

        /// The recipient a certificate names.
        public init(certificate: Certificate) {
            self.init(subject: certificate.subject, sha256Fingerprint: certificate.sha256Fingerprint, keyType: certificate.keyType)
        }

        enum CodingKeys: String, CodingKey {
            case subject
            case sha256Fingerprint = "sha256_fingerprint"
            case keyType = "key_type"
        }
    }

    /// ``formatIdentifier``.
    public var format: String
    /// The export id, also the bag's name, e.g. `CASE-2026-0042-E001`.
    public var exportID: String
    /// The case number (also bag-info's External-Identifier).
    public var caseNumber: String
    /// Who exported.
    public var exportedBy: Exporter
    /// When, UTC (also every tar mtime).
    public var exportedAt: Date
    /// The tool and version.
    public var tool: Tool
    /// The analysis run and its parameters, if the findings come from one.
    public var analysisRun: AnalysisRun?
    /// The exact selection.
    public var selection: Selection
    /// SHA-256 of the database file at export, hex, if known.
    public var databaseSHA256: String?
    /// The intended recipient agencies.
    public var recipients: [Recipient]
    /// Whether a password recipient (no certificate) was also intended.
    public var passwordRecipient: Bool
    /// The content cipher, e.g. `AES-256-GCM`.
    public var contentEncryption: String
    /// The handling caveat, e.g. `Intelligence only - not for use as evidence without consent`.
    public var caveat: String
    /// The export id this package supersedes, if any.
    public var supersedes: String?
    /// The stored case the package holds, with its notes (absent for a selection that is not a case).
    public var caseFile: CaseFile?
    /// The review log entries of the packaged findings, oldest first (absent when none was reviewed).
    public var reviews: [Review]?

    /// - Parameters: see the properties.
    public init(
        exportID: String, caseNumber: String, exportedBy: Exporter, exportedAt: Date, tool: Tool,
        analysisRun: AnalysisRun?, selection: Selection, databaseSHA256: String?, recipients: [Recipient],
        passwordRecipient: Bool, contentEncryption: String, caveat: String, supersedes: String?
    ) {
        self.format = Self.formatIdentifier
        self.exportID = exportID
        self.caseNumber = caseNumber
        self.exportedBy = exportedBy
        self.exportedAt = exportedAt
        self.tool = tool
        self.analysisRun = analysisRun
        self.selection = selection
        self.databaseSHA256 = databaseSHA256
        self.recipients = recipients
        self.passwordRecipient = passwordRecipient
        self.contentEncryption = contentEncryption
        self.caveat = caveat
        self.supersedes = supersedes
    }

    enum CodingKeys: String, CodingKey {
        case format
        case exportID = "export_id"
        case caseNumber = "case_number"
        case exportedBy = "exported_by"
        case exportedAt = "exported_at"
        case tool
        case analysisRun = "analysis_run"
        case selection
        case databaseSHA256 = "database_sha256"
        case recipients
        case passwordRecipient = "password_recipient"
        case contentEncryption = "content_encryption"
        case caveat, supersedes
        case caseFile = "case"
        case reviews
    }

    /// The JSON bytes (sorted keys, nulls written explicitly so every field is present).
    /// - Throws: ``ExportError`` `.invalidRequest` if encoding fails.
    public func json() throws -> Data {
        do {
            var data = try JSONCoding.encoder().encode(self)
            data.append(0x0A)
            return data
        } catch {
            throw ExportError(.invalidRequest, "cannot encode the custody record", underlying: error)
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(format, forKey: .format)
        try container.encode(exportID, forKey: .exportID)
        try container.encode(caseNumber, forKey: .caseNumber)
        try container.encode(exportedBy, forKey: .exportedBy)
        try container.encode(exportedAt, forKey: .exportedAt)
        try container.encode(tool, forKey: .tool)
        try container.encode(analysisRun, forKey: .analysisRun)
        try container.encode(selection, forKey: .selection)
        try container.encode(databaseSHA256, forKey: .databaseSHA256)
        try container.encode(recipients, forKey: .recipients)
        try container.encode(passwordRecipient, forKey: .passwordRecipient)
        try container.encode(contentEncryption, forKey: .contentEncryption)
        try container.encode(caveat, forKey: .caveat)
        try container.encode(supersedes, forKey: .supersedes)
        try container.encodeIfPresent(caseFile, forKey: .caseFile)
        try container.encodeIfPresent(reviews, forKey: .reviews)
    }
}
