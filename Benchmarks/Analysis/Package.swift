// swift-tools-version: 6.1
// Benchmarks of the link-analysis engine (docs/benchmarks.md, section "Analysis";
// docs/evaluation.md). Run on purpose, in release:
//   swift run -c release analysis-bench cycles --csv graph.csv
//   swift run -c release analysis-bench all --transfers 5000000 --threads 2
//   swift run -c release analysis-bench amlsim --dir ../../../shared/data/amlsim-20k
import PackageDescription

let package = Package(
    name: "AnalysisBenchmarks",
    platforms: [.macOS(.v14)],
    dependencies: [
        .package(name: "HawalaTrace", path: "../.."),
    ],
    targets: [
        .executableTarget(
            name: "analysis-bench",
            dependencies: [
                .product(name: "HawalaAnalysis", package: "HawalaTrace"),
                .product(name: "HawalaCore", package: "HawalaTrace"),
            ],
            path: "Sources/AnalysisBench"),
    ],
    swiftLanguageModes: [.v6]
)
