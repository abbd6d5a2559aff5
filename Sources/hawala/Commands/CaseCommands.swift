import ArgumentParser
import Foundation
import HawalaAnalysis
import HawalaCore
import HawalaInvestigation
import HawalaReport
import HawalaStore

// Commands of issue 12 (from findings to cases): review, networks, case. All logic is in
// HawalaInvestigation; see docs/cases.md.

extension ReviewStatus: ExpressibleByArgument {}

struct Review: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Record a decision on findings in the append-only review log.",
        discussion: """
            Each decision is a new log entry (who, when, from which status to which, the note); \
            entries are never changed or deleted, and the current status is the latest entry. \
            A decision follows the finding to later runs through its stable key. \
            `hawala review --log` prints the log. See docs/cases.md.
            """)
    @OptionGroup var global: GlobalOptions

    @Argument(help: "Finding ids (F-000031) or keys (cycle-3f9a1c0b7d2e4f61) of the run.")
    var findings: [String] = []

    @Option(name: .long, help: "The decision: under_review, confirmed, dismissed or escalated.")
    var status: ReviewStatus?

    @Option(name: .long, help: "A note (e.g. why it was dismissed).")
    var note: String?

    @Option(name: .long, help: "Who decides (default: the session's user name).")
    var by: String?

    @Option(name: .customLong("run"), help: "The analysis run the ids refer to (default: the latest).")
    var runID: String?

    @Flag(name: .long, help: "Print the review log (all entries, or those of the named findings) instead.")
    var log = false

    func validate() throws {
        if log {
            if status != nil || note != nil || by != nil { throw ValidationError("--log prints the log; it takes no --status, --note or --by") }
            return
        }
        guard !findings.isEmpty else { throw ValidationError("name at least one finding (id or key)") }
        guard status != nil else { throw ValidationError("give --status under_review|confirmed|dismissed|escalated") }
    }

    func run() throws {
        try mapErrors {
            let investigation = try global.investigation(access: .readWrite)
            if log {
                var keys: [String]?
                if !findings.isEmpty {
                    let loaded = try investigation.loadRun(runID)
                    keys = try Investigation.select(loaded.findings, findings, run: loaded.id).map(FindingKey.key)
                }
                print(Self.text(try investigation.store.reviews(keys: keys)), terminator: "")
                return
            }
            let entries = try investigation.review(
                findings, run: runID, status: status ?? .underReview, note: note, by: sessionUser(by), at: wholeSecondsNow())
            print(Self.text(entries), terminator: "")
        }
    }

    /// The log as a table.
    static func text(_ entries: [ReviewEntry]) -> String {
        let rows = entries.map { e in
            [String(e.id), UTCTime.iso8601(e.at), e.finding.findingID ?? "", e.finding.runID.map(String.init) ?? "",
             e.finding.key, "\(e.from?.rawValue ?? "open") -> \(e.to.rawValue)", e.by, e.note ?? ""]
        }
        return FindingsRenderer.table(
            header: ["ENTRY", "AT (UTC)", "FINDING", "RUN", "KEY", "STATUS", "BY", "NOTE"], rows: rows, rightAligned: [0, 3])
    }
}

/// The flags that override the network grouping's defaults (docs/cases.md).
struct NetworkOptions: ParsableArguments {
    @Option(name: .long, help: "A broker in at least this many findings is a hub candidate (default 3).")
    var hubMinFindings: Int?

    @Option(name: .long, help: "A candidate whose findings fall into at least this many groups without its links is a hub (default 3).")
    var hubMinGroups: Int?

    @Option(name: .long, help: "Non-hub brokers two findings must share to be linked (fewer when a finding has fewer).")
    var minSharedBrokers: Int?

    @Option(name: .customLong("network-rules"), help: "A JSON file of network parameters and score weights (docs/cases.md); flags override it.")
    var networkRules: String?

    func validate() throws {
        if let minSharedBrokers, minSharedBrokers < 1 { throw ValidationError("--min-shared-brokers must be at least 1") }
        if let hubMinFindings, hubMinFindings < 2 { throw ValidationError("--hub-min-findings must be at least 2") }
        if let hubMinGroups, hubMinGroups < 2 { throw ValidationError("--hub-min-groups must be at least 2") }
    }

    /// The rules file (or the defaults), then the flags.
    /// - Throws: ``InvestigationError`` for an unreadable or wrong rules file.
    func rules() throws -> NetworkRules {
        var rules = try networkRules.map(NetworkRules.load(path:)) ?? NetworkRules()
        if let hubMinFindings { rules.hubMinFindings = hubMinFindings }
        if let hubMinGroups { rules.hubMinGroups = hubMinGroups }
        if let minSharedBrokers { rules.minSharedBrokers = minSharedBrokers }
        return rules
    }
}

