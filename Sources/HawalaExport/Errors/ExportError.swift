import HawalaCore

/// An error of the evidence-package area: building, signing, encrypting, opening and checking
/// packages, and the OpenSSL calls behind them.
///
/// The refusals a receiving agency scripts against have their own exit statuses (see
/// ``ExportError/Code/exitStatus``): 10 cannot decrypt, 11 bad signature or untrusted signer,
/// 12 bag checksum mismatch or malformed bag/tar, 13 not addressed to us.
public struct ExportError: HawalaError, CustomStringConvertible {
    /// What went wrong.
    public enum Code: String, Sendable, CaseIterable {
        /// The package cannot be decrypted with the given key or password, or its
        /// authentication tag does not match (tampered or truncated ciphertext).
        case cannotDecrypt
        /// The signature does not verify, or the signer's chain does not lead to a trusted CA.
        case badSignature
        /// A bag file does not match its checksum, or the bag is incomplete or malformed.
        case checksumMismatch
        /// The tar archive is malformed or holds an unsafe entry (absolute path, `..`, link, device).
        case unsafeArchive
        /// This recipient is not among the recipients named in the signed custody record.
        case notAddressedToUs
        /// The libcrypto in use is older than the minimum this tool accepts (3.0.21).
        case unsupportedOpenSSL
        /// A certificate, key or passphrase could not be read or used.
        case keyMaterial
        /// The request is invalid (bad export id, payload name, missing recipient...).
        case invalidRequest
        /// A file named by the user (certificate, key, passphrase file, package) does not exist
        /// or is a folder (exit 66).
        case missingFile
        /// Reading or writing a file failed.
        case io
        /// An OpenSSL call failed unexpectedly while building a package or certificate.
        case openssl
        /// The package is larger than this tool handles in memory.
        case tooLarge

        /// The exit status the CLI ends with for this code.
        public var exitStatus: ExitStatus {
            switch self {
            case .cannotDecrypt: .cannotDecrypt
            case .badSignature: .badSignature
            case .checksumMismatch, .unsafeArchive: .checksumMismatch
            case .notAddressedToUs: .notAddressedToUs
            case .unsupportedOpenSSL: .failure
            case .keyMaterial: .dataError
            case .invalidRequest: .usage
            case .missingFile: .noInput
            case .io: .ioError
            case .openssl: .software
            case .tooLarge: .dataError
            }
        }
    }

    /// What went wrong.
    public var code: Code
    /// A readable message naming the file or field concerned.
    public var message: String
    /// The OpenSSL error-queue entries drained after the failing call (may be empty: `CMS_decrypt`
    /// leaves the queue empty on purpose).
    public var opensslErrors: [String]
    /// The underlying cause, if any.
    public var underlying: (any Error)?
    /// Where in the input, when known (file, tar entry, bag file).
    public var location: SourceLocation?

    /// Creates an export error.
    /// - Parameters:
    ///   - code: what went wrong.
    ///   - message: a readable message.
    ///   - opensslErrors: drained OpenSSL error strings.
    ///   - underlying: the underlying cause.
    ///   - location: where, when known.
    public init(
        _ code: Code, _ message: String, opensslErrors: [String] = [], underlying: (any Error)? = nil,
        location: SourceLocation? = nil
    ) {
        self.code = code
        self.message = message
        self.opensslErrors = opensslErrors
        self.underlying = underlying
        self.location = location
    }

    /// The exit status for ``code``.
    public var exitStatus: ExitStatus { code.exitStatus }

    /// `"<location>: <message> (OpenSSL: ...)"`.
    public var description: String {
        var text = ""
        if let location { text += "\(location): " }
        text += message
        if !opensslErrors.isEmpty { text += " (OpenSSL: \(opensslErrors.joined(separator: "; ")))" }
        if let underlying { text += " [\(underlying)]" }
        return text
    }
}
