import Foundation
import Testing

@testable import HawalaExport

@Suite struct TarArchiveTests {
    static let entries = [
        TarEntry(path: "BAG", kind: .directory),
        TarEntry(path: "BAG/data", kind: .directory),
        TarEntry(path: "BAG/data/b.txt", kind: .file, data: Data("bee\n".utf8)),
        TarEntry(path: "BAG/data/a.txt", kind: .file, data: Data(repeating: 0x41, count: 1500)),
    ]
    static let time = Date(timeIntervalSince1970: 1_774_000_000)

    /// Rewrites the header at `offset` with `change` and fixes its checksum.
    static func patch(_ archive: Data, headerAt offset: Int, _ change: (inout [UInt8]) -> Void) -> Data {
        var bytes = [UInt8](archive)
        var header = Array(bytes[offset..<offset + 512])
        change(&header)
        for i in 148..<156 { header[i] = 0x20 }
        let sum = header.reduce(0) { $0 + Int($1) }
        header.replaceSubrange(148..<156, with: Array(String(sum, radix: 8).leftPadded(to: 6).utf8) + [0, 0x20])
        bytes.replaceSubrange(offset..<offset + 512, with: header)
        return Data(bytes)
    }

    @Test func sameEntriesInAnyOrderGiveTheSameBytes() throws {
        let first = try TarArchive.write(Self.entries, modificationTime: Self.time)
        let second = try TarArchive.write(Self.entries.reversed(), modificationTime: Self.time)
        #expect(first == second)
        #expect(try TarArchive.write(Self.entries, modificationTime: Self.time.addingTimeInterval(1)) != first)
    }

    @Test func roundTripsSortedWithFixedOwnerAndModes() throws {
        let archive = try TarArchive.write(Self.entries, modificationTime: Self.time)
        let read = try TarArchive.read(archive)
        #expect(read.map(\.path) == ["BAG", "BAG/data", "BAG/data/a.txt", "BAG/data/b.txt"])
        #expect(read[2].data.count == 1500)
        let header = [UInt8](archive.prefix(512))
        #expect(String(decoding: header[100..<107], as: UTF8.self) == "0000755")
        #expect(String(decoding: header[265..<269], as: UTF8.self) == "root")
    }

    @Test func gnuTarListsOurArchive() throws {
        let tar = try #require(Tool.find("tar"), "tar is not installed")
        let dir = try Fixture.directory()
        try TarArchive.write(Self.entries, modificationTime: Self.time).write(to: dir.appendingPathComponent("x.tar"))
        let list = try Tool.run(tar, ["--numeric-owner", "-tvf", "x.tar"], in: dir)
        #expect(list.status == 0)
        #expect(list.output.contains("-rw-r--r-- 0/0            1500 2026-03-20"))
    }

    @Test func longPathsUseTheUstarPrefix() throws {
        let long = "BAG/data/" + String(repeating: "d", count: 80) + "/" + String(repeating: "f", count: 60) + ".txt"
        let read = try TarArchive.read(try TarArchive.write([TarEntry(path: long, kind: .file, data: Data("x".utf8))], modificationTime: Self.time))
        #expect(read.map(\.path) == [long])
    }

    @Test(arguments: ["/etc/passwd", "BAG/../evil", "../evil", "BAG/./x", "BAG//x", "BAG\\x"])
    func unsafePathsAreRefusedOnWriteAndRead(path: String) throws {
        let writeError = #expect(throws: ExportError.self) {
            try TarArchive.write([TarEntry(path: path, kind: .file)], modificationTime: Self.time)
        }
        #expect(writeError?.code == .invalidRequest)
        let good = try TarArchive.write([TarEntry(path: "BAG/x", kind: .file, data: Data("x".utf8))], modificationTime: Self.time)
        let bad = Self.patch(good, headerAt: 0) { header in
            header.replaceSubrange(0..<100, with: [UInt8](repeating: 0, count: 100))
            header.replaceSubrange(0..<path.utf8.count, with: Array(path.utf8))
        }
        let readError = #expect(throws: ExportError.self) { try TarArchive.read(bad) }
        #expect(readError?.code == .unsafeArchive)
    }

    @Test(arguments: ["1", "2", "3", "4", "6", "x", "L"])
    func linksDevicesAndExtensionHeadersAreRefused(type: String) throws {
        let good = try TarArchive.write([TarEntry(path: "BAG/x", kind: .file)], modificationTime: Self.time)
        let bad = Self.patch(good, headerAt: 0) { $0[156] = UInt8(ascii: Unicode.Scalar(type)!) }
        let error = #expect(throws: ExportError.self) { try TarArchive.read(bad) }
        #expect(error?.code == .unsafeArchive)
    }

    @Test func badChecksumTruncationAndDuplicatesAreRefused() throws {
        let archive = try TarArchive.write(Self.entries, modificationTime: Self.time)
        var corrupt = archive
        corrupt[10] ^= 0x01
        let thrown1 = #expect(throws: ExportError.self) { try TarArchive.read(corrupt) }
        #expect(thrown1?.code == .unsafeArchive)
        let thrown2 = #expect(throws: ExportError.self) { try TarArchive.read(archive.prefix(archive.count - 1024)) }
        #expect(thrown2?.code == .unsafeArchive)
        let thrown3 = #expect(throws: ExportError.self) { try TarArchive.read(archive.prefix(700)) }
        #expect(thrown3?.code == .unsafeArchive)
        let duplicate = TarEntry(path: "BAG/x", kind: .file)
        let thrown4 = #expect(throws: ExportError.self) { try TarArchive.write([duplicate, duplicate], modificationTime: Self.time) }
        #expect(thrown4?.code == .invalidRequest)
    }
}