struct Networks: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Group a run's findings into networks of brokers, ranked by a combined score.",
        discussion: """
            Findings that share a transfer or a broker are one network; a broker in findings of \
            otherwise separate groups is treated as a hub and links nothing (listed below the \
            table). Dismissed findings are left out. See docs/cases.md.
            """,
        subcommands: [NetworksList.self, NetworksShow.self], defaultSubcommand: NetworksList.self)
}

struct NetworksList: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List the networks (the default).")
    @OptionGroup var global: GlobalOptions
    @OptionGroup var options: NetworkOptions

    @Option(name: .customLong("run"), help: "The analysis run (default: the latest).")
    var runID: String?

    @Option(name: .long, help: "Output format: text or json.")
    var format: RecordFormat = .text

    func run() throws {
        try mapErrors {
            let (loaded, grouping, _) = try global.investigation().networks(run: runID, rules: try options.rules())
            if format == .json {
                print(try grouping.json(run: loaded.id), terminator: "")
                return
            }
            let rows = grouping.networks.map { n in
                [String(n.number), String(format: "%.3f", n.score), String(n.findings.count), String(n.brokers.count),
                 Money.readable(n.amount, n.currency), n.typologies.map(\.rawValue).joined(separator: ","),
                 UTCTime.iso8601(n.firstAt), UTCTime.iso8601(n.lastAt), Self.brokerText(n)]
            }
            let networks = grouping.networks.count
            let findings = grouping.networks.reduce(0) { $0 + $1.findings.count }
            print("run \(loaded.id): \(counted(networks, "network")) of \(counted(findings, "finding"))")
            print(
                FindingsRenderer.table(
                    header: ["N", "SCORE", "FINDINGS", "BROKERS", "AMOUNT", "TYPOLOGIES", "FIRST (UTC)", "LAST (UTC)", "BROKER IDS"],
                    rows: rows, rightAligned: [0, 1, 2, 3, 4]), terminator: "")
            print(Self.hubText(grouping.hubs), terminator: "")
        }
    }

    /// The first brokers of a network, then how many more.
    static func brokerText(_ network: FindingNetwork) -> String {
        let shown = network.brokers.prefix(6).map { network.hubs.contains($0) ? "\($0) (hub)" : $0 }
        return shown.joined(separator: ", ") + (network.brokers.count > 6 ? ", … \(network.brokers.count - 6) more" : "")
    }

    /// `hubs (not linking networks): X (9 findings in 4 groups)`.
    static func hubText(_ hubs: [NetworkHub]) -> String {
        guard !hubs.isEmpty else { return "hubs: none\n" }
        return "hubs (in findings of separate groups; not linking them): "
            + hubs.map { "\($0.broker) (\($0.findings) findings in \($0.groups) groups)" }.joined(separator: ", ") + "\n"
    }
}

struct NetworksShow: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show", abstract: "One network: brokers, findings, typologies, amount, span, and its picture.")
    @OptionGroup var global: GlobalOptions
    @OptionGroup var options: NetworkOptions

    @Argument(help: "The network's number (from `hawala networks`).")
    var number: Int

    @Option(name: .customLong("run"), help: "The analysis run (default: the latest).")
    var runID: String?

    @Option(name: .long, help: "Also write the network's picture (self-contained SVG) to this file.")
    var svg: String?

    func run() throws {
        try mapErrors {
            if let svg { try requireOutputFile(svg) }
            let investigation = try global.investigation()
            let (loaded, grouping, states) = try investigation.networks(run: runID, rules: try options.rules())
            let network = try Investigation.network(number, in: grouping, run: loaded.id)
            print("network \(network.number) of run \(loaded.id): score \(String(format: "%.3f", network.score))")
            print("brokers:    \(network.brokers.map { network.hubs.contains($0) ? "\($0) (hub)" : $0 }.joined(separator: ", "))")
            print("typologies: \(network.typologies.map(\.rawValue).joined(separator: ", "))")
            print("amount:     \(Money.readable(network.amount, network.currency)) (sum of its findings)")
            print("first:      \(UTCTime.iso8601(network.firstAt))")
            print("last:       \(UTCTime.iso8601(network.lastAt))")
            print("findings:")
            let rows = network.findings.map { f in
                [f.id, FindingKey.key(f), f.typology.rawValue, Money.readable(f.amount, f.currency),
                 (states[f.id] ?? .open).label, f.brokers.joined(separator: " ")]
            }
            print(
                FindingsRenderer.table(
                    header: ["ID", "KEY", "TYPOLOGY", "AMOUNT", "STATUS", "BROKERS"], rows: rows, rightAligned: [3]),
                terminator: "")
            if let svg {
                var selected = loaded
                selected.findings = network.findings
                let input = try investigation.reportInput(selected, allFindings: loaded.findings, includeDismissed: true)
                try writeOutput(NetworkPicture.standalone(input, network: input.networks[0]), to: svg)
                print("picture:    \(svg)")
            } else {
                print("picture:    `hawala networks show \(number) --svg FILE`, or the networks section of `hawala report`")
            }
        }
    }
}

