import ArgumentParser
import Foundation
import HawalaCore
import HawalaIngest
import HawalaStore

// Commands of issue 2 (ingestion): thin layers over HawalaIngest and HawalaStore.

/// Opens the reader for one input file: the named specification (a built-in name or a
/// JSON/YAML file), or the one detected from the file's content.
/// - Throws: ``IngestError`` from resolving the specification or opening the file.
func openReader(path: String, spec: String?, sha256: String) throws(IngestError) -> any TransferReader {
    if spec?.lowercased() == BrokerRegisterReader.specificationName { return try BrokerRegisterReader(path: path) }
    let specification = try spec.map { name throws(IngestError) in try BuiltinSpecifications.resolve(name) }
    return try Readers.open(path: path, specification: specification, fileSHA256: sha256)
}

/// The formats of a summary that has no table form (`ingest`, `stats`): text or JSON only,
/// so `--help` lists exactly what parses.
enum SummaryFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json
}

struct Ingest: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Import transfers from CSV ledgers, goAML XML and AML benchmark files.",
        discussion: """
            Each file is imported in one transaction: it is either wholly in the database or not at \
            all. A file whose SHA-256 was imported before is skipped. Rejected rows are stored (see \
            `hawala rejects`) unless --strict, which stops at the first one and imports nothing from \
            that file (exit 65). Exit statuses: 0 success, 64 usage, 65 bad data (a rejected row \
            under --strict, a malformed file), 66 missing input, 74 I/O, 78 bad import \
            specification; every one in docs/exit-status.md.
            """)
    @OptionGroup var global: GlobalOptions

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Import specification: a built-in name (see `hawala specs`) or a JSON/YAML file. Detected from the file when omitted.",
            discussion: "One --spec applies to every file. Several: each applies to the files after it (`--spec auto` detects again)."))
    var spec: [String] = []

    @Option(name: .long, help: "An exchange-rates file (`currency,rate[,date]`, as `hawala rates import`) to load before the files.")
    var rates: String?

    @Flag(name: .long, help: "Stop at the first rejected row and import nothing from that file.")
    var strict = false

    @Option(name: .long, help: "Summary format.")
    var format: SummaryFormat = .text

    @Option(name: .long, help: "ISO 4217 currency of reporting amounts.")
    var reportingCurrency: String = "USD"

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Wait at most SECONDS for another process writing to the database (another import) before giving up.",
            discussion: "Without it, ingest waits as long as the other writer runs, saying so once.",
            valueName: "SECONDS"))
    var wait: Double?

    @Argument(help: "The files to import.")
    var files: [String] = []

    func validate() throws {
        guard !files.isEmpty else { throw ValidationError("Name at least one FILE to import.") }
        if let wait, !(wait >= 0) { throw ValidationError("--wait must be 0 or more seconds.") }
        guard CurrencyCode(reportingCurrency) != nil else {
            throw ValidationError("--reporting-currency '\(reportingCurrency)' is not an ISO 4217 currency code.")
        }
    }

    /// The long options of `ingest` that take a value (for ``SpecificationAssignment``).
    static let valueOptions: Set<String> = ["db", "spec", "format", "reporting-currency", "rates", "wait"]

    func run() throws {
        try mapErrors {
            let newDatabase = !FileManager.default.fileExists(atPath: global.db)
            var committed = false
            do {
                try ingest(committed: &committed)
            } catch {
                // A failed ingest leaves no new, empty database behind.
                if newDatabase && !committed {
                    Store.removeFiles(path: global.db)
                }
                throw error
            }
        }
    }

    /// The specification for each file, from the order of the command line.
    private func specifications() throws -> [String?] {
        let arguments = Array(CommandLine.arguments.dropFirst().drop { $0 != "ingest" }.dropFirst())
        if let assigned = SpecificationAssignment.assign(
            arguments: arguments, files: files, specs: spec, valueOptions: Self.valueOptions)
        {
            return assigned
        }
        throw ValidationError("cannot tell which --spec applies to which file; give each --spec before its files")
    }

    private func ingest(committed: inout Bool) throws {
        let perFile = try specifications()
        // Check named specifications and the files before the database is touched, so a broken
        // specification is refused (exit 78) even when every file was imported before.
        for name in Set(perFile.compactMap { $0 }) where name.lowercased() != BrokerRegisterReader.specificationName {
            _ = try BuiltinSpecifications.resolve(name)
        }
        for file in files {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: file, isDirectory: &isDirectory) else {
                throw IngestError(.missingInput, "no such file (expected a file to import)", location: SourceLocation(file: file))
            }
            guard !isDirectory.boolValue else {
                throw IngestError(.missingInput, "is a directory (expected a file to import)", location: SourceLocation(file: file))
            }
        }
        let reporting = CurrencyCode(reportingCurrency) ?? .usd
        let loadedRates = try rates.map { path throws(IngestError) in try ExchangeRatesFile.read(path: path, reportingCurrency: reporting) }
        let db = global.db
        let store = try Store(
            path: db, logger: global.logger("hawala.store"), wait: wait,
            onWait: { printError("hawala: " + Ingest.waitText(database: db)) })
        if let loadedRates {
            _ = try store.importRates(loadedRates)
            let converted = try store.applyRates(to: Set(loadedRates.map(\.currency)), reportingCurrency: reporting)
            committed = true
            printError(
                "hawala: stored \(counted(loadedRates.count, "exchange rate")) to \(reporting)"
                    + (converted > 0 ? "; \(converted) stored transfers now have a reporting amount" : ""))
        }
        let bar = IngestProgressBar(enabled: global.showProgress)
        let importer = Importer(
            store: store, reportingCurrency: reporting, strict: strict, progress: bar.enabled ? { bar.update($0) } : nil)
        var summaries: [ImportSummary] = []
        defer { printSummaries(summaries) }
        for (file, specName) in zip(files, perFile) {
            let digest = try FileDigest.sha256(path: file)
            if var earlier = try importer.earlierImport(sha256: digest.hex) {
                earlier.file = file
                summaries.append(earlier)
                continue
            }
            let reader = try openReader(path: file, spec: specName, sha256: digest.hex)
            // Names this file to an ingest that waits for the lock meanwhile (ImportActivity).
            defer { ImportActivity.clear(database: db) }
            do {
                summaries.append(
                    try importer.importFile(
                        reader: ImportActivity.announcing(reader, database: db), path: file, sha256: digest.hex,
                        size: digest.size))
            } catch {
                // Still locked after --wait: say which import holds it, before the error line.
                if Ingest.isLocked(error), let other = ImportActivity.current(database: db) {
                    printError("hawala: \(other.text())")
                }
                throw error
            }
            committed = true
        }
    }

    /// Whether `error` is the importer's wrapping of ``StoreError`` `.locked` (the wait ran out).
    static func isLocked(_ error: any Error) -> Bool {
        guard let error = error as? IngestError, let store = error.underlying as? StoreError else { return false }
        return store.code == .locked
    }

    /// The line printed once when ingest starts waiting for another writer: names the other
    /// import when its ``ImportActivity`` note is there.
    /// - Parameter database: the database file's path.
    /// - Returns: the text, without the `hawala: ` prefix.
    static func waitText(database: String) -> String {
        let cap = "(--wait SECONDS caps the wait)"
        guard let other = ImportActivity.current(database: database) else {
            return "another process is writing to \(database) (another import or an analysis); waiting for it to finish \(cap)"
        }
        return "another import is writing to \(database): \(other.text()); waiting for it to finish \(cap)"
    }

    private func printSummaries(_ summaries: [ImportSummary]) {
        guard !summaries.isEmpty else { return }
        printWarnings(summaries)
        let total = IngestTotal(summaries)
        if format == .json {
            struct Output: Encodable {
                var files: [ImportSummary]
                var total: IngestTotal
            }
            if let data = try? JSONCoding.encoder().encode(Output(files: summaries, total: total)) {
                print(String(decoding: data, as: UTF8.self))
            }
            return
        }
        for summary in summaries {
            if summary.alreadyImported {
                print("\(summary.file): already imported (import #\(summary.importID), SHA-256 \(summary.sha256.prefix(16))…); nothing imported")
            } else if summary.brokersRecorded > 0 && summary.imported == 0 {
                print("\(summary.file): broker register, recorded \(summary.brokersRecorded) brokers, rejected \(summary.rejected)")
            } else {
                var line = "\(summary.file): imported \(summary.imported), duplicates \(summary.duplicates), rejected \(summary.rejected)"
                if summary.withoutRate > 0 { line += ", without exchange rate \(summary.withoutRate)" }
                line += " in \(formatSeconds(summary.seconds)) (\(formatRate(summary.rowsPerSecond)) rows/s)"
                print(line)
            }
        }
        print(
            "total: imported \(total.imported), duplicates \(total.duplicates), rejected \(total.rejected), "
                + "time \(formatSeconds(total.seconds)), \(formatRate(total.rowsPerSecond)) rows/s")
        if total.rejected > 0 { print("see `hawala rejects` for the rejected rows") }
    }
}

