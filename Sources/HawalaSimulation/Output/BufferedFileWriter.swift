import Foundation
import HawalaCore

/// Appends bytes to a file through a 1 MiB buffer, so millions of rows stream to disk
/// without holding them in memory.
final class BufferedFileWriter {
    private let handle: FileHandle
    private var buffer: [UInt8] = []
    private let capacity: Int
    let path: String

    /// Creates (or truncates) the file.
    /// - Parameters:
    ///   - url: the file.
    ///   - capacity: bytes buffered before a write.
    /// - Throws: ``SimulationError`` `io` when the file cannot be created.
    init(url: URL, capacity: Int = 1 << 20) throws {
        path = url.path
        guard FileManager.default.createFile(atPath: url.path, contents: nil) else {
            throw SimulationError(.io, "cannot create the file", location: SourceLocation(file: url.path))
        }
        do { handle = try FileHandle(forWritingTo: url) } catch {
            throw SimulationError(.io, "cannot open the file for writing", location: SourceLocation(file: url.path),
                                  underlying: error)
        }
        self.capacity = capacity
        buffer.reserveCapacity(capacity + 4096)
    }

    /// Appends text.
    @inline(__always) func write(_ text: String) throws {
        var text = text
        text.withUTF8 { buffer.append(contentsOf: $0) }
        if buffer.count >= capacity { try flush() }
    }

    /// Appends bytes.
    @inline(__always) func write(bytes: [UInt8]) throws {
        buffer.append(contentsOf: bytes)
        if buffer.count >= capacity { try flush() }
    }

    /// Appends one byte.
    @inline(__always) func write(byte: UInt8) {
        buffer.append(byte)
    }

    /// Appends a non-negative integer in decimal, left-padded with zeros to `width` digits.
    @inline(__always) func write(decimal value: UInt64, width: Int = 0) {
        let first = buffer.count
        var v = value
        repeat {
            buffer.append(UInt8(truncatingIfNeeded: v % 10) &+ 48)
            v /= 10
        } while v > 0
        while buffer.count - first < width { buffer.append(48) }
        buffer[first..<buffer.count].reverse()
    }

    private static let hexDigits: [UInt8] = Array("0123456789ABCDEF".utf8)

    /// Appends the low `nibbles` hex digits of `value`, upper-case.
    @inline(__always) func write(hex value: UInt64, nibbles: Int) {
        for i in stride(from: nibbles - 1, through: 0, by: -1) {
            buffer.append(Self.hexDigits[Int((value >> (UInt64(i) * 4)) & 0xF)])
        }
    }

    /// Appends an amount in minor units as plain decimal text with `digits` decimals
    /// (the same text as ``Money/plainText``).
    @inline(__always) func write(minor: Int64, digits: Int, factor: UInt64) {
        if minor < 0 { buffer.append(45) }
        let magnitude = minor.magnitude
        guard digits > 0 else { return write(decimal: magnitude) }
        write(decimal: magnitude / factor)
        buffer.append(46)
        write(decimal: magnitude % factor, width: digits)
    }

    /// Writes the buffer if it is full.
    @inline(__always) func flushIfFull() throws {
        if buffer.count >= capacity { try flush() }
    }

    /// Writes the buffered bytes to the file.
    /// - Throws: ``SimulationError`` `io`.
    func flush() throws {
        guard !buffer.isEmpty else { return }
        do { try handle.write(contentsOf: buffer) } catch {
            throw SimulationError(.io, "write failed", location: SourceLocation(file: path), underlying: error)
        }
        buffer.removeAll(keepingCapacity: true)
    }

    /// Flushes and closes the file.
    /// - Throws: ``SimulationError`` `io`.
    func close() throws {
        try flush()
        do { try handle.close() } catch {
            throw SimulationError(.io, "close failed", location: SourceLocation(file: path), underlying: error)
        }
    }
}
