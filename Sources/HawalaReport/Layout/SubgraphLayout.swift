import Foundation

/// The shape a finding's subgraph is drawn in.
enum LayoutShape: Equatable, Sendable {
    /// Nodes on a circle in the given order: a cycle drawn as a ring.
    case ring
    /// One node in the middle, the others around it: fan-in, fan-out, gather-scatter.
    case star(center: String)
    /// Layers left to right by distance from the sources: chains, scatter-gather, pairs.
    case layered
}

/// A node to lay out: a broker with its label lines.
struct LayoutNode: Sendable {
    var id: String
    /// Label lines, first line in bold (the name), then e.g. `"BRK-1 · AE"`.
    var lines: [String]
}

/// An arrow to lay out: one transfer, or several between the same two brokers merged.
struct LayoutEdge: Sendable {
    var from: String
    var to: String
    /// The label, e.g. `"1 · 9,500 USD"`.
    var label: String
}

/// Computed positions: node centres, label boxes, arrow curves; every label box is disjoint
/// from every other label box and from every node disc's bounding box.
struct SubgraphLayout: Sendable {
    struct PlacedNode: Sendable {
        var id: String
        var lines: [String]
        var center: Point
        var labelBox: Box
    }

    struct PlacedEdge: Sendable {
        var from: String
        var to: String
        var label: String
        /// Start and end on the node discs' rims, and the quadratic Bézier control point.
        var start: Point
        var end: Point
        var control: Point
        var labelBox: Box
    }

    static let nodeRadius = 16.0
    static let fontSize = 12.0
    static let lineHeight = 15.0
    static let labelPadding = 4.0
    static let margin = 12.0

    var nodes: [PlacedNode]
    var edges: [PlacedEdge]
    var width: Double
    var height: Double

    /// Every label box (nodes' then edges').
    var labelBoxes: [Box] { nodes.map(\.labelBox) + edges.map(\.labelBox) }

    /// The bounding boxes of the node discs.
    var nodeBoxes: [Box] {
        nodes.map { Box(center: $0.center, width: 2 * Self.nodeRadius, height: 2 * Self.nodeRadius) }
    }

