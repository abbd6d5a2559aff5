import Foundation
import HawalaAnalysis
import HawalaCore

/// Cycle and fan-in findings on an AMLSim sample set against its isFraud labels.
/// transactions.csv: sourceNodeId,targetNodeId,value,time (time = day step from
/// 2017-01-01; all amounts taken as USD); nodes.csv: nodeid,isFraud,init_balance,fraudStep.
enum AMLSimEvaluation {
    static func run(dir: String) throws {
        let base = UTCTime.epochSeconds(year: 2017, month: 1, day: 1)!
        var builder = TransferGraph.Builder()
        for (n, line) in try dataLines(dir + "/transactions.csv").enumerated() {
            let f = fields(line)
            guard f.count >= 4, let step = int(f[3]), let amount = Double(string(f[2])) else { continue }
            builder.append(
                id: "TX\(n + 1)", time: base + step * 86_400, sender: string(f[0]), receiver: string(f[1]), amount: amount)
        }
        let graph = builder.build()
        var fraud = Set<String>()
        var accounts = 0
        for line in try dataLines(dir + "/nodes.csv") {
            let f = fields(line)
            guard f.count >= 2 else { continue }
            accounts += 1
            if string(f[1]) == "1" { fraud.insert(string(f[0])) }
        }
        print("AMLSim: \(graph.edgeCount) transfers, \(accounts) accounts, \(fraud.count) marked isFraud=1 "
            + "(base rate \(fmt(Double(fraud.count) / Double(accounts)))); time steps are whole days")
        for (name, rules) in ruleSets() {
            let result = try AnalysisEngine.run(graph: graph, rules: rules, threads: 2)
            func score(_ typologies: Set<Typology>, hubsOnly: Bool = false) -> String {
                let chosen = result.findings.filter { typologies.contains($0.typology) }
                let flagged = Set(chosen.flatMap { hubsOnly && $0.typology == .fanIn ? [$0.brokers[0]] : $0.brokers })
                let hits = flagged.intersection(fraud).count
                let recall = Double(hits) / Double(max(1, fraud.count))
                let precision = Double(hits) / Double(max(1, flagged.count))
                return "flagged \(flagged.count) accounts, \(hits) marked: recall \(fmt(recall)), precision \(fmt(precision)), "
                    + "lift \(fmt(precision / (Double(fraud.count) / Double(accounts)), 2))"
            }
            print("rules \(name): \(result.countsByTypology[.cycle] ?? 0) cycle findings, \(result.countsByTypology[.fanIn] ?? 0) fan_in findings")
            print("  cycle:          " + score([.cycle]))
            print("  fan_in (hub and senders): " + score([.fanIn]))
            print("  fan_in (hub only):        " + score([.fanIn], hubsOnly: true))
            print("  cycle ∪ fan_in (all named accounts): " + score([.cycle, .fanIn]))
            print("  cycle ∪ fan_in hubs:                 " + score([.cycle, .fanIn], hubsOnly: true))
        }
    }

    /// The rules evaluated, fixed before looking at the labels (see docs/evaluation.md).
    static func ruleSets() -> [(String, AnalysisRules)] {
        var general = AnalysisRules().applying(only: [.cycle, .fanIn], skip: [])
        // Day-resolution data: a cycle needs one day per hop, so the window is a month.
        general.cycle.windowHours = 30 * 24
        general.cycle.minAmount = 0
        general.fanIn.windowHours = 30 * 24
        general.fanIn.minCounterparties = 5
        general.fanIn.minTotal = 0
        var noBand = general
        noBand.cycle.amountBand = false
        var defaults = AnalysisRules().applying(only: [.cycle, .fanIn], skip: [])
        defaults.cycle.minAmount = 0
        defaults.fanIn.minTotal = 0
        return [("month-window (band on)", general), ("month-window, band off", noBand), ("defaults, no amount minimums", defaults)]
    }
}
