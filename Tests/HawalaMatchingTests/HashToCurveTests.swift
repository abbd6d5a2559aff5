import COpenSSL
import Foundation
import Testing

@testable import HawalaMatching

/// RFC 9380 Appendix J.1.1 (suite P256_XMD:SHA-256_SSWU_RO_) and the blinding's commutativity.
@Suite struct HashToCurveTests {
    static let dst = Array("QUUX-V01-CS02-with-P256_XMD:SHA-256_SSWU_RO_".utf8)

    /// The affine coordinates of a point, hex.
    static func affine(_ group: P256Group, _ point: OpaquePointer) -> (String, String) {
        let x = BN_new()!, y = BN_new()!
        defer { BN_free(x); BN_free(y) }
        EC_POINT_get_affine_coordinates(group.group, point, x, y, group.context)
        func hex(_ n: OpaquePointer) -> String {
            var bytes = [UInt8](repeating: 0, count: 32)
            BN_bn2binpad(n, &bytes, 32)
            return bytes.map { String(format: "%02x", $0) }.joined()
        }
        return (hex(x), hex(y))
    }

    @Test(arguments: [
        ("", "2c15230b26dbc6fc9a37051158c95b79656e17a1a920b11394ca91c44247d3e4",
         "8a7a74985cc5c776cdfe4b1f19884970453912e9d31528c060be9ab5c43e8415"),
        ("abc", "0bb8b87485551aa43ed54f009230450b492fead5f1cc91658775dac4a3388a0f",
         "5c41b3d0731a27a7b14bc0bf0ccded2d8751f83493404c84a88e71ffd424212e"),
    ])
    func rfc9380Vectors(message: String, x: String, y: String) throws {
        let group = try P256Group()
        let point = try group.hashToCurve(Array(message.utf8), dst: Self.dst)
        defer { EC_POINT_free(point) }
        let (px, py) = Self.affine(group, point)
        #expect(px == x)
        #expect(py == y)
    }

    /// The fast path (straight-line map, Montgomery form, batch inversion) gives the points of
    /// the plain §6.6.2 map for many messages, in batches of several sizes.
    @Test(arguments: [1, 2, 7, 128])
    func fastMapAgreesWithReference(batch: Int) throws {
        let group = try P256Group()
        let messages = (0..<(batch * 3)).map { Array("hawalatrace-match/1\u{1F}phone\u{1F}+9370000\($0 * 7919)".utf8) }
        for start in stride(from: 0, to: messages.count, by: batch) {
            let points = try group.hashToCurve(Array(messages[start..<start + batch]), dst: Self.dst)
            defer { points.forEach { EC_POINT_free($0) } }
            for (offset, point) in points.enumerated() {
                let reference = try group.hashToCurveReference(messages[start + offset], dst: Self.dst)
                defer { EC_POINT_free(reference) }
                #expect(EC_POINT_cmp(group.group, point, reference, group.context) == 0)
            }
        }
    }

    /// Decoding a compressed point gives the point that was encoded, for both parities.
    @Test func decodeInvertsEncode() throws {
        let group = try P256Group()
        let points = try group.hashToCurve((0..<64).map { Array("key \($0)".utf8) }, dst: Self.dst)
        defer { points.forEach { EC_POINT_free($0) } }
        var prefixes = Set<UInt8>()
        for point in points {
            let bytes = try group.encode(point)
            prefixes.insert(bytes[0])
            let decoded = try bytes.withUnsafeBytes { try group.decode($0) }
            defer { EC_POINT_free(decoded) }
            #expect(EC_POINT_cmp(group.group, point, decoded, group.context) == 0)
        }
        #expect(prefixes == [2, 3])
    }

    @Test func blindingCommutes() throws {
        let a = try PSIScalar(), b = try PSIScalar()
        let keys = (0..<600).map { Array("key \($0)".utf8) }
        let ab = try PrivateSetIntersection.reblind(try PrivateSetIntersection.blind(keys, scalar: a), scalar: b)
        let ba = try PrivateSetIntersection.reblind(try PrivateSetIntersection.blind(keys, scalar: b), scalar: a)
        #expect(ab == ba)
        #expect(ab.count == 600 * 33)
        #expect(try PrivateSetIntersection.blind(keys, scalar: a) != PrivateSetIntersection.blind(keys, scalar: b))
    }

