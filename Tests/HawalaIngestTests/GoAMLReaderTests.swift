import Foundation
import HawalaCore
import Testing

@testable import HawalaIngest

@Suite("GoAMLReader")
struct GoAMLReaderTests {
    @Test func biPartyReport() throws {
        let path = Fixtures.path("goaml-4-biparty.xml")
        let records = try Fixtures.readAll(path: path)
        #expect(records.count == 4)

        let first = try #require(records[0].transferRow)
        #expect(first.transfer.id == "TX-1001")
        #expect(first.transfer.senderBroker == "RE-1234")  // my client without account: the reporting entity
        #expect(first.transfer.receiverBroker == "HBL-KHI-0031")
        #expect(first.transfer.originator == "AF-778812")
        #expect(first.transfer.beneficiary == "PK-4220112")  // the account's signatory
        #expect(first.transfer.amount == Money(minorUnits: 3_650_000, currency: CurrencyCode("AED")!))
        #expect(first.transfer.channel == "K")
        #expect(first.transfer.reference == "HW-77/1")
        #expect(UTCTime.iso8601(first.transfer.timestamp) == "2026-05-24T14:30:00Z")
        #expect(first.location.element == "/report/transaction[1]")
        #expect(first.location.line == 16)
        #expect(
            first.parties.first
                == Party(
                    id: "AF-778812", name: "Ahmad Karimi", kind: .person, country: "AF", birthDate: "1980-02-11",
                    identifiedBy: "id_number"))
        #expect(first.brokers.map(\.name) == ["Deira branch", "Habib Bank Limited"])

        let second = try #require(records[1].transferRow)
        #expect(second.transfer.senderBroker == "EBILAEAD")  // swift when no institution_code
        #expect(second.transfer.receiverBroker == "RE-1234")
        #expect(second.transfer.amount == Money(minorUnits: 1_000_000, currency: .usd))  // foreign currency wins
        #expect(second.transfer.originator == "DED-556677")
        // An entity without incorporation or tax number: a key of its own, scoped to report and transaction.
        #expect(second.transfer.beneficiary == "STR-2026-0042/TX-1002/to")
        #expect(second.parties.last?.name == "Kabul Carpets Trading")
        #expect(second.transfer.localAmount == Money(minorUnits: 3_673_000, currency: CurrencyCode("AED")!))
        #expect(second.aliases == [BrokerAlias(alias: "Emirates Bank", broker: "EBILAEAD", source: "goaml t_from institution_name of the same account")])
        #expect(second.transfer.channel == "ZZ-LOCAL-7")  // unknown codes kept as text
        #expect(second.transfer.reference == "Trade invoice settlement & fees")

        // Cash paid in by a walk-in customer (no institution on the sending side): a cash deposit
        // at the reporting entity, not a rejected row and not a broker-to-broker transfer.
        let third = try #require(records[2].transferRow)
        #expect(third.transfer.kind == .cashDeposit)
        #expect(third.transfer.senderBroker == "RE-1234")
        #expect(third.transfer.receiverBroker == "RE-1234")
        #expect(third.transfer.originator == "STR-2026-0042/TX-1003/from")
        #expect(third.parties.first?.name == "Omar Nasser")

