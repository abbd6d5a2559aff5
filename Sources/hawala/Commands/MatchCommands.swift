import ArgumentParser
import Foundation
import HawalaCore
import HawalaExport
import HawalaMatching
import HawalaSimulation
import HawalaStore

// Commands of issue 13 (matching between agencies without disclosure). All logic is in
// HawalaMatching; see docs/matching.md.

struct Match: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Find which brokers and parties a partner FIU also knows, revealing nothing else.",
        discussion: """
            Two ways: keyed filters (filter/check: HMAC-SHA-256 under a key both agencies agreed \
            outside the tool, one message) and private set intersection (request/respond/result: \
            no shared key, two messages). See docs/matching.md.
            """,
        subcommands: [
            MatchFilter.self, MatchCheck.self, MatchRequest.self, MatchRespond.self, MatchResult.self, MatchKeys.self,
            MatchDemo.self,
        ])
}

/// Options for making match keys, shared by every match command.
struct KeyOptionGroup: ParsableArguments {
    @Option(help: "Country (ISO 3166-1 alpha-2, or +NN) of phone numbers written without a country code.")
    var phoneCountry: String?

    @Flag(help: "Make no name key for persons without a birth date (fewer, stronger keys).")
    var requireBirthYear = false

    @Flag(help: "For persons with a birth date, also make the name keys without the birth year.")
    var alsoWithoutBirthYear = false

    var options: KeyOptions {
        KeyOptions(phoneCountry: phoneCountry, alsoWithoutBirthYear: alsoWithoutBirthYear, requireBirthYear: requireBirthYear)
    }
}

/// Our signing identity, for the commands that send a message.
struct SignerOptionGroup: ParsableArguments {
    @Option(help: "Our agency's signing certificate (PEM or DER).")
    var signerCert: String?

    @Option(help: "Our signing key: PEM (encrypted or not) or PKCS#12.")
    var signerKey: String?

    @Option(help: "A file holding the signing key's passphrase (first line).")
    var signerPassFile: String?

    func identity() throws -> SignerIdentity? {
        guard let signerCert, let signerKey else { return nil }
        let keyFile = try PrivateKey.loadWithCertificates(signerKey, passphrase: try signerPassFile.map(Secret.fromFile))
        let certificate = try keyFile.certificate.flatMap { signerCert == signerKey ? $0 : nil } ?? Certificate.loadOne(signerCert)
        let signer = SignerIdentity(certificate: certificate, key: keyFile.key, chain: keyFile.chain)
        try signer.validate()
        return signer
    }
}

/// Our decryption certificate and key and the CAs we trust, for the commands that open a message.
struct OpenerOptionGroup: ParsableArguments {
    @Option(help: "Our decryption certificate (default: --signer-cert).")
    var cert: String?

    @Option(name: .customLong("private-key"), help: "The private key of --cert (default: --signer-key).")
    var privateKey: String?

    @Option(help: "A file holding that key's passphrase (first line).")
    var keyPassFile: String?

    @Option(help: "The CA certificate(s) trusted for the partner's (and our own) signature (PEM).")
    var trust: String?

    func credentials(signer: SignerIdentity?) throws -> MatchCredentials {
        guard let trust else { throw ValidationError("give --trust CA.pem to verify the partner's signature") }
        let anchors = try Certificate.load(trust)
        let certificate = try cert.map(Certificate.loadOne) ?? signer?.certificate
        let key = try privateKey.map { try PrivateKey.load($0, passphrase: try keyPassFile.map(Secret.fromFile)) } ?? signer?.key
        guard let certificate, let key else {
            throw ValidationError("give --cert and --private-key (or --signer-cert and --signer-key) to decrypt")
        }
        let signing = signer ?? SignerIdentity(certificate: certificate, key: key)
        return MatchCredentials(signer: signing, certificate: certificate, key: key, trust: anchors)
    }
}

