import Foundation
import HawalaCore
import Testing

#if canImport(FoundationXML)
    import FoundationXML
#endif

@testable import HawalaReport

/// The report with networks: the interactive view driven in headless Chromium through
/// Selenium (Debian's `chromium` and `chromium-driver`, `pip install selenium`), and a link
/// checker over the file.
@Suite struct NetworkViewBrowserTests {
    /// The fixture input with two networks and review states.
    static func input() -> ReportInput {
        var input = ReportFixtures.input()
        input.title = "HawalaTrace report"
        let byID = Dictionary(uniqueKeysWithValues: input.findings.map { ($0.id, $0) })
        func network(_ number: Int, _ ids: [String], hubs: [String] = []) -> ReportNetwork {
            let findings = ids.compactMap { byID[$0] }
            return ReportNetwork(
                number: number, score: 0.5, findingIDs: ids, brokers: Set(findings.flatMap(\.brokers)).sorted(), hubs: hubs,
                typologies: Set(findings.map(\.typology)).sorted(), amount: findings.reduce(0) { $0 + $1.amount },
                currency: .usd, firstAt: findings.map(\.firstAt).min()!, lastAt: findings.map(\.lastAt).max()!)
        }
        input.networks = [network(1, ["F-000001", "F-000003", "F-000004"], hubs: ["BRK-1"]), network(2, ["F-000002"])]
        input.reviews["F-000004"] = ReportReview(status: "reopened", change: "+2 transfers, +18,500 USD since run 4", notes: ["smurfing (analyst-1, 2026-03-01T10:00:00Z, dismissed)"])
        return input
    }

    static var browserAvailable: Bool {
        ProcessInfo.processInfo.environment["HAWALA_NO_CHROMIUM"] == nil && ReportFixtures.has("chromium")
            && ReportFixtures.has("chromedriver") && ReportFixtures.run("python3", ["-c", "import selenium"])?.status == 0
    }

    @Test func opensWithTheNetworksAndKeepsTheRunOnceInTheTitle() {
        let html = HTMLReport.render(Self.input())
        #expect(html.contains("<title>HawalaTrace report · run 7</title>"))
        #expect(!html.contains("run 7 · run 7"))
        let networks = html.range(of: "<section id=\"networks\">")
        let run = html.range(of: "<section id=\"run\">")
        #expect(networks != nil && run != nil && networks!.lowerBound < run!.lowerBound)
        #expect(html.contains("<script>//<![CDATA["))
        #expect(html.contains("script-src 'unsafe-inline'"))
        #expect(html.contains("class=\"net-broker hub\""))
        #expect(html.contains("status-reopened"))
        // Fan-in: senders → hub, not a chain.
        #expect(html.contains(">Rotterdam Belwinkel (BRK-6)</a>, <a"))
        #expect(html.contains(" → <a href=\"#broker-BRK-5\">Mogadishu Dahabshiil Agent (BRK-5)</a></td>"))
        // Transfer tables scroll inside their card.
        #expect(html.contains("<div class=\"scroll\"><table class=\"transfers\">"))
        // Still well-formed XML with the script.
        let parser = XMLParser(data: Data(html.utf8))
        #expect(parser.parse(), "\(parser.parserError.map { "\($0)" } ?? "")")
    }

    @Test func everyInternalLinkHasItsAnchor() throws {
        let directory = try ReportFixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("report.html")
        try HTMLReport.render(Self.input()).write(to: file, atomically: true, encoding: .utf8)
        let result = ReportFixtures.run("python3", ["-c", Self.linkChecker, file.path])
        #expect(result?.status == 0, "\(result?.output ?? "")")
    }

