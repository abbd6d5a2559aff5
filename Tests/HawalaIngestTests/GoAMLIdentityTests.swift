import Foundation
import HawalaCore
import HawalaStore
import Testing

@testable import HawalaIngest

/// Issue 10, item 5: goAML identities (one test per identity rule).
@Suite("goAML identities")
struct GoAMLIdentityTests {
    /// A goAML report with the given transactions, from reporting entity RE-9 (local AED).
    private func report(_ transactions: String) throws -> [IngestRecord] {
        let xml = """
            <?xml version="1.0" encoding="UTF-8"?>
            <report>
              <rentity_id>RE-9</rentity_id>
              <entity_reference>STR-7</entity_reference>
              <currency_code_local>AED</currency_code_local>
            \(transactions)
            </report>
            """
        return try Fixtures.readAll(path: try Fixtures.write(xml, name: "report.xml"))
    }

    private func transaction(_ number: String, from: String, to: String, amount: String = "<amount_local>100.00</amount_local>")
        -> String
    {
        """
        <transaction><transactionnumber>\(number)</transactionnumber>
        <date_transaction>2026-05-24T14:30:00</date_transaction>\(amount)
        \(from)\(to)</transaction>
        """
    }

    private let bankTo = "<t_to><to_account><institution_code>BANK-2</institution_code><account>ACC-77</account></to_account></t_to>"

    private func person(_ prefix: String, _ fields: String) -> String {
        "<t_\(prefix)_my_client><\(prefix)_person>\(fields)</\(prefix)_person></t_\(prefix)_my_client>"
    }

    @Test func placeholderSSNDoesNotMergeTwoPeople() throws {
        let records = try report(
            transaction("T1", from: person("from", "<first_name>Ali</first_name><ssn>.</ssn>"), to: bankTo)
                + transaction("T2", from: person("from", "<first_name>Sara</first_name><ssn>.</ssn>"), to: bankTo))
        let a = try #require(records[0].transferRow)
        let b = try #require(records[1].transferRow)
        #expect(a.transfer.originator == "STR-7/T1/from")
        #expect(b.transfer.originator == "STR-7/T2/from")
        #expect(a.parties.first?.name == "Ali")
        #expect(b.parties.first?.name == "Sara")
        #expect(a.parties.first?.identifiedBy == "report-scoped")
    }

    @Test func placeholdersAreNotIdentifiers() {
        for value in [".", "-", "0", "N/A", "unknown", "UNKNOWN", "12", "xx", "0000", "---"] {
            #expect(!GoAMLMapping.isPlausibleIdentifier(value), "\(value)")
        }
        for value in ["AB123456", "784-1980-1234567-1", "PK-4220112"] {
            #expect(GoAMLMapping.isPlausibleIdentifier(value), "\(value)")
        }
    }

    @Test func passportWithIssuingCountryComesFirst() throws {
        let fields = "<first_name>Ali</first_name><passport_number>AB123456</passport_number><passport_country>PK</passport_country><id_number>ID-5555</id_number>"
        let row = try #require(try report(transaction("T1", from: person("from", fields), to: bankTo)).first?.transferRow)
        #expect(row.transfer.originator == "AB123456 (PK)")
        #expect(row.parties.first?.identifiedBy == "passport_number")
    }

    @Test func implausibleIdentifierFallsThroughToTheNext() throws {
        let fields = "<first_name>Ali</first_name><id_number>N/A</id_number><tax_number>TRN-100200300</tax_number><ssn>0</ssn>"
        let row = try #require(try report(transaction("T1", from: person("from", fields), to: bankTo)).first?.transferRow)
        #expect(row.transfer.originator == "TRN-100200300")
        #expect(row.parties.first?.identifiedBy == "tax_number")
    }

