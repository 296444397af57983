//! Machine-readable views of the portal (issue 3, point 4): `/rss.xml` and `/atom.xml` (the
//! latest published articles), `/chu-de/{topic}/rss.xml` and `…/atom.xml` (one topic),
//! `/sitemap.xml`. Absolute URLs come from `site.base_url`.

use axum::extract::{Path, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use lantoa_app::feeds::{self, FeedFormat, SiteInfo};
use lantoa_domain::content::{self as domain, Topic};

use crate::error::AppError;
use crate::{WebState, app_error};

/// Feeds and the sitemap change when something is published; readers poll. A few minutes of
/// caching spares the database without delaying news much.
const CACHE: &str = "public, max-age=300";

fn xml(content_type: &'static str, body: String) -> Response {
    (
        [
            (header::CONTENT_TYPE, content_type),
            (header::CACHE_CONTROL, CACHE),
        ],
        body,
    )
        .into_response()
}

async fn feed(
    state: WebState,
    topic: Option<&'static Topic>,
    format: FeedFormat,
) -> Result<Response, AppError> {
    let site = state.site.clone();
    let body = state
        .app
        .run(move |app, conn| {
            let info = SiteInfo {
                base_url: &site.base_url,
                site_name: &site.identity.site_name,
            };
            feeds::feed(app, conn, info, topic, format)
        })
        .await
        .map_err(app_error)?;
    Ok(xml(format.content_type(), body))
}

fn topic_of(code: &str) -> Result<&'static Topic, AppError> {
    domain::topic(code).ok_or(AppError::NotFound)
}

pub async fn rss(State(state): State<WebState>) -> Result<Response, AppError> {
    feed(state, None, FeedFormat::Rss).await
}

pub async fn atom(State(state): State<WebState>) -> Result<Response, AppError> {
    feed(state, None, FeedFormat::Atom).await
}

pub async fn topic_rss(
    State(state): State<WebState>,
    Path(code): Path<String>,
) -> Result<Response, AppError> {
    feed(state, Some(topic_of(&code)?), FeedFormat::Rss).await
}

pub async fn topic_atom(
    State(state): State<WebState>,
    Path(code): Path<String>,
) -> Result<Response, AppError> {
    feed(state, Some(topic_of(&code)?), FeedFormat::Atom).await
}

pub async fn sitemap(State(state): State<WebState>) -> Result<Response, AppError> {
    let site = state.site.clone();
    let body = state
        .app
        .run(move |app, conn| {
            let info = SiteInfo {
                base_url: &site.base_url,
                site_name: &site.identity.site_name,
            };
            feeds::sitemap(conn, info, app.clock.today())
        })
        .await
        .map_err(app_error)?;
    Ok(xml("application/xml; charset=utf-8", body))
}
