import Foundation
import HawalaCore
import Testing

@testable import HawalaAnalysis

@Suite struct AnalysisRulesTests {
    @Test func defaultRulesTextParsesBackToTheDefaults() throws {
        let parsed = try AnalysisRules.parse(AnalysisRules.defaultRulesText)
        #expect(parsed == AnalysisRules())
        // Every known key appears in the commented file.
        for (section, keys) in AnalysisRules.knownKeys {
            #expect(AnalysisRules.defaultRulesText.contains("\n\(section):\n"))
            for key in keys { #expect(AnalysisRules.defaultRulesText.contains("  \(key):"), "\(section).\(key)") }
        }
    }

    @Test func partialFileKeepsOtherDefaults() throws {
        let rules = try AnalysisRules.parse("cycle:\n  max_length: 4\n  max_hop_gap_hours: 12\nfan_in:\n  enabled: false\n")
        #expect(rules.cycle.maxLength == 4)
        #expect(rules.cycle.maxHopGapHours == 12)
        #expect(rules.cycle.windowHours == 504)
        #expect(!rules.fanIn.enabled)
        #expect(rules.fanOut.enabled)
    }

    @Test func unknownKeyInSectionIsRejectedByName() {
        do {
            _ = try AnalysisRules.parse("cycle:\n  max_lenght: 4\n", source: "my.yaml")
            Issue.record("accepted a typo")
        } catch let error as AnalysisError {
            #expect(error.code == .invalidRules)
            #expect(error.location?.field == "cycle.max_lenght")
            #expect(error.description.contains("unknown key 'max_lenght'"))
            #expect(error.description.contains("my.yaml"))
            #expect(error.exitStatus == .config)
        } catch { Issue.record("wrong error \(error)") }
    }

    @Test func unknownSectionIsRejectedByName() {
        #expect(throws: AnalysisError.self) { try AnalysisRules.parse("cycles:\n  enabled: false\n") }
        #expect(throws: AnalysisError.self) { try AnalysisRules.parse("{\"fan_in\": {\"min_total\": 1, \"foo\": 2}}", json: true) }
    }

    @Test func numberWithThousandsSeparatorsIsExplainedInPlainWords() {
        let error = #expect(throws: AnalysisError.self) { try AnalysisRules.parse("structuring:\n  threshold: 11,000\n", source: "r.yaml") }
        #expect(error?.location?.field == "structuring.threshold")
        #expect(error?.message == "expected a number (no thousands separators), got '11,000'")
        #expect(error?.description.contains("r.yaml (field structuring.threshold)") == true)
        #expect(error?.description.contains("Double") == false)
    }

    @Test func missingRulesFileSaysNoSuchFile() throws {
        let error = #expect(throws: AnalysisError.self) { try AnalysisRules.load(path: "/nonexistent-dir/nope.yaml") }
        #expect(error?.exitStatus == .noInput)
        #expect(error?.description == "/nonexistent-dir/nope.yaml: no such file; expected a rules file (YAML, or JSON when named .json)")
    }

    @Test func wrongTypesAndBadValuesNameTheField() {
        do {
            _ = try AnalysisRules.parse("cycle:\n  max_length: six\n")
            Issue.record("accepted text for a number")
        } catch let error as AnalysisError {
            #expect(error.location?.field == "cycle.max_length")
        } catch { Issue.record("wrong error \(error)") }
        do {
            _ = try AnalysisRules.parse("cycle:\n  band_min_ratio: 1.2\n  band_max_ratio: 1.0\n")
            Issue.record("accepted an inverted band")
        } catch let error as AnalysisError {
            #expect(error.message.contains("cycle.band_max_ratio"))
        } catch { Issue.record("wrong error \(error)") }
    }

    @Test func jsonFileAndLoadFromDisk() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("rules-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let json = dir.appendingPathComponent("r.json")
        try #"{"structuring": {"threshold": 1000, "margin": 0.2}}"#.write(to: json, atomically: true, encoding: .utf8)
        let rules = try AnalysisRules.load(path: json.path)
        #expect(rules.structuring.threshold == 1000)
        #expect(rules.structuring.margin == 0.2)
        #expect(throws: AnalysisError.self) { try AnalysisRules.load(path: dir.appendingPathComponent("none.yaml").path) }
        // The rules' JSON reads back.
        #expect(try AnalysisRules.parse(rules.jsonText, json: true) == rules)
    }

    @Test func onlyAndSkip() throws {
        let rules = try AnalysisRules.loadForRun(path: nil, only: "cycle, fan_in,structuring", skip: "fan_in")
        #expect(rules.enabledTypologies == [.cycle, .structuring])
        let skipped = try AnalysisRules.loadForRun(path: nil, only: nil, skip: "volume_spike")
        // Every detector but settlement_ring (off by default) and the skipped one.
        #expect(skipped.enabledTypologies.count == Typology.allCases.count - 2)
        #expect(!skipped.isEnabled(.settlementRing))
        #expect(throws: AnalysisError.self) { try AnalysisRules.parseDetectorList("cycle,fan-inn", option: "--only") }
    }
}
