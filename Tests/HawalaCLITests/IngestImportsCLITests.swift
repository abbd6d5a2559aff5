import Foundation
import Testing

/// Issue 10 from the command line: several specs in one command, `--rates`, `imports` and
/// `imports remove`, no empty database after a failed ingest, analyze on an empty database.
@Suite struct IngestImportsCLITests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("fixtures").path

    private func write(_ cli: CLIRunner, _ name: String, _ text: String) throws -> String {
        let url = cli.directory.appendingPathComponent(name)
        try Data(text.utf8).write(to: url)
        return url.path
    }

    @Test func aSpecAppliesToTheFilesAfterIt() throws {
        let cli = try CLIRunner()
        let spec = try write(
            cli, "bank.yaml",
            "name: bank\ncolumns: { timestamp: Date, sender_broker: From, receiver_broker: To, amount: Amount, currency: Ccy }\ndate_format: yyyy-MM-dd\n")
        let a = try write(cli, "a.csv", "Date,From,To,Amount,Ccy\n2026-01-01,A,B,10,USD\n")
        let b = try write(cli, "b.csv", "Date,From,To,Amount,Ccy\n2026-01-02,B,C,20,USD\n")
        let result = try cli.run([
            "ingest", "--spec", spec, a, b, "--spec", "goaml", Self.fixtures + "/goaml-4-biparty.xml", "--format", "json",
        ])
        #expect(result.status == 0, "\(result.stderr)")
        let imports = try cli.run(["imports", "--format", "csv"])
        let lines = imports.stdout.split(separator: "\n")
        #expect(lines.count == 4)
        #expect(lines[1].contains(",bank,"))
        #expect(lines[2].contains(",bank,"))
        #expect(lines[3].contains(",goaml,"))
    }

    @Test func oneSpecStillAppliesToEveryFile() throws {
        let cli = try CLIRunner()
        let a = try write(cli, "a.csv", "transfer_id,timestamp,sender_broker,receiver_broker,amount,currency\nT1,2026-01-01,A,B,1,USD\n")
        let b = try write(cli, "b.csv", "transfer_id,timestamp,sender_broker,receiver_broker,amount,currency\nT2,2026-01-01,A,B,1,USD\n")
        let result = try cli.run(["ingest", a, b, "--spec", "canonical"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("total: imported 2"))
    }

    @Test func ratesLoadWithTheIngestAndCRLFIsRead() throws {
        let cli = try CLIRunner()
        let rates = try write(cli, "rates.csv", "currency,rate\r\nAED,0.2723\r\n")
        let result = try cli.run(["ingest", "--rates", rates, Self.fixtures + "/goaml-4-biparty.xml"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.contains("hawala: stored 1 exchange rate to USD"), "\(result.stderr)")
        #expect(!result.stdout.contains("without exchange rate"), "\(result.stdout)")
        let crlf = try cli.run(["rates", "import", rates])
        #expect(crlf.stdout.contains("stored 1 exchange rate"), "\(crlf.stdout)")
    }

    @Test func aRatesFileWithNoRateIsAnErrorAndLeavesNoDatabase() throws {
        let cli = try CLIRunner()
        let rates = try write(cli, "rates.csv", "currency,rate\r\n")
        let result = try cli.run(["ingest", "--db", "new.sqlite", "--rates", rates, Self.fixtures + "/canonical.csv"])
        #expect(result.status == 65, "\(result.stderr)")
        #expect(result.stderr.contains("holds no exchange rate"))
        #expect(!FileManager.default.fileExists(atPath: cli.directory.appendingPathComponent("new.sqlite").path))
        #expect(try cli.run(["rates", "import", rates]).status == 65)
    }

    @Test func aFailedIngestLeavesNoNewDatabase() throws {
        let cli = try CLIRunner()
        let truncated = Self.fixtures + "/goaml-truncated.xml"
        let result = try cli.run(["ingest", "--db", "new.sqlite", truncated])
        #expect(result.status != 0)
        for suffix in ["", "-wal", "-shm"] {
            #expect(!FileManager.default.fileExists(atPath: cli.directory.appendingPathComponent("new.sqlite" + suffix).path))
        }
    }

    @Test func analyzeOnAnEmptyDatabaseSaysSo() throws {
        let cli = try CLIRunner()
        let empty = try write(cli, "empty.csv", "transfer_id,timestamp,sender_broker,receiver_broker,amount,currency\n")
        #expect(try cli.run(["ingest", empty]).status == 0)
        let result = try cli.run(["analyze"])
        #expect(result.status == 66, "\(result.stderr)")
        #expect(result.stderr.contains("holds no transfers"), "\(result.stderr)")
    }

    @Test func removeAnImportAndReadItAgain() throws {
        let cli = try CLIRunner()
        let header = "transfer_id,timestamp,sender_broker,receiver_broker,amount,currency\n"
        let a = try write(cli, "a.csv", header + "T1,2026-01-01,A,B,1,USD\nT2,2026-01-02,B,C,2,USD\nT3,2026-01-03,C,A,x,USD\n")
        let b = try write(cli, "b.csv", header + "T2,2026-01-02,B,C,2,USD\nT4,2026-01-04,A,C,4,USD\n")
        #expect(try cli.run(["ingest", a, b]).status == 0)
        #expect(try cli.run(["analyze"]).status == 0)
        let removed = try cli.run(["imports", "remove", "1"])
        #expect(removed.status == 0, "\(removed.stderr)")
        #expect(removed.stdout.contains("1 transfers deleted, 1 kept (also held by another import), 1 rejects"), "\(removed.stdout)")
        #expect(removed.stderr.contains("analysis run 1 covered this import"))
        let transfers = try cli.run(["transfers", "--format", "csv"])
        #expect(transfers.stdout.split(separator: "\n").map { $0.prefix(3) }.dropFirst() == ["T2,", "T4,"])
        #expect(try cli.run(["rejects"]).stdout.contains("no rejected rows"))
        let again = try cli.run(["ingest", a])
        #expect(again.stdout.contains("imported 1, duplicates 1, rejected 1"), "\(again.stdout)")
        let list = try cli.run(["imports"])
        #expect(list.stdout.contains("#2 "))
        #expect(list.stdout.contains("#3 "))
        #expect(!list.stdout.contains("#1 "))
        #expect(try cli.run(["imports", "remove", "1"]).status != 0)
    }

    // MARK: Item 11, the small things

    @Test func everyCommandTakesDb() throws {
        let cli = try CLIRunner()
        for command in [["rules"], ["specs"], ["specs", "show", "canonical"], ["pki", "demo", "--out", "pki"]] {
            let result = try cli.run(command + ["--db", "x.sqlite"])
            #expect(result.status == 0, "\(command): \(result.stderr)")
        }
    }

    @Test func undetectedFormatExits65WithTheSpecs() throws {
        let cli = try CLIRunner()
        let file = try write(cli, "u.csv", "a,b\n1,2\n")
        let result = try cli.run(["ingest", file])
        #expect(result.status == 65)
        #expect(result.stderr.contains("built-ins: canonical, amlsim"), "\(result.stderr)")
    }

    @Test func brokerRegisterWithBrokerIDIsDetected() throws {
        let cli = try CLIRunner()
        let file = try write(cli, "reg.csv", "broker_id,name,country\nB1,Alpha Exchange,AE\n")
        let result = try cli.run(["ingest", file])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("broker register, recorded 1 brokers"))
    }

    @Test func danglingOutputSymlinkGetsAPlainMessage() throws {
        let cli = try CLIRunner()
        let link = cli.directory.appendingPathComponent("out.html").path
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: "/nonexistent-hawala/out.html")
        let result = try cli.run(["report", "--out", "out.html"])
        #expect(result.status == 74)
        #expect(result.stderr.contains("is a symbolic link to /nonexistent-hawala/out.html, which does not exist"), "\(result.stderr)")
        #expect(!result.stderr.contains("NSCocoaErrorDomain"))
    }

    @Test func brokersReportAndGraphSpeakLikeTheOtherCommands() throws {
        let cli = try CLIRunner()
        let header = "transfer_id,timestamp,sender_broker,receiver_broker,amount,currency\n"
        var rows = header
        for i in 0..<6 { rows += "T\(i),2026-01-0\(i + 1)T10:00:00Z,F\(i),HUB,9000,USD\n" }
        let file = try write(cli, "fan.csv", rows)
        #expect(try cli.run(["ingest", file]).status == 0)
        #expect(try cli.run(["analyze"]).status == 0)
        let json = try cli.run(["brokers", "--format", "json"])
        #expect(json.status == 0, "\(json.stderr)")
        #expect(json.stdout.contains("\"brokers\""))
        let report = try cli.run(["report", "--out", "r.html"])
        #expect(report.stderr.hasPrefix("hawala: wrote r.html"), "\(report.stderr)")
        let graph = try cli.run(["graph", "--format", "dot", "--out", "g.dot"])
        #expect(graph.stderr.hasPrefix("hawala: wrote g.dot"), "\(graph.stderr)")
    }
}
