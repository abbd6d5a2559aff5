import Foundation
import HawalaCore

/// The parameters of grouping findings into networks (docs/cases.md, "Networks"); every one
/// can be overridden with `hawala networks` flags.
public struct NetworkRules: Hashable, Sendable, Codable {
    /// A broker in at least this many findings is a hub candidate (default 3).
    public var hubMinFindings: Int = 3
    /// Findings sharing no transfer must share this many non-hub brokers to be linked, or all
    /// the non-hub brokers of the smaller one when it has fewer (default 2).
    public var minSharedBrokers: Int = 2
    /// A hub candidate whose findings fall into at least this many groups when its own links
    /// are left out is treated as a hub and links nothing (default 3).
    public var hubMinGroups: Int = 3
    /// Score weights: findings, typologies, amount, brokers, review status (sum 1).
    public var weightFindings = 0.30
    public var weightTypologies = 0.20
    public var weightAmount = 0.25
    public var weightBrokers = 0.15
    public var weightReview = 0.10
    /// Findings at which the findings term saturates (default 10).
    public var findingsScale = 10.0
    /// Distinct typologies at which the typology term saturates (default 4).
    public var typologiesScale = 4.0
    /// Amount (reporting currency, major units) at which the amount term saturates, on a
    /// log10 scale (default 10,000,000).
    public var amountScale = 10_000_000.0
    /// Brokers at which the brokers term saturates (default 10).
    public var brokersScale = 10.0

    /// The defaults.
    public init() {}

    /// Reads parameters from JSON (`{"hub_min_findings": 4, ...}`); a missing key keeps its default.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let d = NetworkRules()
        hubMinFindings = try c.decodeIfPresent(Int.self, forKey: .hubMinFindings) ?? d.hubMinFindings
        hubMinGroups = try c.decodeIfPresent(Int.self, forKey: .hubMinGroups) ?? d.hubMinGroups
        minSharedBrokers = try c.decodeIfPresent(Int.self, forKey: .minSharedBrokers) ?? d.minSharedBrokers
        weightFindings = try c.decodeIfPresent(Double.self, forKey: .weightFindings) ?? d.weightFindings
        weightTypologies = try c.decodeIfPresent(Double.self, forKey: .weightTypologies) ?? d.weightTypologies
        weightAmount = try c.decodeIfPresent(Double.self, forKey: .weightAmount) ?? d.weightAmount
        weightBrokers = try c.decodeIfPresent(Double.self, forKey: .weightBrokers) ?? d.weightBrokers
        weightReview = try c.decodeIfPresent(Double.self, forKey: .weightReview) ?? d.weightReview
        findingsScale = try c.decodeIfPresent(Double.self, forKey: .findingsScale) ?? d.findingsScale
        typologiesScale = try c.decodeIfPresent(Double.self, forKey: .typologiesScale) ?? d.typologiesScale
        amountScale = try c.decodeIfPresent(Double.self, forKey: .amountScale) ?? d.amountScale
        brokersScale = try c.decodeIfPresent(Double.self, forKey: .brokersScale) ?? d.brokersScale
    }

    /// Reads a network rules file (JSON object, keys as in docs/cases.md; unknown keys refused).
    /// - Parameter path: the file.
    /// - Returns: the rules.
    /// - Throws: ``InvestigationError`` `.invalidRequest` naming the file when it cannot be read
    ///   or holds an unknown key or a value of the wrong kind.
    public static func load(path: String) throws -> NetworkRules {
        let location = SourceLocation(file: path)
        guard let data = FileManager.default.contents(atPath: path) else {
            throw InvestigationError(.invalidRequest, "no such file; expected a network rules file (JSON)", location: location)
        }
        do {
            let object = try JSONSerialization.jsonObject(with: data) as? [String: Any] ?? [:]
            let known = Set(["hub_min_findings", "hub_min_groups", "min_shared_brokers", "weight_findings", "weight_typologies",
                             "weight_amount", "weight_brokers", "weight_review", "findings_scale", "typologies_scale",
                             "amount_scale", "brokers_scale"])
            if let unknown = object.keys.sorted().first(where: { !known.contains($0) }) {
                throw InvestigationError(
                    .invalidRequest, "unknown key '\(unknown)' (known: \(known.sorted().joined(separator: ", ")))",
                    location: location)
            }
            return try JSONDecoder().decode(NetworkRules.self, from: data)
        } catch let error as InvestigationError {
            throw error
        } catch {
            throw InvestigationError(.invalidRequest, "not a network rules file (a JSON object of numbers)", location: location, underlying: error)
        }
    }

    enum CodingKeys: String, CodingKey {
        case hubMinFindings = "hub_min_findings"
        case hubMinGroups = "hub_min_groups"
        case minSharedBrokers = "min_shared_brokers"
        case weightFindings = "weight_findings"
        case weightTypologies = "weight_typologies"
        case weightAmount = "weight_amount"
        case weightBrokers = "weight_brokers"
        case weightReview = "weight_review"
        case findingsScale = "findings_scale"
        case typologiesScale = "typologies_scale"
        case amountScale = "amount_scale"
        case brokersScale = "brokers_scale"
    }
}

