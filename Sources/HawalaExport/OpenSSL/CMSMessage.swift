import COpenSSL
import Foundation
import HawalaCore

/// The content-encryption algorithm of the envelope.
public enum ContentCipher: String, Sendable, Codable, CaseIterable {
    /// AES-256-GCM in AuthEnvelopedData (RFC 5083, RFC 5084): authenticated; needs OpenSSL ≥ 3.0
    /// on the receiving side.
    case aes256GCM = "AES-256-GCM"
    /// AES-256-CBC in EnvelopedData (RFC 5652 §6, RFC 3565): for receivers on OpenSSL 1.1, which
    /// cannot read AuthEnvelopedData. Integrity then rests on the inner signature alone.
    case aes256CBC = "AES-256-CBC"

    var evp: OpaquePointer? {
        switch self {
        case .aes256GCM: EVP_aes_256_gcm()
        case .aes256CBC: EVP_aes_256_cbc()
        }
    }
}

/// An owned CMS `ContentInfo` (`CMS_ContentInfo *`, freed in `deinit`), and the four operations
/// evidence packages need: sign, encrypt, decrypt, verify (RFC 5652). Not shared between tasks.
final class CMSMessage {
    /// The owned `CMS_ContentInfo *`.
    let pointer: OpaquePointer

    init(owning pointer: OpaquePointer) { self.pointer = pointer }

    deinit { CMS_ContentInfo_free(pointer) }

    /// Parses DER.
    /// - Parameters:
    ///   - der: the DER bytes.
    ///   - code: the error code to throw when they do not parse.
    ///   - what: what the bytes are, for the message.
    /// - Throws: ``ExportError`` with `code`.
    static func parse(_ der: Data, code: ExportError.Code, what: String) throws -> CMSMessage {
        OpenSSLErrors.clear()
        let bio = try MemoryBIO(copying: der)
        guard let cms = d2i_CMS_bio(bio.pointer, nil) else {
            throw OpenSSLErrors.error(code, "\(what) is not a DER CMS message (damaged or truncated?)")
        }
        return CMSMessage(owning: cms)
    }

    /// The outer content type's NID.
    var contentTypeNID: Int32 {
        guard let type = CMS_get0_type(pointer) else { return NID_undef }
        return OBJ_obj2nid(type)
    }

    /// DER encoding.
    func der() throws -> Data {
        let out = try MemoryBIO()
        try OpenSSLErrors.check(i2d_CMS_bio(out.pointer, pointer), .openssl, "i2d_CMS_bio failed")
        return out.data
    }

    /// SignedData over `content`, encapsulated (opaque), SHA-256, with the signer certificate and
    /// `chain` included and the signing-time attribute (RFC 5652 §5, §11.3).
    /// - Parameters:
    ///   - content: the bytes to sign (the tar).
    ///   - certificate: the signer's certificate.
    ///   - key: the signer's private key.
    ///   - chain: intermediate certificates to include.
    /// - Returns: DER SignedData.
    /// - Throws: ``ExportError`` `.keyMaterial` when the key does not match the certificate,
    ///   `.openssl` when signing fails.
    static func sign(_ content: Data, certificate: Certificate, key: PrivateKey, chain: [Certificate]) throws -> Data {
        guard key.matches(certificate) else {
            _ = OpenSSLErrors.drain()
            throw ExportError(.keyMaterial, "the signer key does not belong to the signer certificate \(certificate.subject)")
        }
        OpenSSLErrors.clear()
        let flags = UInt32(CMS_BINARY | CMS_PARTIAL)
        let message = CMSMessage(
            owning: try OpenSSLErrors.require(CMS_sign(nil, nil, nil, nil, flags), .openssl, "CMS_sign failed"))
        guard CMS_add1_signer(message.pointer, certificate.pointer, key.pointer, EVP_sha256(), UInt32(CMS_BINARY)) != nil
        else { throw OpenSSLErrors.error(.openssl, "CMS_add1_signer failed for \(certificate.subject)") }
        for extra in chain {
            try OpenSSLErrors.check(CMS_add1_cert(message.pointer, extra.pointer), .openssl, "CMS_add1_cert failed")
        }
        let input = try MemoryBIO(copying: content, secure: true)
        try OpenSSLErrors.check(CMS_final(message.pointer, input.pointer, nil, UInt32(CMS_BINARY)), .openssl, "CMS_final (sign) failed")
        return try message.der()
    }

