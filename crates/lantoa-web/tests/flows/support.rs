//! The real router on a real database with the demo data, and a tiny cookie-keeping client.

use std::collections::{BTreeMap, HashMap};
use std::net::SocketAddr;
use std::sync::Arc;

use axum::Router;
use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::http::{HeaderMap, Request, StatusCode, header};
use chrono::NaiveDate;
use http_body_util::BodyExt;
use lantoa_app::{App, AuthConfig, Db, FixedClock};
use lantoa_web::chrome::{Identity, encode_component};
use lantoa_web::{Settings, WebState};
use tower::ServiceExt;

/// The address the test browser asks for (its `Host` header): absolute links use it while
/// `site.public_url` is empty.
pub const BASE_URL: &str = "http://127.0.0.1:8080";

pub struct TestSite {
    pub router: Router,
    pub app: Arc<App>,
    pub clock: Arc<FixedClock>,
    /// Demo e-mail → password, as printed on first start.
    pub passwords: HashMap<String, String>,
    /// The media library's files (`<data_dir>/media` in `serve`), removed with the site.
    pub media_dir: tempfile::TempDir,
}

pub async fn site(db: Db) -> TestSite {
    site_with_limit(db, 2 * 1024 * 1024).await
}

pub async fn site_with_limit(db: Db, body_limit_bytes: usize) -> TestSite {
    build(db, body_limit_bytes, Identity::demo(), None).await
}

/// A site whose media library takes videos up to `max_video_bytes` (ADR 0023).
pub async fn site_with_video_limit(db: Db, max_video_bytes: usize) -> TestSite {
    build(db, 2 * 1024 * 1024, Identity::demo(), Some(max_video_bytes)).await
}

/// A site configured with `site.public_url`.
pub async fn site_at(db: Db, public_url: &str) -> TestSite {
    let identity = Identity {
        public_url: public_url.to_owned(),
        ..Identity::demo()
    };
    build(db, 2 * 1024 * 1024, identity, None).await
}

async fn build(
    db: Db,
    body_limit_bytes: usize,
    identity: Identity,
    max_video_bytes: Option<usize>,
) -> TestSite {
    let now = NaiveDate::from_ymd_opt(2026, 11, 26)
        .expect("date")
        .and_hms_opt(2, 0, 0)
        .expect("time");
    let clock = Arc::new(FixedClock::new(now));
    // The search index in memory, built from the demo data as `serve` builds it on disk.
    let index = Arc::new(lantoa_search::SearchIndex::in_memory().expect("search index"));
    let mut app = App::new(db, clock.clone(), AuthConfig::for_tests())
        .expect("app")
        .with_search(Arc::clone(&index));
    let media_dir = tempfile::tempdir().expect("media dir");
    app.media = lantoa_app::media::MediaConfig::in_dir(media_dir.path().join("media"));
    if let Some(max) = max_video_bytes {
        app.media.max_video_bytes = max;
    }
    app.attachments =
        lantoa_app::attachments::AttachmentsConfig::in_dir(media_dir.path().join("attachments"));
    let report = tokio::task::block_in_place(|| {
        let mut conn = app.db.conn().expect("conn");
        let report = lantoa_app::demo::seed(&app, &mut conn).expect("seed");
        lantoa_app::search::rebuild(&index, &mut conn, now.date(), &mut |_, _| {})
            .expect("search index built");
        report
    });
    let passwords = report
        .new_users
        .into_iter()
        .map(|(email, password, _)| (email, password))
        .collect();
    let app = Arc::new(app);
    let settings = Settings {
        identity,
        behind_tls: false,
        trust_forwarded_for: false,
        body_limit_bytes,
    };
    let router = lantoa_web::router(WebState::new(Arc::clone(&app), settings));
    TestSite {
        router,
        app,
        clock,
        passwords,
        media_dir,
    }
}

impl TestSite {
    pub fn browser(&self) -> Browser {
        Browser {
            router: self.router.clone(),
            cookies: BTreeMap::new(),
            ip: "203.0.113.7".into(),
        }
    }

    /// A signed-in browser for a demo account.
    pub async fn signed_in(&self, email: &str) -> Browser {
        let mut b = self.browser();
        let r = b.login(email, &self.passwords[email]).await;
        assert_eq!(
            r.status,
            StatusCode::SEE_OTHER,
            "sign-in of {email} failed: {}",
            r.body
        );
        b
    }

    /// The id of a demo organisation by slug.
    pub fn org_id(&self, slug: &str) -> i64 {
        let mut conn = self.app.db.conn().expect("conn");
        lantoa_store::orgs::by_slug(&mut conn, slug)
            .expect("query")
            .expect("org exists")
            .id
    }
}

pub struct Resp {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: String,
}

impl Resp {
    pub fn location(&self) -> &str {
        self.headers
            .get(header::LOCATION)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
    }

    /// The CSRF token carried in a form's `action` (`?_csrf=…`), as upload forms do.
    pub fn csrf_in_action(&self) -> String {
        let marker = "?_csrf=";
        let start = self
            .body
            .find(marker)
            .map(|i| i + marker.len())
            .expect("a form action with _csrf");
        let end = self.body[start..].find('"').expect("closing quote") + start;
        self.body[start..end].to_owned()
    }

