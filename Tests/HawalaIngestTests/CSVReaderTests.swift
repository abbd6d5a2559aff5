import Foundation
import HawalaCore
import Testing

@testable import HawalaIngest

/// One parsed record: its first line and its fields.
struct ParsedRecord: Equatable, CustomStringConvertible {
    var line: Int
    var fields: [String]
    var description: String { "\(line):\(fields)" }
}

/// Parses bytes through a file with the given read size.
func parseFile(_ bytes: [UInt8], chunkSize: Int, delimiter: UInt8 = UInt8(ascii: ",")) throws -> [ParsedRecord] {
    let path = try Fixtures.write(bytes)
    let parser = try CSVParser(path: path, delimiter: delimiter, chunkSize: chunkSize)
    var records: [ParsedRecord] = []
    while try parser.nextRecord() { records.append(ParsedRecord(line: parser.line, fields: parser.fields())) }
    return records
}

/// Parses bytes in memory.
func parseMemory(_ text: String, delimiter: UInt8 = UInt8(ascii: ",")) throws -> [ParsedRecord] {
    let parser = CSVParser(bytes: Array(text.utf8), delimiter: delimiter)
    var records: [ParsedRecord] = []
    while try parser.nextRecord() { records.append(ParsedRecord(line: parser.line, fields: parser.fields())) }
    return records
}

@Suite("CSVParser: RFC 4180")
struct CSVReaderTests {
    @Test func plainRecords() throws {
        let records = try parseMemory("a,b,c\n1,2,3\n")
        #expect(records == [ParsedRecord(line: 1, fields: ["a", "b", "c"]), ParsedRecord(line: 2, fields: ["1", "2", "3"])])
    }

    @Test func noTrailingNewline() throws {
        #expect(try parseMemory("a,b\n1,2") == [ParsedRecord(line: 1, fields: ["a", "b"]), ParsedRecord(line: 2, fields: ["1", "2"])])
    }

