/// A hawala broker (hawaladar), exchange house or money-service business, as named by the
/// source: an account id in AMLSim, bank + account in AMLworld, an institution code in goAML.
public struct Broker: Hashable, Sendable, Codable {
    /// The identifier as given by the source, e.g. `"BRK-17"`. Unique within a database.
    public var id: String
    /// The broker's name when known.
    public var name: String?
    /// The ISO 3166-1 alpha-2 country code when known, e.g. `"AF"`.
    public var country: String?
    /// The licence or registration number when known.
    public var licence: String?

    /// - Parameters:
    ///   - id: the source's identifier.
    ///   - name: the name, when known.
    ///   - country: ISO 3166-1 alpha-2 country code, when known.
    ///   - licence: licence or registration number, when known.
    public init(id: String, name: String? = nil, country: String? = nil, licence: String? = nil) {
        self.id = id
        self.name = name
        self.country = country
        self.licence = licence
    }
}

/// An originator or beneficiary of a transfer: a person or an entity.
public struct Party: Hashable, Sendable, Codable {
    /// What kind of party this is.
    public enum Kind: String, Sendable, Codable, CaseIterable {
        /// A natural person.
        case person
        /// A company, organisation or other legal entity.
        case entity
        /// Not stated by the source.
        case unknown
    }

    /// The identifier as given by the source (or derived from name and id number).
    public var id: String
    /// The name as given.
    public var name: String?
    /// Person, entity or unknown.
    public var kind: Kind
    /// ISO 3166-1 alpha-2 country code when known.
    public var country: String?
    /// The birth date as given (ISO 8601 date text), for persons, when known.
    public var birthDate: String?
    /// Which identifier the ``id`` was made from, e.g. `passport_number` or `report-scoped`
    /// (no usable identifier: the key is the report's and transaction's own), when known.
    public var identifiedBy: String?

    /// - Parameters:
    ///   - id: the source's identifier.
    ///   - name: the name as given.
    ///   - kind: person, entity or unknown.
    ///   - country: ISO 3166-1 alpha-2 country code, when known.
    ///   - birthDate: ISO 8601 birth date text, when known.
    ///   - identifiedBy: the identifier field the id comes from, when known.
    public init(
        id: String, name: String? = nil, kind: Kind = .unknown, country: String? = nil, birthDate: String? = nil,
        identifiedBy: String? = nil
    ) {
        self.id = id
        self.name = name
        self.kind = kind
        self.country = country
        self.birthDate = birthDate
        self.identifiedBy = identifiedBy
    }
}

/// Another identifier of a broker in one source: e.g. a reporting entity's SWIFT/BIC or
/// institution code beside its goAML `rentity_id` (table `broker_aliases`).
public struct BrokerAlias: Hashable, Sendable, Codable {
    /// The other identifier as written in the source.
    public var alias: String
    /// The broker's id (``Broker/id``) the alias stands for.
    public var broker: String
    /// Where the source says they are the same, e.g. `goaml t_from_my_client institution_code`.
    public var source: String

    /// - Parameters:
    ///   - alias: the other identifier.
    ///   - broker: the broker's id.
    ///   - source: where the source says so.
    public init(alias: String, broker: String, source: String) {
        self.alias = alias
        self.broker = broker
        self.source = source
    }
}
