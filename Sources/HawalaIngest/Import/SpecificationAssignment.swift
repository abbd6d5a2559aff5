/// Which import specification each file of `hawala ingest` is read with, from the order of
/// the command line: `hawala ingest --spec bank.yaml a.csv b.csv --spec goaml c.xml` reads
/// `a.csv` and `b.csv` with `bank.yaml` and `c.xml` with `goaml`.
///
/// Rules (docs/import-specifications.md, "Several files, several formats"):
/// - one `--spec` applies to every file, wherever it stands (the meaning it always had);
/// - with several, each applies to the files after it, up to the next `--spec`; files before
///   the first are detected from their content; `--spec auto` returns a run of files to
///   detection.
public enum SpecificationAssignment {
    /// The word that returns the files after it to detection.
    public static let detect = "auto"

    /// Pairs each file with the specification in force where it stands.
    /// - Parameters:
    ///   - arguments: the command's own arguments in order (after `ingest`).
    ///   - files: the positional files as parsed, in order.
    ///   - specs: the `--spec` values as parsed, in order.
    ///   - valueOptions: the long options that take a value (their values are not files).
    /// - Returns: one specification name or path per file (`nil`: detect), or `nil` when the
    ///   arguments cannot be matched to the parsed files.
    public static func assign(
        arguments: [String], files: [String], specs: [String], valueOptions: Set<String>
    ) -> [String?]? {
        if specs.count <= 1 {
            let only = specs.first.flatMap { $0.lowercased() == detect ? nil : $0 }
            return files.map { _ in only }
        }
        var result: [String?] = []
        var current: String?
        var index = 0
        var next = 0
        var optionsEnded = false
        while index < arguments.count {
            let token = arguments[index]
            index += 1
            if !optionsEnded && token == "--" {
                optionsEnded = true
                continue
            }
            if !optionsEnded && token.hasPrefix("--") {
                let name = String(token.dropFirst(2).prefix { $0 != "=" })
                let inlineValue = token.contains("=") ? String(token.drop { $0 != "=" }.dropFirst()) : nil
                if name == "spec" {
                    let value = inlineValue ?? (index < arguments.count ? arguments[index] : nil)
                    if inlineValue == nil { index += 1 }
                    current = value.flatMap { $0.lowercased() == detect ? nil : $0 }
                } else if valueOptions.contains(name) && inlineValue == nil {
                    index += 1
                }
                continue
            }
            if !optionsEnded && token.hasPrefix("-") && token.count > 1 { continue }
            guard next < files.count, token == files[next] else { return nil }
            result.append(current)
            next += 1
        }
        return next == files.count ? result : nil
    }
}
