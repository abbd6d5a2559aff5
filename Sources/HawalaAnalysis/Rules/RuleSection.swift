import Foundation
import HawalaCore

extension AnalysisRules {
    /// Each section's name and its known keys (from the sections' coding keys).
    static let knownKeys: [String: [String]] = [
        "cycle": CycleRules.CodingKeys.allCases.map(\.stringValue),
        "fan_in": FanRules.CodingKeys.allCases.map(\.stringValue),
        "fan_out": FanRules.CodingKeys.allCases.map(\.stringValue),
        "scatter_gather": ScatterGatherRules.CodingKeys.allCases.map(\.stringValue),
        "gather_scatter": GatherScatterRules.CodingKeys.allCases.map(\.stringValue),
        "structuring": StructuringRules.CodingKeys.allCases.map(\.stringValue),
        "rapid_pass_through": RapidPassThroughRules.CodingKeys.allCases.map(\.stringValue),
        "volume_spike": VolumeSpikeRules.CodingKeys.allCases.map(\.stringValue),
        "settlement_imbalance": SettlementImbalanceRules.CodingKeys.allCases.map(\.stringValue),
        "baseline": BaselineRules.CodingKeys.allCases.map(\.stringValue),
        "ranking": RankingRules.CodingKeys.allCases.map(\.stringValue),
        "settlement_ring": SettlementRingRules.CodingKeys.allCases.map(\.stringValue),
    ]

    /// Lays the user's values (a parsed YAML/JSON mapping) over `base` (the defaults), rejecting
    /// every key that is not a known section or parameter, so a typo ("max_lenght") is an
    /// error naming the key rather than a silent default.
    /// - Parameters:
    ///   - user: the parsed document.
    ///   - source: the file name for error messages.
    ///   - base: the rules whose values absent keys keep.
    /// - Returns: a complete JSON-compatible mapping of every section.
    /// - Throws: ``AnalysisError`` `invalidRules` naming the unknown key and the known ones.
    static func merge(_ user: Any, source: String, over base: AnalysisRules = AnalysisRules()) throws -> [String: Any] {
        func fail(_ field: String?, _ message: String) -> AnalysisError {
            AnalysisError(.invalidRules, message, location: SourceLocation(file: source, field: field))
        }
        guard let top = user as? [String: Any] else { throw fail(nil, "the rules must be a mapping of sections") }
        let defaults = try JSONSerialization.jsonObject(with: JSONEncoder().encode(base))
        guard var merged = defaults as? [String: Any] else { throw fail(nil, "internal: defaults are not a mapping") }
        let sections = ["version"] + knownKeys.keys.sorted()
        for key in top.keys.sorted() {
            guard sections.contains(key) else {
                throw fail(key, "unknown key '\(key)' (known: \(sections.joined(separator: ", ")))")
            }
            guard let known = knownKeys[key] else {
                merged[key] = top[key]
                continue
            }
            guard let section = top[key] as? [String: Any] else {
                throw fail(key, "must be a mapping of parameters (\(known.joined(separator: ", ")))")
            }
            var values = merged[key] as? [String: Any] ?? [:]
            for name in section.keys.sorted() {
                guard known.contains(name) else {
                    throw fail("\(key).\(name)", "unknown key '\(name)' in section \(key) (known: \(known.joined(separator: ", ")))")
                }
                values[name] = section[name]
            }
            merged[key] = values
        }
        return merged
    }
}

/// Collects the problems of a rules section's values.
struct RuleChecker {
    let section: String
    var problems: [String] = []

    mutating func require(_ condition: Bool, _ key: String, _ text: String) {
        if !condition { problems.append("\(section).\(key): \(text)") }
    }

    mutating func positive(_ value: Double, _ key: String) {
        require(value > 0 && value.isFinite, key, "must be a positive number, got \(value)")
    }

    mutating func nonNegative(_ value: Double, _ key: String) {
        require(value >= 0 && value.isFinite, key, "must be zero or more, got \(value)")
    }

    mutating func atLeast(_ value: Int, _ minimum: Int, _ key: String) {
        require(value >= minimum, key, "must be at least \(minimum), got \(value)")
    }

    mutating func ratio(_ value: Double, _ key: String) {
        require(value > 0 && value <= 1, key, "must be in (0, 1], got \(value)")
    }
}
