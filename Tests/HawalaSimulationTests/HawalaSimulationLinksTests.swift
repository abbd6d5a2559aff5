import Testing

@testable import HawalaSimulation

// Placeholder until the module's own suites exist.
@Suite struct HawalaSimulationLinksTests {
    @Test func moduleLinks() { #expect(Bool(true)) }
}
