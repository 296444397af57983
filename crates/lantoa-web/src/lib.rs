//! lantoa's HTTP layer: the axum router, extractors, handlers and askama pages.
//!
//! Handlers are thin: extract, call one `lantoa_app` function, return a page, a redirect or
//! an [`error::AppError`]. The request path: [`middleware::apply`] (request id, logs,
//! metrics, security headers, compression, error pages, panics, body limit) → routing →
//! [`session::session`] (who is asking, CSRF, flash) → handler.

pub mod admin;
pub mod api;
pub mod applications;
pub mod assets;
pub mod audiences;
pub mod auth;
pub mod chrome;
pub mod directory;
pub mod error;
pub mod feeds;
pub mod forms;
pub mod handbook;
pub mod media;
pub mod metrics;
pub mod middleware;
pub mod news;
pub mod plans;
pub mod programmes;
pub mod public;
pub mod qr;
pub mod quiz;
pub mod search;
pub mod session;
pub mod svg;
pub mod video;

use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;

use axum::Router;
use axum::middleware::from_fn_with_state;
use axum::routing::{get, post};

use crate::error::AppError;

/// Everything a handler can reach: the application and the site's presentation settings.
#[derive(Clone)]
pub struct WebState {
    pub app: Arc<lantoa_app::App>,
    pub site: Arc<Site>,
    pub settings: Arc<Settings>,
}

/// Presentation settings and shared counters, built once at start-up.
pub struct Site {
    pub identity: chrome::Identity,
    pub metrics: metrics::Metrics,
    /// Send `Strict-Transport-Security` (only when served behind TLS).
    pub hsts: bool,
    /// Mark cookies `Secure` (only when served behind TLS).
    pub secure_cookies: bool,
}

/// What the binary configures about the web layer.
#[derive(Debug, Clone)]
pub struct Settings {
    pub identity: chrome::Identity,
    /// Served behind a TLS-terminating proxy: HSTS and `Secure` cookies.
    pub behind_tls: bool,
    /// Take the client address from `X-Forwarded-For`.
    pub trust_forwarded_for: bool,
    /// Largest request body accepted.
    pub body_limit_bytes: usize,
}

impl WebState {
    pub fn new(app: Arc<lantoa_app::App>, settings: Settings) -> WebState {
        let site = Site {
            identity: settings.identity.clone(),
            metrics: metrics::Metrics::new(),
            hsts: settings.behind_tls,
            secure_cookies: settings.behind_tls,
        };
        WebState {
            app,
            site: Arc::new(site),
            settings: Arc::new(settings),
        }
    }
}

impl WebState {
    /// The site's public address for a request (canonical links, feeds, the sitemap):
    /// `site.public_url`, else the request's own host (see [`chrome::Identity::base_url`]).
    pub fn base_url(&self, headers: &axum::http::HeaderMap) -> String {
        let host = headers
            .get(axum::http::header::HOST)
            .and_then(|v| v.to_str().ok());
        self.site.identity.base_url(host, self.settings.behind_tls)
    }
}

/// Maps a use case's error to the web's.
pub fn app_error(e: lantoa_app::Error) -> AppError {
    match e {
        lantoa_app::Error::Denied => AppError::Forbidden,
        lantoa_app::Error::NotFound => AppError::NotFound,
        lantoa_app::Error::Conflict(m) => AppError::Conflict(m),
        lantoa_app::Error::RateLimited => AppError::TooManyRequests {
            retry_after_secs: Some(60),
        },
        lantoa_app::Error::InvalidFile(lines) => AppError::BadRequest(lines.join(" ")),
        lantoa_app::Error::Invalid(fields) => AppError::BadRequest(
            fields
                .0
                .into_iter()
                .map(|(_, m)| m)
                .collect::<Vec<_>>()
                .join(" "),
        ),
        other => AppError::internal(other),
    }
}

