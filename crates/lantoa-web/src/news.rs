//! Public content (issue 3): `/tin-tuc` (published articles, newest first), `/tin-tuc/{slug}`
//! (an article; a withdrawn one shows a notice, anything else unpublished is a 404),
//! `/phong-su-anh` and `/phong-su-anh/{slug}` (photo stories: the gallery as figures),
//! `/an-pham` and `/an-pham/{slug}` (publications: the PDF to download, its cover),
//! `/chu-de/{topic}` (published items of a topic) and `/trang/{slug}` (static pages). An
//! item's page has its cleaned HTML body, Open Graph and canonical links with the site's
//! public address, share links (plain links, no third-party script), related items.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use std::collections::HashMap;
use std::sync::Arc;

use lantoa_app::content::{self as app_content, PublicItem};
use lantoa_app::media::Cover;
use lantoa_domain::content::{self as domain, ContentKind, Topic};
use lantoa_store::PageRequest;
use lantoa_store::content::ContentListItem;
use serde::Deserialize;

use crate::chrome::{Chrome, PaginationPartial, encode_component};
use crate::error::AppError;
use crate::forms::{render, render_with};
use crate::{WebState, app_error};

const PER_PAGE: i64 = 12;

/// A published item in a list.
pub struct NewsCard {
    pub href: String,
    pub title: String,
    pub summary: String,
    pub date: String,
    /// `yyyy-mm-dd` for the `datetime` attribute.
    pub iso: String,
    pub org: String,
    pub cover: Option<Cover>,
}

/// `sizes` of a cover in a card (cards are at least 16rem wide, up to three a row).
pub const CARD_SIZES: &str = "(min-width: 60rem) 20rem, (min-width: 36rem) 50vw, 100vw";
/// `sizes` of an article's cover (the text column is at most about 46rem).
pub const ARTICLE_SIZES: &str = "(min-width: 50rem) 46rem, 100vw";

/// The list a kind's items belong to, for breadcrumbs: (label, address). Pages have none.
pub fn section(kind: ContentKind) -> Option<(&'static str, &'static str)> {
    match kind {
        ContentKind::Page => None,
        ContentKind::PhotoStory => Some(("Phóng sự ảnh", kind.section())),
        ContentKind::Publication => Some(("Ấn phẩm", kind.section())),
        ContentKind::Video => Some(("Video", kind.section())),
        _ => Some(("Tin tức", ContentKind::Article.section())),
    }
}

/// `dd/mm/yyyy` of a UTC timestamp, in Vietnamese time.
pub fn vn_date(at: chrono::NaiveDateTime) -> String {
    lantoa_app::clock::format_date((at + chrono::Duration::hours(7)).date())
}

pub fn href(kind: &str, slug: &str) -> String {
    ContentKind::path_of(kind, slug)
}

pub fn card(i: &ContentListItem, covers: &HashMap<i64, Cover>) -> NewsCard {
    NewsCard {
        cover: i
            .content
            .cover_media_id
            .and_then(|id| covers.get(&id).cloned()),
        href: href(&i.content.kind, &i.content.slug),
        title: i.content.title.clone(),
        summary: if i.content.summary.is_empty() {
            lantoa_app::html::excerpt(&i.content.body, 200)
        } else {
            i.content.summary.clone()
        },
        date: i.content.published_at.map(vn_date).unwrap_or_default(),
        iso: i
            .content
            .published_at
            .map(|at| (at + chrono::Duration::hours(7)).date().to_string())
            .unwrap_or_default(),
        org: i.org_name.clone(),
    }
}

/// The latest published articles (for the home page).
pub async fn latest(state: &WebState, n: i64) -> Result<Vec<NewsCard>, AppError> {
    let listed = state
        .app
        .run(move |app, conn| {
            lantoa_app::portal_cache::published(
                app,
                conn,
                Some(ContentKind::Article),
                None,
                PageRequest::new(1, n),
            )
        })
        .await
        .map_err(app_error)?;
    let (page, covers) = &*listed;
    Ok(page.items.iter().map(|i| card(i, covers)).collect())
}

#[derive(Template)]
#[template(path = "news/list.html")]
pub struct NewsListPage {
    pub chrome: Chrome,
    /// Where this list's feeds are: `` (site-wide) or `/chu-de/iv-2-b`.
    pub feed_base: String,
    pub heading: String,
    pub intro: String,
    pub items: Vec<NewsCard>,
    pub topics: &'static [Topic],
    pub pagination: PaginationPartial,
}

#[derive(Debug, Deserialize, Default)]
#[serde(default)]
pub struct ListQuery {
    trang: Option<String>,
}

impl ListQuery {
    /// The `trang` parameter as sent.
    pub fn page(&self) -> Option<&str> {
        self.trang.as_deref()
    }
}

