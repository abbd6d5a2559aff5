import Foundation

/// One exact key an identity yields, tagged with its kind, so a blind match says what
/// matched. Only the key's bytes (``bytes``: kind and value) are hashed; the value itself never
/// leaves the process.
public struct MatchKey: Hashable, Sendable, Comparable {
    /// What the key is made of. The raw values are the names printed and written in files.
    public enum Kind: String, Sendable, Codable, CaseIterable, Comparable {
        /// The normalised name tokens in written order, with the birth year.
        case nameBirthYear = "name+birth_year"
        /// The normalised name tokens sorted (order ignored), with the birth year.
        case sortedNameBirthYear = "sorted_name+birth_year"
        /// The phonetic key (sorted consonant skeletons), with the birth year.
        case phoneticBirthYear = "phonetic_name+birth_year"
        /// The normalised name tokens sorted, without a birth year (businesses, and persons
        /// whose birth date is unknown).
        case sortedName = "sorted_name"
        /// The phonetic key without a birth year.
        case phoneticName = "phonetic_name"
        /// Identity document number and issuing country.
        case document
        /// Phone number, E.164.
        case phone
        /// IBAN (checked with mod-97).
        case iban
        /// Other account number (letters and digits).
        case account
        /// BIC/SWIFT code.
        case bic
        /// Broker licence number and country.
        case licence

        /// A readable name: `name + birth year`.
        public var title: String {
            switch self {
            case .nameBirthYear: "name + birth year"
            case .sortedNameBirthYear: "name in any order + birth year"
            case .phoneticBirthYear: "phonetic name + birth year"
            case .sortedName: "name in any order"
            case .phoneticName: "phonetic name"
            case .document: "identity document + country"
            case .phone: "phone"
            case .iban: "IBAN"
            case .account: "account number"
            case .bic: "BIC"
            case .licence: "licence + country"
            }
        }

        public static func < (lhs: Kind, rhs: Kind) -> Bool {
            allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
        }
    }

    /// The kind.
    public var kind: Kind
    /// The normalised value (stays local).
    public var value: String

    /// - Parameters:
    ///   - kind: the kind.
    ///   - value: the normalised value.
    public init(kind: Kind, value: String) {
        self.kind = kind
        self.value = value
    }

    /// The bytes that are hashed: `hawalatrace-match/1`, the kind and the value, separated by
    /// 0x1F (unit separator), UTF-8. The kind is inside the hash, so kinds never need to be sent.
    public var bytes: [UInt8] { Array("hawalatrace-match/1\u{1F}\(kind.rawValue)\u{1F}\(value)".utf8) }

    public static func < (lhs: MatchKey, rhs: MatchKey) -> Bool {
        (lhs.kind, lhs.value) < (rhs.kind, rhs.value)
    }
}

/// Options for making keys.
public struct KeyOptions: Sendable, Hashable {
    /// The country (ISO 3166-1 alpha-2, or `+NN`) of phone numbers written without a country code.
    public var phoneCountry: String?
    /// Also make the name keys without a birth year for persons whose birth date is known (off
    /// by default: with a birth date the `+birth_year` kinds are stronger and cheaper; on, a
    /// person matches a partner record that lacks the birth date).
    public var alsoWithoutBirthYear: Bool
    /// Make no name key for persons without a birth date (fewer, stronger keys; off by default,
    /// since the store rarely holds dates of birth).
    public var requireBirthYear: Bool
    /// The fewest name tokens a name key needs (default 2: a single given name matches too many).
    public var minimumNameTokens: Int

    /// - Parameters: see the properties.
    public init(phoneCountry: String? = nil, alsoWithoutBirthYear: Bool = false, requireBirthYear: Bool = false, minimumNameTokens: Int = 2) {
        self.phoneCountry = phoneCountry
        self.alsoWithoutBirthYear = alsoWithoutBirthYear
        self.requireBirthYear = requireBirthYear
        self.minimumNameTokens = minimumNameTokens
    }
}

