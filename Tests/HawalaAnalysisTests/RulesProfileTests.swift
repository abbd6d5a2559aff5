import Foundation
import HawalaCore
import Testing

@testable import HawalaAnalysis

@Suite struct RulesProfileTests {
    @Test func everyProfileParsesAndTheDefaultIsTheDefaults() throws {
        #expect(try RulesProfile.default.rules() == AnalysisRules())
        for profile in RulesProfile.allCases { _ = try profile.rules() }
    }

    @Test func amlsimProfileRules() throws {
        let rules = try RulesProfile.amlsim.rules()
        #expect(rules.enabledTypologies == [.cycle, .fanIn, .settlementRing])
        #expect(rules.cycle.maxLength == 2 && rules.cycle.windowHours == 1_440 && !rules.cycle.amountBand)
        #expect(rules.cycle.minAmount == 0)
        #expect(rules.fanIn.windowHours == 720 && rules.fanIn.minCounterparties == 7 && rules.fanIn.minTotal == 0)
        #expect(rules.settlementRing.periodDays == 180 && rules.settlementRing.amountTolerance == 0.05)
        #expect(rules.settlementRing.minLength == 3 && !rules.settlementRing.excludeTwoWay)
    }

    @Test func namesAreReadLeniently() throws {
        #expect(try RulesProfile.named("AMLSim") == .amlsim)
        #expect(try RulesProfile.named(" default ") == .default)
    }

    @Test func unknownProfileListsTheKnownOnes() {
        do {
            _ = try RulesProfile.named("amlsym")
            Issue.record("accepted an unknown profile")
        } catch {
            let text = "\(error)"
            #expect(text.contains("unknown profile 'amlsym'"))
            #expect(text.contains("amlsim: IBM AMLSim sets"))
            #expect(text.contains("default: the product defaults"))
        }
    }

    /// `--profile` with `--rules`: the file's keys win, the rest keeps the profile.
    @Test func aRulesFileIsLaidOverTheProfile() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("profile-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("over.yaml")
        try "cycle:\n  max_length: 3\nfan_out:\n  enabled: true\n".write(to: file, atomically: true, encoding: .utf8)
        let rules = try AnalysisRules.loadForRun(path: file.path, profile: "amlsim", only: nil, skip: "fan_in")
        #expect(rules.cycle.maxLength == 3)
        #expect(rules.cycle.windowHours == 1_440)
        #expect(rules.fanOut.enabled)
        #expect(rules.fanOut.minTotal == 50_000)  // not in the profile: the default
        #expect(!rules.fanIn.enabled)  // --skip applies last
        #expect(rules.settlementRing.enabled)
    }
}
