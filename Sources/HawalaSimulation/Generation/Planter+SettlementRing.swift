import Foundation
import HawalaCore

extension Planter {
    /// A settlement ring (period netting, docs/detectors.md `settlement_ring`): 3–6 distinct
    /// brokers, each paying the next 98–102% of one amount (20,000–150,000 USD), every hop
    /// at its own random time within one 21-day period, so the hops are in no particular
    /// time order. Planted only when asked (`--plant settlement_ring=N`).
    mutating func plantSettlementRing() -> PlantedDraft {
        let length = min(rng.int(3...6), n)
        let brokers = rng.distinct(length, of: n)
        let base = min(max(rng.lognormal(median: 45_000, sigma: 0.6), 20_000), 150_000)
        let periodHours = min(21.0 * 24, Double(days) * 24 - 1)
        let start = startTime(span: periodHours)
        var transfers: [SimTransfer] = []
        for hop in 0..<length {
            let time = start + Int64(rng.uniform(0, periodHours) * 3600)
            transfers.append(
                transfer(brokers[hop], brokers[(hop + 1) % length], usd: base * rng.uniform(0.98, 1.02), at: time))
        }
        let times = transfers.map(\.time)
        let span = Double((times.max() ?? 0) - (times.min() ?? 0)) / 3600
        return PlantedDraft(
            typology: .settlementRing, brokers: brokers, transfers: transfers.sorted { $0.time < $1.time },
            parameters: ["hops": Double(length), "amount_usd": base, "span_hours": span],
            description: "settlement ring \(ids(brokers + [brokers[0]])) in \(String(format: "%.1f", span / 24)) days, any order")
    }
}
