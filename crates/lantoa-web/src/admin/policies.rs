//! Support policies (chính sách hỗ trợ) in the back office, `/quan-tri/chinh-sach-ho-tro`:
//! everyone in the back office reads them; the lead department (plan owner) and system
//! administrators add, edit and delete them (others get 403). Deleting asks first and is
//! refused, on the policy's page, while programmes offer the policy.

use askama::Template;
use axum::Form;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use lantoa_app::clock::format_date;
use lantoa_app::policies::{self as app_pol, PolicyForm, PolicyView};
use lantoa_app::programmes::conditions;
use lantoa_domain::access::Principal;
use lantoa_domain::directory::Level;
use lantoa_domain::programme::{EntryEducation, TargetGroup};
use lantoa_store::programmes::PolicyRow;

use crate::chrome::{Chrome, FlashKind};
use crate::error::AppError;
use crate::forms::{FormErrors, redirect_with_flash, render, render_with};
use crate::session::{CurrentUser, Meta};
use crate::{WebState, app_error};

const BASE: &str = "/quan-tri/chinh-sach-ho-tro";

fn entered(p: &Principal) -> Result<(), AppError> {
    if p.can_enter_back_office() {
        Ok(())
    } else {
        Err(AppError::Forbidden)
    }
}

/// "trình độ trung cấp; người tốt nghiệp THCS (lớp 9)", or "Mọi người học".
fn covers(p: &PolicyRow) -> String {
    let c = conditions(p).describe();
    if c.is_empty() {
        "Mọi người học".to_owned()
    } else {
        c
    }
}

/// "Từ 01/01/2025 đến 31/12/2026", "Từ 01/01/2025", "Đến …", "Không thời hạn".
fn validity(p: &PolicyRow) -> String {
    match (p.valid_from, p.valid_to) {
        (Some(f), Some(t)) => format!("Từ {} đến {}", format_date(f), format_date(t)),
        (Some(f), None) => format!("Từ {}", format_date(f)),
        (None, Some(t)) => format!("Đến {}", format_date(t)),
        (None, None) => "Không thời hạn".to_owned(),
    }
}

/// The badge for a policy in force today or not: (label, modifier).
fn validity_badge(
    p: &PolicyRow,
    in_force: bool,
    today: chrono::NaiveDate,
) -> (&'static str, &'static str) {
    if in_force {
        ("Đang áp dụng", "published")
    } else if p.valid_from.is_some_and(|f| f > today) {
        ("Chưa có hiệu lực", "pending")
    } else {
        ("Hết hiệu lực", "draft")
    }
}

pub struct Row {
    pub id: i64,
    pub name: String,
    pub benefit: String,
    pub covers: String,
    pub validity: String,
    pub state: &'static str,
    pub badge: &'static str,
    pub programmes: i64,
    pub is_demo: bool,
}

#[derive(Template)]
#[template(path = "admin/policies/list.html")]
pub struct PolicyListPage {
    pub chrome: Chrome,
    pub rows: Vec<Row>,
    pub can_edit: bool,
}

pub async fn list(
    State(state): State<WebState>,
    chrome: Chrome,
    user: CurrentUser,
) -> Result<Response, AppError> {
    let principal = user.principal().clone();
    entered(&principal)?;
    let (items, can_edit, today) = state
        .app
        .run(move |app, conn| {
            let (items, can_edit) = app_pol::list(app, conn, &principal)?;
            Ok((items, can_edit, app.clock.today()))
        })
        .await
        .map_err(app_error)?;
    let rows = items
        .iter()
        .map(|i| {
            let (label, badge) = validity_badge(&i.policy, i.in_force, today);
            Row {
                id: i.policy.id,
                name: i.policy.name.clone(),
                benefit: i.policy.benefit.clone(),
                covers: covers(&i.policy),
                validity: validity(&i.policy),
                state: label,
                badge,
                programmes: i.programmes,
                is_demo: i.policy.is_demo,
            }
        })
        .collect();
    render(&PolicyListPage {
        chrome: chrome
            .crumb("Quản trị", Some("/quan-tri"))
            .crumb("Chính sách hỗ trợ", None),
        rows,
        can_edit,
    })
}

/// A programme offering the policy, as its page lists it.
pub struct OfferingRow {
    pub label: String,
    /// The public page when published, else the back-office page.
    pub href: String,
    pub published: bool,
}

