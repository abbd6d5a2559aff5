import Foundation
import HawalaCore

/// The picture of one finding's subgraph: brokers as labelled nodes (name, id, country),
/// transfers as arrows labelled with their time order and amount.
enum SubgraphPicture {
    /// Arrows between the same two brokers beyond this many merge into one labelled arrow.
    static let maxParallelArrows = 3

    /// Lays a finding's subgraph out: a cycle as a ring, fan-in, fan-out and gather-scatter
    /// as a star around their hub, everything else in left-to-right layers.
    /// - Parameters:
    ///   - finding: the finding.
    ///   - index: lookups over the input.
    /// - Returns: the layout.
    static func layout(for finding: Finding, index: InputIndex) -> SubgraphLayout {
        let transfers = index.transfers(of: finding).sorted {
            ($0.timestamp, $0.id) < ($1.timestamp, $1.id)
        }
        var order: [String] = []
        var seen = Set<String>()
        for id in finding.brokers + transfers.flatMap({ [$0.senderBroker, $0.receiverBroker] })
        where seen.insert(id).inserted {
            order.append(id)
        }
        let nodes = order.map { LayoutNode(id: $0, lines: nodeLines(index.broker($0))) }

        var groups: [(from: String, to: String, members: [(rank: Int, transfer: Transfer)])] = []
        var groupIndex: [String: Int] = [:]
        for (position, transfer) in transfers.enumerated() {
            let key = transfer.senderBroker + "\u{0}" + transfer.receiverBroker
            if let i = groupIndex[key] {
                groups[i].members.append((position + 1, transfer))
            } else {
                groupIndex[key] = groups.count
                groups.append((transfer.senderBroker, transfer.receiverBroker, [(position + 1, transfer)]))
            }
        }
        var edges: [LayoutEdge] = []
        for group in groups {
            if group.members.count <= maxParallelArrows {
                for member in group.members {
                    edges.append(
                        LayoutEdge(from: group.from, to: group.to,
                            label: "\(member.rank) · " + Money.readable(member.transfer.amount.majorUnits, member.transfer.amount.currency)))
                }
            } else {
                let ranks = group.members.map(\.rank)
                let total = totalText(group.members.map(\.transfer), currency: finding.currency)
                edges.append(
                    LayoutEdge(from: group.from, to: group.to,
                        label: "\(ranks.first ?? 0)…\(ranks.last ?? 0) (\(ranks.count)×) · " + total))
            }
        }
        return SubgraphLayout.compute(nodes: nodes, edges: edges, shape: shape(for: finding, nodes: order, transfers: transfers))
    }

    /// The label lines of a broker node: its name (or id), then id and country.
    static func nodeLines(_ broker: Broker) -> [String] {
        let country = broker.country ?? "country ?"
        if let name = broker.name, !name.isEmpty {
            return [Markup.truncate(name, 30), Markup.truncate(broker.id, 20) + " · " + country]
        }
        return [Markup.truncate(broker.id, 30), country]
    }

    /// The shape for a finding's typology, with the hub of a star by degree.
    static func shape(for finding: Finding, nodes: [String], transfers: [Transfer]) -> LayoutShape {
        func hub(_ degree: (Transfer) -> [String]) -> String {
            var count: [String: Int] = [:]
            for transfer in transfers { for id in degree(transfer) { count[id, default: 0] += 1 } }
            return nodes.max { (count[$0] ?? 0, -indexOf($0)) < (count[$1] ?? 0, -indexOf($1)) } ?? ""
        }
        func indexOf(_ id: String) -> Int { nodes.firstIndex(of: id) ?? 0 }
        guard nodes.count > 2 else { return .layered }
        switch finding.typology {
        case .cycle, .settlementRing: return .ring
        case .fanIn: return .star(center: hub { [$0.receiverBroker] })
        case .fanOut: return .star(center: hub { [$0.senderBroker] })
        case .gatherScatter: return .star(center: hub { [$0.senderBroker, $0.receiverBroker] })
        default: return .layered
        }
    }

