import COpenSSL
import Foundation
import HawalaCore

/// Helpers around the OpenSSL error queue (which is per thread: drain it on the thread that
/// made the failing call, right after the call).
enum OpenSSLErrors {
    /// Empties the calling thread's error queue before a call whose failure we want to explain.
    static func clear() { ERR_clear_error() }

    /// Drains the calling thread's error queue into readable strings, oldest first.
    /// - Returns: one `error:...:reason` string per queued error (empty when the queue was empty).
    static func drain() -> [String] {
        var result: [String] = []
        var buffer = [CChar](repeating: 0, count: 256)
        while true {
            var data: UnsafePointer<CChar>?
            var flags: Int32 = 0
            let code = ERR_get_error_all(nil, nil, nil, &data, &flags)
            if code == 0 { break }
            ERR_error_string_n(code, &buffer, buffer.count)
            var text = String(decoding: buffer.prefix(while: { $0 != 0 }).map { UInt8(bitPattern: $0) }, as: UTF8.self)
            // The detail OpenSSL attaches, e.g. "Verify error: unable to get local issuer certificate".
            if flags & ERR_TXT_STRING != 0, let data, data.pointee != 0 { text += " (\(String(cString: data)))" }
            result.append(text)
        }
        return result
    }

    /// Builds an ``ExportError`` carrying the drained error queue.
    /// - Parameters:
    ///   - code: the error code.
    ///   - message: what failed.
    ///   - location: where, when known.
    /// - Returns: the error (the queue is empty afterwards).
    static func error(_ code: ExportError.Code, _ message: String, location: SourceLocation? = nil) -> ExportError {
        ExportError(code, message, opensslErrors: drain(), location: location)
    }

    /// Throws when an OpenSSL status return is not 1 (or, with `positive`, not > 0).
    /// - Parameters:
    ///   - status: the call's return value.
    ///   - code: the error code to throw.
    ///   - message: what failed.
    /// - Throws: ``ExportError`` with the drained queue.
    static func check(_ status: Int32, _ code: ExportError.Code = .openssl, _ message: @autoclosure () -> String) throws {
        if status <= 0 { throw error(code, message()) }
    }

    /// Unwraps a pointer an OpenSSL constructor returned.
    /// - Throws: ``ExportError`` with the drained queue when `pointer` is nil.
    static func require<T>(_ pointer: T?, _ code: ExportError.Code = .openssl, _ message: @autoclosure () -> String) throws -> T {
        guard let pointer else { throw error(code, message()) }
        return pointer
    }
}

/// The libcrypto this process runs with, and the minimum it accepts for opening packages.
public enum OpenSSLRuntime {
    /// 3.0.21: the first 3.0 release with the fix for forged AuthEnvelopedData, and (with 3.0.22)
    /// not writing unauthenticated plaintext when a GCM tag check fails. `OPENSSL_VERSION_NUMBER`
    /// layout `0xMNN00PP0`.
    public static let minimumVersionNumber: UInt = 0x3000_0150

    /// The runtime libcrypto's version number (`OpenSSL_version_num()`).
    public static var versionNumber: UInt { UInt(hawala_openssl_version_num()) }

    /// The runtime libcrypto's version text, e.g. `OpenSSL 3.0.22 25 Aug 2026`.
    public static var versionText: String {
        guard let text = OpenSSL_version(Int32(OPENSSL_VERSION)) else { return "unknown" }
        return String(cString: text)
    }

    /// Refuses to go on with a libcrypto older than ``minimumVersionNumber``.
    /// - Parameter versionNumber: the version to check (the runtime's by default; tests pass others).
    /// - Throws: ``ExportError`` `.unsupportedOpenSSL` naming the version found and the one needed.
    public static func requireSupportedVersion(_ versionNumber: UInt = OpenSSLRuntime.versionNumber) throws {
        guard versionNumber >= minimumVersionNumber else {
            throw ExportError(
                .unsupportedOpenSSL,
                "libcrypto \(format(versionNumber)) is too old to open evidence packages safely: 3.0.21 or later is "
                    + "needed (forged AuthEnvelopedData and unauthenticated-plaintext fixes). On Debian 12 install "
                    + "the security update: apt-get update && apt-get install -y libssl3 openssl libssl-dev")
        }
    }

    /// `0x30000160` → `3.0.22`.
    static func format(_ number: UInt) -> String {
        "\((number >> 28) & 0xF).\((number >> 20) & 0xFF).\((number >> 4) & 0xFF)"
    }
}