struct Case: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Cases: named sets of findings (by key) with notes and their review history.",
        discussion: "`hawala export --case NAME` packages exactly a case. See docs/cases.md.",
        subcommands: [CaseOpen.self, CaseAdd.self, CaseList.self, CaseShow.self])
}

/// What `case open` and `case add` take.
struct CaseContent: ParsableArguments {
    @Option(name: .long, help: "Add the findings of this network (from `hawala networks`).")
    var network: Int?

    @Option(name: .customLong("finding"), parsing: .upToNextOption, help: "Add these findings (ids or keys; repeatable).")
    var findings: [String] = []

    @Option(name: .customLong("run"), help: "The analysis run of --network/--finding (default: the latest).")
    var runID: String?

    @Option(name: .long, help: "A note on the case.")
    var note: String?

    @Option(name: .long, help: "Who (default: the session's user name).")
    var by: String?

    @OptionGroup var networkOptions: NetworkOptions
}

struct CaseOpen: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "open", abstract: "Open a case holding a network's findings or named findings.")
    @OptionGroup var global: GlobalOptions

    @Argument(help: "The case's name, e.g. CASE-2026-0042.")
    var name: String

    @OptionGroup var content: CaseContent

    func validate() throws {
        if content.network == nil, content.findings.isEmpty { throw ValidationError("give --network N or --finding F...") }
    }

    func run() throws {
        try mapErrors {
            let count = try global.investigation(access: .readWrite).openCase(
                name, network: content.network, findings: content.findings, run: content.runID, note: content.note,
                by: sessionUser(content.by), at: wholeSecondsNow(), rules: try content.networkOptions.rules())
            print("case \(name) opened with \(count) \(count == 1 ? "finding" : "findings")")
        }
    }
}

struct CaseAdd: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "add", abstract: "Add findings or a note to a case.")
    @OptionGroup var global: GlobalOptions

    @Argument(help: "The case's name.")
    var name: String

    @OptionGroup var content: CaseContent

    func validate() throws {
        if content.network == nil, content.findings.isEmpty, content.note == nil {
            throw ValidationError("give --network N, --finding F... or --note TEXT")
        }
    }

    func run() throws {
        try mapErrors {
            let added = try global.investigation(access: .readWrite).addToCase(
                name, network: content.network, findings: content.findings, run: content.runID, note: content.note,
                by: sessionUser(content.by), at: wholeSecondsNow(), rules: try content.networkOptions.rules())
            print("case \(name): \(added) \(added == 1 ? "finding" : "findings") added" + (content.note == nil ? "" : ", note added"))
        }
    }
}

struct CaseList: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List the cases.")
    @OptionGroup var global: GlobalOptions

    func run() throws {
        try mapErrors {
            let cases = try global.investigation().store.cases()
            let rows = cases.map { c in
                [c.name, UTCTime.iso8601(c.openedAt), c.openedBy, String(c.findings.count), String(c.notes.count)]
            }
            print(
                FindingsRenderer.table(
                    header: ["CASE", "OPENED (UTC)", "BY", "FINDINGS", "NOTES"], rows: rows, rightAligned: [3, 4]),
                terminator: "")
        }
    }
}

struct CaseShow: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show", abstract: "A case: its findings as they stand in the latest run, notes and review history.")
    @OptionGroup var global: GlobalOptions

    @Argument(help: "The case's name.")
    var name: String

    func run() throws {
        try mapErrors {
            let view = try global.investigation().caseView(name)
            print("case \(view.stored.name): opened by \(view.stored.openedBy) at \(UTCTime.iso8601(view.stored.openedAt))")
            print("findings (as in run \(view.run?.id ?? "none")):")
            let rows = view.findings.map { item -> [String] in
                let current = item.current
                var where_ = current.map { $0.id } ?? "gone (was \(item.entry.finding.findingID ?? "?") in run \(item.entry.finding.runID.map(String.init) ?? "?"))"
                if let current, FindingKey.key(current) != item.entry.finding.key { where_ += " (grew)" }
                return [item.entry.finding.key, where_, item.entry.finding.typology.rawValue,
                        Money.readable(current?.amount ?? item.entry.finding.amount, item.entry.finding.currency), item.state.label,
                        (current?.brokers ?? item.entry.finding.brokers).joined(separator: " ")]
            }
            print(
                FindingsRenderer.table(
                    header: ["KEY", "FINDING", "TYPOLOGY", "AMOUNT", "STATUS", "BROKERS"], rows: rows, rightAligned: [3]),
                terminator: "")
            print("notes:")
            if view.stored.notes.isEmpty { print("  none") }
            for note in view.stored.notes { print("  \(UTCTime.iso8601(note.at)) \(note.by): \(note.text)") }
            print("reviews:")
            if view.reviews.isEmpty { print("  none") } else { print(Review.text(view.reviews), terminator: "") }
        }
    }
}
