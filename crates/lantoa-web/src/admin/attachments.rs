//! Attachments of plans and reports in the back office (issue 5; docs/adr/0020-attachments.md).
//!
//! - `…/ke-hoach/{slug}/tai-lieu-kem-theo` and `…/ky-bao-cao/{code}/{org}/tai-lieu-kem-theo`:
//!   the list with the upload form (for those who may change it now);
//! - `POST /quan-tri/tai-lieu-kem-theo?_csrf=…`: the upload (multipart, streamed with its own
//!   limit like the media library's; the owner in hidden fields); a refused file brings the
//!   owner's page back with the message and the typed title (422, 413 when too large);
//! - `/quan-tri/tai-lieu-kem-theo/{id}`: the file, for those who may read its owner, as a
//!   download (`Content-Disposition: attachment`, `nosniff`, `no-store`);
//! - `/quan-tri/tai-lieu-kem-theo/{id}/xoa`: the confirmation, then the deletion.

use askama::Template;
use axum::body::Body;
use axum::extract::{Multipart, Path, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use lantoa_app::attachments::{self as app_att, AttachmentForm, AttachmentView, Owner};
use lantoa_app::media::{Upload, human_size};
use lantoa_domain::OrgId;
use lantoa_domain::access::Principal;

use crate::chrome::Chrome;
use crate::error::AppError;
use crate::forms::{FormErrors, redirect_with_flash, render, render_with};
use crate::middleware::read_upload_form;
use crate::session::{CurrentUser, Meta};
use crate::{WebState, app_error};

/// The upload form's path (in `middleware::UPLOAD_FORMS`).
pub const UPLOAD_PATH: &str = "/quan-tri/tai-lieu-kem-theo";

/// Which owner a page or an upload names: the plan's slug, and for a report its period code
/// and organisation.
#[derive(Debug, Clone, Default)]
pub struct OwnerRef {
    pub plan: String,
    pub period: String,
    pub org: String,
}

impl OwnerRef {
    fn report(&self) -> Option<(String, OrgId)> {
        let org = self.org.trim().parse::<i64>().ok()?;
        (!self.period.is_empty()).then(|| (self.period.clone(), OrgId(org)))
    }

    /// The owner's attachments page.
    pub fn url(&self) -> String {
        match self.report() {
            Some((code, org)) => format!(
                "/quan-tri/ke-hoach/{}/ky-bao-cao/{code}/{}/tai-lieu-kem-theo",
                self.plan, org.0
            ),
            None => format!("/quan-tri/ke-hoach/{}/tai-lieu-kem-theo", self.plan),
        }
    }

    fn of(owner: &Owner) -> OwnerRef {
        match owner {
            Owner::Plan(p) => OwnerRef {
                plan: p.slug.clone(),
                ..OwnerRef::default()
            },
            Owner::Report(k) => OwnerRef {
                plan: k.plan.slug.clone(),
                period: k.period.code(),
                org: k.org.id.to_string(),
            },
        }
    }
}

/// One attachment as a list shows it.
pub struct Item {
    pub id: i64,
    pub title: String,
    pub description: String,
    pub original_name: String,
    /// "PDF, 1,2 MB".
    pub summary: String,
    pub uploaded_at: String,
    pub href: String,
}

pub fn item(v: &AttachmentView, href: String) -> Item {
    Item {
        id: v.row.id,
        title: v.row.title.clone(),
        description: v.row.description.clone(),
        original_name: v.row.original_name.clone(),
        summary: v.summary.clone(),
        uploaded_at: v.uploaded_at.clone(),
        href,
    }
}

/// The back-office address of an attachment's file.
pub fn file_url(id: i64) -> String {
    format!("{UPLOAD_PATH}/{id}")
}

#[derive(Template)]
#[template(path = "admin/attachments/list.html")]
pub struct ListPage {
    pub chrome: Chrome,
    pub heading: String,
    pub owner_label: String,
    pub back_url: String,
    pub owner: OwnerRef,
    pub items: Vec<Item>,
    pub can_manage: bool,
    pub locked: Option<&'static str>,
    pub form: AttachmentForm,
    pub errors: FormErrors,
    pub max_size: String,
}

async fn list_page(
    state: &WebState,
    chrome: Chrome,
    principal: &Principal,
    r: OwnerRef,
    form: AttachmentForm,
    errors: FormErrors,
) -> Result<ListPage, AppError> {
    if !principal.can_enter_back_office() {
        return Err(AppError::Forbidden);
    }
    let p = principal.clone();
    let rr = r.clone();
    let v = state
        .app
        .run(move |_, conn| {
            let report = rr.report();
            app_att::owner_view(
                conn,
                &p,
                &rr.plan,
                report.as_ref().map(|(c, o)| (c.as_str(), *o)),
            )
        })
        .await
        .map_err(app_error)?;
    let (heading, owner_label, back_url, chrome) = match &v.owner {
        Owner::Plan(plan) => (
            "Tài liệu kèm theo kế hoạch".to_owned(),
            format!("{} {}", plan.document_type, plan.title),
            format!("/ke-hoach/{}", plan.slug),
            chrome
                .crumb("Quản trị", Some("/quan-tri"))
                .crumb(
                    format!("Kế hoạch {}–{}", plan.start_year, plan.end_year),
                    Some(&format!("/quan-tri/ke-hoach/{}", plan.slug)),
                )
                .crumb("Tài liệu kèm theo", None),
        ),
        Owner::Report(k) => {
            let report_url = format!(
                "/quan-tri/ke-hoach/{}/ky-bao-cao/{}/{}",
                k.plan.slug,
                k.period.code(),
                k.org.id
            );
            (
                "Tài liệu kèm theo báo cáo".to_owned(),
                format!("Báo cáo {} – {}", k.period.label(), k.org.name),
                report_url.clone(),
                chrome
                    .crumb("Quản trị", Some("/quan-tri"))
                    .crumb(
                        "Kỳ báo cáo",
                        Some(&format!("/quan-tri/ke-hoach/{}/ky-bao-cao", k.plan.slug)),
                    )
                    .crumb(k.org.short_name.clone(), Some(&report_url))
                    .crumb("Tài liệu kèm theo", None),
            )
        }
    };
    Ok(ListPage {
        chrome,
        heading,
        owner_label,
        back_url,
        owner: OwnerRef::of(&v.owner),
        items: v
            .attachments
            .iter()
            .map(|a| item(a, file_url(a.row.id)))
            .collect(),
        can_manage: v.can_manage,
        locked: v.locked,
        form,
        errors,
        max_size: human_size(state.app.attachments.max_bytes as u64),
    })
}

pub async fn plan_list(
    State(state): State<WebState>,
    chrome: Chrome,
    user: CurrentUser,
    Path(slug): Path<String>,
) -> Result<Response, AppError> {
    let r = OwnerRef {
        plan: slug,
        ..OwnerRef::default()
    };
    let page = list_page(
        &state,
        chrome,
        user.principal(),
        r,
        AttachmentForm::default(),
        FormErrors::none(),
    )
    .await?;
    render(&page)
}

pub async fn report_list(
    State(state): State<WebState>,
    chrome: Chrome,
    user: CurrentUser,
    Path((slug, code, org)): Path<(String, String, i64)>,
) -> Result<Response, AppError> {
    let r = OwnerRef {
        plan: slug,
        period: code,
        org: org.to_string(),
    };
    let page = list_page(
        &state,
        chrome,
        user.principal(),
        r,
        AttachmentForm::default(),
        FormErrors::none(),
    )
    .await?;
    render(&page)
}

/// What a streamed upload form held.
struct Received {
    owner: OwnerRef,
    form: AttachmentForm,
    file: Upload,
}

async fn receive(multipart: Multipart, max_file: usize) -> Result<Received, AppError> {
    let mut owner = OwnerRef::default();
    let mut form = AttachmentForm::default();
    let file = read_upload_form(multipart, max_file, |name, text| match name {
        "plan" => owner.plan = text,
        "period" => owner.period = text,
        "org" => owner.org = text,
        "title" => form.title = text,
        "description" => form.description = text,
        _ => {}
    })
    .await?;
    Ok(Received { owner, form, file })
}

pub async fn upload(
    State(state): State<WebState>,
    chrome: Chrome,
    user: CurrentUser,
    Meta(meta): Meta,
    multipart: Multipart,
) -> Result<Response, AppError> {
    let principal = user.principal().clone();
    if !principal.can_enter_back_office() {
        return Err(AppError::Forbidden);
    }
    let Received { owner, form, file } =
        receive(multipart, state.app.attachments.max_bytes).await?;
    let too_large = file.dropped_size.is_some();
    let (p, o, f) = (principal.clone(), owner.clone(), form.clone());
    let result = state
        .app
        .run(move |app, conn| {
            let report = o.report();
            let owner = app_att::resolve(
                conn,
                &o.plan,
                report.as_ref().map(|(c, org)| (c.as_str(), *org)),
            )?;
            app_att::upload(app, conn, &p, &owner, &f, &file, &meta)
        })
        .await;
    match result {
        Ok(_) => Ok(redirect_with_flash(
            &owner.url(),
            "Đã đính kèm tài liệu.",
            state.site.secure_cookies,
        )),
        Err(lantoa_app::Error::Invalid(fields)) => {
            let status = if too_large {
                StatusCode::PAYLOAD_TOO_LARGE
            } else {
                StatusCode::UNPROCESSABLE_ENTITY
            };
            let page = list_page(&state, chrome, &principal, owner, form, fields.into()).await?;
            render_with(status, &page)
        }
        Err(lantoa_app::Error::Conflict(message)) => {
            let errors = FormErrors::one("owner", message);
            let page = list_page(&state, chrome, &principal, owner, form, errors).await?;
            render_with(StatusCode::CONFLICT, &page)
        }
        Err(e) => Err(app_error(e)),
    }
}

/// Sends an attachment's file: always as a download, never sniffed, never cached.
pub fn send(d: lantoa_app::attachments::Download, cache: &'static str) -> Response {
    let mut response = (StatusCode::OK, Body::from(d.bytes)).into_response();
    let h = response.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static(d.content_type),
    );
    if let Ok(v) = HeaderValue::from_str(&d.disposition) {
        h.insert(header::CONTENT_DISPOSITION, v);
    } else {
        h.insert(
            header::CONTENT_DISPOSITION,
            HeaderValue::from_static("attachment"),
        );
    }
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static(cache));
    response
}

