import Foundation

/// Merges overlapping qualifying windows of a sweep into bursts, so each maximal burst is
/// reported once, by its best window, rather than once per window position.
struct BurstTracker {
    /// A closed burst: the index span of all its windows and its best window's span.
    struct Burst {
        var first: Int
        var last: Int
        var bestLow: Int
        var bestHigh: Int
        var windows: Int
    }

    private var current: Burst?
    private var bestPrimary = 0
    private var bestSecondary = 0.0

    /// Records a qualifying window covering indices `low...high`, ranked by `primary` then
    /// `secondary` (higher is better; ties keep the earlier window).
    /// - Returns: the previous burst when this window does not overlap it.
    mutating func add(low: Int, high: Int, primary: Int, secondary: Double) -> Burst? {
        if var burst = current, low <= burst.last {
            burst.last = max(burst.last, high)
            burst.windows += 1
            if primary > bestPrimary || (primary == bestPrimary && secondary > bestSecondary) {
                burst.bestLow = low
                burst.bestHigh = high
                bestPrimary = primary
                bestSecondary = secondary
            }
            current = burst
            return nil
        }
        let closed = current
        current = Burst(first: low, last: high, bestLow: low, bestHigh: high, windows: 1)
        bestPrimary = primary
        bestSecondary = secondary
        return closed
    }

    /// Closes and returns the open burst, if any.
    mutating func finish() -> Burst? {
        defer { current = nil }
        return current
    }
}

/// The score shared by the threshold detectors: 1 − ½ · (Π thresholdᵢ / observedᵢ)^(1/n),
/// the geometric mean of how far each criterion is exceeded. 0.5 exactly at the thresholds,
/// 0.75 when every criterion is doubled, → 1 as they grow. A criterion with threshold 0 is left out.
/// - Parameter pairs: (observed, threshold) per criterion, observed ≥ threshold.
func excessScore(_ pairs: [(Double, Double)]) -> Double {
    var product = 1.0
    var n = 0
    for (observed, threshold) in pairs where threshold > 0 && observed > 0 {
        product *= min(1, threshold / observed)
        n += 1
    }
    guard n > 0 else { return 1 }
    return 1 - 0.5 * pow(product, 1 / Double(n))
}

/// Distinct values in first-appearance order.
func distinctInOrder(_ values: [Int32]) -> [Int32] {
    var seen = Set<Int32>()
    return values.filter { seen.insert($0).inserted }
}
