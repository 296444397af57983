//! Institution profiles in the back office: each institution's administrators edit their own
//! (type, public/private, coordinates); system administrators edit all; the plan owner and
//! everyone who may read an institution see them.

use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use lantoa_app::institutions::{self as app_inst, ProfileForm};
use lantoa_domain::OrgId;
use lantoa_domain::directory::{InstitutionType, Ownership};
use lantoa_store::PageRequest;
use serde::Deserialize;

use crate::chrome::{Chrome, PaginationPartial};
use crate::directory::{ownership_label, type_label};
use crate::error::AppError;
use crate::forms::{FormErrors, redirect_with_flash, render, render_with};
use crate::session::{CurrentUser, Meta};
use crate::{WebState, app_error};

const PER_PAGE: i64 = 25;

pub struct Row {
    pub id: i64,
    pub slug: String,
    pub name: String,
    pub kind: &'static str,
    pub ownership: &'static str,
    pub has_profile: bool,
    pub has_map: bool,
    pub ended: bool,
    pub editable: bool,
}

#[derive(Template)]
#[template(path = "admin/institutions/list.html")]
pub struct InstitutionListPage {
    pub chrome: Chrome,
    pub rows: Vec<Row>,
    pub total: i64,
    pub pagination: PaginationPartial,
}

#[derive(Debug, Deserialize, Default)]
#[serde(default)]
pub struct ListQuery {
    trang: Option<String>,
}

pub async fn list(
    State(state): State<WebState>,
    chrome: Chrome,
    user: CurrentUser,
    Query(q): Query<ListQuery>,
) -> Result<Response, AppError> {
    let principal = user.principal().clone();
    let page_no = super::page_param(q.trang.as_deref());
    let (page, today) = state
        .app
        .run(move |app, conn| {
            Ok((
                app_inst::back_office_list(conn, &principal, PageRequest::new(page_no, PER_PAGE))?,
                app.clock.today(),
            ))
        })
        .await
        .map_err(app_error)?;
    let pagination = PaginationPartial::new(
        u32::try_from(page.page).unwrap_or(1),
        u32::try_from(page.page_count()).unwrap_or(1),
        "/quan-tri/co-so-dao-tao",
    );
    let rows = page
        .items
        .iter()
        .map(|((o, p), editable)| Row {
            id: o.id,
            slug: o.slug.clone(),
            name: o.name.clone(),
            kind: type_label(p.as_ref()),
            ownership: ownership_label(p.as_ref()),
            has_profile: p.is_some(),
            has_map: p.as_ref().and_then(app_inst::coordinates).is_some(),
            ended: o.valid_to.is_some_and(|t| t < today),
            editable: *editable,
        })
        .collect();
    render(&InstitutionListPage {
        chrome: chrome
            .crumb("Quản trị", Some("/quan-tri"))
            .crumb("Cơ sở đào tạo", None),
        rows,
        total: page.total,
        pagination,
    })
}

#[derive(Template)]
#[template(path = "admin/institutions/form.html")]
pub struct ProfileFormPage {
    pub chrome: Chrome,
    pub id: i64,
    pub name: String,
    pub form: ProfileForm,
    pub errors: FormErrors,
    pub kinds: Vec<(String, String)>,
    pub ownerships: Vec<(String, String)>,
}

fn form_page(
    chrome: Chrome,
    id: i64,
    name: String,
    form: ProfileForm,
    errors: FormErrors,
) -> ProfileFormPage {
    let mut kinds = vec![(String::new(), "— Chọn loại hình —".to_owned())];
    kinds.extend(
        InstitutionType::ALL
            .iter()
            .map(|t| (t.code().to_owned(), t.label().to_owned())),
    );
    let mut ownerships = vec![(String::new(), "— Chọn —".to_owned())];
    ownerships.extend(
        Ownership::ALL
            .iter()
            .map(|o| (o.code().to_owned(), o.label().to_owned())),
    );
    ProfileFormPage {
        chrome: chrome
            .crumb("Quản trị", Some("/quan-tri"))
            .crumb("Cơ sở đào tạo", Some("/quan-tri/co-so-dao-tao"))
            .crumb(name.clone(), None),
        id,
        name,
        form,
        errors,
        kinds,
        ownerships,
    }
}

pub async fn edit_form(
    State(state): State<WebState>,
    chrome: Chrome,
    user: CurrentUser,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    let principal = user.principal().clone();
    let (org, profile) = state
        .app
        .run(move |_, conn| {
            // Only its administrators may open the form; reading alone is not enough.
            principal.admin_of(OrgId(id))?;
            app_inst::profile(conn, principal.reader_of(OrgId(id))?)
        })
        .await
        .map_err(app_error)?;
    render(&form_page(
        chrome,
        id,
        org.name,
        ProfileForm::from_row(profile.as_ref()),
        FormErrors::none(),
    ))
}

pub async fn update(
    State(state): State<WebState>,
    chrome: Chrome,
    user: CurrentUser,
    Meta(meta): Meta,
    Path(id): Path<i64>,
    Form(form): Form<ProfileForm>,
) -> Result<Response, AppError> {
    let principal = user.principal().clone();
    let p = principal.clone();
    let f = form.clone();
    let result = state
        .app
        .run(move |app, conn| {
            let cap = p.admin_of(OrgId(id))?;
            app_inst::update_profile(app, conn, cap, &f, &meta)
        })
        .await;
    match result {
        Ok(()) => Ok(redirect_with_flash(
            "/quan-tri/co-so-dao-tao",
            "Đã lưu hồ sơ cơ sở đào tạo.",
            state.site.secure_cookies,
        )),
        Err(lantoa_app::Error::Invalid(fields)) => {
            let (org, _) = state
                .app
                .run(move |_, conn| app_inst::profile(conn, principal.reader_of(OrgId(id))?))
                .await
                .map_err(app_error)?;
            render_with(
                StatusCode::UNPROCESSABLE_ENTITY,
                &form_page(chrome, id, org.name, form, fields.into()),
            )
        }
        Err(e) => Err(app_error(e)),
    }
}
