import Foundation

/// Normalises personal and business names so that the same person written in different
/// ledgers — other scripts, other spellings, honorifics, particles, another token order —
/// gives the same tokens. The steps, in order (docs/matching.md, "Normalisation"):
///
/// 1. Unicode NFKC (UAX #15) and case folding (Unicode `CaseFolding.txt`, through
///    Foundation's `folding(options:)`), diacritics removed.
/// 2. Transliteration to ASCII Latin with ICU's `Any-Latin; Latin-ASCII` transform (through
///    Foundation's `applyingTransform`): Arabic, Persian, Pashto, Dari, Urdu and Cyrillic
///    letters become Latin letters (Arabic script drops short vowels: `محمد` → `mhmd`).
/// 3. Punctuation and hyphens separate tokens; apostrophes and the ayn/hamza marks are dropped.
/// 4. Honorifics (`haji`, `sheikh`, `mr`, `dr` …) and particles (`al`, `el`, `bin`, `ibn`,
///    `bint`, `ben`, `ould`, …) are removed; the Arabic article written attached in Arabic
///    script (`الرحمن` → `alrhmn`) is removed too.
/// 5. Compounds with `abd` (`Abdul Rahman`, `Abd al-Rahman`, `Abdurrahman`) are joined into one
///    token (`abdrahman`).
/// 6. Variant spellings map to one canonical spelling (``variants``: `Mohammed`, `Muhammad`,
///    `Mohamad`, `Mohd`, `mhmd` → `muhammad`).
///
/// Token order is kept by ``tokens(_:)``; the keys use the sorted tokens so order does not
/// matter. ``phoneticKey(_:)`` gives a consonant skeleton that also matches unvowelled
/// transliterations of Arabic script.
public enum NameNormaliser {
    /// ICU's transform from any script to ASCII Latin.
    static let toLatin = StringTransform("Any-Latin; Latin-ASCII")

    /// Honorifics and titles removed from names.
    public static let honorifics: Set<String> = [
        "haji", "hajji", "haj", "hajj", "alhaj", "alhaji", "alhajj", "hajjah", "hajja", "sheikh", "shaikh", "shaykh",
        "sheik", "sayyid", "sayed", "syed", "sayyed", "seyed", "seyyed", "mullah", "mulla", "maulana", "mawlana",
        "molana", "maulvi", "mawlawi", "ustad", "ustadh", "hafiz", "qari", "mr", "mrs", "ms", "miss", "dr",
        "prof", "eng", "engr", "sir", "madam", "sahib", "saheb", "sahab", "janab", "agha", "aga", "begum", "khanum",
        "hj", "shk", "mst",
    ]

    /// Particles removed from names (articles, patronymic links).
    public static let particles: Set<String> = [
        "al", "el", "ul", "ad", "ar", "as", "at", "az", "an", "ash", "ath", "adh", "bin", "ibn", "bint", "binti", "ben",
        "bn", "ould", "walad", "wald", "bte", "bt", "b", "so", "do", "wo", "of", "va", "wa", "e",
    ]

    /// Legal forms removed from business names.
    public static let legalForms: Set<String> = [
        "llc", "ltd", "limited", "co", "company", "inc", "fze", "fzco", "fzc", "est", "establishment", "plc", "gmbh",
        "pvt", "sarl", "sa", "bv", "corp", "corporation", "lp",
    ]

