//! Online applications on the portal (issue 4, points 6 and 8): the form (`/dang-ky`), the
//! confirmation (`/dang-ky/xac-nhan/{code}`, readable right after sending thanks to a signed
//! cookie, or with the phone number), the status look-up (`/tra-cuu-ho-so`) with the
//! applicant's data as JSON and erasure behind a confirmation step.
//!
//! Pages with personal data are POST responses or need the signed cookie, and are sent with
//! `Cache-Control: no-store`. The reference code in the confirmation's path is logged as the
//! route template (`middleware::REDACTED_ROUTES`).

use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use lantoa_app::applications::{
    self as app_apply, ApplicationForm, ApplicationView, LookupForm, OpenProgramme,
};
use lantoa_app::clock::{format_date, format_vn};
use lantoa_domain::application::{
    ApplicationStatus, CONSENT_COUNSELLING, CONSENT_GUARDIAN, CONSENT_PROCESSING, Gender,
    Schooling, display_phone,
};
use lantoa_domain::programme::TargetGroup;
use serde::Deserialize;

use crate::chrome::Chrome;
use crate::error::AppError;
use crate::forms::{FormErrors, render_with};
use crate::session::{Meta, cookie, set_cookie};
use crate::{WebState, app_error};

/// The cookie that lets the browser that sent an application read its confirmation.
pub const RECEIPT_COOKIE: &str = "lantoa_ho_so";
/// How long that cookie lasts, in seconds.
const RECEIPT_SECONDS: i64 = 3600;

