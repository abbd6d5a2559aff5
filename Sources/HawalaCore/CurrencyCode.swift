/// An ISO 4217 alphabetic currency code such as `USD`, `AED` or `AFN`.
///
/// Only codes in the ISO 4217 list of active codes (plus a few FIUs meet in practice:
/// `XAU` gold, `XAG` silver) are accepted, so a typo in a ledger becomes a rejected row
/// rather than a new currency. Source: ISO 4217:2015, list one (SIX Financial Information).
public struct CurrencyCode: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    /// The three upper-case letters, e.g. `"USD"`.
    public let code: String

    /// Creates a code from three letters, in any case.
    /// - Parameter code: the alphabetic code, e.g. `"usd"` or `"USD"`.
    /// - Returns: `nil` when the text is not an active ISO 4217 code.
    public init?(_ code: String) {
        let upper = code.uppercased()
        guard upper.utf8.count == 3, CurrencyCode.minorUnitTable[upper] != nil else { return nil }
        self.code = upper
    }

    /// The number of digits after the decimal point in the currency's minor unit
    /// (2 for USD, 0 for JPY, 3 for KWD), from ISO 4217.
    public var minorUnitDigits: Int { CurrencyCode.minorUnitTable[code] ?? 2 }

    public var description: String { code }

    public static func < (lhs: CurrencyCode, rhs: CurrencyCode) -> Bool { lhs.code < rhs.code }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let value = CurrencyCode(text) else {
            throw DecodingError.dataCorruptedError(
                in: container, debugDescription: "'\(text)' is not an ISO 4217 currency code")
        }
        self = value
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(code)
    }

    /// The US dollar, the default reporting currency.
    public static let usd = CurrencyCode("USD")!

    /// Every accepted code, sorted.
    public static var all: [CurrencyCode] { minorUnitTable.keys.sorted().compactMap(CurrencyCode.init) }

    /// ISO 4217 active codes and their minor-unit digits.
    static let minorUnitTable: [String: Int] = {
        var table: [String: Int] = [:]
        let twoDigit = """
            AED AFN ALL AMD ANG AOA ARS AUD AWG AZN BAM BBD BDT BGN BMD BND BOB BRL BSD BTN BWP BYN BZD \
            CAD CDF CHF CNY COP CRC CUP CZK DKK DOP DZD EGP ERN ETB EUR FJD FKP GBP GEL GHS GIP GMD GTQ \
            GYD HKD HNL HTG HUF IDR ILS INR IRR JMD KES KGS KHR KPW KYD KZT LAK LBP LKR LRD LSL MAD \
            MDL MGA MKD MMK MNT MOP MRU MUR MVR MWK MXN MYR MZN NAD NGN NIO NOK NPR NZD PAB PEN PGK \
            PHP PKR PLN QAR RON RSD RUB SAR SBD SCR SDG SEK SGD SHP SLE SOS SRD SSP STN SVC SYP SZL \
            THB TJS TMT TOP TRY TTD TWD TZS UAH USD UZS VES WST XCD XCG YER ZAR ZMW ZWG
            """
        for code in twoDigit.split(separator: " ") { table[String(code)] = 2 }
        for code in ["BIF", "CLP", "DJF", "GNF", "ISK", "JPY", "KMF", "KRW", "PYG", "RWF", "UGX",
                     "UYI", "VND", "VUV", "XAF", "XOF", "XPF"] { table[code] = 0 }
        for code in ["BHD", "IQD", "JOD", "KWD", "LYD", "OMR", "TND"] { table[code] = 3 }
        for code in ["XAU", "XAG"] { table[code] = 0 }
        return table
    }()
}
