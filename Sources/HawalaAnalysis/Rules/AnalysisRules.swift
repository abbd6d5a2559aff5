import Foundation
import HawalaCore
import Yams

/// The rules of every detector: one section per detector (named as its ``Typology``), each
/// with `enabled` and its parameters. Read from a YAML or JSON rules file (`--rules FILE`)
/// where every key is optional (absent = default) and an unknown key is an error naming it.
/// Amounts are in major units of the reporting currency; durations in hours or days as named.
///
/// `hawala rules` prints ``defaultRulesText``, the commented defaults.
public struct AnalysisRules: Codable, Sendable, Equatable {
    /// Rules file format version; 1.
    public var version = 1
    /// `cycle`: circular flows.
    public var cycle = CycleRules()
    /// `fan_in`: many brokers paying one.
    public var fanIn = FanRules()
    /// `fan_out`: one broker paying many.
    public var fanOut = FanRules()
    /// `scatter_gather`: A → many → C.
    public var scatterGather = ScatterGatherRules()
    /// `gather_scatter`: many → B → many.
    public var gatherScatter = GatherScatterRules()
    /// `structuring`: amounts just under the reporting threshold.
    public var structuring = StructuringRules()
    /// `rapid_pass_through`: value passed on at once, broker after broker.
    public var rapidPassThrough = RapidPassThroughRules()
    /// `volume_spike`: a pair's volume far above its own baseline.
    public var volumeSpike = VolumeSpikeRules()
    /// `settlement_imbalance`: large one-sided net positions between two brokers.
    public var settlementImbalance = SettlementImbalanceRules()
    /// `baseline`: how the brokers' own history is read (routine relationships, usual counts).
    public var baseline = BaselineRules()
    /// `ranking`: the weights of the score findings are ranked by.
    public var ranking = RankingRules()
    /// `settlement_ring`: brokers in a ring paying each other about the same amount within one period.
    public var settlementRing = SettlementRingRules()

    /// The defaults (the same as ``defaultRulesText``).
    public init() {}

    enum CodingKeys: String, CodingKey, CaseIterable {
        case version
        case cycle
        case fanIn = "fan_in"
        case fanOut = "fan_out"
        case scatterGather = "scatter_gather"
        case gatherScatter = "gather_scatter"
        case structuring
        case rapidPassThrough = "rapid_pass_through"
        case volumeSpike = "volume_spike"
        case settlementImbalance = "settlement_imbalance"
        case baseline, ranking
        case settlementRing = "settlement_ring"
    }


    /// Whether the detector of `typology` runs.
    /// - Parameter typology: the detector.
    /// - Returns: its section's `enabled`.
    public func isEnabled(_ typology: Typology) -> Bool {
        switch typology {
        case .cycle: cycle.enabled
        case .fanIn: fanIn.enabled
        case .fanOut: fanOut.enabled
        case .scatterGather: scatterGather.enabled
        case .gatherScatter: gatherScatter.enabled
        case .structuring: structuring.enabled
        case .rapidPassThrough: rapidPassThrough.enabled
        case .volumeSpike: volumeSpike.enabled
        case .settlementImbalance: settlementImbalance.enabled
        case .settlementRing: settlementRing.enabled
        }
    }

    /// Switches the detector of `typology` on or off.
    /// - Parameters:
    ///   - typology: the detector.
    ///   - enabled: whether it runs.
    public mutating func setEnabled(_ typology: Typology, _ enabled: Bool) {
        switch typology {
        case .cycle: cycle.enabled = enabled
        case .fanIn: fanIn.enabled = enabled
        case .fanOut: fanOut.enabled = enabled
        case .scatterGather: scatterGather.enabled = enabled
        case .gatherScatter: gatherScatter.enabled = enabled
        case .structuring: structuring.enabled = enabled
        case .rapidPassThrough: rapidPassThrough.enabled = enabled
        case .volumeSpike: volumeSpike.enabled = enabled
        case .settlementImbalance: settlementImbalance.enabled = enabled
        case .settlementRing: settlementRing.enabled = enabled
        }
    }

    /// The detectors that run, in ``Typology`` order.
    public var enabledTypologies: [Typology] { Typology.allCases.filter(isEnabled) }

