import HawalaCore

/// `structuring`: several transfers by one originator (or to one beneficiary) just under the
/// reporting threshold.
///
/// Rule: at least `min_transfers` transfers of one party within `window_hours` (inclusive),
/// each with an amount in [T · (1 − ε), T), T = `threshold` and ε = `margin` in the reporting
/// currency. Grouped by originator (`by_originator`) and by beneficiary (`by_beneficiary`);
/// transfers with no party named are left out.
///
/// Search: the transfers in the band are picked in one pass, grouped by party (a stable sort,
/// so each group stays in time order) and swept with two pointers. A burst (overlapping
/// qualifying windows) is reported once with all its transfers in the band, even when it
/// lasts longer than the window.
/// Sources: FATF Recommendation 10 and 16 thresholds (e.g. 1,000 USD/EUR for wires); FinCEN,
/// 31 U.S.C. § 5324 (structuring to evade the 10,000 USD currency transaction report).
///
/// Score: ``excessScore`` of (transfers in the burst, `min_transfers`).
public struct StructuringDetector: Sendable {
    /// The rules used.
    public var rules: StructuringRules

    /// - Parameter rules: the `structuring` section.
    public init(rules: StructuringRules) {
        self.rules = rules
    }

    func detect(graph: TransferGraph, threads: Int, context: DetectionContext) -> DetectorOutput {
        let low = rules.threshold * (1 - rules.margin)
        var band: [Int32] = []
        for e in 0..<graph.edgeCount {
            let a = graph.amount[e]
            if a >= low - 1e-9 && a < rules.threshold { band.append(Int32(e)) }
        }
        var output = DetectorOutput()
        if rules.byOriginator { output.findings += scan(graph, band: band, byOriginator: true, context: context) }
        if rules.byBeneficiary { output.findings += scan(graph, band: band, byOriginator: false, context: context) }
        return output
    }

    private func scan(_ graph: TransferGraph, band: [Int32], byOriginator: Bool, context: DetectionContext) -> [Finding] {
        let partyOf = byOriginator ? graph.originator : graph.beneficiary
        // Each party's transfers in all: the share of them in the band is the finding's rarity.
        var partyTotal: [Int32: Int] = [:]
        for e in band where partyOf[Int(e)] >= 0 { partyTotal[partyOf[Int(e)]] = 0 }
        for p in partyOf where p >= 0 && partyTotal[p] != nil { partyTotal[p]! += 1 }
        let edges = band.filter { partyOf[Int($0)] >= 0 }.sorted {
            (partyOf[Int($0)], $0) < (partyOf[Int($1)], $1)
        }
        let window = seconds(hours: rules.windowHours)
        var findings: [Finding] = []
        var start = 0
        while start < edges.count {
            let party = partyOf[Int(edges[start])]
            var end = start
            while end < edges.count && partyOf[Int(edges[end])] == party { end += 1 }
            var tracker = BurstTracker()
            var left = start
            func emit(_ burst: BurstTracker.Burst?) {
                guard let burst else { return }
                let group = Array(edges[burst.first...burst.last])
                let rarity = Double(group.count) / Double(max(group.count, partyTotal[party] ?? 0))
                findings.append(finding(
                    graph, party: party, edges: group, byOriginator: byOriginator, rarity: rarity, context: context))
            }
            for right in start..<end {
                while graph.time[Int(edges[right])] - graph.time[Int(edges[left])] > window { left += 1 }
                if right - left + 1 >= rules.minTransfers {
                    emit(tracker.add(low: left, high: right, primary: right - left + 1, secondary: 0))
                }
            }
            emit(tracker.finish())
            start = end
        }
        return findings
    }

    private func finding(
        _ graph: TransferGraph, party: Int32, edges: [Int32], byOriginator: Bool, rarity: Double, context: DetectionContext
    ) -> Finding {
        let amounts = edges.map { graph.amount[Int($0)] }
        let brokers = distinctInOrder(edges.map { byOriginator ? graph.from[Int($0)] : graph.to[Int($0)] })
            .map { graph.brokerName($0) }
        let span = graph.time[Int(edges.last!)] - graph.time[Int(edges[0])]
        let total = amounts.reduce(0, +)
        let name = graph.partyName(party) ?? "?"
        let role = byOriginator ? "originator \(name) sent" : "beneficiary \(name) received"
        let via = byOriginator ? "through" : "via"
        let sentence =
            "\(role) \(edges.count) transfers of "
            + "\(Explain.exactMoney(amounts.min()!, graph.currency).dropLast(graph.currency.code.count + 1))–"
            + "\(Explain.exactMoney(amounts.max()!, graph.currency)) within \(Explain.duration(span)), just under the "
            + "\(Explain.money(rules.threshold, graph.currency)) threshold, \(via) \(Explain.list(brokers)): "
            + "\(Explain.money(total, graph.currency)) in all"
        return FindingDraft(
            typology: .structuring,
            score: context.score(
                rule: excessScore([(Double(edges.count), Double(rules.minTransfers))]), rarity: rarity, amount: total),
            brokers: brokers, edges: edges, amount: total, explanation: sentence
        ).finding(in: graph)
    }
}
