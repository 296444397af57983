//! Users in the back office.

use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use lantoa_app::clock::format_vn;
use lantoa_app::users::{self as app_users, EditUserForm, NewUserForm};
use lantoa_domain::access::{OrgRole, Principal};
use lantoa_domain::{OrgId, UserId};
use lantoa_store::users::{Membership, UserRow};
use lantoa_store::{PageRequest, orgs as store_orgs};
use serde::Deserialize;

use crate::chrome::{Chrome, PaginationPartial};
use crate::error::AppError;
use crate::forms::{FormErrors, after_submit, redirect_with_flash, render, render_with};
use crate::session::{CurrentUser, Meta};
use crate::{WebState, app_error};

const PER_PAGE: i64 = 25;

pub struct UserItem {
    pub id: i64,
    pub display_name: String,
    pub email: String,
    pub active: bool,
    pub roles: Vec<String>,
    pub last_login: String,
}

#[derive(Template)]
#[template(path = "admin/users/list.html")]
pub struct UserListPage {
    pub chrome: Chrome,
    pub items: Vec<UserItem>,
    pub total: i64,
    pub q: String,
    pub pagination: PaginationPartial,
}

#[derive(Debug, Deserialize, Default)]
#[serde(default)]
pub struct ListQuery {
    q: String,
    trang: Option<String>,
}

