import CLibFuzzer
import Foundation
import HawalaIngest

#if canImport(Glibc)
    import Glibc
#endif

/// The executable's entry: hands control to libFuzzer's driver (see FuzzCSV and docs/fuzzing.md).
@main
enum FuzzMain {
    static func main() {
        var argc = CommandLine.argc
        var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
        exit(LLVMFuzzerRunDriver(&argc, &argv) { data, size in
            guard let data else { return 0 }
            return fuzzGoAML(data, size)
        })
    }
}

/// One file per process, rewritten for each input (the reader reads a path).
nonisolated(unsafe) private var inputPath: String = {
    let folder = FileManager.default.fileExists(atPath: "/dev/shm") ? "/dev/shm" : NSTemporaryDirectory()
    return "\(folder)/hawala-fuzz-goaml-\(getpid()).xml"
}()

/// libFuzzer entry point: the input is a goAML file.
///
/// Invariants checked (a violation traps, which libFuzzer reports as a crash):
/// 1. reading never traps, whatever the bytes (invalid UTF-8, deep nesting, entities, huge
///    fields);
/// 2. the only errors are `IngestError` `.malformed` (refused file) or `.io`, each with the
///    file as its location and a message under 8,000 characters;
/// 3. rejected records carry a reason under 8,000 characters and a raw text no longer than
///    the record limit; transfers carry ids within the identifier limit after the importer's
///    check (checked here on the reader's own output only for the element path);
/// 4. records come in document order (`/report/transaction[N]` with N increasing).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzGoAML(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Data(bytes: data, count: size)
    guard FileManager.default.createFile(atPath: inputPath, contents: bytes) else { return 0 }
    var lastIndex = 0
    do {
        var reader = try GoAMLReader(path: inputPath)
        while let record = try reader.next() {
            let element: String?
            switch record {
            case .transfer(let row): element = row.location.element
            case .rejected(let row):
                precondition(row.reason.count < 8_000, "reject reason of \(row.reason.count) characters")
                precondition(row.raw.utf8.count <= InputLimits.recordBytes + 64, "raw of \(row.raw.utf8.count) bytes")
                element = row.location.element
            case .broker: preconditionFailure("a goAML reader yields no broker records")
            }
            if let element, let open = element.lastIndex(of: "["), let index = Int(element[element.index(after: open)...].dropLast()) {
                precondition(index > lastIndex, "transactions out of order: \(element) after \(lastIndex)")
                lastIndex = index
            }
        }
    } catch {
        precondition(error.code == .malformed || error.code == .io, "unexpected error: \(error)")
        precondition(error.location?.file == inputPath, "error without the file: \(error)")
        precondition(error.description.count < 8_000, "message of \(error.description.count) characters")
    }
    return 0
}
