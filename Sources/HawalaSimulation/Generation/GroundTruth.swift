import Foundation
import HawalaCore

/// One planted instance of a typology: what `truth.json` lists.
public struct PlantedInstance: Sendable, Codable, Hashable {
    /// The instance's id within the truth file, e.g. `"P-0007"`.
    public var id: String
    /// The typology planted.
    public var typology: Typology
    /// The brokers involved, in pattern order (a cycle lists its start broker once; a fan-in
    /// lists the collector first).
    public var brokers: [String]
    /// The planted transfers' ids, in time order.
    public var transferIDs: [String]
    /// The first planted transfer's time, UTC.
    public var firstAt: Date
    /// The last planted transfer's time, UTC.
    public var lastAt: Date
    /// The parameters the instance was planted with (amounts in USD, durations in hours),
    /// e.g. `{"hops": 4, "min_ratio": 0.93, "span_hours": 17.5}`.
    public var parameters: [String: Double]
    /// A readable sentence describing the instance.
    public var description: String

    /// Creates an instance.
    /// - Parameters:
    ///   - id: the instance id.
    ///   - typology: the typology.
    ///   - brokers: the brokers in pattern order.
    ///   - transferIDs: the planted transfers, in time order.
    ///   - firstAt: the first transfer's time, UTC.
    ///   - lastAt: the last transfer's time, UTC.
    ///   - parameters: named parameters (USD, hours, counts, ratios).
    ///   - description: a readable sentence.
    public init(
        id: String, typology: Typology, brokers: [String], transferIDs: [String], firstAt: Date, lastAt: Date,
        parameters: [String: Double] = [:], description: String = ""
    ) {
        self.id = id
        self.typology = typology
        self.brokers = brokers
        self.transferIDs = transferIDs
        self.firstAt = firstAt
        self.lastAt = lastAt
        self.parameters = parameters
        self.description = description
    }

    enum CodingKeys: String, CodingKey {
        case id, typology, brokers
        case transferIDs = "transfer_ids"
        case firstAt = "first_at"
        case lastAt = "last_at"
        case parameters, description
    }
}

/// The ground truth of a simulated set: how it was made and every planted instance.
/// Written as `truth.json` (``JSONCoding/encoder()``: sorted keys, ISO 8601 UTC times).
public struct GroundTruth: Sendable, Codable, Hashable {
    /// The format version of this file: 2 since look-alikes (`decoys`) and the issue 9
    /// ranges; 1 files read with no decoys.
    public var version: Int
    /// The seed.
    public var seed: UInt64
    /// The number of brokers.
    public var brokers: Int
    /// The number of transfers written (background and planted).
    public var transfers: Int
    /// The number of days.
    public var days: Int
    /// The first day, midnight UTC.
    public var start: Date
    /// The currencies the transfers use.
    public var currencies: [CurrencyCode]
    /// The reporting threshold planted structuring stays under, in USD.
    public var structuringThresholdUSD: Double
    /// The planted instances, by typology then time.
    public var instances: [PlantedInstance]
    /// The legitimate look-alikes planted beside them (empty with `--no-decoys`).
    public var decoys: [Decoy]

    /// Creates a truth record.
    /// - Parameters:
    ///   - version: format version.
    ///   - seed: the seed.
    ///   - brokers: broker count.
    ///   - transfers: transfer count.
    ///   - days: day count.
    ///   - start: first day, UTC.
    ///   - currencies: currencies used.
    ///   - structuringThresholdUSD: the threshold in USD.
    ///   - instances: the planted instances.
    ///   - decoys: the look-alikes.
    public init(
        version: Int = 2, seed: UInt64, brokers: Int, transfers: Int, days: Int, start: Date,
        currencies: [CurrencyCode], structuringThresholdUSD: Double, instances: [PlantedInstance], decoys: [Decoy] = []
    ) {
        self.version = version
        self.seed = seed
        self.brokers = brokers
        self.transfers = transfers
        self.days = days
        self.start = start
        self.currencies = currencies
        self.structuringThresholdUSD = structuringThresholdUSD
        self.instances = instances
        self.decoys = decoys
    }

    enum CodingKeys: String, CodingKey {
        case version, seed, brokers, transfers, days, start, currencies
        case structuringThresholdUSD = "structuring_threshold_usd"
        case instances, decoys
    }

    /// Decodes a truth file; `decoys` may be absent (version 1 files).
    /// - Parameter decoder: the decoder.
    /// - Throws: `DecodingError` when a required field is missing or mistyped.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        version = try c.decode(Int.self, forKey: .version)
        seed = try c.decode(UInt64.self, forKey: .seed)
        brokers = try c.decode(Int.self, forKey: .brokers)
        transfers = try c.decode(Int.self, forKey: .transfers)
        days = try c.decode(Int.self, forKey: .days)
        start = try c.decode(Date.self, forKey: .start)
        currencies = try c.decode([CurrencyCode].self, forKey: .currencies)
        structuringThresholdUSD = try c.decode(Double.self, forKey: .structuringThresholdUSD)
        instances = try c.decode([PlantedInstance].self, forKey: .instances)
        decoys = try c.decodeIfPresent([Decoy].self, forKey: .decoys) ?? []
    }

    /// Reads a `truth.json`.
    /// - Parameter url: the file.
    /// - Returns: the truth.
    /// - Throws: ``SimulationError`` `missingInput` when unreadable, `malformed` when not a truth file.
    public static func read(from url: URL) throws -> GroundTruth {
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw SimulationError(.missingInput, "cannot read the truth file", location: SourceLocation(file: url.path),
                                  underlying: error)
        }
        do { return try JSONCoding.decoder().decode(GroundTruth.self, from: data) } catch {
            throw SimulationError(.malformed, "not a truth.json written by hawala simulate",
                                  location: SourceLocation(file: url.path), underlying: error)
        }
    }
}
