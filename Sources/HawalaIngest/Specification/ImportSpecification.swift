import Foundation
import HawalaCore
import Yams

/// An import specification: which column of a file holds which field of a transfer, and how
/// to read dates, amounts and currencies. Like i2 Analyst's Notebook's import specifications,
/// it is a small JSON or YAML file a user can copy from a built-in (`hawala specs show NAME`)
/// and edit. Keys are snake_case; see docs/import-specifications.md for every field.
///
/// ```yaml
/// name: bank-export
/// format: csv
/// delimiter: ";"
/// columns: { timestamp: Datum, sender_broker: Von, receiver_broker: An, amount: Betrag }
/// date_format: dd.MM.yyyy
/// decimal_separator: ","
/// currency: EUR
/// ```
public struct ImportSpecification: Codable, Sendable, Hashable {
    /// The file format a specification reads.
    public enum Format: String, Codable, Sendable, CaseIterable {
        /// Delimited text (RFC 4180 CSV) mapped by ``ImportSpecification/columns``.
        case csv
        /// goAML XML reports (UNODC), schema 4.x and 5.0.x; ``ImportSpecification/columns`` is unused.
        case goaml
    }

    /// The unit of an integer time step.
    public enum TimeUnit: String, Codable, Sendable, CaseIterable {
        /// 1 s.
        case seconds
        /// 60 s.
        case minutes
        /// 3,600 s.
        case hours
        /// 86,400 s (calendar days in UTC; no leap seconds).
        case days

        /// The unit's length in seconds.
        public var seconds: Int64 {
            switch self {
            case .seconds: 1
            case .minutes: 60
            case .hours: 3600
            case .days: 86_400
            }
        }
    }

    /// Times given as an integer count of ``unit``s from ``base`` (AMLSim's `time` column).
    public struct TimeStep: Codable, Sendable, Hashable {
        /// The time of step 0: ISO 8601 (`2017-01-01` or `2017-01-01T00:00:00Z`), UTC unless it carries an offset.
        public var base: String
        /// The step's unit.
        public var unit: TimeUnit

        /// - Parameters:
        ///   - base: the time of step 0, ISO 8601.
        ///   - unit: the step's unit.
        public init(base: String, unit: TimeUnit) {
            self.base = base
            self.unit = unit
        }

        enum CodingKeys: String, CodingKey, CaseIterable { case base, unit }

        public init(from decoder: any Decoder) throws {
            try SpecificationKeys.rejectUnknown(in: decoder, known: CodingKeys.allCases, section: "time_step")
            let c = try decoder.container(keyedBy: CodingKeys.self)
            base = try c.decode(String.self, forKey: .base)
            unit = try SpecificationKeys.decodeChoice(TimeUnit.self, c, .unit)
        }
    }

    /// One column, by header name or by 0-based index.
    public enum ColumnReference: Hashable, Sendable, CustomStringConvertible {
        /// The column whose header is this name (trimmed, case-insensitive; the first if repeated).
        case name(String)
        /// The column at this 0-based index.
        case index(Int)

        public var description: String {
            switch self {
            case .name(let name): "'\(name)'"
            case .index(let index): "#\(index)"
            }
        }
    }

    /// Where a field's value comes from: one column, or several joined with `:` (AMLworld's
    /// bank + account: `["From Bank", 2]` gives `010:8000EBD30`).
    ///
    /// In JSON/YAML: a string (header name), an integer (0-based index) or a list of them.
    public struct ColumnSource: Codable, Sendable, Hashable, CustomStringConvertible {
        /// The columns, joined with `:` in this order.
        public var parts: [ColumnReference]

        /// - Parameter parts: the columns to join (at least one).
        public init(_ parts: [ColumnReference]) { self.parts = parts }
        /// - Parameter name: the header name.
        public static func name(_ name: String) -> ColumnSource { ColumnSource([.name(name)]) }
        /// - Parameter index: the 0-based column index.
        public static func index(_ index: Int) -> ColumnSource { ColumnSource([.index(index)]) }

        public var description: String { parts.map(\.description).joined(separator: "+") }

