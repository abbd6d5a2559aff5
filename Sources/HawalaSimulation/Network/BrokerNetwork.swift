import Foundation
import HawalaCore

/// One simulated broker (hawaladar): identity, country, the currency it books transfers in,
/// and its relative activity.
public struct SimulatedBroker: Sendable, Hashable {
    /// Dense index, 0-based.
    public var index: Int
    /// The broker id written to the files, e.g. `"BRK-0017"`.
    public var id: String
    /// A made-up trading name.
    public var name: String
    /// The country profile.
    public var country: CountryProfile
    /// A made-up licence number, or `nil` for an unregistered hawaladar.
    public var licence: String?
    /// The currency the broker books transfers in (its country's, unless `--currencies` excludes it).
    public var currency: CurrencyCode
    /// Relative activity (lognormal, median 1).
    public var activity: Double

    /// The broker as a core ``Broker``.
    public var broker: Broker { Broker(id: id, name: name, country: country.code, licence: licence) }
}

/// The kind of flow on a correspondent link.
public enum FlowKind: UInt8, Sendable {
    /// Customers' remittances, towards the receiving country (many, small).
    case remittance
    /// Trade payments, the legs that balance remittances (few, larger).
    case trade
}

/// A directed correspondent link carrying ordinary traffic.
public struct CorrespondentLink: Sendable, Hashable {
    /// Sending broker index.
    public var from: Int
    /// Receiving broker index.
    public var to: Int
    /// Remittance or trade.
    public var kind: FlowKind
    /// Relative share of all background transfers (unnormalised).
    public var weight: Double
    /// Median amount in USD.
    public var medianUSD: Double
    /// σ of the amount's logarithm.
    public var sigma: Double
}

/// The simulated broker network: brokers across the corridors and their correspondent links.
///
/// Model: brokers are allotted to countries in proportion to the corridors' weights (at
/// least one per country when there are enough brokers); each broker in a sending country
/// (Gulf, Europe, Russia/Central Asia) has 2–6 correspondents in the countries its corridors
/// reach (at most ``maxCorrespondents`` links per broker); every remittance link (customers'
/// small transfers, towards the receiving side, Dubai included for European and Russian
/// brokers) has a reverse trade link (import payments, few and large) whose expected value
/// roughly balances it, because hawala settles remittances against trade; so net positions
/// between correspondents stay two-sided, and no pair carries similar amounts both ways.
public struct BrokerNetwork: Sendable {
    /// Remittance amounts: σ of the logarithm.
    public static let remittanceSigma = 0.75
    /// Trade payments (the balancing legs): median in USD.
    public static let tradeMedianUSD = 12_000.0
    /// σ of the trade payments' logarithm.
    public static let tradeSigma = 0.55
    /// The most correspondents a broker has in each direction. Planted fans use 14–20
    /// counterparties, so a fan rule with m between 9 and 14 separates them from ordinary traffic.
    public static let maxCorrespondents = 8

    /// The brokers, by index.
    public var brokers: [SimulatedBroker]
    /// The correspondent links.
    public var links: [CorrespondentLink]

