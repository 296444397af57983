//! Static files (CSS, JS, images) embedded in the binary and served under content-hashed URLs.
//!
//! `build.rs` walks `static/` and generates the table. Templates link files through
//! [`url`] (or `chrome.asset("css/site.css")`), so a changed file gets a new URL and browsers
//! may cache every URL for a year. Only hashed URLs are served: an old or made-up hash is a 404.

use axum::Router;
use axum::extract::Path;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing;

/// One embedded file.
#[derive(Debug)]
pub struct Asset {
    /// Path under `static/`, e.g. `css/site.css`.
    pub logical: &'static str,
    /// Public URL with the content hash, e.g. `/static/css/site.0123456789abcdef.css`.
    pub url: &'static str,
    pub content_type: &'static str,
    /// Quoted strong ETag (the content hash).
    pub etag: &'static str,
    pub bytes: &'static [u8],
}

include!(concat!(env!("OUT_DIR"), "/assets.rs"));

/// Caching for hashed URLs: the content behind a URL never changes.
pub const IMMUTABLE: &str = "public, max-age=31536000, immutable";

/// Every embedded file, sorted by logical path.
pub fn all() -> &'static [Asset] {
    ASSETS
}

/// The embedded file at `logical` (a path under `static/`), if any.
pub fn get(logical: &str) -> Option<&'static Asset> {
    ASSETS
        .binary_search_by(|a| a.logical.cmp(logical))
        .ok()
        .and_then(|i| ASSETS.get(i))
}

/// The hashed URL of the file at `logical` (a path under `static/`, e.g. `"css/site.css"`).
///
/// An unknown name is a programming error: it panics in debug builds and tests (so a typo in
/// a template fails the test suite), and in release builds logs an error and returns a URL
/// that answers 404.
pub fn url(logical: &str) -> &'static str {
    match get(logical) {
        Some(asset) => asset.url,
        None => {
            if cfg!(debug_assertions) {
                panic!("unknown static asset {logical:?}: no such file under static/");
            }
            tracing::error!(asset = logical, "unknown static asset");
            "/static/missing"
        }
    }
}

/// The embedded file served at `path` (the part after `/static/`), hash included.
pub fn by_path(path: &str) -> Option<&'static Asset> {
    let path = path.strip_prefix('/').unwrap_or(path);
    ASSETS
        .iter()
        .find(|a| a.url.strip_prefix("/static/") == Some(path))
}

/// Routes serving the embedded files: `GET /static/{*path}`. Merge into the main router.
pub fn routes<S: Clone + Send + Sync + 'static>() -> Router<S> {
    Router::new().route("/static/{*path}", routing::get(serve))
}

/// Handler for `/static/{*path}`: the file with immutable caching and its ETag, `304` when
/// the browser already has it, `404` for anything that is not a current hashed URL.
pub async fn serve(Path(path): Path<String>, headers: HeaderMap) -> Response {
    let Some(asset) = by_path(&path) else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let etag = HeaderValue::from_static(asset.etag);
    let cache = HeaderValue::from_static(IMMUTABLE);
    let matches = headers
        .get_all(header::IF_NONE_MATCH)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .any(|tag| {
            let tag = tag.trim();
            tag == "*" || tag.trim_start_matches("W/") == asset.etag
        });
    if matches {
        return (
            StatusCode::NOT_MODIFIED,
            [(header::ETAG, etag), (header::CACHE_CONTROL, cache)],
        )
            .into_response();
    }
    (
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static(asset.content_type),
            ),
            (header::ETAG, etag),
            (header::CACHE_CONTROL, cache),
        ],
        asset.bytes,
    )
        .into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_asset_url_is_hashed_and_findable() {
        assert!(!all().is_empty());
        for asset in all() {
            assert!(asset.url.starts_with("/static/"), "{}", asset.url);
            assert_ne!(asset.url, format!("/static/{}", asset.logical));
            assert_eq!(get(asset.logical).map(|a| a.url), Some(asset.url));
            assert_eq!(
                by_path(&asset.url["/static/".len()..]).map(|a| a.logical),
                Some(asset.logical)
            );
        }
    }

    #[test]
    #[should_panic(expected = "unknown static asset")]
    fn unknown_asset_fails_loudly_in_debug_builds() {
        url("css/sitee.css");
    }

    #[test]
    fn unhashed_path_is_not_served() {
        assert!(by_path("css/site.css").is_none());
    }
}
