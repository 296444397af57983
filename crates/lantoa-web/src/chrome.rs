//! The page frame shared by every HTML page: header, navigation, breadcrumb, flash messages,
//! footer. Every page struct carries one [`Chrome`] in a field named `chrome` and extends
//! `layout.html` (public pages) or `admin_layout.html` (back office):
//!
//! ```ignore
//! #[derive(askama::Template)]
//! #[template(path = "news/list.html")]
//! struct NewsListPage { chrome: Chrome, items: Vec<NewsItem>, pagination: PaginationPartial }
//!
//! async fn list(chrome: Chrome, State(state): State<WebState>) -> Result<Html<String>, AppError> {
//!     let chrome = chrome.crumb("Tin tức", None);
//!     let page = NewsListPage { chrome, /* … */ };
//!     Ok(Html(page.render()?))
//! }
//! ```
//! ```text
//! {% extends "layout.html" %}
//! {% block title %}Tin tức{% endblock %}
//! {% block main %}<h1>Tin tức</h1> … {{ pagination|safe }}{% endblock %}
//! ```
//!
//! Layout blocks: `title` (text before " – site name"), `description` (meta description,
//! defaults to the slogan), `canonical` (empty by default), `head` (extra `<head>` tags, e.g.
//! Open Graph), `body_class`, `main`; `admin_layout.html` adds `admin_main`.
//!
//! Component markup (classes styled by `static/css/site.css`):
//! - Buttons: `<button class="button">` (primary), `button button--secondary`,
//!   `button button--danger`; a destructive form or button may carry
//!   `data-confirm="Xóa bài viết này?"` (a JS nicety; the server must confirm on its own).
//! - Form field: `<div class="field [field--error]"><label for="x">…</label>
//!   <p class="field__hint" id="x-hint">…</p><p class="field__error" id="x-error">…</p>
//!   <input id="x" aria-describedby="x-hint x-error" aria-invalid="true"></div>`;
//!   the summary at the top of the form is [`ErrorSummaryPartial`].
//! - Table: `<div class="table-wrap" tabindex="0" role="region" aria-label="…"><table class="table">`.
//! - Alerts: `<div class="alert alert--info|success|error">`; flash messages in [`Chrome`]
//!   are rendered by the layout.
//! - Cards: `<ul class="cards"><li class="card"><h3 class="card__title"><a>…</a></h3>
//!   <p class="card__meta">…</p><p>…</p></li></ul>`.
//! - Badges: `<span class="badge badge--draft">Nháp</span>`, `badge--pending` (Chờ duyệt),
//!   `badge--published` (Đã xuất bản), `badge--returned` (Trả lại), `badge--neutral`.
//! - Empty state: `<div class="empty-state"><p class="empty-state__title">Chưa có …</p>
//!   <p>…</p><a class="button" href="…">…</a></div>`.
//! - Pagination: [`PaginationPartial`].

use std::convert::Infallible;
use std::sync::Arc;

use askama::Template;
use axum::extract::{FromRef, FromRequestParts};
use axum::http::request::Parts;

use crate::Site;

/// The site's identity, from configuration (and later the identity kit).
#[derive(Debug, Clone, serde::Deserialize)]
pub struct Identity {
    /// Public name, e.g. "Cổng thông tin Giáo dục nghề nghiệp Kiên Giang".
    pub site_name: String,
    /// Main slogan, shown under the site name.
    pub slogan: String,
    /// Second slogan, shown in the top bar and the footer.
    pub second_slogan: String,
    /// The agency running the site (footer).
    pub agency_name: String,
    pub agency_address: String,
    pub agency_phone: String,
    pub agency_email: String,
    /// The public address without a trailing slash (`https://gdnn.angiang.gov.vn`); empty:
    /// each request's own host (see [`Identity::base_url`]).
    pub public_url: String,
}

