import Foundation
import HawalaCore

/// A network of findings as the report shows it (grouped by HawalaInvestigation; docs/cases.md).
public struct ReportNetwork: Hashable, Sendable {
    /// The network's rank in its run, from 1.
    public var number: Int
    /// Its combined score, 0...1.
    public var score: Double
    /// Its findings' ids, in the run's order.
    public var findingIDs: [String]
    /// Its brokers, sorted.
    public var brokers: [String]
    /// Brokers among them treated as hubs (shared with other networks, not linking them).
    public var hubs: [String]
    /// Its typologies.
    public var typologies: [Typology]
    /// The sum of its findings' amounts, major units of `currency`.
    public var amount: Double
    /// The reporting currency.
    public var currency: CurrencyCode
    /// First and last transfer time, UTC.
    public var firstAt: Date
    public var lastAt: Date

    /// - Parameters: see the properties.
    public init(
        number: Int, score: Double, findingIDs: [String], brokers: [String], hubs: [String], typologies: [Typology],
        amount: Double, currency: CurrencyCode, firstAt: Date, lastAt: Date
    ) {
        self.number = number
        self.score = score
        self.findingIDs = findingIDs
        self.brokers = brokers
        self.hubs = hubs
        self.typologies = typologies
        self.amount = amount
        self.currency = currency
        self.firstAt = firstAt
        self.lastAt = lastAt
    }
}

/// A finding's review status and notes as the report shows them.
public struct ReportReview: Hashable, Sendable {
    /// `open`, `under_review`, `confirmed`, `dismissed`, `escalated` or `reopened`.
    public var status: String
    /// What changed since the decision it inherits (`+3 transfers, +41,000 USD since run 4`), if it grew.
    public var change: String?
    /// The review notes, oldest first, as `note (by, time, status)`.
    public var notes: [String]

    /// - Parameters: see the properties.
    public init(status: String, change: String? = nil, notes: [String] = []) {
        self.status = status
        self.change = change
        self.notes = notes
    }
}