    /// Variant spellings and unvowelled transliterations → the canonical spelling.
    public static let variants: [String: String] = {
        let groups: [String: [String]] = [
            "muhammad": [
                "mohammed", "mohammad", "mohamad", "mohamed", "muhammed", "muhamad", "muhamed", "mohd", "mhd", "mhmd",
                "md", "mohummad", "muhammet", "mehmet", "mukhammad", "mukhammed", "magomed", "mahomed", "mohamud", "mohammod",
            ],
            "ahmad": ["ahmed", "ahmet", "ahmd", "akhmad", "akhmed", "ahamed", "ahmat"],
            "mahmud": ["mahmood", "mahmoud", "mehmood", "mahmut", "mhmwd", "makhmud"],
            "husayn": ["hussein", "husain", "hussain", "hossein", "hosein", "husein", "hussayn", "hsyn", "husseyn", "huseyn", "gusein", "guseyn"],
            "hasan": ["hassan", "hasen", "hsn", "gasan", "hassen"],
            "yusuf": ["youssef", "yousef", "yousuf", "yosef", "yusef", "usuf", "ywsf", "yusup", "yousif", "yusif", "jusuf"],
            "abdallah": ["abdullah", "abdulla", "abdulah", "abdalla", "abdellah", "abdallh", "bdallh", "abdollah", "abdala"],
            "umar": ["omar", "omer", "umer", "mr"],
            "uthman": ["osman", "usman", "othman", "uthmaan", "usmon", "wthman", "wthmn", "osmon"],
            "ali": ["aly", "aliy", "ly"],
            "khalid": ["khaled", "khaleed", "khld", "khald", "halid", "khalyd"],
            "karim": ["kareem", "krym", "karym", "kerim"],
            "rahim": ["raheem", "rhym", "rahym", "rakhim"],
            "rahman": ["rehman", "rahmaan", "rhmn", "rakhman"],
            "abdrahman": ["abdurrahman", "abdulrahman", "abdelrahman", "abdrrahman", "abdurahman", "abdrakhman", "abdurakhmon"],
                        "mustafa": ["mustapha", "moustafa", "mostafa", "mstfy", "mstfa", "mustafo"],
            "ibrahim": ["ebrahim", "ibraheem", "ibragim", "abrahym", "ibrhym", "brahym", "ibrokhim", "ibrahym", "ibragym"],
            "ismail": ["ismael", "ismayil", "esmail", "smaayl", "ismoil"],
            "jamal": ["jamaal", "gamal", "djamal", "dzhamal", "dzamal", "jml", "jmal"],
            "farid": ["fareed", "faried", "frid", "fryd"],
            "nasir": ["nasser", "naser", "nasir", "nassir", "nser", "nasr", "nasyr", "nsr"],
            "zahir": ["zaheer", "zaher", "dhahir", "zhyr", "zakhir", "zahr"],
            "gul": ["gol", "gull", "gwl"],
            "khan": ["kan", "khn", "han"],
            "said": ["saeed", "saied", "sayid", "syd", "saiid", "saeid"],
            "hamid": ["hameed", "hamed", "hamyd", "hmyd", "khamid"],
            "rashid": ["rasheed", "rashed", "rshyd", "rachid", "rashyd", "rasid"],
            "tariq": ["tarek", "tareq", "tarik", "taryq", "triq", "tryq", "tarq"],
            "yasin": ["yaseen", "yassin", "yassine", "yasyn", "ysyn", "jasin"],
            "zubayr": ["zubair", "zubeir", "zobair", "zbyr", "zubeyr"],
            "shah": ["sha", "shakh", "sah"],
            "wali": ["vali", "wly", "valy"],
            "noor": ["nur", "nour", "nwr"],
            "amin": ["ameen", "amyn", "emin"],
            "bashir": ["basheer", "bachir", "bshyr", "beshir", "basir"],
            "sultan": ["soltan", "sltan", "sltn"],
            "habib": ["habeeb", "hbyb", "khabib"],
        ]
        var map: [String: String] = [:]
        for (canonical, spellings) in groups {
            for spelling in spellings { map[spelling] = canonical }
        }
        return map
    }()

    /// The normalised tokens of a name, in the order written.
    /// - Parameters:
    ///   - name: the name as written, in any script.
    ///   - isEntity: `true` for a business name (legal forms are removed; honorifics are not).
    /// - Returns: lowercase ASCII tokens; empty when nothing is left.
    public static func tokens(_ name: String, isEntity: Bool = false) -> [String] {
        // ASCII is unchanged by NFKC, width and diacritic folding, and case-folds to lower case:
        // skip Foundation's (slow on Linux) Unicode passes for it.
        let folded = name.utf8.allSatisfy { $0 < 0x80 } ? name.lowercased() : name.precomposedStringWithCompatibilityMapping
            .folding(options: [.caseInsensitive, .diacriticInsensitive, .widthInsensitive], locale: nil)
        var result: [String] = []
        for raw in folded.split(whereSeparator: { $0.isWhitespace }) {
            let word = String(raw)
            let arabicScript = word.unicodeScalars.contains { (0x0600...0x06FF).contains($0.value) || (0x0750...0x077F).contains($0.value) || (0xFB50...0xFEFF).contains($0.value) }
            let latin = arabicScript || !word.allSatisfy(\.isASCII)
                ? (word.applyingTransform(toLatin, reverse: false) ?? word) : word
            var pieces = split(latin)
            if arabicScript {
                // The article is written attached in Arabic script: الرحمن → alrhmn. Unvowelled
                // spellings map to their names before honorifics are removed (عمر → mr → umar).
                pieces = pieces.map { $0.count > 4 && $0.hasPrefix("al") ? String($0.dropFirst(2)) : $0 }
                    .map { variants[$0] ?? $0 }
            }
            result += pieces
        }
        result = joinInitialisms(result)
        result = result.filter { !particles.contains($0) && !(isEntity ? legalForms : honorifics).contains($0) }
        result = joinAbdCompounds(result)
        return result.map { variants[$0] ?? $0 }
    }

    /// Lowercase ASCII letters and digits; anything else separates, except apostrophes and
    /// modifier letters (ayn, hamza), which are dropped.
    static func split(_ text: String) -> [String] {
        var tokens: [String] = []
        var current = ""
        for scalar in text.lowercased().unicodeScalars {
            switch scalar.value {
            case 0x61...0x7A, 0x30...0x39: current.unicodeScalars.append(scalar)
            case 0x27, 0x60, 0x2BB...0x2C1, 0x2018, 0x2019, 0x2BC: continue
            default:
                if !current.isEmpty { tokens.append(current); current = "" }
            }
        }
        if !current.isEmpty { tokens.append(current) }
        return tokens
    }

