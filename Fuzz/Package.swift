// swift-tools-version: 6.1
// Fuzz targets and parser timings for HawalaTrace, kept out of the main build.
// See docs/fuzzing.md for the commands.
import PackageDescription

let package = Package(
    name: "HawalaFuzz",
    platforms: [.macOS(.v14)],
    dependencies: [
        .package(name: "HawalaTrace", path: "..")
    ],
    targets: [
        // Declares libFuzzer's LLVMFuzzerRunDriver for FuzzCSV's main.
        .target(name: "CLibFuzzer"),
        // libFuzzer target for the CSV parser (build with -sanitize=fuzzer,address).
        .executableTarget(
            name: "FuzzCSV",
            dependencies: ["CLibFuzzer", .product(name: "HawalaIngest", package: "HawalaTrace")],
            swiftSettings: [.unsafeFlags(["-parse-as-library"])]),
        // libFuzzer target for the goAML reader (build with -sanitize=fuzzer,address).
        .executableTarget(
            name: "FuzzGoAML",
            dependencies: ["CLibFuzzer", .product(name: "HawalaIngest", package: "HawalaTrace")],
            swiftSettings: [.unsafeFlags(["-parse-as-library"])]),
        // Parse-only throughput of the CSV parser and the canonical reader (release build).
        .executableTarget(
            name: "CSVThroughput",
            dependencies: [.product(name: "HawalaIngest", package: "HawalaTrace")]),
    ],
    swiftLanguageModes: [.v6]
)
