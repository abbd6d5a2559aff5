import HawalaCore

// Placeholder: the store (schema, migrations, bulk insert, queries) is built under issue 2.
