/// The text encoding of a CSV file's bytes.
public enum TextEncoding: String, Sendable, Codable, CaseIterable {
    /// UTF-8 (with or without a byte-order mark). Invalid sequences make the record a reject.
    case utf8 = "utf-8"
    /// ISO 8859-1 (Latin-1): every byte is the Unicode scalar of the same value.
    case latin1 = "latin1"
}
