import ArgumentParser
import Foundation
import HawalaAnalysis
import HawalaCore
import HawalaInvestigation
import HawalaStore

// Commands of issue 3 (link analysis). All logic lives in HawalaAnalysis; these parse
// arguments, move transfers and findings between the store and the engine, and print.

struct Analyze: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run the detectors and store an analysis run with its findings.",
        discussion: "Prints a progress line per detector on stderr and a summary of findings per typology on stdout.",
        aliases: ["analyse"])
    @OptionGroup var global: GlobalOptions

    @Option(name: .long, help: "A rules file (YAML or JSON; see `hawala rules`), laid over the profile: its keys win. Default: the built-in rules.")
    var rules: String?

    @Option(name: .long, help: "A built-in rules profile: default or amlsim (see `hawala rules --profile NAME`).")
    var profile: String?

    @Option(name: .long, help: "Run only these detectors (comma-separated, e.g. cycle,fan_in).")
    var only: String?

    @Option(name: .long, help: "Do not run these detectors (comma-separated).")
    var skip: String?

    @Option(name: .long, help: "Worker threads (default: the number of processors).")
    var threads: Int?

    /// The worker threads to use: `--threads`, else the number of processors.
    private var threadCount: Int { threads ?? ProcessInfo.processInfo.activeProcessorCount }

    @Option(name: .long, help: "The reporting currency the transfers were imported with.")
    var reportingCurrency: String = "USD"

    private var currency: CurrencyCode { CurrencyCode(reportingCurrency) ?? .usd }

    @Flag(name: .long, help: "Analyse even when more than 5% of the transfers have no reporting amount (no exchange rate); they are left out.")
    var allowMissingRates = false

    /// The share of transfers without a reporting amount above which `analyze` stops.
    static let missingRateLimit = 0.05

    func validate() throws {
        if let threads, threads < 1 { throw ValidationError("--threads must be at least 1") }
        guard CurrencyCode(reportingCurrency) != nil else {
            throw ValidationError("--reporting-currency '\(reportingCurrency)' is not an ISO 4217 currency code")
        }
    }

    func run() throws {
        try mapErrors {
            let rules = try AnalysisRules.loadForRun(path: rules, profile: profile, only: only, skip: skip)
            let store = try global.openStore(mustExist: true, access: .readWrite)
            let (transferCount, missing) = try store.missingReportingAmounts()
            guard transferCount > 0 else {
                throw CommandError(
                    .noTransfers,
                    "the database holds no transfers between brokers to analyse; import some with `hawala ingest FILE`",
                    location: SourceLocation(file: global.db))
            }
            let without = missing.reduce(0) { $0 + $1.count }
            if Double(without) > Self.missingRateLimit * Double(transferCount) && !allowMissingRates {
                let list = missing.map { "\($0.currency) \($0.count)" }.joined(separator: ", ")
                throw CommandError(
                    .missingRates,
                    "\(without) of \(transferCount) transfers (\(String(format: "%.1f", 100 * Double(without) / Double(transferCount)))%) have no amount in "
                        + "\(currency) because no exchange rate is stored (\(list)); the analysis would leave them out. "
                        + "Load rates with `hawala rates import RATES.csv` (or `hawala ingest --rates RATES.csv FILE`), "
                        + "or give --allow-missing-rates to analyse without them",
                    location: SourceLocation(file: global.db))
            }
            printError("reading \(transferCount) transfers from \(global.db)")
            var builder = TransferGraph.Builder(currency: currency)
            builder.reserveCapacity(transferCount)
            try store.forEachTransfer(brokerTransfersOnly: true) { t in try builder.append(t) }
            let graph = builder.build()
            let result = try AnalysisEngine.run(graph: graph, rules: rules, threads: threadCount) { report in
                printError(report.line)
            }
            let info = result.runInfo(id: "")
            let runID = try store.saveAnalysisRun(
                startedAt: result.startedAt, finishedAt: result.finishedAt,
                parametersJSON: String(decoding: try JSONCoding.encoder().encode(info), as: UTF8.self),
                snapshot: HawalaStore.DataSnapshot(
                    transferCount: result.snapshot.transferCount, firstAt: result.snapshot.firstAt,
                    lastAt: result.snapshot.lastAt, toolVersion: HawalaVersion.current),
                findings: result.findings)
            if result.snapshot.skippedTransfers > 0 {
                printError(
                    "note: \(result.snapshot.skippedTransfers) transfers have no amount in \(currency) (no exchange rate) "
                        + "and were left out; see `hawala rates import`")
            }
            // The engine's own "no exchange rate" note is the one printed above, with the hint.
            for note in result.notes where !note.contains("(no exchange rate)") { printError("note: \(note)") }
            let count = result.findings.count
            print("analysis run \(runID): \(result.snapshot.transferCount) transfers, \(count) \(count == 1 ? "finding" : "findings")")
            for line in result.summaryLines { print(line) }
            let investigation = Investigation(store: store)
            if let comparison = try investigation.compareWithPrevious(try investigation.loadRun(String(runID))) {
                print(comparison.summary)
            }
        }
    }
}

extension FindingOrder: ExpressibleByArgument {}

