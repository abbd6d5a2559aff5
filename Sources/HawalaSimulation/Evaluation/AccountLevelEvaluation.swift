import Foundation
import HawalaCore

/// Which brokers of a finding count as flagged accounts.
public enum AccountCounting: String, Sendable, Codable, Hashable, CaseIterable {
    /// The finding's subjects: the hub of `fan_in`, `fan_out` and `gather_scatter` (the first
    /// broker), the source and destination of `scatter_gather` (first and last), every broker
    /// of the other typologies — the brokers central to the pattern, as in broker risk
    /// (docs/detectors.md). A fan-in names its senders too, but they are the hub's
    /// counterparties, not what the finding is about.
    case subjects
    /// Every broker the finding names.
    case named

    /// The brokers of `finding` counted under this mode.
    /// - Parameter finding: a finding.
    /// - Returns: its counted brokers.
    public func accounts(of finding: Finding) -> [String] {
        guard self == .subjects, let first = finding.brokers.first else { return finding.brokers }
        switch finding.typology {
        case .fanIn, .fanOut, .gatherScatter: return [first]
        case .scatterGather: return finding.brokers.count > 1 ? [first, finding.brokers[finding.brokers.count - 1]] : [first]
        default: return finding.brokers
        }
    }
}

/// Account-level scores against AMLSim's `nodes.csv`: brokers of findings (per
/// ``AccountCounting``) are the flagged accounts, accounts with `isFraud=1` the marked ones.
public struct AccountLevelReport: Sendable, Codable, Hashable {
    /// The analysis run scored, when known.
    public var run: String?
    /// Which brokers of a finding were counted.
    public var counting: AccountCounting
    /// The typologies whose findings count (all when empty).
    public var typologies: [Typology]
    /// Accounts in nodes.csv.
    public var accounts: Int
    /// Accounts marked `isFraud=1`.
    public var marked: Int
    /// Accounts of nodes.csv named in a counted finding.
    public var flagged: Int
    /// Accounts both marked and flagged.
    public var markedFlagged: Int
    /// Brokers named in findings that are not in nodes.csv (not counted in ``flagged``).
    public var flaggedUnknown: Int
    /// Share of marked accounts that are flagged (`markedFlagged / marked`), `nil` when none is marked.
    public var recall: Double?
    /// Share of flagged accounts that are marked (`markedFlagged / flagged`), `nil` when none is flagged.
    public var precision: Double?
    /// Share of all accounts that are marked: the precision of flagging at random.
    public var baseRate: Double?

    enum CodingKeys: String, CodingKey {
        case run, typologies, counting, accounts, marked, flagged
        case markedFlagged = "marked_flagged"
        case flaggedUnknown = "flagged_unknown"
        case recall, precision
        case baseRate = "base_rate"
    }
}

/// Account-level evaluation for AMLSim sets (IBM AMLSim, `nodes.csv` =
/// `nodeid,isFraud,init_balance,fraudStep`; see ../shared/notes/formats.md).
public enum AccountLevelEvaluation {
    /// Reads `nodes.csv`: the columns `nodeid` and `isFraud` found by name (any case, any
    /// position); `isFraud` is `1`/`0` or `true`/`false`.
    /// - Parameter url: the file.
    /// - Returns: for each node id, whether it is marked.
    /// - Throws: ``SimulationError`` `missingInput` when unreadable, `malformed` naming the
    ///   line and field of a missing column or a bad value.
    public static func readNodes(from url: URL) throws -> [String: Bool] {
        let text: String
        do { text = try String(contentsOf: url, encoding: .utf8) } catch {
            throw SimulationError(.missingInput, "cannot read nodes.csv", location: SourceLocation(file: url.path),
                                  underlying: error)
        }
        var lines = text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" })
        while let last = lines.last, last.trimmingCharacters(in: .whitespaces).isEmpty { lines.removeLast() }
        guard let header = lines.first else {
            throw SimulationError(.malformed, "nodes.csv is empty", location: SourceLocation(file: url.path, line: 1))
        }
        let names = header.split(separator: ",", omittingEmptySubsequences: false).map {
            $0.trimmingCharacters(in: .whitespaces).lowercased()
        }
        guard let idColumn = names.firstIndex(of: "nodeid") else {
            throw SimulationError(.malformed, "no nodeid column in the header", location: SourceLocation(file: url.path, line: 1, field: "nodeid"))
        }
        guard let fraudColumn = names.firstIndex(of: "isfraud") else {
            throw SimulationError(.malformed, "no isFraud column in the header", location: SourceLocation(file: url.path, line: 1, field: "isFraud"))
        }
        var nodes: [String: Bool] = [:]
        for (offset, line) in lines.enumerated().dropFirst() {
            let fields = line.split(separator: ",", omittingEmptySubsequences: false)
            let location = SourceLocation(file: url.path, line: offset + 1)
            guard fields.count > max(idColumn, fraudColumn) else {
                throw SimulationError(.malformed, "expected \(names.count) fields, found \(fields.count)", location: location)
            }
            let id = fields[idColumn].trimmingCharacters(in: .whitespaces)
            guard !id.isEmpty else {
                var at = location
                at.field = "nodeid"
                throw SimulationError(.malformed, "empty nodeid", location: at)
            }
            switch fields[fraudColumn].trimmingCharacters(in: .whitespaces).lowercased() {
            case "1", "true": nodes[id] = true
            case "0", "false": nodes[id] = false
            case let other:
                var at = location
                at.field = "isFraud"
                throw SimulationError(.malformed, "isFraud '\(other)': expected 0 or 1", location: at)
            }
        }
        return nodes
    }

