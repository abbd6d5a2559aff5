import ArgumentParser
import HawalaCore

// Commands of issue 6 (simulation and evaluation). Stubs until built.

struct Simulate: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Generate a synthetic hawala network with planted typologies and ground truth.")
    func run() throws { throw CleanExit.message("not built yet") }
}

struct Evaluate: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Score an analysis run's findings against ground truth.")
    @OptionGroup var global: GlobalOptions
    func run() throws { throw CleanExit.message("not built yet") }
}