impl Identity {
    /// The demo identity of the seed plan (Kiên Giang, 2023–2025).
    pub fn demo() -> Self {
        Self {
            site_name: "Cổng thông tin Giáo dục nghề nghiệp Kiên Giang".to_owned(),
            slogan: "Đồng hành nâng tầm kỹ năng lao động Việt Nam".to_owned(),
            second_slogan: "Thực học, thực hành – Vững nghề nghiệp, sáng tương lai".to_owned(),
            agency_name: "Sở Lao động – Thương binh và Xã hội tỉnh Kiên Giang".to_owned(),
            agency_address: "Số 01 Mai Thị Hồng Hạnh, phường Vĩnh Thanh, thành phố Rạch Giá, \
                             tỉnh Kiên Giang"
                .to_owned(),
            agency_phone: "0297 3862 068".to_owned(),
            agency_email: "soldtbxh@kiengiang.gov.vn".to_owned(),
            public_url: String::new(),
        }
    }

    /// The site's address for links read away from it (printed QR codes): `public_url`, or
    /// else the request's host with the scheme the site is served with. A host that is not a
    /// plain name or address (with an optional port) is not trusted: the answer is then empty
    /// and links stay relative.
    pub fn base_url(&self, host: Option<&str>, tls: bool) -> String {
        if !self.public_url.is_empty() {
            return self.public_url.clone();
        }
        let plain = |h: &&str| {
            !h.is_empty()
                && h.len() <= 255
                && h.chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | ':' | '[' | ']'))
        };
        match host.filter(plain) {
            Some(h) => format!("{}://{h}", if tls { "https" } else { "http" }),
            None => String::new(),
        }
    }

    /// The phone number as a `tel:` URL (digits and a leading `+` only).
    pub fn phone_href(&self) -> String {
        let digits: String = self
            .agency_phone
            .chars()
            .filter(|c| c.is_ascii_digit() || *c == '+')
            .collect();
        format!("tel:{digits}")
    }
}

/// The signed-in user as the header shows them.
#[derive(Debug, Clone)]
pub struct UserBadge {
    pub display_name: String,
    /// Show the link to the back office.
    pub can_admin: bool,
}

/// The session's CSRF token. The session middleware inserts it (with a [`UserBadge`]) into
/// the request extensions; [`Chrome`]'s extractor picks both up.
#[derive(Debug, Clone)]
pub struct CsrfToken(pub String);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FlashKind {
    Info,
    Success,
    Error,
}

/// A one-time message shown at the top of the next page ("Đã lưu bài viết.").
#[derive(Debug, Clone)]
pub struct Flash {
    pub kind: FlashKind,
    pub message: String,
}

impl Flash {
    /// The CSS modifier: `info`, `success` or `error`.
    pub fn class(&self) -> &'static str {
        match self.kind {
            FlashKind::Info => "info",
            FlashKind::Success => "success",
            FlashKind::Error => "error",
        }
    }

    /// Errors interrupt screen readers (`alert`); the others are polite (`status`).
    pub fn role(&self) -> &'static str {
        match self.kind {
            FlashKind::Error => "alert",
            _ => "status",
        }
    }
}

/// Flash messages for this request, inserted into the request extensions by whatever reads
/// them from the session.
#[derive(Debug, Clone, Default)]
pub struct Flashes(pub Vec<Flash>);

/// One breadcrumb step; the last one (the current page) has no link.
#[derive(Debug, Clone)]
pub struct Crumb {
    pub label: String,
    pub href: Option<String>,
}

/// A navigation link.
#[derive(Debug, Clone, Copy)]
pub struct NavItem {
    pub href: &'static str,
    pub label: &'static str,
}

/// The public main navigation: only sections that exist (each module adds its own).
pub const PUBLIC_NAV: &[NavItem] = &[
    NavItem {
        href: "/",
        label: "Trang chủ",
    },
    NavItem {
        href: "/gioi-thieu",
        label: "Giới thiệu",
    },
    NavItem {
        href: "/tin-tuc",
        label: "Tin tức",
    },
    NavItem {
        href: "/nganh-nghe",
        label: "Ngành nghề",
    },
    NavItem {
        href: "/co-so-dao-tao",
        label: "Trường",
    },
    NavItem {
        href: "/chuong-trinh",
        label: "Chương trình",
    },
    NavItem {
        href: "/ke-hoach",
        label: "Kế hoạch",
    },
];

