import Foundation
import HawalaCore

extension GraphExport {
    /// The columns of the i2 Analyst's Notebook link CSV, in order (see docs/graph-exports.md
    /// for the matching import specification).
    public static let i2Columns = [
        "Entity1 ID", "Entity1 Type", "Entity1 Name", "Entity1 Country", "Entity1 Risk Score",
        "Entity2 ID", "Entity2 Type", "Entity2 Name", "Entity2 Country", "Entity2 Risk Score",
        "Link ID", "Link Type", "Link Label", "Date", "Time", "DateTime", "Amount", "Currency",
        "Amount Reporting", "Reporting Currency", "Originator", "Beneficiary", "Typologies",
        "Findings", "Source",
    ]

    /// The i2 Analyst's Notebook tabular import: one CSV row per link (transfer), holding both
    /// end entities (brokers: id, type `Hawala Broker`, name, country, risk score) and the
    /// link's attributes (id, type `Transfer`, label, date `yyyy-MM-dd`, time `HH:mm:ss` UTC,
    /// amount in major units, currency, reporting amount, originator, beneficiary,
    /// typologies, findings, source). Header row first, RFC 4180 quoting and CRLF line ends, UTF-8.
    /// - Parameter input: the graph's source.
    /// - Returns: the CSV text.
    public static func i2CSV(_ input: ReportInput) -> String {
        let graph = ExportGraph(input)
        var out = Markup.csvRow(i2Columns, ending: "\r\n")
        func entity(_ id: String) -> [String] {
            let broker = graph.index.broker(id)
            return [broker.id, "Hawala Broker", broker.name ?? broker.id, broker.country ?? "",
                    graph.risk(id).map { ExportGraph.number($0.score) } ?? ""]
        }
        for transfer in graph.edges {
            let time = UTCTime.iso8601(transfer.timestamp)
            let date = String(time.prefix(10))
            let clock = String(time.dropFirst(11).prefix(8))
            var row = entity(transfer.senderBroker) + entity(transfer.receiverBroker)
            row += [transfer.id, "Transfer", transfer.amount.description, date, clock, time,
                    transfer.amount.plainText, transfer.amount.currency.code,
                    graph.reportingAmount(transfer).map { String(format: "%.2f", $0) } ?? "", graph.currency.code,
                    transfer.originator.map(graph.index.partyName) ?? "", transfer.beneficiary.map(graph.index.partyName) ?? "",
                    graph.typologies(transfer).joined(separator: ";"), graph.findings(transfer).joined(separator: ";"),
                    graph.source(transfer)]
            out += Markup.csvRow(row, ending: "\r\n")
        }
        return out
    }

    /// CSV files for `neo4j-admin database import full` (Neo4j 5): `nodes.csv` with header
    /// `brokerId:ID,name,country,licence,riskScore:double,riskReasons:string[],:LABEL` (label
    /// `Broker`) and `relationships.csv` with header
    /// `:START_ID,:END_ID,:TYPE,transferId,time:datetime,amount:double,currency,amountReporting:double,reportingCurrency,typologies:string[],findings:string[],originator,beneficiary,channel,source`
    /// (type `TRANSFER`). Arrays use `;`, the tool's default `--array-delimiter`; a `;` inside
    /// an array element becomes `,`. Empty fields are absent properties. RFC 4180 quoting.
    /// Source: Neo4j Operations Manual 5, "Import" (neo4j-admin database import, CSV header format).
    /// - Parameter input: the graph's source.
    /// - Returns: the two files' text.
    public static func neo4j(_ input: ReportInput) -> Neo4jFiles {
        let graph = ExportGraph(input)
        func list(_ items: [String]) -> String { items.map { $0.replacingOccurrences(of: ";", with: ",") }.joined(separator: ";") }
        var nodes = Markup.csvRow(["brokerId:ID", "name", "country", "licence", "riskScore:double", "riskReasons:string[]", ":LABEL"])
        for broker in graph.nodes {
            let risk = graph.risk(broker.id)
            nodes += Markup.csvRow([broker.id, broker.name ?? "", broker.country ?? "", broker.licence ?? "",
                                    risk.map { ExportGraph.number($0.score) } ?? "", list(risk?.reasons ?? []), "Broker"])
        }
        var relationships = Markup.csvRow([
            ":START_ID", ":END_ID", ":TYPE", "transferId", "time:datetime", "amount:double", "currency",
            "amountReporting:double", "reportingCurrency", "typologies:string[]", "findings:string[]",
            "originator", "beneficiary", "channel", "source",
        ])
        for transfer in graph.edges {
            relationships += Markup.csvRow([
                transfer.senderBroker, transfer.receiverBroker, "TRANSFER", transfer.id, UTCTime.iso8601(transfer.timestamp),
                transfer.amount.plainText, transfer.amount.currency.code,
                graph.reportingAmount(transfer).map(ExportGraph.number) ?? "", graph.currency.code,
                list(graph.typologies(transfer)), list(graph.findings(transfer)),
                transfer.originator ?? "", transfer.beneficiary ?? "", transfer.channel ?? "", graph.source(transfer),
            ])
        }
        return Neo4jFiles(nodes: nodes, relationships: relationships)
    }
}