    /// Lays a subgraph out.
    ///
    /// Nodes go on a ring, a star or left-to-right layers (by breadth-first distance from the
    /// nodes nothing pays into, as in the layer assignment step of Sugiyama, Tagawa & Toda,
    /// "Methods for visual understanding of hierarchical system structures", 1981), spaced by
    /// the widest label. Labels are then placed greedily: each tries a list of candidate
    /// spots near its anchor (beside its node, along its arrow) and then an outward spiral
    /// until it overlaps nothing placed so far, so no two labels overlap whatever the input.
    /// - Parameters:
    ///   - nodes: the nodes, in pattern order.
    ///   - edges: the arrows, in time order.
    ///   - shape: the shape.
    /// - Returns: the layout, translated so everything sits inside `width` × `height`.
    static func compute(nodes: [LayoutNode], edges: [LayoutEdge], shape: LayoutShape) -> SubgraphLayout {
        let sizes = nodes.map { labelSize($0.lines) }
        let widest = sizes.map(\.width).max() ?? 60
        let centers = positions(nodes: nodes, edges: edges, shape: shape, widest: widest)
        var obstacles: [Box] = nodes.map {
            Box(center: centers[$0.id] ?? Point(x: 0, y: 0), width: 2 * nodeRadius, height: 2 * nodeRadius)
        }
        let middle = centroid(Array(centers.values))

        // Arrow geometry first, so node labels can keep off the arrows where there is room.
        var curves: [(edge: LayoutEdge, start: Point, end: Point, control: Point)] = []
        var pairCount: [String: Int] = [:]
        let pairs = Set(edges.map { $0.from + "\u{0}" + $0.to })
        for edge in edges {
            guard let a = centers[edge.from], let b = centers[edge.to] else { continue }
            let key = edge.from + "\u{0}" + edge.to
            let rank = pairCount[key, default: 0]
            pairCount[key] = rank + 1
            if edge.from == edge.to {
                // A loop above the node.
                curves.append((edge, a + Point(x: -nodeRadius * 0.7, y: -nodeRadius * 0.7),
                    a + Point(x: nodeRadius * 0.7, y: -nodeRadius * 0.7),
                    a + Point(x: 0, y: -nodeRadius * 4 - Double(rank) * 14)))
                continue
            }
            if rank == 0, let arc = ringArc(from: edge.from, to: edge.to, nodes: nodes, centers: centers, shape: shape) {
                // A cycle's arrows follow the ring.
                curves.append((edge, a + (arc - a).unit * nodeRadius, b + (arc - b).unit * (nodeRadius + 2), arc))
                continue
            }
            // Straight when alone; parallel and opposite arrows bend apart.
            let hasReverse = pairs.contains(edge.to + "\u{0}" + edge.from)
            let bendIndex = Double(rank) + (hasReverse ? 1 : 0)
            let bend = bendIndex * min(40, max(18, (b - a).length * 0.12))
            let control = (a + b) * 0.5 + (b - a).unit.perpendicular * (2 * bend)
            curves.append((edge, a + (control - a).unit * nodeRadius, b + (control - b).unit * (nodeRadius + 2), control))
        }
        let curveSamples: [[Box]] = curves.map { curve in
            stride(from: 0.1, through: 0.9, by: 0.05).map {
                Box(center: bezier(curve.start, curve.control, curve.end, $0), width: 4, height: 4)
            }
        }

        var placedNodes: [PlacedNode] = []
        for (index, node) in nodes.enumerated() {
            let center = centers[node.id] ?? Point(x: 0, y: 0)
            let size = sizes[index]
            var outward = (center - middle).unit
            if (center - middle).length < 1 || shape == .layered { outward = Point(x: 0, y: 1) }
            let gap = nodeRadius + 4
            let anchors = [
                center + outward * (gap + abs(outward.y) * size.height / 2 + abs(outward.x) * size.width / 2),
                center + Point(x: 0, y: gap + size.height / 2),
                center - Point(x: 0, y: gap + size.height / 2),
                center + Point(x: gap + size.width / 2, y: 0),
                center - Point(x: gap + size.width / 2, y: 0),
            ]
            let box = place(size: size, candidates: anchors, spiralFrom: anchors[0], avoiding: obstacles,
                preferablyAvoiding: curveSamples.flatMap { $0 })
            obstacles.append(box)
            placedNodes.append(PlacedNode(id: node.id, lines: node.lines, center: center, labelBox: box))
        }

        var placedEdges: [PlacedEdge] = []
        for (number, curve) in curves.enumerated() {
            let (edge, start, end, control) = curve
            let normal = (end - start).unit.perpendicular
            let size = labelSize([edge.label], bold: false)
            var candidates: [Point] = []
            for t in [0.5, 0.4, 0.6, 0.3, 0.7] {
                let p = bezier(start, control, end, t)
                for shift in [0.0, 1, -1, 2, -2] {
                    candidates.append(p + normal * (shift * (size.height / 2 + 3)))
                }
            }
            let others = curveSamples.enumerated().filter { $0.offset != number }.flatMap(\.element)
            let anchor = bezier(start, control, end, 0.5)
            let box = place(size: size, candidates: candidates, spiralFrom: anchor, avoiding: obstacles,
                preferablyAvoiding: others)
            obstacles.append(box)
            placedEdges.append(
                PlacedEdge(from: edge.from, to: edge.to, label: edge.label, start: start, end: end,
                    control: control, labelBox: box))
        }

        // Translate everything to start at the margin.
        var bounds = obstacles.first ?? Box(x: 0, y: 0, width: 1, height: 1)
        for box in obstacles { bounds = bounds.union(box) }
        for edge in placedEdges {
            for p in [edge.start, edge.end, bezier(edge.start, edge.control, edge.end, 0.5)] {
                bounds = bounds.union(Box(x: p.x, y: p.y, width: 0, height: 0))
            }
        }
        let shift = Point(x: margin - bounds.x, y: margin - bounds.y)
        for i in placedNodes.indices {
            placedNodes[i].center = placedNodes[i].center + shift
            placedNodes[i].labelBox = placedNodes[i].labelBox.offset(by: shift)
        }
        for i in placedEdges.indices {
            placedEdges[i].start = placedEdges[i].start + shift
            placedEdges[i].end = placedEdges[i].end + shift
            placedEdges[i].control = placedEdges[i].control + shift
            placedEdges[i].labelBox = placedEdges[i].labelBox.offset(by: shift)
        }
        return SubgraphLayout(
            nodes: placedNodes, edges: placedEdges, width: (bounds.width + 2 * margin).rounded(.up),
            height: (bounds.height + 2 * margin).rounded(.up))
    }