/// The whole application router with its middleware.
pub fn router(state: WebState) -> Router {
    let body_limit = state.settings.body_limit_bytes;
    let routes = Router::new()
        .route("/", get(public::home))
        .route("/gioi-thieu", get(public::about))
        .route("/en", get(public::english))
        .route("/danh-cho/{slug}", get(audiences::show))
        .route("/ke-hoach", get(plans::list))
        .route("/ke-hoach/{slug}", get(plans::show))
        .route("/ke-hoach/{slug}/tai-lieu/{id}", get(plans::attachment))
        .route("/nganh-nghe", get(directory::occupations))
        .route("/nganh-nghe/{slug}", get(directory::occupation))
        .route("/co-so-dao-tao", get(directory::institutions))
        .route("/trac-nghiem-nghe", get(quiz::form))
        .route("/so-tay", get(handbook::current))
        .route("/so-tay/{year}", get(handbook::edition))
        .route("/trac-nghiem-nghe/ket-qua", get(quiz::results))
        .route("/co-so-dao-tao/{slug}", get(directory::institution))
        .route("/api/v1/occupations", get(api::occupations))
        .route("/api/v1/institutions", get(api::institutions))
        .route("/api/v1/programmes", get(api::programmes))
        .route("/chuong-trinh", get(programmes::list))
        .route("/chuong-trinh/{slug}", get(programmes::show))
        .route("/so-sanh", get(programmes::compare))
        .route(
            "/dang-ky",
            get(applications::form).post(applications::submit),
        )
        .route(
            "/dang-ky/xac-nhan/{code}",
            get(applications::confirmation).post(applications::confirmation_with_phone),
        )
        .route(
            "/tra-cuu-ho-so",
            get(applications::lookup_form).post(applications::lookup),
        )
        .route("/tra-cuu-ho-so/du-lieu", post(applications::download))
        .route("/tra-cuu-ho-so/xoa", post(applications::erase_confirm))
        .route("/tra-cuu-ho-so/xoa/xac-nhan", post(applications::erase))
        .route("/api/v1/search", get(api::search))
        .route("/tim-kiem", get(search::page))
        .route("/tin-tuc", get(news::list))
        .route("/tin-tuc/{slug}", get(news::show))
        .route("/chu-de/{topic}", get(news::topic))
        .route("/chu-de/{topic}/rss.xml", get(feeds::topic_rss))
        .route("/chu-de/{topic}/atom.xml", get(feeds::topic_atom))
        .route("/rss.xml", get(feeds::rss))
        .route("/atom.xml", get(feeds::atom))
        .route("/sitemap.xml", get(feeds::sitemap))
        .route("/trang/{slug}", get(news::page))
        .route("/phong-su-anh", get(news::photo_stories))
        .route("/phong-su-anh/{slug}", get(news::photo_story))
        .route("/an-pham", get(news::publications))
        .route("/an-pham/{slug}", get(news::publication))
        .route("/video", get(video::list))
        .route("/video/{slug}", get(video::show))
        .route("/media/{name}", get(media::file))
        .route("/healthz", get(public::healthz))
        .route("/metrics", get(public::metrics))
        .route("/robots.txt", get(public::robots))
        .route("/dang-nhap", get(auth::login_form).post(auth::login))
        .route("/dang-xuat", post(auth::logout))
        .route(
            "/tai-khoan/mat-khau",
            get(auth::password_form).post(auth::change_password),
        )
        .route(
            "/tai-khoan/thu-dien-tu",
            get(auth::mail_form).post(auth::save_mail_choice),
        )
        .merge(admin::routes())
        .merge(assets::routes())
        .layer(from_fn_with_state(state.clone(), session::session));
    middleware::apply(routes, state, body_limit)
}

/// Serves until `shutdown` completes, then finishes the requests in flight.
pub async fn serve(
    listener: tokio::net::TcpListener,
    app: Arc<lantoa_app::App>,
    settings: Settings,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let router = router(WebState::new(app, settings));
    axum::serve(
        listener,
        router.into_make_service_with_connect_info::<SocketAddr>(),
    )
    .with_graceful_shutdown(shutdown)
    .await
}