#[derive(Template)]
#[template(path = "admin/policies/form.html")]
pub struct PolicyFormPage {
    pub chrome: Chrome,
    pub heading: String,
    pub action: String,
    /// The policy being edited (none when new).
    pub id: Option<i64>,
    pub form: PolicyForm,
    pub errors: FormErrors,
    /// Show the form (the principal may edit); otherwise read-only.
    pub editable: bool,
    pub levels: Vec<(String, String)>,
    pub entries: Vec<(String, String)>,
    pub groups: Vec<(String, String)>,
    /// Read-only lines (label, value) for those who may not edit.
    pub summary: Vec<(String, String)>,
    pub offerings: Vec<OfferingRow>,
    pub is_demo: bool,
}

impl PolicyFormPage {
    /// Whether to offer the "detach" checkbox: conditions were refused, or it was ticked.
    pub fn offer_detach(&self) -> bool {
        self.errors.has("detach_unfit") || self.form.detach_unfit
    }
}

/// Options of a select: (value, label).
type Options = Vec<(String, String)>;

fn choices() -> (Options, Options, Options) {
    let mut levels = vec![(String::new(), "Mọi trình độ".to_owned())];
    levels.extend(
        Level::ALL
            .iter()
            .map(|l| (l.code().to_owned(), l.label().to_owned())),
    );
    let mut entries = vec![(String::new(), "Mọi trình độ văn hóa".to_owned())];
    entries.extend(EntryEducation::ALL.iter().map(|e| {
        let label = match e {
            EntryEducation::None => "Người học chưa có bằng tốt nghiệp",
            EntryEducation::LowerSecondary => "Người tốt nghiệp THCS (lớp 9)",
            EntryEducation::UpperSecondary => "Người tốt nghiệp THPT (lớp 12)",
        };
        (e.code().to_owned(), label.to_owned())
    }));
    let mut groups = vec![(String::new(), "Mọi người học".to_owned())];
    groups.extend(
        TargetGroup::ALL
            .iter()
            .map(|t| (t.code().to_owned(), t.label().to_owned())),
    );
    (levels, entries, groups)
}

fn crumbs(chrome: Chrome) -> Chrome {
    chrome
        .crumb("Quản trị", Some("/quan-tri"))
        .crumb("Chính sách hỗ trợ", Some(BASE))
}

fn new_page(chrome: Chrome, form: PolicyForm, errors: FormErrors) -> PolicyFormPage {
    let (levels, entries, groups) = choices();
    PolicyFormPage {
        chrome: crumbs(chrome).crumb("Thêm mới", None),
        heading: "Thêm chính sách hỗ trợ".to_owned(),
        action: BASE.to_owned(),
        id: None,
        form,
        errors,
        editable: true,
        levels,
        entries,
        groups,
        summary: Vec::new(),
        offerings: Vec::new(),
        is_demo: false,
    }
}

/// The page of policy `id` with `form` (the stored values when `None`).
async fn edit_page(
    state: &WebState,
    chrome: Chrome,
    principal: &Principal,
    id: i64,
    form: Option<PolicyForm>,
    errors: FormErrors,
) -> Result<PolicyFormPage, AppError> {
    let p = principal.clone();
    let v: PolicyView = state
        .app
        .run(move |app, conn| app_pol::view(app, conn, &p, id))
        .await
        .map_err(app_error)?;
    let (levels, entries, groups) = choices();
    let offerings = v
        .offerings
        .iter()
        .map(|o| OfferingRow {
            label: o.label(),
            href: if o.programme.is_published {
                format!("/chuong-trinh/{}", o.programme.slug)
            } else {
                format!("/quan-tri/chuong-trinh/{}", o.programme.id)
            },
            published: o.programme.is_published,
        })
        .collect();
    let r = &v.policy;
    let summary = vec![
        ("Quyền lợi".to_owned(), r.benefit.clone()),
        ("Áp dụng cho".to_owned(), covers(r)),
        ("Hiệu lực".to_owned(), validity(r)),
        ("Căn cứ pháp lý".to_owned(), r.legal_basis.clone()),
        ("Mô tả".to_owned(), r.description.clone()),
    ];
    Ok(PolicyFormPage {
        chrome: crumbs(chrome).crumb(r.name.clone(), None),
        heading: r.name.clone(),
        action: format!("{BASE}/{id}"),
        id: Some(id),
        form: form.unwrap_or_else(|| PolicyForm::from_row(r)),
        errors,
        editable: v.can_edit,
        levels,
        entries,
        groups,
        summary,
        offerings,
        is_demo: r.is_demo,
    })
}

pub async fn new_form(chrome: Chrome, user: CurrentUser) -> Result<Response, AppError> {
    let principal = user.principal();
    entered(principal)?;
    principal
        .province_editor()
        .map_err(|_| AppError::Forbidden)?;
    render(&new_page(chrome, PolicyForm::default(), FormErrors::none()))
}

