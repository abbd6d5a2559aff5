import Foundation
import HawalaCore
import HawalaStore

@testable import HawalaInvestigation

/// A fresh database in its own temporary directory.
func temporaryStore() throws -> Store {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("hawala-investigation-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    return try Store(path: directory.appendingPathComponent("test.sqlite").path)
}

/// 2026-01-01T00:00:00Z plus `hours`.
func at(_ hours: Double) -> Date { Date(timeIntervalSince1970: 1_767_225_600 + hours * 3600) }

/// A finding with the given transfers and an amount of 1,000 USD per transfer.
func finding(
    _ id: String, _ typology: Typology, brokers: [String], transfers: [String], score: Double = 0.5
) -> Finding {
    Finding(
        id: id, typology: typology, score: score, brokers: brokers, transferIDs: transfers,
        amount: Double(transfers.count) * 1000, currency: .usd, firstAt: at(0), lastAt: at(Double(transfers.count)),
        explanation: "\(typology.rawValue) over \(brokers.joined(separator: ", "))")
}

/// Stores a run holding these findings; returns its id.
@discardableResult
func saveRun(_ store: Store, _ findings: [Finding]) throws -> Int64 {
    try store.saveAnalysisRun(
        startedAt: at(1000), finishedAt: at(1000),
        parametersJSON: "{}", snapshot: DataSnapshot(transferCount: 100, firstAt: at(0), lastAt: at(100), toolVersion: "test"),
        findings: findings)
}
