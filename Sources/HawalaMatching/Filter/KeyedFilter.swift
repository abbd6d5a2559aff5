import COpenSSL
import Foundation
import HawalaCore
import HawalaExport

/// A Ma3tch-style one-way filter (docs/matching.md, "Keyed filters"): the HMAC-SHA-256
/// (RFC 2104, FIPS 198-1) of every match key under a secret the two agencies agreed outside the
/// tool, sorted and without repeats, or a Bloom filter of them (Bloom, CACM 13(7), 1970). It
/// holds no plaintext: only the format, the kinds and their counts, a key check value and the
/// 32-byte MACs. Serialised as JSON (``json()``, ``parse(_:file:)``).
public struct KeyedFilter: Codable, Sendable, Hashable {
    /// The format identifier.
    public static let formatIdentifier = "hawalatrace-match-filter/1"
    /// The fewest bytes a filter key may have (128 bits).
    public static let minimumKeyBytes = 16

    /// A Bloom filter of the MACs: `hashes` bit positions per MAC, from the MAC's bytes by
    /// double hashing (Kirsch & Mitzenmacher, 2006).
    public struct Bloom: Codable, Sendable, Hashable {
        /// The number of bits, m.
        public var bits: Int
        /// The bit positions per value, k.
        public var hashes: Int
        /// The false-positive rate the filter was sized for, per looked-up key.
        public var falsePositiveRate: Double
        /// The bit array, base64 (bit i is bit `i % 8` of byte `i / 8`).
        public var data: String

        enum CodingKeys: String, CodingKey {
            case bits, hashes, data
            case falsePositiveRate = "false_positive_rate"
        }
    }

    /// ``formatIdentifier``.
    public var format: String
    /// `HMAC-SHA-256`.
    public var algorithm: String
    /// The first 8 bytes of HMAC(key, `hawalatrace-match/1 key check`), hex: shows whether the
    /// checking side holds the same key, and reveals nothing about it.
    public var keyCheck: String
    /// When the filter was made, UTC.
    public var createdAt: Date
    /// How many keys of each kind went in (kind raw value → count).
    public var counts: [String: Int]
    /// The number of distinct MACs.
    public var count: Int
    /// The sorted MACs, 32 bytes each, concatenated and base64 encoded (absent with ``bloom``).
    public var values: String?
    /// The Bloom filter (absent without `--bloom`).
    public var bloom: Bloom?

    enum CodingKeys: String, CodingKey {
        case format, algorithm, counts, count, values, bloom
        case keyCheck = "key_check"
        case createdAt = "created_at"
    }

    /// The filter as JSON (sorted keys, ISO 8601 UTC times).
    /// - Throws: ``MatchingError`` `.io` when encoding fails.
    public func json() throws -> Data {
        do { return try JSONCoding.encoder().encode(self) + Data("\n".utf8) } catch {
            throw MatchingError(.io, "cannot encode the filter", underlying: error)
        }
    }

    /// Reads a filter.
    /// - Parameters:
    ///   - data: the JSON bytes.
    ///   - file: the file name, for messages.
    /// - Returns: the filter.
    /// - Throws: ``MatchingError`` `.malformedMessage` for another format or inconsistent fields.
    public static func parse(_ data: Data, file: String) throws -> KeyedFilter {
        let filter: KeyedFilter
        do { filter = try JSONCoding.decoder().decode(KeyedFilter.self, from: data) } catch {
            throw MatchingError(.malformedMessage, "not a match filter (JSON with format \(formatIdentifier))",
                                location: SourceLocation(file: file), underlying: error)
        }
        guard filter.format == formatIdentifier, filter.algorithm == "HMAC-SHA-256" else {
            throw MatchingError(.malformedMessage, "unknown filter format '\(filter.format)' / '\(filter.algorithm)'",
                                location: SourceLocation(file: file, field: "format"))
        }
        if let values = filter.values {
            guard let bytes = Data(base64Encoded: values), bytes.count == filter.count * 32 else {
                throw MatchingError(.malformedMessage, "values do not hold \(filter.count) MACs of 32 bytes",
                                    location: SourceLocation(file: file, field: "values"))
            }
        } else if let bloom = filter.bloom {
            guard bloom.hashes > 0, bloom.bits > 0, let bytes = Data(base64Encoded: bloom.data), bytes.count == (bloom.bits + 7) / 8 else {
                throw MatchingError(.malformedMessage, "the Bloom filter's size does not match its bits",
                                    location: SourceLocation(file: file, field: "bloom"))
            }
        } else {
            throw MatchingError(.malformedMessage, "the filter holds neither values nor a Bloom filter",
                                location: SourceLocation(file: file))
        }
        return filter
    }
}

