import Foundation
import HawalaCore
import Testing

@testable import HawalaExport

@Suite struct EvidencePackageRoundTripTests {
    @Test func bothRecipientsOpenTheSamePackage() throws {
        let pki = try Fixture.pki()
        let built = try EvidencePackage.build(try Fixture.request(), signer: try Fixture.signer(), recipients: try Fixture.bothRecipients())
        let out = try Fixture.directory()
        let files = try EvidencePackage.write(built, to: out)
        #expect(files.package.lastPathComponent == "CASE-2026-0042-E001.p7m")
        let sidecar = try String(contentsOf: files.checksum, encoding: .utf8)
        #expect(sidecar == "\(built.sha256)  CASE-2026-0042-E001.p7m\n")
        for party in [pki.receiverRSA, pki.receiverEC] {
            let der = try Data(contentsOf: files.package)
            let opened = try EvidencePackage.open(der, key: try Fixture.opening(party), trust: try Fixture.trust())
            #expect(opened.custody == built.custody)
            #expect(opened.custody.recipients.count == 2)
            #expect(opened.signerSubjects.first?.contains("Exporting Analyst") == true)
            #expect(opened.bag.payloadFiles == 2)
            let target = out.appendingPathComponent(party.fileStem)
            let bag = try EvidencePackage.extract(opened, into: target)
            #expect(bag.lastPathComponent == "CASE-2026-0042-E001")
            let findings = try Data(contentsOf: bag.appendingPathComponent("data/findings.json"))
            let decoded = try JSONCoding.decoder().decode([Finding].self, from: findings)
            #expect(decoded.first?.id == "F-000001")
            #expect(Fixture.contents(target).allSatisfy { !$0.contains(".partial-") })
        }
    }

    @Test func custodyRecordNamesEverything() throws {
        let built = try EvidencePackage.build(try Fixture.request(), signer: try Fixture.signer(), recipients: try Fixture.bothRecipients())
        let custody = built.custody
        #expect(custody.format == CustodyRecord.formatIdentifier)
        #expect(custody.exportID == "CASE-2026-0042-E001")
        #expect(custody.caseNumber == "CASE-2026-0042")
        #expect(custody.exportedBy.agency == "Agency A")
        #expect(custody.contentEncryption == "AES-256-GCM")
        #expect(custody.recipients.map(\.keyType) == ["RSA", "EC"])
        #expect(custody.recipients.allSatisfy { $0.sha256Fingerprint.count == 64 })
        let json = String(decoding: try custody.json(), as: UTF8.self)
        for key in ["\"export_id\"", "\"case_number\"", "\"exported_by\"", "\"exported_at\" : \"2026-03-20T",
                    "\"tool\"", "\"analysis_run\"", "\"finding_ids\"", "\"database_sha256\"", "\"sha256_fingerprint\"",
                    "\"caveat\"", "\"supersedes\" : null"] {
            #expect(json.contains(key), "custody.json lacks \(key)")
        }
    }

    @Test func cbcEnvelopeForOlderReceivers() throws {
        let pki = try Fixture.pki()
        let built = try EvidencePackage.build(
            try Fixture.request(), signer: try Fixture.signer(), recipients: try Fixture.bothRecipients(cipher: .aes256CBC))
        let opened = try EvidencePackage.open(built.der, key: try Fixture.opening(pki.receiverEC), trust: try Fixture.trust())
        #expect(opened.custody.contentEncryption == "AES-256-CBC")
    }

    @Test func passwordRecipientOpensWithThePassword() throws {
        var bytes = Array("correct horse battery staple\n".utf8)
        let password = Secret(bytes: &bytes)
        #expect(bytes.allSatisfy { $0 == 0 })
        var recipients = try Fixture.bothRecipients()
        recipients.password = password
        let built = try EvidencePackage.build(try Fixture.request(), signer: try Fixture.signer(), recipients: recipients)
        #expect(built.custody.passwordRecipient)
        var same = Array("correct horse battery staple".utf8)
        let opened = try EvidencePackage.open(built.der, key: .password(Secret(bytes: &same)), trust: try Fixture.trust())
        #expect(opened.bag.name == "CASE-2026-0042-E001")
        var wrong = Array("wrong".utf8)
        let error = Fixture.openError(built.der, key: .password(Secret(bytes: &wrong)), trust: try Fixture.trust(), out: try Fixture.directory())
        #expect(error?.code == .cannotDecrypt)
    }

    @Test func tooFewPasswordIterationsAreRefused() throws {
        var bytes = Array("pw".utf8)
        var recipients = try Fixture.bothRecipients()
        recipients.password = Secret(bytes: &bytes)
        recipients.passwordIterations = 2048
        let refused = #expect(throws: ExportError.self) {
            try EvidencePackage.build(try Fixture.request(), signer: try Fixture.signer(), recipients: recipients)
        }
        #expect(refused?.code == .invalidRequest)
    }

    @Test func writeRefusesToOverwrite() throws {
        let built = try EvidencePackage.build(try Fixture.request(), signer: try Fixture.signer(), recipients: try Fixture.bothRecipients())
        let out = try Fixture.directory()
        try EvidencePackage.write(built, to: out)
        let error = #expect(throws: ExportError.self) { try EvidencePackage.write(built, to: out) }
        #expect(error?.code == .io)
    }

    @Test func sameRequestGivesTheSameTar() throws {
        let request = try Fixture.request()
        let recipients = try Fixture.bothRecipients()
        let custody = EvidencePackage.custodyRecord(for: request, recipients: recipients)
        let first = try EvidencePackage.tar(request, custody: custody)
        var reordered = request
        reordered.payload.reverse()
        let second = try EvidencePackage.tar(reordered, custody: custody)
        #expect(first == second)
        #expect(first.count % 512 == 0)
    }
}