pub(crate) async fn list_page(
    state: &WebState,
    topic: Option<&'static Topic>,
    list_kind: ContentKind,
    page_no: i64,
) -> Result<(Vec<NewsCard>, PaginationPartial), AppError> {
    let (kind, code) = match topic {
        Some(t) => (None, Some(t.code)),
        None => (Some(list_kind), None),
    };
    let listed = state
        .app
        .run(move |app, conn| {
            lantoa_app::portal_cache::published(
                app,
                conn,
                kind,
                code,
                PageRequest::new(page_no, PER_PAGE),
            )
        })
        .await
        .map_err(app_error)?;
    let (page, covers) = &*listed;
    let base = match topic {
        Some(t) => format!("/chu-de/{}", t.code),
        None => list_kind.section().to_owned(),
    };
    let pagination = PaginationPartial::new(
        u32::try_from(page.page).unwrap_or(1),
        u32::try_from(page.page_count()).unwrap_or(1),
        base,
    );
    Ok((
        page.items.iter().map(|i| card(i, covers)).collect(),
        pagination,
    ))
}

pub async fn list(
    State(state): State<WebState>,
    chrome: Chrome,
    Query(q): Query<ListQuery>,
) -> Result<Response, AppError> {
    let page_no = crate::admin::page_param(q.trang.as_deref());
    let (items, pagination) = list_page(&state, None, ContentKind::Article, page_no).await?;
    render(&NewsListPage {
        chrome: chrome.crumb("Tin tức", None),
        feed_base: String::new(),
        heading: "Tin tức".into(),
        intro: "Tin, bài về giáo dục nghề nghiệp của các sở, ngành, địa phương và cơ sở đào tạo trong tỉnh.".into(),
        items,
        topics: domain::TOPICS,
        pagination,
    })
}

pub async fn topic(
    State(state): State<WebState>,
    chrome: Chrome,
    Path(code): Path<String>,
    Query(q): Query<ListQuery>,
) -> Result<Response, AppError> {
    let topic = domain::topic(&code).ok_or(AppError::NotFound)?;
    let page_no = crate::admin::page_param(q.trang.as_deref());
    let (items, pagination) = list_page(&state, Some(topic), ContentKind::Article, page_no).await?;
    render(&NewsListPage {
        chrome: chrome
            .crumb("Tin tức", Some("/tin-tuc"))
            .crumb(topic.label, None),
        feed_base: format!("/chu-de/{}", topic.code),
        heading: format!("Chủ đề: {}", topic.label),
        intro: format!("Nội dung truyền thông mục {} của Kế hoạch.", topic.section),
        items,
        topics: domain::TOPICS,
        pagination,
    })
}

/// `/phong-su-anh`: published photo stories, newest first.
pub async fn photo_stories(
    State(state): State<WebState>,
    chrome: Chrome,
    Query(q): Query<ListQuery>,
) -> Result<Response, AppError> {
    let page_no = crate::admin::page_param(q.trang.as_deref());
    let (items, pagination) = list_page(&state, None, ContentKind::PhotoStory, page_no).await?;
    render(&NewsListPage {
        chrome: chrome.crumb("Phóng sự ảnh", None),
        feed_base: String::new(),
        heading: "Phóng sự ảnh".into(),
        intro: "Phóng sự ảnh về học nghề, dạy nghề và người lao động trong tỉnh.".into(),
        items,
        topics: domain::TOPICS,
        pagination,
    })
}

/// `/an-pham`: published publications (leaflets, handbooks), newest first.
pub async fn publications(
    State(state): State<WebState>,
    chrome: Chrome,
    Query(q): Query<ListQuery>,
) -> Result<Response, AppError> {
    let page_no = crate::admin::page_param(q.trang.as_deref());
    let (items, pagination) = list_page(&state, None, ContentKind::Publication, page_no).await?;
    render(&NewsListPage {
        chrome: chrome.crumb("Ấn phẩm", None),
        feed_base: String::new(),
        heading: "Ấn phẩm".into(),
        intro: "Tờ rơi, cẩm nang và tài liệu tuyên truyền về giáo dục nghề nghiệp, tải về dạng PDF để đọc, in và chia sẻ.".into(),
        items,
        topics: domain::TOPICS,
        pagination,
    })
}

#[derive(Template)]
#[template(path = "news/show.html")]
pub struct NewsPage {
    pub chrome: Chrome,
    /// Shared with the portal's cache (`lantoa_app::portal_cache`).
    pub item: Arc<PublicItem>,
    /// dd/mm/yyyy, Vietnam time.
    pub date: String,
    /// yyyy-mm-dd for `<time datetime>`.
    pub iso: String,
    /// RFC 3339, for `article:published_time`.
    pub published_time: String,
    /// Absolute URL of the item (canonical, `og:url`, share links).
    pub canonical: String,
    pub og_type: &'static str,
    /// Absolute URL of the cover image (its largest variant).
    pub og_image: Option<String>,
    pub description: String,
    pub share_facebook: String,
    pub share_zalo: String,
    pub related: Vec<NewsCard>,
    /// Set when the page is an editor's preview of an unsaved form (back office).
    pub preview: Option<PreviewNote>,
}

