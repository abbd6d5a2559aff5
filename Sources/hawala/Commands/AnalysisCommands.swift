import ArgumentParser
import HawalaCore

// Commands of issue 3 (link analysis). Stubs until built.

struct Analyze: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Run the detectors and store an analysis run with its findings.")
    @OptionGroup var global: GlobalOptions
    func run() throws { throw CleanExit.message("not built yet") }
}

struct Findings: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "List the findings of an analysis run.")
    @OptionGroup var global: GlobalOptions
    func run() throws { throw CleanExit.message("not built yet") }
}

struct Brokers: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Rank brokers by risk, with the reasons.")
    @OptionGroup var global: GlobalOptions
    func run() throws { throw CleanExit.message("not built yet") }
}

struct Rules: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Print the default rules file, with comments.")
    func run() throws { throw CleanExit.message("not built yet") }
}
