import Foundation
import HawalaTestSupport
import Testing

/// The public AMLSim sample (../shared/data/amlsim-20k, 120,558 transfers, 20,000 accounts,
/// 1,804 marked, base rate 0.090) ingested with `--spec amlsim`, analysed with the built-in
/// profile (`hawala analyze --profile amlsim`), and scored at account level against
/// nodes.csv. Floors and the figures beside them: docs/evaluation.md ("AMLSim at account level").
@Suite struct AMLSimTests {
    /// The sample's folder, from the package root.
    static let sample = CLIRunner.packageRoot.appendingPathComponent("../shared/data/amlsim-20k").standardizedFileURL

    /// (typologies, least recall, least precision), accounts counted as subjects: cycle
    /// findings (with settlement_ring, which `cycle` brings in) and fan-in hubs, the floors of
    /// issue 9.
    static let floors: [(String, Double, Double)] = [("cycle", 0.19, 0.85), ("fan_in", 0.17, 0.18)]

    // Needs the AMLSim sample in ../shared/data/amlsim-20k (transactions.csv, nodes.csv).
    @Test(.enabled(if: Requirement.file(Requirement.shared.appendingPathComponent("data/amlsim-20k/transactions.csv"))
        && Requirement.file(Requirement.shared.appendingPathComponent("data/amlsim-20k/nodes.csv"))))
    func theAmlsimProfileFindsPlantedCycleAndFanInAccountsAboveTheFloors() throws {
        let transactions = Self.sample.appendingPathComponent("transactions.csv")
        let nodes = Self.sample.appendingPathComponent("nodes.csv")
        let cli = try CLIRunner()
        let ingested = try cli.run(["ingest", "--db", "a.sqlite", "--spec", "amlsim", transactions.path, "--no-progress"])
        try #require(ingested.status == 0, "\(ingested.stderr)")
        let analysed = try cli.run(["analyze", "--db", "a.sqlite", "--profile", "amlsim", "--no-progress"])
        try #require(analysed.status == 0, "\(analysed.stderr)")
        for (typologies, recallFloor, precisionFloor) in Self.floors {
            let scored = try cli.run([
                "evaluate", "--db", "a.sqlite", "--nodes", nodes.path, "--typologies", typologies, "--format", "json",
            ])
            try #require(scored.status == 0, "\(scored.stderr)")
            let report = try #require(try JSONSerialization.jsonObject(with: Data(scored.stdout.utf8)) as? [String: Any])
            #expect(report["accounts"] as? Int == 20_000)
            #expect(report["marked"] as? Int == 1_804)
            #expect(report["counting"] as? String == "subjects")
            #expect(report["flagged_unknown"] as? Int == 0)
            let recall = try #require(report["recall"] as? Double)
            let precision = try #require(report["precision"] as? Double)
            let baseRate = try #require(report["base_rate"] as? Double)
            #expect(recall >= recallFloor, "\(typologies): recall \(recall)")
            #expect(precision >= precisionFloor, "\(typologies): precision \(precision)")
            #expect(precision > 2 * baseRate, "\(typologies): precision \(precision), base rate \(baseRate)")
        }
    }
}
