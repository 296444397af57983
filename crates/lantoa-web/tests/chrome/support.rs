//! A router with a few test handlers behind the real middleware stack.

use std::sync::Arc;

use askama::Template;
use axum::body::{Body, Bytes};
use axum::extract::{Form, Request};
use axum::http::{HeaderMap, StatusCode};
use axum::middleware::Next;
use axum::response::{Html, IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use http_body_util::BodyExt;
use lantoa_web::chrome::{Chrome, CsrfToken, Identity, UserBadge};
use lantoa_web::error::AppError;
use lantoa_web::metrics::Metrics;
use lantoa_web::{Site, assets, middleware};
use tower::ServiceExt;

pub fn site(hsts: bool) -> Arc<Site> {
    Arc::new(Site {
        identity: Identity::demo(),
        metrics: Metrics::new(),
        hsts,
        secure_cookies: hsts,
    })
}

#[derive(Template)]
#[template(
    source = "{% extends \"layout.html\" %}{% block title %}Trang thử{% endblock %}\
              {% block main %}<h1>Trang thử nghiệm</h1><p>Nội dung chính của trang.</p>{% endblock %}",
    ext = "html"
)]
struct TestPage {
    chrome: Chrome,
}

#[derive(Template)]
#[template(
    source = "{% extends \"admin_layout.html\" %}{% block title %}Đơn vị{% endblock %}\
              {% block admin_main %}<h1>Đơn vị</h1>{% endblock %}",
    ext = "html"
)]
struct AdminPage {
    chrome: Chrome,
}

#[derive(serde::Deserialize)]
#[expect(dead_code, reason = "only deserialised")]
struct TestForm {
    age: u32,
}

async fn page(chrome: Chrome) -> Result<Html<String>, AppError> {
    Ok(Html(TestPage { chrome }.render()?))
}

async fn admin_page(chrome: Chrome) -> Result<Html<String>, AppError> {
    Ok(Html(AdminPage { chrome }.render()?))
}

async fn panics() -> &'static str {
    panic!("secret panic detail 42");
}

async fn internal() -> Result<(), AppError> {
    Err(AppError::internal("database password is hunter2"))
}

async fn conflict() -> Result<(), AppError> {
    Err(AppError::Conflict(
        "Bài viết vừa được người khác chỉnh sửa.".to_owned(),
    ))
}

async fn secret() -> Result<(), AppError> {
    Err(AppError::Unauthenticated)
}

async fn forbidden() -> Result<(), AppError> {
    Err(AppError::Forbidden)
}

async fn form(Form(_): Form<TestForm>) -> &'static str {
    "ok"
}

async fn upload(body: Bytes) -> String {
    body.len().to_string()
}

async fn own_422() -> Response {
    (
        StatusCode::UNPROCESSABLE_ENTITY,
        Html("<!doctype html><p>Tuổi phải là một số.</p>"),
    )
        .into_response()
}

async fn api_item() -> Json<serde_json::Value> {
    Json(serde_json::json!({"ok": true}))
}

/// A stand-in for the session middleware: `x-test-user: 1` signs in as Nguyễn Thị Hoa.
async fn fake_session(mut req: Request, next: Next) -> Response {
    if req.headers().contains_key("x-test-user") {
        req.extensions_mut().insert(UserBadge {
            display_name: "Nguyễn Thị Hoa".to_owned(),
            can_admin: true,
        });
        req.extensions_mut()
            .insert(CsrfToken("csrf-token-123".to_owned()));
    }
    let user = req.extensions().get::<UserBadge>().cloned();
    let csrf = req.extensions().get::<CsrfToken>().cloned();
    let mut response = next.run(req).await;
    // Tell the error pages (outside this layer) who is signed in.
    if let (Some(user), Some(csrf)) = (user, csrf) {
        response.extensions_mut().insert(user);
        response.extensions_mut().insert(csrf);
    }
    response
}

pub fn router_with(site: Arc<Site>) -> Router {
    let metrics_site = Arc::clone(&site);
    let routes = Router::new()
        .route("/", get(page))
        .route("/gioi-thieu", get(page))
        .route("/gioi-thieu/{slug}", get(page))
        .route("/quan-tri/don-vi", get(admin_page))
        .route("/panic", get(panics))
        .route("/internal", get(internal))
        .route("/conflict", post(conflict))
        .route("/secret", get(secret))
        .route("/forbidden", get(forbidden))
        .route("/form", post(form))
        .route("/upload", post(upload))
        .route("/own-422", get(own_422))
        .route("/api/items/{id}", get(api_item))
        .route(
            "/metrics",
            get(move || async move { metrics_site.metrics.render(&[]) }),
        )
        .merge(assets::routes())
        .layer(axum::middleware::from_fn(fake_session));
    middleware::layers(routes, Arc::clone(&site), middleware::DEFAULT_BODY_LIMIT).with_state(site)
}

pub fn router() -> Router {
    router_with(site(false))
}

pub struct Answer {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: String,
}

impl Answer {
    pub fn header(&self, name: &str) -> &str {
        self.headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
    }
}

pub async fn send(router: Router, req: axum::http::Request<Body>) -> Answer {
    let response = router.oneshot(req).await.expect("router is infallible");
    let (parts, body) = response.into_parts();
    let bytes = body.collect().await.expect("body").to_bytes();
    Answer {
        status: parts.status,
        headers: parts.headers,
        body: String::from_utf8_lossy(&bytes).into_owned(),
    }
}

pub async fn get_path(path: &str) -> Answer {
    send(
        router(),
        request("GET", path).body(Body::empty()).expect("request"),
    )
    .await
}

pub fn request(method: &str, path: &str) -> axum::http::request::Builder {
    axum::http::Request::builder().method(method).uri(path)
}
