import Foundation
import HawalaCore

/// Which files `hawala simulate` writes besides `brokers.csv`, `rates.csv` and `truth.json`.
public enum SimulationOutputFormat: String, Sendable, Codable, CaseIterable {
    /// `transfers.csv` in the canonical CSV format.
    case csv
    /// goAML XML reports under `goaml/`, one per reporting broker and month.
    case goaml
    /// Both.
    case both
}

/// The parameters of one simulation. Defaults are those of `hawala simulate` without flags.
public struct SimulationOptions: Sendable, Codable, Hashable {
    /// The seed of every random choice (the same seed gives the same bytes).
    public var seed: UInt64 = 1
    /// The number of brokers (at least ``minimumBrokers``).
    public var brokers: Int = 200
    /// The total number of transfers written, background and planted together.
    public var transfers: Int = 100_000
    /// The number of days simulated.
    public var days: Int = 30
    /// The first simulated day, midnight UTC (seconds since 1970). Default 2026-01-01.
    public var startEpoch: Int64 = 1_767_225_600
    /// What to write.
    public var format: SimulationOutputFormat = .csv
    /// The currencies allowed, or `nil` for every country's own currency (plus USD).
    public var currencies: [CurrencyCode]? = nil
    /// Planted instances per typology. Typologies absent from the map get ``defaultPlantCount``.
    public var plant: [Typology: Int] = [:]
    /// Scales the number of look-alikes (decoys) of every kind and the share of large
    /// ordinary payments: 1 by default, 0 for none (`--no-decoys`), at most 10.
    public var decoyScale: Double = 1

    /// Look-alikes of each kind at scale 1 (exchange hubs: see ``decoyCount(_:)``).
    public static let defaultDecoyCounts: [DecoyKind: Int] = [
        .leakyRing: 10, .overThresholdSeries: 10, .regularDistribution: 5, .balancedPair: 10, .quietPairPayment: 10,
    ]
    /// The share of ordinary transfers that are large payments at scale 1.
    public static let defaultLargeShare = 0.02

    /// How many look-alikes of a kind are planted: exchange hubs one per 40,000 transfers
    /// (times the scale, rounded, 1–5; none at scale 0), the others ``defaultDecoyCounts``
    /// times the scale, rounded; large payments are a share of the background, not a count.
    /// - Parameter kind: the kind.
    /// - Returns: the number of look-alikes of that kind.
    public func decoyCount(_ kind: DecoyKind) -> Int {
        guard decoyScale > 0 else { return 0 }
        switch kind {
        case .exchangeHub: return max(1, min(5, Int((Double(transfers) / 40_000 * decoyScale).rounded())))
        case .largePayments: return 0
        default: return Int((Double(Self.defaultDecoyCounts[kind] ?? 0) * decoyScale).rounded())
        }
    }

    /// The share of ordinary transfers made large payments (10,000–400,000 USD):
    /// ``defaultLargeShare`` times the scale, at most 0.2.
    public var largeShare: Double { min(0.2, Self.defaultLargeShare * decoyScale) }

    /// The number of instances of each typology planted unless `--plant` says otherwise.
    public static let defaultPlantCount = 10
    /// The fewest brokers a simulation accepts (a fan pattern needs ~20 distinct counterparties).
    public static let minimumBrokers = 30

    /// The defaults.
    public init() {}

    /// The number of instances of a typology to plant.
    /// - Parameter typology: the typology.
    /// - Returns: the count from ``plant``, else ``defaultPlantCount``.
    public func plantCount(_ typology: Typology) -> Int {
        plant[typology] ?? (typology == .settlementRing ? 0 : Self.defaultPlantCount)
    }

    /// Parses one `--plant` value, `TYPOLOGY=COUNT`, e.g. `fan_in=5`.
    /// - Parameter spec: the text.
    /// - Returns: the typology and the count.
    /// - Throws: ``SimulationError`` (`invalidOptions`) naming the unknown typology or bad count.
    public static func parsePlant(_ spec: String) throws -> (Typology, Int) {
        let parts = spec.split(separator: "=", maxSplits: 1).map(String.init)
        guard parts.count == 2 else {
            throw SimulationError(.invalidOptions, "--plant '\(spec)': expected TYPOLOGY=COUNT, e.g. fan_in=5")
        }
        guard let typology = Typology(rawValue: parts[0].trimmingCharacters(in: .whitespaces)) else {
            let known = Typology.allCases.map(\.rawValue).joined(separator: ", ")
            throw SimulationError(.invalidOptions, "--plant '\(spec)': unknown typology '\(parts[0])' (known: \(known))")
        }
        guard let count = Int(parts[1].trimmingCharacters(in: .whitespaces)), count >= 0 else {
            throw SimulationError(.invalidOptions, "--plant '\(spec)': the count must be a whole number ≥ 0")
        }
        return (typology, count)
    }

    /// Parses `--currencies`, a comma-separated list such as `USD,AED,PKR`.
    /// - Parameter list: the text.
    /// - Returns: the currencies in the order given (duplicates dropped).
    /// - Throws: ``SimulationError`` (`invalidOptions`) for an unknown code or one with no fixed rate.
    public static func parseCurrencies(_ list: String) throws -> [CurrencyCode] {
        var result: [CurrencyCode] = []
        for item in list.split(separator: ",") {
            let text = item.trimmingCharacters(in: .whitespaces)
            guard let code = CurrencyCode(text) else {
                throw SimulationError(.invalidOptions, "--currencies: '\(text)' is not an ISO 4217 code")
            }
            guard HawalaGeography.usdRate(code) != nil else {
                throw SimulationError(.invalidOptions, "--currencies: no simulated country uses \(code); known: "
                    + (["USD"] + HawalaGeography.countries.map(\.currency.code)).joined(separator: ","))
            }
            if !result.contains(code) { result.append(code) }
        }
        guard !result.isEmpty else { throw SimulationError(.invalidOptions, "--currencies: the list is empty") }
        return result
    }

    /// Checks the options before any file is written.
    /// - Throws: ``SimulationError`` (`invalidOptions`) saying which value is out of range.
    public func validate() throws {
        guard brokers >= Self.minimumBrokers else {
            throw SimulationError(.invalidOptions, "--brokers \(brokers): at least \(Self.minimumBrokers) are needed")
        }
        guard days >= 1, days <= 3_660 else { throw SimulationError(.invalidOptions, "--days \(days): expected 1...3660") }
        guard transfers >= 0 else { throw SimulationError(.invalidOptions, "--transfers must be ≥ 0") }
        guard decoyScale >= 0, decoyScale <= 10 else {
            throw SimulationError(.invalidOptions, "--decoy-scale \(decoyScale): expected 0...10")
        }
        for (typology, count) in plant where count < 0 {
            throw SimulationError(.invalidOptions, "--plant \(typology.rawValue)=\(count): the count must be ≥ 0")
        }
    }
}
