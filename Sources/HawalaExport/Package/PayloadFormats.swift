import COpenSSL
import Foundation
import HawalaCore

/// The payload files the CLI puts in a package, rendered from core types.
public enum PayloadFormats {
    /// A bare JSON array of findings in the shape of ``Finding``'s JSON (``JSONCoding/encoder()``:
    /// ISO 8601 UTC times, sorted keys): the fallback `findings.json` when the caller does not pass
    /// the bytes of `hawala findings --format json` (which wraps the array with its run).
    /// - Parameter findings: the findings.
    /// - Returns: the JSON array, ending with a newline.
    /// - Throws: ``ExportError`` `.invalidRequest` if encoding fails.
    public static func findingsJSON(_ findings: [Finding]) throws -> Data {
        do {
            var data = try JSONCoding.encoder().encode(findings)
            data.append(0x0A)
            return data
        } catch {
            throw ExportError(.invalidRequest, "cannot encode the findings", underlying: error)
        }
    }

    /// The header of `transfers.csv`.
    public static let transfersHeader = [
        "id", "timestamp", "sender_broker", "receiver_broker", "originator", "beneficiary", "amount", "currency",
        "reporting_amount", "reporting_currency", "channel", "reference", "source_file", "source_sha256",
        "source_line", "source_element",
    ]

    /// `transfers.csv` (RFC 4180, CRLF-free: LF line ends, fields quoted when needed): every
    /// transfer behind the findings with its provenance. Amounts are exact decimal text in major
    /// units of their currency; times ISO 8601 UTC.
    /// - Parameter rows: transfers with their provenance (nil when unknown), in the order to write.
    /// - Returns: the CSV bytes.
    public static func transfersCSV(_ rows: [(transfer: Transfer, provenance: Provenance?)]) -> Data {
        var text = transfersHeader.joined(separator: ",") + "\n"
        for (transfer, provenance) in rows {
            let fields: [String] = [
                transfer.id, UTCTime.iso8601(transfer.timestamp), transfer.senderBroker, transfer.receiverBroker,
                transfer.originator ?? "", transfer.beneficiary ?? "", transfer.amount.plainText,
                transfer.amount.currency.code, transfer.reportingAmount?.plainText ?? "",
                transfer.reportingAmount?.currency.code ?? "", transfer.channel ?? "", transfer.reference ?? "",
                provenance?.file ?? "", provenance?.sha256 ?? "", provenance?.line.map(String.init) ?? "",
                provenance?.element ?? "",
            ]
            text += fields.map(csvField).joined(separator: ",") + "\n"
        }
        return Data(text.utf8)
    }

    static func csvField(_ value: String) -> String {
        guard value.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return value }
        return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// SHA-256 of bytes in memory (FIPS 180-4), e.g. for stable finding keys.
    /// - Parameter data: the bytes.
    /// - Returns: 64 lowercase hex characters.
    public static func sha256Hex(_ data: Data) -> String {
        Digest.sha256(data).map { String(format: "%02x", $0) }.joined()
    }

    /// SHA-256 of a file, read in 1 MiB chunks (for the custody record's database checksum).
    /// - Parameter path: the file's path.
    /// - Returns: lowercase hex.
    /// - Throws: ``ExportError`` `.io` when the file cannot be read.
    public static func sha256Hex(ofFileAt path: String) throws -> String {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw ExportError(.io, "cannot read '\(path)'", location: SourceLocation(file: path))
        }
        defer { try? handle.close() }
        guard let context = EVP_MD_CTX_new() else { throw OpenSSLErrors.error(.openssl, "EVP_MD_CTX_new failed") }
        defer { EVP_MD_CTX_free(context) }
        try OpenSSLErrors.check(EVP_DigestInit_ex(context, EVP_sha256(), nil), .openssl, "EVP_DigestInit_ex failed")
        do {
            while let chunk = try handle.read(upToCount: 1 << 20), !chunk.isEmpty {
                let ok = chunk.withUnsafeBytes { EVP_DigestUpdate(context, $0.baseAddress, $0.count) }
                try OpenSSLErrors.check(ok, .openssl, "EVP_DigestUpdate failed")
            }
        } catch let error as ExportError {
            throw error
        } catch {
            throw ExportError(.io, "cannot read '\(path)'", underlying: error, location: SourceLocation(file: path))
        }
        var out = [UInt8](repeating: 0, count: 32)
        var length: UInt32 = 0
        try OpenSSLErrors.check(EVP_DigestFinal_ex(context, &out, &length), .openssl, "EVP_DigestFinal_ex failed")
        return Digest.hex(Data(out.prefix(Int(length))))
    }
}
