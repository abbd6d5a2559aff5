import Foundation
import HawalaCore
import Testing

@testable import HawalaExport

/// Every refusal of `open`, with its error code (and so its exit status), and nothing written.
@Suite struct EvidencePackageRefusalTests {
    /// A package from an arbitrary tar, signed by `signer` and encrypted to `recipients`.
    static func package(tar: Data, signer: SignerIdentity, recipients: [Certificate]) throws -> Data {
        let signed = try CMSMessage.sign(tar, certificate: signer.certificate, key: signer.key, chain: signer.chain)
        return try CMSMessage.encrypt(signed, recipients: recipients, cipher: .aes256GCM, password: nil, iterations: 600_000)
    }

    /// Checks the refusal's code and exit status and that `out` stayed empty.
    static func expectRefusal(_ der: Data, key: OpeningKey, _ code: ExportError.Code, _ status: HawalaCore.ExitStatus) throws {
        let out = try Fixture.directory()
        let error = Fixture.openError(der, key: key, trust: try Fixture.trust(), out: out)
        #expect(error?.code == code, "got \(String(describing: error))")
        #expect(error?.exitStatus == status)
        #expect(Fixture.contents(out).isEmpty, "plaintext left on disk: \(Fixture.contents(out))")
    }

    static func goodPackage() throws -> Data {
        try EvidencePackage.build(try Fixture.request(), signer: try Fixture.signer(), recipients: try Fixture.bothRecipients()).der
    }

    /// A flip in the structure, our RecipientInfo or the ciphertext and tag fails decryption
    /// (10). A flip inside the *other* recipient's RecipientInfo is not authenticated by CMS: the
    /// content still decrypts and verifies, and only the `.p7m.sha256` check refuses it (12).
    @Test(arguments: [0, 1, 7, 40, 200, 400, 700, 1000, -600, -200, -40, -17, -2, -1])
    func flippedByteIsRefused(position: Int) throws {
        let good = try Self.goodPackage()
        let expected = Digest.hex(Digest.sha256(good))
        var der = good
        let index = position >= 0 ? position : der.count + position
        der[index] ^= 0x01
        let pki = try Fixture.pki()
        for party in [pki.receiverRSA, pki.receiverEC] {
            let out = try Fixture.directory()
            let key = try Fixture.opening(party)
            let error = Fixture.openError(der, key: key, trust: try Fixture.trust(), out: out, expectedSHA256: expected)
            #expect(error?.code == .cannotDecrypt || error?.code == .checksumMismatch, "got \(String(describing: error))")
            if error?.code == .checksumMismatch {
                // Only when our own decryption is untouched: then without the checksum it opens.
                #expect(error?.message.contains("altered after export") == true)
                #expect(Fixture.openError(der, key: key, trust: try Fixture.trust(), out: try Fixture.directory()) == nil)
            }
            #expect(Fixture.contents(out).isEmpty, "plaintext left on disk: \(Fixture.contents(out))")
        }
    }

    @Test func truncatedPackageCannotBeDecrypted() throws {
        let der = try Self.goodPackage()
        for length in [0, 10, der.count / 2, der.count - 1] {
            try Self.expectRefusal(der.prefix(length), key: try Fixture.opening(try Fixture.pki().receiverRSA), .cannotDecrypt, .cannotDecrypt)
        }
    }

    @Test func wrongRecipientKeyCannotDecrypt() throws {
        let pki = try Fixture.pki()
        let toB = try EvidencePackage.build(
            try Fixture.request(), signer: try Fixture.signer(),
            recipients: RecipientSet(certificates: [try Fixture.certificate(pki.receiverRSA)])).der
        // C is not a recipient at all.
        try Self.expectRefusal(toB, key: try Fixture.opening(pki.receiverEC), .cannotDecrypt, .cannotDecrypt)
        // The exporter's own (non-recipient) key and certificate.
        try Self.expectRefusal(toB, key: try Fixture.opening(pki.exporter), .cannotDecrypt, .cannotDecrypt)
    }

    @Test func keyNotMatchingTheCertificateIsRefusedBeforeDecrypting() throws {
        let pki = try Fixture.pki()
        let error = Fixture.openError(
            try Self.goodPackage(), key: .certificate(try Fixture.certificate(pki.receiverRSA), try Fixture.key(pki.receiverEC)),
            trust: try Fixture.trust(), out: try Fixture.directory())
        #expect(error?.code == .keyMaterial)
    }

    @Test func signerNotUnderTheTrustedCAIsRefused() throws {
        let pki = try Fixture.pki()
        let foreign = try Fixture.foreign.get()
        let rogue = SignerIdentity(
            certificate: try Certificate.parseAll(foreign.certificate)[0], key: try PrivateKey.parse(foreign.key, passphrase: nil))
        let der = try EvidencePackage.build(try Fixture.request(), signer: rogue, recipients: try Fixture.bothRecipients()).der
        try Self.expectRefusal(der, key: try Fixture.opening(pki.receiverEC), .badSignature, .badSignature)
    }

