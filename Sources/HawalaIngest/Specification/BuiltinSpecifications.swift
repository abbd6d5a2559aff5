import HawalaCore

/// A built-in import specification: its name, one line saying what it reads, and its YAML
/// text (commented, for `hawala specs show NAME` and for copying).
public struct BuiltinSpecification: Sendable {
    /// The name, e.g. `"amlsim"`.
    public let name: String
    /// One line saying what files it reads.
    public let summary: String
    /// The specification as commented YAML.
    public let yaml: String
    /// The decoded specification.
    public let specification: ImportSpecification
}

/// The text form of a printed specification.
public enum SpecificationTextFormat: String, Sendable, CaseIterable {
    /// Commented YAML, as built in.
    case yaml
    /// JSON (sorted keys).
    case json
}

/// The import specifications HawalaTrace ships: `canonical`, `amlsim`, `amlsim-full`, `amlworld`, `goaml`.
/// See docs/import-specifications.md.
public enum BuiltinSpecifications {
    /// Every built-in, in the order `hawala specs` lists them.
    public static let all: [BuiltinSpecification] = sources.compactMap { name, summary, yaml in
        guard let spec = try? ImportSpecification.parse(yaml, source: "built-in \(name)") else { return nil }
        return BuiltinSpecification(name: name, summary: summary, yaml: yaml, specification: spec)
    }

    /// The built-in of this name.
    /// - Parameter name: e.g. `"amlworld"` (case-insensitive).
    /// - Returns: the specification, or `nil` when there is no built-in of that name.
    public static func named(_ name: String) -> ImportSpecification? {
        all.first { $0.name == name.lowercased() }?.specification
    }

    /// The built-in's text, for a user to copy and edit.
    /// - Parameters:
    ///   - name: the built-in's name.
    ///   - format: YAML (commented, default) or JSON.
    /// - Returns: the text, or `nil` when there is no built-in of that name.
    public static func text(for name: String, format: SpecificationTextFormat = .yaml) -> String? {
        guard let builtin = all.first(where: { $0.name == name.lowercased() }) else { return nil }
        switch format {
        case .yaml: return builtin.yaml
        case .json: return builtin.specification.jsonText()
        }
    }

    /// What `hawala specs` lists and `hawala specs show brokers` prints for the broker
    /// register, which has a fixed layout rather than an import specification.
    public static let brokerRegisterText = """
        # brokers: a broker register (hawaladars, exchange houses, MSBs), not an editable specification.
        # A CSV file whose header names the columns (any order, case-insensitive):
        #   id (or broker_id)                     required: the broker's identifier, as in the transfers
        #   name                                  optional
        #   country                               optional: ISO 3166-1 alpha-2, e.g. AE
        #   licence (or license, registration)    optional
        # Separated by ',' ';' or a tab (detected from the header); UTF-8.
        # Detected from its header, or named with: hawala ingest --spec brokers FILE
        id,name,country,licence
        B001,Al Noor Exchange,AE,DED-12345

        """

    /// Resolves `--spec NAME|FILE`: a built-in name, else a JSON/YAML file.
    /// - Parameter nameOrPath: a built-in name or a path.
    /// - Returns: the specification.
    /// - Throws: ``IngestError`` `.badSpecification` when it is neither a built-in nor a valid
    ///   specification file (`.missingInput` when the file does not exist).
    public static func resolve(_ nameOrPath: String) throws(IngestError) -> ImportSpecification {
        if let spec = named(nameOrPath) { return spec }
        let looksLikeFile = nameOrPath.contains("/") || nameOrPath.hasSuffix(".json") || nameOrPath.hasSuffix(".yaml")
            || nameOrPath.hasSuffix(".yml")
        guard looksLikeFile else {
            throw IngestError(
                .badSpecification,
                "no built-in import specification '\(nameOrPath)'; built-ins: \(all.map(\.name).joined(separator: ", ")), "
                    + "\(BrokerRegisterReader.specificationName) (a broker register), or give a JSON/YAML file")
        }
        return try ImportSpecification.load(path: nameOrPath)
    }

    /// The spelled-out currency names of AMLworld mapped to ISO 4217 codes. "Bitcoin" has no
    /// ISO 4217 code and is deliberately absent: such rows are rejected with that reason.
    public static let amlworldCurrencyNames: [String: String] = [
        "US Dollar": "USD", "Euro": "EUR", "Yuan": "CNY", "Yen": "JPY", "UK Pound": "GBP", "Rupee": "INR",
        "Ruble": "RUB", "Swiss Franc": "CHF", "Australian Dollar": "AUD", "Canadian Dollar": "CAD",
        "Mexican Peso": "MXN", "Brazil Real": "BRL", "Shekel": "ILS", "Saudi Riyal": "SAR",
    ]

