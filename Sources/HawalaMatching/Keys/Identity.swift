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
    /// country. An
    /// id that is a valid IBAN also gives an account key.
    /// - Parameter party: the party as stored.
    public init(party: Party) {
        self.init(
            role: .party, id: party.id, names: party.name.map { [$0] } ?? [], isEntity: party.kind == .entity,
            birthDate: party.birthDate, accounts: IdentifierNormaliser.iban(party.id) != nil ? [party.id] : [], country: party.country)
    }

    /// `broker BRK-17` / `party P-0042`.
    public var label: String { "\(role.rawValue) \(id)" }
}
