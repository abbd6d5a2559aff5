import Foundation
import HawalaCore

/// Turns one `<transaction>` into an ``IngestRecord``.
enum GoAMLMapping {
    private struct Side {
        var broker: Broker?
        var party: Party?
        var foreignAmount: String?
        var foreignCurrency: String?
        var element: String
    }

    static func record(
        _ tx: XMLNode, index: Int, line: Int, header: [String: String], path: String,
        specification: ImportSpecification, offset: Int64
    ) -> IngestRecord {
        let element = "/report/transaction[\(index)]"
        func reject(_ field: String, _ reason: String) -> IngestRecord {
            .rejected(
                RejectedRow(
                    location: SourceLocation(file: path, line: line, element: element, field: field), reason: reason,
                    raw: tx.xml()))
        }
        guard let id = tx.value("transactionnumber") else {
            return reject("transactionnumber", "missing transactionnumber; expected the transaction's number")
        }
        guard let dateText = tx.value("date_transaction") else {
            return reject("date_transaction", "missing date_transaction; expected an xs:dateTime such as 2026-05-24T14:30:00")
        }
        let seconds: Int64
        switch Array(dateText.utf8).withUnsafeBufferPointer({ ISO8601Bytes.read($0, defaultOffset: offset) }) {
        case .seconds(let s): seconds = s
        case .malformed:
            return reject("date_transaction", "date_transaction '\(dateText)' is not an xs:dateTime such as 2026-05-24T14:30:00")
        case .impossible:
            return reject("date_transaction", "date_transaction '\(dateText)' is an impossible date or time")
        }

        let from: Side
        let to: Side
        if let parties = tx.child("involved_parties")?.children(named: "party"), !parties.isEmpty {
            guard parties.count >= 2 else {
                return reject("involved_parties", "expected at least two parties (a sender and a receiver), found \(parties.count)")
            }
            let senderWords = ["from", "orig", "send", "payer", "remit", "order"]
            let receiverWords = ["to", "bene", "receiv", "payee"]
            func role(_ p: XMLNode) -> String { p.value("role")?.lowercased() ?? "" }
            var fromIndex = parties.firstIndex { p in senderWords.contains { role(p).contains($0) } }
            var toIndex = parties.firstIndex { p in
                let r = role(p)
                return receiverWords.contains { r.hasPrefix($0) || (r.contains($0) && $0 != "to") }
            }
            if fromIndex == nil || toIndex == nil || fromIndex == toIndex {
                fromIndex = 0
                toIndex = 1
            }
            from = multiPartySide(parties[fromIndex ?? 0], number: (fromIndex ?? 0) + 1, header: header)
            to = multiPartySide(parties[toIndex ?? 1], number: (toIndex ?? 1) + 1, header: header)
        } else {
            let fromMine = tx.child("t_from_my_client")
            let toMine = tx.child("t_to_my_client")
            guard let fromNode = fromMine ?? tx.child("t_from") else {
                return reject("t_from", "missing t_from or t_from_my_client (or involved_parties); expected the sending side")
            }
            guard let toNode = toMine ?? tx.child("t_to") else {
                return reject("t_to", "missing t_to or t_to_my_client (or involved_parties); expected the receiving side")
            }
            from = biPartySide(fromNode, prefix: "from", myClient: fromMine != nil, header: header)
            to = biPartySide(toNode, prefix: "to", myClient: toMine != nil, header: header)
        }
        guard let sender = from.broker else {
            return reject(
                from.element,
                "the sending side names no account institution (institution_code, swift, institution_name) and is not the reporting entity's client, so its broker is unknown")
        }
        guard let receiver = to.broker else {
            return reject(
                to.element,
                "the receiving side names no account institution (institution_code, swift, institution_name) and is not the reporting entity's client, so its broker is unknown")
        }

        // Amount.
        let amountText: String
        let currencyText: String
        let amountField: String
        if let a = from.foreignAmount, let c = from.foreignCurrency {
            (amountText, currencyText, amountField) = (a, c, "from_foreign_currency")
        } else if let a = to.foreignAmount, let c = to.foreignCurrency {
            (amountText, currencyText, amountField) = (a, c, "to_foreign_currency")
        } else {
            guard let a = tx.value("amount_local") else {
                return reject("amount_local", "missing amount_local; expected a decimal amount")
            }
            guard let c = header["currency_code_local"] else {
                return reject("currency_code_local", "the report has no currency_code_local for amount_local")
            }
            (amountText, currencyText, amountField) = (a, c, "amount_local")
        }
        guard let currency = CurrencyCode(currencyText) else {
            return reject(amountField, "currency '\(currencyText)' is not an ISO 4217 code")
        }
        let parsed = Array(amountText.utf8).withUnsafeBufferPointer {
            DecimalAmount.parse($0, minorDigits: currency.minorUnitDigits, decimalSeparator: UInt8(ascii: "."), thousandsSeparator: nil)
        }
        let minorUnits: Int64
        switch parsed {
        case .value(let v): minorUnits = v
        case .negative: return reject(amountField, "amount '\(amountText)' is negative; expected 0 or more")
        case .notFinite: return reject(amountField, "amount '\(amountText)' is not a finite number")
        case .tooLarge: return reject(amountField, "amount '\(amountText)' is too large")
        case .invalid: return reject(amountField, "amount '\(amountText)' is not a decimal number such as 1234.50")
        }
        if sender.id == receiver.id && !specification.allowSelfTransfer {
            return reject(
                to.element,
                "sender and receiver are the same broker '\(sender.id)'; expected two different brokers (set allow_self_transfer: true to accept)")
        }

        let transfer = Transfer(
            id: id, timestamp: Date(timeIntervalSince1970: TimeInterval(seconds)), senderBroker: sender.id,
            receiverBroker: receiver.id, originator: from.party?.id, beneficiary: to.party?.id,
            amount: Money(minorUnits: minorUnits, currency: currency), channel: tx.value("transmode_code"),
            reference: tx.value("internal_ref_number") ?? tx.value("transaction_description"))
        var brokers = [sender]
        if receiver.id != sender.id { brokers.append(receiver) }
        var parties: [Party] = []
        if let p = from.party { parties.append(p) }
        if let p = to.party, p.id != from.party?.id { parties.append(p) }
        return .transfer(
            TransferRow(
                transfer: transfer, brokers: brokers, parties: parties,
                location: SourceLocation(file: path, line: line, element: element)))
    }

