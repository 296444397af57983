//! The middleware stack every response goes through.
//!
//! Call [`apply`] **last**, after every route, nest, merge and fallback has been added:
//! axum's `Router::layer` wraps only what the router holds at that point (routing runs first,
//! so the matched route template is known to the logs, and the fallback 404 and 405 are
//! covered).
//!
//! From the outside in:
//! 1. [`observe`]: `x-request-id` (kept from the proxy when sane, generated otherwise, echoed
//!    on the response), a `request` tracing span (request id, method, path, route, status)
//!    and the request metrics;
//! 2. [`security_headers`]: CSP without inline script or style, nosniff, referrer policy,
//!    frame denial, permissions policy, HSTS when `site.hsts`, and `no-store` for signed-in
//!    users' pages;
//! 3. compression (gzip, br; not for images, PDFs, archives, audio, video);
//! 4. [`render_error_pages`]: Vietnamese HTML error pages (JSON under `/api/`);
//! 5. panic catching → 500;
//! 6. [`shrink_large_fields`] on the public forms listed in [`FIELD_CAPPED_FORMS`]: a field
//!    too large for the form is dropped (and named) before the body limit, so the form comes
//!    back with a message beside that field and everything else kept;
//! 7. the request body limit → 413 ([`limit_body`]; not on the upload forms of
//!    [`UPLOAD_FORMS`], whose handlers stream the body with their own limit).

use std::collections::hash_map::RandomState;
use std::hash::BuildHasher;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, LazyLock};
use std::time::Instant;

use askama::Template;
use axum::Router;
use axum::body::Body;
use axum::extract::{DefaultBodyLimit, FromRef, MatchedPath, Request, State};
use axum::http::{HeaderMap, HeaderName, HeaderValue, Method, StatusCode, header};
use axum::middleware::{Next, from_fn_with_state};
use axum::response::{IntoResponse, Redirect, Response};
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::compression::CompressionLayer;
use tower_http::compression::predicate::{DefaultPredicate, NotForContentType, Predicate};
use tracing::Instrument;

use crate::chrome::{self, Chrome, CsrfToken, UserBadge};
use crate::error::{ErrorHtmlPage, ErrorPage, standard_text};
use crate::{Site, WebState};

/// Default request body limit: 2 MiB.
pub const DEFAULT_BODY_LIMIT: usize = 2 * 1024 * 1024;

/// The request id header, set on every request (for handlers and logs) and response.
pub static X_REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

/// Name of the session cookie; its presence marks a signed-in user (responses not stored).
pub const SESSION_COOKIE: &str = "lantoa_session";

/// The policy for every page: no inline script or style, nothing from other origins.
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'self'; script-src 'self'; \
     style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; \
     media-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; \
     frame-ancestors 'none'";

const CSP_TLS: &str = "default-src 'self'; script-src 'self'; \
     style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; \
     media-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; \
     frame-ancestors 'none'; upgrade-insecure-requests";

/// The policy of a video page (`/video/{slug}` and its preview; docs/adr/0023-videos.md): the
/// same, plus frames from the two players a reader may load by clicking "Phát video"
/// (`lantoa_app::video::EMBED_HOSTS`) and from nowhere else.
pub const CSP_VIDEO_PAGE: &str = "default-src 'self'; script-src 'self'; \
     style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; \
     media-src 'self'; frame-src https://www.youtube-nocookie.com https://www.facebook.com; \
     object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

const CSP_VIDEO_PAGE_TLS: &str = "default-src 'self'; script-src 'self'; \
     style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; \
     media-src 'self'; frame-src https://www.youtube-nocookie.com https://www.facebook.com; \
     object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'; \
     upgrade-insecure-requests";

/// [`CSP_VIDEO_PAGE`] as a header value (with `upgrade-insecure-requests` behind TLS); the
/// handler sets it and [`security_headers`] keeps it.
pub fn video_page_csp(hsts: bool) -> HeaderValue {
    HeaderValue::from_static(if hsts {
        CSP_VIDEO_PAGE_TLS
    } else {
        CSP_VIDEO_PAGE
    })
}

/// Camera for QR check-in and location for "near me" on our own pages; nothing else.
const PERMISSIONS_POLICY: &str =
    "camera=(self), geolocation=(self), microphone=(), payment=(), usb=()";

