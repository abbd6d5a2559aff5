import Foundation
import HawalaCore

/// One analysis parameter as the run recorded it, e.g. `cycle.max_hops = 5`.
public struct RunParameter: Hashable, Sendable, Codable {
    /// The parameter's name, e.g. `"cycle.max_hops"`.
    public var name: String
    /// Its value as text, e.g. `"5"`.
    public var value: String

    /// - Parameters:
    ///   - name: the parameter's name.
    ///   - value: its value as text.
    public init(name: String, value: String) {
        self.name = name
        self.value = value
    }
}

/// The analysis run a report describes.
public struct ReportRun: Hashable, Sendable {
    /// The run's id in the store, e.g. `"3"` or `"R-2026-0007"`.
    public var id: String
    /// The parameters the run used, in the order to show them.
    public var parameters: [RunParameter]
    /// The first transfer time the run looked at, UTC, when known.
    public var dataFrom: Date?
    /// The last transfer time the run looked at, UTC, when known.
    public var dataTo: Date?
    /// When the run started, UTC.
    public var startedAt: Date
    /// The version of the tool that made the run, e.g. `"0.1.0"`.
    public var toolVersion: String
    /// The reporting currency the run's amounts are in (default USD).
    public var reportingCurrency: CurrencyCode

    /// Creates a run description.
    /// - Parameters:
    ///   - id: the run's id.
    ///   - parameters: the run's parameters as name/value pairs.
    ///   - dataFrom: the first transfer time covered, UTC.
    ///   - dataTo: the last transfer time covered, UTC.
    ///   - startedAt: when the run started, UTC.
    ///   - toolVersion: the tool's version.
    ///   - reportingCurrency: the currency of analysis amounts.
    public init(
        id: String, parameters: [RunParameter] = [], dataFrom: Date? = nil, dataTo: Date? = nil,
        startedAt: Date, toolVersion: String, reportingCurrency: CurrencyCode = .usd
    ) {
        self.id = id
        self.parameters = parameters
        self.dataFrom = dataFrom
        self.dataTo = dataTo
        self.startedAt = startedAt
        self.toolVersion = toolVersion
        self.reportingCurrency = reportingCurrency
    }

    /// Flattens a JSON object of parameters (as a run stores them) into name/value pairs:
    /// nested objects become dotted names (`{"cycle": {"max_hops": 5}}` → `cycle.max_hops = 5`),
    /// arrays and scalars become their JSON text, sorted by name.
    /// - Parameter json: the JSON text of an object.
    /// - Returns: the pairs; a single pair named `parameters` holding the text when it is not a
    ///   JSON object (so nothing the run recorded is lost).
    public static func parameters(fromJSON json: String) -> [RunParameter] {
        guard let data = json.data(using: .utf8),
            let object = try? JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed]),
            let dictionary = object as? [String: Any]
        else { return json.isEmpty ? [] : [RunParameter(name: "parameters", value: json)] }
        var result: [RunParameter] = []
        flatten(dictionary, prefix: "", into: &result)
        return result.sorted { $0.name < $1.name }
    }

    private static func flatten(_ dictionary: [String: Any], prefix: String, into result: inout [RunParameter]) {
        for (key, value) in dictionary {
            let name = prefix.isEmpty ? key : prefix + "." + key
            if let nested = value as? [String: Any] {
                flatten(nested, prefix: name, into: &result)
            } else {
                result.append(RunParameter(name: name, value: jsonText(value)))
            }
        }
    }

    private static func jsonText(_ value: Any) -> String {
        if let text = value as? String { return text }
        if value is NSNull { return "null" }
        if let number = value as? NSNumber {
            if String(cString: number.objCType) == "c" { return number.boolValue ? "true" : "false" }
            return number.stringValue
        }
        guard JSONSerialization.isValidJSONObject(value),
            let data = try? JSONSerialization.data(withJSONObject: value, options: [.sortedKeys, .withoutEscapingSlashes])
        else { return String(describing: value) }
        return String(decoding: data, as: UTF8.self)
    }
}

/// A broker's risk score with the reasons behind it, as the analysis engine ranks brokers.
public struct BrokerRisk: Hashable, Sendable, Codable {
    /// The broker's id (``Broker/id``).
    public var brokerID: String
    /// The score, 0...1 unless the analysis documents otherwise; higher is riskier.
    public var score: Double
    /// Readable reasons, e.g. `"in 3 cycles"`, `"net position 120,000 USD against BRK-2"`.
    public var reasons: [String]

    /// - Parameters:
    ///   - brokerID: the broker's id.
    ///   - score: the risk score.
    ///   - reasons: readable reasons.
    public init(brokerID: String, score: Double, reasons: [String] = []) {
        self.brokerID = brokerID
        self.score = score
        self.reasons = reasons
    }
}

/// Everything the report and the graph exports read, filled by the caller from the store.
///
/// The module never opens the database: the CLI (and the evidence package) build this value
/// and hand it over. Transfers not referenced by any finding are allowed (graph exports of a
/// whole run); findings referencing transfers missing here still render, with a note.
public struct ReportInput: Sendable {
    /// The analysis run.
    public var run: ReportRun
    /// The findings to show, in the order to show them (the report sorts nothing away).
    public var findings: [Finding]
    /// The transfers behind the findings (and any other transfers to export).
    public var transfers: [Transfer]
    /// Where each transfer came from, by ``Transfer/id``; several entries when the same
    /// transfer was reported in several files.
    public var provenance: [String: [Provenance]]
    /// The brokers the transfers name (missing ones are shown by id only).
    public var brokers: [Broker]
    /// The originators and beneficiaries the transfers name, when the store has them.
    public var parties: [Party]
    /// Broker risk scores and reasons, when the analysis ranked brokers.
    public var risks: [BrokerRisk]
    /// A title for the report, e.g. a case reference.
    public var title: String
    /// The networks the findings form, highest score first; the report opens with them
    /// (none: the report lists findings only).
    public var networks: [ReportNetwork] = []
    /// Review status and notes by finding id (missing: open).
    public var reviews: [String: ReportReview] = [:]

    /// Creates the input.
    /// - Parameters:
    ///   - run: the analysis run.
    ///   - findings: the findings to show.
    ///   - transfers: the transfers behind them (and others to export).
    ///   - provenance: source file and line of each transfer, by transfer id.
    ///   - brokers: the brokers involved.
    ///   - parties: the originators and beneficiaries involved.
    ///   - risks: broker risk scores and reasons.
    ///   - title: the report's title.
    public init(
        run: ReportRun, findings: [Finding], transfers: [Transfer], provenance: [String: [Provenance]] = [:],
        brokers: [Broker], parties: [Party] = [], risks: [BrokerRisk] = [], title: String = "HawalaTrace report"
    ) {
        self.run = run
        self.findings = findings
        self.transfers = transfers
        self.provenance = provenance
        self.brokers = brokers
        self.parties = parties
        self.risks = risks
        self.title = title
    }
}
