import Foundation

/// Conditions for tests that need an external tool or the shared data beside the project
/// (`../shared`), for Swift Testing's `.enabled(if:)`, so a missing tool shows as a skip in the
/// run's own count instead of a silent pass.
///
/// Under CI (`CI=true`, set by `.ci/run`) every condition is `true`: the test runs and fails
/// loudly on what is missing, so CI skips nothing. Each check runs once per process.
public enum Requirement {
    /// Whether this is a CI run (`CI` is `true` or `1`): nothing may be skipped.
    public static let isCI: Bool = {
        let value = ProcessInfo.processInfo.environment["CI"]?.lowercased() ?? ""
        return value == "true" || value == "1"
    }()

    /// The package root (the folder holding Package.swift).
    public static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    /// The shared data folder beside the project root, `../shared`.
    public static let shared = packageRoot.deletingLastPathComponent().appendingPathComponent("shared")

    /// `true` when `name` is an executable on PATH (or under CI).
    /// - Parameter name: e.g. `dot`, `chromium`, `java`.
    public static func tool(_ name: String) -> Bool {
        isCI || locate(name) != nil
    }

    /// `true` when python3 runs and imports every module (or under CI).
    /// - Parameter modules: e.g. `["networkx"]`; empty checks python3 only.
    public static func python(_ modules: [String] = []) -> Bool {
        isCI || run("python3", ["-c", (["import sys"] + modules.map { "import \($0)" }).joined(separator: "; ")]) == 0
    }

    /// `true` when the file exists (or under CI).
    /// - Parameter path: an absolute path, e.g. under ``shared``.
    public static func file(_ url: URL) -> Bool {
        isCI || FileManager.default.fileExists(atPath: url.path)
    }

    /// The absolute path of an executable on PATH, or `nil`.
    /// - Parameter name: the executable's name.
    public static func locate(_ name: String) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for folder in path.split(separator: ":") {
            let candidate = "\(folder)/\(name)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }

    /// Runs a tool found on PATH with its output discarded.
    /// - Returns: its exit status, or `nil` when it cannot be started.
    static func run(_ tool: String, _ arguments: [String]) -> Int32? {
        guard let executable = locate(tool) else { return nil }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        do { try process.run() } catch { return nil }
        process.waitUntilExit()
        return process.terminationStatus
    }
}
