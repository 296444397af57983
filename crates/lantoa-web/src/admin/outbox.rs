//! The e-mail outbox for system administrators (`/quan-tri/thu-dien-tu`): what is waiting,
//! sent and given up, with the last error, so a wrong SMTP setting is seen before users ask
//! where their e-mails went (docs/adr/0019-mail-outbox.md).

use askama::Template;
use axum::extract::{Query, State};
use axum::response::Response;
use lantoa_app::clock::format_vn;
use lantoa_app::mail::{self as app_mail, KEEP_SENT_DAYS, STATES, state_label};
use lantoa_store::PageRequest;
use serde::Deserialize;

use crate::chrome::{Chrome, PaginationPartial};
use crate::error::AppError;
use crate::forms::render;
use crate::session::CurrentUser;
use crate::{WebState, app_error};

const PER_PAGE: i64 = 50;

/// One message as the table shows it.
pub struct OutboxItem {
    pub created: String,
    pub recipient: String,
    pub subject: String,
    pub state: &'static str,
    pub badge: &'static str,
    pub attempts: i32,
    /// "Gửi lúc …", "Thử lại lúc …" or empty.
    pub when: String,
    pub error: String,
}

#[derive(Template)]
#[template(path = "admin/outbox.html")]
pub struct OutboxPage {
    pub chrome: Chrome,
    pub items: Vec<OutboxItem>,
    pub total: i64,
    /// (state code, label with its count)
    pub states: Vec<(String, String)>,
    pub state: String,
    pub enabled: bool,
    pub keep_days: i64,
    pub pagination: PaginationPartial,
}

#[derive(Debug, Deserialize, Default)]
#[serde(default)]
pub struct OutboxQuery {
    trang_thai: String,
    trang: Option<String>,
}

fn badge(state: &str) -> &'static str {
    match state {
        lantoa_store::outbox::SENT => "badge--published",
        lantoa_store::outbox::FAILED => "badge--returned",
        lantoa_store::outbox::PENDING => "badge--pending",
        _ => "badge--neutral",
    }
}

/// The longest part of an error the table shows (the whole error is in the server's log).
const ERROR_CHARS: usize = 300;

pub async fn list(
    State(state): State<WebState>,
    chrome: Chrome,
    user: CurrentUser,
    Query(q): Query<OutboxQuery>,
) -> Result<Response, AppError> {
    let principal = user.principal().clone();
    let page_no = super::page_param(q.trang.as_deref());
    let wanted = q.trang_thai.clone();
    let view = state
        .app
        .run(move |app, conn| {
            app_mail::outbox(
                app,
                conn,
                &principal,
                &wanted,
                PageRequest::new(page_no, PER_PAGE),
            )
        })
        .await
        .map_err(app_error)?;
    let items = view
        .page
        .items
        .iter()
        .map(|m| OutboxItem {
            created: format_vn(m.created_at),
            recipient: m.recipient.clone(),
            subject: m.subject.clone(),
            state: state_label(&m.state),
            badge: badge(&m.state),
            attempts: m.attempts,
            when: match (m.state.as_str(), m.sent_at) {
                (lantoa_store::outbox::SENT, Some(at)) => format!("Gửi lúc {}", format_vn(at)),
                (lantoa_store::outbox::PENDING, _) if m.attempts > 0 => {
                    format!("Thử lại lúc {}", format_vn(m.next_attempt_at))
                }
                _ => String::new(),
            },
            error: {
                let e: String = m.last_error.chars().take(ERROR_CHARS).collect();
                if m.last_error.chars().count() > ERROR_CHARS {
                    format!("{e}…")
                } else {
                    e
                }
            },
        })
        .collect();
    let all: i64 = view.counts.iter().map(|(_, n)| n).sum();
    let mut states = vec![(String::new(), format!("Tất cả ({all})"))];
    states.extend(
        view.counts
            .iter()
            .map(|(code, n)| ((*code).to_owned(), format!("{} ({n})", state_label(code)))),
    );
    let shown = STATES
        .iter()
        .map(|(code, _)| *code)
        .find(|c| *c == q.trang_thai)
        .unwrap_or("");
    let pagination = PaginationPartial::new(
        u32::try_from(view.page.page).unwrap_or(1),
        u32::try_from(view.page.page_count()).unwrap_or(1),
        format!("/quan-tri/thu-dien-tu?trang_thai={shown}"),
    );
    render(&OutboxPage {
        chrome: chrome
            .crumb("Quản trị", Some("/quan-tri"))
            .crumb("Hộp thư đi", None),
        items,
        total: view.page.total,
        states,
        state: shown.to_owned(),
        enabled: view.enabled,
        keep_days: KEEP_SENT_DAYS,
        pagination,
    })
}
