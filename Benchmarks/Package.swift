// swift-tools-version: 6.1
// Benchmarks for HawalaTrace, run on purpose (never by `swift test`): see docs/benchmarks.md.
import PackageDescription

let package = Package(
    name: "HawalaBenchmarks",
    platforms: [.macOS(.v14)],
    dependencies: [
        .package(name: "HawalaTrace", path: ".."),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
    ],
    targets: [
        // Ingest: the Importer against a bare SQLite C-API insert loop of the same rows.
        .executableTarget(
            name: "IngestBenchmark",
            dependencies: [
                .product(name: "HawalaIngest", package: "HawalaTrace"),
                .product(name: "HawalaStore", package: "HawalaTrace"),
                .product(name: "HawalaCore", package: "HawalaTrace"),
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
            ]),
        // Matching: match keys per second, HMAC filter, and the PSI round trip (docs/matching.md).
        .executableTarget(
            name: "MatchBenchmark",
            dependencies: [
                .product(name: "HawalaMatching", package: "HawalaTrace"),
                .product(name: "HawalaExport", package: "HawalaTrace"),
                .product(name: "HawalaCore", package: "HawalaTrace"),
            ]),
    ],
    swiftLanguageModes: [.v6]
)
