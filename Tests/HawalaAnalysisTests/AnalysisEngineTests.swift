import Foundation
import HawalaCore
import Testing

@testable import HawalaAnalysis

@Suite struct AnalysisEngineTests {
    /// A cycle (A → B → A) and a fan-in on H, so two typologies appear.
    func graph() -> TransferGraph {
        var f = GraphFixture()
        f.add("A", "B", hour: 5, 10_000)
        f.add("B", "A", hour: 6, 9_800)
        for i in 0..<3 { f.add("S\(i)", "H", hour: Double(i), 20_000) }
        return f.build()
    }

    func rules() -> AnalysisRules {
        var r = AnalysisRules().applying(only: [.fanIn, .cycle], skip: [])
        r.fanIn.minCounterparties = 3
        return r
    }

    @Test func idsFollowTypologyThenTimeAndProgressIsPerDetector() throws {
        var lines: [String] = []
        let result = try AnalysisEngine.run(graph: graph(), rules: rules(), threads: 2) { lines.append($0.line) }
        #expect(result.findings.map(\.id) == ["F-000001", "F-000002"])
        #expect(result.findings.map(\.typology) == [.cycle, .fanIn])  // cycle first although later in time
        #expect(lines.count == 2)
        #expect(lines[0].hasPrefix("cycle: 1 finding ("))
        #expect(result.detectors.map(\.typology) == [.cycle, .fanIn])
        #expect(result.countsByTypology == [.cycle: 1, .fanIn: 1])
        #expect(result.snapshot.transferCount == 5)
        #expect(result.snapshot.firstAt == Date(timeIntervalSince1970: TimeInterval(GraphFixture.base)))
        #expect(result.summaryLines.last == "total                 2")
        #expect(result.rulesJSON.contains("\"max_length\" : 6"))
    }

    @Test func allDetectorsDeterministicAcrossThreadCounts() throws {
        let g = randomGraph(brokers: 40, transfers: 4_000, hours: 24 * 90, seed: 5)
        var r = AnalysisRules()
        r.fanIn.minCounterparties = 4
        r.fanIn.minTotal = 10_000
        r.fanOut = r.fanIn
        r.gatherScatter.minSenders = 3
        r.gatherScatter.minReceivers = 3
        r.scatterGather.minIntermediaries = 3
        r.volumeSpike.windowDays = 7  // a sparse random graph has no daily baseline
        r.volumeSpike.baselineWindows = 8
        r.volumeSpike.minBaselineWindows = 4
        r.volumeSpike.factor = 2
        r.volumeSpike.minVolume = 5_000
        r.settlementImbalance.minNet = 20_000
        r.settlementImbalance.minOneSidedness = 0.5
        r.rapidPassThrough.minAmount = 1_000
        r.rapidPassThrough.maxDelayHours = 48
        r.rapidPassThrough.minRatio = 0.5
        r.rapidPassThrough.maxRatio = 2
        r.structuring.threshold = 5_000
        r.structuring.margin = 0.3
        r.structuring.minTransfers = 2
        r.structuring.windowHours = 24 * 30
        r.settlementRing.enabled = true
        r.settlementRing.excludeTwoWay = false
        r.settlementRing.minAmount = 0
        // A random graph's amounts do not carry over and its pairs repeat: the rules against
        // look-alikes are off so that every detector has findings to compare.
        r.scatterGather.minPassOnRatio = 0
        r.scatterGather.maxPassOnRatio = 0
        r.cycle.maxRoutineHops = r.cycle.maxLength
        r.rapidPassThrough.maxRoutineHops = r.rapidPassThrough.maxChainLength
        r.fanIn.minNewShare = 0
        r.fanOut.minNewShare = 0
        r.gatherScatter.minNewShare = 0
        let one = try AnalysisEngine.run(graph: g, rules: r, threads: 1)
        for typology in Typology.allCases { #expect(one.countsByTypology[typology, default: 0] > 0, "\(typology)") }
        let four = try AnalysisEngine.run(graph: g, rules: r, threads: 4)
        #expect(four.countsByTypology == one.countsByTypology)
        if let i = zip(four.findings, one.findings).enumerated().first(where: { $0.element.0 != $0.element.1 })?.offset {
            Issue.record("first difference at \(i): \(four.findings[i]) vs \(one.findings[i])")
        }
        // Ids are in the documented order.
        #expect(one.findings == one.findings.sorted(by: AnalysisEngine.findingOrder))
        for f in one.findings {
            #expect((0...1).contains(f.score))
            #expect(f.firstAt <= f.lastAt)
            #expect(!f.explanation.isEmpty)
        }
    }

    @Test func invalidRulesAreRefused() {
        var r = AnalysisRules()
        r.cycle.maxLength = 1
        let thrown1 = #expect(throws: AnalysisError.self) { try AnalysisEngine.run(graph: graph(), rules: r) }
        #expect(thrown1?.code == .invalidRules)
    }
}

@Suite struct BrokerRiskTests {
    func finding(_ id: String, _ typology: Typology, _ score: Double, _ brokers: [String]) -> Finding {
        Finding(
            id: id, typology: typology, score: score, brokers: brokers, transferIDs: ["T"], amount: 1, currency: .usd,
            firstAt: Date(timeIntervalSince1970: 0), lastAt: Date(timeIntervalSince1970: 0), explanation: "")
    }

