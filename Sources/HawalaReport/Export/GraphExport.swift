import Foundation
import HawalaCore

/// The graph formats `hawala graph --format` writes.
public enum GraphFormat: String, CaseIterable, Sendable {
    /// GraphML (graphdrawing.org), for Gephi, yEd, networkx, igraph.
    case graphml
    /// GEXF 1.2, Gephi's own format.
    case gexf
    /// The Graphviz DOT language.
    case dot
    /// FollowTheMoney entities as JSON Lines, for OCCRP Aleph.
    case ftm
    /// One CSV row per link, for the i2 Analyst's Notebook tabular import.
    case i2csv
    /// `nodes.csv` and `relationships.csv` for `neo4j-admin database import full`.
    case neo4j

    /// The usual file name ending (a folder for Neo4j).
    public var fileExtension: String {
        switch self {
        case .graphml: "graphml"
        case .gexf: "gexf"
        case .dot: "dot"
        case .ftm: "ftm.jsonl"
        case .i2csv: "i2.csv"
        case .neo4j: "neo4j"
        }
    }
}

/// The transfer graph of a ``ReportInput`` in the formats analysts' tools read.
///
/// Nodes are brokers (every broker a transfer or finding names), edges are transfers (every
/// transfer in ``ReportInput/transfers``, in time order). To export the subgraph of some
/// findings, narrow the input first with ``ReportInput/restricted(toFindings:)``.
/// Node attributes: broker id, name, country, risk score (and reasons). Edge attributes:
/// transfer id, time (ISO 8601 UTC), amount (major units, as given), currency, amount in the
/// reporting currency when known, typologies and findings the transfer is part of,
/// originator, beneficiary, source file and line. Output is deterministic for a given input.
public enum GraphExport {
    /// The two files of a Neo4j import.
    public struct Neo4jFiles: Sendable, Equatable {
        /// `nodes.csv`: one row per broker.
        public var nodes: String
        /// `relationships.csv`: one row per transfer.
        public var relationships: String
    }

    /// Writes an export.
    /// - Parameters:
    ///   - format: the format.
    ///   - input: the graph's source.
    ///   - url: the output file; for ``GraphFormat/neo4j`` a folder (created if missing)
    ///     that receives `nodes.csv` and `relationships.csv`.
    ///   - namespace: the FollowTheMoney id namespace (see ``followTheMoney(_:namespace:)``).
    /// - Returns: the files written.
    /// - Throws: ``ReportError`` `.io` when a file or the folder cannot be written,
    ///   `.invalidRequest` when the Neo4j output path is an existing file.
    @discardableResult
    public static func write(_ format: GraphFormat, _ input: ReportInput, to url: URL, namespace: String = "hawala") throws
        -> [URL]
    {
        let files: [(URL, String)]
        switch format {
        case .graphml: files = [(url, graphML(input))]
        case .gexf: files = [(url, gexf(input))]
        case .dot: files = [(url, dot(input))]
        case .ftm: files = [(url, followTheMoney(input, namespace: namespace))]
        case .i2csv: files = [(url, i2CSV(input))]
        case .neo4j:
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory), !isDirectory.boolValue {
                throw ReportError(.invalidRequest, "the Neo4j export writes a folder, but this is a file",
                    location: SourceLocation(file: url.path))
            }
            do {
                try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
            } catch {
                throw ReportError(.io, "cannot create the folder", location: SourceLocation(file: url.path), underlying: error)
            }
            let neo = neo4j(input)
            files = [(url.appendingPathComponent("nodes.csv"), neo.nodes),
                     (url.appendingPathComponent("relationships.csv"), neo.relationships)]
        }
        for (file, text) in files {
            do {
                try Data(text.utf8).write(to: file, options: .atomic)
            } catch {
                throw ReportError(.io, "cannot write the \(format.rawValue) export", location: SourceLocation(file: file.path),
                    underlying: error)
            }
        }
        return files.map(\.0)
    }
}

/// The graph every exporter walks: brokers sorted by id, transfers in time order.
struct ExportGraph {
    let input: ReportInput
    let index: InputIndex
    /// Every broker a transfer or a finding names, sorted by id.
    let nodes: [Broker]
    /// The transfers in time order (then id).
    let edges: [Transfer]

    init(_ input: ReportInput) {
        self.input = input
        index = InputIndex(input)
        var ids = Set(input.findings.flatMap(\.brokers))
        for transfer in input.transfers {
            ids.insert(transfer.senderBroker)
            ids.insert(transfer.receiverBroker)
        }
        nodes = ids.sorted().map(index.broker)
        edges = input.transfers.sorted { ($0.timestamp, $0.id) < ($1.timestamp, $1.id) }
    }

    var currency: CurrencyCode { input.run.reportingCurrency }

    func risk(_ id: String) -> BrokerRisk? { index.risks[id] }

    /// The typologies of a transfer, comma separated (`"cycle,structuring"`).
    func typologies(_ transfer: Transfer) -> [String] { (index.typologies[transfer.id] ?? []).map(\.rawValue) }

    /// The findings of a transfer.
    func findings(_ transfer: Transfer) -> [String] { index.findingIDs[transfer.id] ?? [] }

    /// The amount in the reporting currency, when known.
    func reportingAmount(_ transfer: Transfer) -> Double? { InputIndex.reportingMajorUnits(transfer, currency) }

    /// `file:line` (or `file element`) of each source record, joined by `; `.
    func source(_ transfer: Transfer) -> String {
        (input.provenance[transfer.id] ?? []).map { item in
            var text = item.file
            if let line = item.line { text += ":\(line)" }
            if let element = item.element { text += " " + element }
            return text
        }.joined(separator: "; ")
    }

    /// A decimal number as plain text without exponent (`48200`, `0.93`).
    static func number(_ value: Double) -> String {
        guard value.isFinite else { return "0" }
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        return String(format: "%.6f", value).replacingOccurrences(of: "0+$", with: "", options: .regularExpression)
    }
}
