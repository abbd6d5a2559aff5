import ArgumentParser
import Foundation
import HawalaCore
import HawalaSimulation

// Commands of issue 6 (simulation and evaluation): argument parsing and output only; the
// work is in HawalaSimulation.

extension SimulationOutputFormat: ExpressibleByArgument {}

/// `hawala simulate`: writes a synthetic hawala network with planted typologies and its truth.
struct Simulate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Generate a synthetic hawala network with planted typologies and ground truth.",
        discussion: """
            Writes transfers.csv (canonical CSV), brokers.csv, rates.csv (several currencies),
            goaml/*.xml (--format goaml|both) and truth.json into --out. The same options give
            the same bytes. See docs/simulation.md.
            """)

    @Option(name: .long, help: "The output folder (created when missing).")
    var out: String

    @Option(name: .long, help: "The seed of every random choice.")
    var seed: UInt64 = 1

    @Option(name: .long, help: "The number of brokers (at least \(SimulationOptions.minimumBrokers)).")
    var brokers: Int = 200

    @Option(name: .long, help: "The number of transfers in all, background and planted.")
    var transfers: Int = 100_000

    @Option(name: .long, help: "The number of days, from 2026-01-01.")
    var days: Int = 30

    @Option(name: .long, help: "What to write: csv, goaml or both.")
    var format: SimulationOutputFormat = .csv

    @Option(name: .long, help: "Comma-separated currencies allowed, e.g. USD or USD,AED,PKR (default: each country's own, plus USD).")
    var currencies: String?

    @Option(name: .long, parsing: .singleValue,
            help: "Planted instances, TYPOLOGY=COUNT, repeatable (default \(SimulationOptions.defaultPlantCount) of each typology).")
    var plant: [String] = []

    @Flag(name: .long, help: "Do not draw progress on stderr.")
    var noProgress = false

    func run() throws {
        try mapErrors {
            var options = SimulationOptions()
            options.seed = seed
            options.brokers = brokers
            options.transfers = transfers
            options.days = days
            options.format = format
            if let currencies { options.currencies = try SimulationOptions.parseCurrencies(currencies) }
            for spec in plant {
                let (typology, count) = try SimulationOptions.parsePlant(spec)
                options.plant[typology] = count
            }
            let showProgress = !noProgress && isatty(STDERR_FILENO) != 0
            let started = Date()
            let summary = try Simulator.run(options, to: URL(fileURLWithPath: out)) { done, all in
                if showProgress { FileHandle.standardError.write(Data("\rsimulate: day \(done)/\(all)".utf8)) }
            }
            if showProgress { FileHandle.standardError.write(Data("\n".utf8)) }
            let seconds = Date().timeIntervalSince(started)
            print("wrote \(summary.transfers) transfers (\(summary.plantedTransfers) planted) between \(summary.brokers) brokers in \(summary.currencies.count) currencies to \(summary.directory)")
            for file in summary.files { print("  \(file)") }
            if summary.goamlReports > 0 { print("  goaml/ (\(summary.goamlReports) reports)") }
            let planted = summary.plantedInstances.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
            print("planted: " + planted.joined(separator: " "))
            printError(String(format: "simulate: %.2f s", seconds))
        }
    }
}

/// `hawala evaluate`: scores an analysis run's findings against truth.json or AMLSim nodes.csv.
struct Evaluate: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Score an analysis run's findings against ground truth.")
    @OptionGroup var global: GlobalOptions
    func run() throws { throw CleanExit.message("not built yet") }
}