/// Reads a whole input file with the CLI's error for a missing one.
func readInput(_ path: String, expected: String) throws -> Data {
    try requireInputFile(path, expected: expected)
    do { return try Data(contentsOf: URL(fileURLWithPath: path)) } catch {
        throw MatchingError(.io, "cannot read the file", location: SourceLocation(file: path), underlying: error)
    }
}

/// The `.sha256` sidecar's digest when it lies beside `path`.
func sidecarDigest(_ path: String) throws -> String? {
    FileManager.default.fileExists(atPath: path + ".sha256") ? try EvidencePackage.readChecksumFile(path + ".sha256") : nil
}

/// Writes a package and its `.sha256` sidecar to exactly `path`, refusing to overwrite.
func writePackage(_ package: BuiltPackage, to path: String) throws {
    try requireOutputFile(path)
    for target in [path, path + ".sha256"] where FileManager.default.fileExists(atPath: target) {
        throw CommandError(.unwritable, "exists already; choose another --out", location: SourceLocation(file: target))
    }
    let name = URL(fileURLWithPath: path).lastPathComponent
    do {
        try package.der.write(to: URL(fileURLWithPath: path), options: .atomic)
        try Data("\(package.sha256)  \(name)\n".utf8).write(to: URL(fileURLWithPath: path + ".sha256"), options: .atomic)
    } catch {
        try? FileManager.default.removeItem(atPath: path)
        throw MatchingError(.io, "cannot write the message", location: SourceLocation(file: path), underlying: error)
    }
}

/// Prints matches as text, JSON or CSV.
func printMatches(_ matches: [IdentityMatch], format: OutputFormat) throws {
    switch format {
    case .json:
        let data = try JSONCoding.encoder().encode(matches.map { ["role": $0.role.rawValue, "id": $0.id, "name": $0.name ?? "", "kinds": $0.kinds.map(\.rawValue).joined(separator: ",")] })
        print(String(decoding: data, as: UTF8.self))
    case .csv:
        print("role,id,name,kinds")
        for match in matches {
            print([match.role.rawValue, match.id, match.name ?? "", match.kinds.map(\.rawValue).joined(separator: ";")]
                .map { $0.contains(where: { ",\"\n".contains($0) }) ? "\"" + $0.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : $0 }
                .joined(separator: ","))
        }
    case .text:
        for match in matches {
            print("\(match.role.rawValue) \(match.id)\t\(match.name ?? "")\tmatched: \(match.kinds.map(\.title).joined(separator: ", "))")
        }
    }
}

struct MatchFilter: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "filter",
        abstract: "Write a keyed filter (HMAC-SHA-256 of every match key) of our brokers and parties.",
        discussion: """
            The key (first line of KEYFILE, at least 16 bytes, e.g. `openssl rand -hex 32`) is agreed \
            with the partner outside the tool. Without --to, FILE is the filter as JSON (kinds, counts, \
            MACs; no plaintext); with --to and --signer-cert/--signer-key it is sealed as a signed, \
            encrypted package to the partner.
            """)

    @OptionGroup var global: GlobalOptions
    @OptionGroup var keyOptions: KeyOptionGroup
    @OptionGroup var signer: SignerOptionGroup

    @Option(name: .customLong("key"), help: "The agreed filter key file (first line).")
    var keyFile: String

    @Option(help: "The filter file to write.")
    var out: String

    @Option(help: "Write a Bloom filter with this false-positive rate per key instead of the MAC list (e.g. 0.001).")
    var bloom: Double?

    @Option(help: "Seal the filter to this partner certificate (needs --signer-cert and --signer-key).")
    var to: String?

    func run() throws {
        try mapErrors {
            let key = try Secret.fromFile(keyFile)
            let signerIdentity = try signer.identity()
            if to != nil, signerIdentity == nil { throw ValidationError("--to needs --signer-cert and --signer-key") }
            let partner = try to.map(Certificate.loadOne)
            try requireOutputFile(out)
            let identities = try global.openStore(mustExist: true).matchIdentities()
            let filter = try KeyedFilter.make(identities, key: key, options: keyOptions.options, bloomFalsePositiveRate: bloom)
            if let partner, let signerIdentity {
                let package = try FilterExchange.seal(
                    filter, credentials: MatchCredentials(signer: signerIdentity, trust: []), partner: partner)
                try writePackage(package, to: out)
            } else {
                guard !FileManager.default.fileExists(atPath: out) else {
                    throw CommandError(.unwritable, "exists already; choose another --out", location: SourceLocation(file: out))
                }
                do { try filter.json().write(to: URL(fileURLWithPath: out), options: .atomic) } catch let error as MatchingError {
                    throw error
                } catch {
                    throw MatchingError(.io, "cannot write the filter", location: SourceLocation(file: out), underlying: error)
                }
            }
            printError("hawala: filter of \(identities.count) brokers and parties: \(filter.count) keys (\(filter.counts.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", "))) written to \(out)")
        }
    }
}

