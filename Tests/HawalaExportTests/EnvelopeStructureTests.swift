import Foundation
import HawalaCore
import Testing

@testable import HawalaExport

/// Issue 14, item 9: fields of the envelope that neither the GCM tag nor the signature covers
/// are checked by `open`, so flips that used to open without a `.sha256` beside the package
/// are refused (exit 10).
@Suite struct EnvelopeStructureTests {
    /// The DER bytes of an OID (tag 06, length, value).
    static let dataOID: [UInt8] = [0x06, 0x09, 0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x07, 0x01]
    static let rsaEncryptionOID: [UInt8] = [0x06, 0x09, 0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x01, 0x01]
    static let rsaesOAEPOID: [UInt8] = [0x06, 0x09, 0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x01, 0x07]

    /// The package with the last byte of the first occurrence of `oid` flipped.
    static func flipping(_ oid: [UInt8], in der: Data) throws -> Data {
        let bytes = [UInt8](der)
        let start = try #require((0...(bytes.count - oid.count)).first { bytes[$0..<($0 + oid.count)].elementsEqual(oid) })
        var changed = der
        changed[start + oid.count - 1] ^= 0x01
        return changed
    }

    @Test func encryptedContentTypeFlipIsRefusedWithoutChecksum() throws {
        let der = try Self.flipping(Self.dataOID, in: try EvidencePackageRefusalTests.goodPackage())
        let pki = try Fixture.pki()
        for party in [pki.receiverRSA, pki.receiverEC] {
            let out = try Fixture.directory()
            let error = Fixture.openError(der, key: try Fixture.opening(party), trust: try Fixture.trust(), out: out)
            #expect(error?.code == .cannotDecrypt, "got \(String(describing: error))")
            #expect(error?.message.contains("neither id-data") == true)
            #expect(Fixture.contents(out).isEmpty)
        }
    }

    /// The RSA recipient's key-encryption algorithm is not used when the EC recipient opens;
    /// it is still checked.
    @Test func otherRecipientsAlgorithmFlipIsRefusedWithoutChecksum() throws {
        let good = try EvidencePackageRefusalTests.goodPackage()
        let bytes = [UInt8](good)
        let hasOAEP = (0...(bytes.count - 11)).contains { bytes[$0..<($0 + 11)].elementsEqual(Self.rsaesOAEPOID) }
        let der = try Self.flipping(hasOAEP ? Self.rsaesOAEPOID : Self.rsaEncryptionOID, in: good)
        let out = try Fixture.directory()
        let error = Fixture.openError(der, key: try Fixture.opening(try Fixture.pki().receiverEC), trust: try Fixture.trust(), out: out)
        #expect(error?.code == .cannotDecrypt, "got \(String(describing: error))")
        #expect(error?.message.contains("RecipientInfo") == true)
        #expect(Fixture.contents(out).isEmpty)
    }

    /// The unchanged package still opens for both recipients without a checksum.
    @Test func goodPackageOpens() throws {
        let good = try EvidencePackageRefusalTests.goodPackage()
        let pki = try Fixture.pki()
        for party in [pki.receiverRSA, pki.receiverEC] {
            let error = Fixture.openError(good, key: try Fixture.opening(party), trust: try Fixture.trust(), out: try Fixture.directory())
            #expect(error == nil, "\(String(describing: error))")
        }
    }
}
