import Foundation
import HawalaCore

/// A file of an evidence package's payload, placed under the bag's `data/` folder.
public struct PayloadFile: Hashable, Sendable {
    /// The path relative to `data/`, `/`-separated, e.g. `findings.json` or `graphs/run.graphml`.
    public var name: String
    /// The file's bytes.
    public var data: Data

    /// - Parameters:
    ///   - name: the path relative to `data/` (no absolute path, `..`, `%`, CR or LF).
    ///   - data: the bytes.
    public init(name: String, data: Data) {
        self.name = name
        self.data = data
    }
}

/// A bag that passed every check, held in memory: its name and every file by path relative to
/// the bag's folder (`bagit.txt`, `data/findings.json`...).
public struct ValidatedBag: Sendable {
    /// The bag's folder name (the export id for our packages).
    public var name: String
    /// Every file, by path relative to the bag's folder.
    public var files: [String: Data]
    /// The payload's total bytes and file count (the Payload-Oxum).
    public var payloadBytes: Int
    /// The number of payload files.
    public var payloadFiles: Int
}

/// BagIt bags (RFC 8493): building one in memory and validating one strictly.
///
/// A bag is a folder `NAME/` with `bagit.txt` (version 1.0, UTF-8), `bag-info.txt`, the payload
/// under `data/`, `manifest-sha256.txt` (one `<sha256-hex>  data/<path>` line per payload file),
/// extra tag files (our `custody.json`), and `tagmanifest-sha256.txt` over every tag file.
public enum BagIt {
    /// Builds the bag's files as tar entries under `NAME/` (directories included), deterministic
    /// for the same input.
    /// - Parameters:
    ///   - name: the bag's folder name.
    ///   - payload: the payload files (under `data/`).
    ///   - info: `bag-info.txt` labels in order (Payload-Oxum is appended here).
    ///   - tagFiles: extra tag files by name (e.g. `custody.json`), placed beside `bagit.txt`.
    /// - Returns: tar entries for every directory and file of the bag.
    /// - Throws: ``ExportError`` `.invalidRequest` for an unsafe or duplicate payload name, or a
    ///   label containing a line break.
    public static func build(
        name: String, payload: [PayloadFile], info: [(String, String)], tagFiles: [(String, Data)]
    ) throws -> [TarEntry] {
        try TarArchive.checkPath(name, code: .invalidRequest)
        guard !name.contains("/") else { throw ExportError(.invalidRequest, "bag name '\(name)' contains '/'") }
        var files: [String: Data] = [:]
        var directories: Set<String> = ["data"]
        var oxumBytes = 0
        for file in payload {
            try TarArchive.checkPath(file.name, code: .invalidRequest)
            guard !file.name.contains("%"), !file.name.contains("\n"), !file.name.contains("\r") else {
                throw ExportError(.invalidRequest, "payload name '\(file.name)' contains '%' or a line break")
            }
            let path = "data/" + file.name
            guard files[path] == nil else { throw ExportError(.invalidRequest, "duplicate payload file '\(file.name)'") }
            files[path] = file.data
            oxumBytes += file.data.count
            var parent = (path as NSString).deletingLastPathComponent
            while parent != "data", !parent.isEmpty {
                directories.insert(parent)
                parent = (parent as NSString).deletingLastPathComponent
            }
        }
        files["bagit.txt"] = Data("BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n".utf8)
        var infoText = ""
        for (label, value) in info + [("Payload-Oxum", "\(oxumBytes).\(payload.count)")] {
            guard !label.contains(where: \.isNewline), !value.contains(where: \.isNewline), !label.contains(":") else {
                throw ExportError(.invalidRequest, "bag-info label '\(label)' or its value contains a line break or ':'")
            }
            infoText += "\(label): \(value)\n"
        }
        files["bag-info.txt"] = Data(infoText.utf8)
        for (tagName, data) in tagFiles {
            try TarArchive.checkPath(tagName, code: .invalidRequest)
            guard !tagName.hasPrefix("data/"), files[tagName] == nil else {
                throw ExportError(.invalidRequest, "tag file name '\(tagName)' clashes with the bag's own files")
            }
            files[tagName] = data
        }
        files["manifest-sha256.txt"] = manifest(files.filter { $0.key.hasPrefix("data/") })
        files["tagmanifest-sha256.txt"] = manifest(files.filter { !$0.key.hasPrefix("data/") })
        var entries = [TarEntry(path: name, kind: .directory)]
        entries += directories.map { TarEntry(path: "\(name)/\($0)", kind: .directory) }
        entries += files.map { TarEntry(path: "\(name)/\($0.key)", kind: .file, data: $0.value) }
        return entries
    }

    /// `<sha256-hex>  <path>` lines sorted by path.
    static func manifest(_ files: [String: Data]) -> Data {
        let lines = files.sorted { $0.key < $1.key }.map { "\(Digest.hex(Digest.sha256($0.value)))  \($0.key)\n" }
        return Data(lines.joined().utf8)
    }

