import COpenSSL
import Foundation

/// NIST P-256 through OpenSSL's `EC_GROUP`/`EC_POINT` and `BIGNUM` API: hashing to the curve
/// per RFC 9380 (suite `P256_XMD:SHA-256_SSWU_RO_`: expand_message_xmd with SHA-256,
/// hash_to_field with L = 48, simplified SWU map with Z = −10, two maps added; the cofactor
/// is 1), scalar multiplication, and SEC 1 compressed point encoding (33 bytes).
///
/// Hashing to the curve gives points whose discrete logarithm nobody knows, which the
/// commutative blinding needs (a key hashed to a scalar times G would let anyone who
/// unblinds once unblind everything). Not shared between threads: each worker makes its own.
final class P256Group {
    /// The suite identifier of RFC 9380 §8.2.
    static let suite = "P256_XMD:SHA-256_SSWU_RO_"
    /// The compressed point size.
    static let pointBytes = 33

    let group: OpaquePointer
    let context: OpaquePointer
    let p: OpaquePointer
    let order: OpaquePointer
    let a: OpaquePointer
    let b: OpaquePointer
    let z: OpaquePointer
    /// (p + 1) / 4: square roots for p ≡ 3 (mod 4).
    let sqrtExponent: OpaquePointer
    /// −B / A and B / (Z·A), constants of the map.
    let minusBOverA: OpaquePointer
    let bOverZA: OpaquePointer
    let montgomery: OpaquePointer

    init() throws {
        guard let group = EC_GROUP_new_by_curve_name(NID_X9_62_prime256v1), let context = BN_CTX_new() else {
            throw MatchingError(.openssl, "cannot load the P-256 group")
        }
        self.group = group
        self.context = context
        p = BN_new(); order = BN_new(); a = BN_new(); b = BN_new(); z = BN_new(); sqrtExponent = BN_new()
        minusBOverA = BN_new(); bOverZA = BN_new()
        guard EC_GROUP_get_curve(group, p, a, b, context) == 1, EC_GROUP_get_order(group, order, context) == 1 else {
            throw MatchingError(.openssl, "cannot read the P-256 parameters")
        }
        BN_set_word(z, 10)
        BN_sub(z, p, z)  // Z = -10 mod p
        BN_copy(sqrtExponent, p)
        BN_add_word(sqrtExponent, 1)
        BN_rshift(sqrtExponent, sqrtExponent, 2)
        let t = BN_new()!
        defer { BN_free(t) }
        BN_mod_inverse(t, a, p, context)
        BN_mod_mul(minusBOverA, b, t, p, context)
        BN_sub(minusBOverA, p, minusBOverA)
        BN_mod_mul(t, z, a, p, context)
        BN_mod_inverse(t, t, p, context)
        BN_mod_mul(bOverZA, b, t, p, context)
        guard let mont = BN_MONT_CTX_new(), BN_MONT_CTX_set(mont, p, context) == 1 else {
            throw MatchingError(.openssl, "cannot prepare Montgomery arithmetic")
        }
        montgomery = mont
    }

    deinit {
        for n in [p, order, a, b, z, sqrtExponent, minusBOverA, bOverZA] { BN_free(n) }
        BN_MONT_CTX_free(montgomery)
        BN_CTX_free(context)
        EC_GROUP_free(group)
    }

    // MARK: RFC 9380 §5.3.1 expand_message_xmd (SHA-256)

    static func expandMessageXMD(_ message: [UInt8], dst: [UInt8], length: Int) -> [UInt8] {
        let ell = (length + 31) / 32
        let dstPrime = dst + [UInt8(dst.count)]
        var b0Input = [UInt8](repeating: 0, count: 64) + message
        b0Input += [UInt8(length >> 8), UInt8(length & 0xFF), 0] + dstPrime
        let b0 = sha256(b0Input)
        var previous = sha256(b0 + [1] + dstPrime)
        var out = previous
        if ell > 1 {
            for i in 2...ell {
                let mixed = zip(b0, previous).map { $0 ^ $1 }
                previous = sha256(mixed + [UInt8(i)] + dstPrime)
                out += previous
            }
        }
        return Array(out.prefix(length))
    }

