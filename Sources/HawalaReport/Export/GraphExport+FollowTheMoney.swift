import Foundation
import HawalaCore

extension GraphExport {
    /// FollowTheMoney (OCCRP Aleph) entities as JSON Lines, one entity per line, keys sorted:
    /// - each broker as a `Company` (`name`, `country`, `idNumber` = the broker's id,
    ///   `licenseNumber`, `notes` = risk score and reasons);
    /// - each originator and beneficiary as a `Person` (kind person) or `LegalEntity`
    ///   (entity or unknown), with `name`, `country`, `idNumber`;
    /// - each transfer as a `Payment` from the sending broker (`payer`) to the receiving broker
    ///   (`beneficiary`) with `amount`, `currency`, `amountUsd` (when the reporting amount is
    ///   in USD), `date` (UTC), `transactionNumber`, `purpose` (the source's reference),
    ///   `recordId` (source file and line), `summary` (typologies and findings) and
    ///   `description` naming the customers;
    /// - each broker's relation to a customer as a `Representation` (`agent` the broker,
    ///   `client` the customer, `role` originator or beneficiary, `date` of each transfer).
    ///
    /// Entity ids are deterministic: `<namespace>-<kind>-<hex>` where `<hex>` is the
    /// lower-case hex of the UTF-8 source id (kinds `broker`, `party`, `payment`, `repr`),
    /// so the same record gets the same id in every export and ids stay within FtM's id
    /// alphabet `[0-9a-zA-Z.-]`. Source ids over 64 bytes keep their first 32 bytes in hex
    /// followed by a 64-bit FNV-1a hash of the whole (Fowler, Noll, Vo, IETF
    /// draft-eastlake-fnv). Every value is a string in a list; empty values are left out.
    /// Source: FollowTheMoney schema, followthemoney.tech (Payment, Company, Person,
    /// LegalEntity, Representation).
    /// - Parameters:
    ///   - input: the graph's source.
    ///   - namespace: the id prefix, e.g. a case reference; letters, digits and `-` are kept,
    ///     the rest dropped (empty gives `hawala`).
    /// - Returns: the JSON Lines text (UTF-8, `\n` after each entity).
    public static func followTheMoney(_ input: ReportInput, namespace: String = "hawala") -> String {
        let graph = ExportGraph(input)
        let prefix = FtMEntity.namespace(namespace)
        var entities: [FtMEntity] = []
        for broker in graph.nodes {
            var entity = FtMEntity(id: FtMEntity.id(prefix, "broker", broker.id), schema: "Company")
            entity.set("name", broker.name ?? broker.id)
            entity.set("idNumber", broker.id)
            entity.set("country", broker.country?.lowercased())
            entity.set("licenseNumber", broker.licence)
            if let risk = graph.risk(broker.id) {
                entity.set("notes", "HawalaTrace risk score \(ExportGraph.number(risk.score))" + (risk.reasons.isEmpty ? "" : ": " + risk.reasons.joined(separator: "; ")))
            }
            entities.append(entity)
        }
        var partyIDs = Set<String>()
        for transfer in graph.edges {
            if let id = transfer.originator { partyIDs.insert(id) }
            if let id = transfer.beneficiary { partyIDs.insert(id) }
        }
        for id in partyIDs.sorted() {
            let party = graph.index.parties[id] ?? Party(id: id)
            var entity = FtMEntity(id: FtMEntity.id(prefix, "party", id), schema: party.kind == .person ? "Person" : "LegalEntity")
            entity.set("name", party.name ?? id)
            entity.set("idNumber", id)
            entity.set("country", party.country?.lowercased())
            entities.append(entity)
        }
        struct Agency: Hashable { var broker: String; var party: String; var role: String }
        var agencies: [Agency: [Transfer]] = [:]
        for transfer in graph.edges {
            var entity = FtMEntity(id: FtMEntity.id(prefix, "payment", transfer.id), schema: "Payment")
            entity.set("payer", FtMEntity.id(prefix, "broker", transfer.senderBroker))
            entity.set("beneficiary", FtMEntity.id(prefix, "broker", transfer.receiverBroker))
            entity.set("amount", transfer.amount.plainText)
            entity.set("currency", transfer.amount.currency.code)
            if graph.currency == .usd, let usd = graph.reportingAmount(transfer) {
                entity.set("amountUsd", String(format: "%.2f", usd))
            }
            entity.set("date", FtMEntity.date(transfer.timestamp))
            entity.set("transactionNumber", transfer.id)
            entity.set("purpose", transfer.reference)
            let sources = graph.source(transfer)
            entity.set("recordId", sources.isEmpty ? nil : sources)
            let findings = graph.findings(transfer)
            if !findings.isEmpty {
                entity.set("summary", "Typologies: \(graph.typologies(transfer).joined(separator: ", ")); findings: \(findings.joined(separator: ", "))")
            }
            var customers: [String] = []
            if let id = transfer.originator {
                customers.append("originator " + graph.index.partyName(id))
                agencies[Agency(broker: transfer.senderBroker, party: id, role: "originator"), default: []].append(transfer)
            }
            if let id = transfer.beneficiary {
                customers.append("beneficiary " + graph.index.partyName(id))
                agencies[Agency(broker: transfer.receiverBroker, party: id, role: "beneficiary"), default: []].append(transfer)
            }
            var description = "Hawala transfer from \(graph.index.brokerName(transfer.senderBroker)) to \(graph.index.brokerName(transfer.receiverBroker))"
            if !customers.isEmpty { description += " for " + customers.joined(separator: ", ") }
            if let channel = transfer.channel { description += " (channel: \(channel))" }
            entity.set("description", description)
            entities.append(entity)
        }
        for agency in agencies.keys.sorted(by: { ($0.broker, $0.party, $0.role) < ($1.broker, $1.party, $1.role) }) {
            let transfers = agencies[agency] ?? []
            var entity = FtMEntity(
                id: FtMEntity.id(prefix, "repr", agency.broker + "\u{1F}" + agency.party + "\u{1F}" + agency.role),
                schema: "Representation")
            entity.set("agent", FtMEntity.id(prefix, "broker", agency.broker))
            entity.set("client", FtMEntity.id(prefix, "party", agency.party))
            entity.set("role", agency.role)
            for date in Set(transfers.map { FtMEntity.date($0.timestamp) }).sorted() { entity.set("date", date) }
            entity.set("summary", "Broker for the \(agency.role) of transfers " + transfers.map(\.id).joined(separator: ", "))
            entities.append(entity)
        }
        return entities.map(\.jsonLine).joined()
    }
}

