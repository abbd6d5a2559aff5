import Foundation
import HawalaCore

/// One planted instance before ids are formatted.
struct PlantedDraft {
    var typology: Typology
    var brokers: [Int]
    var transfers: [SimTransfer]
    var parameters: [String: Double]
    var description: String
}

/// Plants instances of each typology with parameters a reasonable default rule set detects.
/// All amounts are drawn in USD and booked in the sending broker's currency (USD for one
/// transfer in ten when USD is allowed), converted with the fixed rates of `rates.csv`.
struct Planter {
    /// The reporting threshold planted structuring stays under (USD), after FATF R.10/R.16
    /// practice of a 10,000 USD/EUR cash threshold.
    static let structuringThresholdUSD = 10_000.0

    let network: BrokerNetwork
    let book: CurrencyBook
    let keys: IdentifierKeys
    let start: Int64
    let days: Int
    /// Expected background transfers per day, to scale volume spikes to their pair's baseline.
    let backgroundPerDay: Double
    var rng: Xoshiro256StarStar
    var counter: UInt64 = 1 << 62
    /// Broker pairs (`from · n + to`) that already carry planted transfers, so a settlement
    /// imbalance (planted last) is not offset by another instance's transfer the other way.
    var plantedPairs = Set<Int>()

    var n: Int { network.brokers.count }
    private var end: Int64 { start + Int64(days) * 86_400 }

    /// A start time such that `[t, t + span]` fits in the period, within UTC 04:00–16:00 of its day.
    mutating func startTime(span: Double, earliestDay: Int = 0) -> Int64 {
        let spanSeconds = Int64(span * 3600)
        let firstDay = min(earliestDay, days - 1)
        let day = rng.int(firstDay...(days - 1))
        var t = start + Int64(day) * 86_400 + Int64(rng.uniform(4, 16) * 3600)
        if t + spanSeconds >= end { t = max(start, end - spanSeconds - 60) }
        return t
    }

    /// A transfer of `usd` from `from` to `to` at `time`.
    mutating func transfer(
        _ from: Int, _ to: Int, usd: Double, at time: Int64, originator: UInt64? = nil, beneficiary: UInt64? = nil,
        channel: UInt8? = nil
    ) -> SimTransfer {
        var currency = book.index(of: network.brokers[from].currency)
        if let usdIndex = book.usd, rng.chance(0.1) { currency = usdIndex }
        let id = keys.transfer(counter)
        counter += 1
        // Channel and reference as ordinary traffic pairs them: trade payments by invoice or
        // bank with an invoice number, remittances in cash, mobile or bank with a purpose.
        let tradeLike = channel.map { $0 == TransferText.bank || $0 == TransferText.tradeInvoice } ?? rng.chance(0.5)
        let reference = tradeLike ? TransferText.invoiceReference : rng.chance(0.4) ? 0 : UInt8(rng.int(1...8))
        let c = rng.unit()
        let chosen = channel ?? (tradeLike ? (c < 0.6 ? TransferText.tradeInvoice : TransferText.bank)
                                           : (c < 0.7 ? TransferText.cash : c < 0.85 ? TransferText.mobile : TransferText.bank))
        return SimTransfer(
            id: id, time: time, sender: Int32(from), receiver: Int32(to),
            originator: originator ?? keys.party(broker: from, index: rng.index(400), role: 0),
            beneficiary: beneficiary ?? keys.party(broker: to, index: rng.index(400), role: 1),
            minor: book.minor(usd: usd, currency: currency), currency: currency,
            channel: chosen, reference: reference, invoice: UInt32(rng.int(1000...99_999)))
    }

    /// Avoids the structuring band [9,000, 10,000) USD for patterns that are not structuring.
    func offBand(_ usd: Double) -> Double { usd >= 9_000 && usd < 10_000 ? usd + 1_500 : usd }

    func ids(_ brokers: [Int]) -> String { brokers.map { network.brokers[$0].id }.joined(separator: " → ") }

    mutating func plant(_ typology: Typology) -> PlantedDraft {
        let draft = draftInstance(typology)
        for t in draft.transfers { plantedPairs.insert(Int(t.sender) * n + Int(t.receiver)) }
        return draft
    }

    mutating func draftInstance(_ typology: Typology) -> PlantedDraft {
        switch typology {
        case .cycle: plantCycle()
        case .fanIn: plantFan(inward: true)
        case .fanOut: plantFan(inward: false)
        case .scatterGather: plantScatterGather()
        case .gatherScatter: plantGatherScatter()
        case .structuring: plantStructuring()
        case .rapidPassThrough: plantPassThrough()
        case .volumeSpike: plantVolumeSpike()
        case .settlementImbalance: plantImbalance()
        case .settlementRing: plantSettlementRing()
        }
    }

