import Foundation
import HawalaCore

/// Writes two agencies' overlapping views (``PartnerViewSimulator``) as the files each FIU
/// would ingest — a broker register (`brokers.csv`) and goAML reports (`goaml/<broker>.xml`)
/// — so that both databases are made by `hawala ingest` from files, with the details real
/// reports carry: persons' dates of birth and passport numbers with issuing country, brokers'
/// licence numbers and SWIFT/BIC codes. A shared person has the same date of birth and
/// passport in both views (the partner writes the passport number in lower case with spaces);
/// a shared broker the same BIC and licence (punctuated differently). Everyone else has their
/// own. `truth.tsv` lists the shared identities by the ids the importer gives them (a person's
/// id is `PASSPORT (CC)`, goAML's `passport_number` and `passport_country`). See
/// docs/simulation.md, "Two agencies' views".
public enum PartnerViewWriter {
    /// What was written.
    public struct Summary: Sendable {
        /// Files written, relative to the folder.
        public var files: [String]
        /// Shared identities: role (`broker`/`party`), our id, the partner's id (as imported).
        public var truth: [(role: String, ours: String, partner: String)]
    }

    /// Writes `ours/` and `partner/` (each `brokers.csv` and `goaml/*.xml`) and `truth.tsv`.
    /// - Parameters:
    ///   - view: the two views (``PartnerViewSimulator/make(_:)``).
    ///   - directory: the folder (created when missing; files in it are overwritten).
    /// - Returns: the files written and the truth.
    /// - Throws: ``SimulationError`` `.invalidOptions` when a view has fewer than two brokers or
    ///   parties, `.io` when a file cannot be written.
    public static func write(_ view: PartnerView, to directory: URL) throws -> Summary {
        guard view.ours.brokers.count >= 2, view.partner.brokers.count >= 2, view.ours.parties.count >= 2,
            view.partner.parties.count >= 2
        else {
            throw SimulationError(.invalidOptions, "each agency needs at least two brokers and two parties")
        }
        // Details keyed by a person number: ours by their index, the partner's shared persons
        // by the index of the person they are, the partner's own by 1,000 + their index.
        let ourIndex = Dictionary(uniqueKeysWithValues: view.ours.parties.enumerated().map { ($1.id, $0) })
        let sharedByPartner = Dictionary(uniqueKeysWithValues: view.sharedParties.map { ($1, $0) })
        let sharedBrokerByPartner = Dictionary(uniqueKeysWithValues: view.sharedBrokers.map { ($1, $0) })
        let ourBrokerIndex = Dictionary(uniqueKeysWithValues: view.ours.brokers.enumerated().map { ($1.id, $0) })

        var files: [String] = []
        var importedID: [String: String] = [:]  // "ours/P-0001" → the importer's id
        for (agency, side) in [("ours", view.ours), ("partner", view.partner)] {
            let persons = side.parties.enumerated().map { index, party in
                let number: Int
                if agency == "ours" { number = index } else if let ours = sharedByPartner[party.id] { number = ourIndex[ours]! } else { number = 1_000 + index }
                return Person(party: party, number: number, partnerStyle: agency == "partner")
            }
            let brokers = side.brokers.enumerated().map { index, broker in
                let number: Int
                if agency == "ours" { number = index } else if let ours = sharedBrokerByPartner[broker.id] { number = ourBrokerIndex[ours]! } else { number = 100 + index }
                return (broker: broker, bic: bic(number, country: broker.country ?? "AE"))
            }
            for person in persons { importedID["\(agency)/\(person.party.id)"] = person.importedID }
            let folder = directory.appendingPathComponent(agency)
            try write(text: registerCSV(side.brokers), to: folder.appendingPathComponent("brokers.csv"))
            files.append("\(agency)/brokers.csv")
            for (index, sender) in brokers.enumerated() {
                var transactions: [String] = []
                for (i, person) in persons.enumerated() where i % brokers.count == index {
                    let beneficiary = persons[(i + 1) % persons.count]
                    let receiver = brokers[(index + 1) % brokers.count]
                    transactions.append(transaction(
                        number: "\(agency.uppercased())-\(i + 1)", day: 1 + i % 28, amount: 200 + (i * 37) % 900,
                        from: person, at: sender, to: beneficiary, at: receiver))
                }
                guard !transactions.isEmpty else { continue }
                let name = "goaml/\(sender.broker.id).xml"
                try write(text: report(sender.broker, transactions), to: folder.appendingPathComponent(name))
                files.append("\(agency)/\(name)")
            }
        }
        let truth = view.sharedBrokers.sorted { $0.key < $1.key }.map { (role: "broker", ours: $0.key, partner: $0.value) }
            + view.sharedParties.sorted { $0.key < $1.key }.map {
                (role: "party", ours: importedID["ours/\($0.key)"]!, partner: importedID["partner/\($0.value)"]!)
            }
        let rows = ["role\tours\tpartner"] + truth.map { "\($0.role)\t\($0.ours)\t\($0.partner)" }
        try write(text: rows.joined(separator: "\n") + "\n", to: directory.appendingPathComponent("truth.tsv"))
        files.append("truth.tsv")
        return Summary(files: files, truth: truth)
    }

