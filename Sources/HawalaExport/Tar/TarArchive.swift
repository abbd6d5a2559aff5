import Foundation
import HawalaCore

/// One entry of a tar archive: a regular file or a directory. Links, devices and FIFOs are
/// never written and always refused on reading.
public struct TarEntry: Hashable, Sendable {
    /// The entry's kind.
    public enum Kind: Sendable, Hashable {
        /// A regular file.
        case file
        /// A directory.
        case directory
    }

    /// The path inside the archive, `/`-separated, relative, without a trailing `/`.
    public var path: String
    /// File or directory.
    public var kind: Kind
    /// The file's bytes (empty for a directory).
    public var data: Data

    /// - Parameters:
    ///   - path: relative path without a trailing slash.
    ///   - kind: file or directory.
    ///   - data: the file's bytes.
    public init(path: String, kind: Kind, data: Data = Data()) {
        self.path = path
        self.kind = kind
        self.data = data
    }
}

/// A deterministic POSIX ustar writer (IEEE Std 1003.1-2001 `pax` "ustar Interchange Format")
/// and a strict reader.
///
/// Writing: entries sorted by path (bytewise), owner and group 0 named `root`, mode 0644 for
/// files and 0755 for directories, every mtime the same given time: the same entries and time
/// give the same bytes. Reading: only `ustar` headers (POSIX, or GNU's `ustar  ` magic with the
/// same layout) of regular files and directories; absolute paths, `.`/`..`/empty components,
/// links, devices, FIFOs, pax and GNU extension headers, bad checksums and duplicate paths are
/// refused.
public enum TarArchive {
    static let blockSize = 512

    /// Serialises `entries` deterministically.
    /// - Parameters:
    ///   - entries: files and directories (any order; sorted here). Parent directories are not added.
    ///   - modificationTime: every entry's mtime (UTC seconds since 1970; the export time).
    /// - Returns: the archive, ending with two zero blocks.
    /// - Throws: ``ExportError`` `.invalidRequest` for a path that is unsafe, too long for ustar,
    ///   or duplicated.
    public static func write(_ entries: [TarEntry], modificationTime: Date) throws -> Data {
        let sorted = entries.sorted { Array($0.path.utf8).lexicographicallyPrecedes(Array($1.path.utf8)) }
        var seen = Set<String>()
        var out = Data()
        let mtime = max(0, Int64(modificationTime.timeIntervalSince1970.rounded(.down)))
        for entry in sorted {
            try checkPath(entry.path, code: .invalidRequest)
            guard seen.insert(entry.path).inserted else {
                throw ExportError(.invalidRequest, "duplicate tar path '\(entry.path)'")
            }
            let name = entry.kind == .directory ? entry.path + "/" : entry.path
            let (prefix, shortName) = try split(name)
            var header = [UInt8](repeating: 0, count: blockSize)
            put(&header, 0, 100, Array(shortName.utf8))
            put(&header, 100, 8, octal(entry.kind == .directory ? 0o755 : 0o644, width: 8))
            put(&header, 108, 8, octal(0, width: 8))
            put(&header, 116, 8, octal(0, width: 8))
            put(&header, 124, 12, octal(Int64(entry.kind == .directory ? 0 : entry.data.count), width: 12))
            put(&header, 136, 12, octal(mtime, width: 12))
            header[156] = entry.kind == .directory ? UInt8(ascii: "5") : UInt8(ascii: "0")
            put(&header, 257, 6, Array("ustar\0".utf8))
            put(&header, 263, 2, Array("00".utf8))
            put(&header, 265, 32, Array("root".utf8))
            put(&header, 297, 32, Array("root".utf8))
            put(&header, 329, 8, octal(0, width: 8))
            put(&header, 337, 8, octal(0, width: 8))
            put(&header, 345, 155, Array(prefix.utf8))
            // Checksum: sum of the header with the checksum field as spaces; 6 octal digits, NUL, space.
            for index in 148..<156 { header[index] = 0x20 }
            let sum = header.reduce(0) { $0 + Int64($1) }
            put(&header, 148, 8, Array(String(sum, radix: 8).leftPadded(to: 6).utf8) + [0, 0x20])
            out.append(contentsOf: header)
            if entry.kind == .file {
                out.append(entry.data)
                let remainder = entry.data.count % blockSize
                if remainder != 0 { out.append(Data(count: blockSize - remainder)) }
            }
        }
        out.append(Data(count: 2 * blockSize))
        return out
    }