    @Test func packageReSignedByAnotherKeyIsRefused() throws {
        let pki = try Fixture.pki()
        // Receiver B unwraps a genuine package and re-signs its content with other keys.
        let genuine = try Self.goodPackage()
        let signed = try CMSMessage.decrypt(
            genuine, certificate: try Fixture.certificate(pki.receiverRSA), key: try Fixture.key(pki.receiverRSA), password: nil)
        let (tar, _) = try CMSMessage.verify(signed, trust: try Fixture.trust())
        let foreign = try Fixture.foreign.get()
        let others = [
            // A key under another CA.
            SignerIdentity(certificate: try Certificate.parseAll(foreign.certificate)[0], key: try PrivateKey.parse(foreign.key, passphrase: nil)),
            // B's own key: under the trusted CA, but its certificate is for key transport, not signing.
            SignerIdentity(certificate: try Fixture.certificate(pki.receiverRSA), key: try Fixture.key(pki.receiverRSA)),
        ]
        for other in others {
            let forged = try Self.package(tar: tar, signer: other, recipients: [try Fixture.certificate(pki.receiverEC)])
            try Self.expectRefusal(forged, key: try Fixture.opening(pki.receiverEC), .badSignature, .badSignature)
        }
    }

    @Test func bagFileChangedBeforeSigningFailsItsChecksum() throws {
        let pki = try Fixture.pki()
        let request = try Fixture.request()
        let custody = EvidencePackage.custodyRecord(for: request, recipients: try Fixture.bothRecipients())
        var entries = try TarArchive.read(try EvidencePackage.tar(request, custody: custody))
        let index = try #require(entries.firstIndex { $0.path.hasSuffix("data/transfers.csv") })
        entries[index].data.append(Data("T9,2026-01-01T00:00:00Z,B9,B1,,,1.00,USD,,,,,,,,\n".utf8))
        let tampered = try TarArchive.write(entries, modificationTime: Fixture.exportTime)
        let der = try Self.package(tar: tampered, signer: try Fixture.signer(), recipients: [try Fixture.certificate(pki.receiverRSA)])
        try Self.expectRefusal(der, key: try Fixture.opening(pki.receiverRSA), .checksumMismatch, .checksumMismatch)
    }

    @Test func tarEntryWithDotDotIsRefused() throws {
        let pki = try Fixture.pki()
        let request = try Fixture.request()
        let custody = EvidencePackage.custodyRecord(for: request, recipients: try Fixture.bothRecipients())
        let good = try EvidencePackage.tar(request, custody: custody)
        // Rename one entry to CASE-2026-0042-E001/../evil.txt in the raw header (same length
        // prefix trick: write a header by hand) and fix the checksum.
        var bytes = [UInt8](good)
        let name = Array("CASE-2026-0042-E001/../evil.txt".utf8)
        var header = [UInt8](repeating: 0, count: 512)
        header.replaceSubrange(0..<name.count, with: name)
        header.replaceSubrange(100..<108, with: Array("0000644\0".utf8))
        header.replaceSubrange(124..<136, with: Array("00000000004\0".utf8))
        header.replaceSubrange(136..<148, with: Array("00000000000\0".utf8))
        header[156] = UInt8(ascii: "0")
        header.replaceSubrange(257..<265, with: Array("ustar\u{0}00".utf8))
        for i in 148..<156 { header[i] = 0x20 }
        let sum = header.reduce(0) { $0 + Int($1) }
        let digits = Array(String(sum, radix: 8).leftPadded(to: 6).utf8)
        header.replaceSubrange(148..<156, with: digits + [0, 0x20])
        var evil = header + Array("evil".utf8) + [UInt8](repeating: 0, count: 508)
        evil += bytes[0..<(bytes.count - 1024)]
        bytes = evil + [UInt8](repeating: 0, count: 1024)
        let der = try Self.package(tar: Data(bytes), signer: try Fixture.signer(), recipients: [try Fixture.certificate(pki.receiverRSA)])
        try Self.expectRefusal(der, key: try Fixture.opening(pki.receiverRSA), .unsafeArchive, .checksumMismatch)
    }