struct MatchCheck: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "List our brokers and parties whose keys are in a partner's keyed filter, with the kinds.")

    @OptionGroup var global: GlobalOptions
    @OptionGroup var keyOptions: KeyOptionGroup
    @OptionGroup var opener: OpenerOptionGroup

    @Argument(help: "The partner's filter (JSON, or a sealed .p7m with --cert/--private-key/--trust).")
    var file: String

    @Option(name: .customLong("key"), help: "The agreed filter key file (first line).")
    var keyFile: String

    @Option(help: "Output format.")
    var format: OutputFormat = .text

    func run() throws {
        try mapErrors {
            let key = try Secret.fromFile(keyFile)
            let data = try readInput(file, expected: "a match filter")
            let credentials = opener.trust == nil ? nil : try opener.credentials(signer: nil)
            let (filter, signer) = try FilterExchange.read(data, file: file, credentials: credentials, expectedSHA256: try sidecarDigest(file))
            if let signer { printError("hawala: filter verified: signed by \(signer)") }
            if !(try filter.madeWith(key: key)) {
                printError("hawala: warning: the filter was made with another key (key check differs): nothing can match")
            }
            let identities = try global.openStore(mustExist: true).matchIdentities()
            let matches = try filter.check(identities, key: key, options: keyOptions.options)
            try printMatches(matches, format: format)
            printError("hawala: \(matches.count) of \(identities.count) brokers and parties are in the filter (\(filter.count) keys)\(filter.bloom.map { "; Bloom filter: each key may match falsely with probability \($0.falsePositiveRate)" } ?? "")")
        }
    }
}