    /// Horizontal stretch of rings and stars (labels are wider than tall).
    static let stretch = 1.25

    /// For an arrow between neighbours on a ring (in ring order), the quadratic Bézier
    /// control point that bends it along the ring: where the tangents at both ends meet
    /// (computed on the unstretched circle, then stretched). `nil` for other arrows.
    static func ringArc(from: String, to: String, nodes: [LayoutNode], centers: [String: Point], shape: LayoutShape)
        -> Point?
    {
        guard shape == .ring, nodes.count >= 3, let i = nodes.firstIndex(where: { $0.id == from }),
            nodes[(i + 1) % nodes.count].id == to, let a = centers[from], let b = centers[to]
        else { return nil }
        let middle = centroid(nodes.compactMap { centers[$0.id] })
        func unstretched(_ p: Point) -> Point { Point(x: (p.x - middle.x) / stretch, y: p.y - middle.y) }
        let pa = unstretched(a)
        let pb = unstretched(b)
        let angleA = atan2(pa.y, pa.x)
        var delta = atan2(pb.y, pb.x) - angleA
        while delta <= 0 { delta += 2 * .pi }
        guard delta <= 0.75 * .pi else { return nil }
        let mid = angleA + delta / 2
        let distance = pa.length / cos(delta / 2)
        return Point(x: middle.x + cos(mid) * distance * stretch, y: middle.y + sin(mid) * distance)
    }

    /// The size of a label box for some lines.
    static func labelSize(_ lines: [String], bold: Bool = true) -> (width: Double, height: Double) {
        var width = 0.0
        for (index, line) in lines.enumerated() {
            let factor = (bold && index == 0) ? 1.15 : 1.0
            width = max(width, TextMetrics.width(line, fontSize: fontSize) * factor)
        }
        return (width + 2 * labelPadding, Double(max(1, lines.count)) * lineHeight + labelPadding)
    }

    /// The point at `t` on a quadratic Bézier curve.
    static func bezier(_ p0: Point, _ c: Point, _ p1: Point, _ t: Double) -> Point {
        let u = 1 - t
        return p0 * (u * u) + c * (2 * u * t) + p1 * (t * t)
    }

    static func centroid(_ points: [Point]) -> Point {
        guard !points.isEmpty else { return Point(x: 0, y: 0) }
        let sum = points.reduce(Point(x: 0, y: 0), +)
        return sum * (1 / Double(points.count))
    }

    /// The first candidate spot where a box of `size` overlaps neither an obstacle nor a soft
    /// obstacle (an arrow), else the first candidate clear of obstacles, else the first free
    /// spot on an outward spiral around `spiralFrom`. Boxes keep a 2-unit gap.
    static func place(
        size: (width: Double, height: Double), candidates: [Point], spiralFrom origin: Point, avoiding obstacles: [Box],
        preferablyAvoiding soft: [Box] = []
    ) -> Box {
        func isFree(_ box: Box) -> Bool {
            let padded = box.inset(by: 2)
            return !obstacles.contains { $0.overlaps(padded) }
        }
        if !soft.isEmpty {
            for candidate in candidates {
                let box = Box(center: candidate, width: size.width, height: size.height)
                if isFree(box) && !soft.contains(where: { $0.overlaps(box) }) { return box }
            }
        }
        for candidate in candidates {
            let box = Box(center: candidate, width: size.width, height: size.height)
            if isFree(box) { return box }
        }
        // Spiral: rings of growing radius, 16 spots per ring, until free. Each ring moves
        // one box height further; past every obstacle the box is free, so this ends.
        let step = max(8, size.height / 2)
        var ring = 1
        while true {
            let radius = Double(ring) * step
            for k in 0..<16 {
                let angle = Double(k) * .pi / 8 + .pi / 2
                let p = origin + Point(x: cos(angle) * radius * 1.6, y: sin(angle) * radius)
                let box = Box(center: p, width: size.width, height: size.height)
                if isFree(box) { return box }
            }
            ring += 1
        }
    }

