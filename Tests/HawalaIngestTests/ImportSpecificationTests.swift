import Foundation
import HawalaCore
import Testing

@testable import HawalaIngest

@Suite("ImportSpecification and built-ins")
struct ImportSpecificationTests {
    @Test func everyBuiltinDecodesAndValidates() throws {
        #expect(BuiltinSpecifications.all.map(\.name) == ["canonical", "amlsim", "amlsim-full", "amlworld", "goaml"])
        for builtin in BuiltinSpecifications.all {
            #expect(!builtin.summary.isEmpty)
            try builtin.specification.validate()
            // The JSON and YAML texts read back to the same specification.
            let json = try #require(BuiltinSpecifications.text(for: builtin.name, format: .json))
            #expect(try ImportSpecification.parse(json) == builtin.specification)
            #expect(try ImportSpecification.parse(builtin.specification.yamlText()) == builtin.specification)
        }
        #expect(BuiltinSpecifications.named("nope") == nil)
    }

    @Test func amlworldColumnsJoinBankAndAccount() throws {
        let spec = try #require(BuiltinSpecifications.named("amlworld"))
        #expect(spec.columns.senderBroker == ImportSpecification.ColumnSource([.name("From Bank"), .index(2)]))
        #expect(spec.currencyNames["US Dollar"] == "USD")
        #expect(spec.currencyNames["Bitcoin"] == nil)
    }

    @Test func defaults() throws {
        let spec = try ImportSpecification.parse(
            """
            {"name": "x", "columns": {"timestamp": "t", "sender_broker": "s", "receiver_broker": "r", "amount": 3}, "currency": "usd"}
            """)
        #expect(spec.format == .csv)
        #expect(spec.delimiter == ",")
        #expect(spec.encoding == .utf8)
        #expect(spec.header)
        #expect(spec.skipLines == 0)
        #expect(spec.timezoneOffset == "+00:00")
        #expect(spec.decimalSeparator == ".")
        #expect(!spec.allowSelfTransfer)
        #expect(spec.columns.amount == .index(3))
    }