        public init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let index = try? container.decode(Int.self) {
                parts = [.index(index)]
            } else if let name = try? container.decode(String.self) {
                parts = [.name(name)]
            } else {
                var list = try decoder.unkeyedContainer()
                var parts: [ColumnReference] = []
                while !list.isAtEnd {
                    if let index = try? list.decode(Int.self) {
                        parts.append(.index(index))
                    } else {
                        parts.append(.name(try list.decode(String.self)))
                    }
                }
                guard !parts.isEmpty else {
                    throw DecodingError.dataCorruptedError(
                        in: container, debugDescription: "a column list needs at least one column")
                }
                self.parts = parts
            }
        }

        public func encode(to encoder: any Encoder) throws {
            if parts.count == 1 {
                var container = encoder.singleValueContainer()
                switch parts[0] {
                case .name(let name): try container.encode(name)
                case .index(let index): try container.encode(index)
                }
            } else {
                var list = encoder.unkeyedContainer()
                for part in parts {
                    switch part {
                    case .name(let name): try list.encode(name)
                    case .index(let index): try list.encode(index)
                    }
                }
            }
        }
    }

    /// The column of each transfer field. `timestamp`, `sender_broker`, `receiver_broker` and
    /// `amount` are required; `currency` is required unless ``ImportSpecification/currency`` fixes it.
    public struct Columns: Codable, Sendable, Hashable {
        /// The transfer's id; when absent the id is `<first 12 hex digits of the file's SHA-256>:<line>`.
        public var transferID: ColumnSource?
        /// The time.
        public var timestamp: ColumnSource?
        /// The sending broker's id.
        public var senderBroker: ColumnSource?
        /// The receiving broker's id.
        public var receiverBroker: ColumnSource?
        /// The originator's party id.
        public var originator: ColumnSource?
        /// The beneficiary's party id.
        public var beneficiary: ColumnSource?
        /// The amount in major units (decimal text).
        public var amount: ColumnSource?
        /// The ISO 4217 code (or a name mapped by ``ImportSpecification/currencyNames``).
        public var currency: ColumnSource?
        /// The channel (free text).
        public var channel: ColumnSource?
        /// The reference (free text).
        public var reference: ColumnSource?
        /// The sending broker's name.
        public var senderBrokerName: ColumnSource?
        /// The sending broker's ISO 3166-1 alpha-2 country.
        public var senderBrokerCountry: ColumnSource?
        /// The receiving broker's name.
        public var receiverBrokerName: ColumnSource?
        /// The receiving broker's ISO 3166-1 alpha-2 country.
        public var receiverBrokerCountry: ColumnSource?
        /// The amount the receiving side got, in major units (decimal text), when the file
        /// gives it beside the amount paid (AMLworld `Amount Received`).
        public var receivedAmount: ColumnSource?
        /// The ISO 4217 code (or a name in ``ImportSpecification/currencyNames``) of ``receivedAmount``.
        public var receivedCurrency: ColumnSource?

        /// Creates a mapping; every column is optional here and checked by ``ImportSpecification/validate()``.
        public init(
            transferID: ColumnSource? = nil, timestamp: ColumnSource? = nil, senderBroker: ColumnSource? = nil,
            receiverBroker: ColumnSource? = nil, originator: ColumnSource? = nil, beneficiary: ColumnSource? = nil,
            amount: ColumnSource? = nil, currency: ColumnSource? = nil, channel: ColumnSource? = nil,
            reference: ColumnSource? = nil, senderBrokerName: ColumnSource? = nil,
            senderBrokerCountry: ColumnSource? = nil, receiverBrokerName: ColumnSource? = nil,
            receiverBrokerCountry: ColumnSource? = nil, receivedAmount: ColumnSource? = nil,
            receivedCurrency: ColumnSource? = nil
        ) {
            self.receivedAmount = receivedAmount
            self.receivedCurrency = receivedCurrency
            self.transferID = transferID
            self.timestamp = timestamp
            self.senderBroker = senderBroker
            self.receiverBroker = receiverBroker
            self.originator = originator
            self.beneficiary = beneficiary
            self.amount = amount
            self.currency = currency
            self.channel = channel
            self.reference = reference
            self.senderBrokerName = senderBrokerName
            self.senderBrokerCountry = senderBrokerCountry
            self.receiverBrokerName = receiverBrokerName
            self.receiverBrokerCountry = receiverBrokerCountry
        }

        public init(from decoder: any Decoder) throws {
            try SpecificationKeys.rejectUnknown(in: decoder, known: CodingKeys.allCases, section: "columns")
            let c = try decoder.container(keyedBy: CodingKeys.self)
            func column(_ key: CodingKeys) throws -> ColumnSource? { try c.decodeIfPresent(ColumnSource.self, forKey: key) }
            self.init(
                transferID: try column(.transferID), timestamp: try column(.timestamp),
                senderBroker: try column(.senderBroker), receiverBroker: try column(.receiverBroker),
                originator: try column(.originator), beneficiary: try column(.beneficiary),
                amount: try column(.amount), currency: try column(.currency), channel: try column(.channel),
                reference: try column(.reference), senderBrokerName: try column(.senderBrokerName),
                senderBrokerCountry: try column(.senderBrokerCountry),
                receiverBrokerName: try column(.receiverBrokerName),
                receiverBrokerCountry: try column(.receiverBrokerCountry),
                receivedAmount: try column(.receivedAmount), receivedCurrency: try column(.receivedCurrency))
        }

        enum CodingKeys: String, CodingKey, CaseIterable {
            case transferID = "transfer_id"
            case timestamp
            case senderBroker = "sender_broker"
            case receiverBroker = "receiver_broker"
            case originator, beneficiary, amount, currency, channel, reference
            case senderBrokerName = "sender_broker_name"
            case senderBrokerCountry = "sender_broker_country"
            case receiverBrokerName = "receiver_broker_name"
            case receiverBrokerCountry = "receiver_broker_country"
            case receivedAmount = "received_amount"
            case receivedCurrency = "received_currency"
        }
    }

    /// The specification's name, e.g. `"amlsim"`; recorded with each import.
    public var name: String
    /// One line saying what files it reads.
    public var description: String?
    /// `csv` (default) or `goaml`.
    public var format: Format
    /// The field delimiter: `","` (default), `";"` or `"\t"` (also written `tab`).
    public var delimiter: String
    /// `utf-8` (default) or `windows-1252` (also written `cp1252`, `iso-8859-1`, `latin1`;
    /// ISO-8859-1 is read as Windows-1252, see ``TextEncoding``).
    public var encoding: TextEncoding
    /// Whether the first record (after ``skipLines``) is a header row naming the columns. Default `true`.
    public var header: Bool
    /// Records to skip before the header (or before the data when there is no header). Default 0.
    public var skipLines: Int
    /// Which column holds which field (CSV only).
    public var columns: Columns
    /// The timestamp pattern: `iso8601` (default), or a pattern of `yyyy MM M dd d HH H mm ss S…`
    /// and literal characters, e.g. `yyyy-MM-dd HH:mm:ss`, `yyyy/MM/dd HH:mm`, `dd.MM.yyyy`.
    public var dateFormat: String?
    /// Times as integer steps from a base date; replaces ``dateFormat`` when set.
    public var timeStep: TimeStep?
    /// The UTC offset of times written without one, `±HH:MM`. Default `+00:00` (UTC).
    public var timezoneOffset: String
    /// The decimal separator of amounts: `"."` (default) or `","`.
    public var decimalSeparator: String
    /// A thousands separator to ignore in amounts (`","`, `"."`, `" "`, `"'"`), or none (default).
    public var thousandsSeparator: String?
    /// How ``thousandsSeparator`` groups integer digits: `thousands` (default: threes from the
    /// decimal separator, `1,234,567.00`) or `lakh` (Indian: three, then twos, `12,34,567.00`).
    /// Any other grouping makes the row a reject naming the field and the value.
    public var digitGrouping: DigitGrouping
    /// Whether ids and references written in scientific notation (`1.91431E+18`, what a
    /// spreadsheet makes of a 19-digit account number) are accepted. Default `false`: such a
    /// row is a reject, "scientific notation; digits lost".
    public var allowScientificIDs: Bool
    /// A fixed ISO 4217 currency for every row, when the file has no currency column.
    public var currency: String?
    /// Spelled-out currency names (or local codes) mapped to ISO 4217 codes, e.g. `"US Dollar": USD`.
    public var currencyNames: [String: String]
    /// Whether a transfer from a broker to itself is accepted. Default `false` (rejected).
    public var allowSelfTransfer: Bool

    /// Creates a specification.
    /// - Parameters: see the properties of the same names.
    public init(
        name: String, description: String? = nil, format: Format = .csv, delimiter: String = ",",
        encoding: TextEncoding = .utf8, header: Bool = true, skipLines: Int = 0, columns: Columns = Columns(),
        dateFormat: String? = nil, timeStep: TimeStep? = nil, timezoneOffset: String = "+00:00",
        decimalSeparator: String = ".", thousandsSeparator: String? = nil, currency: String? = nil,
        currencyNames: [String: String] = [:], allowSelfTransfer: Bool = false,
        digitGrouping: DigitGrouping = .thousands, allowScientificIDs: Bool = false
    ) {
        self.digitGrouping = digitGrouping
        self.allowScientificIDs = allowScientificIDs
        self.name = name
        self.description = description
        self.format = format
        self.delimiter = delimiter
        self.encoding = encoding
        self.header = header
        self.skipLines = skipLines
        self.columns = columns
        self.dateFormat = dateFormat
        self.timeStep = timeStep
        self.timezoneOffset = timezoneOffset
        self.decimalSeparator = decimalSeparator
        self.thousandsSeparator = thousandsSeparator
        self.currency = currency
        self.currencyNames = currencyNames
        self.allowSelfTransfer = allowSelfTransfer
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case name, description, format, delimiter, encoding, header
        case skipLines = "skip_lines"
        case columns
        case dateFormat = "date_format"
        case timeStep = "time_step"
        case timezoneOffset = "timezone_offset"
        case decimalSeparator = "decimal_separator"
        case thousandsSeparator = "thousands_separator"
        case currency
        case currencyNames = "currency_names"
        case allowSelfTransfer = "allow_self_transfer"
        case digitGrouping = "digit_grouping"
        case allowScientificIDs = "allow_scientific_ids"
    }

    /// How a thousands separator groups the integer digits of an amount.
    public enum DigitGrouping: String, Codable, Sendable, CaseIterable {
        /// Groups of three from the decimal separator: `1,234,567.00`.
        case thousands
        /// Indian lakh/crore grouping: three digits next to the decimal separator, then groups
        /// of two: `12,34,567.00`.
        case lakh
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(name, forKey: .name)
        try c.encodeIfPresent(description, forKey: .description)
        try c.encode(format, forKey: .format)
        try c.encode(delimiter, forKey: .delimiter)
        try c.encode(encoding, forKey: .encoding)
        try c.encode(header, forKey: .header)
        try c.encode(skipLines, forKey: .skipLines)
        try c.encode(columns, forKey: .columns)
        try c.encodeIfPresent(dateFormat, forKey: .dateFormat)
        try c.encodeIfPresent(timeStep, forKey: .timeStep)
        try c.encode(timezoneOffset, forKey: .timezoneOffset)
        try c.encode(decimalSeparator, forKey: .decimalSeparator)
        try c.encodeIfPresent(thousandsSeparator, forKey: .thousandsSeparator)
        if digitGrouping != .thousands { try c.encode(digitGrouping, forKey: .digitGrouping) }
        try c.encodeIfPresent(currency, forKey: .currency)
        try c.encode(currencyNames, forKey: .currencyNames)
        try c.encode(allowSelfTransfer, forKey: .allowSelfTransfer)
        if allowScientificIDs { try c.encode(allowScientificIDs, forKey: .allowScientificIDs) }
    }

    public init(from decoder: any Decoder) throws {
        try SpecificationKeys.rejectUnknown(in: decoder, known: CodingKeys.allCases, section: nil)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        name = try c.decode(String.self, forKey: .name)
        description = try c.decodeIfPresent(String.self, forKey: .description)
        format = c.contains(.format) ? try SpecificationKeys.decodeChoice(Format.self, c, .format) : .csv
        delimiter = try c.decodeIfPresent(String.self, forKey: .delimiter) ?? ","
        if c.contains(.encoding) {
            let text = try c.decode(String.self, forKey: .encoding)
            guard let named = TextEncoding(name: text) else {
                throw DecodingError.dataCorrupted(
                    DecodingError.Context(
                        codingPath: c.codingPath,
                        debugDescription: "encoding must be \(TextEncoding.acceptedNames.dropLast().joined(separator: ", ")) or \(TextEncoding.acceptedNames.last ?? ""), not '\(text)'"))
            }
            encoding = named
        } else {
            encoding = .utf8
        }
        header = try c.decodeIfPresent(Bool.self, forKey: .header) ?? true
        skipLines = try c.decodeIfPresent(Int.self, forKey: .skipLines) ?? 0
        columns = try c.decodeIfPresent(Columns.self, forKey: .columns) ?? Columns()
        dateFormat = try c.decodeIfPresent(String.self, forKey: .dateFormat)
        timeStep = try c.decodeIfPresent(TimeStep.self, forKey: .timeStep)
        timezoneOffset = try c.decodeIfPresent(String.self, forKey: .timezoneOffset) ?? "+00:00"
        decimalSeparator = try c.decodeIfPresent(String.self, forKey: .decimalSeparator) ?? "."
        thousandsSeparator = try c.decodeIfPresent(String.self, forKey: .thousandsSeparator)
        currency = try c.decodeIfPresent(String.self, forKey: .currency)
        currencyNames = try c.decodeIfPresent([String: String].self, forKey: .currencyNames) ?? [:]
        allowSelfTransfer = try c.decodeIfPresent(Bool.self, forKey: .allowSelfTransfer) ?? false
        digitGrouping =
            c.contains(.digitGrouping) ? try SpecificationKeys.decodeChoice(DigitGrouping.self, c, .digitGrouping) : .thousands
        allowScientificIDs = try c.decodeIfPresent(Bool.self, forKey: .allowScientificIDs) ?? false
    }
}