/// Prints each file's warnings to stderr: duplicates that differ from the stored transfer
/// with the same id, and files with no records.
/// - Parameter summaries: the files' summaries.
func printWarnings(_ summaries: [ImportSummary]) {
    for summary in summaries {
        if summary.differingDuplicates > 0 {
            let n = summary.differingDuplicates
            var text = "warning: \(summary.file): \(n) duplicate\(n == 1 ? "" : "s") differ\(n == 1 ? "s" : "")"
                + " from the stored transfer with the same id"
            if let example = summary.differingExample { text += ", e.g. \(example)" }
            printError(text + "; the first version is kept")
        }
        for warning in summary.warnings { printError("warning: \(summary.file): \(warning)") }
    }
}

/// The totals line of `hawala ingest`.
struct IngestTotal: Encodable {
    var imported = 0
    var duplicates = 0
    var rejected = 0
    var withoutRate = 0
    var alreadyImported = 0
    var differingDuplicates = 0
    var seconds = 0.0
    var rowsPerSecond = 0.0

    init(_ summaries: [ImportSummary]) {
        for summary in summaries {
            imported += summary.imported
            duplicates += summary.duplicates
            rejected += summary.rejected
            withoutRate += summary.withoutRate
            alreadyImported += summary.alreadyImported ? 1 : 0
            differingDuplicates += summary.differingDuplicates
            seconds += summary.seconds
        }
        rowsPerSecond = seconds > 0 ? Double(imported + duplicates + rejected) / seconds : 0
    }

