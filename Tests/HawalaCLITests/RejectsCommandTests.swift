import Foundation
import Testing

/// README: "a rejected row is kept with its file, line, field and reason". `hawala ingest` of
/// real fixture files (a CSV with one row per kind of fault, a goAML report with a bad
/// transaction), then `hawala rejects`: every reject with exactly its file, line or XML element
/// path, field and reason, as stored and read back.
@Suite struct RejectsCommandTests {
    static func fixture(_ name: String) -> String { CLIRunner.packageRoot.appendingPathComponent("fixtures/\(name)").path }

    /// `hawala ingest FILE` in a fresh folder, then `hawala rejects --format json`.
    /// - Returns: the folder, and the listed rejects as JSON objects.
    static func ingestAndListRejects(_ file: String) throws -> (CLIRunner, [[String: Any]], String) {
        let cli = try CLIRunner()
        let ingested = try cli.run(["ingest", "--no-progress", file])
        #expect(ingested.status == 0, "\(ingested.stderr)")
        let json = try cli.run(["rejects", "--format", "json"])
        #expect(json.status == 0)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        return (cli, try #require(object["rejects"] as? [[String: Any]]), json.stdout)
    }

    @Test func csvRejectsKeepFileLineFieldAndReason() throws {
        let file = Self.fixture("canonical-rejects.csv")
        let (cli, rejects, json) = try Self.ingestAndListRejects(file)
        let rows = rejects.map { reject -> String in
            let location = reject["location"] as? [String: Any] ?? [:]
            #expect(location["file"] as? String == file)
            #expect(location["element"] == nil)
            return "\(location["line"] as? Int ?? 0)|\(location["field"] as? String ?? "")|\(reject["reason"] as? String ?? "")"
        }
        #expect(rows == [
            "3|sender_broker|missing sender_broker: column 'sender_broker' is empty",
            "4|amount|amount '12x' is not a decimal number; expected digits with '.' as decimal separator",
            "5|timestamp|timestamp 'yesterday' does not match the date format 'iso8601'",
            "6|timestamp|timestamp '2026-02-30T10:00:00Z' is an impossible date or time; expected a real calendar date",
            "7|amount|amount '-5.00' is negative; expected 0 or more",
            "8|amount|amount 'NaN' is not a finite number; expected a decimal amount",
            "9|amount|amount 'inf' is not a finite number; expected a decimal amount",
            "10|currency|currency 'XYZ' is not an ISO 4217 code (expected e.g. USD, EUR, AED, or a name listed in currency_names)",
            "11|receiver_broker|sender and receiver are the same broker 'BRK-A'; expected two different brokers (set allow_self_transfer: true to accept)",
            "12||expected 10 fields as in the header, found 9",
            "13|originator|originator (column 'originator') is not valid utf-8: byte 0xFC at byte offset 992 (line 13); if the file is Windows-1252 or Latin-1, set \"encoding\": \"windows-1252\" (or \"latin1\") in the import specification",
            "14|amount|missing amount: column 'amount' is empty",
        ], "\(json)")
        // The CSV listing has the same rows, one per reject, with the columns it documents.
        let csv = try cli.run(["rejects", "--format", "csv"])
        #expect(csv.stdout.hasPrefix("import_id,file,line,element,field,reason,raw\n1,\(file),3,,sender_broker,"))
        let text = try cli.run(["rejects"])
        #expect(text.stdout.hasSuffix("12 rejected rows\n"), "\(text.stdout)")
    }

    @Test func xmlRejectKeepsItsElementPath() throws {
        let file = Self.fixture("goaml-5-multiparty.xml")
        let (cli, rejects, json) = try Self.ingestAndListRejects(file)
        #expect(rejects.count == 1, "\(json)")
        let location = try #require(rejects.first?["location"] as? [String: Any], "\(json)")
        #expect(location["file"] as? String == file)
        #expect(location["element"] as? String == "/report/transaction[3]")
        #expect(location["field"] as? String == "date_transaction")
        #expect(location["line"] as? Int == 63)  // the line where transaction[3] starts
        let text = try cli.run(["rejects"])
        #expect(
            text.stdout.hasPrefix(
                "import 1 \(file):63 /report/transaction[3]: field date_transaction: date_transaction '2026-06-31T09:00:00' is an impossible date or time"),
            "\(text.stdout)")
    }
}
