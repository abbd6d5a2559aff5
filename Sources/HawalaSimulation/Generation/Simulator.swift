import Foundation
import HawalaCore

/// What a simulation wrote.
public struct SimulationSummary: Sendable, Codable, Hashable {
    /// The output folder.
    public var directory: String
    /// The files written, relative to ``directory``, sorted (goAML reports counted, not listed).
    public var files: [String]
    /// The number of goAML report files written (0 unless asked).
    public var goamlReports: Int
    /// Transfers written in all (background and planted).
    public var transfers: Int
    /// Planted transfers among them.
    public var plantedTransfers: Int
    /// Planted instances per typology.
    public var plantedInstances: [String: Int]
    /// Look-alike transfers among them (large ordinary payments included).
    public var decoyTransfers: Int
    /// Look-alikes per kind (an exchange hub counts four: one per typology it imitates).
    public var decoys: [String: Int]
    /// Brokers written.
    public var brokers: Int
    /// Currencies used.
    public var currencies: [String]
}

/// Generates a synthetic hawala network with ordinary traffic and planted typologies, and
/// writes it to a folder: `transfers.csv`, `brokers.csv`, `rates.csv` (several currencies),
/// `goaml/*.xml` (when asked) and `truth.json`.
///
/// Background traffic is generated day by day in time order and streamed through a buffered
/// writer; planted transfers (a few thousand at most) are made first and merged into their
/// day, sorted with the background by time and id, so nothing distinguishes them in the
/// files. Every random choice comes from ``Xoshiro256StarStar`` seeded from the seed (the
/// network, each day and the planter have their own streams), so the same options give the
/// same bytes. The model is documented in docs/simulation.md.
public enum Simulator {
    /// Weekly rhythm by UTC weekday (Monday first): Thursday and Friday peaks, when Gulf
    /// workers are paid and the weekend starts.
    public static let weekdayWeights: [Double] = [0.88, 0.86, 0.92, 1.12, 1.32, 1.05, 0.93]

    /// Runs a simulation.
    /// - Parameters:
    ///   - options: the parameters (validated here).
    ///   - directory: the output folder (created when missing; existing files are overwritten).
    ///   - progress: called after each day with (days done, days in all); may be `nil`.
    /// - Returns: what was written.
    /// - Throws: ``SimulationError`` `invalidOptions` for bad options, `io` when a file cannot be written.
    @discardableResult
    public static func run(
        _ options: SimulationOptions, to directory: URL, progress: ((Int, Int) -> Void)? = nil
    ) throws -> SimulationSummary {
        try options.validate()
        do { try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true) } catch {
            throw SimulationError(.io, "cannot create the output folder", location: SourceLocation(file: directory.path),
                                  underlying: error)
        }
        var networkRNG = Xoshiro256StarStar(seed: options.seed)
        let network = BrokerNetwork(count: options.brokers, currencies: options.currencies, rng: &networkRNG)
        var codes = network.currencies
        let allowUSD = options.currencies.map { $0.contains(.usd) } ?? true
        if allowUSD && !codes.contains(.usd) && codes.count > 0 { codes = (codes + [.usd]).sorted() }
        let book = CurrencyBook(codes: codes)
        let keys = IdentifierKeys(seed: options.seed)

        // Look-alikes and planted instances first: they are few, and their ids go to truth.json.
        // Look-alikes come from their own stream and id range, so that turning them off or
        // scaling them leaves the planted instances' draws as they were.
        let weights = dayWeights(options)
        let estimatedPerDay = Double(options.transfers) / Double(options.days)
        var decoyPlanter = Planter(
            network: network, book: book, keys: keys, start: options.startEpoch, days: options.days,
            backgroundPerDay: estimatedPerDay, rng: Xoshiro256StarStar(seed: options.seed ^ 0xDEC0_7A11),
            counter: 1 << 62 | 1 << 52)
        var decoyDrafts: [DecoyDraft] = []
        for kind in DecoyKind.allCases {
            for _ in 0..<options.decoyCount(kind) { decoyDrafts += decoyPlanter.plantDecoys(kind) }
        }
        var planter = Planter(
            network: network, book: book, keys: keys, start: options.startEpoch, days: options.days,
            backgroundPerDay: estimatedPerDay, rng: Xoshiro256StarStar(seed: options.seed ^ 0x9_1A47))
        planter.plantedPairs = decoyPlanter.plantedPairs
        var drafts: [PlantedDraft] = []
        for typology in Typology.allCases {
            for _ in 0..<options.plantCount(typology) { drafts.append(planter.plant(typology)) }
        }
        var plantedByDay = Array(repeating: [SimTransfer](), count: options.days)
        var plantedCount = 0, decoyCount = 0
        var added = Set<UInt64>()
        func place(_ t: SimTransfer) -> Bool {
            guard added.insert(t.id).inserted else { return false }
            let day = Int((t.time - options.startEpoch) / 86_400)
            plantedByDay[min(max(day, 0), options.days - 1)].append(t)
            return true
        }
        for draft in drafts {
            for t in draft.transfers where place(t) { plantedCount += 1 }
        }
        for draft in decoyDrafts {
            for t in draft.transfers where place(t) { decoyCount += 1 }
        }