/// The banner above a preview: what a save would refuse, and the legacy-text notice.
pub struct PreviewNote {
    pub problems: Vec<String>,
    pub notice: Option<String>,
}

/// An editor's preview ("Xem trước", `/quan-tri/noi-dung/xem-truoc`) in the public article
/// template: the same body, title, meta and breadcrumb; no share links or related items.
pub fn preview_page(chrome: Chrome, preview: app_content::Preview) -> NewsPage {
    let app_content::Preview {
        kind,
        item,
        problems,
        notice,
    } = preview;
    let canonical = chrome.absolute(&href(kind.code(), &item.row.slug));
    let og_image = item.cover.as_ref().map(|c| chrome.absolute(&c.largest));
    let chrome = match (section(kind), item.topics.first()) {
        (None, _) => chrome,
        (Some((label, href)), Some(t)) => chrome
            .crumb(label, Some(href))
            .crumb(t.label, Some(&format!("/chu-de/{}", t.code))),
        (Some((label, href)), None) => chrome.crumb(label, Some(href)),
    };
    let local = item
        .row
        .published_at
        .map(|at| at + chrono::Duration::hours(7));
    NewsPage {
        chrome: chrome.crumb(item.row.title.clone(), None),
        date: item.row.published_at.map(vn_date).unwrap_or_default(),
        iso: local.map(|at| at.date().to_string()).unwrap_or_default(),
        published_time: String::new(),
        canonical,
        og_type: if kind == ContentKind::Page {
            "website"
        } else {
            "article"
        },
        og_image,
        description: item.description.clone(),
        share_facebook: String::new(),
        share_zalo: String::new(),
        related: Vec::new(),
        preview: Some(PreviewNote { problems, notice }),
        item: Arc::new(item),
    }
}

pub(crate) async fn show_kind(
    state: WebState,
    chrome: Chrome,
    kind: ContentKind,
    slug: String,
) -> Result<Response, AppError> {
    let path = href(kind.code(), &slug);
    let item = state
        .app
        .run(move |app, conn| lantoa_app::portal_cache::item(app, conn, kind, &slug))
        .await
        .map_err(app_error)?;
    let canonical = chrome.absolute(&path);
    let og_image = item.cover.as_ref().map(|c| chrome.absolute(&c.largest));
    let chrome = if let Some((label, href)) = section(kind) {
        let chrome = chrome.crumb(label, Some(href));
        let chrome = match item.topics.first() {
            Some(t) => chrome.crumb(t.label, Some(&format!("/chu-de/{}", t.code))),
            None => chrome,
        };
        chrome.crumb(item.row.title.clone(), None)
    } else {
        chrome.crumb(item.row.title.clone(), None)
    };
    let status = if item.withdrawn {
        StatusCode::GONE
    } else {
        StatusCode::OK
    };
    let local = item
        .row
        .published_at
        .map(|at| at + chrono::Duration::hours(7));
    // The whole address is one query value: its slashes are encoded too.
    let encoded = encode_component(&canonical).replace('/', "%2F");
    render_with(
        status,
        &NewsPage {
            chrome,
            date: item.row.published_at.map(vn_date).unwrap_or_default(),
            iso: local.map(|at| at.date().to_string()).unwrap_or_default(),
            published_time: local
                .map(|at| at.format("%Y-%m-%dT%H:%M:%S+07:00").to_string())
                .unwrap_or_default(),
            share_facebook: format!("https://www.facebook.com/sharer/sharer.php?u={encoded}"),
            share_zalo: format!("https://sp.zalo.me/share_inline?url={encoded}"),
            canonical,
            og_type: if kind == ContentKind::Page {
                "website"
            } else {
                "article"
            },
            og_image,
            description: item.description.clone(),
            related: item
                .related
                .iter()
                .map(|i| card(i, &item.related_covers))
                .collect(),
            preview: None,
            item,
        },
    )
}

pub async fn show(
    State(state): State<WebState>,
    chrome: Chrome,
    Path(slug): Path<String>,
) -> Result<Response, AppError> {
    show_kind(state, chrome, ContentKind::Article, slug).await
}

/// `/phong-su-anh/{slug}`: a photo story.
pub async fn photo_story(
    State(state): State<WebState>,
    chrome: Chrome,
    Path(slug): Path<String>,
) -> Result<Response, AppError> {
    show_kind(state, chrome, ContentKind::PhotoStory, slug).await
}

/// `/an-pham/{slug}`: a publication.
pub async fn publication(
    State(state): State<WebState>,
    chrome: Chrome,
    Path(slug): Path<String>,
) -> Result<Response, AppError> {
    show_kind(state, chrome, ContentKind::Publication, slug).await
}

pub async fn page(
    State(state): State<WebState>,
    chrome: Chrome,
    Path(slug): Path<String>,
) -> Result<Response, AppError> {
    show_kind(state, chrome, ContentKind::Page, slug).await
}
