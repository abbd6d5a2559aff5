import Foundation
import HawalaCore

/// A generated transfer in compact form (no strings), formatted only when written.
struct SimTransfer: Sendable {
    /// The id's 64 random-looking bits (``SplitMix64/mix(_:)`` of a unique counter).
    var id: UInt64
    /// Seconds since 1970, UTC.
    var time: Int64
    /// Sending broker index.
    var sender: Int32
    /// Receiving broker index.
    var receiver: Int32
    /// Originator party code (48 bits).
    var originator: UInt64
    /// Beneficiary party code (48 bits).
    var beneficiary: UInt64
    /// Amount in minor units of ``currency``.
    var minor: Int64
    /// Index into ``CurrencyBook/codes``.
    var currency: UInt8
    /// Index into ``TransferText/channels``.
    var channel: UInt8
    /// Index into ``TransferText/references``; the last one is an invoice number.
    var reference: UInt8
    /// The invoice number when ``reference`` is the invoice entry.
    var invoice: UInt32

    /// Orders by time, then id (a total order, so sorting is deterministic).
    static func precedes(_ a: SimTransfer, _ b: SimTransfer) -> Bool {
        a.time != b.time ? a.time < b.time : a.id < b.id
    }
}

/// Channel and reference texts written for transfers.
enum TransferText {
    static let channels = ["cash", "bank", "mobile", "trade_invoice"]
    static let cash: UInt8 = 0, bank: UInt8 = 1, mobile: UInt8 = 2, tradeInvoice: UInt8 = 3
    /// Remittance purposes; the empty text is common (no reference given).
    static let references = ["", "family support", "school fees", "medical", "wedding", "house construction",
                             "salary", "gift", "business", "invoice"]
    static let remittanceReferences: UInt8 = 9
    static let invoiceReference: UInt8 = 9
}

/// The currencies in use, their fixed USD rates and minor-unit scales.
struct CurrencyBook: Sendable {
    /// The codes, sorted; a transfer stores an index into this array.
    let codes: [CurrencyCode]
    /// 1 unit = rate USD, as written to rates.csv.
    let rateText: [String]
    let rate: [Double]
    /// 10^minor digits.
    let scale: [Double]
    /// The index of USD, if in use.
    let usd: UInt8?

    init(codes: [CurrencyCode]) {
        self.codes = codes
        rateText = codes.map { HawalaGeography.usdRate($0) ?? "1" }
        rate = rateText.map { Double($0) ?? 1 }
        scale = codes.map { pow(10, Double($0.minorUnitDigits)) }
        usd = codes.firstIndex(of: .usd).map { UInt8($0) }
    }

    func index(of code: CurrencyCode) -> UInt8 { UInt8(codes.firstIndex(of: code) ?? 0) }

    /// USD → minor units of currency `c`, exact to the minor unit.
    func minor(usd: Double, currency c: UInt8) -> Int64 {
        Int64((usd / rate[Int(c)] * scale[Int(c)]).rounded())
    }

    /// USD → minor units rounded to two significant digits of the local amount (customers'
    /// round figures: 1,234 → 1,200).
    func roundMinor(usd: Double, currency c: UInt8) -> Int64 {
        let major = usd / rate[Int(c)]
        guard major >= 100 else { return minor(usd: usd, currency: c) }
        let step = pow(10, (log10(major)).rounded(.down) - 1)
        return Int64(((major / step).rounded() * step * scale[Int(c)]).rounded())
    }

    /// Minor units of currency `c` → USD.
    func usd(minor: Int64, currency c: UInt8) -> Double {
        Double(minor) / scale[Int(c)] * rate[Int(c)]
    }
}

/// Identifier mixing: transfer ids and party codes are bijective mixes of unique counters
/// keyed by the seed, so they are unique and say nothing about how the transfer was made.
struct IdentifierKeys: Sendable {
    let transferKey: UInt64
    let partyKey: UInt64

    init(seed: UInt64) {
        var rng = SplitMix64(seed: seed ^ 0x5EED_1D5E_ED1D_5EED)
        transferKey = rng.next()
        partyKey = rng.next()
    }

    /// A transfer id from a unique counter.
    func transfer(_ counter: UInt64) -> UInt64 { SplitMix64.mix(counter ^ transferKey) }

    /// A party code (48 bits) for customer `index` of `broker` in `role` (0 sender, 1 receiver, 2 trader).
    func party(broker: Int, index: Int, role: UInt64) -> UInt64 {
        SplitMix64.mix(partyKey ^ (role << 60 | UInt64(broker) << 28 | UInt64(index))) & 0xFFFF_FFFF_FFFF
    }
}
