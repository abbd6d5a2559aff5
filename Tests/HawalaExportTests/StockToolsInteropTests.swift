import Foundation
import HawalaCore
import HawalaTestSupport
import Testing

@testable import HawalaExport

/// Packages against the stock `openssl cms` command, GNU tar and the Library of Congress BagIt
/// validator: the commands of docs/export.md, run as a receiving agency would.
@Suite struct StockToolsInteropTests {
    /// Writes the demo PKI and one package for B and C into a fresh folder.
    static func setUp() throws -> (dir: URL, pki: DemoPKI, package: URL) {
        let dir = try Fixture.directory()
        let pki = try Fixture.pki()
        try pki.write(to: dir.appendingPathComponent("pki"))
        let built = try EvidencePackage.build(try Fixture.request(), signer: try Fixture.signer(), recipients: try Fixture.bothRecipients())
        let files = try EvidencePackage.write(built, to: dir)
        return (dir, pki, files.package)
    }

    @Test func stockOpenSSLDecryptsAndVerifiesOurPackage() throws {
        let openssl = try #require(Tool.find("openssl"), "openssl is not installed")
        let (dir, pki, package) = try Self.setUp()
        for party in [pki.receiverRSA, pki.receiverEC] {
            let decrypt = try Tool.run(openssl, [
                "cms", "-decrypt", "-binary", "-inform", "DER", "-in", package.lastPathComponent,
                "-recip", "pki/\(party.certificateFile)", "-inkey", "pki/\(party.keyFile)", "-out", "PKG.signed.der",
            ], in: dir)
            #expect(decrypt.status == 0, "\(decrypt.output)")
            let verify = try Tool.run(openssl, [
                "cms", "-verify", "-binary", "-inform", "DER", "-in", "PKG.signed.der", "-CAfile", "pki/ca.crt.pem",
                "-no-CApath", "-no-CAstore", "-out", "PKG.tar",
            ], in: dir)
            #expect(verify.status == 0, "\(verify.output)")
            let tar = try Data(contentsOf: dir.appendingPathComponent("PKG.tar"))
            let request = try Fixture.request()
            #expect(tar == (try EvidencePackage.tar(request, custody: EvidencePackage.custodyRecord(for: request, recipients: try Fixture.bothRecipients()))))
        }
        // The CBC variant too.
        let cbc = try EvidencePackage.build(
            try Fixture.request(id: "CASE-2026-0042-E002"), signer: try Fixture.signer(),
            recipients: try Fixture.bothRecipients(cipher: .aes256CBC))
        try EvidencePackage.write(cbc, to: dir)
        let decrypt = try Tool.run(openssl, [
            "cms", "-decrypt", "-binary", "-inform", "DER", "-in", "CASE-2026-0042-E002.p7m",
            "-recip", "pki/receiver-c-ec.crt.pem", "-inkey", "pki/receiver-c-ec.key.pem", "-out", "cbc.der",
        ], in: dir)
        #expect(decrypt.status == 0, "\(decrypt.output)")
        // The sidecar works with sha256sum -c.
        if let sha256sum = Tool.find("sha256sum") {
            let check = try Tool.run(sha256sum, ["-c", "\(package.lastPathComponent).sha256"], in: dir)
            #expect(check.status == 0, "\(check.output)")
        }
    }

    @Test func stockOpenSSLDecryptsThePasswordRecipient() throws {
        let openssl = try #require(Tool.find("openssl"), "openssl is not installed")
        let dir = try Fixture.directory()
        var bytes = Array("a long shared passphrase".utf8)
        let built = try EvidencePackage.build(
            try Fixture.request(), signer: try Fixture.signer(),
            recipients: RecipientSet(certificates: [], password: Secret(bytes: &bytes)))
        try EvidencePackage.write(built, to: dir)
        let decrypt = try Tool.run(openssl, [
            "cms", "-decrypt", "-binary", "-inform", "DER", "-in", "CASE-2026-0042-E001.p7m",
            "-pwri_password", "a long shared passphrase", "-out", "signed.der",
        ], in: dir)
        #expect(decrypt.status == 0, "\(decrypt.output)")
    }

