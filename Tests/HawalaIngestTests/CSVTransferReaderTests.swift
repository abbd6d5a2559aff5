import Foundation
import HawalaCore
import HawalaTestSupport
import Testing

@testable import HawalaIngest

@Suite("CSVTransferReader: mapping and validation")
struct CSVTransferReaderTests {
    let canonical = try! #require(BuiltinSpecifications.named("canonical"))

    @Test func canonicalFixture() throws {
        let records = try Fixtures.readAll(path: Fixtures.path("canonical.csv"), specification: canonical)
        let rows = records.compactMap(\.transferRow)
        #expect(rows.count == 4)
        #expect(records.allSatisfy { $0.rejectedRow == nil })
        let first = try #require(rows.first)
        #expect(first.transfer.id == "T-0001")
        #expect(first.transfer.timestamp == Date(timeIntervalSince1970: 1_772_356_500))  // 2026-03-01T09:15:00Z
        #expect(first.transfer.senderBroker == "BRK-KBL-01")
        #expect(first.transfer.receiverBroker == "BRK-DXB-07")
        #expect(first.transfer.originator == "P-100")
        #expect(first.transfer.amount == Money(minorUnits: 950_000, currency: CurrencyCode("USD")!))
        #expect(first.transfer.reference == "Invoice 17, textiles")
        #expect(first.transfer.reportingAmount == nil)
        #expect(first.brokers.map(\.id) == ["BRK-KBL-01", "BRK-DXB-07"])
        #expect(first.location.line == 2)
        #expect(rows[1].transfer.reference == "Shipment note:\ntwo lines")
        #expect(rows[1].transfer.amount == Money(minorUnits: 4_820_050, currency: CurrencyCode("AED")!))
        #expect(rows[2].location.line == 5)
        #expect(rows[2].transfer.originator == nil)
        #expect(rows[2].transfer.channel == nil)
        #expect(rows[2].transfer.reference == "He said \"paid\"")
        // 08:00 at +04:00 is 04:00 UTC.
        #expect(UTCTime.iso8601(rows[2].transfer.timestamp) == "2026-03-02T04:00:00Z")
        #expect(rows[3].transfer.reference == nil)
    }

    /// fixtures/canonical-rejects.csv: line 2 is valid, every later line one rejection kind
    /// (docs/import-specifications.md lists them).
    @Test func oneRejectionOfEachKind() throws {
        let path = Fixtures.path("canonical-rejects.csv")
        let records = try Fixtures.readAll(path: path, specification: canonical)
        #expect(records.count == 13)
        #expect(records[0].transferRow?.transfer.id == "R-01")
        let rejects = records.dropFirst().compactMap(\.rejectedRow)
        #expect(rejects.count == 12)
        let byLine = Dictionary(uniqueKeysWithValues: rejects.map { ($0.location.line ?? 0, $0) })
        func check(_ line: Int, _ field: String?, _ words: String) {
            let reject = byLine[line]
            #expect(reject?.location.file == path)
            #expect(reject?.location.field == field, "line \(line)")
            #expect(reject?.reason.contains(words) == true, "line \(line): \(reject?.reason ?? "none")")
            #expect(reject?.raw.hasPrefix(String(format: "R-%02d,", line - 1)) == true, "line \(line)")
        }
        check(3, "sender_broker", "missing sender_broker")
        check(4, "amount", "is not a decimal number")
        check(5, "timestamp", "does not match the date format")
        check(6, "timestamp", "impossible date")
        check(7, "amount", "is negative")
        check(8, "amount", "not a finite number")
        check(9, "amount", "not a finite number")
        check(10, "currency", "'XYZ' is not an ISO 4217 code")
        check(11, "receiver_broker", "same broker 'BRK-A'")
        check(12, nil, "expected 10 fields as in the header, found 9")
        check(13, "originator", "\"encoding\": \"windows-1252\"")
        check(14, "amount", "missing amount")
    }

    @Test func latin1FileIsTranscoded() throws {
        var spec = canonical
        spec.encoding = .latin1
        let rows = try Fixtures.readAll(path: Fixtures.path("latin1.csv"), specification: spec).compactMap(\.transferRow)
        #expect(rows.count == 1)
        #expect(rows.first?.transfer.originator == "Müller AG")
        #expect(rows.first?.transfer.beneficiary == "Çelik")
        #expect(rows.first?.transfer.reference == "Zürich à Istanbul")
    }

