import Foundation
import HawalaCore

/// A broker or party as matching sees it: every name and identifier the store holds for it.
/// Built from the store (``Identity/init(broker:)``, ``Identity/init(party:)``) or by callers
/// that hold more detail (dates of birth, documents, phones, accounts).
public struct Identity: Hashable, Sendable, Codable {
    /// Broker or party.
    public enum Role: String, Sendable, Codable, CaseIterable {
        /// A hawala broker (hawaladar), exchange house or money-service business.
        case broker
        /// An originator or beneficiary.
        case party
    }

    /// An identity document: its number and issuing country.
    public struct Document: Hashable, Sendable, Codable {
        /// The number as written.
        public var number: String
        /// The issuing country, ISO 3166-1 alpha-2.
        public var country: String

        /// - Parameters:
        ///   - number: the number as written.
        ///   - country: the issuing country (ISO 3166-1 alpha-2).
        public init(number: String, country: String) {
            self.number = number
            self.country = country
        }
    }

    /// Broker or party.
    public var role: Role
    /// The id in the local store (never sent anywhere, not even blinded).
    public var id: String
    /// The names as written (any script).
    public var names: [String]
    /// Whether this is a business (legal forms are dropped from its names) rather than a person.
    public var isEntity: Bool
    /// The date of birth as written, if known.
    public var birthDate: String?
    /// Identity documents.
    public var documents: [Document]
    /// Phone numbers as written.
    public var phones: [String]
    /// IBANs or account numbers as written.
    public var accounts: [String]
    /// BIC/SWIFT code, if any.
    public var bic: String?
    /// Licence or registration number (brokers), if any.
    public var licence: String?
    /// ISO 3166-1 alpha-2 country (of the broker's licence; the party's residence), if known.
    public var country: String?

    /// - Parameters: see the properties.
    public init(
        role: Role, id: String, names: [String], isEntity: Bool, birthDate: String? = nil, documents: [Document] = [],
        phones: [String] = [], accounts: [String] = [], bic: String? = nil, licence: String? = nil,
        country: String? = nil
    ) {
        self.role = role
        self.id = id
        self.names = names
        self.isEntity = isEntity
        self.birthDate = birthDate
        self.documents = documents
        self.phones = phones
        self.accounts = accounts
        self.bic = bic
        self.licence = licence
        self.country = country
    }

    /// A stored broker: its name (a business name), licence and country. An id that is a
    /// valid BIC or IBAN also gives that key (AMLworld and goAML name brokers by bank codes).
    /// - Parameter broker: the broker as stored.
    public init(broker: Broker) {
        self.init(
            role: .broker, id: broker.id, names: broker.name.map { [$0] } ?? [], isEntity: true,
            accounts: IdentifierNormaliser.iban(broker.id) != nil ? [broker.id] : [],
            bic: IdentifierNormaliser.bic(broker.id) != nil ? broker.id : nil,
            licence: broker.licence, country: broker.country)
    }

    /// A stored party: its name (a business name when its kind is `entity`), birth date and
    /// country, and the identifier its id was made from (``Party/identifiedBy``): an id made
    /// from an identity document, tax or registration number (goAML `passport_number`,
    /// `id_number`, `identification/number`, `tax_number`, `tax_reg_number`, `ssn`,
    /// `incorporation_number`) gives a document key, its issuing country taken from the id's
    /// `NUMBER (CC)` form or else the party's country; an id made from an account number, or
    /// any id that is a valid IBAN, gives an account key.
    /// - Parameter party: the party as stored.
    public init(party: Party) {
        var documents: [Document] = []
        var accounts: [String] = IdentifierNormaliser.iban(party.id) != nil ? [party.id] : []
        if let field = party.identifiedBy, Self.documentFields.contains(field) {
            let (number, issuer) = Self.splitIssuingCountry(party.id)
            if let country = issuer ?? party.country { documents.append(Document(number: number, country: country)) }
        } else if party.identifiedBy == "account", accounts.isEmpty {
            accounts.append(party.id)
        }
        self.init(
            role: .party, id: party.id, names: party.name.map { [$0] } ?? [], isEntity: party.kind == .entity,
            birthDate: party.birthDate, documents: documents, accounts: accounts, country: party.country)
    }

    /// The goAML fields whose value the importer uses as a party id and that are identity
    /// document, tax or registration numbers (``Party/identifiedBy``).
    public static let documentFields: Set<String> = [
        "passport_number", "id_number", "identification/number", "tax_number", "tax_reg_number", "ssn",
        "incorporation_number",
    ]

    /// Splits the importer's `NUMBER (CC)` id form into the number and the issuing country.
    /// - Parameter id: a party id.
    /// - Returns: the number and the two-letter country, or the id and `nil`.
    static func splitIssuingCountry(_ id: String) -> (number: String, country: String?) {
        guard id.hasSuffix(")"), let open = id.lastIndex(of: "(") else { return (id, nil) }
        let country = id[id.index(after: open)..<id.index(before: id.endIndex)]
        guard country.count == 2, country.allSatisfy({ $0.isASCII && $0.isLetter }) else { return (id, nil) }
        return (String(id[..<open]).trimmingCharacters(in: .whitespaces), String(country))
    }

    /// A stored broker with its aliases (table `broker_aliases`): an alias that is a valid BIC
    /// gives a BIC key (when the broker has none yet), a valid IBAN an IBAN key, an alias from a
    /// goAML `institution_name` another name, any other alias (an `institution_code`) a
    /// licence key, as registration codes are.
    /// - Parameters:
    ///   - broker: the broker as stored.
    ///   - aliases: its aliases.
    public init(broker: Broker, aliases: [BrokerAlias]) {
        self.init(broker: broker)
        for alias in aliases {
            let value = alias.alias
            if IdentifierNormaliser.bic(value) != nil, bic == nil {
                bic = value
            } else if IdentifierNormaliser.iban(value) != nil {
                accounts.append(value)
            } else if alias.source.contains("institution_name") {
                if !names.contains(value) { names.append(value) }
            } else if licence == nil {
                licence = value
            }
        }
    }

    /// `broker BRK-17` / `party P-0042`.
    public var label: String { "\(role.rawValue) \(id)" }
}