    /// Node centres for a shape, spaced so that neighbouring labels have room.
    static func positions(nodes: [LayoutNode], edges: [LayoutEdge], shape: LayoutShape, widest: Double)
        -> [String: Point]
    {
        let ids = nodes.map(\.id)
        var result: [String: Point] = [:]
        guard !ids.isEmpty else { return result }
        let spacing = max(widest + 30, 130)
        switch shape {
        case .ring:
            if ids.count == 1 { return [ids[0]: Point(x: 0, y: 0)] }
            let radius = max(110, spacing * Double(ids.count) / (2 * .pi) * 0.9)
            for (i, id) in ids.enumerated() {
                let angle = -Double.pi / 2 + 2 * Double.pi * Double(i) / Double(ids.count)
                result[id] = Point(x: cos(angle) * radius * stretch, y: sin(angle) * radius)
            }
        case .star(let center):
            let leaves = ids.filter { $0 != center }
            result[center] = Point(x: 0, y: 0)
            // Many leaves alternate between concentric circles, so neighbours' labels sit at
            // different distances and the picture stays compact.
            let circles = leaves.count > 28 ? 3 : leaves.count > 12 ? 2 : 1
            let perCircle = (Double(leaves.count) / Double(circles)).rounded(.up)
            let radius = max(150, spacing * perCircle / (2 * .pi) * 0.8)
            for (i, id) in leaves.enumerated() {
                let angle = -Double.pi / 2 + 2 * Double.pi * Double(i) / Double(max(1, leaves.count))
                let r = radius * (1 + 0.5 * Double(i % circles))
                result[id] = Point(x: cos(angle) * r * stretch, y: sin(angle) * r)
            }
        case .layered:
            let layers = layerAssignment(ids: ids, edges: edges)
            let columnWidth = max(spacing + 60, 220)
            for (column, members) in layers.enumerated() {
                let rowHeight = 110.0
                let top = -Double(members.count - 1) * rowHeight / 2
                for (row, id) in members.enumerated() {
                    result[id] = Point(x: Double(column) * columnWidth, y: top + Double(row) * rowHeight)
                }
            }
        }
        return result
    }

    /// Layers by breadth-first distance from the sources (nodes with no incoming arrow; the
    /// first node when every node has one), keeping the input order within a layer. Nodes no
    /// source reaches start further layers of their own.
    static func layerAssignment(ids: [String], edges: [LayoutEdge]) -> [[String]] {
        var outgoing: [String: [String]] = [:]
        var hasIncoming = Set<String>()
        for edge in edges where edge.from != edge.to {
            outgoing[edge.from, default: []].append(edge.to)
            hasIncoming.insert(edge.to)
        }
        var layerOf: [String: Int] = [:]
        var pending = ids
        while let seed = pending.first(where: { layerOf[$0] == nil }) {
            let sources = pending.filter { layerOf[$0] == nil && !hasIncoming.contains($0) }
            var frontier = sources.isEmpty ? [seed] : sources
            let base = (layerOf.values.max() ?? -1) + 1
            var depth = base
            for id in frontier { layerOf[id] = depth }
            while !frontier.isEmpty {
                depth += 1
                var next: [String] = []
                for id in frontier {
                    for target in outgoing[id, default: []] where layerOf[target] == nil {
                        layerOf[target] = depth
                        next.append(target)
                    }
                }
                frontier = next
            }
            pending = pending.filter { layerOf[$0] == nil }
        }
        let count = (layerOf.values.max() ?? 0) + 1
        var layers = Array(repeating: [String](), count: count)
        for id in ids { layers[layerOf[id] ?? 0].append(id) }
        return layers.filter { !$0.isEmpty }
    }
}
