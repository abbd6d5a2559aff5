import Foundation
import HawalaCore

/// Wording shared by the detectors' sentences.
enum Explain {
    /// `"45 min"`, `"31 h"`, `"3.2 days"` for a duration in seconds.
    static func duration(_ seconds: Int64) -> String {
        if seconds < 3600 { return "\(max(0, seconds / 60)) min" }
        if seconds < 48 * 3600 {
            let hours = Double(seconds) / 3600
            return hours < 10 && hours != hours.rounded() ? String(format: "%.1f h", hours) : "\(Int(hours.rounded())) h"
        }
        return String(format: "%.1f days", Double(seconds) / 86_400)
    }

    /// `"97%"` for 0.97; `"97–99%"` for a range.
    static func percent(_ low: Double, _ high: Double) -> String {
        let a = Int((low * 100).rounded())
        let b = Int((high * 100).rounded())
        return a == b ? "\(a)%" : "\(a)–\(b)%"
    }

    /// The amount with its currency, e.g. `"48,200 USD"`.
    static func money(_ amount: Double, _ currency: CurrencyCode) -> String {
        Money.readable(amount, currency)
    }

    /// The amount with cents kept when it has any, e.g. `"9,999.99 USD"` (``money(_:_:)``
    /// rounds amounts from 1,000 up to whole units, which would hide how close to a
    /// threshold an amount is).
    static func exactMoney(_ amount: Double, _ currency: CurrencyCode) -> String {
        let cents = Int64((amount * 100).rounded())
        if cents % 100 == 0 || abs(amount) < 1000 { return Money.readable(amount, currency) }
        let whole = Money.readable(Double(cents / 100), currency).dropLast(currency.code.count + 1)
        let fraction = abs(cents % 100)
        return "\(whole).\(fraction < 10 ? "0" : "")\(fraction) \(currency.code)"
    }

    /// `"12"` for 12.0, `"12.5"` for 12.5: a count or a median of counts.
    static func count(_ value: Double) -> String {
        value == value.rounded() ? "\(Int(value))" : String(format: "%.1f", value)
    }

    /// `"BRK-1, BRK-2, BRK-3 and 4 more"`.
    static func list(_ names: [String], max: Int = 5) -> String {
        if names.count <= max { return names.joined(separator: ", ") }
        return names.prefix(max).joined(separator: ", ") + " and \(names.count - max) more"
    }

    /// `"; 500 of 812 transfers listed"` when capped, else `""`.
    static func listedNote(listed: Int, total: Int) -> String {
        listed < total ? "; \(listed) of \(total) transfers listed" : ""
    }
}

/// A finding before its id is assigned (ids are given after the global sort).
struct FindingDraft: Sendable {
    var typology: Typology
    var score: Double
    var brokers: [String]
    /// Edge indices, in time order.
    var edges: [Int32]
    /// The total amount; when `nil`, the sum of the edges' amounts.
    var amount: Double?
    var explanation: String

    /// The finding (with an empty id) built from the graph's transfer ids and times.
    func finding(in graph: TransferGraph) -> Finding {
        let total = amount ?? edges.reduce(0.0) { $0 + graph.amount[Int($1)] }
        let first = edges.first.map { graph.time[Int($0)] } ?? 0
        let last = edges.last.map { graph.time[Int($0)] } ?? 0
        return Finding(
            id: "", typology: typology, score: min(1, max(0, score)), brokers: brokers,
            transferIDs: edges.map { graph.transferIDs[Int($0)] }, amount: total, currency: graph.currency,
            firstAt: Date(timeIntervalSince1970: TimeInterval(first)),
            lastAt: Date(timeIntervalSince1970: TimeInterval(last)), explanation: explanation)
    }
}

/// What one detector returns: its findings (ids not yet given) and run notes (caps hit...).
struct DetectorOutput: Sendable {
    var findings: [Finding] = []
    var notes: [String] = []
}

/// Seconds from hours / days, rounded to whole seconds.
@inline(__always) func seconds(hours: Double) -> Int64 { Int64((hours * 3600).rounded()) }
@inline(__always) func seconds(days: Double) -> Int64 { Int64((days * 86_400).rounded()) }
