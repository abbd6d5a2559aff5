import COpenSSL
import Foundation
import HawalaCore

/// File digests through OpenSSL's EVP interface (libcrypto 3.0).
public enum FileDigest {
    /// The SHA-256 of a file (FIPS 180-4), read in 1 MiB chunks so memory stays flat.
    /// - Parameter path: the file.
    /// - Returns: the digest as 64 lower-case hex characters, and the number of bytes read.
    /// - Throws: ``IngestError`` `.missingInput` when the file cannot be opened, `.io` when a
    ///   read or the digest fails.
    public static func sha256(path: String) throws(IngestError) -> (hex: String, size: Int64) {
        guard let file = fopen(path, "rb") else {
            let reason = String(cString: strerror(errno))
            throw IngestError(.missingInput, "cannot open the file: \(reason)", location: SourceLocation(file: path))
        }
        defer { fclose(file) }
        guard let context = EVP_MD_CTX_new() else {
            throw IngestError(.io, "OpenSSL could not allocate a digest context", location: SourceLocation(file: path))
        }
        defer { EVP_MD_CTX_free(context) }
        guard EVP_DigestInit_ex(context, EVP_sha256(), nil) == 1 else {
            throw IngestError(.io, "OpenSSL could not start SHA-256", location: SourceLocation(file: path))
        }
        let chunk = 1 << 20
        let buffer = UnsafeMutableRawPointer.allocate(byteCount: chunk, alignment: 16)
        defer { buffer.deallocate() }
        var size: Int64 = 0
        while true {
            let count = fread(buffer, 1, chunk, file)
            if count > 0 {
                guard EVP_DigestUpdate(context, buffer, count) == 1 else {
                    throw IngestError(.io, "OpenSSL SHA-256 update failed", location: SourceLocation(file: path))
                }
                size += Int64(count)
            }
            if count < chunk {
                if ferror(file) != 0 {
                    throw IngestError(.io, "read error after \(size) bytes", location: SourceLocation(file: path))
                }
                break
            }
        }
        var digest = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var length: UInt32 = 0
        guard EVP_DigestFinal_ex(context, &digest, &length) == 1, length == 32 else {
            throw IngestError(.io, "OpenSSL SHA-256 finalisation failed", location: SourceLocation(file: path))
        }
        return (hex(digest.prefix(32)), size)
    }

    /// The SHA-256 of bytes in memory (FIPS 180-4).
    /// - Parameter bytes: the data.
    /// - Returns: 64 lower-case hex characters.
    public static func sha256(bytes: some Collection<UInt8>) -> String {
        var digest = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var length: UInt32 = 0
        let input = Array(bytes)
        let ok = input.withUnsafeBytes { buffer in
            EVP_Digest(buffer.baseAddress, buffer.count, &digest, &length, EVP_sha256(), nil)
        }
        return ok == 1 ? hex(digest.prefix(Int(length))) : ""
    }

    static func hex(_ digest: some Collection<UInt8>) -> String {
        let hexDigits = Array("0123456789abcdef".utf8)
        var hex = [UInt8]()
        hex.reserveCapacity(64)
        for byte in digest {
            hex.append(hexDigits[Int(byte >> 4)])
            hex.append(hexDigits[Int(byte & 0x0f)])
        }
        return String(decoding: hex, as: UTF8.self)
    }
}