    /// Collects ids and `href="#..."` with Python's html.parser; prints the broken ones.
    static let linkChecker = """
        import sys
        from html.parser import HTMLParser
        class P(HTMLParser):
            def __init__(self):
                super().__init__(); self.ids = set(); self.links = []
            def handle_starttag(self, tag, attrs):
                a = dict(attrs)
                if "id" in a: self.ids.add(a["id"])
                if tag == "a" and (a.get("href") or "").startswith("#"): self.links.append(a["href"][1:])
        p = P(); p.feed(open(sys.argv[1], encoding="utf-8").read())
        broken = [l for l in p.links if l not in p.ids]
        print(len(p.links), "internal links,", len(broken), "broken:", broken[:10])
        sys.exit(1 if broken or not p.links else 0)
        """

    @Test(.enabled(if: NetworkViewBrowserTests.browserAvailable, "needs chromium, chromium-driver and python selenium"))
    func aBrokerClickHighlightsItsFindingsAndTheTypologyFilterHidesLinks() throws {
        let directory = try ReportFixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("report.html")
        try HTMLReport.render(Self.input()).write(to: file, atomically: true, encoding: .utf8)
        let png = directory.appendingPathComponent("network.png")
        let script = """
            import shutil, sys, zlib, struct
            from selenium import webdriver
            from selenium.webdriver.common.by import By
            from selenium.webdriver.chrome.service import Service
            page, png, profile = sys.argv[1:4]
            o = webdriver.ChromeOptions()
            o.binary_location = shutil.which("chromium")
            for a in ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1280,1400",
                      "--user-data-dir=" + profile]:
                o.add_argument(a)
            d = webdriver.Chrome(service=Service(shutil.which("chromedriver")), options=o)
            try:
                d.get("file://" + page)
                cls = lambda e: (e.get_attribute("class") or "").split()
                assert "interactive" in cls(d.find_element(By.CSS_SELECTOR, "#network-1 figure")), "script did not run"
                node = d.find_element(By.CSS_SELECTOR, '#network-1 .net-broker[data-broker="BRK-5"]')
                d.execute_script("arguments[0].scrollIntoView({block: 'center'})", node)
                node.find_element(By.TAG_NAME, "circle").click()
                assert "hl" in cls(node), "broker not highlighted"
                assert "hl" in cls(d.find_element(By.ID, "finding-F-000004")), "its finding is not highlighted"
                assert "hl" not in cls(d.find_element(By.ID, "finding-F-000001")), "another finding is highlighted"
                rows = d.find_elements(By.CSS_SELECTOR, "table.transfers tr.hl")
                assert rows and all(r.get_attribute("data-from") == "BRK-5" or r.get_attribute("data-to") == "BRK-5" for r in rows)
                dimmed = d.find_elements(By.CSS_SELECTOR, "#network-1 .net-link.dim")
                assert dimmed, "no other link dimmed"
                box = d.find_element(By.CSS_SELECTOR, '#network-1 input.typology-filter[value="cycle"]')
                box.click()
                cycle = d.find_elements(By.CSS_SELECTOR, '#network-1 .net-link[data-typology="cycle"]')
                others = d.find_elements(By.CSS_SELECTOR, '#network-1 .net-link:not([data-typology="cycle"])')
                assert cycle and not any(l.is_displayed() for l in cycle), "cycle links still shown"
                assert others and all(l.is_displayed() for l in others), "other links hidden"
                d.execute_script("document.getElementById('network-1').scrollIntoView()")
                d.save_screenshot(png)
            finally:
                d.quit()
            data = open(png, "rb").read()
            pos, idat = 8, b""
            while pos < len(data):
                n, kind = struct.unpack(">I4s", data[pos:pos + 8]); pos += 12 + n
                if kind == b"IDAT": idat += data[pos - n - 4:pos - 4]
            values = len(set(zlib.decompress(idat)))
            print("ok", len(data), values)
            sys.exit(0 if values > 60 else 3)
            """
        let result = ReportFixtures.run(
            "python3", ["-c", script, file.path, png.path, directory.appendingPathComponent("profile").path])
        #expect(result?.status == 0, "\(result?.output ?? "")")
        #expect(result?.output.contains("ok") == true, "\(result?.output ?? "")")
    }
}
