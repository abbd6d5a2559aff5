import Foundation
import HawalaCore

/// The columns of a specification by field name, for validation and header resolution.
enum ColumnMapping {
    /// Every mapped column with its field name (the spec's key, e.g. `sender_broker`).
    static func allSources(of c: ImportSpecification.Columns) -> [(String, ImportSpecification.ColumnSource)] {
        let all: [(String, ImportSpecification.ColumnSource?)] = [
            ("transfer_id", c.transferID), ("timestamp", c.timestamp), ("sender_broker", c.senderBroker),
            ("receiver_broker", c.receiverBroker), ("originator", c.originator), ("beneficiary", c.beneficiary),
            ("amount", c.amount), ("currency", c.currency), ("channel", c.channel), ("reference", c.reference),
            ("sender_broker_name", c.senderBrokerName), ("sender_broker_country", c.senderBrokerCountry),
            ("receiver_broker_name", c.receiverBrokerName), ("receiver_broker_country", c.receiverBrokerCountry),
            ("received_amount", c.receivedAmount), ("received_currency", c.receivedCurrency),
        ]
        return all.compactMap { name, source in source.map { (name, $0) } }
    }
}

/// Reads a CSV file through an ``ImportSpecification`` into ``IngestRecord``s, one per data
/// record, validating each row.
///
/// A row is rejected (``IngestRecord/rejected(_:)``, naming file, line, field and what was
/// expected) when: it has the wrong number of fields; a required field (timestamp, sender
/// broker, receiver broker, amount, currency) is empty; a field is not valid UTF-8 under
/// `encoding: utf-8`; the timestamp does not match the pattern or names an impossible date;
/// the amount is not a decimal number, is negative, not finite (`NaN`, `inf`) or too large;
/// the currency is not an ISO 4217 code after `currency_names`; sender equals receiver
/// while `allow_self_transfer` is false.
///
/// The header row is checked once: a required field's column missing from it is an
/// ``IngestError`` (`.malformed`) thrown by the first ``next()``; an optional field's column
/// missing from it (e.g. `originator`, `channel` in a canonical file with only the six required
/// columns) leaves that field empty on every row.
public struct CSVTransferReader: TransferReader, ByteCountingReader {
    /// The file being read.
    public let path: String
    /// The specification in use.
    public let specification: ImportSpecification
    /// The specification's name.
    public var specificationName: String { specification.name }

    private let parser: CSVParser
    private let encoding: TextEncoding
    private let datePattern: DatePattern?
    private let stepBase: Int64
    private let stepUnit: Int64
    private let offset: Int64
    private let decimalSeparator: UInt8
    private let thousandsSeparator: UInt8?
    private let grouping: DecimalAmount.Grouping
    private let fixedCurrency: CurrencyCode?
    private let fixedCurrencyDigits: Int
    private let currencyNames: [String: CurrencyCode]
    private var fileSHA256: String?
    private var idPrefix: String?

    private var started = false
    private var expectedCount: Int?
    private var minimumCount = 0
    private var resolved = FieldTable<Resolved>()
    /// Per field: its column index when it is one column, -2 when several, -1 when unmapped.
    private var columnOf = [Int](repeating: -1, count: Field.allCases.count)
    /// Currencies seen so far, by their exact bytes (a file holds only a few).
    private var currencyMemo: [(bytes: [UInt8], code: CurrencyCode, digits: Int)] = []

    fileprivate enum Field: Int, CaseIterable {
        case transferID, timestamp, senderBroker, receiverBroker, originator, beneficiary, amount, currency
        case channel, reference, senderBrokerName, senderBrokerCountry, receiverBrokerName, receiverBrokerCountry
        case receivedAmount, receivedCurrency

        /// The specification's key for the field.
        var rawName: String {
            switch self {
            case .transferID: "transfer_id"
            case .timestamp: "timestamp"
            case .senderBroker: "sender_broker"
            case .receiverBroker: "receiver_broker"
            case .originator: "originator"
            case .beneficiary: "beneficiary"
            case .amount: "amount"
            case .currency: "currency"
            case .channel: "channel"
            case .reference: "reference"
            case .senderBrokerName: "sender_broker_name"
            case .senderBrokerCountry: "sender_broker_country"
            case .receiverBrokerName: "receiver_broker_name"
            case .receiverBrokerCountry: "receiver_broker_country"
            case .receivedAmount: "received_amount"
            case .receivedCurrency: "received_currency"
            }
        }
    }