    @Test func latin1FileUnderUTF8IsRejectedWithAHint() throws {
        let records = try Fixtures.readAll(path: Fixtures.path("latin1.csv"), specification: canonical)
        let reject = try #require(records.first?.rejectedRow)
        #expect(reject.reason.contains("latin1"))
        #expect(reject.location.line == 2)
    }

    @Test func latin1HeaderUnderUTF8NamesTheEncoding() throws {
        let path = try Fixtures.write(Array("Datum,Von,An,Betrag,".utf8) + [0x45, 0x6D, 0x70, 0x66, 0xE4, 0x6E, 0x67, 0x65, 0x72]
            + Array("\n2026-01-01,A,B,1,X\n".utf8))
        let spec = ImportSpecification(
            name: "bank", columns: .init(timestamp: .name("Datum"), senderBroker: .name("Von"), receiverBroker: .name("An"),
                beneficiary: .name("Empfänger"), amount: .name("Betrag")), currency: "EUR")
        do {
            _ = try Fixtures.readAll(path: path, specification: spec)
            Issue.record("expected an error")
        } catch let error as IngestError {
            #expect(error.message.contains("set encoding: windows-1252"), "\(error.message)")
            #expect(error.message.contains("byte 0xE4 at byte offset 24"), "\(error.message)")
        }
    }

    @Test func crlfAndBOM() throws {
        let rows = try Fixtures.readAll(path: Fixtures.path("canonical-crlf-bom.csv"), specification: canonical)
            .compactMap(\.transferRow)
        #expect(rows.map(\.transfer.id) == ["C-1", "C-2"])
        #expect(rows[0].transfer.reference == "two\r\nlines")
        #expect(rows[1].location.line == 4)
        #expect(rows[1].transfer.amount == Money(minorUnits: 2050, currency: CurrencyCode("EUR")!))
    }

    @Test func truncatedFileThrowsMalformed() throws {
        var reader = try Readers.open(path: Fixtures.path("truncated.csv"), specification: canonical)
        #expect(try reader.next()?.transferRow?.transfer.id == "T-1")
        do {
            _ = try reader.next()
            Issue.record("expected an error")
        } catch {
            #expect(error.code == .malformed)
            #expect(error.location?.line == 3)
        }
    }

    @Test func customSpecificationWithSemicolonsDecimalCommasAndTitleLine() throws {
        let spec = try ImportSpecification.load(path: Fixtures.path("specs/bank-export.yaml"))
        let records = try Fixtures.readAll(path: Fixtures.path("bank-export.csv"), specification: spec)
        let rows = records.compactMap(\.transferRow)
        #expect(rows.count == 2)
        #expect(rows[0].transfer.amount == Money(minorUnits: 123_456, currency: CurrencyCode("EUR")!))
        #expect(rows[0].transfer.receiverBroker == "AE-EXCH-4")
        #expect(rows[0].transfer.originator == "Müller")
        // 02.03.2026 00:00 at +01:00 is 2026-03-01T23:00:00Z.
        #expect(UTCTime.iso8601(rows[0].transfer.timestamp) == "2026-03-01T23:00:00Z")
        #expect(rows[1].transfer.reference == "Familie; Unterstützung")
        #expect(rows[1].transfer.amount.minorUnits == 995_000)
        let reject = try #require(records.last?.rejectedRow)
        #expect(reject.location.line == 5)
        #expect(reject.location.field == "timestamp")
        #expect(reject.reason.contains("impossible"))
    }

    @Test func headerLackingANamedColumnIsMalformed() throws {
        // transfer_id is optional (absent: generated ids); timestamp is required.
        let path = try Fixtures.write("id,when,from,to,amount,currency\n1,2026-01-01,A,B,1,USD\n")
        var reader = try Readers.open(path: path, specification: canonical)
        do {
            _ = try reader.next()
            Issue.record("expected an error")
        } catch {
            #expect(error.code == .malformed)
            #expect(error.message.contains("no column 'timestamp'"))
            #expect(error.location?.line == 1)
        }
    }

