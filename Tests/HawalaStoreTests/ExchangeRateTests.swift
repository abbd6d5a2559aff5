import Foundation
import HawalaCore
import Testing

@testable import HawalaStore

@Suite struct ExchangeRateTests {
    let aed = CurrencyCode("AED")!
    let jpy = CurrencyCode("JPY")!
    let kwd = CurrencyCode("KWD")!

    func day(_ text: String) -> Date { UTCTime.parseISO8601(text)! }

    @Test func parsesAndNormalisesDecimalText() {
        #expect(ExchangeRate(currency: aed, reportingCurrency: .usd, rate: "0.27230")?.rate == "0.2723")
        #expect(ExchangeRate(currency: aed, reportingCurrency: .usd, rate: "3.0")?.rate == "3")
        #expect(ExchangeRate(currency: aed, reportingCurrency: .usd, rate: ".5")?.rate == "0.5")
        for bad in ["", "0", "-1", "1e3", "1.2.3", "abc", "0.0000000000000001"] {
            #expect(ExchangeRate(currency: aed, reportingCurrency: .usd, rate: bad) == nil, "\(bad)")
        }
    }

    @Test func convertsExactlyRoundingHalfAwayFromZero() {
        let rate = ExchangeRate(currency: aed, reportingCurrency: .usd, rate: "0.2723")!
        #expect(rate.convert(minorUnits: 10_000) == 2_723)  // 100.00 AED -> 27.23 USD
        #expect(rate.convert(minorUnits: 5) == 1)  // 0.05 AED = 0.013615 USD -> 0.01
        let half = ExchangeRate(currency: aed, reportingCurrency: .usd, rate: "0.5")!
        #expect(half.convert(minorUnits: 1) == 1)  // 0.005 -> 0.01
        #expect(half.convert(minorUnits: -1) == -1)
        // JPY (0 digits) to USD (2), KWD (3 digits) to USD.
        #expect(ExchangeRate(currency: jpy, reportingCurrency: .usd, rate: "0.0067")!.convert(minorUnits: 10_000) == 6_700)
        #expect(ExchangeRate(currency: kwd, reportingCurrency: .usd, rate: "3.25")!.convert(minorUnits: 1_000) == 325)
        // USD to JPY: 1.00 USD at 149.5 JPY -> 150 JPY (149.5 rounds away from zero).
        #expect(ExchangeRate(currency: .usd, reportingCurrency: jpy, rate: "149.5")!.convert(minorUnits: 100) == 150)
        #expect(ExchangeRate(currency: jpy, reportingCurrency: .usd, rate: "999999999")!.convert(minorUnits: .max) == nil)
    }

    @Test func tablePicksDatedThenUndatedRates() {
        let table = RateTable(
            reportingCurrency: .usd,
            rates: [
                ExchangeRate(currency: aed, reportingCurrency: .usd, rate: "0.25")!,
                ExchangeRate(currency: aed, reportingCurrency: .usd, validFrom: day("2026-02-01"), rate: "0.3")!,
                ExchangeRate(currency: aed, reportingCurrency: .usd, validFrom: day("2026-01-01"), rate: "0.27")!,
                ExchangeRate(currency: jpy, reportingCurrency: CurrencyCode("EUR")!, rate: "0.006")!,
            ])
        func at(_ text: String) -> Int64 { Int64(day(text).timeIntervalSince1970) }
        #expect(table.rate(for: aed, atSeconds: at("2025-12-31T23:59:59Z"))?.rate == "0.25")
        #expect(table.rate(for: aed, atSeconds: at("2026-01-01T00:00:00Z"))?.rate == "0.27")
        #expect(table.rate(for: aed, atSeconds: at("2026-01-31T23:59:59Z"))?.rate == "0.27")
        #expect(table.rate(for: aed, atSeconds: at("2026-02-01T00:00:00Z"))?.rate == "0.3")
        #expect(table.rate(for: jpy, atSeconds: 0) == nil)  // only to EUR
        let usd = Money(minorUnits: 123, currency: .usd)
        #expect(table.convert(usd, atSeconds: 0) == usd)
        #expect(table.convert(Money(minorUnits: 100, currency: jpy), atSeconds: 0) == nil)
    }

    @Test func storesReplacesAndLooksUpRates() throws {
        let store = try temporaryStore()
        try store.importRates([
            ExchangeRate(currency: aed, reportingCurrency: .usd, rate: "0.25")!,
            ExchangeRate(currency: aed, reportingCurrency: .usd, validFrom: day("2026-01-01"), rate: "0.27")!,
        ])
        try store.importRates([ExchangeRate(currency: aed, reportingCurrency: .usd, rate: "0.26")!])
        let rates = try store.rates()
        #expect(rates.map(\.rate) == ["0.26", "0.27"])
        #expect(rates[1].validFromText == "2026-01-01")
        #expect(try store.rate(for: aed, at: day("2026-03-01"))?.rate == "0.27")
        #expect(try store.rate(for: aed, at: day("2025-03-01"))?.rate == "0.26")
        #expect(try store.rate(for: jpy, at: day("2025-03-01")) == nil)
        #expect(try store.rate(for: .usd, at: day("2025-03-01"))?.rate == "1")
    }

    @Test func applyingRatesFillsFlaggedTransfers() throws {
        let store = try temporaryStore()
        try importTransfers(
            store, "a.csv", [makeTransfer("T1", minor: 10_000, currency: "AED"), makeTransfer("T2", minor: 500, currency: "JPY")])
        #expect(try store.stats().withoutReportingAmount == 2)
        try store.importRates([ExchangeRate(currency: aed, reportingCurrency: .usd, rate: "0.2723")!])
        #expect(try store.applyRates(to: [aed]) == 1)
        let t1 = try store.transfers(ids: ["T1"])[0].transfer
        #expect(t1.reportingAmount == Money(minorUnits: 2_723, currency: .usd))
        #expect(try store.stats().withoutReportingAmount == 1)
    }

    @Test func codableUsesDayText() throws {
        let rate = ExchangeRate(currency: aed, reportingCurrency: .usd, validFrom: day("2026-01-05T13:00:00Z"), rate: "0.27")!
        let data = try JSONCoding.encoder().encode(rate)
        #expect(String(decoding: data, as: UTF8.self).contains("\"valid_from\" : \"2026-01-05\""))
        #expect(try JSONCoding.decoder().decode(ExchangeRate.self, from: data) == rate)
    }
}
