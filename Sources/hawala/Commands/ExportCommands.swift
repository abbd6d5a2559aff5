import ArgumentParser
import HawalaCore

// Commands of issue 4 (evidence packages). Stubs until built.

struct Export: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Export findings as a signed, encrypted evidence package.")
    @OptionGroup var global: GlobalOptions
    func run() throws { throw CleanExit.message("not built yet") }
}

struct Open: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Decrypt, verify and extract an evidence package.")
    func run() throws { throw CleanExit.message("not built yet") }
}

struct PKI: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "pki", abstract: "Test certificates for trying export and open.")
    func run() throws { throw CleanExit.message("not built yet") }
}
