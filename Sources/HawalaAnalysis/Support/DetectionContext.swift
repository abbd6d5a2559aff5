import HawalaCore

/// What every detector of one run shares beyond its own section: the brokers' own history
/// (built once per run), the `baseline` rules that read it and the `ranking` weights.
struct DetectionContext: Sendable {
    var baseline: BaselineRules
    var ranking: RankingRules
    var history: PairHistory

    /// - Parameters:
    ///   - graph: the transfer graph.
    ///   - rules: the run's rules (its `baseline` and `ranking` sections are used).
    init(graph: TransferGraph, rules: AnalysisRules) {
        baseline = rules.baseline
        ranking = rules.ranking
        history = PairHistory(graph: graph)
    }

    /// Whether `a` → `b` is a routine relationship (active in at least `routine_weeks` weeks).
    func routine(_ a: Int32, _ b: Int32) -> Bool {
        baseline.routineWeeks > 0 && history.activeWeeks(a, b) >= baseline.routineWeeks
    }

    /// Whether the pair {a, b} settles both ways week after week: both directions active in at
    /// least `routine_weeks` common weeks.
    func settlesBothWays(_ a: Int32, _ b: Int32) -> Bool {
        baseline.routineWeeks > 0 && history.twoWayWeeks(a, b) >= baseline.routineWeeks
    }

    /// The number of `edges` on routine relationships (``routine(_:_:)``).
    func routineCount(_ edges: some Collection<Int32>, graph: TransferGraph) -> Int {
        edges.count(where: { routine(graph.from[Int($0)], graph.to[Int($0)]) })
    }

    /// The share of `edges` on pairs that are not routine: the rarity of a pattern of transfers.
    func newPairShare(_ edges: [Int32], graph: TransferGraph) -> Double {
        guard !edges.isEmpty else { return 0 }
        return Double(edges.filter { !routine(graph.from[Int($0)], graph.to[Int($0)]) }.count) / Double(edges.count)
    }

    /// Whether the data spans enough days to form a broker's usual counts.
    func historyLongEnough(_ graph: TransferGraph) -> Bool {
        guard let first = graph.time.first, let last = graph.time.last else { return false }
        return Double(last - first) >= baseline.minHistoryDays * 86_400
    }

    /// ``RankScore/combine(rule:rarity:amount:ranking:)`` with this run's weights.
    func score(rule: Double, rarity: Double, amount: Double) -> Double {
        RankScore.combine(rule: rule, rarity: rarity, amount: amount, ranking: ranking)
    }
}

extension DetectionContext {
    /// A broker's usual number of distinct keys (counterparties, or counterparty and direction)
    /// in a window: the median, over the days of the data, of the distinct keys among its
    /// events within `window` seconds before the end of each UTC day. Days before its first
    /// event count as 0. Returns 0 when the data spans fewer than `min_history_days` days.
    /// - Parameters:
    ///   - graph: the graph (for the data's days).
    ///   - count: the broker's events, in time order.
    ///   - time: event i's time, seconds since 1970.
    ///   - key: event i's key in `0..<scratch.count`, or −1 to leave it out.
    ///   - window: the window, seconds.
    ///   - scratch: counters, all 0 on entry and on return.
    func usualDistinct(
        _ graph: TransferGraph, count: Int, time: (Int) -> Int64, key: (Int) -> Int, window: Int64,
        scratch: inout [Int32]
    ) -> Double {
        guard historyLongEnough(graph), count > 0 else { return 0 }
        let origin = graph.dayOrigin
        let days = Int(((graph.time.last ?? origin) - origin) / 86_400) + 1
        var perDay = [Int32](repeating: 0, count: days)
        var left = 0
        var right = 0
        var distinct: Int32 = 0
        for d in 0..<days {
            let end = origin + Int64(d + 1) * 86_400
            while right < count && time(right) < end {
                let k = key(right)
                if k >= 0 {
                    scratch[k] += 1
                    if scratch[k] == 1 { distinct += 1 }
                }
                right += 1
            }
            while left < right && time(left) < end - window {
                let k = key(left)
                if k >= 0 {
                    scratch[k] -= 1
                    if scratch[k] == 0 { distinct -= 1 }
                }
                left += 1
            }
            perDay[d] = distinct
        }
        for i in left..<right where key(i) >= 0 { scratch[key(i)] = 0 }
        perDay.sort()
        return days % 2 == 1 ? Double(perDay[days / 2]) : Double(perDay[days / 2 - 1] + perDay[days / 2]) / 2
    }
}