    /// A value per field, in an array (no hashing in the per-row path).
    fileprivate struct FieldTable<Value> {
        private var values = [Value?](repeating: nil, count: Field.allCases.count)
        subscript(field: Field) -> Value? {
            get { values[field.rawValue] }
            set { values[field.rawValue] = newValue }
        }
    }

    private struct Resolved {
        var indices: [Int]
        var label: String
    }

    /// Opens a CSV file for reading with a specification.
    /// - Parameters:
    ///   - path: the file.
    ///   - specification: a `csv` specification; it is validated.
    ///   - fileSHA256: the file's SHA-256 when the caller already has it (used for generated
    ///     transfer ids `<first 12 hex digits>:<line>`); computed on demand otherwise.
    ///   - chunkSize: bytes per read (tests use small sizes).
    /// - Throws: ``IngestError`` `.badSpecification` for an invalid or non-CSV specification,
    ///   `.missingInput`/`.io` when the file cannot be opened.
    public init(
        path: String, specification: ImportSpecification, fileSHA256: String? = nil,
        chunkSize: Int = CSVParser.defaultChunkSize
    ) throws(IngestError) {
        try specification.validate()
        guard specification.format == .csv, let delimiter = specification.delimiterByte else {
            throw IngestError(.badSpecification, "specification '\(specification.name)' does not read CSV", location: SourceLocation(file: path))
        }
        self.path = path
        self.specification = specification
        self.parser = try CSVParser(path: path, delimiter: delimiter, chunkSize: chunkSize)
        self.encoding = specification.encoding
        self.offset = UTCOffset.parse(specification.timezoneOffset) ?? 0
        if let step = specification.timeStep {
            self.datePattern = nil
            self.stepBase = ISO8601Bytes.parse(Array(step.base.utf8), defaultOffset: 0) ?? 0
            self.stepUnit = step.unit.seconds
        } else {
            self.datePattern = try? DatePattern(specification.dateFormat ?? "iso8601")
            self.stepBase = 0
            self.stepUnit = 1
        }
        self.decimalSeparator = specification.decimalSeparator.utf8.first ?? UInt8(ascii: ".")
        self.thousandsSeparator = specification.thousandsSeparator?.utf8.first
        self.grouping = specification.digitGrouping == .lakh ? .lakh : .thousands
        self.fixedCurrency = specification.currency.flatMap(CurrencyCode.init)
        self.fixedCurrencyDigits = self.fixedCurrency?.minorUnitDigits ?? 2
        var names: [String: CurrencyCode] = [:]
        for (from, to) in specification.currencyNames {
            if let code = CurrencyCode(to) { names[from.lowercased()] = code }
        }
        self.currencyNames = names
        self.fileSHA256 = fileSHA256
    }

    /// Bytes of the file consumed so far (for a progress bar against the file's size).
    public var bytesRead: Int64 { parser.bytesRead }

    /// The next record: a transfer, or a rejected row.
    /// - Returns: the record, or `nil` at the end of the file.
    /// - Throws: ``IngestError`` `.malformed` for a header lacking a named column or a quoted
    ///   field open at the end of the file; `.io` when reading fails.
    public mutating func next() throws(IngestError) -> IngestRecord? {
        if !started { try start() }
        guard try parser.nextRecord() else { return nil }
        return try mapRow()
    }

    // MARK: Header