struct Findings: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "List the findings of an analysis run.")
    @OptionGroup var global: GlobalOptions

    @Option(name: .customLong("run"), help: "The analysis run id (default: the latest).")
    var runID: String?

    @Option(name: .long, help: "Only this typology (e.g. cycle, fan_in).")
    var typology: String?

    @Option(name: .long, help: "Only findings naming this broker id.")
    var broker: String?

    @Option(name: .long, help: "Order: id (the run's order), score, amount or time.")
    var sort: FindingOrder = .id

    @Option(name: .long, help: "List at most this many findings (after sorting).")
    var limit: Int?

    @Option(name: .long, help: "Output format: text, json or csv.")
    var format: OutputFormat = .text

    @Option(name: .long, help: "Only findings that are new or grew since this analysis run (with their key, status and change).")
    var newSince: String?

    @Option(
        name: .long,
        help: "Only findings with this review status: open, under_review, confirmed, dismissed, escalated or reopened (default: all but dismissed).")
    var status: String?

    func validate() throws {
        if let limit, limit < 1 { throw ValidationError("--limit must be at least 1") }
        if let status, StatusFilter(rawValue: status) == nil {
            throw ValidationError(
                "unknown status '\(status)' (known: \(StatusFilter.allCases.map(\.rawValue).joined(separator: ", ")))")
        }
        if let typology, AnalysisRules.typology(named: typology) == nil {
            throw ValidationError(
                "unknown typology '\(typology)' (known: \(Typology.allCases.map(\.rawValue).joined(separator: ", ")))")
        }
    }

    func run() throws {
        try mapErrors {
            var filter = FindingFilter(broker: broker)
            filter.typology = typology.flatMap(AnalysisRules.typology(named:))  // checked in validate()
            let store = try global.openStore(mustExist: true)
            let loaded = try loadRun(store, id: runID)
            if let broker, !loaded.findings.contains(where: { $0.brokers.contains(broker) }) {
                printError("note: no finding of run \(loaded.id) names broker \(broker) (broker ids are case-sensitive; see `hawala brokers`)")
            }
            let runInfo = loaded.info
            let listing = try Investigation(store: store).listing(
                loaded, newSince: newSince, status: status.flatMap(StatusFilter.init(rawValue:)))
            let listed = Dictionary(listing.map { ($0.finding.id, $0) }, uniquingKeysWith: { first, _ in first })
            var findings = sort.sorted(filter.apply(loaded.findings.filter { listed[$0.id] != nil }))
            if status == nil, newSince == nil, case let hidden = loaded.findings.count - listed.count, hidden > 0 {
                printError("note: \(hidden) dismissed finding\(hidden == 1 ? " is" : "s are") not listed (see them with --status dismissed)")
            }
            if let limit { findings = Array(findings.prefix(limit)) }
            if newSince != nil || status != nil, format == .text {
                let rows = findings.compactMap { listed[$0.id] }.map { item in
                    [item.finding.id, item.key, item.finding.typology.rawValue, String(format: "%.2f", item.finding.score),
                     Money.readable(item.finding.amount, item.finding.currency), item.state.label, item.changeText,
                     item.finding.explanation]
                }
                print(
                    FindingsRenderer.table(
                        header: ["ID", "KEY", "TYPOLOGY", "SCORE", "AMOUNT", "STATUS", "CHANGE", "EXPLANATION"], rows: rows,
                        rightAligned: [3, 4]), terminator: "")
                return
            }
            switch format {
            case .text: print(FindingsRenderer.text(findings), terminator: "")
            case .csv: print(FindingsRenderer.csv(findings), terminator: "")
            case .json: print(try FindingsRenderer.json(run: runInfo, findings: findings), terminator: "")
            }
        }
    }
}

struct Brokers: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Rank brokers by risk, with the reasons.",
        discussion: "The risk score and its weights are documented in docs/detectors.md.")
    @OptionGroup var global: GlobalOptions

    @Option(name: .long, help: "How many brokers to list.")
    var top: Int = 20

    @Option(name: .long, help: "Output format: text, json or csv.")
    var format: OutputFormat = .text

    @Option(name: .customLong("run"), help: "The analysis run id (default: the latest).")
    var runID: String?

    func validate() throws {
        if top < 1 { throw ValidationError("--top must be at least 1") }
    }

    func run() throws {
        try mapErrors {
            let store = try global.openStore(mustExist: true)
            let loaded = try loadRun(store, id: runID)
            let named = Set(loaded.findings.flatMap(\.brokers))
            let brokers = try store.brokers(ids: named.sorted())
            let ranking = BrokerRisk.rank(findings: loaded.findings, brokers: brokers, top: top)
            switch format {
            case .text: print(FindingsRenderer.text(ranking), terminator: "")
            case .json: print(try FindingsRenderer.json(ranking), terminator: "")
            case .csv:
                print("rank,broker,name,score,findings,reasons")
                for (i, r) in ranking.enumerated() {
                    let fields = [
                        String(i + 1), r.broker, r.name ?? "", String(format: "%.3f", r.score), String(r.findingCount),
                        r.reasons.joined(separator: "; "),
                    ]
                    print(fields.map(FindingsRenderer.csvField).joined(separator: ","))
                }
            }
        }
    }
}

struct Rules: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Print the default rules file, or a built-in profile's, with comments.",
        discussion: "Profiles: \(RulesProfile.allCases.map { "\($0.rawValue) (\($0.summary))" }.joined(separator: "; ")).")
    /// Accepted like every command's (README: every command takes --db); unused here.
    @OptionGroup var global: GlobalOptions

    @Option(name: .long, help: "A built-in rules profile: default or amlsim.")
    var profile: String?

    func run() throws {
        try mapErrors {
            let chosen = try profile.map(RulesProfile.named) ?? .default
            print(chosen.text, terminator: "")
        }
    }
}
