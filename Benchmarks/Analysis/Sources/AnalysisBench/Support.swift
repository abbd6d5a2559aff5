import Foundation
import HawalaAnalysis
import HawalaCore

/// Process CPU seconds (all threads).
func cpuSeconds() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
}

/// Peak resident memory (VmHWM) in MiB, from /proc/self/status; 0 where unavailable.
func peakMemoryMiB() -> Double {
    guard let text = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return 0 }
    for line in text.split(separator: "\n") where line.hasPrefix("VmHWM:") {
        let kb = line.split(separator: " ").compactMap { Double($0) }.first ?? 0
        return kb / 1024
    }
    return 0
}

/// Splits a byte line at commas (no quoting: the benchmark files have none).
func fields(_ line: ArraySlice<UInt8>) -> [ArraySlice<UInt8>] {
    line.split(separator: UInt8(ascii: ","), omittingEmptySubsequences: false)
}

func string(_ bytes: ArraySlice<UInt8>) -> String { String(decoding: bytes, as: UTF8.self) }

func int(_ bytes: ArraySlice<UInt8>) -> Int64? {
    var value: Int64 = 0
    var any = false
    for b in bytes {
        guard b >= 48 && b <= 57 else { return nil }
        value = value * 10 + Int64(b - 48)
        any = true
    }
    return any ? value : nil
}

/// `2026-01-01T00:00:00Z` → seconds since 1970.
func isoSeconds(_ b: ArraySlice<UInt8>) -> Int64? {
    let s = Array(b)
    guard s.count == 20 else { return nil }
    func num(_ r: Range<Int>) -> Int? { int(s[r]).map { Int($0) } }
    guard let y = num(0..<4), let mo = num(5..<7), let d = num(8..<10), let h = num(11..<13), let mi = num(14..<16),
        let se = num(17..<19)
    else { return nil }
    return UTCTime.epochSeconds(year: y, month: mo, day: d, hour: h, minute: mi, second: se)
}

/// The lines of a file after its header, as byte slices.
func dataLines(_ path: String) throws -> [ArraySlice<UInt8>] {
    let data = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
    var lines = data[...].split(separator: UInt8(ascii: "\n"))
    if !lines.isEmpty { lines.removeFirst() }
    return lines.map { $0.last == UInt8(ascii: "\r") ? $0.dropLast() : $0 }
}

/// Runs a command and returns its stdout.
func run(_ arguments: [String], in dir: String? = nil) throws -> String {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = arguments
    if let dir { process.currentDirectoryURL = URL(fileURLWithPath: dir) }
    let out = Pipe()
    process.standardOutput = out
    try process.run()
    let data = out.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return String(decoding: data, as: UTF8.self)
}

func fmt(_ x: Double, _ digits: Int = 3) -> String { String(format: "%.\(digits)f", x) }
