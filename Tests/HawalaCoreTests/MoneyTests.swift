import Foundation
import Testing

@testable import HawalaCore

@Suite struct MoneyTests {
    @Test func decimalRoundsToMinorUnits() throws {
        let usd = try #require(CurrencyCode("usd"))
        #expect(Money(decimal: Decimal(string: "10.505")!, currency: usd)?.minorUnits == 1051)
        let jpy = try #require(CurrencyCode("JPY"))
        #expect(Money(decimal: Decimal(string: "1200")!, currency: jpy)?.minorUnits == 1200)
        let kwd = try #require(CurrencyCode("KWD"))
        #expect(Money(decimal: Decimal(string: "1.2345")!, currency: kwd)?.plainText == "1.235")
    }

    @Test func plainTextKeepsDigits() {
        #expect(Money(minorUnits: 4_820_000, currency: .usd).description == "48200.00 USD")
        #expect(Money(minorUnits: -5, currency: .usd).plainText == "-0.05")
    }

    @Test func readableAmounts() {
        #expect(Money.readable(48_200, .usd) == "48,200 USD")
        #expect(Money.readable(12.5, .usd) == "12.50 USD")
        #expect(Money.readable(1_234_567.4, .usd) == "1,234,567 USD")
    }

    @Test func unknownCurrencyIsRefused() {
        #expect(CurrencyCode("XYZ") == nil)
        #expect(CurrencyCode("US") == nil)
        #expect(CurrencyCode("AFN")?.minorUnitDigits == 2)
    }
}

@Suite struct FindingAmountTests {
    @Test func amountsAreRoundedToTheMinorUnit() throws {
        let finding = Finding(
            id: "F-1", typology: .structuring, score: 0.75, brokers: ["A"], transferIDs: ["t"],
            amount: 9_698.28 + 9_970.14 + 39_224.570000000005, currency: .usd, firstAt: Date(timeIntervalSince1970: 0),
            lastAt: Date(timeIntervalSince1970: 0), explanation: "x")
        #expect(finding.amount == 58_892.99)
        let text = String(decoding: try JSONCoding.encoder().encode(finding), as: UTF8.self)
        #expect(text.contains("\"amount\" : 58892.99,"))
        // KWD has 3 minor digits; halves round away from zero (1.2345 × 1000 is 1234.5 in binary).
        #expect(Finding.rounded(1.2345, to: CurrencyCode("KWD")!) == 1.235)
        #expect(Finding.rounded(1.2344, to: CurrencyCode("KWD")!) == 1.234)
        #expect(Finding.rounded(-1.2345, to: CurrencyCode("KWD")!) == -1.235)
        #expect(Finding.rounded(1_200.6, to: CurrencyCode("JPY")!) == 1_201)
    }
}
