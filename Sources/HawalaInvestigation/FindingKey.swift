import Foundation
import HawalaCore
import HawalaExport
import HawalaStore

/// The stable identity of a finding across analysis runs (docs/cases.md).
///
/// A finding is what it proves: its typology and the set of transfers behind it. The key is
/// `TYPOLOGY-HEX16`, where HEX16 is the first 16 lowercase hex digits (64 bits) of the
/// SHA-256 (FIPS 180-4) of the UTF-8 text `TYPOLOGY`, followed for each transfer id, sorted
/// by its UTF-8 bytes, by a newline, the id's length in UTF-8 bytes, `:` and the id. Scores,
/// explanations, finding ids and run numbers do not enter the key, so a detector whose scores
/// change, or a run that numbers findings differently, keeps the keys.
public enum FindingKey {
    /// The key of a typology and the transfers that prove it.
    /// - Parameters:
    ///   - typology: the pattern kind.
    ///   - transferIDs: the proving transfer ids, in any order.
    /// - Returns: the key, e.g. `"cycle-3f9a1c0b7d2e4f61"`.
    public static func key(typology: Typology, transferIDs: [String]) -> String {
        var text = typology.rawValue
        for id in sortedIDs(transferIDs) { text += "\n\(id.utf8.count):\(id)" }
        return typology.rawValue + "-" + PayloadFormats.sha256Hex(Data(text.utf8)).prefix(16)
    }

    /// The key of a finding.
    /// - Parameter finding: the finding.
    /// - Returns: its key.
    public static func key(_ finding: Finding) -> String {
        key(typology: finding.typology, transferIDs: finding.transferIDs)
    }

    /// What a review or case records about a finding.
    /// - Parameters:
    ///   - finding: the finding.
    ///   - run: the run it was read from.
    /// - Returns: the snapshot (key, run, id, typology, brokers, sorted transfers, amount).
    public static func snapshot(_ finding: Finding, run: Int64?) -> FindingSnapshot {
        FindingSnapshot(
            key: key(finding), runID: run, findingID: finding.id, typology: finding.typology, brokers: finding.brokers,
            transferIDs: sortedIDs(finding.transferIDs), amount: finding.amount, currency: finding.currency)
    }

    /// Ids sorted by their UTF-8 bytes (independent of locale and Unicode normalisation).
    static func sortedIDs(_ ids: [String]) -> [String] {
        ids.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
    }

    /// Whether `text` looks like a key rather than a finding id.
    static func looksLikeKey(_ text: String) -> Bool {
        guard let dash = text.lastIndex(of: "-") else { return false }
        let hex = text[text.index(after: dash)...]
        return hex.count == 16 && hex.allSatisfy(\.isHexDigit) && Typology(rawValue: String(text[..<dash])) != nil
    }
}
