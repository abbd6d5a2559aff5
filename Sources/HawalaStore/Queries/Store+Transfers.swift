import Foundation
import GRDB
import HawalaCore

/// How many transfers the database holds and the time they span.
public struct TransferSpan: Hashable, Sendable, Codable {
    /// The number of transfers.
    public var count: Int
    /// The earliest transfer's time, UTC, or `nil` when there are none.
    public var firstAt: Date?
    /// The latest transfer's time, UTC, or `nil` when there are none.
    public var lastAt: Date?

    /// - Parameters:
    ///   - count: the number of transfers.
    ///   - firstAt: the earliest time.
    ///   - lastAt: the latest time.
    public init(count: Int, firstAt: Date?, lastAt: Date?) {
        self.count = count
        self.firstAt = firstAt
        self.lastAt = lastAt
    }

    enum CodingKeys: String, CodingKey {
        case count
        case firstAt = "first_at"
        case lastAt = "last_at"
    }
}

extension Store {
    static let transferColumns = """
        t.id, t.time, t.sender, t.receiver, t.originator, t.beneficiary, t.amount, t.currency,
        t.reporting_amount, t.reporting_currency, t.channel, t.reference, t.kind, t.local_amount, t.local_currency,
        t.received_amount, t.received_currency
        """

    /// Decodes the ``transferColumns`` of the current row.
    static func transfer(_ s: RawStatement) -> Transfer {
        let currency = s.text(7).flatMap(CurrencyCode.init) ?? .usd
        var reporting: Money?
        if let minor = s.int64(8), let code = s.text(9).flatMap(CurrencyCode.init) {
            reporting = Money(minorUnits: minor, currency: code)
        }
        return Transfer(
            id: s.text(0) ?? "", timestamp: Date(timeIntervalSince1970: TimeInterval(s.int64(1) ?? 0)),
            senderBroker: s.text(2) ?? "", receiverBroker: s.text(3) ?? "", originator: s.text(4),
            beneficiary: s.text(5), amount: Money(minorUnits: s.int64(6) ?? 0, currency: currency),
            reportingAmount: reporting, channel: s.text(10), reference: s.text(11),
            kind: s.text(12).flatMap(TransferKind.init(rawValue:)) ?? .transfer,
            localAmount: money(s, 13), receivedAmount: money(s, 15))
    }

    /// The amount in columns `index` (minor units) and `index + 1` (currency), when both are set.
    private static func money(_ s: RawStatement, _ index: Int32) -> Money? {
        guard let minor = s.int64(index), let code = s.text(index + 1).flatMap(CurrencyCode.init) else { return nil }
        return Money(minorUnits: minor, currency: code)
    }

    /// Streams every transfer in time order (ties in import order), one at a time, without
    /// holding them in memory: suitable for millions of rows (uses the `transfers_time` index).
    ///
    /// The stream runs inside one read transaction, so it sees one consistent snapshot; `body`
    /// must not call other `Store` methods (GRDB's queue is not reentrant): collect what you
    /// need and query afterwards.
    /// - Parameters:
    ///   - brokerTransfersOnly: `true` to leave out cash deposits and withdrawals (what the
    ///     analysis reads: only transfers between brokers are edges).
    ///   - body: called once per transfer; throwing stops the stream.
    /// - Throws: what `body` throws, unchanged; ``StoreError`` `.io` when the query fails.
    public func forEachTransfer(brokerTransfersOnly: Bool = false, _ body: (Transfer) throws -> Void) throws {
        do {
            try queue.read { db in
                let filter = brokerTransfersOnly ? "WHERE t.kind = 'transfer' " : ""
                let s = try RawStatement(db, sql: "SELECT \(Store.transferColumns) FROM transfers t \(filter)ORDER BY t.time, t.seq")
                defer { s.reset() }
                while try s.step() {
                    try body(Store.transfer(s))
                }
            }
        } catch let error as DatabaseError {
            throw StoreError(.io, "cannot read transfers", location: SourceLocation(file: path), underlying: error)
        }
    }

    /// The number of transfers and their time span.
    /// - Returns: count, first and last time (UTC).
    /// - Throws: ``StoreError`` `.io` when the query fails.
    public func transferSpan() throws(StoreError) -> TransferSpan {
        try read("count transfers") { db in
            let row = try Row.fetchOne(db, sql: "SELECT count(*) AS n, min(time) AS first, max(time) AS last FROM transfers")
            return TransferSpan(
                count: row?["n"] ?? 0,
                firstAt: (row?["first"] as Int64?).map { Date(timeIntervalSince1970: TimeInterval($0)) },
                lastAt: (row?["last"] as Int64?).map { Date(timeIntervalSince1970: TimeInterval($0)) })
        }
    }

