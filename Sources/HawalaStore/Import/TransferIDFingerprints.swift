/// The transfer ids of the database and of the file being imported, as 64-bit fingerprints:
/// how a bulk import finds its duplicate ids without a `UNIQUE` index during the load.
///
/// A bulk load (docs/schema.md, "Imports") drops the `transfers(id)` index and rebuilds it at
/// the end of the file (one sort instead of a random-order B-tree insert per row). A record
/// whose id fingerprint is new is certainly a new id and is inserted at once; a record whose
/// fingerprint is held is *probably* a duplicate and is set aside, to be checked exactly
/// against the stored transfer once the index is rebuilt. A false match (two ids with the same
/// 64-bit fingerprint; about n²/2⁶⁵, one in 10⁷ files of 10⁶ ids) only sends a new transfer
/// through that exact check, which inserts it.
///
/// Fingerprint: FNV-1a over the id's UTF-8 bytes (Fowler–Noll–Vo, IETF draft-eastlake-fnv),
/// finished with the 64-bit mixer of MurmurHash3 (`fmix64`, Appleby) so every byte moves the
/// top bits the slot is taken from. Open addressing with linear probing, at most three
/// quarters full: 8 bytes per slot, 10.7–21.3 bytes per id (64 MiB for 5·10⁶ ids), growing
/// with the ids it holds.
struct TransferIDFingerprints {
    private var slots: [UInt64]
    private var mask: Int
    private var shift: UInt64
    /// Fingerprints held.
    private(set) var count = 0

    /// - Parameter capacity: ids expected (the table starts with room for them at most three
    ///   quarters full, a power of two of at least 1,024 slots).
    init(capacity: Int = 0) {
        var n = 1_024
        while 3 * n < 4 * capacity { n <<= 1 }
        slots = [UInt64](repeating: 0, count: n)
        mask = n - 1
        shift = UInt64(64 - n.trailingZeroBitCount)
    }

    /// The fingerprint of `id` (never 0, which marks an empty slot).
    @inline(__always)
    static func fingerprint(_ id: String) -> UInt64 {
        var id = id
        var h: UInt64 = 0xCBF2_9CE4_8422_2325
        id.withUTF8 { bytes in
            for byte in bytes { h = (h ^ UInt64(byte)) &* 0x0000_0100_0000_01B3 }
        }
        h = (h ^ (h >> 33)) &* 0xFF51_AFD7_ED55_8CCD
        h = (h ^ (h >> 33)) &* 0xC4CE_B9FE_1A85_EC53
        h ^= h >> 33
        return h == 0 ? 1 : h
    }

    /// Adds `id`'s fingerprint.
    /// - Parameter id: a transfer id.
    /// - Returns: `true` when the fingerprint was not held before (the id is certainly new);
    ///   `false` when it was (the id is probably held).
    @inline(__always)
    mutating func insert(_ id: String) -> Bool {
        let f = Self.fingerprint(id)
        var slot = Int(truncatingIfNeeded: f >> shift)
        while true {
            let x = slots[slot]
            if x == f { return false }
            if x == 0 { break }
            slot = (slot + 1) & mask
        }
        slots[slot] = f
        count += 1
        if 4 * count > 3 * (mask + 1) { grow() }
        return true
    }

    private mutating func grow() {
        let old = slots
        let n = 2 * (mask + 1)
        slots = [UInt64](repeating: 0, count: n)
        mask = n - 1
        shift = UInt64(64 - n.trailingZeroBitCount)
        for f in old where f != 0 {
            var slot = Int(truncatingIfNeeded: f >> shift)
            while slots[slot] != 0 { slot = (slot + 1) & mask }
            slots[slot] = f
        }
    }
}
