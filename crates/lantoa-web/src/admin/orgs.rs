//! Organisations in the back office.

use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::response::Response;
use lantoa_app::clock::format_date;
use lantoa_app::orgs::{self as app_orgs, OrgDetail, OrgForm, SuccessionForm};
use lantoa_domain::OrgId;
use lantoa_domain::org::{OrgKind, SuccessionKind, duty};
use lantoa_store::orgs::{OrgFilter, OrgRow};
use lantoa_store::{PageRequest, orgs as store_orgs};
use serde::Deserialize;

use crate::chrome::{Chrome, PaginationPartial};
use crate::error::AppError;
use crate::forms::{FormErrors, after_submit, redirect_with_flash, render};
use crate::session::{CurrentUser, Meta};
use crate::{WebState, app_error};

const PER_PAGE: i64 = 25;

/// A row of the list.
pub struct OrgItem {
    pub id: i64,
    pub name: String,
    pub short_name: String,
    pub kind: &'static str,
    pub validity: String,
    pub ended: bool,
}

fn validity(o: &OrgRow) -> String {
    match (o.valid_from, o.valid_to) {
        (None, None) => String::new(),
        (Some(f), None) => format!("từ {}", format_date(f)),
        (None, Some(t)) => format!("đến {}", format_date(t)),
        (Some(f), Some(t)) => format!("{} – {}", format_date(f), format_date(t)),
    }
}

fn kind_label(code: &str) -> &'static str {
    OrgKind::from_code(code)
        .map(OrgKind::label)
        .unwrap_or("Khác")
}

#[derive(Template)]
#[template(path = "admin/orgs/list.html")]
pub struct OrgListPage {
    pub chrome: Chrome,
    pub items: Vec<OrgItem>,
    pub total: i64,
    pub q: String,
    pub kind: String,
    pub current_only: bool,
    pub kinds: Vec<(String, String)>,
    pub pagination: PaginationPartial,
    pub can_create: bool,
}

#[derive(Debug, Deserialize, Default)]
#[serde(default)]
pub struct ListQuery {
    q: String,
    loai: String,
    con_hieu_luc: String,
    trang: Option<String>,
}

fn kind_options(include_all: bool) -> Vec<(String, String)> {
    let mut v = Vec::new();
    if include_all {
        v.push((String::new(), "Tất cả".to_owned()));
    } else {
        v.push((String::new(), "— Chọn loại đơn vị —".to_owned()));
    }
    v.extend(
        OrgKind::ALL
            .iter()
            .map(|k| (k.code().to_owned(), k.label().to_owned())),
    );
    v
}

pub async fn list(
    State(state): State<WebState>,
    chrome: Chrome,
    user: CurrentUser,
    Query(q): Query<ListQuery>,
) -> Result<Response, AppError> {
    let principal = user.principal().clone();
    if !principal.can_enter_back_office() {
        return Err(AppError::Forbidden);
    }
    let page_no = super::page_param(q.trang.as_deref());
    let current_only = q.con_hieu_luc == "1";
    let filter = OrgFilter {
        only: None,
        kind: OrgKind::from_code(&q.loai).map(|k| k.code().to_owned()),
        query: Some(q.q.trim().to_owned()).filter(|s| !s.is_empty()),
        valid_on: None,
    };
    let p = principal.clone();
    let page = state
        .app
        .run(move |app, conn| {
            let filter = OrgFilter {
                valid_on: current_only.then(|| app.clock.today()),
                ..filter
            };
            app_orgs::list(conn, &p, filter, PageRequest::new(page_no, PER_PAGE))
        })
        .await
        .map_err(app_error)?;
    let mut base = format!(
        "/quan-tri/don-vi?q={}&loai={}",
        crate::chrome::encode_component(&q.q),
        crate::chrome::encode_component(&q.loai)
    );
    if current_only {
        base.push_str("&con_hieu_luc=1");
    }
    let pagination = PaginationPartial::new(
        u32::try_from(page.page).unwrap_or(1),
        u32::try_from(page.page_count()).unwrap_or(1),
        base,
    );
    let items = page
        .items
        .iter()
        .map(|o| OrgItem {
            id: o.id,
            name: o.name.clone(),
            short_name: o.short_name.clone(),
            kind: kind_label(&o.kind),
            validity: validity(o),
            ended: o.valid_to.is_some_and(|t| t < state.app.clock.today()),
        })
        .collect();
    render(&OrgListPage {
        chrome: chrome
            .crumb("Quản trị", Some("/quan-tri"))
            .crumb("Đơn vị", None),
        items,
        total: page.total,
        q: q.q,
        kind: q.loai,
        current_only,
        kinds: kind_options(true),
        pagination,
        can_create: principal.is_system_admin,
    })
}

