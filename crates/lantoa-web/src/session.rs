//! Who is asking: the session middleware, CSRF protection, flash messages and the
//! extractors handlers use ([`CurrentUser`], [`Meta`]).
//!
//! Every state-changing request (POST, PUT, PATCH, DELETE) must carry the CSRF token: in the
//! form field `_csrf` (URL-encoded forms), the `x-csrf-token` header, or the `_csrf` query
//! parameter (multipart uploads). Signed-in users' tokens belong to their session; anonymous
//! visitors' tokens are an HMAC of their `lantoa_csrf` cookie. A cross-site request
//! (`Sec-Fetch-Site: cross-site`, or an `Origin` of another host) is refused outright.

use std::net::SocketAddr;

use axum::body::{Body, to_bytes};
use axum::extract::{ConnectInfo, FromRequestParts, Request, State};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, Method, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use lantoa_app::RequestMeta;
use lantoa_app::auth::{self, CSRF_COOKIE, SESSION_COOKIE, SessionUser};
use lantoa_domain::access::Principal;

use crate::WebState;
use crate::chrome::{CsrfToken, Flash, FlashKind, Flashes, UserBadge};
use crate::error::AppError;

/// The cookie carrying a one-time message to the next page.
pub const FLASH_COOKIE: &str = "lantoa_flash";

/// The signed-in user (rejects with a redirect to the sign-in page when there is none).
#[derive(Debug, Clone)]
pub struct CurrentUser(pub SessionUser);

impl CurrentUser {
    pub fn principal(&self) -> &Principal {
        &self.0.principal
    }
}

/// The session token of the current request (for sign-out and password change).
#[derive(Debug, Clone)]
pub struct SessionToken(pub String);

impl<S: Send + Sync> FromRequestParts<S> for CurrentUser {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, AppError> {
        parts
            .extensions
            .get::<CurrentUser>()
            .cloned()
            .ok_or(AppError::Unauthenticated)
    }
}

/// Where the request came from, for the audit log and rate limits.
#[derive(Debug, Clone)]
pub struct Meta(pub RequestMeta);

impl<S: Send + Sync> FromRequestParts<S> for Meta {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        let mut meta = parts
            .extensions
            .get::<RequestMeta>()
            .cloned()
            .unwrap_or_default();
        meta.request_id = parts
            .headers
            .get("x-request-id")
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_owned();
        Ok(Meta(meta))
    }
}

/// Reads one cookie's value.
pub fn cookie<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(n, v)| *n == name && !v.is_empty())
        .map(|(_, v)| v)
}

/// A `Set-Cookie` value: HttpOnly, SameSite=Lax, path `/`, Secure behind TLS.
pub fn set_cookie(name: &str, value: &str, max_age: Option<i64>, secure: bool) -> HeaderValue {
    let mut c = format!("{name}={value}; Path=/; HttpOnly; SameSite=Lax");
    if let Some(age) = max_age {
        c.push_str(&format!("; Max-Age={age}"));
    }
    if secure {
        c.push_str("; Secure");
    }
    HeaderValue::from_str(&c).unwrap_or_else(|_| HeaderValue::from_static("x=; Path=/"))
}

/// A flash message for the next page, as a `Set-Cookie` header value.
pub fn flash_cookie(message: &str, secure: bool) -> HeaderValue {
    set_cookie(
        FLASH_COOKIE,
        &crate::chrome::encode_component(message),
        Some(60),
        secure,
    )
}

fn decode_component(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && i + 2 < bytes.len()
            && let Ok(b) = u8::from_str_radix(
                std::str::from_utf8(&bytes[i + 1..i + 3]).unwrap_or("zz"),
                16,
            )
        {
            out.push(b);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn client_ip(req: &Request, trust_forwarded_for: bool) -> String {
    if trust_forwarded_for
        && let Some(first) = req
            .headers()
            .get("x-forwarded-for")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.split(',').next())
    {
        let ip = first.trim();
        if ip.parse::<std::net::IpAddr>().is_ok() {
            return ip.to_owned();
        }
    }
    req.extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|c| c.0.ip().to_string())
        .unwrap_or_else(|| "unknown".into())
}