    enum CodingKeys: String, CodingKey {
        case imported, duplicates, rejected
        case withoutRate = "without_rate"
        case alreadyImported = "already_imported_files"
        case differingDuplicates = "differing_duplicates"
        case seconds
        case rowsPerSecond = "rows_per_second"
    }
}

func formatSeconds(_ seconds: Double) -> String { String(format: "%.2f s", seconds) }

func formatRate(_ rate: Double) -> String { String(Int(rate.rounded())) }

/// A one-line progress bar on stderr, drawn only when stderr is a terminal, and only once a
/// file has taken more than half a second.
final class IngestProgressBar {
    let enabled: Bool
    private let start = DispatchTime.now().uptimeNanoseconds
    private var drawn = false

    init(enabled: Bool) { self.enabled = enabled }

    func update(_ progress: ImportProgress) {
        guard enabled else { return }
        let elapsed = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        if progress.finished {
            if drawn { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
            drawn = false
            return
        }
        guard elapsed > 0.5 else { return }
        var line = "\r\u{1B}[K\((progress.file as NSString).lastPathComponent) "
        if let bytes = progress.bytesRead, progress.totalBytes > 0 {
            let fraction = min(1, Double(bytes) / Double(progress.totalBytes))
            let width = 30
            let filled = Int(fraction * Double(width))
            line += "[" + String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled) + "] "
            line += String(format: "%3.0f%% ", fraction * 100)
        }
        line += "\(formatRate(Double(progress.records))) rows, \(formatRate(Double(progress.records) / elapsed)) rows/s"
        FileHandle.standardError.write(Data(line.utf8))
        drawn = true
    }
}

