//! Applications in the back office (issue 4, point 7): the list of the applications choosing
//! the user's institutions' programmes with filters and pagination, one application with
//! its status actions and internal notes, applications against quota, and the XLSX export.
//! Only staff of the institution see its applicants; every view is audit-logged by the use
//! case.

use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use lantoa_app::applications::{self as app_apply, ChoiceAction, StaffQuery};
use lantoa_app::clock::{format_date, format_vn};
use lantoa_domain::application::{
    ApplicationStatus, Gender, Schooling, consent as consent_text, display_phone,
};
use lantoa_domain::programme::TargetGroup;
use lantoa_store::PageRequest;
use serde::Deserialize;

use crate::chrome::{Chrome, PaginationPartial, encode_component};
use crate::error::AppError;
use crate::forms::{FormErrors, redirect_with_flash, render, render_with};
use crate::session::{CurrentUser, Meta};
use crate::{WebState, app_error};

const PER_PAGE: i64 = 30;
const BASE: &str = "/quan-tri/ho-so-tuyen-sinh";

/// The filters as they appear in the address.
#[derive(Debug, Clone, Deserialize, Default)]
#[serde(default)]
pub struct ListQuery {
    #[serde(rename = "chuong-trinh")]
    programme: String,
    #[serde(rename = "trang-thai")]
    status: String,
    #[serde(rename = "tu-ngay")]
    from: String,
    #[serde(rename = "den-ngay")]
    to: String,
    trang: Option<String>,
}

impl ListQuery {
    fn staff(&self) -> StaffQuery {
        StaffQuery {
            programme: self.programme.clone(),
            status: self.status.clone(),
            from: self.from.clone(),
            to: self.to.clone(),
        }
    }

    /// The query string of the filters (without the page).
    fn query_string(&self) -> String {
        let pairs: Vec<String> = [
            ("chuong-trinh", &self.programme),
            ("trang-thai", &self.status),
            ("tu-ngay", &self.from),
            ("den-ngay", &self.to),
        ]
        .iter()
        .filter(|(_, v)| !v.trim().is_empty())
        .map(|(k, v)| format!("{k}={}", encode_component(v.trim())))
        .collect();
        pairs.join("&")
    }
}

pub struct Row {
    pub application_id: i64,
    pub code: String,
    pub name: String,
    pub phone: String,
    pub submitted: String,
    pub preference: i32,
    pub programme: String,
    pub status: &'static str,
    pub badge: &'static str,
}

#[derive(Template)]
#[template(path = "admin/applications/list.html")]
pub struct ListPage {
    pub chrome: Chrome,
    pub rows: Vec<Row>,
    pub total: i64,
    pub programmes: Vec<(String, String)>,
    pub statuses: Vec<(String, String)>,
    pub q_programme: String,
    pub q_status: String,
    pub q_from: String,
    pub q_to: String,
    pub errors: FormErrors,
    pub export_href: String,
    pub is_filtered: bool,
    pub pagination: PaginationPartial,
}

fn crumbs(chrome: Chrome) -> Chrome {
    chrome
        .crumb("Quản trị", Some("/quan-tri"))
        .crumb("Hồ sơ tuyển sinh", Some(BASE))
}