/// The back office's side navigation.
pub const ADMIN_NAV: &[NavItem] = &[
    NavItem {
        href: "/quan-tri",
        label: "Tổng quan",
    },
    NavItem {
        href: "/quan-tri/ke-hoach",
        label: "Kế hoạch",
    },
    NavItem {
        href: "/quan-tri/noi-dung",
        label: "Nội dung",
    },
    NavItem {
        href: "/quan-tri/thu-vien",
        label: "Thư viện ảnh, tệp",
    },
    NavItem {
        href: "/quan-tri/don-vi",
        label: "Đơn vị",
    },
    NavItem {
        href: "/quan-tri/co-so-dao-tao",
        label: "Cơ sở đào tạo",
    },
    NavItem {
        href: "/quan-tri/chuong-trinh",
        label: "Chương trình đào tạo",
    },
    NavItem {
        href: "/quan-tri/chinh-sach-ho-tro",
        label: "Chính sách hỗ trợ",
    },
    NavItem {
        href: "/quan-tri/ho-so-tuyen-sinh",
        label: "Hồ sơ tuyển sinh",
    },
    NavItem {
        href: "/quan-tri/nguoi-dung",
        label: "Người dùng",
    },
    NavItem {
        href: "/quan-tri/nhat-ky",
        label: "Nhật ký",
    },
];

/// What the layout needs on every page. Extract it in a handler (`chrome: Chrome`) or build
/// it with [`Chrome::new`].
#[derive(Clone)]
pub struct Chrome {
    pub site: Arc<Site>,
    pub user: Option<UserBadge>,
    /// The session's CSRF token, for the sign-out form (empty when signed out).
    pub csrf_token: String,
    /// The request path (no query), for the current navigation item and the sign-in `next`.
    pub path: String,
    pub flashes: Vec<Flash>,
    /// Steps after "Trang chủ"; no breadcrumb is shown while empty.
    pub breadcrumb: Vec<Crumb>,
    /// The request's `Host` header, for absolute addresses when `site.public_url` is empty.
    pub host: Option<String>,
}

impl std::fmt::Debug for Chrome {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Chrome")
            .field("user", &self.user)
            .field("path", &self.path)
            .finish_non_exhaustive()
    }
}

impl Chrome {
    /// A frame for an anonymous visitor at `path`.
    pub fn new(site: Arc<Site>, path: impl Into<String>) -> Self {
        Self {
            site,
            user: None,
            csrf_token: String::new(),
            path: path.into(),
            flashes: Vec::new(),
            breadcrumb: Vec::new(),
            host: None,
        }
    }

    /// The same frame for a signed-in user.
    #[must_use]
    pub fn with_user(mut self, user: UserBadge, csrf_token: impl Into<String>) -> Self {
        self.user = Some(user);
        self.csrf_token = csrf_token.into();
        self
    }

    /// Appends a breadcrumb step (`href: None` for the current page).
    #[must_use]
    pub fn crumb(mut self, label: impl Into<String>, href: Option<&str>) -> Self {
        self.breadcrumb.push(Crumb {
            label: label.into(),
            href: href.map(str::to_owned),
        });
        self
    }

    /// Adds a message shown at the top of this page.
    #[must_use]
    pub fn flash(mut self, kind: FlashKind, message: impl Into<String>) -> Self {
        self.flashes.push(Flash {
            kind,
            message: message.into(),
        });
        self
    }

    pub fn identity(&self) -> &Identity {
        &self.site.identity
    }

    /// The site's public address for `path` (`/tin-tuc/abc` → `https://…/tin-tuc/abc`):
    /// `site.public_url`, else this request's host; just `path` when the host is not trusted.
    pub fn absolute(&self, path: &str) -> String {
        // `secure_cookies` is set exactly when the site is served behind TLS.
        let base = self
            .site
            .identity
            .base_url(self.host.as_deref(), self.site.secure_cookies);
        format!("{base}{path}")
    }