    private mutating func start() throws(IngestError) {
        started = true
        for _ in 0..<specification.skipLines {
            guard try parser.nextRecord() else { return }
        }
        var headerNames: [String] = []
        if specification.header {
            guard try parser.nextRecord() else { return }
            headerNames = parser.fields(encoding: encoding).map {
                $0.trimmingCharacters(in: .whitespaces).lowercased()
            }
            expectedCount = headerNames.count
        }
        let columns = specification.columns
        let sources: [(Field, ImportSpecification.ColumnSource?)] = [
            (.transferID, columns.transferID), (.timestamp, columns.timestamp), (.senderBroker, columns.senderBroker),
            (.receiverBroker, columns.receiverBroker), (.originator, columns.originator),
            (.beneficiary, columns.beneficiary), (.amount, columns.amount), (.currency, columns.currency),
            (.channel, columns.channel), (.reference, columns.reference),
            (.senderBrokerName, columns.senderBrokerName), (.senderBrokerCountry, columns.senderBrokerCountry),
            (.receiverBrokerName, columns.receiverBrokerName), (.receiverBrokerCountry, columns.receiverBrokerCountry),
            (.receivedAmount, columns.receivedAmount), (.receivedCurrency, columns.receivedCurrency),
        ]
        for (field, source) in sources {
            guard let source else { continue }
            // An optional field whose column the header lacks is empty on every row; only a
            // required field's column must be there.
            // (Unless the header is not valid in the file's encoding: then the column may be there, misread.)
            if !isRequired(field), !source.parts.allSatisfy({ present($0, headerNames: headerNames) }),
                !specification.header || parser.firstInvalidByte(encoding: encoding) == nil
            {
                continue
            }
            var indices: [Int] = []
            for part in source.parts {
                switch part {
                case .index(let i):
                    if let expectedCount, i >= expectedCount {
                        throw IngestError(
                            .malformed,
                            "column #\(i) for field \(field.rawName) is beyond the header's \(expectedCount) columns",
                            location: SourceLocation(file: path, line: parser.line, field: field.rawName))
                    }
                    indices.append(i)
                case .name(let name):
                    let wanted = name.trimmingCharacters(in: .whitespaces).lowercased()
                    guard let i = headerNames.firstIndex(of: wanted) else {
                        throw IngestError(
                            .malformed,
                            "the header has no column '\(name)' for field \(field.rawName) of specification '\(specification.name)'; "
                                + "found: \(headerNames.joined(separator: ", "))"
                                + (parser.firstInvalidByte(encoding: encoding).map { bad in
                                    "; the header is not valid \(encoding.rawValue): byte 0x\(TextEncoding.hex(bad.byte)) at byte offset \(bad.offset)"
                                        + (encoding == .utf8
                                            ? "; if the file is Windows-1252 or Latin-1 (ISO 8859-1), set encoding: windows-1252 (or latin1) in the specification"
                                            : "")
                                } ?? ""),
                            location: SourceLocation(file: path, line: parser.line, field: field.rawName))
                    }
                    indices.append(i)
                }
            }
            minimumCount = max(minimumCount, (indices.max() ?? 0) + 1)
            resolved[field] = Resolved(indices: indices, label: source.description)
            columnOf[field.rawValue] = indices.count == 1 ? indices[0] : -2
        }
    }

    /// Whether a field must have its column: timestamp, brokers, amount, and the currency
    /// unless the specification fixes one.
    private func isRequired(_ field: Field) -> Bool {
        switch field {
        case .timestamp, .senderBroker, .receiverBroker, .amount: true
        case .currency: specification.currency == nil
        default: false
        }
    }

    /// Whether a column reference names a column the file has (always, without a header).
    private func present(_ part: ImportSpecification.ColumnReference, headerNames: [String]) -> Bool {
        switch part {
        case .index(let i): expectedCount.map { i < $0 } ?? true
        case .name(let name): headerNames.contains(name.trimmingCharacters(in: .whitespaces).lowercased())
        }
    }

    // MARK: Rows