extension Identity {
    /// Every key of this identity, sorted, without repeats (docs/matching.md, "Keys").
    /// - Parameter options: phone default country and name-key options.
    /// - Returns: the keys.
    public func keys(_ options: KeyOptions = KeyOptions()) -> [MatchKey] {
        var keys = Set<MatchKey>()
        let year = birthDate.flatMap(IdentifierNormaliser.date).map { String($0.prefix(4)) }
            ?? birthDate.flatMap { text in
                let digits = text.filter(\.isNumber)
                return digits.count == 4 && (1900...2100).contains(Int(digits) ?? 0) ? digits : nil
            }
        for name in names {
            let tokens = NameNormaliser.tokens(name, isEntity: isEntity)
            guard tokens.count >= options.minimumNameTokens else { continue }
            let sorted = tokens.sorted().joined(separator: " ")
            let phonetic = NameNormaliser.phoneticKey(tokens)
            if let year, !isEntity {
                keys.insert(MatchKey(kind: .nameBirthYear, value: tokens.joined(separator: " ") + "|" + year))
                keys.insert(MatchKey(kind: .sortedNameBirthYear, value: sorted + "|" + year))
                if !phonetic.isEmpty { keys.insert(MatchKey(kind: .phoneticBirthYear, value: phonetic + "|" + year)) }
            }
            if isEntity || (year == nil && !options.requireBirthYear) || (year != nil && options.alsoWithoutBirthYear) {
                keys.insert(MatchKey(kind: .sortedName, value: sorted))
                if !phonetic.isEmpty, phonetic.split(separator: " ").count >= options.minimumNameTokens {
                    keys.insert(MatchKey(kind: .phoneticName, value: phonetic))
                }
            }
        }
        for document in documents {
            if let number = IdentifierNormaliser.number(document.number),
                let country = IdentifierNormaliser.country(document.country)
            {
                keys.insert(MatchKey(kind: .document, value: country + ":" + number))
            }
        }
        for phone in phones {
            if let e164 = IdentifierNormaliser.phone(phone, defaultCountry: options.phoneCountry ?? country) {
                keys.insert(MatchKey(kind: .phone, value: e164))
            }
        }
        for account in accounts {
            if let iban = IdentifierNormaliser.iban(account) {
                keys.insert(MatchKey(kind: .iban, value: iban))
            } else if let number = IdentifierNormaliser.number(account), number.count >= 6 {
                keys.insert(MatchKey(kind: .account, value: number))
            }
        }
        if let bic = bic.flatMap(IdentifierNormaliser.bic) { keys.insert(MatchKey(kind: .bic, value: bic)) }
        if let licence = licence.flatMap(IdentifierNormaliser.number) {
            keys.insert(MatchKey(kind: .licence, value: (IdentifierNormaliser.country(country) ?? "--") + ":" + licence))
        }
        return keys.sorted()
    }
}

extension Array where Element == Identity {
    /// The keys of every identity (``Identity/keys(_:)``), in order, made on every core (the
    /// normalisation is most of the cost of a filter and a good part of PSI's).
    /// - Parameter options: as for ``Identity/keys(_:)``.
    /// - Returns: one sorted key list per identity.
    public func keys(_ options: KeyOptions = KeyOptions()) -> [[MatchKey]] {
        var out = [[MatchKey]](repeating: [], count: count)
        let workers = Swift.max(1, Swift.min(ProcessInfo.processInfo.activeProcessorCount, count / 64))
        let identities = self
        out.withUnsafeMutableBufferPointer { buffer in
            let target = KeyListBuffer(buffer: buffer)
            DispatchQueue.concurrentPerform(iterations: workers) { worker in
                for index in Swift.stride(from: worker, to: identities.count, by: workers) {
                    target.buffer[index] = identities[index].keys(options)
                }
            }
        }
        return out
    }
}

/// Key lists written by disjoint indexes from several threads.
struct KeyListBuffer: @unchecked Sendable {
    let buffer: UnsafeMutableBufferPointer<[MatchKey]>
}