    /// A settlement cycle: 2–6 distinct brokers, each hop 20 min–3.3 h after the previous,
    /// the whole cycle within 20 h, each hop 90–99.5% of the previous, first hop 20k–250k USD.
    mutating func plantCycle() -> PlantedDraft {
        let length = min([2, 3, 3, 3, 4, 4, 4, 5, 5, 6][rng.index(10)], n)
        let brokers = rng.distinct(length, of: n)
        let maxGap = min(4.0, 20.0 / Double(length))
        let firstAmount = min(max(rng.lognormal(median: 45_000, sigma: 0.6), 20_000), 250_000)
        var amount = firstAmount
        var time = startTime(span: maxGap * Double(length))
        var transfers: [SimTransfer] = []
        var minRatio = 1.0, maxRatio = 0.0
        for hop in 0..<length {
            if hop > 0 {
                let ratio = rng.uniform(0.90, 0.995)
                minRatio = min(minRatio, ratio)
                maxRatio = max(maxRatio, ratio)
                amount *= ratio
                time += Int64(rng.uniform(1.0 / 3.0, maxGap) * 3600)
            }
            transfers.append(transfer(brokers[hop], brokers[(hop + 1) % length], usd: amount, at: time))
        }
        let span = Double(time - transfers[0].time) / 3600
        return PlantedDraft(
            typology: .cycle, brokers: brokers, transfers: transfers,
            parameters: ["hops": Double(length), "first_amount_usd": firstAmount,
                         "min_ratio": length > 1 ? minRatio : 1, "max_ratio": length > 1 ? maxRatio : 1,
                         "span_hours": span],
            description: "cycle \(ids(brokers + [brokers[0]])) in \(String(format: "%.1f", span)) h")
    }

    /// Fan-in (many brokers → one collector) or fan-out (one distributor → many): 14–20
    /// distinct counterparties within 2–10 h, 5,000–8,800 USD each, one beneficiary (fan-in)
    /// or one originator (fan-out).
    mutating func plantFan(inward: Bool) -> PlantedDraft {
        let picked = rng.distinct(min(rng.int(14...20), n - 1) + 1, of: n)
        let hub = picked[0], others = Array(picked.dropFirst())
        let span = rng.uniform(2, 10)
        let t0 = startTime(span: span)
        let party = keys.party(broker: hub, index: rng.index(400), role: inward ? 1 : 0)
        var transfers: [SimTransfer] = []
        var total = 0.0
        for other in others {
            let usd = rng.uniform(5_000, 8_800)
            total += usd
            let t = t0 + Int64(rng.uniform(0, span) * 3600)
            transfers.append(inward ? transfer(other, hub, usd: usd, at: t, beneficiary: party)
                                    : transfer(hub, other, usd: usd, at: t, originator: party))
        }
        return PlantedDraft(
            typology: inward ? .fanIn : .fanOut, brokers: [hub] + others, transfers: transfers,
            parameters: ["counterparties": Double(others.count), "window_hours": span, "total_usd": total],
            description: "\(network.brokers[hub].id) \(inward ? "collects from" : "pays out to") \(others.count) brokers in \(String(format: "%.1f", span)) h")
    }

    /// Scatter-gather: A → 6–9 intermediaries (within 3 h, 11k–30k USD each) → C, each
    /// intermediary passing on 93–99% of what it got 0.5–8 h later (so every leg stays above
    /// the structuring band).
    mutating func plantScatterGather() -> PlantedDraft {
        let k = min(rng.int(6...9), n - 2)
        let picked = rng.distinct(k + 2, of: n)
        let source = picked[0], sink = picked[1], middle = Array(picked.dropFirst(2))
        let t0 = startTime(span: 11.5)
        var transfers: [SimTransfer] = []
        var total = 0.0
        for b in middle {
            let usd = rng.uniform(11_000, 30_000)
            total += usd
            let t1 = t0 + Int64(rng.uniform(0, 3) * 3600)
            transfers.append(transfer(source, b, usd: usd, at: t1))
            let t2 = t1 + Int64(rng.uniform(0.5, 8) * 3600)
            transfers.append(transfer(b, sink, usd: usd * rng.uniform(0.93, 0.99), at: t2))
        }
        return PlantedDraft(
            typology: .scatterGather, brokers: [source] + middle + [sink], transfers: transfers,
            parameters: ["intermediaries": Double(k), "total_usd": total, "window_hours": 11],
            description: "\(network.brokers[source].id) → \(k) brokers → \(network.brokers[sink].id)")
    }

