import Foundation
import HawalaCore
import Testing

@testable import HawalaReport

@Suite struct SubgraphLayoutTests {
    /// No two label boxes overlap, no label covers a node, everything is inside the canvas.
    func expectClean(_ layout: SubgraphLayout, _ name: String) {
        let labels = layout.labelBoxes
        for i in labels.indices {
            for j in labels.indices where j > i {
                #expect(!labels[i].overlaps(labels[j]), "\(name): labels \(i) and \(j) overlap")
            }
            for node in layout.nodeBoxes {
                #expect(!labels[i].overlaps(node), "\(name): label \(i) covers a node")
            }
            #expect(labels[i].x >= 0 && labels[i].y >= 0, "\(name): label \(i) off canvas")
            #expect(labels[i].maxX <= layout.width && labels[i].maxY <= layout.height, "\(name): label \(i) off canvas")
        }
    }

    @Test func fixtureFindingsHaveNoOverlappingLabels() {
        let input = ReportFixtures.input()
        let index = InputIndex(input)
        for finding in input.findings {
            let layout = SubgraphPicture.layout(for: finding, index: index)
            expectClean(layout, finding.id)
            #expect(layout.nodes.count == Set(finding.brokers).count)
        }
    }

    @Test func cycleIsARing() {
        let input = ReportFixtures.input()
        let index = InputIndex(input)
        let layout = SubgraphPicture.layout(for: input.findings[0], index: index)
        let centers = layout.nodes.map(\.center)
        let middle = SubgraphLayout.centroid(centers)
        let radii = centers.map { ($0 - middle).length }
        // An ellipse with axes 1.25 : 1: every node within that band of the centre.
        #expect((radii.max() ?? 0) / max(1, radii.min() ?? 1) <= 1.26)
    }

    @Test func fanInIsAStarAroundTheHub() {
        let input = ReportFixtures.input()
        let index = InputIndex(input)
        let finding = input.findings[1]
        #expect(SubgraphPicture.shape(for: finding, nodes: finding.brokers, transfers: index.transfers(of: finding)) == .star(center: "BRK-5"))
    }

    @Test func chainIsLayeredLeftToRight() {
        let input = ReportFixtures.input()
        let index = InputIndex(input)
        let layout = SubgraphPicture.layout(for: input.findings[2], index: index)
        let x = Dictionary(uniqueKeysWithValues: layout.nodes.map { ($0.id, $0.center.x) })
        #expect((x["BRK-6"] ?? 0) < (x["BRK-12"] ?? 0))
        #expect((x["BRK-12"] ?? 0) < (x["BRK-1"] ?? 0))
        #expect((x["BRK-1"] ?? 0) < (x["BRK-3"] ?? 0))
    }

    @Test func parallelTransfersMergeIntoOneArrow() {
        let input = ReportFixtures.input()
        let index = InputIndex(input)
        let layout = SubgraphPicture.layout(for: input.findings[3], index: index)
        #expect(layout.edges.count == 2)
        #expect(layout.edges.contains { $0.label.hasPrefix("1…8 (8×) · ") })
    }

    /// Crowded shapes with long names: big rings and stars, dense layered graphs.
    @Test(arguments: [3, 8, 20, 45])
    func crowdedShapesHaveNoOverlappingLabels(size: Int) {
        let ids = (0..<size).map { "B\($0)" }
        let nodes = ids.enumerated().map { i, id in
            LayoutNode(id: id, lines: [String(repeating: i % 2 == 0 ? "W" : "i", count: 10 + i % 20), "\(id) · AF"])
        }
        var ring: [LayoutEdge] = []
        for i in 0..<size {
            ring.append(LayoutEdge(from: ids[i], to: ids[(i + 1) % size], label: "\(i + 1) · 1,234,567 USD"))
            ring.append(LayoutEdge(from: ids[(i + 1) % size], to: ids[i], label: "\(size + i + 1) · 9,999 AED"))
        }
        expectClean(SubgraphLayout.compute(nodes: nodes, edges: ring, shape: .ring), "ring \(size)")
        let star = ids.dropFirst().map { LayoutEdge(from: $0, to: ids[0], label: "\($0) · 9,950 USD") }
        expectClean(SubgraphLayout.compute(nodes: nodes, edges: star, shape: .star(center: ids[0])), "star \(size)")
        var dense: [LayoutEdge] = []
        for i in 0..<size { for j in [1, 2, 5] where i + j < size { dense.append(LayoutEdge(from: ids[i], to: ids[i + j], label: "\(i)-\(j) · 500 EUR")) } }
        expectClean(SubgraphLayout.compute(nodes: nodes, edges: dense, shape: .layered), "layered \(size)")
    }

    @Test func layersFollowDistanceFromSources() {
        let edges = [LayoutEdge(from: "A", to: "B", label: ""), LayoutEdge(from: "B", to: "C", label: ""),
                     LayoutEdge(from: "A", to: "C", label: ""), LayoutEdge(from: "C", to: "A", label: "")]
        // Every node has an incoming arrow: the first node seeds.
        #expect(SubgraphLayout.layerAssignment(ids: ["A", "B", "C"], edges: edges) == [["A"], ["B", "C"]])
        #expect(SubgraphLayout.layerAssignment(ids: ["X", "A", "B"], edges: [LayoutEdge(from: "A", to: "B", label: "")]) == [["X", "A"], ["B"]])
    }
}
