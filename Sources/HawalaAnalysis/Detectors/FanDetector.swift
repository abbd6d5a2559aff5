import HawalaCore

/// `fan_in` / `fan_out`: one broker paid by (paying) many distinct brokers within a window.
///
/// Rule: a window of the broker's in-transfers (out-transfers) with last − first ≤
/// `window_hours` (inclusive) holding at least `min_counterparties` distinct counterparty
/// brokers and a total of at least `min_total`. Self-transfers are ignored.
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

    func detect(graph: TransferGraph, threads: Int) -> DetectorOutput {
        graph.perBrokerChunks(threads: threads) { DetectorOutput(findings: sweep(graph, brokers: $0)) }
    }

    private func sweep(_ graph: TransferGraph, brokers: Range<Int>) -> [Finding] {
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
            var tracker = BurstTracker()
            var left = lo
            var distinct = 0
            var total = 0.0
            func emit(_ burst: BurstTracker.Burst?) {
                guard let burst else { return }
                findings.append(finding(graph, hub: hub, slots: burst, edges: edges, others: others, times: times))
            }
            for right in lo..<hi {
                let other = Int(others[right])
                if other == hub { continue }
                counts[other] += 1
                if counts[other] == 1 { distinct += 1 }
                total += graph.amount[Int(edges[right])]
                while times[right] - times[left] > window {
                    let gone = Int(others[left])
                    if gone != hub {
                        counts[gone] -= 1
                        if counts[gone] == 0 { distinct -= 1 }
                        total -= graph.amount[Int(edges[left])]
                    }
                    left += 1
                }
                if distinct >= rules.minCounterparties && total >= rules.minTotal - 1e-9 {
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
        times: [Int64]
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
        let listed = Array(windowEdges.prefix(rules.maxTransfersListed))
        sentence += Explain.listedNote(listed: listed.count, total: windowEdges.count)
        let score = excessScore([
            (Double(counterparties.count), Double(rules.minCounterparties)), (total, rules.minTotal),
        ])
        return FindingDraft(
            typology: typology, score: score, brokers: [hubName] + names, edges: listed, amount: total,
            explanation: sentence
        ).finding(in: graph)
    }
}
