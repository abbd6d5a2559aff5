import Foundation
import HawalaCore
import Testing

@testable import HawalaStore

@Suite struct AnalysisRunTests {
    func finding(_ id: String, _ typology: Typology, _ brokers: [String]) -> Finding {
        Finding(
            id: id, typology: typology, score: 0.75, brokers: brokers, transferIDs: ["T1", "T2"], amount: 48_200.5,
            currency: .usd, firstAt: Date(timeIntervalSince1970: 1_767_225_600),
            lastAt: Date(timeIntervalSince1970: 1_767_337_200), explanation: "\(brokers.joined(separator: " → ")): 2 transfers")
    }

    @Test func savesAndLoadsRunsAndFindings() throws {
        let store = try temporaryStore()
        #expect(try store.latestRunID() == nil)
        let findings = [
            finding("F-000001", .cycle, ["BRK-17", "BRK-4", "BRK-9"]), finding("F-000002", .fanIn, ["BRK-4"]),
            finding("F-000003", .cycle, ["BRK-1", "BRK-2"]),
        ]
        let snapshot = DataSnapshot(
            transferCount: 120_558, firstAt: Date(timeIntervalSince1970: 0), lastAt: Date(timeIntervalSince1970: 86_400),
            toolVersion: "0.1.0")
        let started = Date(timeIntervalSince1970: 1_800_000_000)
        let first = try store.saveAnalysisRun(
            startedAt: started, finishedAt: started.addingTimeInterval(12), parametersJSON: #"{"cycle":{"k":6}}"#,
            snapshot: snapshot, findings: findings)
        let second = try store.saveAnalysisRun(
            startedAt: started, finishedAt: started, parametersJSON: "{}", snapshot: snapshot, findings: [])
        #expect(second > first)
        #expect(try store.latestRunID() == second)
        #expect(try store.analysisRuns().map(\.id) == [first, second])
        let run = try store.run(id: first)
        #expect(run.parametersJSON == #"{"cycle":{"k":6}}"#)
        #expect(run.snapshot == snapshot)
        #expect(run.findingCount == 3)
        #expect(run.finishedAt == started.addingTimeInterval(12))
        #expect(try store.findings(run: first) == findings)
        #expect(try store.findings(run: first, typology: .cycle).map(\.id) == ["F-000001", "F-000003"])
        #expect(try store.findings(run: first, broker: "BRK-4").map(\.id) == ["F-000001", "F-000002"])
        #expect(try store.findings(run: first, typology: .cycle, broker: "BRK-4").map(\.id) == ["F-000001"])
        #expect(try store.finding(id: "F-000002", run: first) == findings[1])
        #expect(try store.findings(run: second).isEmpty)
    }

    @Test func missingRunsAndFindingsAreNotFound() throws {
        let store = try temporaryStore()
        #expect { try store.run(id: 4) } throws: { ($0 as? StoreError)?.code == .notFound }
        #expect { try store.findings(run: 4) } throws: { ($0 as? StoreError)?.code == .notFound }
        #expect { try store.finding(id: "F-1", run: 4) } throws: { ($0 as? StoreError)?.code == .notFound }
    }

    @Test func refusesDuplicateFindingIds() throws {
        let store = try temporaryStore()
        let twice = [finding("F-1", .cycle, ["A"]), finding("F-1", .fanIn, ["B"])]
        #expect {
            try store.saveAnalysisRun(
                startedAt: Date(), finishedAt: Date(), parametersJSON: "{}",
                snapshot: DataSnapshot(transferCount: 0, firstAt: nil, lastAt: nil, toolVersion: "0.1.0"), findings: twice)
        } throws: { ($0 as? StoreError)?.code == .invalidRequest }
        #expect(try store.analysisRuns().isEmpty)
    }
}
