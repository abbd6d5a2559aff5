import Foundation
import Testing

@testable import HawalaExport

@Suite struct KeyMaterialTests {
    @Test func secretFromFileDropsTheNewlineAndHidesItself() throws {
        let dir = try Fixture.directory()
        let file = dir.appendingPathComponent("pass")
        try Data("s3cret\r\n".utf8).write(to: file)
        let secret = try Secret.fromFile(file.path)
        #expect(secret.count == 6)
        #expect(!secret.description.contains("s3cret"))
        try Data().write(to: file)
        #expect(throws: ExportError.self) { try Secret.fromFile(file.path) }
        #expect(throws: ExportError.self) { try Secret.fromFile(dir.appendingPathComponent("missing").path) }
    }

    @Test func secretFromEnvironment() throws {
        setenv("HAWALA_TEST_SECRET_ENV", "pass phrase", 1)
        defer { unsetenv("HAWALA_TEST_SECRET_ENV") }
        #expect(try Secret.fromEnvironment("HAWALA_TEST_SECRET_ENV").count == 11)
        #expect(throws: ExportError.self) { try Secret.fromEnvironment("HAWALA_TEST_SECRET_UNSET_ENV") }
    }

    @Test func encryptedPEMAndPKCS12KeysLoadWithTheirPassphrase() throws {
        let openssl = try #require(Tool.find("openssl"), "openssl is not installed")
        let pki = try Fixture.pki()
        let dir = try Fixture.directory()
        try pki.write(to: dir)
        try Data("key pass\n".utf8).write(to: dir.appendingPathComponent("pass.txt"))
        let steps = [
            ["pkey", "-in", "exporter.key.pem", "-aes256", "-passout", "file:pass.txt", "-out", "enc.key.pem"],
            ["pkcs12", "-export", "-in", "exporter.crt.pem", "-inkey", "exporter.key.pem", "-certfile", "ca.crt.pem",
             "-passout", "file:pass.txt", "-out", "exporter.p12"],
        ]
        for step in steps {
            let result = try Tool.run(openssl, step, in: dir)
            try #require(result.status == 0, "\(result.output)")
        }
        let pass = try Secret.fromFile(dir.appendingPathComponent("pass.txt").path)
        let certificate = try Certificate.loadOne(dir.appendingPathComponent("exporter.crt.pem").path)
        let pem = try PrivateKey.load(dir.appendingPathComponent("enc.key.pem").path, passphrase: pass)
        #expect(pem.matches(certificate))
        let p12 = try PrivateKey.parseWithCertificates(
            try Data(contentsOf: dir.appendingPathComponent("exporter.p12")), passphrase: pass)
        #expect(p12.key.matches(certificate))
        #expect(p12.certificate?.sha256Fingerprint == certificate.sha256Fingerprint)
        #expect(p12.chain.count == 1)
        // Wrong or missing passphrase: an error, never a terminal prompt.
        var wrong = Array("nope".utf8)
        let error = #expect(throws: ExportError.self) {
            try PrivateKey.load(dir.appendingPathComponent("enc.key.pem").path, passphrase: Secret(bytes: &wrong))
        }
        #expect(error?.code == .keyMaterial)
        #expect(throws: ExportError.self) { try PrivateKey.load(dir.appendingPathComponent("enc.key.pem").path, passphrase: nil) }
        #expect(throws: ExportError.self) { try PrivateKey.load(dir.appendingPathComponent("exporter.p12").path, passphrase: nil) }
    }

    @Test func signerKeyMustMatchItsCertificate() throws {
        let pki = try Fixture.pki()
        let mismatched = SignerIdentity(certificate: try Fixture.certificate(pki.exporter), key: try Fixture.key(pki.receiverEC))
        let error = #expect(throws: ExportError.self) {
            try EvidencePackage.build(try Fixture.request(), signer: mismatched, recipients: try Fixture.bothRecipients())
        }
        #expect(error?.code == .keyMaterial)
    }

    @Test func signerCertificateThatCannotSignIsRefusedBeforeBuilding() throws {
        let pki = try Fixture.pki()
        // Receiver B's keyEncipherment-only certificate with its own (matching) key.
        let receiver = SignerIdentity(certificate: try Fixture.certificate(pki.receiverRSA), key: try Fixture.key(pki.receiverRSA))
        let error = #expect(throws: ExportError.self) {
            try EvidencePackage.build(try Fixture.request(), signer: receiver, recipients: try Fixture.bothRecipients())
        }
        #expect(error?.code == .invalidRequest)
        #expect(error?.exitStatus == .usage)
        #expect(error?.message.contains("S/MIME signing") == true)
        try Fixture.signer().validate()
    }

    @Test func garbageIsNotACertificate() throws {
        let error = #expect(throws: ExportError.self) { try Certificate.parseAll(Data("hello".utf8)) }
        #expect(error?.code == .keyMaterial)
        #expect(error?.opensslErrors.isEmpty == false)
    }
}

@Suite struct OpenSSLRuntimeTests {
    @Test func versionGate() throws {
        #expect(OpenSSLRuntime.versionNumber >= OpenSSLRuntime.minimumVersionNumber)
        #expect(OpenSSLRuntime.versionText.hasPrefix("OpenSSL 3."))
        try OpenSSLRuntime.requireSupportedVersion(0x3000_0150)
        let error = #expect(throws: ExportError.self) { try OpenSSLRuntime.requireSupportedVersion(0x3000_0130) }
        #expect(error?.code == .unsupportedOpenSSL)
        #expect(error?.message.contains("3.0.19") == true)
        #expect(error?.message.contains("3.0.21") == true)
    }
}

@Suite struct DemoPKITests {
    @Test func writesCertificatesKeysAndAWarning() throws {
        let pki = try Fixture.pki()
        let dir = try Fixture.directory().appendingPathComponent("demo")
        let files = try pki.write(to: dir)
        #expect(files.count == 9)
        let readme = try String(contentsOf: dir.appendingPathComponent("README.txt"), encoding: .utf8)
        #expect(readme.contains("TEST MATERIAL — NOT FOR REAL CASES"))
        let keyMode = try FileManager.default.attributesOfItem(atPath: dir.appendingPathComponent("exporter.key.pem").path)[.posixPermissions] as? Int
        #expect(keyMode == 0o600)
        #expect(throws: ExportError.self) { try pki.write(to: dir) }
        let exporter = try Fixture.certificate(pki.exporter)
        #expect(exporter.subject.contains("OU=TEST ONLY - NOT FOR REAL CASES"))
        #expect(exporter.keyType == "EC")
        #expect(try Fixture.certificate(pki.receiverRSA).keyType == "RSA")
        if let openssl = Tool.find("openssl") {
            for cert in ["exporter.crt.pem", "receiver-b-rsa.crt.pem", "receiver-c-ec.crt.pem"] {
                let verify = try Tool.run(openssl, ["verify", "-purpose", "smimesign", "-CAfile", "ca.crt.pem", cert], in: dir)
                #expect((verify.status == 0) == (cert == "exporter.crt.pem"), "\(cert): \(verify.output)")
            }
            let text = try Tool.run(openssl, ["x509", "-noout", "-text", "-in", "receiver-b-rsa.crt.pem"], in: dir)
            #expect(text.output.contains("Key Encipherment"))
            #expect(text.output.contains("Public-Key: (3072 bit)"))
        }
    }
}
