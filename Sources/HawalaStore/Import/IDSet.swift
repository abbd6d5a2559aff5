/// The broker and party ids an import has already written, for its per-row hot path.
///
/// Exact, and cheaper than `Set<String>` (whose SipHash of each id measured ~8% of an import's
/// time): an id of 1–15 UTF-8 bytes (almost every real id) is packed with its length into two
/// 64-bit words and kept in an open-addressing table with linear probing; longer ids go to a
/// `Set<String>`. Memory is bounded: the caller empties the set when ``count`` reaches its
/// limit (ids seen again are then written again, which `INSERT OR IGNORE` makes harmless).
struct IDSet {
    /// Packed keys, two words per slot; a slot of two zero words is empty (a packed key's
    /// length byte is never zero).
    private var slots: [UInt64]
    private var mask: Int
    /// 64 − log2(slots): the slot is taken from the top bits of the mixed key.
    private var shift: UInt64
    private var long = Set<String>()
    /// Ids held.
    private(set) var count = 0

    /// - Parameter initialSlots: table slots to start with (rounded up to a power of two).
    init(initialSlots: Int = 1_024) {
        var n = 16
        while n < initialSlots { n <<= 1 }
        slots = [UInt64](repeating: 0, count: 2 * n)
        mask = n - 1
        shift = UInt64(64 - n.trailingZeroBitCount)
    }

    /// Adds `id`.
    /// - Parameter id: a broker or party id.
    /// - Returns: `true` when `id` was not held before.
    @inline(__always)
    mutating func insert(_ id: String) -> Bool {
        var id = id
        let packed: (UInt64, UInt64)? = id.withUTF8 { bytes in
            guard bytes.count > 0 && bytes.count < 16 else { return nil }
            var words: (UInt64, UInt64) = (0, 0)
            withUnsafeMutableBytes(of: &words) { $0.copyMemory(from: UnsafeRawBufferPointer(bytes)) }
            // Little-endian: the 16th byte (top of the second word) holds the length.
            return (words.0, words.1 | UInt64(bytes.count) << 56)
        }
        guard let (a, b) = packed else {
            let inserted = long.insert(id).inserted
            if inserted { count += 1 }
            return inserted
        }
        var slot = home(a, b)
        while true {
            let x = slots[2 * slot]
            let y = slots[2 * slot + 1]
            if x == a && y == b { return false }
            if x == 0 && y == 0 { break }
            slot = (slot + 1) & mask
        }
        slots[2 * slot] = a
        slots[2 * slot + 1] = b
        count += 1
        if 2 * count > mask + 1 { grow() }
        return true
    }

    /// Empties the set, keeping its table.
    mutating func removeAll() {
        for i in slots.indices { slots[i] = 0 }
        long.removeAll(keepingCapacity: true)
        count = 0
    }

    /// The first slot to probe for a packed key: both words mixed by multiplications, the slot
    /// taken from the top bits (Fibonacci hashing, Knuth TAOCP vol. 3 §6.4), which depend on
    /// every byte of the id; low bits would depend only on its first bytes (`P-…`).
    @inline(__always)
    private func home(_ a: UInt64, _ b: UInt64) -> Int {
        var h = (a &* 0x9E37_79B9_7F4A_7C15) ^ (b &* 0xC2B2_AE3D_27D4_EB4F)
        h = (h ^ (h >> 32)) &* 0xD6E8_FEB8_6659_FD93
        return Int(truncatingIfNeeded: h >> shift)
    }

    private mutating func grow() {
        let old = slots
        let n = 2 * (mask + 1)
        slots = [UInt64](repeating: 0, count: 2 * n)
        mask = n - 1
        shift = UInt64(64 - n.trailingZeroBitCount)
        for i in stride(from: 0, to: old.count, by: 2) where old[i] != 0 || old[i + 1] != 0 {
            let (a, b) = (old[i], old[i + 1])
            var slot = home(a, b)
            while slots[2 * slot] != 0 || slots[2 * slot + 1] != 0 { slot = (slot + 1) & mask }
            slots[2 * slot] = a
            slots[2 * slot + 1] = b
        }
    }
}
