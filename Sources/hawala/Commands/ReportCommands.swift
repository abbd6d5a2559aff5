import ArgumentParser
import Foundation
import HawalaCore
import HawalaReport

// Commands of issue 5: the HTML report and the graph exports. All logic is in HawalaReport;
// these commands parse arguments, fetch the input (see `loadReportInput`) and write files.

struct Report: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write a self-contained HTML report of an analysis run.",
        discussion: """
            One HTML file with inline CSS and SVG only: it opens from a USB stick on an \
            air-gapped machine and prints to PDF from any browser. See docs/report.md.
            """)
    @OptionGroup var global: GlobalOptions

    @Option(name: .customLong("run"), help: "The analysis run (default: the latest run).")
    var runID: String?

    @Option(name: .customLong("finding"), parsing: .upToNextOption, help: "Only these findings (repeatable; default: all of the run).")
    var findingIDs: [String] = []

    @Option(name: .long, help: "The HTML file to write ('-' for stdout).")
    var out: String

    func run() throws {
        try mapErrors {
            let logger = global.logger("hawala.report")
            let input = try loadReportInput(global: global, runID: runID).restricted(toFindings: findingIDs)
            try writeOutput(HTMLReport.render(input), to: out)
            logger.notice("wrote \(out): run \(input.run.id), \(input.findings.count) findings, \(input.transfers.count) transfers")
        }
    }
}

extension GraphFormat: ExpressibleByArgument {}

struct Graph: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Export the transfer graph for Gephi, i2, Aleph, Neo4j or Graphviz.",
        discussion: """
            Formats: graphml and gexf (Gephi, networkx), dot (Graphviz), ftm (FollowTheMoney \
            JSON Lines for Aleph), i2csv (i2 Analyst's Notebook link CSV), neo4j (a folder with \
            nodes.csv and relationships.csv for neo4j-admin database import). See docs/graph-exports.md.
            """)
    @OptionGroup var global: GlobalOptions

    @Option(name: .long, help: "The export format.")
    var format: GraphFormat

    @Option(name: .customLong("run"), help: "The analysis run (default: the latest run).")
    var runID: String?

    @Option(name: .customLong("finding"), parsing: .upToNextOption, help: "Only the transfers of these findings (repeatable; default: all findings of the run).")
    var findingIDs: [String] = []

    @Option(name: .long, help: "The file to write ('-' for stdout), or the folder for neo4j.")
    var out: String

    func validate() throws {
        if format == .neo4j && out == "-" {
            throw ValidationError("--format neo4j writes a folder; give --out DIR")
        }
    }

    func run() throws {
        try mapErrors {
            let logger = global.logger("hawala.graph")
            let input = try loadReportInput(global: global, runID: runID).restricted(toFindings: findingIDs)
            if out == "-" {
                let text: String
                switch format {
                case .graphml: text = GraphExport.graphML(input)
                case .gexf: text = GraphExport.gexf(input)
                case .dot: text = GraphExport.dot(input)
                case .ftm: text = GraphExport.followTheMoney(input)
                case .i2csv: text = GraphExport.i2CSV(input)
                case .neo4j: return
                }
                try writeOutput(text, to: out)
            } else {
                let files = try GraphExport.write(format, input, to: URL(fileURLWithPath: out))
                for file in files { logger.debug("wrote \(file.path)") }
            }
            logger.notice("wrote \(out) (\(format.rawValue)): \(input.transfers.count) transfers, run \(input.run.id)")
        }
    }
}

/// Writes text to a file, or to stdout for `-`.
/// - Throws: ``ReportError`` `.io` when the file cannot be written.
func writeOutput(_ text: String, to path: String) throws {
    if path == "-" {
        FileHandle.standardOutput.write(Data(text.utf8))
        return
    }
    do {
        try Data(text.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
    } catch {
        throw ReportError(.io, "cannot write the output", location: SourceLocation(file: path), underlying: error)
    }
}

// INTEGRATION: fill the ReportInput from the store. HawalaStore's runs, findings, transfers
// with provenance, parties and broker ranking are not on this branch; the integrator
// replaces this body with store queries:
//   - run: id (the given one, else the latest), parameters (`ReportRun.parameters(fromJSON:)`),
//     data span, start time, tool version, reporting currency;
//   - findings: every finding of the run (the commands narrow with --finding themselves);
//   - transfers: every transfer those findings reference, with `provenance[transfer.id]`;
//   - brokers and parties named by those transfers; risks: the run's broker ranking.
// A missing run should throw the store's `.notFound` error (exit status 64).
/// Reads the input of `hawala report` and `hawala graph` from the database.
/// - Parameters:
///   - global: the shared options (database path, logger).
///   - runID: the run, or `nil` for the latest.
/// - Returns: the run with all its findings and their transfers.
/// - Throws: an error conforming to `HawalaError` when the database or run cannot be read.
func loadReportInput(global: GlobalOptions, runID: String?) throws -> ReportInput {
    throw ReportError(
        .invalidRequest,
        "reading analysis runs from \(global.db) is not wired in yet (the store integration is pending)")
}