/// A local broker or party found in a partner's filter or set, with the kinds of key that matched.
public struct IdentityMatch: Hashable, Sendable, Codable {
    /// Broker or party.
    public var role: Identity.Role
    /// The local id.
    public var id: String
    /// The local name, if any.
    public var name: String?
    /// The kinds that matched, in ``MatchKey/Kind`` order.
    public var kinds: [MatchKey.Kind]

    /// - Parameters: see the properties.
    public init(role: Identity.Role, id: String, name: String?, kinds: [MatchKey.Kind]) {
        self.role = role
        self.id = id
        self.name = name
        self.kinds = kinds
    }
}

extension KeyedFilter {
    /// Makes a filter of every key of `identities`.
    /// - Parameters:
    ///   - identities: the local brokers and parties.
    ///   - key: the agreed secret (at least ``minimumKeyBytes`` bytes).
    ///   - options: key options.
    ///   - bloomFalsePositiveRate: make a Bloom filter sized for this rate instead of the sorted MAC list.
    ///   - createdAt: the time written into the filter.
    /// - Returns: the filter.
    /// - Throws: ``MatchingError`` `.keyMaterial` for a short key, `.invalidRequest` for a rate outside (0, 0.5).
    public static func make(
        _ identities: [Identity], key: Secret, options: KeyOptions = KeyOptions(), bloomFalsePositiveRate: Double? = nil,
        createdAt: Date = Date()
    ) throws -> KeyedFilter {
        let mac = try KeyedHash(key: key)
        var counts: [String: Int] = [:]
        var macs = Set<Data>()
        for keys in identities.keys(options) {
            for matchKey in keys {
                counts[matchKey.kind.rawValue, default: 0] += 1
                macs.insert(mac.hash(matchKey.bytes))
            }
        }
        let sorted = macs.sorted { $0.lexicographicallyPrecedes($1) }
        var filter = KeyedFilter(
            format: formatIdentifier, algorithm: "HMAC-SHA-256", keyCheck: mac.keyCheck,
            createdAt: Date(timeIntervalSince1970: createdAt.timeIntervalSince1970.rounded(.down)), counts: counts,
            count: sorted.count, values: nil, bloom: nil)
        if let rate = bloomFalsePositiveRate {
            guard rate > 0, rate < 0.5 else {
                throw MatchingError(.invalidRequest, "the Bloom false-positive rate must be between 0 and 0.5, not \(rate)")
            }
            filter.bloom = BloomBits.make(sorted, falsePositiveRate: rate)
        } else {
            filter.values = sorted.reduce(into: Data(capacity: sorted.count * 32)) { $0.append($1) }.base64EncodedString()
        }
        return filter
    }

    /// Whether the filter was made with this key (its key check value agrees).
    /// - Parameter key: our copy of the agreed key.
    /// - Returns: `true` when the key check values agree.
    /// - Throws: ``MatchingError`` `.keyMaterial` for a short key.
    public func madeWith(key: Secret) throws -> Bool { try KeyedHash(key: key).keyCheck == keyCheck }