    private enum Text {
        case value(String)
        case empty
        case badEncoding
    }

    @inline(__always)
    private static func trimmed(_ b: UnsafeBufferPointer<UInt8>) -> UnsafeBufferPointer<UInt8> {
        var lower = 0
        var upper = b.count
        while lower < upper && (b[lower] == 0x20 || b[lower] == 0x09) { lower += 1 }
        while upper > lower && (b[upper - 1] == 0x20 || b[upper - 1] == 0x09) { upper -= 1 }
        if lower == 0 && upper == b.count { return b }
        return UnsafeBufferPointer(rebasing: b[lower..<upper])
    }

    private func text(_ field: Field) -> Text {
        let column = columnOf[field.rawValue]
        if column >= 0 {
            return parser.withField(column) { raw in
                let b = Self.trimmed(raw)
                if b.isEmpty { return .empty }
                guard let s = CSVParser.decode(b, encoding: encoding) else { return .badEncoding }
                return .value(s)
            }
        }
        guard column == -2, let r = resolved[field] else { return .empty }
        var parts: [String] = []
        for i in r.indices {
            let part: String? = parser.withField(i) { raw in CSVParser.decode(Self.trimmed(raw), encoding: encoding) }
            guard let part else { return .badEncoding }
            parts.append(part)
        }
        if parts.allSatisfy(\.isEmpty) { return .empty }
        return .value(parts.joined(separator: ":"))
    }

    private func reject(_ field: Field?, _ reason: String) -> IngestRecord {
        .rejected(
            RejectedRow(
                location: SourceLocation(file: path, line: parser.line, field: field?.rawName),
                reason: reason, raw: parser.rawRecord(encoding: encoding), rawBytes: parser.rawRecordBytes()))
    }

    /// Names the field, the line, the byte offset in the file and the byte in hex.
    private func encodingReason(_ field: Field) -> String {
        var reason = "\(field.rawName) (column \(resolved[field]?.label ?? "?")) is not valid \(encoding.rawValue)"
        if let bad = parser.firstInvalidByte(encoding: encoding) {
            reason += ": byte 0x\(TextEncoding.hex(bad.byte)) at byte offset \(bad.offset) (line \(parser.line))"
        }
        return reason + (encoding == .utf8
            ? "; if the file is Windows-1252 or Latin-1, set \"encoding\": \"windows-1252\" (or \"latin1\") in the import specification"
            : "; Windows-1252 leaves bytes 0x81, 0x8D, 0x8F, 0x90 and 0x9D undefined: check the file's encoding")
    }

