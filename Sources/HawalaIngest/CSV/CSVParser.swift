import HawalaCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// A streaming, byte-level RFC 4180 CSV parser.
///
/// Reads its input in chunks (``defaultChunkSize`` bytes, 1 MiB) into one buffer that grows
/// only when a single record is longer than it, so memory stays constant in the file size.
/// Accepts everything RFC 4180 defines (fields in double quotes, embedded delimiters, doubled
/// quotes `""`, embedded CR/LF) plus the usual leniencies:
/// - records end with LF, CRLF or a lone CR; the last record may lack a terminator;
/// - a UTF-8 byte-order mark (`EF BB BF`) at the start of the input is skipped;
/// - completely empty lines are skipped (a record with one empty field is written `""`);
/// - a quote inside an unquoted field, or text after a closing quote, is kept literally.
///
/// A quoted field still open at the end of the input is an ``IngestError`` (`.malformed`)
/// naming the file and the line where the record starts.
///
/// Use: call ``nextRecord()`` until it returns `false`; between calls read the current record
/// with ``fieldCount``, ``withField(_:_:)``, ``string(at:encoding:)``, ``line`` and
/// ``rawRecord(encoding:)``. Field bytes are unescaped (no surrounding quotes, `""` → `"`).
///
/// Source: RFC 4180, "Common Format and MIME Type for Comma-Separated Values (CSV) Files".
public final class CSVParser {
    /// The default read size: 1 MiB.
    public static let defaultChunkSize = 1 << 20

    /// The file path as given (or a label for in-memory input), for error messages.
    public let path: String
    /// The field delimiter byte (`,`, `;` or tab).
    public let delimiter: UInt8

    private let fd: Int32  // -1 for in-memory input
    private let chunkSize: Int
    private var buffer: UnsafeMutablePointer<UInt8>
    private var capacity: Int
    private var start = 0
    private var end = 0
    private var discarded: Int64 = 0
    private var eof = false
    private var checkedBOM = false

    private var fieldBytes: UnsafeMutablePointer<UInt8>
    private var fieldBytesCapacity: Int
    private var fieldBytesCount = 0
    private var fieldEnds: UnsafeMutablePointer<Int>
    private var fieldEndsCapacity: Int

    /// The number of fields of the current record.
    public private(set) var fieldCount = 0
    /// The 1-based line on which the current record starts.
    public private(set) var line = 0
    private var nextLine = 1
    private var rawStart = 0
    private var rawEnd = 0

    /// Opens a file for reading.
    /// - Parameters:
    ///   - path: the file's path.
    ///   - delimiter: the field delimiter byte, e.g. `UInt8(ascii: ";")`.
    ///   - chunkSize: bytes per read (tests inject tiny sizes to cross chunk boundaries).
    /// - Throws: ``IngestError`` `.missingInput` when the file does not exist or cannot be
    ///   opened, `.io` for other open failures.
    public init(path: String, delimiter: UInt8 = UInt8(ascii: ","), chunkSize: Int = CSVParser.defaultChunkSize)
        throws(IngestError)
    {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else {
            let err = errno
            let reason = String(cString: strerror(err))
            if err == ENOENT || err == EACCES || err == ENOTDIR {
                throw IngestError(.missingInput, "cannot open file: \(reason)", location: SourceLocation(file: path))
            }
            throw IngestError(.io, "cannot open file: \(reason)", location: SourceLocation(file: path))
        }
        self.fd = fd
        self.path = path
        self.delimiter = delimiter
        self.chunkSize = max(1, chunkSize)
        self.capacity = max(4, self.chunkSize)
        self.buffer = .allocate(capacity: capacity)
        self.fieldBytesCapacity = 256
        self.fieldBytes = .allocate(capacity: fieldBytesCapacity)
        self.fieldEndsCapacity = 32
        self.fieldEnds = .allocate(capacity: fieldEndsCapacity)
    }