    /// Builds a network.
    /// - Parameters:
    ///   - count: the number of brokers (at least 2).
    ///   - currencies: the currencies allowed, or `nil` for every country's own; a broker
    ///     whose currency is not allowed books in the list's first currency.
    ///   - rng: the seeded generator.
    public init(count: Int, currencies: [CurrencyCode]?, rng: inout Xoshiro256StarStar) {
        let countries = HawalaGeography.countries
        var countryWeight = [String: Double]()
        for corridor in HawalaGeography.corridors {
            countryWeight[corridor.from, default: 0] += corridor.weight
            countryWeight[corridor.to, default: 0] += corridor.weight * 0.8
        }
        // Largest-remainder allotment of brokers to countries.
        let total = countries.reduce(0) { $0 + (countryWeight[$1.code] ?? 0) }
        let floorOne = count >= countries.count
        var allot = countries.map { c -> Int in
            let share = Double(count) * (countryWeight[c.code] ?? 0) / total
            return max(floorOne ? 1 : 0, Int(share))
        }
        var assigned = allot.reduce(0, +)
        var order = Array(countries.indices)
        order.sort { (countryWeight[countries[$0].code] ?? 0) > (countryWeight[countries[$1].code] ?? 0) }
        var cursor = 0
        while assigned < count {
            allot[order[cursor % order.count]] += 1
            assigned += 1
            cursor += 1
        }
        while assigned > count {
            let i = order[cursor % order.count]
            if allot[i] > 1 || !floorOne && allot[i] > 0 {
                allot[i] -= 1
                assigned -= 1
            }
            cursor += 1
        }
        var countryOfSlot: [Int] = []
        for (i, n) in allot.enumerated() { countryOfSlot += Array(repeating: i, count: n) }
        // Shuffle so that ids say nothing about the country.
        for i in stride(from: countryOfSlot.count - 1, to: 0, by: -1) {
            countryOfSlot.swapAt(i, rng.index(i + 1))
        }
        let width = max(4, String(count).count)
        brokers = countryOfSlot.enumerated().map { index, ci in
            let country = countries[ci]
            var currency = country.currency
            if let currencies, !currencies.contains(currency) { currency = currencies.first ?? .usd }
            let digits = String(index + 1)
            let id = "BRK-" + String(repeating: "0", count: width - digits.count) + digits
            let licensed = country.region == .receiving ? rng.chance(0.6) : rng.chance(0.9)
            let licence = licensed ? "\(country.code)-MSB-\(rng.int(10_000...99_999))" : nil
            return SimulatedBroker(
                index: index, id: id, name: BrokerNames.name(country: country, rng: &rng), country: country,
                licence: licence, currency: currency, activity: rng.lognormal(median: 1, sigma: 0.8))
        }
        links = []
        buildLinks(rng: &rng)
    }

    private mutating func buildLinks(rng: inout Xoshiro256StarStar) {
        var byCountry = [String: [Int]]()
        for b in brokers { byCountry[b.country.code, default: []].append(b.index) }
        var hasIncoming = Array(repeating: false, count: brokers.count)
        var seen = Set<Int>()
        var degree = Array(repeating: 0, count: brokers.count)
        func pickBroker(in country: String) -> Int? {
            guard let all = byCountry[country] else { return nil }
            let pool = all.filter { degree[$0] < Self.maxCorrespondents }
            guard !pool.isEmpty else { return nil }
            let weights = pool.map { brokers[$0].activity }
            return pool[Self.weightedIndex(weights, rng: &rng)]
        }
        func addPair(_ from: Int, _ to: Int, share: Double) {
            guard from != to, !seen.contains(to * brokers.count + from),
                seen.insert(from * brokers.count + to).inserted else { return }
            hasIncoming[to] = true
            degree[from] += 1
            degree[to] += 1
            let sender = brokers[from]
            let median = sender.country.medianRemittanceUSD, sigma = Self.remittanceSigma
            let weight = sender.activity * share
            links.append(CorrespondentLink(from: from, to: to, kind: .remittance, weight: weight, medianUSD: median,
                                           sigma: sigma))
            // The balancing reverse leg: expected value ≈ forward value × U(0.75, 1.25).
            let forwardMean = median * exp(sigma * sigma / 2)
            let tradeMean = Self.tradeMedianUSD * exp(Self.tradeSigma * Self.tradeSigma / 2)
            let reverseWeight = weight * forwardMean / tradeMean * rng.uniform(0.75, 1.25)
            seen.insert(to * brokers.count + from)
            links.append(CorrespondentLink(from: to, to: from, kind: .trade, weight: reverseWeight,
                                           medianUSD: Self.tradeMedianUSD, sigma: Self.tradeSigma))
        }
        for sender in brokers where sender.country.region != .receiving {
            let corridors = HawalaGeography.corridors.filter { $0.from == sender.country.code }
            guard !corridors.isEmpty else { continue }
            let k = rng.int(2...6)
            for _ in 0..<k where degree[sender.index] < Self.maxCorrespondents {
                let corridor = corridors[Self.weightedIndex(corridors.map(\.weight), rng: &rng)]
                if let to = pickBroker(in: corridor.to) { addPair(sender.index, to, share: rng.uniform(0.3, 1.0)) }
            }
        }
        // Every broker takes part: a receiving broker nobody chose gets a sender on one of its corridors.
        let senders = brokers.filter { $0.country.region != .receiving }.map(\.index)
        for b in brokers where !hasIncoming[b.index] && !senders.isEmpty {
            let corridorSenders = HawalaGeography.corridors.filter { $0.to == b.country.code }.map(\.from)
            let open = senders.filter { $0 != b.index && degree[$0] < Self.maxCorrespondents }
            let candidates = open.filter { corridorSenders.contains(brokers[$0].country.code) }
            let pool = !candidates.isEmpty ? candidates : !open.isEmpty ? open : senders.filter { $0 != b.index }
            guard !pool.isEmpty else { continue }
            addPair(pool[rng.index(pool.count)], b.index, share: rng.uniform(0.3, 1.0))
        }
    }

