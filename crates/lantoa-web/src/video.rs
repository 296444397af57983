//! Videos on the portal (docs/adr/0023-videos.md): `/video` lists the published videos,
//! `/video/{slug}` shows one in the article template. An uploaded file plays in a `<video>`
//! from `/media/…` (range requests, `preload="none"`); a YouTube or Facebook video is a poster
//! and a plain link to the video on its site, and, with JavaScript (`static/js/video.js`, our
//! own file), a "Phát video" button that loads the site's player only when clicked. So the
//! page makes no request to another host until the reader asks: no iframe, script, image,
//! link or preconnect to YouTube or Facebook is in its HTML. Its Content-Security-Policy adds
//! `frame-src` for the two players' hosts only.

use axum::extract::{Path, Query, State};
use axum::http::header;
use axum::response::Response;
use lantoa_domain::content::{self as domain, ContentKind};

use crate::WebState;
use crate::chrome::Chrome;
use crate::error::AppError;
use crate::forms::render;
use crate::middleware::video_page_csp;
use crate::news::{self, ListQuery, NewsListPage};

/// `/video`: published videos, newest first.
pub async fn list(
    State(state): State<WebState>,
    chrome: Chrome,
    Query(q): Query<ListQuery>,
) -> Result<Response, AppError> {
    let page_no = crate::admin::page_param(q.page());
    let (items, pagination) = news::list_page(&state, None, ContentKind::Video, page_no).await?;
    render(&NewsListPage {
        chrome: chrome.crumb("Video", None),
        feed_base: String::new(),
        heading: "Video".into(),
        intro: "Video về học nghề, dạy nghề và người lao động trong tỉnh.".into(),
        items,
        topics: domain::TOPICS,
        pagination,
    })
}

/// `/video/{slug}`: a video, with the players' hosts allowed as frames.
pub async fn show(
    State(state): State<WebState>,
    chrome: Chrome,
    Path(slug): Path<String>,
) -> Result<Response, AppError> {
    let hsts = state.site.hsts;
    let mut response = news::show_kind(state, chrome, ContentKind::Video, slug).await?;
    response
        .headers_mut()
        .insert(header::CONTENT_SECURITY_POLICY, video_page_csp(hsts));
    Ok(response)
}
