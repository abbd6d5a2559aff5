/// A compact, immutable list of strings: all UTF-8 bytes in one buffer plus one offset per
/// string. Holds millions of transfer or party ids without one heap object per id.
public struct StringTable: Sendable, Hashable {
    /// All strings' UTF-8 bytes, back to back.
    var bytes: [UInt8]
    /// `offsets[i]..<offsets[i + 1]` is string `i`'s range in ``bytes``; `count + 1` entries.
    var offsets: [Int]

    /// An empty table.
    public init() {
        bytes = []
        offsets = [0]
    }

    /// A table holding `strings` in order.
    /// - Parameter strings: the strings.
    public init<S: Sequence>(_ strings: S) where S.Element == String {
        self.init()
        for string in strings { append(string) }
    }

    /// The number of strings.
    public var count: Int { offsets.count - 1 }

    /// Appends one string.
    /// - Parameter string: the string to add; its index is the previous ``count``.
    public mutating func append(_ string: String) {
        bytes.append(contentsOf: string.utf8)
        offsets.append(bytes.count)
    }

    /// The string at `index` (0 ..< ``count``).
    public subscript(index: Int) -> String {
        String(decoding: bytes[offsets[index]..<offsets[index + 1]], as: UTF8.self)
    }

    /// A new table with the strings in the order of `permutation` (entry `i` = old string `permutation[i]`).
    func permuted(_ permutation: [Int32]) -> StringTable {
        var table = StringTable()
        table.bytes.reserveCapacity(bytes.count)
        table.offsets.reserveCapacity(offsets.count)
        for old in permutation {
            let index = Int(old)
            table.bytes.append(contentsOf: bytes[offsets[index]..<offsets[index + 1]])
            table.offsets.append(table.bytes.count)
        }
        return table
    }
}

/// Interns strings to dense `Int32` ids in order of first appearance.
struct StringInterner {
    private(set) var ids: [String: Int32] = [:]
    private(set) var table = StringTable()

    /// The id of `string`, adding it when new.
    mutating func intern(_ string: String) -> Int32 {
        if let id = ids[string] { return id }
        let id = Int32(table.count)
        ids[string] = id
        table.append(string)
        return id
    }
}
