import Testing

@testable import HawalaAnalysis

// Placeholder until the module's own suites exist.
@Suite struct HawalaAnalysisLinksTests {
    @Test func moduleLinks() { #expect(Bool(true)) }
}
