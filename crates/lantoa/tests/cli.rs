//! The `lantoa` binary as an operator uses it: configuration errors, an unreachable
//! database, migrations, users, backups, imports and the demo server on both engines.
#![expect(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a failed set-up step should fail the test loudly"
)]

mod cli {
    mod applications;
    mod commands;
    mod content;
    mod mail;
    mod programmes;
    mod serve;
    mod smtp_sink;
    mod support;
}
