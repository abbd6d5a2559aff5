import HawalaCore

/// `fan_in` / `fan_out`: one broker paid by (paying) many distinct brokers within a window.
///
/// Rule: a window of the broker's in-transfers (out-transfers) with last − first ≤
/// `window_hours` (inclusive) holding at least `min_counterparties` distinct counterparty
/// brokers and a total of at least `min_total`. Self-transfers are ignored. Of them, at least
/// `min_new_counterparties` (and `baseline_factor` × the broker's usual count) are not
/// routine, and at least `min_new_share` of them.
///
/// Search: a two-pointer sweep over the broker's time-sorted CSR slice with a counter per
/// counterparty: amortised O(1) per transfer. Overlapping qualifying windows form one burst,
/// reported once by its best window (most counterparties, then largest total); the sentence
/// gives the burst's extent when it is larger. Parallel over chunks of brokers.
/// Source: the fan-in / fan-out typologies of FATF's money-laundering typology reports and
/// of IBM AMLSim (Suzumura & Kanezashi) and AMLworld (Altman et al., NeurIPS 2023).
///
/// Score: ``excessScore`` of (counterparties, `min_counterparties`) and (total, `min_total`):
/// 0.5 at the thresholds, rising towards 1.
public struct FanDetector: Sendable {
    /// The rules used.
    public var rules: FanRules
    /// `.fanIn` or `.fanOut`.
    public var typology: Typology

    /// - Parameters:
    ///   - rules: the `fan_in` or `fan_out` section.
    ///   - typology: `.fanIn` or `.fanOut`.
    public init(rules: FanRules, typology: Typology) {
        self.rules = rules
        self.typology = typology
    }

    func detect(graph: TransferGraph, threads: Int, context: DetectionContext) -> DetectorOutput {
        graph.perBrokerChunks(threads: threads) {
            DetectorOutput(findings: sweep(graph, brokers: $0, context: context))
        }
    }

    /// Whether `other` is a routine counterparty of `hub` in this direction (the `baseline`
    /// section's `routine_weeks`).
    private func routine(_ context: DetectionContext, hub: Int, other: Int) -> Bool {
        typology == .fanIn ? context.routine(Int32(other), Int32(hub)) : context.routine(Int32(hub), Int32(other))
    }

    private func sweep(_ graph: TransferGraph, brokers: Range<Int>, context: DetectionContext) -> [Finding] {
        let judgeUsual = rules.baselineFactor > 0
        let incoming = typology == .fanIn
        let offsets = incoming ? graph.inOffsets : graph.outOffsets
        let times = incoming ? graph.inTime : graph.outTime
        let others = incoming ? graph.inFrom : graph.outTo
        let edges = incoming ? graph.inEdges : graph.outEdges
        let window = seconds(hours: rules.windowHours)
        var counts = [Int32](repeating: 0, count: graph.brokerCount)
        var findings: [Finding] = []
        for hub in brokers {
            let lo = offsets[hub]
            let hi = offsets[hub + 1]
            if hi - lo < rules.minCounterparties { continue }
            var routineOf: [Int: Bool] = [:]
            func isRoutine(_ other: Int) -> Bool {
                if let known = routineOf[other] { return known }
                let value = routine(context, hub: hub, other: other)
                routineOf[other] = value
                return value
            }
            // The hub's usual count of new (not routine) counterparties in a window:
            // DetectionContext.usualDistinct over its slice.
            let usual = judgeUsual
                ? context.usualDistinct(
                    graph, count: hi - lo, time: { times[lo + $0] },
                    key: { let o = Int(others[lo + $0]); return o == hub || isRoutine(o) ? -1 : o },
                    window: window, scratch: &counts)
                : 0
            let neededNew = max(Double(min(rules.minNewCounterparties, rules.minCounterparties)), rules.baselineFactor * usual)
            var tracker = BurstTracker()
            var left = lo
            var distinct = 0
            var fresh = 0
            var total = 0.0
            func emit(_ burst: BurstTracker.Burst?) {
                guard let burst else { return }
                findings.append(finding(
                    graph, hub: hub, slots: burst, edges: edges, others: others, times: times, usual: usual,
                    routineOf: routineOf, context: context))
            }
            for right in lo..<hi {
                let other = Int(others[right])
                if other == hub { continue }
                counts[other] += 1
                if counts[other] == 1 {
                    distinct += 1
                    if !isRoutine(other) { fresh += 1 }
                }
                total += graph.amount[Int(edges[right])]
                while times[right] - times[left] > window {
                    let gone = Int(others[left])
                    if gone != hub {
                        counts[gone] -= 1
                        if counts[gone] == 0 {
                            distinct -= 1
                            if routineOf[gone] == false { fresh -= 1 }
                        }
                        total -= graph.amount[Int(edges[left])]
                    }
                    left += 1
                }
                if distinct >= rules.minCounterparties && Double(fresh) >= neededNew - 1e-9
                    && Double(fresh) >= rules.minNewShare * Double(distinct) - 1e-9
                    && total >= rules.minTotal - 1e-9
                {
                    emit(tracker.add(low: left, high: right, primary: distinct, secondary: total))
                }
            }
            emit(tracker.finish())
            for slot in left..<hi where Int(others[slot]) != hub { counts[Int(others[slot])] = 0 }
        }
        return findings
    }

