import Foundation
import HawalaCore

/// An exchange rate to a reporting currency: one unit of ``currency`` is worth ``rate`` units
/// of ``reportingCurrency`` (major units), from ``validFrom`` on, or at any date when undated.
///
/// The rate is kept exactly as decimal text (stored as TEXT in `exchange_rates.rate`) and
/// applied in exact integer arithmetic: minor units × rate, rounded half away from zero to the
/// reporting currency's minor unit (the rounding of ``Money/init(decimal:currency:)``).
public struct ExchangeRate: Hashable, Sendable, Codable {
    /// The currency converted from.
    public var currency: CurrencyCode
    /// The currency converted to (default USD).
    public var reportingCurrency: CurrencyCode
    /// The first UTC day the rate applies (midnight UTC), or `nil` for an undated rate that
    /// applies wherever no dated rate does.
    public var validFrom: Date?
    /// The rate as normalized decimal text, e.g. `"0.2723"`.
    public var rate: String

    /// The rate as an integer numerator over `10^scale`.
    let numerator: UInt64
    let scale: Int

    /// Creates a rate from decimal text.
    /// - Parameters:
    ///   - currency: the currency converted from.
    ///   - reportingCurrency: the currency converted to.
    ///   - validFrom: the first day (UTC midnight is used; the time of day is dropped), or `nil`.
    ///   - rate: positive plain decimal text (`"3.6725"`, `"0.0000123"`); at most 18
    ///     significant digits and 15 digits after the point; no sign, no exponent.
    /// - Returns: `nil` when the text is not such a positive decimal.
    public init?(currency: CurrencyCode, reportingCurrency: CurrencyCode, validFrom: Date? = nil, rate: String) {
        guard let (numerator, scale) = ExchangeRate.parse(rate) else { return nil }
        self.currency = currency
        self.reportingCurrency = reportingCurrency
        self.validFrom = validFrom.map { Date(timeIntervalSince1970: TimeInterval(ExchangeRate.day(of: $0) * 86_400)) }
        self.numerator = numerator
        self.scale = scale
        self.rate = ExchangeRate.format(numerator, scale)
    }

    /// The rate as an exact `Decimal`.
    public var decimal: Decimal {
        Decimal(sign: .plus, exponent: -scale, significand: Decimal(numerator))
    }

    /// The `validFrom` day as `YYYY-MM-DD`, or `nil`.
    public var validFromText: String? {
        validFrom.map { String(UTCTime.iso8601($0).prefix(10)) }
    }

    /// Converts an amount in ``currency`` to ``reportingCurrency``.
    /// - Parameter minorUnits: the amount in minor units of ``currency``.
    /// - Returns: the amount in minor units of ``reportingCurrency``, rounded half away from
    ///   zero, or `nil` when the result does not fit 64 bits.
    public func convert(minorUnits: Int64) -> Int64? {
        let exponent = reportingCurrency.minorUnitDigits - currency.minorUnitDigits - scale
        let product = minorUnits.magnitude.multipliedFullWidth(by: numerator)
        var magnitude: UInt64
        if exponent >= 0 {
            guard product.high == 0 else { return nil }
            magnitude = product.low
            for _ in 0..<exponent {
                let (next, overflow) = magnitude.multipliedReportingOverflow(by: 10)
                guard !overflow else { return nil }
                magnitude = next
            }
        } else {
            var divisor: UInt64 = 1
            for _ in 0..<(-exponent) { divisor *= 10 }
            guard product.high < divisor else { return nil }
            let (quotient, remainder) = divisor.dividingFullWidth(product)
            magnitude = quotient
            if remainder >= divisor - remainder { magnitude += 1 }
        }
        guard magnitude <= UInt64(Int64.max) else { return nil }
        return minorUnits < 0 ? -Int64(magnitude) : Int64(magnitude)
    }

    /// Days since 1970-01-01 of a time's UTC date.
    static func day(of date: Date) -> Int64 {
        floorDivide(Int64(date.timeIntervalSince1970.rounded(.down)), 86_400)
    }

    static func parse(_ text: String) -> (UInt64, Int)? {
        var numerator: UInt64 = 0
        var scale = 0
        var seenPoint = false
        var digits = 0
        var significant = 0
        for byte in text.utf8 {
            if byte == UInt8(ascii: ".") {
                guard !seenPoint else { return nil }
                seenPoint = true
                continue
            }
            guard (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) else { return nil }
            digits += 1
            if seenPoint { scale += 1 }
            if numerator == 0 && byte == UInt8(ascii: "0") { continue }
            significant += 1
            guard significant <= 18 else { return nil }
            numerator = numerator * 10 + UInt64(byte - UInt8(ascii: "0"))
        }
        guard digits > 0, numerator > 0 else { return nil }
        while scale > 0 && numerator % 10 == 0 {
            numerator /= 10
            scale -= 1
        }
        guard scale <= 15 else { return nil }
        return (numerator, scale)
    }