    @Test(arguments: [
        ("name: x\ncolumns: {sender_broker: s, receiver_broker: r, amount: a}\ncurrency: USD", "columns.timestamp"),
        ("name: x\ncolumns: {timestamp: t, sender_broker: s, receiver_broker: r, amount: a}", "currency"),
        ("name: x\ncolumns: {timestamp: t, sender_broker: s, receiver_broker: r, amount: a}\ncurrency: ZZZ", "currency"),
        ("name: x\ndelimiter: '#'\ncolumns: {timestamp: t, sender_broker: s, receiver_broker: r, amount: a}\ncurrency: USD", "delimiter"),
        ("name: x\ndate_format: yyyy-QQ\ncolumns: {timestamp: t, sender_broker: s, receiver_broker: r, amount: a}\ncurrency: USD", "date_format"),
        ("name: x\ntimezone_offset: '+25:00'\ncolumns: {timestamp: t, sender_broker: s, receiver_broker: r, amount: a}\ncurrency: USD", "timezone_offset"),
        ("name: x\nheader: false\ncolumns: {timestamp: t, sender_broker: 0, receiver_broker: 1, amount: 2}\ncurrency: USD", "columns"),
        ("name: x\ndecimal_separator: ';'\ncolumns: {timestamp: t, sender_broker: s, receiver_broker: r, amount: a}\ncurrency: USD", "decimal_separator"),
        ("name: x\ncolumns: {timestamp: [d, t], sender_broker: s, receiver_broker: r, amount: a}\ncurrency: USD", "columns.timestamp"),
        ("columns: {}", ""),
    ])
    func invalidSpecifications(text: String, field: String) {
        do {
            _ = try ImportSpecification.parse(text, source: "bad.yaml")
            Issue.record("expected an error for \(text)")
        } catch {
            #expect(error.code == .badSpecification)
            #expect(error.location?.file == "bad.yaml")
            if !field.isEmpty { #expect(error.location?.field == field, "\(error)") }
        }
    }

    @Test(arguments: [
        ("name: x\ntimezone_ofset: '+04:00'\ncolumns: {timestamp: t, sender_broker: s, receiver_broker: r, amount: a}\ncurrency: USD",
         "timezone_ofset", "unknown key 'timezone_ofset' (known: name,"),
        ("name: x\nallow_self_transfers: true\ncolumns: {timestamp: t, sender_broker: s, receiver_broker: r, amount: a}\ncurrency: USD",
         "allow_self_transfers", "unknown key 'allow_self_transfers'"),
        ("name: x\ncolums: {timestamp: t, sender_broker: s, receiver_broker: r, amount: a}\ncurrency: USD",
         "colums", "unknown key 'colums'"),
        ("{\"name\": \"x\", \"decimal_seperator\": \",\", \"currency\": \"USD\"}",
         "decimal_seperator", "unknown key 'decimal_seperator'"),
        ("name: x\ncolumns: {timestamp: t, sender: s, receiver_broker: r, amount: a}\ncurrency: USD",
         "columns.sender", "unknown key 'sender' in section columns (known: transfer_id, timestamp"),
        ("name: x\ntime_step: {base: '2017-01-01', units: days}\ncolumns: {timestamp: t, sender_broker: s, receiver_broker: r, amount: a}\ncurrency: USD",
         "time_step.units", "in section time_step (known: base, unit)"),
    ])
    func unknownKeysAreErrors(text: String, field: String, message: String) {
        do {
            _ = try ImportSpecification.parse(text, source: "typo.yaml")
            Issue.record("expected an error for \(text)")
        } catch {
            #expect(error.code == .badSpecification)
            #expect(error.location?.field == field)
            #expect(error.message.contains(message), "\(error.message)")
        }
    }

    @Test func readableDecodingErrors() throws {
        let columns = "columns: {timestamp: t, sender_broker: s, receiver_broker: r, amount: a}\ncurrency: USD"
        let encoding = #expect(throws: IngestError.self) { try ImportSpecification.parse("name: x\nencoding: ebcdic\n" + columns) }
        #expect(encoding?.code == .badSpecification)
        #expect(
            encoding?.message.contains("encoding must be utf-8, windows-1252, cp1252, iso-8859-1 or latin1, not 'ebcdic'") == true,
            "\(encoding?.message ?? "")")
        let yaml = #expect(throws: IngestError.self) {
            try ImportSpecification.parse("name: x\ncolumns: {timestamp: t\n  bad: [\n" + columns)
        }
        #expect(yaml?.code == .badSpecification)
        let message = yaml?.message ?? ""
        #expect(message.contains("line "), "\(message)")
        #expect(!message.contains("DecodingError"), "\(message)")
        #expect(!message.contains("Context("), "\(message)")
        #expect(try ImportSpecification.parse("name: x\nencoding: Latin1\n" + columns).encoding == .latin1)
    }

    @Test func resolveNameOrFile() throws {
        #expect(try BuiltinSpecifications.resolve("amlsim").name == "amlsim")
        #expect(try BuiltinSpecifications.resolve(Fixtures.path("specs/bank-export.yaml")).name == "bank-export")
        #expect(throws: IngestError.self) { try BuiltinSpecifications.resolve("no-such-spec") }
    }

    @Test(arguments: [
        ("yyyy-MM-dd HH:mm:ss", "2026-03-01 14:30:05", "2026-03-01T14:30:05Z"),
        ("yyyy/MM/dd HH:mm", "2022/09/01 00:20", "2022-09-01T00:20:00Z"),
        ("dd.MM.yyyy", "29.02.2024", "2024-02-29T00:00:00Z"),
        ("d/M/yyyy H:mm", "1/3/2026 9:05", "2026-03-01T09:05:00Z"),
        ("yyyy-MM-dd'T'HH:mm:ss.SSS", "2026-03-01T14:30:05.123", "2026-03-01T14:30:05Z"),
        ("iso8601", "2026-03-01T14:30:05+02:00", "2026-03-01T12:30:05Z"),
        ("iso8601", "2026-03-01T14:30:05.5Z", "2026-03-01T14:30:05Z"),
        ("iso8601", "2026-03-01 14:30", "2026-03-01T14:30:00Z"),
        ("iso8601", "2026-03-01", "2026-03-01T00:00:00Z"),
    ])
    func datePatterns(pattern: String, text: String, expected: String) throws {
        let compiled = try DatePattern(pattern)
        let seconds = Array(text.utf8).withUnsafeBufferPointer { compiled.parse($0, offset: 0) }
        #expect(seconds.map { UTCTime.iso8601(Date(timeIntervalSince1970: TimeInterval($0))) } == expected)
    }

    @Test(arguments: [
        ("yyyy-MM-dd", "2026-02-29", DateReading.impossible),
        ("yyyy-MM-dd", "2026-04-31", .impossible),
        ("yyyy-MM-dd HH:mm", "2026-04-30 24:00", .impossible),
        ("yyyy-MM-dd", "2026-4-30", .malformed),
        ("yyyy-MM-dd", "2026-04-30 extra", .malformed),
        ("iso8601", "2026-13-01T00:00:00Z", .impossible),
        ("iso8601", "20260301", .malformed),
        ("iso8601", "2026-03-01T10:00:00+99", .malformed),
    ])
    func impossibleAndMalformedDates(pattern: String, text: String, expected: DateReading) throws {
        let compiled = try DatePattern(pattern)
        #expect(Array(text.utf8).withUnsafeBufferPointer { compiled.read($0, offset: 0) } == expected)
    }

    @Test(arguments: [
        ("1234.56", 2, ".", nil, DecimalAmount.Result.value(123_456)),
        ("0.005", 2, ".", nil, .value(1)),
        ("0.0049", 2, ".", nil, .value(0)),
        ("1.234,56", 2, ",", ".", .value(123_456)),
        ("1,234,567.8", 2, ".", ",", .value(123_456_780)),
        ("100.5", 0, ".", nil, .value(101)),
        ("1.2345", 3, ".", nil, .value(1235)),
        ("1e3", 2, ".", nil, .value(100_000)),
        ("2.5E-2", 2, ".", nil, .value(3)),
        ("+7", 2, ".", nil, .value(700)),
        ("-0.00", 2, ".", nil, .value(0)),
        ("-1", 2, ".", nil, .negative),
        ("NaN", 2, ".", nil, .notFinite),
        ("-Infinity", 2, ".", nil, .notFinite),
        ("12x", 2, ".", nil, .invalid),
        ("1.2.3", 2, ".", nil, .invalid),
        (".", 2, ".", nil, .invalid),
        ("99999999999999999999", 2, ".", nil, .tooLarge),
    ])
    func exactAmounts(text: String, digits: Int, decimal: String, thousands: String?, expected: DecimalAmount.Result) {
        let result = Array(text.utf8).withUnsafeBufferPointer {
            DecimalAmount.parse(
                $0, minorDigits: digits, decimalSeparator: decimal.utf8.first!, thousandsSeparator: thousands?.utf8.first)
        }
        #expect(result == expected, "\(text)")
    }
}
