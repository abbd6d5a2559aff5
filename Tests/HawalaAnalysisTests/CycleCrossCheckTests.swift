import Foundation
import HawalaCore
import HawalaTestSupport
import Testing

@testable import HawalaAnalysis

/// Compares the cycle detector with `../shared/bench/temporal_cycles_ref.py` on a small graph
/// the script generates: the counts by length against the script's own JSON output, and the
/// cycle set (as transfer-id tuples) against an independent oracle (networkx Johnson cycles
/// expanded into their time-ordered transfers), with W = 24 h, k = 6 and no amount band.
@Suite struct CycleCrossCheckTests {
    static let repoRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let reference = repoRoot.deletingLastPathComponent().appendingPathComponent("shared/bench/temporal_cycles_ref.py")

    /// The oracle: every simple cycle of the static graph (networkx, length-bounded), each
    /// rotation expanded into transfer combinations with strictly increasing times within W.
    static let oracle = """
        import csv, sys, itertools, datetime as dt, networkx as nx
        path, k, window = sys.argv[1], int(sys.argv[2]), int(float(sys.argv[3]) * 3600)
        edges, G = {}, nx.DiGraph()
        for r in csv.DictReader(open(path)):
            t = int(dt.datetime.strptime(r["timestamp"], "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=dt.timezone.utc).timestamp())
            u, v = r["sender_broker"], r["receiver_broker"]
            edges.setdefault((u, v), []).append((t, r["transfer_id"]))
            G.add_edge(u, v)
        found = set()
        for cyc in nx.simple_cycles(G, length_bound=k):
            n = len(cyc)
            for rot in range(n):
                nodes = cyc[rot:] + cyc[:rot]
                hops = [edges[(nodes[i], nodes[(i + 1) % n])] for i in range(n)]
                for combo in itertools.product(*hops):
                    ts = [c[0] for c in combo]
                    if all(ts[i] < ts[i + 1] for i in range(n - 1)) and ts[-1] - ts[0] <= window:
                        found.add(tuple(c[1] for c in combo))
        for c in sorted(found):
            print(",".join(c))
        """

    static func python(_ arguments: [String], in dir: URL) throws -> (Int32, String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3"] + arguments
        process.currentDirectoryURL = dir
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    /// Reads the script's CSV: transfer_id,timestamp,sender_broker,receiver_broker,amount,currency.
    static func loadCSV(_ url: URL) throws -> TransferGraph {
        var builder = TransferGraph.Builder()
        let lines = try String(contentsOf: url, encoding: .utf8).split(whereSeparator: \.isNewline).dropFirst()
        for line in lines {
            let f = line.split(separator: ",").map(String.init)
            let time = try #require(UTCTime.parseISO8601(f[1]))
            builder.append(
                id: f[0], time: Int64(time.timeIntervalSince1970), sender: f[2], receiver: f[3], amount: try #require(Double(f[4])))
        }
        return builder.build()
    }

    // Needs ../shared/bench/temporal_cycles_ref.py and python3 with networkx (scripts/install-deps.sh).
    @Test(.enabled(if: Requirement.file(Requirement.shared.appendingPathComponent("bench/temporal_cycles_ref.py")) && Requirement.python(["networkx"])))
    func sameCycleSetAsTheReference() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("xcheck-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let graphArgs = ["--nodes", "300", "--edges", "1500", "--span-days", "2", "--seed", "7"]
        let (status, _) = try Self.python([Self.reference.path] + graphArgs + ["--write-csv", "graph.csv"], in: dir)
        try #require(status == 0, "python3 cannot run \(Self.reference.path)")
        let (referenceStatus, json) = try Self.python(
            [Self.reference.path] + graphArgs + ["--window-hours", "24", "--length-bound", "6"], in: dir)
        try #require(referenceStatus == 0, "the reference script failed")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        let byLength = try #require(report["cycles_by_length"] as? [String: Int])
        try Self.oracle.write(to: dir.appendingPathComponent("oracle.py"), atomically: true, encoding: .utf8)
        let (oracleStatus, oracleOut) = try Self.python(["oracle.py", "graph.csv", "6", "24"], in: dir)
        try #require(oracleStatus == 0, "the networkx oracle failed")
        let expected = Set(oracleOut.split(separator: "\n").map { $0.split(separator: ",").map(String.init) })
        #expect(expected.count > 20, "an oracle that finds (almost) nothing cannot agree by accident")

        let graph = try Self.loadCSV(dir.appendingPathComponent("graph.csv"))
        var rules = CycleRules()
        rules.windowHours = 24
        rules.maxLength = 6
        rules.amountBand = false
        rules.minAmount = 0
        rules.onePerPath = false  // every cycle, as the reference lists them
        let found = CycleDetector(rules: rules).enumerate(graph: graph, threads: 2)
        let ours = (0..<found.count).map { found.cycle($0).map { graph.transferIDs[Int($0)] } }
        #expect(ours.count == Set(ours).count)
        #expect(Set(ours) == expected)
        var ourLengths: [String: Int] = [:]
        for c in ours { ourLengths[String(c.count), default: 0] += 1 }
        #expect(ourLengths == byLength)
        #expect(ours.count == report["cycles"] as? Int)
        #expect(ours.count > 20)
    }
}
