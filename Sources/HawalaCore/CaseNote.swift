import Foundation

/// A note on a case. Notes are append-only, like the review log. The one type for the store
/// (table `case_notes`) and the custody record of an evidence package (`CustodyRecord.Note`).
public struct CaseNote: Hashable, Sendable, Codable {
    /// The note's text.
    public var text: String
    /// Who wrote it.
    public var by: String
    /// When, UTC (whole seconds).
    public var at: Date

    /// - Parameters:
    ///   - text: the note.
    ///   - by: its author.
    ///   - at: when, UTC.
    public init(text: String, by: String, at: Date) {
        self.text = text
        self.by = by
        self.at = at
    }
}
