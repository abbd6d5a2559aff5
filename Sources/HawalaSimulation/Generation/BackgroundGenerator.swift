import Foundation
import HawalaCore

/// Ordinary remittance traffic for one day, independent of every other day (each day has its
/// own seeded stream), so days can be generated in order and streamed.
///
/// Per transfer: a correspondent link drawn by weight; a time of day from the sender's local
/// rhythm (a late-morning and an early-evening peak, a little at night) shifted to UTC; an
/// amount from the link's lognormal (remittances: the sending country's median, σ 0.75;
/// trade legs: median 12,000 USD, σ 0.55), booked in the sender's currency (one in
/// ten in USD when allowed), half of them rounded to two significant digits as customers do;
/// an originator and a beneficiary from the brokers' customer pools, frequent customers more
/// likely than rare ones. A share ``largeShare`` of the transfers (0.02 by default, none
/// with `--no-decoys`) are large trade or wholesale payments: 10,000–400,000 USD
/// (log-uniform), by invoice or bank, on any link (look-alikes of volume spikes).
struct BackgroundGenerator: Sendable {
    let network: BrokerNetwork
    let book: CurrencyBook
    let keys: IdentifierKeys
    let seed: UInt64
    /// The share of transfers that are large trade or wholesale payments.
    let largeShare: Double
    private let cumulative: [Double]
    private let total: Double
    private let offsets: [Int64]
    private let localCurrency: [UInt8]
    private let pools: [Int]

    init(network: BrokerNetwork, book: CurrencyBook, keys: IdentifierKeys, seed: UInt64, largeShare: Double = 0) {
        self.largeShare = largeShare
        self.network = network
        self.book = book
        self.keys = keys
        self.seed = seed
        var sum = 0.0
        cumulative = network.links.map { sum += $0.weight; return sum }
        total = sum
        offsets = network.brokers.map { Int64($0.country.utcOffsetHours * 3600) }
        localCurrency = network.brokers.map { book.index(of: $0.currency) }
        pools = network.brokers.map { min(5_000, Int(300 + 700 * $0.activity)) }
    }

    /// The background transfers of one day, unsorted.
    /// - Parameters:
    ///   - day: the day's index (seeds its stream).
    ///   - start: the day's midnight, UTC seconds.
    ///   - count: how many transfers.
    ///   - firstCounter: the id counter of the first transfer (ids are unique across days).
    ///   - large: receives the day's large trade or wholesale payments (also in the result).
    func day(_ day: Int, start: Int64, count: Int, firstCounter: UInt64, large: inout [SimTransfer]) -> [SimTransfer] {
        guard count > 0, !cumulative.isEmpty else { return [] }
        var rng = Xoshiro256StarStar(seed: SplitMix64.mix(seed &+ 0xBAC6_0000 &+ UInt64(day)))
        var result: [SimTransfer] = []
        result.reserveCapacity(count)
        let links = network.links
        for i in 0..<count {
            let link = links[pick(rng.unit() * total)]
            let local = localTime(&rng)
            var offset = (local - offsets[link.from]) % 86_400
            if offset < 0 { offset += 86_400 }
            var usd = min(max(rng.lognormal(median: link.medianUSD, sigma: link.sigma), 10), 2_000_000)
            let isLarge = largeShare > 0 && rng.chance(largeShare)
            if isLarge { usd = rng.logUniform(10_000, 400_000) }
            var currency = localCurrency[link.from]
            if let usdIndex = book.usd, currency != usdIndex, rng.chance(0.1) { currency = usdIndex }
            let minor = rng.chance(0.5) ? book.roundMinor(usd: usd, currency: currency) : book.minor(usd: usd, currency: currency)
            let originator: UInt64, beneficiary: UInt64, channel: UInt8, reference: UInt8
            switch isLarge ? .trade : link.kind {
            case .remittance:
                originator = keys.party(broker: link.from, index: skewed(pools[link.from], &rng), role: 0)
                beneficiary = keys.party(broker: link.to, index: skewed(pools[link.to], &rng), role: 1)
                let c = rng.unit()
                channel = c < 0.7 ? TransferText.cash : c < 0.85 ? TransferText.mobile : TransferText.bank
                reference = rng.chance(0.4) ? 0 : UInt8(rng.int(1...8))
            case .trade:
                originator = keys.party(broker: link.from, index: skewed(60, &rng), role: 2)
                beneficiary = keys.party(broker: link.to, index: skewed(60, &rng), role: 3)
                channel = rng.chance(0.6) ? TransferText.tradeInvoice : TransferText.bank
                reference = TransferText.invoiceReference
            }
            result.append(SimTransfer(
                id: keys.transfer(firstCounter + UInt64(i)), time: start + offset, sender: Int32(link.from),
                receiver: Int32(link.to), originator: originator, beneficiary: beneficiary, minor: minor,
                currency: currency, channel: channel, reference: reference, invoice: UInt32(rng.int(1000...99_999))))
            if isLarge { large.append(result[result.count - 1]) }
        }
        return result
    }

    /// Binary search of the cumulative link weights.
    private func pick(_ target: Double) -> Int {
        var low = 0, high = cumulative.count - 1
        while low < high {
            let mid = (low + high) / 2
            if cumulative[mid] <= target { low = mid + 1 } else { high = mid }
        }
        return low
    }

    /// A customer index in `0..<pool`, frequent customers (low indexes) more likely.
    private func skewed(_ pool: Int, _ rng: inout Xoshiro256StarStar) -> Int {
        min(pool - 1, Int(Double(pool) * pow(rng.unit(), 1.3)))
    }

    /// Seconds after local midnight: 55% around 11:30 (σ 2 h), 35% around 18:30 (σ 1.8 h),
    /// 10% at any hour.
    private func localTime(_ rng: inout Xoshiro256StarStar) -> Int64 {
        let u = rng.unit()
        let hours: Double
        if u < 0.55 {
            hours = 11.5 + 2 * rng.normal()
        } else if u < 0.9 {
            hours = 18.5 + 1.8 * rng.normal()
        } else {
            hours = rng.uniform(0, 24)
        }
        var seconds = Int64(hours * 3600) % 86_400
        if seconds < 0 { seconds += 86_400 }
        return seconds
    }
}
