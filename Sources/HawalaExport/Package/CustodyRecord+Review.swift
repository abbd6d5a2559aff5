import Foundation
import HawalaCore

extension CustodyRecord {
    /// One entry of the review log of a finding in the package (docs/cases.md): who decided
    /// what, when, from which status to which, with the note.
    public struct Review: Codable, Sendable, Hashable {
        /// The entry's number in the exporting database's log.
        public var entry: Int64
        /// The finding's stable key.
        public var findingKey: String
        /// The finding's id in the run it was reviewed in, and that run.
        public var findingID: String?
        public var runID: String?
        /// The status before (`nil`: open) and the decision (`under_review`, `confirmed`, `dismissed`, `escalated`).
        public var from: String?
        public var to: String
        /// The note, if any.
        public var note: String?
        /// Who decided, and when (UTC).
        public var by: String
        public var at: Date

        /// - Parameters: see the properties.
        public init(
            entry: Int64, findingKey: String, findingID: String?, runID: String?, from: String?, to: String,
            note: String?, by: String, at: Date
        ) {
            self.entry = entry
            self.findingKey = findingKey
            self.findingID = findingID
            self.runID = runID
            self.from = from
            self.to = to
            self.note = note
            self.by = by
            self.at = at
        }

        enum CodingKeys: String, CodingKey {
            case entry
            case findingKey = "finding_key"
            case findingID = "finding_id"
            case runID = "run_id"
            case from, to, note, by, at
        }
    }

    /// A note on the case, as written (append-only): ``CaseNote`` (text, author, time UTC).
    public typealias Note = CaseNote

    /// The stored case a package was exported from (`hawala export --case NAME` of an open case).
    public struct CaseFile: Codable, Sendable, Hashable {
        /// The case's name, who opened it and when (UTC).
        public var name: String
        public var openedBy: String
        public var openedAt: Date
        /// The stable keys of its findings, in the order they were added.
        public var findingKeys: [String]
        /// Its notes, oldest first.
        public var notes: [Note]

        /// - Parameters: see the properties.
        public init(name: String, openedBy: String, openedAt: Date, findingKeys: [String], notes: [Note]) {
            self.name = name
            self.openedBy = openedBy
            self.openedAt = openedAt
            self.findingKeys = findingKeys
            self.notes = notes
        }

        enum CodingKeys: String, CodingKey {
            case name
            case openedBy = "opened_by"
            case openedAt = "opened_at"
            case findingKeys = "finding_keys"
            case notes
        }
    }
}
