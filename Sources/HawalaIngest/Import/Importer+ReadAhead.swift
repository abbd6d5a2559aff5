import Foundation
import HawalaCore
import HawalaStore

/// What the reading thread hands to the importing thread: a batch of records in file order,
/// the end of the file, or the reader's error.
enum ReadAheadItem: Sendable {
    /// Records in file order, with the broker and party ids each transfer names first (from
    /// a ``FirstSightFilter`` run on the reading thread; empty for other records), and the
    /// reader's byte count after the last of them.
    case batch([IngestRecord], newIDs: [NewIDs], bytesRead: Int64?)
    /// The reader returned `nil`: no more records.
    case end
    /// The reader threw: the file cannot be read further.
    case failure(IngestError)
}

/// A bounded queue of record batches between one reading thread and one importing thread.
///
/// At most ``capacity`` batches wait, so memory stays flat in the file size (the reader
/// blocks when the importer falls behind). The importer cancels the queue when it stops early
/// (a rejected record under `--strict`, a store error): the reader then stops at its next
/// hand-off, and ``waitUntilReaderFinished()`` returns once it has let go of the file.
final class ReadAheadQueue: @unchecked Sendable {
    // All mutable state below is guarded by `condition`.
    private let condition = NSCondition()
    private var items: [ReadAheadItem] = []
    private var head = 0
    private var cancelled = false
    private var readerFinished = false
    /// Batches the importer is done with, for the reader to empty and refill, so their
    /// records are freed (and their storage reused) on the reading thread.
    private var spent: [[IngestRecord]] = []
    /// Batches that may wait at once.
    let capacity: Int

    /// - Parameter capacity: batches that may wait (at least 1).
    init(capacity: Int) {
        self.capacity = max(capacity, 1)
        items.reserveCapacity(self.capacity * 2)
    }

    /// Hands an item to the importer, waiting while the queue is full.
    /// - Parameter item: the item.
    /// - Returns: `false` when the importer cancelled (the reader should stop).
    func put(_ item: ReadAheadItem) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        while items.count - head >= capacity && !cancelled { condition.wait() }
        if cancelled { return false }
        if head > 0 && head == items.count {
            items.removeAll(keepingCapacity: true)
            head = 0
        }
        items.append(item)
        condition.broadcast()
        return true
    }

    /// The next item, waiting while the queue is empty.
    /// - Returns: the item.
    func take() -> ReadAheadItem {
        condition.lock()
        defer { condition.unlock() }
        while head == items.count { condition.wait() }
        let item = items[head]
        items[head] = .end  // drop the batch's storage now
        head += 1
        condition.broadcast()
        return item
    }

    /// Hands a written batch back to the reading thread (called by the importer).
    /// - Parameter batch: the batch, no longer needed.
    func giveBack(_ batch: [IngestRecord]) {
        condition.lock()
        if !cancelled && spent.count < capacity + 2 { spent.append(batch) }
        condition.unlock()
    }

    /// An empty batch of at least `size` capacity, reusing a returned one when there is one.
    /// - Parameter size: records per batch.
    /// - Returns: an empty array.
    func emptyBatch(size: Int) -> [IngestRecord] {
        condition.lock()
        var batch = spent.popLast() ?? []
        condition.unlock()
        batch.removeAll(keepingCapacity: true)  // frees the records here, on the reading thread
        batch.reserveCapacity(size)
        return batch
    }

    /// Tells the reader to stop and drops waiting batches.
    func cancel() {
        condition.lock()
        cancelled = true
        items.removeAll()
        spent.removeAll()
        head = 0
        condition.broadcast()
        condition.unlock()
    }

    /// Called by the reading thread as its last act.
    func markReaderFinished() {
        condition.lock()
        readerFinished = true
        condition.broadcast()
        condition.unlock()
    }

    /// Waits until the reading thread has finished (and so released the reader and its file).
    func waitUntilReaderFinished() {
        condition.lock()
        while !readerFinished { condition.wait() }
        condition.unlock()
    }
}

/// Moves a reader to the reading thread. The importing thread never touches it after the
/// hand-over, so the reader is used by one thread at a time.
/// (An existential, so the thread's closure captures no generic type.)
final class ReaderTransfer: @unchecked Sendable {
    var reader: any TransferReader
    init(_ reader: any TransferReader) { self.reader = reader }
}

extension Importer {
    /// Starts a thread that reads and validates `reader`'s records and hands them over in
    /// batches of ``readAheadBatch`` through a queue of at most ``readAheadBatches`` batches.
    /// - Parameter reader: the file's reader; it belongs to the new thread from now on.
    /// - Returns: the queue to take batches from; the caller must `cancel()` it and
    ///   `waitUntilReaderFinished()` before returning.
    func startReading(_ reader: any TransferReader) -> ReadAheadQueue {
        let queue = ReadAheadQueue(capacity: readAheadBatches)
        let transfer = ReaderTransfer(reader)
        let batchSize = max(readAheadBatch, 1)
        let thread = Thread {
            defer { queue.markReaderFinished() }
            // The thread owns the reader from here; drop it (closing the file) when done.
            var reader = transfer.reader
            defer { transfer.reader = EmptyReader() }
            var batch: [IngestRecord] = []
            batch.reserveCapacity(batchSize)
            var newIDs: [NewIDs] = []
            newIDs.reserveCapacity(batchSize)
            var firstSight = FirstSightFilter()
            do throws(IngestError) {
                while let record = try reader.next() {
                    if case .transfer(let row) = record {
                        newIDs.append(firstSight.newIDs(of: row.transfer))
                    } else {
                        newIDs.append([])
                    }
                    batch.append(record)
                    if batch.count == batchSize {
                        let bytesRead = (reader as? any ByteCountingReader)?.bytesRead
                        guard queue.put(.batch(batch, newIDs: newIDs, bytesRead: bytesRead)) else { return }
                        batch = queue.emptyBatch(size: batchSize)
                        newIDs = []
                        newIDs.reserveCapacity(batchSize)
                    }
                }
                if !batch.isEmpty {
                    let bytesRead = (reader as? any ByteCountingReader)?.bytesRead
                    guard queue.put(.batch(batch, newIDs: newIDs, bytesRead: bytesRead)) else { return }
                }
                _ = queue.put(.end)
            } catch {
                _ = queue.put(.failure(error))
            }
        }
        thread.name = "hawala.ingest.reader"
        thread.start()
        return queue
    }
}

/// What a ``ReaderTransfer`` holds once its reader is done.
private struct EmptyReader: TransferReader {
    var path: String { "" }
    var specificationName: String { "" }
    mutating func next() throws(IngestError) -> IngestRecord? { nil }
}
