//! `/tim-kiem`: full-text search of the portal (issue 3, point 6). The form works without
//! JavaScript (a GET form); the query and filters stay in the URL, so a search can be shared
//! and paged. A query the search refuses (empty, too long, a bad date) gets a 400 page with
//! the message beside the field and everything typed kept.

use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use lantoa_app::search::{self as app_search, SearchHit, SearchRequest};
use lantoa_domain::content::{TOPICS, Topic};
use serde::Deserialize;

use crate::chrome::{Chrome, PaginationPartial, encode_component};
use crate::error::AppError;
use crate::forms::{FormErrors, render_with};
use crate::news::vn_date;
use crate::{WebState, app_error};

/// Query parameters of `/tim-kiem` (Vietnamese names, like the other public pages).
#[derive(Debug, Deserialize, Default, Clone)]
#[serde(default)]
pub struct SearchParams {
    pub q: Option<String>,
    pub loai: String,
    pub chu_de: String,
    pub tu_ngay: String,
    pub den_ngay: String,
    pub trang: Option<String>,
}

impl SearchParams {
    fn is_blank(&self) -> bool {
        self.q.is_none()
            && self.loai.is_empty()
            && self.chu_de.is_empty()
            && self.tu_ngay.is_empty()
            && self.den_ngay.is_empty()
    }

    /// The URL of this search (page 1), for the pagination links.
    fn base(&self) -> String {
        let mut url = format!(
            "/tim-kiem?q={}",
            encode_component(self.q.as_deref().unwrap_or_default())
        );
        for (name, value) in [
            ("loai", &self.loai),
            ("chu_de", &self.chu_de),
            ("tu_ngay", &self.tu_ngay),
            ("den_ngay", &self.den_ngay),
        ] {
            if !value.trim().is_empty() {
                url.push_str(&format!("&{name}={}", encode_component(value.trim())));
            }
        }
        url
    }
}

/// The application's field names → this form's.
fn field_name(app_field: &str) -> &str {
    match app_field {
        "kind" => "loai",
        "topic" => "chu_de",
        "from" => "tu_ngay",
        "to" => "den_ngay",
        other => other,
    }
}

/// A date as a date field shows it (`yyyy-mm-dd`), or as typed when it is not a date.
fn date_value(s: &str) -> String {
    match lantoa_app::orgs::parse_date(s) {
        Ok(Some(d)) => d.format("%Y-%m-%d").to_string(),
        _ => s.trim().to_owned(),
    }
}

/// One result as the page shows it.
pub struct ResultItem {
    pub url: String,
    pub kind_label: &'static str,
    pub title_html: String,
    pub snippet_html: String,
    /// dd/mm/yyyy (Vietnam time), or empty for directory entries.
    pub date: String,
    /// yyyy-mm-dd for `<time datetime>`.
    pub iso: String,
}

impl From<SearchHit> for ResultItem {
    fn from(h: SearchHit) -> Self {
        ResultItem {
            date: h.published_at.map(vn_date).unwrap_or_default(),
            iso: h
                .published_at
                .map(|at| (at + chrono::Duration::hours(7)).date().to_string())
                .unwrap_or_default(),
            url: h.url,
            kind_label: h.kind_label,
            title_html: h.title_html,
            snippet_html: h.snippet_html,
        }
    }
}

#[derive(Template)]
#[template(path = "search/results.html")]
pub struct SearchPage {
    pub chrome: Chrome,
    /// The query as typed.
    pub q: String,
    /// A search was run (not the blank form, not refused).
    pub searched: bool,
    pub kind: String,
    pub topic: String,
    pub from: String,
    pub to: String,
    pub kinds: Vec<(String, String)>,
    pub topics: Vec<(String, String)>,
    pub errors: FormErrors,
    pub items: Vec<ResultItem>,
    pub total: i64,
    /// The page asked for is past the last one.
    pub past_the_end: bool,
    pub pagination: PaginationPartial,
}

fn options(
    all_label: &str,
    list: impl IntoIterator<Item = (String, String)>,
) -> Vec<(String, String)> {
    std::iter::once((String::new(), all_label.to_owned()))
        .chain(list)
        .collect()
}

pub async fn page(
    State(state): State<WebState>,
    chrome: Chrome,
    Query(p): Query<SearchParams>,
) -> Result<Response, AppError> {
    let q = p.q.clone().unwrap_or_default();
    let mut page = SearchPage {
        chrome: chrome.crumb("Tìm kiếm", None),
        searched: false,
        kind: p.loai.trim().to_owned(),
        topic: p.chu_de.trim().to_owned(),
        from: date_value(&p.tu_ngay),
        to: date_value(&p.den_ngay),
        kinds: options(
            "Tất cả",
            app_search::kinds()
                .into_iter()
                .map(|(c, l)| (c.to_owned(), l.to_owned())),
        ),
        topics: options(
            "Tất cả chủ đề",
            TOPICS
                .iter()
                .map(|t: &Topic| (t.code.to_owned(), format!("{} – {}", t.section, t.label))),
        ),
        errors: FormErrors::none(),
        items: Vec::new(),
        total: 0,
        past_the_end: false,
        pagination: PaginationPartial::new(1, 1, "/tim-kiem"),
        q,
    };
    if p.is_blank() {
        return render_with(StatusCode::OK, &page);
    }
    let request = SearchRequest {
        q: page.q.clone(),
        kind: p.loai.clone(),
        topic: p.chu_de.clone(),
        from: p.tu_ngay.clone(),
        to: p.den_ngay.clone(),
        page: crate::admin::page_param(p.trang.as_deref()),
        per_page: app_search::PER_PAGE,
    };
    let result = state
        .app
        .run(move |app, conn| app_search::search(app, conn, &request))
        .await;
    match result {
        Ok(found) => {
            page.searched = true;
            page.total = found.total;
            page.past_the_end = found.items.is_empty() && found.total > 0;
            page.pagination = PaginationPartial::new(
                u32::try_from(found.page).unwrap_or(1),
                u32::try_from(found.page_count()).unwrap_or(1),
                p.base(),
            );
            page.items = found.items.into_iter().map(ResultItem::from).collect();
            render_with(StatusCode::OK, &page)
        }
        Err(lantoa_app::Error::Invalid(fields)) => {
            page.errors = FormErrors(
                fields
                    .0
                    .into_iter()
                    .map(|(f, m)| (field_name(&f).to_owned(), m))
                    .collect(),
            );
            render_with(StatusCode::BAD_REQUEST, &page)
        }
        Err(e) => Err(app_error(e)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_base_url_keeps_the_query_and_filters() {
        let p = SearchParams {
            q: Some("đào tạo & nghề".into()),
            loai: "article".into(),
            tu_ngay: " 2024-01-01 ".into(),
            ..SearchParams::default()
        };
        assert_eq!(
            p.base(),
            "/tim-kiem?q=%C4%91%C3%A0o%20t%E1%BA%A1o%20%26%20ngh%E1%BB%81&loai=article&tu_ngay=2024-01-01"
        );
        assert_eq!(date_value("20/05/2024"), "2024-05-20");
        assert_eq!(date_value("hôm qua"), "hôm qua");
    }
}
