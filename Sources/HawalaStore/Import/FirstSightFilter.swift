import HawalaCore

/// Which of a transfer's broker and party ids ``FirstSightFilter`` saw for the first time.
public struct NewIDs: OptionSet, Sendable, Hashable {
    public let rawValue: UInt8
    /// - Parameter rawValue: the bits.
    public init(rawValue: UInt8) { self.rawValue = rawValue }
    /// The sender broker's id.
    public static let sender = NewIDs(rawValue: 1)
    /// The receiver broker's id.
    public static let receiver = NewIDs(rawValue: 2)
    /// The originator's id.
    public static let originator = NewIDs(rawValue: 4)
    /// The beneficiary's id.
    public static let beneficiary = NewIDs(rawValue: 8)
}

/// Tells, transfer by transfer, which broker and party ids an import has not seen yet, so the
/// import writes a broker or party row once per id instead of once per transfer.
///
/// The import session runs one itself (``ImportSession/insert(_:line:element:)``); an importer
/// that reads on another thread can run it there instead, in file order, and pass the result
/// to ``ImportSession/insert(_:line:element:newIDs:)``: its probes into a table of tens of
/// thousands of ids are cache misses (measured ~8% of the writing thread's time), which the
/// reading thread has time for. Memory is bounded: each set is emptied at ``limit`` ids, after
/// which ids are reported new again (their rows are written with `INSERT OR IGNORE`).
public struct FirstSightFilter: Sendable {
    /// Ids held per kind (brokers, parties) before the set is emptied.
    public static let limit = 262_144

    private var brokers = IDSet()
    private var parties = IDSet()
    private var lastSender: String?
    private var lastReceiver: String?

    public init() {}

    /// The ids of `transfer` not seen before in this filter's life.
    /// - Parameter transfer: the next transfer, in the order they are inserted.
    /// - Returns: the new ids.
    public mutating func newIDs(of transfer: Transfer) -> NewIDs {
        var new: NewIDs = []
        if transfer.senderBroker != lastSender {
            if Self.firstSight(transfer.senderBroker, &brokers) { new.insert(.sender) }
            lastSender = transfer.senderBroker
        }
        if transfer.receiverBroker != lastReceiver {
            if Self.firstSight(transfer.receiverBroker, &brokers) { new.insert(.receiver) }
            lastReceiver = transfer.receiverBroker
        }
        if let id = transfer.originator, Self.firstSight(id, &parties) { new.insert(.originator) }
        if let id = transfer.beneficiary, Self.firstSight(id, &parties) { new.insert(.beneficiary) }
        return new
    }

    @inline(__always)
    private static func firstSight(_ id: String, _ set: inout IDSet) -> Bool {
        if set.count >= limit { set.removeAll() }
        return set.insert(id)
    }
}
