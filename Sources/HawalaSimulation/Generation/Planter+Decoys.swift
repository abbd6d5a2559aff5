import Foundation
import HawalaCore

/// One look-alike before ids are formatted: a draft whose typology is the one it imitates.
typealias DecoyDraft = PlantedDraft

/// Legitimate look-alikes (issue 9): ordinary hawala business shaped like a typology. Each
/// kind is documented in docs/simulation.md ("Look-alikes").
extension Planter {
    /// The draws of one look-alike kind (an exchange hub gives four decoys, one per typology
    /// it resembles).
    mutating func plantDecoys(_ kind: DecoyKind) -> [DecoyDraft] {
        let drafts: [DecoyDraft]
        switch kind {
        case .exchangeHub: drafts = exchangeHub()
        case .leakyRing: drafts = [leakyRing()]
        case .overThresholdSeries: drafts = [overThresholdSeries()]
        case .regularDistribution: drafts = [regularDistribution()]
        case .balancedPair: drafts = [balancedPair()]
        case .quietPairPayment: drafts = [quietPairPayment()]
        case .largePayments: drafts = []  // made with the background (BackgroundGenerator)
        }
        for d in drafts {
            for t in d.transfers { plantedPairs.insert(Int(t.sender) * n + Int(t.receiver)) }
        }
        return drafts
    }

    /// An exchange hub: a broker with a roster of 40–60 correspondents (at most all the other
    /// brokers), 40% of whom only pay it, 40% only receive from it and 20% both (a clearing
    /// house between sending and receiving countries); every day each correspondent makes each
    /// of its payments with probability 0.85: lognormal amounts (median 9,000 USD, σ 0.7,
    /// within 1,000–150,000, outside the structuring band), between 06:00 and 18:00 UTC.
    /// Four decoys: the incoming transfers (imitate `fan_in`), the outgoing (`fan_out`), all
    /// (`gather_scatter`), and those with the two-way correspondents (`cycle`: round trips).
    mutating func exchangeHub() -> [DecoyDraft] {
        let roster = rng.distinct(min(rng.int(40...60), n - 1) + 1, of: n)
        let hub = roster[0], correspondents = Array(roster.dropFirst())
        let roles = correspondents.map { _ in rng.unit() }  // < 0.4 pays in, < 0.8 paid out, else both
        var incoming: [SimTransfer] = [], outgoing: [SimTransfer] = [], twoWay: [SimTransfer] = []
        for day in 0..<days {
            let dayStart = start + Int64(day) * 86_400
            for (c, role) in zip(correspondents, roles) {
                for inward in [true, false] where (inward ? role < 0.4 || role >= 0.8 : role >= 0.4) && rng.chance(0.85) {
                    let usd = offBand(min(max(rng.lognormal(median: 9_000, sigma: 0.7), 1_000), 150_000))
                    let at = dayStart + Int64(rng.uniform(6, 18) * 3600)
                    let t = inward ? transfer(c, hub, usd: usd, at: at) : transfer(hub, c, usd: usd, at: at)
                    if inward { incoming.append(t) } else { outgoing.append(t) }
                    if role >= 0.8 { twoWay.append(t) }
                }
            }
        }
        let both = zip(correspondents, roles).filter { $0.1 >= 0.8 }.map(\.0)
        let perDay = Double(incoming.count + outgoing.count) / Double(max(days, 1))
        let parameters: [String: Double] = [
            "correspondents": Double(correspondents.count), "two_way_correspondents": Double(both.count),
            "transfers_in": Double(incoming.count), "transfers_out": Double(outgoing.count),
            "transfers_per_day": perDay, "days": Double(days),
        ]
        let name = network.brokers[hub].id
        let text = "exchange house \(name) trading with \(correspondents.count) brokers every day"
        var drafts = [
            DecoyDraft(decoy: .exchangeHub, typology: .fanIn, brokers: [hub] + correspondents, transfers: incoming,
                       parameters: parameters, description: text + " (receipts)"),
            DecoyDraft(decoy: .exchangeHub, typology: .fanOut, brokers: [hub] + correspondents, transfers: outgoing,
                       parameters: parameters, description: text + " (payments)"),
            DecoyDraft(decoy: .exchangeHub, typology: .gatherScatter, brokers: [hub] + correspondents,
                       transfers: incoming + outgoing, parameters: parameters, description: text),
        ]
        if !twoWay.isEmpty {
            drafts.append(DecoyDraft(decoy: .exchangeHub, typology: .cycle, brokers: [hub] + both, transfers: twoWay,
                                     parameters: parameters, description: text + " (round trips with \(both.count) two-way correspondents)"))
        }
        return drafts
    }

    /// A ring timed and sized as a planted cycle (``drawRing(leak:)``) in which one hop
    /// carries only 30–60% of the previous one: value that does not carry over.
    mutating func leakyRing() -> DecoyDraft {
        let ring = drawRing(leak: true)
        return DecoyDraft(
            decoy: .leakyRing, typology: .cycle, brokers: ring.brokers, transfers: ring.transfers,
            parameters: ring.parameters,
            description: "ring \(ids(ring.brokers + [ring.brokers[0]])) where one hop carries \(Int((ring.parameters["leak_ratio"] ?? 0) * 100))% of the previous")
    }

