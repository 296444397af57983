//! Use cases on a real database, on SQLite and PostgreSQL.
#![expect(
    clippy::unwrap_used,
    reason = "a failed set-up step should fail the test loudly"
)]

mod app {
    mod content;
    mod demo;
    mod directory;
    mod notifications;
    mod plans;
    mod product_import;
    mod products;
    mod reports;
    mod search;
}
