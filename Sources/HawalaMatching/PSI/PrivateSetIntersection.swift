import COpenSSL
import Foundation

/// A PSI secret: a scalar in [1, n − 1] of P-256, held in OpenSSL's secure heap and cleared
/// when the object goes away (`BN_clear_free`). Never logged; written only inside a
/// CMS-encrypted state file addressed to ourselves.
public final class PSIScalar: CustomStringConvertible, @unchecked Sendable {
    let pointer: OpaquePointer

    /// A fresh random scalar from OpenSSL's private DRBG.
    /// - Throws: ``MatchingError`` `.openssl`.
    public init() throws { pointer = try P256Group().randomScalar() }

    /// A scalar read back from its 32 big-endian bytes (which the caller then wipes).
    /// - Parameter bytes: 32 bytes.
    /// - Throws: ``MatchingError`` `.mismatchedExchange` when the bytes are not a scalar in range.
    init(bytes: UnsafeRawBufferPointer) throws {
        guard bytes.count == 32, let k = BN_secure_new() else {
            throw MatchingError(.mismatchedExchange, "the exchange state holds no valid secret")
        }
        BN_bin2bn(bytes.baseAddress?.assumingMemoryBound(to: UInt8.self), 32, k)
        pointer = k
    }

    deinit { BN_clear_free(pointer) }

    /// The 32 big-endian bytes, into a buffer the caller must wipe.
    func write(into buffer: UnsafeMutableRawBufferPointer) {
        _ = BN_bn2binpad(pointer, buffer.baseAddress?.assumingMemoryBound(to: UInt8.self), 32)
    }

    /// Never shows the scalar.
    public var description: String { "PSIScalar(hidden)" }
}

/// Diffie–Hellman private set intersection by commutative blinding (Meadows, IEEE S&P 1986;
/// Huberman, Franklin & Hogg, ACM EC 1999; the DH-PSI of De Cristofaro & Tsudik, FC 2010) on
/// P-256 with RFC 9380 hashing to the curve, as in the OPRF of RFC 9497 (docs/matching.md,
/// "Private set intersection"):
///
/// 1. A hashes each key to the curve, H(k), and sends H(k)^a (blinded with its secret a), sorted.
/// 2. B sends back (H(k)^a)^b for each received value, in the order received, and H(m)^b for
///    each of its own keys m, sorted.
/// 3. A computes (H(m)^b)^a; a key k of A is in B's set exactly when H(k)^ab is among them.
///
/// All operations run on every core (a worker per core, each with its own group and context).
public enum PrivateSetIntersection {
    /// The domain separation tag for hashing keys to the curve (RFC 9380 §3.1).
    public static let domainSeparationTag = "HawalaTrace-PSI-V01-CS01-with-P256_XMD:SHA-256_SSWU_RO_"

    /// H(k)^s for every key: hashed to the curve, multiplied by the scalar, compressed.
    /// - Parameters:
    ///   - keys: the key bytes (``MatchKey/bytes``).
    ///   - scalar: our secret.
    /// - Returns: 33 bytes per key, in the order given.
    /// - Throws: ``MatchingError`` `.openssl`.
    public static func blind(_ keys: [[UInt8]], scalar: PSIScalar) throws -> Data {
        let dst = Array(domainSeparationTag.utf8)
        return try parallel(count: keys.count) { group, range in
            let points = try group.hashToCurve(Array(keys[range]), dst: dst)
            defer { for point in points { EC_POINT_free(point) } }
            return try points.map { try group.multiply($0, by: scalar.pointer) }
        }
    }

    /// X^s for every compressed point X of `points` (33 bytes each).
    /// - Parameters:
    ///   - points: concatenated compressed points.
    ///   - scalar: our secret.
    /// - Returns: 33 bytes per point, in the order given.
    /// - Throws: ``MatchingError`` `.malformedMessage` when a value is not a point on the curve.
    public static func reblind(_ points: Data, scalar: PSIScalar) throws -> Data {
        let size = P256Group.pointBytes
        guard points.count % size == 0 else {
            throw MatchingError(.malformedMessage, "blinded values are not a whole number of \(size)-byte points")
        }
        let bytes = [UInt8](points)
        return try parallel(count: bytes.count / size) { group, range in
            try range.map { index in
                let point = try bytes[index * size..<(index + 1) * size].withUnsafeBytes { try group.decode($0) }
                defer { EC_POINT_free(point) }
                return try group.multiply(point, by: scalar.pointer)
            }
        }
    }

    /// Runs `body` over 0..<count in chunks of ``P256Group/batchSize`` on every core (a worker
    /// per core, each with its own group and context, taking chunks in turn), collecting the
    /// 33-byte outputs in order.
    static func parallel(
        count: Int, _ body: @escaping @Sendable (P256Group, Range<Int>) throws -> [[UInt8]]
    ) throws -> Data {
        let size = P256Group.pointBytes, chunk = P256Group.batchSize
        var output = [UInt8](repeating: 0, count: count * size)
        let chunks = (count + chunk - 1) / chunk
        let workers = max(1, min(ProcessInfo.processInfo.activeProcessorCount, (count + 255) / 256))
        let failure = FailureBox()
        output.withUnsafeMutableBufferPointer { buffer in
            let target = SendableBuffer(buffer: buffer)
            DispatchQueue.concurrentPerform(iterations: workers) { worker in
                do {
                    let group = try P256Group()
                    var next = worker
                    while next < chunks, failure.error == nil {
                        let range = next * chunk..<min(count, (next + 1) * chunk)
                        for (offset, value) in try body(group, range).enumerated() {
                            let base = (range.lowerBound + offset) * size
                            for (byte, element) in value.enumerated() { target.buffer[base + byte] = element }
                        }
                        next += workers
                    }
                } catch {
                    failure.set(error)
                }
            }
        }
        if let error = failure.error { throw error }
        return Data(output)
    }
}

/// A buffer written by disjoint indexes from several threads.
struct SendableBuffer: @unchecked Sendable {
    let buffer: UnsafeMutableBufferPointer<UInt8>
}

/// The first error of parallel workers.
final class FailureBox: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: (any Error)?
    var error: (any Error)? { lock.withLock { stored } }
    func set(_ error: any Error) { lock.withLock { if stored == nil { stored = error } } }
}