fn is_state_changing(method: &Method) -> bool {
    !matches!(
        *method,
        Method::GET | Method::HEAD | Method::OPTIONS | Method::TRACE
    )
}

/// Refuses requests another site's page made the browser send.
fn cross_site(headers: &HeaderMap) -> bool {
    if headers.get("sec-fetch-site").and_then(|v| v.to_str().ok()) == Some("cross-site") {
        return true;
    }
    let host = headers.get(header::HOST).and_then(|v| v.to_str().ok());
    match (
        headers.get(header::ORIGIN).and_then(|v| v.to_str().ok()),
        host,
    ) {
        (Some("null"), _) => true,
        (Some(origin), Some(host)) => {
            let origin_host = origin.split_once("://").map(|(_, h)| h).unwrap_or(origin);
            origin_host != host
        }
        _ => false,
    }
}

fn form_field(body: &[u8], name: &str) -> Option<String> {
    url_pairs(body)
        .into_iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v)
}

fn url_pairs(body: &[u8]) -> Vec<(String, String)> {
    let text = String::from_utf8_lossy(body);
    text.split('&')
        .map(|pair| {
            let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
            let k = decode_component(&k.replace('+', " "));
            let v = decode_component(&v.replace('+', " "));
            (k, v)
        })
        .collect()
}

/// The session middleware: identifies the user, checks CSRF on state-changing requests,
/// hands flash messages to the page and clears them.
pub async fn session(State(state): State<WebState>, mut req: Request, next: Next) -> Response {
    let secure = state.site.secure_cookies;
    let meta = RequestMeta {
        ip: client_ip(&req, state.settings.trust_forwarded_for),
        user_agent: req
            .headers()
            .get(header::USER_AGENT)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_owned(),
        request_id: String::new(),
    };
    req.extensions_mut().insert(meta);

    let mut set_cookies: Vec<HeaderValue> = Vec::new();

    // Signed-in user.
    let mut expected_csrf = None;
    if let Some(token) = cookie(req.headers(), SESSION_COOKIE).map(str::to_owned) {
        let lookup = state.app.run({
            let token = token.clone();
            move |app, conn| auth::session_user(app, conn, &token)
        });
        match lookup.await {
            Ok(Some(user)) => {
                // A temporary password must be replaced before the back office opens.
                if user.must_change_password && req.uri().path().starts_with("/quan-tri") {
                    return axum::response::Redirect::to("/tai-khoan/mat-khau").into_response();
                }
                expected_csrf = Some(user.csrf_token.clone());
                req.extensions_mut().insert(UserBadge {
                    display_name: user.principal.display_name.clone(),
                    can_admin: user.principal.can_enter_back_office(),
                });
                req.extensions_mut()
                    .insert(CsrfToken(user.csrf_token.clone()));
                req.extensions_mut().insert(SessionToken(token));
                req.extensions_mut().insert(CurrentUser(user));
            }
            Ok(None) => set_cookies.push(set_cookie(SESSION_COOKIE, "", Some(0), secure)),
            Err(e) => return crate::app_error(e).into_response(),
        }
    }

    // Anonymous visitor: a random cookie and its HMAC as the form token.
    if expected_csrf.is_none() {
        let cookie_value = match cookie(req.headers(), CSRF_COOKIE) {
            Some(v) if v.len() >= 16 && v.len() <= 100 => v.to_owned(),
            _ => {
                let v = auth::random_token();
                set_cookies.push(set_cookie(CSRF_COOKIE, &v, None, secure));
                v
            }
        };
        let token = auth::anonymous_csrf_token(&state.app, &cookie_value);
        expected_csrf = Some(token.clone());
        req.extensions_mut().insert(CsrfToken(token));
    }

    // Flash message from the previous request.
    if let Some(flash) = cookie(req.headers(), FLASH_COOKIE) {
        let message: String = decode_component(flash).chars().take(300).collect();
        let (kind, message) = match message.strip_prefix("!") {
            Some(m) => (FlashKind::Error, m.to_owned()),
            None => (FlashKind::Success, message),
        };
        req.extensions_mut()
            .insert(Flashes(vec![Flash { kind, message }]));
        set_cookies.push(set_cookie(FLASH_COOKIE, "", Some(0), secure));
    }

    if is_state_changing(req.method()) {
        if cross_site(req.headers()) {
            return csrf_refused();
        }
        let from_header = req
            .headers()
            .get("x-csrf-token")
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned);
        let from_query = req
            .uri()
            .query()
            .and_then(|q| form_field(q.as_bytes(), "_csrf"));
        let is_form = req
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|ct| ct.starts_with("application/x-www-form-urlencoded"));
        let submitted = if let Some(t) = from_header.or(from_query) {
            Some(t)
        } else if is_form {
            let (parts, body) = req.into_parts();
            let bytes = match to_bytes(body, usize::MAX).await {
                Ok(b) => b,
                Err(_) => return AppError::PayloadTooLarge.into_response(),
            };
            let token = form_field(&bytes, "_csrf");
            req = Request::from_parts(parts, Body::from(bytes));
            token
        } else {
            None
        };
        let ok = match (&expected_csrf, submitted) {
            (Some(expected), Some(submitted)) => auth::csrf_matches(expected, &submitted),
            _ => false,
        };
        if !ok {
            return csrf_refused();
        }
    }

    // The error pages are rendered outside this layer: tell them who is signed in.
    let badge = req.extensions().get::<UserBadge>().cloned();
    let csrf = req.extensions().get::<CsrfToken>().cloned();
    let mut response = next.run(req).await;
    if let Some(badge) = badge {
        response.extensions_mut().insert(badge);
    }
    if let Some(csrf) = csrf {
        response.extensions_mut().insert(csrf);
    }
    for c in set_cookies {
        response.headers_mut().append(header::SET_COOKIE, c);
    }
    response
}

