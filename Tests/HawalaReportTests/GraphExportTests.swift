import Foundation
import HawalaCore
import HawalaTestSupport
import Testing

#if canImport(FoundationXML)
    import FoundationXML
#endif

@testable import HawalaReport

/// Runs a Python check on a file (the tests that call it are enabled only when python3 and its
/// modules are installed, see ``Requirement``; under CI a missing one fails here).
func pythonCheck(_ script: String, file: URL) -> (status: Int32, output: String) {
    ReportFixtures.run("python3", ["-c", script, file.path]) ?? (-1, "python3 could not be started")
}

@Suite struct GraphMLExportTests {
    let input = ReportFixtures.input()

    @Test func isWellFormedAndEscaped() {
        let xml = GraphExport.graphML(input)
        #expect(XMLParser(data: Data(xml.utf8)).parse())
        #expect(!xml.contains("<script>"))
        #expect(xml.contains("&lt;script&gt;"))
    }

    // Needs python3 with networkx (scripts/install-deps.sh).
    @Test(.enabled(if: Requirement.python(["networkx"])))
    func loadsInNetworkx() throws {
        let file = try ReportFixtures.temporaryDirectory().appendingPathComponent("graph.graphml")
        try GraphExport.write(.graphml, input, to: file)
        let script = """
            import sys, networkx as nx
            g = nx.read_graphml(sys.argv[1])
            assert g.is_directed() and g.is_multigraph(), type(g)
            print(g.number_of_nodes(), g.number_of_edges())
            n = g.nodes["BRK-1"]; assert n["name"] == "Al-Noor Exchange" and n["country"] == "AE" and n["risk_score"] == 0.88, n
            assert g.nodes["BRK-4"]["name"] == "<script>alert('x')</script> & \\"Exchange\\"", g.nodes["BRK-4"]
            e = [d for u, v, d in g.edges(data=True) if d["transfer_id"] == "T-01"][0]
            assert e["amount"] == 48200.0 and e["currency"] == "USD" and e["time"] == "2026-03-02T09:00:00Z", e
            assert e["typologies"] == "cycle" and e["findings"] == "F-000001", e
            s = [d for u, v, d in g.edges(data=True) if d["transfer_id"] == "T-31"][0]
            assert s["currency"] == "AED" and s["amount"] == 440000.0 and s["amount_reporting"] == 118800.0, s
            print("ok")
            """
        let result = pythonCheck(script, file: file)
        #expect(result.status == 0, "\(result.output)")
        #expect(result.output.hasPrefix("12 22"), "\(result.output)")
    }
}

@Suite struct GEXFExportTests {
    let input = ReportFixtures.input()

    @Test func isWellFormed() {
        #expect(XMLParser(data: Data(GraphExport.gexf(input).utf8)).parse())
    }

    // Needs python3 with networkx (scripts/install-deps.sh).
    @Test(.enabled(if: Requirement.python(["networkx"])))
    func loadsInNetworkx() throws {
        let file = try ReportFixtures.temporaryDirectory().appendingPathComponent("graph.gexf")
        try GraphExport.write(.gexf, input, to: file)
        let script = """
            import sys, networkx as nx
            g = nx.read_gexf(sys.argv[1])
            assert g.is_directed(), type(g)
            print(g.number_of_nodes(), g.number_of_edges())
            n = g.nodes["BRK-5"]; assert n["label"] == "Mogadishu Dahabshiil Agent" and n["country"] == "SO" and n["risk_score"] == 0.74, n
            e = [d for u, v, d in g.edges(data=True) if d["transfer_id"] == "T-40"][0]
            assert e["amount"] == 9900.0 and e["currency"] == "USD" and e["typologies"] == "structuring" and e["weight"] == 9900.0, e
            print("ok")
            """
        let result = pythonCheck(script, file: file)
        #expect(result.status == 0, "\(result.output)")
        #expect(result.output.hasPrefix("12 22"), "\(result.output)")
    }
}

@Suite struct DOTExportTests {
    let input = ReportFixtures.input()

    @Test func escapesQuotesAndNamesEveryTransfer() {
        let dot = GraphExport.dot(input)
        #expect(dot.hasPrefix("digraph \"run 7\" {"))
        #expect(dot.contains("\\\"Exchange\\\""))
        #expect(dot.ranges(of: " -> ").count == 22)
        #expect(dot.contains("transfer_id=\"T-48\""))
    }