extension ImportSpecification {
    /// Reads a specification from JSON or YAML text (JSON when it starts with `{`).
    /// - Parameters:
    ///   - text: the specification.
    ///   - source: the file it came from, for error messages.
    /// - Returns: the validated specification.
    /// - Throws: ``IngestError`` `.badSpecification` naming what is wrong.
    public static func parse(_ text: String, source: String = "<specification>") throws(IngestError) -> ImportSpecification {
        let spec: ImportSpecification
        do {
            if text.drop(while: { $0.isWhitespace }).first == "{" {
                spec = try JSONDecoder().decode(ImportSpecification.self, from: Data(text.utf8))
            } else {
                spec = try YAMLDecoder().decode(ImportSpecification.self, from: text)
            }
        } catch {
            if let unknown = SpecificationKeys.unknownKey(in: error) {
                throw IngestError(
                    .badSpecification, unknown.message, location: SourceLocation(file: source, field: unknown.field))
            }
            // No `underlying`: the message says it all, without the decoder's internals.
            throw IngestError(
                .badSpecification, "not a valid import specification: \(Self.explain(error))",
                location: SourceLocation(file: source))
        }
        try spec.validate(source: source)
        return spec
    }

    /// Reads a specification file (JSON or YAML).
    /// - Parameter path: the file's path.
    /// - Returns: the validated specification.
    /// - Throws: ``IngestError`` `.missingInput` when the file cannot be read, `.badSpecification` when invalid.
    public static func load(path: String) throws(IngestError) -> ImportSpecification {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw IngestError(.missingInput, "cannot read import specification", location: SourceLocation(file: path))
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw IngestError(.badSpecification, "import specification is not UTF-8 text", location: SourceLocation(file: path))
        }
        return try parse(text, source: path)
    }

    /// The specification as JSON text (sorted keys, pretty printed).
    /// - Returns: JSON a user can copy and edit.
    public func jsonText() -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(self) else { return "{}" }
        return String(decoding: data, as: UTF8.self) + "\n"
    }

    /// The specification as YAML text.
    /// - Returns: YAML a user can copy and edit.
    public func yamlText() -> String {
        (try? YAMLEncoder().encode(self)) ?? ""
    }

    /// The delimiter as one byte.
    var delimiterByte: UInt8? {
        switch delimiter {
        case ",": UInt8(ascii: ",")
        case ";": UInt8(ascii: ";")
        case "\t", "tab", "\\t": UInt8(ascii: "\t")
        case "|": UInt8(ascii: "|")
        default: nil
        }
    }

    /// Checks that the specification can be used.
    /// - Parameter source: where it came from, for error messages.
    /// - Throws: ``IngestError`` `.badSpecification` naming the first problem.
    public func validate(source: String = "<specification>") throws(IngestError) {
        func bad(_ message: String, _ field: String? = nil) -> IngestError {
            IngestError(.badSpecification, message, location: SourceLocation(file: source, field: field))
        }
        guard !name.isEmpty else { throw bad("the specification needs a name", "name") }
        guard skipLines >= 0 else { throw bad("skip_lines must be 0 or more", "skip_lines") }
        if format == .goaml {
            guard UTCOffset.parse(timezoneOffset) != nil else {
                throw bad("timezone_offset '\(timezoneOffset)' is not ±HH:MM", "timezone_offset")
            }
            return
        }
        guard delimiterByte != nil else {
            throw bad("delimiter '\(delimiter)' is not one of ',' ';' '\\t' '|'", "delimiter")
        }
        let required: [(String, ColumnSource?)] = [
            ("timestamp", columns.timestamp), ("sender_broker", columns.senderBroker),
            ("receiver_broker", columns.receiverBroker), ("amount", columns.amount),
        ]
        for (field, source) in required where source == nil {
            throw bad("columns.\(field) is required", "columns.\(field)")
        }
        if (columns.receivedAmount == nil) != (columns.receivedCurrency == nil) {
            throw bad("columns.received_amount and columns.received_currency go together", "columns.received_amount")
        }
        for (field, source) in [
            ("timestamp", columns.timestamp), ("amount", columns.amount), ("received_amount", columns.receivedAmount),
        ]
        where (source?.parts.count ?? 1) != 1 {
            throw bad("columns.\(field) must name exactly one column", "columns.\(field)")
        }
        for source in ColumnMapping.allSources(of: columns).map(\.1) {
            for case .index(let i) in source.parts where i < 0 {
                throw bad("column index \(i) is negative", "columns")
            }
            if !header {
                for case .name(let name) in source.parts {
                    throw bad("column '\(name)' is named but the file has no header row (header: false); use a 0-based index", "columns")
                }
            }
        }
        if let currency {
            guard CurrencyCode(currency) != nil else {
                throw bad("currency '\(currency)' is not an ISO 4217 code", "currency")
            }
        } else if columns.currency == nil {
            throw bad("give a currency column (columns.currency) or a fixed currency (currency)", "currency")
        }
        for (from, to) in currencyNames where CurrencyCode(to) == nil {
            throw bad("currency_names maps '\(from)' to '\(to)', which is not an ISO 4217 code", "currency_names")
        }
        if let timeStep {
            guard ISO8601Bytes.parse(Array(timeStep.base.utf8), defaultOffset: 0) != nil else {
                throw bad("time_step.base '\(timeStep.base)' is not an ISO 8601 date or time", "time_step.base")
            }
        } else {
            do throws(DatePattern.PatternError) {
                _ = try DatePattern(dateFormat ?? "iso8601")
            } catch {
                throw bad("date_format '\(dateFormat ?? "")': \(error.message)", "date_format")
            }
        }
        guard UTCOffset.parse(timezoneOffset) != nil else {
            throw bad("timezone_offset '\(timezoneOffset)' is not ±HH:MM", "timezone_offset")
        }
        guard decimalSeparator == "." || decimalSeparator == "," else {
            throw bad("decimal_separator must be '.' or ','", "decimal_separator")
        }
        if let thousandsSeparator {
            guard thousandsSeparator.utf8.count == 1, thousandsSeparator != decimalSeparator,
                !thousandsSeparator.first!.isNumber
            else {
                throw bad("thousands_separator must be one character other than the decimal separator", "thousands_separator")
            }
        }
    }

    private static func explain(_ error: any Error) -> String {
        switch error {
        case DecodingError.keyNotFound(let key, let context):
            return "missing key '\(path(context.codingPath + [key]))'"
        case DecodingError.typeMismatch(_, let context), DecodingError.valueNotFound(_, let context):
            return "\(path(context.codingPath)): \(context.debugDescription)"
        case DecodingError.dataCorrupted(let context):
            if context.codingPath.isEmpty, let underlying = context.underlyingError {
                return explain(underlying)
            }
            return context.codingPath.isEmpty
                ? context.debugDescription : "\(path(context.codingPath)): \(context.debugDescription)"
        case let yaml as YamlError:
            return SpecificationKeys.describe(yaml)
        default:
            return String(describing: error)
        }
    }

    private static func path(_ keys: [any CodingKey]) -> String {
        keys.map { $0.intValue.map(String.init) ?? $0.stringValue }.joined(separator: ".")
    }
}

