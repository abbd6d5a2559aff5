import CLibXML2
import Foundation
import HawalaCore

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
        let outcome = GoAMLSAXParser(path: path, specification: specification, pipe: self).parse()
        finish(isCancelled ? nil : outcome)
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

    /// The element as XML text (for the rejects table), two spaces of indent per level.
    /// Linear in the output's length (issue 14, item 3): one buffer, no re-copying of inner
    /// text per level; the tree is at most ``InputLimits/transactionDepth`` deep.
    func xml() -> String {
        var out = ""
        write(into: &out, depth: 0)
        return out
    }

    private func write(into out: inout String, depth: Int) {
        let indent = String(repeating: "  ", count: depth)
        out += indent
        out += "<\(name)>"
        if children.isEmpty {
            Self.escape(Self.trimmed(text), into: &out)
        } else {
            for child in children {
                out += "\n"
                child.write(into: &out, depth: depth + 1)
            }
            out += "\n"
            out += indent
        }
        out += "</\(name)>"
    }

    private static func escape(_ text: String, into out: inout String) {
        guard text.utf8.contains(where: { $0 == UInt8(ascii: "&") || $0 == UInt8(ascii: "<") }) else {
            out += text
            return
        }
        for c in text.unicodeScalars {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            default: out.unicodeScalars.append(c)
            }
        }
    }
}

