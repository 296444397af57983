//! The web crate's tests, driven through routers with `tower::ServiceExt::oneshot`:
//! - `chrome`: the page frame, error pages, static assets, metrics and middleware stack on a
//!   small router (no `App` needed);
//! - `flows`: the real router on a real database (SQLite and PostgreSQL) with the demo data:
//!   sign-in, CSRF, permissions across organisations, forms, bad input, feeds and the
//!   sitemap (read back with an independent XML parser).
#![expect(
    clippy::expect_used,
    clippy::unwrap_used,
    reason = "a failed set-up step should fail the test loudly"
)]

mod chrome {
    mod assets;
    mod errors;
    mod headers;
    mod layout;
    mod metrics;
    mod support;
}

mod flows {
    mod access;
    mod applications;
    mod attachments;
    mod audiences;
    mod auth;
    mod bad_input;
    mod content;
    mod directory;
    mod editor;
    mod editorial;
    mod feeds;
    mod handbook;
    mod media;
    mod outbox;
    mod photo_stories;
    mod plans;
    mod policies;
    mod portal_products;
    mod programmes;
    mod publications;
    mod quiz;
    mod reports;
    mod search;
    mod support;
    mod videos;
}
