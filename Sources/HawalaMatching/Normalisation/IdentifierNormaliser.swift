import Foundation

/// Normalises the identifiers of brokers and parties: phone numbers to E.164 (ITU-T E.164),
/// IBANs checked with ISO 13616's mod-97 (ISO 7064), BIC/SWIFT codes (ISO 9362), dates to
/// ISO 8601, and document, licence and account numbers stripped to letters and digits.
/// Each returns `nil` for a value that cannot be normalised, so no key is made from it.
public enum IdentifierNormaliser {
    /// Country calling codes (ITU-T E.164 assignments) of the countries hawala corridors
    /// touch, by ISO 3166-1 alpha-2 code, for phone numbers written without one.
    public static let callingCodes: [String: String] = [
        "AF": "93", "AE": "971", "PK": "92", "IN": "91", "IR": "98", "SA": "966", "QA": "974", "KW": "965",
        "OM": "968", "BH": "973", "YE": "967", "IQ": "964", "SY": "963", "JO": "962", "LB": "961", "EG": "20",
        "SO": "252", "ET": "251", "KE": "254", "SD": "249", "BD": "880", "NP": "977", "LK": "94", "TR": "90",
        "RU": "7", "KZ": "7", "UZ": "998", "TJ": "992", "TM": "993", "KG": "996", "GB": "44", "DE": "49",
        "NL": "31", "BE": "32", "FR": "33", "IT": "39", "ES": "34", "SE": "46", "NO": "47", "DK": "45",
        "US": "1", "CA": "1", "AU": "61", "MY": "60", "ID": "62", "PH": "63", "NG": "234", "ZA": "27",
    ]

    /// A phone number in E.164 form, `+` and 8–15 digits. Spaces, dots, dashes and brackets
    /// are dropped; `00` becomes `+`; a number with a trunk `0` or no prefix takes the
    /// default country's calling code.
    /// - Parameters:
    ///   - text: the number as written.
    ///   - defaultCountry: ISO 3166-1 alpha-2 code (or a calling code like `+93`) for numbers
    ///     written without a country code.
    /// - Returns: e.g. `+93700123456`, or `nil`.
    public static func phone(_ text: String, defaultCountry: String?) -> String? {
        var digits = ""
        var plus = false
        for character in text {
            if character.isASCII, character.isNumber { digits.append(character) }
            else if character == "+", digits.isEmpty { plus = true }
            else if " .-()/\u{A0}".contains(character) { continue }
            else if character.isNumber, let value = character.wholeNumberValue { digits += String(value) }  // Arabic-Indic digits
            else { return nil }
        }
        if !plus, digits.hasPrefix("00") { digits.removeFirst(2); plus = true }
        if !plus {
            guard let code = defaultCountry.flatMap(callingCode) else { return nil }
            if digits.hasPrefix("0") { digits.removeFirst() }
            digits = code + digits
        }
        guard (8...15).contains(digits.count), digits.first != "0" else { return nil }
        return "+" + digits
    }

    static func callingCode(_ country: String) -> String? {
        if country.hasPrefix("+") { return String(country.dropFirst()) }
        return callingCodes[country.uppercased()]
    }

    /// An IBAN without spaces, upper case, when its check digits hold: move the first four
    /// characters to the end, letters to 10–35, the number mod 97 is 1 (ISO 13616-1, ISO 7064).
    /// - Parameter text: the IBAN as written (spaces allowed, `IBAN` prefix allowed).
    /// - Returns: e.g. `GB82WEST12345698765432`, or `nil` when it is not a valid IBAN.
    public static func iban(_ text: String) -> String? {
        var value = text.uppercased().filter { $0.isLetter || $0.isNumber }
        if value.hasPrefix("IBAN") { value.removeFirst(4) }
        guard (15...34).contains(value.count), value.allSatisfy({ $0.isASCII }),
            value.prefix(2).allSatisfy(\.isLetter), value.dropFirst(2).prefix(2).allSatisfy(\.isNumber)
        else { return nil }
        var remainder = 0
        for character in value.dropFirst(4) + value.prefix(4) {
            if let digit = character.wholeNumberValue {
                remainder = (remainder * 10 + digit) % 97
            } else if let ascii = character.asciiValue {
                remainder = (remainder * 100 + Int(ascii) - 55) % 97
            } else { return nil }
        }
        return remainder == 1 ? value : nil
    }

    /// A BIC (ISO 9362): 8 or 11 letters and digits, bank (4 letters), country (2 letters),
    /// location, optional branch; the branch `XXX` (head office) is dropped.
    /// - Parameter text: the code as written.
    /// - Returns: e.g. `AFIBAFKA`, or `nil`.
    public static func bic(_ text: String) -> String? {
        let value = text.uppercased().filter { !$0.isWhitespace }
        guard value.count == 8 || value.count == 11, value.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber) }),
            value.prefix(6).allSatisfy(\.isLetter)
        else { return nil }
        return value.count == 11 && value.hasSuffix("XXX") ? String(value.prefix(8)) : value
    }

    /// A document, licence or account number: letters and digits only, upper case (so
    /// `AB 12-345/6` and `ab123456` agree); Arabic-Indic digits become ASCII.
    /// - Parameter text: the number as written.
    /// - Returns: the stripped number, or `nil` when fewer than 4 characters are left.
    public static func number(_ text: String) -> String? {
        var out = ""
        for character in text.uppercased() {
            if character.isASCII, character.isLetter || character.isNumber { out.append(character) }
            else if character.isNumber, let value = character.wholeNumberValue { out += String(value) }
        }
        return out.count >= 4 ? out : nil
    }

    /// A date as ISO 8601 `YYYY-MM-DD`. Accepts `YYYY-MM-DD`, `YYYY/MM/DD`, `YYYYMMDD`,
    /// `DD.MM.YYYY`, `DD/MM/YYYY` and `DD-MM-YYYY` (day first, as FIUs outside the US write it).
    /// - Parameter text: the date as written.
    /// - Returns: the ISO date, or `nil` when it is not a real calendar date.
    public static func date(_ text: String) -> String? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        let parts = trimmed.split(whereSeparator: { "-./".contains($0) }).map(String.init)
        var year = 0, month = 0, day = 0
        if parts.count == 1, trimmed.count == 8, let number = Int(trimmed) {
            (year, month, day) = (number / 10_000, number / 100 % 100, number % 100)
        } else if parts.count == 3, let a = Int(parts[0]), let b = Int(parts[1]), let c = Int(parts[2]) {
            (year, month, day) = parts[0].count == 4 ? (a, b, c) : (c, b, a)
        } else { return nil }
        guard (1900...2100).contains(year), (1...12).contains(month), (1...31).contains(day) else { return nil }
        let lengths = [31, year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
        guard day <= lengths[month - 1] else { return nil }
        func pad(_ n: Int, _ width: Int) -> String { String(repeating: "0", count: max(0, width - String(n).count)) + String(n) }
        return "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))"
    }

    /// An ISO 3166-1 alpha-2 country code, upper case, or `nil`.
    /// - Parameter text: the code as written.
    /// - Returns: e.g. `AF`.
    public static func country(_ text: String?) -> String? {
        guard let text else { return nil }
        let value = text.trimmingCharacters(in: .whitespaces).uppercased()
        return value.count == 2 && value.allSatisfy({ $0.isASCII && $0.isLetter }) ? value : nil
    }
}
