import Foundation
import HawalaCore
import HawalaExport

/// The two-round private set intersection exchange (docs/matching.md, "Private set
/// intersection"): ``request(_:options:credentials:partner:replyTo:time:)`` →
/// ``respond(_:file:identities:options:credentials:maximumRequestKeys:time:)`` →
/// ``result(_:file:state:stateFile:credentials:)``. Every message is an evidence package;
/// the requester's secret travels only inside the state package, encrypted to itself.
public enum PSIExchange {
    /// The protocol name in custody records.
    public static let protocolName = "dh-psi-p256"
    /// The default ceiling on a request's keys that a responder accepts.
    public static let defaultMaximumRequestKeys = 2_000_000

    /// `data/psi-request.json`.
    public struct RequestHeader: Codable, Sendable, Hashable {
        /// `hawalatrace-psi-request/1`.
        public var format: String
        /// The hash-to-curve suite (RFC 9380).
        public var suite: String
        /// The domain separation tag used to hash keys to the curve.
        public var dst: String
        /// The exchange id.
        public var exchangeID: String
        /// The number of blinded keys in `data/blinded.bin` (33 bytes each, sorted).
        public var count: Int

        enum CodingKeys: String, CodingKey {
            case format, suite, dst, count
            case exchangeID = "exchange_id"
        }
    }

    /// `data/psi-response.json`.
    public struct ResponseHeader: Codable, Sendable, Hashable {
        /// `hawalatrace-psi-response/1`.
        public var format: String
        /// The exchange id of the request answered.
        public var exchangeID: String
        /// The number of values in `data/double-blinded.bin` (the request's, re-blinded, same order).
        public var requestCount: Int
        /// The number of the responder's own blinded keys in `data/blinded.bin` (sorted).
        public var count: Int

        enum CodingKeys: String, CodingKey {
            case format, count
            case exchangeID = "exchange_id"
            case requestCount = "request_count"
        }
    }

    /// One local identity in the state.
    struct StateIdentity: Codable {
        var role: Identity.Role
        var id: String
        var name: String?
    }

    /// `data/psi-state.json`: which local identities and kinds each sent value stands for.
    struct StateHeader: Codable {
        var format: String
        var exchangeID: String
        var partner: String
        var identities: [StateIdentity]
        /// Per sent value (in the order sent): `identityIndex:kind` entries.
        var elements: [[String]]

        enum CodingKeys: String, CodingKey {
            case format, partner, identities, elements
            case exchangeID = "exchange_id"
        }
    }

    /// What ``request(_:options:credentials:partner:replyTo:time:)`` gives.
    public struct Request {
        /// The exchange id.
        public var exchangeID: String
        /// The request package, encrypted to the partner.
        public var package: BuiltPackage
        /// The state package, encrypted to ourselves (keep it for the result; it holds the secret).
        public var state: BuiltPackage
        /// The number of distinct keys sent.
        public var keys: Int
    }

    /// What ``respond(_:file:identities:options:credentials:maximumRequestKeys:time:)`` gives.
    public struct Response {
        /// The exchange id.
        public var exchangeID: String
        /// The response package, encrypted to the requester's reply-to certificate.
        public var package: BuiltPackage
        /// Keys in the request (the requester's set size: all the responder learns).
        public var requesterKeys: Int
        /// Keys we put in.
        public var responderKeys: Int
        /// The verified signer of the request.
        public var requester: String
    }

    /// What ``result(_:file:state:stateFile:credentials:)`` gives.
    public struct Result: Sendable {
        /// The exchange id.
        public var exchangeID: String
        /// Our brokers and parties the partner also holds, with the kinds that matched.
        public var matches: [IdentityMatch]
        /// Keys we sent.
        public var requesterKeys: Int
        /// Keys the partner put in.
        public var responderKeys: Int
        /// The verified signer of the response.
        public var responder: String
    }

    /// A new exchange id: `MATCH-` and 16 random hex digits.
    public static func newExchangeID() -> String {
        "MATCH-" + UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(16).uppercased()
    }

