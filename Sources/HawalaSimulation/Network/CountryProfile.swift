import HawalaCore

/// The region a country belongs to in the simulated hawala network.
public enum HawalaRegion: String, Sendable, Codable, CaseIterable {
    /// The Gulf states, where migrant workers send wages home (AE, SA, QA, KW, OM, BH).
    case gulf
    /// Western and northern Europe, diaspora senders (GB, DE, NL, SE, NO).
    case europe
    /// Russia and Central Asia (RU, KZ), senders for Tajik, Uzbek and Afghan migrants.
    case russiaCentralAsia = "russia_central_asia"
    /// Receiving countries: Afghanistan, Pakistan and their neighbours, South Asia, the Horn
    /// of Africa, Yemen, and Central Asian migrants' home countries (TJ, UZ).
    case receiving
}

/// A country of the simulated network: its currency, UTC offset, region, and the rate used
/// for `rates.csv`.
public struct CountryProfile: Sendable, Hashable {
    /// ISO 3166-1 alpha-2 code, e.g. `"AE"`.
    public var code: String
    /// The local currency (ISO 4217).
    public var currency: CurrencyCode
    /// Hours ahead of UTC (standard time; daylight saving is ignored), e.g. 4 for AE, 4.5 for AF.
    public var utcOffsetHours: Double
    /// The region.
    public var region: HawalaRegion
    /// 1 unit of ``currency`` in USD, as decimal text written to `rates.csv` (fixed for the
    /// whole simulated period; round figures of late-2020s market rates).
    public var usdRate: String
    /// The main hawala market city, used in goAML report locations.
    public var city: String {
        Self.cities[code] ?? code
    }
    static let cities: [String: String] = [
        "AE": "Dubai", "SA": "Riyadh", "QA": "Doha", "KW": "Kuwait City", "OM": "Muscat", "BH": "Manama", "GB": "London", "DE": "Frankfurt", "NL": "Rotterdam", "SE": "Stockholm", "NO": "Oslo", "RU": "Moscow", "KZ": "Almaty", "AF": "Kabul", "PK": "Peshawar", "IR": "Mashhad", "IN": "Mumbai", "BD": "Dhaka", "SO": "Mogadishu", "YE": "Aden", "TJ": "Dushanbe", "UZ": "Tashkent"]

    /// Typical median remittance sent from this country, in USD (receiving countries use it
    /// for their trade payments' scale factor only).
    public var medianRemittanceUSD: Double

    /// The rate as a number (parsed from ``usdRate``, so computations use exactly the written value).
    public var usdRateValue: Double { Double(usdRate) ?? 1 }
}

/// A remittance corridor: brokers in `from` pay out through correspondents in `to`.
public struct Corridor: Sendable, Hashable {
    /// Sending country (ISO 3166-1 alpha-2).
    public var from: String
    /// Receiving country.
    public var to: String
    /// Relative weight of the corridor's traffic (arbitrary units, roughly proportional to
    /// the corridor's share of remittances in World Bank bilateral remittance estimates).
    public var weight: Double
}

/// The countries and corridors of the simulated hawala network.
public enum HawalaGeography {
    /// Every country, sending and receiving.
    public static let countries: [CountryProfile] = {
        func c(_ code: String, _ cur: String, _ offset: Double, _ region: HawalaRegion, _ rate: String, _ median: Double)
            -> CountryProfile
        {
            CountryProfile(
                code: code, currency: CurrencyCode(cur) ?? .usd, utcOffsetHours: offset, region: region,
                usdRate: rate, medianRemittanceUSD: median)
        }
        return [
            c("AE", "AED", 4, .gulf, "0.2723", 320), c("SA", "SAR", 3, .gulf, "0.2667", 300),
            c("QA", "QAR", 3, .gulf, "0.2747", 330), c("KW", "KWD", 3, .gulf, "3.2500", 340),
            c("OM", "OMR", 4, .gulf, "2.6000", 280), c("BH", "BHD", 3, .gulf, "2.6500", 290),
            c("GB", "GBP", 0, .europe, "1.2700", 420), c("DE", "EUR", 1, .europe, "1.0800", 400),
            c("NL", "EUR", 1, .europe, "1.0800", 380), c("SE", "SEK", 1, .europe, "0.0950", 350),
            c("NO", "NOK", 1, .europe, "0.0920", 380),
            c("RU", "RUB", 3, .russiaCentralAsia, "0.0110", 250), c("KZ", "KZT", 5, .russiaCentralAsia, "0.0021", 220),
            c("AF", "AFN", 4.5, .receiving, "0.0142", 200), c("PK", "PKR", 5, .receiving, "0.0036", 200),
            c("IR", "IRR", 3.5, .receiving, "0.0000238", 200), c("IN", "INR", 5.5, .receiving, "0.0120", 200),
            c("BD", "BDT", 6, .receiving, "0.0084", 200), c("SO", "SOS", 3, .receiving, "0.00175", 200),
            c("YE", "YER", 3, .receiving, "0.0040", 200), c("TJ", "TJS", 5, .receiving, "0.0920", 200),
            c("UZ", "UZS", 5, .receiving, "0.0000790", 200),
        ]
    }()

    /// The corridors, from sending to receiving countries, including the Dubai clearing
    /// corridors (GB/DE/RU → AE) through which European and Russian brokers settle.
    public static let corridors: [Corridor] = {
        let table: [(String, String, Double)] = [
            ("AE", "PK", 10), ("AE", "IN", 9), ("AE", "AF", 5), ("AE", "BD", 4), ("AE", "IR", 4), ("AE", "SO", 2),
            ("AE", "YE", 1.5), ("SA", "PK", 8), ("SA", "IN", 6), ("SA", "BD", 5), ("SA", "YE", 3), ("SA", "AF", 1.5),
            ("QA", "PK", 2), ("QA", "IN", 3), ("QA", "BD", 2), ("KW", "IN", 3), ("KW", "PK", 1.5), ("KW", "BD", 1.5),
            ("OM", "PK", 1.5), ("OM", "IN", 2), ("OM", "BD", 1), ("BH", "IN", 1), ("BH", "PK", 0.8),
            ("GB", "PK", 4), ("GB", "SO", 1.5), ("GB", "AF", 1), ("GB", "BD", 2), ("GB", "IN", 2), ("GB", "AE", 1.5),
            ("DE", "AF", 1.5), ("DE", "IR", 1), ("DE", "AE", 1), ("NL", "SO", 0.8), ("NL", "AF", 0.6),
            ("SE", "SO", 1), ("SE", "AF", 0.8), ("NO", "SO", 0.8), ("NO", "PK", 0.5),
            ("RU", "TJ", 4), ("RU", "UZ", 5), ("RU", "AF", 1), ("RU", "AE", 1), ("KZ", "UZ", 1.5), ("KZ", "AF", 0.5),
        ]
        return table.map { Corridor(from: $0.0, to: $0.1, weight: $0.2) }
    }()

    /// The profile of a country code.
    /// - Parameter code: ISO 3166-1 alpha-2.
    /// - Returns: the profile, or `nil` when the country is not in the network.
    public static func profile(_ code: String) -> CountryProfile? {
        countries.first { $0.code == code }
    }

    /// The fixed rate of a currency in USD (`1 unit = rate USD`), as written to `rates.csv`.
    /// - Parameter currency: the currency.
    /// - Returns: the decimal text, or `nil` for a currency no simulated country uses (USD gives `"1"`).
    public static func usdRate(_ currency: CurrencyCode) -> String? {
        if currency == .usd { return "1" }
        return countries.first { $0.currency == currency }?.usdRate
    }
}