    /// The typologies whose findings count for the pattern kinds asked: AMLSim's `cycle`
    /// label covers value going round a ring in any order, so `cycle` counts both `cycle`
    /// and `settlement_ring` findings (docs/evaluation.md); the others count themselves.
    /// - Parameter typologies: the kinds asked (empty = all).
    /// - Returns: the typologies counted (empty = all).
    public static func countedTypologies(_ typologies: Set<Typology>) -> Set<Typology> {
        typologies.contains(.cycle) ? typologies.union([.settlementRing]) : typologies
    }

    /// Scores findings at account level.
    /// - Parameters:
    ///   - findings: the findings of one run.
    ///   - nodes: node id → marked, from ``readNodes(from:)``.
    ///   - typologies: the typologies counted (e.g. cycle and fan_in); all when empty.
    ///     `cycle` brings `settlement_ring` with it (``countedTypologies(_:)``).
    ///   - brokerPrefix: what the importer puts before a node id to make its broker id
    ///     (`""` when the broker id is the node id).
    ///   - counting: which brokers of a finding are flagged (default: its subjects).
    ///   - run: the run's id, echoed in the report.
    /// - Returns: the report.
    public static func score(
        findings: [Finding], nodes: [String: Bool], typologies: Set<Typology> = [], brokerPrefix: String = "",
        counting: AccountCounting = .subjects, run: String? = nil
    ) -> AccountLevelReport {
        let typologies = countedTypologies(typologies)
        var flaggedBrokers = Set<String>()
        for f in findings where typologies.isEmpty || typologies.contains(f.typology) {
            flaggedBrokers.formUnion(counting.accounts(of: f))
        }
        var flagged = 0, both = 0, unknown = 0
        for broker in flaggedBrokers {
            let node = broker.hasPrefix(brokerPrefix) ? String(broker.dropFirst(brokerPrefix.count)) : broker
            guard let marked = nodes[node] else {
                unknown += 1
                continue
            }
            flagged += 1
            if marked { both += 1 }
        }
        let marked = nodes.values.filter { $0 }.count
        return AccountLevelReport(
            run: run, counting: counting, typologies: typologies.sorted(), accounts: nodes.count, marked: marked, flagged: flagged,
            markedFlagged: both, flaggedUnknown: unknown,
            recall: marked > 0 ? Double(both) / Double(marked) : nil,
            precision: flagged > 0 ? Double(both) / Double(flagged) : nil,
            baseRate: nodes.isEmpty ? nil : Double(marked) / Double(nodes.count))
    }

    /// A readable summary of the report.
    /// - Parameter report: the report.
    /// - Returns: text ending with a newline.
    public static func text(_ report: AccountLevelReport) -> String {
        func share(_ value: Double?) -> String { value.map { String(format: "%.3f", $0) } ?? "-" }
        let kinds = report.typologies.isEmpty ? "all typologies" : report.typologies.map(\.rawValue).joined(separator: ", ")
        var lines = [
            "Account-level evaluation of \(report.run.map { "run \($0)" } ?? "findings") (\(kinds); accounts counted: \(report.counting.rawValue))",
            "accounts             \(report.accounts)",
            "marked (isFraud=1)   \(report.marked)  (base rate \(share(report.baseRate)))",
            "flagged              \(report.flagged)",
            "marked and flagged   \(report.markedFlagged)",
            "recall               \(share(report.recall))  (share of marked accounts found)",
            "precision            \(share(report.precision))  (share of flagged accounts that are marked)",
        ]
        if report.flaggedUnknown > 0 {
            lines.append("not in nodes.csv     \(report.flaggedUnknown) flagged brokers (check the broker prefix)")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The report as JSON (``JSONCoding/encoder()``).
    /// - Parameter report: the report.
    /// - Returns: the JSON text.
    /// - Throws: an `EncodingError` (not expected for these types).
    public static func json(_ report: AccountLevelReport) throws -> String {
        String(decoding: try JSONCoding.encoder().encode(report), as: UTF8.self) + "\n"
    }
}
