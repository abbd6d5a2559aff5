import ArgumentParser
import HawalaCore

// Commands of issue 5 (report and graph exports). Stubs until built.

struct Report: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Write a self-contained HTML report of an analysis run.")
    @OptionGroup var global: GlobalOptions
    func run() throws { throw CleanExit.message("not built yet") }
}

struct Graph: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Export the transfer graph for Gephi, i2, Aleph, Neo4j or Graphviz.")
    @OptionGroup var global: GlobalOptions
    func run() throws { throw CleanExit.message("not built yet") }
}
