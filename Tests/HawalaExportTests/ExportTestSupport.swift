import Foundation
import HawalaCore
import HawalaTestSupport
import Testing

@testable import HawalaExport

/// Shared test material: one generated demo PKI per test process (PEM only, Sendable), a second
/// unrelated PKI for "untrusted signer" cases, temporary folders and sample requests.
enum Fixture {
    static let primary = Result { try DemoPKI.generate() }
    static let foreign = Result { try foreignIdentity() }

    /// The demo PKI (CA, exporter, receiver B RSA, receiver C EC).
    static func pki() throws -> DemoPKI { try primary.get() }

    /// An exporter under another, untrusted CA (EC, signer profile): certificate and key PEM.
    static func foreignIdentity() throws -> (certificate: Data, key: Data) {
        let caKey = try KeyFactory.p256()
        let ca = try KeyFactory.certificate(
            subject: [("CN", "Rogue CA")], key: caKey, profile: .authority, issuer: nil, days: 30)
        let key = try KeyFactory.p256()
        let certificate = try KeyFactory.certificate(
            subject: [("CN", "Rogue Exporter")], key: key, profile: .signer, issuer: (ca, caKey), days: 30)
        return (Data(certificate.pem.utf8), try key.unencryptedPEM())
    }

    static func certificate(_ party: DemoPKI.Party) throws -> Certificate {
        try Certificate.parseAll(party.certificatePEM)[0]
    }

    static func key(_ party: DemoPKI.Party) throws -> PrivateKey {
        try PrivateKey.parse(party.keyPEM, passphrase: nil)
    }

    static func signer() throws -> SignerIdentity {
        let pki = try pki()
        return SignerIdentity(certificate: try certificate(pki.exporter), key: try key(pki.exporter))
    }

    static func trust() throws -> [Certificate] { [try certificate(try pki().authority)] }

    static func opening(_ party: DemoPKI.Party) throws -> OpeningKey {
        .certificate(try certificate(party), try key(party))
    }

    /// A fresh temporary folder.
    static func directory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("hawala-export-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    static let exportTime = Date(timeIntervalSince1970: 1_774_000_000)

    /// A small export request with findings.json and transfers.csv.
    static func request(id: String = "CASE-2026-0042-E001", payload: [PayloadFile]? = nil) throws -> ExportRequest {
        let finding = Finding(
            id: "F-000001", typology: .cycle, score: 0.9, brokers: ["B1", "B2", "B3"], transferIDs: ["T1", "T2", "T3"],
            amount: 30_000, currency: .usd, firstAt: exportTime.addingTimeInterval(-86_400 * 3),
            lastAt: exportTime.addingTimeInterval(-86_400), explanation: "A settlement cycle over three brokers.")
        let transfer = Transfer(
            id: "T1", timestamp: exportTime.addingTimeInterval(-86_400 * 3), senderBroker: "B1", receiverBroker: "B2",
            amount: Money(minorUnits: 1_000_000, currency: .usd), reference: "invoice, \"42\"")
        let files =
            try payload ?? [
                PayloadFile(name: "findings.json", data: try PayloadFormats.findingsJSON([finding])),
                PayloadFile(
                    name: "transfers.csv",
                    data: PayloadFormats.transfersCSV([
                        (transfer, Provenance(file: "ledger.csv", sha256: String(repeating: "a", count: 64), line: 2))
                    ])),
            ]
        return ExportRequest(
            exportID: id, caseNumber: "CASE-2026-0042",
            exporter: .init(name: "Test Analyst", role: "Financial analyst", agency: "Agency A"),
            exportedAt: exportTime, tool: .init(name: "hawala", version: "test"),
            analysisRun: .init(id: "RUN-1", parameters: ["rules": "default"]),
            selection: .init(findingIDs: ["F-000001"], typologies: ["cycle"], brokers: ["B1", "B2", "B3"]),
            databaseSHA256: String(repeating: "b", count: 64), caveat: "TEST - intelligence only", payload: files)
    }

    /// Recipients B (RSA) and C (EC).
    static func bothRecipients(cipher: ContentCipher = .aes256GCM) throws -> RecipientSet {
        let pki = try pki()
        return RecipientSet(certificates: [try certificate(pki.receiverRSA), try certificate(pki.receiverEC)], cipher: cipher)
    }

    /// Every file and folder under `url` (relative paths), hidden ones included.
    static func contents(_ url: URL) -> [String] {
        ((try? FileManager.default.subpathsOfDirectory(atPath: url.path)) ?? []).sorted()
    }

    /// Opens a package the way `hawala open` does (in memory, then extract) and returns the error.
    static func openError(
        _ der: Data, key: OpeningKey, trust: [Certificate], out: URL, expectedSHA256: String? = nil
    ) -> ExportError? {
        do {
            let opened = try EvidencePackage.open(der, key: key, trust: trust, expectedSHA256: expectedSHA256)
            try EvidencePackage.extract(opened, into: out)
            return nil
        } catch let error as ExportError {
            return error
        } catch {
            Issue.record("unexpected error \(error)")
            return nil
        }
    }
}

/// Runs an external tool (openssl, tar, bagit.py) and returns its status and output.
struct Tool {
    var status: Int32
    var output: String

    static func find(_ name: String) -> String? { Requirement.locate(name) }

    @discardableResult
    static func run(_ executable: String, _ arguments: [String], in directory: URL) throws -> Tool {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.currentDirectoryURL = directory
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Tool(status: process.terminationStatus, output: String(decoding: data, as: UTF8.self))
    }
}
