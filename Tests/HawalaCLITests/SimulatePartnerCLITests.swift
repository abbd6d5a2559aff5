import Foundation
import HawalaCore
import Testing

@testable import HawalaExport

/// `hawala simulate partner`, then `hawala ingest` into two databases and `hawala match` by
/// both methods: exactly the shared identities, with the kinds from the ingested reports
/// (name + birth year, passport, BIC, licence), nothing outside the overlap (issue 13).
@Suite struct SimulatePartnerCLITests {
    let cli: CLIRunner
    /// The truth: role, our id, the partner's id.
    let truth: [[String]]

    init() throws {
        cli = try CLIRunner()
        let simulated = try cli.run([
            "simulate", "partner", "--out", "views", "--seed", "5", "--brokers", "5", "--parties", "16",
            "--shared-brokers", "2", "--shared-parties", "6",
        ])
        #expect(simulated.status == 0, "\(simulated.stderr)")
        #expect(simulated.stdout.contains("shared: 2 brokers, 6 parties"))
        for agency in ["ours", "partner"] {
            let folder = cli.directory.appendingPathComponent("views/\(agency)/goaml")
            let reports = try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted().map { "views/\(agency)/goaml/\($0)" }
            let ingested = try cli.run(["ingest", "--db", "\(agency).sqlite", "views/\(agency)/brokers.csv"] + reports + ["--no-progress"])
            #expect(ingested.status == 0, "\(ingested.stderr)")
        }
        let text = try String(contentsOf: cli.directory.appendingPathComponent("views/truth.tsv"), encoding: .utf8)
        truth = text.split(separator: "\n").dropFirst().map { $0.split(separator: "\t").map(String.init) }
        let caKey = try KeyFactory.p256()
        let ca = try KeyFactory.certificate(subject: [("CN", "Partner View CA")], key: caKey, profile: .authority, issuer: nil, days: 30)
        try Data(ca.pem.utf8).write(to: cli.directory.appendingPathComponent("ca.pem"))
        for name in ["a", "b"] {
            let key = try KeyFactory.p256()
            let certificate = try KeyFactory.certificate(
                subject: [("CN", "FIU \(name.uppercased())")], key: key, profile: .signer, issuer: (ca, caKey), days: 30)
            try Data(certificate.pem.utf8).write(to: cli.directory.appendingPathComponent("\(name).crt.pem"))
            try key.unencryptedPEM().write(to: cli.directory.appendingPathComponent("\(name).key.pem"))
        }
        try Data("0123456789abcdef0123456789abcdef\n".utf8).write(to: cli.directory.appendingPathComponent("shared.key"))
    }

    /// role,id → kinds, from `--format csv` output.
    func matches(_ csv: String) -> [String: String] {
        Dictionary(uniqueKeysWithValues: csv.split(separator: "\n").dropFirst().map { line in
            let fields = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            return ("\(fields[0]) \(fields[1])", fields.last!)
        })
    }

    var expected: Set<String> { Set(truth.map { "\($0[0]) \($0[1])" }) }

    /// Each shared person matches on a name + birth year kind (exact, any order or phonetic:
    /// the Arabic-script and Cyrillic spellings only phonetically) and the passport; each shared broker on
    /// its BIC (a goAML alias) and licence (the register).
    func checkKinds(_ found: [String: String]) {
        #expect(Set(found.keys) == expected)
        for (identity, kinds) in found {
            if identity.hasPrefix("party") {
                #expect(kinds.contains("name+birth_year"), "\(identity): \(kinds)")  // also phonetic_…
                #expect(kinds.contains("document"), "\(identity): \(kinds)")
            } else {
                #expect(kinds.contains("bic") && kinds.contains("licence"), "\(identity): \(kinds)")
            }
        }
    }

    @Test func truthNamesTheImportedIdentities() throws {
        #expect(truth.count == 8)
        let keys = try cli.run(["match", "keys", "--db", "ours.sqlite", "--id", truth.last![1]])
        #expect(keys.status == 0, "\(keys.stderr)")
        #expect(keys.stdout.contains("\tdocument\t"))
        #expect(keys.stdout.contains("\tname+birth_year\t"))
    }

    @Test func keyedFilterFindsExactlyTheOverlap() throws {
        let made = try cli.run(["match", "filter", "--db", "partner.sqlite", "--key", "shared.key", "--out", "partner.filter.json"])
        #expect(made.status == 0, "\(made.stderr)")
        let checked = try cli.run(["match", "check", "partner.filter.json", "--db", "ours.sqlite", "--key", "shared.key", "--format", "csv"])
        #expect(checked.status == 0, "\(checked.stderr)")
        checkKinds(matches(checked.stdout))
    }

    @Test func privateSetIntersectionFindsExactlyTheOverlap() throws {
        let signerA = ["--signer-cert", "a.crt.pem", "--signer-key", "a.key.pem"]
        let signerB = ["--signer-cert", "b.crt.pem", "--signer-key", "b.key.pem"]
        let request = try cli.run(["match", "request", "--db", "ours.sqlite", "--to", "b.crt.pem", "--out", "req.p7m"] + signerA)
        #expect(request.status == 0, "\(request.stderr)")
        let response = try cli.run(["match", "respond", "req.p7m", "--db", "partner.sqlite", "--trust", "ca.pem", "--out", "resp.p7m"] + signerB)
        #expect(response.status == 0, "\(response.stderr)")
        let result = try cli.run(["match", "result", "resp.p7m", "--db", "ours.sqlite", "--state", "req.state.p7m", "--trust", "ca.pem", "--format", "csv"] + signerA)
        #expect(result.status == 0, "\(result.stderr)")
        checkKinds(matches(result.stdout))
    }
}
