import Foundation
import Testing

/// Missing inputs, unwritable outputs and a database without a run, as a new user meets them:
/// clean messages naming the file and what was expected, exit 66 for missing input, 74 for an
/// output that cannot be written, never Foundation's `NSCocoaErrorDomain` text.
@Suite struct FileErrorMessageTests {
    static func expectClean(_ result: CLIRunner.Result, status: Int32, _ phrase: String) {
        #expect(result.status == status, "\(result.stderr)")
        #expect(result.stderr.contains(phrase), "\(result.stderr)")
        #expect(!result.stderr.contains("NSCocoaErrorDomain"), "\(result.stderr)")
        #expect(!result.stderr.contains("Error Domain"), "\(result.stderr)")
    }

    /// An existing database with no analysis run (an empty file: the store creates its schema).
    static func emptyDatabase(_ cli: CLIRunner) throws {
        try Data().write(to: cli.directory.appendingPathComponent("h.sqlite"))
    }

    @Test func openOfAMissingPackageIsNoInput() throws {
        let cli = try CLIRunner()
        let result = try cli.run(["open", "nothere.p7m", "--cert", "c.pem", "--key", "k.pem", "--trust", "ca.pem"])
        Self.expectClean(result, status: 66, "nothere.p7m: no such file; expected an evidence package")
    }

    @Test func exportWithAMissingKeyFileIsNoInput() throws {
        let cli = try CLIRunner()
        let result = try cli.run([
            "export", "--case", "C1", "--run", "1", "--all", "--signer-cert", "s.pem", "--signer-key", "nokey.pem",
            "--recipient", "r.pem", "--out", "o",
        ])
        Self.expectClean(result, status: 66, "nokey.pem: no such file; expected a certificate or key file")
    }

    @Test func exportOpenAndPKIRefuseAFileWhereAFolderIsExpected() throws {
        let cli = try CLIRunner()
        try Data().write(to: cli.directory.appendingPathComponent("afile"))
        Self.expectClean(try cli.run(["pki", "demo", "--out", "afile"]), status: 74, "afile: is a file; give a folder")
        #expect(try cli.run(["pki", "demo", "--out", "pki"]).status == 0)
        let export = try cli.run([
            "export", "--case", "C1", "--run", "1", "--all", "--signer-cert", "pki/exporter.crt.pem",
            "--signer-key", "pki/exporter.key.pem", "--recipient", "pki/receiver-c-ec.crt.pem", "--out", "afile",
        ])
        Self.expectClean(export, status: 74, "afile: is a file; give a folder")
        try Data([1, 2, 3]).write(to: cli.directory.appendingPathComponent("p.p7m"))
        let open = try cli.run([
            "open", "p.p7m", "--cert", "pki/receiver-c-ec.crt.pem", "--key", "pki/receiver-c-ec.key.pem",
            "--trust", "pki/ca.crt.pem", "--out", "afile",
        ])
        Self.expectClean(open, status: 74, "afile: is a file; give a folder")
    }

    @Test func missingRulesFileIsNoInput() throws {
        let cli = try CLIRunner()
        let result = try cli.run(["analyze", "--rules", "nope.yaml"])
        Self.expectClean(result, status: 66, "nope.yaml: no such file; expected a rules file")
    }

    @Test func reportIntoAFolderIsRefusedUpFront() throws {
        let cli = try CLIRunner()
        try FileManager.default.createDirectory(at: cli.directory.appendingPathComponent("SOMEFOLDER"), withIntermediateDirectories: true)
        try Self.emptyDatabase(cli)
        let result = try cli.run(["report", "--db", "h.sqlite", "--out", "SOMEFOLDER"])
        Self.expectClean(result, status: 74, "SOMEFOLDER: is a folder; give a file path")
        let missing = try cli.run(["graph", "--db", "h.sqlite", "--format", "dot", "--out", "no/such/dir/g.dot"])
        Self.expectClean(missing, status: 74, "does not exist")
    }

    @Test func evaluateWithAMissingTruthOrNodesFileIsNoInput() throws {
        let cli = try CLIRunner()
        Self.expectClean(try cli.run(["evaluate", "--truth", "truth.json"]), status: 66, "truth.json: no such file")
        Self.expectClean(try cli.run(["evaluate", "--nodes", "nodes.csv"]), status: 66, "nodes.csv: no such file")
    }

    @Test func readingCommandsWithoutARunSayRunAnalyzeFirst() throws {
        let cli = try CLIRunner()
        try Self.emptyDatabase(cli)
        for arguments in [
            ["report", "--out", "r.html"], ["graph", "--format", "dot", "--out", "g.dot"], ["findings"], ["brokers"],
        ] {
            let result = try cli.run(arguments + ["--db", "h.sqlite"])
            Self.expectClean(result, status: 66, "no analysis run yet; run `hawala analyze` first")
        }
    }
}