    private mutating func mapRow() throws(IngestError) -> IngestRecord {
        let count = parser.fieldCount
        if let expectedCount, count != expectedCount {
            return reject(nil, "expected \(expectedCount) fields as in the header, found \(count)")
        }
        if count < minimumCount {
            return reject(nil, "expected at least \(minimumCount) fields, found \(count)")
        }

        // Required text fields.
        let sender: String
        switch text(.senderBroker) {
        case .value(let s): sender = s
        case .empty: return reject(.senderBroker, "missing sender_broker: column \(resolved[.senderBroker]?.label ?? "?") is empty")
        case .badEncoding: return reject(.senderBroker, encodingReason(.senderBroker))
        }
        let receiver: String
        switch text(.receiverBroker) {
        case .value(let s): receiver = s
        case .empty: return reject(.receiverBroker, "missing receiver_broker: column \(resolved[.receiverBroker]?.label ?? "?") is empty")
        case .badEncoding: return reject(.receiverBroker, encodingReason(.receiverBroker))
        }

        // Timestamp.
        let timeIndex = columnOf[Field.timestamp.rawValue]
        guard timeIndex >= 0 else { return reject(.timestamp, "the timestamp must be one column") }
        let seconds: Int64
        let timeReading: DateReading? = parser.withField(timeIndex) { raw -> DateReading? in
            let b = Self.trimmed(raw)
            if b.isEmpty { return nil }
            if let datePattern { return datePattern.read(b, offset: offset) }
            guard let step = Self.integer(b) else { return .malformed }
            let (product, o1) = step.multipliedReportingOverflow(by: stepUnit)
            let (sum, o2) = stepBase.addingReportingOverflow(product)
            return o1 || o2 ? .impossible : .seconds(sum)
        }
        switch timeReading {
        case nil:
            return reject(.timestamp, "missing timestamp: column \(resolved[.timestamp]?.label ?? "?") is empty")
        case .seconds(let s)?:
            seconds = s
        case .malformed?:
            let shown = parser.withField(timeIndex) { CSVParser.decode($0, encoding: encoding) } ?? "?"
            if let step = specification.timeStep {
                return reject(.timestamp, "timestamp '\(shown)' is not an integer count of \(step.unit.rawValue) from \(step.base)")
            }
            return reject(.timestamp, "timestamp '\(shown)' does not match the date format '\(specification.dateFormat ?? "iso8601")'")
        case .impossible?:
            let shown = parser.withField(timeIndex) { CSVParser.decode($0, encoding: encoding) } ?? "?"
            return reject(.timestamp, "timestamp '\(shown)' is an impossible date or time; expected a real calendar date")
        }

        // Currency.
        let currency: CurrencyCode
        let currencyColumn = columnOf[Field.currency.rawValue]
        let memo: Int? =
            fixedCurrency != nil || currencyColumn < 0
            ? nil
            : parser.withField(currencyColumn) { raw in
                currencyMemo.firstIndex { entry in entry.bytes.elementsEqual(raw) }
            }
        var minorDigits = 2
        if let fixedCurrency {
            currency = fixedCurrency
            minorDigits = fixedCurrencyDigits
        } else if let memo {
            currency = currencyMemo[memo].code
            minorDigits = currencyMemo[memo].digits
        } else {
            switch text(.currency) {
            case .empty: return reject(.currency, "missing currency: column \(resolved[.currency]?.label ?? "?") is empty")
            case .badEncoding: return reject(.currency, encodingReason(.currency))
            case .value(let name):
                if let code = currencyNames[name.lowercased()] ?? CurrencyCode(name) {
                    currency = code
                    minorDigits = code.minorUnitDigits
                    if currencyColumn >= 0 && currencyMemo.count < 64 {
                        let bytes = parser.withField(currencyColumn) { Array($0) }
                        currencyMemo.append((bytes, code, minorDigits))
                    }
                } else if ["bitcoin", "btc", "xbt", "ethereum", "eth"].contains(name.lowercased()) {
                    return reject(.currency, "currency '\(name)' is a cryptocurrency with no ISO 4217 code; such transfers are not imported")
                } else {
                    return reject(.currency, "currency '\(name)' is not an ISO 4217 code (expected e.g. USD, EUR, AED, or a name listed in currency_names)")
                }
            }
        }

        // Amount.
        let amountIndex = columnOf[Field.amount.rawValue]
        guard amountIndex >= 0 else { return reject(.amount, "the amount must be one column") }
        let amountResult: DecimalAmount.Result? = parser.withField(amountIndex) { raw in
            let b = Self.trimmed(raw)
            if b.isEmpty { return nil }
            return DecimalAmount.parse(
                b, minorDigits: minorDigits, decimalSeparator: decimalSeparator,
                thousandsSeparator: thousandsSeparator, grouping: grouping)
        }
        let minorUnits: Int64
        let shownParser = self.parser
        let shownEncoding = self.encoding
        let amountShown = { () -> String in
            shownParser.withField(amountIndex) { CSVParser.decode($0, encoding: shownEncoding) } ?? "?"
        }
        switch amountResult {
        case nil: return reject(.amount, "missing amount: column \(resolved[.amount]?.label ?? "?") is empty")
        case .value(let v)?: minorUnits = v
        case .negative?: return reject(.amount, "amount '\(amountShown())' is negative; expected 0 or more")
        case .notFinite?: return reject(.amount, "amount '\(amountShown())' is not a finite number; expected a decimal amount")
        case .tooLarge?: return reject(.amount, "amount '\(amountShown())' is too large for \(currency.code) minor units")
        case .badGrouping?:
            let sep = specification.thousandsSeparator ?? ""
            let example = specification.digitGrouping == .lakh
                ? "12\(sep)34\(sep)567\(specification.decimalSeparator)00" : "1\(sep)234\(sep)567\(specification.decimalSeparator)00"
            return reject(
                .amount,
                "amount '\(amountShown())' has its digits grouped wrongly: with '\(sep)' as thousands separator and '\(specification.decimalSeparator)' as decimal separator, "
                    + (specification.digitGrouping == .lakh
                        ? "expected lakh grouping (three digits before the decimal separator, then twos), e.g. \(example)"
                        : "expected groups of three digits counted from the decimal separator, e.g. \(example)"))
        case .invalid?:
            return reject(
                .amount,
                "amount '\(amountShown())' is not a decimal number; expected digits with '\(specification.decimalSeparator)' as decimal separator"
            )
        }

        if sender == receiver && !specification.allowSelfTransfer {
            return reject(
                .receiverBroker,
                "sender and receiver are the same broker '\(sender)'; expected two different brokers (set allow_self_transfer: true to accept)")
        }

        // Optional text fields.
        var badField: Field?
        func value(_ field: Field) -> String? {
            if columnOf[field.rawValue] == -1 { return nil }
            switch text(field) {
            case .value(let s): return s
            case .empty: return nil
            case .badEncoding:
                if badField == nil { badField = field }
                return nil
            }
        }
        let givenID = value(.transferID)
        let originator = value(.originator)
        let beneficiary = value(.beneficiary)
        let channel = value(.channel)
        let reference = value(.reference)
        let senderName = value(.senderBrokerName)
        let senderCountry = value(.senderBrokerCountry)
        let receiverName = value(.receiverBrokerName)
        let receiverCountry = value(.receiverBrokerCountry)
        if let badField { return reject(badField, encodingReason(badField)) }
        if !specification.allowScientificIDs {
            let ids: [(Field, String?)] = [
                (.transferID, givenID), (.senderBroker, sender), (.receiverBroker, receiver), (.originator, originator),
                (.beneficiary, beneficiary), (.reference, reference),
            ]
            for case (let field, let value?) in ids where Self.isScientificNotation(value) {
                return reject(
                    field,
                    "\(field.rawName) '\(value)' is in scientific notation; digits lost (a spreadsheet rounded a long number: "
                        + "export the column as text, or set allow_scientific_ids: true when such ids are genuine)")
            }
        }

        var receivedAmount: Money?
        if columnOf[Field.receivedAmount.rawValue] >= 0, let receivedText = value(.receivedAmount) {
            guard let currencyText = value(.receivedCurrency) else {
                return reject(.receivedCurrency, "missing received_currency for received amount '\(receivedText)'")
            }
            guard let code = currencyNames[currencyText.lowercased()] ?? CurrencyCode(currencyText) else {
                return reject(
                    .receivedCurrency,
                    "received_currency '\(currencyText)' is not an ISO 4217 code (expected e.g. USD, EUR, or a name listed in currency_names)")
            }
            let parsed = Array(receivedText.utf8).withUnsafeBufferPointer {
                DecimalAmount.parse(
                    $0, minorDigits: code.minorUnitDigits, decimalSeparator: decimalSeparator,
                    thousandsSeparator: thousandsSeparator, grouping: grouping)
            }
            guard case .value(let units) = parsed else {
                return reject(.receivedAmount, "received_amount '\(receivedText)' is not a decimal amount of 0 or more")
            }
            receivedAmount = Money(minorUnits: units, currency: code)
        }

        let id: String
        if let givenID {
            id = givenID
        } else if columnOf[Field.transferID.rawValue] != -1 {
            return reject(.transferID, "missing transfer_id: column \(resolved[.transferID]?.label ?? "?") is empty")
        } else {
            id = try generatedPrefix() + ":" + String(parser.line)
        }

        let transfer = Transfer(
            id: id, timestamp: Date(timeIntervalSince1970: TimeInterval(seconds)), senderBroker: sender,
            receiverBroker: receiver, originator: originator, beneficiary: beneficiary,
            amount: Money(minorUnits: minorUnits, currency: currency), channel: channel, reference: reference,
            receivedAmount: receivedAmount)
        let senderBroker = Broker(id: sender, name: senderName, country: senderCountry)
        let brokers =
            receiver != sender
            ? [senderBroker, Broker(id: receiver, name: receiverName, country: receiverCountry)] : [senderBroker]
        let parties: [Party]
        switch (originator, beneficiary) {
        case (let o?, let b?): parties = o == b ? [Party(id: o)] : [Party(id: o), Party(id: b)]
        case (let o?, nil): parties = [Party(id: o)]
        case (nil, let b?): parties = [Party(id: b)]
        case (nil, nil): parties = []
        }
        return .transfer(
            TransferRow(
                transfer: transfer, brokers: brokers, parties: parties,
                location: SourceLocation(file: path, line: parser.line)))
    }

