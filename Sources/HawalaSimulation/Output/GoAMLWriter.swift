import Foundation
import HawalaCore

/// Writes goAML XML reports (schema 5.0 shape, no namespace): one `<report>` per reporting
/// broker and calendar month, in `goaml/<broker>_<YYYY-MM>.xml`.
///
/// The reporting broker is the sender. Each transfer is a bi-party `<transaction>`:
/// `t_from_my_client` holds the originator's account at the sender (`institution_code` =
/// sender id, `non_bank_institution` true, the originator as `signatory/t_person`, whose
/// `id_number` is the party id) and `t_to` the beneficiary's account at the receiver.
/// `amount_local` is in the report's `currency_code_local` (the sender's booking currency);
/// when the transfer was made in another currency, `from_foreign_currency` carries the
/// original amount, its code and the rate (local units per foreign unit). Dates are written
/// without zone, in UTC. Source: UNODC goAML XML schema 5.0 (see docs/simulation.md).
final class GoAMLWriter {
    private struct Pending {
        var url: URL
        var started = false
        var bytes: [UInt8] = []
    }

    private let directory: URL
    private let network: BrokerNetwork
    private let book: CurrencyBook
    private var pending: [Int: Pending] = [:]
    private var month = ""
    /// Report files written so far.
    private(set) var files = 0
    private static let flushBytes = 1 << 18

