import Foundation
import Testing

/// `hawala export` and `hawala open` end to end, as docs/export.md describes them: the
/// `NAME.p7m.sha256` sidecar beside the package, each refusal's exit status (10–13) with no
/// output folder created, a tampered `--cbc` package refused, and no plaintext written
/// anywhere: every command runs with a private, empty TMPDIR that must stay empty.
@Suite struct EvidencePackageCLITests {
    /// A working folder with a database (ingested and analysed), the demo PKI, and a private TMPDIR.
    struct Setup {
        let cli: CLIRunner
        let tmp: URL

        init() throws {
            cli = try CLIRunner()
            tmp = cli.directory.appendingPathComponent("private-tmp")
            try FileManager.default.createDirectory(at: tmp, withIntermediateDirectories: true)
            try KillAtPhaseTests.big.write(to: cli.directory.appendingPathComponent("big.csv"), atomically: true, encoding: .utf8)
            for arguments in [["ingest", "--no-progress", "big.csv"], ["analyze", "--threads", "1"], ["pki", "demo", "--out", "pki"]] {
                let result = try run(arguments)
                try #require(result.status == 0, "\(arguments): \(result.stderr)")
            }
        }

        /// Runs `hawala ARGS` with TMPDIR set to the private folder.
        @discardableResult
        func run(_ arguments: [String]) throws -> CLIRunner.Result {
            try cli.run(arguments, environment: ["TMPDIR": tmp.path])
        }

        /// Exports every finding of run 1 to the given recipients into `out`.
        func export(to recipients: [String], out: String = "packages", extra: [String] = []) throws -> CLIRunner.Result {
            try run(
                ["export", "--case", "CASE-7", "--run", "1", "--all", "--signer-cert", "pki/exporter.crt.pem",
                 "--signer-key", "pki/exporter.key.pem", "--out", out] + recipients.flatMap { ["--recipient", "pki/\($0).crt.pem"] }
                    + extra)
        }

        /// Opens `package` as `party` into `out`.
        func open(_ package: String, as party: String, out: String) throws -> CLIRunner.Result {
            try run([
                "open", package, "--cert", "pki/\(party).crt.pem", "--key", "pki/\(party).key.pem", "--trust", "pki/ca.crt.pem",
                "--out", out,
            ])
        }

        func exists(_ path: String) -> Bool {
            FileManager.default.fileExists(atPath: cli.directory.appendingPathComponent(path).path)
        }

        /// What is left in the private TMPDIR.
        var leftInTMPDIR: [String] { (try? FileManager.default.contentsOfDirectory(atPath: tmp.path)) ?? ["(unreadable)"] }

        func data(_ path: String) throws -> Data { try Data(contentsOf: cli.directory.appendingPathComponent(path)) }
        func write(_ data: Data, _ path: String) throws { try data.write(to: cli.directory.appendingPathComponent(path)) }
    }

