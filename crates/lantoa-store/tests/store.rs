//! Store tests: each runs on SQLite and on PostgreSQL (see `lantoa_store::both_engines!`).
#![expect(
    clippy::unwrap_used,
    reason = "a failed set-up step should fail the test loudly"
)]

mod store {
    mod directory;
    mod orgs;
    mod programmes;
    mod schema_parity;
    mod users_sessions;
}