    @Test func scoreCombinesFindingsByProbabilisticOr() {
        let findings = [
            finding("F-1", .cycle, 1.0, ["A", "B"]),
            finding("F-2", .fanIn, 0.5, ["A", "C", "D"]),
        ]
        let ranked = BrokerRisk.rank(findings: findings, brokers: [Broker(id: "A", name: "Alpha")])
        // A: 1 − (1 − 0.6·1)(1 − 0.3·1·0.5) = 1 − 0.4·0.85 = 0.66
        #expect(ranked[0].broker == "A")
        #expect(ranked[0].name == "Alpha")
        #expect(abs(ranked[0].score - 0.66) < 1e-12)
        #expect(ranked[0].findingIDs == ["F-1", "F-2"])
        #expect(ranked[0].reasons == ["1 cycle finding (best 1.00, F-1)", "1 fan_in finding (best 0.50, F-2)"])
        #expect(ranked[1].broker == "B")
        #expect(abs(ranked[1].score - 0.6) < 1e-12)
        // Fan counterparties count half: 0.3 · 0.5 · 0.5 = 0.075.
        #expect(ranked.map(\.broker) == ["A", "B", "C", "D"])
        #expect(abs(ranked[2].score - 0.075) < 1e-12)
        #expect(BrokerRisk.rank(findings: findings, top: 1).map(\.broker) == ["A"])
    }
}

@Suite struct FindingsRendererTests {
    let sample = Finding(
        id: "F-000001", typology: .cycle, score: 0.875, brokers: ["A", "B, Ltd"], transferIDs: ["T1", "T2"],
        amount: 19_800, currency: .usd, firstAt: Date(timeIntervalSince1970: 1_767_225_600),
        lastAt: Date(timeIntervalSince1970: 1_767_229_200), explanation: "A → \"B, Ltd\" → A: 2 transfers")

    @Test func csvQuotesPerRFC4180() {
        let csv = FindingsRenderer.csv([sample])
        let lines = csv.components(separatedBy: "\r\n")
        #expect(lines[0] == "id,typology,score,brokers,transfer_ids,amount,currency,first_at,last_at,explanation")
        #expect(lines[1] == #"F-000001,cycle,0.8750,"A;B, Ltd",T1;T2,19800.00,USD,2026-01-01T00:00:00Z,2026-01-01T01:00:00Z,"A → ""B, Ltd"" → A: 2 transfers""#)
        #expect(FindingsRenderer.csvField("plain") == "plain")
        #expect(FindingsRenderer.csvField("two\nlines") == "\"two\nlines\"")
    }

    @Test func jsonHasRunAndFindingsWithTheIssueKeys() throws {
        let text = try FindingsRenderer.json(run: nil, findings: [sample])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        #expect(object["run"] is NSNull)
        let first = try #require((object["findings"] as? [[String: Any]])?.first)
        #expect(Set(first.keys) == ["id", "typology", "score", "brokers", "transfer_ids", "amount", "currency", "first_at", "last_at", "explanation"])
        #expect(first["first_at"] as? String == "2026-01-01T00:00:00Z")
    }

    @Test func jsonRunRecordReadsBack() throws {
        var f = GraphFixture()
        f.add("A", "B", hour: 1)
        f.add("B", "A", hour: 2)
        let result = try AnalysisEngine.run(graph: f.build(), rules: only(.cycle), threads: 1)
        let text = try FindingsRenderer.json(run: result.runInfo(id: "7"), findings: result.findings)
        struct Doc: Decodable {
            var run: AnalysisRunInfo
            var findings: [Finding]
        }
        let doc = try JSONCoding.decoder().decode(Doc.self, from: Data(text.utf8))
        #expect(doc.run.id == "7")
        #expect(doc.run.counts == ["cycle": 1])
        #expect(doc.run.rules == result.rules)
        #expect(doc.findings == result.findings)
    }

    @Test func textTables() {
        let text = FindingsRenderer.text([sample])
        #expect(text.hasPrefix("ID        TYPOLOGY  SCORE      AMOUNT  FIRST AT (UTC)        EXPLANATION\n"))
        #expect(text.contains("F-000001  cycle      0.88  19,800 USD  2026-01-01T00:00:00Z  A → \"B, Ltd\" → A"))
        let ranking = FindingsRenderer.text(BrokerRisk.rank(findings: [sample]))
        #expect(ranking.contains("A "))
        #expect(ranking.contains("1 cycle finding"))
    }
}
