//! Programmes and intakes in the back office: editors of an institution (and its approvers
//! and administrators) add and edit its programmes and intakes; whoever may read an
//! institution (the plan owner reads all) sees them read-only. Deleting an intake goes
//! through a confirmation page, and is refused on the intake's page while applications
//! name it.

use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use lantoa_app::clock::format_date;
use lantoa_app::programmes::{self as app_prog, IntakeForm, ProgrammeForm, conditions};
use lantoa_domain::access::Principal;
use lantoa_domain::directory::Level;
use lantoa_domain::programme::{EntryEducation, StudyMode, duration_label};
use lantoa_store::PageRequest;
use lantoa_store::occupations::{self as occ_store, OccupationFilter};
use serde::Deserialize;

use crate::chrome::{Chrome, FlashKind, PaginationPartial};
use crate::directory::level_label;
use crate::error::AppError;
use crate::forms::{FormErrors, after_submit, redirect_with_flash, render, render_with};
use crate::programmes::{fee_text, intake_badge, mode_label};
use crate::session::{CurrentUser, Meta};
use crate::{WebState, app_error};

const PER_PAGE: i64 = 30;

fn entered(p: &Principal) -> Result<(), AppError> {
    if p.can_enter_back_office() {
        Ok(())
    } else {
        Err(AppError::Forbidden)
    }
}

pub struct Row {
    pub id: i64,
    pub slug: String,
    pub occupation: String,
    pub level: &'static str,
    pub mode: &'static str,
    pub institution: String,
    pub published: bool,
    pub open: bool,
    pub can_edit: bool,
}

#[derive(Template)]
#[template(path = "admin/programmes/list.html")]
pub struct ProgrammeListPage {
    pub chrome: Chrome,
    pub rows: Vec<Row>,
    pub total: i64,
    pub can_add: bool,
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
    entered(&principal)?;
    let page_no = super::page_param(q.trang.as_deref());
    let (page, writable) = state
        .app
        .run(move |app, conn| {
            Ok((
                app_prog::back_office_list(
                    app,
                    conn,
                    &principal,
                    PageRequest::new(page_no, PER_PAGE),
                )?,
                app_prog::writable_institutions(conn, &principal, app.clock.today())?,
            ))
        })
        .await
        .map_err(app_error)?;
    let pagination = PaginationPartial::new(
        u32::try_from(page.page).unwrap_or(1),
        u32::try_from(page.page_count()).unwrap_or(1),
        "/quan-tri/chuong-trinh",
    );
    let rows = page
        .items
        .iter()
        .map(|i| {
            let (p, o, inst, _) = &i.item;
            Row {
                id: p.id,
                slug: p.slug.clone(),
                occupation: o.name.clone(),
                level: level_label(&p.level),
                mode: mode_label(&p.mode),
                institution: inst.short_name.clone(),
                published: p.is_published,
                open: i.open,
                can_edit: i.can_edit,
            }
        })
        .collect();
    render(&ProgrammeListPage {
        chrome: chrome
            .crumb("Quản trị", Some("/quan-tri"))
            .crumb("Chương trình đào tạo", None),
        rows,
        total: page.total,
        can_add: !writable.is_empty(),
        pagination,
    })
}

/// A support policy offered as a checkbox: (id, name, what it covers, checked).
pub type PolicyChoice = (String, String, String, bool);

/// An intake as the programme's back-office page lists it.
pub struct IntakeRowView {
    pub id: i64,
    pub name: String,
    pub dates: String,
    pub classes_start_on: String,
    pub quota: String,
    pub state: &'static str,
    pub badge: &'static str,
}

#[derive(Template)]
#[template(path = "admin/programmes/form.html")]
pub struct ProgrammeFormPage {
    pub chrome: Chrome,
    pub heading: String,
    /// Where the form posts.
    pub action: String,
    /// The programme being edited (none when new).
    pub id: Option<i64>,
    pub slug: String,
    pub institution_name: String,
    pub form: ProgrammeForm,
    pub errors: FormErrors,
    /// Show the form (a new programme, or one the principal edits); otherwise read-only.
    pub editable: bool,
    pub institutions: Vec<(String, String)>,
    /// (level label, [(id, name)]) for the occupation select.
    pub occupations: Vec<(String, Vec<(String, String)>)>,
    pub modes: Vec<(String, String)>,
    pub entries: Vec<(String, String)>,
    pub areas: Vec<(String, String)>,
    pub policies: Vec<PolicyChoice>,
    pub intakes: Vec<IntakeRowView>,
    /// Read-only summary lines (label, value) for those who may not edit.
    pub summary: Vec<(String, String)>,
}