impl FromRef<WebState> for Arc<Site> {
    fn from_ref(state: &WebState) -> Self {
        Arc::clone(&state.site)
    }
}

/// Adds the whole stack to the application router and supplies its state.
///
/// `body_limit` is the largest request body accepted (use [`DEFAULT_BODY_LIMIT`]); larger
/// ones get the 413 page. It is global: a route that needs more (uploads) needs a larger
/// global limit, with tighter limits (`DefaultBodyLimit`) on the other routes.
pub fn apply(router: Router<WebState>, state: WebState, body_limit: usize) -> Router {
    layers(router, Arc::clone(&state.site), body_limit).with_state(state)
}

/// [`apply`] without supplying the state: for routers of any state type (and tests that
/// have a [`Site`] but no `App`).
pub fn layers<S>(router: Router<S>, site: Arc<Site>, body_limit: usize) -> Router<S>
where
    S: Clone + Send + Sync + 'static,
{
    let compress_when = DefaultPredicate::new()
        .and(NotForContentType::const_new("application/pdf"))
        .and(NotForContentType::const_new("application/zip"))
        .and(NotForContentType::const_new("application/gzip"))
        .and(NotForContentType::const_new(
            "application/vnd.openxmlformats",
        ))
        .and(NotForContentType::const_new("audio/"))
        .and(NotForContentType::const_new("video/"))
        .and(NotForContentType::const_new("font/woff"));
    router
        .layer(DefaultBodyLimit::disable())
        .layer(from_fn_with_state(body_limit, limit_body))
        .layer(axum::middleware::from_fn(shrink_large_fields))
        .layer(CatchPanicLayer::custom(panic_response))
        .layer(from_fn_with_state(Arc::clone(&site), render_error_pages))
        .layer(
            CompressionLayer::new()
                .gzip(true)
                .br(true)
                .compress_when(compress_when),
        )
        .layer(from_fn_with_state(Arc::clone(&site), security_headers))
        .layer(from_fn_with_state(site, observe))
}

/// Request id, tracing span and metrics.
pub async fn observe(State(site): State<Arc<Site>>, mut req: Request, next: Next) -> Response {
    let id = req
        .headers()
        .get(&X_REQUEST_ID)
        .filter(|v| acceptable_request_id(v.as_bytes()))
        .cloned()
        .unwrap_or_else(new_request_id);
    req.headers_mut().insert(X_REQUEST_ID.clone(), id.clone());

    let route = req
        .extensions()
        .get::<MatchedPath>()
        .map(|m| m.as_str().to_owned())
        .unwrap_or_default();
    let method = req.method().clone();
    // A path that carries an applicant's reference code is logged as its route template.
    let path = if REDACTED_ROUTES.contains(&route.as_str()) {
        route.as_str()
    } else {
        req.uri().path()
    };
    let span = tracing::info_span!(
        "request",
        request_id = id.to_str().unwrap_or_default(),
        method = %method,
        path = path,
        route = route.as_str(),
        status = tracing::field::Empty,
    );

    let in_flight = site.metrics.start();
    let started = Instant::now();
    let mut response = next.run(req).instrument(span.clone()).await;
    let elapsed = started.elapsed();
    drop(in_flight);
    let status = response.status();
    site.metrics.record(&method, status, elapsed);

    span.record("status", status.as_u16());
    let latency_ms = elapsed.as_secs_f64() * 1000.0;
    span.in_scope(|| {
        if status.is_server_error() {
            tracing::warn!(latency_ms, "request failed");
        } else {
            tracing::info!(latency_ms, "request finished");
        }
    });
    response.headers_mut().insert(X_REQUEST_ID.clone(), id);
    response
}

/// Upload forms (path, POST, multipart): the body limit does not apply to them. Their handler
/// reads the body as a stream, keeps the file up to the media limit and reads the rest
/// without keeping it, so an oversized file gets the form back with a message (and the
/// other fields kept) instead of a connection cut mid-upload; it stops reading past
/// [`upload_stream_cap`].
pub const UPLOAD_FORMS: &[&str] = &["/quan-tri/thu-vien", "/quan-tri/tai-lieu-kem-theo"];

