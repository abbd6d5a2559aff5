import Foundation
import HawalaCore
import HawalaSimulation
import HawalaStore
import Testing

@testable import HawalaExport
@testable import HawalaMatching

/// Shared material for the matching suites: a test PKI with two agencies that can sign and
/// decrypt and a third agency, two databases built from a simulated partner view, temporary folders.
enum MatchFixture {
    /// The repository root (this file is Tests/HawalaMatchingTests/MatchingTestSupport.swift).
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// PEM of one test agency.
    struct Agency: Sendable {
        var certificatePEM: Data
        var keyPEM: Data
    }

    /// A CA and three agencies (EC P-256, signer profile), made once per test process.
    struct PKI: Sendable {
        var authority: Data
        var agencyA: Agency
        var agencyB: Agency
        var agencyC: Agency
    }

    static let shared = Result { try makePKI() }

    static func makePKI() throws -> PKI {
        let caKey = try KeyFactory.p256()
        let ca = try KeyFactory.certificate(
            subject: [("O", "Match Test PKI"), ("CN", "Match Test CA")], key: caKey, profile: .authority, issuer: nil, days: 30)
        func agency(_ name: String) throws -> Agency {
            let key = try KeyFactory.p256()
            let certificate = try KeyFactory.certificate(
                subject: [("O", name), ("CN", "\(name) analyst")], key: key, profile: .signer, issuer: (ca, caKey), days: 30)
            return Agency(certificatePEM: Data(certificate.pem.utf8), keyPEM: try key.unencryptedPEM())
        }
        return PKI(authority: Data(ca.pem.utf8), agencyA: try agency("FIU A"), agencyB: try agency("FIU B"), agencyC: try agency("FIU C"))
    }

    static func credentials(_ agency: Agency) throws -> MatchCredentials {
        let certificate = try Certificate.parseAll(agency.certificatePEM)[0]
        let key = try PrivateKey.parse(agency.keyPEM, passphrase: nil)
        return MatchCredentials(
            signer: SignerIdentity(certificate: certificate, key: key), trust: [try Certificate.parseAll(try shared.get().authority)[0]])
    }

    static func certificate(_ agency: Agency) throws -> Certificate { try Certificate.parseAll(agency.certificatePEM)[0] }

    /// A fresh temporary folder.
    static func directory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("hawala-match-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// A database holding one agency's view.
    static func store(_ view: AgencyView, in directory: URL, name: String) throws -> Store {
        let store = try Store(path: directory.appendingPathComponent("\(name).sqlite").path)
        try store.importFile(ImportFile(path: "\(name)-view", sha256: String(repeating: "0", count: 63) + "1", size: 0, specification: "test")) { session in
            for broker in view.brokers { try session.record(broker: broker) }
            for party in view.parties { try session.record(party: party) }
        }
        return store
    }

    /// The default partner view of the tests.
    static let view = PartnerViewSimulator.make(PartnerViewOptions())

    /// Every name, id and licence of both views, and their normalised tokens, to search files for.
    static func identifiers(_ view: PartnerView) -> [String] {
        var values: [String] = []
        for agency in [view.ours, view.partner] {
            for broker in agency.brokers { values += [broker.id, broker.name ?? "", broker.licence ?? ""] }
            for party in agency.parties { values += [party.id, party.name ?? ""] }
        }
        let names = values.filter { $0.count >= 4 }
        // Normalised tokens too, but not the words of the business kinds (`exchange`, `trading`…),
        // which are not identifiers and appear in the messages' own text.
        let generic: Set<String> = ["exchange", "money", "transfer", "trading", "sarafi"]
        let tokens = values.flatMap { NameNormaliser.tokens($0) }.filter { $0.count >= 4 && !generic.contains($0) && !$0.allSatisfy(\.isNumber) }
        return Array(Set(names + tokens))
    }

    /// Whether `data` holds `needle` in UTF-8 (or its upper case).
    static func contains(_ data: Data, _ needle: String) -> Bool {
        data.range(of: Data(needle.utf8)) != nil || data.range(of: Data(needle.uppercased().utf8)) != nil
            || data.range(of: Data(needle.lowercased().utf8)) != nil
    }
}
