import Foundation

/// An analyst's decision on a finding, as recorded by `hawala review` (docs/cases.md).
///
/// Raw values are the names used on the command line, in the database and in JSON.
public enum ReviewStatus: String, Sendable, Codable, CaseIterable, Comparable {
    /// Someone is looking at it.
    case underReview = "under_review"
    /// Checked: the pattern is what it seems (material for an STR or a case).
    case confirmed
    /// Checked: legitimate (e.g. a licensed exchange house); kept out of listings until it grows.
    case dismissed
    /// Passed on (to a supervisor, another unit or agency).
    case escalated

    public static func < (lhs: ReviewStatus, rhs: ReviewStatus) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}