    // Needs Graphviz `dot` (Debian package graphviz).
    @Test(.enabled(if: Requirement.tool("dot")))
    func rendersWithGraphviz() throws {
        let directory = try ReportFixtures.temporaryDirectory()
        let file = directory.appendingPathComponent("graph.dot")
        try GraphExport.write(.dot, input, to: file)
        let result = ReportFixtures.run("dot", ["-Tsvg", "-o", directory.appendingPathComponent("graph.svg").path, file.path])
        #expect(result?.status == 0, "\(result?.output ?? "")")
        #expect(result?.output.isEmpty == true, "dot warned: \(result?.output ?? "")")
        let svg = try String(contentsOf: directory.appendingPathComponent("graph.svg"), encoding: .utf8)
        #expect(svg.contains("Al&#45;Noor Exchange"))  // Graphviz writes "-" as a reference
        #expect(svg.contains("&lt;script&gt;"))
    }
}

@Suite struct FollowTheMoneyExportTests {
    let input = ReportFixtures.input()

    func entities() throws -> [[String: Any]] {
        try GraphExport.followTheMoney(input).split(separator: "\n").map {
            try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])
        }
    }

    @Test func writesOneEntityPerLineWithDeterministicIDs() throws {
        let all = try entities()
        let schemas = all.compactMap { $0["schema"] as? String }
        #expect(schemas.filter { $0 == "Company" }.count == 12)
        #expect(schemas.filter { $0 == "Payment" }.count == 22)
        #expect(schemas.contains("Person") && schemas.contains("LegalEntity") && schemas.contains("Representation"))
        #expect(GraphExport.followTheMoney(input) == GraphExport.followTheMoney(input))
        let ids = all.compactMap { $0["id"] as? String }
        #expect(Set(ids).count == ids.count)
        #expect(ids.contains("hawala-broker-42524b2d31"))  // hex of "BRK-1"
        #expect(GraphExport.followTheMoney(input, namespace: "case 2026/01").contains("\"case202601-broker-42524b2d31\""))
    }

    @Test func idsStayShortAndValidForLongSourceIDs() {
        let long = String(repeating: "Ω", count: 100)
        let id = FtMEntity.id("hawala", "party", long)
        #expect(id.count < 200)
        #expect(id.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") })
        #expect(id != FtMEntity.id("hawala", "party", long + "x"))
    }

    @Test func paymentCarriesTheTransfer() throws {
        let payment = try #require(try entities().first { ($0["id"] as? String) == FtMEntity.id("hawala", "payment", "T-31") })
        let properties = try #require(payment["properties"] as? [String: [String]])
        #expect(properties["payer"] == [FtMEntity.id("hawala", "broker", "BRK-12")])
        #expect(properties["beneficiary"] == [FtMEntity.id("hawala", "broker", "BRK-1")])
        #expect(properties["amount"] == ["440000.00"])
        #expect(properties["currency"] == ["AED"])
        #expect(properties["amountUsd"] == ["118800.00"])
        #expect(properties["date"] == ["2026-04-01T11:00:00"])
        #expect(properties["transactionNumber"] == ["T-31"])
    }

    /// Every entity loads in the `followthemoney` package, and cleaning it keeps every value
    /// we wrote (its validator drops bad values silently, so compare).
    // Needs python3 with followthemoney (scripts/install-deps.sh).
    @Test(.enabled(if: Requirement.python(["followthemoney"])))
    func followthemoneyKeepsEveryValue() throws {
        let file = try ReportFixtures.temporaryDirectory().appendingPathComponent("findings.ftm.jsonl")
        try GraphExport.write(.ftm, input, to: file)
        let script = """
            import sys, json
            from followthemoney import model
            problems, count = [], 0
            for line in open(sys.argv[1], encoding="utf-8"):
                raw = json.loads(line); count += 1
                proxy = model.get_proxy(raw, cleaned=False)
                schema = model.get(raw["schema"])
                for name in schema.required:
                    if not proxy.get(name): problems.append((raw["id"], "missing required " + name))
                cleaned = proxy.to_dict()["properties"]
                for prop, values in raw["properties"].items():
                    if prop not in schema.properties: problems.append((raw["id"], "unknown property " + prop)); continue
                    kept = cleaned.get(prop, [])
                    for value in values:
                        if value not in kept: problems.append((raw["id"], prop, value, kept))
                if proxy.id != raw["id"]: problems.append((raw["id"], "id changed to %s" % proxy.id))
            if problems:
                print(problems[:8]); sys.exit(1)
            print(count, "ok")
            """
        let result = pythonCheck(script, file: file)
        #expect(result.status == 0, "\(result.output)")
    }
}

