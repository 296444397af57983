//! Report pages: an organisation writes and submits its report; the lead department returns
//! or accepts it, and may reopen an accepted one.

use askama::Template;
use axum::Form;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use lantoa_app::clock::{format_date, format_vn};
use lantoa_app::reports::{self as app_reports, ReportForm, ReportView, Review};
use lantoa_domain::OrgId;
use lantoa_domain::access::Principal;
use lantoa_domain::report::ReportState;
use serde::Deserialize;

use crate::chrome::Chrome;
use crate::error::AppError;
use crate::forms::{FormErrors, redirect_with_flash, render, render_with};
use crate::session::{CurrentUser, Meta};
use crate::{WebState, app_error};

pub struct EventItem {
    pub at: String,
    pub actor: String,
    pub action: &'static str,
    pub comment: String,
}

#[derive(Template)]
#[template(path = "admin/reports/show.html")]
pub struct ReportPage {
    pub chrome: Chrome,
    pub v: ReportView,
    pub title: String,
    pub action: String,
    pub unit_due: String,
    pub window: String,
    pub state_badge: &'static str,
    pub may_edit: bool,
    pub may_review: bool,
    pub events: Vec<EventItem>,
    pub errors: FormErrors,
    /// What was typed, when the form comes back with errors: activity id → (value, reason).
    pub typed: std::collections::HashMap<i64, (String, String)>,
    /// The report's attachments (ADR 0020), whether the viewer may add and remove them now,
    /// why not when the report is locked, and what the upload form needs.
    pub attachments: Vec<super::attachments::Item>,
    pub attachments_manage: bool,
    pub attachments_locked: Option<&'static str>,
    pub attachment_owner: super::attachments::OwnerRef,
    pub no_errors: FormErrors,
    pub max_size: String,
}

impl ReportPage {
    pub fn typed_value(&self, activity: &i64, fallback: &i64) -> String {
        self.typed
            .get(activity)
            .map(|t| t.0.clone())
            .unwrap_or_else(|| fallback.to_string())
    }

    pub fn typed_reason(&self, activity: &i64, fallback: &str) -> String {
        self.typed
            .get(activity)
            .map(|t| t.1.clone())
            .unwrap_or_else(|| fallback.to_owned())
    }

    /// The five narrative sections with their Vietnamese headings.
    pub fn sections(&self) -> Vec<(&'static str, &str)> {
        let n = &self.v.narrative;
        vec![
            ("Kết quả thực hiện", n.results.as_str()),
            ("Tồn tại, hạn chế và nguyên nhân", n.shortcomings.as_str()),
            ("Khó khăn, vướng mắc", n.difficulties.as_str()),
            ("Đề xuất, kiến nghị", n.proposals.as_str()),
            ("Phương hướng kỳ tới", n.next_steps.as_str()),
        ]
    }

    pub fn date(&self, d: &chrono::NaiveDate) -> String {
        format_date(*d)
    }

    pub fn paragraphs<'a>(&self, text: &'a str) -> Vec<&'a str> {
        text.split('\n')
            .map(str::trim)
            .filter(|p| !p.is_empty())
            .collect()
    }
}

/// Which report a URL names: plan slug, period code, organisation id.
#[derive(Debug, Clone)]
pub struct ReportRef {
    pub slug: String,
    pub code: String,
    pub org: i64,
}

impl From<(String, String, i64)> for ReportRef {
    fn from((slug, code, org): (String, String, i64)) -> Self {
        ReportRef { slug, code, org }
    }
}

impl ReportRef {
    fn url(&self) -> String {
        format!(
            "/quan-tri/ke-hoach/{}/ky-bao-cao/{}/{}",
            self.slug, self.code, self.org
        )
    }
}

fn event_label(code: &str) -> &'static str {
    match code {
        "save" => "Lưu nháp",
        "submit" => "Gửi báo cáo",
        "return" => "Trả lại",
        "accept" => "Tiếp nhận",
        "reopen" => "Mở lại",
        _ => "Thao tác khác",
    }
}

