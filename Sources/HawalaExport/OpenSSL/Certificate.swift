import COpenSSL
import Foundation
import HawalaCore

/// An owned X.509 certificate (`X509 *`, freed in `deinit`). Not `Sendable`: each task loads
/// its own.
public final class Certificate {
    /// The owned `X509 *`.
    let pointer: OpaquePointer

    /// Takes ownership of an `X509 *`.
    init(owning pointer: OpaquePointer) { self.pointer = pointer }

    /// Takes a new reference to a borrowed `X509 *` (`X509_up_ref`).
    init(retaining pointer: OpaquePointer) {
        X509_up_ref(pointer)
        self.pointer = pointer
    }

    deinit { X509_free(pointer) }

    /// Parses every certificate in PEM text (one or more `BEGIN CERTIFICATE` blocks) or one
    /// DER certificate.
    /// - Parameters:
    ///   - bytes: the file's content.
    ///   - name: the file's name, for messages.
    /// - Returns: the certificates in file order (at least one).
    /// - Throws: ``ExportError`` `.keyMaterial` when no certificate can be read.
    public static func parseAll(_ bytes: Data, name: String = "certificate") throws -> [Certificate] {
        OpenSSLErrors.clear()
        let bio = try MemoryBIO(copying: bytes)
        var result: [Certificate] = []
        if bytes.starts(with: Array("-----".utf8)) || bytes.range(of: Data("-----BEGIN".utf8)) != nil {
            while let x509 = PEM_read_bio_X509(bio.pointer, nil, nil, nil) {
                result.append(Certificate(owning: x509))
            }
            // The loop ends on "no start line": expected once certificates are read.
            let errors = OpenSSLErrors.drain()
            if result.isEmpty {
                throw ExportError(.keyMaterial, "no PEM certificate in '\(name)'", opensslErrors: errors)
            }
        } else if let x509 = d2i_X509_bio(bio.pointer, nil) {
            result.append(Certificate(owning: x509))
        } else {
            throw OpenSSLErrors.error(.keyMaterial, "'\(name)' is neither a PEM nor a DER certificate")
        }
        return result
    }

    /// Loads every certificate in a PEM or DER file.
    /// - Parameter path: the file's path.
    /// - Returns: the certificates in file order (at least one).
    /// - Throws: ``ExportError`` `.keyMaterial` when the file is unreadable or holds no certificate.
    public static func load(_ path: String) throws -> [Certificate] {
        try parseAll(try readKeyFile(path), name: path)
    }

    /// Loads the one certificate a file holds (the first when it holds several).
    /// - Parameter path: the file's path.
    /// - Throws: ``ExportError`` `.keyMaterial` when the file is unreadable or holds no certificate.
    public static func loadOne(_ path: String) throws -> Certificate {
        try load(path)[0]
    }

    /// The subject in RFC 2253 form, e.g. `CN=Agency B,O=FIU B,C=NL`.
    public var subject: String { Self.nameString(X509_get_subject_name(pointer)) }

    /// The first value of a subject attribute, e.g. `CN` or `O`.
    /// - Parameter shortName: the attribute's short name (`CN`, `O`, `OU`, `C`, `emailAddress`).
    /// - Returns: the UTF-8 value, or nil when the subject has no such attribute.
    public func subjectAttribute(_ shortName: String) -> String? {
        let nid = OBJ_txt2nid(shortName)
        guard nid != NID_undef, let name = X509_get_subject_name(pointer) else { return nil }
        let index = X509_NAME_get_index_by_NID(name, nid, -1)
        guard index >= 0, let entry = X509_NAME_get_entry(name, index),
            let value = X509_NAME_ENTRY_get_data(entry)
        else { return nil }
        var utf8: UnsafeMutablePointer<UInt8>?
        let length = ASN1_STRING_to_UTF8(&utf8, value)
        guard length >= 0, let utf8 else { return nil }
        defer { hawala_OPENSSL_free(utf8) }
        return String(decoding: UnsafeBufferPointer(start: utf8, count: Int(length)), as: UTF8.self)
    }

    /// The issuer in RFC 2253 form.
    public var issuer: String { Self.nameString(X509_get_issuer_name(pointer)) }

    /// The DER encoding.
    public var der: Data {
        var out: UnsafeMutablePointer<UInt8>?
        let count = i2d_X509(pointer, &out)
        guard count > 0, let out else { return Data() }
        defer { hawala_OPENSSL_free(out) }
        return Data(bytes: out, count: Int(count))
    }

    /// The PEM encoding (`-----BEGIN CERTIFICATE-----`).
    public var pem: String {
        guard let bio = try? MemoryBIO(), PEM_write_bio_X509(bio.pointer, pointer) == 1 else { return "" }
        return String(decoding: bio.data, as: UTF8.self)
    }

