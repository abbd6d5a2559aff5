import COpenSSL
import HawalaCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// SHA-256 of files, streamed in 1 MiB reads through OpenSSL's EVP interface.
/// Source: FIPS 180-4 (SHA-256); OpenSSL 3.0 `EVP_Digest*`.
public enum FileDigest {
    /// The SHA-256 of a file's bytes.
    /// - Parameter path: the file.
    /// - Returns: 64 lower-case hex digits.
    /// - Throws: ``IngestError`` `.missingInput` when the file cannot be opened, `.io` when reading fails.
    public static func sha256(path: String) throws(IngestError) -> String {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else {
            throw IngestError(.missingInput, "cannot open file: \(String(cString: strerror(errno)))", location: SourceLocation(file: path))
        }
        defer { close(fd) }
        guard let ctx = EVP_MD_CTX_new() else { throw IngestError(.io, "OpenSSL: cannot create a digest context") }
        defer { EVP_MD_CTX_free(ctx) }
        guard EVP_DigestInit_ex(ctx, EVP_sha256(), nil) == 1 else { throw IngestError(.io, "OpenSSL: SHA-256 unavailable") }
        let size = 1 << 20
        let buffer = UnsafeMutableRawPointer.allocate(byteCount: size, alignment: 16)
        defer { buffer.deallocate() }
        while true {
            let n = read(fd, buffer, size)
            if n == 0 { break }
            if n < 0 {
                if errno == EINTR { continue }
                throw IngestError(.io, "read failed: \(String(cString: strerror(errno)))", location: SourceLocation(file: path))
            }
            guard EVP_DigestUpdate(ctx, buffer, n) == 1 else { throw IngestError(.io, "OpenSSL: digest update failed") }
        }
        var digest = [UInt8](repeating: 0, count: 32)
        var length: UInt32 = 0
        guard EVP_DigestFinal_ex(ctx, &digest, &length) == 1 else { throw IngestError(.io, "OpenSSL: digest failed") }
        let hex: [Character] = Array("0123456789abcdef")
        var text = ""
        text.reserveCapacity(64)
        for byte in digest.prefix(Int(length)) {
            text.append(hex[Int(byte >> 4)])
            text.append(hex[Int(byte & 0xF)])
        }
        return text
    }
}