fn badge(state: ReportState) -> &'static str {
    match state {
        ReportState::Draft => "draft",
        ReportState::Submitted => "pending",
        ReportState::Returned => "returned",
        ReportState::Accepted => "published",
    }
}

async fn page(
    state: &WebState,
    chrome: Chrome,
    principal: &Principal,
    r: &ReportRef,
    form: Option<ReportForm>,
    errors: FormErrors,
) -> Result<ReportPage, AppError> {
    let p = principal.clone();
    let (slug, code, org) = (r.slug.clone(), r.code.clone(), r.org);
    let (v, att) = state
        .app
        .run(move |_, conn| {
            let key = app_reports::key(conn, &slug, &code, OrgId(org))?;
            let v = app_reports::view(conn, &p, key)?;
            let att = lantoa_app::attachments::owner_view(
                conn,
                &p,
                &slug,
                Some((code.as_str(), OrgId(org))),
            )?;
            Ok((v, att))
        })
        .await
        .map_err(app_error)?;
    let may_edit = v.state.editable() && principal.editor_of(OrgId(org)).is_ok();
    let may_review = app_reports::may_review(principal, &v.key.plan);
    let title = format!("Báo cáo {} – {}", v.key.period.label(), v.key.org.name);
    // What was typed comes back only into a form that can still be edited: a refused change
    // to a locked report (a stale tab, a second submission) shows the report as stored.
    let form = form.filter(|_| may_edit);
    let mut v = v;
    if let Some(f) = &form {
        v.narrative = f.narrative.clone();
    }
    Ok(ReportPage {
        chrome: chrome
            .crumb("Quản trị", Some("/quan-tri"))
            .crumb(
                "Kỳ báo cáo",
                Some(&format!(
                    "/quan-tri/ke-hoach/{}/ky-bao-cao",
                    v.key.plan.slug
                )),
            )
            .crumb(
                format!("Báo cáo {}", v.key.period.label()),
                Some(&format!(
                    "/quan-tri/ke-hoach/{}/ky-bao-cao/{}",
                    v.key.plan.slug,
                    v.key.period.code()
                )),
            )
            .crumb(v.key.org.short_name.clone(), None),
        title,
        action: r.url(),
        unit_due: format_date(v.key.period.unit_due),
        window: format!(
            "{} – {}",
            format_date(v.key.period.window_start),
            format_date(v.key.period.window_end)
        ),
        state_badge: badge(v.state),
        may_edit,
        may_review,
        events: v
            .events
            .iter()
            .map(|e| EventItem {
                at: format_vn(e.at),
                actor: e.actor_label.clone(),
                action: event_label(&e.action),
                comment: e.comment.clone(),
            })
            .collect(),
        errors,
        typed: form.map(|f| f.figures).unwrap_or_default(),
        attachments: att
            .attachments
            .iter()
            .map(|a| super::attachments::item(a, super::attachments::file_url(a.row.id)))
            .collect(),
        attachments_manage: att.can_manage,
        attachments_locked: att.locked,
        attachment_owner: super::attachments::OwnerRef {
            plan: r.slug.clone(),
            period: r.code.clone(),
            org: r.org.to_string(),
        },
        no_errors: FormErrors::none(),
        max_size: lantoa_app::media::human_size(state.app.attachments.max_bytes as u64),
        v,
    })
}

pub async fn show(
    State(state): State<WebState>,
    chrome: Chrome,
    user: CurrentUser,
    Path(r): Path<(String, String, i64)>,
) -> Result<Response, AppError> {
    let r = ReportRef::from(r);
    let p = page(
        &state,
        chrome,
        user.principal(),
        &r,
        None,
        FormErrors::none(),
    )
    .await?;
    render(&p)
}

