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
///
/// The map is RFC 9380's straight-line simplified SWU (Appendix F.2) with `sqrt_ratio` for
/// q ≡ 3 (mod 4) (Appendix F.2.1.2): one exponentiation per map, field elements in
/// Montgomery form (`BN_mod_mul_montgomery` with one `BN_MONT_CTX`), and the one division of
/// each map (x = xn / xd) done for a whole batch of keys with a single inversion
/// (Montgomery's trick). Not constant-time: the keys hashed are our own, and the time taken
/// reveals nothing a partner sees.
final class P256Group {
    /// The suite identifier of RFC 9380 §8.2.
    static let suite = "P256_XMD:SHA-256_SSWU_RO_"
    /// The compressed point size.
    static let pointBytes = 33
    /// Keys hashed per batch inversion.
    static let batchSize = 128

    let group: OpaquePointer
    let context: OpaquePointer
    let p: OpaquePointer
    let order: OpaquePointer
    let a: OpaquePointer
    let b: OpaquePointer
    let z: OpaquePointer
    /// (p + 1) / 4: square roots for p ≡ 3 (mod 4).
    let sqrtExponent: OpaquePointer
    /// (p − 3) / 4: the exponent c1 of sqrt_ratio (RFC 9380 F.2.1.2).
    let ratioExponent: OpaquePointer
    let montgomery: OpaquePointer
    /// Montgomery forms of 1, A, B, Z and c2 = sqrt(−Z).
    let oneM: OpaquePointer, aM: OpaquePointer, bM: OpaquePointer, zM: OpaquePointer, c2M: OpaquePointer
    let digest: OpaquePointer
    let digestContext: OpaquePointer

    init() throws {
        guard let group = EC_GROUP_new_by_curve_name(NID_X9_62_prime256v1), let context = BN_CTX_new() else {
            throw MatchingError(.openssl, "cannot load the P-256 group")
        }
        self.group = group
        self.context = context
        p = BN_new(); order = BN_new(); a = BN_new(); b = BN_new(); z = BN_new(); sqrtExponent = BN_new()
        ratioExponent = BN_new(); oneM = BN_new(); aM = BN_new(); bM = BN_new(); zM = BN_new(); c2M = BN_new()
        guard let mont = BN_MONT_CTX_new() else { throw MatchingError(.openssl, "cannot prepare Montgomery arithmetic") }
        montgomery = mont
        guard let digest = EVP_MD_fetch(nil, "SHA256", nil), let digestContext = EVP_MD_CTX_new() else {
            throw MatchingError(.openssl, "cannot load SHA-256")
        }
        self.digest = digest
        self.digestContext = digestContext
        guard EC_GROUP_get_curve(group, p, a, b, context) == 1, EC_GROUP_get_order(group, order, context) == 1,
            BN_MONT_CTX_set(mont, p, context) == 1
        else {
            throw MatchingError(.openssl, "cannot read the P-256 parameters")
        }
        BN_set_word(z, 10)
        BN_sub(z, p, z)  // Z = -10 mod p
        BN_copy(sqrtExponent, p)
        BN_add_word(sqrtExponent, 1)
        BN_rshift(sqrtExponent, sqrtExponent, 2)
        BN_copy(ratioExponent, p)
        BN_sub_word(ratioExponent, 3)
        BN_rshift(ratioExponent, ratioExponent, 2)
        let t = BN_new()!
        defer { BN_free(t) }
        BN_set_word(t, 1)
        BN_to_montgomery(oneM, t, mont, context)
        BN_to_montgomery(aM, a, mont, context)
        BN_to_montgomery(bM, b, mont, context)
        BN_to_montgomery(zM, z, mont, context)
        BN_set_word(t, 10)  // -Z
        BN_mod_exp_mont(t, t, sqrtExponent, p, context, mont)
        BN_to_montgomery(c2M, t, mont, context)
    }

    deinit {
        for n in [p, order, a, b, z, sqrtExponent, ratioExponent, oneM, aM, bM, zM, c2M] { BN_free(n) }
        BN_MONT_CTX_free(montgomery)
        BN_CTX_free(context)
        EC_GROUP_free(group)
        EVP_MD_CTX_free(digestContext)
        EVP_MD_free(digest)
    }