impl ProgrammeFormPage {
    pub fn selected(&self, value: &str) -> bool {
        self.form.occupation_id == value
    }
}

/// What a form page needs besides the form: choices, and the programme when editing.
async fn form_page(
    state: &WebState,
    chrome: Chrome,
    principal: &Principal,
    form: ProgrammeForm,
    errors: FormErrors,
    id: Option<i64>,
) -> Result<ProgrammeFormPage, AppError> {
    let p = principal.clone();
    let (view, writable, occupations, areas, policies) = state
        .app
        .run(move |app, conn| {
            let view = match id {
                Some(id) => Some(app_prog::admin_view(app, conn, &p, id)?),
                None => None,
            };
            let occupations =
                occ_store::list(conn, &OccupationFilter::default(), PageRequest::new(1, 200))?
                    .items;
            Ok((
                view,
                app_prog::writable_institutions(conn, &p, app.clock.today())?,
                occupations,
                app_prog::area_choices(conn)?,
                app_prog::policies(conn)?,
            ))
        })
        .await
        .map_err(app_error)?;
    let mut institutions = vec![(String::new(), "— Chọn cơ sở đào tạo —".to_owned())];
    institutions.extend(writable.into_iter().map(|(id, n)| (id.to_string(), n)));
    let occupation_groups = Level::ALL
        .iter()
        .map(|l| {
            let opts = occupations
                .iter()
                .filter(|o| o.level == l.code())
                .map(|o| {
                    let label = match &o.code {
                        Some(code) => format!("{} ({code})", o.name),
                        None => o.name.clone(),
                    };
                    (o.id.to_string(), label)
                })
                .collect::<Vec<_>>();
            (format!("Trình độ {}", l.label().to_lowercase()), opts)
        })
        .filter(|(_, opts)| !opts.is_empty())
        .collect();
    let mut modes = vec![(String::new(), "— Chọn hình thức —".to_owned())];
    modes.extend(
        StudyMode::ALL
            .iter()
            .map(|m| (m.code().to_owned(), m.label().to_owned())),
    );
    let mut entries = vec![(String::new(), "— Chọn —".to_owned())];
    entries.extend(
        EntryEducation::ALL
            .iter()
            .map(|e| (e.code().to_owned(), e.label().to_owned())),
    );
    let mut area_options = vec![(String::new(), "Như địa chỉ của cơ sở".to_owned())];
    area_options.extend(areas);
    let policy_choices = policies
        .iter()
        .map(|p| {
            let covers = conditions(p).describe();
            (
                p.id.to_string(),
                p.name.clone(),
                if covers.is_empty() {
                    "Mọi người học".to_owned()
                } else {
                    format!("Áp dụng cho: {covers}")
                },
                form.policies.iter().any(|x| x == &p.id.to_string()),
            )
        })
        .collect();
    let crumbs = chrome
        .crumb("Quản trị", Some("/quan-tri"))
        .crumb("Chương trình đào tạo", Some("/quan-tri/chuong-trinh"));
    let page = match view {
        Some(v) => {
            let heading = format!(
                "{} ({})",
                v.occupation.name,
                level_label(&v.programme.level).to_lowercase()
            );
            let intakes = v
                .intakes
                .iter()
                .map(|(i, s)| IntakeRowView {
                    id: i.id,
                    name: i.name.clone(),
                    dates: format!("{} – {}", format_date(i.opens_on), format_date(i.closes_on)),
                    classes_start_on: i.classes_start_on.map(format_date).unwrap_or_default(),
                    quota: i.quota.map(|q| q.to_string()).unwrap_or_default(),
                    state: s.label(),
                    badge: intake_badge(*s),
                })
                .collect();
            let r = &v.programme;
            let summary = vec![
                ("Cơ sở đào tạo".to_owned(), v.institution.name.clone()),
                ("Ngành, nghề".to_owned(), v.occupation.name.clone()),
                ("Trình độ".to_owned(), level_label(&r.level).to_owned()),
                ("Hình thức".to_owned(), mode_label(&r.mode).to_owned()),
                (
                    "Thời gian đào tạo".to_owned(),
                    duration_label(r.duration_months),
                ),
                ("Học phí".to_owned(), fee_text(r.fee_per_year)),
                ("Chỉ tiêu".to_owned(), r.quota.to_string()),
                (
                    "Đầu vào".to_owned(),
                    EntryEducation::from_code(&r.entry_education)
                        .map_or("", EntryEducation::label)
                        .to_owned(),
                ),
                (
                    "Công khai".to_owned(),
                    if r.is_published { "Có" } else { "Chưa" }.to_owned(),
                ),
            ];
            ProgrammeFormPage {
                chrome: crumbs.crumb(heading.clone(), None),
                action: format!("/quan-tri/chuong-trinh/{}", r.id),
                id: Some(r.id),
                slug: r.slug.clone(),
                institution_name: v.institution.name.clone(),
                editable: v.can_edit,
                heading,
                form,
                errors,
                institutions,
                occupations: occupation_groups,
                modes,
                entries,
                areas: area_options,
                policies: policy_choices,
                intakes,
                summary,
            }
        }
        None => ProgrammeFormPage {
            chrome: crumbs.crumb("Thêm mới", None),
            heading: "Thêm chương trình đào tạo".to_owned(),
            action: "/quan-tri/chuong-trinh".to_owned(),
            id: None,
            slug: String::new(),
            institution_name: String::new(),
            editable: true,
            form,
            errors,
            institutions,
            occupations: occupation_groups,
            modes,
            entries,
            areas: area_options,
            policies: policy_choices,
            intakes: Vec::new(),
            summary: Vec::new(),
        },
    };
    Ok(page)
}

