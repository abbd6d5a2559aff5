import GRDB
import HawalaCore

extension Store {
    /// Every broker alias (table `broker_aliases`): the other identifiers a source gives for a
    /// broker, e.g. a goAML account's SWIFT/BIC, `institution_code` or `institution_name`
    /// beside the reporting entity's `rentity_id`; ordered by broker, then alias.
    /// - Returns: the aliases.
    /// - Throws: ``StoreError`` `.io` when the query fails.
    public func brokerAliases() throws(StoreError) -> [BrokerAlias] {
        try read("read broker aliases") { db in
            try Row.fetchAll(db, sql: "SELECT alias, broker, source FROM broker_aliases ORDER BY broker, alias").map {
                BrokerAlias(alias: $0["alias"], broker: $0["broker"], source: $0["source"])
            }
        }
    }
}