@Suite struct ExportNamingTests {
    @Test func nextExportIDSkipsExistingPackages() throws {
        let dir = try Fixture.directory()
        #expect(try EvidencePackage.nextExportID(caseNumber: "CASE-7", in: dir) == "CASE-7-E001")
        try Data().write(to: dir.appendingPathComponent("CASE-7-E001.p7m"))
        #expect(try EvidencePackage.nextExportID(caseNumber: "CASE-7", in: dir) == "CASE-7-E002")
        let thrown1 = #expect(throws: ExportError.self) { try EvidencePackage.nextExportID(caseNumber: "../x", in: dir) }
        #expect(thrown1?.code == .invalidRequest)
    }

    @Test func exporterDefaultsComeFromTheSignerCertificate() throws {
        let certificate = try Fixture.certificate(try Fixture.pki().exporter)
        let exporter = CustodyRecord.Exporter(certificate: certificate, name: nil, role: "Analyst", agency: nil)
        #expect(exporter.name == "Exporting Analyst")
        #expect(exporter.agency == "Agency A (Exporting FIU)")
        let given = CustodyRecord.Exporter(certificate: certificate, name: "N. Person", role: "Lead", agency: "FIU X")
        #expect(given == CustodyRecord.Exporter(name: "N. Person", role: "Lead", agency: "FIU X"))
    }
}

@Suite struct SignerChainTests {
    /// Root → intermediate → signer; only the root is trusted, so the intermediate must travel
    /// inside the SignedData (`--signer-chain`).
    @Test func intermediateTravelsInTheSignature() throws {
        let rootKey = try KeyFactory.p256()
        let root = try KeyFactory.certificate(subject: [("CN", "Test Root")], key: rootKey, profile: .authority, issuer: nil, days: 30)
        let middleKey = try KeyFactory.p256()
        let middle = try KeyFactory.certificate(
            subject: [("CN", "Test Intermediate")], key: middleKey, profile: .authority, issuer: (root, rootKey), days: 30)
        let signerKey = try KeyFactory.p256()
        let signerCertificate = try KeyFactory.certificate(
            subject: [("CN", "Chained Exporter")], key: signerKey, profile: .signer, issuer: (middle, middleKey), days: 30)
        let pki = try Fixture.pki()
        let recipients = RecipientSet(certificates: [try Fixture.certificate(pki.receiverEC)])
        let key = try Fixture.opening(pki.receiverEC)

        let withChain = try EvidencePackage.build(
            try Fixture.request(), signer: SignerIdentity(certificate: signerCertificate, key: signerKey, chain: [middle]),
            recipients: recipients)
        let opened = try EvidencePackage.open(withChain.der, key: key, trust: [root])
        #expect(opened.signerSubjects == ["CN=Chained Exporter"])

        let withoutChain = try EvidencePackage.build(
            try Fixture.request(), signer: SignerIdentity(certificate: signerCertificate, key: signerKey), recipients: recipients)
        let error = #expect(throws: ExportError.self) { try EvidencePackage.open(withoutChain.der, key: key, trust: [root]) }
        #expect(error?.code == .badSignature)
        #expect(error?.opensslErrors.isEmpty == false)
    }
}

@Suite struct ConcurrencyTests {
    /// Several tasks build and open packages at once, each with its own OpenSSL objects.
    @Test func tasksBuildAndOpenInParallel() async throws {
        let ids = try await withThrowingTaskGroup(of: String.self) { group in
            for index in 1...4 {
                group.addTask {
                    let pki = try Fixture.pki()
                    let built = try EvidencePackage.build(
                        try Fixture.request(id: "CASE-P-E00\(index)"), signer: try Fixture.signer(),
                        recipients: try Fixture.bothRecipients())
                    let party = index % 2 == 0 ? pki.receiverRSA : pki.receiverEC
                    // A refusal in between: its error queue must not leak into the next call.
                    var broken = built.der
                    broken[broken.count - 1] ^= 0xFF
                    let refused = #expect(throws: ExportError.self) {
                        try EvidencePackage.open(broken, key: try Fixture.opening(party), trust: try Fixture.trust())
                    }
                    #expect(refused?.code == .cannotDecrypt)
                    return try EvidencePackage.open(built.der, key: try Fixture.opening(party), trust: try Fixture.trust()).custody.exportID
                }
            }
            var result: [String] = []
            for try await id in group { result.append(id) }
            return result.sorted()
        }
        #expect(ids == ["CASE-P-E001", "CASE-P-E002", "CASE-P-E003", "CASE-P-E004"])
    }
}
