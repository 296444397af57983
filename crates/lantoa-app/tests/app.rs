//! Use cases on a real database, on SQLite and PostgreSQL.
#![expect(
    clippy::unwrap_used,
    reason = "a failed set-up step should fail the test loudly"
)]

mod app {
    mod applications;
    mod attachments;
    mod content;
    mod content_import;
    mod demo;
    mod directory;
    mod listing;
    mod mail;
    mod media;
    mod notifications;
    mod photo_stories;
    mod plans;
    mod policies;
    mod portal_cache;
    mod portal_products;
    mod product_import;
    mod products;
    mod programmes;
    mod publications;
    mod quiz;
    mod report_documents;
    mod reports;
    mod revisions;
    mod scheduling;
    mod search;
    mod support;
    mod videos;
}