/// The most an upload handler reads of one request: twice the file limit, at least 64 MiB.
pub fn upload_stream_cap(max_upload_bytes: usize) -> usize {
    max_upload_bytes.saturating_mul(2).max(64 * 1024 * 1024)
}

/// How much of a text field of an upload form is kept.
const TEXT_FIELD_CAP: usize = 16 * 1024;

/// Where a video in an upload form goes: a temporary file under the media folder, up to
/// `max` bytes (`media.max_video_bytes`; docs/adr/0023-videos.md).
#[derive(Debug, Clone)]
pub struct VideoSpooling {
    pub dir: std::path::PathBuf,
    pub max: usize,
}

/// Reads an upload form ([`UPLOAD_FORMS`]) as a stream: the part named `file` is kept up to
/// `max_file` bytes (past that only its size is kept, for the message), every other part is
/// handed to `on_text` (name, text; at most 16 KiB kept). Past [`upload_stream_cap`] the
/// request is refused with 413; a broken body is a 400 with a Vietnamese message.
pub async fn read_upload_form(
    multipart: axum::extract::Multipart,
    max_file: usize,
    on_text: impl FnMut(&str, String),
) -> Result<lantoa_app::media::Upload, crate::error::AppError> {
    read_media_upload_form(multipart, max_file, None, on_text).await
}

/// [`read_upload_form`], where a file whose first bytes say MP4 or WebM is written to a
/// temporary file as it arrives (hashed on the way, in 1 MiB writes on the blocking pool)
/// instead of memory, when `video` says where: the [`lantoa_app::media::Upload`] then holds
/// it as a [`lantoa_app::video::Spool`], which removes the file unless it is stored. Over
/// `video.max` the file is removed at once and the rest only counted.
pub async fn read_media_upload_form(
    mut multipart: axum::extract::Multipart,
    max_file: usize,
    video: Option<VideoSpooling>,
    mut on_text: impl FnMut(&str, String),
) -> Result<lantoa_app::media::Upload, crate::error::AppError> {
    use crate::error::AppError;
    let unreadable =
        || AppError::BadRequest("Không đọc được dữ liệu tải lên; vui lòng thử lại.".into());
    let cap = upload_stream_cap(video.as_ref().map_or(max_file, |v| v.max.max(max_file)));
    let mut total = 0usize;
    let mut file = lantoa_app::media::Upload::default();
    while let Some(mut field) = multipart.next_field().await.map_err(|_| unreadable())? {
        let name = field.name().unwrap_or_default().to_owned();
        if name == "file" {
            file.original_name = field.file_name().unwrap_or_default().to_owned();
            let mut sink = FileSink::new(max_file, video.clone());
            while let Some(chunk) = field.chunk().await.map_err(|_| unreadable())? {
                total += chunk.len();
                if total > cap {
                    return Err(AppError::PayloadTooLarge);
                }
                sink.push(&chunk).await?;
            }
            sink.finish(&mut file).await?;
            continue;
        }
        let mut buf = Vec::new();
        let mut size = 0usize;
        while let Some(chunk) = field.chunk().await.map_err(|_| unreadable())? {
            size += chunk.len();
            total += chunk.len();
            if total > cap {
                return Err(AppError::PayloadTooLarge);
            }
            if size <= TEXT_FIELD_CAP {
                buf.extend_from_slice(&chunk);
            } else if !buf.is_empty() {
                buf = Vec::new();
            }
        }
        on_text(&name, String::from_utf8_lossy(&buf).into_owned());
    }
    Ok(file)
}

/// How much a video upload gathers before each write to its temporary file.
const SPOOL_WRITE: usize = 1024 * 1024;

/// Where the file part of an upload form goes as it arrives: memory (images, documents, up
/// to their limit) or, for a video when spooling is on, a temporary file.
struct FileSink {
    max_file: usize,
    video: Option<VideoSpooling>,
    /// The first bytes, until there are enough to tell a video.
    head: Vec<u8>,
    decided: bool,
    size: usize,
    buf: Vec<u8>,
    spool: Option<lantoa_app::video::Spool>,
    pending: Vec<u8>,
}