    private static let sources: [(String, String, String)] = [
        (
            "canonical", "HawalaTrace's own CSV (docs/canonical-csv.md): one transfer per row, ISO 8601 UTC times",
            """
            # HawalaTrace's canonical CSV (docs/canonical-csv.md).
            name: canonical
            description: HawalaTrace's own CSV, one transfer per row, ISO 8601 UTC times
            format: csv
            delimiter: ","
            encoding: utf-8
            header: true
            columns:
              transfer_id: transfer_id
              timestamp: timestamp
              sender_broker: sender_broker
              receiver_broker: receiver_broker
              originator: originator
              beneficiary: beneficiary
              amount: amount
              currency: currency
              channel: channel
              reference: reference
            date_format: iso8601
            timezone_offset: "+00:00"
            decimal_separator: "."
            allow_self_transfer: false

            """
        ),
        (
            "amlsim", "AMLSim sample sets: sourceNodeId,targetNodeId,value,time (day steps from 2017-01-01, USD)",
            """
            # AMLSim (IBM) sample sets, e.g. amlsim-20k/transactions.csv.
            # Each account is a broker; time is an integer day step from the run's base date.
            # The files carry no transfer id: ids are <first 12 hex of the file's SHA-256>:<line>.
            name: amlsim
            description: "AMLSim sample sets: sourceNodeId,targetNodeId,value,time"
            format: csv
            delimiter: ","
            header: true
            columns:
              sender_broker: sourceNodeId
              receiver_broker: targetNodeId
              amount: value
              timestamp: time
            time_step:
              base: "2017-01-01T00:00:00Z"
              unit: days
            currency: USD
            decimal_separator: "."
            # The sample sets hold a few account-to-itself transfers; keep them.
            allow_self_transfer: true

            """
        ),
        (
            "amlsim-full", "AMLSim full-run transactions: tran_id,orig_acct,bene_acct,tx_type,base_amt,tran_timestamp,...",
            """
            # AMLSim (IBM) full-run output: tx.csv / transactions.csv.
            # is_sar and alert_id are ground truth, not imported.
            name: amlsim-full
            description: "AMLSim full-run transactions: tran_id,orig_acct,bene_acct,tx_type,base_amt,tran_timestamp,is_sar,alert_id"
            format: csv
            delimiter: ","
            header: true
            columns:
              transfer_id: tran_id
              sender_broker: orig_acct
              receiver_broker: bene_acct
              channel: tx_type
              amount: base_amt
              timestamp: tran_timestamp
            date_format: iso8601
            currency: USD
            decimal_separator: "."
            allow_self_transfer: true

            """
        ),
        (
            "amlworld", "IBM AMLworld *_Trans.csv: an account is bank + account; amount paid (and received) in their currencies",
            """
            # IBM AMLworld (Altman et al., NeurIPS 2023) *_Trans.csv:
            # Timestamp,From Bank,Account,To Bank,Account,Amount Received,Receiving Currency,
            # Amount Paid,Payment Currency,Payment Format,Is Laundering
            # The header repeats "Account", so accounts are named by index (2 and 4).
            # A broker is bank + account joined with ":", e.g. "010:8000EBD30".
            # Bitcoin has no ISO 4217 code: those rows are rejected with that reason.
            # Is Laundering is ground truth, not imported.
            name: amlworld
            description: "IBM AMLworld *_Trans.csv (bank + account as broker)"
            format: csv
            delimiter: ","
            header: true
            columns:
              timestamp: Timestamp
              sender_broker: [From Bank, 2]
              receiver_broker: [To Bank, 4]
              amount: Amount Paid
              currency: Payment Currency
              # Both amounts are kept: paid (above) and received, which differ across currencies.
              received_amount: Amount Received
              received_currency: Receiving Currency
              channel: Payment Format
            date_format: yyyy/MM/dd HH:mm
            timezone_offset: "+00:00"
            decimal_separator: "."
            currency_names:
              US Dollar: USD
              Euro: EUR
              Yuan: CNY
              Yen: JPY
              UK Pound: GBP
              Rupee: INR
              Ruble: RUB
              Swiss Franc: CHF
              Australian Dollar: AUD
              Canadian Dollar: CAD
              Mexican Peso: MXN
              Brazil Real: BRL
              Shekel: ILS
              Saudi Riyal: SAR
            # AMLworld holds account-to-itself payments (reinvestment); keep them.
            allow_self_transfer: true

            """
        ),
        (
            "goaml", "goAML XML reports (UNODC), schema 4.x and 5.0.x, bi-party and multi-party transactions",
            """
            # goAML XML reports (UNODC), schema 4.x and 5.0.x. No column mapping: the reader
            # knows the schema (docs/import-specifications.md, "goaml").
            # date_transaction is local time of the reporting entity: set its UTC offset here.
            name: goaml
            description: goAML XML reports, bi-party and multi-party transactions
            format: goaml
            timezone_offset: "+00:00"
            allow_self_transfer: false

            """
        ),
    ]
}