pub async fn file(
    State(state): State<WebState>,
    user: CurrentUser,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    let p = user.principal().clone();
    let d = state
        .app
        .run(move |app, conn| app_att::back_office_file(app, conn, &p, id))
        .await
        .map_err(app_error)?;
    Ok(send(d, "private, no-store"))
}

#[derive(Template)]
#[template(path = "admin/attachments/delete.html")]
pub struct DeletePage {
    pub chrome: Chrome,
    pub item: Item,
    pub back_url: String,
    pub refusal: Option<String>,
}

async fn delete_page(
    state: &WebState,
    chrome: Chrome,
    principal: &Principal,
    id: i64,
) -> Result<Response, AppError> {
    let p = principal.clone();
    let (l, refusal) = state
        .app
        .run(move |_, conn| {
            let l = app_att::get(conn, &p, id)?;
            let refusal = match app_att::may_delete(conn, &p, &l) {
                Ok(()) => None,
                Err(lantoa_app::Error::Conflict(m)) => Some(m),
                Err(e) => return Err(e),
            };
            Ok((l, refusal))
        })
        .await
        .map_err(app_error)?;
    let back_url = OwnerRef::of(&l.owner).url();
    let page = DeletePage {
        chrome: chrome
            .crumb("Quản trị", Some("/quan-tri"))
            .crumb("Tài liệu kèm theo", Some(&back_url))
            .crumb("Xóa", None),
        item: item(&l.view, file_url(id)),
        back_url,
        refusal,
    };
    if page.refusal.is_some() {
        render_with(StatusCode::CONFLICT, &page)
    } else {
        render(&page)
    }
}

pub async fn confirm_delete(
    State(state): State<WebState>,
    chrome: Chrome,
    user: CurrentUser,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    delete_page(&state, chrome, user.principal(), id).await
}

pub async fn delete(
    State(state): State<WebState>,
    chrome: Chrome,
    user: CurrentUser,
    Meta(meta): Meta,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    let principal = user.principal().clone();
    let p = principal.clone();
    let result = state
        .app
        .run(move |app, conn| app_att::delete(app, conn, &p, id, &meta))
        .await;
    match result {
        Ok(l) => Ok(redirect_with_flash(
            &OwnerRef::of(&l.owner).url(),
            "Đã xóa tài liệu kèm theo.",
            state.site.secure_cookies,
        )),
        Err(lantoa_app::Error::Conflict(_)) => delete_page(&state, chrome, &principal, id).await,
        Err(e) => Err(app_error(e)),
    }
}