    static func sha256(_ bytes: [UInt8]) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: 32)
        var length: UInt32 = 0
        _ = EVP_Digest(bytes, bytes.count, &out, &length, EVP_sha256(), nil)
        return out
    }

    // MARK: RFC 9380 §3 hash_to_curve

    /// hash_to_curve(msg) for P-256, RO variant.
    /// - Returns: the point (owned by the caller; `EC_POINT_free` it).
    func hashToCurve(_ message: [UInt8], dst: [UInt8]) throws -> OpaquePointer {
        let uniform = Self.expandMessageXMD(message, dst: dst, length: 96)
        let u0 = BN_new()!, u1 = BN_new()!
        defer { BN_free(u0); BN_free(u1) }
        uniform[0..<48].withUnsafeBufferPointer { _ = BN_bin2bn($0.baseAddress, 48, u0) }
        uniform[48..<96].withUnsafeBufferPointer { _ = BN_bin2bn($0.baseAddress, 48, u1) }
        BN_nnmod(u0, u0, p, context)
        BN_nnmod(u1, u1, p, context)
        let q0 = try mapToCurve(u0), q1 = try mapToCurve(u1)
        defer { EC_POINT_free(q1) }
        guard EC_POINT_add(group, q0, q0, q1, context) == 1 else {
            EC_POINT_free(q0)
            throw MatchingError(.openssl, "EC_POINT_add failed")
        }
        return q0
    }

    /// The simplified SWU map (RFC 9380 §6.6.2), straight-line form.
    func mapToCurve(_ u: OpaquePointer) throws -> OpaquePointer {
        BN_CTX_start(context)
        defer { BN_CTX_end(context) }
        let u2 = BN_CTX_get(context)!, tv1 = BN_CTX_get(context)!, x1 = BN_CTX_get(context)!, gx = BN_CTX_get(context)!
        let y = BN_CTX_get(context)!, t = BN_CTX_get(context)!, x2 = BN_CTX_get(context)!
        BN_mod_sqr(u2, u, p, context)
        BN_mod_mul(u2, z, u2, p, context)  // Z·u²
        BN_mod_sqr(tv1, u2, p, context)  // Z²·u⁴
        BN_mod_add(tv1, tv1, u2, p, context)  // Z²u⁴ + Zu²
        if BN_is_zero(tv1) == 1 {
            BN_copy(x1, bOverZA)
        } else {
            BN_mod_inverse(tv1, tv1, p, context)
            BN_add_word(tv1, 1)
            BN_mod_mul(x1, minusBOverA, tv1, p, context)
        }
        curveRHS(gx, x1, t)
        var x = x1
        sqrt(y, gx)
        BN_mod_sqr(t, y, p, context)
        if BN_cmp(t, gx) != 0 {
            BN_mod_mul(x2, u2, x1, p, context)
            curveRHS(gx, x2, t)
            sqrt(y, gx)
            x = x2
        }
        if BN_is_odd(u) != BN_is_odd(y) { BN_sub(y, p, y) }
        guard let point = EC_POINT_new(group) else { throw MatchingError(.openssl, "EC_POINT_new failed") }
        guard EC_POINT_set_affine_coordinates(group, point, x, y, context) == 1 else {
            EC_POINT_free(point)
            throw MatchingError(.openssl, "the SWU map left the curve (a bug)")
        }
        return point
    }

    /// x³ + A·x + B.
    private func curveRHS(_ out: OpaquePointer, _ x: OpaquePointer, _ scratch: OpaquePointer) {
        BN_mod_sqr(out, x, p, context)
        BN_mod_add(out, out, a, p, context)
        BN_mod_mul(out, out, x, p, context)
        BN_mod_add(out, out, b, p, context)
    }

    private func sqrt(_ out: OpaquePointer, _ value: OpaquePointer) {
        BN_mod_exp_mont(out, value, sqrtExponent, p, context, montgomery)
    }

    // MARK: Scalars and points

    /// A uniformly random scalar in [1, n − 1] from OpenSSL's private DRBG, in secure memory.
    func randomScalar() throws -> OpaquePointer {
        guard let k = BN_secure_new() else { throw MatchingError(.openssl, "BN_secure_new failed") }
        repeat {
            guard BN_priv_rand_range_ex(k, order, 0, context) == 1 else {
                BN_clear_free(k)
                throw MatchingError(.openssl, "cannot draw a random scalar")
            }
        } while BN_is_zero(k) == 1
        return k
    }

    /// k·P, compressed.
    func multiply(_ point: OpaquePointer, by scalar: OpaquePointer) throws -> [UInt8] {
        guard let result = EC_POINT_new(group) else { throw MatchingError(.openssl, "EC_POINT_new failed") }
        defer { EC_POINT_free(result) }
        guard EC_POINT_mul(group, result, nil, point, scalar, context) == 1 else {
            throw MatchingError(.openssl, "EC_POINT_mul failed")
        }
        return try encode(result)
    }

    func encode(_ point: OpaquePointer) throws -> [UInt8] {
        var out = [UInt8](repeating: 0, count: Self.pointBytes)
        guard EC_POINT_point2oct(group, point, POINT_CONVERSION_COMPRESSED, &out, out.count, context) == Self.pointBytes else {
            throw MatchingError(.openssl, "cannot encode a point (the point at infinity?)")
        }
        return out
    }

    /// Decodes a compressed point and checks it is on the curve and not the point at infinity.
    /// - Throws: ``MatchingError`` `.malformedMessage` otherwise.
    func decode(_ bytes: UnsafeRawBufferPointer) throws -> OpaquePointer {
        guard let point = EC_POINT_new(group) else { throw MatchingError(.openssl, "EC_POINT_new failed") }
        guard bytes.count == Self.pointBytes, bytes[0] == 2 || bytes[0] == 3,
            EC_POINT_oct2point(group, point, bytes.baseAddress?.assumingMemoryBound(to: UInt8.self), bytes.count, context) == 1,
            EC_POINT_is_at_infinity(group, point) == 0, EC_POINT_is_on_curve(group, point, context) == 1
        else {
            EC_POINT_free(point)
            ERR_clear_error()
            throw MatchingError(.malformedMessage, "a blinded value is not a compressed P-256 point")
        }
        return point
    }
}
