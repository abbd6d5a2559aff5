import Foundation
import Testing

/// Review, networks and cases as a user runs them (docs/cases.md), on a small simulated set.
@Suite struct CaseCommandTests {
    /// Simulates, ingests and analyses twice; returns the runner.
    static func analysedTwice() throws -> CLIRunner {
        let cli = try CLIRunner()
        for arguments in [
            ["simulate", "--out", "sim", "--seed", "4", "--brokers", "300", "--transfers", "3000", "--days", "20", "--no-progress",
             "--format", "csv", "--currencies", "USD", "--plant", "cycle=2", "fan_in=2", "scatter_gather=1",
             "gather_scatter=1", "structuring=1", "rapid_pass_through=1", "volume_spike=1", "settlement_imbalance=1", "fan_out=1"],
            ["ingest", "sim/brokers.csv", "sim/transfers.csv"],
            ["analyze"],
        ] {
            let result = try cli.run(arguments)
            try #require(result.status == 0, "\(arguments): \(result.stderr)")
        }
        return cli
    }

    /// Ids and keys of `findings --status open` (all findings before any review).
    static func keys(_ cli: CLIRunner, run: String) throws -> [String: String] {
        let result = try cli.run(["findings", "--run", run, "--status", "open"])
        try #require(result.status == 0, "\(result.stderr)")
        var keys: [String: String] = [:]
        for line in result.stdout.split(separator: "\n").dropFirst() {
            let cells = line.split(separator: " ", omittingEmptySubsequences: true)
            keys[String(cells[0])] = String(cells[1])
        }
        return keys
    }

    @Test func identityReviewNetworksAndACaseExportedWithItsNotesAndReviews() throws {
        let cli = try Self.analysedTwice()
        let second = try cli.run(["analyze"])
        #expect(second.status == 0, "\(second.stderr)")
        let first = try Self.keys(cli, run: "1")
        #expect(!first.isEmpty)
        // Same data, same keys.
        #expect(try Self.keys(cli, run: "2") == first)
        #expect(second.stdout.contains("0 new, 0 grown, \(first.count) unchanged, 0 gone since run 1"), "\(second.stdout)")
        #expect(try cli.run(["findings", "--new-since", "1"]).stdout.split(separator: "\n").count == 1)

        // Review: dismiss one, by key; it leaves the default listing.
        let (dismissedID, dismissedKey) = first.sorted { $0.key < $1.key }[0]
        let review = try cli.run(["review", dismissedKey, "--status", "dismissed", "--note", "licensed exchange house", "--by", "analyst-1"])
        #expect(review.status == 0, "\(review.stderr)")
        #expect(review.stdout.contains("open -> dismissed"))
        #expect(!(try cli.run(["findings"]).stdout.contains(dismissedID + " ")))
        #expect(try cli.run(["findings", "--status", "dismissed"]).stdout.contains(dismissedKey))
        // The CLI cannot change the log: there is no such option, and a bad status writes nothing.
        #expect(try cli.run(["review", "--delete", "1"]).status == 64)
        #expect(try cli.run(["review", dismissedID, "--status", "deleted"]).status == 64)
        let log = try cli.run(["review", "--log"])
        #expect(log.stdout.split(separator: "\n").count == 2, "\(log.stdout)")
        #expect(log.stdout.contains("licensed exchange house"))

        // Networks.
        let networks = try cli.run(["networks"])
        #expect(networks.status == 0, "\(networks.stderr)")
        #expect(networks.stdout.hasPrefix("run 2: "))
        let json = try cli.run(["networks", "--format", "json"])
        let document = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any]
        #expect(document?["run"] as? String == "2")
        #expect(((document?["networks"] as? [[String: Any]])?.first?["number"] as? Int) == 1)
        let show = try cli.run(["networks", "show", "1", "--svg", "n1.svg"])
        #expect(show.status == 0, "\(show.stderr)")
        #expect(show.stdout.contains("brokers:"))
        let svg = try String(contentsOf: cli.directory.appendingPathComponent("n1.svg"), encoding: .utf8)
        #expect(svg.contains("<svg xmlns=\"http://www.w3.org/2000/svg\""))
        #expect(try cli.run(["networks", "show", "999"]).status == 64)

