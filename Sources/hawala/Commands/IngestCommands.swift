import ArgumentParser
import HawalaCore

// Commands of issue 2 (ingestion). Stubs until built.

struct Ingest: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Import transfers from CSV ledgers, goAML XML and AML benchmark files.")
    @OptionGroup var global: GlobalOptions
    func run() throws { throw CleanExit.message("not built yet") }
}

struct Specs: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "List and print the built-in import specifications.")
    func run() throws { throw CleanExit.message("not built yet") }
}

struct Rejects: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "List rejected rows with their file, line, field and reason.")
    @OptionGroup var global: GlobalOptions
    func run() throws { throw CleanExit.message("not built yet") }
}

struct Rates: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Manage exchange rates to the reporting currency.")
    func run() throws { throw CleanExit.message("not built yet") }
}

struct Stats: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Counts of brokers, parties, transfers, imports and rejects.")
    @OptionGroup var global: GlobalOptions
    func run() throws { throw CleanExit.message("not built yet") }
}