pub async fn save(
    State(state): State<WebState>,
    chrome: Chrome,
    user: CurrentUser,
    Meta(meta): Meta,
    Path(r): Path<(String, String, i64)>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let r = ReportRef::from(r);
    let principal = user.principal().clone();
    let submit = pairs.iter().any(|(k, v)| k == "action" && v == "submit");
    let form = ReportForm::from_pairs(&pairs);
    let (p, rr, f) = (principal.clone(), r.clone(), form.clone());
    let result = state
        .app
        .run(move |app, conn| {
            let key = app_reports::key(conn, &rr.slug, &rr.code, OrgId(rr.org))?;
            app_reports::save(app, conn, &p, &key, &f, submit, &meta)
        })
        .await;
    match result {
        Ok(_) => Ok(redirect_with_flash(
            &r.url(),
            if submit {
                "Đã gửi báo cáo đến đơn vị chủ trì."
            } else {
                "Đã lưu nháp báo cáo."
            },
            state.site.secure_cookies,
        )),
        Err(e) => failed(&state, chrome, &principal, &r, Some(form), e).await,
    }
}

/// A refused save or review: the page again with the messages (422, or 409 for a state
/// conflict such as a second submission), or the error page.
async fn failed(
    state: &WebState,
    chrome: Chrome,
    principal: &Principal,
    r: &ReportRef,
    form: Option<ReportForm>,
    e: lantoa_app::Error,
) -> Result<Response, AppError> {
    let (status, errors) = match e {
        lantoa_app::Error::Invalid(fields) => {
            (StatusCode::UNPROCESSABLE_ENTITY, FormErrors::from(fields))
        }
        lantoa_app::Error::Conflict(message) => {
            (StatusCode::CONFLICT, FormErrors::one("report", message))
        }
        other => return Err(app_error(other)),
    };
    let p = page(state, chrome, principal, r, form, errors).await?;
    render_with(status, &p)
}

#[derive(Debug, Deserialize, Default)]
#[serde(default)]
pub struct ReviewForm {
    comment: String,
    reason: String,
}

async fn do_review(
    state: WebState,
    chrome: Chrome,
    user: CurrentUser,
    meta: lantoa_app::RequestMeta,
    r: ReportRef,
    review: Review,
    done: &'static str,
) -> Result<Response, AppError> {
    let principal = user.principal().clone();
    let (p, rr) = (principal.clone(), r.clone());
    let result = state
        .app
        .run(move |app, conn| {
            let key = app_reports::key(conn, &rr.slug, &rr.code, OrgId(rr.org))?;
            app_reports::review(app, conn, &p, &key, &review, &meta)
        })
        .await;
    match result {
        Ok(_) => Ok(redirect_with_flash(
            &r.url(),
            done,
            state.site.secure_cookies,
        )),
        Err(e) => failed(&state, chrome, &principal, &r, None, e).await,
    }
}

pub async fn send_back(
    State(state): State<WebState>,
    chrome: Chrome,
    user: CurrentUser,
    Meta(meta): Meta,
    Path(r): Path<(String, String, i64)>,
    Form(f): Form<ReviewForm>,
) -> Result<Response, AppError> {
    let review = Review::Return { comment: f.comment };
    do_review(
        state,
        chrome,
        user,
        meta,
        r.into(),
        review,
        "Đã trả lại báo cáo cho đơn vị.",
    )
    .await
}

pub async fn accept(
    State(state): State<WebState>,
    chrome: Chrome,
    user: CurrentUser,
    Meta(meta): Meta,
    Path(r): Path<(String, String, i64)>,
) -> Result<Response, AppError> {
    do_review(
        state,
        chrome,
        user,
        meta,
        r.into(),
        Review::Accept,
        "Đã tiếp nhận báo cáo.",
    )
    .await
}

pub async fn reopen(
    State(state): State<WebState>,
    chrome: Chrome,
    user: CurrentUser,
    Meta(meta): Meta,
    Path(r): Path<(String, String, i64)>,
    Form(f): Form<ReviewForm>,
) -> Result<Response, AppError> {
    let review = Review::Reopen { reason: f.reason };
    let done = "Đã mở lại báo cáo; đơn vị có thể sửa và gửi lại.";
    do_review(state, chrome, user, meta, r.into(), review, done).await
}

