//! Public pages of the foundation: home, about the plan, the English page, health and
//! metrics endpoints, robots.txt (which names the sitemap).

use askama::Template;
use axum::Json;
use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use lantoa_domain::org::OrgKind;
use lantoa_store::orgs;

use crate::chrome::Chrome;
use crate::error::AppError;
use crate::forms::render;
use crate::{WebState, app_error};

#[derive(Template)]
#[template(path = "public/home.html")]
pub struct HomePage {
    pub chrome: Chrome,
    /// The latest published articles; the section is hidden when there are none.
    pub latest: Vec<crate::news::NewsCard>,
}

pub async fn home(State(state): State<WebState>, chrome: Chrome) -> Result<Response, AppError> {
    let latest = crate::news::latest(&state, 3).await?;
    render(&HomePage { chrome, latest })
}

/// Organisations of one kind, for the about page.
pub struct OrgGroup {
    pub label: &'static str,
    pub names: Vec<String>,
}

#[derive(Template)]
#[template(path = "public/about.html")]
pub struct AboutPage {
    pub chrome: Chrome,
    pub groups: Vec<OrgGroup>,
    pub today: String,
}

pub async fn about(State(state): State<WebState>, chrome: Chrome) -> Result<Response, AppError> {
    let (groups, today) = state
        .app
        .run(|app, conn| {
            let today = app.clock.today();
            let all: Vec<_> = orgs::all(conn)?
                .into_iter()
                .filter(|o| lantoa_domain::org::is_valid_on(o.valid_from, o.valid_to, today))
                .collect();
            let groups = OrgKind::ALL
                .into_iter()
                .map(|kind| OrgGroup {
                    label: kind.label(),
                    names: all
                        .iter()
                        .filter(|o| o.kind == kind.code())
                        .map(|o| o.name.clone())
                        .collect(),
                })
                .filter(|g| !g.names.is_empty())
                .collect::<Vec<_>>();
            Ok((groups, lantoa_app::clock::format_date(today)))
        })
        .await
        .map_err(app_error)?;
    render(&AboutPage {
        chrome: chrome.crumb("Giới thiệu", None),
        groups,
        today,
    })
}

#[derive(Template)]
#[template(path = "public/english.html")]
pub struct EnglishPage {
    pub chrome: Chrome,
}

pub async fn english(chrome: Chrome) -> Result<Response, AppError> {
    render(&EnglishPage {
        chrome: chrome.crumb("English", None),
    })
}

/// `GET /healthz`: 200 with the engine and version when the database answers, 503 if not.
pub async fn healthz(State(state): State<WebState>) -> Response {
    let engine = state.app.db.engine().as_str();
    let version = env!("CARGO_PKG_VERSION");
    match state.app.health().await {
        Ok(()) => {
            Json(serde_json::json!({ "status": "ok", "database": engine, "version": version }))
                .into_response()
        }
        Err(e) => {
            tracing::error!(error = %e, "health check: database unreachable");
            (
                StatusCode::SERVICE_UNAVAILABLE,
                Json(serde_json::json!({ "status": "error", "database": engine, "version": version })),
            )
                .into_response()
        }
    }
}

/// `GET /metrics`: Prometheus text format.
pub async fn metrics(State(state): State<WebState>) -> Response {
    let body = state.site.metrics.render(&[]);
    ([(header::CONTENT_TYPE, crate::metrics::CONTENT_TYPE)], body).into_response()
}

/// `GET /robots.txt`: the back office, sign-in and account pages are not for crawlers; the
/// sitemap is named with its absolute address (as the sitemaps protocol asks), when the
/// site's address is known.
pub async fn robots(State(state): State<WebState>, headers: axum::http::HeaderMap) -> Response {
    let base = state.base_url(&headers);
    let mut body =
        "User-agent: *\nDisallow: /quan-tri\nDisallow: /dang-nhap\nDisallow: /tai-khoan\n"
            .to_owned();
    if !base.is_empty() {
        body.push_str(&format!("\nSitemap: {base}/sitemap.xml\n"));
    }
    ([(header::CONTENT_TYPE, "text/plain; charset=utf-8")], body).into_response()
}