@Suite struct TabularExportTests {
    let input = ReportFixtures.input()

    /// Parses CSV with Python's csv module (RFC 4180 quoting) and returns the rows as JSON.
    func parse(_ text: String) throws -> [[String]] {
        let file = try ReportFixtures.temporaryDirectory().appendingPathComponent("table.csv")
        try text.write(to: file, atomically: true, encoding: .utf8)
        let script = "import sys, csv, json; print(json.dumps(list(csv.reader(open(sys.argv[1], newline='', encoding='utf-8')))))"
        let result = pythonCheck(script, file: file)
        try #require(result.status == 0, "\(result.output)")
        return try #require(try JSONSerialization.jsonObject(with: Data(result.output.utf8)) as? [[String]])
    }

    // Needs python3 (its csv module is the independent reader).
    @Test(.enabled(if: Requirement.python()))
    func i2HasOneRowPerLinkWithBothEntities() throws {
        let csv = GraphExport.i2CSV(input)
        #expect(csv.split(separator: "\r\n").count == 23)  // CRLF line ends (RFC 4180)
        let rows = try parse(csv)
        #expect(rows.count == 23)
        #expect(rows[0] == GraphExport.i2Columns)
        #expect(rows.allSatisfy { $0.count == GraphExport.i2Columns.count })
        let row = try #require(rows.first { $0[10] == "T-03" })
        #expect(row[0] == "BRK-3" && row[2] == "Peshawar Money House" && row[3] == "PK")
        #expect(row[5] == "BRK-4" && row[7] == ReportFixtures.hostileName && row[9] == "0.41")
        #expect(row[13] == "2026-03-05" && row[14] == "15:10:00" && row[16] == "47500.00" && row[17] == "USD")
        #expect(row[20] == "Khyber Traders Ltd" && row[22] == "cycle")
    }

    // Needs python3 (its csv module is the independent reader).
    @Test(.enabled(if: Requirement.python()))
    func neo4jHeadersAreTyped() throws {
        let files = GraphExport.neo4j(input)
        #expect(files.nodes.hasPrefix("brokerId:ID,name,country,licence,riskScore:double,riskReasons:string[],:LABEL\n"))
        #expect(files.relationships.hasPrefix(":START_ID,:END_ID,:TYPE,transferId,time:datetime,amount:double,currency,"))
        let nodes = try parse(files.nodes)
        let relationships = try parse(files.relationships)
        #expect(nodes.count == 13)
        #expect(relationships.count == 23)
        #expect(nodes.dropFirst().allSatisfy { $0.last == "Broker" })
        let t01 = try #require(relationships.first { $0[3] == "T-01" })
        #expect(t01[0] == "BRK-1" && t01[1] == "BRK-2" && t01[2] == "TRANSFER" && t01[4] == "2026-03-02T09:00:00Z" && t01[5] == "48200.00")
    }

    @Test func neo4jWritesAFolder() throws {
        let directory = try ReportFixtures.temporaryDirectory().appendingPathComponent("neo4j")
        let files = try GraphExport.write(.neo4j, input, to: directory)
        #expect(files.map(\.lastPathComponent) == ["nodes.csv", "relationships.csv"])
        #expect(FileManager.default.fileExists(atPath: directory.appendingPathComponent("nodes.csv").path))
        let file = try ReportFixtures.temporaryDirectory().appendingPathComponent("plain")
        try Data().write(to: file)
        #expect(throws: ReportError.self) { try GraphExport.write(.neo4j, input, to: file) }
    }

    @Test func exportsOnlyTheChosenFindings() throws {
        let narrowed = try input.restricted(toFindings: ["F-000001"])
        let files = GraphExport.neo4j(narrowed)
        #expect(files.relationships.split(separator: "\n").count == 5)
        #expect(files.nodes.split(separator: "\n").count == 5)
    }
}