    init(directory: URL, network: BrokerNetwork, book: CurrencyBook) throws {
        self.directory = directory
        self.network = network
        self.book = book
        do { try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true) } catch {
            throw SimulationError(.io, "cannot create the goAML folder", location: SourceLocation(file: directory.path),
                                  underlying: error)
        }
    }

    /// Starts a day; closes the month's reports when the month changes.
    /// - Parameter month: `YYYY-MM` of the day.
    func begin(month: String) throws {
        if month != self.month {
            try closeMonth()
            self.month = month
        }
    }

    /// Adds one transfer to its sender's report of the current month.
    func write(_ t: SimTransfer) throws {
        let s = Int(t.sender)
        if pending[s] == nil {
            let id = network.brokers[s].id
            pending[s] = Pending(url: directory.appendingPathComponent("\(id)_\(month).xml"))
        }
        append(transaction(t), to: s)
        if let p = pending[s], p.bytes.count >= Self.flushBytes { try flush(s) }
    }

    /// Closes every open report.
    func close() throws { try closeMonth() }

    private func append(_ text: String, to broker: Int) {
        var text = text
        text.withUTF8 { pending[broker]?.bytes.append(contentsOf: $0) }
    }

    private func flush(_ broker: Int) throws {
        guard var p = pending[broker] else { return }
        do {
            if !p.started {
                var head = header(broker)
                let data = Data(head.withUTF8 { Array($0) } + p.bytes)
                try data.write(to: p.url)
                p.started = true
                files += 1
            } else {
                let handle = try FileHandle(forWritingTo: p.url)
                try handle.seekToEnd()
                try handle.write(contentsOf: p.bytes)
                try handle.close()
            }
        } catch {
            throw SimulationError(.io, "cannot write the goAML report", location: SourceLocation(file: p.url.path),
                                  underlying: error)
        }
        p.bytes.removeAll(keepingCapacity: false)
        pending[broker] = p
    }

    private func closeMonth() throws {
        for broker in pending.keys.sorted() {
            append("</report>\n", to: broker)
            try flush(broker)
        }
        pending.removeAll()
    }

    private func header(_ s: Int) -> String {
        let b = network.brokers[s]
        let (year, mon) = (Int(month.prefix(4)) ?? 2026, Int(month.suffix(2)) ?? 1)
        let next = mon == 12 ? String(format: "%04d-01", year + 1) : String(format: "%04d-%02d", year, mon + 1)
        return Self.reportHeader(
            rentityID: b.id, reference: "\(b.id)-\(month)", submissionDate: "\(next)-01T00:00:00",
            currency: b.currency.code, city: b.country.city, country: b.country.code,
            reason: "Monthly report of transfers by \(b.name)", action: "Filed for the period \(month)")
    }

    /// The opening of a goAML CTR report up to its first `<transaction>`: reporting entity,
    /// reporting person and location, as the simulator's reports and partner views write it
    /// (UNODC goAML XML schema; elements in schema order). Text is escaped here.
    /// - Parameters:
    ///   - rentityID: the reporting entity (the broker's id).
    ///   - branch: `rentity_branch`, left out when nil.
    ///   - reference: `entity_reference`.
    ///   - submissionDate: `submission_date`, `YYYY-MM-DDThh:mm:ss`.
    ///   - currency: `currency_code_local`, ISO 4217.
    ///   - city: the location's city, left out when nil.
    ///   - country: the location's ISO 3166 country code.
    ///   - reason: `reason`.
    ///   - action: `action`.
    /// - Returns: the XML text, ending with a blank line.
    static func reportHeader(
        rentityID: String, branch: String? = nil, reference: String, submissionDate: String, currency: String,
        city: String? = nil, country: String, reason: String, action: String
    ) -> String {
        let xml = escape
        let branchLine = branch.map { "  <rentity_branch>\(xml($0))</rentity_branch>\n" } ?? ""
        let cityLine = city.map { "    <city>\(xml($0))</city>\n" } ?? ""
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<report>\n"
            + "  <rentity_id>\(xml(rentityID))</rentity_id>\n" + branchLine
            + """
              <submission_code>E</submission_code>
              <report_code>CTR</report_code>
              <entity_reference>\(xml(reference))</entity_reference>
              <submission_date>\(submissionDate)</submission_date>
              <currency_code_local>\(currency)</currency_code_local>
              <reporting_person>
                <first_name>Compliance</first_name>
                <last_name>Officer</last_name>
              </reporting_person>
              <location>
                <address_type>B</address_type>
                <address>Main branch</address>

            """ + cityLine
            + """
                <country_code>\(country)</country_code>
              </location>
              <reason>\(xml(reason))</reason>
              <action>\(xml(action))</action>

            """
    }

    private func transaction(_ t: SimTransfer) -> String {
        let sender = network.brokers[Int(t.sender)], receiver = network.brokers[Int(t.receiver)]
        let local = book.index(of: sender.currency)
        let c = Int(t.currency)
        let foreign = local != t.currency
        let amountLocal = foreign ? book.minor(usd: book.usd(minor: t.minor, currency: t.currency), currency: local) : t.minor
        let channel = TransferText.channels[Int(t.channel)]
        var reference = TransferText.references[Int(t.reference)]
        if t.reference == TransferText.invoiceReference { reference = "INV-" + String(format: "%05u", t.invoice) }
        var text = """
              <transaction>
                <transactionnumber>\(SimIdentifiers.transfer(t.id))</transactionnumber>

            """
        if !reference.isEmpty { text += "    <transaction_description>\(xml(reference))</transaction_description>\n" }
        text += """
                <date_transaction>\(Self.localDateTime(t.time))</date_transaction>
                <transmode_code>\(channel)</transmode_code>
                <amount_local>\(Self.plain(amountLocal, book.codes[Int(local)]))</amount_local>
                <t_from_my_client>
                  <from_funds_code>\(channel)</from_funds_code>

            """
        if foreign {
            let rate = book.rate[c] / book.rate[Int(local)]
            text += """
                      <from_foreign_currency>
                        <foreign_currency_code>\(book.codes[c].code)</foreign_currency_code>
                        <foreign_amount>\(Self.plain(t.minor, book.codes[c]))</foreign_amount>
                        <foreign_exchange_rate>\(String(format: "%.6f", rate))</foreign_exchange_rate>
                      </from_foreign_currency>

                """
        }
        text += account("from", broker: sender, party: t.originator)
        text += """
                  <from_country>\(sender.country.code)</from_country>
                </t_from_my_client>
                <t_to>
                  <to_funds_code>\(channel)</to_funds_code>

            """
        text += account("to", broker: receiver, party: t.beneficiary)
        text += """
                  <to_country>\(receiver.country.code)</to_country>
                </t_to>
              </transaction>

            """
        return text
    }

    private func account(_ side: String, broker: SimulatedBroker, party: UInt64) -> String {
        let id = SimIdentifiers.party(party)
        let (first, last) = PartyNames.name(code: party, region: broker.country.region)
        return """
                  <\(side)_account>
                    <institution_name>\(xml(broker.name))</institution_name>
                    <institution_code>\(xml(broker.id))</institution_code>
                    <non_bank_institution>true</non_bank_institution>
                    <account>\(id)</account>
                    <currency_code>\(broker.currency.code)</currency_code>
                    <signatory>
                      <is_primary>true</is_primary>
                      <t_person>
                        <first_name>\(xml(first))</first_name>
                        <last_name>\(xml(last))</last_name>
                        <id_number>\(id)</id_number>
                        <nationality1>\(broker.country.code)</nationality1>
                      </t_person>
                    </signatory>
                  </\(side)_account>

            """
    }

    static func plain(_ minor: Int64, _ code: CurrencyCode) -> String {
        Money(minorUnits: minor, currency: code).plainText
    }

    /// `YYYY-MM-DDTHH:MM:SS` (UTC, no zone, as goAML's xs:dateTime).
    static func localDateTime(_ time: Int64) -> String {
        String(UTCTime.iso8601(Date(timeIntervalSince1970: TimeInterval(time))).dropLast())
    }

    /// Escapes the five XML special characters.
    static func escape(_ text: String) -> String {
        guard text.contains(where: { "&<>\"'".contains($0) }) else { return text }
        var out = ""
        for ch in text {
            switch ch {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            default: out.append(ch)
            }
        }
        return out
    }

    private func xml(_ text: String) -> String { Self.escape(text) }
}

