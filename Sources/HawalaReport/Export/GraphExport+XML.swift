import Foundation
import HawalaCore

extension GraphExport {
    /// One attribute of the XML formats: its name, XML type and how to read it.
    fileprivate struct Attribute<Item> {
        var name: String
        /// GraphML `attr.type` (`string`, `double`); GEXF uses the same words.
        var type: String
        var value: (Item) -> String?
    }

    /// The non-empty values of some attributes of an item, each escaped and rendered.
    fileprivate static func values<Item>(
        _ attributes: [Attribute<Item>], of item: Item, _ render: (_ name: String, _ escapedValue: String) -> String
    ) -> String {
        attributes.compactMap { attribute in
            attribute.value(item).flatMap { $0.isEmpty ? nil : render(attribute.name, Markup.escape($0)) }
        }.joined()
    }

    /// Attribute declarations, one per line.
    fileprivate static func declarations<Item>(_ attributes: [Attribute<Item>], _ render: (Attribute<Item>) -> String) -> String {
        attributes.map { render($0) + "\n" }.joined()
    }

    fileprivate static func nodeAttributes(_ graph: ExportGraph) -> [Attribute<Broker>] {
        [
            Attribute(name: "label", type: "string") { $0.name ?? $0.id },
            Attribute(name: "broker_id", type: "string") { $0.id },
            Attribute(name: "name", type: "string") { $0.name },
            Attribute(name: "country", type: "string") { $0.country },
            Attribute(name: "licence", type: "string") { $0.licence },
            Attribute(name: "risk_score", type: "double") { graph.risk($0.id).map { ExportGraph.number($0.score) } },
            Attribute(name: "risk_reasons", type: "string") {
                graph.risk($0.id).flatMap { $0.reasons.isEmpty ? nil : $0.reasons.joined(separator: "; ") }
            },
        ]
    }

    fileprivate static func edgeAttributes(_ graph: ExportGraph) -> [Attribute<Transfer>] {
        [
            Attribute(name: "label", type: "string") { $0.amount.description },
            Attribute(name: "transfer_id", type: "string") { $0.id },
            Attribute(name: "time", type: "string") { UTCTime.iso8601($0.timestamp) },
            Attribute(name: "amount", type: "double") { $0.amount.plainText },
            Attribute(name: "currency", type: "string") { $0.amount.currency.code },
            Attribute(name: "amount_reporting", type: "double") { graph.reportingAmount($0).map(ExportGraph.number) },
            Attribute(name: "reporting_currency", type: "string") { _ in graph.currency.code },
            Attribute(name: "typologies", type: "string") { graph.typologies($0).joined(separator: ",") },
            Attribute(name: "findings", type: "string") { graph.findings($0).joined(separator: ",") },
            Attribute(name: "originator", type: "string") { $0.originator },
            Attribute(name: "beneficiary", type: "string") { $0.beneficiary },
            Attribute(name: "channel", type: "string") { $0.channel },
            Attribute(name: "source", type: "string") { graph.source($0) },
        ]
    }

    /// GraphML 1.0 (graphdrawing.org): a directed graph with one `<node>` per broker and one
    /// `<edge>` per transfer (parallel edges allowed, each with its transfer id as edge id),
    /// typed `<key>`s for every attribute. Empty values are left out. Loads in Gephi
    /// (File › Open), yEd, igraph and networkx (`read_graphml` gives a `MultiDiGraph` when
    /// two transfers join the same brokers).
    /// Source: GraphML Primer and Specification, graphdrawing.org, 2002–2007.
    /// - Parameter input: the graph's source.
    /// - Returns: the XML document.
    public static func graphML(_ input: ReportInput) -> String {
        let graph = ExportGraph(input)
        let nodeAttributes = nodeAttributes(graph)
        let edgeAttributes = edgeAttributes(graph)
        var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        out += "<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" "
        out += "xsi:schemaLocation=\"http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd\">\n"
        out += declarations(nodeAttributes) { "  <key id=\"n_\($0.name)\" for=\"node\" attr.name=\"\($0.name)\" attr.type=\"\($0.type)\"/>" }
        out += declarations(edgeAttributes) { "  <key id=\"e_\($0.name)\" for=\"edge\" attr.name=\"\($0.name)\" attr.type=\"\($0.type)\"/>" }
        out += "  <graph id=\"\(Markup.escape("run-" + input.run.id))\" edgedefault=\"directed\">\n"
        for broker in graph.nodes {
            out += "    <node id=\"\(Markup.escape(broker.id))\">"
            out += values(nodeAttributes, of: broker) { "<data key=\"n_\($0)\">\($1)</data>" } + "</node>\n"
        }
        for transfer in graph.edges {
            out += "    <edge id=\"\(Markup.escape(transfer.id))\" source=\"\(Markup.escape(transfer.senderBroker))\" target=\"\(Markup.escape(transfer.receiverBroker))\">"
            out += values(edgeAttributes, of: transfer) { "<data key=\"e_\($0)\">\($1)</data>" } + "</edge>\n"
        }
        return out + "  </graph>\n</graphml>\n"
    }

