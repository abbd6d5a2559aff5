import Foundation
import HawalaCore

/// Writes `transfers.csv` in the canonical CSV format read by `hawala ingest`:
/// `transfer_id,timestamp,sender_broker,receiver_broker,originator,beneficiary,amount,currency,channel,reference`,
/// times as ISO 8601 UTC (`2026-03-01T14:30:00Z`), amounts as plain decimals with the
/// currency's minor digits (``Money/plainText``). No field needs quoting: the generator
/// never writes a comma, quote or line break inside a field.
final class TransferCSVWriter {
    /// The header line, exactly.
    static let header = "transfer_id,timestamp,sender_broker,receiver_broker,originator,beneficiary,amount,currency,channel,reference"

    private let out: BufferedFileWriter
    private let brokerIDs: [[UInt8]]
    private let currencyCodes: [[UInt8]]
    private let currencyDigits: [Int]
    private let currencyFactor: [UInt64]
    private let channels: [[UInt8]]
    private let references: [[UInt8]]
    /// `YYYY-MM-DDT` of the day being written, and its midnight.
    private var dayPrefix: [UInt8] = []
    private var dayStart: Int64 = 0

    init(url: URL, network: BrokerNetwork, book: CurrencyBook) throws {
        out = try BufferedFileWriter(url: url)
        brokerIDs = network.brokers.map { Array($0.id.utf8) }
        currencyCodes = book.codes.map { Array($0.code.utf8) }
        currencyDigits = book.codes.map(\.minorUnitDigits)
        currencyFactor = book.codes.map { code in (0..<code.minorUnitDigits).reduce(UInt64(1)) { r, _ in r * 10 } }
        channels = TransferText.channels.map { Array($0.utf8) }
        references = TransferText.references.map { Array($0.utf8) }
        try out.write(Self.header + "\n")
    }

    /// Starts a day: the date prefix of every timestamp until the next call.
    func begin(dayStart: Int64, date: String) {
        self.dayStart = dayStart
        dayPrefix = Array((date + "T").utf8)
    }

    /// Writes one row; the transfer must fall on the current day.
    func write(_ t: SimTransfer) throws {
        writeTransferID(t.id)
        out.write(byte: 44)
        try out.write(bytes: dayPrefix)
        let seconds = UInt64(max(0, min(86_399, t.time - dayStart)))
        out.write(decimal: seconds / 3600, width: 2)
        out.write(byte: 58)
        out.write(decimal: seconds % 3600 / 60, width: 2)
        out.write(byte: 58)
        out.write(decimal: seconds % 60, width: 2)
        out.write(byte: 90)
        out.write(byte: 44)
        try out.write(bytes: brokerIDs[Int(t.sender)])
        out.write(byte: 44)
        try out.write(bytes: brokerIDs[Int(t.receiver)])
        out.write(byte: 44)
        writeParty(t.originator)
        out.write(byte: 44)
        writeParty(t.beneficiary)
        out.write(byte: 44)
        let c = Int(t.currency)
        out.write(minor: t.minor, digits: currencyDigits[c], factor: currencyFactor[c])
        out.write(byte: 44)
        try out.write(bytes: currencyCodes[c])
        out.write(byte: 44)
        try out.write(bytes: channels[Int(t.channel)])
        out.write(byte: 44)
        if t.reference == TransferText.invoiceReference {
            try out.write(bytes: Self.invoicePrefix)
            out.write(decimal: UInt64(t.invoice), width: 5)
        } else {
            try out.write(bytes: references[Int(t.reference)])
        }
        out.write(byte: 10)
        try out.flushIfFull()
    }

    static let invoicePrefix = Array("INV-".utf8)

    private func writeTransferID(_ id: UInt64) {
        out.write(byte: 84)  // "T"
        out.write(hex: id, nibbles: 16)
    }

    private func writeParty(_ code: UInt64) {
        out.write(byte: 67)  // "C"
        out.write(hex: code, nibbles: 12)
    }

    func close() throws { try out.close() }
}

/// The text forms of generated identifiers, shared by every writer.
enum SimIdentifiers {
    /// `T` + 16 upper-case hex digits.
    static func transfer(_ id: UInt64) -> String { "T" + hex(id, 16) }
    /// `C` + 12 upper-case hex digits.
    static func party(_ code: UInt64) -> String { "C" + hex(code, 12) }

    static func hex(_ value: UInt64, _ nibbles: Int) -> String {
        let text = String(value, radix: 16, uppercase: true)
        return String(repeating: "0", count: max(0, nibbles - text.count)) + text
    }
}

/// Writes the small side files: `brokers.csv` and `rates.csv`.
enum SideFiles {
    /// `brokers.csv`: `id,name,country,licence` (licence empty for unregistered brokers).
    static func writeBrokers(_ network: BrokerNetwork, to url: URL) throws {
        let out = try BufferedFileWriter(url: url)
        try out.write("id,name,country,licence\n")
        for b in network.brokers {
            try out.write("\(b.id),\(csvField(b.name)),\(b.country.code),\(b.licence ?? "")\n")
        }
        try out.close()
    }

    /// `rates.csv`: `currency,rate,date` with 1 unit of currency = rate USD, undated (fixed).
    static func writeRates(_ book: CurrencyBook, to url: URL) throws {
        let out = try BufferedFileWriter(url: url)
        try out.write("currency,rate,date\n")
        for (code, rate) in zip(book.codes, book.rateText) { try out.write("\(code.code),\(rate),\n") }
        try out.close()
    }

    /// RFC 4180 quoting when the text holds a comma, quote or line break.
    static func csvField(_ text: String) -> String {
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
