import CLibFuzzer
import HawalaIngest

#if canImport(Glibc)
    import Glibc
#endif

/// The executable's entry. SwiftPM names an executable's entry point `FuzzCSV_main` and
/// aliases `main` to it, so libFuzzer's own `main` is never linked; this one hands control to
/// libFuzzer's driver with the same command-line flags (`-max_total_time=120`, corpus dirs...).
@main
enum FuzzMain {
    static func main() {
        var argc = CommandLine.argc
        var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
        exit(LLVMFuzzerRunDriver(&argc, &argv) { data, size in
            guard let data else { return 0 }
            return fuzzCSV(data, size)
        })
    }
}

/// libFuzzer entry point: the first byte picks the delimiter, the rest is CSV input.
///
/// Invariants checked (a violation traps, which libFuzzer reports as a crash):
/// 1. parsing never crashes (an open quote at the end is an `IngestError`, not a trap);
/// 2. re-serialising the parsed records with every field quoted and parsing that again gives
///    the same fields;
/// 3. every record's line is at least the previous record's line.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzCSV(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = UnsafeBufferPointer(start: data, count: size)
    guard let selector = bytes.first else { return 0 }
    let delimiters: [UInt8] = [UInt8(ascii: ","), UInt8(ascii: ";"), UInt8(ascii: "\t")]
    let delimiter = delimiters[Int(selector) % delimiters.count]
    let input = bytes.dropFirst()

    let parser = CSVParser(bytes: input, delimiter: delimiter)
    var records: [[[UInt8]]] = []
    var lastLine = 0
    do {
        while try parser.nextRecord() {
            precondition(parser.line >= lastLine && parser.line >= 1, "line numbers must not go back")
            lastLine = parser.line
            // A record over a limit (InputLimits) is skipped, not round-tripped.
            if parser.limitBreach != nil {
                precondition(parser.fieldCount == 0, "a record over a limit has no fields")
                _ = parser.rawRecord()
                continue
            }
            records.append(parser.fieldByteArrays())
            _ = parser.rawRecord()
            for i in 0..<parser.fieldCount {
                _ = parser.string(at: i, encoding: .utf8)
                _ = parser.string(at: i, encoding: .latin1)
            }
        }
    } catch {
        precondition(error.code == .malformed, "only an open quote may fail: \(error)")
        return 0
    }
    let serialised = records.flatMap { CSVWriter.quotedRecord($0, delimiter: delimiter) }
    let again = CSVParser(bytes: serialised, delimiter: delimiter)
    var reparsed: [[[UInt8]]] = []
    do {
        while try again.nextRecord() { reparsed.append(again.fieldByteArrays()) }
    } catch {
        preconditionFailure("re-serialised records failed to parse: \(error)")
    }
    precondition(reparsed == records, "round trip changed the fields")
    return 0
}
