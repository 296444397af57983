//! The connection type: one enum over SQLite and PostgreSQL, so every query is written once.

/// A connection to either engine. Queries are written against this type; the few
/// engine-specific pieces match on the variant.
#[derive(diesel::MultiConnection)]
pub enum Conn {
    Sqlite(diesel::SqliteConnection),
    Postgres(diesel::PgConnection),
}
