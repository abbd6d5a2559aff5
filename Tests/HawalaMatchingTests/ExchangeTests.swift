import Foundation
import HawalaCore
import HawalaSimulation
import HawalaStore
import Testing

@testable import HawalaExport
@testable import HawalaMatching

/// Two databases made from a simulated partner view (shared brokers and parties under other
/// spellings and scripts): both methods find exactly the overlap, with the kinds that matched.
@Suite struct ExchangeTests {
    let view = MatchFixture.view
    let directory: URL
    let ours: [Identity]
    let theirs: [Identity]

    init() throws {
        directory = try MatchFixture.directory()
        ours = try MatchFixture.store(view.ours, in: directory, name: "ours").matchIdentities()
        theirs = try MatchFixture.store(view.partner, in: directory, name: "partner").matchIdentities()
    }

    static func key(_ text: String) -> Secret {
        var bytes = Array(text.utf8)
        return Secret(bytes: &bytes)
    }

    /// Our ids the truth says the partner also holds.
    var expectedIDs: Set<String> { Set(view.sharedBrokers.keys).union(view.sharedParties.keys) }

    @Test func partnerViewHasTheOverlapItWasAskedFor() {
        #expect(view.sharedBrokers.count == 3)
        #expect(view.sharedParties.count == 12)
        #expect(view.ours.parties.count == 40)
        #expect(view.partner.parties.count == 40)
        #expect(ours.count == view.ours.brokers.count + 40)
    }