struct Specs: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List and print the built-in import specifications.",
        discussion: """
            An import specification says which column holds which field, the date and number \
            formats and the currency. Print a built-in with `hawala specs show NAME > my.yaml`, edit \
            it, and import with `hawala ingest --spec my.yaml FILE`. See docs/import-specifications.md.
            """,
        subcommands: [List.self, Show.self, Infer.self],
        defaultSubcommand: List.self)

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the built-in import specifications.")
        /// Accepted like every command's (README: every command takes --db); unused here.
        @OptionGroup var global: GlobalOptions
        func run() {
            let brokers = BrokerRegisterReader.specificationName
            let width = max(BuiltinSpecifications.all.map(\.name.count).max() ?? 0, brokers.count)
            for builtin in BuiltinSpecifications.all {
                print(builtin.name.padding(toLength: width + 2, withPad: " ", startingAt: 0) + builtin.summary)
            }
            print(brokers.padding(toLength: width + 2, withPad: " ", startingAt: 0)
                + "broker register: CSV with id,name,country[,licence] (fixed layout; `hawala specs show brokers`)")
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print a built-in import specification to copy and edit.")

        @Argument(help: "The built-in's name (see `hawala specs`).")
        var name: String

        @Option(name: .long, help: "yaml (commented) or json.")
        var format: SpecificationTextFormat = .yaml

        /// Accepted like every command's (README: every command takes --db); unused here.
        @OptionGroup var global: GlobalOptions

        func run() throws {
            if name.lowercased() == BrokerRegisterReader.specificationName {
                print(BuiltinSpecifications.brokerRegisterText, terminator: "")
                return
            }
            guard let text = BuiltinSpecifications.text(for: name, format: format) else {
                printError(
                    "hawala: error: no built-in import specification '\(name)'; built-ins: "
                        + BuiltinSpecifications.all.map(\.name).joined(separator: ", ")
                        + ", \(BrokerRegisterReader.specificationName) (a broker register)")
                throw ExitCode(ExitStatus.usage.rawValue)
            }
            print(text, terminator: text.hasSuffix("\n") ? "" : "\n")
        }
    }
}

extension Specs {
    struct Infer: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print a commented import specification for a CSV file, read off its header and first rows.",
            discussion: """
                Every guess is a `# GUESS:` comment; what could not be decided is a `# CHECK:` comment \
                (e.g. the day/month order when no day is above 12). Save, check and use it: \
                `hawala specs infer FILE > my.yaml`, then `hawala ingest --spec my.yaml FILE`.
                """)

        @Argument(help: "The CSV file.")
        var file: String

        /// Accepted like every command's (README: every command takes --db); unused here.
        @OptionGroup var global: GlobalOptions

        func run() throws {
            try mapErrors {
                try requireInputFile(file, expected: "a CSV file to infer an import specification from")
                print(try SpecificationInference.infer(path: file), terminator: "")
            }
        }
    }
}

extension SpecificationTextFormat: ExpressibleByArgument {}

struct Rejects: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "List rejected rows with their file, line, field and reason.")
    @OptionGroup var global: GlobalOptions

    @Option(name: .customLong("import"), help: "Only the rejects of this import id.")
    var importID: Int64?

    @Option(name: .long, help: "Output format: text, csv or json.")
    var format: OutputFormat = .text

    func run() throws {
        try mapErrors {
            let store = try global.openStore(mustExist: true)
            let rejects = try store.rejects(import: importID)
            switch format {
            case .json:
                struct Output: Encodable { var rejects: [StoredReject] }
                print(String(decoding: try jsonData(Output(rejects: rejects)), as: UTF8.self))
            case .csv:
                print("import_id,file,line,element,field,reason,raw")
                for r in rejects {
                    let fields = [
                        String(r.importID), r.location.file, r.location.line.map(String.init) ?? "", r.location.element ?? "",
                        r.location.field ?? "", r.reason, r.raw,
                    ]
                    print(fields.map(csvField).joined(separator: ","))
                }
            case .text:
                if rejects.isEmpty {
                    print("no rejected rows")
                    return
                }
                for r in rejects {
                    var place = r.location
                    place.field = nil
                    print("import \(r.importID) \(place): \(r.location.field.map { "field \($0): " } ?? "")\(r.reason)")
                    let raw = r.raw.replacingOccurrences(of: "\n", with: "\\n")
                    print("    " + (raw.count > 160 ? String(raw.prefix(160)) + "…" : raw))
                }
                print(counted(rejects.count, "rejected row"))
            }
        }
    }
}

