import Foundation
import HawalaCore
import HawalaStore
import Testing

@testable import HawalaIngest

/// An in-memory reader over a fixed list of records (the real readers live in CSV/ and GoAML/).
struct ArrayReader: TransferReader {
    var path: String
    var specificationName = "array"
    var records: [IngestRecord]
    /// When set, `next()` throws this after yielding all records (a truncated file).
    var failure: IngestError?
    private var index = 0

    init(path: String, records: [IngestRecord], failure: IngestError? = nil) {
        self.path = path
        self.records = records
        self.failure = failure
    }

    mutating func next() throws(IngestError) -> IngestRecord? {
        guard index < records.count else {
            if let failure { throw failure }
            return nil
        }
        index += 1
        return records[index - 1]
    }
}

func temporaryStore() throws -> Store {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("hawala-ingest-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    return try Store(path: directory.appendingPathComponent("test.sqlite").path)
}

/// A valid record at `seconds` after 2026-01-01T00:00:00Z on `line`.
func row(_ id: String, line: Int, at seconds: Int64 = 0, minor: Int64 = 10_000, currency: String = "USD", file: String = "a.csv")
    -> IngestRecord
{
    let transfer = Transfer(
        id: id, timestamp: Date(timeIntervalSince1970: TimeInterval(1_767_225_600 + seconds)), senderBroker: "BRK-1",
        receiverBroker: "BRK-2", originator: "P-1", beneficiary: "P-2",
        amount: Money(minorUnits: minor, currency: CurrencyCode(currency)!))
    return .transfer(
        TransferRow(
            transfer: transfer, brokers: [Broker(id: "BRK-1", name: "Herat Exchange", country: "AF"), Broker(id: "BRK-2")],
            parties: [Party(id: "P-1", name: "A. Karimi", kind: .person)], location: SourceLocation(file: file, line: line)))
}

func bad(line: Int, field: String, reason: String, file: String = "a.csv") -> IngestRecord {
    .rejected(RejectedRow(location: SourceLocation(file: file, line: line, field: field), reason: reason, raw: "raw \(line)"))
}

func sha(_ name: String) -> String { FileDigest.sha256(bytes: Array(name.utf8)) }

@discardableResult
func run(_ importer: Importer, _ name: String, _ records: [IngestRecord], failure: IngestError? = nil) throws(IngestError)
    -> ImportSummary
{
    try importer.importFile(
        reader: ArrayReader(path: name, records: records, failure: failure), path: name, sha256: sha(name), size: 1_000)
}

@Suite struct ImporterTests {
    @Test func importsRowsRejectsAndDetails() throws {
        let store = try temporaryStore()
        var calls: [ImportProgress] = []
        var importer = Importer(store: store, progress: { calls.append($0) })
        importer.progressInterval = 2
        let summary = try run(
            importer, "a.csv",
            [row("T1", line: 2), bad(line: 3, field: "amount", reason: "amount '-5' is negative"), row("T2", line: 4, at: 60)])
        #expect(summary.imported == 2 && summary.rejected == 1 && summary.duplicates == 0)
        #expect(!summary.alreadyImported)
        #expect(summary.file == "a.csv" && summary.specification == "array" && summary.sha256 == sha("a.csv"))
        #expect(summary.withoutRate == 0)
        #expect(calls.count == 2 && calls.last?.finished == true && calls.last?.records == 3)
        #expect(try store.broker(id: "BRK-1")?.name == "Herat Exchange")
        #expect(try store.parties().first { $0.id == "P-1" }?.kind == .person)
        let rejects = try store.rejects()
        #expect(rejects.map(\.location) == [SourceLocation(file: "a.csv", line: 3, field: "amount")])
        #expect(rejects.first?.reason == "amount '-5' is negative")
        // USD to USD: identity.
        #expect(try store.transfers(ids: ["T1"])[0].transfer.reportingAmount == Money(minorUnits: 10_000, currency: .usd))
        let json = String(decoding: try JSONCoding.encoder().encode(summary), as: UTF8.self)
        #expect(json.contains("\"rows_per_second\"") && json.contains("\"already_imported\" : false"))
    }

    @Test func reimportingTheSameFileImportsNothing() throws {
        let store = try temporaryStore()
        let importer = Importer(store: store)
        try run(importer, "a.csv", [row("T1", line: 2)])
        #expect(try importer.earlierImport(sha256: sha("a.csv"))?.alreadyImported == true)
        #expect(try importer.earlierImport(sha256: sha("other")) == nil)
        let again = try run(importer, "a.csv", [row("T1", line: 2), row("T9", line: 3)])
        #expect(again.alreadyImported)
        #expect(again.imported == 0 && again.duplicates == 0)
        #expect(again.importID == 1)
        #expect(try store.transferSpan().count == 1)
        #expect(try store.imports().count == 1)
    }

    @Test func sameTransferIdFromTwoFilesIsOneRowWithBothProvenances() throws {
        let store = try temporaryStore()
        let importer = Importer(store: store)
        try run(importer, "a.csv", [row("T1", line: 2), row("T2", line: 3)])
        let second = try run(importer, "b.csv", [row("T2", line: 7, file: "b.csv"), row("T3", line: 8, file: "b.csv")])
        #expect(second.imported == 1 && second.duplicates == 1)
        #expect(try store.transferSpan().count == 3)
        let t2 = try store.transfers(ids: ["T2"])
        #expect(t2.count == 1)
        #expect(t2[0].provenance == [
            Provenance(file: "a.csv", sha256: sha("a.csv"), line: 3), Provenance(file: "b.csv", sha256: sha("b.csv"), line: 7),
        ])
    }

    @Test func duplicatesWithDifferentContentAreCountedWithAnExample() throws {
        let store = try temporaryStore()
        let importer = Importer(store: store)
        try run(importer, "a.csv", [row("1", line: 2, minor: 1_250_000, currency: "AED"), row("2", line: 3)])
        let second = try run(
            importer, "b.csv",
            [
                row("2", line: 2, file: "b.csv"),  // the same content: a plain duplicate
                row("1", line: 3, minor: 9_999_900, currency: "AED", file: "b.csv"),
                row("1", line: 4, at: 60, minor: 1_250_000, currency: "AED", file: "b.csv"),
            ])
        #expect(second.duplicates == 3)
        #expect(second.differingDuplicates == 2)
        #expect(second.differingExample == "id 1 at line 3: amount 99999.00 AED vs 12500.00 AED")
        #expect(try store.stats().differingDuplicates == 2)
        // The first version is kept.
        #expect(try store.transfers(ids: ["1"])[0].transfer.amount == Money(minorUnits: 1_250_000, currency: CurrencyCode("AED")!))
        let json = String(decoding: try JSONCoding.encoder().encode(second), as: UTF8.self)
        #expect(json.contains("\"differing_duplicates\" : 2"))
    }

    @Test func anEmptyFileIsAWarningOrUnderStrictAnError() throws {
        let store = try temporaryStore()
        let summary = try run(Importer(store: store), "empty.csv", [])
        #expect(summary.imported == 0 && !summary.alreadyImported)
        #expect(summary.warnings.count == 1)
        #expect(summary.warnings.first?.contains("no records") == true)
        #expect(try store.imports().count == 1)
        do {
            try run(Importer(store: store, strict: true), "empty2.csv", [])
            Issue.record("expected an error under strict")
        } catch {
            #expect(error.code == .rejectedUnderStrict)
            #expect(error.message.contains("no records"))
        }
        #expect(try store.imports().count == 1)
    }

    @Test func strictRollsBackTheWholeFileAndNamesTheRow() throws {
        let store = try temporaryStore()
        try run(Importer(store: store), "first.csv", [row("T0", line: 2)])
        let strict = Importer(store: store, strict: true)
        #expect {
            try run(
                strict, "b.csv",
                [
                    row("T1", line: 2, file: "b.csv"), row("T2", line: 3, file: "b.csv"),
                    bad(line: 4, field: "currency", reason: "'XYZ' is not an ISO 4217 currency code", file: "b.csv"),
                    row("T3", line: 5, file: "b.csv"),
                ])
        } throws: { error in
            guard let error = error as? IngestError else { return false }
            return error.code == .rejectedUnderStrict && error.exitStatus == .dataError
                && error.location == SourceLocation(file: "b.csv", line: 4, field: "currency")
                && error.description.contains("b.csv:4 (field currency)") && error.description.contains("XYZ")
        }
        #expect(try store.transferSpan().count == 1)
        #expect(try store.imports().map(\.file.path) == ["first.csv"])
        #expect(try store.rejects().isEmpty)
        #expect(try store.transfers(ids: ["T1", "T2", "T3"]).isEmpty)
        // A clean strict import goes through.
        #expect(try run(strict, "c.csv", [row("T4", line: 2)]).imported == 1)
    }

    @Test func aReaderFailureMidFileLeavesNothing() throws {
        let store = try temporaryStore()
        let truncated = IngestError(
            .malformed, "file ends inside a quoted field (expected a closing quote)",
            location: SourceLocation(file: "t.csv", line: 3))
        #expect {
            try run(Importer(store: store), "t.csv", [row("T1", line: 2)], failure: truncated)
        } throws: { ($0 as? IngestError)?.code == .malformed }
        #expect(try store.transferSpan().count == 0)
        #expect(try store.imports().isEmpty)
    }

    @Test func reportingAmountsFromDatedUndatedOrNoRate() throws {
        let store = try temporaryStore()
        let aed = CurrencyCode("AED")!
        try store.importRates([
            ExchangeRate(currency: aed, reportingCurrency: .usd, rate: "0.25")!,
            ExchangeRate(currency: aed, reportingCurrency: .usd, validFrom: UTCTime.parseISO8601("2026-01-02"), rate: "0.2723")!,
        ])
        let summary = try run(
            Importer(store: store), "a.csv",
            [
                row("UNDATED", line: 2, at: 3_600, minor: 10_000, currency: "AED"),
                row("DATED", line: 3, at: 86_400 + 60, minor: 10_000, currency: "AED"),
                row("NORATE", line: 4, minor: 500, currency: "JPY"),
            ])
        #expect(summary.withoutRate == 1)
        let found = Dictionary(
            uniqueKeysWithValues: try store.transfers(ids: ["UNDATED", "DATED", "NORATE"]).map { ($0.transfer.id, $0.transfer) })
        #expect(found["UNDATED"]?.reportingAmount == Money(minorUnits: 2_500, currency: .usd))
        #expect(found["DATED"]?.reportingAmount == Money(minorUnits: 2_723, currency: .usd))
        #expect(found["NORATE"]?.reportingAmount == nil)
        #expect(found["NORATE"]?.amount == Money(minorUnits: 500, currency: CurrencyCode("JPY")!))
        #expect(try store.stats().withoutReportingAmount == 1)
    }

    @Test func otherReportingCurrency() throws {
        let store = try temporaryStore()
        let eur = CurrencyCode("EUR")!
        try store.importRates([ExchangeRate(currency: .usd, reportingCurrency: eur, rate: "0.9")!])
        let importer = Importer(store: store, reportingCurrency: eur)
        try run(importer, "a.csv", [row("T1", line: 2, minor: 10_000), row("T2", line: 3, minor: 700, currency: "EUR")])
        let found = try store.transfers(ids: ["T1", "T2"]).map(\.transfer.reportingAmount)
        #expect(found == [Money(minorUnits: 9_000, currency: eur), Money(minorUnits: 700, currency: eur)])
        #expect(try store.imports().first?.reportingCurrency == eur)
    }

    @Test func syntheticReaderIsDeterministicAndValid() throws {
        var first = SyntheticTransferReader(rows: 50, rejectEvery: 10)
        var second = SyntheticTransferReader(rows: 50, rejectEvery: 10)
        var transfers = 0
        var rejected = 0
        while let a = try first.next() {
            #expect(a == (try second.next()))
            switch a {
            case .transfer(let row):
                transfers += 1
                #expect(row.transfer.senderBroker != row.transfer.receiverBroker)
                #expect(row.transfer.amount.minorUnits > 0)
            case .rejected: rejected += 1
            case .broker: Issue.record("a transfer reader yielded a broker")
            }
        }
        #expect(transfers == 45 && rejected == 5)
        #expect(first.bytesRead == 50 * SyntheticTransferReader.bytesPerRow)
        let store = try temporaryStore()
        let summary = try Importer(store: store).importFile(
            reader: SyntheticTransferReader(rows: 1_000), path: "synthetic", sha256: sha("s"), size: 96_000)
        #expect(summary.imported == 1_000)
        let brokers = try store.stats().brokers
        #expect(brokers == 856)  // distinct sender and receiver ids the seeded reader draws from 1,000
    }
}