/// A broker that sits in findings of otherwise unrelated groups and was kept from linking them.
public struct NetworkHub: Hashable, Sendable, Codable {
    /// The broker's id.
    public var broker: String
    /// How many findings name it.
    public var findings: Int
    /// How many separate groups those findings fall into without it.
    public var groups: Int
}

/// Findings that belong together: they share transfers or (non-hub) brokers.
public struct FindingNetwork: Hashable, Sendable {
    /// The network's rank in its run, from 1 (highest score first).
    public var number: Int
    /// Its findings, in the run's order.
    public var findings: [Finding]
    /// Its brokers, sorted.
    public var brokers: [String]
    /// The hubs among its brokers (shared with other networks, not linking them).
    public var hubs: [String]
    /// Its typologies, in ``Typology`` order.
    public var typologies: [Typology]
    /// Total amount of the distinct transfers behind its findings is not known here; this is
    /// the sum of the findings' amounts (major units of ``currency``); a transfer in two
    /// findings counts twice.
    public var amount: Double
    /// The reporting currency.
    public var currency: CurrencyCode
    /// The first and last transfer time over its findings, UTC.
    public var firstAt: Date
    public var lastAt: Date
    /// The combined score, 0...1 (docs/cases.md).
    public var score: Double
}

/// The networks of a set of findings and the hubs that were kept from merging them.
public struct NetworkGrouping: Sendable {
    /// The networks, highest score first (``FindingNetwork/number`` = position + 1).
    public var networks: [FindingNetwork]
    /// The brokers treated as hubs, most findings first.
    public var hubs: [NetworkHub]

