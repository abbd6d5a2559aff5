import Foundation
import HawalaCore

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// Reads goAML XML reports (UNODC; schema 4.x and 5.0.x) into ``IngestRecord``s, one per
/// `<transaction>`, streaming: libxml2's SAX push parser (``GoAMLSAXParser``) runs on a background thread
/// and hands records over in batches through a bounded queue (about ``queueCapacity``
/// records), so memory stays bounded whatever the file's size. External entities are never
/// resolved. Dropping the reader stops its parsing thread.
///
/// Mapping (see docs/import-specifications.md, "goaml"):
/// - sides: bi-party `t_from`/`t_from_my_client` and `t_to`/`t_to_my_client`, or multi-party
///   `involved_parties/party` (the sender is the first party whose `role` reads like a sender —
///   from, orig, send, payer, remit, order — the receiver the first that reads like a receiver —
///   to, bene, receiv, payee; otherwise the first and second parties);
/// - broker per side: the side's account `institution_code`, else `swift`, else
///   `institution_name`; a `_my_client` side without one is the report's `rentity_id`;
///   a side with neither is rejected;
/// - amount: the `from_foreign_currency` (else `to_foreign_currency`) amount and code when
///   given, else `amount_local` in the report's `currency_code_local`;
/// - originator/beneficiary: the side's person (`id_number`, else `passport_number`, else the
///   name; named first + last), entity (`incorporation_number`, else the name), or the account's
///   holder (`t_entity`, `signatory/t_person`), else the account number;
/// - id: `transactionnumber`; time: `date_transaction` (local time at the specification's
///   `timezone_offset` unless it carries its own offset); channel: `transmode_code`;
///   reference: `internal_ref_number`, else `transaction_description`;
/// - location: `/report/transaction[N]` and the line where it starts.
/// Codes (`transmode_code`, `funds_code`, `role`, ...) are kept as text, never rejected.
public struct GoAMLReader: TransferReader {
    /// Records held between the parsing thread and the consumer.
    public static let queueCapacity = 256

    /// The file being read.
    public let path: String
    /// The specification in use (`goaml`, or a copy with another `timezone_offset`).
    public let specification: ImportSpecification
    /// The specification's name.
    public var specificationName: String { specification.name }

    private let handle: GoAMLHandle

    /// Starts reading a goAML file.
    /// - Parameters:
    ///   - path: the file.
    ///   - specification: a `goaml` specification (default: the built-in).
    /// - Throws: ``IngestError`` `.missingInput` when the file does not exist or cannot be read,
    ///   `.badSpecification` when the specification is not for goAML.
    public init(path: String, specification: ImportSpecification? = nil) throws(IngestError) {
        let spec = specification ?? BuiltinSpecifications.named("goaml") ?? ImportSpecification(name: "goaml", format: .goaml)
        guard spec.format == .goaml else {
            throw IngestError(.badSpecification, "specification '\(spec.name)' does not read goAML XML", location: SourceLocation(file: path))
        }
        try spec.validate()
        guard FileManager.default.isReadableFile(atPath: path) else {
            throw IngestError(.missingInput, "cannot open file", location: SourceLocation(file: path))
        }
        self.path = path
        self.specification = spec
        self.handle = GoAMLHandle(GoAMLPipe(path: path, specification: spec, capacity: Self.queueCapacity))
    }

    /// The next transaction.
    /// - Returns: a transfer or a rejected transaction, or `nil` at the end of the report.
    /// - Throws: ``IngestError`` `.malformed` (with the line) when the XML is not well formed
    ///   or truncated, or its root is not `report`; `.io` when it cannot be read.
    public mutating func next() throws(IngestError) -> IngestRecord? {
        try handle.pipe.take()
    }
}

/// Owned by the reader (and its copies) only: when the last copy goes, parsing stops.
final class GoAMLHandle {
    let pipe: GoAMLPipe
    init(_ pipe: GoAMLPipe) { self.pipe = pipe }
    deinit { pipe.cancel() }
}