    /// Runs of single letters become one token: `L.L.C.` → `llc`, `s/o` → `so`.
    static func joinInitialisms(_ tokens: [String]) -> [String] {
        var out: [String] = []
        var run = ""
        for token in tokens {
            if token.count == 1, token.first!.isLetter { run += token; continue }
            if !run.isEmpty { out.append(run); run = "" }
            out.append(token)
        }
        if !run.isEmpty { out.append(run) }
        return out
    }

    /// `abd` + the next token, and `abdul…`/`abdur…` written as one word, become `abd` + name:
    /// `abdul rahman`, `abd rahman`, `abdurrahman`, `abdulrahman` → `abdrahman`. Variant
    /// spellings of the whole compound (``variants``) come first (`abdullah` stays a name).
    static func joinAbdCompounds(_ tokens: [String]) -> [String] {
        var out: [String] = []
        var index = 0
        while index < tokens.count {
            var token = tokens[index]
            if variants[token] == nil {
                if ["abd", "abdul", "abdel", "abdal", "abdur", "abdu", "abdol", "abdor", "bd", "bdl"].contains(token), index + 1 < tokens.count {
                    index += 1
                    token = "abd" + tokens[index]
                } else if token.hasPrefix("abd"), token.count > 6 {
                    var rest = Substring(token.dropFirst(3))
                    if let first = rest.first, "aeiou".contains(first) { rest = rest.dropFirst() }
                    if rest.hasPrefix("l") { rest = rest.dropFirst() }
                    else if rest.count > 2, rest.first == rest.dropFirst().first { rest = rest.dropFirst() }
                    token = "abd" + rest
                }
            }
            out.append(variants[token] ?? token)
            index += 1
        }
        return out
    }

    /// A consonant skeleton of one token, so that spellings with other vowels and
    /// unvowelled transliterations of Arabic script agree: digraphs folded (`kh`→`h`,
    /// `sh`→`s`, `ch`→`c`, `zh`/`dz`/`dj`→`j`, `gh`→`g`, `th`→`t`, `dh`→`d`, `ph`→`f`),
    /// `q`/`ck`→`k`, a final `h` dropped (tokens of three letters or more), vowels and the semivowels `y`, `w`, `v` dropped,
    /// repeated letters (not digits) collapsed. A simplified consonant-skeleton code in the spirit of
    /// Soundex (Russell, 1918) and the Arabic name matching of Arbabi et al. (IBM J. R&D, 1994).
    /// - Parameter token: a normalised token.
    /// - Returns: the skeleton (may be empty for a token of vowels only).
    public static func skeleton(_ token: String) -> String {
        guard token.utf8.allSatisfy({ $0 < 0x80 }) else { return skeleton(split(token).joined()) }
        var text = Array(token.utf8)
        if token.count >= 3, text.last == UInt8(ascii: "h") { text.removeLast() }
        for (from, to) in skeletonFolds { text = replacing(text, from, to) }
        var out = ""
        var last: UInt8?
        for byte in text where !skeletonDropped.contains(byte) {
            let isDigit = (0x30...0x39).contains(byte)
            if byte != last || isDigit { out.unicodeScalars.append(Unicode.Scalar(byte)) }  // digits never collapse
            last = byte
        }
        return out
    }

    /// The digraph folds of ``skeleton(_:)``, applied in this order.
    static let skeletonFolds: [([UInt8], [UInt8])] = [
        ("kh", "h"), ("sh", "s"), ("ch", "c"), ("zh", "j"), ("dz", "j"), ("dj", "j"), ("gh", "g"), ("th", "t"),
        ("dh", "d"), ("ph", "f"), ("ck", "k"), ("q", "k"), ("x", "ks"),
    ].map { (Array($0.0.utf8), Array($0.1.utf8)) }

    /// Vowels and semivowels dropped by ``skeleton(_:)``.
    static let skeletonDropped = Set("aeiouywv".utf8)

    /// Every non-overlapping occurrence of `from`, left to right, replaced by `to`.
    static func replacing(_ text: [UInt8], _ from: [UInt8], _ to: [UInt8]) -> [UInt8] {
        guard text.count >= from.count else { return text }
        var out: [UInt8] = []
        out.reserveCapacity(text.count + 1)
        var index = 0
        while index < text.count {
            if index + from.count <= text.count, text[index..<index + from.count].elementsEqual(from) {
                out += to
                index += from.count
            } else {
                out.append(text[index])
                index += 1
            }
        }
        return out
    }

    /// The phonetic key of a name: the sorted skeletons of its tokens (empty skeletons left out).
    /// - Parameter tokens: normalised tokens (``tokens(_:isEntity:)``).
    /// - Returns: the skeletons joined by spaces.
    public static func phoneticKey(_ tokens: [String]) -> String {
        tokens.map(skeleton).filter { !$0.isEmpty }.sorted().joined(separator: " ")
    }
}
