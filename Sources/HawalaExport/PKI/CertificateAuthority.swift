import COpenSSL
import Foundation
import HawalaCore

/// What a certificate is for: its key usage and extended key usage (RFC 5280 §4.2.1.3, §4.2.1.12).
public enum CertificateProfile: Sendable {
    /// A CA: basicConstraints CA:TRUE, keyCertSign and cRLSign.
    case authority
    /// An exporting agency's signing certificate: digitalSignature, nonRepudiation,
    /// emailProtection (S/MIME signing purpose, which `CMS_verify` checks).
    case signer
    /// A receiving agency with an RSA key: keyEncipherment, emailProtection.
    case keyTransport
    /// A receiving agency with an EC key: keyAgreement, emailProtection.
    case keyAgreement

    var extensions: [(Int32, String)] {
        switch self {
        case .authority:
            [(NID_basic_constraints, "critical,CA:TRUE"), (NID_key_usage, "critical,keyCertSign,cRLSign")]
        case .signer:
            [(NID_basic_constraints, "critical,CA:FALSE"), (NID_key_usage, "critical,digitalSignature,nonRepudiation"),
             (NID_ext_key_usage, "emailProtection")]
        case .keyTransport:
            [(NID_basic_constraints, "critical,CA:FALSE"), (NID_key_usage, "critical,keyEncipherment"),
             (NID_ext_key_usage, "emailProtection")]
        case .keyAgreement:
            [(NID_basic_constraints, "critical,CA:FALSE"), (NID_key_usage, "critical,keyAgreement"),
             (NID_ext_key_usage, "emailProtection")]
        }
    }
}

/// Key pairs and certificates made with OpenSSL's C API, for test and demonstration material.
enum KeyFactory {
    /// An RSA key of `bits` bits.
    /// - Throws: ``ExportError`` `.openssl` when generation fails.
    static func rsa(bits: UInt32) throws -> PrivateKey {
        OpenSSLErrors.clear()
        return PrivateKey(owning: try OpenSSLErrors.require(hawala_EVP_RSA_gen(bits), .openssl, "RSA key generation failed"))
    }

    /// An EC key on NIST P-256.
    /// - Throws: ``ExportError`` `.openssl` when generation fails.
    static func p256() throws -> PrivateKey {
        OpenSSLErrors.clear()
        return PrivateKey(owning: try OpenSSLErrors.require(hawala_EVP_EC_gen("P-256"), .openssl, "EC key generation failed"))
    }

    /// Issues an X.509 v3 certificate for `key`'s public half, signed with SHA-256.
    /// - Parameters:
    ///   - subject: `(field, value)` pairs, e.g. `[("O", "FIU A"), ("CN", "Exporter")]`.
    ///   - key: the subject's key (its public half goes into the certificate).
    ///   - profile: key usages.
    ///   - issuer: the issuing CA's certificate and key, or nil for self-signed.
    ///   - days: validity from 5 minutes ago.
    /// - Returns: the certificate.
    /// - Throws: ``ExportError`` `.openssl` when a step fails.
    static func certificate(
        subject: [(String, String)], key: PrivateKey, profile: CertificateProfile,
        issuer: (certificate: Certificate, key: PrivateKey)?, days: Int
    ) throws -> Certificate {
        OpenSSLErrors.clear()
        let certificate = Certificate(owning: try OpenSSLErrors.require(X509_new(), .openssl, "X509_new failed"))
        let x509 = certificate.pointer
        try OpenSSLErrors.check(X509_set_version(x509, 2), .openssl, "X509_set_version failed")
        let serial = try OpenSSLErrors.require(BN_new(), .openssl, "BN_new failed")
        defer { BN_free(serial) }
        try OpenSSLErrors.check(BN_rand(serial, 127, -1, 0), .openssl, "BN_rand failed")
        guard BN_to_ASN1_INTEGER(serial, X509_get_serialNumber(x509)) != nil else {
            throw OpenSSLErrors.error(.openssl, "cannot set the serial number")
        }
        guard X509_gmtime_adj(X509_getm_notBefore(x509), -300) != nil,
            X509_gmtime_adj(X509_getm_notAfter(x509), days * 86_400) != nil
        else { throw OpenSSLErrors.error(.openssl, "cannot set the validity") }
        let name = try OpenSSLErrors.require(X509_get_subject_name(x509), .openssl, "no subject name")
        for (field, value) in subject {
            try OpenSSLErrors.check(
                X509_NAME_add_entry_by_txt(name, field, MBSTRING_UTF8, value, -1, -1, 0), .openssl, "cannot set \(field)")
        }
        let issuerName = issuer.map { X509_get_subject_name($0.certificate.pointer) } ?? name
        try OpenSSLErrors.check(X509_set_issuer_name(x509, issuerName), .openssl, "cannot set the issuer")
        try OpenSSLErrors.check(X509_set_pubkey(x509, key.pointer), .openssl, "cannot set the public key")
        var context = X509V3_CTX()
        hawala_X509V3_set_ctx_nodb(&context)
        X509V3_set_ctx(&context, issuer?.certificate.pointer ?? x509, x509, nil, nil, 0)
        let extensions = [(NID_subject_key_identifier, "hash"), (NID_authority_key_identifier, "keyid:always")] + profile.extensions
        for (nid, value) in extensions {
            guard let ext = X509V3_EXT_conf_nid(nil, &context, nid, value) else {
                throw OpenSSLErrors.error(.openssl, "cannot build extension \(nid)=\(value)")
            }
            defer { X509_EXTENSION_free(ext) }
            try OpenSSLErrors.check(X509_add_ext(x509, ext, -1), .openssl, "cannot add extension \(nid)")
        }
        guard X509_sign(x509, (issuer?.key ?? key).pointer, EVP_sha256()) > 0 else {
            throw OpenSSLErrors.error(.openssl, "cannot sign the certificate")
        }
        return certificate
    }
}
