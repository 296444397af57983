//! The audience pages `/danh-cho/{slug}` (issue 3, point 5; docs/adr/0021-audience-pages.md):
//! for each kind of visitor, where to start and the published items written for them.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::Response;

use lantoa_domain::audience_page::{self, AUDIENCE_PAGES, AudiencePage};
use lantoa_store::PageRequest;

use crate::chrome::{Chrome, PaginationPartial};
use crate::error::AppError;
use crate::forms::render;
use crate::news::{ListQuery, NewsCard, card};
use crate::{WebState, app_error};

const PER_PAGE: i64 = 12;

#[derive(Template)]
#[template(path = "public/audience.html")]
pub struct AudienceView {
    pub chrome: Chrome,
    pub page: &'static AudiencePage,
    /// The other audience pages (links at the foot).
    pub others: Vec<&'static AudiencePage>,
    pub items: Vec<NewsCard>,
    pub pagination: PaginationPartial,
}

pub async fn show(
    State(state): State<WebState>,
    chrome: Chrome,
    Path(slug): Path<String>,
    Query(q): Query<ListQuery>,
) -> Result<Response, AppError> {
    let page = audience_page::audience_page(&slug).ok_or(AppError::NotFound)?;
    let page_no = crate::admin::page_param(q.page());
    let cached = state
        .app
        .run(move |app, conn| {
            lantoa_app::portal_cache::published_for(
                app,
                conn,
                page.audiences,
                PageRequest::new(page_no, PER_PAGE),
            )
        })
        .await
        .map_err(app_error)?;
    let (listed, covers) = &*cached;
    let pagination = PaginationPartial::new(
        u32::try_from(listed.page).unwrap_or(1),
        u32::try_from(listed.page_count()).unwrap_or(1),
        format!("/danh-cho/{}", page.slug),
    );
    render(&AudienceView {
        chrome: chrome.crumb(page.title, None),
        page,
        others: AUDIENCE_PAGES
            .iter()
            .filter(|p| p.slug != page.slug)
            .collect(),
        items: listed.items.iter().map(|i| card(i, covers)).collect(),
        pagination,
    })
}
