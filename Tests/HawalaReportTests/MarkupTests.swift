import Testing

@testable import HawalaReport

@Suite struct MarkupTests {
    @Test func escapesMarkupAndForbiddenCharacters() {
        #expect(Markup.escape("<a href=\"x\">'&'</a>") == "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;")
        #expect(Markup.escape("a\u{0}b\u{1B}c\u{85}d\te\nf") == "a\u{FFFD}b\u{FFFD}c\u{FFFD}d\te\nf")
        #expect(Markup.escape("Späti 東京 کابل") == "Späti 東京 کابل")
    }

    @Test func identifiersAreSafeAndDistinct() {
        let a = Markup.identifier("finding-", "F 1")
        let b = Markup.identifier("finding-", "F.201")
        #expect(a == "finding-F.201")
        #expect(b == "finding-F.2e201")
        #expect(a != b)
        #expect(Markup.identifier("broker-", "<x>\"") == "broker-.3cx.3e.22")
    }

    @Test func quotesCSVFieldsOnlyWhenNeeded() {
        #expect(Markup.csv("plain") == "plain")
        #expect(Markup.csv("a,b") == "\"a,b\"")
        #expect(Markup.csv("say \"hi\"") == "\"say \"\"hi\"\"\"")
        #expect(Markup.csv("two\r\nlines") == "\"two\r\nlines\"")
        #expect(Markup.csv("=SUM(A1)") == "=SUM(A1)")
    }

    @Test func quotesDOTStrings() {
        #expect(Markup.dot("a \"b\" \\ c\nd") == "\"a \\\"b\\\" \\\\ c\\nd\"")
    }
}
