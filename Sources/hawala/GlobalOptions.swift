import ArgumentParser
import Foundation
import HawalaCore
import Logging

/// Options every command shares.
struct GlobalOptions: ParsableArguments {
    @Option(name: .long, help: "The SQLite database file.")
    var db: String = "hawala.sqlite"

    @Flag(name: [.short, .long], help: "Log more detail to stderr.")
    var verbose = false

    @Flag(name: .long, help: "Do not draw progress bars on stderr.")
    var noProgress = false

    /// A logger writing to stderr at the chosen level.
    func logger(_ label: String) -> Logger {
        LoggingBootstrap.once
        var logger = Logger(label: label)
        logger.logLevel = verbose ? .debug : .notice
        return logger
    }

    /// Whether progress should be drawn: stderr is a terminal and --no-progress was not given.
    var showProgress: Bool { !noProgress && isatty(STDERR_FILENO) != 0 }
}

enum LoggingBootstrap {
    static let once: Void = {
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = .trace
            return handler
        }
    }()
}

/// Output formats shared by listing commands.
enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json, csv
}

/// Runs a command body, turning a ``HawalaError`` into its message on stderr and its exit status.
/// - Parameter body: the command's work.
/// - Throws: `ExitCode` with the error's status.
func mapErrors<T>(_ body: () throws -> T) throws -> T {
    do {
        return try body()
    } catch let error as any HawalaError {
        printError("hawala: error: \(error.description)")
        throw ExitCode(error.exitStatus.rawValue)
    }
}

/// Writes one line to stderr.
func printError(_ text: String) {
    FileHandle.standardError.write(Data((text + "\n").utf8))
}

/// The tool's name and version, written into every custody record and report.
enum HawalaVersion {
    static let current = "0.1.0"
}
