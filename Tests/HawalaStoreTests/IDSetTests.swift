import Testing

@testable import HawalaStore

/// The import session's set of written broker and party ids: exact for short and long ids.
@Suite struct IDSetTests {
    @Test func insertsEachIdOnceAcrossGrowth() {
        var set = IDSet(initialSlots: 16)
        var ids = (0..<20_000).map { "P-\($0)" }  // short, sharing a prefix
        ids += (0..<500).map { "a-party-id-longer-than-fifteen-bytes-\($0)" }
        ids += ["", "x", "123456789012345", "1234567890123456", "é-ü", "P-1\u{0}"]
        let firsts = ids.map { set.insert($0) }
        #expect(firsts.allSatisfy { $0 })
        #expect(set.count == ids.count)
        let seconds = ids.map { set.insert($0) }
        #expect(!seconds.contains(true))
        #expect(set.count == ids.count)
        // Same bytes, different length: distinct keys.
        let longer = set.insert("P-1\u{0}\u{0}")
        #expect(longer)
    }

    @Test func removeAllForgetsEverything() {
        var set = IDSet()
        for i in 0..<3_000 { _ = set.insert("BRK-\(i)") }
        _ = set.insert(String(repeating: "b", count: 40))
        set.removeAll()
        #expect(set.count == 0)
        let again = [set.insert("BRK-7"), set.insert(String(repeating: "b", count: 40)), set.insert("BRK-7")]
        #expect(again == [true, true, false])
    }
}