    // MARK: RFC 9380 §5.3.1 expand_message_xmd (SHA-256)

    /// expand_message_xmd with SHA-256 (RFC 9380 §5.3.1).
    /// - Parameters:
    ///   - message: the message.
    ///   - dst: the domain separation tag (at most 255 bytes).
    ///   - length: bytes wanted (at most 255 × 32).
    /// - Returns: `length` uniform bytes.
    func expandMessageXMD(_ message: [UInt8], dst: [UInt8], length: Int) -> [UInt8] {
        let ell = (length + 31) / 32
        let dstPrime = dst + [UInt8(dst.count)]
        let zeroPad = [UInt8](repeating: 0, count: 64)
        var b0 = [UInt8](repeating: 0, count: 32)
        var previous = [UInt8](repeating: 0, count: 32)
        var out = [UInt8]()
        out.reserveCapacity(ell * 32)
        digest([zeroPad, message, [UInt8(length >> 8), UInt8(length & 0xFF), 0], dstPrime], into: &b0)
        digest([b0, [1], dstPrime], into: &previous)
        out += previous
        if ell > 1 {
            var mixed = [UInt8](repeating: 0, count: 32)
            for i in 2...ell {
                for j in 0..<32 { mixed[j] = b0[j] ^ previous[j] }
                digest([mixed, [UInt8(i)], dstPrime], into: &previous)
                out += previous
            }
        }
        return Array(out.prefix(length))
    }

