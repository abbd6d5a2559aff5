import HawalaCore

/// The orders `hawala findings --sort` lists findings in.
public enum FindingOrder: String, Sendable, CaseIterable {
    /// By id: the run's own order (typology, first time, brokers).
    case id
    /// Highest score first; ties by id.
    case score
    /// Largest total amount first; ties by id.
    case amount
    /// Earliest first transfer first; ties by id.
    case time

    /// Sorts findings in this order (stable: ties keep the run's order).
    /// - Parameter findings: the findings, in the run's order.
    /// - Returns: the findings sorted.
    public func sorted(_ findings: [Finding]) -> [Finding] {
        let indexed = findings.enumerated().map { ($0.offset, $0.element) }
        let ordered: [(Int, Finding)]
        switch self {
        case .id: return findings
        case .score: ordered = indexed.sorted { ($0.1.score, $1.0) > ($1.1.score, $0.0) }
        case .amount: ordered = indexed.sorted { ($0.1.amount, $1.0) > ($1.1.amount, $0.0) }
        case .time: ordered = indexed.sorted { ($0.1.firstAt, $0.0) < ($1.1.firstAt, $1.0) }
        }
        return ordered.map(\.1)
    }
}