fn csrf_refused() -> Response {
    AppError::ForbiddenWith(
        "Biểu mẫu đã hết hạn hoặc không hợp lệ. Vui lòng tải lại trang rồi gửi lại.".into(),
    )
    .into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_cookies_and_form_fields() {
        let mut h = HeaderMap::new();
        h.insert(
            header::COOKIE,
            HeaderValue::from_static("a=1; lantoa_session=abc; b="),
        );
        assert_eq!(cookie(&h, "lantoa_session"), Some("abc"));
        assert_eq!(cookie(&h, "b"), None);
        assert_eq!(
            form_field(b"x=1&_csrf=t%2Bk&y=Nguy%E1%BB%85n+An", "_csrf").as_deref(),
            Some("t+k")
        );
        assert_eq!(
            form_field(b"y=Nguy%E1%BB%85n+An", "y").as_deref(),
            Some("Nguyễn An")
        );
    }

    #[test]
    fn cross_site_requests_are_recognised() {
        let mut h = HeaderMap::new();
        h.insert(header::HOST, HeaderValue::from_static("127.0.0.1:8080"));
        assert!(!cross_site(&h));
        h.insert(
            header::ORIGIN,
            HeaderValue::from_static("http://127.0.0.1:8080"),
        );
        assert!(!cross_site(&h));
        h.insert(
            header::ORIGIN,
            HeaderValue::from_static("https://evil.example"),
        );
        assert!(cross_site(&h));
        let mut h = HeaderMap::new();
        h.insert("sec-fetch-site", HeaderValue::from_static("cross-site"));
        assert!(cross_site(&h));
    }
}