    @Test func ourOpenAcceptsAPackageMadeWithStockTools() throws {
        let openssl = try #require(Tool.find("openssl"), "openssl is not installed")
        let tar = try #require(Tool.find("tar"), "tar is not installed")
        let (dir, pki, _) = try Self.setUp()
        // Write the bag as files, tar it with GNU tar, sign and encrypt with `openssl cms`.
        let request = try Fixture.request(id: "CASE-2026-0042-E009")
        let recipients = try Fixture.bothRecipients()
        let entries = try TarArchive.read(try EvidencePackage.tar(request, custody: EvidencePackage.custodyRecord(for: request, recipients: recipients)))
        let work = dir.appendingPathComponent("stock")
        for entry in entries {
            let url = work.appendingPathComponent(entry.path)
            if entry.kind == .directory {
                try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
            } else {
                try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                try entry.data.write(to: url)
            }
        }
        let steps: [(String, [String])] = [
            (tar, ["-cf", "bag.tar", "CASE-2026-0042-E009"]),
            (openssl, ["cms", "-sign", "-binary", "-nodetach", "-md", "sha256", "-in", "bag.tar", "-outform", "DER",
                       "-signer", "../pki/exporter.crt.pem", "-inkey", "../pki/exporter.key.pem", "-out", "bag.signed.der"]),
            (openssl, ["cms", "-encrypt", "-binary", "-aes-256-gcm", "-in", "bag.signed.der", "-outform", "DER",
                       "-out", "stock.p7m", "-recip", "../pki/receiver-b-rsa.crt.pem",
                       "-keyopt", "rsa_padding_mode:oaep", "-keyopt", "rsa_oaep_md:sha256",
                       "-recip", "../pki/receiver-c-ec.crt.pem", "-keyopt", "ecdh_kdf_md:sha256"]),
        ]
        for (tool, arguments) in steps {
            let result = try Tool.run(tool, arguments, in: work)
            try #require(result.status == 0, "\(arguments.prefix(2)): \(result.output)")
        }
        let der = try Data(contentsOf: work.appendingPathComponent("stock.p7m"))
        for party in [pki.receiverRSA, pki.receiverEC] {
            let opened = try EvidencePackage.open(der, key: try Fixture.opening(party), trust: try Fixture.trust())
            #expect(opened.custody.exportID == "CASE-2026-0042-E009")
            let out = dir.appendingPathComponent("opened-\(party.fileStem)")
            try EvidencePackage.extract(opened, into: out)
            #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent("CASE-2026-0042-E009/data/transfers.csv").path))
        }
    }

    // Needs bagit.py, the Library of Congress BagIt validator (pip package bagit, scripts/install-deps.sh).
    @Test(.enabled(if: Requirement.tool("bagit.py")))
    func extractedBagValidatesWithTheLibraryOfCongressValidator() throws {
        let bagit = try #require(Tool.find("bagit.py"), "bagit.py is not installed: python3 -m pip install bagit")
        let (dir, pki, package) = try Self.setUp()
        let opened = try EvidencePackage.open(
            try Data(contentsOf: package), key: try Fixture.opening(pki.receiverRSA), trust: try Fixture.trust())
        let bag = try EvidencePackage.extract(opened, into: dir.appendingPathComponent("opened"))
        let result = try Tool.run(bagit, ["--validate", bag.path], in: dir)
        #expect(result.status == 0, "\(result.output)")
        // And the validator notices a changed file.
        try Data("changed".utf8).write(to: bag.appendingPathComponent("data/findings.json"))
        let broken = try Tool.run(bagit, ["--validate", bag.path], in: dir)
        #expect(broken.status != 0)
    }
}
