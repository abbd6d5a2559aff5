import Foundation
import HawalaCore
import HawalaExport
import HawalaStore
import Testing

@testable import HawalaInvestigation

@Suite struct CaseTests {
    /// Two schemes; the first reviewed.
    static func store() throws -> Store {
        let store = try temporaryStore()
        try saveRun(store, [
            finding("F-000001", .cycle, brokers: ["A", "B", "C"], transfers: ["T1", "T2", "T3"]),
            finding("F-000002", .rapidPassThrough, brokers: ["A", "B"], transfers: ["T1", "T2"]),
            finding("F-000003", .fanIn, brokers: ["H", "S1", "S2"], transfers: ["T10", "T11"]),
        ])
        try Investigation(store: store).review(
            ["F-000002"], status: .confirmed, note: "same courier as STR 17", by: "analyst-1", at: at(2000))
        return store
    }

    @Test func aCaseHoldsANetworkByKeyAndFollowsItToALaterRun() throws {
        let store = try Self.store()
        let investigation = Investigation(store: store)
        let grouping = try investigation.networks(run: nil).grouping
        let number = try #require(grouping.networks.first { $0.findings.contains { $0.id == "F-000001" } }?.number)
        #expect(
            try investigation.openCase(
                "CASE-1", network: number, findings: [], run: nil, note: "opened after STR batch 17", by: "analyst-1",
                at: at(2001)) == 2)
        #expect(throws: InvestigationError.self) {
            try investigation.openCase("CASE-2", network: 99, findings: [], run: nil, note: nil, by: "a", at: at(1))
        }
        #expect(try investigation.addToCase("CASE-1", network: nil, findings: [], run: nil, note: "asked FIU B", by: "analyst-2", at: at(2002)) == 0)
        // A later run: the cycle grew by one transfer, findings renumbered.
        try saveRun(store, [
            finding("F-000001", .fanIn, brokers: ["H", "S1", "S2"], transfers: ["T10", "T11"]),
            finding("F-000002", .cycle, brokers: ["A", "B", "C"], transfers: ["T1", "T2", "T3", "T4"]),
            finding("F-000003", .rapidPassThrough, brokers: ["A", "B"], transfers: ["T1", "T2"]),
        ])
        let view = try investigation.caseView("CASE-1")
        #expect(view.findings.map { $0.current?.id } == ["F-000002", "F-000003"])
        #expect(view.findings.map(\.state.label) == ["open", "confirmed"])
        #expect(view.stored.notes.map(\.text) == ["opened after STR batch 17", "asked FIU B"])
        #expect(view.reviews.map(\.note) == ["same courier as STR 17"])
    }

    @Test func aCaseIsExportedAndOpenedWithItsNotesAndReviewsInTheCustodyRecord() throws {
        let store = try Self.store()
        let investigation = Investigation(store: store)
        try investigation.openCase(
            "CASE-1", network: nil, findings: ["F-000001", "F-000002"], run: nil, note: "opened after STR batch 17",
            by: "analyst-1", at: at(2001))
        let payload = try investigation.exportPayload(.storedCase("CASE-1"))
        #expect(payload.findings.map(\.id) == ["F-000001", "F-000002"])
        #expect(payload.caseFile?.notes.map(\.text) == ["opened after STR batch 17"])
        #expect(payload.reviews.map(\.to) == ["confirmed"])
        // Build and open the package as a receiving agency would.
        let pki = try DemoPKI.generate()
        let signer = SignerIdentity(
            certificate: try Certificate.parseAll(pki.exporter.certificatePEM)[0],
            key: try PrivateKey.parse(pki.exporter.keyPEM, passphrase: nil))
        let receiver = try Certificate.parseAll(pki.receiverRSA.certificatePEM)[0]
        var request = ExportRequest(
            exportID: "CASE-1-E001", caseNumber: "CASE-1",
            exporter: CustodyRecord.Exporter(name: "analyst-1", role: "Analyst", agency: "FIU A"), exportedAt: at(2002),
            tool: CustodyRecord.Tool(name: "hawala", version: "test"), analysisRun: payload.analysisRun,
            selection: CustodyRecord.Selection(
                findingIDs: payload.findings.map(\.id), typologies: ["cycle", "rapid_pass_through"], brokers: payload.brokers),
            caveat: "TEST", payload: try payload.payloadFiles())
        request.caseFile = payload.caseFile
        request.reviews = payload.reviews
        let built = try EvidencePackage.build(request, signer: signer, recipients: RecipientSet(certificates: [receiver]))
        let opened = try EvidencePackage.open(
            built.der,
            key: .certificate(receiver, try PrivateKey.parse(pki.receiverRSA.keyPEM, passphrase: nil)),
            trust: try Certificate.parseAll(pki.authority.certificatePEM))
        #expect(opened.custody.caseFile?.name == "CASE-1")
        #expect(opened.custody.caseFile?.notes.map(\.by) == ["analyst-1"])
        #expect(opened.custody.caseFile?.findingKeys.count == 2)
        let review = try #require(opened.custody.reviews?.first)
        #expect(review.findingID == "F-000002")
        #expect(review.from == nil)
        #expect(review.note == "same courier as STR 17")
        #expect(review.by == "analyst-1")
    }
}