    /// Parses bytes held in memory (used by tests and the fuzz target).
    /// - Parameters:
    ///   - bytes: the whole input.
    ///   - delimiter: the field delimiter byte.
    ///   - label: a name for error messages.
    public init(bytes: some Collection<UInt8>, delimiter: UInt8 = UInt8(ascii: ","), label: String = "<memory>") {
        self.fd = -1
        self.path = label
        self.delimiter = delimiter
        self.chunkSize = max(1, bytes.count)
        self.capacity = max(4, bytes.count)
        self.buffer = .allocate(capacity: capacity)
        _ = UnsafeMutableBufferPointer(start: buffer, count: capacity).initialize(from: bytes)
        self.end = bytes.count
        self.eof = true
        self.fieldBytesCapacity = 256
        self.fieldBytes = .allocate(capacity: fieldBytesCapacity)
        self.fieldEndsCapacity = 32
        self.fieldEnds = .allocate(capacity: fieldEndsCapacity)
    }

    deinit {
        if fd >= 0 { close(fd) }
        buffer.deallocate()
        fieldBytes.deallocate()
        fieldEnds.deallocate()
    }

    /// Bytes of the input consumed so far (up to the end of the current record), for progress.
    public var bytesRead: Int64 { discarded + Int64(start) }

    // MARK: Reading the current record

    /// Calls `body` with the unescaped bytes of field `index` of the current record.
    /// - Parameters:
    ///   - index: 0-based field index, below ``fieldCount``.
    ///   - body: receives the bytes; they are valid only during the call.
    /// - Returns: what `body` returns.
    @inline(__always)
    public func withField<R>(_ index: Int, _ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
        precondition(index >= 0 && index < fieldCount, "field index out of range")
        let lower = index == 0 ? 0 : fieldEnds[index - 1]
        return try body(UnsafeBufferPointer(start: fieldBytes + lower, count: fieldEnds[index] - lower))
    }

    /// The byte length of field `index` of the current record.
    /// - Parameter index: 0-based field index, below ``fieldCount``.
    /// - Returns: the number of bytes after unescaping.
    public func fieldLength(_ index: Int) -> Int {
        precondition(index >= 0 && index < fieldCount, "field index out of range")
        return fieldEnds[index] - (index == 0 ? 0 : fieldEnds[index - 1])
    }

    /// Field `index` of the current record decoded as text.
    /// - Parameters:
    ///   - index: 0-based field index, below ``fieldCount``.
    ///   - encoding: how to decode the bytes.
    /// - Returns: the text, or `nil` when `encoding` is UTF-8 and the bytes are not valid UTF-8.
    public func string(at index: Int, encoding: TextEncoding = .utf8) -> String? {
        withField(index) { Self.decode($0, encoding: encoding) }
    }

    /// Every field of the current record, decoded lossily (invalid UTF-8 becomes U+FFFD).
    /// - Parameter encoding: how to decode the bytes.
    /// - Returns: the fields in order.
    public func fields(encoding: TextEncoding = .utf8) -> [String] {
        (0..<fieldCount).map { i in
            withField(i) { bytes in Self.decode(bytes, encoding: encoding) ?? String(decoding: bytes, as: UTF8.self) }
        }
    }

    /// The fields of the current record as byte arrays (used by the fuzz target).
    /// - Returns: the unescaped bytes of each field, in order.
    public func fieldByteArrays() -> [[UInt8]] {
        (0..<fieldCount).map { i in withField(i) { Array($0) } }
    }

    /// The current record's text as it appears in the input (quotes and embedded newlines
    /// included, the terminator excluded), for the rejects table.
    /// - Parameter encoding: how to decode the bytes (an invalid byte is written `\xHH`).
    /// - Returns: the raw record.
    public func rawRecord(encoding: TextEncoding = .utf8) -> String {
        let bytes = UnsafeBufferPointer(start: buffer + rawStart, count: rawEnd - rawStart)
        return Self.decode(bytes, encoding: encoding) ?? encoding.escapedText(bytes)
    }

    /// The current record's exact bytes as they appear in the input (terminator excluded).
    /// - Returns: the bytes.
    public func rawRecordBytes() -> [UInt8] {
        Array(UnsafeBufferPointer(start: buffer + rawStart, count: rawEnd - rawStart))
    }