    private mutating func generatedPrefix() throws(IngestError) -> String {
        if let idPrefix { return idPrefix }
        let digest: String
        if let fileSHA256 { digest = fileSHA256 } else { digest = try FileDigest.sha256(path: path).hex }
        fileSHA256 = digest
        let prefix = String(digest.prefix(12))
        idPrefix = prefix
        return prefix
    }

    /// Whether text is a number in scientific notation as spreadsheets write long numbers:
    /// `[sign]digit[.digits]E±digits` (`1.91431E+18`, `2E+18`; the exponent's sign is required).
    /// - Parameter text: an id or reference.
    /// - Returns: `true` for such text.
    static func isScientificNotation(_ text: String) -> Bool {
        // Fast path (no allocation): most ids hold no 'E' or 'e' after a digit.
        guard text.utf8.contains(where: { $0 | 0x20 == UInt8(ascii: "e") }), text.utf8.count < 64 else { return false }
        var b = Array(text.utf8)[...]
        if b.first == UInt8(ascii: "-") || b.first == UInt8(ascii: "+") { b = b.dropFirst() }
        func isDigit(_ c: UInt8) -> Bool { c &- 48 <= 9 }
        let mantissaDigits = b.prefix(while: isDigit).count
        guard mantissaDigits >= 1 else { return false }
        b = b.dropFirst(mantissaDigits)
        if b.first == UInt8(ascii: ".") || b.first == UInt8(ascii: ",") {
            b = b.dropFirst()
            let fraction = b.prefix(while: isDigit).count
            guard fraction >= 1 else { return false }
            b = b.dropFirst(fraction)
        }
        guard let e = b.first, e | 0x20 == UInt8(ascii: "e") else { return false }
        b = b.dropFirst()
        guard let sign = b.first, sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") else { return false }
        b = b.dropFirst()
        return !b.isEmpty && b.allSatisfy(isDigit)
    }

    /// A whole number, optionally signed.
    private static func integer(_ b: UnsafeBufferPointer<UInt8>) -> Int64? {
        var p = 0
        var negative = false
        if b.first == UInt8(ascii: "-") || b.first == UInt8(ascii: "+") {
            negative = b[0] == UInt8(ascii: "-")
            p = 1
        }
        guard p < b.count else { return nil }
        var v: Int64 = 0
        while p < b.count {
            let d = b[p] &- 48
            guard d <= 9 else { return nil }
            let (m, o1) = v.multipliedReportingOverflow(by: 10)
            let (s, o2) = m.addingReportingOverflow(Int64(d))
            guard !o1, !o2 else { return nil }
            v = s
            p += 1
        }
        return negative ? -v : v
    }
}