    /// A series timed as planted structuring (``drawSeries(lowRatio:highRatio:byOriginatorOnly:)``),
    /// by one originator through 1–3 brokers, each transfer 100–110% of the threshold: a
    /// customer who pays large sums and is reported, not one who avoids the report.
    mutating func overThresholdSeries() -> DecoyDraft {
        let series = drawSeries(lowRatio: 1.0, highRatio: 1.10, byOriginatorOnly: true)
        return DecoyDraft(
            decoy: .overThresholdSeries, typology: .structuring, brokers: series.brokers, transfers: series.transfers,
            parameters: series.parameters,
            description: "\(series.transfers.count) transfers just over 10,000 USD by one originator")
    }

    /// A regular distribution: one broker pays the same 10–14 correspondents every week, on
    /// one weekday, within 3 h from a start hour of 06:00–14:00 UTC, each correspondent a
    /// steady amount (8,000–30,000 USD, outside the structuring band) ±10%, from the first
    /// week of the period to the last.
    mutating func regularDistribution() -> DecoyDraft {
        let picked = rng.distinct(min(rng.int(10...14), n - 1) + 1, of: n)
        let payer = picked[0], payees = Array(picked.dropFirst())
        let bases = payees.map { _ in amountOffBand(8_000, 30_000) }
        let firstDay = rng.index(min(7, days))
        let hour = rng.uniform(6, 14)
        var transfers: [SimTransfer] = []
        var weeks = 0
        for day in stride(from: firstDay, to: days, by: 7) {
            weeks += 1
            let at = start + Int64(day) * 86_400 + Int64(hour * 3600)
            for (payee, base) in zip(payees, bases) {
                transfers.append(transfer(payer, payee, usd: offBand(base * rng.uniform(0.9, 1.1)),
                                          at: at + Int64(rng.uniform(0, 3) * 3600), channel: TransferText.bank))
            }
        }
        return DecoyDraft(
            decoy: .regularDistribution, typology: .fanOut, brokers: [payer] + payees, transfers: transfers,
            parameters: ["correspondents": Double(payees.count), "weeks": Double(weeks),
                         "weekly_usd": bases.reduce(0, +)],
            description: "\(network.brokers[payer].id) pays the same \(payees.count) correspondents every week (\(weeks) weeks)")
    }

    /// A balanced pair: two brokers (not correspondents) settle both ways every 5–9 days: one
    /// pays 10,000–60,000 USD, the other pays back 97–103% of it 2–72 h later (who starts
    /// alternates at random), from the first week of the period to the last.
    mutating func balancedPair() -> DecoyDraft {
        let pair = freePair()
        var transfers: [SimTransfer] = []
        var day = Double(rng.index(min(5, days))) + rng.uniform(0.2, 0.7)
        var exchanges = 0
        var net = 0.0
        while day * 24 + 72 < periodHours {
            let usd = rng.uniform(10_000, 60_000)
            let back = usd * rng.uniform(0.97, 1.03)
            let a = rng.chance(0.5) ? 0 : 1
            let t = start + Int64(day * 86_400)
            transfers.append(transfer(pair[a], pair[1 - a], usd: usd, at: t, channel: TransferText.bank))
            transfers.append(transfer(pair[1 - a], pair[a], usd: back, at: t + Self.seconds(rng.uniform(2, 72)),
                                      channel: TransferText.bank))
            net += a == 0 ? usd - back : back - usd
            exchanges += 1
            day += rng.uniform(5, 9)
        }
        return DecoyDraft(
            decoy: .balancedPair, typology: .cycle, brokers: pair, transfers: transfers,
            parameters: ["exchanges": Double(exchanges), "net_usd": net],
            description: "\(network.brokers[pair[0]].id) ⇄ \(network.brokers[pair[1]].id) settle both ways in balance, \(exchanges) exchanges")
    }

    /// A quiet pair with one large payment: two brokers (not correspondents) exchange 1–2
    /// small transfers (300–3,000 USD) a week over the whole period, and on one day in its
    /// second half one payment of 50,000–400,000 USD (log-uniform).
    mutating func quietPairPayment() -> DecoyDraft {
        let pair = freePair()
        var transfers: [SimTransfer] = []
        for week in stride(from: 0, to: days, by: 7) {
            for _ in 0..<rng.int(1...2) {
                let day = min(days - 1, week + rng.index(7))
                transfers.append(transfer(pair[0], pair[1], usd: rng.uniform(300, 3_000),
                                          at: start + Int64(day) * 86_400 + Int64(rng.uniform(6, 18) * 3600)))
            }
        }
        let small = transfers.reduce(0) { $0 + book.usd(minor: $1.minor, currency: $1.currency) }
        let large = rng.logUniform(50_000, 400_000)
        let day = rng.int(min(days / 2, days - 1)...(days - 1))
        transfers.append(transfer(pair[0], pair[1], usd: large,
                                  at: start + Int64(day) * 86_400 + Int64(rng.uniform(6, 18) * 3600), channel: TransferText.bank))
        return DecoyDraft(
            decoy: .quietPairPayment, typology: .volumeSpike, brokers: pair, transfers: transfers,
            parameters: ["small_transfers": Double(transfers.count - 1), "baseline_daily_usd": small / Double(max(days, 1)),
                         "large_usd": large, "day": Double(day)],
            description: "one payment of \(Int(large)) USD \(network.brokers[pair[0]].id) → \(network.brokers[pair[1]].id) on a pair that moves \(Int(small)) USD in \(days) days")
    }
}
