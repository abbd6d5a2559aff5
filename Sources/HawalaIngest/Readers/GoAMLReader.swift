import Foundation
import HawalaCore

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// Reads goAML XML reports (UNODC; schema 4.x and 5.0.x) into ``IngestRecord``s, one per
/// `<transaction>`, streaming: Foundation's `XMLParser(stream:)` runs on a background thread
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

/// The bounded handoff between the parsing thread and the reader: records travel in batches
/// of ``batchSize`` (one lock and at most one wake-up per batch), at most
/// `capacity / batchSize` batches waiting. ``cancel()`` stops the parsing thread.
final class GoAMLPipe: @unchecked Sendable {
    /// Records per handed-over batch.
    static let batchSize = 64

    private let condition = NSCondition()
    private var batches: [[IngestRecord]] = []
    private var finished = false
    private var failure: IngestError?
    private var cancelled = false
    private let maxBatches: Int
    private var started = false
    private let path: String
    private let specification: ImportSpecification
    // Consumer side (used by the reader's thread only).
    private var current: [IngestRecord] = []
    private var position = 0

    init(path: String, specification: ImportSpecification, capacity: Int) {
        self.path = path
        self.specification = specification
        self.maxBatches = max(1, capacity / Self.batchSize)
    }

    /// Stops the parsing thread at its next hand-over.
    func cancel() {
        condition.lock()
        cancelled = true
        condition.broadcast()
        condition.unlock()
    }

    private func startIfNeeded() {
        guard !started else { return }
        started = true
        let path = self.path
        let specification = self.specification
        let thread = Thread { self.run(path: path, specification: specification) }
        thread.stackSize = 4 << 20
        thread.start()
    }

    private func run(path: String, specification: ImportSpecification) {
        guard let stream = InputStream(fileAtPath: path) else {
            finish(IngestError(.missingInput, "cannot open file", location: SourceLocation(file: path)))
            return
        }
        let parser = XMLParser(stream: stream)
        parser.shouldResolveExternalEntities = false
        parser.shouldProcessNamespaces = false
        let delegate = GoAMLParserDelegate(path: path, specification: specification, pipe: self)
        parser.delegate = delegate
        let ok = parser.parse()
        if !isCancelled { _ = delegate.flush() }
        if let failure = delegate.failure {
            finish(failure)
        } else if !ok && !isCancelled {
            let reason = parser.parserError.map { String(describing: $0) } ?? "unknown parser error"
            finish(
                IngestError(
                    .malformed, "not well-formed XML (expected a complete goAML <report>): \(reason)",
                    location: SourceLocation(file: path, line: delegate.errorLine ?? parser.lineNumber),
                    underlying: parser.parserError))
        } else if delegate.sawRoot && !delegate.rootClosed && !isCancelled {
            finish(
                IngestError(
                    .malformed, "the file ends inside the <report> element (truncated); expected a closing </report>",
                    location: SourceLocation(file: path, line: parser.lineNumber)))
        } else if !delegate.sawRoot && !isCancelled {
            finish(IngestError(.malformed, "no <report> element found", location: SourceLocation(file: path, line: 1)))
        } else {
            finish(nil)
        }
    }

    var isCancelled: Bool {
        condition.lock()
        defer { condition.unlock() }
        return cancelled
    }

    /// Called on the parsing thread; blocks while the queue is full.
    /// - Returns: `false` when the reader is gone and parsing should stop.
    func put(_ batch: [IngestRecord]) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        while batches.count >= maxBatches && !cancelled { condition.wait() }
        if cancelled { return false }
        batches.append(batch)
        if batches.count == 1 { condition.broadcast() }
        return true
    }

    private func finish(_ error: IngestError?) {
        condition.lock()
        finished = true
        failure = error
        condition.broadcast()
        condition.unlock()
    }

    /// Called by the reader; blocks until a record, the end or an error.
    func take() throws(IngestError) -> IngestRecord? {
        if position < current.count {
            position += 1
            return current[position - 1]
        }
        startIfNeeded()
        condition.lock()
        defer { condition.unlock() }
        while batches.isEmpty && !finished { condition.wait() }
        if !batches.isEmpty {
            let wasFull = batches.count >= maxBatches
            current = batches.removeFirst()
            position = 1
            if wasFull { condition.broadcast() }
            return current.first
        }
        current = []
        position = 0
        if let failure {
            self.failure = nil
            throw failure
        }
        return nil
    }
}

/// One XML element of a transaction: name, text and children (a transaction is small).
final class XMLNode {
    let name: String
    var text = ""
    var children: [XMLNode] = []

    init(name: String) { self.name = name }