    /// The total of several transfers: in their own currency when they share one, else in
    /// the reporting currency (marked `≈`), else the count of currencies.
    static func totalText(_ transfers: [Transfer], currency: CurrencyCode) -> String {
        let currencies = Set(transfers.map(\.amount.currency))
        if currencies.count == 1, let only = currencies.first {
            return Money.readable(transfers.reduce(0) { $0 + $1.amount.majorUnits }, only)
        }
        let converted = transfers.compactMap { InputIndex.reportingMajorUnits($0, currency) }
        if converted.count == transfers.count {
            return "≈ " + Money.readable(converted.reduce(0, +), currency)
        }
        return "\(currencies.count) currencies"
    }

    /// The SVG markup of a layout, inline in HTML (no namespace declaration needed there).
    /// - Parameters:
    ///   - layout: the layout.
    ///   - idPrefix: a document-unique prefix for the SVG's element ids.
    ///   - title: the accessible title.
    ///   - risks: risk scores by broker id, to tint nodes.
    ///   - highlighted: brokers drawn with a heavy outline (the finding's own).
    /// - Returns: the `<svg>` element.
    static func svg(
        _ layout: SubgraphLayout, idPrefix: String, title: String, risks: [String: BrokerRisk], highlighted: Set<String>
    ) -> String {
        let w = format(layout.width)
        let h = format(layout.height)
        var out = "<svg class=\"graph\" viewBox=\"0 0 \(w) \(h)\" width=\"\(w)\" height=\"\(h)\" role=\"img\" aria-labelledby=\"\(idPrefix)-title\">"
        out += "<title id=\"\(idPrefix)-title\">\(Markup.escape(title))</title>"
        out += "<defs><marker id=\"\(idPrefix)-arrow\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" markerWidth=\"8\" markerHeight=\"8\" orient=\"auto\"><path d=\"M0,0 L10,5 L0,10 z\" class=\"arrowhead\"/></marker></defs>"
        for edge in layout.edges {
            out += "<path class=\"edge\" d=\"M\(format(edge.start.x)),\(format(edge.start.y)) Q\(format(edge.control.x)),\(format(edge.control.y)) \(format(edge.end.x)),\(format(edge.end.y))\" marker-end=\"url(#\(idPrefix)-arrow)\"/>"
        }
        for node in layout.nodes {
            let tier = riskTier(risks[node.id]?.score)
            let strong = highlighted.contains(node.id) ? " strong" : ""
            out += "<circle class=\"node \(tier)\(strong)\" cx=\"\(format(node.center.x))\" cy=\"\(format(node.center.y))\" r=\"\(format(SubgraphLayout.nodeRadius))\"/>"
        }
        for edge in layout.edges {
            out += label(box: edge.labelBox, lines: [edge.label], cssClass: "elabel")
        }
        for node in layout.nodes {
            out += label(box: node.labelBox, lines: node.lines, cssClass: "nlabel")
        }
        return out + "</svg>"
    }

    /// A label: a background box and its lines of text.
    static func label(box: Box, lines: [String], cssClass: String) -> String {
        var out = "<g class=\"\(cssClass)\"><rect x=\"\(format(box.x))\" y=\"\(format(box.y))\" width=\"\(format(box.width))\" height=\"\(format(box.height))\" rx=\"3\"/>"
        let x = box.x + SubgraphLayout.labelPadding
        for (i, line) in lines.enumerated() {
            let y = box.y + SubgraphLayout.labelPadding / 2 + SubgraphLayout.lineHeight * Double(i) + SubgraphLayout.fontSize
            let weight = (cssClass == "nlabel" && i == 0) ? " class=\"name\"" : ""
            out += "<text x=\"\(format(x))\" y=\"\(format(y))\"\(weight)>\(Markup.escape(line))</text>"
        }
        return out + "</g>"
    }

    /// The CSS class for a risk score: `risk-high` (≥ 0.7), `risk-mid` (≥ 0.4), `risk-low`,
    /// `risk-none` when unscored.
    static func riskTier(_ score: Double?) -> String {
        guard let score else { return "risk-none" }
        return score >= 0.7 ? "risk-high" : score >= 0.4 ? "risk-mid" : "risk-low"
    }

    /// A coordinate with at most one decimal, no exponent.
    static func format(_ value: Double) -> String {
        guard value.isFinite else { return "0" }
        let rounded = (value * 10).rounded() / 10
        if rounded == rounded.rounded() { return String(Int64(rounded)) }
        return String(format: "%.1f", rounded)
    }
}
