import Foundation

/// An exact amount of money: an integer count of the currency's minor units (cents for USD,
/// fils for KWD, yen for JPY) and its ISO 4217 currency.
///
/// Amounts are never stored as binary floating point. Analysis may convert to `Double`
/// (``Money/majorUnits``) where a ratio or a band is computed.
public struct Money: Hashable, Sendable, Codable, CustomStringConvertible {
    /// The amount in minor units of ``currency`` (e.g. `1050` for 10.50 USD).
    public var minorUnits: Int64
    /// The currency.
    public var currency: CurrencyCode

    /// - Parameters:
    ///   - minorUnits: the amount in minor units of `currency`.
    ///   - currency: the ISO 4217 currency.
    public init(minorUnits: Int64, currency: CurrencyCode) {
        self.minorUnits = minorUnits
        self.currency = currency
    }

    /// Creates an amount from a decimal number of major units, rounding half away from zero
    /// to the currency's minor unit.
    /// - Parameters:
    ///   - decimal: the amount in major units, e.g. `10.5` for 10.50 USD.
    ///   - currency: the ISO 4217 currency.
    /// - Returns: `nil` when the amount is not finite or does not fit 64-bit minor units.
    public init?(decimal: Decimal, currency: CurrencyCode) {
        guard decimal.isFinite else { return nil }
        var scaled = decimal * Decimal(sign: .plus, exponent: currency.minorUnitDigits, significand: 1)
        var rounded = Decimal()
        NSDecimalRound(&rounded, &scaled, 0, .plain)
        let number = NSDecimalNumber(decimal: rounded)
        guard rounded.magnitude < Decimal(Int64.max) else { return nil }
        self.minorUnits = number.int64Value
        self.currency = currency
    }

    /// The amount in major units as a `Decimal` (exact).
    public var decimal: Decimal {
        Decimal(minorUnits) / Decimal(sign: .plus, exponent: currency.minorUnitDigits, significand: 1)
    }

    /// The amount in major units as a `Double` (for ratios and bands in analysis).
    public var majorUnits: Double {
        Double(minorUnits) / pow(10, Double(currency.minorUnitDigits))
    }

    /// The amount as plain decimal text with the currency's digits, e.g. `"48200.00"`.
    public var plainText: String {
        let digits = currency.minorUnitDigits
        let sign = minorUnits < 0 ? "-" : ""
        let magnitude = minorUnits.magnitude
        guard digits > 0 else { return sign + String(magnitude) }
        var factor: UInt64 = 1
        for _ in 0..<digits { factor *= 10 }
        let fraction = String(magnitude % factor)
        return sign + String(magnitude / factor) + "." + String(repeating: "0", count: digits - fraction.count) + fraction
    }

    /// `"48200.00 USD"`.
    public var description: String { plainText + " " + currency.code }
}

extension Money {
    /// Formats a major-unit amount for an analyst's sentence: thousands separated by commas,
    /// no decimals at or above 1,000, e.g. `"48,200 USD"`, `"9,950 USD"`, `"12.50 USD"`.
    /// - Parameters:
    ///   - amount: the amount in major units.
    ///   - currency: the currency code to append.
    /// - Returns: the readable amount with its currency.
    public static func readable(_ amount: Double, _ currency: CurrencyCode) -> String {
        let rounded = abs(amount) >= 1000 ? amount.rounded() : (amount * 100).rounded() / 100
        let whole = Int64(rounded.magnitude.rounded(.down))
        var digits = String(whole)
        var groups: [Substring] = []
        while digits.count > 3 {
            groups.insert(digits.suffix(3), at: 0)
            digits.removeLast(3)
        }
        groups.insert(Substring(digits), at: 0)
        var text = (rounded < 0 ? "-" : "") + groups.joined(separator: ",")
        if abs(amount) < 1000 {
            let cents = Int((rounded.magnitude - Double(whole)) * 100 + 0.5)
            if cents > 0 { text += "." + (cents < 10 ? "0" : "") + String(cents) }
        }
        return text + " " + currency.code
    }
}