    @Test func quotedFieldsWithDelimiterQuoteAndNewlines() throws {
        let records = try parseMemory("id,text\n1,\"a, b\"\n2,\"say \"\"hi\"\"\"\n3,\"line one\nline two\"\n4,\"crlf\r\ninside\"\n5,x\n")
        #expect(records.map(\.fields) == [
            ["id", "text"], ["1", "a, b"], ["2", "say \"hi\""], ["3", "line one\nline two"], ["4", "crlf\r\ninside"], ["5", "x"],
        ])
        #expect(records.map(\.line) == [1, 2, 3, 4, 6, 8])
    }

    @Test func emptyFields() throws {
        let records = try parseMemory(",,\na,,b\n\"\",x,\"\"\n,\n")
        #expect(records.map(\.fields) == [["", "", ""], ["a", "", "b"], ["", "x", ""], ["", ""]])
    }

    @Test func trailingDelimiterAtEndOfInputGivesEmptyLastField() throws {
        #expect(try parseMemory("a,b,").map(\.fields) == [["a", "b", ""]])
    }

    @Test func crlfAndLoneCR() throws {
        let records = try parseMemory("a,b\r\n1,2\r\n3,4\r5,6")
        #expect(records.map(\.fields) == [["a", "b"], ["1", "2"], ["3", "4"], ["5", "6"]])
        #expect(records.map(\.line) == [1, 2, 3, 4])
    }

    @Test func blankLinesAreSkippedButCounted() throws {
        let records = try parseMemory("a\n\n\r\nb\n\n")
        #expect(records == [ParsedRecord(line: 1, fields: ["a"]), ParsedRecord(line: 4, fields: ["b"])])
    }

    @Test func singleEmptyQuotedFieldIsARecord() throws {
        #expect(try parseMemory("\"\"\nx").map(\.fields) == [[""], ["x"]])
    }

    @Test func byteOrderMarkIsSkipped() throws {
        let bytes: [UInt8] = [0xEF, 0xBB, 0xBF] + Array("id,v\n1,2\n".utf8)
        for chunk in [1, 2, 3, 64] {
            #expect(try parseFile(bytes, chunkSize: chunk).map(\.fields) == [["id", "v"], ["1", "2"]])
        }
    }

    @Test func bomOnlyAtStart() throws {
        let bytes: [UInt8] = Array("a\n".utf8) + [0xEF, 0xBB, 0xBF] + Array("b\n".utf8)
        let parser = CSVParser(bytes: bytes)
        #expect(try parser.nextRecord())
        #expect(try parser.nextRecord())
        #expect(parser.fieldLength(0) == 4)
    }

    @Test func otherDelimiters() throws {
        #expect(try parseMemory("a;b,c;\"d;e\"\n", delimiter: UInt8(ascii: ";")).map(\.fields) == [["a", "b,c", "d;e"]])
        #expect(try parseMemory("a\tb c\t\"d\te\"\n", delimiter: UInt8(ascii: "\t")).map(\.fields) == [["a", "b c", "d\te"]])
    }

    @Test func lenientQuotes() throws {
        // A quote inside an unquoted field is literal; text after a closing quote is kept.
        #expect(try parseMemory("ab\"c,\"x\"y,z\n").map(\.fields) == [["ab\"c", "xy", "z"]])
    }

    @Test func openQuoteAtEndOfFileIsMalformedWithLine() throws {
        let parser = CSVParser(bytes: Array("a,b\n1,2\n3,\"never closed\nmore\n".utf8), label: "t.csv")
        #expect(try parser.nextRecord())
        #expect(try parser.nextRecord())
        let error = #expect(throws: IngestError.self) { try parser.nextRecord() }
        #expect(error?.code == .malformed)
        #expect(error?.location == SourceLocation(file: "t.csv", line: 3))
        // And again on the next call: the parser does not recover into the broken quote.
        let again = #expect(throws: IngestError.self) { try parser.nextRecord() }
        #expect(again?.code == .malformed)
    }

    @Test func truncatedFixtureNamesFileAndLine() throws {
        let path = Fixtures.path("truncated.csv")
        let parser = try CSVParser(path: path)
        var error: IngestError?
        do {
            while try parser.nextRecord() {}
        } catch let e {
            error = e
        }
        #expect(error?.code == .malformed)
        #expect(error?.location?.file == path)
        #expect(error?.location?.line == 3)
        #expect(error?.description.contains("truncated.csv:3") == true)
    }

    @Test func rawRecordKeepsQuotesAndNewlines() throws {
        let parser = CSVParser(bytes: Array("1,\"a\nb\",\"c\"\"d\"\r\nnext\n".utf8))
        #expect(try parser.nextRecord())
        #expect(parser.rawRecord() == "1,\"a\nb\",\"c\"\"d\"")
        #expect(try parser.nextRecord())
        #expect(parser.rawRecord() == "next")
    }

    @Test func missingFileIsMissingInput() {
        do {
            _ = try CSVParser(path: "/nonexistent/dir/x.csv")
            Issue.record("expected an error")
        } catch {
            #expect(error.code == .missingInput)
        }
    }

    @Test func invalidUTF8IsDetectedAndLatin1Transcoded() throws {
        let parser = CSVParser(bytes: [0x5A, 0xFC, 0x72, 0x69, 0x63, 0x68])
        #expect(try parser.nextRecord())
        #expect(parser.string(at: 0, encoding: .utf8) == nil)
        #expect(parser.string(at: 0, encoding: .latin1) == "Zürich")
    }

    @Test(arguments: [
        ([0x41, 0x42], "AB"),
        ([0xC3, 0xBC], "ü"),
        ([0xE2, 0x82, 0xAC], "€"),
        ([0xF0, 0x9F, 0x92, 0xB0], "💰"),
        ([0xEF, 0xBF, 0xBD], "\u{FFFD}"),  // a real U+FFFD is valid
        ([0xFC], nil),
        ([0xC3], nil),
        ([0xF0, 0x90, 0x80, 0x41], nil),  // a 3-byte maximal subpart, repaired to 3 bytes
        ([0xED, 0xA0, 0x80], nil),  // a surrogate
        ([0xC0, 0xAF], nil),  // overlong
    ] as [([UInt8], String?)])
    func utf8Validation(bytes: [UInt8], expected: String?) {
        #expect(bytes.withUnsafeBufferPointer { CSVParser.decode($0, encoding: .utf8) } == expected)
    }

    /// Every chunk size from 1 up must give the same records as the whole input at once:
    /// fields, quotes, CRLF pairs and BOM split across reads.
    @Test(arguments: [1, 2, 3, 4, 5, 7, 8, 13, 64])
    func chunkBoundaries(chunkSize: Int) throws {
        let text =
            "\u{FEFF}id,name,note\r\n1,\"Kabul, AF\",\"multi\r\nline \"\"quoted\"\"\"\r\n2,plain,\r\n\r\n3,\"\",\"long field that spans many chunks of the reader when small\"\r\n4,x,y"
        let expected = try parseMemory(text)
        #expect(expected.count == 5)
        #expect(try parseFile(Array(text.utf8), chunkSize: chunkSize) == expected)
    }

    @Test func bytesReadAdvancesToTheEnd() throws {
        let text = "a,b\r\n\"x\ny\",z\n"
        let path = try Fixtures.write(text)
        let parser = try CSVParser(path: path, chunkSize: 3)
        #expect(parser.bytesRead == 0)
        #expect(try parser.nextRecord())
        #expect(parser.bytesRead == 5)
        #expect(try parser.nextRecord())
        #expect(parser.bytesRead == Int64(text.utf8.count))
        #expect(try !parser.nextRecord())
    }

    @Test func recordLongerThanTheBufferGrowsIt() throws {
        let long = String(repeating: "x", count: 10_000)
        let records = try parseFile(Array("a,\"\(long)\"\nb,c\n".utf8), chunkSize: 16)
        #expect(records.map(\.fields) == [["a", long], ["b", "c"]])
    }

    @Test func writerRoundTrips() throws {
        let fields = ["plain", "with,comma", "with \"quote\"", "multi\nline", ""]
        let line = CSVWriter.line(fields)
        #expect(try parseMemory(line).map(\.fields) == [fields])
        #expect(try parseMemory(CSVWriter.line([""])).map(\.fields) == [[""]])
    }

    /// A deterministic property test (the fuzz target's invariant, run in the suite):
    /// random bytes over a small alphabet parse, re-serialise and parse again to the same fields.
    @Test func randomInputsRoundTrip() throws {
        var generator = SplitMix64(seed: 0x4841_5741_4C41)
        let alphabet: [UInt8] = Array("a,\"\n\r;\tb".utf8) + [0xEF, 0xBB, 0xBF, 0xFC]
        for _ in 0..<3000 {
            let length = Int(generator.next() % 40)
            let bytes = (0..<length).map { _ in alphabet[Int(generator.next() % UInt64(alphabet.count))] }
            let delimiter: UInt8 = generator.next() % 2 == 0 ? UInt8(ascii: ",") : UInt8(ascii: ";")
            let first = CSVParser(bytes: bytes, delimiter: delimiter)
            var records: [[[UInt8]]] = []
            do {
                while try first.nextRecord() { records.append(first.fieldByteArrays()) }
            } catch {
                continue  // an open quote at the end: an error, never a crash
            }
            let serialised = records.flatMap { CSVWriter.quotedRecord($0, delimiter: delimiter) }
            let second = CSVParser(bytes: serialised, delimiter: delimiter)
            var again: [[[UInt8]]] = []
            while try second.nextRecord() { again.append(second.fieldByteArrays()) }
            #expect(again == records, "input \(bytes)")
        }
    }
}

/// A small deterministic generator (SplitMix64, Steele et al. 2014) for property tests.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