    /// Round 1 (requester): blinds every key of our identities with a fresh secret and seals the
    /// request to the partner and the state (secret and which identity each value stands for)
    /// to ourselves.
    /// - Parameters:
    ///   - identities: our brokers and parties.
    ///   - options: key options (the same on both sides).
    ///   - credentials: our signing identity and decryption certificate.
    ///   - partner: the partner agency's certificate (the request is encrypted to it).
    ///   - replyTo: the certificate the response should be encrypted to (default: our decryption certificate).
    ///   - exchangeID: the exchange id (default: a new one).
    ///   - time: the time written into the custody records.
    /// - Returns: the request and state packages.
    /// - Throws: ``MatchingError`` `.invalidRequest` when there is no key; ``ExportError`` when sealing fails.
    public static func request(
        _ identities: [Identity], options: KeyOptions = KeyOptions(), credentials: MatchCredentials, partner: Certificate,
        replyTo: Certificate? = nil, exchangeID: String = newExchangeID(), time: Date = Date()
    ) throws -> Request {
        var index: [[UInt8]: Int] = [:]
        var keyBytes: [[UInt8]] = []
        var entries: [[String]] = []
        for (identityIndex, keys) in identities.keys(options).enumerated() {
            for key in keys {
                let bytes = key.bytes
                let position: Int
                if let known = index[bytes] { position = known } else {
                    position = keyBytes.count
                    index[bytes] = position
                    keyBytes.append(bytes)
                    entries.append([])
                }
                entries[position].append("\(identityIndex):\(key.kind.rawValue)")
            }
        }
        guard !keyBytes.isEmpty else {
            throw MatchingError(.invalidRequest, "no broker or party yields a match key (no names or identifiers in the database?)")
        }
        let secret = try PSIScalar()
        let blinded = try PrivateSetIntersection.blind(keyBytes, scalar: secret)
        let order = sortedOrder(blinded)
        let sortedBlinded = reorder(blinded, order)
        let header = RequestHeader(
            format: "hawalatrace-psi-request/1", suite: P256Group.suite, dst: PrivateSetIntersection.domainSeparationTag,
            exchangeID: exchangeID, count: keyBytes.count)
        let exchange = CustodyRecord.MatchExchange(
            protocolName: protocolName, message: "request", exchangeID: exchangeID, requesterKeys: keyBytes.count,
            responderKeys: nil)
        let reply = replyTo ?? credentials.certificate
        let package = try MatchEnvelope.seal(
            [
                PayloadFile(name: "psi-request.json", data: try MatchEnvelope.encode(header)),
                PayloadFile(name: "blinded.bin", data: sortedBlinded),
                PayloadFile(name: "reply-to.crt.pem", data: Data(reply.pem.utf8)),
            ], id: "\(exchangeID)-request", exchange: exchange, credentials: credentials, recipient: partner, time: time)

        var secretBytes = [UInt8](repeating: 0, count: 32)
        secretBytes.withUnsafeMutableBytes { secret.write(into: $0) }
        var secretData = Data(secretBytes)
        for index in secretBytes.indices { secretBytes[index] = 0 }
        defer { secretData.resetBytes(in: 0..<secretData.count) }
        let state = StateHeader(
            format: "hawalatrace-psi-state/1", exchangeID: exchangeID, partner: partner.subject,
            identities: identities.map { StateIdentity(role: $0.role, id: $0.id, name: $0.names.first) },
            elements: order.map { entries[$0] })
        var stateExchange = exchange
        stateExchange.message = "state"
        let statePackage = try MatchEnvelope.seal(
            [
                PayloadFile(name: "psi-state.json", data: try MatchEnvelope.encode(state)),
                PayloadFile(name: "secret.bin", data: secretData),
            ], id: "\(exchangeID)-state", exchange: stateExchange, credentials: credentials,
            recipient: credentials.certificate, time: time)
        return Request(exchangeID: exchangeID, package: package, state: statePackage, keys: keyBytes.count)
    }

