import Foundation
import HawalaCore

@testable import HawalaStore

/// A fresh database in its own temporary directory.
func temporaryStore() throws -> Store {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("hawala-store-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    return try Store(path: directory.appendingPathComponent("test.sqlite").path)
}

/// A transfer at `seconds` after 2026-01-01T00:00:00Z.
func makeTransfer(
    _ id: String, at seconds: Int64 = 0, from sender: String = "BRK-1", to receiver: String = "BRK-2",
    minor: Int64 = 10_000, currency: String = "USD", reporting: Int64? = nil
) -> Transfer {
    let code = CurrencyCode(currency)!
    return Transfer(
        id: id, timestamp: Date(timeIntervalSince1970: TimeInterval(1_767_225_600 + seconds)), senderBroker: sender,
        receiverBroker: receiver, originator: "P-\(id)", beneficiary: "Q-\(id)",
        amount: Money(minorUnits: minor, currency: code),
        reportingAmount: reporting.map { Money(minorUnits: $0, currency: .usd) }, channel: "cash", reference: "ref \(id)")
}

/// An import file record with a made-up SHA-256 derived from `name`.
func makeFile(_ name: String) -> ImportFile {
    let hex = Array(name.utf8).map { String(format: "%02x", $0) }.joined()
    return ImportFile(
        path: name, sha256: String((hex + String(repeating: "0", count: 64)).prefix(64)), size: 100, specification: "test")
}

/// Imports transfers into the store as one file.
@discardableResult
func importTransfers(_ store: Store, _ name: String, _ transfers: [Transfer]) throws -> ImportOutcome {
    try store.importFile(makeFile(name)) { session in
        for (index, transfer) in transfers.enumerated() {
            _ = try session.insert(transfer, line: index + 2, element: nil)
        }
    }
}

struct Boom: Error {}
