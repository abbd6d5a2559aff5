import CLibXML2
import Foundation
import HawalaCore

/// Parses one goAML file with libxml2's SAX push parser (Debian libxml2-dev) on the reader's
/// parsing thread, building one ``XMLNode`` tree per `<transaction>` and handing each to
/// ``GoAMLMapping`` (the same events the mapping had from Foundation's `XMLParser`).
///
/// Hostile input (issue 14): no tree is built outside a transaction; network access is off
/// (`XML_PARSE_NONET`), entities are never substituted and no DTD is loaded; a document with a
/// DTD (`<!DOCTYPE`) is refused as a whole before its declarations are read, an undefined
/// entity reference is a fatal error (never silently dropped text); invalid UTF-8 is a fatal
/// error naming the bytes; nesting deeper than ``InputLimits/xmlDepth`` refuses the file; a
/// transaction over ``InputLimits/transactionDepth``, ``InputLimits/fieldBytes`` or
/// ``InputLimits/recordBytes`` is rejected with the reason, its excess not kept. Errors give
/// the line, column and element path, in words.
final class GoAMLSAXParser {
    private let path: String
    private let specification: ImportSpecification
    private let offset: Int64
    private unowned let pipe: GoAMLPipe
    private var context: xmlParserCtxtPtr?

    private var depth = 0
    /// Element names from the root to the current element (for messages).
    private var names: [String] = []
    private var header: [String: String] = [:]
    private var headerText = ""
    private var stack: [XMLNode] = []
    private var transactionIndex = 0
    private var transactionLine = 0
    private var transactionBytes = 0
    /// The first limit the current transaction broke: the field (element path) and reason.
    private var transactionProblem: (field: String, reason: String)?
    private var pending: [IngestRecord] = []
    private var failure: IngestError?
    private var stopped = false
    /// The whole file has been handed to libxml2: an error now means it ends early.
    private var atEnd = false
    private var sawRoot = false
    private var rootClosed = false

    /// Bytes read from the file per push.
    static let chunkSize = 64 * 1024

    init(path: String, specification: ImportSpecification, pipe: GoAMLPipe) {
        self.path = path
        self.specification = specification
        self.offset = UTCOffset.parse(specification.timezoneOffset) ?? 0
        self.pipe = pipe
    }

    private static let initialised: Void = { xmlInitParser() }()

    /// Parses the whole file, handing records to the pipe.
    /// - Returns: the error that ended the file, or `nil` when it was read to its end.
    func parse() -> IngestError? {
        _ = Self.initialised
        guard let file = fopen(path, "rb") else {
            return IngestError(.missingInput, "cannot open file", location: SourceLocation(file: path))
        }
        defer { fclose(file) }
        var buffer = [CChar](repeating: 0, count: Self.chunkSize)
        var count = buffer.withUnsafeMutableBytes { fread($0.baseAddress, 1, Self.chunkSize, file) }
        var handler = Self.handler()
        let me = Unmanaged.passUnretained(self).toOpaque()
        guard
            let ctxt = buffer.withUnsafeBufferPointer({
                xmlCreatePushParserCtxt(&handler, me, $0.baseAddress, Int32(min(count, 4)), path)
            })
        else {
            return IngestError(.io, "cannot start the XML parser (out of memory?)", location: SourceLocation(file: path))
        }
        context = ctxt
        defer {
            xmlFreeParserCtxt(ctxt)
            context = nil
        }
        _ = xmlCtxtUseOptions(ctxt, Int32(XML_PARSE_NONET.rawValue))
        var first = min(count, 4)
        while !stopped {
            if count > first {
                _ = buffer.withUnsafeBufferPointer {
                    xmlParseChunk(ctxt, $0.baseAddress! + first, Int32(count - first), 0)
                }
            }
            first = 0
            if stopped || hawala_xml_well_formed(ctxt) == 0 { break }
            count = buffer.withUnsafeMutableBytes { fread($0.baseAddress, 1, Self.chunkSize, file) }
            if count == 0 {
                if ferror(file) != 0 {
                    return IngestError(.io, "cannot read the file (I/O error)", location: SourceLocation(file: path))
                }
                atEnd = true
                _ = xmlParseChunk(ctxt, nil, 0, 1)
                break
            }
        }
        if pipe.isCancelled { return nil }
        if let failure { return failure }
        guard flush() else { return nil }
        if !sawRoot {
            return IngestError(.malformed, "no <report> element found", location: SourceLocation(file: path, line: 1))
        }
        if !rootClosed {
            return IngestError(
                .malformed, "the file ends inside the <report> element (truncated); expected a closing </report>",
                location: SourceLocation(file: path, line: Int(hawala_xml_line(ctxt))))
        }
        return nil
    }

    // MARK: Events