    /// AuthEnvelopedData (AES-256-GCM) or EnvelopedData (AES-256-CBC) of `content` to every
    /// recipient: RSA keys by key transport with RSAES-OAEP/SHA-256 (RFC 8017, RFC 3560), EC keys
    /// by ECDH key agreement with the X9.63 SHA-256 KDF (RFC 5753, RFC 8418 for the CMS profile);
    /// optionally one password recipient (RFC 3211) with PBKDF2 (RFC 8018).
    /// - Parameters:
    ///   - content: the bytes to encrypt (the SignedData DER).
    ///   - recipients: recipient certificates (RSA or EC).
    ///   - cipher: the content cipher.
    ///   - password: a password recipient, if any.
    ///   - iterations: PBKDF2 iterations for the password recipient.
    /// - Returns: DER.
    /// - Throws: ``ExportError`` `.invalidRequest` for no recipient or a key type other than RSA/EC,
    ///   `.openssl` when encryption fails.
    static func encrypt(
        _ content: Data, recipients: [Certificate], cipher: ContentCipher, password: Secret?, iterations: Int
    ) throws -> Data {
        guard !recipients.isEmpty || password != nil else {
            throw ExportError(.invalidRequest, "an evidence package needs at least one recipient")
        }
        OpenSSLErrors.clear()
        let input = try MemoryBIO(copying: content, secure: true)
        let partial = UInt32(CMS_PARTIAL | CMS_BINARY)
        // Per the notes: CMS_encrypt(NULL, in, cipher, PARTIAL), then recipients, then CMS_final.
        let message = CMSMessage(
            owning: try OpenSSLErrors.require(
                CMS_encrypt(nil, input.pointer, cipher.evp, partial), .openssl, "CMS_encrypt failed"))
        for recipient in recipients {
            let keyType = recipient.keyType
            guard keyType == "RSA" || keyType == "EC" else {
                throw ExportError(.invalidRequest, "recipient \(recipient.subject) has a \(keyType) key; only RSA and EC are supported")
            }
            guard let info = CMS_add1_recipient_cert(message.pointer, recipient.pointer, UInt32(CMS_KEY_PARAM)),
                let context = CMS_RecipientInfo_get0_pkey_ctx(info)
            else { throw OpenSSLErrors.error(.openssl, "cannot add recipient \(recipient.subject)") }
            if keyType == "RSA" {
                try OpenSSLErrors.check(
                    EVP_PKEY_CTX_set_rsa_padding(context, RSA_PKCS1_OAEP_PADDING), .openssl, "cannot select RSA-OAEP")
                try OpenSSLErrors.check(
                    EVP_PKEY_CTX_set_rsa_oaep_md(context, EVP_sha256()), .openssl, "cannot select OAEP SHA-256")
            } else {
                try OpenSSLErrors.check(
                    EVP_PKEY_CTX_set_ecdh_kdf_md(context, EVP_sha256()), .openssl, "cannot select the SHA-256 KDF")
            }
        }
        if let password {
            let buffer = try password.opensslCopy()
            // add0: on success the recipient info owns (and frees) the buffer.
            guard
                CMS_add0_recipient_password(
                    message.pointer, Int32(iterations), NID_id_alg_PWRI_KEK, NID_id_pbkdf2,
                    buffer.assumingMemoryBound(to: UInt8.self), password.count, EVP_aes_256_cbc()) != nil
            else {
                OPENSSL_cleanse(buffer, password.count)
                hawala_OPENSSL_free(buffer)
                throw OpenSSLErrors.error(.openssl, "cannot add the password recipient")
            }
        }
        try OpenSSLErrors.check(
            CMS_final(message.pointer, input.pointer, nil, UInt32(CMS_BINARY)), .openssl, "CMS_final (encrypt) failed")
        return try message.der()
    }