/// Strict reading of import specification keys: an unknown key (a typo such as
/// `timezone_ofset`) is an error naming the key, its section and the known keys, never a
/// silent default; enumerated values are checked with a message listing the choices.
enum SpecificationKeys {
    /// A key no section knows; `field` is its dotted path, e.g. `columns.sender`.
    struct UnknownKey: Error {
        let field: String
        let message: String
    }

    /// The ``UnknownKey`` behind an error, also when a decoder wrapped it in a `DecodingError`.
    static func unknownKey(in error: any Error) -> UnknownKey? {
        if let unknown = error as? UnknownKey { return unknown }
        if case DecodingError.dataCorrupted(let context) = error, let underlying = context.underlyingError {
            return unknownKey(in: underlying)
        }
        return nil
    }

    /// Any key of a mapping, to list the keys actually present.
    struct AnyKey: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    /// - Parameters:
    ///   - decoder: the decoder positioned at the mapping.
    ///   - known: the mapping's coding keys.
    ///   - section: the mapping's name (`columns`, `time_step`), `nil` at the top level.
    /// - Throws: ``UnknownKey`` naming the first unknown key (in sorted order).
    static func rejectUnknown<K: CodingKey>(in decoder: any Decoder, known: [K], section: String?) throws {
        let container = try decoder.container(keyedBy: AnyKey.self)
        let names = known.map(\.stringValue)
        for key in container.allKeys.map(\.stringValue).sorted() where !names.contains(key) {
            let place = section.map { " in section \($0)" } ?? ""
            throw UnknownKey(
                field: (section.map { $0 + "." } ?? "") + key,
                message: "unknown key '\(key)'\(place) (known: \(names.joined(separator: ", ")))")
        }
    }

    /// Decodes a string that must be one of an enumeration's raw values.
    /// - Throws: `DecodingError.dataCorrupted` "KEY must be a or b" for another value.
    static func decodeChoice<E: RawRepresentable & CaseIterable, K: CodingKey>(
        _ type: E.Type, _ container: KeyedDecodingContainer<K>, _ key: K
    ) throws -> E where E.RawValue == String {
        let text = try container.decode(String.self, forKey: key)
        if let value = E(rawValue: text.lowercased()) { return value }
        let choices = E.allCases.map(\.rawValue)
        let list = choices.count == 2
            ? "\(choices[0]) or \(choices[1])"
            : choices.dropLast().joined(separator: ", ") + " or " + (choices.last ?? "")
        throw DecodingError.dataCorrupted(
            DecodingError.Context(
                codingPath: container.codingPath,
                debugDescription: "\(key.stringValue) must be \(list), not '\(text)'"))
    }

    /// A YAML syntax error as "line L, column C: problem".
    static func describe(_ error: YamlError) -> String {
        switch error {
        case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _):
            return "YAML syntax error at line \(mark.line), column \(mark.column): \(problem)"
        default:
            return "YAML error: \(error)"
        }
    }
}
