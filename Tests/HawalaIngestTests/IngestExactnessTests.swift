import Foundation
import HawalaCore
import Testing

@testable import HawalaIngest

/// Issue 10, items 1–4 and 6: optional columns, digit grouping, spreadsheet damage, encodings,
/// AMLworld's two amounts.
@Suite("Ingest exactness: optional columns, grouping, scientific ids, encodings")
struct IngestExactnessTests {
    let canonical = try! #require(BuiltinSpecifications.named("canonical"))

    // MARK: Item 1: optional columns

    @Test func sixRequiredColumnsOnly() throws {
        let path = try Fixtures.write(
            "transfer_id,timestamp,sender_broker,receiver_broker,amount,currency\nT1,2026-01-01T00:00:00Z,A,B,10.50,USD\n")
        let rows = try Fixtures.readAll(path: path, specification: canonical).compactMap(\.transferRow)
        #expect(rows.count == 1)
        #expect(rows[0].transfer.id == "T1")
        #expect(rows[0].transfer.originator == nil)
        #expect(rows[0].transfer.channel == nil)
        #expect(rows[0].transfer.amount == Money(minorUnits: 1050, currency: .usd))
    }

    @Test func eightColumnsWithoutChannelAndReference() throws {
        let path = try Fixtures.write(
            "transfer_id,timestamp,sender_broker,receiver_broker,originator,beneficiary,amount,currency\n"
                + "T1,2026-01-01T00:00:00Z,A,B,P1,P2,7,USD\n")
        let rows = try Fixtures.readAll(path: path).compactMap(\.transferRow)  // detected as canonical
        #expect(rows.count == 1)
        #expect(rows[0].transfer.originator == "P1")
        #expect(rows[0].transfer.beneficiary == "P2")
        #expect(rows[0].transfer.reference == nil)
    }

    @Test(.enabled(if: FileManager.default.fileExists(atPath: Fixtures.root.path + "/../shared/bench/temporal_cycles_ref.py")))
    func referenceGraphCSV() throws {
        let directory = try Fixtures.temporaryDirectory()
        let csv = directory.appendingPathComponent("ref.csv").path
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [
            "python3", Fixtures.root.path + "/../shared/bench/temporal_cycles_ref.py", "--nodes", "6", "--edges", "12",
            "--write-csv", csv,
        ]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        let records = try Fixtures.readAll(path: csv)
        #expect(records.count == 12)
        #expect(records.allSatisfy { $0.transferRow != nil })
    }

    @Test func missingRequiredColumnIsStillAnError() throws {
        let path = try Fixtures.write("transfer_id,timestamp,sender_broker,amount,currency\nT1,2026-01-01,A,1,USD\n")
        #expect(throws: IngestError.self) { try Fixtures.readAll(path: path, specification: canonical) }
    }

    @Test func optionalColumnAbsentInAUserSpecification() throws {
        let spec = try ImportSpecification.parse(
            """
            name: bank
            columns: { timestamp: Date, sender_broker: From, receiver_broker: To, amount: Amount, originator: Sender Name }
            currency: EUR
            date_format: yyyy-MM-dd
            """)
        let path = try Fixtures.write("Date,From,To,Amount\n2026-01-02,A,B,3\n")
        let rows = try Fixtures.readAll(path: path, specification: spec).compactMap(\.transferRow)
        #expect(rows.count == 1)
        #expect(rows[0].transfer.originator == nil)
    }

    // MARK: Item 2: digit grouping

    private func amount(_ text: String, grouping: ImportSpecification.DigitGrouping = .thousands, decimal: String = ",", thousands: String = ".")
        throws -> IngestRecord
    {
        let spec = ImportSpecification(
            name: "g", columns: .init(timestamp: .name("t"), senderBroker: .name("s"), receiverBroker: .name("r"), amount: .name("a")),
            dateFormat: "yyyy-MM-dd", decimalSeparator: decimal, thousandsSeparator: thousands, currency: "EUR",
            digitGrouping: grouping)
        let path = try Fixtures.write("t;s;r;a\n2026-01-01;A;B;\(text)\n".replacingOccurrences(of: ";", with: "\t"))
        var tabbed = spec
        tabbed.delimiter = "\t"
        return try #require(try Fixtures.readAll(path: path, specification: tabbed).first)
    }

