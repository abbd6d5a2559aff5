import COpenSSL
import Foundation
import HawalaCore

/// An owned private key (`EVP_PKEY *`, freed in `deinit`). Not `Sendable`: each task loads its own.
public final class PrivateKey {
    /// The owned `EVP_PKEY *`.
    let pointer: OpaquePointer

    /// Takes ownership of an `EVP_PKEY *`.
    init(owning pointer: OpaquePointer) { self.pointer = pointer }

    deinit { EVP_PKEY_free(pointer) }

    /// Parses a private key: PEM (PKCS#8, traditional RSA/EC, encrypted or not) or PKCS#12
    /// (`.p12`/`.pfx`, DER).
    /// - Parameters:
    ///   - bytes: the file's content.
    ///   - passphrase: the passphrase of an encrypted PEM key or of the PKCS#12 file; never
    ///     prompted for (no terminal prompt even when it is missing).
    ///   - name: the file's name, for messages.
    /// - Returns: the key.
    /// - Throws: ``ExportError`` `.keyMaterial` when the key cannot be read or the passphrase is wrong.
    public static func parse(_ bytes: Data, passphrase: Secret?, name: String = "key") throws -> PrivateKey {
        try parseWithCertificates(bytes, passphrase: passphrase, name: name).key
    }

    /// Parses a private key and, from a PKCS#12 file, the certificate and chain it carries.
    /// - Parameters:
    ///   - bytes: the file's content (PEM key or PKCS#12).
    ///   - passphrase: the passphrase, if the key or file is protected.
    ///   - name: the file's name, for messages.
    /// - Returns: the key, the PKCS#12 certificate (nil for PEM) and the PKCS#12 CA certificates.
    /// - Throws: ``ExportError`` `.keyMaterial` when the key cannot be read or the passphrase is wrong.
    public static func parseWithCertificates(
        _ bytes: Data, passphrase: Secret?, name: String = "key"
    ) throws -> (key: PrivateKey, certificate: Certificate?, chain: [Certificate]) {
        OpenSSLErrors.clear()
        let bio = try MemoryBIO(copying: bytes, secure: true)
        let isPEM = bytes.range(of: Data("-----BEGIN".utf8)) != nil
        if isPEM {
            // A non-NULL user data makes the default callback use it instead of prompting.
            let key: OpaquePointer? =
                if let passphrase {
                    passphrase.withCString { pass in
                        PEM_read_bio_PrivateKey(bio.pointer, nil, nil, UnsafeMutableRawPointer(mutating: pass))
                    }
                } else {
                    "".withCString { empty in
                        PEM_read_bio_PrivateKey(bio.pointer, nil, nil, UnsafeMutableRawPointer(mutating: empty))
                    }
                }
            guard let key else {
                throw OpenSSLErrors.error(
                    .keyMaterial,
                    passphrase == nil
                        ? "cannot read the private key '\(name)' (if it is encrypted, give its passphrase file or variable)"
                        : "cannot read the private key '\(name)' (wrong passphrase?)")
            }
            return (PrivateKey(owning: key), nil, [])
        }
        guard let p12 = d2i_PKCS12_bio(bio.pointer, nil) else {
            throw OpenSSLErrors.error(.keyMaterial, "'\(name)' is neither a PEM private key nor a PKCS#12 file")
        }
        defer { PKCS12_free(p12) }
        var key: OpaquePointer?
        var cert: OpaquePointer?
        var ca: OpaquePointer?
        let ok =
            if let passphrase {
                passphrase.withCString { PKCS12_parse(p12, $0, &key, &cert, &ca) }
            } else {
                PKCS12_parse(p12, "", &key, &cert, &ca)
            }
        guard ok == 1, let key else {
            if let key { EVP_PKEY_free(key) }
            if let cert { X509_free(cert) }
            if let ca { hawala_sk_X509_pop_free(ca) }
            throw OpenSSLErrors.error(.keyMaterial, "cannot read the PKCS#12 file '\(name)' (wrong passphrase?)")
        }
        var chain: [Certificate] = []
        if let ca {
            for index in 0..<hawala_sk_X509_num(ca) {
                if let x509 = hawala_sk_X509_value(ca, index) { chain.append(Certificate(retaining: x509)) }
            }
            hawala_sk_X509_pop_free(ca)
        }
        return (PrivateKey(owning: key), cert.map { Certificate(owning: $0) }, chain)
    }

    /// Loads a private key file (PEM or PKCS#12).
    /// - Parameters:
    ///   - path: the file's path.
    ///   - passphrase: its passphrase, if protected.
    /// - Throws: ``ExportError`` `.keyMaterial` when it cannot be read.
    public static func load(_ path: String, passphrase: Secret?) throws -> PrivateKey {
        try loadWithCertificates(path, passphrase: passphrase).key
    }

    /// Loads a private key file and, from PKCS#12, its certificate and chain (see
    /// ``parseWithCertificates(_:passphrase:name:)``). The file's bytes are zeroed after parsing.
    /// - Parameters:
    ///   - path: the file's path.
    ///   - passphrase: its passphrase, if protected.
    /// - Throws: ``ExportError`` `.keyMaterial` when it cannot be read.
    public static func loadWithCertificates(
        _ path: String, passphrase: Secret?
    ) throws -> (key: PrivateKey, certificate: Certificate?, chain: [Certificate]) {
        var bytes = try readKeyFile(path)
        defer { bytes.withUnsafeMutableBytes { if let base = $0.baseAddress { OPENSSL_cleanse(base, $0.count) } } }
        return try parseWithCertificates(bytes, passphrase: passphrase, name: path)
    }

    /// Unencrypted PKCS#8 PEM (`-----BEGIN PRIVATE KEY-----`), for test material only.
    /// - Throws: ``ExportError`` `.openssl` when OpenSSL cannot encode it.
    func unencryptedPEM() throws -> Data {
        let bio = try MemoryBIO(secure: true)
        try OpenSSLErrors.check(
            PEM_write_bio_PrivateKey(bio.pointer, pointer, nil, nil, 0, nil, nil), .openssl, "PEM_write_bio_PrivateKey failed")
        return bio.data
    }

    /// Whether this key is the private half of `certificate`'s public key.
    func matches(_ certificate: Certificate) -> Bool {
        X509_check_private_key(certificate.pointer, pointer) == 1
    }
}