    /// Decrypts an EnvelopedData or AuthEnvelopedData into memory only. Nothing is returned
    /// when decryption or the GCM tag check fails.
    /// - Parameters:
    ///   - der: the package bytes.
    ///   - certificate: our recipient certificate (with `key`).
    ///   - key: our private key.
    ///   - password: the package password (instead of certificate and key).
    /// - Returns: the plaintext (the SignedData DER).
    /// - Throws: ``ExportError`` `.cannotDecrypt` for anything that stops decryption: not a CMS
    ///   envelope, damaged, no matching recipient, wrong key, failed authentication.
    static func decrypt(_ der: Data, certificate: Certificate?, key: PrivateKey?, password: Secret?) throws -> Data {
        let message = try parse(der, code: .cannotDecrypt, what: "the package")
        let type = message.contentTypeNID
        guard type == NID_id_smime_ct_authEnvelopedData || type == NID_pkcs7_enveloped else {
            throw ExportError(.cannotDecrypt, "the package is not an encrypted CMS message (content type NID \(type))")
        }
        try message.checkEnvelopeStructure()
        OpenSSLErrors.clear()
        if let password {
            let ok = password.withCString { pass in
                pass.withMemoryRebound(to: UInt8.self, capacity: password.count + 1) {
                    CMS_decrypt_set1_password(message.pointer, UnsafeMutablePointer(mutating: $0), password.count)
                }
            }
            try OpenSSLErrors.check(ok, .cannotDecrypt, "cannot use the package password")
        }
        let output = try MemoryBIO(secure: true)
        let ok = CMS_decrypt(message.pointer, key?.pointer, certificate?.pointer, nil, output.pointer, UInt32(CMS_BINARY))
        guard ok == 1 else {
            let errors = OpenSSLErrors.drain()
            let detail = errors.isEmpty ? " (no detail: OpenSSL withholds it on purpose)" : ""
            throw ExportError(
                .cannotDecrypt,
                "cannot decrypt the package with this \(password != nil ? "password" : "key"): wrong key, not a recipient, "
                    + "or the package was altered\(detail)", opensslErrors: errors)
        }
        return output.data
    }

    /// Verifies a SignedData: the signature(s) over the encapsulated content and each signer's
    /// chain to `trust` (S/MIME signing purpose: the signer certificate needs the
    /// emailProtection extended key usage or none).
    /// - Parameters:
    ///   - der: the SignedData DER.
    ///   - trust: the trusted CA certificates (only these; no system store).
    /// - Returns: the signed content and the signer certificates.
    /// - Throws: ``ExportError`` `.badSignature` when the message is not SignedData, a signature
    ///   does not verify, or a signer is not trusted.
    static func verify(_ der: Data, trust: [Certificate]) throws -> (content: Data, signers: [Certificate]) {
        let message = try parse(der, code: .badSignature, what: "the decrypted content")
        guard message.contentTypeNID == NID_pkcs7_signed else {
            throw ExportError(.badSignature, "the decrypted content is not CMS SignedData")
        }
        let store = try TrustStore(trust)
        OpenSSLErrors.clear()
        let output = try MemoryBIO(secure: true)
        guard CMS_verify(message.pointer, nil, store.pointer, nil, output.pointer, UInt32(CMS_BINARY)) == 1 else {
            throw OpenSSLErrors.error(.badSignature, "the signature does not verify, or the signer is not trusted by the given CA")
        }
        var signers: [Certificate] = []
        if let stack = CMS_get0_signers(message.pointer) {
            for index in 0..<hawala_sk_X509_num(stack) {
                if let x509 = hawala_sk_X509_value(stack, index) { signers.append(Certificate(retaining: x509)) }
            }
            hawala_sk_X509_free(stack)
        }
        return (output.data, signers)
    }
}