        let fourth = try #require(records[3].transferRow)
        #expect(fourth.transfer.receiverBroker == "Herat Exchange House")  // institution_name last
        #expect(fourth.transfer.beneficiary == "HX-17")  // account number when no holder
    }

    @Test func multiPartyReport() throws {
        let spec = ImportSpecification(name: "goaml-uk", format: .goaml, timezoneOffset: "+01:00")
        var reader = try GoAMLReader(path: Fixtures.path("goaml-5-multiparty.xml"), specification: spec)
        #expect(reader.specificationName == "goaml-uk")
        let records = try Fixtures.readAll(&reader)
        #expect(records.count == 3)
        let first = try #require(records[0].transferRow)
        // Roles decide the sides, not the order.
        #expect(first.transfer.senderBroker == "MSB-88")
        #expect(first.transfer.receiverBroker == "BAF-LHE")
        #expect(first.transfer.originator == "GB5512345")
        #expect(first.transfer.beneficiary == "PK-1188")
        #expect(first.transfer.amount == Money(minorUnits: 250_000, currency: CurrencyCode("GBP")!))
        #expect(UTCTime.iso8601(first.transfer.timestamp) == "2026-06-01T09:00:00Z")  // local +01:00

        let second = try #require(records[1].transferRow)
        // Unknown role codes: first party sends, second receives.
        #expect(second.transfer.senderBroker == "MSB-88")
        #expect(second.transfer.receiverBroker == "MEZNPKKA")
        #expect(second.transfer.originator == "UK-09911")
        #expect(second.transfer.channel == "X-CUSTOM")
        #expect(UTCTime.iso8601(second.transfer.timestamp) == "2026-06-01T14:45:00Z")  // its own offset

        let third = try #require(records[2].rejectedRow)
        #expect(third.location.field == "date_transaction")
        #expect(third.reason.contains("impossible"))
    }

    @Test func externalEntityIsNotRead() throws {
        let hostname = (try? String(contentsOfFile: "/etc/hostname", encoding: .utf8))?
            .trimmingCharacters(in: .whitespacesAndNewlines) ?? "no-hostname-file"
        var texts: [String] = []
        do {
            for record in try Fixtures.readAll(path: Fixtures.path("goaml-xxe.xml")) {
                texts.append(String(describing: record))
                // The entity reference is dropped, not replaced by the file's content.
                #expect(record.transferRow?.transfer.reference == "leak:")
            }
        } catch {
            texts.append(String(describing: error))  // refusing the file is fine too
        }
        #expect(!texts.isEmpty)
        #expect(!texts.joined().contains("leak:\(hostname)"))
    }

    @Test func truncatedXMLIsMalformedWithLine() throws {
        let path = Fixtures.path("goaml-truncated.xml")
        var reader = try GoAMLReader(path: path)
        do {
            while try reader.next() != nil {}
            Issue.record("expected an error")
        } catch {
            #expect(error.code == .malformed)
            #expect(error.location?.file == path)
            #expect(error.location?.line == 17)  // the last line, cut off mid-tag
        }
    }

    @Test func missingFileAndWrongSpecification() throws {
        let thrown1 = #expect(throws: IngestError.self) { try GoAMLReader(path: "/nonexistent/report.xml") }
        #expect(thrown1?.code == .missingInput)
        do {
            _ = try GoAMLReader(path: Fixtures.path("goaml-4-biparty.xml"), specification: BuiltinSpecifications.named("canonical"))
            Issue.record("expected an error")
        } catch {
            #expect(error.code == .badSpecification)
        }
    }

    @Test func csvFileReadAsGoAMLIsMalformed() throws {
        var reader = try Readers.open(path: Fixtures.path("canonical.csv"), specification: BuiltinSpecifications.named("goaml"))
        let thrown2 = #expect(throws: IngestError.self) { while try reader.next() != nil {} }
        #expect(thrown2?.code == .malformed)
    }

    @Test func wrongRootIsMalformed() throws {
        let path = try Fixtures.write("<?xml version=\"1.0\"?><ledger><x/></ledger>", name: "x.xml")
        var reader = try GoAMLReader(path: path)
        let thrown3 = #expect(throws: IngestError.self) { try reader.next() }
        #expect(thrown3?.code == .malformed)
    }

    /// Many transactions pass through the bounded queue in order; dropping a reader early
    /// stops its parsing thread (no hang).
    @Test func largeReportStreamsInOrder() throws {
        var xml = "<report><rentity_id>R</rentity_id><currency_code_local>USD</currency_code_local>\n"
        for i in 1...2000 {
            xml += """
                <transaction><transactionnumber>N\(i)</transactionnumber><date_transaction>2026-01-01T00:00:00</date_transaction>\
                <amount_local>\(i).00</amount_local><t_from_my_client><from_person><first_name>A</first_name></from_person></t_from_my_client>\
                <t_to><to_account><institution_code>B\(i % 7)</institution_code></to_account></t_to></transaction>\n
                """
        }
        xml += "</report>\n"
        let path = try Fixtures.write(xml, name: "big.xml")
        let records = try Fixtures.readAll(path: path)
        #expect(records.count == 2000)
        #expect(records.compactMap(\.transferRow).map(\.transfer.id) == (1...2000).map { "N\($0)" })
        var early = try GoAMLReader(path: path)
        #expect(try early.next()?.transferRow?.transfer.id == "N1")
    }
}