pub async fn new_form(
    State(state): State<WebState>,
    chrome: Chrome,
    user: CurrentUser,
) -> Result<Response, AppError> {
    let principal = user.principal().clone();
    entered(&principal)?;
    let form = ProgrammeForm {
        mode: StudyMode::FullTime.code().to_owned(),
        is_published: true,
        ..ProgrammeForm::default()
    };
    let mut page = form_page(&state, chrome, &principal, form, FormErrors::none(), None).await?;
    match page.institutions.len() {
        // Only editors of an institution add programmes.
        1 => return Err(AppError::Forbidden),
        // One institution: chosen already.
        2 => page.form.institution_id = page.institutions[1].0.clone(),
        _ => {}
    }
    render(&page)
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
    let form = ProgrammeForm::from_pairs(&pairs);
    let (p, f) = (principal.clone(), form.clone());
    let result = state
        .app
        .run(move |app, conn| app_prog::create(app, conn, &p, &f, &meta))
        .await;
    after_submit(
        result,
        |id| format!("/quan-tri/chuong-trinh/{id}"),
        "Đã thêm chương trình đào tạo. Hãy thêm các đợt tuyển sinh bên dưới.",
        state.site.secure_cookies,
        |errors| form_page(&state, chrome, &principal, form, errors, None),
    )
    .await
}

