import Foundation
import Testing

@Suite struct AnalysisCommandsTests {
    @Test func rulesPrintsTheCommentedDefaults() throws {
        let cli = try CLIRunner()
        let result = try cli.run(["rules"])
        #expect(result.status == 0)
        #expect(result.stdout.hasPrefix("# HawalaTrace analysis rules"))
        #expect(result.stdout.contains("cycle:\n  enabled: true\n  max_length: 6"))
    }

    @Test func analyzeRejectsATypoInTheRulesFileByName() throws {
        let cli = try CLIRunner()
        let file = cli.directory.appendingPathComponent("rules.yaml")
        try "cycle:\n  max_lenght: 4\n".write(to: file, atomically: true, encoding: .utf8)
        let result = try cli.run(["analyze", "--rules", file.path])
        #expect(result.status == 78)
        #expect(result.stderr.contains("max_lenght"))
    }

    @Test func analyzeRejectsAnUnknownDetector() throws {
        let cli = try CLIRunner()
        let result = try cli.run(["analyze", "--only", "cycle,fan-inn"])
        #expect(result.status == 64)
        #expect(result.stderr.contains("unknown detector 'fan-inn'"))
    }

    @Test func findingsWithAnUnknownTypologyNamesTheKnownOnes() throws {
        let result = try CLIRunner().run(["findings", "--typology", "cycles"])
        #expect(result.status == 64)
        #expect(result.stderr.contains("unknown typology 'cycles' (known: cycle,"), "\(result.stderr)")
        #expect(result.stderr.contains("hawala findings"), "\(result.stderr)")
    }

    @Test func analyzeHelpShowsTheThreadsDefaultOnce() throws {
        let result = try CLIRunner().run(["analyze", "--help"])
        #expect(result.status == 0)
        let help = result.stdout.replacingOccurrences(of: "\n", with: " ")
        #expect(help.contains("the number of processors"))
        #expect(!help.contains("(default: \(ProcessInfo.processInfo.activeProcessorCount))"), "\(result.stdout)")
    }

    /// Transfers without an exchange rate (rates not imported): analyze stops, naming the
    /// currencies and the fix; with --allow-missing-rates the note comes once; a broker id not
    /// in the run gets a note from `findings --broker`.
    @Test func analyzeNotesMissingRatesOnceAndFindingsNotesAnUnknownBroker() throws {
        let cli = try CLIRunner()
        for arguments in [
            ["simulate", "--out", "sim", "--seed", "1", "--brokers", "30", "--transfers", "300", "--days", "10",
             "--format", "csv", "--currencies", "USD,AED"],
            ["ingest", "--db", "h.sqlite", "sim/brokers.csv", "sim/transfers.csv"],
        ] {
            let result = try cli.run(arguments)
            try #require(result.status == 0, "\(arguments): \(result.stderr)")
        }
        let stopped = try cli.run(["analyze", "--db", "h.sqlite"])
        #expect(stopped.status == 65, "\(stopped.stderr)")
        #expect(stopped.stderr.contains("have no amount in USD because no exchange rate is stored (AED "), "\(stopped.stderr)")
        #expect(stopped.stderr.contains("hawala rates import"))
        #expect(stopped.stderr.contains("--allow-missing-rates"))
        let analyze = try cli.run(["analyze", "--db", "h.sqlite", "--allow-missing-rates"])
        #expect(analyze.status == 0, "\(analyze.stderr)")
        #expect(analyze.stderr.components(separatedBy: "(no exchange rate)").count == 2, "\(analyze.stderr)")
        #expect(!analyze.stdout.contains(" 1 findings"))
        let findings = try cli.run(["findings", "--db", "h.sqlite", "--broker", "NOPE"])
        #expect(findings.status == 0)
        #expect(findings.stderr.contains("no finding of run 1 names broker NOPE"), "\(findings.stderr)")
    }
}
