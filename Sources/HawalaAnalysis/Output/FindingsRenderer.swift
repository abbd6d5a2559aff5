import Foundation
import HawalaCore

/// Which findings `hawala findings` lists.
public struct FindingFilter: Sendable, Equatable {
    /// Only this typology, when set.
    public var typology: Typology?
    /// Only findings naming this broker, when set.
    public var broker: String?

    /// - Parameters:
    ///   - typology: only this typology.
    ///   - broker: only findings naming this broker id.
    public init(typology: Typology? = nil, broker: String? = nil) {
        self.typology = typology
        self.broker = broker
    }

    /// Whether `finding` passes.
    public func matches(_ finding: Finding) -> Bool {
        (typology == nil || finding.typology == typology) && (broker == nil || finding.brokers.contains(broker!))
    }

    /// The findings that pass, in their order.
    public func apply(_ findings: [Finding]) -> [Finding] { findings.filter(matches) }
}

/// Renders findings and broker rankings for the CLI: a readable text table, CSV (RFC 4180)
/// and JSON (``JSONCoding/encoder()``).
public enum FindingsRenderer {
    /// A text table: id, typology, score, amount, first time, and the sentence.
    /// - Parameter findings: the findings.
    /// - Returns: the table, one line per finding after a header, ending in a newline.
    public static func text(_ findings: [Finding]) -> String {
        let header = ["ID", "TYPOLOGY", "SCORE", "AMOUNT", "FIRST AT (UTC)", "EXPLANATION"]
        let rows = findings.map { f in
            [f.id, f.typology.rawValue, String(format: "%.2f", f.score), Money.readable(f.amount, f.currency),
             UTCTime.iso8601(f.firstAt), f.explanation]
        }
        return table(header: header, rows: rows, rightAligned: [2, 3])
    }

    /// CSV with a header line; brokers and transfer ids joined by `;`; times ISO 8601 UTC;
    /// fields quoted per RFC 4180 when they hold a comma, a quote or a line break; CRLF line ends.
    /// - Parameter findings: the findings.
    /// - Returns: the CSV text.
    public static func csv(_ findings: [Finding]) -> String {
        var lines = [
            "id,typology,score,brokers,transfer_ids,amount,currency,first_at,last_at,explanation"
        ]
        for f in findings {
            let fields = [
                f.id, f.typology.rawValue, String(format: "%.4f", f.score), f.brokers.joined(separator: ";"),
                f.transferIDs.joined(separator: ";"), String(format: "%.2f", f.amount), f.currency.code,
                UTCTime.iso8601(f.firstAt), UTCTime.iso8601(f.lastAt), f.explanation,
            ]
            lines.append(fields.map(csvField).joined(separator: ","))
        }
        return lines.joined(separator: "\r\n") + "\r\n"
    }

    /// `{"run": run, "findings": [...]}`, pretty printed with sorted keys.
    /// - Parameters:
    ///   - run: the run's record (`nil` prints `null`).
    ///   - findings: the findings.
    /// - Returns: the JSON text, ending in a newline.
    /// - Throws: an `EncodingError` if a value cannot be encoded (a non-finite amount).
    public static func json(run: AnalysisRunInfo?, findings: [Finding]) throws -> String {
        struct Document: Encodable {
            var run: AnalysisRunInfo?
            var findings: [Finding]
            func encode(to encoder: any Encoder) throws {
                var c = encoder.container(keyedBy: CodingKeys.self)
                try c.encode(run, forKey: .run)
                try c.encode(findings, forKey: .findings)
            }
            enum CodingKeys: String, CodingKey { case run, findings }
        }
        let data = try JSONCoding.encoder().encode(Document(run: run, findings: findings))
        return String(decoding: data, as: UTF8.self) + "\n"
    }

    /// The ranking of `hawala brokers` as a text table: rank, broker, score, findings, reasons.
    /// - Parameter ranking: from ``BrokerRisk/rank(findings:brokers:top:)``.
    /// - Returns: the table.
    public static func text(_ ranking: [BrokerRisk]) -> String {
        let header = ["RANK", "BROKER", "SCORE", "FINDINGS", "REASONS"]
        let rows = ranking.enumerated().map { i, r in
            [String(i + 1), r.name.map { "\(r.broker) (\($0))" } ?? r.broker, String(format: "%.3f", r.score),
             String(r.findingCount), r.reasons.joined(separator: "; ")]
        }
        return table(header: header, rows: rows, rightAligned: [0, 2, 3])
    }

    /// The ranking as JSON `{"brokers": [...]}`.
    /// - Throws: an `EncodingError` if a value cannot be encoded.
    public static func json(_ ranking: [BrokerRisk]) throws -> String {
        let data = try JSONCoding.encoder().encode(["brokers": ranking])
        return String(decoding: data, as: UTF8.self) + "\n"
    }

    /// One CSV field, quoted per RFC 4180 when needed.
    public static func csvField(_ text: String) -> String {
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// Columns padded to their widest cell; the last column is not padded.
    /// - Parameters:
    ///   - header: the column titles.
    ///   - rows: the cells, one array per row.
    ///   - rightAligned: the indexes of columns aligned right (numbers).
    /// - Returns: the table, one line per row after the header, ending in a newline.
    public static func table(header: [String], rows: [[String]], rightAligned: Set<Int>) -> String {
        let all = [header] + rows
        var widths = [Int](repeating: 0, count: header.count)
        for row in all { for (i, cell) in row.enumerated() { widths[i] = max(widths[i], cell.count) } }
        var out = ""
        for row in all {
            var cells: [String] = []
            for (i, cell) in row.enumerated() {
                let pad = String(repeating: " ", count: widths[i] - cell.count)
                if i == row.count - 1 { cells.append(cell) } else { cells.append(rightAligned.contains(i) ? pad + cell : cell + pad) }
            }
            out += cells.joined(separator: "  ") + "\n"
        }
        return out
    }
}
