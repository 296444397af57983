//! Store tests: each runs on SQLite and on PostgreSQL (see `lantoa_store::both_engines!`).

mod store {
    mod orgs;
    mod schema_parity;
    mod users_sessions;
}
