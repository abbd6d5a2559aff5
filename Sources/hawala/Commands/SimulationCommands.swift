import ArgumentParser
import Foundation
import HawalaCore
import HawalaSimulation

// Commands of issue 6 (simulation and evaluation): argument parsing and output only; the
// work is in HawalaSimulation.

extension SimulationOutputFormat: ExpressibleByArgument {}

/// `hawala simulate`: the network (the default: `hawala simulate --out DIR`) or two agencies'
/// views (`hawala simulate partner`).
struct SimulateCommands: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "simulate",
        abstract: "Generate a synthetic hawala network with planted typologies and ground truth (or, with `partner`, two agencies' views).",
        subcommands: [Simulate.self, SimulatePartner.self],
        defaultSubcommand: Simulate.self)
}

/// `hawala simulate [network]`: writes a synthetic hawala network with planted typologies and its truth.
struct Simulate: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "network",
        abstract: "Generate a synthetic hawala network with planted typologies and ground truth.",
        discussion: """
            Writes transfers.csv (canonical CSV), brokers.csv, rates.csv (several currencies), \
            goaml/*.xml (--format goaml|both) and truth.json into --out. The same options give \
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

    @Option(name: .long, parsing: .upToNextOption,
            help: "Planted instances, TYPOLOGY=COUNT (several after one --plant, or --plant repeated) (default \(SimulationOptions.defaultPlantCount) of each typology).")
    var plant: [String] = []

    @Flag(inversion: .prefixedNo,
          help: "Plant legitimate look-alikes (exchange hubs, large payments, leaky rings, over-threshold series, regular distributions, balanced pairs, quiet-pair payments) beside the typologies.")
    var decoys = true

    @Option(name: .long, help: "Scale the number of look-alikes of every kind and the share of large payments (0...10; 0 = none).")
    var decoyScale: Double = 1

    @OptionGroup var global: GlobalOptions

    func run() throws {
        try mapErrors {
            var options = SimulationOptions()
            options.decoyScale = decoys ? decoyScale : 0
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
            let showProgress = global.showProgress
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
            let decoys = summary.decoys.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
            print("look-alikes: " + (decoys.isEmpty ? "none" : decoys.joined(separator: " "))
                  + " (\(summary.decoyTransfers) transfers)")
            printError(String(format: "simulate: %.2f s", seconds))
        }
    }
}

/// `hawala simulate partner`: two agencies' overlapping views as files to ingest.
struct SimulatePartner: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "partner",
        abstract: "Write two agencies' overlapping views (goAML reports and broker registers) and the truth of the overlap.",
        discussion: """
            Writes ours/ and partner/ (brokers.csv, goaml/*.xml) and truth.tsv into --out: the \
            partner holds a known share of our brokers and parties under other spellings and \
            scripts (Arabic, Persian, Cyrillic), with the same dates of birth, passports and \
            BICs, plus people with similar names. Ingest each into its own database and match \
            (docs/matching.md, docs/simulation.md).
            """)

    @Option(help: "The output folder (created when missing).")
    var out: String

    @OptionGroup var view: PartnerViewArguments

    func run() throws {
        try mapErrors {
            try requireOutputFolder(out)
            let view = PartnerViewSimulator.make(self.view.options)
            let summary = try PartnerViewWriter.write(view, to: URL(fileURLWithPath: out))
            for file in summary.files { print(URL(fileURLWithPath: out).appendingPathComponent(file).path) }
            print("shared: \(counted(view.sharedBrokers.count, "broker")), \(counted(view.sharedParties.count, "party", "parties"))")
        }
    }
}

/// `hawala evaluate`: scores an analysis run's findings against truth.json or AMLSim nodes.csv.
struct Evaluate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Score an analysis run's findings against ground truth.",
        discussion: """
            With --truth: per typology, the planted instances covered, recall, and findings that \
            touch no planted transfer (also per 1,000 transfers). With --nodes: AMLSim's \
            account-level share of marked accounts found and of flagged accounts marked. \
            Findings come from the run in --db (the latest unless --run), or from --findings FILE. \
            See docs/evaluation.md.
            """)

    @OptionGroup var global: GlobalOptions

    @Option(name: .long, help: "The truth.json written by hawala simulate.")
    var truth: String?

    @Option(name: .long, help: "AMLSim nodes.csv for the account-level mode.")
    var nodes: String?

    @Option(name: .customLong("run"), help: "The analysis run to score (default: the latest).")
    var runOption: String?

    @Option(name: .long, help: "Read findings from this file (the JSON of `hawala findings --format json`) instead of the store.")
    var findings: String?

    @Option(name: .long, help: "With --nodes: count only findings of these typologies, comma-separated (e.g. cycle,fan_in); cycle brings settlement_ring with it.")
    var typologies: String?

    @Option(name: .long, help: "With --nodes: the prefix the importer puts before a node id to make its broker id.")
    var brokerPrefix: String = ""

    @Option(name: .long, help: "With --nodes: which brokers of a finding are flagged: subjects (the hub of a fan or gather-scatter, source and sink of a scatter-gather, all brokers of the others) or named (every broker named).")
    var accounts: String = AccountCounting.subjects.rawValue

    @Option(name: .long, help: "text or json.")
    var format: OutputFormat = .text

    func validate() throws {
        guard (truth == nil) != (nodes == nil) else { throw ValidationError("give exactly one of --truth or --nodes") }
        guard AccountCounting(rawValue: accounts) != nil else { throw ValidationError("--accounts: subjects or named") }
        guard format != .csv else { throw ValidationError("--format: text or json") }
    }

    func run() throws {
        try mapErrors {
            if let truth { try requireInputFile(truth, expected: "the truth.json written by `hawala simulate`") }
            if let nodes { try requireInputFile(nodes, expected: "an AMLSim nodes.csv") }
            if let findings { try requireInputFile(findings, expected: "the JSON of `hawala findings --format json`") }
            var runID = runOption
            var found: [Finding]
            var transferCount: Int?
            if let findings {
                (runID, found) = try Evaluation.readFindings(from: URL(fileURLWithPath: findings))
                runID = runOption ?? runID
            } else {
                let loaded = try loadRunFindings(run: runOption, global: global)
                (runID, found, transferCount) = (loaded.run, loaded.findings, loaded.transferCount)
            }
            if let truth {
                let groundTruth = try GroundTruth.read(from: URL(fileURLWithPath: truth))
                let report = Evaluation.score(
                    truth: groundTruth, findings: found, transferCount: transferCount ?? groundTruth.transfers, run: runID)
                print(format == .json ? try Evaluation.json(report) : Evaluation.text(report), terminator: "")
            } else if let nodes {
                var kinds = Set<Typology>()
                for name in (typologies ?? "").split(separator: ",") {
                    let text = name.trimmingCharacters(in: .whitespaces)
                    guard let typology = Typology(rawValue: text) else {
                        throw SimulationError(.invalidOptions, "--typologies: unknown typology '\(text)'")
                    }
                    kinds.insert(typology)
                }
                let table = try AccountLevelEvaluation.readNodes(from: URL(fileURLWithPath: nodes))
                let report = AccountLevelEvaluation.score(
                    findings: found, nodes: table, typologies: kinds, brokerPrefix: brokerPrefix,
                    counting: AccountCounting(rawValue: accounts) ?? .subjects, run: runID)
                print(format == .json ? try AccountLevelEvaluation.json(report) : AccountLevelEvaluation.text(report),
                      terminator: "")
            }
        }
    }
}

/// The findings of an analysis run in the store, and the number of transfers it analysed.
/// - Parameters:
///   - run: the run id, or `nil` for the latest.
///   - global: the shared options (the database path).
/// - Returns: the run id, its findings and its transfer count.
/// - Throws: ``StoreError`` when the database or the run is missing.
func loadRunFindings(run: String?, global: GlobalOptions) throws -> (run: String?, findings: [Finding], transferCount: Int?) {
    let loaded = try loadRun(try global.openStore(mustExist: true), id: run)
    return (loaded.id, loaded.findings, loaded.run.snapshot.transferCount)
}
