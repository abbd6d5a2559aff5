import Foundation
import HawalaCore
import Testing

@testable import HawalaSimulation

/// Recall by bucket, precision by score and look-alikes flagged, on hand-made truth and
/// findings with exact expected values (docs/evaluation.md).
@Suite struct EvaluationBreakdownTests {
    static let t0 = Date(timeIntervalSince1970: 1_767_225_600)

    static func instance(_ id: String, _ typology: Typology, _ transfers: [String], _ parameters: [String: Double])
        -> PlantedInstance {
        PlantedInstance(id: id, typology: typology, brokers: ["B1", "B2"], transferIDs: transfers, firstAt: t0, lastAt: t0,
                        parameters: parameters)
    }

    static func decoy(_ id: String, _ kind: DecoyKind, _ imitates: Typology, _ transfers: [String]) -> Decoy {
        Decoy(id: id, kind: kind, imitates: imitates, brokers: ["B1", "B2"], transferIDs: transfers, firstAt: t0, lastAt: t0)
    }

    static func finding(_ id: String, _ typology: Typology, _ score: Double, _ transfers: [String]) -> Finding {
        Finding(id: id, typology: typology, score: score, brokers: ["B1"], transferIDs: transfers, amount: 1,
                currency: .usd, firstAt: t0, lastAt: t0, explanation: "")
    }

    static let truth = GroundTruth(
        seed: 1, brokers: 5, transfers: 2_000, days: 30, start: t0, currencies: [.usd], structuringThresholdUSD: 10_000,
        instances: [
            instance("P-1", .cycle, ["c1", "c2", "c3"], ["span_hours": 10, "hops": 3]),
            instance("P-2", .cycle, ["d1", "d2"], ["span_hours": 100, "hops": 2]),
            instance("P-3", .cycle, ["e1", "e2", "e3", "e4"], ["span_hours": 300, "hops": 4]),
            instance("P-4", .rapidPassThrough, ["r1", "r2", "r3"], ["max_delay_hours": 0.5, "relays": 2]),
            instance("P-5", .rapidPassThrough, ["s1", "s2", "s3", "s4"], ["max_delay_hours": 8, "relays": 3]),
        ],
        decoys: [
            decoy("D-1", .balancedPair, .cycle, ["b1", "b2"]),
            decoy("D-2", .leakyRing, .cycle, ["l1", "l2", "l3"]),
            decoy("D-3", .exchangeHub, .fanIn, ["h1", "h2", "h3"]),
            decoy("D-4", .exchangeHub, .fanOut, ["h4"]),
        ])

    static let findings = [
        finding("F1", .cycle, 0.9, ["c1", "c2", "c3"]),  // covers P-1
        finding("F2", .cycle, 0.8, ["e1", "e2", "e3", "e4", "b1"]),  // covers P-3; holds planted, so D-1 is not flagged by it
        finding("F3", .cycle, 0.95, ["b1", "b2"]),  // flags D-1
        finding("F4", .rapidPassThrough, 0.7, ["s1", "s2", "s3"]),  // covers P-5 (3 of 4)
        finding("F5", .fanIn, 0.99, ["h1", "x1"]),  // flags D-3
        finding("F6", .cycle, 0.5, ["h4"]),  // on D-4, which imitates fan_out: not flagged
        finding("F7", .fanOut, 0.6, ["l1"]),  // on D-2, which imitates cycle: not flagged
    ]

    @Test func recallPerBucket() {
        let report = Evaluation.score(truth: Self.truth, findings: Self.findings, transferCount: 2_000)
        func row(_ typology: Typology, _ parameter: String, _ bucket: String) -> BucketRecall? {
            report.buckets.first { $0.typology == typology && $0.parameter == parameter && $0.bucket == bucket }
        }
        let span = report.buckets.filter { $0.typology == .cycle && $0.parameter == "span_hours" }
        #expect(span.map(\.bucket) == ["< 1 d", "1–3 d", "3–7 d", "7–21 d"])
        #expect(span.map(\.planted) == [1, 0, 1, 1])
        #expect(span.map(\.covered) == [1, 0, 0, 1])
        #expect(span.map(\.recall) == [1, nil, 0, 1])
        #expect(row(.cycle, "hops", "2")?.planted == 1 && row(.cycle, "hops", "2")?.covered == 0)
        #expect(row(.cycle, "hops", "3–4")?.planted == 2 && row(.cycle, "hops", "3–4")?.recall == 1)
        let delay = report.buckets.filter { $0.typology == .rapidPassThrough && $0.parameter == "max_delay_hours" }
        #expect(delay.map(\.bucket) == ["< 1 h", "1–6 h", "6–12 h"])
        #expect(delay.map(\.planted) == [1, 0, 1] && delay.map(\.covered) == [0, 0, 1])
        #expect(row(.rapidPassThrough, "relays", "3")?.covered == 1)
        // Typologies not planted have no buckets.
        #expect(!report.buckets.contains { $0.typology == .fanIn })
    }

