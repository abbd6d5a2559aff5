// Matching cost: match keys per second, HMAC filter, and the private set intersection round
// trip with N identities on each side (half of them shared). See docs/matching.md.
//
//   cd Benchmarks && swift build -c release --product MatchBenchmark
//   .build/release/MatchBenchmark 100000
import Foundation
import HawalaCore
import HawalaExport
import HawalaMatching

let count = CommandLine.arguments.count > 1 ? Int(CommandLine.arguments[1]) ?? 100_000 : 100_000
let given = ["Muhammad", "Ahmad", "Yusuf", "Umar", "Khalid", "Karim", "Rahim", "Ibrahim", "Jamal", "Tariq", "Rashid",
             "Nasir", "Bashir", "Farid", "Zahir", "Sultan", "Habib", "Amin", "Husayn", "Hasan"]
let family = ["Khan", "Hashimi", "Siddiqui", "Qureshi", "Popal", "Durrani", "Mansur", "Wardak", "Noori", "Zadran"]

/// FULL=1: identities with a birth date and a phone (4 keys each: name, sorted name and
/// phonetic name with the birth year, phone); default: a name only, as the store holds them
/// today (2 keys each: sorted name, phonetic name).
let full = ProcessInfo.processInfo.environment["FULL"] == "1"

/// Identity i: a four-token name unique in i (the number spelled as a token), deterministic.
func identity(_ i: Int, side: String) -> Identity {
    let name = "\(given[i % 20]) \(given[(i / 20) % 20]) \(family[(i / 400) % 10]) n\(i)"
    let day = 1 + i % 28, month = 1 + (i / 28) % 12, year = 1950 + (i / 336) % 50
    return Identity(
        role: .party, id: "\(side)-\(i)", names: [name], isEntity: false,
        birthDate: full ? "\(day).\(month).\(year)" : nil, phones: full ? ["+93 7\(String(format: "%08d", i))"] : [])
}

/// CPU seconds of this process (user + system, every thread).
func cpuSeconds() -> Double {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
}

/// The 1-minute load average (other engineers' builds share the machine).
func load() -> String {
    (try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8))?.split(separator: " ").first.map(String.init) ?? "?"
}

func time<T>(_ label: String, _ body: () throws -> T) rethrows -> T {
    let start = Date(), cpu = cpuSeconds()
    let value = try body()
    print(String(format: "%@: %.2f s wall, %.2f s CPU (load %@)", label, Date().timeIntervalSince(start), cpuSeconds() - cpu, load()))
    return value
}

print("cores: \(ProcessInfo.processInfo.activeProcessorCount), load: \(load())")
if let primitives = ProcessInfo.processInfo.environment["PRIMITIVES"].flatMap(Int.init) {
    // The PSI primitives alone, per key: hash to the curve and blind; re-blind a received point.
    let keys = (0..<primitives).map { Array("hawalatrace-match/1\u{1F}sorted_name\u{1F}name \($0)".utf8) }
    let scalar = try PSIScalar()
    let blinded = try time("PSI blind \(primitives) keys (hash to curve, multiply, encode)") {
        try PrivateSetIntersection.blind(keys, scalar: scalar)
    }
    _ = try time("PSI re-blind \(primitives) points (decode, multiply, encode)") {
        try PrivateSetIntersection.reblind(blinded, scalar: scalar)
    }
    exit(0)
}

let ours = (0..<count).map { identity($0, side: "A") }
let theirs = (count / 2..<count + count / 2).map { identity($0, side: "B") }

let keys = time("match keys of \(count) identities") { ours.flatMap { $0.keys() } }
print("keys: \(keys.count) (\(String(format: "%.1f", Double(keys.count) / Double(count))) per identity)")
let start = Date()
_ = ours.prefix(20_000).flatMap { $0.keys() }
print(String(format: "keys/s (normalisation): %.0f", Double(keys.count) / Double(count) * 20_000 / Date().timeIntervalSince(start)))

var keyBytes = Array("0123456789abcdef0123456789abcdef".utf8)
let secret = Secret(bytes: &keyBytes)
let filter = try time("HMAC filter of \(count) identities") { try KeyedFilter.make(theirs, key: secret) }
let checked = try time("HMAC check of \(count) identities") { try filter.check(ours, key: secret) }
print("filter matches: \(checked.count)")

let pki = try DemoPKI.generate()
func credentials() throws -> MatchCredentials {
    let certificate = try Certificate.parseAll(pki.exporter.certificatePEM)[0]
    let key = try PrivateKey.parse(pki.exporter.keyPEM, passphrase: nil)
    return MatchCredentials(signer: SignerIdentity(certificate: certificate, key: key), trust: [try Certificate.parseAll(pki.authority.certificatePEM)[0]])
}
let a = try credentials()
let total = Date(), totalCPU = cpuSeconds()
let request = try time("PSI request (hash, blind, seal)") {
    try PSIExchange.request(ours, credentials: a, partner: a.certificate)
}
let response = try time("PSI respond (open, re-blind, blind own, seal)") {
    try PSIExchange.respond(request.package.der, file: "req", identities: theirs, credentials: a, maximumRequestKeys: 10_000_000)
}
let result = try time("PSI result (open, re-blind, compare)") {
    try PSIExchange.result(response.package.der, file: "resp", state: request.state.der, stateFile: "state", credentials: a)
}
print(String(format: "PSI round trip: %.2f s wall, %.2f s CPU in all (load %@); %d of %d matched; request %d keys (%.1f MB), response %.1f MB",
             Date().timeIntervalSince(total), cpuSeconds() - totalCPU, load(), result.matches.count, count, request.keys,
             Double(request.package.der.count) / 1e6, Double(response.package.der.count) / 1e6))
