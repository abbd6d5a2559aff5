import COpenSSL
import Foundation
import HawalaCore

/// Checks of the envelope's fields that neither the GCM tag nor the inner signature covers
/// (issue 14, item 9; docs/export.md "What is authenticated by what"). CMS authenticates the
/// ciphertext (GCM tag, with our unwrapped key) and the signed content (signature), but not
/// the encrypted content's type OID nor the RecipientInfos of the other recipients: `open`
/// relies on the first and must not accept nonsense in the second.
extension CMSMessage {
    /// Key-encryption algorithms a key-transport RecipientInfo may name: rsaEncryption
    /// (PKCS #1 v1.5) and RSAES-OAEP (RFC 8017).
    static let keyTransportAlgorithms: Set<Int32> = [NID_rsaEncryption, NID_rsaesOaep]
    /// Key-agreement schemes a key-agreement RecipientInfo may name (RFC 5753 §7.1.4).
    static let keyAgreementAlgorithms: Set<Int32> = [
        NID_dhSinglePass_stdDH_sha1kdf_scheme, NID_dhSinglePass_stdDH_sha224kdf_scheme,
        NID_dhSinglePass_stdDH_sha256kdf_scheme, NID_dhSinglePass_stdDH_sha384kdf_scheme,
        NID_dhSinglePass_stdDH_sha512kdf_scheme, NID_dhSinglePass_cofactorDH_sha1kdf_scheme,
        NID_dhSinglePass_cofactorDH_sha224kdf_scheme, NID_dhSinglePass_cofactorDH_sha256kdf_scheme,
        NID_dhSinglePass_cofactorDH_sha384kdf_scheme, NID_dhSinglePass_cofactorDH_sha512kdf_scheme,
    ]

