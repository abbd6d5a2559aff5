import Foundation
import HawalaCore
import Testing

@testable import HawalaSimulation

@Suite struct EvaluationTests {
    static let t0 = Date(timeIntervalSince1970: 1_767_225_600)

    static func instance(_ id: String, _ typology: Typology, _ transfers: [String]) -> PlantedInstance {
        PlantedInstance(id: id, typology: typology, brokers: ["B1", "B2"], transferIDs: transfers, firstAt: t0, lastAt: t0)
    }

    static func finding(_ id: String, _ typology: Typology, _ transfers: [String], brokers: [String] = ["B1"]) -> Finding {
        Finding(id: id, typology: typology, score: 1, brokers: brokers, transferIDs: transfers, amount: 1,
                currency: .usd, firstAt: t0, lastAt: t0, explanation: "")
    }

    static let truth = GroundTruth(
        seed: 1, brokers: 3, transfers: 2_000, days: 1, start: t0, currencies: [.usd], structuringThresholdUSD: 10_000,
        instances: [
            instance("P-1", .cycle, ["c1", "c2", "c3"]),
            instance("P-2", .cycle, ["d1", "d2", "d3"]),
            instance("P-3", .fanIn, ["f1", "f2", "f3", "f4"]),
            instance("P-4", .fanIn, ["g1", "g2", "g3", "g4"]),
            instance("P-5", .structuring, ["s1", "s2", "s3", "s4", "s5"]),
        ])

    @Test func fullCoverOfACycleAndPartialCycleIsNotEnough() {
        let report = Evaluation.score(
            truth: Self.truth,
            findings: [Self.finding("F1", .cycle, ["c1", "c2", "c3", "x9"]), Self.finding("F2", .cycle, ["d1", "d2"])],
            transferCount: 2_000)
        let cycle = report.typologies.first { $0.typology == .cycle }
        #expect(cycle?.planted == 2 && cycle?.covered == 1 && cycle?.recall == 0.5)
        #expect(cycle?.falsePositives == 0)
        #expect(report.missed == ["P-2", "P-3", "P-4", "P-5"])
    }

    @Test func halfCoverCountsForOtherTypologies() {
        let report = Evaluation.score(
            truth: Self.truth,
            findings: [Self.finding("F1", .fanIn, ["f1", "f3", "y1"]), Self.finding("F2", .fanIn, ["g4", "y2"]),
                       Self.finding("F3", .structuring, ["s1", "s2", "s3"])],
            transferCount: 2_000)
        let fanIn = report.typologies.first { $0.typology == .fanIn }
        #expect(fanIn?.covered == 1)  // 2 of 4 covers P-3; 1 of 4 does not cover P-4
        #expect(report.typologies.first { $0.typology == .structuring }?.covered == 1)  // 3 of 5
        #expect(report.covered == 2 && report.planted == 5)
        #expect(report.recall == 0.4)
    }

    @Test func aFindingOfAnotherTypologyCoversNothingButIsNoFalsePositive() {
        let report = Evaluation.score(
            truth: Self.truth, findings: [Self.finding("F1", .rapidPassThrough, ["c1", "c2", "c3"])], transferCount: 2_000)
        #expect(report.covered == 0)
        #expect(report.falsePositives == 0)
        let row = report.typologies.first { $0.typology == .rapidPassThrough }
        #expect(row?.planted == 0 && row?.recall == nil && row?.findings == 1)
    }

    @Test func findingsTouchingNoPlantedTransferAreFalsePositives() {
        let report = Evaluation.score(
            truth: Self.truth,
            findings: [Self.finding("F1", .volumeSpike, ["z1", "z2"]), Self.finding("F2", .cycle, ["z3", "z4"]),
                       Self.finding("F3", .cycle, ["c1", "c2", "c3"])],
            transferCount: 2_000)
        #expect(report.falsePositives == 2)
        #expect(report.falsePositivesPer1000 == 1.0)
        let cycle = report.typologies.first { $0.typology == .cycle }
        #expect(cycle?.findings == 2 && cycle?.falsePositives == 1 && cycle?.falsePositivesPer1000 == 0.5)
        #expect(cycle?.findingsPer1000 == 1.0)
    }

