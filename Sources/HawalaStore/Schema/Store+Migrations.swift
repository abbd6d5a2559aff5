import GRDB
import HawalaCore
import Logging

extension Store {
    /// The schema versions, in order. Each is applied once, in its own transaction, and
    /// recorded in GRDB's `grdb_migrations` table. Never edit a shipped migration: add one.
    static let migrationIDs = ["v1-ingest", "v1-analysis", "v1-views", "v2-ingest", "v2-review-cases", "v3-ingest"]

    /// The migrator holding every schema version (see docs/schema.md).
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1-ingest") { db in
            try db.execute(sql: ingestSchema)
            // ISO 4217 minor-unit digits, so views can print amounts as decimal text.
            let insert = try db.makeStatement(sql: "INSERT INTO currencies(code, minor_digits) VALUES (?, ?)")
            for currency in CurrencyCode.all {
                try insert.execute(arguments: [currency.code, currency.minorUnitDigits])
            }
        }
        migrator.registerMigration("v1-analysis") { db in
            try db.execute(sql: analysisSchema)
        }
        migrator.registerMigration("v1-views") { db in
            try db.execute(sql: viewsSchema)
        }
        migrator.registerMigration("v2-ingest") { db in
            try db.execute(sql: ingestSchemaV2)
        }
        migrator.registerMigration("v2-review-cases") { db in
            try db.execute(sql: reviewSchema)
        }
        migrator.registerMigration("v3-ingest") { db in
            // Issue 11: the transfer id's UNIQUE constraint becomes a named index a bulk load
            // can drop and rebuild. Views name `transfers`: keep their SQL, drop them, rebuild
            // the table (SQLite cannot drop a column constraint), recreate them as they were.
            let views = try Row.fetchAll(
                db, sql: "SELECT name, sql FROM sqlite_master WHERE type = 'view' ORDER BY rowid")
            for view in views {
                try db.execute(sql: "DROP VIEW \((view["name"] as String).quotedDatabaseIdentifier)")
            }
            try db.execute(sql: transfersSchemaV3)
            for view in views { try db.execute(sql: view["sql"] as String) }
        }
        return migrator
    }

    /// Applies pending migrations; refuses files that are not ours or are newer than us.
    static func migrate(_ queue: DatabaseQueue, path: String, logger: Logger) throws(StoreError) {
        let location = SourceLocation(file: path)
        let migrator = Store.migrator
        do {
            try queue.read { db in
                let applied = try migrator.appliedIdentifiers(db)
                if !applied.isEmpty, !applied.isSubset(of: Set(migrationIDs)) {
                    throw StoreError(
                        .incompatible, "the database was written by a newer HawalaTrace (schema \(applied.sorted().joined(separator: ", ")))",
                        location: location)
                }
                if applied.isEmpty {
                    let tables = try String.fetchAll(
                        db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
                    if !tables.isEmpty, !tables.contains("grdb_migrations") {
                        throw StoreError(
                            .incompatible,
                            "not a HawalaTrace database (it holds tables \(tables.prefix(5).joined(separator: ", ")))",
                            location: location)
                    }
                }
            }
            let pending = try queue.read { db in try migrator.appliedIdentifiers(db) }
            if pending.count < migrationIDs.count {
                logger.debug("migrating database schema", metadata: ["path": "\(path)"])
            }
            try migrator.migrate(queue)
        } catch let error as StoreError {
            throw error
        } catch let error as DatabaseError where error.resultCode == .SQLITE_NOTADB {
            throw StoreError(.incompatible, "not a SQLite database", location: location, underlying: error)
        } catch let error as DatabaseError
            where [.SQLITE_BUSY, .SQLITE_LOCKED, .SQLITE_FULL, .SQLITE_READONLY, .SQLITE_IOERR].contains(error.resultCode)
        {
            throw openError(error, path: path, location: location)
        } catch {
            throw StoreError(.io, "cannot migrate the database schema", location: location, underlying: error)
        }
    }

    /// Checks, without writing, that a database opened read-only has the current schema.
    /// - Throws: ``StoreError`` `.incompatible` when it is not a HawalaTrace database, or its
    ///   schema is newer or older than this version's (an older one is upgraded by opening it
    ///   once read-write, e.g. with `hawala ingest`); `.io` when it cannot be read.
    static func checkSchema(_ queue: DatabaseQueue, path: String) throws(StoreError) {
        let location = SourceLocation(file: path)
        do {
            try queue.read { db in
                let hasMigrations = try Bool.fetchOne(
                    db, sql: "SELECT count(*) > 0 FROM sqlite_master WHERE type = 'table' AND name = 'grdb_migrations'") ?? false
                guard hasMigrations else {
                    throw StoreError(.incompatible, "not a HawalaTrace database (no schema version)", location: location)
                }
                let applied = Set(try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations"))
                if !applied.isSubset(of: Set(migrationIDs)) {
                    throw StoreError(
                        .incompatible, "the database was written by a newer HawalaTrace (schema \(applied.sorted().joined(separator: ", ")))",
                        location: location)
                }
                if applied.count < migrationIDs.count {
                    throw StoreError(
                        .incompatible,
                        "the database's schema is older than this HawalaTrace's; open it once read-write (e.g. `hawala ingest`) to upgrade it",
                        location: location)
                }
            }
        } catch let error as StoreError {
            throw error
        } catch let error as DatabaseError {
            throw openError(error, path: path, location: location)
        } catch {
            throw StoreError(.io, "cannot read the database schema", location: location, underlying: error)
        }
    }

    /// Secondary indexes on `transfers`, created after a bulk load (see ``ImportSession``).
    /// Only the time index: the analysis streams transfers in time order; per-broker lookups
    /// are rare and a scan of millions of rows takes about a second, while each further index
    /// costs ~15% of the import rate.
    ///
    /// `transfers_id` is the transfer id's uniqueness (duplicate detection across imports); a
    /// bulk load drops it too and checks ids by fingerprint meanwhile
    /// (``TransferIDFingerprints``), then rebuilds it before checking the probable duplicates.
    static let transferIndexes: [(name: String, sql: String)] = [
        ("transfers_id", "CREATE UNIQUE INDEX IF NOT EXISTS transfers_id ON transfers(id)"),
        ("transfers_time", "CREATE INDEX IF NOT EXISTS transfers_time ON transfers(time)"),
    ]

    /// Issue 11: `transfers` rebuilt with the same columns in the same order, its id's
    /// uniqueness as the named index `transfers_id` instead of an inline `UNIQUE`.
    static let transfersSchemaV3 = """
        CREATE TABLE transfers_v3 (
            seq INTEGER PRIMARY KEY,
            id TEXT NOT NULL,
            time INTEGER NOT NULL,
            sender TEXT NOT NULL,
            receiver TEXT NOT NULL,
            originator TEXT,
            beneficiary TEXT,
            amount INTEGER NOT NULL,
            currency TEXT NOT NULL,
            reporting_amount INTEGER,
            reporting_currency TEXT,
            channel TEXT,
            reference TEXT,
            import_id INTEGER NOT NULL,
            line INTEGER,
            element TEXT,
            kind TEXT NOT NULL DEFAULT 'transfer' CHECK (kind IN ('transfer', 'cash_deposit', 'cash_withdrawal')),
            local_amount INTEGER,
            local_currency TEXT,
            received_amount INTEGER,
            received_currency TEXT
        );
        INSERT INTO transfers_v3
            SELECT seq, id, time, sender, receiver, originator, beneficiary, amount, currency, reporting_amount,
                   reporting_currency, channel, reference, import_id, line, element, kind, local_amount,
                   local_currency, received_amount, received_currency
            FROM transfers ORDER BY seq;
        DROP TABLE transfers;
        ALTER TABLE transfers_v3 RENAME TO transfers;
        CREATE UNIQUE INDEX transfers_id ON transfers(id);
        CREATE INDEX transfers_time ON transfers(time);
        """

    static let ingestSchema = """
        CREATE TABLE currencies (
            code TEXT PRIMARY KEY NOT NULL,
            minor_digits INTEGER NOT NULL
        ) WITHOUT ROWID;

        CREATE TABLE brokers (
            id TEXT PRIMARY KEY NOT NULL,
            name TEXT,
            country TEXT,
            licence TEXT
        );

        CREATE TABLE parties (
            id TEXT PRIMARY KEY NOT NULL,
            name TEXT,
            kind TEXT NOT NULL DEFAULT 'unknown' CHECK (kind IN ('person', 'entity', 'unknown')),
            country TEXT
        );

        CREATE TABLE imports (
            id INTEGER PRIMARY KEY,
            path TEXT NOT NULL,
            sha256 TEXT NOT NULL UNIQUE,
            size INTEGER NOT NULL,
            specification TEXT NOT NULL,
            reporting_currency TEXT NOT NULL,
            started_at INTEGER NOT NULL,
            finished_at INTEGER,
            imported INTEGER NOT NULL DEFAULT 0,
            duplicates INTEGER NOT NULL DEFAULT 0,
            rejected INTEGER NOT NULL DEFAULT 0,
            unconverted INTEGER NOT NULL DEFAULT 0
        );

        CREATE TABLE transfers (
            seq INTEGER PRIMARY KEY,
            id TEXT NOT NULL UNIQUE,
            time INTEGER NOT NULL,
            sender TEXT NOT NULL,
            receiver TEXT NOT NULL,
            originator TEXT,
            beneficiary TEXT,
            amount INTEGER NOT NULL,
            currency TEXT NOT NULL,
            reporting_amount INTEGER,
            reporting_currency TEXT,
            channel TEXT,
            reference TEXT,
            import_id INTEGER NOT NULL,
            line INTEGER,
            element TEXT
        );

        CREATE TABLE transfer_duplicates (
            transfer_id TEXT NOT NULL,
            import_id INTEGER NOT NULL REFERENCES imports(id),
            line INTEGER,
            element TEXT,
            differs INTEGER NOT NULL DEFAULT 0
        );
        CREATE INDEX transfer_duplicates_transfer ON transfer_duplicates(transfer_id);

        CREATE TABLE rejects (
            id INTEGER PRIMARY KEY,
            import_id INTEGER NOT NULL REFERENCES imports(id),
            line INTEGER,
            element TEXT,
            field TEXT,
            reason TEXT NOT NULL,
            raw TEXT NOT NULL
        );
        CREATE INDEX rejects_import ON rejects(import_id);

        CREATE TABLE exchange_rates (
            currency TEXT NOT NULL,
            reporting_currency TEXT NOT NULL,
            valid_from TEXT,
            rate TEXT NOT NULL
        );
        CREATE UNIQUE INDEX exchange_rates_key
            ON exchange_rates(currency, reporting_currency, coalesce(valid_from, ''));
        """

    /// Issue 10: exact raw bytes of rejects; transfer kinds, local and received amounts;
    /// party birth dates and identifier fields; broker aliases; the imports each analysis run
    /// covered; views showing them.
    static let ingestSchemaV2 = """
        ALTER TABLE rejects ADD COLUMN raw_bytes BLOB;

        ALTER TABLE transfers ADD COLUMN kind TEXT NOT NULL DEFAULT 'transfer'
            CHECK (kind IN ('transfer', 'cash_deposit', 'cash_withdrawal'));
        ALTER TABLE transfers ADD COLUMN local_amount INTEGER;
        ALTER TABLE transfers ADD COLUMN local_currency TEXT;
        ALTER TABLE transfers ADD COLUMN received_amount INTEGER;
        ALTER TABLE transfers ADD COLUMN received_currency TEXT;
        CREATE INDEX transfer_duplicates_import ON transfer_duplicates(import_id);

        ALTER TABLE parties ADD COLUMN birth_date TEXT;
        ALTER TABLE parties ADD COLUMN identified_by TEXT;

        CREATE TABLE broker_aliases (
            alias TEXT NOT NULL,
            broker TEXT NOT NULL,
            source TEXT NOT NULL,
            import_id INTEGER REFERENCES imports(id),
            PRIMARY KEY (alias, broker)
        );

        CREATE TABLE removed_imports (
            id INTEGER PRIMARY KEY,
            path TEXT NOT NULL,
            sha256 TEXT NOT NULL,
            specification TEXT NOT NULL,
            imported INTEGER NOT NULL,
            removed_at INTEGER NOT NULL
        );

        CREATE TABLE analysis_run_imports (
            run_id INTEGER NOT NULL REFERENCES analysis_runs(id) ON DELETE CASCADE,
            import_id INTEGER NOT NULL,
            path TEXT NOT NULL,
            sha256 TEXT NOT NULL,
            PRIMARY KEY (run_id, import_id)
        );

        DROP VIEW v_transfers;
        CREATE VIEW v_transfers AS
            SELECT t.id AS id,
                   strftime('%Y-%m-%dT%H:%M:%SZ', t.time, 'unixepoch') AS time,
                   t.sender, t.receiver, t.originator, t.beneficiary,
                   \(decimalText("t.amount", "c.minor_digits")) AS amount, t.currency,
                   \(decimalText("t.reporting_amount", "r.minor_digits")) AS reporting_amount,
                   t.reporting_currency,
                   t.reporting_amount IS NULL AS no_rate,
                   t.channel, t.reference, i.path AS file, t.line, t.element,
                   t.kind,
                   \(decimalText("t.local_amount", "l.minor_digits")) AS local_amount, t.local_currency,
                   \(decimalText("t.received_amount", "v.minor_digits")) AS received_amount, t.received_currency
            FROM transfers t
            LEFT JOIN currencies c ON c.code = t.currency
            LEFT JOIN currencies r ON r.code = t.reporting_currency
            LEFT JOIN currencies l ON l.code = t.local_currency
            LEFT JOIN currencies v ON v.code = t.received_currency
            LEFT JOIN imports i ON i.id = t.import_id;

        DROP VIEW v_rejects;
        CREATE VIEW v_rejects AS
            SELECT r.id, r.import_id, i.path AS file, r.line, r.element, r.field, r.reason, r.raw,
                   hex(r.raw_bytes) AS raw_hex
            FROM rejects r JOIN imports i ON i.id = r.import_id;
        """

    static let analysisSchema = """
        CREATE TABLE analysis_runs (
            id INTEGER PRIMARY KEY,
            started_at INTEGER NOT NULL,
            finished_at INTEGER NOT NULL,
            parameters TEXT NOT NULL,
            transfer_count INTEGER NOT NULL,
            first_at INTEGER,
            last_at INTEGER,
            tool_version TEXT NOT NULL
        );

        CREATE TABLE findings (
            run_id INTEGER NOT NULL REFERENCES analysis_runs(id) ON DELETE CASCADE,
            position INTEGER NOT NULL,
            id TEXT NOT NULL,
            typology TEXT NOT NULL,
            score REAL NOT NULL,
            brokers TEXT NOT NULL,
            transfer_ids TEXT NOT NULL,
            amount REAL NOT NULL,
            currency TEXT NOT NULL,
            first_at INTEGER NOT NULL,
            last_at INTEGER NOT NULL,
            explanation TEXT NOT NULL,
            PRIMARY KEY (run_id, id)
        );
        CREATE INDEX findings_run_typology ON findings(run_id, typology, position);
        """

    /// Pure-SQL decimal text of an integer minor-unit amount (readable in any sqlite3 shell):
    /// `12345` with 2 digits gives `"123.45"`.
    static func decimalText(_ amount: String, _ digits: String) -> String {
        let scale = "(CASE \(digits) WHEN 1 THEN 10 WHEN 2 THEN 100 WHEN 3 THEN 1000 WHEN 4 THEN 10000 ELSE 1 END)"
        return """
            (CASE WHEN \(amount) IS NULL THEN NULL \
            WHEN coalesce(\(digits), 0) = 0 THEN CAST(\(amount) AS TEXT) \
            ELSE (CASE WHEN \(amount) < 0 THEN '-' ELSE '' END) || (abs(\(amount)) / \(scale)) || '.' \
            || substr('0000' || (abs(\(amount)) % \(scale)), -\(digits)) END)
            """
    }

    static let viewsSchema = """
        CREATE VIEW transfer_provenance AS
            SELECT t.id AS transfer_id, i.id AS import_id, i.path AS file, i.sha256 AS sha256,
                   t.line AS line, t.element AS element, 1 AS first, 0 AS differs
            FROM transfers t JOIN imports i ON i.id = t.import_id
            UNION ALL
            SELECT d.transfer_id, i.id, i.path, i.sha256, d.line, d.element, 0, d.differs
            FROM transfer_duplicates d JOIN imports i ON i.id = d.import_id;

        CREATE VIEW v_transfers AS
            SELECT t.id AS id,
                   strftime('%Y-%m-%dT%H:%M:%SZ', t.time, 'unixepoch') AS time,
                   t.sender, t.receiver, t.originator, t.beneficiary,
                   \(decimalText("t.amount", "c.minor_digits")) AS amount, t.currency,
                   \(decimalText("t.reporting_amount", "r.minor_digits")) AS reporting_amount,
                   t.reporting_currency,
                   t.reporting_amount IS NULL AS no_rate,
                   t.channel, t.reference, i.path AS file, t.line, t.element
            FROM transfers t
            LEFT JOIN currencies c ON c.code = t.currency
            LEFT JOIN currencies r ON r.code = t.reporting_currency
            LEFT JOIN imports i ON i.id = t.import_id;

        CREATE VIEW v_imports AS
            SELECT id, path, sha256, size, specification, reporting_currency,
                   strftime('%Y-%m-%dT%H:%M:%SZ', started_at, 'unixepoch') AS started_at,
                   strftime('%Y-%m-%dT%H:%M:%SZ', finished_at, 'unixepoch') AS finished_at,
                   imported, duplicates, rejected, unconverted
            FROM imports;

        CREATE VIEW v_rejects AS
            SELECT r.id, r.import_id, i.path AS file, r.line, r.element, r.field, r.reason, r.raw
            FROM rejects r JOIN imports i ON i.id = r.import_id;

        CREATE VIEW v_analysis_runs AS
            SELECT id,
                   strftime('%Y-%m-%dT%H:%M:%SZ', started_at, 'unixepoch') AS started_at,
                   strftime('%Y-%m-%dT%H:%M:%SZ', finished_at, 'unixepoch') AS finished_at,
                   transfer_count,
                   strftime('%Y-%m-%dT%H:%M:%SZ', first_at, 'unixepoch') AS first_at,
                   strftime('%Y-%m-%dT%H:%M:%SZ', last_at, 'unixepoch') AS last_at,
                   tool_version, parameters,
                   (SELECT count(*) FROM findings f WHERE f.run_id = analysis_runs.id) AS findings
            FROM analysis_runs;

        CREATE VIEW v_findings AS
            SELECT run_id, id, typology, score, brokers, transfer_ids, amount, currency,
                   strftime('%Y-%m-%dT%H:%M:%SZ', first_at, 'unixepoch') AS first_at,
                   strftime('%Y-%m-%dT%H:%M:%SZ', last_at, 'unixepoch') AS last_at,
                   explanation
            FROM findings ORDER BY run_id, position;
        """
}