    /// Round 2 (responder): opens and checks the request, re-blinds its values with a fresh
    /// secret (kept in memory only, destroyed on return), blinds our own keys, and seals the
    /// response to the requester's reply-to certificate.
    /// - Parameters:
    ///   - data: the request package.
    ///   - file: its file name, for messages.
    ///   - identities: our brokers and parties.
    ///   - options: key options.
    ///   - credentials: our signing identity, decryption certificate and trusted CAs.
    ///   - maximumRequestKeys: refuse a request with more keys than this.
    ///   - expectedSHA256: the request's `.sha256` sidecar digest, if at hand.
    ///   - time: the time written into the custody record.
    /// - Returns: the response package and the set sizes.
    /// - Throws: ``ExportError`` (10–13) for a refused package; ``MatchingError``
    ///   `.malformedMessage`, `.tooLarge`, `.invalidRequest`.
    public static func respond(
        _ data: Data, file: String, identities: [Identity], options: KeyOptions = KeyOptions(), credentials: MatchCredentials,
        maximumRequestKeys: Int = defaultMaximumRequestKeys, expectedSHA256: String? = nil, time: Date = Date()
    ) throws -> Response {
        let (opened, exchange) = try MatchEnvelope.open(
            data, credentials: credentials, message: "request", file: file, expectedSHA256: expectedSHA256)
        let header = try MatchEnvelope.decode(
            RequestHeader.self, try MatchEnvelope.file(opened, "psi-request.json", in: file), name: "psi-request.json", file: file)
        guard header.format == "hawalatrace-psi-request/1", header.suite == P256Group.suite,
            header.dst == PrivateSetIntersection.domainSeparationTag, header.exchangeID == exchange.exchangeID,
            header.count == exchange.requesterKeys
        else {
            throw MatchingError(.malformedMessage, "the request's format, suite or counts disagree with this tool's", location: SourceLocation(file: file))
        }
        guard header.count <= maximumRequestKeys else {
            throw MatchingError(
                .tooLarge,
                "the request holds \(header.count) keys, more than the \(maximumRequestKeys) accepted: a partner who puts guesses into its set learns whether we hold them (raise --max-request-keys only if this size is expected)",
                location: SourceLocation(file: file))
        }
        let blinded = try MatchEnvelope.file(opened, "blinded.bin", in: file)
        guard blinded.count == header.count * P256Group.pointBytes else {
            throw MatchingError(.malformedMessage, "data/blinded.bin does not hold \(header.count) points", location: SourceLocation(file: file))
        }
        guard let reply = try Certificate.parseAll(try MatchEnvelope.file(opened, "reply-to.crt.pem", in: file), name: "reply-to certificate").first else {
            throw MatchingError(.malformedMessage, "the request names no reply-to certificate", location: SourceLocation(file: file))
        }
        let keys = Array(Set(identities.keys(options).joined().map(\.bytes)))
        guard !keys.isEmpty else {
            throw MatchingError(.invalidRequest, "no broker or party yields a match key (no names or identifiers in the database?)")
        }
        let response: Data
        let own: Data
        do {
            let secret = try PSIScalar()
            response = try PrivateSetIntersection.reblind(blinded, scalar: secret)
            own = try PrivateSetIntersection.blind(keys, scalar: secret)
        }  // the secret is cleared here
        let responseHeader = ResponseHeader(
            format: "hawalatrace-psi-response/1", exchangeID: header.exchangeID, requestCount: header.count, count: keys.count)
        let responseExchange = CustodyRecord.MatchExchange(
            protocolName: protocolName, message: "response", exchangeID: header.exchangeID, requesterKeys: header.count,
            responderKeys: keys.count)
        let package = try MatchEnvelope.seal(
            [
                PayloadFile(name: "psi-response.json", data: try MatchEnvelope.encode(responseHeader)),
                PayloadFile(name: "double-blinded.bin", data: response),
                PayloadFile(name: "blinded.bin", data: reorder(own, sortedOrder(own))),
            ], id: "\(header.exchangeID)-response", exchange: responseExchange, credentials: credentials, recipient: reply,
            time: time)
        return Response(
            exchangeID: header.exchangeID, package: package, requesterKeys: header.count, responderKeys: keys.count,
            requester: opened.signerSubjects.joined(separator: "; "))
    }

