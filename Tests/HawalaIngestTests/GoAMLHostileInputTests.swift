import Foundation
import HawalaCore
import Testing

@testable import HawalaIngest

/// Issue 14: hostile and broken goAML input — no crash, no hang, no silent loss, bounded
/// resources, clear messages. One test per numbered item, with the issue's smallest input.
@Suite("GoAMLReader hostile input")
struct GoAMLHostileInputTests {
    /// Reads a file to its end; returns the records, or the error that refused it.
    static func read(_ bytes: [UInt8]) throws -> (records: [IngestRecord], error: IngestError?) {
        let path = try Fixtures.write(bytes, name: "input.xml")
        var reader = try GoAMLReader(path: path)
        var records: [IngestRecord] = []
        do {
            while let record = try reader.next() { records.append(record) }
            return (records, nil)
        } catch {
            return (records, error)
        }
    }

    static func read(_ text: String) throws -> (records: [IngestRecord], error: IngestError?) {
        try read(Array(text.utf8))
    }

    static let valid = """
        <transactionnumber>T1</transactionnumber><date_transaction>2026-01-01T00:00:00</date_transaction>\
        <amount_local>10.00</amount_local><t_from_my_client><from_person><first_name>A</first_name></from_person>\
        </t_from_my_client><t_to><to_account><institution_code>B</institution_code></to_account></t_to>
        """
    static let header = "<report><rentity_id>R</rentity_id><currency_code_local>USD</currency_code_local>"

    /// Item 1: invalid UTF-8 in an element name, a comment and a processing-instruction target
    /// is refused with the byte named, never a crash.
    static let invalidUTF8: [(String, String)] = [("<report><a", "/></report>"), ("<report><!--", "--></report>"), ("<report><?p", " x?></report>")]

    @Test(arguments: 0..<3)
    func invalidUTF8IsRefusedNamingTheByte(index: Int) throws {
        let (before, after) = Self.invalidUTF8[index]
        var bytes: [UInt8] = Array(before.utf8)
        bytes.append(0xE8)
        bytes += Array(after.utf8)
        let (_, error) = try Self.read(bytes)
        let refused = try #require(error)
        #expect(refused.code == .malformed)
        #expect(refused.message.contains("0xE8"), "\(refused)")
        #expect(refused.message.contains("UTF-8"))
        #expect(refused.location?.line == 1)
    }

    /// Item 2: 30,000 levels of nesting (the issue's input) is refused at the depth limit.
    @Test func deepNestingIsRefusedAtTheLimit() throws {
        let d = 30_000
        let text = "<report><transaction>" + String(repeating: "<a>", count: d) + String(repeating: "</a>", count: d)
            + "</transaction></report>\n"
        let (records, error) = try Self.read(text)
        #expect(records.isEmpty)
        let refused = try #require(error)
        #expect(refused.code == .malformed)
        #expect(refused.message.contains("nested more than \(InputLimits.xmlDepth) levels"), "\(refused)")
    }

    /// Item 3: a rejected transaction nested deeply is rejected at once, naming the limit; its
    /// raw text is cut and linear to produce. The issue's 4,000 levels exceed the document limit.
    @Test func deeplyNestedRejectedTransactionIsCheap() throws {
        let d = 200
        let text = Self.header + "<transaction>" + String(repeating: "<a>", count: d) + String(repeating: "</a>", count: d)
            + "</transaction><transaction>\(Self.valid)</transaction></report>\n"
        let (records, error) = try Self.read(text)
        #expect(error == nil)
        #expect(records.count == 2)
        let rejected = try #require(records.first?.rejectedRow)
        #expect(rejected.reason.contains("more than \(InputLimits.transactionDepth) levels"), "\(rejected.reason)")
        #expect(rejected.location.element == "/report/transaction[1]")
        #expect(rejected.raw.utf8.count < 10_000)
        #expect(records[1].transferRow?.transfer.id == "T1")

        let four = "<report><transaction>" + String(repeating: "<a>", count: 4_000) + String(repeating: "</a>", count: 4_000)
            + "</transaction></report>\n"
        #expect(try Self.read(four).error?.code == .malformed)
    }

    /// Item 3: the raw text of a transaction is linear in its size (one buffer, indent per level).
    @Test func rawTextOfANestedTree() {
        let root = XMLNode(name: "transaction")
        var node = root
        for i in 0..<3 {
            let child = XMLNode(name: "n\(i)")
            node.children.append(child)
            node = child
        }
        node.text = " a<b&c "
        #expect(root.xml() == "<transaction>\n  <n0>\n    <n1>\n      <n2>a&lt;b&amp;c</n2>\n    </n1>\n  </n0>\n</transaction>")
    }

    /// Item 4: an undefined entity (`before&x;after`) and an internal entity are refused, never
    /// stored as `before` or `beforeafter`.
    @Test func entitiesAreRefusedNotDropped() throws {
        let undefined = Self.header + "<transaction>\(Self.valid)<transaction_description>before&x;after</transaction_description></transaction></report>"
        let (records, error) = try Self.read(undefined)
        #expect(records.isEmpty)
        #expect(error?.message.contains("undefined entity reference &x;") == true, "\(String(describing: error))")

        let declared = "<?xml version=\"1.0\"?>\n<!DOCTYPE report [<!ENTITY x \"hidden\">]>\n" + Self.header
            + "<transaction>\(Self.valid)<transaction_description>before&x;after</transaction_description></transaction></report>"
        let (none, refused) = try Self.read(declared)
        #expect(none.isEmpty)
        #expect(refused?.message.contains("has a DTD") == true, "\(String(describing: refused))")
        #expect(refused?.location?.line == 2)
    }

    /// Item 5: messages in words, with line, column and element path; no Foundation error text.
    @Test func mismatchedTagMessage() throws {
        let (_, error) = try Self.read("<report>\n<transaction>\n<a></b>\n</transaction></report>")
        let refused = try #require(error)
        #expect(refused.message.contains("mismatched tag: </b> does not close <a>"), "\(refused)")
        #expect(refused.message.contains("column"))
        #expect(refused.location?.line == 3)
        #expect(refused.location?.element == "/report/transaction[1]/a")
        #expect(!refused.description.contains("NSXMLParserErrorDomain"))
    }

    /// Item 5: a quoted value in a reject reason is cut at 200 characters with its length.
    @Test func longQuotedValuesAreCut() {
        let long = String(repeating: "9", count: 1_000_000)
        let cut = MessageText.cutQuotedValues("amount '\(long)x' is not a decimal number")
        #expect(cut == "amount '\(String(repeating: "9", count: 200))…(1000001 characters)' is not a decimal number")
    }

    /// Item 6: a 100 KB field is rejected at the field limit; the next transaction is read.
    @Test func hugeFieldIsRejected() throws {
        let id = String(repeating: "X", count: 100_000)
        let text = Self.header + "<transaction>" + Self.valid.replacingOccurrences(of: ">T1<", with: ">\(id)<")
            + "</transaction><transaction>\(Self.valid)</transaction></report>"
        let (records, error) = try Self.read(text)
        #expect(error == nil)
        #expect(records.count == 2)
        let rejected = try #require(records.first?.rejectedRow)
        #expect(rejected.location.field == "transactionnumber")
        #expect(rejected.reason.contains("longer than the limit of \(InputLimits.fieldBytes) bytes"))
        #expect(rejected.raw.utf8.count <= InputLimits.rawExcerptBytes + 32)
    }
}