    /// Every problem with the values (not the keys): negative windows, a band whose upper
    /// ratio is below its lower one, and so on; empty when the rules are usable.
    public func problems() -> [String] {
        var problems: [String] = []
        func run(_ name: String, _ body: (inout RuleChecker) -> Void) {
            var checker = RuleChecker(section: name)
            body(&checker)
            problems += checker.problems
        }
        if version != 1 { problems.append("version: only version 1 is known, got \(version)") }
        run("cycle", cycle.check)
        run("fan_in", fanIn.check)
        run("fan_out", fanOut.check)
        run("scatter_gather", scatterGather.check)
        run("gather_scatter", gatherScatter.check)
        run("structuring", structuring.check)
        run("rapid_pass_through", rapidPassThrough.check)
        run("volume_spike", volumeSpike.check)
        run("settlement_imbalance", settlementImbalance.check)
        run("baseline", baseline.check)
        run("ranking", ranking.check)
        run("settlement_ring", settlementRing.check)
        return problems
    }

    /// The rules as JSON (sorted keys, ``JSONCoding/encoder()``), for the run record.
    public var jsonText: String {
        guard let data = try? JSONCoding.encoder().encode(self) else { return "{}" }
        return String(decoding: data, as: UTF8.self)
    }
}

extension AnalysisRules {
    /// Reads a rules file: JSON when its name ends in `.json`, YAML otherwise.
    /// - Parameter path: the file's path.
    /// - Returns: the rules, defaults filled in for absent keys.
    /// - Throws: ``AnalysisError`` `unreadableRules` when the file cannot be read;
    ///   `invalidRules` naming the key for an unknown key, a wrong type or a bad value.
    public static func load(path: String, over base: AnalysisRules = AnalysisRules()) throws -> AnalysisRules {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else {
            throw AnalysisError(
                .unreadableRules, "no such file; expected a rules file (YAML, or JSON when named .json)",
                location: SourceLocation(file: path))
        }
        guard !isFolder.boolValue else {
            throw AnalysisError(.unreadableRules, "is a folder; expected a rules file (YAML or JSON)", location: SourceLocation(file: path))
        }
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            let reason = FileManager.default.isReadableFile(atPath: path) ? "is not UTF-8 text" : "cannot be read (permission denied)"
            throw AnalysisError(.unreadableRules, "the rules file \(reason)", location: SourceLocation(file: path))
        }
        return try parse(text, json: path.lowercased().hasSuffix(".json"), source: path, over: base)
    }

    /// Parses rules text.
    /// - Parameters:
    ///   - text: YAML (or JSON, which YAML also reads) text; empty text gives the defaults.
    ///   - json: parse as JSON with Foundation's decoder rather than YAML.
    ///   - source: the file name for error messages.
    ///   - base: the values of absent keys (the defaults, or a ``RulesProfile``'s rules).
    /// - Returns: the rules, `base` filled in for absent keys.
    /// - Throws: ``AnalysisError`` `invalidRules` naming the key at fault.
    public static func parse(
        _ text: String, json: Bool = false, source: String = "rules", over base: AnalysisRules = AnalysisRules()
    ) throws -> AnalysisRules {
        let rules: AnalysisRules
        let document: Any
        do {
            if text.allSatisfy({ $0.isWhitespace }) {
                document = [String: Any]()
            } else if json {
                document = try JSONSerialization.jsonObject(with: Data(text.utf8))
            } else {
                document = try Yams.load(yaml: text) ?? [String: Any]()
            }
        } catch {
            throw AnalysisError(
                .invalidRules, "not valid \(json ? "JSON" : "YAML")", location: SourceLocation(file: source),
                underlying: error)
        }
        let merged = try merge(document, source: source, over: base)
        do {
            guard JSONSerialization.isValidJSONObject(merged) else {
                throw AnalysisError(.invalidRules, "a value is neither a number, text, true/false nor null", location: SourceLocation(file: source))
            }
            rules = try JSONDecoder().decode(AnalysisRules.self, from: JSONSerialization.data(withJSONObject: merged))
        } catch let error as DecodingError {
            let (field, message) = describe(error, document: merged)
            throw AnalysisError(.invalidRules, message, location: SourceLocation(file: source, field: field))
        }
        let problems = rules.problems()
        if !problems.isEmpty {
            throw AnalysisError(
                .invalidRules, problems.joined(separator: "; "), location: SourceLocation(file: source))
        }
        return rules
    }

    /// A decoding error as `(key path, message)`: the key path goes into the error's location
    /// (printed as `rules.yaml (field structuring.threshold): ...`), the message says what was
    /// expected in plain words and the value found, e.g.
    /// `expected a number (no thousands separators), got '11,000'`.
    static func describe(_ error: DecodingError, document: Any? = nil) -> (String?, String) {
        func path(_ keys: [any CodingKey]) -> String? {
            keys.isEmpty ? nil : keys.map(\.stringValue).joined(separator: ".")
        }
        switch error {
        case .dataCorrupted(let context):
            return (path(context.codingPath), context.debugDescription)
        case .typeMismatch(let type, let context):
            let found = value(at: context.codingPath, in: document).map { ", got \(shown($0))" } ?? ""
            return (path(context.codingPath), "expected \(expected(type))\(found)")
        case .valueNotFound(let type, let context):
            return (path(context.codingPath), "expected \(expected(type)), found nothing")
        case .keyNotFound(let key, let context):
            return (path(context.codingPath + [key]), "missing key")
        @unknown default:
            return (nil, "\(error)")
        }
    }

    /// What a Swift type means to someone writing a rules file.
    private static func expected(_ type: Any.Type) -> String {
        switch type {
        case is Double.Type, is Float.Type, is Decimal.Type: "a number (no thousands separators)"
        case is Int.Type, is Int64.Type, is Int32.Type, is UInt.Type: "a whole number (no thousands separators)"
        case is Bool.Type: "true or false"
        case is String.Type: "text"
        default:
            "\(type)".hasPrefix("Array") ? "a list" : "a section of key: value lines"
        }
    }

    /// The value at a key path in the parsed document, if it can be found.
    private static func value(at keys: [any CodingKey], in document: Any?) -> Any? {
        var current = document
        for key in keys {
            if let index = key.intValue, let list = current as? [Any] {
                current = list.indices.contains(index) ? list[index] : nil
            } else if let object = current as? [String: Any] {
                current = object[key.stringValue]
            } else {
                return nil
            }
        }
        return current
    }

    /// A found value as the user wrote it: text in quotes, a section or list by kind.
    private static func shown(_ value: Any) -> String {
        switch value {
        case let text as String: "'\(text)'"
        case is [String: Any]: "a section"
        case is [Any]: "a list"
        case is NSNull: "nothing"
        default: "\(value)"
        }
    }

    /// Applies `--only` and `--skip`: `only` switches its detectors on and every other one
    /// off (whatever the rules file said); `skip` then switches its detectors off.
    /// - Parameters:
    ///   - only: detector names (``Typology`` raw values), or `nil` for no `--only`.
    ///   - skip: detector names to switch off.
    /// - Returns: the adjusted rules.
    public func applying(only: [Typology]?, skip: [Typology]) -> AnalysisRules {
        var rules = self
        if let only {
            for typology in Typology.allCases { rules.setEnabled(typology, only.contains(typology)) }
        }
        for typology in skip { rules.setEnabled(typology, false) }
        return rules
    }

    /// Parses a comma-separated detector list such as `"cycle,fan_in"` (spaces allowed).
    /// - Parameters:
    ///   - list: the list as typed.
    ///   - option: the option's name for the error message, e.g. `"--only"`.
    /// - Returns: the detectors in the order given, without repeats.
    /// - Throws: ``AnalysisError`` `invalidOption` naming an unknown detector and the known ones.
    public static func parseDetectorList(_ list: String, option: String) throws -> [Typology] {
        var result: [Typology] = []
        for part in list.split(separator: ",") {
            let name = part.trimmingCharacters(in: .whitespaces)
            if name.isEmpty { continue }
            guard let typology = Typology(rawValue: name) else {
                let known = Typology.allCases.map(\.rawValue).joined(separator: ", ")
                throw AnalysisError(.invalidOption, "\(option): unknown detector '\(name)' (known: \(known))")
            }
            if !result.contains(typology) { result.append(typology) }
        }
        return result
    }
}

