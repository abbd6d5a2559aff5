import Foundation
import HawalaCore

extension ReportInput {
    /// Narrows the input to some findings: keeps those findings (in the order given), the
    /// transfers behind them, and the brokers and parties those transfers name.
    /// - Parameter findingIDs: the findings to keep; empty keeps every finding but drops
    ///   transfers no finding references.
    /// - Returns: the narrowed input.
    /// - Throws: ``ReportError`` `.notFound` naming the first id that is not in ``findings``.
    public func restricted(toFindings findingIDs: [String]) throws -> ReportInput {
        var kept: [Finding] = []
        if findingIDs.isEmpty {
            kept = findings
        } else {
            let byID = Dictionary(findings.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
            var seen = Set<String>()
            for id in findingIDs where seen.insert(id).inserted {
                guard let finding = byID[id] else {
                    throw ReportError(.notFound, "finding \(id) is not in run \(run.id)")
                }
                kept.append(finding)
            }
        }
        let wanted = Set(kept.flatMap(\.transferIDs))
        let keptTransfers = transfers.filter { wanted.contains($0.id) }
        var brokerIDs = Set(kept.flatMap(\.brokers))
        var partyIDs = Set<String>()
        for transfer in keptTransfers {
            brokerIDs.insert(transfer.senderBroker)
            brokerIDs.insert(transfer.receiverBroker)
            if let originator = transfer.originator { partyIDs.insert(originator) }
            if let beneficiary = transfer.beneficiary { partyIDs.insert(beneficiary) }
        }
        var result = self
        result.findings = kept
        result.transfers = keptTransfers
        result.provenance = provenance.filter { wanted.contains($0.key) }
        result.brokers = brokers.filter { brokerIDs.contains($0.id) }
        result.parties = parties.filter { partyIDs.contains($0.id) }
        result.risks = risks.filter { brokerIDs.contains($0.brokerID) }
        return result
    }
}

/// Lookups over a ``ReportInput`` built once: brokers, parties and transfers by id, risk by
/// broker, the typologies each transfer takes part in.
struct InputIndex {
    let brokers: [String: Broker]
    let parties: [String: Party]
    let transfers: [String: Transfer]
    let risks: [String: BrokerRisk]
    /// Typologies of the findings each transfer is in, sorted, by transfer id.
    let typologies: [String: [Typology]]
    /// Finding ids each transfer is in, by transfer id.
    let findingIDs: [String: [String]]
    /// Brokers that have a section in the HTML report (links to others would point nowhere).
    var brokerSections: Set<String> = []

    init(_ input: ReportInput) {
        brokers = Dictionary(input.brokers.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        parties = Dictionary(input.parties.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        transfers = Dictionary(input.transfers.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        risks = Dictionary(input.risks.map { ($0.brokerID, $0) }, uniquingKeysWith: { first, _ in first })
        var typologies: [String: Set<Typology>] = [:]
        var findingIDs: [String: [String]] = [:]
        for finding in input.findings {
            for id in finding.transferIDs {
                typologies[id, default: []].insert(finding.typology)
                findingIDs[id, default: []].append(finding.id)
            }
        }
        self.typologies = typologies.mapValues { $0.sorted() }
        self.findingIDs = findingIDs
    }

    /// The broker with this id, or a bare one when the input lacks it.
    func broker(_ id: String) -> Broker { brokers[id] ?? Broker(id: id) }

    /// The broker's name, else its id.
    func brokerName(_ id: String) -> String { brokers[id]?.name ?? id }

    /// The party's name, else its id.
    func partyName(_ id: String) -> String { parties[id]?.name ?? id }

    /// The transfers of a finding that are in the input, in the finding's order.
    func transfers(of finding: Finding) -> [Transfer] { finding.transferIDs.compactMap { transfers[$0] } }

    /// The transfer's amount in the reporting currency: its reporting amount, else its own
    /// amount when that is already in the reporting currency, else `nil`.
    static func reportingMajorUnits(_ transfer: Transfer, _ currency: CurrencyCode) -> Double? {
        if let reporting = transfer.reportingAmount, reporting.currency == currency { return reporting.majorUnits }
        if transfer.amount.currency == currency { return transfer.amount.majorUnits }
        return nil
    }
}