    @Test func noFindingsMeansZeroRecall() {
        let report = Evaluation.score(truth: Self.truth, findings: [], transferCount: 2_000)
        #expect(report.recall == 0 && report.covered == 0 && report.falsePositives == 0)
        #expect(report.typologies.map(\.typology) == [.cycle, .fanIn, .structuring])
    }

    @Test func rendersTextAndJSON() throws {
        let report = Evaluation.score(
            truth: Self.truth, findings: [Self.finding("F1", .cycle, ["c1", "c2", "c3"])], transferCount: 2_000, run: "7")
        let text = Evaluation.text(report)
        #expect(text.contains("run 7") && text.contains("cycle") && text.contains("0.500") && text.contains("missed: P-2"))
        let json = try Evaluation.json(report)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        #expect(object["run"] as? String == "7")
        #expect(object["covered"] as? Int == 1)
        let rows = try #require(object["typologies"] as? [[String: Any]])
        #expect(rows.first?["typology"] as? String == "cycle")
        #expect(rows.first?["false_positives_per_1000"] != nil)
    }

    @Test func readsFindingsFilesWrappedOrBare() throws {
        let folder = try temporaryFolder()
        let findings = [Self.finding("F1", .cycle, ["c1", "c2", "c3"])]
        let encoder = JSONCoding.encoder()
        let bare = folder.appendingPathComponent("bare.json")
        try encoder.encode(findings).write(to: bare)
        #expect(try Evaluation.readFindings(from: bare).findings == findings)
        let wrapped = folder.appendingPathComponent("wrapped.json")
        let body = String(decoding: try encoder.encode(findings), as: UTF8.self)
        try Data("{\"run\": {\"id\": 12, \"started_at\": \"2026-01-01T00:00:00Z\"}, \"findings\": \(body)}".utf8).write(to: wrapped)
        let read = try Evaluation.readFindings(from: wrapped)
        #expect(read.run == "12" && read.findings == findings)
        let bad = folder.appendingPathComponent("bad.json")
        try Data("{\"nothing\": 1}".utf8).write(to: bad)
        #expect(throws: SimulationError.self) { try Evaluation.readFindings(from: bad) }
    }

    @Test func scoresASimulatedSetAgainstItsOwnTruth() throws {
        // Findings built from the truth itself cover everything, with no false positive.
        let folder = try temporaryFolder()
        try Simulator.run(smallOptions(), to: folder)
        let truth = try GroundTruth.read(from: folder.appendingPathComponent("truth.json"))
        let findings = truth.instances.enumerated().map { i, instance in
            Self.finding("F\(i)", instance.typology, instance.transferIDs)
        }
        let report = Evaluation.score(truth: truth, findings: findings, transferCount: truth.transfers)
        #expect(report.recall == 1 && report.falsePositives == 0)
        #expect(report.typologies.count == Typology.allCases.count)
    }
}

@Suite struct AccountLevelEvaluationTests {
    static func nodes() throws -> URL {
        let url = try temporaryFolder().appendingPathComponent("nodes.csv")
        try Data("nodeid,isFraud,init_balance,fraudStep\n0,1,10.0,3\n1,1,5.0,4\n2,0,1.0,-1\n3,0,2.0,-1\n4,1,7.0,2\n5,0,1.0,-1\n".utf8)
            .write(to: url)
        return url
    }

    static func finding(_ typology: Typology, _ brokers: [String]) -> Finding {
        EvaluationTests.finding("F", typology, [], brokers: brokers)
    }

