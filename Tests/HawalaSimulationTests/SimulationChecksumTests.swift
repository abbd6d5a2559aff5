import Foundation
import HawalaCore
import Testing

@testable import HawalaSimulation

/// docs/simulation.md: "The same options give byte-identical files on every machine (a test
/// checks it)". This is that test: a small set (seed 7, 40 brokers, 3,000 transfers, 8 days, 2
/// of each typology, CSV and goAML) is simulated and every file's SHA-256 compared with the
/// committed fixtures/simulation/small-seed7.sha256 (`sha256sum` format, so
/// `sha256sum -c` checks a set made by `hawala simulate` with the same options). Any change of
/// the generator's output, on another machine or by a code change, fails here.
///
/// When the generator is changed on purpose, update the file: run this suite with
/// `HAWALA_UPDATE_CHECKSUMS=1` (it then rewrites the file and fails once, saying so), review
/// the diff, and commit it.
@Suite struct SimulationChecksumTests {
    static let committed = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("fixtures/simulation/small-seed7.sha256")

    /// `hawala simulate --out DIR --seed 7 --brokers 40 --transfers 3000 --days 8 --format both --plant T=2 ...`.
    static var options: SimulationOptions {
        var options = SimulationOptions()
        options.seed = 7
        options.brokers = 40
        options.transfers = 3_000
        options.days = 8
        options.format = .both
        for typology in Typology.allCases { options.plant[typology] = 2 }
        return options
    }

    /// `sha256sum` over every file under `folder` (relative paths, sorted).
    static func checksums(_ folder: URL) throws -> String {
        let files = try #require(FileManager.default.enumerator(atPath: folder.path)).compactMap { $0 as? String }
            .filter { name in
                var isFolder: ObjCBool = false
                return FileManager.default.fileExists(atPath: folder.appendingPathComponent(name).path, isDirectory: &isFolder)
                    && !isFolder.boolValue
            }.sorted()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["sha256sum", "--"] + files
        process.currentDirectoryURL = folder
        let out = Pipe()
        process.standardOutput = out
        try process.run()
        let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        try #require(process.terminationStatus == 0)
        return text
    }

    @Test func smallSetMatchesTheCommittedChecksums() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try Simulator.run(Self.options, to: folder)
        let actual = try Self.checksums(folder)
        #expect(actual.split(separator: "\n").count >= 5)
        if ProcessInfo.processInfo.environment["HAWALA_UPDATE_CHECKSUMS"] == "1" {
            try actual.write(to: Self.committed, atomically: true, encoding: .utf8)
            Issue.record("rewrote \(Self.committed.path); review and commit it, then run again without HAWALA_UPDATE_CHECKSUMS")
            return
        }
        let expected = try String(contentsOf: Self.committed, encoding: .utf8)
        #expect(
            actual == expected,
            """
            the simulated set differs from \(Self.committed.lastPathComponent). If the generator changed on purpose, \
            rerun with HAWALA_UPDATE_CHECKSUMS=1 and commit the file; now:
            \(actual)
            """)
    }
}