    /// The hashed URL of a static file, e.g. `chrome.asset("css/site.css")`.
    pub fn asset(&self, logical: &str) -> &'static str {
        crate::assets::url(logical)
    }

    /// Whether `href` is the navigation item for the current page: the same path, or a
    /// section prefix (`/tin-tuc` for `/tin-tuc/abc`) unless a longer navigation item fits
    /// better (`/quan-tri/don-vi` wins over `/quan-tri`).
    pub fn is_current(&self, href: &str) -> bool {
        if !covers(href, &self.path) {
            return false;
        }
        !PUBLIC_NAV
            .iter()
            .chain(ADMIN_NAV)
            .any(|item| item.href.len() > href.len() && covers(item.href, &self.path))
    }

    pub fn public_nav(&self) -> &'static [NavItem] {
        PUBLIC_NAV
    }

    pub fn admin_nav(&self) -> &'static [NavItem] {
        ADMIN_NAV
    }

    /// The sign-in link, returning here afterwards.
    pub fn login_href(&self) -> String {
        login_href(&self.path)
    }
}

/// `/dang-nhap?next=<path>` (just `/dang-nhap` from the home and sign-in pages).
pub fn login_href(path_and_query: &str) -> String {
    if path_and_query == "/" || path_and_query.starts_with("/dang-nhap") {
        "/dang-nhap".to_owned()
    } else {
        format!("/dang-nhap?next={}", encode_component(path_and_query))
    }
}

/// Percent-encodes everything but RFC 3986 unreserved characters (and `/`).
pub fn encode_component(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~' | b'/') {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

fn covers(href: &str, path: &str) -> bool {
    if href == "/" {
        return path == "/";
    }
    path == href
        || path
            .strip_prefix(href)
            .is_some_and(|rest| rest.starts_with('/'))
}

/// Builds the frame from the request: the path, and the [`UserBadge`], [`CsrfToken`] and
/// [`Flashes`] the session middleware put into the request extensions (anonymous if none).
impl<S> FromRequestParts<S> for Chrome
where
    Arc<Site>: FromRef<S>,
    S: Send + Sync,
{
    type Rejection = Infallible;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        Ok(Self::from_parts(Arc::<Site>::from_ref(state), parts))
    }
}

impl Chrome {
    /// The frame for a request, as the extractor builds it.
    pub fn from_parts(site: Arc<Site>, parts: &Parts) -> Self {
        let mut chrome = Self::new(site, parts.uri.path());
        chrome.host = parts
            .headers
            .get(axum::http::header::HOST)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned);
        if let Some(user) = parts.extensions.get::<UserBadge>() {
            chrome.user = Some(user.clone());
        }
        if let Some(CsrfToken(token)) = parts.extensions.get::<CsrfToken>() {
            chrome.csrf_token.clone_from(token);
        }
        if let Some(Flashes(flashes)) = parts.extensions.get::<Flashes>() {
            chrome.flashes.clone_from(flashes);
        }
        chrome
    }
}

/// One link of a [`PaginationPartial`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PageLink {
    Page {
        number: u32,
        href: String,
        current: bool,
    },
    Gap,
}

/// "Trước · 1 … 4 5 6 … 20 · Sau". Put it in a page struct and write `{{ pagination|safe }}`.
#[derive(Debug, Clone, Template)]
#[template(path = "partials/pagination.html")]
pub struct PaginationPartial {
    /// 1-based current page.
    pub page: u32,
    pub total_pages: u32,
    /// The list URL without the page parameter, query included (`/tin-tuc?chu-de=abc`).
    pub base: String,
}

impl PaginationPartial {
    /// The page number parameter in URLs (`?trang=2`).
    pub const PARAM: &'static str = "trang";

    pub fn new(page: u32, total_pages: u32, base: impl Into<String>) -> Self {
        Self {
            page: page.max(1),
            total_pages,
            base: base.into(),
        }
    }

    pub fn href(&self, number: u32) -> String {
        if number <= 1 {
            return self.base.clone();
        }
        let sep = if self.base.contains('?') { '&' } else { '?' };
        format!("{}{sep}{}={number}", self.base, Self::PARAM)
    }

    pub fn prev_href(&self) -> Option<String> {
        (self.page > 1).then(|| self.href(self.page - 1))
    }

