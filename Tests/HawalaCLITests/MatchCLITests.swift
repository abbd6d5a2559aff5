import Foundation
import HawalaCore
import HawalaSimulation
import Testing

@testable import HawalaExport

/// `hawala match`: keyed filters and the PSI round trip between two databases of a simulated
/// partner view, as two agencies would run them.
@Suite struct MatchCLITests {
    let cli: CLIRunner
    let view = PartnerViewSimulator.make(PartnerViewOptions(seed: 11, brokers: 6, parties: 20, sharedBrokers: 2, sharedParties: 6))

    init() throws {
        cli = try CLIRunner()
        // `hawala match demo` writes the same views the simulator gives for these options.
        let demo = try cli.run([
            "match", "demo", "--out", ".", "--seed", "11", "--brokers", "6", "--parties", "20", "--shared-brokers", "2",
            "--shared-parties", "6",
        ])
        #expect(demo.status == 0, "\(demo.stderr)")
        let caKey = try KeyFactory.p256()
        let ca = try KeyFactory.certificate(subject: [("CN", "CLI Match CA")], key: caKey, profile: .authority, issuer: nil, days: 30)
        try Data(ca.pem.utf8).write(to: cli.directory.appendingPathComponent("ca.pem"))
        for name in ["a", "b", "c"] {
            let key = try KeyFactory.p256()
            let certificate = try KeyFactory.certificate(
                subject: [("O", "FIU \(name.uppercased())"), ("CN", "FIU \(name.uppercased())")], key: key, profile: .signer,
                issuer: (ca, caKey), days: 30)
            try Data(certificate.pem.utf8).write(to: cli.directory.appendingPathComponent("\(name).crt.pem"))
            try key.unencryptedPEM().write(to: cli.directory.appendingPathComponent("\(name).key.pem"))
        }
        try Data("0123456789abcdef0123456789abcdef\n".utf8).write(to: cli.directory.appendingPathComponent("shared.key"))
        try Data("another key, not the agreed one\n".utf8).write(to: cli.directory.appendingPathComponent("other.key"))
    }

    var expected: [String] { (Array(view.sharedBrokers.keys) + Array(view.sharedParties.keys)).sorted() }

    func ids(_ csv: String) -> [String] {
        csv.split(separator: "\n").dropFirst().map { String($0.split(separator: ",")[1]) }.sorted()
    }

    func signer(_ name: String) -> [String] { ["--signer-cert", "\(name).crt.pem", "--signer-key", "\(name).key.pem"] }

    @Test func keyedFilterFindsTheOverlap() throws {
        let made = try cli.run(["match", "filter", "--db", "partner.sqlite", "--key", "shared.key", "--out", "partner.filter.json"])
        #expect(made.status == 0, "\(made.stderr)")
        let checked = try cli.run(["match", "check", "partner.filter.json", "--db", "ours.sqlite", "--key", "shared.key", "--format", "csv"])
        #expect(checked.status == 0, "\(checked.stderr)")
        #expect(ids(checked.stdout) == expected)
        let other = try cli.run(["match", "check", "partner.filter.json", "--db", "ours.sqlite", "--key", "other.key", "--format", "csv"])
        #expect(other.status == 0)
        #expect(ids(other.stdout).isEmpty)
        #expect(other.stderr.contains("another key"))
    }

    @Test func sealedFilterIsRefusedByAnotherAgency() throws {
        let made = try cli.run(["match", "filter", "--db", "partner.sqlite", "--key", "shared.key", "--out", "f.p7m", "--to", "a.crt.pem"] + signer("b"))
        #expect(made.status == 0, "\(made.stderr)")
        let checked = try cli.run(["match", "check", "f.p7m", "--db", "ours.sqlite", "--key", "shared.key", "--trust", "ca.pem", "--format", "csv"] + ["--cert", "a.crt.pem", "--private-key", "a.key.pem"])
        #expect(checked.status == 0, "\(checked.stderr)")
        #expect(ids(checked.stdout) == expected)
        let wrong = try cli.run(["match", "check", "f.p7m", "--db", "ours.sqlite", "--key", "shared.key", "--trust", "ca.pem", "--cert", "c.crt.pem", "--private-key", "c.key.pem"])
        #expect(wrong.status == 10)
    }

    @Test func privateSetIntersectionRoundTrip() throws {
        let request = try cli.run(["match", "request", "--db", "ours.sqlite", "--to", "b.crt.pem", "--out", "req.p7m"] + signer("a"))
        #expect(request.status == 0, "\(request.stderr)")
        #expect(FileManager.default.fileExists(atPath: cli.directory.appendingPathComponent("req.state.p7m").path))
        let response = try cli.run(["match", "respond", "req.p7m", "--db", "partner.sqlite", "--trust", "ca.pem", "--out", "resp.p7m"] + signer("b"))
        #expect(response.status == 0, "\(response.stderr)")
        #expect(response.stdout.contains("requester keys: "))
        // A byte changed in the response: refused like an evidence package, the state kept.
        let url = cli.directory.appendingPathComponent("resp.p7m")
        let original = try Data(contentsOf: url)
        var tampered = original
        tampered[tampered.count / 2] ^= 0x01
        try tampered.write(to: url)
        let refused = try cli.run(["match", "result", "resp.p7m", "--db", "ours.sqlite", "--state", "req.state.p7m", "--trust", "ca.pem", "--format", "csv"] + signer("a"))
        #expect([10, 11, 12].contains(refused.status), "\(refused.stderr)")
        try original.write(to: url)
        let result = try cli.run(["match", "result", "resp.p7m", "--state", "req.state.p7m", "--trust", "ca.pem", "--format", "csv"] + signer("a"))
        #expect(result.status == 0, "\(result.stderr)")
        #expect(ids(result.stdout) == expected)
        #expect(!FileManager.default.fileExists(atPath: cli.directory.appendingPathComponent("req.state.p7m").path))
        // Agency C cannot answer a request addressed to B.
        let other = try cli.run(["match", "request", "--db", "ours.sqlite", "--to", "b.crt.pem", "--out", "req2.p7m"] + signer("a"))
        #expect(other.status == 0)
        let c = try cli.run(["match", "respond", "req2.p7m", "--db", "partner.sqlite", "--trust", "ca.pem", "--out", "resp2.p7m"] + signer("c"))
        #expect(c.status == 10)
    }
}
