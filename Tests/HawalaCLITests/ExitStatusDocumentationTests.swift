import Foundation
import HawalaAnalysis
import HawalaCore
import HawalaExport
import HawalaIngest
import HawalaInvestigation
import HawalaMatching
import HawalaReport
import HawalaSimulation
import HawalaStore
import Testing

@testable import hawala

/// docs/exit-status.md against the code: every error code of every area under the status its
/// `exitStatus` maps it to, every ``HawalaCore.ExitStatus`` once, and README and `ingest --help` naming
/// the statuses that command can end with.
@Suite struct ExitStatusDocumentationTests {
    static let page = CLIRunner.packageRoot.appendingPathComponent("docs/exit-status.md")

    /// Every code of every area as `Area.code`, with its status.
    static var codeMapping: [String: Int32] {
        var mapping: [String: Int32] = [:]
        func add<C: ErrorCode & CaseIterable>(_ area: String, _ type: C.Type) {
            for code in C.allCases { mapping["\(area).\(code)"] = code.exitStatus.rawValue }
        }
        add("IngestError", IngestErrorCode.self)
        add("StoreError", StoreErrorCode.self)
        add("AnalysisError", AnalysisErrorCode.self)
        add("ReportError", ReportErrorCode.self)
        add("SimulationError", SimulationErrorCode.self)
        add("CommandError", CommandErrorCode.self)
        add("InvestigationError", InvestigationErrorCode.self)
        add("MatchingError", MatchingErrorCode.self)
        for code in ExportError.Code.allCases { mapping["ExportError.\(code)"] = code.exitStatus.rawValue }
        return mapping
    }

    /// The table's rows: status → the backquoted `Area.code` names in its last cell.
    static func documentedRows() throws -> [(status: Int32, codes: [String])] {
        let text = try String(contentsOf: page, encoding: .utf8)
        return text.split(separator: "\n").compactMap { line -> (Int32, [String])? in
            let cells = line.split(separator: "|", omittingEmptySubsequences: false).map {
                $0.trimmingCharacters(in: .whitespaces)
            }
            guard cells.count >= 5, let status = Int32(cells[1]) else { return nil }
            let codes = cells[3].split(separator: "`", omittingEmptySubsequences: false).enumerated().filter { $0.offset % 2 == 1 }.map { String($0.element) }
            return (status, codes)
        }
    }

    @Test func tableListsEveryCodeUnderItsStatus() throws {
        let rows = try Self.documentedRows()
        // Every HawalaCore.ExitStatus once, in the table.
        #expect(rows.map(\.status).sorted() == HawalaCore.ExitStatus.allCases.map(\.rawValue).sorted())
        var documented: [String: Int32] = [:]
        for row in rows { for code in row.codes { documented[code] = row.status } }
        let mapping = Self.codeMapping
        let generated = HawalaCore.ExitStatus.allCases.sorted { $0.rawValue < $1.rawValue }.map { status in
            "| \(status.rawValue) | … | "
                + mapping.filter { $0.value == status.rawValue }.keys.sorted().map { "`\($0)`" }.joined(separator: " ") + " |"
        }.joined(separator: "\n")
        #expect(documented == mapping, "docs/exit-status.md differs from the code; the code has:\n\(generated)")
        #expect(mapping.count >= 38)
    }

    @Test func readmeNamesEveryStatusAndLinksTheTable() throws {
        let readme = try String(contentsOf: CLIRunner.packageRoot.appendingPathComponent("README.md"), encoding: .utf8)
        #expect(readme.contains("(docs/exit-status.md)"))
        let start = try #require(readme.range(of: "Exit statuses"))
        let paragraph = readme[start.lowerBound...].prefix(800).split(whereSeparator: \.isWhitespace).joined(separator: " ")
        for status in HawalaCore.ExitStatus.allCases where status.rawValue < 10 || status.rawValue > 13 {
            #expect(paragraph.contains(" \(status.rawValue) "), "README's exit list lacks \(status.rawValue)")
        }
        #expect(paragraph.contains("10–13"))
    }

    @Test func ingestHelpNamesItsStatuses() throws {
        let help = try CLIRunner().run(["ingest", "--help"])
        #expect(help.status == 0)
        let text = help.stdout.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        // The statuses an ingest error can map to, and 0.
        let statuses = Set([IngestErrorCode.allCases.map(\.exitStatus), StoreErrorCode.allCases.map(\.exitStatus)].joined())
            .union([.success])
        for status in statuses.sorted(by: { $0.rawValue < $1.rawValue }) {
            #expect(text.contains("\(status.rawValue) "), "ingest --help lacks exit status \(status.rawValue)")
        }
        #expect(text.contains("docs/exit-status.md"))
    }
}