    /// Gather-scatter: 6–9 sources → hub B within 4 h (11k–25k USD each), then B → 6–9 other
    /// brokers 0.5–6 h after that, paying out 92–99% of what came in.
    mutating func plantGatherScatter() -> PlantedDraft {
        let kIn = rng.int(6...9), kOut = rng.int(6...9)
        let picked = rng.distinct(min(kIn + kOut + 1, n), of: n)
        let hub = picked[0]
        let available = picked.count - 1
        let inCount = min(kIn, available / 2), outCount = min(kOut, available - inCount)
        let sources = Array(picked[1..<(1 + inCount)])
        let rest = Array(picked[(1 + inCount)..<(1 + inCount + outCount)])
        let t0 = startTime(span: 10.5)
        var transfers: [SimTransfer] = []
        var totalIn = 0.0
        for s in sources {
            let usd = rng.uniform(11_000, 25_000)
            totalIn += usd
            transfers.append(transfer(s, hub, usd: usd, at: t0 + Int64(rng.uniform(0, 4) * 3600)))
        }
        let payout = totalIn * rng.uniform(0.92, 0.99)
        let shares = rest.map { _ in rng.uniform(0.5, 1.5) }
        let shareTotal = shares.reduce(0, +)
        for (d, share) in zip(rest, shares) {
            let t = t0 + Int64((4 + rng.uniform(0.5, 6)) * 3600)
            transfers.append(transfer(hub, d, usd: offBand(payout * share / shareTotal), at: t))
        }
        return PlantedDraft(
            typology: .gatherScatter, brokers: sources + [hub] + rest, transfers: transfers,
            parameters: ["sources": Double(sources.count), "destinations": Double(rest.count), "total_in_usd": totalIn,
                         "payout_ratio": payout / max(totalIn, 1), "window_hours": 10.5],
            description: "\(sources.count) brokers → \(network.brokers[hub].id) → \(rest.count) brokers")
    }

    /// Structuring: 5–8 transfers of 9,500–9,990 USD (95–99.9% of the 10,000 USD threshold)
    /// within 6–30 h, alternately by one originator (at one broker, to various brokers) and
    /// to one beneficiary (at one broker, from various brokers).
    mutating func plantStructuring() -> PlantedDraft {
        let count = rng.int(5...8)
        let byOriginator = rng.chance(0.5)
        let picked = rng.distinct(min(count + 1, n), of: n)
        let anchor = picked[0]
        let others = (0..<count).map { picked[1 + $0 % (picked.count - 1)] }
        let span = rng.uniform(6, 30)
        let t0 = startTime(span: span)
        let party = keys.party(broker: anchor, index: rng.index(400), role: byOriginator ? 0 : 1)
        var times = (0..<count).map { _ in t0 + Int64(rng.uniform(0, span) * 3600) }
        times.sort()
        var transfers: [SimTransfer] = []
        for (other, t) in zip(others, times) {
            let usd = rng.uniform(9_500, 9_990)
            transfers.append(byOriginator ? transfer(anchor, other, usd: usd, at: t, originator: party, channel: TransferText.cash)
                                          : transfer(other, anchor, usd: usd, at: t, beneficiary: party, channel: TransferText.cash))
        }
        return PlantedDraft(
            typology: .structuring, brokers: [anchor] + Array(Set(others)).sorted(), transfers: transfers,
            parameters: ["transfers": Double(count), "threshold_usd": Self.structuringThresholdUSD, "min_usd": 9_500,
                         "max_usd": 9_990, "span_hours": span, "by_originator": byOriginator ? 1 : 0],
            description: "\(count) transfers just under 10,000 USD \(byOriginator ? "by one originator at" : "to one beneficiary at") \(network.brokers[anchor].id)")
    }

