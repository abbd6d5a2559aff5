import Foundation
import HawalaCore

#if canImport(FoundationXML)
    import FoundationXML
#endif

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