        // Background counts per day: the total minus the planted and look-alikes, spread by the day weights.
        let background = max(0, options.transfers - plantedCount - decoyCount)
        let totalWeight = weights.reduce(0, +)
        var counts: [Int] = []
        var cumulative = 0.0, assigned = 0
        for w in weights {
            cumulative += w
            let upTo = Int((Double(background) * cumulative / totalWeight).rounded())
            counts.append(upTo - assigned)
            assigned = upTo
        }

        let generator = BackgroundGenerator(
            network: network, book: book, keys: keys, seed: options.seed, largeShare: options.largeShare)
        var large: [SimTransfer] = []
        let writeCSV = options.format != .goaml
        let writeGoAML = options.format != .csv
        let csv = writeCSV ? try TransferCSVWriter(
            url: directory.appendingPathComponent("transfers.csv"), network: network, book: book) : nil
        let goaml = writeGoAML ? try GoAMLWriter(
            directory: directory.appendingPathComponent("goaml"), network: network, book: book) : nil
        var counter: UInt64 = 0
        for day in 0..<options.days {
            let dayStart = options.startEpoch + Int64(day) * 86_400
            var transfers = generator.day(day, start: dayStart, count: counts[day], firstCounter: counter, large: &large)
            counter += UInt64(counts[day])
            transfers.append(contentsOf: plantedByDay[day])
            transfers.sort(by: SimTransfer.precedes)
            let date = String(UTCTime.iso8601(Date(timeIntervalSince1970: TimeInterval(dayStart))).prefix(10))
            csv?.begin(dayStart: dayStart, date: date)
            try goaml?.begin(month: String(date.prefix(7)))
            for t in transfers {
                try csv?.write(t)
                try goaml?.write(t)
            }
            progress?(day + 1, options.days)
        }
        try csv?.close()
        try goaml?.close()