/// Made-up person names for goAML persons, chosen from the party code so that one party
/// always has one name.
enum PartyNames {
    static let southAsia = (["Mohammad", "Ahmad", "Abdul", "Imran", "Farhan", "Bilal", "Ayesha", "Fatima", "Sana", "Rahim",
                             "Karim", "Nasir", "Shabana", "Rubina", "Tariq", "Zahid"],
                            ["Khan", "Ahmadi", "Hussain", "Qureshi", "Siddiqui", "Rahman", "Hakimi", "Popal", "Durrani",
                             "Yusufzai", "Chaudhry", "Malik", "Sheikh", "Karimi", "Noori", "Stanekzai"])
    static let horn = (["Abdi", "Hodan", "Faadumo", "Mohamed", "Ahmed", "Hawa", "Ismail", "Sahra", "Yusuf", "Nasra"],
                       ["Warsame", "Farah", "Hassan", "Jama", "Abdullahi", "Osman", "Dahir", "Nur", "Egal", "Hersi"])
    static let central = (["Rustam", "Dilshod", "Farrukh", "Gulnora", "Sardor", "Nodira", "Jamshid", "Zarina", "Bakhtiyor",
                           "Madina"],
                          ["Karimov", "Rakhimov", "Nazarov", "Saidova", "Tursunov", "Yusupova", "Aliev", "Ergashev",
                           "Sharipov", "Kholova"])

    static func name(code: UInt64, region: HawalaRegion) -> (String, String) {
        let pool: ([String], [String])
        switch region {
        case .russiaCentralAsia: pool = central
        case .europe where code & 3 == 0: pool = horn
        default: pool = code % 7 == 0 ? horn : southAsia
        }
        let mixed = SplitMix64.mix(code)
        return (pool.0[Int(mixed % UInt64(pool.0.count))], pool.1[Int((mixed >> 20) % UInt64(pool.1.count))])
    }
}
