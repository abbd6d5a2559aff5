import HawalaCore

/// `gather_scatter`: many brokers pay B, and B pays many brokers, within one window.
///
/// Rule: a window of B's transfers (in and out together) with last − first ≤ `window_hours`
/// (inclusive) holding at least `min_senders` distinct brokers paying B, at least
/// `min_receivers` distinct brokers paid by B, and both the amount in and the amount out at
/// least `min_total`. The order of ins and outs inside the window is not constrained. With
/// `exclude_two_way` (default), a broker that both pays B and is paid by B within the window
/// is counted on neither side: correspondents settling both ways are ordinary hawala
/// business, a clearing hub passes value between brokers that do not trade with it both ways.
///
/// With `min_new_share`, the counted senders and receivers are at least that share of all of
/// B's counterparties over the window's span (routine ones included): an exchange house has a
/// handful of new counterparties in the tail of its daily crowd.
///
/// Search: a two-pointer sweep over B's in- and out-slices merged in time order, with one
/// counter per counterparty and direction: linear in B's transfers, so hubs cost no more than
/// their degree. Overlapping qualifying windows form one burst, reported by its best window
/// (most counterparties, then the larger of the two amounts); at most
/// `max_transfers_listed` transfer ids are listed per finding and the sentence says so.
/// Parallel over chunks of brokers.
/// Source: the gather-scatter typology of IBM AMLSim and AMLworld (Altman et al., NeurIPS 2023).
///
/// Finding: brokers = [B, the senders…, the receivers…]; amount = in + out.
/// Score: ``excessScore`` of (senders, `min_senders`), (receivers, `min_receivers`) and
/// (min(in, out), `min_total`).
public struct GatherScatterDetector: Sendable {
    /// The rules used.
    public var rules: GatherScatterRules

    /// - Parameter rules: the `gather_scatter` section.
    public init(rules: GatherScatterRules) {
        self.rules = rules
    }

    func detect(graph: TransferGraph, threads: Int, context: DetectionContext) -> DetectorOutput {
        graph.perBrokerChunks(threads: threads) { DetectorOutput(findings: sweep(graph, brokers: $0, context: context)) }
    }

    /// One transfer at the hub: the edge, its counterparty and direction.
    private struct Event {
        var time: Int64
        var edge: Int32
        var other: Int32
        var incoming: Bool
    }

    private func sweep(_ graph: TransferGraph, brokers: Range<Int>, context: DetectionContext) -> [Finding] {
        let dropRoutine = rules.excludeRoutine && context.baseline.routineWeeks > 0
        let window = seconds(hours: rules.windowHours)
        var inCount = [Int32](repeating: 0, count: graph.brokerCount)
        var outCount = [Int32](repeating: 0, count: graph.brokerCount)
        var findings: [Finding] = []
        var keyed = [Int32](repeating: 0, count: 2 * graph.brokerCount)
        for hub in brokers {
            let ins = graph.inRange(Int32(hub))
            let outs = graph.outRange(Int32(hub))
            if ins.count < rules.minSenders || outs.count < rules.minReceivers { continue }
            var events: [Event] = []
            events.reserveCapacity(ins.count + outs.count)
            var i = ins.lowerBound
            var o = outs.lowerBound
            while i < ins.upperBound || o < outs.upperBound {
                let takeIn = o >= outs.upperBound || (i < ins.upperBound && graph.inEdges[i] < graph.outEdges[o])
                if takeIn {
                    if Int(graph.inFrom[i]) != hub && !(dropRoutine && context.routine(graph.inFrom[i], Int32(hub))) {
                        events.append(Event(time: graph.inTime[i], edge: graph.inEdges[i], other: graph.inFrom[i], incoming: true))
                    }
                    i += 1
                } else {
                    if Int(graph.outTo[o]) != hub && !(dropRoutine && context.routine(Int32(hub), graph.outTo[o])) {
                        events.append(Event(time: graph.outTime[o], edge: graph.outEdges[o], other: graph.outTo[o], incoming: false))
                    }
                    o += 1
                }
            }
            // The hub's usual count of (counterparty, direction) in a window, routine ones left out.
            let usual = rules.baselineFactor > 0
                ? context.usualDistinct(
                    graph, count: events.count, time: { events[$0].time },
                    key: { Int(events[$0].other) * 2 + (events[$0].incoming ? 0 : 1) }, window: window, scratch: &keyed)
                : 0
            let needed = rules.baselineFactor * usual
            var tracker = BurstTracker()
            var left = 0
            var senders = 0
            var receivers = 0
            var twoWay = 0
            let excluded = rules.excludeTwoWay
            var amountIn = 0.0
            var amountOut = 0.0
            func emit(_ burst: BurstTracker.Burst?) {
                guard let burst, newShare(graph, hub: hub, events: events, burst: burst) >= rules.minNewShare - 1e-9
                else { return }
                findings.append(finding(graph, hub: hub, events: events, burst: burst, context: context))
            }
            for right in 0..<events.count {
                let e = events[right]
                if e.incoming {
                    inCount[Int(e.other)] += 1
                    if inCount[Int(e.other)] == 1 {
                        senders += 1
                        if outCount[Int(e.other)] > 0 { twoWay += 1 }
                    }
                    amountIn += graph.amount[Int(e.edge)]
                } else {
                    outCount[Int(e.other)] += 1
                    if outCount[Int(e.other)] == 1 {
                        receivers += 1
                        if inCount[Int(e.other)] > 0 { twoWay += 1 }
                    }
                    amountOut += graph.amount[Int(e.edge)]
                }
                while e.time - events[left].time > window {
                    let g = events[left]
                    if g.incoming {
                        inCount[Int(g.other)] -= 1
                        if inCount[Int(g.other)] == 0 {
                            senders -= 1
                            if outCount[Int(g.other)] > 0 { twoWay -= 1 }
                        }
                        amountIn -= graph.amount[Int(g.edge)]
                    } else {
                        outCount[Int(g.other)] -= 1
                        if outCount[Int(g.other)] == 0 {
                            receivers -= 1
                            if inCount[Int(g.other)] > 0 { twoWay -= 1 }
                        }
                        amountOut -= graph.amount[Int(g.edge)]
                    }
                    left += 1
                }
                let counted = excluded ? twoWay : 0
                if senders - counted >= rules.minSenders && receivers - counted >= rules.minReceivers
                    && min(amountIn, amountOut) >= rules.minTotal - 1e-9
                    && Double(senders + receivers - 2 * counted) >= needed - 1e-9
                {
                    emit(tracker.add(
                        low: left, high: right, primary: senders + receivers - 2 * counted, secondary: min(amountIn, amountOut)))
                }
            }
            emit(tracker.finish())
            for e in events[left...] {
                if e.incoming { inCount[Int(e.other)] = 0 } else { outCount[Int(e.other)] = 0 }
            }
        }
        return findings
    }

