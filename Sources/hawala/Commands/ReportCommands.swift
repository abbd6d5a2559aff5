import ArgumentParser
import Foundation
import HawalaCore
import HawalaInvestigation
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

    @Option(name: .long, help: "Only findings of this typology (repeatable, e.g. cycle).")
    var typology: [Typology] = []

    @Option(name: .long, help: "The HTML file to write ('-' for stdout).")
    var out: String

    @OptionGroup(title: "Networks (the report opens with them; docs/cases.md)") var networkOptions: NetworkOptions

    func run() throws {
        try mapErrors {
            if out != "-" { try requireOutputFile(out) }  // before the work: a folder or missing folder is refused up front
            let input = try loadReportInput(
                global: global, runID: runID, findingIDs: findingIDs, typologies: typology, rules: try networkOptions.rules())
            try writeOutput(HTMLReport.render(input), to: out)
            printError("hawala: wrote \(out): run \(input.run.id), \(counted(input.findings.count, "finding")), \(counted(input.transfers.count, "transfer"))")
        }
    }
}

extension GraphFormat: ExpressibleByArgument {}
extension Typology: ExpressibleByArgument {}

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

    @Option(name: .long, help: "Only the transfers of findings of this typology (repeatable).")
    var typology: [Typology] = []

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
            if out != "-", format != .neo4j { try requireOutputFile(out) }
            let input = try loadReportInput(global: global, runID: runID, findingIDs: findingIDs, typologies: typology)
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
            printError("hawala: wrote \(out) (\(format.rawValue)): \(input.transfers.count) transfers, run \(input.run.id)")
        }
    }
}

/// Writes text to a file, or to stdout for `-`.
/// - Throws: ``CommandError`` `.unwritable` when the path is a folder or its folder is missing;
///   ``ReportError`` `.io` when the file cannot be written.
func writeOutput(_ text: String, to path: String) throws {
    if path == "-" {
        FileHandle.standardOutput.write(Data(text.utf8))
        return
    }
    try requireOutputFile(path)
    do {
        try Data(text.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
    } catch {
        throw ReportError(.io, "cannot write the output (\((error as NSError).localizedDescription))", location: SourceLocation(file: path))
    }
}

/// Reads the input of `hawala report` and `hawala graph` from the database: the run, the
/// chosen findings (all but dismissed ones when none is named) and the transfers, brokers,
/// parties, networks and review states behind them (``Investigation/reportInput``).
/// - Parameters:
///   - global: the shared options (database path, logger).
///   - runID: the run, or `nil` for the latest.
///   - findingIDs: the findings to keep (ids or keys); empty for all of the run.
///   - typologies: keep only findings of these typologies; empty for all.
///   - rules: the network grouping parameters.
/// - Returns: the report input.
/// - Throws: ``StoreError`` / ``InvestigationError`` when the database, the run or a finding is missing.
func loadReportInput(
    global: GlobalOptions, runID: String?, findingIDs: [String], typologies: [Typology], rules: NetworkRules = NetworkRules()
) throws -> ReportInput
{
    let investigation = try global.investigation()
    var loaded = try investigation.loadRun(runID)
    let all = loaded.findings
    loaded.findings = try Investigation.select(all, findingIDs, run: loaded.id)
    if !typologies.isEmpty { loaded.findings = loaded.findings.filter { typologies.contains($0.typology) } }
    return try investigation.reportInput(loaded, allFindings: all, includeDismissed: !findingIDs.isEmpty, rules: rules)
}