impl FileSink {
    fn new(max_file: usize, video: Option<VideoSpooling>) -> FileSink {
        FileSink {
            max_file,
            decided: video.is_none(),
            video,
            head: Vec::new(),
            size: 0,
            buf: Vec::new(),
            spool: None,
            pending: Vec::new(),
        }
    }

    async fn push(&mut self, chunk: &[u8]) -> Result<(), crate::error::AppError> {
        if !self.decided {
            self.head.extend_from_slice(chunk);
            if self.head.len() >= lantoa_app::video::SNIFF_LEN {
                self.decide().await?;
            }
            return Ok(());
        }
        self.take(chunk).await
    }

    /// Chooses memory or a temporary file from the first bytes, then takes them.
    async fn decide(&mut self) -> Result<(), crate::error::AppError> {
        self.decided = true;
        let head = std::mem::take(&mut self.head);
        if let Some(v) = &self.video
            && lantoa_app::video::sniff_video(&head).is_some()
        {
            let (dir, max) = (v.dir.clone(), v.max as u64);
            let spool =
                tokio::task::spawn_blocking(move || lantoa_app::video::Spool::create(&dir, max))
                    .await
                    .map_err(crate::error::AppError::internal)?
                    .map_err(crate::error::AppError::internal)?;
            self.spool = Some(spool);
        }
        self.take(&head).await
    }

    async fn take(&mut self, chunk: &[u8]) -> Result<(), crate::error::AppError> {
        self.size += chunk.len();
        if self.spool.is_some() {
            self.pending.extend_from_slice(chunk);
            if self.pending.len() >= SPOOL_WRITE {
                self.flush().await?;
            }
        } else if self.size <= self.max_file {
            self.buf.extend_from_slice(chunk);
        } else if !self.buf.is_empty() {
            self.buf = Vec::new();
        }
        Ok(())
    }

    /// Writes what was gathered to the temporary file, on the blocking pool (once the file is
    /// over its limit, only the count goes on: no disk work).
    async fn flush(&mut self) -> Result<(), crate::error::AppError> {
        let Some(mut spool) = self.spool.take() else {
            return Ok(());
        };
        let pending = std::mem::take(&mut self.pending);
        if spool.too_large() {
            spool
                .write(&pending)
                .map_err(crate::error::AppError::internal)?;
            self.spool = Some(spool);
            return Ok(());
        }
        let spool = tokio::task::spawn_blocking(move || spool.write(&pending).map(|()| spool))
            .await
            .map_err(crate::error::AppError::internal)?
            .map_err(crate::error::AppError::internal)?;
        self.spool = Some(spool);
        Ok(())
    }

    async fn finish(
        mut self,
        file: &mut lantoa_app::media::Upload,
    ) -> Result<(), crate::error::AppError> {
        if !self.decided {
            self.decide().await?;
        }
        if self.spool.is_some() {
            self.flush().await?;
            file.video = self.spool.take();
        } else if self.size > self.max_file {
            file.dropped_size = Some(self.size);
        } else {
            file.bytes = std::mem::take(&mut self.buf);
        }
        Ok(())
    }
}

/// The request body limit: a body announced larger than `limit` gets 413 at once, one that
/// turns out larger while it is read fails its extractor with 413 (both become the
/// Vietnamese error page). Multipart posts to the upload forms ([`UPLOAD_FORMS`]) pass
/// untouched.
pub async fn limit_body(State(limit): State<usize>, req: Request, next: Next) -> Response {
    let multipart = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|ct| ct.starts_with("multipart/form-data"));
    // Only a multipart upload: any other body there (an URL-encoded one would be read whole
    // by the CSRF check) keeps the limit.
    if req.method() == Method::POST && multipart && UPLOAD_FORMS.contains(&req.uri().path()) {
        return next.run(req).await;
    }
    let declared = req
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|n| n > limit as u64) {
        return StatusCode::PAYLOAD_TOO_LARGE.into_response();
    }
    let (parts, body) = req.into_parts();
    let body = Body::new(http_body_util::Limited::new(body, limit));
    next.run(Request::from_parts(parts, body)).await
}

/// Routes whose paths identify an applicant: the logs get the template, not the path.
pub const REDACTED_ROUTES: &[&str] = &["/dang-ky/xac-nhan/{code}"];