    /// Parses an archive strictly (see the type's documentation).
    /// - Parameter archive: the tar bytes.
    /// - Returns: the entries in archive order, paths without trailing `/`.
    /// - Throws: ``ExportError`` `.unsafeArchive` naming the entry and what is wrong.
    public static func read(_ archive: Data) throws -> [TarEntry] {
        let bytes = [UInt8](archive)
        var offset = 0
        var entries: [TarEntry] = []
        var seen = Set<String>()
        while true {
            guard offset + blockSize <= bytes.count else {
                throw ExportError(.unsafeArchive, "the tar archive ends without its end-of-archive blocks (truncated?)")
            }
            let header = Array(bytes[offset..<offset + blockSize])
            if header.allSatisfy({ $0 == 0 }) { break }
            let location = SourceLocation(file: "tar", element: "entry \(entries.count + 1) at byte \(offset)")
            func refuse(_ message: String) -> ExportError { ExportError(.unsafeArchive, message, location: location) }
            let magic = Array(header[257..<263])
            guard magic == Array("ustar\0".utf8) || magic == Array("ustar ".utf8) else {
                throw refuse("not a ustar header")
            }
            guard let stored = parseOctal(header[148..<156]) else { throw refuse("bad header checksum field") }
            var check = header
            for index in 148..<156 { check[index] = 0x20 }
            guard check.reduce(0, { $0 + Int64($1) }) == stored else { throw refuse("header checksum mismatch") }
            let name = cString(header[0..<100])
            let prefix = magic == Array("ustar\0".utf8) ? cString(header[345..<500]) : ""
            var path = prefix.isEmpty ? name : prefix + "/" + name
            let type = header[156]
            guard let size = parseOctal(header[124..<136]), size >= 0 else { throw refuse("bad size field for '\(path)'") }
            let kind: TarEntry.Kind
            switch type {
            case 0, UInt8(ascii: "0"), UInt8(ascii: "7"): kind = .file
            case UInt8(ascii: "5"): kind = .directory
            case UInt8(ascii: "1"), UInt8(ascii: "2"): throw refuse("'\(path)' is a link; links are refused")
            case UInt8(ascii: "3"), UInt8(ascii: "4"), UInt8(ascii: "6"):
                throw refuse("'\(path)' is a device or FIFO; refused")
            default:
                throw refuse("'\(path)' has entry type '\(Character(UnicodeScalar(type)))' (pax/GNU extension); "
                    + "only plain ustar files and directories are accepted")
            }
            if kind == .directory, path.hasSuffix("/") { path.removeLast() }
            if path.hasPrefix("./") { path.removeFirst(2) }
            try checkPath(path, code: .unsafeArchive, location: location)
            guard seen.insert(path).inserted else { throw refuse("duplicate entry '\(path)'") }
            offset += blockSize
            let length = kind == .directory ? 0 : Int(size)
            guard length <= bytes.count - offset else { throw refuse("'\(path)' runs past the end of the archive (truncated?)") }
            entries.append(TarEntry(path: path, kind: kind, data: Data(bytes[offset..<offset + length])))
            offset += (length + blockSize - 1) / blockSize * blockSize
        }
        return entries
    }

    /// Refuses absolute paths, empty, `.` and `..` components, backslashes and NULs.
    static func checkPath(_ path: String, code: ExportError.Code, location: SourceLocation? = nil) throws {
        guard !path.isEmpty, !path.hasPrefix("/") else {
            throw ExportError(code, "unsafe path '\(path)': absolute or empty", location: location)
        }
        guard !path.contains("\\"), !path.contains("\0") else {
            throw ExportError(code, "unsafe path '\(path)': backslash or NUL", location: location)
        }
        for component in path.split(separator: "/", omittingEmptySubsequences: false) {
            if component.isEmpty || component == "." || component == ".." {
                throw ExportError(code, "unsafe path '\(path)': empty, '.' or '..' component", location: location)
            }
        }
    }

    /// Splits a name into ustar prefix (≤155 bytes) and name (≤100 bytes).
    static func split(_ name: String) throws -> (String, String) {
        let bytes = Array(name.utf8)
        if bytes.count <= 100 { return ("", name) }
        for index in stride(from: min(bytes.count - 1, 155), through: 1, by: -1) where bytes[index] == UInt8(ascii: "/") {
            if bytes.count - index - 1 <= 100, bytes.count - index - 1 > 0 {
                return (String(decoding: bytes[..<index], as: UTF8.self), String(decoding: bytes[(index + 1)...], as: UTF8.self))
            }
        }
        throw ExportError(.invalidRequest, "path '\(name)' is too long for a ustar archive")
    }

    static func put(_ header: inout [UInt8], _ offset: Int, _ width: Int, _ value: [UInt8]) {
        for (index, byte) in value.prefix(width).enumerated() { header[offset + index] = byte }
    }

    /// Zero-padded octal digits followed by a NUL, `width` bytes in all.
    static func octal(_ value: Int64, width: Int) -> [UInt8] {
        Array(String(value, radix: 8).leftPadded(to: width - 1).utf8) + [0]
    }

    static func parseOctal(_ field: ArraySlice<UInt8>) -> Int64? {
        let text = String(decoding: field.prefix(while: { $0 != 0 }), as: UTF8.self)
            .trimmingCharacters(in: .whitespaces)
        if text.isEmpty { return 0 }
        return Int64(text, radix: 8)
    }

    static func cString(_ field: ArraySlice<UInt8>) -> String {
        String(decoding: field.prefix(while: { $0 != 0 }), as: UTF8.self)
    }
}

extension String {
    func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
