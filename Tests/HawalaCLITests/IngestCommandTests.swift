import Foundation
import Testing

/// `hawala stats`, `rejects`, `rates` and the error paths of `ingest`, on the built binary.
/// (Ingest of real files is tested once the readers are merged; here rows come from the
/// hidden `_import-synthetic` command, through the same Importer.)
@Suite struct IngestCommandTests {
    @Test func statsRejectsAndRates() throws {
        let cli = try CLIRunner()
        let imported = try cli.run(["_import-synthetic", "--rows", "200", "--reject-every", "50"])
        #expect(imported.status == 0, "\(imported.stderr)")
        #expect(imported.stdout.contains("\"imported\" : 196"))
        #expect(FileManager.default.fileExists(atPath: cli.directory.appendingPathComponent("hawala.sqlite").path))

        let again = try cli.run(["_import-synthetic", "--rows", "200", "--reject-every", "50"])
        #expect(again.stdout.contains("\"already_imported\" : true"))

        let stats = try cli.run(["stats"])
        #expect(stats.status == 0)
        #expect(stats.stdout.contains("transfers:     196"))
        #expect(stats.stdout.contains("rejects:       4"))
        #expect(stats.stdout.contains("time span:     2026-01-01T00:00:00Z"))

        let text = try cli.run(["rejects"])
        #expect(text.stdout.split(separator: "\n").first == "import 1 synthetic:0:200:50:51: field amount: amount '-5' is negative")
        #expect(text.stdout.contains("4 rejected rows"))
        let csv = try cli.run(["rejects", "--format", "csv", "--import", "1"])
        #expect(csv.stdout.split(separator: "\n").first == "import_id,file,line,element,field,reason,raw")
        #expect(csv.stdout.split(separator: "\n").count == 5)
        let json = try cli.run(["rejects", "--format", "json"])
        #expect(json.stdout.contains("\"reason\" : \"amount '-5' is negative\""))
        let missing = try cli.run(["rejects", "--import", "42"])
        #expect(missing.status == 64)
        #expect(missing.stderr.contains("no import with id 42"))

        // 36 of the 196 transfers are AED or EUR: without a rate, flagged; after `rates import`, converted.
        #expect(stats.stdout.contains("no rate:       36"))
        let ratesFile = cli.directory.appendingPathComponent("rates.csv")
        try Data("currency,rate,date\nAED,0.2723\nEUR,1.08,2025-01-01\n".utf8).write(to: ratesFile)
        let rates = try cli.run(["rates", "import", ratesFile.path])
        #expect(rates.status == 0, "\(rates.stderr)")
        #expect(rates.stdout.contains("stored 2 exchange rates to USD; 36 stored transfers now have a reporting amount"))
        let after = try cli.run(["stats", "--format", "json"])
        #expect(after.stdout.contains("\"without_reporting_amount\" : 0"))
        let list = try cli.run(["rates", "list", "--format", "csv"])
        #expect(list.stdout.contains("AED,0.2723,") && list.stdout.contains("EUR,1.08,2025-01-01"))
        let table = try cli.run(["rates", "list"])
        #expect(table.stdout.split(separator: "\n").map(String.init) == [
            "currency    rate  valid from",
            "AED       0.2723  always",
            "EUR         1.08  2025-01-01",
        ])
    }

    @Test func badRatesFileNamesLineAndField() throws {
        let cli = try CLIRunner()
        let ratesFile = cli.directory.appendingPathComponent("rates.csv")
        try Data("AED,0.27\nXYZ,1\n".utf8).write(to: ratesFile)
        let result = try cli.run(["rates", "import", ratesFile.path])
        #expect(result.status == 65)
        #expect(result.stderr.contains("rates.csv:2 (field currency)"))
        #expect(try cli.run(["rates", "import", "nope.csv"]).status == 66)
        try Data("currency;rate;date\nAED;0,27;2025-01-01\n".utf8).write(to: ratesFile)
        let semicolons = try cli.run(["rates", "import", ratesFile.path])
        #expect(semicolons.status == 65)
        #expect(semicolons.stderr.contains("separated by semicolons"), "\(semicolons.stderr)")
    }

    @Test func ingestErrors() throws {
        let cli = try CLIRunner()
        let missing = try cli.run(["ingest", "no-such-file.csv"])
        #expect(missing.status == 66)
        #expect(missing.stderr.contains("no-such-file.csv"))
        #expect(try cli.run(["ingest"]).status == 64)
        #expect(try cli.run(["ingest", "--reporting-currency", "XYZ", "a.csv"]).status == 64)
        #expect(try cli.run(["ingest", "--format", "csv", "a.csv"]).status == 64)
    }

    @Test func readingCommandsRefuseAMissingDatabase() throws {
        let cli = try CLIRunner()
        for command in [["stats"], ["rejects"], ["rates", "list"]] {
            let result = try cli.run(command + ["--db", "typo.sqlite"])
            #expect(result.status == 66, "\(command)")
            #expect(result.stderr.contains("no database here"), "\(result.stderr)")
            #expect(!result.stderr.contains("StoreError"))
        }
        #expect(!FileManager.default.fileExists(atPath: cli.directory.appendingPathComponent("typo.sqlite").path))
    }

    @Test func formatOptionsListOnlyWhatWorks() throws {
        let cli = try CLIRunner()
        #expect(try cli.run(["stats", "--format", "csv"]).status == 64)
        for command in ["ingest", "stats"] {
            let help = try cli.run([command, "--help"])
            #expect(help.stdout.contains("text|json") || help.stdout.contains("values: text, json"), "\(help.stdout)")
            #expect(!help.stdout.contains("csv"), "\(help.stdout)")
        }
        let specs = try cli.run(["specs"])
        #expect(specs.stdout.contains("brokers"))
        let show = try cli.run(["specs", "show", "brokers"])
        #expect(show.status == 0 && show.stdout.contains("id,name,country,licence"))
    }

    @Test func strictSyntheticImportExits65AndLeavesNothing() throws {
        let cli = try CLIRunner()
        let result = try cli.run(["_import-synthetic", "--rows", "100", "--reject-every", "30", "--strict"])
        #expect(result.status == 65)
        #expect(result.stderr.contains(":31 (field amount)"))
        let stats = try cli.run(["stats", "--format", "json"])
        #expect(stats.stdout.contains("\"transfers\" : 0"))
        #expect(stats.stdout.contains("\"imports\" : 0"))
    }
}