pub struct SuccessionView {
    pub id: i64,
    pub text: String,
    pub other_id: i64,
    pub other_name: String,
    pub outgoing: bool,
    pub note: String,
}

pub struct MemberView {
    pub id: i64,
    pub display_name: String,
    pub email: String,
    pub role: &'static str,
    pub active: bool,
}

#[derive(Template)]
#[template(path = "admin/orgs/show.html")]
pub struct OrgShowPage {
    pub chrome: Chrome,
    pub org: OrgRow,
    pub kind: &'static str,
    pub validity: String,
    pub parent: Option<(i64, String)>,
    pub children: Vec<(i64, String)>,
    pub successions: Vec<SuccessionView>,
    pub members: Vec<MemberView>,
    pub can_edit: bool,
    pub can_manage_successions: bool,
    pub succession_form: SuccessionForm,
    pub errors: FormErrors,
    pub org_options: Vec<(String, String)>,
    pub succession_kinds: Vec<(String, String)>,
    pub duties: Vec<(String, String)>,
}

fn succession_text(
    kind: &str,
    duty_code: Option<&str>,
    outgoing: bool,
    on: chrono::NaiveDate,
) -> String {
    let label = SuccessionKind::from_code(kind)
        .map(SuccessionKind::label)
        .unwrap_or("Kế thừa");
    let duty_text = duty_code
        .map(|d| format!(" (lĩnh vực {})", duty::label(d).to_lowercase()))
        .unwrap_or_default();
    if outgoing {
        format!(
            "Từ {}{duty_text}: {}",
            format_date(on),
            label.to_lowercase()
        )
    } else {
        format!("Từ {}{duty_text}: tiếp nhận nhiệm vụ từ", format_date(on))
    }
}

async fn show_page(
    state: &WebState,
    chrome: Chrome,
    user: &CurrentUser,
    id: i64,
    form: SuccessionForm,
    errors: FormErrors,
) -> Result<OrgShowPage, AppError> {
    let principal = user.principal().clone();
    let p = principal.clone();
    let (detail, names): (OrgDetail, Vec<(i64, String, String)>) = state
        .app
        .run(move |_, conn| {
            let cap = p.reader_of(OrgId(id))?;
            let detail = app_orgs::show(conn, cap)?;
            let names = if p.is_system_admin {
                store_orgs::names(conn)?
            } else {
                Vec::new()
            };
            Ok((detail, names))
        })
        .await
        .map_err(app_error)?;
    let successions = detail
        .successions
        .iter()
        .map(|(s, from, to)| {
            let outgoing = s.predecessor_id == id;
            let other = if outgoing { to } else { from };
            SuccessionView {
                id: s.id,
                text: succession_text(&s.kind, s.duty.as_deref(), outgoing, s.effective_on),
                other_id: other.id,
                other_name: other.name.clone(),
                outgoing,
                note: s.note.clone(),
            }
        })
        .collect();
    let members = detail
        .members
        .iter()
        .map(|(u, r)| MemberView {
            id: u.id,
            display_name: u.display_name.clone(),
            email: u.email.clone(),
            role: r.label(),
            active: u.is_active,
        })
        .collect();
    let mut org_options = vec![(String::new(), "— Chọn đơn vị —".to_owned())];
    org_options.extend(
        names
            .into_iter()
            .filter(|(i, _, _)| *i != id)
            .map(|(i, n, _)| (i.to_string(), n)),
    );
    let mut succession_kinds = vec![(String::new(), "— Chọn hình thức —".to_owned())];
    succession_kinds.extend(
        SuccessionKind::ALL
            .iter()
            .map(|k| (k.code().to_owned(), k.label().to_owned())),
    );
    let org = detail.org;
    Ok(OrgShowPage {
        chrome: chrome
            .crumb("Quản trị", Some("/quan-tri"))
            .crumb("Đơn vị", Some("/quan-tri/don-vi"))
            .crumb(org.short_name.clone(), None),
        kind: kind_label(&org.kind),
        validity: validity(&org),
        parent: detail.parent.map(|p| (p.id, p.name)),
        children: detail
            .children
            .into_iter()
            .map(|c| (c.id, c.name))
            .collect(),
        successions,
        members,
        can_edit: principal.admin_of(OrgId(id)).is_ok(),
        can_manage_successions: principal.is_system_admin,
        succession_form: form,
        errors,
        org_options,
        succession_kinds,
        duties: vec![
            (String::new(), "Toàn bộ nhiệm vụ".to_owned()),
            (duty::VET.to_owned(), duty::label(duty::VET).to_owned()),
        ],
        org,
    })
}