fn no_store(mut response: Response) -> Response {
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

fn receipt_value(state: &WebState, code: &str) -> String {
    format!(
        "{code}.{}",
        lantoa_app::auth::keyed_hash(&state.app, "application-receipt", code)
    )
}

fn has_receipt(state: &WebState, headers: &axum::http::HeaderMap, code: &str) -> bool {
    cookie(headers, RECEIPT_COOKIE).is_some_and(|v| {
        let v = v.strip_suffix(".gop").unwrap_or(v);
        lantoa_app::auth::csrf_matches(&receipt_value(state, code), v)
    })
}

/// (value, label) options with an empty first choice.
fn options(blank: &str, items: impl Iterator<Item = (String, String)>) -> Vec<(String, String)> {
    std::iter::once((String::new(), blank.to_owned()))
        .chain(items)
        .collect()
}

#[derive(Template)]
#[template(path = "applications/form.html")]
pub struct ApplyPage {
    pub chrome: Chrome,
    pub form: ApplicationForm,
    pub errors: FormErrors,
    /// (programme id, label) of the programmes open today.
    pub programmes: Vec<(String, String)>,
    pub genders: Vec<(String, String)>,
    pub schoolings: Vec<(String, String)>,
    pub groups: Vec<(String, String)>,
    pub processing_text: &'static str,
    pub counselling_text: &'static str,
    pub guardian_text: &'static str,
    pub consent_version: &'static str,
    /// The programme asked for in the address, when it is not open now.
    pub asked_closed: bool,
}

impl ApplyPage {
    fn new(
        chrome: Chrome,
        form: ApplicationForm,
        errors: FormErrors,
        open: &[OpenProgramme],
    ) -> ApplyPage {
        ApplyPage {
            chrome: chrome.crumb("Đăng ký học", None),
            form,
            errors,
            programmes: options(
                "— Chọn chương trình —",
                open.iter().map(|p| (p.programme.id.to_string(), p.label())),
            ),
            genders: options(
                "Không muốn nêu",
                Gender::ALL
                    .iter()
                    .map(|g| (g.code().to_owned(), g.label().to_owned())),
            ),
            schoolings: options(
                "— Chọn trình độ —",
                Schooling::ALL
                    .iter()
                    .map(|s| (s.code().to_owned(), s.label().to_owned())),
            ),
            groups: options(
                "Không thuộc nhóm nào / không muốn nêu",
                TargetGroup::ALL
                    .iter()
                    .map(|g| (g.code().to_owned(), g.label().to_owned())),
            ),
            processing_text: CONSENT_PROCESSING.text,
            counselling_text: CONSENT_COUNSELLING.text,
            guardian_text: CONSENT_GUARDIAN.text,
            consent_version: CONSENT_PROCESSING.version,
            asked_closed: false,
        }
    }
}

#[derive(Debug, Deserialize, Default)]
#[serde(default)]
pub struct ApplyQuery {
    #[serde(rename = "chuong-trinh")]
    programme: String,
}

async fn open_now(state: &WebState) -> Result<Vec<OpenProgramme>, AppError> {
    state
        .app
        .run(|app, conn| app_apply::open_programmes(conn, app.clock.today()))
        .await
        .map_err(app_error)
}

/// `GET /dang-ky?chuong-trinh=slug`: the form, with that programme as the first choice.
pub async fn form(
    State(state): State<WebState>,
    chrome: Chrome,
    Query(q): Query<ApplyQuery>,
) -> Result<Response, AppError> {
    let open = open_now(&state).await?;
    let mut f = ApplicationForm::default();
    let mut asked_closed = false;
    if !q.programme.is_empty() {
        match open.iter().find(|p| p.programme.slug == q.programme) {
            Some(p) => f.choice_1 = p.programme.id.to_string(),
            None => asked_closed = true,
        }
    }
    let mut page = ApplyPage::new(chrome, f, FormErrors::none(), &open);
    page.asked_closed = asked_closed;
    render_with(StatusCode::OK, &page)
}

/// `POST /dang-ky`: sends the application; the confirmation follows (303), or the form again.
pub async fn submit(
    State(state): State<WebState>,
    chrome: Chrome,
    Meta(meta): Meta,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let form = ApplicationForm::from_pairs(&pairs);
    let typed = form.clone();
    let result = state
        .app
        .run(move |app, conn| app_apply::submit(app, conn, &form, &meta))
        .await;
    match result {
        Ok(done) => {
            let secure = state.site.secure_cookies;
            let mut response =
                Redirect::to(&format!("/dang-ky/xac-nhan/{}", done.code)).into_response();
            let mut value = receipt_value(&state, &done.code);
            if done.merged {
                value.push_str(".gop");
            }
            response.headers_mut().append(
                header::SET_COOKIE,
                set_cookie(RECEIPT_COOKIE, &value, Some(RECEIPT_SECONDS), secure),
            );
            Ok(response)
        }
        Err(lantoa_app::Error::Invalid(fields)) => {
            let open = open_now(&state).await?;
            let mut form = typed;
            form.website.clear();
            form.too_long.clear();
            no_store_page(
                StatusCode::UNPROCESSABLE_ENTITY,
                &ApplyPage::new(chrome, form, fields.into(), &open),
            )
        }
        Err(lantoa_app::Error::RateLimited) => Err(AppError::TooManyRequests {
            retry_after_secs: Some(3600),
        }),
        Err(e) => Err(app_error(e)),
    }
}

fn no_store_page(status: StatusCode, page: &impl Template) -> Result<Response, AppError> {
    Ok(no_store(render_with(status, page)?))
}

/// One choice as the applicant's pages show it.
pub struct ChoiceLine {
    pub preference: i32,
    pub programme: String,
    pub programme_slug: String,
    pub institution: String,
    pub institution_phone: String,
    pub intake: String,
    pub status: &'static str,
    pub status_text: &'static str,
    pub badge: &'static str,
}

fn choice_lines(v: &ApplicationView) -> Vec<ChoiceLine> {
    v.choices
        .iter()
        .map(|c| ChoiceLine {
            preference: c.choice.preference,
            programme: format!("{} ({})", c.occupation, c.level.to_lowercase()),
            programme_slug: c.programme_slug.clone(),
            institution: c.institution.clone(),
            institution_phone: c.institution_phone.clone(),
            intake: c
                .intake
                .as_ref()
                .map(|i| format!("{} (nhận hồ sơ đến {})", i.name, format_date(i.closes_on)))
                .unwrap_or_default(),
            status: c.status.label(),
            status_text: c.status.public_text(),
            badge: c.status.badge(),
        })
        .collect()
}

/// What the confirmation and status pages show about the person.
pub struct ApplicantSummary {
    pub code: String,
    pub name: String,
    pub birth_date: String,
    pub phone: String,
    pub submitted: String,
    pub is_minor: bool,
    pub guardian: String,
}

fn summary(v: &ApplicationView) -> ApplicantSummary {
    let a = &v.application;
    ApplicantSummary {
        code: a.reference_code.clone(),
        name: a.full_name.clone(),
        birth_date: a.birth_date.map(format_date).unwrap_or_default(),
        phone: display_phone(&a.phone),
        submitted: format_vn(a.created_at),
        is_minor: a.is_minor,
        guardian: a.guardian_name.clone(),
    }
}

#[derive(Template)]
#[template(path = "applications/confirmation.html")]
pub struct ConfirmationPage {
    pub chrome: Chrome,
    pub s: ApplicantSummary,
    pub choices: Vec<ChoiceLine>,
    pub merged: bool,
}

#[derive(Template)]
#[template(path = "applications/confirm_phone.html")]
pub struct ConfirmPhonePage {
    pub chrome: Chrome,
    pub code: String,
    pub phone: String,
    pub errors: FormErrors,
}

fn confirmation_page(chrome: Chrome, v: &ApplicationView, merged: bool) -> ConfirmationPage {
    ConfirmationPage {
        chrome: chrome
            .crumb("Đăng ký học", Some("/dang-ky"))
            .crumb("Giấy xác nhận", None),
        s: summary(v),
        choices: choice_lines(v),
        merged,
    }
}

/// `GET /dang-ky/xac-nhan/{code}`: the confirmation for the browser that sent it; anyone
/// else is asked for the phone number first.
pub async fn confirmation(
    State(state): State<WebState>,
    chrome: Chrome,
    headers: axum::http::HeaderMap,
    Path(code): Path<String>,
) -> Result<Response, AppError> {
    if code.len() > 20 {
        return Err(AppError::NotFound);
    }
    if has_receipt(&state, &headers, &code) {
        let merged = cookie(&headers, RECEIPT_COOKIE).is_some_and(|v| v.ends_with(".gop"));
        let c = code.clone();
        let v = state
            .app
            .run(move |_, conn| app_apply::applicant_view(conn, &c))
            .await
            .map_err(app_error)?;
        return no_store_page(StatusCode::OK, &confirmation_page(chrome, &v, merged));
    }
    no_store_page(
        StatusCode::OK,
        &ConfirmPhonePage {
            chrome: chrome.crumb("Giấy xác nhận", None),
            code,
            phone: String::new(),
            errors: FormErrors::none(),
        },
    )
}

#[derive(Debug, Deserialize, Default)]
#[serde(default)]
pub struct PhoneForm {
    phone: String,
}

/// `POST /dang-ky/xac-nhan/{code}` with the phone number.
pub async fn confirmation_with_phone(
    State(state): State<WebState>,
    chrome: Chrome,
    Meta(meta): Meta,
    Path(code): Path<String>,
    Form(f): Form<PhoneForm>,
) -> Result<Response, AppError> {
    if code.len() > 20 {
        return Err(AppError::NotFound);
    }
    let lookup = LookupForm {
        code: code.clone(),
        phone: f.phone.clone(),
    };
    let result = state
        .app
        .run(move |app, conn| app_apply::lookup(app, conn, &lookup, &meta))
        .await;
    match result {
        Ok(v) => no_store_page(StatusCode::OK, &confirmation_page(chrome, &v, false)),
        Err(lantoa_app::Error::Invalid(fields)) => {
            let mut errors = FormErrors::default();
            for (_, m) in fields.0 {
                errors.0.push(("phone".into(), m));
            }
            no_store_page(
                StatusCode::UNPROCESSABLE_ENTITY,
                &ConfirmPhonePage {
                    chrome: chrome.crumb("Giấy xác nhận", None),
                    code,
                    phone: f.phone,
                    errors,
                },
            )
        }
        Err(e) => Err(app_error(e)),
    }
}

// --- Status look-up --------------------------------------------------------------------------

#[derive(Template)]
#[template(path = "applications/lookup.html")]
pub struct LookupPage {
    pub chrome: Chrome,
    pub form: LookupForm,
    pub errors: FormErrors,
}

fn lookup_chrome(chrome: Chrome) -> Chrome {
    chrome.crumb("Tra cứu hồ sơ", None)
}

/// `GET /tra-cuu-ho-so`.
pub async fn lookup_form(chrome: Chrome) -> Result<Response, AppError> {
    no_store_page(
        StatusCode::OK,
        &LookupPage {
            chrome: lookup_chrome(chrome),
            form: LookupForm::default(),
            errors: FormErrors::none(),
        },
    )
}

/// One line of the history the applicant sees.
pub struct HistoryItem {
    pub at: String,
    pub text: String,
}

#[derive(Template)]
#[template(path = "applications/status.html")]
pub struct StatusPage {
    pub chrome: Chrome,
    pub s: ApplicantSummary,
    pub choices: Vec<ChoiceLine>,
    pub history: Vec<HistoryItem>,
    /// Code and phone, carried in hidden fields to the download and erasure forms.
    pub code: String,
    pub phone: String,
}

fn lookup_failed(
    chrome: Chrome,
    form: LookupForm,
    e: lantoa_app::Error,
) -> Result<Response, AppError> {
    match e {
        lantoa_app::Error::Invalid(fields) => no_store_page(
            StatusCode::UNPROCESSABLE_ENTITY,
            &LookupPage {
                chrome: lookup_chrome(chrome),
                form,
                errors: fields.into(),
            },
        ),
        lantoa_app::Error::RateLimited => Err(AppError::TooManyRequests {
            retry_after_secs: Some(3600),
        }),
        other => Err(app_error(other)),
    }
}

/// `POST /tra-cuu-ho-so`: the status, for the code and phone given.
pub async fn lookup(
    State(state): State<WebState>,
    chrome: Chrome,
    Meta(meta): Meta,
    Form(form): Form<LookupForm>,
) -> Result<Response, AppError> {
    let f = form.clone();
    let result = state
        .app
        .run(move |app, conn| app_apply::lookup(app, conn, &f, &meta))
        .await;
    match result {
        Ok(v) => no_store_page(
            StatusCode::OK,
            &StatusPage {
                chrome: chrome
                    .crumb("Tra cứu hồ sơ", Some("/tra-cuu-ho-so"))
                    .crumb(v.application.reference_code.clone(), None),
                s: summary(&v),
                choices: choice_lines(&v),
                history: v
                    .history
                    .iter()
                    .map(|h| HistoryItem {
                        at: format_vn(h.at),
                        text: h.text.clone(),
                    })
                    .collect(),
                code: v.application.reference_code.clone(),
                phone: v.application.phone.clone(),
            },
        ),
        Err(e) => lookup_failed(chrome, form, e),
    }
}

/// `POST /tra-cuu-ho-so/du-lieu`: the applicant's data as a JSON file.
pub async fn download(
    State(state): State<WebState>,
    chrome: Chrome,
    Meta(meta): Meta,
    Form(form): Form<LookupForm>,
) -> Result<Response, AppError> {
    let f = form.clone();
    let result = state
        .app
        .run(move |app, conn| app_apply::download_my_data(app, conn, &f, &meta))
        .await;
    match result {
        Ok(json) => {
            let code = json
                .get("ma_ho_so")
                .and_then(|c| c.as_str())
                .unwrap_or("ho-so")
                .to_owned();
            let body = serde_json::to_vec_pretty(&json)
                .map_err(|e| AppError::internal(lantoa_app::Error::Internal(e.to_string())))?;
            Ok(no_store(
                (
                    [
                        (
                            header::CONTENT_TYPE,
                            "application/json; charset=utf-8".to_owned(),
                        ),
                        (
                            header::CONTENT_DISPOSITION,
                            format!("attachment; filename=\"du-lieu-ho-so-{code}.json\""),
                        ),
                    ],
                    body,
                )
                    .into_response(),
            ))
        }
        Err(e) => lookup_failed(chrome, form, e),
    }
}

#[derive(Template)]
#[template(path = "applications/erase_confirm.html")]
pub struct EraseConfirmPage {
    pub chrome: Chrome,
    pub code: String,
    pub phone: String,
}

/// `POST /tra-cuu-ho-so/xoa`: asks once more before erasing.
pub async fn erase_confirm(
    State(state): State<WebState>,
    chrome: Chrome,
    Meta(meta): Meta,
    Form(form): Form<LookupForm>,
) -> Result<Response, AppError> {
    let f = form.clone();
    let result = state
        .app
        .run(move |app, conn| app_apply::lookup(app, conn, &f, &meta))
        .await;
    match result {
        Ok(v) => no_store_page(
            StatusCode::OK,
            &EraseConfirmPage {
                chrome: chrome
                    .crumb("Tra cứu hồ sơ", Some("/tra-cuu-ho-so"))
                    .crumb("Xóa dữ liệu", None),
                code: v.application.reference_code,
                phone: v.application.phone,
            },
        ),
        Err(e) => lookup_failed(chrome, form, e),
    }
}

#[derive(Template)]
#[template(path = "applications/erased.html")]
pub struct ErasedPage {
    pub chrome: Chrome,
}

/// `POST /tra-cuu-ho-so/xoa/xac-nhan`: erases the applicant's identity.
pub async fn erase(
    State(state): State<WebState>,
    chrome: Chrome,
    Meta(meta): Meta,
    Form(form): Form<LookupForm>,
) -> Result<Response, AppError> {
    let f = form.clone();
    let result = state
        .app
        .run(move |app, conn| app_apply::erase_on_request(app, conn, &f, &meta))
        .await;
    match result {
        Ok(()) => {
            let secure = state.site.secure_cookies;
            let mut response = no_store_page(
                StatusCode::OK,
                &ErasedPage {
                    chrome: chrome.crumb("Đã xóa dữ liệu", None),
                },
            )?;
            response.headers_mut().append(
                header::SET_COOKIE,
                set_cookie(RECEIPT_COOKIE, "", Some(0), secure),
            );
            Ok(response)
        }
        Err(e) => lookup_failed(chrome, form, e),
    }
}

/// The Vietnamese label of a status code (for templates).
pub fn status_label(code: &str) -> &'static str {
    ApplicationStatus::from_code(code).map_or("", ApplicationStatus::label)
}