    @Test func sharesOfMarkedFoundAndFlaggedMarked() throws {
        let table = try AccountLevelEvaluation.readNodes(from: try Self.nodes())
        #expect(table.count == 6 && table.values.filter { $0 }.count == 3)
        let findings = [Self.finding(.cycle, ["0", "1", "2"]), Self.finding(.fanIn, ["4", "3"]),
                        Self.finding(.volumeSpike, ["5", "99"])]
        let all = AccountLevelEvaluation.score(findings: findings, nodes: table, counting: .named)
        #expect(all.marked == 3 && all.flagged == 6 && all.markedFlagged == 3 && all.flaggedUnknown == 1)
        #expect(all.recall == 1 && all.precision == 0.5 && all.baseRate == 0.5)
        // Subjects (the default): the fan-in counts its hub "4", not its sender "3".
        let subjects = AccountLevelEvaluation.score(findings: findings, nodes: table)
        #expect(subjects.counting == .subjects)
        #expect(subjects.flagged == 5 && subjects.markedFlagged == 3 && subjects.precision == 0.6)
        let some = AccountLevelEvaluation.score(findings: findings, nodes: table, typologies: [.cycle])
        #expect(some.flagged == 3 && some.markedFlagged == 2)
        #expect(some.recall == 2.0 / 3.0 && some.precision == 2.0 / 3.0)
        #expect(AccountLevelEvaluation.text(some).contains("precision"))
        #expect(try AccountLevelEvaluation.json(some).contains("\"marked_flagged\" : 2"))
    }

    /// AMLSim's `cycle` label covers value going round a ring in any order: `--typologies
    /// cycle` counts settlement_ring findings too, and the report says so.
    @Test func cycleBringsSettlementRingWithIt() throws {
        let table = try AccountLevelEvaluation.readNodes(from: try Self.nodes())
        let findings = [Self.finding(.settlementRing, ["0", "1", "3"]), Self.finding(.fanIn, ["4", "3"])]
        let cycles = AccountLevelEvaluation.score(findings: findings, nodes: table, typologies: [.cycle])
        #expect(cycles.typologies == [.cycle, .settlementRing])
        #expect(cycles.flagged == 3 && cycles.markedFlagged == 2)
        let fans = AccountLevelEvaluation.score(findings: findings, nodes: table, typologies: [.fanIn])
        #expect(fans.typologies == [.fanIn] && fans.flagged == 1)
        #expect(AccountCounting.subjects.accounts(of: Self.finding(.settlementRing, ["A", "B", "C"])) == ["A", "B", "C"])
    }

    @Test func subjectsOfEachTypology() throws {
        func f(_ typology: Typology) -> Finding { Self.finding(typology, ["H", "S1", "S2", "D"]) }
        #expect(AccountCounting.subjects.accounts(of: f(.fanIn)) == ["H"])
        #expect(AccountCounting.subjects.accounts(of: f(.fanOut)) == ["H"])
        #expect(AccountCounting.subjects.accounts(of: f(.gatherScatter)) == ["H"])
        #expect(AccountCounting.subjects.accounts(of: f(.scatterGather)) == ["H", "D"])
        #expect(AccountCounting.subjects.accounts(of: f(.cycle)) == ["H", "S1", "S2", "D"])
        #expect(AccountCounting.named.accounts(of: f(.fanIn)) == ["H", "S1", "S2", "D"])
    }

    @Test func brokerPrefixMapsBrokersToNodes() throws {
        let table = try AccountLevelEvaluation.readNodes(from: try Self.nodes())
        let report = AccountLevelEvaluation.score(
            findings: [Self.finding(.cycle, ["ACC-0", "ACC-2"])], nodes: table, brokerPrefix: "ACC-")
        #expect(report.flagged == 2 && report.markedFlagged == 1 && report.flaggedUnknown == 0)
    }

    @Test func malformedNodesFileNamesLineAndField() throws {
        let url = try temporaryFolder().appendingPathComponent("nodes.csv")
        try Data("nodeid,isFraud\n0,1\n1,maybe\n".utf8).write(to: url)
        do {
            _ = try AccountLevelEvaluation.readNodes(from: url)
            Issue.record("expected an error")
        } catch let error as SimulationError {
            #expect(error.code == .malformed && error.location?.line == 3 && error.location?.field == "isFraud")
        }
        try Data("id,fraud\n0,1\n".utf8).write(to: url)
        #expect(throws: SimulationError.self) { try AccountLevelEvaluation.readNodes(from: url) }
    }
}
