import Foundation
import HawalaCore
import HawalaStore
import Testing

@testable import HawalaIngest

/// Counts the records a reader was asked for, across threads.
final class ReadCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var value = 0
    func increment() { lock.withLock { value += 1 } }
    var count: Int { lock.withLock { value } }
}

/// A synthetic reader that counts what it yields and can fail after some records.
struct CountingReader: TransferReader {
    var inner: SyntheticTransferReader
    let counter: ReadCounter
    /// Throw this instead of yielding record number `failAfter` + 1.
    var failure: (after: Int, error: IngestError)?
    var path: String { inner.path }
    var specificationName: String { inner.specificationName }

    mutating func next() throws(IngestError) -> IngestRecord? {
        if let failure, counter.count == failure.after { throw failure.error }
        let record = try inner.next()
        if record != nil { counter.increment() }
        return record
    }
}

/// The importer's read-ahead thread (``Importer/readsAhead``): the same outcome as reading on
/// the writing thread, the same errors, the same all-or-nothing transaction.
@Suite struct ImporterReadAheadTests {
    func importer(_ store: Store, strict: Bool = false, readsAhead: Bool) -> Importer {
        var importer = Importer(store: store, strict: strict)
        importer.readsAhead = readsAhead
        importer.readAheadBatch = 7
        importer.readAheadBatches = 2
        return importer
    }

    @Test func readingAheadStoresExactlyWhatReadingInlineStores() throws {
        var contents: [[String]] = []
        for readsAhead in [false, true] {
            let store = try temporaryStore()
            let summary = try importer(store, readsAhead: readsAhead).importFile(
                reader: SyntheticTransferReader(rows: 500, brokers: 20, parties: 30, rejectEvery: 9), path: "s.csv",
                sha256: sha("s"), size: 48_000)
            #expect(summary.imported == 445 && summary.rejected == 55 && summary.duplicates == 0)
            let transfers = try store.transfers(ids: (0..<500).map { "T\($0)" })
            let rejects = try store.rejects()
            contents.append(
                transfers.map { "\($0.transfer) \($0.provenance)" } + rejects.map { "\($0.location) \($0.reason)" }
                    + ["\(try store.stats().brokers) \(try store.stats().parties)"])
        }
        #expect(contents[0].count == 445 + 55 + 1)
        #expect(contents[0] == contents[1])
    }

    @Test func strictStopsTheReaderAndRollsBackEverything() throws {
        let store = try temporaryStore()
        let counter = ReadCounter()
        // Every 300th record is rejected; the file is far longer than what may be read ahead.
        let reader = CountingReader(inner: SyntheticTransferReader(rows: 1_000_000, rejectEvery: 300), counter: counter)
        #expect {
            try importer(store, strict: true, readsAhead: true).importFile(
                reader: reader, path: "big.csv", sha256: sha("big"), size: 96_000_000)
        } throws: { error in
            guard let error = error as? IngestError else { return false }
            return error.code == .rejectedUnderStrict && error.location?.line == 301 && error.location?.field == "amount"
                && error.message.contains("under --strict nothing from this file was imported")
        }
        // The reader stopped within the queue's bound: the batch in hand, the waiting ones, one more.
        #expect(counter.count <= 300 + 7 * 4)
        #expect(try store.transferSpan().count == 0)
        #expect(try store.imports().isEmpty)
        #expect(try store.rejects().isEmpty)
    }

    @Test func aReaderErrorOnTheReadingThreadIsThrownUnchanged() throws {
        let store = try temporaryStore()
        let truncated = IngestError(
            .malformed, "file ends inside a quoted field (expected a closing quote)",
            location: SourceLocation(file: "t.csv", line: 102))
        for readsAhead in [false, true] {
            let reader = CountingReader(
                inner: SyntheticTransferReader(rows: 1_000), counter: ReadCounter(), failure: (100, truncated))
            #expect {
                try importer(store, readsAhead: readsAhead).importFile(
                    reader: reader, path: "t.csv", sha256: sha("t"), size: 96_000)
            } throws: { error in
                guard let error = error as? IngestError else { return false }
                return error.code == .malformed && error.location == truncated.location && error.message == truncated.message
            }
            #expect(try store.transferSpan().count == 0)
            #expect(try store.imports().isEmpty)
        }
    }

    @Test func progressComesFromTheWritingThreadInOrder() throws {
        let store = try temporaryStore()
        let lock = NSLock()
        var calls: [ImportProgress] = []
        var importer = Importer(store: store, progress: { p in lock.withLock { calls.append(p) } })
        importer.progressInterval = 100
        importer.readAheadBatch = 64
        let summary = try importer.importFile(
            reader: SyntheticTransferReader(rows: 1_000), path: "p.csv", sha256: sha("p"), size: 96_000)
        #expect(summary.imported == 1_000)
        #expect(calls.map(\.records) == Array(stride(from: 100, through: 1_000, by: 100)) + [1_000])
        #expect(calls.last?.finished == true)
        let bytes = calls.dropLast().compactMap(\.bytesRead)
        #expect(bytes.count == 10 && bytes == bytes.sorted())
    }
}
