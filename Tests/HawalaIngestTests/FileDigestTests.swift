import Foundation
import HawalaCore
import Testing

@testable import HawalaIngest

@Suite struct FileDigestTests {
    func temporaryFile(_ bytes: [UInt8]) throws -> String {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("hawala-digest-\(UUID().uuidString)")
        try Data(bytes).write(to: url)
        return url.path
    }

    // FIPS 180-2 appendix B test vectors.
    @Test func knownVectors() throws {
        #expect(
            FileDigest.sha256(bytes: Array("abc".utf8))
                == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        let empty = try FileDigest.sha256(path: try temporaryFile([]))
        #expect(empty.hex == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(empty.size == 0)
        let abc = try FileDigest.sha256(path: try temporaryFile(Array("abc".utf8)))
        #expect(abc.hex == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }

    @Test func fileLargerThanOneChunkMatchesInMemoryDigest() throws {
        var bytes = [UInt8](repeating: 0, count: (1 << 20) * 2 + 12_345)
        for index in bytes.indices { bytes[index] = UInt8(truncatingIfNeeded: index &* 31 &+ 7) }
        let result = try FileDigest.sha256(path: try temporaryFile(bytes))
        #expect(result.size == Int64(bytes.count))
        #expect(result.hex == FileDigest.sha256(bytes: bytes))
    }

    @Test func missingFileIsMissingInput() {
        #expect { try FileDigest.sha256(path: "/no/such/file.csv") } throws: { error in
            guard let error = error as? IngestError else { return false }
            return error.code == .missingInput && error.exitStatus == .noInput && error.description.contains("/no/such/file.csv")
        }
    }
}

@Suite struct ExchangeRatesFileTests {
    func write(_ text: String) throws -> String {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("hawala-rates-\(UUID().uuidString).csv")
        try Data(text.utf8).write(to: url)
        return url.path
    }

    @Test func readsDatedAndUndatedRatesWithHeaderAndComments() throws {
        let path = try write("\u{FEFF}currency,rate,date\r\n# Central bank fixings\nAED,0.2723,2026-01-01\n\nafn,0.0141\n")
        let rates = try ExchangeRatesFile.read(path: path, reportingCurrency: .usd)
        #expect(rates.map(\.currency.code) == ["AED", "AFN"])
        #expect(rates.map(\.rate) == ["0.2723", "0.0141"])
        #expect(rates[0].validFromText == "2026-01-01")
        #expect(rates[1].validFrom == nil)
    }

    @Test func badLinesNameLineAndField() throws {
        let cases: [(String, Int, String)] = [
            ("AED,0.27\nXYZ,1\n", 2, "currency"),
            ("AED,-0.27\n", 1, "rate"),
            ("AED,0.27,2026-02-30\n", 1, "date"),
            ("currency,rate\nAED\n", 2, "line"),
        ]
        for (text, line, field) in cases {
            let path = try write(text)
            #expect {
                try ExchangeRatesFile.read(path: path, reportingCurrency: .usd)
            } throws: { error in
                guard let error = error as? IngestError else { return false }
                return error.code == .malformed && error.location?.line == line && error.location?.field == field
            }
        }
        #expect { try ExchangeRatesFile.read(path: "/no/rates.csv", reportingCurrency: .usd) } throws: {
            ($0 as? IngestError)?.code == .missingInput
        }
    }
}
