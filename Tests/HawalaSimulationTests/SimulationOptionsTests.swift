import Foundation
import HawalaCore
import Testing

@testable import HawalaSimulation

@Suite struct SimulationOptionsTests {
    @Test func parsesPlantSpecs() throws {
        let (typology, count) = try SimulationOptions.parsePlant("fan_in=5")
        #expect(typology == .fanIn && count == 5)
        #expect(try SimulationOptions.parsePlant("cycle=0").1 == 0)
        for bad in ["fan_in", "loop=3", "cycle=-1", "cycle=x"] {
            #expect(throws: SimulationError.self) { try SimulationOptions.parsePlant(bad) }
        }
    }

    @Test func parsesCurrencies() throws {
        #expect(try SimulationOptions.parseCurrencies("usd, AED,USD") == [.usd, CurrencyCode("AED")!])
        #expect(throws: SimulationError.self) { try SimulationOptions.parseCurrencies("XYZ") }
        #expect(throws: SimulationError.self) { try SimulationOptions.parseCurrencies("JPY") }
    }

    @Test func refusesTooFewBrokers() throws {
        var options = SimulationOptions()
        options.brokers = 5
        do {
            try Simulator.run(options, to: try temporaryFolder())
            Issue.record("expected an error")
        } catch let error as SimulationError {
            #expect(error.code == .invalidOptions)
            #expect(error.exitStatus == .usage)
            #expect(error.description.contains("--brokers"))
        }
    }

    /// The defaults docs/simulation.md documents: seed 1, 200 brokers, 100,000 transfers, 30
    /// days from 2026-01-01T00:00:00Z, CSV, 10 of each typology but settlement_ring, which is
    /// planted only when asked (`--plant`).
    @Test func defaultsAreTheDocumentedOnes() {
        let options = SimulationOptions()
        #expect(Typology.allCases.allSatisfy { options.plantCount($0) == ($0 == .settlementRing ? 0 : 10) })
        #expect(options.seed == 1 && options.brokers == 200 && options.transfers == 100_000 && options.days == 30)
        #expect(options.startEpoch == 1_767_225_600)  // 2026-01-01T00:00:00Z
        #expect(options.format == .csv)
        #expect(options.currencies == nil)
    }
}

@Suite struct RandomTests {
    @Test func xoshiroIsDeterministicAndInRange() {
        var a = Xoshiro256StarStar(seed: 42), b = Xoshiro256StarStar(seed: 42), c = Xoshiro256StarStar(seed: 43)
        let first = (0..<100).map { _ in a.next() }
        #expect(first == (0..<100).map { _ in b.next() })
        #expect(first != (0..<100).map { _ in c.next() })
        for _ in 0..<1_000 {
            #expect((3...9).contains(a.int(3...9)))
            let u = a.unit()
            #expect(u >= 0 && u < 1)
        }
        let picked = a.distinct(10, of: 12)
        #expect(Set(picked).count == 10 && picked.allSatisfy { (0..<12).contains($0) })
    }

    @Test func splitMixMatchesTheReferenceSequence() {
        // First outputs of splitmix64.c seeded with 0 (S. Vigna's reference implementation).
        var rng = SplitMix64(seed: 0)
        #expect(rng.next() == 0xE220_A839_7B1D_CDAF)
        #expect(rng.next() == 0x6E78_9E6A_A1B9_65F4)
    }
}