    /// An index drawn with probability proportional to its weight.
    static func weightedIndex(_ weights: [Double], rng: inout Xoshiro256StarStar) -> Int {
        let total = weights.reduce(0, +)
        var target = rng.unit() * total
        for (i, w) in weights.enumerated() {
            target -= w
            if target < 0 { return i }
        }
        return weights.count - 1
    }

    /// The set of currencies the brokers book in, sorted.
    public var currencies: [CurrencyCode] { Set(brokers.map(\.currency)).sorted() }
}

/// Made-up trading names for brokers: a word from the region and a kind of business.
enum BrokerNames {
    static let gulf = ["Al Noor", "Al Amanah", "Al Salam", "Baraka", "Al Hilal", "Zamzam", "Crescent", "Oasis",
                       "Al Wafa", "Falcon", "Pearl", "Al Sadiq", "Desert Rose", "Al Rayyan", "Dhow"]
    static let europe = ["Horizon", "Bridge", "Northern Star", "Unity", "Harbour", "Beacon", "Anchor", "Meridian",
                         "Crossroads", "Compass", "Lighthouse", "Summit"]
    static let russia = ["Caspian", "Silk Road", "Samarkand", "Bukhara", "Altai", "Steppe", "Volga", "Pamir Trans"]
    /// Receiving countries' words, by country so that a name fits its place.
    static let receiving: [String: [String]] = [
        "AF": ["Khyber", "Ariana", "Kabul Star", "Herat", "Hindu Kush", "Sarai Shahzada"],
        "PK": ["Indus", "Punjab", "Karakoram", "Sitara", "Peshawar", "Chenab"],
        "IR": ["Zagros", "Mashhad", "Persian Gulf", "Alborz"],
        "IN": ["Malabar", "Deccan", "Kerala", "Konkan"],
        "BD": ["Bengal", "Padma", "Sylhet", "Meghna"],
        "SO": ["Hargeisa Star", "Juba Valley", "Shabelle", "Benadir"],
        "YE": ["Sana'a Gate", "Hadramout", "Aden Star", "Tihama"],
        "TJ": ["Pamir", "Dushanbe Star", "Vakhsh"],
        "UZ": ["Zarafshan", "Fergana", "Tashkent Star"],
    ]
    static let kinds = ["Exchange", "Money Transfer", "Remittance", "General Trading", "Travel & Cargo", "Sarafi",
                        "Currency Exchange", "Financial Services"]

    static func name(country: CountryProfile, rng: inout Xoshiro256StarStar) -> String {
        let words: [String]
        switch country.region {
        case .gulf: words = gulf
        case .europe: words = europe
        case .russiaCentralAsia: words = russia
        case .receiving: words = receiving[country.code] ?? ["Sitara"]
        }
        return words[rng.index(words.count)] + " " + kinds[rng.index(kinds.count)]
    }
}