    static func format(_ numerator: UInt64, _ scale: Int) -> String {
        let digits = String(numerator)
        guard scale > 0 else { return digits }
        if digits.count > scale {
            return String(digits.dropLast(scale)) + "." + String(digits.suffix(scale))
        }
        return "0." + String(repeating: "0", count: scale - digits.count) + digits
    }

    enum CodingKeys: String, CodingKey {
        case currency
        case reportingCurrency = "reporting_currency"
        case validFrom = "valid_from"
        case rate
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let text = try container.decode(String.self, forKey: .rate)
        guard
            let value = ExchangeRate(
                currency: try container.decode(CurrencyCode.self, forKey: .currency),
                reportingCurrency: try container.decode(CurrencyCode.self, forKey: .reportingCurrency),
                validFrom: try container.decodeIfPresent(Date.self, forKey: .validFrom), rate: text)
        else {
            throw DecodingError.dataCorruptedError(
                forKey: .rate, in: container, debugDescription: "'\(text)' is not a positive decimal rate")
        }
        self = value
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(currency, forKey: .currency)
        try container.encode(reportingCurrency, forKey: .reportingCurrency)
        try container.encodeIfPresent(validFromText, forKey: .validFrom)
        try container.encode(rate, forKey: .rate)
    }

    public static func == (lhs: ExchangeRate, rhs: ExchangeRate) -> Bool {
        lhs.currency == rhs.currency && lhs.reportingCurrency == rhs.reportingCurrency
            && lhs.validFrom == rhs.validFrom && lhs.rate == rhs.rate
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(currency)
        hasher.combine(reportingCurrency)
        hasher.combine(validFrom)
        hasher.combine(rate)
    }
}

/// All rates to one reporting currency, for converting many transfers fast.
///
/// Rule: a transfer on UTC day *d* uses the dated rate with the latest `validFrom` ≤ *d*; when
/// none is that early (or the currency has no dated rates) the undated rate; when neither
/// exists the transfer is kept without a reporting amount (flagged). A transfer already in the
/// reporting currency converts at 1.
public struct RateTable: Sendable {
    /// The currency converted to.
    public let reportingCurrency: CurrencyCode
    struct Entry: Sendable {
        var undated: ExchangeRate?
        var dated: [(day: Int64, rate: ExchangeRate)] = []
    }
    var entries: [CurrencyCode: Entry] = [:]

    /// - Parameters:
    ///   - reportingCurrency: the currency converted to.
    ///   - rates: rates to `reportingCurrency` (others are ignored).
    public init(reportingCurrency: CurrencyCode, rates: [ExchangeRate]) {
        self.reportingCurrency = reportingCurrency
        for rate in rates where rate.reportingCurrency == reportingCurrency {
            var entry = entries[rate.currency] ?? Entry()
            if let validFrom = rate.validFrom {
                entry.dated.append((ExchangeRate.day(of: validFrom), rate))
            } else {
                entry.undated = rate
            }
            entries[rate.currency] = entry
        }
        for key in entries.keys { entries[key]?.dated.sort { $0.day < $1.day } }
    }

    /// The rate applying to `currency` on the UTC day of `seconds`.
    /// - Parameters:
    ///   - currency: the currency converted from.
    ///   - seconds: the transfer's time in seconds since 1970, UTC.
    /// - Returns: the applicable rate, or `nil` when none applies (or `currency` is the
    ///   reporting currency: no rate is needed).
    public func rate(for currency: CurrencyCode, atSeconds seconds: Int64) -> ExchangeRate? {
        guard let entry = entries[currency] else { return nil }
        if !entry.dated.isEmpty {
            let day = floorDivide(seconds, 86_400)
            var low = 0
            var high = entry.dated.count
            while low < high {
                let middle = (low + high) / 2
                if entry.dated[middle].day <= day { low = middle + 1 } else { high = middle }
            }
            if low > 0 { return entry.dated[low - 1].rate }
        }
        return entry.undated
    }

    /// Converts an amount to the reporting currency at the rate valid at `seconds`.
    /// - Parameters:
    ///   - amount: the amount in its original currency.
    ///   - seconds: the transfer's time in seconds since 1970, UTC.
    /// - Returns: the amount in the reporting currency, or `nil` when no rate applies or the
    ///   result overflows 64-bit minor units.
    @inline(__always)
    public func convert(_ amount: Money, atSeconds seconds: Int64) -> Money? {
        if amount.currency == reportingCurrency { return amount }
        guard let rate = rate(for: amount.currency, atSeconds: seconds),
            let minor = rate.convert(minorUnits: amount.minorUnits)
        else { return nil }
        return Money(minorUnits: minor, currency: reportingCurrency)
    }
}

/// Floor division (rounds toward negative infinity), for days of times before 1970.
@inline(__always)
func floorDivide(_ a: Int64, _ b: Int64) -> Int64 {
    let quotient = a / b
    return (a % b != 0 && (a < 0) != (b < 0)) ? quotient - 1 : quotient
}
