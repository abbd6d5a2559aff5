import Foundation
import HawalaCore
import Testing

@testable import HawalaIngest

/// Issue 14, item 6: records over a limit are rejected with a reason, read in bounded memory,
/// and the records after them are read as usual.
@Suite("Input limits")
struct InputLimitsTests {
    /// The line of commas, smaller: too many fields, skipped without being stored.
    @Test func lineOfCommasIsOneRejectedRecord() throws {
        let text = "a,b\n" + String(repeating: ",", count: 5_000) + "\nc,d\n"
        let parser = CSVParser(bytes: Array(text.utf8))
        #expect(try parser.nextRecord())
        #expect(parser.fields() == ["a", "b"])
        #expect(try parser.nextRecord())
        #expect(parser.limitBreach == "the record has 5001 fields; the limit is 1024")
        #expect(parser.fieldCount == 0)
        #expect(parser.line == 2)
        #expect(parser.rawRecord().hasPrefix(",,,,"))
        #expect(try parser.nextRecord())
        #expect(parser.limitBreach == nil)
        #expect(parser.fields() == ["c", "d"])
        #expect(parser.line == 3)
        #expect(try !parser.nextRecord())
    }

    /// A record longer than the byte limit, across small reads, with a quoted line break: its
    /// length is counted, the buffer is not grown for it, the next record's line is right.
    @Test func longQuotedRecordAcrossChunks() throws {
        let long = "\"" + String(repeating: "y", count: 3_000) + "\nmore\",x"
        let path = try Fixtures.write("h1,h2\n\(long)\nlast,1\n")
        let parser = try CSVParser(path: path, chunkSize: 64)
        parser.recordByteLimit = 1_000
        #expect(try parser.nextRecord())
        #expect(try parser.nextRecord())
        #expect(parser.limitBreach?.contains("is \(long.utf8.count) bytes long; the limit is 1000 bytes") == true, "\(String(describing: parser.limitBreach))")
        #expect(parser.line == 2)
        #expect(try parser.nextRecord())
        #expect(parser.fields() == ["last", "1"])
        #expect(parser.line == 4)
    }

    /// A 300-byte transfer id is rejected by the importer's check, naming the field and limit.
    @Test func overLongIdentifierIsRejected() throws {
        let id = String(repeating: "I", count: 300)
        let path = try Fixtures.write(
            "transfer_id,timestamp,sender_broker,receiver_broker,originator,beneficiary,amount,currency,channel,reference\n"
                + "\(id),2026-03-01T09:15:00Z,B1,B2,P1,P2,10.00,USD,cash,r\n")
        var reader = LimitCheckingReader(base: try CSVTransferReader(path: path, specification: BuiltinSpecifications.named("canonical")!))
        let record = try #require(try reader.next())
        let rejected = try #require(record.rejectedRow)
        #expect(rejected.location.field == "id")
        #expect(rejected.reason.hasPrefix("id of 300 bytes is longer than the limit of 256 bytes: '"))
        #expect(rejected.reason.contains("…(300 characters)"))
    }
}