        // The report of the run: every internal link has its anchor (also with --typology,
        // which used to leave top brokers linking to sections that were not there).
        for arguments in [["report", "--out", "r.html"], ["report", "--typology", "cycle", "--out", "r.html"]] {
            #expect(try cli.run(arguments).status == 0)
            let html = try String(contentsOf: cli.directory.appendingPathComponent("r.html"), encoding: .utf8)
            let ids = Set(html.matches(of: /id="([^"]+)"/).map { String($0.1) })
            let links = html.matches(of: /href="#([^"]+)"/).map { String($0.1) }
            #expect(!links.isEmpty)
            #expect(links.filter { !ids.contains($0) } == [], "\(arguments)")
            #expect(html.contains("<title>HawalaTrace report · run 2</title>"))
        }

        // A case: a network, a note, a reviewed finding added, then exported and opened.
        let open = try cli.run(["case", "open", "CASE-1", "--network", "1", "--note", "opened after STR batch 17", "--by", "analyst-1"])
        #expect(open.status == 0, "\(open.stderr)")
        #expect(try cli.run(["case", "open", "CASE-1", "--network", "1"]).status == 64)
        let add = try cli.run(["case", "add", "CASE-1", "--finding", dismissedKey, "--note", "same courier", "--by", "analyst-2"])
        #expect(add.status == 0, "\(add.stderr)")
        #expect(try cli.run(["case", "list"]).stdout.contains("CASE-1"))
        let caseShow = try cli.run(["case", "show", "CASE-1"])
        #expect(caseShow.stdout.contains("same courier"), "\(caseShow.stdout)")
        #expect(caseShow.stdout.contains("dismissed"), "\(caseShow.stdout)")

        try #require(try cli.run(["pki", "demo", "--out", "pki"]).status == 0)
        let export = try cli.run([
            "export", "--case", "CASE-1", "--signer-cert", "pki/exporter.crt.pem", "--signer-key", "pki/exporter.key.pem",
            "--recipient", "pki/receiver-b-rsa.crt.pem", "--out", "packages",
        ])
        #expect(export.status == 0, "\(export.stderr)")
        let opened = try cli.run([
            "open", "packages/CASE-1-E001.p7m", "--cert", "pki/receiver-b-rsa.crt.pem", "--key", "pki/receiver-b-rsa.key.pem",
            "--trust", "pki/ca.crt.pem", "--out", "received",
        ])
        #expect(opened.status == 0, "\(opened.stderr)")
        #expect(opened.stdout.contains("Case file:     CASE-1, opened by analyst-1"), "\(opened.stdout)")
        #expect(opened.stdout.contains("Case note:     opened after STR batch 17 (analyst-1"))
        #expect(opened.stdout.contains("Case note:     same courier (analyst-2"))
        #expect(opened.stdout.contains("open -> dismissed by analyst-1"), "\(opened.stdout)")
        #expect(opened.stdout.contains("licensed exchange house"))
        let custody = try String(
            contentsOf: cli.directory.appendingPathComponent("received/CASE-1-E001/custody.json"), encoding: .utf8)
        #expect(custody.contains("\"finding_key\" : \"\(dismissedKey)\""), "\(custody)")
    }

    @Test func reviewNeedsAStatusAndAFinding() throws {
        let cli = try CLIRunner()
        #expect(try cli.run(["review", "F-000001"]).status == 64)
        #expect(try cli.run(["review", "--status", "confirmed"]).status == 64)
        #expect(try cli.run(["findings", "--status", "closed"]).status == 64)
        #expect(try cli.run(["case", "show", "NOPE"]).status == 66)  // no database yet
    }
}

/// The review log stays as written even from the `sqlite3` shell (triggers in the database).
@Suite struct ReviewLogShellTests {
    static var hasSQLite3: Bool { FileManager.default.isExecutableFile(atPath: "/usr/bin/sqlite3") }

    @Test(.enabled(if: ReviewLogShellTests.hasSQLite3, "needs the sqlite3 shell (Debian package sqlite3)"))
    func sqlite3CannotChangeOrDeleteAReview() throws {
        let cli = try CaseCommandTests.analysedTwice()
        let keys = try CaseCommandTests.keys(cli, run: "1")
        let key = try #require(keys.values.sorted().first)
        #expect(try cli.run(["review", key, "--status", "dismissed", "--note", "checked", "--by", "a"]).status == 0)
        for sql in ["UPDATE reviews SET to_status = 'confirmed';", "DELETE FROM reviews;"] {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/sqlite3")
            process.arguments = [cli.directory.appendingPathComponent("hawala.sqlite").path, sql]
            process.standardError = Pipe()
            try process.run()
            process.waitUntilExit()
            #expect(process.terminationStatus != 0, "\(sql) was allowed")
        }
        let log = try cli.run(["review", "--log"])
        #expect(log.stdout.contains("open -> dismissed"), "\(log.stdout)")
        #expect(log.stdout.split(separator: "\n").count == 2)
    }
}
