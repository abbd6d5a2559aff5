import Dispatch
import Foundation

/// Runs independent tasks on up to `threads` worker threads and returns their results in
/// task order, so the outcome never depends on the thread count or on scheduling.
enum Parallel {
    /// Results of `body(0) ..< body(count)`, in index order.
    /// - Parameters:
    ///   - count: the number of tasks.
    ///   - threads: the most worker threads (1 runs everything on the calling thread).
    ///   - body: one task; called once per index, from any thread.
    static func map<T: Sendable>(count: Int, threads: Int, _ body: @Sendable (Int) -> T) -> [T] {
        if count == 0 { return [] }
        let workers = max(1, min(threads, count))
        if workers == 1 { return (0..<count).map(body) }
        let slots = Slots<T>(count: count)
        DispatchQueue.concurrentPerform(iterations: workers) { _ in
            while let index = slots.nextIndex() {
                slots.store(body(index), at: index)
            }
        }
        return slots.results()
    }

    /// Splits `0 ..< total` into about `chunks` contiguous ranges.
    static func ranges(total: Int, chunks: Int) -> [Range<Int>] {
        guard total > 0 else { return [] }
        let n = max(1, min(chunks, total))
        return (0..<n).map { i in (total * i / n)..<(total * (i + 1) / n) }
    }
}

/// Result slots filled by worker threads: each index is handed out once and written once.
private final class Slots<T: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var next = 0
    private let count: Int
    private var values: [T?]

    init(count: Int) {
        self.count = count
        values = Array(repeating: nil, count: count)
    }

    func nextIndex() -> Int? {
        lock.lock()
        defer { lock.unlock() }
        guard next < count else { return nil }
        next += 1
        return next - 1
    }

    func store(_ value: T, at index: Int) {
        lock.lock()
        values[index] = value
        lock.unlock()
    }

    func results() -> [T] {
        lock.lock()
        defer { lock.unlock() }
        return values.map { $0! }
    }
}

/// Process CPU time and wall time, for per-detector costs.
struct Stopwatch {
    private let cpu0 = Stopwatch.cpuSeconds()
    private let wall0 = Date()

    /// Process CPU seconds (all threads) since 'now' was taken.
    var cpu: Double { Stopwatch.cpuSeconds() - cpu0 }
    /// Wall seconds since 'now' was taken.
    var wall: Double { Date().timeIntervalSince(wall0) }

    static func cpuSeconds() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
    }
}

extension TransferGraph {
    /// Runs `body` over chunks of broker ids on up to `threads` threads and concatenates
    /// the outputs in broker order (deterministic for any thread count).
    func perBrokerChunks(threads: Int, _ body: @Sendable (Range<Int>) -> DetectorOutput) -> DetectorOutput {
        let chunks = Parallel.ranges(total: brokerCount, chunks: max(1, threads) * 16)
        let parts = Parallel.map(count: chunks.count, threads: threads) { body(chunks[$0]) }
        var output = DetectorOutput()
        for part in parts {
            output.findings += part.findings
            output.notes += part.notes
        }
        return output
    }

    /// The UTC midnight at or before the first transfer, seconds since 1970: the origin of
    /// day-aligned windows and periods (0 for an empty graph).
    var dayOrigin: Int64 {
        guard let first = time.first else { return 0 }
        return first - ((first % 86_400) + 86_400) % 86_400
    }
}