pub async fn show(
    State(state): State<WebState>,
    chrome: Chrome,
    user: CurrentUser,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    let page = show_page(
        &state,
        chrome,
        &user,
        id,
        SuccessionForm::default(),
        FormErrors::none(),
    )
    .await?;
    render(&page)
}

#[derive(Template)]
#[template(path = "admin/orgs/form.html")]
pub struct OrgFormPage {
    pub chrome: Chrome,
    /// `None` when creating.
    pub id: Option<i64>,
    pub form: OrgForm,
    pub errors: FormErrors,
    /// Structural fields (kind, parent, validity, names) are editable.
    pub full: bool,
    pub kinds: Vec<(String, String)>,
    pub parents: Vec<(String, String)>,
}

async fn parent_options(
    state: &WebState,
    exclude: Option<i64>,
) -> Result<Vec<(String, String)>, AppError> {
    let names = state
        .app
        .run(|_, conn| Ok(store_orgs::names(conn)?))
        .await
        .map_err(app_error)?;
    let mut v = vec![(String::new(), "— Không trực thuộc đơn vị nào —".to_owned())];
    v.extend(
        names
            .into_iter()
            .filter(|(i, _, _)| Some(*i) != exclude)
            .map(|(i, n, _)| (i.to_string(), n)),
    );
    Ok(v)
}

/// The organisation form page: for a new organisation (`id: None`) or an existing one.
async fn form_page(
    state: &WebState,
    chrome: Chrome,
    id: Option<i64>,
    form: OrgForm,
    errors: FormErrors,
    full: bool,
) -> Result<OrgFormPage, AppError> {
    let chrome = chrome
        .crumb("Quản trị", Some("/quan-tri"))
        .crumb("Đơn vị", Some("/quan-tri/don-vi"));
    let chrome = match id {
        None => chrome.crumb("Thêm đơn vị", None),
        Some(i) => chrome
            .crumb(
                form.short_name.clone(),
                Some(&format!("/quan-tri/don-vi/{i}")),
            )
            .crumb("Sửa", None),
    };
    Ok(OrgFormPage {
        chrome,
        id,
        form,
        errors,
        full,
        kinds: kind_options(false),
        parents: parent_options(state, id).await?,
    })
}

pub async fn new_form(
    State(state): State<WebState>,
    chrome: Chrome,
    user: CurrentUser,
) -> Result<Response, AppError> {
    user.principal()
        .system_admin()
        .map_err(|_| AppError::Forbidden)?;
    let page = form_page(
        &state,
        chrome,
        None,
        OrgForm::default(),
        FormErrors::none(),
        true,
    )
    .await?;
    render(&page)
}

pub async fn create(
    State(state): State<WebState>,
    chrome: Chrome,
    user: CurrentUser,
    Meta(meta): Meta,
    Form(form): Form<OrgForm>,
) -> Result<Response, AppError> {
    let principal = user.principal().clone();
    principal.system_admin().map_err(|_| AppError::Forbidden)?;
    let f = form.clone();
    let result = state
        .app
        .run(move |app, conn| {
            let admin = principal.system_admin()?;
            app_orgs::create(app, conn, admin, &f, &meta)
        })
        .await;
    let secure = state.site.secure_cookies;
    after_submit(
        result,
        |id| format!("/quan-tri/don-vi/{id}"),
        "Đã thêm đơn vị.",
        secure,
        |errors| form_page(&state, chrome, None, form, errors, true),
    )
    .await
}

