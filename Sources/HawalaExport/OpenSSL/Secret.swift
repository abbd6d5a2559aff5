import COpenSSL
import Foundation
import HawalaCore

/// Key material (a passphrase or package password) held in memory that is zeroed when the
/// object goes away. Read from a file or an environment variable, never from the command line;
/// never logged (its `description` hides the bytes); never written anywhere.
public final class Secret: CustomStringConvertible {
    /// The bytes, followed by one NUL (so OpenSSL's default passphrase callback can read them).
    private let storage: UnsafeMutableRawBufferPointer
    /// The number of secret bytes (excluding the trailing NUL).
    public let count: Int

    /// Takes a copy of `bytes`, dropping one trailing `\n` or `\r\n`; zeroes `bytes` when it is
    /// a `var` the caller passes in with `&`.
    /// - Parameter bytes: the secret bytes.
    public init(bytes: inout [UInt8]) {
        var length = bytes.count
        if length > 0, bytes[length - 1] == 0x0A { length -= 1 }
        if length > 0, bytes[length - 1] == 0x0D { length -= 1 }
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: length + 1, alignment: 1)
        buffer.initializeMemory(as: UInt8.self, repeating: 0)
        bytes.withUnsafeBytes { src in
            if length > 0 { buffer.baseAddress!.copyMemory(from: src.baseAddress!, byteCount: length) }
        }
        storage = buffer
        count = length
        bytes.withUnsafeMutableBytes { raw in
            if let base = raw.baseAddress { OPENSSL_cleanse(base, raw.count) }
        }
    }

    /// Reads a secret from the first line of a file (a trailing newline is dropped).
    /// - Parameter path: the file's path.
    /// - Returns: the secret.
    /// - Throws: ``ExportError`` `.missingFile` when there is no such file, `.keyMaterial` when
    ///   it cannot be read or is empty.
    public static func fromFile(_ path: String) throws -> Secret {
        guard FileManager.default.fileExists(atPath: path) else {
            throw ExportError(.missingFile, "no such file; expected a passphrase file (first line)", location: SourceLocation(file: path))
        }
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw ExportError(.keyMaterial, "cannot read the passphrase file '\(path)'")
        }
        defer { try? handle.close() }
        var bytes: [UInt8]
        do {
            var data = try handle.readToEnd() ?? Data()
            bytes = [UInt8](data)
            data.withUnsafeMutableBytes { raw in
                if let base = raw.baseAddress { OPENSSL_cleanse(base, raw.count) }
            }
        } catch {
            throw ExportError(.keyMaterial, "cannot read the passphrase file '\(path)'", underlying: error)
        }
        let secret = Secret(bytes: &bytes)
        if secret.count == 0 { throw ExportError(.keyMaterial, "the passphrase file '\(path)' is empty") }
        return secret
    }

    /// Reads a secret from an environment variable.
    /// - Parameter name: the variable's name.
    /// - Returns: the secret.
    /// - Throws: ``ExportError`` `.keyMaterial` when the variable is unset or empty.
    public static func fromEnvironment(_ name: String) throws -> Secret {
        guard let value = getenv(name) else {
            throw ExportError(.keyMaterial, "the environment variable '\(name)' is not set")
        }
        var bytes = [UInt8](UnsafeRawBufferPointer(start: value, count: strlen(value)))
        let secret = Secret(bytes: &bytes)
        if secret.count == 0 { throw ExportError(.keyMaterial, "the environment variable '\(name)' is empty") }
        return secret
    }

    deinit {
        OPENSSL_cleanse(storage.baseAddress, storage.count)
        storage.deallocate()
    }

    /// Lends the NUL-terminated bytes to `body` (do not keep the pointer).
    func withCString<R>(_ body: (UnsafePointer<CChar>) throws -> R) rethrows -> R {
        try body(storage.baseAddress!.assumingMemoryBound(to: CChar.self))
    }

    /// Lends the secret bytes (without the trailing NUL) to `body`; do not keep or copy them.
    /// - Parameter body: reads the bytes.
    /// - Returns: what `body` returns.
    public func withUnsafeBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        try body(UnsafeRawBufferPointer(start: storage.baseAddress, count: count))
    }

    /// A copy in memory from `OPENSSL_malloc`, for OpenSSL calls that take ownership (`add0`).
    /// - Throws: ``ExportError`` `.openssl` when OpenSSL cannot allocate.
    func opensslCopy() throws -> UnsafeMutableRawPointer {
        guard let copy = hawala_OPENSSL_malloc(max(count, 1)) else {
            throw ExportError(.openssl, "OPENSSL_malloc failed")
        }
        copy.copyMemory(from: storage.baseAddress!, byteCount: count)
        return copy
    }

    /// Never shows the secret.
    public var description: String { "Secret(\(count) bytes, hidden)" }
}