    @Test func groupsOfThreeAreRead() throws {
        #expect(try amount("1.234.567,00").transferRow?.transfer.amount.minorUnits == 123_456_700)
        #expect(try amount("1.000").transferRow?.transfer.amount.minorUnits == 100_000)
        #expect(try amount("999,5").transferRow?.transfer.amount.minorUnits == 99_950)
    }

    @Test func groupOfTwoIsRejected() throws {
        let reject = try #require(try amount("1.00.0").rejectedRow)
        #expect(reject.location.field == "amount")
        #expect(reject.reason.contains("'1.00.0' has its digits grouped wrongly"))
    }

    @Test func groupTooShortBeforeDecimalIsRejected() throws {
        #expect(try amount("1.2,5").rejectedRow?.reason.contains("'1.2,5' has its digits grouped wrongly") == true)
        #expect(try amount("12.34.5").rejectedRow?.reason.contains("grouped wrongly") == true)
    }

    @Test func leadingGroupTooLongIsRejected() throws {
        #expect(try amount("1234.567,00").rejectedRow?.reason.contains("'1234.567,00' has its digits grouped wrongly") == true)
    }

    @Test func separatorAfterDecimalIsRejected() throws {
        #expect(try amount("1,234.5", decimal: ".", thousands: ",").transferRow != nil)
        #expect(try amount("1.234,5.6").rejectedRow?.reason.contains("grouped wrongly") == true)
    }

    @Test func lakhGroupingOnlyWhenTheSpecSaysSo() throws {
        #expect(try amount("12,34,567.00", decimal: ".", thousands: ",").rejectedRow?.reason.contains("groups of three") == true)
        let lakh = try amount("12,34,567.00", grouping: .lakh, decimal: ".", thousands: ",")
        #expect(lakh.transferRow?.transfer.amount.minorUnits == 123_456_700)
        let wrong = try amount("1,234,567.00", grouping: .lakh, decimal: ".", thousands: ",")
        #expect(wrong.rejectedRow?.reason.contains("lakh grouping") == true)
    }

    @Test func digitGroupingKeyIsRead() throws {
        let spec = try ImportSpecification.parse(
            "name: x\ndigit_grouping: lakh\nthousands_separator: \",\"\ncurrency: INR\ncolumns: { timestamp: t, sender_broker: s, receiver_broker: r, amount: a }\n")
        #expect(spec.digitGrouping == .lakh)
        #expect(throws: IngestError.self) { try ImportSpecification.parse("name: x\ndigit_grouping: chinese\n") }
    }

    // MARK: Item 3: scientific notation

    @Test func scientificNotationIDIsRejected() throws {
        let path = try Fixtures.write(
            "transfer_id,timestamp,sender_broker,receiver_broker,amount,currency,reference\n"
                + "1.91431E+18,2026-01-01T00:00:00Z,A,B,1,USD,\nT2,2026-01-01T00:00:00Z,A,B,1,USD,2E+18\nT3,2026-01-01T00:00:00Z,A,B,1,USD,E-2019\n")
        let records = try Fixtures.readAll(path: path, specification: canonical)
        #expect(records[0].rejectedRow?.location.field == "transfer_id")
        #expect(records[0].rejectedRow?.reason.contains("scientific notation; digits lost") == true)
        #expect(records[1].rejectedRow?.location.field == "reference")
        #expect(records[2].transferRow?.transfer.reference == "E-2019")
    }

    @Test func scientificNotationAllowedBySpec() throws {
        var spec = canonical
        spec.allowScientificIDs = true
        let path = try Fixtures.write(
            "transfer_id,timestamp,sender_broker,receiver_broker,amount,currency\n1.91431E+18,2026-01-01T00:00:00Z,A,B,1,USD\n")
        #expect(try Fixtures.readAll(path: path, specification: spec).first?.transferRow?.transfer.id == "1.91431E+18")
    }