    /// Checks an EnvelopedData/AuthEnvelopedData before decrypting: the encrypted content's type
    /// is id-data or id-signedData (the decrypted bytes must then be SignedData DER, which
    /// ``verify(_:trust:)`` checks), and every RecipientInfo — ours and the
    /// other recipients' — is well formed: a key-transport one names a recipient (issuer and
    /// serial, or key id) and RSA; a key-agreement one an ECDH scheme, an originator key that
    /// is a point on its curve (P-256, P-384 or P-521) and a recipient for each wrapped key;
    /// a password one is accepted as is (its fields are all used to decrypt).
    /// - Throws: ``ExportError`` `.cannotDecrypt` (exit 10) naming the field.
    func checkEnvelopeStructure() throws {
        func refuse(_ what: String) -> ExportError {
            ExportError(.cannotDecrypt, "the package's envelope is damaged or altered: \(what)")
        }
        guard let contentType = CMS_get0_eContentType(pointer),
            [NID_pkcs7_data, NID_pkcs7_signed].contains(OBJ_obj2nid(contentType))
        else {
            throw refuse("the encrypted content's type is neither id-data (1.2.840.113549.1.7.1, what HawalaTrace and "
                + "`openssl cms -encrypt` write) nor id-signedData (1.2.840.113549.1.7.2)")
        }
        guard let infos = CMS_get0_RecipientInfos(pointer), OPENSSL_sk_num(infos) > 0 else {
            throw refuse("it has no RecipientInfo")
        }
        for index in 0..<OPENSSL_sk_num(infos) {
            guard let raw = OPENSSL_sk_value(infos, index) else { throw refuse("RecipientInfo \(index + 1) is missing") }
            let info = OpaquePointer(raw)
            let number = index + 1
            switch CMS_RecipientInfo_type(info) {
            case CMS_RECIPINFO_TRANS:
                var algorithm: UnsafeMutablePointer<X509_ALGOR>?
                guard CMS_RecipientInfo_ktri_get0_algs(info, nil, nil, &algorithm) == 1, let algorithm,
                    Self.keyTransportAlgorithms.contains(Self.nid(of: algorithm))
                else { throw refuse("RecipientInfo \(number) (key transport) names no RSA key-encryption algorithm") }
                var keyID: UnsafeMutablePointer<ASN1_OCTET_STRING>?
                var issuer: OpaquePointer?
                var serial: UnsafeMutablePointer<ASN1_INTEGER>?
                guard CMS_RecipientInfo_ktri_get0_signer_id(info, &keyID, &issuer, &serial) == 1,
                    keyID != nil || (issuer != nil && serial != nil)
                else { throw refuse("RecipientInfo \(number) (key transport) names no recipient") }
            case CMS_RECIPINFO_AGREE:
                var algorithm: UnsafeMutablePointer<X509_ALGOR>?
                var ukm: UnsafeMutablePointer<ASN1_OCTET_STRING>?
                guard CMS_RecipientInfo_kari_get0_alg(info, &algorithm, &ukm) == 1, let algorithm,
                    Self.keyAgreementAlgorithms.contains(Self.nid(of: algorithm))
                else { throw refuse("RecipientInfo \(number) (key agreement) names no ECDH key-agreement scheme") }
                var publicAlgorithm: UnsafeMutablePointer<X509_ALGOR>?
                var publicKey: UnsafeMutablePointer<ASN1_BIT_STRING>?
                guard CMS_RecipientInfo_kari_get0_orig_id(info, &publicAlgorithm, &publicKey, nil, nil, nil) == 1,
                    let publicKey, Self.isCurvePoint(publicKey)
                else { throw refuse("RecipientInfo \(number) (key agreement): the originator's key is not a point on P-256, P-384 or P-521") }
                guard let keys = CMS_RecipientInfo_kari_get0_reks(info), OPENSSL_sk_num(keys) > 0 else {
                    throw refuse("RecipientInfo \(number) (key agreement) has no wrapped key")
                }
                for k in 0..<OPENSSL_sk_num(keys) {
                    var keyID: UnsafeMutablePointer<ASN1_OCTET_STRING>?
                    var issuer: OpaquePointer?
                    var serial: UnsafeMutablePointer<ASN1_INTEGER>?
                    guard let rek = OPENSSL_sk_value(keys, k),
                        CMS_RecipientEncryptedKey_get0_id(OpaquePointer(rek), &keyID, nil, nil, &issuer, &serial) == 1,
                        keyID != nil || (issuer != nil && serial != nil)
                    else { throw refuse("RecipientInfo \(number) (key agreement) has a wrapped key for no named recipient") }
                }
            case CMS_RECIPINFO_PASS:
                continue
            default:
                throw refuse("RecipientInfo \(number) is of a kind HawalaTrace never writes (KEK or other)")
            }
        }
    }

    /// The NID of an `X509_ALGOR`'s algorithm OID.
    static func nid(of algorithm: UnsafeMutablePointer<X509_ALGOR>) -> Int32 {
        var object: OpaquePointer?
        X509_ALGOR_get0(&object, nil, nil, algorithm)
        return object.map { OBJ_obj2nid($0) } ?? NID_undef
    }

    /// Whether an originator key (an uncompressed or compressed EC point) lies on P-256,
    /// P-384 or P-521, chosen by its length.
    static func isCurvePoint(_ key: UnsafeMutablePointer<ASN1_BIT_STRING>) -> Bool {
        let length = Int(ASN1_STRING_length(key))
        guard length > 0, let bytes = ASN1_STRING_get0_data(key) else { return false }
        let curve: Int32
        switch length {
        case 65, 33: curve = NID_X9_62_prime256v1
        case 97, 49: curve = NID_secp384r1
        case 133, 67: curve = NID_secp521r1
        default: return false
        }
        guard let group = EC_GROUP_new_by_curve_name(curve) else { return false }
        defer { EC_GROUP_free(group) }
        guard let point = EC_POINT_new(group) else { return false }
        defer { EC_POINT_free(point) }
        return EC_POINT_oct2point(group, point, bytes, length, nil) == 1
    }
}