    /// Validates a bag from the entries of its tar archive, in memory (RFC 8493 §3): one
    /// top-level folder; `bagit.txt` well formed; every manifest (`manifest-ALG.txt`) lists every
    /// payload file once, with a matching checksum, and nothing else; every tag manifest lists
    /// every other tag file with a matching checksum; the Payload-Oxum, when given, matches.
    /// - Parameter entries: the tar entries (already checked for unsafe paths by ``TarArchive``).
    /// - Returns: the bag.
    /// - Throws: ``ExportError`` `.checksumMismatch` naming the file and what does not match.
    public static func validate(_ entries: [TarEntry]) throws -> ValidatedBag {
        func fail(_ message: String, _ file: String? = nil) -> ExportError {
            ExportError(.checksumMismatch, message, location: file.map { SourceLocation(file: $0) })
        }
        let roots = Set(entries.map { String($0.path.split(separator: "/")[0]) })
        guard roots.count == 1, let name = roots.first else {
            throw fail("the archive must hold exactly one top-level bag folder, found \(roots.sorted())")
        }
        var files: [String: Data] = [:]
        for entry in entries {
            guard entry.path != name else {
                if entry.kind != .directory { throw fail("'\(name)' must be a folder") }
                continue
            }
            if entry.kind == .file { files[String(entry.path.dropFirst(name.count + 1))] = entry.data }
        }
        guard let bagit = files["bagit.txt"] else { throw fail("no bagit.txt", "\(name)/bagit.txt") }
        let declaration = try labels(bagit, file: "\(name)/bagit.txt")
        guard declaration.first(where: { $0.0 == "BagIt-Version" }) != nil,
            declaration.first(where: { $0.0 == "Tag-File-Character-Encoding" })?.1.uppercased() == "UTF-8"
        else { throw fail("bagit.txt lacks BagIt-Version or a UTF-8 Tag-File-Character-Encoding", "\(name)/bagit.txt") }

        let payload = files.filter { $0.key.hasPrefix("data/") }
        let manifests = files.keys.filter { $0.hasPrefix("manifest-") && $0.hasSuffix(".txt") }.sorted()
        guard !manifests.isEmpty else { throw fail("no payload manifest", "\(name)/manifest-sha256.txt") }
        for manifestName in manifests {
            let listed = try checkManifest(manifestName, files: files, bag: name)
            for path in listed where !path.hasPrefix("data/") {
                throw fail("'\(path)' is not a payload file", "\(name)/\(manifestName)")
            }
            for path in payload.keys where !listed.contains(path) {
                throw fail("payload file '\(path)' is not in \(manifestName)", "\(name)/\(path)")
            }
        }
        let tagManifests = files.keys.filter { $0.hasPrefix("tagmanifest-") && $0.hasSuffix(".txt") }.sorted()
        for manifestName in tagManifests {
            let listed = try checkManifest(manifestName, files: files, bag: name)
            for path in files.keys where !path.hasPrefix("data/") && !path.hasPrefix("tagmanifest-") && !listed.contains(path) {
                throw fail("tag file '\(path)' is not in \(manifestName)", "\(name)/\(path)")
            }
        }
        let bytes = payload.values.reduce(0) { $0 + $1.count }
        if let info = files["bag-info.txt"],
            let oxum = try labels(info, file: "\(name)/bag-info.txt").first(where: { $0.0 == "Payload-Oxum" })?.1
        {
            guard oxum == "\(bytes).\(payload.count)" else {
                throw fail("Payload-Oxum \(oxum) does not match the payload (\(bytes).\(payload.count))", "\(name)/bag-info.txt")
            }
        }
        return ValidatedBag(name: name, files: files, payloadBytes: bytes, payloadFiles: payload.count)
    }

    /// Checks one manifest's lines against the files; returns the paths it lists.
    static func checkManifest(_ manifestName: String, files: [String: Data], bag: String) throws -> Set<String> {
        let location = "\(bag)/\(manifestName)"
        let algorithm = String(manifestName.split(separator: "-", maxSplits: 1)[1].dropLast(4))
        guard let text = String(data: files[manifestName] ?? Data(), encoding: .utf8) else {
            throw ExportError(.checksumMismatch, "\(manifestName) is not UTF-8", location: SourceLocation(file: location))
        }
        var listed = Set<String>()
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: true).enumerated() {
            let here = SourceLocation(file: location, line: index + 1)
            let trimmed = line.hasSuffix("\r") ? line.dropLast() : line
            guard let space = trimmed.firstIndex(where: { $0 == " " || $0 == "\t" }) else {
                throw ExportError(.checksumMismatch, "malformed manifest line", location: here)
            }
            let expected = trimmed[..<space].lowercased()
            let path = String(trimmed[space...].drop(while: { $0 == " " || $0 == "\t" }))
                .replacingOccurrences(of: "%0A", with: "\n").replacingOccurrences(of: "%0D", with: "\r")
                .replacingOccurrences(of: "%25", with: "%")
            guard !path.isEmpty, listed.insert(path).inserted else {
                throw ExportError(.checksumMismatch, "empty or repeated path '\(path)'", location: here)
            }
            guard let data = files[path] else {
                throw ExportError(.checksumMismatch, "'\(path)' is listed but missing from the bag", location: here)
            }
            let actual = Digest.hex(try Digest.digest(algorithm.uppercased(), data))
            guard actual == expected else {
                throw ExportError(
                    .checksumMismatch, "checksum mismatch for '\(path)': manifest \(expected), file \(actual)",
                    location: SourceLocation(file: "\(bag)/\(path)"))
            }
        }
        return listed
    }

    /// `Label: value` lines (continuation lines starting with whitespace are joined).
    static func labels(_ data: Data, file: String) throws -> [(String, String)] {
        guard let text = String(data: data, encoding: .utf8) else {
            throw ExportError(.checksumMismatch, "not UTF-8", location: SourceLocation(file: file))
        }
        var result: [(String, String)] = []
        for (index, line) in text.split(whereSeparator: \.isNewline).enumerated() {
            if let first = line.first, first == " " || first == "\t", !result.isEmpty {
                result[result.count - 1].1 += " " + line.trimmingCharacters(in: .whitespaces)
                continue
            }
            guard let colon = line.firstIndex(of: ":") else {
                throw ExportError(.checksumMismatch, "line without 'Label: value'", location: SourceLocation(file: file, line: index + 1))
            }
            result.append((
                line[..<colon].trimmingCharacters(in: .whitespaces),
                line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            ))
        }
        return result
    }
}