    /// Rapid pass-through: a chain of 3–5 transfers (2–4 brokers relaying) over distinct
    /// brokers (never closing a cycle), each relaying broker passing on 92–99% of what it
    /// received 10–90 min later; first transfer 20k–90k USD. One relay alone (A → B → C) is a
    /// broker paying out for a correspondent, ordinary in hawala; the typology is the chain.
    mutating func plantPassThrough() -> PlantedDraft {
        let hops = rng.int(3...5)
        let brokers = rng.distinct(hops + 1, of: n)
        var amount = rng.uniform(20_000, 90_000)
        var time = startTime(span: Double(hops) * 1.5 + 0.1)
        var transfers: [SimTransfer] = []
        var maxDelay = 0.0
        for hop in 0..<hops {
            if hop > 0 {
                amount *= rng.uniform(0.92, 0.99)
                let delay = rng.uniform(10, 90)
                maxDelay = max(maxDelay, delay)
                time += Int64(delay * 60)
            }
            transfers.append(transfer(brokers[hop], brokers[hop + 1], usd: offBand(amount), at: time))
        }
        return PlantedDraft(
            typology: .rapidPassThrough, brokers: brokers, transfers: transfers,
            parameters: ["hops": Double(hops), "max_delay_minutes": maxDelay.rounded(), "min_ratio": 0.92],
            description: "pass-through \(ids(brokers))")
    }

    /// The least expected number of ordinary transfers a day on a link that hosts a volume
    /// spike: a corridor with a usual daily volume to exceed.
    static let spikeLinkMinPerDay = 2.0

    /// Volume spike: on one busy remittance link (at least ``spikeLinkMinPerDay`` ordinary
    /// transfers a day expected, so it has a daily baseline; the busiest link when none is
    /// that busy), 20–35 extra transfers within 6–14 h of one day in the second half of the
    /// period, together at least 100,000 USD and at least 10× the link's expected daily volume.
    mutating func plantVolumeSpike() -> PlantedDraft {
        let all = network.links
        let totalWeight = all.reduce(0) { $0 + $1.weight }
        let remittance = all.filter { $0.kind == .remittance }
        let perDay = backgroundPerDay
        var links = remittance.filter { totalWeight > 0 && perDay * $0.weight / totalWeight >= Self.spikeLinkMinPerDay }
        if links.isEmpty, let busiest = remittance.max(by: { $0.weight < $1.weight }) { links = [busiest] }
        let link = links.isEmpty ? nil : links[rng.index(links.count)]
        let from = link?.from ?? 0, to = link?.to ?? 1
        var daily = 0.0
        if let link, totalWeight > 0 {
            daily = backgroundPerDay * link.weight / totalWeight * link.medianUSD * exp(link.sigma * link.sigma / 2)
        }
        let volume = max(100_000, 10 * daily) * rng.uniform(1, 1.5)
        let k = rng.int(20...35)
        let span = rng.uniform(6, 14)
        let t0 = startTime(span: span, earliestDay: max(days / 2, min(7, days - 1)))
        var transfers: [SimTransfer] = []
        for _ in 0..<k {
            let usd = offBand(volume / Double(k) * rng.uniform(0.8, 1.2))
            transfers.append(transfer(from, to, usd: usd, at: t0 + Int64(rng.uniform(0, span) * 3600)))
        }
        return PlantedDraft(
            typology: .volumeSpike, brokers: [from, to], transfers: transfers,
            parameters: ["transfers": Double(k), "volume_usd": volume, "baseline_daily_usd": daily, "window_hours": span],
            description: "\(k) transfers \(network.brokers[from].id) → \(network.brokers[to].id) in \(String(format: "%.1f", span)) h against a baseline of \(Int(daily)) USD a day")
    }

    /// Settlement imbalance: 12–24 transfers of 10k–40k USD one way between two brokers that
    /// are not correspondents and share no other planted instance, within 3–6 days, nothing
    /// flowing back.
    mutating func plantImbalance() -> PlantedDraft {
        var linked = plantedPairs
        for l in network.links { linked.insert(l.from * n + l.to) }
        var pair = rng.distinct(2, of: n)
        for _ in 0..<50 where linked.contains(pair[0] * n + pair[1]) || linked.contains(pair[1] * n + pair[0]) {
            pair = rng.distinct(2, of: n)
        }
        let k = rng.int(12...24)
        let spanDays = min(rng.uniform(3, 6), Double(days) - 0.5)
        let t0 = startTime(span: spanDays * 24)
        var times = (0..<k).map { _ in t0 + Int64(rng.uniform(0, spanDays * 24) * 3600) }
        times.sort()
        var transfers: [SimTransfer] = []
        var net = 0.0
        for t in times {
            let usd = rng.uniform(10_000, 40_000)
            net += usd
            transfers.append(transfer(pair[0], pair[1], usd: usd, at: t, channel: TransferText.bank))
        }
        return PlantedDraft(
            typology: .settlementImbalance, brokers: pair, transfers: transfers,
            parameters: ["transfers": Double(k), "net_usd": net, "span_days": spanDays],
            description: "\(network.brokers[pair[0]].id) → \(network.brokers[pair[1]].id): \(k) transfers, \(Int(net)) USD one way, nothing back")
    }
}
