import Foundation
import HawalaCore
import Testing

@testable import HawalaIngest

/// Paths and small helpers shared by the ingest suites.
enum Fixtures {
    /// The repository root (this file is Tests/HawalaIngestTests/TestSupport.swift).
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// - Parameter name: a path under fixtures/.
    /// - Returns: its absolute path.
    static func path(_ name: String) -> String { root.appendingPathComponent("fixtures/\(name)").path }

    /// A fresh temporary directory for one test.
    static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("hawala-ingest-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// Writes bytes to a new temporary file.
    static func write(_ bytes: [UInt8], name: String = "input.csv") throws -> String {
        let url = try temporaryDirectory().appendingPathComponent(name)
        try Data(bytes).write(to: url)
        return url.path
    }

    /// Writes text to a new temporary file.
    static func write(_ text: String, name: String = "input.csv") throws -> String {
        try write(Array(text.utf8), name: name)
    }

    /// Reads every record of a reader.
    static func readAll(_ reader: inout some TransferReader) throws -> [IngestRecord] {
        var records: [IngestRecord] = []
        while let record = try reader.next() { records.append(record) }
        return records
    }

    /// Reads every record through the factory.
    static func readAll(path: String, specification: ImportSpecification? = nil) throws -> [IngestRecord] {
        var reader = try Readers.open(path: path, specification: specification)
        return try readAll(&reader)
    }
}

extension IngestRecord {
    var transferRow: TransferRow? {
        if case .transfer(let row) = self { return row }
        return nil
    }

    var rejectedRow: RejectedRow? {
        if case .rejected(let row) = self { return row }
        return nil
    }
}