    private static func biPartySide(_ node: XMLNode, prefix: String, myClient: Bool, header: [String: String]) -> Side {
        let country = node.value("\(prefix)_country")
        let account = node.child("\(prefix)_account")
        let party =
            node.child("\(prefix)_person").map { person($0, country: country) }
            ?? node.child("\(prefix)_entity").map { entity($0, country: country) }
            ?? account.flatMap { holder($0, country: country) }
        let foreign = node.child("\(prefix)_foreign_currency")
        return Side(
            broker: broker(account: account, myClient: myClient, header: header), party: party,
            foreignAmount: foreign?.value("foreign_amount"), foreignCurrency: foreign?.value("foreign_currency_code"),
            element: node.name)
    }

    private static func multiPartySide(_ node: XMLNode, number: Int, header: [String: String]) -> Side {
        let country = node.value("country")
        let mine = ["account_my_client", "person_my_client", "entity_my_client"].contains { node.child($0) != nil }
        let account = node.child("account") ?? node.child("account_my_client")
        let party =
            (node.child("person") ?? node.child("person_my_client")).map { person($0, country: country) }
            ?? (node.child("entity") ?? node.child("entity_my_client")).map { entity($0, country: country) }
            ?? account.flatMap { holder($0, country: country) }
        let foreign = node.child("foreign_currency")
        return Side(
            broker: broker(account: account, myClient: mine, header: header), party: party,
            foreignAmount: foreign?.value("foreign_amount"), foreignCurrency: foreign?.value("foreign_currency_code"),
            element: "involved_parties/party[\(number)]")
    }

    private static func broker(account: XMLNode?, myClient: Bool, header: [String: String]) -> Broker? {
        if let account, let id = account.value("institution_code") ?? account.value("swift") ?? account.value("institution_name") {
            return Broker(id: id, name: account.value("institution_name"))
        }
        if myClient, let rentity = header["rentity_id"] {
            return Broker(id: rentity, name: header["rentity_branch"])
        }
        return nil
    }

    private static func person(_ node: XMLNode, country: String?) -> Party {
        let name = [node.value("first_name"), node.value("last_name")].compactMap { $0 }.joined(separator: " ")
        let id = node.value("id_number") ?? node.value("passport_number") ?? node.value("ssn") ?? name
        return Party(
            id: id.isEmpty ? "person" : id, name: name.isEmpty ? nil : name, kind: .person,
            country: node.value("nationality1") ?? node.value("residence") ?? country)
    }

    private static func entity(_ node: XMLNode, country: String?) -> Party {
        let name = node.value("name")
        let id = node.value("incorporation_number") ?? name ?? "entity"
        return Party(id: id, name: name, kind: .entity, country: node.value("incorporation_country_code") ?? country)
    }

    private static func holder(_ account: XMLNode, country: String?) -> Party? {
        if let e = account.child("t_entity") { return entity(e, country: country) }
        if let p = account.child("signatory")?.child("t_person") { return person(p, country: country) }
        if let number = account.value("account") ?? account.value("iban") {
            return Party(id: number, kind: .unknown, country: country)
        }
        return nil
    }
}