    /// The value of the first hidden `_csrf` field on the page.
    pub fn csrf(&self) -> String {
        let marker = "name=\"_csrf\" value=\"";
        let start = self
            .body
            .find(marker)
            .map(|i| i + marker.len())
            .expect("page has a _csrf field");
        let end = self.body[start..].find('"').expect("closing quote") + start;
        self.body[start..end].to_owned()
    }
}

pub struct Browser {
    router: Router,
    cookies: BTreeMap<String, String>,
    pub ip: String,
}

pub fn form_body(fields: &[(&str, &str)]) -> String {
    fields
        .iter()
        .map(|(k, v)| format!("{}={}", encode_component(k), encode_component(v)))
        .collect::<Vec<_>>()
        .join("&")
}

impl Browser {
    async fn send(&mut self, req: Request<Body>) -> Resp {
        let mut req = req;
        let ip: std::net::IpAddr = self.ip.parse().expect("ip");
        req.extensions_mut()
            .insert(ConnectInfo(SocketAddr::new(ip, 40000)));
        if !self.cookies.is_empty() {
            let cookie = self
                .cookies
                .iter()
                .map(|(k, v)| format!("{k}={v}"))
                .collect::<Vec<_>>()
                .join("; ");
            req.headers_mut()
                .insert(header::COOKIE, cookie.parse().expect("cookie header"));
        }
        let response = self.router.clone().oneshot(req).await.expect("infallible");
        for set in response.headers().get_all(header::SET_COOKIE) {
            let set = set.to_str().expect("ascii cookie");
            let pair = set.split(';').next().unwrap_or_default();
            if let Some((k, v)) = pair.split_once('=') {
                if v.is_empty() || set.contains("Max-Age=0") {
                    self.cookies.remove(k);
                } else {
                    self.cookies.insert(k.to_owned(), v.to_owned());
                }
            }
        }
        let status = response.status();
        let headers = response.headers().clone();
        let bytes = response
            .into_body()
            .collect()
            .await
            .expect("body")
            .to_bytes();
        Resp {
            status,
            headers,
            body: String::from_utf8_lossy(&bytes).into_owned(),
        }
    }

    pub async fn get(&mut self, path: &str) -> Resp {
        let req = Request::get(path)
            .header(header::HOST, "127.0.0.1:8080")
            .body(Body::empty())
            .expect("request");
        self.send(req).await
    }

    pub async fn post_raw(
        &mut self,
        path: &str,
        content_type: &str,
        body: impl Into<Body>,
        extra: &[(&str, &str)],
    ) -> Resp {
        let mut req = Request::post(path)
            .header(header::HOST, "127.0.0.1:8080")
            .header(header::CONTENT_TYPE, content_type);
        for (k, v) in extra {
            req = req.header(*k, *v);
        }
        self.send(req.body(body.into()).expect("request")).await
    }

    /// Posts a `multipart/form-data` form: text fields, then one file field
    /// (name, file name, content type, bytes), as a browser sends an upload form.
    pub async fn post_multipart(
        &mut self,
        path: &str,
        fields: &[(&str, &str)],
        file: (&str, &str, &str, &[u8]),
    ) -> Resp {
        const BOUNDARY: &str = "----lantoa-test-boundary-7MA4YWxkTrZu0gW";
        let mut body: Vec<u8> = Vec::new();
        for (k, v) in fields {
            body.extend_from_slice(
                format!(
                    "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"{k}\"\r\n\r\n{v}\r\n"
                )
                .as_bytes(),
            );
        }
        let (name, filename, content_type, bytes) = file;
        body.extend_from_slice(
            format!("--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"{name}\"; filename=\"{filename}\"\r\nContent-Type: {content_type}\r\n\r\n")
                .as_bytes(),
        );
        body.extend_from_slice(bytes);
        body.extend_from_slice(format!("\r\n--{BOUNDARY}--\r\n").as_bytes());
        let len = body.len().to_string();
        self.post_raw(
            path,
            &format!("multipart/form-data; boundary={BOUNDARY}"),
            body,
            &[("content-length", len.as_str())],
        )
        .await
    }

    /// Posts a form as a browser would; `fields` should include `_csrf` where the page has one.
    pub async fn post(&mut self, path: &str, fields: &[(&str, &str)]) -> Resp {
        self.post_raw(
            path,
            "application/x-www-form-urlencoded",
            form_body(fields),
            &[],
        )
        .await
    }

    /// Gets `page`, takes its CSRF token and posts `fields` with it to `action`.
    pub async fn submit(&mut self, page: &str, action: &str, fields: &[(&str, &str)]) -> Resp {
        let token = self.get(page).await.csrf();
        let mut all: Vec<(&str, &str)> = vec![("_csrf", token.as_str())];
        all.extend_from_slice(fields);
        self.post(action, &all).await
    }

    pub async fn login(&mut self, email: &str, password: &str) -> Resp {
        self.submit(
            "/dang-nhap",
            "/dang-nhap",
            &[("email", email), ("password", password)],
        )
        .await
    }

    pub fn has_cookie(&self, name: &str) -> bool {
        self.cookies.contains_key(name)
    }
}
