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
        /// Whether the side names an account (else the customer paid or took cash).
        var hasAccount = false
        /// Other identifiers of ``broker`` that this side gives.
        var aliases: [BrokerAlias] = []
    }

    /// Where a party's key comes from when it has no usable identifier: its report and
    /// transaction (`<report>/<transactionnumber>/<side>`), so it is never merged with another.
    private struct Scope {
        var report: String
        var transaction: String
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

        let report = header["entity_reference"] ?? [header["rentity_id"], header["submission_date"]].compactMap { $0 }.joined(separator: "@")
        let scope = Scope(report: report.isEmpty ? "report" : report, transaction: id)
        var from: Side
        var to: Side
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
            from = multiPartySide(parties[fromIndex ?? 0], number: (fromIndex ?? 0) + 1, header: header, scope: scope, side: "from")
            to = multiPartySide(parties[toIndex ?? 1], number: (toIndex ?? 1) + 1, header: header, scope: scope, side: "to")
        } else {
            let fromMine = tx.child("t_from_my_client")
            let toMine = tx.child("t_to_my_client")
            guard let fromNode = fromMine ?? tx.child("t_from") else {
                return reject("t_from", "missing t_from or t_from_my_client (or involved_parties); expected the sending side")
            }
            guard let toNode = toMine ?? tx.child("t_to") else {
                return reject("t_to", "missing t_to or t_to_my_client (or involved_parties); expected the receiving side")
            }
            from = biPartySide(fromNode, prefix: "from", myClient: fromMine != nil, header: header, scope: scope)
            to = biPartySide(toNode, prefix: "to", myClient: toMine != nil, header: header, scope: scope)
        }
        // Cash in or out: one side with no institution at all, or both sides at one institution
        // with one of them holding no account. Kept as its own kind, at the one broker.
        var kind = TransferKind.transfer
        if from.broker == nil, let institution = to.broker {
            kind = .cashDeposit
            from.broker = institution
        } else if to.broker == nil, let institution = from.broker {
            kind = .cashWithdrawal
            to.broker = institution
        } else if let f = from.broker, let t = to.broker, f.id == t.id, !(from.hasAccount && to.hasAccount) {
            kind = from.hasAccount ? .cashWithdrawal : .cashDeposit
        }
        guard let sender = from.broker else {
            return reject(
                from.element,
                "neither side names an account institution (institution_code, swift, institution_name) or is the reporting entity's client, so the broker is unknown")
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
        case .invalid, .badGrouping: return reject(amountField, "amount '\(amountText)' is not a decimal number such as 1234.50")
        }
        // The local amount beside a foreign one.
        var localAmount: Money?
        if amountField != "amount_local", let a = tx.value("amount_local"), let c = header["currency_code_local"].flatMap(CurrencyCode.init) {
            let local = Array(a.utf8).withUnsafeBufferPointer {
                DecimalAmount.parse($0, minorDigits: c.minorUnitDigits, decimalSeparator: UInt8(ascii: "."), thousandsSeparator: nil)
            }
            guard case .value(let units) = local else {
                return reject("amount_local", "amount_local '\(a)' is not a decimal amount of 0 or more such as 1234.50")
            }
            localAmount = Money(minorUnits: units, currency: c)
        }
        if kind == .transfer && sender.id == receiver.id && !specification.allowSelfTransfer {
            return reject(
                to.element,
                "sender and receiver are the same broker '\(sender.id)'; expected two different brokers (set allow_self_transfer: true to accept)")
        }

        let transfer = Transfer(
            id: id, timestamp: Date(timeIntervalSince1970: TimeInterval(seconds)), senderBroker: sender.id,
            receiverBroker: receiver.id, originator: from.party?.id, beneficiary: to.party?.id,
            amount: Money(minorUnits: minorUnits, currency: currency), channel: tx.value("transmode_code"),
            reference: tx.value("internal_ref_number") ?? tx.value("transaction_description"), kind: kind,
            localAmount: localAmount)
        var brokers = [sender]
        if receiver.id != sender.id { brokers.append(receiver) }
        var parties: [Party] = []
        if let p = from.party { parties.append(p) }
        if let p = to.party, p.id != from.party?.id { parties.append(p) }
        var aliases = from.aliases
        for alias in to.aliases where !aliases.contains(alias) { aliases.append(alias) }
        return .transfer(
            TransferRow(
                transfer: transfer, brokers: brokers, parties: parties,
                location: SourceLocation(file: path, line: line, element: element), aliases: aliases))
    }

    private static func biPartySide(
        _ node: XMLNode, prefix: String, myClient: Bool, header: [String: String], scope: Scope
    ) -> Side {
        let country = node.value("\(prefix)_country")
        let account = node.child("\(prefix)_account")
        let key = PartyKey(scope: scope, side: prefix)
        let party =
            node.child("\(prefix)_person").map { person($0, country: country, key: key) }
            ?? node.child("\(prefix)_entity").map { entity($0, country: country, key: key) }
            ?? account.flatMap { holder($0, country: country, key: key) }
        let foreign = node.child("\(prefix)_foreign_currency")
        let (broker, aliases) = broker(account: account, myClient: myClient, header: header, source: node.name)
        return Side(
            broker: broker, party: party,
            foreignAmount: foreign?.value("foreign_amount"), foreignCurrency: foreign?.value("foreign_currency_code"),
            element: node.name, hasAccount: account != nil, aliases: aliases)
    }

    private static func multiPartySide(
        _ node: XMLNode, number: Int, header: [String: String], scope: Scope, side: String
    ) -> Side {
        let country = node.value("country")
        let mine = ["account_my_client", "person_my_client", "entity_my_client"].contains { node.child($0) != nil }
        let account = node.child("account") ?? node.child("account_my_client")
        let key = PartyKey(scope: scope, side: side)
        let party =
            (node.child("person") ?? node.child("person_my_client")).map { person($0, country: country, key: key) }
            ?? (node.child("entity") ?? node.child("entity_my_client")).map { entity($0, country: country, key: key) }
            ?? account.flatMap { holder($0, country: country, key: key) }
        let foreign = node.child("foreign_currency")
        let element = "involved_parties/party[\(number)]"
        let (broker, aliases) = broker(account: account, myClient: mine, header: header, source: element)
        return Side(
            broker: broker, party: party,
            foreignAmount: foreign?.value("foreign_amount"), foreignCurrency: foreign?.value("foreign_currency_code"),
            element: element, hasAccount: account != nil, aliases: aliases)
    }

    /// The side's broker and the other identifiers the side gives it. A `_my_client` side is
    /// at the reporting entity (`rentity_id`): its account's `institution_code`, `swift` and
    /// `institution_name` are aliases of the reporting entity. Another side's broker is its
    /// account's `institution_code`, else `swift`, else `institution_name`; the others are aliases.
    private static func broker(
        account: XMLNode?, myClient: Bool, header: [String: String], source: String
    ) -> (Broker?, [BrokerAlias]) {
        let names = ["institution_code", "swift", "institution_name"]
        let given = names.compactMap { name in account?.value(name).map { (name, $0) } }
        if myClient, let rentity = header["rentity_id"] {
            let aliases = given.filter { $0.1 != rentity }.map {
                BrokerAlias(alias: $0.1, broker: rentity, source: "goaml \(source) \($0.0) (the reporting entity's client)")
            }
            return (Broker(id: rentity, name: header["rentity_branch"]), aliases)
        }
        guard let (_, id) = given.first else { return (nil, []) }
        let aliases = given.dropFirst().filter { $0.1 != id }.map {
            BrokerAlias(alias: $0.1, broker: id, source: "goaml \(source) \($0.0) of the same account")
        }
        return (Broker(id: id, name: account?.value("institution_name")), aliases)
    }

    /// A party's key when it has no usable identifier.
    private struct PartyKey {
        var scope: Scope
        var side: String
        var text: String { "\(scope.report)/\(scope.transaction)/\(side)" }
    }

    /// The identifier fields of a person, in the order tried (docs/import-specifications.md,
    /// "goAML identities"): the field, and the field naming its issuing country.
    static let personIdentifiers: [(field: String, country: String?)] = [
        ("passport_number", "passport_country"), ("id_number", nil), ("identification/number", "identification/issue_country"),
        ("tax_number", nil), ("tax_reg_number", nil), ("ssn", nil),
    ]

    /// The identifier fields of an entity, in the order tried.
    static let entityIdentifiers: [(field: String, country: String?)] = [
        ("incorporation_number", "incorporation_country_code"), ("tax_number", nil), ("tax_reg_number", nil),
    ]

    /// Placeholders that are never identifiers (compared lower case).
    static let placeholders: Set<String> = [
        "n/a", "na", "n.a.", "none", "nil", "null", "unknown", "unk", "not known", "not available", "tbd", "xxx", "123",
        "000", "999", "?", "-", ".", "0",
    ]

    /// Whether an identifier value is plausible: at least 3 characters, at least one letter or
    /// digit, not a placeholder (`.`, `-`, `0`, `N/A`, `unknown`, …), not one character repeated.
    /// - Parameter value: the trimmed value.
    /// - Returns: `true` when it can identify a party.
    static func isPlausibleIdentifier(_ value: String) -> Bool {
        let text = value.trimmingCharacters(in: .whitespacesAndNewlines)
        guard text.count >= 3, !placeholders.contains(text.lowercased()) else { return false }
        guard text.contains(where: { $0.isLetter || $0.isNumber }) else { return false }
        let compact = text.filter { $0 != " " && $0 != "-" && $0 != "." && $0 != "/" }
        guard let first = compact.first, !compact.allSatisfy({ $0 == first }) else { return false }
        return true
    }

    /// The first plausible identifier of `node` in `fields` order: its key (`value`, or
    /// `value (COUNTRY)` when the issuing country is given) and the field's name.
    private static func identifier(_ node: XMLNode, _ fields: [(field: String, country: String?)]) -> (String, String)? {
        for (field, countryField) in fields {
            guard let value = node.value(field), isPlausibleIdentifier(value) else { continue }
            if let countryField, let country = node.value(countryField), !country.isEmpty {
                return ("\(value) (\(country))", field)
            }
            return (value, field)
        }
        return nil
    }

    private static func person(_ node: XMLNode, country: String?, key: PartyKey) -> Party {
        let name = [node.value("first_name"), node.value("last_name")].compactMap { $0 }.joined(separator: " ")
        let (id, field) = identifier(node, personIdentifiers) ?? (key.text, "report-scoped")
        let birth = node.value("birthdate").map { String($0.prefix(10)) }
        return Party(
            id: id, name: name.isEmpty ? nil : name, kind: .person,
            country: node.value("nationality1") ?? node.value("residence") ?? country, birthDate: birth, identifiedBy: field)
    }

    private static func entity(_ node: XMLNode, country: String?, key: PartyKey) -> Party {
        let (id, field) = identifier(node, entityIdentifiers) ?? (key.text, "report-scoped")
        return Party(
            id: id, name: node.value("name"), kind: .entity, country: node.value("incorporation_country_code") ?? country,
            identifiedBy: field)
    }

    private static func holder(_ account: XMLNode, country: String?, key: PartyKey) -> Party? {
        if let e = account.child("t_entity") { return entity(e, country: country, key: key) }
        if let p = account.child("signatory")?.child("t_person") { return person(p, country: country, key: key) }
        if let number = account.value("account") ?? account.value("iban") {
            guard isPlausibleIdentifier(number) else {
                return Party(id: key.text, kind: .unknown, country: country, identifiedBy: "report-scoped")
            }
            return Party(id: number, kind: .unknown, country: country, identifiedBy: "account")
        }
        return nil
    }
}
