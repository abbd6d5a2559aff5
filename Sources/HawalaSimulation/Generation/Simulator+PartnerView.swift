import HawalaCore

/// Options for ``PartnerViewSimulator``.
public struct PartnerViewOptions: Sendable, Hashable {
    /// The seed: the same options give the same views.
    public var seed: UInt64
    /// Brokers each agency holds (at most 16).
    public var brokers: Int
    /// Parties (persons) each agency holds.
    public var parties: Int
    /// Brokers both hold (under other spellings and licence formats).
    public var sharedBrokers: Int
    /// Parties both hold (under other spellings, scripts, token orders, honorifics).
    public var sharedParties: Int

    /// - Parameters: see the properties.
    public init(seed: UInt64 = 7, brokers: Int = 8, parties: Int = 40, sharedBrokers: Int = 3, sharedParties: Int = 12) {
        self.seed = seed
        self.brokers = brokers
        self.parties = parties
        self.sharedBrokers = sharedBrokers
        self.sharedParties = sharedParties
    }
}

/// The brokers and parties one agency holds.
public struct AgencyView: Sendable, Hashable {
    /// Brokers.
    public var brokers: [Broker]
    /// Parties (persons).
    public var parties: [Party]
}

/// Two agencies' overlapping views of one hawala network, with the truth of the overlap.
public struct PartnerView: Sendable, Hashable {
    /// Our agency's view (names in Latin script, one spelling).
    public var ours: AgencyView
    /// The partner agency's view.
    public var partner: AgencyView
    /// Shared brokers: our id → the partner's id.
    public var sharedBrokers: [String: String]
    /// Shared parties: our id → the partner's id.
    public var sharedParties: [String: String]
}

/// Writes a second agency's view of a network: the same brokers and parties for a known
/// shared subset, written as another FIU's ledgers would — other transliterations (Arabic,
/// Persian and Cyrillic script), other Latin spellings, family name first, honorifics,
/// particles, upper case, licence numbers punctuated differently — and, outside the overlap,
/// people with similar but different names (docs/matching.md, "Evaluation").
public enum PartnerViewSimulator {
    /// A name in several spellings: Latin variants (the first is ours), Arabic script, Cyrillic.
    struct Name {
        var latin: [String]
        var arabic: String
        var cyrillic: String?
    }

    static let given: [Name] = [
        Name(latin: ["Muhammad", "Mohammed", "Mohamad", "Mohd"], arabic: "محمد", cyrillic: "Мухаммад"),
        Name(latin: ["Ahmad", "Ahmed"], arabic: "أحمد", cyrillic: "Ахмад"),
        Name(latin: ["Husayn", "Hussein", "Hussain"], arabic: "حسين", cyrillic: "Хусаин"),
        Name(latin: ["Yusuf", "Yousef", "Youssef"], arabic: "يوسف", cyrillic: "Юсуф"),
        Name(latin: ["Umar", "Omar"], arabic: "عمر", cyrillic: "Умар"),
        Name(latin: ["Khalid", "Khaled"], arabic: "خالد", cyrillic: "Халид"),
        Name(latin: ["Karim", "Kareem"], arabic: "كريم", cyrillic: "Карим"),
        Name(latin: ["Rahim", "Raheem"], arabic: "رحيم", cyrillic: "Рахим"),
        Name(latin: ["Ibrahim", "Ebrahim"], arabic: "إبراهيم", cyrillic: "Ибрагим"),
        Name(latin: ["Jamal", "Jamaal"], arabic: "جمال", cyrillic: "Джамал"),
        Name(latin: ["Tariq", "Tareq"], arabic: "طارق", cyrillic: "Тарик"),
        Name(latin: ["Rashid", "Rasheed"], arabic: "رشيد", cyrillic: "Рашид"),
        Name(latin: ["Nasir", "Nasser"], arabic: "ناصر", cyrillic: "Насир"),
        Name(latin: ["Bashir", "Basheer"], arabic: "بشير", cyrillic: "Башир"),
        Name(latin: ["Farid", "Fareed"], arabic: "فريد", cyrillic: "Фарид"),
        Name(latin: ["Zahir", "Zaheer"], arabic: "ظاهر", cyrillic: "Захир"),
        Name(latin: ["Sultan", "Soltan"], arabic: "سلطان", cyrillic: "Султан"),
        Name(latin: ["Habib", "Habeeb"], arabic: "حبيب", cyrillic: "Хабиб"),
    ]

    static let family: [Name] = [
        Name(latin: ["Khan"], arabic: "خان", cyrillic: "Хан"),
        Name(latin: ["Hashimi", "Hashemi"], arabic: "هاشمي", cyrillic: "Хашими"),
        Name(latin: ["Siddiqui", "Siddiqi"], arabic: "صديقي", cyrillic: "Сиддики"),
        Name(latin: ["Qureshi", "Quraishi"], arabic: "قريشي", cyrillic: nil),
        Name(latin: ["Popal"], arabic: "پوپل", cyrillic: "Попал"),
        Name(latin: ["Durrani", "Durani"], arabic: "دراني", cyrillic: "Дуррани"),
        Name(latin: ["Mansur", "Mansoor"], arabic: "منصور", cyrillic: "Мансур"),
        Name(latin: ["Wardak"], arabic: "وردک", cyrillic: "Вардак"),
    ]

    static let brokerWords = [
        "Noor", "Salam", "Amanat", "Barakat", "Zamzam", "Pamir", "Khyber", "Bamyan", "Spinghar", "Kandahar", "Herat",
        "Mazar", "Sadaf", "Golden", "Falcon", "Ariana",
    ]
    static let brokerKinds = ["Exchange", "Money Transfer", "Trading", "Sarafi"]
    static let countries = ["AE", "AF", "PK", "GB", "NL", "DE"]

