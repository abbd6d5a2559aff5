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
