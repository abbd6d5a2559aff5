import Foundation
import HawalaCore
import HawalaExport
import HawalaStore

extension Store {
    /// Every broker and party of the database as identities to match: brokers first (with
    /// their aliases), then parties (with birth dates and the documents or accounts their ids
    /// were made from), each ordered by id.
    /// - Parameter roles: which roles to include (default both).
    /// - Returns: the identities.
    /// - Throws: ``StoreError`` `.io` when the query fails.
    public func matchIdentities(roles: Set<Identity.Role> = Set(Identity.Role.allCases)) throws -> [Identity] {
        var identities: [Identity] = []
        if roles.contains(.broker) {
            let aliases = Dictionary(grouping: try brokerAliases(), by: \.broker)
            identities += try brokers().map { Identity(broker: $0, aliases: aliases[$0.id] ?? []) }
        }
        if roles.contains(.party) { identities += try parties().map(Identity.init(party:)) }
        return identities
    }
}

/// The keyed-filter use cases over a database: make a filter of our brokers and parties, and
/// check a partner's filter against them; optionally sealed as an evidence package.
public enum FilterExchange {
    /// The protocol name in custody records.
    public static let protocolName = "hmac-filter"

    /// Seals a filter to a partner as an evidence package (`data/match-filter.json`).
    /// - Parameters:
    ///   - filter: the filter.
    ///   - credentials: our signing identity.
    ///   - partner: the partner's certificate.
    ///   - exchangeID: the exchange id (default: a new one).
    ///   - time: the time written into the custody record.
    /// - Returns: the package.
    /// - Throws: ``ExportError`` when sealing fails; ``MatchingError`` `.io` when encoding fails.
    public static func seal(
        _ filter: KeyedFilter, credentials: MatchCredentials, partner: Certificate,
        exchangeID: String = PSIExchange.newExchangeID(), time: Date = Date()
    ) throws -> BuiltPackage {
        let exchange = CustodyRecord.MatchExchange(
            protocolName: protocolName, message: "filter", exchangeID: exchangeID, requesterKeys: filter.count, responderKeys: nil)
        return try MatchEnvelope.seal(
            [PayloadFile(name: "match-filter.json", data: try filter.json())], id: "\(exchangeID)-filter", exchange: exchange,
            credentials: credentials, recipient: partner, time: time)
    }

    /// Reads a filter file: plain JSON, or an evidence package when `credentials` are given.
    /// - Parameters:
    ///   - data: the file's bytes.
    ///   - file: its name.
    ///   - credentials: our decryption certificate, key and trusted CAs, for a sealed filter.
    ///   - expectedSHA256: the `.sha256` sidecar digest, if at hand.
    /// - Returns: the filter and, for a sealed one, its verified signer.
    /// - Throws: ``ExportError`` (10–13) for a refused package; ``MatchingError``
    ///   `.malformedMessage`, or `.invalidRequest` for a sealed filter without credentials.
    public static func read(
        _ data: Data, file: String, credentials: MatchCredentials?, expectedSHA256: String? = nil
    ) throws -> (filter: KeyedFilter, signer: String?) {
        if data.first == UInt8(ascii: "{") { return (try KeyedFilter.parse(data, file: file), nil) }
        guard let credentials else {
            throw MatchingError(.invalidRequest, "this filter is a sealed package: give --cert, --key and --trust to open it",
                                location: SourceLocation(file: file))
        }
        let (opened, _) = try MatchEnvelope.open(data, credentials: credentials, message: "filter", file: file, expectedSHA256: expectedSHA256)
        let filter = try KeyedFilter.parse(try MatchEnvelope.file(opened, "match-filter.json", in: file), file: file)
        return (filter, opened.signerSubjects.joined(separator: "; "))
    }
}

extension Store {
    /// Records brokers and parties as one import (`source`), for databases made without a file
    /// (a simulated agency's view): one transaction, skipped when `source` was recorded before.
    /// - Parameters:
    ///   - brokers: the brokers.
    ///   - parties: the parties.
    ///   - source: a name for the import record (its SHA-256 is that of the name).
    /// - Throws: ``StoreError`` when SQLite fails.
    public func recordIdentities(brokers: [Broker], parties: [Party], source: String) throws {
        let digest = KeyedHash.sha256Hex(Array(source.utf8))
        try importFile(ImportFile(path: source, sha256: digest, size: 0, specification: "identities")) { session in
            for broker in brokers { try session.record(broker: broker) }
            for party in parties { try session.record(party: party) }
        }
    }
}