    @Test func headerlessFileByIndex() throws {
        let spec = ImportSpecification(
            name: "by-index", header: false,
            columns: .init(timestamp: .index(0), senderBroker: .index(1), receiverBroker: .index(2), amount: .index(3)),
            dateFormat: "yyyy-MM-dd HH:mm:ss", currency: "JPY")
        let path = try Fixtures.write("2026-01-02 03:04:05,A,B,1000.5\n2026-01-02 03:04:05,A\n")
        let records = try Fixtures.readAll(path: path, specification: spec)
        #expect(records.first?.transferRow?.transfer.amount == Money(minorUnits: 1001, currency: CurrencyCode("JPY")!))
        #expect(UTCTime.iso8601(try #require(records.first?.transferRow).transfer.timestamp) == "2026-01-02T03:04:05Z")
        #expect(records.last?.rejectedRow?.reason.contains("expected at least 4 fields, found 2") == true)
    }

    @Test func generatedIdsUseTheFileDigestAndLine() throws {
        let path = Fixtures.path("amlsim-sample.csv")
        let digest = try FileDigest.sha256(path: path).hex
        let records = try Fixtures.readAll(path: path, specification: BuiltinSpecifications.named("amlsim"))
        let ids = records.compactMap(\.transferRow).map(\.transfer.id)
        #expect(ids == (2...5).map { "\(digest.prefix(12)):\($0)" })
        var given = try Readers.open(path: path, specification: BuiltinSpecifications.named("amlsim"), fileSHA256: "abcdef0123456789")
        #expect(try given.next()?.transferRow?.transfer.id == "abcdef012345:2")
    }

    @Test func amlsimSample() throws {
        let rows = try Fixtures.readAll(path: Fixtures.path("amlsim-sample.csv")).compactMap(\.transferRow)
        #expect(rows.count == 4)
        #expect(UTCTime.iso8601(rows[0].transfer.timestamp) == "2017-01-01T00:00:00Z")
        #expect(UTCTime.iso8601(rows[2].transfer.timestamp) == "2017-01-31T00:00:00Z")
        #expect(rows[2].transfer.amount == Money(minorUnits: 125_000, currency: .usd))
        #expect(rows[3].transfer.senderBroker == rows[3].transfer.receiverBroker)  // allowed by amlsim
    }

    @Test func amlsimFullRunSample() throws {
        var reader = try Readers.open(path: Fixtures.path("amlsim-full-sample.csv"))
        #expect(reader.specificationName == "amlsim-full")
        let rows = try Fixtures.readAll(&reader).compactMap(\.transferRow)
        #expect(rows.map(\.transfer.id) == ["1", "2"])
        #expect(rows[1].transfer.channel == "TRANSFER")
        #expect(rows[1].transfer.amount == Money(minorUnits: 49_800, currency: .usd))
        #expect(UTCTime.iso8601(rows[1].transfer.timestamp) == "2017-01-02T00:00:00Z")
    }

    @Test func amlworldSample() throws {
        let records = try Fixtures.readAll(path: Fixtures.path("amlworld-sample.csv"))
        #expect(records.count == 6)
        let first = try #require(records[0].transferRow)
        #expect(first.transfer.senderBroker == "010:8000A1B20")
        #expect(first.transfer.receiverBroker == "020:8000C3D40")
        #expect(first.transfer.channel == "Cheque")
        #expect(UTCTime.iso8601(first.transfer.timestamp) == "2022-09-01T00:20:00Z")
        #expect(records[1].transferRow?.transfer.amount.currency.code == "EUR")
        #expect(records[2].transferRow?.transfer.amount == Money(minorUnits: 889_040, currency: CurrencyCode("CNY")!))
        #expect(records[3].rejectedRow?.reason.contains("cryptocurrency") == true)
        #expect(records[4].transferRow?.transfer.amount == Money(minorUnits: 99000, currency: CurrencyCode("JPY")!))
        #expect(records[5].rejectedRow?.location.field == "timestamp")
    }

    // Needs the AMLSim sample ../shared/data/amlsim-20k/transactions.csv.
    @Test(.enabled(if: Requirement.file(Requirement.shared.appendingPathComponent("data/amlsim-20k/transactions.csv"))))
    func realAMLSimSampleImportsCompletely() throws {
        let path = Requirement.shared.appendingPathComponent("data/amlsim-20k/transactions.csv").path
        var reader = try Readers.open(path: path)
        #expect(reader.specificationName == "amlsim")
        var transfers = 0
        var rejects = 0
        while let record = try reader.next() {
            if record.transferRow != nil { transfers += 1 } else { rejects += 1 }
        }
        #expect(transfers == 120_558)
        #expect(rejects == 0)
    }
}