pub async fn list(
    State(state): State<WebState>,
    chrome: Chrome,
    user: CurrentUser,
    Meta(meta): Meta,
    Query(q): Query<ListQuery>,
) -> Result<Response, AppError> {
    let principal = user.principal().clone();
    let page_no = super::page_param(q.trang.as_deref());
    let staff = q.staff();
    let platform = principal.is_plan_owner || principal.is_system_admin;
    let result = state
        .app
        .run(move |app, conn| {
            let programmes = app_apply::staff_programmes(conn, &principal)?;
            let page = app_apply::staff_list(
                app,
                conn,
                &principal,
                &staff,
                PageRequest::new(page_no, PER_PAGE),
                &meta,
            )?;
            Ok((page, programmes))
        })
        .await;
    let (page, programmes) = match result {
        Ok(v) => v,
        // Platform roles see the counts, not the applicants (docs/adr/0011).
        Err(lantoa_app::Error::Denied) if platform => {
            return Ok(axum::response::Redirect::to(&format!("{BASE}/chi-tieu")).into_response());
        }
        Err(e) => return Err(app_error(e)),
    };
    let qs = q.query_string();
    let base = if qs.is_empty() {
        BASE.to_owned()
    } else {
        format!("{BASE}?{qs}")
    };
    let pagination = PaginationPartial::new(
        u32::try_from(page.page).unwrap_or(1),
        u32::try_from(page.page_count()).unwrap_or(1),
        base,
    );
    let rows = page
        .items
        .iter()
        .map(|(c, a, _p, o, inst)| {
            let status = ApplicationStatus::from_code(&c.status).unwrap_or(ApplicationStatus::New);
            Row {
                application_id: a.id,
                code: a.reference_code.clone(),
                name: a.full_name.clone(),
                phone: display_phone(&a.phone),
                submitted: format_vn(a.created_at),
                preference: c.preference,
                programme: format!("{} – {}", o.name, inst.short_name),
                status: status.label(),
                badge: status.badge(),
            }
        })
        .collect();
    let errors = FormErrors(
        q.staff()
            .parse()
            .errors
            .0
            .into_iter()
            .map(|(f, m)| {
                let field = match f.as_str() {
                    "programme" => "chuong-trinh",
                    "status" => "trang-thai",
                    "from" => "tu-ngay",
                    _ => "den-ngay",
                };
                (field.to_owned(), m)
            })
            .collect(),
    );
    let mut statuses = vec![(String::new(), "Mọi trạng thái".to_owned())];
    statuses.extend(
        ApplicationStatus::ALL
            .iter()
            .map(|s| (s.code().to_owned(), s.label().to_owned())),
    );
    let mut programme_options = vec![(String::new(), "Mọi chương trình".to_owned())];
    programme_options.extend(programmes.into_iter().map(|(id, l)| (id.to_string(), l)));
    render(&ListPage {
        chrome: crumbs(chrome),
        rows,
        total: page.total,
        programmes: programme_options,
        statuses,
        is_filtered: !qs.is_empty(),
        export_href: if qs.is_empty() {
            format!("{BASE}/tai-ve")
        } else {
            format!("{BASE}/tai-ve?{qs}")
        },
        q_programme: q.programme,
        q_status: q.status,
        q_from: q.from,
        q_to: q.to,
        errors,
        pagination,
    })
}

/// `GET /quan-tri/ho-so-tuyen-sinh/tai-ve`: the filtered list as XLSX.
pub async fn export(
    State(state): State<WebState>,
    user: CurrentUser,
    Meta(meta): Meta,
    Query(q): Query<ListQuery>,
) -> Result<Response, AppError> {
    let principal = user.principal().clone();
    let staff = q.staff();
    let (bytes, today) = state
        .app
        .run(move |app, conn| {
            Ok((
                app_apply::staff_export(app, conn, &principal, &staff, &meta)?,
                app.clock.today(),
            ))
        })
        .await
        .map_err(app_error)?;
    Ok((
        [
            (
                header::CONTENT_TYPE,
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet".to_owned(),
            ),
            (
                header::CONTENT_DISPOSITION,
                format!(
                    "attachment; filename=\"ho-so-tuyen-sinh-{}.xlsx\"",
                    today.format("%Y-%m-%d")
                ),
            ),
            (header::CACHE_CONTROL, "no-store".to_owned()),
        ],
        bytes,
    )
        .into_response())
}

pub struct ChoiceBox {
    pub id: i64,
    pub preference: i32,
    pub programme: String,
    pub programme_slug: String,
    pub institution: String,
    pub intake: String,
    pub status: &'static str,
    /// The status's code, sent back with the form to notice a colleague's change meanwhile.
    pub status_code: &'static str,
    pub badge: &'static str,
    /// (code, button label) of the statuses it may move to, when the user may change it.
    pub next: Vec<(&'static str, &'static str)>,
    pub can_edit: bool,
    /// The ids of its form's fields (several choices share the page).
    pub status_field: String,
    pub note_field: String,
}

pub struct HistoryRow {
    pub at: String,
    pub actor: String,
    pub text: String,
    pub note: String,
    pub is_internal: bool,
}

pub struct ConsentLine {
    pub text: String,
    pub version: String,
    pub granted: bool,
    pub by_guardian: bool,
    pub at: String,
}

