import Foundation
import HawalaCore
import Testing

@testable import HawalaIngest

/// Issue 10, item 7: `hawala specs infer FILE`; the printed specification, unchanged, reads the file.
@Suite("SpecificationInference")
struct SpecificationInferenceTests {
    /// Infers a specification for `path` and reads the file with it.
    private func roundTrip(_ path: String) throws -> (text: String, records: [IngestRecord]) {
        let text = try SpecificationInference.infer(path: path)
        let spec = try ImportSpecification.parse(text, source: "inferred")
        return (text, try Fixtures.readAll(path: path, specification: spec))
    }

    @Test func bankStyleExport() throws {
        let path = try Fixtures.write(
            "Date,From,To,Amount,Ccy,Sender Name,Receiver Name\n03/04/2026,BRK-1,BRK-2,\"1,250.00\",USD,Ali,Sara\n"
                + "05/04/2026,BRK-2,BRK-3,980.50,EUR,Sara,Omar\n")
        let (text, records) = try roundTrip(path)
        #expect(text.contains("sender_broker: From  # GUESS"))
        #expect(text.contains("originator: Sender Name"))
        #expect(text.contains("currency: Ccy"))
        #expect(text.contains("CHECK: day/month order undecided"))
        #expect(text.contains("thousands_separator: \",\""))
        let rows = records.compactMap(\.transferRow)
        #expect(rows.count == 2)
        #expect(rows[0].transfer.amount == Money(minorUnits: 125_000, currency: .usd))
        #expect(rows[0].transfer.beneficiary == "Sara")
        #expect(UTCTime.iso8601(rows[0].transfer.timestamp) == "2026-04-03T00:00:00Z")
    }

    @Test func dayAboveTwelveDecidesTheOrder() throws {
        let path = try Fixtures.write("Value Date,Debit Account,Credit Account,Amount\n04/25/2026,A,B,5\n")
        let (text, records) = try roundTrip(path)
        #expect(text.contains("date_format: \"MM/dd/yyyy\"  # GUESS"))
        #expect(text.contains("currency: USD  # CHECK: no currency column"))
        #expect(records.first?.transferRow?.transfer.senderBroker == "A")
    }

    @Test(arguments: [
        "canonical.csv", "canonical-crlf-bom.csv", "amlsim-sample.csv", "amlsim-full-sample.csv", "amlworld-sample.csv",
        "bank-export.csv", "latin1.csv", "canonical-rejects.csv",
    ])
    func fixturesIngestWithThePrintedSpecification(_ name: String) throws {
        let (text, records) = try roundTrip(Fixtures.path(name))
        #expect(records.contains { $0.transferRow != nil }, "\(name):\n\(text)")
    }

    @Test func sameRowsAsTheBuiltInForBankExport() throws {
        let (_, inferred) = try roundTrip(Fixtures.path("bank-export.csv"))
        let spec = try ImportSpecification.load(path: Fixtures.path("specs/bank-export.yaml"))
        let builtIn = try Fixtures.readAll(path: Fixtures.path("bank-export.csv"), specification: spec)
        #expect(inferred.compactMap(\.transferRow).map(\.transfer.amount) == builtIn.compactMap(\.transferRow).map(\.transfer.amount))
        #expect(inferred.compactMap(\.transferRow).map(\.transfer.originator) == builtIn.compactMap(\.transferRow).map(\.transfer.originator))
    }
}
