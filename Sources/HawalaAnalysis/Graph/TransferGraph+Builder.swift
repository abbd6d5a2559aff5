import Foundation
import HawalaCore

extension TransferGraph {
    /// Builds a ``TransferGraph`` from transfers fed one at a time (e.g. from the store's
    /// `forEachTransfer`, in time order; other orders are sorted at ``build()``).
    ///
    /// Keeps only compact arrays while it grows: about 40 bytes per transfer plus the ids.
    public struct Builder {
        /// The reporting currency every amount must be in.
        public let currency: CurrencyCode
        private var brokers = StringInterner()
        private var parties = StringInterner()
        private var ids = StringTable()
        private var time: [Int64] = []
        private var amount: [Double] = []
        private var from: [Int32] = []
        private var to: [Int32] = []
        private var originator: [Int32] = []
        private var beneficiary: [Int32] = []
        private var sorted = true
        /// Transfers skipped by ``append(_:)`` because they had no reporting amount.
        public private(set) var skippedWithoutAmount = 0

        /// - Parameter currency: the reporting currency (default USD).
        public init(currency: CurrencyCode = .usd) {
            self.currency = currency
        }

        /// The number of transfers appended so far.
        public var count: Int { time.count }

        /// Reserves room for `count` transfers.
        /// - Parameter count: the expected number of transfers.
        public mutating func reserveCapacity(_ count: Int) {
            time.reserveCapacity(count)
            amount.reserveCapacity(count)
            from.reserveCapacity(count)
            to.reserveCapacity(count)
            originator.reserveCapacity(count)
            beneficiary.reserveCapacity(count)
        }

        /// Adds one transfer using its amount in the reporting currency. A transfer without
        /// one (no exchange rate known) is skipped and counted in ``skippedWithoutAmount``.
        /// - Parameter t: the transfer.
        /// - Throws: ``AnalysisError`` (`invalidInput`) when its reporting amount is in
        ///   another currency than the builder's.
        public mutating func append(_ t: Transfer) throws {
            guard let reporting = t.reportingAmount else {
                skippedWithoutAmount += 1
                return
            }
            guard reporting.currency == currency else {
                throw AnalysisError(
                    .invalidInput,
                    "transfer \(t.id) has its reporting amount in \(reporting.currency), expected \(currency)")
            }
            append(
                id: t.id, time: Int64(t.timestamp.timeIntervalSince1970.rounded(.down)), sender: t.senderBroker,
                receiver: t.receiverBroker, originator: t.originator, beneficiary: t.beneficiary,
                amount: reporting.majorUnits)
        }

        /// Adds one transfer from its parts.
        /// - Parameters:
        ///   - id: the source's transfer id.
        ///   - time: seconds since 1970-01-01T00:00:00Z, UTC.
        ///   - sender: the sending broker's id.
        ///   - receiver: the receiving broker's id.
        ///   - originator: the originator's party id, when known.
        ///   - beneficiary: the beneficiary's party id, when known.
        ///   - amount: major units of the reporting currency.
        public mutating func append(
            id: String, time t: Int64, sender: String, receiver: String, originator o: String? = nil,
            beneficiary b: String? = nil, amount a: Double
        ) {
            if let last = time.last, t < last { sorted = false }
            ids.append(id)
            time.append(t)
            amount.append(a)
            from.append(brokers.intern(sender))
            to.append(brokers.intern(receiver))
            originator.append(o.map { parties.intern($0) } ?? -1)
            beneficiary.append(b.map { parties.intern($0) } ?? -1)
        }

        /// Finishes the graph: sorts transfers by time when they did not arrive in order
        /// (stable: equal times keep arrival order) and builds the CSR arrays.
        /// - Returns: the graph.
        public consuming func build() -> TransferGraph {
            if !sorted {
                let order = (0..<Int32(time.count)).sorted { (a, b) in
                    let ta = time[Int(a)]
                    let tb = time[Int(b)]
                    return ta != tb ? ta < tb : a < b
                }
                func apply<T>(_ array: [T]) -> [T] { order.map { array[Int($0)] } }
                time = apply(time)
                amount = apply(amount)
                from = apply(from)
                to = apply(to)
                originator = apply(originator)
                beneficiary = apply(beneficiary)
                ids = ids.permuted(order)
            }
            return TransferGraph(
                currency: currency, brokerNames: brokers.table, partyNames: parties.table, transferIDs: ids,
                time: time, amount: amount, from: from, to: to, originator: originator, beneficiary: beneficiary,
                skippedWithoutAmount: skippedWithoutAmount)
        }
    }
}
