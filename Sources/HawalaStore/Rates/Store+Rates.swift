import Foundation
import GRDB
import HawalaCore

extension Store {
    /// Stores exchange rates, replacing a stored rate with the same currency, reporting
    /// currency and `validFrom` day. All in one transaction.
    /// - Parameter rates: the rates.
    /// - Returns: the number of rates written.
    /// - Throws: ``StoreError`` `.io` when the write fails.
    @discardableResult
    public func importRates(_ rates: [ExchangeRate]) throws(StoreError) -> Int {
        try write("store exchange rates") { db in
            let delete = try db.makeStatement(
                sql: """
                    DELETE FROM exchange_rates
                    WHERE currency = ? AND reporting_currency = ? AND coalesce(valid_from, '') = coalesce(?, '')
                    """)
            let insert = try db.makeStatement(
                sql: "INSERT INTO exchange_rates(currency, reporting_currency, valid_from, rate) VALUES (?, ?, ?, ?)")
            for rate in rates {
                try delete.execute(arguments: [rate.currency.code, rate.reportingCurrency.code, rate.validFromText])
                try insert.execute(arguments: [
                    rate.currency.code, rate.reportingCurrency.code, rate.validFromText, rate.rate,
                ])
            }
            return rates.count
        }
    }

    /// The stored rates to a reporting currency, by currency then `validFrom` (undated first).
    /// - Parameter reportingCurrency: the currency converted to.
    /// - Returns: the rates.
    /// - Throws: ``StoreError`` `.io` when the query fails.
    public func rates(reportingCurrency: CurrencyCode = .usd) throws(StoreError) -> [ExchangeRate] {
        try read("read exchange rates") { db in try Store.fetchRates(db, reportingCurrency) }
    }

    /// The rate applying to `currency` at a time: the dated rate with the latest `validFrom`
    /// day on or before the time's UTC day, else the undated rate (see ``RateTable``).
    /// - Parameters:
    ///   - currency: the currency converted from.
    ///   - date: the time, UTC.
    ///   - reportingCurrency: the currency converted to (default USD).
    /// - Returns: the rate, or `nil` when none applies. For `currency == reportingCurrency`,
    ///   the rate 1.
    /// - Throws: ``StoreError`` `.io` when the query fails.
    public func rate(for currency: CurrencyCode, at date: Date, reportingCurrency: CurrencyCode = .usd) throws(StoreError)
        -> ExchangeRate?
    {
        if currency == reportingCurrency {
            return ExchangeRate(currency: currency, reportingCurrency: reportingCurrency, rate: "1")
        }
        let table = try rateTable(reportingCurrency: reportingCurrency)
        return table.rate(for: currency, atSeconds: Int64(date.timeIntervalSince1970.rounded(.down)))
    }

    /// All rates to a reporting currency, ready to convert many amounts.
    /// - Parameter reportingCurrency: the currency converted to.
    /// - Returns: the table.
    /// - Throws: ``StoreError`` `.io` when the query fails.
    public func rateTable(reportingCurrency: CurrencyCode = .usd) throws(StoreError) -> RateTable {
        RateTable(reportingCurrency: reportingCurrency, rates: try rates(reportingCurrency: reportingCurrency))
    }

    /// Recomputes the reporting amounts of stored transfers in the given currencies (after
    /// new rates were loaded): transfers with no reporting amount, or with one in
    /// `reportingCurrency`, get the amount at the rate now applicable, or none (flagged).
    /// - Parameters:
    ///   - currencies: the currencies whose rates changed.
    ///   - reportingCurrency: the reporting currency.
    /// - Returns: the number of transfers that now have a reporting amount.
    /// - Throws: ``StoreError`` `.io` when the update fails.
    @discardableResult
    public func applyRates(to currencies: Set<CurrencyCode>, reportingCurrency: CurrencyCode = .usd) throws(StoreError)
        -> Int
    {
        try write("recompute reporting amounts") { db in
            let table = RateTable(reportingCurrency: reportingCurrency, rates: try Store.fetchRates(db, reportingCurrency))
            let select = try RawStatement(
                db,
                sql: """
                    SELECT seq, time, amount FROM transfers
                    WHERE currency = ? AND (reporting_currency IS NULL OR reporting_currency = ?)
                    """)
            let update = try RawStatement(
                db, sql: "UPDATE transfers SET reporting_amount = ?, reporting_currency = ? WHERE seq = ?")
            var converted = 0
            for currency in currencies.sorted() {
                var pending: [(Int64, Int64?)] = []
                select.bind(1, currency.code)
                select.bind(2, reportingCurrency.code)
                while try select.step() {
                    let seq = select.int64(0) ?? 0
                    let seconds = select.int64(1) ?? 0
                    let amount = Money(minorUnits: select.int64(2) ?? 0, currency: currency)
                    pending.append((seq, table.convert(amount, atSeconds: seconds)?.minorUnits))
                }
                select.reset()
                for (seq, minor) in pending {
                    update.bind(1, minor)
                    update.bind(2, minor == nil ? nil : reportingCurrency.code)
                    update.bind(3, seq)
                    _ = try update.run()
                    if minor != nil { converted += 1 }
                }
            }
            return converted
        }
    }

    static func fetchRates(_ db: Database, _ reportingCurrency: CurrencyCode) throws -> [ExchangeRate] {
        let rows = try Row.fetchAll(
            db,
            sql: """
                SELECT currency, valid_from, rate FROM exchange_rates WHERE reporting_currency = ?
                ORDER BY currency, coalesce(valid_from, '')
                """,
            arguments: [reportingCurrency.code])
        return rows.compactMap { row in
            guard let currency = CurrencyCode(row["currency"] as String) else { return nil }
            let validFrom = (row["valid_from"] as String?).flatMap(UTCTime.parseISO8601)
            return ExchangeRate(
                currency: currency, reportingCurrency: reportingCurrency, validFrom: validFrom, rate: row["rate"])
        }
    }
}