#[derive(Template)]
#[template(path = "admin/applications/show.html")]
pub struct ShowPage {
    pub chrome: Chrome,
    pub id: i64,
    pub code: String,
    pub anonymised: bool,
    /// (label, value) of the applicant's details.
    pub details: Vec<(&'static str, String)>,
    pub choices: Vec<ChoiceBox>,
    pub history: Vec<HistoryRow>,
    pub consents: Vec<ConsentLine>,
    pub errors: FormErrors,
    /// The choice whose form came back with errors, and what was typed.
    pub failed_choice: Option<i64>,
    pub note: String,
}

async fn show_page(
    state: &WebState,
    chrome: Chrome,
    user: &CurrentUser,
    meta: lantoa_app::RequestMeta,
    id: i64,
    errors: FormErrors,
    failed: Option<(i64, String)>,
) -> Result<ShowPage, AppError> {
    let principal = user.principal().clone();
    let v = state
        .app
        .run(move |app, conn| app_apply::staff_view(app, conn, &principal, id, &meta))
        .await
        .map_err(app_error)?;
    let a = &v.view.application;
    let opt = |s: &str| {
        if s.is_empty() {
            "—".to_owned()
        } else {
            s.to_owned()
        }
    };
    let mut details = vec![
        ("Họ và tên", opt(&a.full_name)),
        (
            "Ngày sinh",
            a.birth_date.map(format_date).unwrap_or_else(|| "—".into()),
        ),
        (
            "Giới tính",
            opt(a
                .gender
                .as_deref()
                .and_then(Gender::from_code)
                .map_or("", Gender::label)),
        ),
        ("Điện thoại", opt(&display_phone(&a.phone))),
        ("Thư điện tử", opt(&a.email)),
        ("Xã, phường", opt(&a.commune)),
        (
            "Trình độ văn hóa",
            opt(Schooling::from_code(&a.schooling).map_or("", Schooling::label)),
        ),
        (
            "Đối tượng",
            opt(a
                .target_group
                .as_deref()
                .and_then(TargetGroup::from_code)
                .map_or("", TargetGroup::label)),
        ),
        ("Nộp lúc", format_vn(a.created_at)),
    ];
    if a.is_minor {
        details.push(("Chưa đủ 18 tuổi", "Có".into()));
        details.push(("Cha, mẹ hoặc người giám hộ", opt(&a.guardian_name)));
        details.push((
            "Điện thoại người giám hộ",
            opt(&display_phone(&a.guardian_phone)),
        ));
    }
    let choices = v
        .view
        .choices
        .iter()
        .map(|c| {
            let can_edit = v.editable.contains(&c.choice.id) && a.anonymised_at.is_none();
            ChoiceBox {
                id: c.choice.id,
                preference: c.choice.preference,
                programme: format!("{} ({})", c.occupation, c.level.to_lowercase()),
                programme_slug: c.programme_slug.clone(),
                institution: c.institution.clone(),
                intake: c
                    .intake
                    .as_ref()
                    .map(|i| i.name.clone())
                    .unwrap_or_default(),
                status: c.status.label(),
                status_code: c.status.code(),
                badge: c.status.badge(),
                next: if can_edit {
                    c.status
                        .next()
                        .iter()
                        .map(|s| (s.code(), s.action_label()))
                        .collect()
                } else {
                    Vec::new()
                },
                can_edit,
                status_field: format!("status-{}", c.choice.id),
                note_field: format!("note-{}", c.choice.id),
            }
        })
        .collect();
    let history = v
        .view
        .history
        .iter()
        .map(|h| HistoryRow {
            at: format_vn(h.at),
            actor: h.actor.clone(),
            text: h.text.clone(),
            note: h.note.clone(),
            is_internal: h.is_internal,
        })
        .collect();
    let consents = v
        .view
        .consents
        .iter()
        .map(|c| ConsentLine {
            text: consent_text(&c.purpose).map_or_else(|| c.purpose.clone(), |t| t.text.to_owned()),
            version: c.version.clone(),
            granted: c.granted,
            by_guardian: c.given_by == "guardian",
            at: format_vn(c.at),
        })
        .collect();
    let (failed_choice, note) = match failed {
        Some((c, n)) => (Some(c), n),
        None => (None, String::new()),
    };
    Ok(ShowPage {
        chrome: crumbs(chrome).crumb(format!("Hồ sơ {}", a.reference_code), None),
        id,
        code: a.reference_code.clone(),
        anonymised: a.anonymised_at.is_some(),
        details,
        choices,
        history,
        consents,
        errors,
        failed_choice,
        note,
    })
}

pub async fn show(
    State(state): State<WebState>,
    chrome: Chrome,
    user: CurrentUser,
    Meta(meta): Meta,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    render(&show_page(&state, chrome, &user, meta, id, FormErrors::none(), None).await?)
}

/// `POST /quan-tri/ho-so-tuyen-sinh/nguyen-vong/{choice}`: a status change and/or a note.
pub async fn act(
    State(state): State<WebState>,
    chrome: Chrome,
    user: CurrentUser,
    Meta(meta): Meta,
    Path(choice): Path<i64>,
    Form(action): Form<ChoiceAction>,
) -> Result<Response, AppError> {
    let principal = user.principal().clone();
    let a = action.clone();
    let m = meta.clone();
    let result = state
        .app
        .run(move |app, conn| app_apply::act_on_choice(app, conn, &principal, choice, &a, &m))
        .await;
    match result {
        Ok(application) => Ok(redirect_with_flash(
            &format!("{BASE}/{application}"),
            if action.status.trim().is_empty() {
                "Đã lưu ghi chú."
            } else {
                "Đã cập nhật trạng thái hồ sơ."
            },
            state.site.secure_cookies,
        )),
        Err(lantoa_app::Error::Invalid(fields)) => {
            let application = state
                .app
                .run(move |_, conn| {
                    lantoa_store::applications::choice(conn, choice)?
                        .map(|c| c.application_id)
                        .ok_or(lantoa_app::Error::NotFound)
                })
                .await
                .map_err(app_error)?;
            let errors: Vec<(String, String)> = fields
                .0
                .into_iter()
                .map(|(f, m)| (format!("{f}-{choice}"), m))
                .collect();
            let page = show_page(
                &state,
                chrome,
                &user,
                meta,
                application,
                FormErrors(errors),
                Some((choice, action.note)),
            )
            .await?;
            render_with(axum::http::StatusCode::UNPROCESSABLE_ENTITY, &page)
        }
        Err(e) => Err(app_error(e)),
    }
}

pub struct QuotaRow {
    pub programme_id: i64,
    pub programme: String,
    pub institution: String,
    pub quota: i32,
    pub intake_quota: String,
    pub counts: Vec<i64>,
    pub total: i64,
    /// Applications per quota place, as a percentage, when there is a quota.
    pub fill: String,
}

#[derive(Template)]
#[template(path = "admin/applications/quota.html")]
pub struct QuotaPage {
    pub chrome: Chrome,
    pub statuses: Vec<&'static str>,
    pub rows: Vec<QuotaRow>,
    pub can_open_lists: bool,
}

/// `GET /quan-tri/ho-so-tuyen-sinh/chi-tieu`: applications against quota per programme.
pub async fn quota(
    State(state): State<WebState>,
    chrome: Chrome,
    user: CurrentUser,
) -> Result<Response, AppError> {
    let principal = user.principal().clone();
    if !principal.can_enter_back_office() {
        return Err(AppError::Forbidden);
    }
    let p = principal.clone();
    let (lines, staff) = state
        .app
        .run(move |app, conn| {
            let lines = app_apply::quota_report(app, conn, &p)?;
            let staff = !app_apply::staff_institutions(conn, &p)?.is_empty();
            Ok((lines, staff))
        })
        .await
        .map_err(app_error)?;
    let rows = lines
        .into_iter()
        .map(|l| QuotaRow {
            programme_id: l.programme_id,
            programme: l.programme,
            institution: l.institution,
            quota: l.quota,
            intake_quota: l
                .open_intake_quota
                .map(|q| lantoa_app::format::int(i64::from(q)))
                .unwrap_or_default(),
            counts: l.by_status.iter().map(|(_, n)| *n).collect(),
            fill: if l.quota > 0 {
                format!("{} %", (l.total * 100) / i64::from(l.quota))
            } else {
                "—".to_owned()
            },
            total: l.total,
        })
        .collect();
    render(&QuotaPage {
        chrome: crumbs(chrome).crumb("Hồ sơ so với chỉ tiêu", None),
        statuses: ApplicationStatus::ALL.iter().map(|s| s.label()).collect(),
        rows,
        can_open_lists: staff,
    })
}
