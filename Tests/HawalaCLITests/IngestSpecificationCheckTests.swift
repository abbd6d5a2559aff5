import Foundation
import Testing

@Suite struct IngestSpecificationCheckTests {
    @Test func aBrokenSpecificationIsRefusedEvenForAFileImportedBefore() throws {
        let cli = try CLIRunner()
        let fixture = CLIRunner.packageRoot.appendingPathComponent("fixtures/amlworld-sample.csv").path
        #expect(try cli.run(["ingest", fixture]).status == 0)
        try "name: x\nformat: csv\ntimezone_ofset: \"+04:00\"\n".write(
            to: cli.directory.appendingPathComponent("bad.yaml"), atomically: true, encoding: .utf8)
        let result = try cli.run(["ingest", "--spec", "bad.yaml", fixture])
        #expect(result.status == 78)
        #expect(result.stderr.contains("timezone_ofset"))
    }
}