    func child(_ name: String) -> XMLNode? { children.first { $0.name == name } }
    func children(named name: String) -> [XMLNode] { children.filter { $0.name == name } }

    /// The trimmed text of a descendant at a `/`-separated path, or `nil` when absent or empty.
    func value(_ path: String) -> String? {
        var node: XMLNode?
        if path.utf8.contains(UInt8(ascii: "/")) {
            node = self
            for part in path.split(separator: "/") { node = node?.child(String(part)) }
        } else {
            node = child(path)
        }
        guard let text = node.map({ Self.trimmed($0.text) }), !text.isEmpty else { return nil }
        return text
    }

    /// XML whitespace (space, tab, CR, LF) removed from both ends, without Foundation.
    static func trimmed(_ text: String) -> String {
        let utf8 = text.utf8
        func isSpace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D }
        guard let first = utf8.first, let last = utf8.last, isSpace(first) || isSpace(last) else { return text }
        guard let lower = utf8.firstIndex(where: { !isSpace($0) }), let upper = utf8.lastIndex(where: { !isSpace($0) })
        else { return "" }
        return String(text[lower...upper])
    }

    /// The element as XML text (for the rejects table).
    func xml(indent: String = "") -> String {
        let escaped = Self.trimmed(text)
            .replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
        if children.isEmpty { return "\(indent)<\(name)>\(escaped)</\(name)>" }
        let inner = children.map { $0.xml(indent: indent + "  ") }.joined(separator: "\n")
        return "\(indent)<\(name)>\n\(inner)\n\(indent)</\(name)>"
    }
}

/// The XMLParser delegate: keeps the report header and one transaction at a time.
final class GoAMLParserDelegate: NSObject, XMLParserDelegate {
    private let path: String
    private let specification: ImportSpecification
    private let offset: Int64
    private unowned let pipe: GoAMLPipe
    private var depth = 0
    private var header: [String: String] = [:]
    private var headerText = ""
    private var stack: [XMLNode] = []
    private var transactionIndex = 0
    private var pending: [IngestRecord] = []
    private var transactionLine = 0
    var failure: IngestError?
    var errorLine: Int?
    var sawRoot = false
    var rootClosed = false

    init(path: String, specification: ImportSpecification, pipe: GoAMLPipe) {
        self.path = path
        self.specification = specification
        self.offset = UTCOffset.parse(specification.timezoneOffset) ?? 0
        self.pipe = pipe
    }

    func parser(
        _ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?, qualifiedName: String?,
        attributes: [String: String] = [:]
    ) {
        depth += 1
        if depth == 1 {
            sawRoot = true
            if elementName != "report" {
                failure = IngestError(
                    .malformed, "the root element is <\(elementName)>; expected a goAML <report>",
                    location: SourceLocation(file: path, line: parser.lineNumber))
                parser.abortParsing()
            }
            return
        }
        if !stack.isEmpty {
            stack.append(XMLNode(name: elementName))
        } else if depth == 2 && elementName == "transaction" {
            transactionIndex += 1
            transactionLine = parser.lineNumber
            stack.append(XMLNode(name: elementName))
        } else if depth == 2 {
            headerText = ""
        }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        if let top = stack.last {
            top.text += string
        } else if depth == 2 {
            headerText += string
        }
    }

    func parser(_ parser: XMLParser, foundCDATA CDATABlock: Data) {
        self.parser(parser, foundCharacters: String(decoding: CDATABlock, as: UTF8.self))
    }

    func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName: String?) {
        defer {
            depth -= 1
            if depth == 0 { rootClosed = true }
        }
        if let node = stack.popLast() {
            if let parent = stack.last {
                parent.children.append(node)
            } else {
                let record = GoAMLMapping.record(
                    node, index: transactionIndex, line: transactionLine, header: header, path: path,
                    specification: specification, offset: offset)
                pending.append(record)
                if pending.count >= GoAMLPipe.batchSize && !flush() { parser.abortParsing() }
            }
        } else if depth == 2 {
            let text = XMLNode.trimmed(headerText)
            if !text.isEmpty { header[elementName] = text }
        }
    }

    /// Hands the pending records to the reader.
    /// - Returns: `false` when the reader is gone.
    func flush() -> Bool {
        guard !pending.isEmpty else { return true }
        let batch = pending
        pending.removeAll(keepingCapacity: true)
        return pipe.put(batch)
    }

    func parser(_ parser: XMLParser, resolveExternalEntityName name: String, systemID: String?) -> Data? {
        nil
    }

    func parser(_ parser: XMLParser, parseErrorOccurred parseError: any Error) {
        if errorLine == nil { errorLine = parser.lineNumber }
    }
}

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
