import Foundation
import HawalaCore

/// The overview picture of a network of findings: brokers as nodes on a circle (in the order
/// the findings name them, so each finding's brokers sit together),
/// each finding's transfers as coloured links (colour: typology; width: amount), hubs with a
/// dashed outline. Static SVG that reads without script; the report's inline script
/// (``HTMLReport/networkScript``) adds pan, zoom, highlighting and filters through the
/// `data-*` attributes written here.
public enum NetworkPicture {
    /// The colour of each typology's links (also the legend's), colour-blind friendly (Okabe–Ito palette).
    static let colours: [Typology: String] = [
        .cycle: "#d55e00", .fanIn: "#0072b2", .fanOut: "#56b4e9", .scatterGather: "#009e73",
        .gatherScatter: "#cc79a7", .structuring: "#e69f00", .rapidPassThrough: "#7a3f9d",
        .volumeSpike: "#8c6d31", .settlementImbalance: "#555555",
    ]

    /// One link: a finding's transfers from one broker to another.
    struct Link {
        var finding: Finding
        var from: String
        var to: String
        var transfers: Int
        var amount: Double
    }

    /// The `<svg>` of a network.
    /// - Parameters:
    ///   - network: the network.
    ///   - input: the report input (findings, transfers, brokers).
    ///   - index: lookups over `input`.
    /// - Returns: the SVG element.
    static func svg(_ network: ReportNetwork, input: ReportInput, index: InputIndex) -> String {
        let currency = network.currency
        let findings = Dictionary(input.findings.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        // Around the circle in the order findings name them, so a finding's brokers sit together
        // and its links stay short; then any broker only a transfer names.
        var brokers: [String] = []
        var placed = Set<String>()
        for id in network.findingIDs {
            for broker in findings[id]?.brokers ?? [] where placed.insert(broker).inserted { brokers.append(broker) }
        }
        for broker in network.brokers where placed.insert(broker).inserted { brokers.append(broker) }
        var links: [Link] = []
        for id in network.findingIDs {
            guard let finding = findings[id] else { continue }
            var byPair: [String: Link] = [:]
            var order: [String] = []
            for transfer in index.transfers(of: finding) {
                let pair = transfer.senderBroker + "\u{0}" + transfer.receiverBroker
                if byPair[pair] == nil {
                    order.append(pair)
                    byPair[pair] = Link(finding: finding, from: transfer.senderBroker, to: transfer.receiverBroker, transfers: 0, amount: 0)
                }
                byPair[pair]!.transfers += 1
                byPair[pair]!.amount += InputIndex.reportingMajorUnits(transfer, currency) ?? 0
                for broker in [transfer.senderBroker, transfer.receiverBroker] where placed.insert(broker).inserted {
                    brokers.append(broker)
                }
            }
            links += order.compactMap { byPair[$0] }
        }
        let n = max(brokers.count, 1)
        let radius = max(110, Double(n) * 22 / Double.pi)
        let margin = 200.0
        let size = 2 * (radius + margin)
        var centre: [String: Point] = [:]
        for (i, broker) in brokers.enumerated() {
            let angle = 2 * Double.pi * Double(i) / Double(n) - Double.pi / 2
            centre[broker] = Point(x: size / 2 + radius * cos(angle), y: size / 2 + radius * sin(angle))
        }
        let maxAmount = max(links.map(\.amount).max() ?? 1, 1)
        let prefix = "net\(network.number)"
        let f = SubgraphPicture.format
        var out = "<svg class=\"network-view\" id=\"\(prefix)-svg\" viewBox=\"0 0 \(f(size)) \(f(size))\" width=\"\(f(min(size, 900)))\" height=\"\(f(min(size, 900)))\" role=\"img\" aria-labelledby=\"\(prefix)-title\">"
        out += "<title id=\"\(prefix)-title\">Network \(network.number): \(brokers.count) brokers, \(network.findingIDs.count) findings</title>"
        out += "<defs><marker id=\"\(prefix)-arrow\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" markerWidth=\"6\" markerHeight=\"6\" orient=\"auto\"><path d=\"M0,0 L10,5 L0,10 z\" class=\"arrowhead\"/></marker></defs>"
        out += "<g class=\"viewport\">"
        // Parallel links of different findings between the same pair bend apart.
        var seenPairs: [String: Int] = [:]
        for link in links {
            guard let a = centre[link.from], let b = centre[link.to] else { continue }
            let pairKey = [link.from, link.to].sorted().joined(separator: "\u{0}")
            let k = seenPairs[pairKey, default: 0]
            seenPairs[pairKey] = k + 1
            let mid = Point(x: (a.x + b.x) / 2, y: (a.y + b.y) / 2)
            let dx = b.x - a.x, dy = b.y - a.y
            let length = max((dx * dx + dy * dy).squareRoot(), 1)
            let bend = 14.0 + 12.0 * Double(k)
            let control = Point(x: mid.x - dy / length * bend, y: mid.y + dx / length * bend)
            // Stop short of the node's circle so the arrowhead shows.
            let r = 11.0
            let end = Point(x: b.x - (b.x - control.x) / max(distance(b, control), 1) * r, y: b.y - (b.y - control.y) / max(distance(b, control), 1) * r)
            let width = 1.2 + 4.8 * link.amount / maxAmount
            let finding = link.finding
            let colour = colours[finding.typology] ?? "#4a5868"
            out += "<path class=\"net-link\" d=\"M\(f(a.x)),\(f(a.y)) Q\(f(control.x)),\(f(control.y)) \(f(end.x)),\(f(end.y))\""
            out += " stroke=\"\(colour)\" stroke-width=\"\(f(width))\" marker-end=\"url(#\(prefix)-arrow)\""
            out += " data-finding=\"\(Markup.escape(finding.id))\" data-anchor=\"\(Markup.identifier("finding-", finding.id))\" data-typology=\"\(finding.typology.rawValue)\""
            out += " data-from=\"\(Markup.escape(link.from))\" data-to=\"\(Markup.escape(link.to))\""
            out += " data-first=\"\(UTCTime.iso8601(finding.firstAt).prefix(10))\" data-last=\"\(UTCTime.iso8601(finding.lastAt).prefix(10))\">"
            out += "<title>\(Markup.escape("\(finding.id) \(finding.typology.rawValue): \(link.from) → \(link.to), \(link.transfers) transfer\(link.transfers == 1 ? "" : "s"), \(Money.readable(link.amount, currency))"))</title></path>"
        }
        var findingsOf: [String: [String]] = [:]
        for link in links {
            for broker in [link.from, link.to] where !(findingsOf[broker]?.contains(link.finding.id) ?? false) {
                findingsOf[broker, default: []].append(link.finding.id)
            }
        }
        for id in network.findingIDs {
            for broker in findings[id]?.brokers ?? [] where !(findingsOf[broker]?.contains(id) ?? false) {
                findingsOf[broker, default: []].append(id)
            }
        }
        for broker in brokers {
            guard let c = centre[broker] else { continue }
            let hub = network.hubs.contains(broker)
            let tier = SubgraphPicture.riskTier(index.risks[broker]?.score)
            let anchors = (findingsOf[broker] ?? []).map { Markup.identifier("finding-", $0) }.joined(separator: " ")
            out += "<g class=\"net-broker\(hub ? " hub" : "")\" tabindex=\"0\" data-broker=\"\(Markup.escape(broker))\" data-findings=\"\(anchors)\">"
            out += "<circle class=\"node \(tier)\" cx=\"\(f(c.x))\" cy=\"\(f(c.y))\" r=\"10\"/>"
            // Labels point outwards from the circle.
            let dx = c.x - size / 2, dy = c.y - size / 2
            let length = max((dx * dx + dy * dy).squareRoot(), 1)
            let lx = c.x + dx / length * 16, ly = c.y + dy / length * 16 + 4
            let anchor = dx > 1 ? "start" : dx < -1 ? "end" : "middle"
            let name = index.broker(broker).name.map { "\($0) (\(broker))" } ?? broker
            out += "<text x=\"\(f(lx))\" y=\"\(f(ly))\" text-anchor=\"\(anchor)\">\(Markup.escape(Markup.truncate(name, 30)))</text>"
            out += "<title>\(Markup.escape(name + (hub ? " · hub" : "") + " · findings " + (findingsOf[broker] ?? []).joined(separator: ", ")))</title></g>"
        }
        return out + "</g></svg>"
    }

    static func distance(_ a: Point, _ b: Point) -> Double {
        let dx = a.x - b.x, dy = a.y - b.y
        return (dx * dx + dy * dy).squareRoot()
    }

    /// The legend: one swatch per typology of the network.
    static func legend(_ network: ReportNetwork) -> String {
        network.typologies.map { typology in
            "<span class=\"swatch\"><svg width=\"22\" height=\"8\" aria-hidden=\"true\"><line x1=\"0\" y1=\"4\" x2=\"22\" y2=\"4\" stroke=\"\(colours[typology] ?? "#4a5868")\" stroke-width=\"4\"/></svg> \(typology.rawValue)</span>"
        }.joined(separator: " ")
    }

    /// A network's picture as a standalone SVG file (for `hawala networks show N --svg FILE`).
    /// - Parameters:
    ///   - input: the report input holding the network's findings and transfers.
    ///   - network: the network.
    /// - Returns: the SVG document.
    public static func standalone(_ input: ReportInput, network: ReportNetwork) -> String {
        let svg = svg(network, input: input, index: InputIndex(input))
        let style = "<style>.net-link { fill: none; } .arrowhead { fill: #4a5868; } .node { stroke: #34495e; stroke-width: 1.5; } .risk-none { fill: #d9e4ef; } .risk-low { fill: #cfe8d8; } .risk-mid { fill: #f7dca8; } .risk-high { fill: #f2a7a1; } .hub .node { stroke-dasharray: 3 2; stroke-width: 2.5; } text { font: 12px sans-serif; }</style>"
        let opened = svg.replacingOccurrences(of: "<svg class=", with: "<svg xmlns=\"http://www.w3.org/2000/svg\" class=", options: [], range: svg.range(of: "<svg class="))
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + opened.replacingOccurrences(of: "<defs>", with: style + "<defs>", options: [], range: opened.range(of: "<defs>")) + "\n"
    }
}