    /// GEXF 1.2 (Gephi): a static directed graph, node and edge attributes declared with
    /// their types (`<attributes class="node|edge">`), one edge per transfer with its id,
    /// the amount in the reporting currency as edge weight when known. Loads in Gephi
    /// (File › Open) and networkx (`read_gexf`).
    /// Source: GEXF 1.2draft specification, gexf.net (GEXF Working Group, 2009–2012).
    /// - Parameter input: the graph's source.
    /// - Returns: the XML document.
    public static func gexf(_ input: ReportInput) -> String {
        let graph = ExportGraph(input)
        // `label` is a built-in of GEXF nodes and edges, not an attribute.
        let nodeAttributes = nodeAttributes(graph).filter { $0.name != "label" }
        let edgeAttributes = edgeAttributes(graph).filter { $0.name != "label" }
        var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        out += "<gexf xmlns=\"http://www.gexf.net/1.2draft\" version=\"1.2\">\n"
        out += "  <meta><creator>HawalaTrace \(Markup.escape(input.run.toolVersion))</creator><description>\(Markup.escape("Transfer graph of run " + input.run.id))</description></meta>\n"
        out += "  <graph mode=\"static\" defaultedgetype=\"directed\">\n"
        out += "    <attributes class=\"node\">\n"
        out += declarations(nodeAttributes) { "      <attribute id=\"\($0.name)\" title=\"\($0.name)\" type=\"\($0.type)\"/>" }
        out += "    </attributes>\n    <attributes class=\"edge\">\n"
        out += declarations(edgeAttributes) { "      <attribute id=\"\($0.name)\" title=\"\($0.name)\" type=\"\($0.type)\"/>" }
        out += "    </attributes>\n    <nodes>\n"
        for broker in graph.nodes {
            out += "      <node id=\"\(Markup.escape(broker.id))\" label=\"\(Markup.escape(broker.name ?? broker.id))\"><attvalues>"
            out += values(nodeAttributes, of: broker) { "<attvalue for=\"\($0)\" value=\"\($1)\"/>" } + "</attvalues></node>\n"
        }
        out += "    </nodes>\n    <edges>\n"
        for transfer in graph.edges {
            out += "      <edge id=\"\(Markup.escape(transfer.id))\" source=\"\(Markup.escape(transfer.senderBroker))\" target=\"\(Markup.escape(transfer.receiverBroker))\" label=\"\(Markup.escape(transfer.amount.description))\""
            if let weight = graph.reportingAmount(transfer) { out += " weight=\"\(ExportGraph.number(weight))\"" }
            out += "><attvalues>" + values(edgeAttributes, of: transfer) { "<attvalue for=\"\($0)\" value=\"\($1)\"/>" }
            out += "</attvalues></edge>\n"
        }
        return out + "    </edges>\n  </graph>\n</gexf>\n"
    }

    /// Graphviz DOT: a `digraph`, brokers as rounded boxes labelled with name, id and country
    /// (filled by risk), transfers as edges labelled with their time-order number, amount and
    /// time; ids and attributes as in the other formats, so `dot -Tsvg` gives a picture and
    /// tools reading DOT keep the data. Every string is a quoted DOT ID with `\` and `"` escaped.
    /// Source: Graphviz, "The DOT Language" and "Node, Edge and Graph Attributes".
    /// - Parameter input: the graph's source.
    /// - Returns: the DOT text.
    public static func dot(_ input: ReportInput) -> String {
        let graph = ExportGraph(input)
        let q = Markup.dot
        var out = "digraph \(q("run " + input.run.id)) {\n"
        out += "  graph [rankdir=LR, fontname=\"Helvetica\", label=\(q("HawalaTrace run \(input.run.id): \(graph.nodes.count) brokers, \(graph.edges.count) transfers"))];\n"
        out += "  node [shape=box, style=\"rounded,filled\", fontname=\"Helvetica\", fillcolor=\"#d9e4ef\"];\n"
        out += "  edge [fontname=\"Helvetica\", fontsize=10];\n"
        for broker in graph.nodes {
            var label = broker.name ?? broker.id
            label += "\n" + (broker.name == nil ? "" : broker.id + " · ") + (broker.country ?? "country ?")
            var attributes = ["label=\(q(label))", "broker_id=\(q(broker.id))"]
            if let name = broker.name { attributes.append("name=\(q(name))") }
            if let country = broker.country { attributes.append("country=\(q(country))") }
            if let risk = graph.risk(broker.id) {
                attributes.append("risk_score=\(q(ExportGraph.number(risk.score)))")
                let fill = risk.score >= 0.7 ? "#f2a7a1" : risk.score >= 0.4 ? "#f7dca8" : "#cfe8d8"
                attributes.append("fillcolor=\(q(fill))")
                if !risk.reasons.isEmpty { attributes.append("tooltip=\(q(risk.reasons.joined(separator: "; ")))") }
            }
            out += "  \(q(broker.id)) [\(attributes.joined(separator: ", "))];\n"
        }
        for (rank, transfer) in graph.edges.enumerated() {
            let label = "\(rank + 1) · \(Money.readable(transfer.amount.majorUnits, transfer.amount.currency))\n\(UTCTime.iso8601(transfer.timestamp))"
            var attributes = [
                "label=\(q(label))", "id=\(q(transfer.id))", "transfer_id=\(q(transfer.id))",
                "time=\(q(UTCTime.iso8601(transfer.timestamp)))", "amount=\(q(transfer.amount.plainText))",
                "currency=\(q(transfer.amount.currency.code))",
            ]
            let typologies = graph.typologies(transfer)
            if !typologies.isEmpty {
                attributes.append("typologies=\(q(typologies.joined(separator: ",")))")
                attributes.append("penwidth=2")
            }
            out += "  \(q(transfer.senderBroker)) -> \(q(transfer.receiverBroker)) [\(attributes.joined(separator: ", "))];\n"
        }
        return out + "}\n"
    }
}