/// Encodes with the shared JSON conventions, as a ``StoreError`` on failure.
func jsonData(_ value: some Encodable) throws(StoreError) -> Data {
    do {
        return try JSONCoding.encoder().encode(value)
    } catch {
        throw StoreError(.invalidRequest, "cannot encode JSON output", underlying: error)
    }
}

/// One RFC 4180 field: quoted when it holds a comma, quote, CR or LF.
func csvField(_ text: String) -> String {
    guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return text }
    return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
}

struct Rates: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Manage exchange rates to the reporting currency.",
        subcommands: [RatesImport.self, RatesList.self])
}

struct RatesImport: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Load exchange rates from a CSV file `currency,rate[,date]`.",
        discussion: """
            Each line `currency,rate[,date]` means: 1 unit of `currency` = `rate` units of the \
            reporting currency (major units), from UTC day `date` (YYYY-MM-DD) on; without a date \
            the rate applies wherever no dated rate does. An optional header line and `#` comments \
            are allowed. A rate for the same currency and date replaces the stored one. Stored \
            transfers in those currencies get their reporting amounts recomputed.
            """)
    @OptionGroup var global: GlobalOptions

    @Option(name: .long, help: "ISO 4217 currency the rates convert to.")
    var reportingCurrency: String = "USD"

    @Argument(help: "The rates file.")
    var file: String

    func validate() throws {
        guard CurrencyCode(reportingCurrency) != nil else {
            throw ValidationError("--reporting-currency '\(reportingCurrency)' is not an ISO 4217 currency code.")
        }
    }

    func run() throws {
        try mapErrors {
            let reporting = CurrencyCode(reportingCurrency) ?? .usd
            let rates = try ExchangeRatesFile.read(path: file, reportingCurrency: reporting)
            let store = try Store(path: global.db, logger: global.logger("hawala.store"))
            try store.importRates(rates)
            let converted = try store.applyRates(to: Set(rates.map(\.currency)), reportingCurrency: reporting)
            // Rates loaded before any transfer (as in scripts/demo.sh) convert nothing yet: say what they do.
            print(
                "stored \(counted(rates.count, "exchange rate")) to \(reporting); "
                    + (converted > 0
                        ? "\(converted) stored transfers now have a reporting amount"
                        : "no stored transfer needed them; transfers imported later are converted with them"))
        }
    }
}

struct RatesList: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List the stored exchange rates.")
    @OptionGroup var global: GlobalOptions

    @Option(name: .long, help: "ISO 4217 currency the rates convert to.")
    var reportingCurrency: String = "USD"

    @Option(name: .long, help: "Output format: text, csv or json.")
    var format: OutputFormat = .text

    func run() throws {
        try mapErrors {
            guard let reporting = CurrencyCode(reportingCurrency) else {
                throw ValidationError("--reporting-currency '\(reportingCurrency)' is not an ISO 4217 currency code.")
            }
            let store = try global.openStore(mustExist: true)
            let rates = try store.rates(reportingCurrency: reporting)
            switch format {
            case .json:
                struct Output: Encodable { var rates: [ExchangeRate] }
                print(String(decoding: try jsonData(Output(rates: rates)), as: UTF8.self))
            case .csv:
                print("currency,rate,date")
                for rate in rates { print("\(rate.currency),\(rate.rate),\(rate.validFromText ?? "")") }
            case .text:
                guard !rates.isEmpty else {
                    print("no exchange rates to \(reporting); import some with `hawala rates import FILE`")
                    return
                }
                let width = max(rates.map { "\($0.rate)".count }.max() ?? 0, 4)
                print("currency  " + String(repeating: " ", count: width - 4) + "rate  valid from")
                for rate in rates {
                    let text = "\(rate.rate)"
                    print("\(rate.currency)       " + String(repeating: " ", count: width - text.count) + text
                        + "  " + (rate.validFromText ?? "always"))
                }
            }
        }
    }
}