    /// Groups findings into networks with the strong-link rule (docs/cases.md).
    ///
    /// Two findings are linked when they share a transfer, or share at least
    /// `min(minSharedBrokers, b₁, b₂)` brokers that are not hubs (at least one), b₁ and b₂ being
    /// how many non-hub brokers each has: findings over many brokers must share two of them, a
    /// pair finding (imbalance, spike) its one non-hub broker. A broker named by at least
    /// `hubMinFindings` findings is a hub candidate; with its own links left out, its findings
    /// fall into groups (connected components, union–find); when there are at least
    /// `hubMinGroups` of them it is a hub and links nothing, otherwise it links as any broker.
    /// Cost: one union–find pass over the linked pairs per candidate. Networks are the connected components of the links. This applies the "strong
    /// tie" idea (Granovetter 1973) as link-analysis practice treats supernodes: a tie through a
    /// hub, or through one broker of many, is weak evidence that two patterns belong together.
    /// - Parameters:
    ///   - findings: the findings (usually those not dismissed).
    ///   - states: review states by finding id, for the score's review term.
    ///   - rules: the parameters.
    /// - Returns: the networks and hubs.
    public static func group(
        _ findings: [Finding], states: [String: ReviewState] = [:], rules: NetworkRules = NetworkRules()
    ) -> NetworkGrouping {
        let brokerSets = findings.map { Set($0.brokers) }
        var byBroker: [String: [Int]] = [:]
        for (index, brokers) in brokerSets.enumerated() {
            for broker in brokers { byBroker[broker, default: []].append(index) }
        }
        // Pairs of findings that share brokers, with how many; pairs that share a transfer.
        var sharedCount: [Int: [Int: Int]] = [:]
        for members in byBroker.values {
            for (i, a) in members.enumerated() {
                for b in members[(i + 1)...] { sharedCount[min(a, b), default: [:]][max(a, b), default: 0] += 1 }
            }
        }
        let pairs = sharedCount.flatMap { a, row in row.map { (a: a, b: $0.key, count: $0.value) } }
        var transferPairs: [(Int, Int)] = []
        var byTransfer: [String: Int] = [:]
        for (index, finding) in findings.enumerated() {
            for id in finding.transferIDs {
                if let other = byTransfer[id] { transferPairs.append((other, index)) } else { byTransfer[id] = index }
            }
        }
        let sizes = brokerSets.map(\.count)
        /// Findings linked by shared transfers, and by enough shared brokers once `excludedIn[f]`
        /// of finding f's brokers and `excludedCommon(a, b)` of a pair's common brokers are left out.
        func components(excludedIn: (Int) -> Int, excludedCommon: (Int, Int) -> Int) -> DisjointSets {
            var sets = DisjointSets(count: findings.count)
            for (a, b) in transferPairs { sets.union(a, b) }
            for pair in pairs {
                let needed = max(
                    1, min(rules.minSharedBrokers, sizes[pair.a] - excludedIn(pair.a), sizes[pair.b] - excludedIn(pair.b)))
                if pair.count - excludedCommon(pair.a, pair.b) >= needed { sets.union(pair.a, pair.b) }
            }
            return sets
        }
        // A candidate is a hub when, with only its own links left out, its findings fall into
        // at least hubMinGroups groups.
        var hubs: [NetworkHub] = []
        var holds = [Bool](repeating: false, count: findings.count)
        for (broker, members) in byBroker.sorted(by: { $0.key < $1.key }) where members.count >= rules.hubMinFindings {
            for m in members { holds[m] = true }
            var sets = components(excludedIn: { holds[$0] ? 1 : 0 }, excludedCommon: { holds[$0] && holds[$1] ? 1 : 0 })
            for m in members { holds[m] = false }
            let groups = Set(members.map { sets.find($0) }).count
            if groups >= rules.hubMinGroups {
                hubs.append(NetworkHub(broker: broker, findings: members.count, groups: groups))
            }
        }
        let hubSet = Set(hubs.map(\.broker))
        let hubCount = brokerSets.map { $0.intersection(hubSet).count }
        var sets = components(
            excludedIn: { hubCount[$0] },
            excludedCommon: { a, b in hubCount[a] == 0 || hubCount[b] == 0 ? 0 : brokerSets[a].intersection(brokerSets[b]).intersection(hubSet).count })
        let hubIDs = Set(hubs.map(\.broker))
        var components: [Int: [Int]] = [:]
        for index in findings.indices { components[sets.find(index), default: []].append(index) }
        var networks = components.values.map { members -> FindingNetwork in
            let items = members.sorted().map { findings[$0] }
            let brokers = Set(items.flatMap(\.brokers))
            let currency = items[0].currency
            let amount = Finding.rounded(items.reduce(0) { $0 + $1.amount }, to: currency)
            let typologies = Set(items.map(\.typology)).sorted()
            let reviewTerm: Double = {
                let statuses = items.map { states[$0.id] ?? .open }
                if statuses.contains(where: { !$0.reopened && ($0.status == .confirmed || $0.status == .escalated) }) { return 1 }
                if statuses.allSatisfy({ $0.hidden }) { return 0 }
                return 0.5
            }()
            let score =
                rules.weightFindings * min(1, Double(items.count) / rules.findingsScale)
                + rules.weightTypologies * min(1, Double(typologies.count) / rules.typologiesScale)
                + rules.weightAmount * min(1, log10(1 + max(0, amount)) / log10(max(10, rules.amountScale)))
                + rules.weightBrokers * min(1, Double(brokers.count) / rules.brokersScale)
                + rules.weightReview * reviewTerm
            return FindingNetwork(
                number: 0, findings: items, brokers: brokers.sorted(), hubs: brokers.intersection(hubIDs).sorted(),
                typologies: typologies, amount: amount, currency: currency,
                firstAt: items.map(\.firstAt).min()!, lastAt: items.map(\.lastAt).max()!,
                score: (score * 1000).rounded() / 1000)
        }
        networks.sort { ($0.score, $0.amount, $1.findings[0].id) > ($1.score, $1.amount, $0.findings[0].id) }
        for index in networks.indices { networks[index].number = index + 1 }
        hubs.sort { ($0.findings, $1.broker) > ($1.findings, $0.broker) }
        return NetworkGrouping(networks: networks, hubs: hubs)
    }
}

