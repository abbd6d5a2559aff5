import ArgumentParser
import HawalaCore

/// `hawala`: traces money through hawala networks. Each subcommand is a thin layer over the
/// library modules; all logic is there, testable without a process.
@main
struct Hawala: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hawala",
        abstract: "Trace money through hawala networks: ingest, analyse, export evidence.",
        discussion: """
            Data goes to stdout; logs and progress go to stderr. Every command works on one
            SQLite database, `hawala.sqlite` in the working directory unless --db names another.
            """,
        version: HawalaVersion.current,
        subcommands: [
            // Ingestion (issue 2)
            Ingest.self, Specs.self, Rejects.self, Rates.self, Stats.self, ImportSynthetic.self,
            // Imports and transfers (issue 10)
            Imports.self, Transfers.self,
            // Link analysis (issue 3)
            Analyze.self, Findings.self, Brokers.self, Rules.self,
            // What analysts open (issue 5)
            Report.self, Graph.self,
            // Evidence packages (issue 4)
            Export.self, Open.self, PKI.self,
            // Simulation and evaluation (issue 6)
            SimulateCommands.self, Evaluate.self,
            // Matching between agencies without disclosure (issue 13)
            Match.self,
            // From findings to cases (issue 12)
            Review.self, Networks.self, Case.self,
        ]
    )
}