pub async fn edit_form(
    State(state): State<WebState>,
    chrome: Chrome,
    user: CurrentUser,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    let principal = user.principal().clone();
    let p = principal.clone();
    let org = state
        .app
        .run(move |_, conn| {
            let cap = p.admin_of(OrgId(id))?;
            store_orgs::get(conn, cap.org())?.ok_or(lantoa_app::Error::NotFound)
        })
        .await
        .map_err(app_error)?;
    let page = form_page(
        &state,
        chrome,
        Some(id),
        OrgForm::from_row(&org),
        FormErrors::none(),
        principal.is_system_admin,
    )
    .await?;
    render(&page)
}

pub async fn update(
    State(state): State<WebState>,
    chrome: Chrome,
    user: CurrentUser,
    Meta(meta): Meta,
    Path(id): Path<i64>,
    Form(form): Form<OrgForm>,
) -> Result<Response, AppError> {
    let principal = user.principal().clone();
    let p = principal.clone();
    let f = form.clone();
    let result = state
        .app
        .run(move |app, conn| app_orgs::update(app, conn, &p, OrgId(id), &f, &meta))
        .await;
    let (secure, full) = (state.site.secure_cookies, principal.is_system_admin);
    after_submit(
        result,
        |()| format!("/quan-tri/don-vi/{id}"),
        "Đã lưu thông tin đơn vị.",
        secure,
        |errors| form_page(&state, chrome, Some(id), form, errors, full),
    )
    .await
}

pub async fn add_succession(
    State(state): State<WebState>,
    chrome: Chrome,
    user: CurrentUser,
    Meta(meta): Meta,
    Path(id): Path<i64>,
    Form(form): Form<SuccessionForm>,
) -> Result<Response, AppError> {
    let principal = user.principal().clone();
    let f = form.clone();
    let result = state
        .app
        .run(move |app, conn| {
            let admin = principal.system_admin()?;
            app_orgs::add_succession(app, conn, admin, OrgId(id), &f, &meta)
        })
        .await;
    let secure = state.site.secure_cookies;
    after_submit(
        result,
        |()| format!("/quan-tri/don-vi/{id}"),
        "Đã thêm quan hệ kế thừa.",
        secure,
        |errors| show_page(&state, chrome, &user, id, form, errors),
    )
    .await
}

#[derive(Template)]
#[template(path = "admin/confirm.html")]
pub struct ConfirmPage {
    pub chrome: Chrome,
    pub title: String,
    pub question: String,
    pub action: String,
    pub confirm_label: String,
    pub cancel_href: String,
}

pub async fn confirm_remove_succession(
    State(state): State<WebState>,
    chrome: Chrome,
    user: CurrentUser,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    user.principal()
        .system_admin()
        .map_err(|_| AppError::Forbidden)?;
    let (row, from, to) = state
        .app
        .run(move |_, conn| {
            let row = store_orgs::all_successions(conn)?
                .into_iter()
                .find(|s| s.id == id)
                .ok_or(lantoa_app::Error::NotFound)?;
            let from = store_orgs::get(conn, OrgId(row.predecessor_id))?
                .ok_or(lantoa_app::Error::NotFound)?;
            let to = store_orgs::get(conn, OrgId(row.successor_id))?
                .ok_or(lantoa_app::Error::NotFound)?;
            Ok((row, from, to))
        })
        .await
        .map_err(app_error)?;
    render(&ConfirmPage {
        chrome: chrome
            .crumb("Quản trị", Some("/quan-tri"))
            .crumb("Xóa quan hệ kế thừa", None),
        title: "Xóa quan hệ kế thừa?".into(),
        question: format!(
            "{} → {} (từ {}). Nhiệm vụ của đơn vị cũ sẽ không còn chuyển sang đơn vị này nữa.",
            from.name,
            to.name,
            format_date(row.effective_on)
        ),
        action: format!("/quan-tri/ke-thua/{id}/xoa"),
        confirm_label: "Xóa quan hệ".into(),
        cancel_href: format!("/quan-tri/don-vi/{}", from.id),
    })
}

pub async fn remove_succession(
    State(state): State<WebState>,
    user: CurrentUser,
    Meta(meta): Meta,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    let principal = user.principal().clone();
    let org = state
        .app
        .run(move |app, conn| {
            let admin = principal.system_admin()?;
            app_orgs::remove_succession(app, conn, admin, id, &meta)
        })
        .await
        .map_err(app_error)?;
    Ok(redirect_with_flash(
        &format!("/quan-tri/don-vi/{org}"),
        "Đã xóa quan hệ kế thừa.",
        state.site.secure_cookies,
    ))
}
