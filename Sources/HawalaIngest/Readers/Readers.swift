import Foundation
import HawalaCore

/// Opens the right ``TransferReader`` for a file: the entry point of the importer and the CLI.
public enum Readers {
    /// Opens a reader for a file.
    /// - Parameters:
    ///   - path: the file.
    ///   - specification: the import specification; `nil` detects it from the file
    ///     (``FormatDetector``: XML root `report` → `goaml`, a known CSV header → its built-in).
    ///   - fileSHA256: the file's SHA-256 in lower-case hex when the caller has it (the
    ///     importer does); used for generated transfer ids, computed on demand otherwise.
    /// - Returns: a CSV or goAML reader.
    /// - Throws: ``IngestError`` `.missingInput` when the file does not exist or cannot be read,
    ///   `.undetectedFormat` when no specification was given and none is recognised
    ///   ("name one with --spec"), `.badSpecification` when the specification is invalid.
    public static func open(
        path: String, specification: ImportSpecification? = nil, fileSHA256: String? = nil
    ) throws(IngestError) -> any TransferReader {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw IngestError(.missingInput, "no such file", location: SourceLocation(file: path))
        }
        guard !isDirectory.boolValue else {
            throw IngestError(.missingInput, "is a directory, expected a file", location: SourceLocation(file: path))
        }
        let spec: ImportSpecification
        if let specification {
            spec = specification
        } else {
            let detected = try FormatDetector.detect(path: path)
            if detected == BrokerRegisterReader.specificationName { return try BrokerRegisterReader(path: path) }
            guard let name = detected, let builtin = BuiltinSpecifications.named(name) else {
                throw IngestError(
                    .undetectedFormat,
                    "cannot tell the file's format from its content; name an import specification with --spec "
                        + "(built-ins: \(BuiltinSpecifications.all.map(\.name).joined(separator: ", ")), "
                        + "\(BrokerRegisterReader.specificationName) for a broker register, or a JSON/YAML file)",
                    location: SourceLocation(file: path))
            }
            spec = builtin
        }
        switch spec.format {
        case .csv: return try CSVTransferReader(path: path, specification: spec, fileSHA256: fileSHA256)
        case .goaml: return try GoAMLReader(path: path, specification: spec)
        }
    }
}
