// swift-tools-version: 6.1
// HawalaTrace: ingestion, link analysis and encrypted evidence packages for hawala networks.
import PackageDescription

let package = Package(
    name: "HawalaTrace",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "hawala", targets: ["hawala"]),
        .library(name: "HawalaCore", targets: ["HawalaCore"]),
        .library(name: "HawalaStore", targets: ["HawalaStore"]),
        .library(name: "HawalaIngest", targets: ["HawalaIngest"]),
        .library(name: "HawalaAnalysis", targets: ["HawalaAnalysis"]),
        .library(name: "HawalaReport", targets: ["HawalaReport"]),
        .library(name: "HawalaSimulation", targets: ["HawalaSimulation"]),
        .library(name: "HawalaExport", targets: ["HawalaExport"]),
        .library(name: "HawalaMatching", targets: ["HawalaMatching"]),
        .library(name: "HawalaInvestigation", targets: ["HawalaInvestigation"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
    ],
    targets: [
        // Domain types shared by every part: broker, party, transfer, money, currency, finding, errors.
        .target(name: "HawalaCore"),

        // The SQLite store (system libsqlite3 through GRDB): schema, migrations, bulk insert, queries.
        .target(
            name: "HawalaStore",
            dependencies: [
                "HawalaCore",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Logging", package: "swift-log"),
            ]),

        // Reading the files FIUs hold (CSV with import specifications, goAML XML, AMLSim, AMLworld).
        .target(
            name: "HawalaIngest",
            dependencies: [
                "HawalaCore", "HawalaStore", "COpenSSL", "CLibXML2",
                .product(name: "Yams", package: "Yams"),
                .product(name: "Logging", package: "swift-log"),
            ]),

        // Link analysis over the temporal transfer graph. Core only: never touches SQLite.
        .target(
            name: "HawalaAnalysis",
            dependencies: [
                "HawalaCore",
                .product(name: "Yams", package: "Yams"),
            ]),

        // What analysts open: the HTML report and graph exports (GraphML, GEXF, DOT, FtM, i2, Neo4j).
        .target(name: "HawalaReport", dependencies: ["HawalaCore"]),

        // Synthetic hawala networks with ground truth, and scoring findings against it.
        .target(name: "HawalaSimulation", dependencies: ["HawalaCore"]),

        // OpenSSL (system libssl/libcrypto) with a shim for the macros Swift cannot import.
        .systemLibrary(
            name: "COpenSSL",
            pkgConfig: "openssl",
            providers: [.apt(["libssl-dev"])]),

        // libxml2 (system libxml2, SAX push parser) for the goAML reader: hostile-input limits,
        // no network, no entity substitution (issue 14).
        .systemLibrary(
            name: "CLibXML2",
            pkgConfig: "libxml-2.0",
            providers: [.apt(["libxml2-dev"])]),

        // Encrypted, signed evidence packages: BagIt + deterministic tar + CMS (RFC 5652).
        .target(name: "HawalaExport", dependencies: ["HawalaCore", "COpenSSL"]),

        // Matching identities between agencies without disclosure: normalisation, match keys,
        // keyed (HMAC) filters and private set intersection, carried in evidence packages.
        .target(
            name: "HawalaMatching",
            dependencies: ["HawalaCore", "HawalaStore", "HawalaExport", "COpenSSL"]),
        // From findings to cases: stable finding keys, what is new, the review log, networks of
        // findings, cases, report input and export selections (use cases over store and engine).
        .target(
            name: "HawalaInvestigation",
            dependencies: ["HawalaCore", "HawalaStore", "HawalaAnalysis", "HawalaReport", "HawalaExport"]),

        // The `hawala` command: argument parsing and output only.
        .executableTarget(
            name: "hawala",
            dependencies: [
                "HawalaCore", "HawalaStore", "HawalaIngest", "HawalaAnalysis",
                "HawalaReport", "HawalaSimulation", "HawalaExport", "HawalaMatching",
                "HawalaInvestigation",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]),

        // Conditions for tests that need an external tool or ../shared (skipped, or failing under CI=true).
        .target(name: "HawalaTestSupport", path: "Tests/HawalaTestSupport"),
        .testTarget(name: "HawalaCoreTests", dependencies: ["HawalaCore"]),
        .testTarget(
            name: "HawalaStoreTests",
            dependencies: ["HawalaStore", "HawalaCore", .product(name: "GRDB", package: "GRDB.swift")]),
        .testTarget(name: "HawalaIngestTests", dependencies: ["HawalaIngest", "HawalaStore", "HawalaCore", "HawalaTestSupport"]),
        .testTarget(name: "HawalaAnalysisTests", dependencies: ["HawalaAnalysis", "HawalaCore", "HawalaTestSupport"]),
        .testTarget(name: "HawalaReportTests", dependencies: ["HawalaReport", "HawalaCore", "HawalaTestSupport"]),
        .testTarget(name: "HawalaSimulationTests", dependencies: ["HawalaSimulation", "HawalaCore", "HawalaTestSupport"]),
        .testTarget(name: "HawalaExportTests", dependencies: ["HawalaExport", "HawalaCore", "HawalaTestSupport"]),
        .testTarget(
            name: "HawalaMatchingTests",
            dependencies: ["HawalaMatching", "HawalaExport", "HawalaStore", "HawalaSimulation", "HawalaCore"]),
        .testTarget(
            name: "HawalaInvestigationTests",
            dependencies: ["HawalaInvestigation", "HawalaStore", "HawalaAnalysis", "HawalaSimulation", "HawalaExport", "HawalaCore"]),
        // End-to-end tests that run the built `hawala` binary as a user would.
        .testTarget(
            name: "HawalaCLITests",
            dependencies: [
                "hawala", "HawalaCore", "HawalaStore", "HawalaIngest", "HawalaAnalysis", "HawalaReport",
                "HawalaSimulation", "HawalaExport", "HawalaInvestigation", "HawalaMatching", "HawalaTestSupport",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]),
    ],
    swiftLanguageModes: [.v6]
)