    private func finding(
        _ graph: TransferGraph, hub: Int, slots burst: BurstTracker.Burst, edges: [Int32], others: [Int32],
        times: [Int64], usual: Double, routineOf: [Int: Bool], context: DetectionContext
    ) -> Finding {
        let window = (burst.bestLow...burst.bestHigh).filter { Int(others[$0]) != hub }
        let windowEdges = window.map { edges[$0] }
        let counterparties = distinctInOrder(window.map { others[$0] })
        let total = windowEdges.reduce(0.0) { $0 + graph.amount[Int($1)] }
        let span = times[burst.bestHigh] - times[burst.bestLow]
        let hubName = graph.brokerName(Int32(hub))
        let names = counterparties.map { graph.brokerName($0) }
        let verb = typology == .fanIn ? "received from" : "sent to"
        var sentence =
            "\(hubName) \(verb) \(counterparties.count) distinct brokers within \(Explain.duration(span)): "
            + "\(windowEdges.count) transfers, \(Explain.money(total, graph.currency)) (\(Explain.list(names)))"
        if burst.first < burst.bestLow || burst.last > burst.bestHigh {
            let burstSpan = times[burst.last] - times[burst.first]
            sentence += "; part of a burst of \(burst.last - burst.first + 1) transfers over \(Explain.duration(burstSpan))"
        }
        let fresh = counterparties.filter { routineOf[Int($0)] == false }.count
        if fresh < counterparties.count { sentence += "; \(counterparties.count - fresh) of them routine" }
        if usual > 0 {
            sentence += "; usually \(Explain.count(usual)) new within \(Explain.duration(seconds(hours: rules.windowHours)))"
        }
        // The transfers listed are the whole burst's (a burst longer than the window may hold
        // more than one collection); the counts and amount are the best window's.
        let burstEdges = (burst.first...burst.last).filter { Int(others[$0]) != hub }.map { edges[$0] }
        let listed = Array(burstEdges.prefix(rules.maxTransfersListed))
        sentence += Explain.listedNote(listed: listed.count, total: burstEdges.count)
        // Rarity: the share of the counterparties new to the hub, times how far the window is
        // above the hub's usual count.
        let rarity = Double(fresh) / Double(max(1, counterparties.count))
            * RankScore.aboveUsual(observed: Double(fresh), usual: usual)
        let score = context.score(
            rule: excessScore([(Double(counterparties.count), Double(rules.minCounterparties)), (total, rules.minTotal)]),
            rarity: rarity, amount: total)
        return FindingDraft(
            typology: typology, score: score, brokers: [hubName] + names, edges: listed, amount: total,
            explanation: sentence
        ).finding(in: graph)
    }
}
