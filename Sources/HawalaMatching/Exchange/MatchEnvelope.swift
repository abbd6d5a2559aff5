import Foundation
import HawalaCore
import HawalaExport

/// Who takes part in an exchange on our side: our signing identity, the CA certificates we
/// trust for the partner's signature, and the certificate and key we decrypt with.
public struct MatchCredentials {
    /// Our signing identity (signs every message we send).
    public var signer: SignerIdentity
    /// Our decryption certificate and key (responses and our own state are encrypted to it).
    public var certificate: Certificate
    /// The private key of ``certificate``.
    public var key: PrivateKey
    /// The CA certificates trusted for the partner's signature (and our own, for the state).
    public var trust: [Certificate]
    /// Who we are, for the custody record.
    public var exporter: CustodyRecord.Exporter

    /// - Parameters:
    ///   - signer: our signing identity.
    ///   - certificate: our decryption certificate (often the signer certificate).
    ///   - key: its private key.
    ///   - trust: trusted CA certificates.
    ///   - exporter: who we are (default: from the signer certificate).
    public init(
        signer: SignerIdentity, certificate: Certificate? = nil, key: PrivateKey? = nil, trust: [Certificate],
        exporter: CustodyRecord.Exporter? = nil
    ) {
        self.signer = signer
        self.certificate = certificate ?? signer.certificate
        self.key = key ?? signer.key
        self.trust = trust
        self.exporter = exporter ?? CustodyRecord.Exporter(certificate: signer.certificate, name: nil, role: "Analyst", agency: nil)
    }
}

/// Matching messages travel as evidence packages (docs/export.md): a BagIt bag of the message
/// files with a custody record, signed by the sender, encrypted to the named recipient. Opening
/// one runs every check of ``EvidencePackage/open(_:key:trust:expectedSHA256:)``, so a tampered,
/// re-addressed or foreign message is refused with the same exit statuses (10–13).
public enum MatchEnvelope {
    /// The caveat written into every matching message.
    public static let caveat =
        "Matching exchange between FIUs: for the named recipient only; holds blinded or keyed values, no identifier in clear."

    /// Seals message files into a package.
    /// - Parameters:
    ///   - files: the payload files (`data/…`).
    ///   - id: the package id (letters, digits, `.`, `_`, `-`).
    ///   - exchange: the custody record's exchange entry (protocol, message, set sizes).
    ///   - credentials: our signing identity.
    ///   - recipient: the certificate the package is encrypted to.
    ///   - time: the time written into the custody record.
    /// - Returns: the package in memory.
    /// - Throws: ``ExportError`` when signing or encryption fails.
    public static func seal(
        _ files: [PayloadFile], id: String, exchange: CustodyRecord.MatchExchange, credentials: MatchCredentials,
        recipient: Certificate, time: Date = Date()
    ) throws -> BuiltPackage {
        let request = ExportRequest(
            exportID: id, caseNumber: exchange.exchangeID, exporter: credentials.exporter,
            exportedAt: Date(timeIntervalSince1970: time.timeIntervalSince1970.rounded(.down)),
            tool: .init(name: "hawala", version: "0.1.0"),
            selection: .init(findingIDs: [], typologies: [], brokers: []), caveat: caveat, payload: files,
            matchExchange: exchange)
        return try EvidencePackage.build(request, signer: credentials.signer, recipients: RecipientSet(certificates: [recipient]))
    }

    /// Opens a package with every evidence-package check, then checks it is the expected message.
    /// - Parameters:
    ///   - data: the `.p7m` bytes.
    ///   - credentials: our decryption certificate, key and trusted CAs.
    ///   - message: the expected message (`filter`, `request`, `response`, `state`).
    ///   - file: the file name, for messages.
    ///   - expectedSHA256: the `.sha256` sidecar's digest, if at hand.
    /// - Returns: the opened package and its exchange entry.
    /// - Throws: ``ExportError`` (10–13) for a refused package; ``MatchingError``
    ///   `.malformedMessage` for a package that is not this matching message.
    public static func open(
        _ data: Data, credentials: MatchCredentials, message: String, file: String, expectedSHA256: String? = nil
    ) throws -> (package: OpenedPackage, exchange: CustodyRecord.MatchExchange) {
        let opened = try EvidencePackage.open(
            data, key: .certificate(credentials.certificate, credentials.key), trust: credentials.trust,
            expectedSHA256: expectedSHA256)
        guard let exchange = opened.custody.matchExchange, exchange.message == message else {
            throw MatchingError(
                .malformedMessage,
                "this package is not a match \(message) (it is \(opened.custody.matchExchange.map { "a match \($0.message)" } ?? "an evidence package"))",
                location: SourceLocation(file: file))
        }
        return (opened, exchange)
    }

    /// A payload file of an opened package.
    /// - Throws: ``MatchingError`` `.malformedMessage` when it is missing.
    static func file(_ opened: OpenedPackage, _ name: String, in file: String) throws -> Data {
        guard let data = opened.bag.files["data/\(name)"] else {
            throw MatchingError(.malformedMessage, "the message has no data/\(name)", location: SourceLocation(file: file))
        }
        return Data(data)  // a copy indexed from 0
    }

    /// Decodes a JSON message header.
    static func decode<T: Decodable>(_ type: T.Type, _ data: Data, name: String, file: String) throws -> T {
        do { return try JSONCoding.decoder().decode(type, from: data) } catch {
            throw MatchingError(.malformedMessage, "data/\(name) cannot be read", location: SourceLocation(file: file), underlying: error)
        }
    }

    /// Encodes a JSON message header.
    static func encode<T: Encodable>(_ value: T) throws -> Data {
        do { return try JSONCoding.encoder().encode(value) + Data("\n".utf8) } catch {
            throw MatchingError(.io, "cannot encode a message header", underlying: error)
        }
    }
}