pub async fn show(
    State(state): State<WebState>,
    chrome: Chrome,
    user: CurrentUser,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    let principal = user.principal().clone();
    entered(&principal)?;
    let p = principal.clone();
    let form = state
        .app
        .run(move |app, conn| {
            let v = app_prog::admin_view(app, conn, &p, id)?;
            Ok(ProgrammeForm::from_row(&v.programme, &v.policy_ids))
        })
        .await
        .map_err(app_error)?;
    let page = form_page(
        &state,
        chrome,
        &principal,
        form,
        FormErrors::none(),
        Some(id),
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
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let principal = user.principal().clone();
    entered(&principal)?;
    let form = ProgrammeForm::from_pairs(&pairs);
    let (p, f) = (principal.clone(), form.clone());
    let result = state
        .app
        .run(move |app, conn| app_prog::update(app, conn, &p, id, &f, &meta))
        .await;
    after_submit(
        result,
        |()| format!("/quan-tri/chuong-trinh/{id}"),
        "Đã lưu chương trình đào tạo.",
        state.site.secure_cookies,
        |errors| form_page(&state, chrome, &principal, form, errors, Some(id)),
    )
    .await
}

// --- Intakes ---------------------------------------------------------------------------------

#[derive(Template)]
#[template(path = "admin/programmes/intake_form.html")]
pub struct IntakeFormPage {
    pub chrome: Chrome,
    pub heading: String,
    pub programme: String,
    pub action: String,
    pub cancel_href: String,
    /// The intake being edited (its delete link), none when new.
    pub id: Option<i64>,
    pub form: IntakeForm,
    pub errors: FormErrors,
}

/// The intake form for a new intake of `programme_id` or for intake `intake_id`; editors of
/// the programme's institution only.
async fn intake_page(
    state: &WebState,
    chrome: Chrome,
    principal: &Principal,
    programme_id: Option<i64>,
    intake_id: Option<i64>,
    form: Option<IntakeForm>,
    errors: FormErrors,
) -> Result<IntakeFormPage, AppError> {
    let p = principal.clone();
    let (programme_id, programme, intake) = state
        .app
        .run(move |app, conn| match (programme_id, intake_id) {
            (_, Some(iid)) => {
                let (i, prog, occ, can_edit) = app_prog::intake_view(conn, &p, iid)?;
                if !can_edit {
                    return Err(lantoa_app::Error::Denied);
                }
                Ok((prog.id, occ.name, Some(i)))
            }
            (Some(pid), None) => {
                let v = app_prog::admin_view(app, conn, &p, pid)?;
                if !v.can_edit {
                    return Err(lantoa_app::Error::Denied);
                }
                Ok((pid, v.occupation.name, None))
            }
            (None, None) => Err(lantoa_app::Error::NotFound),
        })
        .await
        .map_err(app_error)?;
    let back = format!("/quan-tri/chuong-trinh/{programme_id}");
    let chrome = chrome
        .crumb("Quản trị", Some("/quan-tri"))
        .crumb("Chương trình đào tạo", Some("/quan-tri/chuong-trinh"))
        .crumb(programme.clone(), Some(&back));
    Ok(match intake {
        Some(i) => IntakeFormPage {
            chrome: chrome.crumb(i.name.clone(), None),
            heading: format!("Đợt tuyển sinh: {}", i.name),
            programme,
            action: format!("/quan-tri/dot-tuyen-sinh/{}", i.id),
            cancel_href: back,
            id: Some(i.id),
            form: form.unwrap_or_else(|| IntakeForm::from_row(&i)),
            errors,
        },
        None => IntakeFormPage {
            chrome: chrome.crumb("Thêm đợt tuyển sinh", None),
            heading: "Thêm đợt tuyển sinh".to_owned(),
            programme,
            action: format!("/quan-tri/chuong-trinh/{programme_id}/dot-tuyen-sinh"),
            cancel_href: back,
            id: None,
            form: form.unwrap_or_default(),
            errors,
        },
    })
}

pub async fn new_intake(
    State(state): State<WebState>,
    chrome: Chrome,
    user: CurrentUser,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    let principal = user.principal().clone();
    entered(&principal)?;
    let page = intake_page(
        &state,
        chrome,
        &principal,
        Some(id),
        None,
        None,
        FormErrors::none(),
    )
    .await?;
    render(&page)
}

pub async fn create_intake(
    State(state): State<WebState>,
    chrome: Chrome,
    user: CurrentUser,
    Meta(meta): Meta,
    Path(id): Path<i64>,
    Form(form): Form<IntakeForm>,
) -> Result<Response, AppError> {
    let principal = user.principal().clone();
    entered(&principal)?;
    let (p, f) = (principal.clone(), form.clone());
    let result = state
        .app
        .run(move |app, conn| app_prog::create_intake(app, conn, &p, id, &f, &meta))
        .await;
    after_submit(
        result,
        |_| format!("/quan-tri/chuong-trinh/{id}"),
        "Đã thêm đợt tuyển sinh.",
        state.site.secure_cookies,
        |errors| {
            intake_page(
                &state,
                chrome,
                &principal,
                Some(id),
                None,
                Some(form),
                errors,
            )
        },
    )
    .await
}

pub async fn edit_intake(
    State(state): State<WebState>,
    chrome: Chrome,
    user: CurrentUser,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    let principal = user.principal().clone();
    entered(&principal)?;
    let page = intake_page(
        &state,
        chrome,
        &principal,
        None,
        Some(id),
        None,
        FormErrors::none(),
    )
    .await?;
    render(&page)
}

pub async fn update_intake(
    State(state): State<WebState>,
    chrome: Chrome,
    user: CurrentUser,
    Meta(meta): Meta,
    Path(id): Path<i64>,
    Form(form): Form<IntakeForm>,
) -> Result<Response, AppError> {
    let principal = user.principal().clone();
    entered(&principal)?;
    let (p, f) = (principal.clone(), form.clone());
    let result = state
        .app
        .run(move |app, conn| app_prog::update_intake(app, conn, &p, id, &f, &meta))
        .await;
    after_submit(
        result,
        |programme| format!("/quan-tri/chuong-trinh/{programme}"),
        "Đã lưu đợt tuyển sinh.",
        state.site.secure_cookies,
        |errors| {
            intake_page(
                &state,
                chrome,
                &principal,
                None,
                Some(id),
                Some(form),
                errors,
            )
        },
    )
    .await
}

pub async fn confirm_delete_intake(
    State(state): State<WebState>,
    chrome: Chrome,
    user: CurrentUser,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    let principal = user.principal().clone();
    entered(&principal)?;
    let p = principal.clone();
    let ((intake, programme, occupation, can_edit), refusal) = state
        .app
        .run(move |_, conn| {
            Ok((
                app_prog::intake_view(conn, &p, id)?,
                app_prog::intake_delete_refusal(conn, id)?,
            ))
        })
        .await
        .map_err(app_error)?;
    if !can_edit {
        return Err(AppError::Forbidden);
    }
    if let Some(message) = refusal {
        // Nothing to confirm: the intake page says why and how to close the intake instead.
        return intake_refused(&state, chrome, &principal, id, message, StatusCode::OK).await;
    }
    let back = format!("/quan-tri/chuong-trinh/{}", programme.id);
    render(&super::orgs::ConfirmPage {
        chrome: chrome
            .crumb("Quản trị", Some("/quan-tri"))
            .crumb("Chương trình đào tạo", Some("/quan-tri/chuong-trinh"))
            .crumb(occupation.name.clone(), Some(&back))
            .crumb("Xóa đợt tuyển sinh", None),
        title: "Xóa đợt tuyển sinh?".into(),
        question: format!(
            "“{}” của chương trình {} (nhận hồ sơ từ {} đến {}) sẽ bị xóa và không còn hiện trên cổng thông tin.",
            intake.name,
            occupation.name,
            format_date(intake.opens_on),
            format_date(intake.closes_on)
        ),
        action: format!("/quan-tri/dot-tuyen-sinh/{id}/xoa"),
        confirm_label: "Xóa đợt tuyển sinh".into(),
        cancel_href: back,
    })
}

/// The intake's page with the reason it cannot be deleted at the top.
async fn intake_refused(
    state: &WebState,
    chrome: Chrome,
    principal: &Principal,
    id: i64,
    message: String,
    status: StatusCode,
) -> Result<Response, AppError> {
    let chrome = chrome.flash(FlashKind::Error, message);
    let page = intake_page(
        state,
        chrome,
        principal,
        None,
        Some(id),
        None,
        FormErrors::none(),
    )
    .await?;
    render_with(status, &page)
}

pub async fn delete_intake(
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
        .run(move |app, conn| app_prog::delete_intake(app, conn, &p, id, &meta))
        .await;
    match result {
        Ok(programme) => Ok(redirect_with_flash(
            &format!("/quan-tri/chuong-trinh/{programme}"),
            "Đã xóa đợt tuyển sinh.",
            state.site.secure_cookies,
        )),
        Err(lantoa_app::Error::Conflict(message)) => {
            intake_refused(
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