    /// Round 3 (requester): opens the response and our state, re-blinds the partner's values
    /// with our secret, and lists our identities whose double-blinded keys appear among them.
    /// - Parameters:
    ///   - data: the response package.
    ///   - file: its file name.
    ///   - state: our state package (from the request).
    ///   - stateFile: its file name.
    ///   - credentials: our decryption certificate, key and trusted CAs.
    ///   - expectedSHA256: the response's `.sha256` sidecar digest, if at hand.
    /// - Returns: the matches and set sizes.
    /// - Throws: ``ExportError`` (10–13) for a refused package; ``MatchingError``
    ///   `.mismatchedExchange` when the response answers another request; `.malformedMessage`.
    public static func result(
        _ data: Data, file: String, state: Data, stateFile: String, credentials: MatchCredentials, expectedSHA256: String? = nil
    ) throws -> Result {
        let (opened, exchange) = try MatchEnvelope.open(
            data, credentials: credentials, message: "response", file: file, expectedSHA256: expectedSHA256)
        let (openedState, _) = try MatchEnvelope.open(state, credentials: credentials, message: "state", file: stateFile)
        guard openedState.signerFingerprints.contains(credentials.signer.certificate.sha256Fingerprint) else {
            throw MatchingError(.mismatchedExchange, "the state was not signed by us", location: SourceLocation(file: stateFile))
        }
        let stateHeader = try MatchEnvelope.decode(
            StateHeader.self, try MatchEnvelope.file(openedState, "psi-state.json", in: stateFile), name: "psi-state.json", file: stateFile)
        let header = try MatchEnvelope.decode(
            ResponseHeader.self, try MatchEnvelope.file(opened, "psi-response.json", in: file), name: "psi-response.json", file: file)
        guard header.exchangeID == stateHeader.exchangeID, exchange.exchangeID == stateHeader.exchangeID else {
            throw MatchingError(
                .mismatchedExchange, "the response answers \(header.exchangeID), the state is of \(stateHeader.exchangeID)",
                location: SourceLocation(file: file))
        }
        let doubled = try MatchEnvelope.file(opened, "double-blinded.bin", in: file)
        let theirs = try MatchEnvelope.file(opened, "blinded.bin", in: file)
        let size = P256Group.pointBytes
        guard header.requestCount == stateHeader.elements.count, doubled.count == header.requestCount * size,
            theirs.count == header.count * size
        else {
            throw MatchingError(.malformedMessage, "the response's counts disagree with the request", location: SourceLocation(file: file))
        }
        let secretData = try MatchEnvelope.file(openedState, "secret.bin", in: stateFile)
        let partnerSet: Set<Data>
        do {
            let secret = try secretData.withUnsafeBytes { try PSIScalar(bytes: $0) }
            let theirsDoubled = try PrivateSetIntersection.reblind(theirs, scalar: secret)
            partnerSet = Set(stride(from: 0, to: theirsDoubled.count, by: size).map { theirsDoubled[$0..<$0 + size] })
        }  // the secret is cleared here
        var kinds: [Int: Set<MatchKey.Kind>] = [:]
        for element in 0..<header.requestCount where partnerSet.contains(doubled[element * size..<(element + 1) * size]) {
            for entry in stateHeader.elements[element] {
                let parts = entry.split(separator: ":", maxSplits: 1)
                guard parts.count == 2, let identity = Int(parts[0]), stateHeader.identities.indices.contains(identity),
                    let kind = MatchKey.Kind(rawValue: String(parts[1]))
                else { throw MatchingError(.malformedMessage, "the state is damaged", location: SourceLocation(file: stateFile)) }
                kinds[identity, default: []].insert(kind)
            }
        }
        let matches = kinds.map { index, kinds in
            let identity = stateHeader.identities[index]
            return IdentityMatch(role: identity.role, id: identity.id, name: identity.name, kinds: kinds.sorted())
        }.sorted { ($0.role.rawValue, $0.id) < ($1.role.rawValue, $1.id) }
        return Result(
            exchangeID: header.exchangeID, matches: matches, requesterKeys: header.requestCount, responderKeys: header.count,
            responder: opened.signerSubjects.joined(separator: "; "))
    }

    /// The order that sorts 33-byte records bytewise (so the order sent reveals nothing).
    static func sortedOrder(_ records: Data) -> [Int] {
        let size = P256Group.pointBytes
        let bytes = [UInt8](records)
        return (0..<bytes.count / size).sorted { a, b in
            bytes[a * size..<(a + 1) * size].lexicographicallyPrecedes(bytes[b * size..<(b + 1) * size])
        }
    }

    /// 33-byte records in the given order.
    static func reorder(_ records: Data, _ order: [Int]) -> Data {
        let size = P256Group.pointBytes
        var out = Data(capacity: records.count)
        let base = records.startIndex
        for index in order { out.append(records[base + index * size..<base + (index + 1) * size]) }
        return out
    }
}