    @Test func precisionByScore() {
        let report = Evaluation.score(truth: Self.truth, findings: Self.findings, transferCount: 2_000)
        // Ranked: F5 .99 (stray), F3 .95 (stray), F1, F2, F4 (planted), F7, F6 (stray).
        #expect(report.precisionAt.map(\.k) == [10, 25, 100])
        #expect(report.precisionAt.allSatisfy { $0.findings == 7 && $0.touching == 3 && $0.precision == 3.0 / 7 })
        #expect(report.falsePositives == 4 && report.falsePositivesPer1000 == 2)

        // 10 findings on planted transfers scored above 20 stray ones.
        let many = (0..<30).map { i in
            Self.finding(String(format: "G%02d", i), .cycle, i < 10 ? 0.9 : 0.5, i < 10 ? ["c1"] : ["z\(i)"])
        }
        let cut = Evaluation.precisionAt(many, planted: ["c1"])
        #expect(cut.map(\.findings) == [10, 25, 30] && cut.map(\.touching) == [10, 10, 10])
        #expect(cut.map(\.precision) == [1, 0.4, 1.0 / 3])
        // Ties are broken by finding id.
        let tied = [Self.finding("B", .cycle, 0.5, ["z"]), Self.finding("A", .cycle, 0.5, ["c1"])]
        #expect(Evaluation.ranked(tied).map(\.id) == ["A", "B"])
        #expect(Evaluation.precisionAt([], planted: ["c1"]).allSatisfy { $0.findings == 0 && $0.precision == nil })
    }

    @Test func lookAlikesFlaggedOnlyAsWhatTheyImitateAndOnlyByStrayFindings() {
        let report = Evaluation.score(truth: Self.truth, findings: Self.findings, transferCount: 2_000)
        #expect(report.decoysPlanted == 4 && report.decoysFlagged == 2)
        #expect(report.flaggedDecoys == ["D-1", "D-3"])
        let rows = report.decoys.map { "\($0.imitates.rawValue)/\($0.kind.rawValue) \($0.decoys) \($0.flagged) \($0.findings)" }
        #expect(rows == ["cycle/leaky_ring 1 0 0", "cycle/balanced_pair 1 1 1", "fan_in/exchange_hub 1 1 1",
                         "fan_out/exchange_hub 1 0 0"])
        let text = Evaluation.text(report)
        #expect(text.contains("look-alikes flagged as the typology they imitate: 2 of 4"))
        #expect(text.contains("at 25: 3 of 7 = 0.429"))
        #expect(text.contains("flagged: D-1, D-3"))
    }

    @Test func jsonNamesAndTruthWithoutDecoys() throws {
        let report = Evaluation.score(truth: Self.truth, findings: Self.findings, transferCount: 2_000)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(try Evaluation.json(report).utf8)) as? [String: Any])
        for key in ["buckets", "precision_at", "decoys", "decoys_planted", "decoys_flagged", "flagged_decoys"] {
            #expect(json[key] != nil, "\(key)")
        }
        // A version 1 truth file (no decoys) still reads.
        var object = try #require(try JSONSerialization.jsonObject(with: try JSONCoding.encoder().encode(Self.truth)) as? [String: Any])
        object["decoys"] = nil
        object["version"] = 1
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("truth-v1-\(UUID().uuidString).json")
        try JSONSerialization.data(withJSONObject: object).write(to: url)
        let old = try GroundTruth.read(from: url)
        #expect(old.decoys.isEmpty && old.instances.count == 5)
        #expect(Evaluation.score(truth: old, findings: Self.findings, transferCount: 2_000).decoysPlanted == 0)
    }
}
