import Foundation
import HawalaCore
import Testing

/// `hawala simulate` and `hawala evaluate` as a user runs them.
@Suite struct SimulationCLITests {
    @Test func simulateWritesTheSetAndEvaluateScoresFindingsFromAFile() throws {
        let cli = try CLIRunner()
        let made = try cli.run(["simulate", "--out", "set", "--brokers", "40", "--transfers", "2000", "--days", "5",
                                "--plant", "cycle=3", "--plant", "fan_in=2", "--format", "both", "--no-progress"])
        #expect(made.status == 0, "\(made.stderr)")
        #expect(made.stdout.contains("truth.json") && made.stdout.contains("cycle=3"))
        for file in ["transfers.csv", "brokers.csv", "rates.csv", "truth.json", "goaml"] {
            #expect(FileManager.default.fileExists(atPath: cli.directory.appendingPathComponent("set/" + file).path), "\(file)")
        }
        // Findings that are exactly the planted cycles: recall 1 for cycles, 0 elsewhere.
        let truthData = try Data(contentsOf: cli.directory.appendingPathComponent("set/truth.json"))
        let truth = try #require(try JSONSerialization.jsonObject(with: truthData) as? [String: Any])
        let instances = try #require(truth["instances"] as? [[String: Any]])
        let cycles = instances.filter { $0["typology"] as? String == "cycle" }
        #expect(cycles.count == 3)
        let findings = cycles.enumerated().map { i, c in
            Finding(id: "F-\(i)", typology: .cycle, score: 1, brokers: c["brokers"] as? [String] ?? [],
                    transferIDs: c["transfer_ids"] as? [String] ?? [], amount: 1, currency: .usd,
                    firstAt: Date(timeIntervalSince1970: 0), lastAt: Date(timeIntervalSince1970: 0), explanation: "")
        }
        let body = String(decoding: try JSONCoding.encoder().encode(findings), as: UTF8.self)
        try Data("{\"run\": \"1\", \"findings\": \(body)}".utf8).write(to: cli.directory.appendingPathComponent("f.json"))
        let scored = try cli.run(["evaluate", "--truth", "set/truth.json", "--findings", "f.json", "--format", "json"])
        #expect(scored.status == 0, "\(scored.stderr)")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(scored.stdout.utf8)) as? [String: Any])
        let rows = try #require(report["typologies"] as? [[String: Any]])
        #expect(rows.first { $0["typology"] as? String == "cycle" }?["recall"] as? Double == 1)
        #expect(report["covered"] as? Int == 3)
        let text = try cli.run(["evaluate", "--truth", "set/truth.json", "--findings", "f.json"])
        #expect(text.status == 0 && text.stdout.contains("fan_in"))
    }

    @Test func badOptionsAreUsageErrors() throws {
        let cli = try CLIRunner()
        #expect(try cli.run(["simulate", "--out", "x", "--plant", "loop=3"]).status == 64)
        #expect(try cli.run(["simulate", "--out", "x", "--brokers", "3"]).status == 64)
        #expect(try cli.run(["evaluate", "--truth", "t.json", "--nodes", "n.csv"]).status == 64)
        #expect(try cli.run(["evaluate", "--truth", "missing.json", "--findings", "missing.json"]).status == 66)
    }
}
