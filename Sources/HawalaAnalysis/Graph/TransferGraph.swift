import Foundation
import HawalaCore

/// The temporal transfer graph the detectors read: brokers as dense `Int32` ids, transfers
/// (edges) in time order, and per-broker out- and in-edges as CSR arrays sorted by time.
///
/// Shapes (E transfers, N brokers):
/// - edge arrays, indexed by edge `0..<E` in time order (ties keep arrival order):
///   ``time`` (`Int64` seconds since 1970, UTC), ``amount`` (`Double` major units of
///   ``currency``), ``from``/``to`` (broker ids), ``originator``/``beneficiary`` (party ids,
///   `-1` when unknown), ``transferIDs`` (the source ids, for findings);
/// - CSR: broker `b`'s out-edges are `outEdges[outOffsets[b] ..< outOffsets[b+1]]`, sorted by
///   time, with the parallel arrays ``outTime`` and ``outTo`` for cache-friendly scans; in-edges
///   likewise in ``inOffsets`` / ``inEdges`` / ``inTime`` / ``inFrom``.
///
/// Memory: about 120 bytes per transfer plus the id bytes (5 M transfers ≈ 0.7 GB).
/// Build one with ``TransferGraph/Builder``.
public struct TransferGraph: Sendable {
    /// The reporting currency all ``amount`` values are in.
    public let currency: CurrencyCode
    /// Broker ids as given by the source, indexed by dense broker id.
    public let brokerNames: StringTable
    /// Party ids (originators and beneficiaries), indexed by dense party id.
    public let partyNames: StringTable
    /// Transfer ids as given by the source, indexed by edge.
    public let transferIDs: StringTable
    /// Transfer time, seconds since 1970-01-01T00:00:00Z, non-decreasing.
    public let time: [Int64]
    /// Transfer amount in major units of ``currency``.
    public let amount: [Double]
    /// Sending broker id.
    public let from: [Int32]
    /// Receiving broker id.
    public let to: [Int32]
    /// Originator party id, or `-1` when unknown.
    public let originator: [Int32]
    /// Beneficiary party id, or `-1` when unknown.
    public let beneficiary: [Int32]
    /// CSR offsets into the out-edge arrays, `brokerCount + 1` entries.
    public let outOffsets: [Int]
    /// Out-edges (edge indices) grouped by sender, each group in time order.
    public let outEdges: [Int32]
    /// `time[outEdges[i]]`, for binary searches.
    public let outTime: [Int64]
    /// `to[outEdges[i]]`.
    public let outTo: [Int32]
    /// CSR offsets into the in-edge arrays, `brokerCount + 1` entries.
    public let inOffsets: [Int]
    /// In-edges (edge indices) grouped by receiver, each group in time order.
    public let inEdges: [Int32]
    /// `time[inEdges[i]]`.
    public let inTime: [Int64]
    /// `from[inEdges[i]]`.
    public let inFrom: [Int32]
    /// Transfers the builder skipped because they had no amount in the reporting currency.
    public let skippedWithoutAmount: Int

    /// The number of transfers (edges).
    public var edgeCount: Int { time.count }
    /// The number of brokers.
    public var brokerCount: Int { brokerNames.count }
    /// The earliest transfer time, or `nil` for an empty graph.
    public var firstTime: Date? { time.first.map { Date(timeIntervalSince1970: TimeInterval($0)) } }
    /// The latest transfer time, or `nil` for an empty graph.
    public var lastTime: Date? { time.last.map { Date(timeIntervalSince1970: TimeInterval($0)) } }

    /// The source's id of broker `b`.
    public func brokerName(_ b: Int32) -> String { brokerNames[Int(b)] }

    /// The source's id of party `p`, or `nil` for `-1`.
    public func partyName(_ p: Int32) -> String? { p < 0 ? nil : partyNames[Int(p)] }

    /// The out-edge slot range of broker `b` in the CSR arrays.
    @inline(__always) public func outRange(_ b: Int32) -> Range<Int> {
        outOffsets[Int(b)]..<outOffsets[Int(b) + 1]
    }

    /// The in-edge slot range of broker `b` in the CSR arrays.
    @inline(__always) public func inRange(_ b: Int32) -> Range<Int> {
        inOffsets[Int(b)]..<inOffsets[Int(b) + 1]
    }

    init(
        currency: CurrencyCode, brokerNames: StringTable, partyNames: StringTable, transferIDs: StringTable,
        time: [Int64], amount: [Double], from: [Int32], to: [Int32], originator: [Int32], beneficiary: [Int32],
        skippedWithoutAmount: Int
    ) {
        self.currency = currency
        self.brokerNames = brokerNames
        self.partyNames = partyNames
        self.transferIDs = transferIDs
        self.time = time
        self.amount = amount
        self.from = from
        self.to = to
        self.originator = originator
        self.beneficiary = beneficiary
        self.skippedWithoutAmount = skippedWithoutAmount
        let n = brokerNames.count
        (outOffsets, outEdges) = Self.csr(keys: from, nodeCount: n)
        (inOffsets, inEdges) = Self.csr(keys: to, nodeCount: n)
        outTime = outEdges.map { time[Int($0)] }
        outTo = outEdges.map { to[Int($0)] }
        inTime = inEdges.map { time[Int($0)] }
        inFrom = inEdges.map { from[Int($0)] }
    }

    /// Counting sort of edge indices by key; stable, so each group keeps time order.
    private static func csr(keys: [Int32], nodeCount: Int) -> ([Int], [Int32]) {
        var offsets = [Int](repeating: 0, count: nodeCount + 1)
        for key in keys { offsets[Int(key) + 1] += 1 }
        for i in 0..<nodeCount { offsets[i + 1] += offsets[i] }
        var cursor = offsets
        var edges = [Int32](repeating: 0, count: keys.count)
        for (edge, key) in keys.enumerated() {
            edges[cursor[Int(key)]] = Int32(edge)
            cursor[Int(key)] += 1
        }
        return (offsets, edges)
    }
}

extension TransferGraph {
    /// The first slot in `lo..<hi` of a time-sorted slice whose time is greater than `t`
    /// (`hi` when none): a binary search.
    /// - Parameters:
    ///   - times: ``outTime`` or ``inTime``.
    ///   - lo: the slice's first slot.
    ///   - hi: one past the slice's last slot.
    ///   - t: the time, seconds since 1970.
    @inline(__always)
    static func firstSlot(after t: Int64, in times: UnsafeBufferPointer<Int64>, _ lo: Int, _ hi: Int) -> Int {
        var lo = lo
        var hi = hi
        while lo < hi {
            let mid = (lo + hi) >> 1
            if times[mid] <= t { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }

    /// The first slot in `lo..<hi` whose time is at least `t` (`hi` when none).
    @inline(__always)
    static func firstSlot(atOrAfter t: Int64, in times: UnsafeBufferPointer<Int64>, _ lo: Int, _ hi: Int) -> Int {
        firstSlot(after: t - 1, in: times, lo, hi)
    }
}