    @Test func offCurveValuesAreRefused() throws {
        let a = try PSIScalar()
        var bogus = Data(repeating: 0xFF, count: 33)
        bogus[0] = 2
        #expect(throws: MatchingError.self) { try PrivateSetIntersection.reblind(bogus, scalar: a) }
        #expect(throws: MatchingError.self) { try PrivateSetIntersection.reblind(Data(count: 32), scalar: a) }
    }
}

extension P256Group {
    /// hash_to_curve with the plain simplified SWU map of RFC 9380 §6.6.2 (an inversion and up
    /// to two square roots per map), to cross-check the fast path.
    func hashToCurveReference(_ message: [UInt8], dst: [UInt8]) throws -> OpaquePointer {
        let uniform = expandMessageXMD(message, dst: dst, length: 96)
        let u0 = BN_new()!, u1 = BN_new()!
        defer { BN_free(u0); BN_free(u1) }
        uniform[0..<48].withUnsafeBufferPointer { _ = BN_bin2bn($0.baseAddress, 48, u0) }
        uniform[48..<96].withUnsafeBufferPointer { _ = BN_bin2bn($0.baseAddress, 48, u1) }
        BN_nnmod(u0, u0, p, context)
        BN_nnmod(u1, u1, p, context)
        let q0 = try referenceMap(u0), q1 = try referenceMap(u1)
        defer { EC_POINT_free(q1) }
        EC_POINT_add(group, q0, q0, q1, context)
        return q0
    }

    private func referenceMap(_ u: OpaquePointer) throws -> OpaquePointer {
        let ctx = context
        func rhs(_ out: OpaquePointer, _ x: OpaquePointer) {
            BN_mod_sqr(out, x, p, ctx)
            BN_mod_add(out, out, a, p, ctx)
            BN_mod_mul(out, out, x, p, ctx)
            BN_mod_add(out, out, b, p, ctx)
        }
        let u2 = BN_new()!, tv1 = BN_new()!, x1 = BN_new()!, gx = BN_new()!, y = BN_new()!, t = BN_new()!, x2 = BN_new()!
        let minusBOverA = BN_new()!, bOverZA = BN_new()!
        defer { for n in [u2, tv1, x1, gx, y, t, x2, minusBOverA, bOverZA] { BN_free(n) } }
        BN_mod_inverse(t, a, p, ctx)
        BN_mod_mul(minusBOverA, b, t, p, ctx)
        BN_sub(minusBOverA, p, minusBOverA)
        BN_mod_mul(t, z, a, p, ctx)
        BN_mod_inverse(t, t, p, ctx)
        BN_mod_mul(bOverZA, b, t, p, ctx)
        BN_mod_sqr(u2, u, p, ctx)
        BN_mod_mul(u2, z, u2, p, ctx)
        BN_mod_sqr(tv1, u2, p, ctx)
        BN_mod_add(tv1, tv1, u2, p, ctx)
        if BN_is_zero(tv1) == 1 {
            BN_copy(x1, bOverZA)
        } else {
            BN_mod_inverse(tv1, tv1, p, ctx)
            BN_add_word(tv1, 1)
            BN_mod_mul(x1, minusBOverA, tv1, p, ctx)
        }
        rhs(gx, x1)
        var x = x1
        BN_mod_exp(y, gx, sqrtExponent, p, ctx)
        BN_mod_sqr(t, y, p, ctx)
        if BN_cmp(t, gx) != 0 {
            BN_mod_mul(x2, u2, x1, p, ctx)
            rhs(gx, x2)
            BN_mod_exp(y, gx, sqrtExponent, p, ctx)
            x = x2
        }
        if BN_is_odd(u) != BN_is_odd(y) { BN_sub(y, p, y) }
        let point = EC_POINT_new(group)!
        guard EC_POINT_set_affine_coordinates(group, point, x, y, ctx) == 1 else {
            EC_POINT_free(point)
            throw MatchingError(.openssl, "reference map left the curve")
        }
        return point
    }
}
