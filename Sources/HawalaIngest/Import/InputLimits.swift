import HawalaCore

/// The limits every input file is read under (issue 14, item 6; docs/import-specifications.md
/// "Limits"). A record over a per-record limit is rejected with a reason naming the field, the
/// limit and the length found; a file over a per-file limit (XML nesting) is refused as a
/// whole. They keep every command's memory bounded by its input's size: no single value can
/// make an evidence package or a report grow by more than a small, fixed multiple of it.
///
/// Lengths are in UTF-8 bytes of the value as read (after trimming XML whitespace).
public enum InputLimits {
    /// An identifier: transfer id, broker id, originator and beneficiary ids (256 bytes;
    /// goAML's own schema allows 50 for `transactionnumber`, 255 for most codes).
    public static let identifierBytes = 256
    /// A broker's or party's name (1 KiB).
    public static let nameBytes = 1_024
    /// A transfer's reference or channel, and the other short texts (4 KiB).
    public static let referenceBytes = 4_096
    /// One CSV field or the text of one XML element (64 KiB).
    public static let fieldBytes = 65_536
    /// One record: a CSV record (all its lines), or a goAML `<transaction>` element's text and
    /// element names (1 MiB).
    public static let recordBytes = 1_048_576
    /// Fields in one CSV record (1,024).
    public static let fieldsPerRecord = 1_024
    /// Element nesting in an XML document (256, libxml2's default `xmlParserMaxDepth`): a
    /// deeper document is refused as a whole.
    public static let xmlDepth = 256
    /// Element nesting inside one goAML `<transaction>` (32; real reports use fewer than 10):
    /// a deeper transaction is rejected, its deeper elements are not kept.
    public static let transactionDepth = 32
    /// Bytes of a record's raw text kept in `rejects.raw` when the record was rejected for
    /// breaking a size limit (4 KiB, then `…` and the total length).
    public static let rawExcerptBytes = 4_096

    /// The first limit a transfer row breaks: its field and the reason, or `nil`.
    /// - Parameter row: a row as a reader produced it.
    /// - Returns: `(field, reason)` for the first over-long value, checked in the order id,
    ///   sender, receiver, originator, beneficiary, channel, reference, broker and party details.
    public static func violation(in row: TransferRow) -> (field: String, reason: String)? {
        let t = row.transfer
        var checks: [(String, String?, Int)] = [
            ("id", t.id, identifierBytes), ("sender_broker", t.senderBroker, identifierBytes),
            ("receiver_broker", t.receiverBroker, identifierBytes), ("originator", t.originator, identifierBytes),
            ("beneficiary", t.beneficiary, identifierBytes), ("channel", t.channel, referenceBytes),
            ("reference", t.reference, referenceBytes),
        ]
        for b in row.brokers {
            checks += [
                ("broker id", b.id, identifierBytes), ("broker name", b.name, nameBytes),
                ("broker country", b.country, referenceBytes), ("broker licence", b.licence, referenceBytes),
            ]
        }
        for p in row.parties {
            checks += [("party id", p.id, identifierBytes), ("party name", p.name, nameBytes), ("party country", p.country, referenceBytes)]
        }
        for (field, value, limit) in checks {
            if let value, let reason = tooLong(field, value, limit: limit) { return (field, reason) }
        }
        return nil
    }

    /// The reason a value is too long, or `nil` when it fits.
    /// - Parameters:
    ///   - what: the field's name as users read it.
    ///   - value: the value.
    ///   - limit: the limit in UTF-8 bytes.
    /// - Returns: e.g. `id of 102400 bytes is longer than the limit of 256 bytes: 'TX-…'`.
    public static func tooLong(_ what: String, _ value: String, limit: Int) -> String? {
        let bytes = value.utf8.count
        guard bytes > limit else { return nil }
        return "\(what) of \(bytes) bytes is longer than the limit of \(limit) bytes: '\(MessageText.cut(value))'"
    }

    /// A raw record cut to ``rawExcerptBytes`` (on a character boundary) with its total length.
    /// - Parameter raw: the raw text.
    /// - Returns: the text, or its start, `…` and `(N bytes)`.
    public static func excerpt(_ raw: String) -> String {
        let total = raw.utf8.count
        guard total > rawExcerptBytes else { return raw }
        var end = raw.utf8.index(raw.utf8.startIndex, offsetBy: rawExcerptBytes)
        while end > raw.startIndex && !raw.unicodeScalars.indices.contains(end) { end = raw.utf8.index(before: end) }
        return "\(raw[..<end])…(\(total) bytes)"
    }
}

/// Applies ``InputLimits`` to what a reader yields: a transfer with an over-long value becomes
/// a rejected record, and every reject reason has its quoted values cut
/// (``MessageText/cutQuotedValues(_:)``). The importer wraps every reader in one.
struct LimitCheckingReader<Base: TransferReader>: TransferReader {
    var base: Base
    var path: String { base.path }
    var specificationName: String { base.specificationName }

    mutating func next() throws(IngestError) -> IngestRecord? {
        guard let record = try base.next() else { return nil }
        switch record {
        case .transfer(let row):
            guard let (field, reason) = InputLimits.violation(in: row) else { return record }
            var location = row.location
            location.field = field
            return .rejected(RejectedRow(location: location, reason: reason, raw: Self.summary(row)))
        case .rejected(var row):
            row.reason = MessageText.cutQuotedValues(row.reason)
            if row.raw.utf8.count > InputLimits.recordBytes { row.raw = InputLimits.excerpt(row.raw) }
            return .rejected(row)
        case .broker(let broker, var location):
            for (field, value, limit) in [
                ("id", broker.id, InputLimits.identifierBytes), ("name", broker.name, InputLimits.nameBytes),
                ("country", broker.country, InputLimits.referenceBytes),
                ("licence", broker.licence, InputLimits.referenceBytes),
            ] {
                if let value, let reason = InputLimits.tooLong(field, value, limit: limit) {
                    location.field = field
                    return .rejected(RejectedRow(location: location, reason: reason, raw: InputLimits.excerpt(broker.id)))
                }
            }
            return record
        }
    }

    /// The row's values, each cut, for `rejects.raw` (the reader's raw text is not kept with a
    /// valid row).
    static func summary(_ row: TransferRow) -> String {
        let t = row.transfer
        let values: [(String, String?)] = [
            ("id", t.id), ("sender_broker", t.senderBroker), ("receiver_broker", t.receiverBroker),
            ("originator", t.originator), ("beneficiary", t.beneficiary), ("amount", t.amount.description),
            ("channel", t.channel), ("reference", t.reference),
        ]
        return values.compactMap { name, value in value.map { "\(name)=\(MessageText.cut($0))" } }.joined(separator: "; ")
    }
}

extension LimitCheckingReader: ByteCountingReader where Base: ByteCountingReader {
    var bytesRead: Int64 { base.bytesRead }
}