pub async fn create(
    State(state): State<WebState>,
    chrome: Chrome,
    user: CurrentUser,
    Meta(meta): Meta,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let principal = user.principal().clone();
    entered(&principal)?;
    let form = PolicyForm::from_pairs(&pairs);
    let f = form.clone();
    let result = state
        .app
        .run(move |app, conn| app_pol::create(app, conn, &principal, &f, &meta))
        .await;
    match result {
        Ok(id) => Ok(redirect_with_flash(
            &format!("{BASE}/{id}"),
            "Đã thêm chính sách hỗ trợ. Các cơ sở đào tạo có thể chọn chính sách này cho chương trình phù hợp.",
            state.site.secure_cookies,
        )),
        Err(lantoa_app::Error::Invalid(fields)) => render_with(
            StatusCode::UNPROCESSABLE_ENTITY,
            &new_page(chrome, form, fields.into()),
        ),
        Err(e) => Err(app_error(e)),
    }
}

pub async fn show(
    State(state): State<WebState>,
    chrome: Chrome,
    user: CurrentUser,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    let principal = user.principal().clone();
    entered(&principal)?;
    let page = edit_page(&state, chrome, &principal, id, None, FormErrors::none()).await?;
    render(&page)
}

pub async fn update(
    State(state): State<WebState>,
    chrome: Chrome,
    user: CurrentUser,
    Meta(meta): Meta,
    Path(id): Path<i64>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let principal = user.principal().clone();
    entered(&principal)?;
    let form = PolicyForm::from_pairs(&pairs);
    let (p, f) = (principal.clone(), form.clone());
    let result = state
        .app
        .run(move |app, conn| app_pol::update(app, conn, &p, id, &f, &meta))
        .await;
    match result {
        Ok(saved) => {
            let message = if saved.detached > 0 {
                format!(
                    "Đã lưu chính sách hỗ trợ và gỡ chính sách khỏi {} chương trình không còn phù hợp.",
                    saved.detached
                )
            } else {
                "Đã lưu chính sách hỗ trợ.".to_owned()
            };
            Ok(redirect_with_flash(
                &format!("{BASE}/{id}"),
                &message,
                state.site.secure_cookies,
            ))
        }
        Err(lantoa_app::Error::Invalid(fields)) => {
            let page = edit_page(&state, chrome, &principal, id, Some(form), fields.into()).await?;
            render_with(StatusCode::UNPROCESSABLE_ENTITY, &page)
        }
        Err(e) => Err(app_error(e)),
    }
}

/// The policy's page with the reason it cannot be deleted at the top.
async fn refused(
    state: &WebState,
    chrome: Chrome,
    principal: &Principal,
    id: i64,
    message: String,
    status: StatusCode,
) -> Result<Response, AppError> {
    let chrome = chrome.flash(FlashKind::Error, message);
    let page = edit_page(state, chrome, principal, id, None, FormErrors::none()).await?;
    render_with(status, &page)
}

pub async fn confirm_delete(
    State(state): State<WebState>,
    chrome: Chrome,
    user: CurrentUser,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    let principal = user.principal().clone();
    entered(&principal)?;
    let p = principal.clone();
    let (policy, refusal) = state
        .app
        .run(move |_, conn| app_pol::for_deletion(conn, &p, id))
        .await
        .map_err(app_error)?;
    if let Some(message) = refusal {
        return refused(&state, chrome, &principal, id, message, StatusCode::OK).await;
    }
    let back = format!("{BASE}/{id}");
    render(&super::orgs::ConfirmPage {
        chrome: crumbs(chrome)
            .crumb(policy.name.clone(), Some(&back))
            .crumb("Xóa chính sách", None),
        title: "Xóa chính sách hỗ trợ?".into(),
        question: format!(
            "Chính sách “{}” sẽ bị xóa. Chưa có chương trình nào áp dụng chính sách này.",
            policy.name
        ),
        action: format!("{BASE}/{id}/xoa"),
        confirm_label: "Xóa chính sách".into(),
        cancel_href: back,
    })
}

pub async fn delete(
    State(state): State<WebState>,
    chrome: Chrome,
    user: CurrentUser,
    Meta(meta): Meta,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    let principal = user.principal().clone();
    entered(&principal)?;
    let p = principal.clone();
    let result = state
        .app
        .run(move |app, conn| app_pol::delete(app, conn, &p, id, &meta))
        .await;
    match result {
        Ok(()) => Ok(redirect_with_flash(
            BASE,
            "Đã xóa chính sách hỗ trợ.",
            state.site.secure_cookies,
        )),
        Err(lantoa_app::Error::Conflict(message)) => {
            refused(
                &state,
                chrome,
                &principal,
                id,
                message,
                StatusCode::CONFLICT,
            )
            .await
        }
        Err(e) => Err(app_error(e)),
    }
}