    /// The current record's first byte not valid in `encoding`: its 0-based offset in the
    /// input (a byte-order mark counts) and its value.
    /// - Parameter encoding: the declared encoding.
    /// - Returns: the offset and byte, or `nil` when the record is valid.
    public func firstInvalidByte(encoding: TextEncoding) -> (offset: Int64, byte: UInt8)? {
        let bytes = UnsafeBufferPointer(start: buffer + rawStart, count: rawEnd - rawStart)
        guard let i = encoding.firstInvalidByte(bytes) else { return nil }
        return (discarded + Int64(rawStart + i), bytes[i])
    }

    /// Decodes bytes as text.
    /// - Parameters:
    ///   - bytes: the bytes.
    ///   - encoding: UTF-8 (validated) or Windows-1252 (transcoded).
    /// - Returns: the text, or `nil` for invalid UTF-8 or a byte Windows-1252 leaves undefined.
    @inline(__always)
    public static func decode(_ bytes: UnsafeBufferPointer<UInt8>, encoding: TextEncoding) -> String? {
        // ASCII (the common case) decodes the same in both encodings.
        var high: UInt8 = 0
        for b in bytes { high |= b }
        if high < 0x80 { return String(decoding: bytes, as: UTF8.self) }
        switch encoding {
        case .utf8:
            // `String(decoding:)` repairs invalid input with U+FFFD; the bytes differ exactly
            // when the input was not valid UTF-8.
            let text = String(decoding: bytes, as: UTF8.self)
            return text.utf8.elementsEqual(bytes) ? text : nil
        case .windows1252:
            var scalars = String.UnicodeScalarView()
            for b in bytes {
                if b >= 0x80 && b <= 0x9F {
                    let value = TextEncoding.windows1252High[Int(b - 0x80)]
                    guard value != 0, let scalar = Unicode.Scalar(value) else { return nil }
                    scalars.append(scalar)
                } else {
                    scalars.append(Unicode.Scalar(b))
                }
            }
            return String(scalars)
        }
    }

    // MARK: Parsing

    private enum Step {
        case record(next: Int, lines: Int)
        case needMore
    }

    /// Advances to the next record.
    /// - Returns: `true` when a record was read, `false` at the end of the input.
    /// - Throws: ``IngestError`` `.malformed` for a quoted field open at the end of the input
    ///   (naming the file and the record's first line), `.io` when reading fails.
    public func nextRecord() throws(IngestError) -> Bool {
        if !checkedBOM {
            while end - start < 3 && !eof { try fill() }
            if end - start >= 3 && buffer[start] == 0xEF && buffer[start + 1] == 0xBB && buffer[start + 2] == 0xBF {
                start += 3
            }
            checkedBOM = true
        }
        while true {
            // Skip empty lines.
            while true {
                if start == end {
                    if eof { return false }
                    try fill()
                    continue
                }
                let c = buffer[start]
                if c == 0x0A {
                    start += 1
                    nextLine += 1
                } else if c == 0x0D {
                    if start + 1 == end && !eof {
                        try fill()
                        continue
                    }
                    start += (start + 1 < end && buffer[start + 1] == 0x0A) ? 2 : 1
                    nextLine += 1
                } else {
                    break
                }
            }
            switch try parse() {
            case .needMore:
                try fill()
            case .record(let next, let lines):
                line = nextLine
                nextLine += lines
                rawStart = start
                start = next
                return true
            }
        }
    }

    /// Reads more input after compacting the buffer; grows it when one record fills it.
    private func fill() throws(IngestError) {
        guard !eof else { return }
        if start > 0 {
            discarded += Int64(start)
            let remaining = end - start
            if remaining > 0 { (buffer).update(from: buffer + start, count: remaining) }
            end = remaining
            rawStart = 0
            rawEnd = 0
            start = 0
        }
        if end == capacity {
            let newCapacity = capacity * 2
            let newBuffer = UnsafeMutablePointer<UInt8>.allocate(capacity: newCapacity)
            newBuffer.initialize(from: buffer, count: end)
            buffer.deallocate()
            buffer = newBuffer
            capacity = newCapacity
        }
        let want = min(chunkSize, capacity - end)
        while true {
            let n = read(fd, buffer + end, want)
            if n > 0 {
                end += n
                return
            }
            if n == 0 {
                eof = true
                return
            }
            if errno == EINTR { continue }
            let reason = String(cString: strerror(errno))
            throw IngestError(.io, "read failed: \(reason)", location: SourceLocation(file: path, line: nextLine))
        }
    }

