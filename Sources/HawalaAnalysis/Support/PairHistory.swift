import HawalaCore

/// The own history of every directed broker pair: in which weeks of the data it carried a
/// transfer. The volume rules use it to tell a broker's routine correspondents (the same
/// pair week after week) from new ones, and the cycle rule to recognise pairs that settle
/// both ways as ordinary business.
///
/// Weeks are 7-day periods from the UTC midnight before the first transfer of the data
/// (``TransferGraph/dayOrigin``); the history is the whole data of the run, before and after
/// the transfers judged, as an analyst reading a period of records has it. Week `w` is bit
/// `w % 64` of a `UInt64`, so data longer than 64 weeks folds weeks 64 apart into one bit
/// (that can only undercount active weeks, never add one).
///
/// Shape: per sender a slice of (receiver, week mask), sorted by receiver: `offsets`
/// (`brokerCount + 1` entries), `receivers`, `weeks`. Built in one pass over the CSR
/// out-slices, O(E + P log P) for E transfers and P pairs; about 12 bytes per pair.
struct PairHistory: Sendable {
    let offsets: [Int]
    let receivers: [Int32]
    let weeks: [UInt64]

    /// - Parameter graph: the transfer graph.
    init(graph: TransferGraph) {
        let n = graph.brokerCount
        let origin = graph.dayOrigin
        var offsets = [Int](repeating: 0, count: n + 1)
        var receivers: [Int32] = []
        var weeks: [UInt64] = []
        var scratch = [UInt64](repeating: 0, count: n)
        var touched: [Int32] = []
        for b in 0..<n {
            for slot in graph.outRange(Int32(b)) {
                let to = Int(graph.outTo[slot])
                if scratch[to] == 0 { touched.append(Int32(to)) }
                scratch[to] |= Self.bit(graph.outTime[slot], origin: origin)
            }
            touched.sort()
            for to in touched {
                receivers.append(to)
                weeks.append(scratch[Int(to)])
                scratch[Int(to)] = 0
            }
            touched.removeAll(keepingCapacity: true)
            offsets[b + 1] = receivers.count
        }
        self.offsets = offsets
        self.receivers = receivers
        self.weeks = weeks
    }

    /// The bit of the week holding time `t` (seconds since 1970).
    @inline(__always) static func bit(_ t: Int64, origin: Int64) -> UInt64 {
        1 << UInt64(((t - origin) / (7 * 86_400)) & 63)
    }

    /// The weeks in which `a` paid `b`, as a bit mask (0 when never).
    func weekMask(_ a: Int32, _ b: Int32) -> UInt64 {
        var lo = offsets[Int(a)]
        var hi = offsets[Int(a) + 1]
        while lo < hi {
            let mid = (lo + hi) >> 1
            if receivers[mid] < b { lo = mid + 1 } else { hi = mid }
        }
        return lo < offsets[Int(a) + 1] && receivers[lo] == b ? weeks[lo] : 0
    }

    /// The number of distinct weeks in which `a` paid `b`.
    func activeWeeks(_ a: Int32, _ b: Int32) -> Int { weekMask(a, b).nonzeroBitCount }

    /// The number of distinct weeks in which `a` paid `b` and `b` paid `a`.
    func twoWayWeeks(_ a: Int32, _ b: Int32) -> Int { (weekMask(a, b) & weekMask(b, a)).nonzeroBitCount }
}