fn role_lines(user: &UserRow, memberships: &[Membership]) -> Vec<String> {
    let mut v = Vec::new();
    if user.is_system_admin {
        v.push("Quản trị hệ thống".to_owned());
    }
    if user.is_plan_owner {
        v.push("Đơn vị chủ trì kế hoạch".to_owned());
    }
    v.extend(
        memberships
            .iter()
            .map(|m| format!("{} – {}", m.role.label(), m.org_short_name)),
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
    let page_no = super::page_param(q.trang.as_deref());
    let query = Some(q.q.trim().to_owned()).filter(|s| !s.is_empty());
    let page = state
        .app
        .run(move |_, conn| {
            app_users::list(conn, &principal, query, PageRequest::new(page_no, PER_PAGE))
        })
        .await
        .map_err(app_error)?;
    let pagination = PaginationPartial::new(
        u32::try_from(page.page).unwrap_or(1),
        u32::try_from(page.page_count()).unwrap_or(1),
        format!(
            "/quan-tri/nguoi-dung?q={}",
            crate::chrome::encode_component(&q.q)
        ),
    );
    let items = page
        .items
        .iter()
        .map(|i| UserItem {
            id: i.user.id,
            display_name: i.user.display_name.clone(),
            email: i.user.email.clone(),
            active: i.user.is_active,
            roles: role_lines(&i.user, &i.memberships),
            last_login: i
                .user
                .last_login_at
                .map(format_vn)
                .unwrap_or_else(|| "Chưa đăng nhập".into()),
        })
        .collect();
    render(&UserListPage {
        chrome: chrome
            .crumb("Quản trị", Some("/quan-tri"))
            .crumb("Người dùng", None),
        items,
        total: page.total,
        q: q.q,
        pagination,
    })
}

#[derive(Template)]
#[template(path = "admin/users/new.html")]
pub struct NewUserPage {
    pub chrome: Chrome,
    pub form: NewUserForm,
    pub errors: FormErrors,
    pub orgs: Vec<(String, String)>,
    pub roles: Vec<(String, String)>,
    pub platform: bool,
}

/// Organisations the principal may add users to.
async fn org_options(
    state: &WebState,
    principal: &Principal,
) -> Result<Vec<(String, String)>, AppError> {
    let administered = principal.administered_orgs();
    let names = state
        .app
        .run(|_, conn| Ok(store_orgs::names(conn)?))
        .await
        .map_err(app_error)?;
    let mut v = vec![(String::new(), "— Chọn đơn vị —".to_owned())];
    v.extend(
        names
            .into_iter()
            .filter(|(id, _, _)| {
                administered
                    .as_ref()
                    .is_none_or(|a| a.contains(&OrgId(*id)))
            })
            .map(|(id, name, _)| (id.to_string(), name)),
    );
    Ok(v)
}

fn role_options() -> Vec<(String, String)> {
    let mut v = vec![(String::new(), "— Chọn vai trò —".to_owned())];
    v.extend(
        OrgRole::ALL
            .iter()
            .map(|r| (r.code().to_owned(), r.label().to_owned())),
    );
    v
}

fn may_manage_users(p: &Principal) -> Result<(), AppError> {
    match p.administered_orgs() {
        Some(orgs) if orgs.is_empty() => Err(AppError::Forbidden),
        _ => Ok(()),
    }
}

pub async fn new_form(
    State(state): State<WebState>,
    chrome: Chrome,
    user: CurrentUser,
) -> Result<Response, AppError> {
    let principal = user.principal().clone();
    may_manage_users(&principal)?;
    render(&NewUserPage {
        chrome: chrome
            .crumb("Quản trị", Some("/quan-tri"))
            .crumb("Người dùng", Some("/quan-tri/nguoi-dung"))
            .crumb("Thêm người dùng", None),
        form: NewUserForm::default(),
        errors: FormErrors::none(),
        orgs: org_options(&state, &principal).await?,
        roles: role_options(),
        platform: principal.is_system_admin,
    })
}

#[derive(Template)]
#[template(path = "admin/users/password.html")]
pub struct TemporaryPasswordPage {
    pub chrome: Chrome,
    pub id: i64,
    pub email: String,
    pub password: String,
    pub created: bool,
}

pub async fn create(
    State(state): State<WebState>,
    chrome: Chrome,
    user: CurrentUser,
    Meta(meta): Meta,
    Form(form): Form<NewUserForm>,
) -> Result<Response, AppError> {
    let principal = user.principal().clone();
    may_manage_users(&principal)?;
    let p = principal.clone();
    let f = form.clone();
    let result = state
        .app
        .run(move |app, conn| app_users::create(app, conn, &p, &f, &meta))
        .await;
    match result {
        Ok((id, password)) => render(&TemporaryPasswordPage {
            chrome: chrome
                .crumb("Quản trị", Some("/quan-tri"))
                .crumb("Người dùng", Some("/quan-tri/nguoi-dung"))
                .crumb("Mật khẩu tạm thời", None),
            id: id.0,
            email: form.email.trim().to_lowercase(),
            password,
            created: true,
        }),
        Err(lantoa_app::Error::Invalid(fields)) => render_with(
            StatusCode::UNPROCESSABLE_ENTITY,
            &NewUserPage {
                chrome: chrome
                    .crumb("Quản trị", Some("/quan-tri"))
                    .crumb("Người dùng", Some("/quan-tri/nguoi-dung"))
                    .crumb("Thêm người dùng", None),
                form,
                errors: fields.into(),
                orgs: org_options(&state, &principal).await?,
                roles: role_options(),
                platform: principal.is_system_admin,
            },
        ),
        Err(e) => Err(app_error(e)),
    }
}

pub struct MembershipView {
    pub org_id: i64,
    pub org_name: String,
    pub role: &'static str,
    pub role_code: &'static str,
    pub can_change: bool,
}

#[derive(Template)]
#[template(path = "admin/users/show.html")]
pub struct UserShowPage {
    pub chrome: Chrome,
    pub user: UserRow,
    pub last_login: String,
    pub form: EditUserForm,
    pub errors: FormErrors,
    pub memberships: Vec<MembershipView>,
    pub platform: bool,
    pub orgs: Vec<(String, String)>,
    pub roles: Vec<(String, String)>,
}

async fn show_page(
    state: &WebState,
    chrome: Chrome,
    principal: &Principal,
    id: i64,
    form: Option<EditUserForm>,
    errors: FormErrors,
) -> Result<UserShowPage, AppError> {
    let p = principal.clone();
    let (user, memberships) = state
        .app
        .run(move |_, conn| app_users::get_managed(conn, &p, UserId(id)))
        .await
        .map_err(app_error)?;
    let form = form.unwrap_or_else(|| EditUserForm {
        display_name: user.display_name.clone(),
        is_active: if user.is_active {
            "on".into()
        } else {
            String::new()
        },
        is_system_admin: if user.is_system_admin {
            "on".into()
        } else {
            String::new()
        },
        is_plan_owner: if user.is_plan_owner {
            "on".into()
        } else {
            String::new()
        },
    });
    let memberships = memberships
        .iter()
        .map(|m| MembershipView {
            org_id: m.org.0,
            org_name: m.org_name.clone(),
            role: m.role.label(),
            role_code: m.role.code(),
            can_change: principal.admin_of(m.org).is_ok(),
        })
        .collect();
    Ok(UserShowPage {
        chrome: chrome
            .crumb("Quản trị", Some("/quan-tri"))
            .crumb("Người dùng", Some("/quan-tri/nguoi-dung"))
            .crumb(user.display_name.clone(), None),
        last_login: user
            .last_login_at
            .map(format_vn)
            .unwrap_or_else(|| "Chưa đăng nhập".into()),
        user,
        form,
        errors,
        memberships,
        platform: principal.is_system_admin,
        orgs: org_options(state, principal).await?,
        roles: role_options(),
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
        user.principal(),
        id,
        None,
        FormErrors::none(),
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
    Form(form): Form<EditUserForm>,
) -> Result<Response, AppError> {
    let principal = user.principal().clone();
    let p = principal.clone();
    let f = form.clone();
    let result = state
        .app
        .run(move |app, conn| app_users::update(app, conn, &p, UserId(id), &f, &meta))
        .await;
    let secure = state.site.secure_cookies;
    after_submit(
        result,
        |()| format!("/quan-tri/nguoi-dung/{id}"),
        "Đã lưu thông tin người dùng.",
        secure,
        |errors| show_page(&state, chrome, &principal, id, Some(form), errors),
    )
    .await
}

pub async fn confirm_reset(
    State(state): State<WebState>,
    chrome: Chrome,
    user: CurrentUser,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    let principal = user.principal().clone();
    let (target, _) = state
        .app
        .run(move |_, conn| app_users::get_managed(conn, &principal, UserId(id)))
        .await
        .map_err(app_error)?;
    render(&super::orgs::ConfirmPage {
        chrome: chrome
            .crumb("Quản trị", Some("/quan-tri"))
            .crumb("Đặt lại mật khẩu", None),
        title: "Đặt lại mật khẩu?".into(),
        question: format!(
            "{} ({}) sẽ nhận một mật khẩu tạm thời và phải đổi mật khẩu khi đăng nhập lần tới. Mọi phiên đăng nhập hiện tại của người này sẽ kết thúc.",
            target.display_name, target.email
        ),
        action: format!("/quan-tri/nguoi-dung/{id}/dat-lai-mat-khau"),
        confirm_label: "Đặt lại mật khẩu".into(),
        cancel_href: format!("/quan-tri/nguoi-dung/{id}"),
    })
}

pub async fn reset_password(
    State(state): State<WebState>,
    chrome: Chrome,
    user: CurrentUser,
    Meta(meta): Meta,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    let principal = user.principal().clone();
    let (email, password) = state
        .app
        .run(move |app, conn| {
            let (target, _) = app_users::get_managed(conn, &principal, UserId(id))?;
            let password = app_users::reset_password(app, conn, &principal, UserId(id), &meta)?;
            Ok((target.email, password))
        })
        .await
        .map_err(app_error)?;
    render(&TemporaryPasswordPage {
        chrome: chrome
            .crumb("Quản trị", Some("/quan-tri"))
            .crumb("Người dùng", Some("/quan-tri/nguoi-dung"))
            .crumb("Mật khẩu tạm thời", None),
        id,
        email,
        password,
        created: false,
    })
}

#[derive(Debug, Deserialize, Default)]
#[serde(default)]
pub struct MembershipForm {
    organisation_id: String,
    /// A role code, or empty to remove the membership.
    role: String,
}

pub async fn set_membership(
    State(state): State<WebState>,
    user: CurrentUser,
    Meta(meta): Meta,
    Path(id): Path<i64>,
    Form(form): Form<MembershipForm>,
) -> Result<Response, AppError> {
    let principal = user.principal().clone();
    let org: i64 = form
        .organisation_id
        .trim()
        .parse()
        .map_err(|_| AppError::BadRequest("Vui lòng chọn đơn vị.".into()))?;
    let role = match form.role.trim() {
        "" => None,
        r => Some(
            OrgRole::from_code(r)
                .ok_or_else(|| AppError::BadRequest("Vai trò không hợp lệ.".into()))?,
        ),
    };
    state
        .app
        .run(move |app, conn| {
            app_users::set_membership(app, conn, &principal, UserId(id), OrgId(org), role, &meta)
        })
        .await
        .map_err(app_error)?;
    let message = if role.is_some() {
        "Đã cập nhật vai trò."
    } else {
        "Đã gỡ vai trò khỏi đơn vị."
    };
    Ok(redirect_with_flash(
        &format!("/quan-tri/nguoi-dung/{id}"),
        message,
        state.site.secure_cookies,
    ))
}