    @inline(__always)
    private func appendField(_ from: UnsafeMutablePointer<UInt8>, _ count: Int) {
        if count == 0 { return }
        if fieldBytesCount + count > fieldBytesCapacity {
            var newCapacity = fieldBytesCapacity * 2
            while newCapacity < fieldBytesCount + count { newCapacity *= 2 }
            let grown = UnsafeMutablePointer<UInt8>.allocate(capacity: newCapacity)
            grown.initialize(from: fieldBytes, count: fieldBytesCount)
            fieldBytes.deallocate()
            fieldBytes = grown
            fieldBytesCapacity = newCapacity
        }
        (fieldBytes + fieldBytesCount).initialize(from: from, count: count)
        fieldBytesCount += count
    }

    @inline(__always)
    private func endField() {
        if fieldCount == fieldEndsCapacity {
            let newCapacity = fieldEndsCapacity * 2
            let grown = UnsafeMutablePointer<Int>.allocate(capacity: newCapacity)
            grown.initialize(from: fieldEnds, count: fieldCount)
            fieldEnds.deallocate()
            fieldEnds = grown
            fieldEndsCapacity = newCapacity
        }
        fieldEnds[fieldCount] = fieldBytesCount
        fieldCount += 1
    }

    /// Parses one record starting at `start` (not an empty line). Restarted from scratch
    /// when the buffer ends before the record does.
    private func parse() throws(IngestError) -> Step {
        let buf = buffer
        let end = self.end
        let eof = self.eof
        let delim = delimiter
        let quote: UInt8 = 0x22
        let lf: UInt8 = 0x0A
        let cr: UInt8 = 0x0D
        var p = start
        var lines = 0
        fieldCount = 0
        fieldBytesCount = 0

        while true {
            // At the start of a field.
            if p == end {
                if !eof { return .needMore }
                endField()
                rawEnd = p
                return .record(next: p, lines: lines)
            }
            if buf[p] == quote {
                p += 1
                while true {
                    var q = p
                    while q < end {
                        let c = buf[q]
                        if c == quote { break }
                        if c == lf { lines += 1 }
                        q += 1
                    }
                    if q == end {
                        if !eof { return .needMore }
                        throw IngestError(
                            .malformed,
                            "a quoted field is still open at the end of the file (expected a closing '\"')",
                            location: SourceLocation(file: path, line: nextLine))
                    }
                    appendField(buf + p, q - p)
                    if q + 1 == end && !eof { return .needMore }
                    if q + 1 < end && buf[q + 1] == quote {
                        appendField(buf + q, 1)
                        p = q + 2
                        continue
                    }
                    p = q + 1
                    break
                }
            }
            // Unquoted text (or text after a closing quote, kept literally).
            var q = p
            while q < end {
                let c = buf[q]
                if c == delim || c == lf || c == cr { break }
                q += 1
            }
            appendField(buf + p, q - p)
            p = q
            if p == end {
                if !eof { return .needMore }
                endField()
                rawEnd = p
                return .record(next: p, lines: lines)
            }
            let c = buf[p]
            endField()
            if c == delim {
                p += 1
                continue
            }
            rawEnd = p
            if c == lf {
                return .record(next: p + 1, lines: lines + 1)
            }
            // CR: CRLF or a lone CR.
            if p + 1 == end {
                if !eof { return .needMore }
                return .record(next: p + 1, lines: lines + 1)
            }
            return .record(next: buf[p + 1] == lf ? p + 2 : p + 1, lines: lines + 1)
        }
    }
}
