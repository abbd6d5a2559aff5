import Foundation
import HawalaCore
import HawalaStore
import Testing

@testable import HawalaMatching

/// `Store.matchIdentities()` turns what the store holds into keys: parties' birth dates and
/// the documents or accounts their ids were made from, brokers' aliases (goAML SWIFT/BIC,
/// institution names and codes).
@Suite struct StoreIdentitiesTests {
    func store() throws -> Store {
        let store = try Store(path: try MatchFixture.directory().appendingPathComponent("s.sqlite").path)
        try store.importFile(ImportFile(path: "ids", sha256: String(repeating: "0", count: 63) + "2", size: 0, specification: "test")) { session in
            try session.record(broker: Broker(id: "BRK-1", name: "Al Noor Exchange", country: "AE", licence: "LIC-2019-0100"))
            try session.record(broker: Broker(id: "BRK-2", name: "Pamir Sarafi", country: "AF"))
            try session.record(alias: BrokerAlias(alias: "NOORAEAD", broker: "BRK-1", source: "goaml t_from_my_client swift (the reporting entity's client)"))
            try session.record(alias: BrokerAlias(alias: "Noor Exchange House", broker: "BRK-1", source: "goaml t_from_my_client institution_name (the reporting entity's client)"))
            try session.record(alias: BrokerAlias(alias: "INST-7731", broker: "BRK-2", source: "goaml t_to institution_code of the same account"))
            try session.record(party: Party(
                id: "a 123 4567 (AF)", name: "Muhammad Yusuf Khan", kind: .person, country: "PK", birthDate: "1984-03-07",
                identifiedBy: "passport_number"))
            try session.record(party: Party(id: "987654321", name: "Ahmad Rahim Popal", kind: .person, country: "AF", identifiedBy: "id_number"))
            try session.record(party: Party(id: "ACC-000123", name: "Zamzam Trading LLC", kind: .entity, identifiedBy: "account"))
            try session.record(party: Party(id: "R-1-T-2-from", kind: .unknown, identifiedBy: "report-scoped"))
        }
        return store
    }

    @Test func partiesCarryBirthDatesAndIdentifierFields() throws {
        let parties = try store().parties()
        let passport = try #require(parties.first { $0.id == "a 123 4567 (AF)" })
        #expect(passport.birthDate == "1984-03-07")
        #expect(passport.identifiedBy == "passport_number")
        #expect(try store().parties(ids: ["987654321"]).first?.identifiedBy == "id_number")
    }

    @Test func keysFromIngestedIdentities() throws {
        let identities = try store().matchIdentities()
        func keys(_ id: String) -> Set<String> {
            Set(identities.first { $0.id == id }!.keys().map { "\($0.kind.rawValue)=\($0.value)" })
        }
        #expect(keys("a 123 4567 (AF)") == [
            "document=AF:A1234567", "name+birth_year=muhammad yusuf khan|1984", "sorted_name+birth_year=khan muhammad yusuf|1984",
            "phonetic_name+birth_year=hn mhmd sf|1984",
        ])
        // id_number without an issuing country: the party's country.
        #expect(keys("987654321").contains("document=AF:987654321"))
        #expect(keys("ACC-000123").contains("account=ACC000123"))
        #expect(keys("R-1-T-2-from").isEmpty)
        let noor = keys("BRK-1")
        #expect(noor.contains("bic=NOORAEAD"))
        #expect(noor.contains("licence=AE:LIC20190100"))
        #expect(noor.contains("sorted_name=exchange house noor"))
        #expect(keys("BRK-2").contains("licence=AF:INST7731"))
    }
}
