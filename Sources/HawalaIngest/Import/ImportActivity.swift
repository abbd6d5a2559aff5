import Foundation
import HawalaCore

/// Which file a running `hawala ingest` is importing, so a second ingest that waits for the
/// database lock can name it (issue 14, item 8).
///
/// SQLite does not say who holds a lock, and the importing process's `imports` row is
/// invisible to others until it commits (WAL isolation). So the importing process writes a
/// small note beside the database, `DATABASE-importing` (JSON: file, process id, start time
/// UTC), once it holds the write lock (on the first record read inside its transaction, see
/// ``ImportActivityReader``), and removes it when the file is done. A note whose process has
/// ended (killed: the note stays) is ignored. The note holds no key material and no file
/// content: the file's path as given, a process id and a time.
public struct ImportActivity: Codable, Sendable, Equatable {
    /// The file being imported, as given on its command line.
    public var file: String
    /// The importing process's id.
    public var processID: Int32
    /// When that process started importing this file (UTC, whole seconds).
    public var since: Date

    /// - Parameters:
    ///   - file: the file being imported.
    ///   - processID: the importing process (default: this one).
    ///   - since: when its import began (default: now, whole seconds).
    public init(file: String, processID: Int32 = getpid(), since: Date = Date()) {
        self.file = file
        self.processID = processID
        self.since = Date(timeIntervalSince1970: since.timeIntervalSince1970.rounded(.down))
    }

    /// The note's path for the database at `database`: `database` + `-importing`.
    /// - Parameter database: the database file's path.
    /// - Returns: the note's path.
    public static func notePath(database: String) -> String { database + "-importing" }

    /// Writes this activity as the note of `database` (atomically; best effort: a read-only
    /// folder or a full disk leaves no note, which only makes a waiting ingest's message less
    /// specific).
    /// - Parameter database: the database file's path.
    public func record(database: String) {
        guard let data = try? JSONCoding.encoder().encode(self) else { return }
        try? data.write(to: URL(fileURLWithPath: Self.notePath(database: database)), options: .atomic)
    }

    /// Removes the note of `database` if this process wrote it.
    /// - Parameters:
    ///   - database: the database file's path.
    ///   - processID: the process whose note may be removed (default: this one).
    public static func clear(database: String, processID: Int32 = getpid()) {
        guard let note = read(database: database), note.processID == processID else { return }
        try? FileManager.default.removeItem(atPath: notePath(database: database))
    }

    /// The import running into `database` in another, live process, if its note says so.
    /// - Parameter database: the database file's path.
    /// - Returns: the activity, or `nil` when there is no note, it cannot be read, it is this
    ///   process's own, or its process has ended.
    public static func current(database: String) -> ImportActivity? {
        guard let note = read(database: database), note.processID != getpid(), note.processID > 0 else { return nil }
        // kill(pid, 0) sends nothing: it fails with ESRCH when no such process exists.
        if kill(note.processID, 0) != 0 && errno == ESRCH { return nil }
        return note
    }

    private static func read(database: String) -> ImportActivity? {
        guard let data = FileManager.default.contents(atPath: notePath(database: database)), data.count < 65_536 else {
            return nil
        }
        return try? JSONCoding.decoder().decode(ImportActivity.self, from: data)
    }

    /// One line naming the import, e.g. `process 4242 has been importing ledger.csv since
    /// 2026-12-02T16:20:01Z (for 95 s)`.
    /// - Parameter now: the time to measure the duration to (default: now).
    /// - Returns: the text.
    public func text(now: Date = Date()) -> String {
        let seconds = max(0, Int(now.timeIntervalSince(since)))
        return "process \(processID) has been importing \(MessageText.cutQuotedValues(file)) since "
            + "\(UTCTime.iso8601(since)) (for \(seconds) s)"
    }
}

extension ImportActivity {
    /// `reader` wrapped in an ``ImportActivityReader`` for `database` (for a reader held as an
    /// existential, as the CLI's are).
    /// - Parameters:
    ///   - reader: the file's reader.
    ///   - database: the database file's path.
    /// - Returns: the wrapping reader.
    public static func announcing(_ reader: some TransferReader, database: String) -> any TransferReader {
        ImportActivityReader(base: reader, database: database)
    }
}

/// A reader that records an ``ImportActivity`` note for its database when the importer first
/// asks it for a record, which happens inside the file's write transaction, so the note is
/// written only by the process that holds the lock.
public struct ImportActivityReader<Base: TransferReader>: TransferReader {
    /// The reader wrapped.
    public var base: Base
    /// The database whose note is written.
    public let database: String
    private var recorded = false

    /// - Parameters:
    ///   - base: the file's reader.
    ///   - database: the database file's path.
    public init(base: Base, database: String) {
        self.base = base
        self.database = database
    }

    /// The file being read, as given.
    public var path: String { base.path }
    /// The specification of the wrapped reader.
    public var specificationName: String { base.specificationName }

    /// The wrapped reader's next record; records the note before the first.
    /// - Returns: the record, or `nil` at the end.
    /// - Throws: the wrapped reader's ``IngestError``.
    public mutating func next() throws(IngestError) -> IngestRecord? {
        if !recorded {
            recorded = true
            ImportActivity(file: base.path).record(database: database)
        }
        return try base.next()
    }
}

extension ImportActivityReader: ByteCountingReader where Base: ByteCountingReader {
    /// The wrapped reader's bytes read.
    public var bytesRead: Int64 { base.bytesRead }
}