    @Test func recipientNotNamedInTheCustodyRecordIsRefused() throws {
        let pki = try Fixture.pki()
        let request = try Fixture.request()
        // The custody record names only B; the envelope is also encrypted to C.
        let custody = EvidencePackage.custodyRecord(
            for: request, recipients: RecipientSet(certificates: [try Fixture.certificate(pki.receiverRSA)]))
        let tar = try EvidencePackage.tar(request, custody: custody)
        let der = try Self.package(
            tar: tar, signer: try Fixture.signer(),
            recipients: [try Fixture.certificate(pki.receiverRSA), try Fixture.certificate(pki.receiverEC)])
        try Self.expectRefusal(der, key: try Fixture.opening(pki.receiverEC), .notAddressedToUs, .notAddressedToUs)
        // B, who is named, opens it.
        let opened = try EvidencePackage.open(der, key: try Fixture.opening(pki.receiverRSA), trust: try Fixture.trust())
        #expect(opened.custody.recipients.count == 1)
    }

    @Test func passwordOpeningNeedsAPasswordRecipientInTheRecord() throws {
        var bytes = Array("secret words".utf8)
        let password = Secret(bytes: &bytes)
        let request = try Fixture.request()
        let custody = EvidencePackage.custodyRecord(for: request, recipients: try Fixture.bothRecipients())
        let signed = try CMSMessage.sign(
            try EvidencePackage.tar(request, custody: custody), certificate: try Fixture.signer().certificate,
            key: try Fixture.signer().key, chain: [])
        let der = try CMSMessage.encrypt(signed, recipients: [], cipher: .aes256GCM, password: password, iterations: 600_000)
        var again = Array("secret words".utf8)
        try Self.expectRefusal(der, key: .password(Secret(bytes: &again)), .notAddressedToUs, .notAddressedToUs)
    }

    @Test func extractionRefusesAnExistingTarget() throws {
        let pki = try Fixture.pki()
        let out = try Fixture.directory()
        try FileManager.default.createDirectory(at: out.appendingPathComponent("CASE-2026-0042-E001"), withIntermediateDirectories: false)
        let error = Fixture.openError(try Self.goodPackage(), key: try Fixture.opening(pki.receiverRSA), trust: try Fixture.trust(), out: out)
        #expect(error?.code == .io)
        #expect(Fixture.contents(out) == ["CASE-2026-0042-E001"])
    }
}

@Suite struct ExtractionTests {
    @Test func failedExtractionLeavesNothingBehind() throws {
        let out = try Fixture.directory()
        // A file and a folder of the same name: the second write fails half way.
        let bag = ValidatedBag(
            name: "BAG", files: ["a": Data("x".utf8), "a/b": Data("y".utf8)], payloadBytes: 0, payloadFiles: 0)
        let opened = OpenedPackage(bag: bag, custody: try Fixture.request().custodyForTests(), signerSubjects: [], signerFingerprints: [])
        let error = #expect(throws: ExportError.self) { try EvidencePackage.extract(opened, into: out) }
        #expect(error?.code == .io)
        #expect(Fixture.contents(out).isEmpty, "left behind: \(Fixture.contents(out))")
    }

    @Test func extractedFilesArePrivate() throws {
        let pki = try Fixture.pki()
        let built = try EvidencePackage.build(try Fixture.request(), signer: try Fixture.signer(), recipients: try Fixture.bothRecipients())
        let opened = try EvidencePackage.open(built.der, key: try Fixture.opening(pki.receiverEC), trust: try Fixture.trust())
        let bag = try EvidencePackage.extract(opened, into: try Fixture.directory())
        let attributes = try FileManager.default.attributesOfItem(atPath: bag.appendingPathComponent("custody.json").path)
        #expect(attributes[.posixPermissions] as? Int == 0o600)
    }
}

@Suite struct TarReaderRobustnessTests {
    /// Random and mutated archives only ever throw ``ExportError`` with a refusal code (exit
    /// 12); they never crash. The generator is seeded, so the outcome of the 300 rounds is exact.
    @Test func randomInputNeverCrashes() throws {
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        func next() -> UInt64 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return state >> 33
        }
        let good = try TarArchive.write(TarArchiveTests.entries, modificationTime: TarArchiveTests.time)
        var outcomes: [String: Int] = [:]
        for round in 0..<300 {
            var bytes: Data
            if round % 2 == 0 {
                bytes = Data((0..<Int(next() % 3000)).map { _ in UInt8(truncatingIfNeeded: next()) })
            } else {
                bytes = good
                for _ in 0..<(1 + Int(next() % 8)) {
                    bytes[Int(next() % UInt64(bytes.count))] = UInt8(truncatingIfNeeded: next())
                }
            }
            do {
                _ = try BagIt.validate(try TarArchive.read(bytes))
                outcomes["accepted", default: 0] += 1
            } catch let error as ExportError {
                outcomes[error.code.rawValue, default: 0] += 1
                #expect(error.exitStatus == .checksumMismatch)
            }
        }
        #expect(outcomes == ["unsafeArchive": 284, "checksumMismatch": 16])
    }
}

extension ExportRequest {
    func custodyForTests() throws -> CustodyRecord {
        EvidencePackage.custodyRecord(for: self, recipients: try Fixture.bothRecipients())
    }
}
