import Foundation
import HawalaCore

/// A reader that generates canonical-shaped transfers instead of reading a file: for the
/// ingest benchmark, the kill-mid-import test (`hawala _import-synthetic`) and tests.
///
/// Deterministic: row *i* has id `T000000042`-style ids, a time 7·*i* seconds after
/// 2026-01-01T00:00:00Z, one of `brokers` sender/receiver brokers (never equal), one of
/// `parties` originators and beneficiaries, an amount between 10.00 and 99,999.99 drawn from a
/// fixed linear congruential sequence, and a currency cycling USD (8 in 10), AED, EUR.
public struct SyntheticTransferReader: TransferReader, ByteCountingReader {
    /// A pseudo path naming the generator, e.g. `"synthetic:1000000"`.
    public let path: String
    /// `"synthetic"`.
    public let specificationName = "synthetic"
    /// The number of records to yield.
    public let rows: Int
    /// Brokers drawn from.
    public let brokers: Int
    /// Parties drawn from.
    public let parties: Int
    /// When set, every `rejectEvery`-th record is yielded as rejected (field `amount`).
    public var rejectEvery: Int?
    /// The first row number (so two readers can yield disjoint or overlapping ids).
    public var firstRow: Int
    /// Bytes a canonical CSV line of this shape takes, for ``bytesRead``.
    public static let bytesPerRow: Int64 = 96

    private var index = 0
    private var state: UInt64 = 0x9E37_79B9_7F4A_7C15
    private static let currencies = [
        CurrencyCode.usd, .usd, .usd, .usd, .usd, .usd, .usd, .usd, CurrencyCode("AED")!, CurrencyCode("EUR")!,
    ]
    private static let base: Int64 = 1_767_225_600  // 2026-01-01T00:00:00Z

    /// - Parameters:
    ///   - rows: records to yield.
    ///   - brokers: brokers drawn from (at least 2).
    ///   - parties: parties drawn from (at least 1).
    ///   - firstRow: the first row number (ids start at `T` + `firstRow`).
    ///   - rejectEvery: yield every n-th record as rejected, or `nil`.
    public init(rows: Int, brokers: Int = 1_000, parties: Int = 50_000, firstRow: Int = 0, rejectEvery: Int? = nil) {
        self.rows = rows
        self.brokers = max(brokers, 2)
        self.parties = max(parties, 1)
        self.firstRow = firstRow
        self.rejectEvery = rejectEvery
        self.path = "synthetic:\(rows)"
    }

    /// Bytes an equivalent canonical CSV would have consumed so far.
    public var bytesRead: Int64 { Int64(index) * Self.bytesPerRow }

    /// The next generated record.
    /// - Returns: a transfer or (every `rejectEvery`-th) a rejected record; `nil` after `rows`.
    public mutating func next() throws(IngestError) -> IngestRecord? {
        guard index < rows else { return nil }
        index += 1
        let row = firstRow + index - 1
        let line = index + 1  // after a header line
        if let rejectEvery, rejectEvery > 0, index % rejectEvery == 0 {
            return .rejected(
                RejectedRow(
                    location: SourceLocation(file: path, line: line, field: "amount"),
                    reason: "amount '-5' is negative", raw: "T\(row),2026-01-01T00:00:00Z,BRK-1,BRK-2,-5,USD"))
        }
        state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        let random = state >> 17
        let sender = Int(random % UInt64(brokers))
        var receiver = Int((random >> 20) % UInt64(brokers))
        if receiver == sender { receiver = (receiver + 1) % brokers }
        state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        let partyDraw = state >> 17
        let currency = Self.currencies[row % Self.currencies.count]
        let minor = Int64(1_000 + (random >> 7) % 9_999_000)
        let transfer = Transfer(
            id: "T" + String(row), timestamp: Date(timeIntervalSince1970: TimeInterval(Self.base + Int64(row) * 7)),
            senderBroker: "BRK-" + String(sender), receiverBroker: "BRK-" + String(receiver),
            originator: "P-" + String(Int(partyDraw % UInt64(parties))),
            beneficiary: "P-" + String(Int((partyDraw >> 20) % UInt64(parties))),
            amount: Money(minorUnits: minor, currency: currency), channel: "cash")
        return .transfer(TransferRow(transfer: transfer, location: SourceLocation(file: path, line: line)))
    }
}