/// Union–find with path halving and union by size (Tarjan 1975).
struct DisjointSets {
    private var parent: [Int]
    private var size: [Int]

    init(count: Int) {
        parent = Array(0..<count)
        size = Array(repeating: 1, count: count)
    }

    mutating func find(_ x: Int) -> Int {
        var x = x
        while parent[x] != x {
            parent[x] = parent[parent[x]]
            x = parent[x]
        }
        return x
    }

    mutating func union(_ a: Int, _ b: Int) {
        var ra = find(a), rb = find(b)
        guard ra != rb else { return }
        if size[ra] < size[rb] { swap(&ra, &rb) }
        parent[rb] = ra
        size[ra] += size[rb]
    }
}

extension NetworkGrouping {
    /// The networks and hubs as JSON (``JSONCoding/encoder()``: sorted keys, ISO 8601 UTC times):
    /// `{"run", "networks": [{"number", "score", "finding_ids", "finding_keys", "brokers", "hubs",
    /// "typologies", "amount", "currency", "first_at", "last_at"}], "hubs": [{"broker", "findings", "groups"}]}`.
    /// - Parameter run: the run's id.
    /// - Returns: the JSON text, ending in a newline.
    /// - Throws: an `EncodingError` for a non-finite amount.
    public func json(run: String) throws -> String {
        struct Network: Encodable {
            var number: Int
            var score: Double
            var findingIDs: [String]
            var findingKeys: [String]
            var brokers: [String]
            var hubs: [String]
            var typologies: [Typology]
            var amount: Double
            var currency: CurrencyCode
            var firstAt: Date
            var lastAt: Date
            enum CodingKeys: String, CodingKey {
                case number, score, brokers, hubs, typologies, amount, currency
                case findingIDs = "finding_ids"
                case findingKeys = "finding_keys"
                case firstAt = "first_at"
                case lastAt = "last_at"
            }
        }
        struct Document: Encodable {
            var run: String
            var networks: [Network]
            var hubs: [NetworkHub]
        }
        let document = Document(
            run: run,
            networks: networks.map { n in
                Network(
                    number: n.number, score: n.score, findingIDs: n.findings.map(\.id), findingKeys: n.findings.map(FindingKey.key),
                    brokers: n.brokers, hubs: n.hubs, typologies: n.typologies, amount: n.amount, currency: n.currency,
                    firstAt: n.firstAt, lastAt: n.lastAt)
            }, hubs: hubs)
        return String(decoding: try JSONCoding.encoder().encode(document), as: UTF8.self) + "\n"
    }
}