    @Test func keyedFilterFindsExactlyTheOverlap() throws {
        let key = Self.key("0123456789abcdef0123456789abcdef")
        let filter = try KeyedFilter.make(theirs, key: key)
        let parsed = try KeyedFilter.parse(try filter.json(), file: "filter.json")
        let matches = try parsed.check(ours, key: key)
        #expect(Set(matches.map(\.id)) == expectedIDs)
        #expect(matches.allSatisfy { !$0.kinds.isEmpty })
        // Brokers match on licence (other punctuation) and on the name with the legal form dropped.
        for match in matches where match.role == .broker {
            #expect(match.kinds.contains(.licence))
            #expect(match.kinds.contains(.sortedName))
        }
        // Every shared person matches at least on the phonetic key.
        for match in matches where match.role == .party { #expect(match.kinds.contains(.phoneticName)) }
        #expect(try parsed.madeWith(key: key))
    }

    @Test func filterUnderAnotherKeyMatchesNothing() throws {
        let filter = try KeyedFilter.make(theirs, key: Self.key("0123456789abcdef0123456789abcdef"))
        let other = Self.key("fedcba9876543210fedcba9876543210")
        #expect(try filter.check(ours, key: other).isEmpty)
        #expect(try filter.check(theirs, key: other).isEmpty)
        #expect(!(try filter.madeWith(key: other)))
    }

    @Test func bloomFilterFindsTheOverlapToo() throws {
        let key = Self.key("0123456789abcdef0123456789abcdef")
        let filter = try KeyedFilter.make(theirs, key: key, bloomFalsePositiveRate: 1e-9)
        #expect(filter.values == nil)
        let matches = try KeyedFilter.parse(try filter.json(), file: "f").check(ours, key: key)
        #expect(Set(matches.map(\.id)) == expectedIDs)
    }

    @Test func shortKeyIsRefused() {
        #expect(throws: MatchingError.self) { try KeyedFilter.make(ours, key: Self.key("short")) }
    }

    @Test func privateSetIntersectionFindsTheSameOverlapWithTheSameKinds() throws {
        let pki = try MatchFixture.shared.get()
        let a = try MatchFixture.credentials(pki.agencyA), b = try MatchFixture.credentials(pki.agencyB)
        let request = try PSIExchange.request(ours, credentials: a, partner: try MatchFixture.certificate(pki.agencyB))
        let response = try PSIExchange.respond(request.package.der, file: "req.p7m", identities: theirs, credentials: b)
        #expect(response.requesterKeys == request.keys)
        #expect(response.requester.contains("FIU A"))
        let result = try PSIExchange.result(
            response.package.der, file: "resp.p7m", state: request.state.der, stateFile: "state.p7m", credentials: a)
        #expect(Set(result.matches.map(\.id)) == expectedIDs)
        #expect(result.requesterKeys == request.keys)
        #expect(result.responderKeys == response.responderKeys)
        let key = Self.key("0123456789abcdef0123456789abcdef")
        let filtered = try KeyedFilter.make(theirs, key: key).check(ours, key: key)
        #expect(result.matches == filtered)
        // The set sizes are on record in the signed custody records.
        #expect(request.package.custody.matchExchange?.requesterKeys == request.keys)
        #expect(response.package.custody.matchExchange?.responderKeys == response.responderKeys)
    }

    @Test func exchangedFilesHoldNoIdentifierInClear() throws {
        let pki = try MatchFixture.shared.get()
        let a = try MatchFixture.credentials(pki.agencyA), b = try MatchFixture.credentials(pki.agencyB)
        let key = Self.key("0123456789abcdef0123456789abcdef")
        let filter = try KeyedFilter.make(ours, key: key)
        let request = try PSIExchange.request(ours, credentials: a, partner: try MatchFixture.certificate(pki.agencyB))
        let response = try PSIExchange.respond(request.package.der, file: "req.p7m", identities: theirs, credentials: b)
        // What travels (sealed), and what the recipient reads once it is opened.
        var files: [(String, Data)] = [
            ("filter.json", try filter.json()),
            ("sealed filter", try FilterExchange.seal(filter, credentials: a, partner: try MatchFixture.certificate(pki.agencyB)).der),
            ("req.p7m", request.package.der), ("resp.p7m", response.package.der), ("state", request.state.der),
        ]
        let openedRequest = try MatchEnvelope.open(request.package.der, credentials: b, message: "request", file: "req")
        let openedResponse = try MatchEnvelope.open(response.package.der, credentials: a, message: "response", file: "resp")
        for (name, data) in openedRequest.package.bag.files.merging(openedResponse.package.bag.files, uniquingKeysWith: { $0 + $1 }) {
            files.append(("opened " + name, data))
        }
        let needles = MatchFixture.identifiers(view)
        #expect(needles.count > 100)
        for (name, data) in files {
            for needle in needles {
                #expect(!MatchFixture.contains(data, needle), "\(name) holds '\(needle)' in clear")
            }
        }
    }

    @Test func tamperedRequestIsRefusedLikeAnEvidencePackage() throws {
        let pki = try MatchFixture.shared.get()
        let a = try MatchFixture.credentials(pki.agencyA), b = try MatchFixture.credentials(pki.agencyB)
        let request = try PSIExchange.request(ours, credentials: a, partner: try MatchFixture.certificate(pki.agencyB))
        var tampered = request.package.der
        tampered[tampered.count - 40] ^= 0x01
        let error = #expect(throws: ExportError.self) {
            try PSIExchange.respond(tampered, file: "req.p7m", identities: theirs, credentials: b)
        }
        #expect([.cannotDecrypt, .badSignature, .checksumMismatch].contains(error?.code))
        // Altered anywhere the GCM tag does not cover: the .sha256 sidecar shows it.
        #expect(throws: ExportError.self) {
            try PSIExchange.respond(
                request.package.der, file: "req.p7m", identities: theirs, credentials: b,
                expectedSHA256: String(repeating: "0", count: 64))
        }
    }

    @Test func reAddressedRequestIsRefused() throws {
        let pki = try MatchFixture.shared.get()
        let a = try MatchFixture.credentials(pki.agencyA), b = try MatchFixture.credentials(pki.agencyB)
        let c = try MatchFixture.credentials(pki.agencyC)
        let request = try PSIExchange.request(ours, credentials: a, partner: try MatchFixture.certificate(pki.agencyB))
        // B decrypts the signed request and re-encrypts it, signature intact, to C.
        let signed = try CMSMessage.decrypt(request.package.der, certificate: b.certificate, key: b.key, password: nil)
        let forwarded = try CMSMessage.encrypt(
            signed, recipients: [c.certificate], cipher: .aes256GCM, password: nil, iterations: EvidencePackage.minimumPasswordIterations)
        let error = #expect(throws: ExportError.self) {
            try PSIExchange.respond(forwarded, file: "req.p7m", identities: theirs, credentials: c)
        }
        #expect(error?.code == .notAddressedToUs)
        // And C cannot open the original at all.
        let other = #expect(throws: ExportError.self) {
            try PSIExchange.respond(request.package.der, file: "req.p7m", identities: theirs, credentials: c)
        }
        #expect(other?.code == .cannotDecrypt)
    }

    @Test func responseToAnotherRequestIsRefused() throws {
        let pki = try MatchFixture.shared.get()
        let a = try MatchFixture.credentials(pki.agencyA), b = try MatchFixture.credentials(pki.agencyB)
        let partner = try MatchFixture.certificate(pki.agencyB)
        let first = try PSIExchange.request(ours, credentials: a, partner: partner)
        let second = try PSIExchange.request(ours, credentials: a, partner: partner)
        let response = try PSIExchange.respond(first.package.der, file: "req.p7m", identities: theirs, credentials: b)
        let error = #expect(throws: MatchingError.self) {
            try PSIExchange.result(response.package.der, file: "resp.p7m", state: second.state.der, stateFile: "s", credentials: a)
        }
        #expect(error?.code == .mismatchedExchange)
        // A request is not a response, and an oversized request is refused.
        #expect(throws: MatchingError.self) {
            try PSIExchange.respond(response.package.der, file: "resp.p7m", identities: ours, credentials: a)
        }
        let tooLarge = #expect(throws: MatchingError.self) {
            try PSIExchange.respond(first.package.der, file: "req.p7m", identities: theirs, credentials: b, maximumRequestKeys: 10)
        }
        #expect(tooLarge?.code == .tooLarge)
    }
}