    /// `sha256sum`'s hex digest of a file (coreutils, independent of our OpenSSL code).
    static func sha256sum(_ file: URL) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["sha256sum", file.path]
        let out = Pipe()
        process.standardOutput = out
        try process.run()
        let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return String(text.prefix(64))
    }

    @Test func exportWritesThePackageAndItsSHA256Sidecar() throws {
        let setup = try Setup()
        let exported = try setup.export(to: ["receiver-b-rsa"])
        #expect(exported.status == 0, "\(exported.stderr)")
        let package = setup.cli.directory.appendingPathComponent("packages/CASE-7-E001.p7m")
        let sidecar = try String(contentsOf: URL(fileURLWithPath: package.path + ".sha256"), encoding: .utf8)
        let digest = try Self.sha256sum(package)
        #expect(sidecar == "\(digest)  CASE-7-E001.p7m\n")
        #expect(exported.stdout.contains("package: \(package.path)\n"), "\(exported.stdout)")
        #expect(exported.stdout.contains("sha256: \(digest)"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: package.deletingLastPathComponent().path).sorted()
            == ["CASE-7-E001.p7m", "CASE-7-E001.p7m.sha256"])
        // `sha256sum -c` accepts the sidecar as written (run in the package's folder).
        let check = Process()
        check.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        check.arguments = ["sha256sum", "--status", "-c", "CASE-7-E001.p7m.sha256"]
        check.currentDirectoryURL = package.deletingLastPathComponent()
        try check.run()
        check.waitUntilExit()
        #expect(check.terminationStatus == 0)
        // It opens, and the receiver sees the bag.
        let opened = try setup.open("packages/CASE-7-E001.p7m", as: "receiver-b-rsa", out: "received")
        #expect(opened.status == 0, "\(opened.stderr)")
        #expect(setup.exists("received/CASE-7-E001/data/findings.json"))
        #expect(setup.leftInTMPDIR.isEmpty, "left in TMPDIR: \(setup.leftInTMPDIR)")
    }

    @Test func eachRefusalHasItsStatusAndCreatesNoOutputFolder() throws {
        let setup = try Setup()
        #expect(try setup.export(to: ["receiver-b-rsa"]).status == 0)
        let good = try setup.data("packages/CASE-7-E001.p7m")

        // 10: not a recipient.
        let notRecipient = try setup.open("packages/CASE-7-E001.p7m", as: "receiver-c-ec", out: "out10")
        #expect(notRecipient.status == 10, "\(notRecipient.stderr)")
        #expect(!setup.exists("out10"))

        // 11: a trust anchor that did not issue the signer.
        let untrusted = try setup.run([
            "open", "packages/CASE-7-E001.p7m", "--cert", "pki/receiver-b-rsa.crt.pem", "--key", "pki/receiver-b-rsa.key.pem",
            "--trust", "pki/receiver-c-ec.crt.pem", "--out", "out11",
        ])
        #expect(untrusted.status == 11, "\(untrusted.stderr)")
        #expect(!setup.exists("out11"))

        // 12: the package beside a sidecar that does not match it (altered after export).
        try FileManager.default.createDirectory(at: setup.cli.directory.appendingPathComponent("altered"), withIntermediateDirectories: true)
        try setup.write(good, "altered/CASE-7-E001.p7m")
        try setup.write(Data("\(String(repeating: "0", count: 64))  CASE-7-E001.p7m\n".utf8), "altered/CASE-7-E001.p7m.sha256")
        let altered = try setup.open("altered/CASE-7-E001.p7m", as: "receiver-b-rsa", out: "out12")
        #expect(altered.status == 12, "\(altered.stderr)")
        #expect(altered.stderr.contains("altered after export"), "\(altered.stderr)")
        #expect(!setup.exists("out12"))

        // 13: encrypted to B and C, but the signed custody record names only C (stock tools).
        let tar = try #require(ExportCLITests.tool("tar"))
        let openssl = try #require(ExportCLITests.tool("openssl"))
        try ExportCLITests.stockPackage(setup.cli, openssl: openssl, tar: tar, alsoEncryptTo: ["pki/receiver-b-rsa.crt.pem"])
        let notAddressed = try setup.open("CASE-9-E001.p7m", as: "receiver-b-rsa", out: "out13")
        #expect(notAddressed.status == 13, "\(notAddressed.stderr)")
        #expect(!setup.exists("out13"))
        // C, who is named, opens the same file.
        #expect(try setup.open("CASE-9-E001.p7m", as: "receiver-c-ec", out: "outC").status == 0)

        // 12 again: a bag whose manifest does not match its payload (signed as it is).
        try FileManager.default.removeItem(at: setup.cli.directory.appendingPathComponent("CASE-9-E001.p7m"))
        try ExportCLITests.stockPackage(setup.cli, openssl: openssl, tar: tar, payloadAfterManifest: "{}\n")
        let badBag = try setup.open("CASE-9-E001.p7m", as: "receiver-c-ec", out: "out12b")
        #expect(badBag.status == 12, "\(badBag.stderr)")
        #expect(badBag.stderr.contains("data/findings.json"), "\(badBag.stderr)")
        #expect(!setup.exists("out12b"))

        #expect(setup.leftInTMPDIR.isEmpty, "plaintext left in TMPDIR: \(setup.leftInTMPDIR)")
    }

    /// AES-256-CBC has no authentication tag: a flipped ciphertext byte decrypts to garbage,
    /// which the signature (11), the DER parser or padding (10), or the sidecar (12) must refuse.
    @Test func tamperedCBCPackageIsRefused() throws {
        let setup = try Setup()
        let exported = try setup.export(to: ["receiver-b-rsa"], extra: ["--cbc"])
        #expect(exported.status == 0, "\(exported.stderr)")
        let good = try setup.data("packages/CASE-7-E001.p7m")
        let opened = try setup.open("packages/CASE-7-E001.p7m", as: "receiver-b-rsa", out: "ok")
        #expect(opened.status == 0, "\(opened.stderr)")
        #expect(opened.stdout.contains("AES-256-CBC"), "\(opened.stdout)")
        for (i, position) in [good.count - 1, good.count - 17, good.count - 100, good.count / 2, good.count - good.count / 4].enumerated() {
            var der = good
            der[position] ^= 0x01
            let folder = "tampered\(i)"
            try FileManager.default.createDirectory(at: setup.cli.directory.appendingPathComponent(folder), withIntermediateDirectories: true)
            try setup.write(der, "\(folder)/CASE-7-E001.p7m")
            // Without the sidecar: the cipher text alone must be refused.
            let result = try setup.open("\(folder)/CASE-7-E001.p7m", as: "receiver-b-rsa", out: "out\(i)")
            #expect([10, 11, 12].contains(result.status), "flip at \(position): status \(result.status) \(result.stderr)")
            #expect(!setup.exists("out\(i)"), "flip at \(position)")
        }
        #expect(setup.leftInTMPDIR.isEmpty, "plaintext left in TMPDIR: \(setup.leftInTMPDIR)")
    }
}
