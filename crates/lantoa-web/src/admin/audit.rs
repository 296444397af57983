//! The audit log page.

use askama::Template;
use axum::extract::{Query, State};
use axum::response::Response;
use lantoa_app::audit::{self as app_audit, action_label};
use lantoa_app::clock::format_vn;
use lantoa_store::PageRequest;
use lantoa_store::audit::AuditFilter;
use serde::Deserialize;

use crate::chrome::{Chrome, PaginationPartial};
use crate::error::AppError;
use crate::forms::render;
use crate::session::CurrentUser;
use crate::{WebState, app_error};

const PER_PAGE: i64 = 50;

pub struct AuditItem {
    pub at: String,
    pub actor: String,
    pub action: String,
    pub target: String,
    pub ip: String,
    pub detail: String,
}

#[derive(Template)]
#[template(path = "admin/audit.html")]
pub struct AuditPage {
    pub chrome: Chrome,
    pub items: Vec<AuditItem>,
    pub total: i64,
    pub actor: String,
    pub action: String,
    pub actions: Vec<(String, String)>,
    pub pagination: PaginationPartial,
}

#[derive(Debug, Deserialize, Default)]
#[serde(default)]
pub struct AuditQuery {
    nguoi: String,
    hanh_dong: String,
    trang: Option<String>,
}

pub async fn list(
    State(state): State<WebState>,
    chrome: Chrome,
    user: CurrentUser,
    Query(q): Query<AuditQuery>,
) -> Result<Response, AppError> {
    let principal = user.principal().clone();
    let page_no = super::page_param(q.trang.as_deref());
    let filter = AuditFilter {
        orgs: None,
        action: Some(q.hanh_dong.clone()).filter(|s| !s.is_empty()),
        actor: Some(q.nguoi.clone()).filter(|s| !s.is_empty()),
    };
    let (page, actions) = state
        .app
        .run(move |app, conn| {
            let page = app_audit::list(
                app,
                conn,
                &principal,
                filter,
                PageRequest::new(page_no, PER_PAGE),
            )?;
            Ok((page, lantoa_store::audit::actions(conn)?))
        })
        .await
        .map_err(app_error)?;
    let items = page
        .items
        .iter()
        .map(|e| AuditItem {
            at: format_vn(e.at),
            actor: e.actor_label.clone(),
            action: action_label(&e.action).to_owned(),
            target: format!("{} {}", e.target_kind, e.target_id),
            ip: e.ip.clone(),
            detail: if e.detail == "{}" {
                String::new()
            } else {
                e.detail.clone()
            },
        })
        .collect();
    let mut action_options = vec![(String::new(), "Tất cả".to_owned())];
    action_options.extend(
        actions
            .into_iter()
            .map(|a| (a.clone(), action_label(&a).to_owned())),
    );
    let pagination = PaginationPartial::new(
        u32::try_from(page.page).unwrap_or(1),
        u32::try_from(page.page_count()).unwrap_or(1),
        format!(
            "/quan-tri/nhat-ky?nguoi={}&hanh_dong={}",
            crate::chrome::encode_component(&q.nguoi),
            crate::chrome::encode_component(&q.hanh_dong)
        ),
    );
    render(&AuditPage {
        chrome: chrome
            .crumb("Quản trị", Some("/quan-tri"))
            .crumb("Nhật ký", None),
        items,
        total: page.total,
        actor: q.nguoi,
        action: q.hanh_dong,
        actions: action_options,
        pagination,
    })
}