struct Stats: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Counts of brokers, parties, transfers, imports and rejects.")
    @OptionGroup var global: GlobalOptions

    @Option(name: .long, help: "Output format.")
    var format: SummaryFormat = .text

    func run() throws {
        try mapErrors {
            let store = try global.openStore(mustExist: true)
            let stats = try store.stats()
            if format == .json {
                print(String(decoding: try jsonData(stats), as: UTF8.self))
                return
            }
            print("database:      \(global.db)")
            print("brokers:       \(stats.brokers)")
            print("parties:       \(stats.parties)")
            print("transfers:     \(stats.transfers)")
            print("duplicates:    \(stats.duplicates)"
                + (stats.differingDuplicates > 0
                    ? " (\(stats.differingDuplicates) differ\(stats.differingDuplicates == 1 ? "s" : "") from the stored transfer)" : ""))
            print("imports:       \(stats.imports)")
            print("rejects:       \(stats.rejects)")
            print("rates:         \(stats.exchangeRates)")
            print("analysis runs: \(stats.analysisRuns)")
            if let first = stats.firstAt, let last = stats.lastAt {
                print("time span:     \(UTCTime.iso8601(first)) to \(UTCTime.iso8601(last))")
            }
            if !stats.currencies.isEmpty {
                print("currencies:    " + stats.currencies.map { "\($0.currency) \($0.transfers)" }.joined(separator: ", "))
            }
            print("no rate:       \(stats.withoutReportingAmount) transfers without a reporting amount")
        }
    }
}

/// Test support (hidden): imports N generated transfers through the real ``Importer`` in one
/// transaction, so a test can kill the process mid-import and check the database
/// (Tests/HawalaCLITests/KillMidImportTests.swift). Not for users.
struct ImportSynthetic: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "_import-synthetic", abstract: "Test support: import generated transfers.", shouldDisplay: false)
    @OptionGroup var global: GlobalOptions

    @Option(name: .long, help: "Transfers to generate.")
    var rows: Int = 1_000

    @Option(name: .long, help: "The first row number (ids start at T<first-row>).")
    var firstRow: Int = 0

    @Option(name: .long, help: "Reject every n-th row.")
    var rejectEvery: Int?

    @Flag(name: .long, help: "Stop at the first rejected row.")
    var strict = false

    @Flag(name: .long, help: "Write `records N` to stderr every 16,384 records (inside the open transaction).")
    var reportProgress = false

    @Option(name: .long, help: "SQLite page cache in KiB (small values make the open transaction spill into the WAL).")
    var cacheKib: Int = 65_536

    func run() throws {
        try mapErrors {
            let store = try Store(path: global.db, logger: global.logger("hawala.store"), cacheKiB: cacheKib)
            let report = reportProgress
            let importer = Importer(
                store: store, strict: strict,
                progress: { progress in
                    if report && !progress.finished { printError("records \(progress.records)") }
                })
            let reader = SyntheticTransferReader(rows: rows, firstRow: firstRow, rejectEvery: rejectEvery)
            let name = "synthetic:\(firstRow):\(rows):\(rejectEvery ?? 0)"
            let sha = FileDigest.sha256(bytes: Array(name.utf8))
            let summary = try importer.importFile(reader: reader, path: name, sha256: sha, size: Int64(rows) * 96)
            print(String(decoding: try jsonData(summary), as: UTF8.self))
        }
    }
}