extension AnalysisRules {
    /// The rules of one `hawala analyze` run: the profile (or the defaults), the file laid
    /// over it (the file's keys win), then `--only` and `--skip`.
    /// - Parameters:
    ///   - path: the rules file, or `nil`.
    ///   - profile: the `--profile` name as typed, or `nil` for the defaults.
    ///   - only: the `--only` list as typed, or `nil`.
    ///   - skip: the `--skip` list as typed, or `nil`.
    /// - Returns: the rules to run.
    /// - Throws: ``AnalysisError`` for an unknown profile (listing the known ones), an
    ///   unreadable or invalid file or an unknown detector name.
    public static func loadForRun(path: String?, profile: String? = nil, only: String?, skip: String?) throws -> AnalysisRules {
        let underneath = try profile.map { try RulesProfile.named($0).rules() } ?? AnalysisRules()
        let base = try path.map { try load(path: $0, over: underneath) } ?? underneath
        let onlyList = try only.map { try parseDetectorList($0, option: "--only") }
        let skipList = try skip.map { try parseDetectorList($0, option: "--skip") } ?? []
        return base.applying(only: onlyList, skip: skipList)
    }

    /// The typology named `name` (its raw value, e.g. `fan_in`; `-` is read as `_`).
    /// - Returns: `nil` for an unknown name.
    public static func typology(named name: String) -> Typology? {
        Typology(rawValue: name.replacingOccurrences(of: "-", with: "_").lowercased())
    }
}
