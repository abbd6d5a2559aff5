import Foundation

/// A test hook for the kill tests (docs/testing.md, "Killing at a known phase"): when the
/// environment variable `HAWALA_TEST_PAUSE_AT` names a phase, the process writes
/// `hawala-test-phase NAME` to stderr on reaching it and then sleeps until it is killed, so a
/// test can send SIGKILL at exactly that point. Unset (always, outside tests), every call is
/// one check of a cached `nil`.
///
/// Phases: `import.begin` (inside the file's transaction, `imports` row written, indexes
/// dropped), `import.records=N` (after the N-th record of the file is written),
/// `import.index` (indexes rebuilt, transaction still open), `import.commit` (everything
/// written, just before COMMIT), `import.committed` (after COMMIT); `analyze.begin`,
/// `analyze.findings=N`, `analyze.commit`, `analyze.committed` likewise for storing an
/// analysis run.
public enum TestHook {
    /// The phase named by `HAWALA_TEST_PAUSE_AT`: its name and, for `NAME=N`, the count.
    static let target: (name: String, count: Int?)? = {
        guard let value = ProcessInfo.processInfo.environment["HAWALA_TEST_PAUSE_AT"], !value.isEmpty else { return nil }
        let parts = value.split(separator: "=", maxSplits: 1)
        return (String(parts[0]), parts.count == 2 ? Int(parts[1]) : nil)
    }()

    /// Pauses for good when `phase` is the one named (and `count` its count, when it has one).
    /// - Parameters:
    ///   - phase: the phase reached, e.g. `import.commit`.
    ///   - count: the records or findings written so far, for counted phases.
    @inline(__always)
    public static func reach(_ phase: String, count: Int? = nil) {
        guard let target else { return }
        guard target.name == phase, target.count == count else { return }
        FileHandle.standardError.write(Data("hawala-test-phase \(phase)\(count.map { "=\($0)" } ?? "")\n".utf8))
        while true { sleep(60) }
    }
}