    /// The transfers with the given ids, each with every provenance that carried it (the
    /// first import first, then duplicates in import order).
    /// - Parameter ids: source transfer ids (e.g. a finding's ``Finding/transferIDs``).
    /// - Returns: the transfers found, in the order of `ids` (unknown ids are skipped,
    ///   repeated ids appear once).
    /// - Throws: ``StoreError`` `.io` when the query fails.
    public func transfers(ids: [String]) throws(StoreError) -> [(transfer: Transfer, provenance: [Provenance])] {
        try read("read transfers") { db in
            let select = try RawStatement(db, sql: "SELECT \(Store.transferColumns) FROM transfers t WHERE t.id = ?")
            let sources = try RawStatement(
                db,
                sql: """
                    SELECT file, sha256, line, element FROM transfer_provenance WHERE transfer_id = ?
                    ORDER BY first DESC, import_id, line
                    """)
            var seen = Set<String>()
            var result: [(transfer: Transfer, provenance: [Provenance])] = []
            for id in ids where seen.insert(id).inserted {
                select.bind(1, id)
                guard try select.step() else {
                    select.reset()
                    continue
                }
                let transfer = Store.transfer(select)
                select.reset()
                sources.bind(1, id)
                var provenance: [Provenance] = []
                while try sources.step() {
                    provenance.append(
                        Provenance(
                            file: sources.text(0) ?? "", sha256: sources.text(1) ?? "",
                            line: sources.int64(2).map { Int($0) }, element: sources.text(3)))
                }
                sources.reset()
                result.append((transfer, provenance))
            }
            return result
        }
    }

    /// Every broker, ordered by id.
    /// - Returns: the brokers.
    /// - Throws: ``StoreError`` `.io` when the query fails.
    public func brokers() throws(StoreError) -> [Broker] {
        try read("read brokers") { db in
            try Row.fetchAll(db, sql: "SELECT id, name, country, licence FROM brokers ORDER BY id").map(Store.broker)
        }
    }

    /// One broker.
    /// - Parameter id: the broker's id as given by the source.
    /// - Returns: the broker, or `nil` when unknown.
    /// - Throws: ``StoreError`` `.io` when the query fails.
    public func broker(id: String) throws(StoreError) -> Broker? {
        try read("read a broker") { db in
            try Row.fetchOne(db, sql: "SELECT id, name, country, licence FROM brokers WHERE id = ?", arguments: [id])
                .map(Store.broker)
        }
    }

    /// Every party (originators and beneficiaries), ordered by id, with the birth date and
    /// the identifier field its id was made from when the source gave them.
    /// - Returns: the parties.
    /// - Throws: ``StoreError`` `.io` when the query fails.
    public func parties() throws(StoreError) -> [Party] {
        try read("read parties") { db in
            try Row.fetchAll(db, sql: "SELECT \(Store.partyColumns) FROM parties ORDER BY id").map(Store.party)
        }
    }

    /// The brokers of the given ids that the store knows, in the order given (unknown ids
    /// and repeats are skipped), read in one transaction with one prepared statement.
    /// - Parameter ids: broker ids as given by the sources.
    /// - Returns: the known brokers.
    /// - Throws: ``StoreError`` `.io` when the query fails.
    public func brokers(ids: some Sequence<String>) throws(StoreError) -> [Broker] {
        try read("read brokers") { db in
            let select = try db.makeStatement(sql: "SELECT id, name, country, licence FROM brokers WHERE id = ?")
            var seen = Set<String>()
            return try ids.filter { seen.insert($0).inserted }.compactMap { id in
                try Row.fetchOne(select, arguments: [id]).map(Store.broker)
            }
        }
    }

    /// The parties of the given ids that the store knows, in the order given (unknown ids and
    /// repeats are skipped), read in one transaction with one prepared statement.
    /// - Parameter ids: party ids as given by the sources.
    /// - Returns: the known parties.
    /// - Throws: ``StoreError`` `.io` when the query fails.
    public func parties(ids: some Sequence<String>) throws(StoreError) -> [Party] {
        try read("read parties") { db in
            let select = try db.makeStatement(sql: "SELECT \(Store.partyColumns) FROM parties WHERE id = ?")
            var seen = Set<String>()
            return try ids.filter { seen.insert($0).inserted }.compactMap { id in
                try Row.fetchOne(select, arguments: [id]).map(Store.party)
            }
        }
    }

    /// The columns ``party(_:)`` reads.
    static let partyColumns = "id, name, kind, country, birth_date, identified_by"

    static func party(_ row: Row) -> Party {
        Party(
            id: row["id"], name: row["name"], kind: Party.Kind(rawValue: row["kind"] ?? "") ?? .unknown,
            country: row["country"], birthDate: row["birth_date"], identifiedBy: row["identified_by"])
    }

    static func broker(_ row: Row) -> Broker {
        Broker(id: row["id"], name: row["name"], country: row["country"], licence: row["licence"])
    }
}