    /// SHA-256 (FIPS 180-4) of `bytes`.
    static func sha256(_ bytes: [UInt8]) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: 32)
        var length: UInt32 = 0
        _ = EVP_Digest(bytes, bytes.count, &out, &length, EVP_sha256(), nil)
        return out
    }

    /// SHA-256 of the concatenated parts, with the reused digest context.
    private func digest(_ parts: [[UInt8]], into out: inout [UInt8]) {
        EVP_DigestInit_ex(digestContext, digest, nil)
        for part in parts { _ = part.withUnsafeBytes { EVP_DigestUpdate(digestContext, $0.baseAddress, $0.count) } }
        var length: UInt32 = 0
        out.withUnsafeMutableBufferPointer { _ = EVP_DigestFinal_ex(digestContext, $0.baseAddress, &length) }
    }

    // MARK: RFC 9380 §3 hash_to_curve

    /// hash_to_curve(msg) for P-256, RO variant.
    /// - Returns: the point (owned by the caller; `EC_POINT_free` it).
    func hashToCurve(_ message: [UInt8], dst: [UInt8]) throws -> OpaquePointer {
        try hashToCurve([message], dst: dst)[0]
    }

    /// hash_to_curve(msg) for P-256, RO variant, for several messages with one field inversion.
    /// - Parameters:
    ///   - messages: the messages.
    ///   - dst: the domain separation tag.
    /// - Returns: one point per message, in order (owned by the caller; `EC_POINT_free` them).
    /// - Throws: ``MatchingError`` `.openssl`.
    func hashToCurve(_ messages: [[UInt8]], dst: [UInt8]) throws -> [OpaquePointer] {
        let count = messages.count * 2
        // Per map: xn (Montgomery), xd (Montgomery), y (plain), and the prefix products.
        let xn = (0..<count).map { _ in BN_new()! }, xd = (0..<count).map { _ in BN_new()! }
        let y = (0..<count).map { _ in BN_new()! }, prefix = (0..<count).map { _ in BN_new()! }
        let u = BN_new()!, inverse = BN_new()!, t = BN_new()!
        defer {
            for n in xn + xd + y + prefix { BN_free(n) }
            BN_free(u); BN_free(inverse); BN_free(t)
        }
        for (index, message) in messages.enumerated() {
            let uniform = expandMessageXMD(message, dst: dst, length: 96)
            for half in 0..<2 {
                uniform[half * 48..<(half + 1) * 48].withUnsafeBufferPointer { _ = BN_bin2bn($0.baseAddress, 48, u) }
                BN_nnmod(u, u, p, context)
                mapToCurve(u, xn: xn[index * 2 + half], xd: xd[index * 2 + half], y: y[index * 2 + half])
            }
        }
        // Montgomery's trick: one inversion for every xd of the batch.
        BN_copy(prefix[0], xd[0])
        for i in 1..<count { BN_mod_mul_montgomery(prefix[i], prefix[i - 1], xd[i], montgomery, context) }
        BN_from_montgomery(t, prefix[count - 1], montgomery, context)
        guard BN_mod_inverse(t, t, p, context) != nil else { throw MatchingError(.openssl, "BN_mod_inverse failed") }
        BN_to_montgomery(inverse, t, montgomery, context)  // (∏ xd)⁻¹
        var points: [OpaquePointer] = []
        var failed = false
        for i in stride(from: count - 1, through: 0, by: -1) {
            // inverse = (xd_0 ⋯ xd_i)⁻¹; xd_i⁻¹ = inverse · prefix_{i−1}.
            if i > 0 {
                BN_mod_mul_montgomery(t, inverse, prefix[i - 1], montgomery, context)
                BN_mod_mul_montgomery(inverse, inverse, xd[i], montgomery, context)
            } else {
                BN_copy(t, inverse)
            }
            BN_mod_mul_montgomery(xn[i], xn[i], t, montgomery, context)
            BN_from_montgomery(xn[i], xn[i], montgomery, context)  // x, plain
        }
        for index in 0..<messages.count {
            guard let q0 = EC_POINT_new(group), let q1 = EC_POINT_new(group) else { failed = true; break }
            defer { EC_POINT_free(q1) }
            guard EC_POINT_set_affine_coordinates(group, q0, xn[index * 2], y[index * 2], context) == 1,
                EC_POINT_set_affine_coordinates(group, q1, xn[index * 2 + 1], y[index * 2 + 1], context) == 1,
                EC_POINT_add(group, q0, q0, q1, context) == 1
            else {
                EC_POINT_free(q0)
                failed = true
                break
            }
            points.append(q0)
        }
        if failed {
            for point in points { EC_POINT_free(point) }
            ERR_clear_error()
            throw MatchingError(.openssl, "hashing to the curve failed (a bug: the SWU map left the curve)")
        }
        return points
    }

    /// The simplified SWU map (RFC 9380 §6.6.2), straight-line form of Appendix F.2 with
    /// sqrt_ratio for q ≡ 3 (mod 4) (F.2.1.2): x = xn / xd, both in Montgomery form, and y
    /// (plain) for the field element u (plain, reduced).
    func mapToCurve(_ u: OpaquePointer, xn x: OpaquePointer, xd tv4: OpaquePointer, y: OpaquePointer) {
        BN_CTX_start(context)
        defer { BN_CTX_end(context) }
        let uM = BN_CTX_get(context)!, tv1 = BN_CTX_get(context)!, tv2 = BN_CTX_get(context)!, tv3 = BN_CTX_get(context)!
        let tv5 = BN_CTX_get(context)!, tv6 = BN_CTX_get(context)!, y1 = BN_CTX_get(context)!, y2 = BN_CTX_get(context)!
        let s = BN_CTX_get(context)!
        func mul(_ r: OpaquePointer, _ l: OpaquePointer, _ m: OpaquePointer) { BN_mod_mul_montgomery(r, l, m, montgomery, context) }
        BN_to_montgomery(uM, u, montgomery, context)
        mul(tv1, uM, uM)  // 1. tv1 = u²
        mul(tv1, zM, tv1)  // 2. tv1 = Z·tv1
        mul(tv2, tv1, tv1)  // 3. tv2 = tv1²
        BN_mod_add_quick(tv2, tv2, tv1, p)  // 4. tv2 = tv2 + tv1
        BN_mod_add_quick(tv3, tv2, oneM, p)  // 5. tv3 = tv2 + 1
        mul(tv3, bM, tv3)  // 6. tv3 = B·tv3
        if BN_is_zero(tv2) == 1 { BN_copy(tv4, zM) } else { BN_sub(tv4, p, tv2) }  // 7. CMOV(Z, −tv2, tv2 ≠ 0)
        mul(tv4, aM, tv4)  // 8. tv4 = A·tv4
        mul(tv2, tv3, tv3)  // 9. tv2 = tv3²
        mul(tv6, tv4, tv4)  // 10. tv6 = tv4²
        mul(tv5, aM, tv6)  // 11. tv5 = A·tv6
        BN_mod_add_quick(tv2, tv2, tv5, p)  // 12. tv2 = tv2 + tv5
        mul(tv2, tv2, tv3)  // 13. tv2 = tv2·tv3
        mul(tv6, tv6, tv4)  // 14. tv6 = tv6·tv4
        mul(tv5, bM, tv6)  // 15. tv5 = B·tv6
        BN_mod_add_quick(tv2, tv2, tv5, p)  // 16. tv2 = tv2 + tv5
        mul(x, tv1, tv3)  // 17. x = tv1·tv3
        // 18. (is_gx1_square, y1) = sqrt_ratio(tv2, tv6), F.2.1.2.
        mul(s, tv6, tv6)  // tv1' = v²
        mul(y2, tv2, tv6)  // tv2' = u·v
        mul(s, s, y2)  // tv1' = tv1'·tv2'
        BN_from_montgomery(s, s, montgomery, context)
        BN_mod_exp_mont(y1, s, ratioExponent, p, context, montgomery)  // y1 = tv1'^c1
        BN_to_montgomery(y1, y1, montgomery, context)
        mul(y1, y1, y2)  // y1 = y1·tv2'
        mul(s, y1, y1)  // tv3' = y1²
        mul(s, s, tv6)  // tv3' = tv3'·v
        let isSquare = BN_cmp(s, tv2) == 0
        if !isSquare { mul(y1, y1, c2M) }  // y = CMOV(y1·c2, y1, isQR)
        if isSquare {
            BN_copy(x, tv3)  // 21. x = CMOV(x, tv3, is_gx1_square)
            BN_copy(y, y1)  // 22. y = y1
        } else {
            mul(y, tv1, uM)  // 19. y = tv1·u
            mul(y, y, y1)  // 20. y = y·y1
        }
        BN_from_montgomery(y, y, montgomery, context)
        if BN_is_odd(u) != BN_is_odd(y), BN_is_zero(y) == 0 { BN_sub(y, p, y) }  // 23–24. sgn0(u) = sgn0(y)
    }

    /// Square root of a quadratic residue modulo p ≡ 3 (mod 4): value^((p+1)/4).
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

    /// Decodes a compressed point (SEC 1 §2.3.4: y = (x³ + Ax + B)^((p+1)/4) with the parity
    /// of the prefix byte) and checks it is on the curve and not the point at infinity.
    /// - Throws: ``MatchingError`` `.malformedMessage` otherwise.
    func decode(_ bytes: UnsafeRawBufferPointer) throws -> OpaquePointer {
        let refused = MatchingError(.malformedMessage, "a blinded value is not a compressed P-256 point")
        guard bytes.count == Self.pointBytes, bytes[0] == 2 || bytes[0] == 3, let point = EC_POINT_new(group) else {
            throw refused
        }
        BN_CTX_start(context)
        defer { BN_CTX_end(context) }
        let x = BN_CTX_get(context)!, y = BN_CTX_get(context)!, rhs = BN_CTX_get(context)!, check = BN_CTX_get(context)!
        BN_bin2bn(bytes.baseAddress!.assumingMemoryBound(to: UInt8.self) + 1, 32, x)
        if BN_cmp(x, p) < 0 {
            BN_mod_sqr(rhs, x, p, context)
            BN_mod_add_quick(rhs, rhs, a, p)
            BN_mod_mul(rhs, rhs, x, p, context)
            BN_mod_add_quick(rhs, rhs, b, p)
            sqrt(y, rhs)
            BN_mod_sqr(check, y, p, context)
            if BN_cmp(check, rhs) == 0 {
                if (BN_is_odd(y) == 1) != (bytes[0] == 3), BN_is_zero(y) == 0 { BN_sub(y, p, y) }
                if (BN_is_odd(y) == 1) == (bytes[0] == 3),
                    EC_POINT_set_affine_coordinates(group, point, x, y, context) == 1,
                    EC_POINT_is_at_infinity(group, point) == 0
                {
                    return point
                }
            }
        }
        EC_POINT_free(point)
        ERR_clear_error()
        throw refused
    }
}
