import Foundation

/// SplitMix64, the 64-bit generator used to seed ``Xoshiro256StarStar`` and to mix
/// identifiers. Source: G. Steele, D. Lea, C. Flood, "Fast splittable pseudorandom number
/// generators", OOPSLA 2014; constants as in S. Vigna's reference `splitmix64.c`.
public struct SplitMix64: RandomNumberGenerator, Sendable {
    private var state: UInt64

    /// - Parameter seed: any 64-bit value.
    public init(seed: UInt64) { state = seed }

    /// The next 64 random bits.
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        return SplitMix64.mix(state)
    }

    /// The SplitMix64 finaliser: a bijection on 64-bit values, so distinct inputs give
    /// distinct, random-looking outputs (used for transfer and party identifiers).
    /// - Parameter value: the input.
    /// - Returns: the mixed value.
    @inlinable public static func mix(_ value: UInt64) -> UInt64 {
        var z = value
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// xoshiro256**, the seeded generator behind every random choice of the simulator, so a seed
/// gives the same network and the same files on every machine. Never the system generator.
/// Source: D. Blackman, S. Vigna, "Scrambled linear pseudorandom number generators",
/// ACM TOMS 47(4), 2021 (reference code `xoshiro256starstar.c`).
public struct Xoshiro256StarStar: RandomNumberGenerator, Sendable {
    private var s0: UInt64, s1: UInt64, s2: UInt64, s3: UInt64

    /// Seeds the four state words from SplitMix64, as the authors recommend.
    /// - Parameter seed: any 64-bit value.
    public init(seed: UInt64) {
        var seeder = SplitMix64(seed: seed)
        s0 = seeder.next()
        s1 = seeder.next()
        s2 = seeder.next()
        s3 = seeder.next()
    }

    /// The next 64 random bits.
    public mutating func next() -> UInt64 {
        let result = rotl(s1 &* 5, 7) &* 9
        let t = s1 << 17
        s2 ^= s0
        s3 ^= s1
        s1 ^= s2
        s0 ^= s3
        s2 ^= t
        s3 = rotl(s3, 45)
        return result
    }

    func rotl(_ x: UInt64, _ k: UInt64) -> UInt64 { (x << k) | (x >> (64 - k)) }

    /// A uniform double in [0, 1) from the top 53 bits.
    public mutating func unit() -> Double {
        Double(next() >> 11) * 0x1.0p-53
    }

    /// A uniform double in [low, high).
    /// - Parameters:
    ///   - low: the lower bound.
    ///   - high: the upper bound (exclusive).
    public mutating func uniform(_ low: Double, _ high: Double) -> Double {
        low + (high - low) * unit()
    }

    /// A uniform integer in `range` (Lemire's multiply-shift; the bias is below 2⁻³² for the
    /// small ranges used here).
    /// - Parameter range: a non-empty closed range.
    public mutating func int(_ range: ClosedRange<Int>) -> Int {
        let width = UInt64(range.upperBound - range.lowerBound) + 1
        let product = next().multipliedFullWidth(by: width)
        return range.lowerBound + Int(product.high)
    }

    /// A uniform index in `0..<count`.
    /// - Parameter count: a positive count.
    public mutating func index(_ count: Int) -> Int {
        Int(next().multipliedFullWidth(by: UInt64(count)).high)
    }

    /// A standard normal deviate (Box–Muller; one of the pair is used).
    public mutating func normal() -> Double {
        let u1 = max(unit(), 0x1.0p-60)
        let u2 = unit()
        return (-2 * log(u1)).squareRoot() * cos(2 * Double.pi * u2)
    }

    /// A lognormal deviate with the given median and shape σ (the standard deviation of its
    /// logarithm): `median · exp(σ·Z)`.
    /// - Parameters:
    ///   - median: the median, in the caller's unit.
    ///   - sigma: σ of the logarithm.
    public mutating func lognormal(median: Double, sigma: Double) -> Double {
        median * exp(sigma * normal())
    }

    /// A log-uniform deviate in [low, high): every factor of ten between the bounds equally
    /// likely (for durations and amounts spanning orders of magnitude).
    /// - Parameters:
    ///   - low: the lower bound, > 0.
    ///   - high: the upper bound, ≥ `low`.
    public mutating func logUniform(_ low: Double, _ high: Double) -> Double {
        guard high > low, low > 0 else { return low }
        return exp(uniform(log(low), log(high)))
    }

    /// `true` with probability `p`.
    public mutating func chance(_ p: Double) -> Bool { unit() < p }

    /// `k` distinct values of `0..<count` in random order (partial Fisher–Yates over a copy).
    /// - Parameters:
    ///   - k: how many, at most `count`.
    ///   - count: the population size.
    /// - Returns: the chosen values.
    public mutating func distinct(_ k: Int, of count: Int) -> [Int] {
        var pool = Array(0..<count)
        let take = min(k, count)
        for i in 0..<take {
            let j = i + index(count - i)
            pool.swapAt(i, j)
        }
        return Array(pool[0..<take])
    }
}
