//! The page frame, error pages, static assets, metrics and middleware stack, driven through
//! a small router (no `App` needed) with `tower::ServiceExt::oneshot`.
#![expect(
    clippy::expect_used,
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