    fileprivate func startElement(_ localName: UnsafePointer<xmlChar>?, prefix: UnsafePointer<xmlChar>?) {
        guard !stopped else { return }
        let local = localName.map { String(cString: $0) } ?? ""
        let name = prefix.map { "\(String(cString: $0)):\(local)" } ?? local
        depth += 1
        names.append(name)
        if depth > InputLimits.xmlDepth {
            fail(
                "elements are nested more than \(InputLimits.xmlDepth) levels deep (the limit; goAML reports use fewer than 10)",
                line: line, column: column)
            return
        }
        if depth == 1 {
            sawRoot = true
            if name != "report" {
                fail("the root element is <\(MessageText.cut(name))>; expected a goAML <report>", line: line, column: column)
            }
            return
        }
        if !stack.isEmpty {
            transactionBytes += 2 * name.utf8.count + 5
            if depth - 2 > InputLimits.transactionDepth {
                problem("elements are nested more than \(InputLimits.transactionDepth) levels deep inside the transaction (the limit)")
                return
            }
            if transactionBytes > InputLimits.recordBytes {
                problem("the transaction is larger than the limit of \(InputLimits.recordBytes) bytes")
                return
            }
            stack.append(XMLNode(name: name))
        } else if depth == 2 && name == "transaction" {
            transactionIndex += 1
            transactionLine = line
            transactionBytes = 0
            transactionProblem = nil
            stack.append(XMLNode(name: name))
        } else if depth == 2 {
            headerText = ""
        }
    }

    fileprivate func characters(_ bytes: UnsafePointer<xmlChar>?, _ length: Int32) {
        guard !stopped, let bytes, length > 0 else { return }
        let buffer = UnsafeBufferPointer(start: bytes, count: Int(length))
        if let top = stack.last {
            transactionBytes += buffer.count
            guard stack.count == depth - 1 else { return }  // inside an element not kept
            if transactionBytes > InputLimits.recordBytes {
                problem("the transaction is larger than the limit of \(InputLimits.recordBytes) bytes")
                return
            }
            if top.text.utf8.count + buffer.count > InputLimits.fieldBytes {
                problem("the text of <\(MessageText.cut(top.name))> is longer than the limit of \(InputLimits.fieldBytes) bytes")
                return
            }
            top.text += String(decoding: buffer, as: UTF8.self)
        } else if depth == 2 && headerText.utf8.count <= InputLimits.fieldBytes {
            headerText += String(decoding: buffer, as: UTF8.self)
        }
    }

    fileprivate func endElement() {
        guard !stopped else { return }
        defer {
            depth -= 1
            names.removeLast()
            if depth == 0 { rootClosed = true }
        }
        if !stack.isEmpty && stack.count == depth - 1, let node = stack.popLast() {
            if let parent = stack.last {
                parent.children.append(node)
            } else {
                let record: IngestRecord
                if let (field, reason) = transactionProblem {
                    record = .rejected(
                        RejectedRow(
                            location: SourceLocation(
                                file: path, line: transactionLine, element: "/report/transaction[\(transactionIndex)]",
                                field: field),
                            reason: reason, raw: InputLimits.excerpt(node.xml())))
                } else {
                    record = GoAMLMapping.record(
                        node, index: transactionIndex, line: transactionLine, header: header, path: path,
                        specification: specification, offset: offset)
                }
                pending.append(record)
                if pending.count >= GoAMLPipe.batchSize && !flush() { stop() }
            }
        } else if depth == 2 && stack.isEmpty {
            let text = XMLNode.trimmed(headerText)
            if !text.isEmpty { header[names.last ?? ""] = text }
        }
    }

    fileprivate func doctype(_ rawName: UnsafePointer<xmlChar>?) {
        let name = rawName.map { String(cString: $0) } ?? ""
        fail(
            "the document has a DTD (<!DOCTYPE \(MessageText.cut(name)) …>); goAML reports have none, and its entity "
                + "declarations could add, change or hide text, so the file is refused as a whole",
            line: line, column: column)
    }

    fileprivate func entityReference(_ rawName: UnsafePointer<xmlChar>?) {
        let name = rawName.map { String(cString: $0) } ?? ""
        fail(
            "entity reference &\(MessageText.cut(name)); refused: goAML reports use only &amp; &lt; &gt; &quot; &apos; "
                + "and character references such as &#233;",
            line: line, column: column)
    }

    fileprivate func error(_ error: UnsafePointer<xmlError>) {
        // Namespace errors (an undeclared prefix) do not lose text: names are read as written.
        guard failure == nil, error.pointee.level.rawValue >= XML_ERR_ERROR.rawValue,
            error.pointee.domain != Int32(XML_FROM_NAMESPACE.rawValue)
        else { return }
        let e = error.pointee
        if e.code == Int32(XML_ERR_USER_STOP.rawValue) { return }
        let words = Self.words(e)
        fail(atEnd && sawRoot && !rootClosed && !words.contains("truncated") ? "the file ends early (truncated?): \(words)" : words,
            line: Int(e.line), column: Int(e.int2))
    }

    // MARK: Helpers

    private var line: Int { Int(hawala_xml_line(context)) }
    private var column: Int { Int(hawala_xml_column(context)) }

