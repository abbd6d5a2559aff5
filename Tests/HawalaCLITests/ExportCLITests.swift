import Foundation
import Testing

/// `hawala pki demo` and `hawala open` as a user runs them, on a package made with stock tools
/// (GNU tar + `openssl cms`), since `hawala export` needs the store.
@Suite struct ExportCLITests {
    static func tool(_ name: String) -> String? {
        ["/usr/bin/\(name)", "/bin/\(name)", "/usr/local/bin/\(name)"].first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    @discardableResult
    static func run(_ executable: String, _ arguments: [String], in directory: URL) throws -> (Int32, String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.currentDirectoryURL = directory
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    /// Writes a bag by hand, tars, signs and encrypts it to receiver C (EC) with `openssl cms`.
    /// - Parameters:
    ///   - alsoEncryptTo: more recipient certificates for the envelope only (the custody record
    ///     names C alone).
    ///   - payloadAfterManifest: when set, `data/findings.json` is replaced by this after the
    ///     manifest was written (a bag whose checksum does not match, signed as it is).
    static func stockPackage(
        _ cli: CLIRunner, openssl: String, tar: String, alsoEncryptTo: [String] = [], payloadAfterManifest: String? = nil
    ) throws {
        let dir = cli.directory
        let (_, print) = try run(openssl, ["x509", "-noout", "-fingerprint", "-sha256", "-in", "pki/receiver-c-ec.crt.pem"], in: dir)
        let fingerprint = String(print.split(separator: "=").last ?? "").replacingOccurrences(of: ":", with: "")
            .trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
        let bag = dir.appendingPathComponent("CASE-9-E001")
        try FileManager.default.createDirectory(at: bag.appendingPathComponent("data"), withIntermediateDirectories: true)
        func write(_ name: String, _ text: String) throws { try Data(text.utf8).write(to: bag.appendingPathComponent(name)) }
        func sha(_ name: String) throws -> String {
            String(try run(openssl, ["dgst", "-sha256", "-r", name], in: bag).1.prefix(64))
        }
        try write("data/findings.json", "[]\n")
        try write("bagit.txt", "BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n")
        try write("bag-info.txt", "Source-Organization: Agency A\nExternal-Identifier: CASE-9\nPayload-Oxum: 3.1\n")
        try write("custody.json", """
            {"format": "hawalatrace-custody/1", "export_id": "CASE-9-E001", "case_number": "CASE-9",
             "exported_by": {"name": "Analyst", "role": "Analyst", "agency": "Agency A"},
             "exported_at": "2026-03-01T12:00:00Z", "tool": {"name": "openssl", "version": "3"},
             "selection": {"finding_ids": [], "typologies": [], "brokers": []},
             "recipients": [{"subject": "C", "sha256_fingerprint": "\(fingerprint)", "key_type": "EC"}],
             "password_recipient": false, "content_encryption": "AES-256-GCM", "caveat": "TEST"}
            """)
        try write("manifest-sha256.txt", "\(try sha("data/findings.json"))  data/findings.json\n")
        var tags = ""
        for name in ["bag-info.txt", "bagit.txt", "custody.json", "manifest-sha256.txt"] { tags += "\(try sha(name))  \(name)\n" }
        try write("tagmanifest-sha256.txt", tags)
        if let payloadAfterManifest { try write("data/findings.json", payloadAfterManifest) }
        let steps: [(String, [String])] = [
            (tar, ["-cf", "bag.tar", "CASE-9-E001"]),
            (openssl, ["cms", "-sign", "-binary", "-nodetach", "-md", "sha256", "-in", "bag.tar", "-outform", "DER",
                       "-signer", "pki/exporter.crt.pem", "-inkey", "pki/exporter.key.pem", "-out", "bag.der"]),
            (openssl, ["cms", "-encrypt", "-binary", "-aes-256-gcm", "-in", "bag.der", "-outform", "DER", "-out", "CASE-9-E001.p7m",
                       "-recip", "pki/receiver-c-ec.crt.pem", "-keyopt", "ecdh_kdf_md:sha256"]
                + alsoEncryptTo.flatMap { ["-recip", $0] }),
        ]
        for (executable, arguments) in steps {
            let (status, output) = try run(executable, arguments, in: dir)
            try #require(status == 0, "\(output)")
        }
        try FileManager.default.removeItem(at: bag)
    }

    @Test func pkiDemoThenOpenAStockPackage() throws {
        let openssl = try #require(Self.tool("openssl"))
        let tar = try #require(Self.tool("tar"))
        let cli = try CLIRunner()
        let demo = try cli.run(["pki", "demo", "--out", "pki"])
        #expect(demo.status == 0, "\(demo.stderr)")
        #expect(demo.stderr.contains("NOT FOR REAL CASES"))
        try Self.stockPackage(cli, openssl: openssl, tar: tar)

        let opened = try cli.run([
            "open", "CASE-9-E001.p7m", "--cert", "pki/receiver-c-ec.crt.pem", "--key", "pki/receiver-c-ec.key.pem",
            "--trust", "pki/ca.crt.pem", "--out", "opened",
        ])
        #expect(opened.status == 0, "\(opened.stderr)")
        #expect(opened.stdout.contains("Export:        CASE-9-E001"))
        // No .sha256 beside it: the output says what was therefore not checked (issue 14, item 9).
        #expect(opened.stderr.contains("no CASE-9-E001.p7m.sha256 beside the package"), "\(opened.stderr)")
        #expect(FileManager.default.fileExists(atPath: cli.directory.appendingPathComponent("opened/CASE-9-E001/data/findings.json").path))

        // The wrong key: 10, and nothing extracted.
        let wrongKey = try cli.run([
            "open", "CASE-9-E001.p7m", "--cert", "pki/receiver-b-rsa.crt.pem", "--key", "pki/receiver-b-rsa.key.pem",
            "--trust", "pki/ca.crt.pem", "--out", "wrong",
        ])
        #expect(wrongKey.status == 10, "\(wrongKey.stderr)")
        #expect(!FileManager.default.fileExists(atPath: cli.directory.appendingPathComponent("wrong").path))

        // A trust anchor that did not issue the signer: 11.
        let untrusted = try cli.run([
            "open", "CASE-9-E001.p7m", "--cert", "pki/receiver-c-ec.crt.pem", "--key", "pki/receiver-c-ec.key.pem",
            "--trust", "pki/receiver-b-rsa.crt.pem", "--out", "untrusted", "--format", "json",
        ])
        #expect(untrusted.status == 11, "\(untrusted.stderr)")

        // A damaged file beside its checksum: refused.
        var der = try Data(contentsOf: cli.directory.appendingPathComponent("CASE-9-E001.p7m"))
        der[der.count - 3] ^= 0x10
        try der.write(to: cli.directory.appendingPathComponent("damaged.p7m"))
        let damaged = try cli.run([
            "open", "damaged.p7m", "--cert", "pki/receiver-c-ec.crt.pem", "--key", "pki/receiver-c-ec.key.pem",
            "--trust", "pki/ca.crt.pem", "--out", "damaged",
        ])
        #expect(damaged.status == 10, "\(damaged.stderr)")
    }

    @Test func openOffersOnlyTextAndJSON() throws {
        let cli = try CLIRunner()
        let help = try cli.run(["open", "--help"])
        #expect(help.status == 0)
        #expect(help.stdout.contains("text, json"), "\(help.stdout)")
        #expect(!help.stdout.contains("csv"))
        let csv = try cli.run(["open", "p.p7m", "--password-file", "pw", "--trust", "ca.pem", "--format", "csv"])
        #expect(csv.status == 64)
    }

    @Test func exportRefusesASignerCertificateThatCannotSign() throws {
        let cli = try CLIRunner()
        #expect(try cli.run(["pki", "demo", "--out", "pki"]).status == 0)
        let result = try cli.run([
            "export", "--case", "C1", "--run", "1", "--all", "--signer-cert", "pki/receiver-b-rsa.crt.pem",
            "--signer-key", "pki/receiver-b-rsa.key.pem", "--recipient", "pki/receiver-c-ec.crt.pem", "--out", "out",
        ])
        #expect(result.status == 64, "\(result.stderr)")
        #expect(result.stderr.contains("not for S/MIME signing"), "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: cli.directory.appendingPathComponent("out").path))
    }

    @Test func exportNeedsASelectionAndRecipients() throws {
        let cli = try CLIRunner()
        let result = try cli.run(["export", "--case", "C1", "--signer-cert", "a", "--signer-key", "b", "--out", "o", "--recipient", "r"])
        #expect(result.status == 64)
        #expect(result.stderr.contains("--finding"))
        let both = try cli.run([
            "export", "--case", "C1", "--run", "R", "--all", "--signer-cert", "a", "--signer-key", "b", "--out", "o",
            "--recipient", "r", "--signer-pass-file", "p", "--signer-pass-env", "E",
        ])
        #expect(both.status == 64)
    }
}
