import Foundation
import HawalaAnalysis
import HawalaCore

// analysis-bench cycles --csv FILE [--threads N] [--reference SCRIPT]
// analysis-bench all [--transfers N] [--brokers N] [--days N] [--threads N] [--seed N]
// analysis-bench amlsim --dir DIR

let args = Array(CommandLine.arguments.dropFirst())
func option(_ name: String) -> String? {
    guard let i = args.firstIndex(of: name), i + 1 < args.count else { return nil }
    return args[i + 1]
}

do {
    switch args.first {
    case "cycles":
        try CyclesBench.run(
            csv: option("--csv") ?? "graph.csv", threads: Int(option("--threads") ?? "1") ?? 1,
            reference: option("--reference"))
    case "all":
        try AllDetectorsBench.run(
            transfers: Int(option("--transfers") ?? "5000000") ?? 5_000_000,
            brokers: Int(option("--brokers") ?? "20000") ?? 20_000, days: Int(option("--days") ?? "90") ?? 90,
            threads: Int(option("--threads") ?? "2") ?? 2, seed: UInt64(option("--seed") ?? "1") ?? 1)
    case "amlsim":
        try AMLSimEvaluation.run(dir: option("--dir") ?? "../../../shared/data/amlsim-20k")
    default:
        print("usage: analysis-bench cycles|all|amlsim [options]")
        exit(64)
    }
} catch {
    FileHandle.standardError.write(Data("analysis-bench: \(error)\n".utf8))
    exit(1)
}
