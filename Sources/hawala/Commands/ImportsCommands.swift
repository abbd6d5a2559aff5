import ArgumentParser
import Foundation
import HawalaCore
import HawalaStore

// Commands of issue 10: list and undo imports, list transfers with their kinds and amounts.

struct Imports: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List the imports (file, SHA-256, specification, counts, time), or take one out.",
        discussion: """
            `hawala imports remove ID` takes one import out in one transaction (its transfers unless \
            another import also holds them, its rejects, its provenance), so the file can be read \
            again, e.g. with the right --spec. Analysis runs keep the list of imports they covered.
            """,
        subcommands: [ImportsList.self, ImportsRemove.self],
        defaultSubcommand: ImportsList.self)
}

struct ImportsList: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List the imports.")
    @OptionGroup var global: GlobalOptions

    @Option(name: .long, help: "Output format: text, csv or json.")
    var format: OutputFormat = .text

    func run() throws {
        try mapErrors {
            let store = try global.openStore(mustExist: true)
            let imports = try store.imports()
            var runs: [Int64: [Int64]] = [:]
            for stored in imports { runs[stored.id] = try store.runsCovering(stored) }
            switch format {
            case .json:
                struct Entry: Encodable {
                    var `import`: StoredImport
                    var analysisRuns: [Int64]
                    enum CodingKeys: String, CodingKey {
                        case `import`
                        case analysisRuns = "analysis_runs"
                    }
                }
                struct Output: Encodable { var imports: [Entry] }
                let output = Output(imports: imports.map { Entry(import: $0, analysisRuns: runs[$0.id] ?? []) })
                print(String(decoding: try jsonData(output), as: UTF8.self))
            case .csv:
                print("id,file,sha256,specification,imported,duplicates,rejected,unconverted,started_at,analysis_runs")
                for i in imports {
                    let fields = [
                        String(i.id), i.file.path, i.file.sha256, i.file.specification, String(i.imported),
                        String(i.duplicates), String(i.rejected), String(i.unconverted), UTCTime.iso8601(i.startedAt),
                        (runs[i.id] ?? []).map(String.init).joined(separator: " "),
                    ]
                    print(fields.map(csvField).joined(separator: ","))
                }
            case .text:
                guard !imports.isEmpty else {
                    print("no imports; import files with `hawala ingest FILE`")
                    return
                }
                for i in imports {
                    var line = "#\(i.id) \(i.file.path)  sha256 \(i.file.sha256.prefix(16))…  spec \(i.file.specification)  "
                        + "imported \(i.imported), duplicates \(i.duplicates), rejected \(i.rejected)"
                    if i.unconverted > 0 { line += ", without rate \(i.unconverted)" }
                    line += "  at \(UTCTime.iso8601(i.startedAt))"
                    if let covered = runs[i.id], !covered.isEmpty {
                        line += "  analysis runs \(covered.map(String.init).joined(separator: ", "))"
                    }
                    print(line)
                }
            }
        }
    }
}

struct ImportsRemove: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "remove", abstract: "Take one import out of the database (atomically), so its file can be read again.")
    @OptionGroup var global: GlobalOptions

    @Argument(help: "The import's id (see `hawala imports`).")
    var id: Int64

    @Option(name: .long, help: "Output format.")
    var format: SummaryFormat = .text

    func run() throws {
        try mapErrors {
            let store = try global.openStore(mustExist: true)
            let runs = try store.imports().first { $0.id == id }.map { try store.runsCovering($0) } ?? []
            let removed = try store.removeImport(id: id)
            if format == .json {
                print(String(decoding: try jsonData(removed), as: UTF8.self))
                return
            }
            print(
                "removed import #\(id) (\(removed.removed.file.path)): \(removed.transfersDeleted) transfers deleted, "
                    + "\(removed.transfersKept) kept (also held by another import), \(removed.rejectsDeleted) rejects, "
                    + "\(removed.duplicatesDeleted) duplicate records")
            if removed.transfersKeptDiffering > 0 {
                printError(
                    "warning: \(removed.transfersKeptDiffering) kept transfers differ in the import that still holds them; "
                        + "their stored values are the removed file's")
            }
            if !runs.isEmpty {
                printError(
                    "note: analysis run\(runs.count == 1 ? "" : "s") \(runs.map(String.init).joined(separator: ", ")) covered this import; "
                        + "run `hawala analyze` again for findings without it")
            }
        }
    }
}

struct Transfers: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List transfers: kind, time, brokers, parties, amount, local and received amounts, reporting amount.")
    @OptionGroup var global: GlobalOptions

    @Option(name: .customLong("import"), help: "Only the transfers first read from this import id.")
    var importID: Int64?

    @Option(name: .long, help: "List at most this many (default 100).")
    var limit: Int = 100

    @Option(name: .long, help: "Output format: text, csv or json.")
    var format: OutputFormat = .text

    func validate() throws {
        if limit < 1 { throw ValidationError("--limit must be at least 1") }
    }

    func run() throws {
        try mapErrors {
            let store = try global.openStore(mustExist: true)
            let transfers = try store.transfers(importID: importID, limit: limit)
            func money(_ m: Money?) -> String { m?.description ?? "" }
            switch format {
            case .json:
                struct Output: Encodable { var transfers: [Transfer] }
                print(String(decoding: try jsonData(Output(transfers: transfers)), as: UTF8.self))
            case .csv:
                print("id,kind,time,sender,receiver,originator,beneficiary,amount,currency,local_amount,local_currency,"
                    + "received_amount,received_currency,reporting_amount,reporting_currency,channel,reference")
                for t in transfers {
                    let fields = [
                        t.id, t.kind.rawValue, UTCTime.iso8601(t.timestamp), t.senderBroker, t.receiverBroker,
                        t.originator ?? "", t.beneficiary ?? "", t.amount.plainText, t.amount.currency.code,
                        t.localAmount?.plainText ?? "", t.localAmount?.currency.code ?? "",
                        t.receivedAmount?.plainText ?? "", t.receivedAmount?.currency.code ?? "",
                        t.reportingAmount?.plainText ?? "", t.reportingAmount?.currency.code ?? "", t.channel ?? "",
                        t.reference ?? "",
                    ]
                    print(fields.map(csvField).joined(separator: ","))
                }
            case .text:
                guard !transfers.isEmpty else {
                    print("no transfers")
                    return
                }
                for t in transfers {
                    var line = "\(t.id)  \(t.kind.rawValue)  \(UTCTime.iso8601(t.timestamp))  \(t.senderBroker) -> \(t.receiverBroker)"
                    line += "  \(money(t.amount))"
                    if let local = t.localAmount { line += " (local \(money(local)))" }
                    if let received = t.receivedAmount { line += " (received \(money(received)))" }
                    line += t.reportingAmount.map { "  = \(money($0))" } ?? "  no rate"
                    if t.originator != nil || t.beneficiary != nil {
                        line += "  \(t.originator ?? "?") => \(t.beneficiary ?? "?")"
                    }
                    print(line)
                }
            }
        }
    }
}