    /// A person with the details a goAML report gives.
    struct Person {
        var party: Party
        /// `YYYY-MM-DD`, the same for a shared person in both views.
        var birthDate: String
        /// The passport number as this agency writes it.
        var passport: String
        /// Given names and family name as the report splits them.
        var first: String, last: String

        init(party: Party, number: Int, partnerStyle: Bool) {
            self.party = party
            let mixed = SplitMix64.mix(UInt64(number) &+ 0x51ED_2701)
            birthDate = String(format: "%04d-%02d-%02d", 1950 + Int(mixed % 50), 1 + Int((mixed >> 8) % 12), 1 + Int((mixed >> 16) % 28))
            let digits = String(format: "%07d", Int((mixed >> 24) % 10_000_000))
            let letter = Character(UnicodeScalar(UInt8(ascii: "A") + UInt8((mixed >> 48) % 26)))
            passport = partnerStyle ? "\(letter.lowercased()) \(digits.prefix(3)) \(digits.dropFirst(3))" : "\(letter)\(digits)"
            let name = party.name ?? ""
            if let comma = name.firstIndex(of: ",") {
                (first, last) = (name[name.index(after: comma)...].trimmingCharacters(in: .whitespaces), String(name[..<comma]))
            } else if let space = name.lastIndex(of: " ") {
                (first, last) = (String(name[..<space]), String(name[name.index(after: space)...]))
            } else {
                (first, last) = ("", name)
            }
        }

        /// The id `hawala ingest` gives: `passport_number (passport_country)`.
        var importedID: String { "\(passport) (\(party.country ?? "AF"))" }
    }

    /// A BIC (ISO 9362) for broker `number`: four letters, the country, `2A`.
    static func bic(_ number: Int, country: String) -> String {
        let mixed = SplitMix64.mix(UInt64(number) &+ 0xB1C)
        let bank = (0..<4).map { Character(UnicodeScalar(UInt8(ascii: "A") + UInt8((mixed >> (8 * UInt64($0))) % 26))) }
        return String(bank) + country + "2A"
    }

    static func registerCSV(_ brokers: [Broker]) -> String {
        "id,name,country,licence\n" + brokers.map {
            "\($0.id),\(SideFiles.csvField($0.name ?? "")),\($0.country ?? ""),\(SideFiles.csvField($0.licence ?? ""))\n"
        }.joined()
    }

    static func report(_ broker: Broker, _ transactions: [String]) -> String {
        GoAMLWriter.reportHeader(
            rentityID: broker.id, branch: broker.name ?? broker.id, reference: "\(broker.id)-2026-01",
            submissionDate: "2026-02-01T00:00:00", currency: "USD", country: broker.country ?? "AE",
            reason: "Transfers of the simulated partner view", action: "Filed for 2026-01")
            + transactions.joined() + "</report>\n"
    }

    static func transaction(
        number: String, day: Int, amount: Int, from: Person, at sender: (broker: Broker, bic: String), to: Person,
        at receiver: (broker: Broker, bic: String)
    ) -> String {
        """
            <transaction>
              <transactionnumber>\(number)</transactionnumber>
              <date_transaction>2026-01-\(String(format: "%02d", day))T10:00:00</date_transaction>
              <transmode_code>K</transmode_code>
              <amount_local>\(amount).00</amount_local>
              <t_from_my_client>
                <from_funds_code>K</from_funds_code>
        \(account("from", sender, from))      <from_country>\(sender.broker.country ?? "AE")</from_country>
              </t_from_my_client>
              <t_to>
                <to_funds_code>K</to_funds_code>
        \(account("to", receiver, to))      <to_country>\(receiver.broker.country ?? "AE")</to_country>
              </t_to>
            </transaction>

        """
    }

    static func account(_ side: String, _ broker: (broker: Broker, bic: String), _ person: Person) -> String {
        let xml = GoAMLWriter.escape
        let country = person.party.country ?? "AF"
        return """
                  <\(side)_account>
                    <institution_name>\(xml(broker.broker.name ?? broker.broker.id))</institution_name>
                    <institution_code>\(xml(broker.broker.id))</institution_code>
                    <swift>\(broker.bic)</swift>
                    <non_bank_institution>true</non_bank_institution>
                    <account>\(xml(person.passport))</account>
                    <currency_code>USD</currency_code>
                    <signatory>
                      <is_primary>true</is_primary>
                      <t_person>
                        <first_name>\(xml(person.first))</first_name>
                        <last_name>\(xml(person.last))</last_name>
                        <birthdate>\(person.birthDate)T00:00:00</birthdate>
                        <passport_number>\(xml(person.passport))</passport_number>
                        <passport_country>\(country)</passport_country>
                        <nationality1>\(country)</nationality1>
                      </t_person>
                    </signatory>
                  </\(side)_account>

            """
    }

    static func write(text: String, to url: URL) throws {
        do {
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url)
        } catch {
            throw SimulationError(.io, "cannot write \(url.path): \(error.localizedDescription)")
        }
    }
}