    /// The SHA-256 of the DER encoding, lowercase hex (what `openssl x509 -fingerprint -sha256`
    /// prints, without colons).
    public var sha256Fingerprint: String { Digest.hex(Digest.sha256(der)) }

    /// The public key's algorithm: `RSA`, `EC` or another OpenSSL name.
    public var keyType: String {
        guard let key = X509_get0_pubkey(pointer) else { return "unknown" }
        switch EVP_PKEY_get_base_id(key) {
        case EVP_PKEY_RSA: return "RSA"
        case EVP_PKEY_EC: return "EC"
        default:
            guard let name = EVP_PKEY_get0_type_name(key) else { return "unknown" }
            return String(cString: name)
        }
    }

    static func nameString(_ name: OpaquePointer?) -> String {
        guard let name, let bio = try? MemoryBIO() else { return "" }
        _ = X509_NAME_print_ex(bio.pointer, name, 0, hawala_XN_FLAG_RFC2253())
        return String(decoding: bio.data, as: UTF8.self)
    }
}

/// Reads a key or certificate file.
/// - Throws: ``ExportError`` `.missingFile` (exit 66) when there is no such file or it is a
///   folder, `.keyMaterial` when it cannot be read.
func readKeyFile(_ path: String) throws -> Data {
    var isFolder: ObjCBool = false
    guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else {
        throw ExportError(.missingFile, "no such file; expected a certificate or key file (PEM, DER or PKCS#12)",
                          location: SourceLocation(file: path))
    }
    guard !isFolder.boolValue else {
        throw ExportError(.missingFile, "is a folder; expected a certificate or key file", location: SourceLocation(file: path))
    }
    do {
        return try Data(contentsOf: URL(fileURLWithPath: path))
    } catch {
        throw ExportError(
            .keyMaterial, "cannot read the file (\((error as NSError).localizedDescription))", location: SourceLocation(file: path))
    }
}

/// An owned `STACK_OF(X509)` whose certificates are owned by the stack (freed with it).
final class CertificateStack {
    /// The owned stack.
    let pointer: OpaquePointer

    /// A stack holding new references to `certificates`.
    /// - Throws: ``ExportError`` `.openssl` when OpenSSL cannot allocate.
    init(_ certificates: [Certificate]) throws {
        pointer = try OpenSSLErrors.require(hawala_sk_X509_new_null(), .openssl, "sk_X509_new_null failed")
        for certificate in certificates {
            X509_up_ref(certificate.pointer)
            if hawala_sk_X509_push(pointer, certificate.pointer) <= 0 {
                X509_free(certificate.pointer)
                throw OpenSSLErrors.error(.openssl, "sk_X509_push failed")
            }
        }
    }

    deinit { hawala_sk_X509_pop_free(pointer) }
}

/// An owned `X509_STORE` of trusted certificates.
final class TrustStore {
    /// The owned store.
    let pointer: OpaquePointer

    /// A store trusting exactly `anchors` (no default paths).
    /// - Throws: ``ExportError`` `.keyMaterial` when no anchor is given or one cannot be added.
    init(_ anchors: [Certificate]) throws {
        guard !anchors.isEmpty else { throw ExportError(.keyMaterial, "no trusted CA certificate given") }
        pointer = try OpenSSLErrors.require(X509_STORE_new(), .openssl, "X509_STORE_new failed")
        for anchor in anchors {
            guard X509_STORE_add_cert(pointer, anchor.pointer) == 1 else {
                X509_STORE_free(pointer)
                throw OpenSSLErrors.error(.keyMaterial, "cannot add trusted certificate \(anchor.subject)")
            }
        }
    }

    deinit { X509_STORE_free(pointer) }
}

/// Message digests through OpenSSL's EVP interface.
enum Digest {
    /// SHA-256 of `data` (32 bytes).
    static func sha256(_ data: Data) -> Data { (try? digest("SHA256", data)) ?? Data() }

    /// The digest of `data` with an OpenSSL digest name (`SHA256`, `SHA512`, `SHA1`, `MD5`).
    /// - Throws: ``ExportError`` `.checksumMismatch` for an unknown algorithm.
    static func digest(_ algorithm: String, _ data: Data) throws -> Data {
        guard let md = EVP_get_digestbyname(algorithm) else {
            throw ExportError(.checksumMismatch, "unsupported checksum algorithm '\(algorithm)'")
        }
        var out = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var length: UInt32 = 0
        let ok = data.withUnsafeBytes { raw in
            EVP_Digest(raw.baseAddress ?? UnsafeRawPointer(bitPattern: 1), raw.count, &out, &length, md, nil)
        }
        guard ok == 1 else { throw OpenSSLErrors.error(.openssl, "EVP_Digest(\(algorithm)) failed") }
        return Data(out.prefix(Int(length)))
    }

    /// Lowercase hex.
    static func hex(_ data: Data) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out = [UInt8]()
        out.reserveCapacity(data.count * 2)
        for byte in data {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0xF)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}