/// `GET …/{org}/tai-ve/{format}` and `GET …/tong-hop/{format}`: the report as DOCX or XLSX.
async fn download(
    state: &WebState,
    user: &CurrentUser,
    slug: String,
    code: String,
    target: lantoa_app::report_export::ExportTarget,
    format: &str,
) -> Result<Response, AppError> {
    use axum::http::header;
    use axum::response::IntoResponse;
    use lantoa_app::report_export::{self, ExportFormat};
    let format = ExportFormat::parse(format).ok_or(AppError::NotFound)?;
    let principal = user.principal().clone();
    let name = match target {
        report_export::ExportTarget::Org(org) => {
            format!("bao-cao-{code}-don-vi-{org}.{}", format.extension())
        }
        report_export::ExportTarget::Consolidated => {
            format!("bao-cao-tong-hop-{code}.{}", format.extension())
        }
    };
    let bytes = state
        .app
        .run(move |app, conn| {
            let today = app.clock.today();
            report_export::export_for(conn, &principal, &slug, &code, target, format, today)
        })
        .await
        .map_err(app_error)?;
    Ok((
        [
            (header::CONTENT_TYPE, format.content_type().to_owned()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{name}\""),
            ),
        ],
        bytes,
    )
        .into_response())
}

pub async fn download_unit(
    State(state): State<WebState>,
    user: CurrentUser,
    Path((slug, code, org, format)): Path<(String, String, i64, String)>,
) -> Result<Response, AppError> {
    let target = lantoa_app::report_export::ExportTarget::Org(OrgId(org));
    download(&state, &user, slug, code, target, &format).await
}

pub async fn download_consolidated(
    State(state): State<WebState>,
    user: CurrentUser,
    Path((slug, code, format)): Path<(String, String, String)>,
) -> Result<Response, AppError> {
    let target = lantoa_app::report_export::ExportTarget::Consolidated;
    download(&state, &user, slug, code, target, &format).await
}

/// One section of the consolidated narrative's form.
pub struct SectionField {
    pub field: &'static str,
    pub label: &'static str,
    pub value: String,
}

#[derive(Template)]
#[template(path = "admin/reports/consolidated.html")]
pub struct ConsolidatedPage {
    pub chrome: Chrome,
    pub title: String,
    pub action: String,
    pub period_url: String,
    pub v: lantoa_app::consolidated::ConsolidatedView,
    pub fields: Vec<SectionField>,
    /// The form shows the units' sections gathered again (not saved yet).
    pub refilled: bool,
    pub errors: FormErrors,
    /// The accepted reports' attachments, by organisation (ADR 0020).
    pub attachments: Vec<(String, Vec<super::attachments::Item>)>,
}

impl ConsolidatedPage {
    /// A figure with thousands separated by dots ("1.234").
    pub fn int(&self, n: &i64) -> String {
        lantoa_app::format::int(*n)
    }

    /// "3/5 (60%)" of the organisations that owe the report.
    pub fn of_expected(&self, n: &usize) -> String {
        lantoa_app::format::ratio(*n, self.v.consolidation.expected)
    }

    pub fn activity_total(&self) -> String {
        lantoa_app::format::int(self.v.consolidation.by_activity.iter().map(|r| r.2).sum())
    }

    pub fn kind_total(&self) -> String {
        lantoa_app::format::int(self.v.consolidation.by_kind.iter().map(|r| r.1).sum())
    }
}

#[derive(Debug, Deserialize, Default)]
#[serde(default)]
pub struct ConsolidatedQuery {
    dien_lai: String,
}

fn narrative_from_pairs(pairs: &[(String, String)]) -> lantoa_store::reports::Narrative {
    ReportForm::from_pairs(pairs).narrative
}

/// What the consolidated form shows.
enum Shown {
    /// The saved draft, else the units' sections gathered.
    Current,
    /// The units' sections gathered again (`?dien_lai=1`), not saved.
    Refilled,
    /// What was typed, when the form comes back with errors.
    Typed(lantoa_store::reports::Narrative),
}