/// Public forms (path, POST) whose fields are capped by [`shrink_large_fields`].
pub const FIELD_CAPPED_FORMS: &[&str] = &["/dang-ky"];
/// The largest field of a capped form, URL-encoded (a name of 100 Vietnamese letters is
/// under 1 KiB encoded).
pub const FIELD_CAP_BYTES: usize = 16 * 1024;
/// The most a capped form's body may be, read as a stream and mostly thrown away.
pub const CAPPED_FORM_MAX_BYTES: usize = 64 * 1024 * 1024;
/// The most fields a capped form may have.
const CAPPED_FORM_MAX_FIELDS: usize = 100;

/// Reads the URL-encoded body of a capped public form as a stream and passes on a small one:
/// a field longer than [`FIELD_CAP_BYTES`] is emptied and named in a `_too_long` field, so
/// the handler can show the form again with a message beside it and keep the rest. Memory
/// stays bounded whatever is sent; past [`CAPPED_FORM_MAX_BYTES`] the answer is 413.
pub async fn shrink_large_fields(req: Request, next: Next) -> Response {
    use http_body_util::BodyExt;
    let is_form = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|ct| ct.starts_with("application/x-www-form-urlencoded"));
    if req.method() != Method::POST || !is_form || !FIELD_CAPPED_FORMS.contains(&req.uri().path()) {
        return next.run(req).await;
    }
    let (mut parts, mut body) = req.into_parts();
    let mut shrinker = FieldShrinker::default();
    let mut read = 0usize;
    while let Some(frame) = body.frame().await {
        let Ok(frame) = frame else {
            return StatusCode::BAD_REQUEST.into_response();
        };
        if let Some(data) = frame.data_ref() {
            read += data.len();
            if read > CAPPED_FORM_MAX_BYTES {
                return StatusCode::PAYLOAD_TOO_LARGE.into_response();
            }
            shrinker.feed(data);
        }
    }
    let bytes = shrinker.finish();
    parts.headers.remove(header::CONTENT_LENGTH);
    if let Ok(len) = HeaderValue::from_str(&bytes.len().to_string()) {
        parts.headers.insert(header::CONTENT_LENGTH, len);
    }
    next.run(Request::from_parts(parts, Body::from(bytes)))
        .await
}

/// The streaming part of [`shrink_large_fields`]: URL-encoded bytes in, capped pairs out.
#[derive(Default)]
struct FieldShrinker {
    out: Vec<u8>,
    key: Vec<u8>,
    value: Vec<u8>,
    in_value: bool,
    overflow: bool,
    fields: usize,
    too_long: Vec<Vec<u8>>,
}

impl FieldShrinker {
    fn feed(&mut self, data: &[u8]) {
        for &b in data {
            match b {
                b'&' => self.end_pair(),
                b'=' if !self.in_value => self.in_value = true,
                _ if self.in_value => {
                    if self.value.len() < FIELD_CAP_BYTES {
                        self.value.push(b);
                    } else {
                        self.overflow = true;
                    }
                }
                _ => {
                    if self.key.len() < 256 {
                        self.key.push(b);
                    }
                }
            }
        }
    }

    fn end_pair(&mut self) {
        if !self.key.is_empty() && self.fields < CAPPED_FORM_MAX_FIELDS {
            self.fields += 1;
            if !self.out.is_empty() {
                self.out.push(b'&');
            }
            self.out.extend_from_slice(&self.key);
            self.out.push(b'=');
            if self.overflow {
                self.too_long.push(self.key.clone());
            } else {
                self.out.extend_from_slice(&self.value);
            }
        }
        self.key.clear();
        self.value.clear();
        self.in_value = false;
        self.overflow = false;
    }

    fn finish(mut self) -> Vec<u8> {
        self.end_pair();
        for key in std::mem::take(&mut self.too_long) {
            if !self.out.is_empty() {
                self.out.push(b'&');
            }
            self.out.extend_from_slice(b"_too_long=");
            self.out.extend_from_slice(&key);
        }
        self.out
    }
}

/// A proxy-supplied id is kept if it is short and plain (it ends up in logs and pages).
fn acceptable_request_id(v: &[u8]) -> bool {
    (1..=64).contains(&v.len())
        && v.iter()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b':'))
}