    /// Where the parser is, as an element path: `/report/transaction[3]/t_from/from_person`.
    private var elementPath: String {
        var parts = names.prefix(InputLimits.xmlDepth + 1).map { MessageText.cut($0) }
        if parts.count >= 2, parts[1] == "transaction", transactionIndex > 0 { parts[1] += "[\(transactionIndex)]" }
        if parts.count > 12 {
            parts = parts.prefix(6) + ["…(\(parts.count) levels)…"] + parts.suffix(3)
        }
        return "/" + parts.joined(separator: "/")
    }

    /// Records the first limit the current transaction breaks (it is then rejected).
    private func problem(_ reason: String) {
        guard transactionProblem == nil else { return }
        let field = names.dropFirst(2).map { MessageText.cut($0) }.joined(separator: "/")
        transactionProblem = (field.isEmpty ? "transaction" : field, reason)
    }

    /// Ends the file with a `.malformed` error at the given place.
    private func fail(_ words: String, line: Int, column: Int) {
        guard failure == nil else { return }
        let at = column > 0 ? "column \(column): " : ""
        failure = IngestError(
            .malformed, "not well-formed or refused XML, \(at)\(words)",
            location: SourceLocation(file: path, line: line > 0 ? line : nil, element: names.isEmpty ? nil : elementPath))
        stop()
    }

    private func stop() {
        stopped = true
        if let context { xmlStopParser(context) }
    }

    /// Hands the pending records to the reader.
    /// - Returns: `false` when the reader is gone.
    private func flush() -> Bool {
        guard !pending.isEmpty else { return true }
        let batch = pending
        pending.removeAll(keepingCapacity: true)
        return pipe.put(batch)
    }

    /// A libxml2 error in words (the common ones rephrased, the others as libxml2 words them).
    static func words(_ e: xmlError) -> String {
        let message = e.message.map { String(cString: $0) } ?? "unknown XML error \(e.code)"
        let firstLine = message.split(separator: "\n").first.map(String.init) ?? message
        let str1 = e.str1.map { MessageText.cut(String(cString: $0)) }
        let str2 = e.str2.map { MessageText.cut(String(cString: $0)) }
        if message.contains("not proper UTF-8") || e.code == Int32(XML_ERR_INVALID_ENCODING.rawValue) {
            let bytes = message.components(separatedBy: "Bytes:").dropFirst().first?
                .split(separator: " ").first.map(String.init) ?? "?"
            return "invalid byte \(bytes): the text is not UTF-8 (the file declares UTF-8 or no encoding); convert it "
                + "to UTF-8 or declare its real encoding, e.g. <?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>"
        }
        switch e.code {
        case Int32(XML_ERR_TAG_NAME_MISMATCH.rawValue):
            return "mismatched tag: </\(str2 ?? "?")> does not close <\(str1 ?? "?")> (opened at line \(e.int1))"
        case Int32(XML_ERR_UNDECLARED_ENTITY.rawValue), Int32(XML_WAR_UNDECLARED_ENTITY.rawValue):
            return "undefined entity reference &\(str1 ?? "?");: refused rather than drop its text (goAML reports use "
                + "only &amp; &lt; &gt; &quot; &apos; and character references such as &#233;)"
        case Int32(XML_ERR_DOCUMENT_EMPTY.rawValue):
            return "the file is empty or has no XML; expected a goAML <report>"
        case Int32(XML_ERR_TAG_NOT_FINISHED.rawValue):
            return "the file ends inside <\(str1 ?? "?")> (truncated); \(firstLine)"
        case Int32(XML_ERR_INTERNAL_ERROR.rawValue) where message.contains("Excessive depth"):
            return "elements are nested more than \(InputLimits.xmlDepth) levels deep (the limit)"
        default:
            return MessageText.cut(firstLine.trimmingCharacters(in: .whitespaces))
        }
    }

    /// The SAX2 handler: only the events the reader uses (element names as written,
    /// `prefix:local`, as Foundation gave them), structured errors.
    private static func handler() -> xmlSAXHandler {
        var h = xmlSAXHandler()
        h.initialized = hawala_xml_sax2_magic()
        h.startElementNs = { ctx, local, prefix, _, _, _, _, _, _ in parser(ctx).startElement(local, prefix: prefix) }
        h.endElementNs = { ctx, _, _, _ in parser(ctx).endElement() }
        h.characters = { ctx, bytes, length in parser(ctx).characters(bytes, length) }
        h.cdataBlock = { ctx, bytes, length in parser(ctx).characters(bytes, length) }
        h.internalSubset = { ctx, name, _, _ in parser(ctx).doctype(name) }
        h.externalSubset = { ctx, name, _, _ in parser(ctx).doctype(name) }
        h.reference = { ctx, name in parser(ctx).entityReference(name) }
        h.serror = { ctx, error in
            if let error { parser(ctx).error(error) }
        }
        return h
    }
}

/// The parser behind a SAX callback's user data.
private func parser(_ context: UnsafeMutableRawPointer?) -> GoAMLSAXParser {
    Unmanaged<GoAMLSAXParser>.fromOpaque(context!).takeUnretainedValue()
}