async fn consolidated_page(
    state: &WebState,
    chrome: Chrome,
    principal: &Principal,
    (slug, code): (String, String),
    shown: Shown,
    errors: FormErrors,
) -> Result<ConsolidatedPage, AppError> {
    use lantoa_app::report_export::{SECTIONS, section};
    let p = principal.clone();
    let (s, c) = (slug.clone(), code.clone());
    let (v, attachments) = state
        .app
        .run(move |_, conn| {
            let v = lantoa_app::consolidated::view(conn, &p, &s, &c)?;
            let a = lantoa_app::attachments::of_accepted_reports(conn, &p, &s, &c)?;
            Ok((v, a))
        })
        .await
        .map_err(app_error)?;
    let attachments = attachments
        .into_iter()
        .map(|(org, list)| {
            let items = list
                .iter()
                .map(|a| super::attachments::item(a, super::attachments::file_url(a.row.id)))
                .collect();
            (org, items)
        })
        .collect();
    let refilled = matches!(shown, Shown::Refilled);
    let shown = match shown {
        Shown::Typed(t) => t,
        Shown::Refilled => v.gathered.clone(),
        Shown::Current => v.narrative.clone(),
    };
    let fields = SECTIONS
        .iter()
        .map(|(field, label)| SectionField {
            field,
            label,
            value: section(&shown, field).to_owned(),
        })
        .collect();
    let title = format!("Báo cáo tổng hợp {}", v.consolidation.period.label());
    let period_url = format!("/quan-tri/ke-hoach/{slug}/ky-bao-cao/{code}");
    Ok(ConsolidatedPage {
        chrome: chrome
            .crumb("Quản trị", Some("/quan-tri"))
            .crumb(
                "Kỳ báo cáo",
                Some(&format!("/quan-tri/ke-hoach/{slug}/ky-bao-cao")),
            )
            .crumb(
                format!("Báo cáo {}", v.consolidation.period.label()),
                Some(&period_url),
            )
            .crumb("Báo cáo tổng hợp", None),
        title,
        action: format!("{period_url}/tong-hop"),
        period_url,
        fields,
        refilled,
        errors,
        attachments,
        v,
    })
}

/// `GET …/ky-bao-cao/{code}/tong-hop`: the consolidated report's narrative draft, pre-filled
/// from the accepted reports (`?dien_lai=1` fills it again from them, unsaved).
pub async fn consolidated(
    State(state): State<WebState>,
    chrome: Chrome,
    user: CurrentUser,
    Path((slug, code)): Path<(String, String)>,
    axum::extract::Query(q): axum::extract::Query<ConsolidatedQuery>,
) -> Result<Response, AppError> {
    let shown = if q.dien_lai.is_empty() {
        Shown::Current
    } else {
        Shown::Refilled
    };
    let page = consolidated_page(
        &state,
        chrome,
        user.principal(),
        (slug, code),
        shown,
        FormErrors::none(),
    )
    .await?;
    render(&page)
}

/// `POST …/ky-bao-cao/{code}/tong-hop`: saves the lead department's narrative.
pub async fn save_consolidated(
    State(state): State<WebState>,
    chrome: Chrome,
    user: CurrentUser,
    Meta(meta): Meta,
    Path((slug, code)): Path<(String, String)>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let principal = user.principal().clone();
    let narrative = narrative_from_pairs(&pairs);
    let (p, s, c, n) = (
        principal.clone(),
        slug.clone(),
        code.clone(),
        narrative.clone(),
    );
    let result = state
        .app
        .run(move |app, conn| lantoa_app::consolidated::save(app, conn, &p, &s, &c, &n, &meta))
        .await;
    match result {
        Ok(()) => Ok(redirect_with_flash(
            &format!("/quan-tri/ke-hoach/{slug}/ky-bao-cao/{code}/tong-hop"),
            "Đã lưu nội dung báo cáo tổng hợp; bản Word và Excel tải về sẽ dùng nội dung này.",
            state.site.secure_cookies,
        )),
        Err(lantoa_app::Error::Invalid(fields)) => {
            let page = consolidated_page(
                &state,
                chrome,
                &principal,
                (slug, code),
                Shown::Typed(narrative),
                FormErrors::from(fields),
            )
            .await?;
            render_with(StatusCode::UNPROCESSABLE_ENTITY, &page)
        }
        Err(e) => Err(app_error(e)),
    }
}