    pub fn next_href(&self) -> Option<String> {
        (self.page < self.total_pages).then(|| self.href(self.page + 1))
    }

    /// First, last, and two either side of the current page, with gaps between.
    pub fn links(&self) -> Vec<PageLink> {
        let mut out = Vec::new();
        let mut last = 0;
        for n in 1..=self.total_pages {
            let near = n.abs_diff(self.page) <= 2;
            if n == 1 || n == self.total_pages || near {
                if n > last + 1 {
                    out.push(PageLink::Gap);
                }
                out.push(PageLink::Page {
                    number: n,
                    href: self.href(n),
                    current: n == self.page,
                });
                last = n;
            }
        }
        out
    }
}

/// The box at the top of a form that failed validation, linking to each field. Render it with
/// `{{ error_summary|safe }}`; it renders nothing when there are no errors.
#[derive(Debug, Clone, Default, Template)]
#[template(path = "partials/error_summary.html")]
pub struct ErrorSummaryPartial {
    /// `(field id, message)` in form order.
    pub errors: Vec<(String, String)>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::metrics::Metrics;

    fn chrome(path: &str) -> Chrome {
        let site = Arc::new(Site {
            identity: Identity::demo(),
            metrics: Metrics::new(),
            hsts: false,
            secure_cookies: false,
        });
        Chrome::new(site, path)
    }

    #[test]
    fn current_navigation_item() {
        assert!(chrome("/").is_current("/"));
        assert!(!chrome("/tin-tuc").is_current("/"));
        assert!(chrome("/tin-tuc/mot-bai").is_current("/tin-tuc"));
        assert!(!chrome("/tin-tucx").is_current("/tin-tuc"));
        assert!(chrome("/quan-tri").is_current("/quan-tri"));
        assert!(!chrome("/quan-tri/don-vi/3").is_current("/quan-tri"));
        assert!(chrome("/quan-tri/don-vi/3").is_current("/quan-tri/don-vi"));
    }

    #[test]
    fn base_url_prefers_the_setting_and_distrusts_odd_hosts() {
        let mut id = Identity::demo();
        assert_eq!(
            id.base_url(Some("gdnn.vn:8080"), false),
            "http://gdnn.vn:8080"
        );
        assert_eq!(id.base_url(Some("gdnn.vn"), true), "https://gdnn.vn");
        assert_eq!(id.base_url(Some("evil.example/\"<x>"), false), "");
        assert_eq!(id.base_url(None, false), "");
        id.public_url = "https://gdnn.angiang.gov.vn".into();
        assert_eq!(
            id.base_url(Some("127.0.0.1:8080"), false),
            "https://gdnn.angiang.gov.vn"
        );
    }

    #[test]
    fn login_link_returns_here() {
        assert_eq!(
            chrome("/tuyen-sinh/dang-ky").login_href(),
            "/dang-nhap?next=/tuyen-sinh/dang-ky"
        );
        assert_eq!(login_href("/a?b=c d"), "/dang-nhap?next=/a%3Fb%3Dc%20d");
        assert_eq!(login_href("/"), "/dang-nhap");
    }

    #[test]
    fn pagination_windows_and_keeps_query() {
        let p = PaginationPartial::new(6, 20, "/tin-tuc?chu-de=abc");
        let numbers: Vec<Option<u32>> = p
            .links()
            .iter()
            .map(|l| match l {
                PageLink::Page { number, .. } => Some(*number),
                PageLink::Gap => None,
            })
            .collect();
        assert_eq!(
            numbers,
            [
                Some(1),
                None,
                Some(4),
                Some(5),
                Some(6),
                Some(7),
                Some(8),
                None,
                Some(20)
            ]
        );
        assert_eq!(p.href(2), "/tin-tuc?chu-de=abc&trang=2");
        assert_eq!(p.href(1), "/tin-tuc?chu-de=abc");
        let html = p.render().unwrap_or_default();
        assert!(html.contains("aria-current=\"page\""), "{html}");
        assert!(html.contains("Trang sau"), "{html}");
    }
}