struct MatchRequest: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "request",
        abstract: "Private set intersection, round 1: blind our keys and seal the request to the partner.",
        discussion: """
            Writes OUT (and OUT.sha256) for the partner, and the state beside it (OUT with .state.p7m): \
            our secret and which broker or party each value stands for, encrypted to our own \
            certificate. Keep the state for `hawala match result`; it is removed after the result.
            """)

    @OptionGroup var global: GlobalOptions
    @OptionGroup var keyOptions: KeyOptionGroup
    @OptionGroup var signer: SignerOptionGroup

    @Option(help: "The partner agency's certificate (the request is encrypted to it).")
    var to: String

    @Option(help: "The certificate the partner should encrypt its response to (default: --signer-cert).")
    var replyTo: String?

    @Option(help: "The request file to write (e.g. req.p7m).")
    var out: String

    func run() throws {
        try mapErrors {
            guard let signerIdentity = try signer.identity() else { throw ValidationError("give --signer-cert and --signer-key") }
            let partner = try Certificate.loadOne(to)
            let reply = try replyTo.map(Certificate.loadOne)
            let statePath = Self.statePath(out)
            try requireOutputFile(statePath)
            guard !FileManager.default.fileExists(atPath: statePath) else {
                throw CommandError(.unwritable, "exists already; choose another --out", location: SourceLocation(file: statePath))
            }
            let identities = try global.openStore(mustExist: true).matchIdentities()
            let credentials = MatchCredentials(signer: signerIdentity, certificate: reply, trust: [])
            let request = try PSIExchange.request(identities, options: keyOptions.options, credentials: credentials, partner: partner, replyTo: reply)
            try writePackage(request.package, to: out)
            do { try request.state.der.write(to: URL(fileURLWithPath: statePath), options: .atomic) } catch {
                throw MatchingError(.io, "cannot write the state", location: SourceLocation(file: statePath), underlying: error)
            }
            print("request: \(out)")
            print("state: \(statePath)")
            print("exchange: \(request.exchangeID)")
            printError("hawala: \(request.keys) blinded keys of \(identities.count) brokers and parties sealed to \(partner.subject)")
        }
    }

    /// `req.p7m` → `req.state.p7m`.
    static func statePath(_ out: String) -> String {
        (out.hasSuffix(".p7m") ? String(out.dropLast(4)) : out) + ".state.p7m"
    }
}

struct MatchRespond: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "respond",
        abstract: "Private set intersection, round 2: answer a partner's request without learning its keys.",
        discussion: """
            Opens the request (exit 10-13 when it is refused like an evidence package), re-blinds its \
            values and blinds our own keys with a fresh secret that never leaves memory, and seals the \
            response to the requester's reply-to certificate. We learn only how many keys the \
            request holds; a request above --max-request-keys is refused.
            """)

    @OptionGroup var global: GlobalOptions
    @OptionGroup var keyOptions: KeyOptionGroup
    @OptionGroup var signer: SignerOptionGroup
    @OptionGroup var opener: OpenerOptionGroup

    @Argument(help: "The partner's request (req.p7m).")
    var request: String

    @Option(help: "The response file to write (e.g. resp.p7m).")
    var out: String

    @Option(help: "Refuse a request holding more keys than this.")
    var maxRequestKeys = PSIExchange.defaultMaximumRequestKeys

    func run() throws {
        try mapErrors {
            guard let signerIdentity = try signer.identity() else { throw ValidationError("give --signer-cert and --signer-key") }
            let credentials = try opener.credentials(signer: signerIdentity)
            let data = try readInput(request, expected: "a match request (req.p7m)")
            try requireOutputFile(out)
            let identities = try global.openStore(mustExist: true).matchIdentities()
            let response = try PSIExchange.respond(
                data, file: request, identities: identities, options: keyOptions.options, credentials: credentials,
                maximumRequestKeys: maxRequestKeys, expectedSHA256: try sidecarDigest(request))
            try writePackage(response.package, to: out)
            print("response: \(out)")
            print("exchange: \(response.exchangeID)")
            print("requester: \(response.requester)")
            print("requester keys: \(response.requesterKeys)")
            print("our keys: \(response.responderKeys)")
        }
    }
}

struct MatchResult: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "result",
        abstract: "Private set intersection, round 3: list our brokers and parties the partner also holds.")

    @OptionGroup var global: GlobalOptions
    @OptionGroup var opener: OpenerOptionGroup
    @OptionGroup var signer: SignerOptionGroup

    @Argument(help: "The partner's response (resp.p7m).")
    var response: String

    @Option(help: "The state written by `hawala match request`.")
    var state: String

    @Flag(help: "Keep the state file (by default it is removed once the result is shown).")
    var keepState = false

    @Option(help: "Output format.")
    var format: OutputFormat = .text

    func run() throws {
        try mapErrors {
            let credentials = try opener.credentials(signer: try signer.identity())
            let data = try readInput(response, expected: "a match response (resp.p7m)")
            let stateData = try readInput(state, expected: "the state of our match request (req.state.p7m)")
            let result = try PSIExchange.result(
                data, file: response, state: stateData, stateFile: state, credentials: credentials,
                expectedSHA256: try sidecarDigest(response))
            try printMatches(result.matches, format: format)
            printError("hawala: exchange \(result.exchangeID) with \(result.responder): \(result.matches.count) of our brokers and parties are in the partner's set (we sent \(result.requesterKeys) keys; the partner put in \(result.responderKeys))")
            if !keepState {
                do { try FileManager.default.removeItem(atPath: state) } catch {
                    printError("hawala: warning: cannot remove the state file \(state): remove it yourself")
                }
            }
        }
    }
}