    /// The share of the hub's counterparties over the best window's span (all of them, both
    /// directions, routine ones included) that the window counts (one-way, not routine).
    private func newShare(_ graph: TransferGraph, hub: Int, events: [Event], burst: BurstTracker.Burst) -> Double {
        guard rules.minNewShare > 0 else { return 1 }
        let (first, last) = (events[burst.bestLow].time, events[burst.bestHigh].time)
        var all = Set<Int32>()
        for slot in graph.inRange(Int32(hub)) where graph.inTime[slot] >= first && graph.inTime[slot] <= last {
            all.insert(graph.inFrom[slot])
        }
        for slot in graph.outRange(Int32(hub)) where graph.outTime[slot] >= first && graph.outTime[slot] <= last {
            all.insert(graph.outTo[slot])
        }
        all.remove(Int32(hub))
        let window = events[burst.bestLow...burst.bestHigh]
        var senders = Set(window.filter(\.incoming).map(\.other))
        var receivers = Set(window.filter { !$0.incoming }.map(\.other))
        if rules.excludeTwoWay {
            let both = senders.intersection(receivers)
            senders.subtract(both)
            receivers.subtract(both)
        }
        return Double(senders.count + receivers.count) / Double(max(1, all.count))
    }

    private func finding(
        _ graph: TransferGraph, hub: Int, events: [Event], burst: BurstTracker.Burst, context: DetectionContext
    ) -> Finding {
        let window = events[burst.bestLow...burst.bestHigh]
        var senders = distinctInOrder(window.filter(\.incoming).map(\.other))
        var receivers = distinctInOrder(window.filter { !$0.incoming }.map(\.other))
        var twoWay: [Int32] = []
        if rules.excludeTwoWay {
            let both = Set(senders).intersection(receivers)
            twoWay = senders.filter { both.contains($0) }
            senders.removeAll { both.contains($0) }
            receivers.removeAll { both.contains($0) }
        }
        let amountIn = window.filter(\.incoming).reduce(0.0) { $0 + graph.amount[Int($1.edge)] }
        let amountOut = window.filter { !$0.incoming }.reduce(0.0) { $0 + graph.amount[Int($1.edge)] }
        let edges = window.map(\.edge)
        let listed = Array(edges.prefix(rules.maxTransfersListed))
        let span = window.last!.time - window.first!.time
        let hubName = graph.brokerName(Int32(hub))
        var sentence =
            "\(senders.count) brokers → \(hubName) → \(receivers.count) brokers within \(Explain.duration(span)): "
            + "\(Explain.money(amountIn, graph.currency)) in, \(Explain.money(amountOut, graph.currency)) out, "
            + "\(edges.count) transfers"
        if !twoWay.isEmpty {
            sentence += " (\(twoWay.count) \(twoWay.count == 1 ? "broker" : "brokers") paying and paid both ways not counted)"
        }
        if burst.first < burst.bestLow || burst.last > burst.bestHigh {
            let burstSpan = events[burst.last].time - events[burst.first].time
            sentence += "; part of a burst of \(burst.last - burst.first + 1) transfers over \(Explain.duration(burstSpan))"
        }
        sentence += Explain.listedNote(listed: listed.count, total: edges.count)
        // Rarity: how much of the hub's traffic over the window's span is with brokers new to it.
        let all = graph.inRange(Int32(hub)).count(where: {
            graph.inTime[$0] >= window.first!.time && graph.inTime[$0] <= window.last!.time
        }) + graph.outRange(Int32(hub)).count(where: {
            graph.outTime[$0] >= window.first!.time && graph.outTime[$0] <= window.last!.time
        })
        let counted = window.filter { e in
            let other = e.other
            return (e.incoming ? senders : receivers).contains(other)
        }.count
        let score = context.score(
            rule: excessScore([
                (Double(senders.count), Double(rules.minSenders)), (Double(receivers.count), Double(rules.minReceivers)),
                (min(amountIn, amountOut), rules.minTotal),
            ]),
            rarity: Double(counted) / Double(max(1, all)), amount: min(amountIn, amountOut))
        let brokers = [hubName] + (senders + receivers + twoWay).map { graph.brokerName($0) }
        return FindingDraft(
            typology: .gatherScatter, score: score, brokers: brokers, edges: listed, amount: amountIn + amountOut,
            explanation: sentence
        ).finding(in: graph)
    }
}
