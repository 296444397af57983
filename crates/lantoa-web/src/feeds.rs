//! Machine-readable views of the portal (issue 3, point 4): `/rss.xml` and `/atom.xml` (the
//! latest published articles), `/chu-de/{topic}/rss.xml` and `…/atom.xml` (one topic),
//! `/sitemap.xml`. Absolute URLs come from `site.public_url` (else the request's host).

use axum::extract::{Path, State};
use axum::http::{HeaderMap, header};
use axum::response::{IntoResponse, Response};
use lantoa_app::feeds::{self, FeedFormat, SiteInfo};
use lantoa_domain::content::{self as domain, Topic};

use crate::error::AppError;
use crate::{WebState, app_error};

/// Feeds and the sitemap change when something is published; readers poll. A few minutes of
/// caching spares the database without delaying news much. Shared caches may keep them only
/// when the addresses inside come from `site.public_url`, not from the request's `Host`.
fn xml(state: &WebState, content_type: &'static str, body: String) -> Response {
    let cache = if state.site.identity.public_url.is_empty() {
        "private, max-age=300"
    } else {
        "public, max-age=300"
    };
    (
        [
            (header::CONTENT_TYPE, content_type),
            (header::CACHE_CONTROL, cache),
        ],
        body,
    )
        .into_response()
}

async fn feed(
    state: WebState,
    headers: &HeaderMap,
    topic: Option<&'static Topic>,
    format: FeedFormat,
) -> Result<Response, AppError> {
    let base = state.base_url(headers);
    let site = state.site.clone();
    let body = state
        .app
        .run(move |app, conn| {
            let info = SiteInfo {
                base_url: &base,
                site_name: &site.identity.site_name,
            };
            feeds::feed(app, conn, info, topic, format)
        })
        .await
        .map_err(app_error)?;
    Ok(xml(&state, format.content_type(), body))
}

fn topic_of(code: &str) -> Result<&'static Topic, AppError> {
    domain::topic(code).ok_or(AppError::NotFound)
}

pub async fn rss(State(state): State<WebState>, headers: HeaderMap) -> Result<Response, AppError> {
    feed(state, &headers, None, FeedFormat::Rss).await
}

pub async fn atom(State(state): State<WebState>, headers: HeaderMap) -> Result<Response, AppError> {
    feed(state, &headers, None, FeedFormat::Atom).await
}

pub async fn topic_rss(
    State(state): State<WebState>,
    headers: HeaderMap,
    Path(code): Path<String>,
) -> Result<Response, AppError> {
    feed(state, &headers, Some(topic_of(&code)?), FeedFormat::Rss).await
}

pub async fn topic_atom(
    State(state): State<WebState>,
    headers: HeaderMap,
    Path(code): Path<String>,
) -> Result<Response, AppError> {
    feed(state, &headers, Some(topic_of(&code)?), FeedFormat::Atom).await
}

pub async fn sitemap(
    State(state): State<WebState>,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    let base = state.base_url(&headers);
    let site = state.site.clone();
    let body = state
        .app
        .run(move |app, conn| {
            let info = SiteInfo {
                base_url: &base,
                site_name: &site.identity.site_name,
            };
            feeds::sitemap(conn, info, app.clock.today())
        })
        .await
        .map_err(app_error)?;
    Ok(xml(&state, "application/xml; charset=utf-8", body))
}