        var files = ["brokers.csv", "truth.json"]
        if writeCSV { files.append("transfers.csv") }
        try SideFiles.writeBrokers(network, to: directory.appendingPathComponent("brokers.csv"))
        if book.codes.count > 1 {
            try SideFiles.writeRates(book, to: directory.appendingPathComponent("rates.csv"))
            files.append("rates.csv")
        }
        decoyDrafts += largePaymentDecoys(large, network: network, book: book)
        let truth = groundTruth(drafts, decoys: decoyDrafts, options: options, network: network, book: book,
                                transfers: background + plantedCount + decoyCount)
        try writeTruth(truth, to: directory.appendingPathComponent("truth.json"))
        var perTypology: [String: Int] = [:]
        for d in drafts { perTypology[d.typology.rawValue, default: 0] += 1 }
        var perKind: [String: Int] = [:]
        for d in decoyDrafts { perKind[d.decoy?.rawValue ?? "", default: 0] += 1 }
        return SimulationSummary(
            directory: directory.path, files: files.sorted(), goamlReports: goaml?.files ?? 0,
            transfers: background + plantedCount + decoyCount, plantedTransfers: plantedCount,
            plantedInstances: perTypology, decoyTransfers: decoyCount + large.count, decoys: perKind,
            brokers: network.brokers.count, currencies: book.codes.map(\.code))
    }

    /// Relative volume of each day: the weekday rhythm, salary days (1st–5th ×1.2, 25th
    /// onwards ×1.08) and ±5% lognormal noise.
    static func dayWeights(_ options: SimulationOptions) -> [Double] {
        var rng = Xoshiro256StarStar(seed: options.seed ^ 0xDA75)
        return (0..<options.days).map { day in
            let start = options.startEpoch + Int64(day) * 86_400
            let daysSinceEpoch = start / 86_400
            let weekday = Int((daysSinceEpoch + 3) % 7)  // 1970-01-01 was a Thursday: index 3, Monday = 0
            let dom = Int(UTCTime.iso8601(Date(timeIntervalSince1970: TimeInterval(start))).dropFirst(8).prefix(2)) ?? 15
            var w = weekdayWeights[weekday]
            if dom <= 5 { w *= 1.2 } else if dom >= 25 { w *= 1.08 }
            return w * rng.lognormal(median: 1, sigma: 0.05)
        }
    }

    /// The large ordinary payments grouped by sender and receiver: one look-alike per pair.
    static func largePaymentDecoys(_ large: [SimTransfer], network: BrokerNetwork, book: CurrencyBook) -> [DecoyDraft] {
        var byPair: [Int: [SimTransfer]] = [:]
        let n = network.brokers.count
        for t in large { byPair[Int(t.sender) * n + Int(t.receiver), default: []].append(t) }
        return byPair.keys.sorted().map { key in
            let transfers = byPair[key] ?? []
            let amounts = transfers.map { book.usd(minor: $0.minor, currency: $0.currency) }
            let from = key / n, to = key % n
            return DecoyDraft(
                decoy: .largePayments, typology: .volumeSpike, brokers: [from, to], transfers: transfers,
                parameters: ["transfers": Double(transfers.count), "max_usd": amounts.max() ?? 0,
                             "total_usd": amounts.reduce(0, +)],
                description: "\(transfers.count) large trade or wholesale payment(s) \(network.brokers[from].id) → \(network.brokers[to].id)")
        }
    }

    /// A zero-padded id: `P-0007`, `D-0012`.
    static func label(_ prefix: String, _ number: Int) -> String {
        let digits = String(number)
        return prefix + String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }

    static func groundTruth(
        _ drafts: [PlantedDraft], decoys: [DecoyDraft], options: SimulationOptions, network: BrokerNetwork,
        book: CurrencyBook, transfers: Int
    ) -> GroundTruth {
        func date(_ t: Int64?) -> Date { Date(timeIntervalSince1970: TimeInterval(t ?? options.startEpoch)) }
        func rounded(_ p: [String: Double]) -> [String: Double] { p.mapValues { ($0 * 1000).rounded() / 1000 } }
        func entry(_ draft: PlantedDraft, _ id: String) -> PlantedInstance {
            let sorted = draft.transfers.sorted(by: SimTransfer.precedes)
            return PlantedInstance(
                id: id, typology: draft.typology,
                brokers: draft.brokers.map { network.brokers[$0].id }, transferIDs: sorted.map { SimIdentifiers.transfer($0.id) },
                firstAt: date(sorted.first?.time), lastAt: date(sorted.last?.time),
                parameters: rounded(draft.parameters), description: draft.description)
        }
        let instances = drafts.enumerated().map { entry($1, label("P-", $0 + 1)) }
        let lookAlikes = decoys.enumerated().map { i, draft in
            let e = entry(draft, label("D-", i + 1))
            return Decoy(id: e.id, kind: draft.decoy ?? .largePayments, imitates: e.typology, brokers: e.brokers,
                         transferIDs: e.transferIDs, firstAt: e.firstAt, lastAt: e.lastAt, parameters: e.parameters,
                         description: e.description)
        }
        return GroundTruth(
            seed: options.seed, brokers: options.brokers, transfers: transfers, days: options.days,
            start: Date(timeIntervalSince1970: TimeInterval(options.startEpoch)), currencies: book.codes,
            structuringThresholdUSD: Planter.structuringThresholdUSD, instances: instances, decoys: lookAlikes)
    }

    static func writeTruth(_ truth: GroundTruth, to url: URL) throws {
        do {
            let data = try JSONCoding.encoder().encode(truth)
            try (data + Data("\n".utf8)).write(to: url)
        } catch {
            throw SimulationError(.io, "cannot write truth.json", location: SourceLocation(file: url.path), underlying: error)
        }
    }
}