/// One FollowTheMoney entity: id, schema and string-list properties.
struct FtMEntity {
    var id: String
    var schema: String
    var properties: [String: [String]] = [:]

    /// Appends a value to a property; `nil` and empty values are left out.
    mutating func set(_ property: String, _ value: String?) {
        guard let value, !value.isEmpty else { return }
        properties[property, default: []].append(value)
    }

    /// `{"id":…,"properties":{…},"schema":…}` with sorted keys and a line feed.
    var jsonLine: String {
        let object: [String: Any] = ["id": id, "schema": schema, "properties": properties]
        guard let data = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])
        else { return "" }
        return String(decoding: data, as: UTF8.self) + "\n"
    }

    /// The namespace made safe for FtM ids (letters, digits, `-`; at most 40 characters).
    static func namespace(_ text: String) -> String {
        let kept = String(text.unicodeScalars.filter { $0.isASCII && (CharacterSet.alphanumerics.contains($0) || $0 == "-") }.map(Character.init))
        let trimmed = kept.trimmingCharacters(in: CharacterSet(charactersIn: "-"))
        return trimmed.isEmpty ? "hawala" : String(trimmed.prefix(40))
    }

    /// `<namespace>-<kind>-<hex of the UTF-8 source id>`, shortened with a hash past 64 bytes.
    static func id(_ namespace: String, _ kind: String, _ source: String) -> String {
        let bytes = Array(source.utf8)
        var hex = bytes.prefix(bytes.count > 64 ? 32 : 64).map(Markup.hex).joined()
        if bytes.count > 64 { hex += "-" + String(fnv1a64(bytes), radix: 16) }
        if hex.isEmpty { hex = "0" }
        return namespace + "-" + kind + "-" + hex
    }

    /// 64-bit FNV-1a (offset basis 14695981039346656037, prime 1099511628211).
    static func fnv1a64(_ bytes: [UInt8]) -> UInt64 {
        var hash: UInt64 = 14_695_981_039_346_656_037
        for byte in bytes {
            hash ^= UInt64(byte)
            hash = hash &* 1_099_511_628_211
        }
        return hash
    }

    /// An FtM date: ISO 8601 UTC to the second, without the zone letter (`2026-03-02T09:00:00`).
    static func date(_ date: Date) -> String { String(UTCTime.iso8601(date).dropLast()) }
}