    /// The local brokers and parties whose keys are in the filter, with the kinds that matched.
    /// A filter made under another key matches nothing (but a Bloom filter's false positives).
    /// - Parameters:
    ///   - identities: the local brokers and parties.
    ///   - key: the agreed secret.
    ///   - options: key options (the same on both sides).
    /// - Returns: the matches, brokers first, by id.
    /// - Throws: ``MatchingError`` `.keyMaterial` for a short key.
    public func check(_ identities: [Identity], key: Secret, options: KeyOptions = KeyOptions()) throws -> [IdentityMatch] {
        let mac = try KeyedHash(key: key)
        let contains: (Data) -> Bool
        if let bloom, let bytes = Data(base64Encoded: bloom.data) {
            let bits = [UInt8](bytes)
            contains = { BloomBits.contains(bits, bloom: bloom, value: $0) }
        } else {
            let bytes = Data(base64Encoded: values ?? "") ?? Data()
            var set = Set<Data>()
            set.reserveCapacity(count)
            var offset = bytes.startIndex
            while offset + 32 <= bytes.endIndex {
                set.insert(bytes[offset..<offset + 32])
                offset += 32
            }
            contains = { set.contains($0) }
        }
        return zip(identities, identities.keys(options)).compactMap { identity, keys in
            let kinds = Set(keys.filter { contains(mac.hash($0.bytes)) }.map(\.kind))
            guard !kinds.isEmpty else { return nil }
            return IdentityMatch(role: identity.role, id: identity.id, name: identity.names.first, kinds: kinds.sorted())
        }.sorted { ($0.role.rawValue, $0.id) < ($1.role.rawValue, $1.id) }
    }
}

/// HMAC-SHA-256 under one key, through OpenSSL's `HMAC()`.
final class KeyedHash {
    let key: Secret

    init(key: Secret) throws {
        guard key.count >= KeyedFilter.minimumKeyBytes else {
            throw MatchingError(.keyMaterial, "the filter key has \(key.count) bytes; at least \(KeyedFilter.minimumKeyBytes) are needed (e.g. openssl rand -hex 32)")
        }
        self.key = key
    }

    /// HMAC-SHA-256 of `bytes`.
    func hash(_ bytes: [UInt8]) -> Data {
        var out = [UInt8](repeating: 0, count: 32)
        var length: UInt32 = 0
        key.withUnsafeBytes { raw in
            _ = HMAC(EVP_sha256(), raw.baseAddress, Int32(raw.count), bytes, bytes.count, &out, &length)
        }
        return Data(out)
    }

    /// SHA-256 of `bytes`, lowercase hex.
    static func sha256Hex(_ bytes: [UInt8]) -> String {
        P256Group.sha256(bytes).map { String(format: "%02x", $0) }.joined()
    }

    /// The first 8 bytes of the MAC of the key-check label, hex.
    var keyCheck: String {
        hash(Array("hawalatrace-match/1 key check".utf8)).prefix(8).map { String(format: "%02x", $0) }.joined()
    }
}

/// Bloom filter bits over 32-byte MACs.
enum BloomBits {
    /// m = −n·ln p / (ln 2)², k = (m/n)·ln 2 (Bloom 1970; Broder & Mitzenmacher 2004).
    static func make(_ values: [Data], falsePositiveRate rate: Double) -> KeyedFilter.Bloom {
        let n = Double(max(values.count, 1))
        let bits = max(64, Int((-n * log(rate) / (log(2) * log(2))).rounded(.up)))
        let hashes = max(1, Int((Double(bits) / n * log(2)).rounded()))
        var array = [UInt8](repeating: 0, count: (bits + 7) / 8)
        for value in values {
            for position in positions(value, bits: bits, hashes: hashes) { array[position / 8] |= 1 << UInt8(position % 8) }
        }
        return KeyedFilter.Bloom(bits: bits, hashes: hashes, falsePositiveRate: rate, data: Data(array).base64EncodedString())
    }

    static func contains(_ array: [UInt8], bloom: KeyedFilter.Bloom, value: Data) -> Bool {
        positions(value, bits: bloom.bits, hashes: bloom.hashes).allSatisfy { array[$0 / 8] & (1 << UInt8($0 % 8)) != 0 }
    }

    /// g_i = h1 + i·h2 mod m, h1 and h2 the MAC's first two big-endian 64-bit words.
    static func positions(_ value: Data, bits: Int, hashes: Int) -> [Int] {
        let bytes = [UInt8](value)
        var h1: UInt64 = 0, h2: UInt64 = 0
        for i in 0..<8 { h1 = h1 << 8 | UInt64(bytes[i]); h2 = h2 << 8 | UInt64(bytes[8 + i]) }
        return (0..<hashes).map { Int((h1 &+ UInt64($0) &* h2) % UInt64(bits)) }
    }
}