    @Test func scientificNotationShapes() {
        #expect(CSVTransferReader.isScientificNotation("1.91431E+18"))
        #expect(CSVTransferReader.isScientificNotation("2e-05"))
        #expect(CSVTransferReader.isScientificNotation("1,5E+10"))
        #expect(!CSVTransferReader.isScientificNotation("1E5"))
        #expect(!CSVTransferReader.isScientificNotation("BRK-1E+5"))
        #expect(!CSVTransferReader.isScientificNotation("12345"))
    }

    // MARK: Item 4: encodings

    @Test func encodingNamesAreAccepted() throws {
        let columns = "columns: { timestamp: t, sender_broker: s, receiver_broker: r, amount: a }\ncurrency: EUR\n"
        for name in ["ISO-8859-1", "latin1", "cp1252", "windows-1252", "Windows-1252"] {
            #expect(try ImportSpecification.parse("name: x\nencoding: \(name)\n" + columns).encoding == .windows1252, "\(name)")
        }
        #expect(try ImportSpecification.parse("name: x\nencoding: UTF-8\n" + columns).encoding == .utf8)
    }

    @Test func windows1252BytesAreDecoded() throws {
        var spec = canonical
        spec.encoding = .windows1252
        let head = Array("transfer_id,timestamp,sender_broker,receiver_broker,amount,currency,originator\n".utf8)
        let row: [UInt8] = Array("T1,2026-01-01T00:00:00Z,A,B,1,EUR,M".utf8) + [0xFC, 0x80, 0x93] + [0x0A]
        let path = try Fixtures.write(head + row)
        let transfer = try #require(try Fixtures.readAll(path: path, specification: spec).first?.transferRow?.transfer)
        #expect(transfer.originator == "Mü€“")
    }

    @Test func invalidUTF8NamesLineOffsetAndByteAndKeepsTheBytes() throws {
        let head = Array("transfer_id,timestamp,sender_broker,receiver_broker,amount,currency,originator\n".utf8)
        let row: [UInt8] = Array("T1,2026-01-01T00:00:00Z,A,B,1,EUR,M".utf8) + [0xE9] + Array("ller".utf8)
        let path = try Fixtures.write(head + row)
        let reject = try #require(try Fixtures.readAll(path: path, specification: canonical).first?.rejectedRow)
        #expect(reject.location.line == 2)
        #expect(reject.location.field == "originator")
        #expect(reject.reason.contains("byte 0xE9 at byte offset \(head.count + 35) (line 2)"), "\(reject.reason)")
        #expect(reject.rawBytes == row)
        #expect(reject.raw.hasSuffix("M\\xE9ller"))
        #expect(!reject.raw.contains("\u{FFFD}"))
    }

    @Test func undefinedWindows1252ByteIsRejected() throws {
        var spec = canonical
        spec.encoding = .windows1252
        let head = Array("transfer_id,timestamp,sender_broker,receiver_broker,amount,currency,originator\n".utf8)
        let row: [UInt8] = Array("T1,2026-01-01T00:00:00Z,A,B,1,EUR,X".utf8) + [0x81]
        let path = try Fixtures.write(head + row)
        let reject = try #require(try Fixtures.readAll(path: path, specification: spec).first?.rejectedRow)
        #expect(reject.reason.contains("not valid windows-1252: byte 0x81 at byte offset \(head.count + 35)"), "\(reject.reason)")
        #expect(reject.rawBytes == row)
    }

    // MARK: Item 6: AMLworld amounts

    @Test func amlworldKeepsBothAmounts() throws {
        let path = try Fixtures.write(
            "Timestamp,From Bank,Account,To Bank,Account,Amount Received,Receiving Currency,Amount Paid,Payment Currency,Payment Format,Is Laundering\n"
                + "2022/09/01 00:20,010,8000A1B20,020,8000C3D40,1390.50,Euro,1520.10,US Dollar,Wire,0\n")
        let transfer = try #require(try Fixtures.readAll(path: path).first?.transferRow?.transfer)
        #expect(transfer.amount == Money(minorUnits: 152_010, currency: .usd))
        #expect(transfer.receivedAmount == Money(minorUnits: 139_050, currency: CurrencyCode("EUR")!))
    }
}
