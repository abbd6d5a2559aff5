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
        printError("hawala: error: \(MessageText.cutQuotedValues(error.description))")
        throw ExitCode(error.exitStatus.rawValue)
    } catch let error as ExitCode {
        throw error
    } catch let error as ValidationError {
        throw error
    } catch {
        // Every failure ends in a `hawala: error:` line, whatever threw it.
        printError("hawala: error: \(MessageText.cutQuotedValues(String(describing: error)))")
        throw ExitCode(ExitStatus.software.rawValue)
    }
}

/// `n` and the noun, in the singular for 1 and the plural otherwise: `counted(2, "finding")` is
/// "2 findings".
/// - Parameters:
///   - n: the count.
///   - singular: the noun for one.
///   - plural: the noun for several (default: `singular` + "s").
/// - Returns: the count and the noun.
func counted(_ n: Int, _ singular: String, _ plural: String? = nil) -> String {
    "\(n) \(n == 1 ? singular : plural ?? singular + "s")"
}

/// Writes one line to stderr.
func printError(_ text: String) {
    FileHandle.standardError.write(Data((text + "\n").utf8))
}

/// The tool's name and version, written into every custody record and report.
enum HawalaVersion {
    static let current = "0.1.0"
}

/// An error of the command layer itself: a file named on the command line is missing or is a
/// folder, an output path cannot be written, or there is no analysis run to read yet.
typealias CommandError = AreaError<CommandErrorCode>

/// What went wrong in the command layer; `CommandError.Code`.
enum CommandErrorCode: ErrorCode, CaseIterable {
    /// An input file named on the command line does not exist or is not a file (exit 66).
    case noInput
    /// There is no analysis run in the database yet (exit 66): a data condition, not usage.
    case noRun
    /// An output path cannot be written (exit 74).
    case unwritable
    /// The database holds no transfers to analyse (exit 66).
    case noTransfers
    /// Too many transfers have no reporting amount for the analysis to mean much (exit 65).
    case missingRates

    var exitStatus: ExitStatus {
        switch self {
        case .noInput, .noRun, .noTransfers: .noInput
        case .unwritable: .ioError
        case .missingRates: .dataError
        }
    }
}

/// Checks that an input file named on the command line exists and is a regular file, so a
/// mistyped name gives `FILE: no such file; expected …` (exit 66) rather than Foundation's text.
/// - Parameters:
///   - path: the path as typed.
///   - expected: what the file should be, e.g. "an evidence package (NAME.p7m)".
/// - Throws: ``CommandError`` `.noInput` when it is missing or a folder.
func requireInputFile(_ path: String, expected: String) throws {
    var isFolder: ObjCBool = false
    guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else {
        throw CommandError(.noInput, "no such file; expected \(expected)", location: SourceLocation(file: path))
    }
    guard !isFolder.boolValue else {
        throw CommandError(.noInput, "is a folder; expected \(expected)", location: SourceLocation(file: path))
    }
}

/// Checks that an output file can be written at `path`: not a folder, and its folder exists.
/// - Throws: ``CommandError`` `.unwritable` (exit 74) naming the path and what to give instead.
func requireOutputFile(_ path: String) throws {
    try refuseDanglingSymlink(path)
    var isFolder: ObjCBool = false
    if FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), isFolder.boolValue {
        throw CommandError(.unwritable, "is a folder; give a file path", location: SourceLocation(file: path))
    }
    let parent = URL(fileURLWithPath: path).deletingLastPathComponent().path
    guard FileManager.default.fileExists(atPath: parent, isDirectory: &isFolder), isFolder.boolValue else {
        throw CommandError(
            .unwritable, "the folder \(parent) does not exist; create it or give another path",
            location: SourceLocation(file: path))
    }
    guard FileManager.default.isWritableFile(atPath: parent) else {
        throw CommandError(.unwritable, "the folder \(parent) is not writable", location: SourceLocation(file: path))
    }
}

/// Refuses an output path that is a symbolic link to nothing, with a plain message rather than
/// Foundation's error dump.
/// - Throws: ``CommandError`` `.unwritable` (exit 74) naming the link and its missing target.
func refuseDanglingSymlink(_ path: String) throws {
    guard let target = try? FileManager.default.destinationOfSymbolicLink(atPath: path) else { return }
    guard !FileManager.default.fileExists(atPath: path) else { return }  // follows the link
    throw CommandError(
        .unwritable, "is a symbolic link to \(target), which does not exist; remove the link or give another path",
        location: SourceLocation(file: path))
}

/// Checks that an output folder can be used at `path`: it is a folder, or does not exist yet
/// (the command creates it).
/// - Throws: ``CommandError`` `.unwritable` (exit 74) when a file is in the way.
func requireOutputFolder(_ path: String) throws {
    try refuseDanglingSymlink(path)
    var isFolder: ObjCBool = false
    if FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), !isFolder.boolValue {
        throw CommandError(.unwritable, "is a file; give a folder", location: SourceLocation(file: path))
    }
}