/// 24 hex digits: a per-process part and a keyed hash of a counter. Unique enough to find
/// log lines, opaque (no traffic volume leaks), and needs no extra dependency.
fn new_request_id() -> HeaderValue {
    static KEYS: LazyLock<(RandomState, u32)> = LazyLock::new(|| {
        let keys = RandomState::new();
        let process = keys.hash_one((std::process::id(), Instant::now()));
        (keys, (process >> 32) as u32)
    });
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    let (keys, process) = &*KEYS;
    let id = format!("{process:08x}{:016x}", keys.hash_one(n));
    HeaderValue::from_str(&id).unwrap_or_else(|_| HeaderValue::from_static("0"))
}

/// Security headers on every response; a handler may set its own CSP (e.g. to allow an
/// embedded video) and it is kept.
pub async fn security_headers(State(site): State<Arc<Site>>, req: Request, next: Next) -> Response {
    let signed_in = has_session_cookie(req.headers());
    // Hashed static assets and media files are the same for everyone: cacheable even for
    // signed-in users.
    let is_static =
        req.uri().path().starts_with("/static/") || req.uri().path().starts_with("/media/");
    let mut response = next.run(req).await;
    let h = response.headers_mut();
    let csp = if site.hsts {
        CSP_TLS
    } else {
        CONTENT_SECURITY_POLICY
    };
    set_default(h, header::CONTENT_SECURITY_POLICY, csp);
    set_default(h, header::X_CONTENT_TYPE_OPTIONS, "nosniff");
    set_default(
        h,
        header::REFERRER_POLICY,
        "strict-origin-when-cross-origin",
    );
    set_default(h, header::X_FRAME_OPTIONS, "DENY");
    set_default(
        h,
        HeaderName::from_static("permissions-policy"),
        PERMISSIONS_POLICY,
    );
    set_default(
        h,
        HeaderName::from_static("cross-origin-opener-policy"),
        "same-origin",
    );
    if site.hsts {
        set_default(h, header::STRICT_TRANSPORT_SECURITY, "max-age=31536000");
    }
    if signed_in && !is_static {
        h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    response
}

fn set_default(headers: &mut HeaderMap, name: HeaderName, value: &'static str) {
    headers
        .entry(name)
        .or_insert_with(|| HeaderValue::from_static(value));
}

fn has_session_cookie(headers: &HeaderMap) -> bool {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.split_once('='))
        .any(|(name, value)| name.trim() == SESSION_COOKIE && !value.trim().is_empty())
}

/// CatchPanic's answer: log the panic message (inside the request span, so with the request
/// id), hand a bare 500 to [`render_error_pages`].
fn panic_response(err: Box<dyn std::any::Any + Send + 'static>) -> Response<Body> {
    let detail = err
        .downcast_ref::<String>()
        .map(String::as_str)
        .or_else(|| err.downcast_ref::<&str>().copied())
        .unwrap_or("(non-string panic payload)");
    tracing::error!(panic = detail, "handler panicked");
    let mut response = StatusCode::INTERNAL_SERVER_ERROR.into_response();
    response.extensions_mut().insert(ErrorPage {
        message: None,
        sign_in: false,
    });
    response
}

