/// Keeps values quoted in error messages and reject reasons short, so a hostile or broken
/// input never turns one message into a megabyte-long line (issue 14, item 5).
public enum MessageText {
    /// Characters of a quoted value kept in a message (the rest is replaced by `…` and the
    /// value's total length).
    public static let quotedValueLimit = 200

    /// A value as it should appear inside quotes in a message: unchanged when it has at most
    /// ``quotedValueLimit`` characters, else its first ``quotedValueLimit`` characters, `…`
    /// and the total length, e.g. `abcabc…(1048576 characters)`.
    /// - Parameter value: the value as read.
    /// - Returns: the value, possibly cut.
    public static func cut(_ value: some StringProtocol) -> String {
        var count = 0
        var end = value.endIndex
        for index in value.indices {
            if count == quotedValueLimit {
                end = index
                break
            }
            count += 1
        }
        guard end < value.endIndex else { return String(value) }
        return "\(value[..<end])…(\(value.count) characters)"
    }

    /// Cuts every single-quoted value (`'…'`) longer than ``quotedValueLimit`` characters in a
    /// message, and the message itself at 16 times that when it is longer still; linear in
    /// the message's length.
    /// - Parameter message: a message or reject reason.
    /// - Returns: the message with long quoted values cut.
    public static func cutQuotedValues(_ message: String) -> String {
        guard message.utf8.count > quotedValueLimit else { return message }
        var result = ""
        var rest = Substring(message)
        while let open = rest.firstIndex(of: "'") {
            result += rest[...open]
            let afterOpen = rest.index(after: open)
            guard let close = rest[afterOpen...].firstIndex(of: "'") else {
                rest = rest[afterOpen...]
                break
            }
            result += cut(rest[afterOpen..<close])
            result += "'"
            rest = rest[rest.index(after: close)...]
        }
        result += rest
        let overall = quotedValueLimit * 16
        guard result.count > overall else { return result }
        return "\(result.prefix(overall))…(message cut: \(result.count) characters)"
    }
}