    /// Makes both views.
    /// - Parameter options: sizes and seed (brokers ≤ 16; shared counts ≤ the agency's).
    /// - Returns: the two views and the truth of the overlap.
    public static func make(_ options: PartnerViewOptions) -> PartnerView {
        var rng = Xoshiro256StarStar(seed: options.seed ^ 0x9A27_4E0F)
        let brokerCount = min(options.brokers, brokerWords.count / 2 + options.sharedBrokers / 2)
        let sharedBrokers = min(options.sharedBrokers, brokerCount)

        // Brokers: the shared ones first, then each agency's own, every word used once.
        var words = brokerWords
        for i in stride(from: words.count - 1, to: 0, by: -1) { words.swapAt(i, rng.index(i + 1)) }
        var ours = AgencyView(brokers: [], parties: [])
        var partner = AgencyView(brokers: [], parties: [])
        var truthBrokers: [String: String] = [:]
        var wordIndex = 0
        for index in 0..<brokerCount {
            let word = words[wordIndex]
            wordIndex += 1
            let kind = brokerKinds[rng.index(brokerKinds.count)]
            let country = countries[rng.index(countries.count)]
            let year = 2015 + rng.index(10)
            let number = 100 + index * 37
            let id = "BRK-" + pad(index + 1, 2)
            ours.brokers.append(Broker(id: id, name: "Al \(word) \(kind)", country: country, licence: "LIC-\(year)-\(pad(number, 4))"))
            if index < sharedBrokers {
                let partnerID = "HWD-" + pad(index + 1, 3)
                let name = index % 2 == 0 ? "\(word.uppercased()) \(kind.uppercased()) L.L.C." : "al-\(word) \(kind) Co."
                partner.brokers.append(Broker(id: partnerID, name: name, country: country, licence: "lic \(year)/\(pad(number, 4))"))
                truthBrokers[id] = partnerID
            }
        }
        for index in sharedBrokers..<brokerCount where wordIndex < words.count {
            let word = words[wordIndex]
            wordIndex += 1
            let country = countries[rng.index(countries.count)]
            partner.brokers.append(Broker(
                id: "HWD-" + pad(index + 1, 3), name: "\(word) \(brokerKinds[rng.index(brokerKinds.count)])", country: country,
                licence: "LIC-\(2015 + rng.index(10))-\(pad(5000 + index * 41, 4))"))
        }

        // Parties: distinct unordered {given, father} + family combinations, so no two people
        // share a name; similar names (two of three tokens in common) are common on purpose.
        var combos: [(Int, Int, Int)] = []
        var used = Set<[Int]>()
        let wanted = options.parties * 2
        var attempts = 0
        while combos.count < wanted, attempts < wanted * 50 {
            attempts += 1
            let g = rng.index(given.count), f = rng.index(given.count), fam = rng.index(family.count)
            guard g != f, used.insert([min(g, f), max(g, f), fam]).inserted else { continue }
            combos.append((g, f, fam))
        }
        let shared = min(options.sharedParties, options.parties, combos.count / 2)
        var truthParties: [String: String] = [:]
        for index in 0..<min(options.parties, combos.count / 2) {
            let (g, f, fam) = combos[index]
            let id = "P-" + pad(index + 1, 4)
            let country = countries[rng.index(countries.count)]
            ours.parties.append(Party(
                id: id, name: "\(given[g].latin[0]) \(given[f].latin[0]) \(family[fam].latin[0])", kind: .person, country: country))
            if index < shared {
                let partnerID = "X-" + pad(index + 1, 5)
                partner.parties.append(Party(
                    id: partnerID, name: respell(given[g], given[f], family[fam], style: index % 5), kind: .person, country: country))
                truthParties[id] = partnerID
            }
        }
        let own = min(options.parties, combos.count / 2)
        for index in shared..<own where own + index < combos.count {
            let (g, f, fam) = combos[own + index]
            partner.parties.append(Party(
                id: "X-" + pad(index + 1, 5), name: "\(given[g].latin.last!) \(given[f].latin.last!) \(family[fam].latin.last!)",
                kind: .person, country: countries[rng.index(countries.count)]))
        }
        return PartnerView(ours: ours, partner: partner, sharedBrokers: truthBrokers, sharedParties: truthParties)
    }

    /// The partner's spelling of a shared person: 0 other Latin spellings; 1 Arabic script;
    /// 2 Cyrillic (Arabic when a name has no Cyrillic spelling); 3 family name first with a
    /// comma and an honorific; 4 upper case with a patronymic particle.
    static func respell(_ g: Name, _ f: Name, _ fam: Name, style: Int) -> String {
        func other(_ name: Name) -> String { name.latin.count > 1 ? name.latin[1] : name.latin[0] }
        switch style {
        case 0: return "\(other(g)) \(other(f)) \(other(fam))"
        case 1: return "\(g.arabic) \(f.arabic) \(fam.arabic)"
        case 2:
            if let a = g.cyrillic, let b = f.cyrillic, let c = fam.cyrillic { return "\(a) \(b) \(c)" }
            return "\(g.arabic) \(f.arabic) \(fam.arabic)"
        case 3: return "\(fam.latin[0]), Haji \(g.latin[0]) \(f.latin[0])"
        default: return "\(other(g).uppercased()) BIN \(other(f).uppercased()) \(fam.latin[0].uppercased())"
        }
    }

    static func pad(_ number: Int, _ width: Int) -> String {
        let text = String(number)
        return String(repeating: "0", count: max(0, width - text.count)) + text
    }
}