    @Test func scopedPartyKeepsNameBirthDateAndCountry() throws {
        let fields = "<first_name>Omar</first_name><last_name>Nasser</last_name><birthdate>1979-03-04T00:00:00</birthdate><nationality1>JO</nationality1>"
        let row = try #require(try report(transaction("T1", from: person("from", fields), to: bankTo)).first?.transferRow)
        #expect(
            row.parties.first
                == Party(
                    id: "STR-7/T1/from", name: "Omar Nasser", kind: .person, country: "JO", birthDate: "1979-03-04",
                    identifiedBy: "report-scoped"))
    }

    @Test func localAmountIsKeptBesideTheForeignAmount() throws {
        let from = "<t_from><from_foreign_currency><foreign_currency_code>USD</foreign_currency_code><foreign_amount>27.23</foreign_amount></from_foreign_currency><from_account><institution_code>BANK-1</institution_code><account>A-1</account></from_account></t_from>"
        let row = try #require(try report(transaction("T1", from: from, to: bankTo)).first?.transferRow)
        #expect(row.transfer.amount == Money(minorUnits: 2723, currency: .usd))
        #expect(row.transfer.localAmount == Money(minorUnits: 10_000, currency: CurrencyCode("AED")!))
    }

    @Test func cashWithdrawalIsItsOwnKind() throws {
        let from = "<t_from_my_client><from_account><institution_code>RE-9</institution_code><account>ACC-1</account></from_account></t_from_my_client>"
        let to = "<t_to><to_person><first_name>Bilal</first_name><id_number>PK-4220112</id_number></to_person></t_to>"
        let row = try #require(try report(transaction("T1", from: from, to: to)).first?.transferRow)
        #expect(row.transfer.kind == .cashWithdrawal)
        #expect(row.transfer.senderBroker == "RE-9")
        #expect(row.transfer.receiverBroker == "RE-9")
        #expect(row.transfer.beneficiary == "PK-4220112")
    }

    @Test func cashDepositIsItsOwnKind() throws {
        let from = "<t_from><from_person><first_name>Omar</first_name></from_person></t_from>"
        let to = "<t_to_my_client><to_account><swift>REBKAEAD</swift><account>ACC-1</account></to_account></t_to_my_client>"
        let row = try #require(try report(transaction("T1", from: from, to: to)).first?.transferRow)
        #expect(row.transfer.kind == .cashDeposit)
        #expect(row.transfer.senderBroker == "RE-9")
        #expect(row.transfer.receiverBroker == "RE-9")
        // The reporting entity's SWIFT/BIC is an alias of RE-9, not a second broker.
        #expect(row.aliases.map(\.alias) == ["REBKAEAD"])
        #expect(row.aliases.first?.broker == "RE-9")
    }

    @Test func myClientAccountInstitutionIsAnAliasOfTheReportingEntity() throws {
        let from = "<t_from_my_client><from_account><institution_code>RE9-DEIRA</institution_code><swift>REBKAEAD</swift><account>ACC-1</account></from_account></t_from_my_client>"
        let row = try #require(try report(transaction("T1", from: from, to: bankTo)).first?.transferRow)
        #expect(row.transfer.kind == .transfer)
        #expect(row.transfer.senderBroker == "RE-9")
        #expect(row.transfer.receiverBroker == "BANK-2")
        #expect(Set(row.aliases.map(\.alias)) == ["RE9-DEIRA", "REBKAEAD"])
    }

    @Test func accountToAccountAtOneInstitutionIsStillASelfTransfer() throws {
        let from = "<t_from><from_account><institution_code>BANK-2</institution_code><account>ACC-1</account></from_account></t_from>"
        let reject = try #require(try report(transaction("T1", from: from, to: bankTo)).first?.rejectedRow)
        #expect(reject.reason.contains("same broker 'BANK-2'"))
    }

    @Test func noInstitutionOnEitherSideIsRejected() throws {
        let from = "<t_from><from_person><first_name>A</first_name></from_person></t_from>"
        let to = "<t_to><to_person><first_name>B</first_name></to_person></t_to>"
        let reject = try #require(try report(transaction("T1", from: from, to: to)).first?.rejectedRow)
        #expect(reject.reason.contains("broker is unknown"))
    }

    @Test func aBrokerNamedOnlyByAnAliasIsTheOneBrokerAfterImport() throws {
        let first = "<t_from_my_client><from_account><institution_code>RE9-DEIRA</institution_code><swift>REBKAEAD</swift><account>ACC-1</account></from_account></t_from_my_client>"
            + "<t_to><to_account><institution_code>HBL-1</institution_code><swift>HABBPKKA</swift><account>X-1</account></to_account></t_to>"
        let second = "<t_from><from_account><swift>HABBPKKA</swift><account>X-2</account></from_account></t_from>"
            + "<t_to><to_account><swift>REBKAEAD</swift><account>ACC-2</account></to_account></t_to>"
        let xml = """
            <?xml version="1.0" encoding="UTF-8"?>
            <report><rentity_id>RE-9</rentity_id><entity_reference>STR-7</entity_reference><currency_code_local>AED</currency_code_local>
            \(transaction("T1", from: first, to: ""))
            \(transaction("T2", from: second, to: ""))
            </report>
            """
        let path = try Fixtures.write(xml, name: "aliases.xml")
        let store = try Store(path: try Fixtures.temporaryDirectory().appendingPathComponent("t.sqlite").path)
        let digest = try FileDigest.sha256(path: path)
        let summary = try Importer(store: store).importFile(
            reader: try GoAMLReader(path: path), path: path, sha256: digest.hex, size: digest.size)
        #expect(summary.imported == 2)
        let transfers = try store.transfers(ids: ["T1", "T2"]).map(\.transfer)
        #expect(transfers.map(\.senderBroker) == ["RE-9", "HBL-1"])
        #expect(transfers.map(\.receiverBroker) == ["HBL-1", "RE-9"])
        #expect(try store.brokers().map(\.id) == ["HBL-1", "RE-9"])
    }
}
