//! Versions of a content item: the list, one version compared with the one before it, and
//! restoring an old version after a confirmation (lantoa_app::revisions).

use askama::Template;
use axum::extract::{Path, State};
use axum::response::Response;
use lantoa_app::clock::format_vn;
use lantoa_app::revisions::{self as app_revisions, FieldDiff, Segment};

use crate::chrome::Chrome;
use crate::error::AppError;
use crate::forms::{FormErrors, redirect_with_flash, render};
use crate::session::{CurrentUser, Meta};
use crate::{WebState, app_error};

pub struct RevisionItem {
    pub number: i32,
    pub at: String,
    pub actor: String,
    pub note: String,
    pub title: String,
}

#[derive(Template)]
#[template(path = "admin/content/revisions.html")]
pub struct RevisionsPage {
    pub chrome: Chrome,
    pub content_id: i64,
    pub title: String,
    pub items: Vec<RevisionItem>,
}

pub async fn list(
    State(state): State<WebState>,
    chrome: Chrome,
    user: CurrentUser,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    let p = user.principal().clone();
    let list = state
        .app
        .run(move |_, conn| app_revisions::list(conn, &p, id))
        .await
        .map_err(app_error)?;
    let items = list
        .revisions
        .into_iter()
        .map(|r| RevisionItem {
            number: r.number,
            at: format_vn(r.at),
            actor: r.actor_label,
            note: r.note,
            title: r.title,
        })
        .collect();
    render(&RevisionsPage {
        chrome: chrome
            .crumb("Quản trị", Some("/quan-tri"))
            .crumb("Nội dung", Some("/quan-tri/noi-dung"))
            .crumb(
                list.title.clone(),
                Some(format!("/quan-tri/noi-dung/{id}").as_str()),
            )
            .crumb("Các phiên bản", None),
        content_id: id,
        title: list.title,
        items,
    })
}

#[derive(Template)]
#[template(path = "admin/content/revision.html")]
pub struct RevisionPage {
    pub chrome: Chrome,
    pub content_id: i64,
    pub title: String,
    pub number: i32,
    pub at: String,
    pub actor: String,
    pub note: String,
    pub previous: Option<i32>,
    pub fields: Vec<FieldDiff>,
    pub can_restore: bool,
    /// The restore confirmation is open (`…/khoi-phuc`).
    pub confirming: bool,
    pub errors: FormErrors,
}

impl RevisionPage {
    /// (added, removed, text) for the template.
    pub fn parts(field: &FieldDiff) -> Vec<(bool, bool, &str)> {
        field
            .segments
            .iter()
            .map(|s| match s {
                Segment::Same(t) => (false, false, t.as_str()),
                Segment::Added(t) => (true, false, t.as_str()),
                Segment::Removed(t) => (false, true, t.as_str()),
            })
            .collect()
    }
}

async fn revision_page(
    state: &WebState,
    chrome: Chrome,
    user: &CurrentUser,
    id: i64,
    number: i32,
    confirming: bool,
) -> Result<RevisionPage, AppError> {
    let p = user.principal().clone();
    let c = state
        .app
        .run(move |_, conn| app_revisions::compare(conn, &p, id, number))
        .await
        .map_err(app_error)?;
    if confirming && !c.can_restore {
        return Err(AppError::Forbidden);
    }
    Ok(RevisionPage {
        chrome: chrome
            .crumb("Quản trị", Some("/quan-tri"))
            .crumb("Nội dung", Some("/quan-tri/noi-dung"))
            .crumb(
                c.title.clone(),
                Some(format!("/quan-tri/noi-dung/{id}").as_str()),
            )
            .crumb(
                "Các phiên bản",
                Some(format!("/quan-tri/noi-dung/{id}/phien-ban").as_str()),
            )
            .crumb(format!("Phiên bản {number}"), None),
        content_id: id,
        title: c.title,
        number,
        at: format_vn(c.revision.at),
        actor: c.revision.actor_label,
        note: c.revision.note,
        previous: c.previous,
        fields: c.fields,
        can_restore: c.can_restore,
        confirming,
        errors: FormErrors::none(),
    })
}

pub async fn show(
    State(state): State<WebState>,
    chrome: Chrome,
    user: CurrentUser,
    Path((id, number)): Path<(i64, i32)>,
) -> Result<Response, AppError> {
    render(&revision_page(&state, chrome, &user, id, number, false).await?)
}

pub async fn confirm_restore(
    State(state): State<WebState>,
    chrome: Chrome,
    user: CurrentUser,
    Path((id, number)): Path<(i64, i32)>,
) -> Result<Response, AppError> {
    render(&revision_page(&state, chrome, &user, id, number, true).await?)
}

pub async fn restore(
    State(state): State<WebState>,
    user: CurrentUser,
    Meta(meta): Meta,
    Path((id, number)): Path<(i64, i32)>,
) -> Result<Response, AppError> {
    let p = user.principal().clone();
    let new_number = state
        .app
        .run(move |app, conn| app_revisions::restore(app, conn, &p, id, number, &meta))
        .await
        .map_err(app_error)?;
    Ok(redirect_with_flash(
        &format!("/quan-tri/noi-dung/{id}"),
        &format!(
            "Đã khôi phục nội dung của phiên bản {number} (lưu thành phiên bản {new_number})."
        ),
        state.site.secure_cookies,
    ))
}
