import Foundation
import HawalaCore
import Testing

@testable import HawalaStore

/// Issue 14, items 7 and 8: read-only opening, locked databases, cleanup of a new database.
@Suite("Store access")
struct StoreAccessTests {
    static func listing(_ folder: String) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: folder).sorted()
    }

    /// A database on a write-protected copy (file 0444, folder 0555) opens read-only, reads,
    /// and changes nothing: no `-wal`/`-shm` created, same bytes. The check holds as root too
    /// (where chmod does not stop writes): with no `-wal` beside it the file is opened
    /// `immutable`, so SQLite never writes, and the folder listing and bytes are compared.
    @Test func readOnlyCopyOpensWithoutChanges() throws {
        let source = try temporaryStore()
        try importTransfers(source, "a.csv", [makeTransfer("T1"), makeTransfer("T2", at: 60)])
        let sourcePath = source.path
        try source.queue.close()

        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("hawala-ro-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let path = folder + "/copy.sqlite"
        try FileManager.default.copyItem(atPath: sourcePath, toPath: path)
        let before = try Data(contentsOf: URL(fileURLWithPath: path))
        try FileManager.default.setAttributes([.posixPermissions: 0o444], ofItemAtPath: path)
        try FileManager.default.setAttributes([.posixPermissions: 0o555], ofItemAtPath: folder)
        defer { try? FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: folder) }

        let store = try Store(path: path, access: .readOnly)
        #expect(try store.stats().transfers == 2)
        #expect(try store.imports().count == 1)
        try store.queue.close()
        #expect(try Self.listing(folder) == ["copy.sqlite"])
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before)
    }

    /// Another process's write transaction that outlasts `wait` is `.locked` (exit 74), and
    /// the wait is announced once.
    @Test func lockedDatabaseIsExit74AfterTheWait() throws {
        let holder = try temporaryStore()
        let path = holder.path
        let announced = Announcements()
        let other = try Store(path: path, wait: 0.3, onWait: { announced.add() })
        try holder.queue.inDatabase { db in
            try db.execute(sql: "BEGIN IMMEDIATE")
            do {
                try importTransfers(other, "b.csv", [makeTransfer("T9")])
                Issue.record("expected the import to wait and fail")
            } catch let error as StoreError {
                #expect(error.code == .locked, "\(error)")
                #expect(error.exitStatus == .ioError)
            }
            try db.execute(sql: "ROLLBACK")
        }
        #expect(announced.count == 0)  // under a second: no announcement
        try importTransfers(other, "b.csv", [makeTransfer("T9")])
        #expect(try other.stats().transfers == 1)
    }

    /// Opening a database that is not SQLite read-only is `.incompatible`; a missing folder is
    /// `.cannotOpen` (66); `removeFiles` deletes the database and its companions.
    @Test func openErrorsAndRemoval() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("hawala-open-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let junk = folder + "/junk.sqlite"
        try Data(repeating: 0x41, count: 4096).write(to: URL(fileURLWithPath: junk))
        #expect(throws: StoreError.self) { try Store(path: junk, access: .readOnly) }
        do {
            _ = try Store(path: folder + "/missing/db.sqlite")
            Issue.record("expected an error")
        } catch {
            #expect(error.code == .cannotOpen)
            #expect(error.exitStatus == .noInput)
        }
        let store = try Store(path: folder + "/new.sqlite")
        store.closeAndRemoveFiles()
        #expect(try Self.listing(folder) == ["junk.sqlite"])
    }
}

/// Counts busy-handler announcements from any thread.
final class Announcements: @unchecked Sendable {
    private let lock = NSLock()
    private var value = 0
    func add() {
        lock.lock()
        value += 1
        lock.unlock()
    }
    var count: Int {
        lock.lock()
        defer { lock.unlock() }
        return value
    }
}
