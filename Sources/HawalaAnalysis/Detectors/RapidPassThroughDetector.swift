import HawalaCore

/// `rapid_pass_through`: value into a broker and (almost) all of it out again soon after,
/// broker after broker, without returning to the first broker (layering).
///
/// Rule: a chain of transfers e₁ … e_L where receiver(eᵢ) = sender(eᵢ₊₁), 0 < t(eᵢ₊₁) −
/// t(eᵢ) ≤ `max_delay_hours`, `min_ratio` ≤ a(eᵢ₊₁) / a(eᵢ) ≤ `max_ratio`, every amount ≥
/// `min_amount`, all brokers distinct (a chain that would come back to its first broker is
/// a cycle, left to the cycle detector, and is cut before that transfer), with at least
/// `min_pass_throughs` brokers passing the value on (L ≥ `min_pass_throughs` + 1), and at
/// most `max_routine_hops` of its transfers on routine relationships (value through an
/// exchange house that takes and pays every week is its ordinary business).
///
/// Search: the pass-on relation links each transfer to the admissible out-transfers of its
/// receiver (a binary search and a scan of at most `max_successors_scanned` slots; hitting
/// that cap is noted). Longest chains by dynamic programming over transfers in reverse time
/// order (successors are strictly later), ties to the earliest successor; one finding per
/// chain start (a transfer that no transfer chose as its successor) whose chain is long
/// enough, followed greedily and cut at the first repeated broker, up to `max_chain_length`
/// transfers.
/// Source: the "rapid movement of funds" / pass-through indicators of FATF and FinCEN
/// typologies, and the "stack" / layering patterns of AMLworld (Altman et al., NeurIPS 2023).
///
/// Score: ``excessScore`` of (pass-throughs, `min_pass_throughs`).
public struct RapidPassThroughDetector: Sendable {
    /// The rules used.
    public var rules: RapidPassThroughRules

    /// - Parameter rules: the `rapid_pass_through` section.
    public init(rules: RapidPassThroughRules) {
        self.rules = rules
    }

    func detect(graph: TransferGraph, threads: Int, context: DetectionContext) -> DetectorOutput {
        let e = graph.edgeCount
        let delay = seconds(hours: rules.maxDelayHours)
        let maxLength = rules.maxChainLength
        var best = [UInt8](repeating: 0, count: e)
        var next = [Int32](repeating: -1, count: e)
        var scanCapped = 0
        graph.outTime.withUnsafeBufferPointer { outTime in
            for edge in stride(from: e - 1, through: 0, by: -1) {
                let a = graph.amount[edge]
                if a < rules.minAmount { continue }
                best[edge] = 1
                let b = graph.to[edge]
                if b == graph.from[edge] { continue }
                let t = graph.time[edge]
                let range = graph.outRange(b)
                var slot = TransferGraph.firstSlot(after: t, in: outTime, range.lowerBound, range.upperBound)
                var scanned = 0
                while slot < range.upperBound && outTime[slot] <= t + delay {
                    if scanned == rules.maxSuccessorsScanned {
                        scanCapped += 1
                        break
                    }
                    scanned += 1
                    let s = Int(graph.outEdges[slot])
                    slot += 1
                    let ratio = graph.amount[s] / a
                    if best[s] == 0 || ratio < rules.minRatio || ratio > rules.maxRatio { continue }
                    if Int(best[s]) + 1 > Int(best[edge]) {
                        best[edge] = UInt8(min(maxLength, Int(best[s]) + 1))
                        next[edge] = Int32(s)
                    }
                }
            }
        }
        // A chain starts at a transfer that no transfer chose as its successor, so every
        // transfer's best chain is reported once, as part of a longer chain or on its own.
        var chosen = [Bool](repeating: false, count: e)
        for edge in 0..<e where next[edge] >= 0 { chosen[Int(next[edge])] = true }
        var output = DetectorOutput()
        let needed = rules.minPassThroughs + 1
        var routine = 0
        for edge in 0..<e where best[edge] >= needed && !chosen[edge] {
            var chain = [Int32(edge)]
            var seen: Set<Int32> = [graph.from[edge], graph.to[edge]]
            var current = edge
            while chain.count < maxLength, next[current] >= 0 {
                let s = Int(next[current])
                if !seen.insert(graph.to[s]).inserted { break }
                chain.append(Int32(s))
                current = s
            }
            if chain.count < needed { continue }
            if context.routineCount(chain, graph: graph) > rules.maxRoutineHops {
                routine += 1
                continue
            }
            output.findings.append(finding(graph, chain: chain, context: context))
        }
        if routine > 0 {
            output.notes.append(
                "rapid_pass_through: \(routine) chains with more than max_routine_hops = \(rules.maxRoutineHops) transfers on routine relationships not reported")
        }
        if scanCapped > 0 {
            output.notes.append(
                "rapid_pass_through: \(scanCapped) incoming transfers had more than max_successors_scanned = \(rules.maxSuccessorsScanned) candidate out-transfers; only the earliest were examined")
        }
        return output
    }

    private func finding(_ graph: TransferGraph, chain: [Int32], context: DetectionContext) -> Finding {
        let brokers = [graph.from[Int(chain[0])]] + chain.map { graph.to[Int($0)] }
        let names = brokers.map { graph.brokerName($0) }
        var low = Double.infinity
        var high = 0.0
        var slowest: Int64 = 0
        for i in 1..<chain.count {
            let ratio = graph.amount[Int(chain[i])] / graph.amount[Int(chain[i - 1])]
            low = min(low, ratio)
            high = max(high, ratio)
            slowest = max(slowest, graph.time[Int(chain[i])] - graph.time[Int(chain[i - 1])])
        }
        let span = graph.time[Int(chain.last!)] - graph.time[Int(chain[0])]
        let passThroughs = chain.count - 1
        let sentence =
            "\(names.joined(separator: " → ")): \(chain.count) transfers, "
            + "\(Explain.money(graph.amount[Int(chain[0])], graph.currency)) in first, \(Explain.duration(span)); "
            + "each of \(passThroughs) brokers passed on \(Explain.percent(low, high)) within \(Explain.duration(slowest))"
        return FindingDraft(
            typology: .rapidPassThrough,
            score: context.score(
                rule: excessScore([(Double(passThroughs), Double(rules.minPassThroughs))]),
                rarity: context.newPairShare(chain, graph: graph), amount: graph.amount[Int(chain[0])]),
            brokers: names,
            edges: chain, amount: nil, explanation: sentence
        ).finding(in: graph)
    }
}