struct MatchKeys: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keys",
        abstract: "Show the match keys of our brokers and parties in clear (local only: never send this).")

    @OptionGroup var global: GlobalOptions
    @OptionGroup var keyOptions: KeyOptionGroup

    @Option(help: "Only this broker or party id.")
    var id: String?

    func run() throws {
        try mapErrors {
            let identities = try global.openStore(mustExist: true).matchIdentities().filter { id == nil || $0.id == id }
            for identity in identities {
                for key in identity.keys(keyOptions.options) { print("\(identity.label)\t\(key.kind.rawValue)\t\(key.value)") }
            }
        }
    }
}

struct MatchDemo: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Write two agencies' overlapping views (simulated) as ours.sqlite and partner.sqlite, to try matching.",
        discussion: """
            The partner holds a known share of our brokers and parties under other spellings and \
            scripts (Arabic, Persian, Cyrillic), plus people with similar names; truth.txt lists \
            the shared ids. See docs/matching.md.
            """)

    @Option(help: "The folder to write into (created if needed).")
    var out: String

    @OptionGroup var view: PartnerViewArguments

    func run() throws {
        try mapErrors {
            try requireOutputFolder(out)
            let folder = URL(fileURLWithPath: out)
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            let seed = self.view.seed
            let view = PartnerViewSimulator.make(self.view.options)
            for (name, agency) in [("ours", view.ours), ("partner", view.partner)] {
                let path = folder.appendingPathComponent("\(name).sqlite").path
                guard !FileManager.default.fileExists(atPath: path) else {
                    throw CommandError(.unwritable, "exists already; choose another --out", location: SourceLocation(file: path))
                }
                try Store(path: path).recordIdentities(brokers: agency.brokers, parties: agency.parties, source: "\(name) view, seed \(seed)")
                print(path)
            }
            let truth = (view.sharedBrokers.sorted { $0.key < $1.key }.map { "broker\t\($0.key)\t\($0.value)" }
                + view.sharedParties.sorted { $0.key < $1.key }.map { "party\t\($0.key)\t\($0.value)" })
            let truthURL = folder.appendingPathComponent("truth.txt")
            do {
                try Data((["role\tours\tpartner"] + truth).joined(separator: "\n").appending("\n").utf8).write(to: truthURL)
            } catch {
                throw MatchingError(.io, "cannot write truth.txt", location: SourceLocation(file: truthURL.path), underlying: error)
            }
            print(truthURL.path)
        }
    }
}

/// The sizes and seed of two agencies' simulated views (`hawala match demo`, `hawala simulate partner`).
struct PartnerViewArguments: ParsableArguments {
    @Option(help: "The seed.")
    var seed: UInt64 = 7

    @Option(help: "Brokers each agency holds (2 to 16).")
    var brokers = 8

    @Option(help: "Parties each agency holds.")
    var parties = 40

    @Option(help: "Brokers both hold.")
    var sharedBrokers = 3

    @Option(help: "Parties both hold.")
    var sharedParties = 12

    /// The simulator's options.
    var options: PartnerViewOptions {
        PartnerViewOptions(seed: seed, brokers: brokers, parties: parties, sharedBrokers: sharedBrokers, sharedParties: sharedParties)
    }
}