/// Turns 4xx/5xx responses without a body of their own (an [`crate::error::AppError`],
/// axum's plain-text rejections, the 404 fallback, 405, 413, panics) into the Vietnamese
/// error page, or `{"error": {"status": …, "message": "…"}}` under `/api/`. Responses with
/// an HTML (or, under `/api/`, JSON) body pass through unchanged. An
/// `AppError::Unauthenticated` becomes a redirect to the sign-in page.
///
/// The page's header shows the signed-in user if a [`UserBadge`] (and [`CsrfToken`]) is in
/// the request extensions (a session layer outside this one) or in the response extensions
/// (a session layer inside this one, copying them onto its response).
pub async fn render_error_pages(
    State(site): State<Arc<Site>>,
    req: Request,
    next: Next,
) -> Response {
    let (parts, body) = req.into_parts();
    let path = parts.uri.path().to_owned();
    let path_and_query = parts
        .uri
        .path_and_query()
        .map_or_else(|| path.clone(), |pq| pq.as_str().to_owned());
    let is_api = path == "/api" || path.starts_with("/api/");
    let method = parts.method.clone();
    let request_id = parts
        .headers
        .get(&X_REQUEST_ID)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    let mut chrome = (!is_api).then(|| Chrome::from_parts(Arc::clone(&site), &parts));

    let response = next.run(Request::from_parts(parts, body)).await;
    let status = response.status();
    if !(status.is_client_error() || status.is_server_error()) {
        return response;
    }
    let marker = response.extensions().get::<ErrorPage>().cloned();
    if marker.is_none() && has_own_body(response.headers(), is_api) {
        return response;
    }
    let marker = marker.unwrap_or(ErrorPage {
        message: None,
        sign_in: false,
    });
    // A session layer inside this one can only tell us who is signed in through the
    // response: it may copy its `UserBadge` and `CsrfToken` there.
    if let Some(chrome) = chrome.as_mut()
        && chrome.user.is_none()
        && let Some(user) = response.extensions().get::<UserBadge>()
    {
        chrome.user = Some(user.clone());
        if let Some(CsrfToken(token)) = response.extensions().get::<CsrfToken>() {
            chrome.csrf_token.clone_from(token);
        }
    }

    if marker.sign_in && !is_api {
        let next_path = if method == Method::GET || method == Method::HEAD {
            &path_and_query
        } else {
            &path
        };
        return Redirect::to(&chrome::login_href(next_path)).into_response();
    }

    let (title, standard_message) = standard_text(status);
    let message = marker
        .message
        .unwrap_or_else(|| standard_message.to_owned());
    let (mut parts, _) = response.into_parts();
    parts.headers.remove(header::CONTENT_LENGTH);
    parts.headers.remove(header::CONTENT_ENCODING);

    let body = match chrome {
        None => {
            let json = serde_json::json!({
                "error": { "status": status.as_u16(), "message": message }
            });
            parts.headers.insert(
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/json"),
            );
            json.to_string()
        }
        Some(chrome) => {
            let page = ErrorHtmlPage {
                chrome,
                status: status.as_u16(),
                title,
                message,
                request_id: if status.is_server_error() {
                    request_id
                } else {
                    None
                },
            };
            parts.headers.insert(
                header::CONTENT_TYPE,
                HeaderValue::from_static("text/html; charset=utf-8"),
            );
            match page.render() {
                Ok(html) => html,
                Err(err) => {
                    tracing::error!(error = %err, "rendering the error page failed");
                    parts.headers.insert(
                        header::CONTENT_TYPE,
                        HeaderValue::from_static("text/plain; charset=utf-8"),
                    );
                    format!("{} – {title}", status.as_u16())
                }
            }
        }
    };
    Response::from_parts(parts, Body::from(body))
}

/// Whether the response already carries a page meant for the user.
fn has_own_body(headers: &HeaderMap, is_api: bool) -> bool {
    let content_type = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_ascii_lowercase();
    if is_api {
        content_type.starts_with("application/json") || content_type.contains("+json")
    } else {
        content_type.starts_with("text/html")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_video_page_allows_frames_from_the_two_players_only() {
        for (video, base) in [
            (CSP_VIDEO_PAGE, CONTENT_SECURITY_POLICY),
            (CSP_VIDEO_PAGE_TLS, CSP_TLS),
        ] {
            let frame = format!("frame-src {}; ", lantoa_app::video::EMBED_HOSTS.join(" "));
            // Everything else is the site's usual policy, word for word.
            assert_eq!(video.replace(&frame, ""), base);
        }
    }

    #[test]
    fn oversized_fields_are_dropped_and_named_the_rest_kept() {
        let mut s = FieldShrinker::default();
        let big = "x".repeat(FIELD_CAP_BYTES + 10);
        let body = format!("_csrf=t&full_name=Nguy%E1%BB%85n+An&commune={big}&phone=0912345678");
        // Fed in uneven pieces, as a network delivers it.
        for chunk in body.as_bytes().chunks(1000) {
            s.feed(chunk);
        }
        let out = String::from_utf8(s.finish()).unwrap_or_default();
        assert_eq!(
            out,
            "_csrf=t&full_name=Nguy%E1%BB%85n+An&commune=&phone=0912345678&_too_long=commune"
        );
    }
}
