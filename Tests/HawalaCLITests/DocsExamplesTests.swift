import ArgumentParser
import Foundation
import Testing

@testable import hawala

/// Every `hawala …` command shown in README.md and docs/*.md is parsed with the CLI's own
/// argument definitions (`Hawala.parseAsRoot`, which also runs each command's `validate()`),
/// so a renamed command, flag or value breaks the tests, not the user. Commands are found in
/// fenced code blocks (README's "A session", synopses) and in inline code spans; the list is
/// read from the docs, so commands added later are checked as soon as they are documented.
///
/// Synopsis notation: `[--opt X]` is included, `a|b|c` is tried with each alternative, `...`
/// is dropped, `> file` and `# comment` are cut, and the placeholders below are replaced by a
/// value of their kind. Fenced examples must parse completely; an inline span may be a
/// fragment (`hawala ingest --format json`), so for it only an unknown command, option or
/// value fails.
@Suite struct DocsExamplesTests {
    /// One documented command.
    struct Example: CustomStringConvertible {
        var file: String
        var line: Int
        var text: String
        var inline: Bool
        var description: String { "\(file):\(line): hawala \(text)" }
    }

    /// Values for the placeholders the docs use.
    static let placeholders: [String: String] = [
        "ID": "7", "N": "10", "S": "1", "D": "1", "P": "BRK-", "T": "cycle", "LIST": "cycle,fan_in",
        "FILE": "file.csv", "DIR": "out", "NAME": "canonical", "PATH": "file.csv", "CASE": "CASE-1", "K": "1", "M": "2", "STATUS": "dismissed",
    ]

    /// README.md and every docs/*.md page.
    static var pages: [URL] {
        let docs = CLIRunner.packageRoot.appendingPathComponent("docs")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: docs.path)) ?? []
        return [CLIRunner.packageRoot.appendingPathComponent("README.md")]
            + names.filter { $0.hasSuffix(".md") }.sorted().map { docs.appendingPathComponent($0) }
    }

    /// The `hawala …` commands of one page: fenced lines (joined over `\` continuations) and
    /// inline code spans.
    static func examples(in page: URL) throws -> [Example] {
        let name = page.lastPathComponent
        var found: [Example] = []
        var fenced = false
        var pending: (line: Int, text: String)?
        for (index, raw) in try String(contentsOf: page, encoding: .utf8).components(separatedBy: "\n").enumerated() {
            if raw.trimmingCharacters(in: .whitespaces).hasPrefix("```") {
                fenced.toggle()
                continue
            }
            if fenced {
                var text = raw
                var start = index + 1
                if let p = pending {
                    text = p.text + " " + raw.trimmingCharacters(in: .whitespaces)
                    start = p.line
                    pending = nil
                }
                if text.hasSuffix("\\") {
                    pending = (start, String(text.dropLast()))
                    continue
                }
                var body = text.trimmingCharacters(in: .whitespaces)
                if body.hasPrefix("$ ") { body.removeFirst(2) }
                // A command: `hawala` then a subcommand or option (not a diagram's `hawala (CLI) ──►`).
                for prefix in ["hawala ", ".build/debug/hawala ", ".build/release/hawala "]
                where body.hasPrefix(prefix) && body.dropFirst(prefix.count).first.map({ $0.isLetter || $0 == "-" || $0 == "_" }) == true {
                    found.append(Example(file: name, line: start, text: String(body.dropFirst(prefix.count)), inline: false))
                }
            } else {
                for span in raw.split(separator: "`", omittingEmptySubsequences: false).enumerated()
                where span.offset % 2 == 1 && span.element.hasPrefix("hawala ") {
                    found.append(Example(file: name, line: index + 1, text: String(span.element.dropFirst(7)), inline: true))
                }
            }
        }
        return found
    }

    /// The argument lists one example stands for: comments and redirections cut, optional
    /// brackets and `...` dropped, placeholders replaced, and each `a|b` token tried with every
    /// alternative (the others at their first).
    static func argumentLists(_ text: String) -> [[String]] {
        var body = text
        if let hash = body.range(of: " #") { body = String(body[..<hash.lowerBound]) }
        if let redirect = body.range(of: " > ") { body = String(body[..<redirect.lowerBound]) }
        var tokens: [[String]] = []
        var quoted: String?
        for word in body.split(separator: " ") {
            var token = String(word)
            if var open = quoted {
                open += " " + token
                if token.hasSuffix("\"") {
                    tokens.append([String(open.dropFirst().dropLast())])
                    quoted = nil
                } else {
                    quoted = open
                }
                continue
            }
            if token.hasPrefix("\"") {
                if token.count > 1 && token.hasSuffix("\"") { tokens.append([String(token.dropFirst().dropLast())]) } else { quoted = token }
                continue
            }
            token = token.replacingOccurrences(of: "[", with: "").replacingOccurrences(of: "]", with: "")
            if token == "..." || token.isEmpty { continue }
            let alternatives = token.split(separator: "|").map { placeholders[String($0)] ?? String($0) }
            if !alternatives.isEmpty { tokens.append(alternatives) }
        }
        guard !tokens.isEmpty else { return [] }
        var lists = [tokens.map { $0[0] }]
        for (i, alternatives) in tokens.enumerated() where alternatives.count > 1 {
            for alternative in alternatives.dropFirst() {
                var list = lists[0]
                list[i] = alternative
                lists.append(list)
            }
        }
        return lists
    }

    /// The parse error text for `arguments`, or `nil` when they parse and validate.
    static func parseError(_ arguments: [String]) -> String? {
        do {
            _ = try Hawala.parseAsRoot(arguments)
            return nil
        } catch {
            return Hawala.message(for: error)
        }
    }

    @Test func everyDocumentedCommandParses() throws {
        var checked = 0
        var sessionCommands = Set<String>()
        for page in Self.pages {
            for example in try Self.examples(in: page) {
                for arguments in Self.argumentLists(example.text) {
                    checked += 1
                    if example.file == "README.md" && !example.inline, let command = arguments.first { sessionCommands.insert(command) }
                    guard let message = Self.parseError(arguments) else { continue }
                    if example.inline {
                        let wrongName = ["Unknown option", "Unexpected argument", "is invalid for", "Missing value for"]
                            .contains { message.contains($0) }
                        #expect(!wrongName, "\(example) (as \(arguments)): \(message)")
                    } else {
                        Issue.record("\(example) (as \(arguments)): \(message)")
                    }
                }
            }
        }
        // README's "A session" alone has eleven commands; the docs add synopses and spans.
        #expect(sessionCommands.isSuperset(of: ["ingest", "rejects", "rates", "analyze", "findings", "brokers", "report", "graph", "pki", "export", "open"]))
        #expect(checked >= 60)
    }

    @Test func aRenamedFlagOrCommandIsCaught() {
        #expect(Self.parseError(["findings", "--typology", "cycle"]) == nil)
        #expect(Self.parseError(["findings", "--typologies", "cycle"])?.contains("Unknown option") == true)
        #expect(Self.parseError(["graph", "--format", "graphviz", "--out", "g"])?.contains("is invalid for") == true)
        #expect(Self.parseError(["ingests", "file.csv"]) != nil)
        #expect(Self.argumentLists("graph --format a|b [--run ID] [--finding ID ...] --out FILE|DIR # note") == [
            ["graph", "--format", "a", "--run", "7", "--finding", "7", "--out", "file.csv"],
            ["graph", "--format", "b", "--run", "7", "--finding", "7", "--out", "file.csv"],
            ["graph", "--format", "a", "--run", "7", "--finding", "7", "--out", "out"],
        ])
    }
}
