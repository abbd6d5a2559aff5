import Foundation
import HawalaCore

/// One planted instance (or look-alike) before ids are formatted.
struct PlantedDraft {
    /// The look-alike's kind, `nil` for a planted instance.
    var decoy: DecoyKind? = nil
    /// The typology planted, or the one a look-alike imitates.
    var typology: Typology
    var brokers: [Int]
    var transfers: [SimTransfer]
    var parameters: [String: Double]
    var description: String
}

/// Plants instances of each typology with parameters drawn from the whole ranges of issue 9
/// ("What the defaults must cover"), recorded in truth.json (docs/simulation.md).
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
    var end: Int64 { start + Int64(days) * 86_400 }

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

    /// The simulated period in hours.
    var periodHours: Double { Double(days) * 24 }

    /// A value spread over buckets: one of the buckets `[edges[i], edges[i+1])` that overlap
    /// `[low, high]` is picked uniformly, then a log-uniform value inside the overlap, so that
    /// every bucket `hawala evaluate` reports gets instances, not only the widest.
    mutating func bucketed(_ edges: [Double], low: Double, high: Double) -> Double {
        var spans: [(Double, Double)] = []
        for i in 0..<(edges.count - 1) {
            let a = max(edges[i], low), b = min(edges[i + 1], high)
            if b > a { spans.append((a, b)) }
        }
        guard !spans.isEmpty else { return max(low, min(high, edges.last ?? high)) }
        let (a, b) = spans[rng.index(spans.count)]
        return rng.logUniform(max(a, 1e-3), b)
    }

    /// `count` gaps (hours) that add up to `span`, with random weights, none above `maxGap`
    /// (excess moved to the others) and none below `minGap`.
    mutating func gaps(_ count: Int, span: Double, minGap: Double, maxGap: Double) -> [Double] {
        guard count > 0 else { return [] }
        let weights = (0..<count).map { _ in rng.uniform(0.3, 1.7) }
        let total = weights.reduce(0, +)
        var result = weights.map { span * $0 / total }
        for _ in 0..<12 {
            var excess = 0.0
            var open: [Int] = []
            for i in result.indices {
                if result[i] > maxGap {
                    excess += result[i] - maxGap
                    result[i] = maxGap
                } else if result[i] < maxGap {
                    open.append(i)
                }
            }
            if excess < 1e-9 || open.isEmpty { break }
            for i in open { result[i] += excess / Double(open.count) }
        }
        return result.map { max($0, minGap) }
    }

    /// Seconds from hours, at least one minute.
    static func seconds(_ hours: Double) -> Int64 { max(60, Int64(hours * 3600)) }

    /// Cycle spans are drawn evenly over these buckets (hours): < 1 d, 1–3 d, 3–7 d, 7–21 d.
    static let cycleSpanEdges: [Double] = [0, 24, 72, 168, 504]

    /// A settlement cycle (issue 9 ranges): 2–6 distinct brokers, consecutive hops 2 min to 3
    /// days apart, the whole cycle within 21 days (its span drawn evenly over the buckets of
    /// ``cycleSpanEdges`` that fit the period), each hop 90–100% of the previous, every hop
    /// at least 5,000 USD (first hop lognormal, median 30,000 USD, σ 0.9).
    mutating func plantCycle() -> PlantedDraft {
        let ring = drawRing(leak: false)
        return PlantedDraft(
            typology: .cycle, brokers: ring.brokers, transfers: ring.transfers, parameters: ring.parameters,
            description: "cycle \(ids(ring.brokers + [ring.brokers[0]])) in \(String(format: "%.1f", ring.parameters["span_hours"] ?? 0)) h")
    }

    /// A ring of 2–6 brokers as ``plantCycle()`` draws it; with `leak`, one hop (not the
    /// first) carries only 30–60% of the previous one (a look-alike whose value does not
    /// carry over).
    mutating func drawRing(leak: Bool) -> (brokers: [Int], transfers: [SimTransfer], parameters: [String: Double]) {
        let length = min(rng.int(2...6), n)
        let brokers = rng.distinct(length, of: n)
        let gapCount = length - 1
        let high = min(504, Double(gapCount) * 72, periodHours * 0.95)
        let span = bucketed(Self.cycleSpanEdges, low: Double(gapCount) * 5.0 / 60, high: high)
        let gapHours = gaps(gapCount, span: span, minGap: 2.0 / 60, maxGap: 72)
        var ratios = (0..<gapCount).map { _ in rng.uniform(0.90, 1.0) }
        let leakAt = leak && gapCount > 0 ? rng.index(gapCount) : -1
        if leakAt >= 0 { ratios[leakAt] = rng.uniform(0.30, 0.60) }
        let floorFirst = 5_000 / ratios.reduce(1, *)
        let firstAmount = min(max(rng.lognormal(median: 30_000, sigma: 0.9), floorFirst), max(floorFirst, 1_000_000))
        var amount = firstAmount, minAmount = firstAmount
        var time = startTime(span: gapHours.reduce(0, +))
        var transfers: [SimTransfer] = []
        for hop in 0..<length {
            if hop > 0 {
                amount *= ratios[hop - 1]
                minAmount = min(minAmount, amount)
                time += Self.seconds(gapHours[hop - 1])
            }
            transfers.append(transfer(brokers[hop], brokers[(hop + 1) % length], usd: amount, at: time))
        }
        let spanHours = Double(time - transfers[0].time) / 3600
        let carried = leakAt >= 0 ? ratios.enumerated().filter { $0.offset != leakAt }.map(\.element) : ratios
        var parameters: [String: Double] = [
            "hops": Double(length), "brokers": Double(length), "first_amount_usd": firstAmount,
            "min_amount_usd": minAmount, "span_hours": spanHours,
            "max_gap_hours": gapHours.max() ?? 0, "min_gap_hours": gapHours.min() ?? 0,
            "min_ratio": carried.min() ?? 1, "max_ratio": carried.max() ?? 1,
        ]
        if leakAt >= 0 { parameters["leak_ratio"] = ratios[leakAt]; parameters["leak_hop"] = Double(leakAt + 2) }
        return (brokers, transfers, parameters)
    }

    /// Fan windows are drawn evenly over these buckets (hours): < 12 h, 12–24 h, 1–3 d.
    static let fanWindowEdges: [Double] = [0, 12, 24, 72]

    /// An amount uniform in `[low, high)` USD outside the structuring band [9,000, 10,000)
    /// (redrawn above it when it falls inside).
    mutating func amountOffBand(_ low: Double, _ high: Double) -> Double {
        let usd = rng.uniform(low, high)
        return usd >= 9_000 && usd < 10_000 ? rng.uniform(10_000, max(high, 10_001)) : usd
    }

    /// Fan-in (many brokers → one collector) or fan-out (one distributor → many): 8–20
    /// distinct counterparties within 30 min–3 days (drawn evenly over ``fanWindowEdges``),
    /// 8,000–30,000 USD each (outside the structuring band), one beneficiary (fan-in) or one
    /// originator (fan-out).
    mutating func plantFan(inward: Bool) -> PlantedDraft {
        let picked = rng.distinct(min(rng.int(8...20), n - 1) + 1, of: n)
        let hub = picked[0], others = Array(picked.dropFirst())
        let span = bucketed(Self.fanWindowEdges, low: 0.5, high: min(72, periodHours * 0.95))
        let t0 = startTime(span: span)
        let party = keys.party(broker: hub, index: rng.index(400), role: inward ? 1 : 0)
        var transfers: [SimTransfer] = []
        var amounts: [Double] = []
        let slots = others.map { _ in rng.uniform(0, 1) }
        let low = slots.min() ?? 0, width = max((slots.max() ?? 1) - low, 1e-9)
        for (other, slot) in zip(others, slots) {
            let usd = amountOffBand(8_000, 30_000)
            amounts.append(usd)
            // Spread so that the first and last transfers are exactly `span` apart.
            let t = t0 + Int64((slot - low) / width * span * 3600)
            transfers.append(inward ? transfer(other, hub, usd: usd, at: t, beneficiary: party)
                                    : transfer(hub, other, usd: usd, at: t, originator: party))
        }
        return PlantedDraft(
            typology: inward ? .fanIn : .fanOut, brokers: [hub] + others, transfers: transfers,
            parameters: ["counterparties": Double(others.count), "window_hours": span,
                         "total_usd": amounts.reduce(0, +), "min_usd": amounts.min() ?? 0, "max_usd": amounts.max() ?? 0],
            description: "\(network.brokers[hub].id) \(inward ? "collects from" : "pays out to") \(others.count) brokers in \(String(format: "%.1f", span)) h")
    }

    /// Scatter-gather and gather-scatter legs are spread over windows drawn evenly over
    /// these buckets (hours): < 1 d, 1–3 d, 3–5 d.
    static let legSpreadEdges: [Double] = [0, 24, 72, 120]

    /// Scatter-gather: A → 4–10 intermediaries → C, the legs spread over 1 h–5 days (drawn
    /// evenly over ``legSpreadEdges``): each intermediary receives 11,000–60,000 USD
    /// (lognormal, median 18,000) in the first half of the window and passes on 95–100% of
    /// it to C later in the window; the first and last legs are the window apart.
    mutating func plantScatterGather() -> PlantedDraft {
        let k = min(rng.int(4...10), n - 2)
        let picked = rng.distinct(k + 2, of: n)
        let source = picked[0], sink = picked[1], middle = Array(picked.dropFirst(2))
        let window = bucketed(Self.legSpreadEdges, low: 1, high: min(120, periodHours * 0.95))
        let t0 = startTime(span: window)
        let first = rng.index(k), last = rng.index(k)
        var transfers: [SimTransfer] = []
        var total = 0.0, gathered = 0.0, minRatio = 1.0, maxRatio = 0.0
        for (i, b) in middle.enumerated() {
            let usd = min(max(rng.lognormal(median: 18_000, sigma: 0.5), 11_000), 60_000)
            let ratio = rng.uniform(0.95, 1.0)
            total += usd
            gathered += usd * ratio
            minRatio = min(minRatio, ratio)
            maxRatio = max(maxRatio, ratio)
            let out = i == first ? 0 : rng.uniform(0, window * 0.5)
            let back = i == last ? window : rng.uniform(out + 5.0 / 60, window)
            transfers.append(transfer(source, b, usd: usd, at: t0 + Int64(out * 3600)))
            transfers.append(transfer(b, sink, usd: usd * ratio, at: t0 + max(Int64(back * 3600), Int64(out * 3600) + 300)))
        }
        let span = Double((transfers.map(\.time).max() ?? t0) - (transfers.map(\.time).min() ?? t0)) / 3600
        return PlantedDraft(
            typology: .scatterGather, brokers: [source] + middle + [sink], transfers: transfers,
            parameters: ["intermediaries": Double(k), "total_usd": total, "gathered_usd": gathered,
                         "gathered_ratio": gathered / max(total, 1), "min_ratio": minRatio, "max_ratio": maxRatio,
                         "window_hours": window, "span_hours": span],
            description: "\(network.brokers[source].id) → \(k) brokers → \(network.brokers[sink].id) in \(String(format: "%.1f", span)) h")
    }

    /// Gather-scatter: 4–10 sources → hub B in the first half of a window of 1 h–5 days
    /// (drawn evenly over ``legSpreadEdges``), 11,000–60,000 USD each (lognormal, median
    /// 18,000); then B pays out 95–100% of the total to 4–10 other brokers, after the last
    /// incoming leg and within the window (shares 0.5–1.5, none in the structuring band).
    mutating func plantGatherScatter() -> PlantedDraft {
        let kIn = rng.int(4...10), kOut = rng.int(4...10)
        let picked = rng.distinct(min(kIn + kOut + 1, n), of: n)
        let hub = picked[0]
        let available = picked.count - 1
        let inCount = min(kIn, available / 2), outCount = min(kOut, available - inCount)
        let sources = Array(picked[1..<(1 + inCount)])
        let rest = Array(picked[(1 + inCount)..<(1 + inCount + outCount)])
        let window = bucketed(Self.legSpreadEdges, low: 1, high: min(120, periodHours * 0.95))
        let t0 = startTime(span: window)
        var transfers: [SimTransfer] = []
        var totalIn = 0.0
        var lastIn = 0.0
        let firstSource = rng.index(sources.count)
        for (i, s) in sources.enumerated() {
            let usd = min(max(rng.lognormal(median: 18_000, sigma: 0.5), 11_000), 60_000)
            totalIn += usd
            let at = i == firstSource ? 0 : rng.uniform(0, window * 0.5)
            lastIn = max(lastIn, at)
            transfers.append(transfer(s, hub, usd: usd, at: t0 + Int64(at * 3600)))
        }
        let payout = totalIn * rng.uniform(0.95, 1.0)
        var shares: [Double] = []
        for _ in 0..<20 {
            shares = rest.map { _ in rng.uniform(0.5, 1.5) }
            let sum = shares.reduce(0, +)
            if !shares.contains(where: { payout * $0 / sum >= 9_000 && payout * $0 / sum < 10_000 }) { break }
        }
        let shareTotal = shares.reduce(0, +)
        let lastDest = rng.index(rest.count)
        for (i, (d, share)) in zip(rest, shares).enumerated() {
            let at = i == lastDest ? window : rng.uniform(lastIn + 5.0 / 60, max(lastIn + 5.0 / 60, window))
            transfers.append(transfer(hub, d, usd: payout * share / shareTotal, at: t0 + Self.seconds(max(at, lastIn + 5.0 / 60))))
        }
        let span = Double((transfers.map(\.time).max() ?? t0) - t0) / 3600
        return PlantedDraft(
            typology: .gatherScatter, brokers: sources + [hub] + rest, transfers: transfers,
            parameters: ["sources": Double(sources.count), "destinations": Double(rest.count),
                         "intermediaries": Double(min(sources.count, rest.count)), "total_in_usd": totalIn,
                         "payout_ratio": payout / max(totalIn, 1), "window_hours": window, "span_hours": span],
            description: "\(sources.count) brokers → \(network.brokers[hub].id) → \(rest.count) brokers in \(String(format: "%.1f", span)) h")
    }

    /// Structuring: 5–14 cash transfers of 90–99.9% of the 10,000 USD threshold, 6 h to 3
    /// days apart (the longest gap log-uniform 6–72 h, each gap uniform from 6 h to it; the
    /// series squeezed into the period when it would not fit), through 1–3 brokers; half the
    /// instances by one originator (sending through its 1–3 brokers to various brokers), half
    /// to one beneficiary (receiving through 1–3 brokers from various brokers).
    mutating func plantStructuring() -> PlantedDraft {
        let series = drawSeries(lowRatio: 0.90, highRatio: 0.999)
        let s = series.parameters
        return PlantedDraft(
            typology: .structuring, brokers: series.brokers, transfers: series.transfers, parameters: s,
            description: "\(series.transfers.count) transfers just under 10,000 USD \(s["by_originator"] == 1 ? "by one originator" : "to one beneficiary") through \(Int(s["anchor_brokers"] ?? 1)) broker(s) in \(String(format: "%.1f", (s["span_hours"] ?? 0) / 24)) days")
    }

    /// A series of 5–14 cash transfers by one originator (or to one beneficiary) at
    /// `lowRatio`–`highRatio` of the threshold, timed as ``plantStructuring()`` says.
    mutating func drawSeries(lowRatio: Double, highRatio: Double, byOriginatorOnly: Bool = false)
        -> (brokers: [Int], transfers: [SimTransfer], parameters: [String: Double]) {
        var count = rng.int(5...14)
        let anchorCount = rng.int(1...3)
        let byOriginator = byOriginatorOnly || rng.chance(0.5)
        let limit = periodHours * 0.95
        while count > 5 && Double(count - 1) * 6 > limit { count -= 1 }
        let longest = rng.logUniform(6, 72)
        var gapHours = (0..<(count - 1)).map { _ in rng.uniform(6, longest) }
        let total = gapHours.reduce(0, +)
        if total > limit { gapHours = gapHours.map { $0 * limit / total } }
        let picked = rng.distinct(min(anchorCount + count, n), of: n)
        let anchors = Array(picked.prefix(anchorCount))
        let others = (0..<count).map { picked[anchorCount + $0 % max(1, picked.count - anchorCount)] }
        let t0 = startTime(span: gapHours.reduce(0, +))
        let party = keys.party(broker: anchors[0], index: rng.index(400), role: byOriginator ? 0 : 1)
        let threshold = Self.structuringThresholdUSD
        var transfers: [SimTransfer] = []
        var amounts: [Double] = []
        var time = t0
        for i in 0..<count {
            if i > 0 { time += Self.seconds(gapHours[i - 1]) }
            let usd = threshold * rng.uniform(lowRatio, highRatio)
            amounts.append(usd)
            let anchor = anchors[i % anchors.count]
            transfers.append(byOriginator
                ? transfer(anchor, others[i], usd: usd, at: time, originator: party, channel: TransferText.cash)
                : transfer(others[i], anchor, usd: usd, at: time, beneficiary: party, channel: TransferText.cash))
        }
        let used = Array(anchors.prefix(count))
        let span = Double(time - t0) / 3600
        return (used + Array(Set(others)).sorted(), transfers, [
            "transfers": Double(count), "threshold_usd": threshold, "min_usd": amounts.min() ?? 0,
            "max_usd": amounts.max() ?? 0, "min_ratio": (amounts.min() ?? 0) / threshold,
            "max_ratio": (amounts.max() ?? 0) / threshold, "span_hours": span, "span_days": span / 24,
            "min_gap_hours": gapHours.min() ?? 0, "max_gap_hours": gapHours.max() ?? 0,
            "anchor_brokers": Double(used.count), "by_originator": byOriginator ? 1 : 0,
        ])
    }

    /// Pass-through delays are drawn evenly over these buckets (hours): < 1 h, 1–6 h, 6–12 h.
    static let passThroughDelayEdges: [Double] = [0, 1, 6, 12]

    /// Rapid pass-through: a chain of 3–5 transfers (2–4 brokers relaying) over distinct
    /// brokers (never closing a cycle); the longest relay delay drawn evenly over
    /// ``passThroughDelayEdges`` (2 min–12 h), the others log-uniform from a sixth of it;
    /// each relaying broker passes on 97–100% of what it received; first transfer lognormal
    /// (median 40,000 USD, σ 0.7) within 12,000–400,000 USD, so no hop falls in the
    /// structuring band. One relay alone (A → B → C) is a broker paying out for a
    /// correspondent, ordinary in hawala; the typology is the chain.
    mutating func plantPassThrough() -> PlantedDraft {
        let relays = rng.int(2...4)
        let hops = relays + 1
        let brokers = rng.distinct(hops + 1, of: n)
        let longest = bucketed(Self.passThroughDelayEdges, low: 2.0 / 60, high: 12)
        var delays = (0..<relays).map { _ in rng.logUniform(max(2.0 / 60, longest / 6), longest) }
        delays[rng.index(relays)] = longest
        let first = min(max(rng.lognormal(median: 40_000, sigma: 0.7), 12_000), 400_000)
        var amount = first
        var time = startTime(span: delays.reduce(0, +))
        var transfers: [SimTransfer] = []
        var minRatio = 1.0, maxRatio = 0.0
        for hop in 0..<hops {
            if hop > 0 {
                let ratio = rng.uniform(0.97, 1.0)
                minRatio = min(minRatio, ratio)
                maxRatio = max(maxRatio, ratio)
                amount *= ratio
                time += Self.seconds(delays[hop - 1])
            }
            transfers.append(transfer(brokers[hop], brokers[hop + 1], usd: amount, at: time))
        }
        return PlantedDraft(
            typology: .rapidPassThrough, brokers: brokers, transfers: transfers,
            parameters: ["hops": Double(hops), "relays": Double(relays), "first_amount_usd": first,
                         "max_delay_hours": longest, "max_delay_minutes": (longest * 60).rounded(),
                         "min_delay_hours": delays.min() ?? 0, "min_ratio": minRatio, "max_ratio": maxRatio,
                         "span_hours": Double(time - transfers[0].time) / 3600],
            description: "pass-through \(ids(brokers)), longest relay \(String(format: "%.1f", longest)) h")
    }

    /// The least expected number of ordinary transfers a day on a link that hosts a volume
    /// spike: a corridor with a usual daily volume to exceed.
    static let spikeLinkMinPerDay = 2.0

    /// Volume spike: on one busy remittance link (at least ``spikeLinkMinPerDay`` ordinary
    /// transfers a day expected, so it has a daily baseline; the busiest link when none is
    /// that busy), after weeks of ordinary traffic (day ≥ 14, or the second half of shorter
    /// periods), 8–30 extra transfers within 1–8 h of one day, together 12–40 times the
    /// link's expected daily volume (at least 30,000 USD; the multiple recorded is the
    /// volume over the expected daily volume).
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
        let volume = max(30_000, daily * rng.uniform(12, 40))
        let k = rng.int(8...30)
        let span = rng.uniform(1, 8)
        let t0 = startTime(span: span, earliestDay: max(days / 2, min(14, days - 1)))
        var transfers: [SimTransfer] = []
        var total = 0.0
        for _ in 0..<k {
            let usd = offBand(volume / Double(k) * rng.uniform(0.8, 1.2))
            total += usd
            transfers.append(transfer(from, to, usd: usd, at: t0 + Int64(rng.uniform(0, span) * 3600)))
        }
        return PlantedDraft(
            typology: .volumeSpike, brokers: [from, to], transfers: transfers,
            parameters: ["transfers": Double(k), "volume_usd": total, "baseline_daily_usd": daily,
                         "multiple": daily > 0 ? total / daily : 0, "window_hours": span,
                         "day": Double((t0 - start) / 86_400)],
            description: "\(k) transfers \(network.brokers[from].id) → \(network.brokers[to].id) in \(String(format: "%.1f", span)) h against a baseline of \(Int(daily)) USD a day")
    }

    /// A broker pair that is not a correspondent link and carries no planted or look-alike
    /// transfer yet (50 tries, then the last drawn).
    mutating func freePair() -> [Int] {
        var linked = plantedPairs
        for l in network.links { linked.insert(l.from * n + l.to) }
        var pair = rng.distinct(2, of: n)
        for _ in 0..<50 where linked.contains(pair[0] * n + pair[1]) || linked.contains(pair[1] * n + pair[0]) {
            pair = rng.distinct(2, of: n)
        }
        return pair
    }

    /// Settlement imbalance: 8–20 transfers of 10,000–60,000 USD one way (bank) between two
    /// brokers that are not correspondents and share no other planted instance or look-alike,
    /// over 3–6 weeks (squeezed into the period when it is shorter), nothing flowing back.
    mutating func plantImbalance() -> PlantedDraft {
        let pair = freePair()
        let k = rng.int(8...20)
        let spanDays = min(rng.uniform(21, 42), Double(days) * 0.95)
        let t0 = startTime(span: spanDays * 24)
        var times = (0..<k).map { _ in t0 + Int64(rng.uniform(0, spanDays * 24) * 3600) }
        times.sort()
        times[0] = t0
        times[k - 1] = t0 + Int64(spanDays * 86_400)
        var transfers: [SimTransfer] = []
        var net = 0.0
        for t in times {
            let usd = rng.uniform(10_000, 60_000)
            net += usd
            transfers.append(transfer(pair[0], pair[1], usd: usd, at: t, channel: TransferText.bank))
        }
        let actual = Double((times.last ?? t0) - (times.first ?? t0)) / 86_400
        return PlantedDraft(
            typology: .settlementImbalance, brokers: pair, transfers: transfers,
            parameters: ["transfers": Double(k), "net_usd": net, "span_days": actual, "window_days": spanDays],
            description: "\(network.brokers[pair[0]].id) → \(network.brokers[pair[1]].id): \(k) transfers, \(Int(net)) USD one way over \(String(format: "%.1f", actual)) days, nothing back")
    }
}
