//! Content in the back office (issue 3): the list of the principal's organisations' items,
//! the new/edit form (the body is a textarea taking HTML or plain text, cleaned on the server,
//! which `static/admin/editor.js` turns into a formatting editor with autosave; ADR 0015),
//! the preview ("Xem trước"), the workflow buttons behind a confirmation page, and the
//! item's history.

use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use lantoa_app::clock::format_vn;
use lantoa_app::content::{self as app_content, ContentForm, ContentView};
use lantoa_domain::access::Principal;
use lantoa_domain::content::{AUDIENCES, ContentAction, ContentKind, ContentState, TOPICS};
use lantoa_store::PageRequest;
use serde::Deserialize;

use crate::chrome::{Chrome, PaginationPartial};
use crate::error::AppError;
use crate::forms::{FormErrors, redirect_with_flash, render, render_with};
use crate::session::{CurrentUser, Meta};
use crate::{WebState, app_error};

const PER_PAGE: i64 = 20;

/// The badge class for a state (see the component list in `chrome.rs`).
pub fn badge(s: ContentState) -> &'static str {
    match s {
        ContentState::Draft => "draft",
        ContentState::Submitted => "pending",
        ContentState::Returned => "returned",
        ContentState::Scheduled => "pending",
        ContentState::Published => "published",
        ContentState::Withdrawn => "neutral",
    }
}

/// The URL segment of a workflow action.
pub fn action_path(a: ContentAction) -> &'static str {
    match a {
        ContentAction::Save => "luu",
        ContentAction::Submit => "gui-duyet",
        ContentAction::Publish => "xuat-ban",
        ContentAction::Return => "tra-lai",
        ContentAction::Schedule => "hen-gio",
        ContentAction::Unschedule => "huy-hen-gio",
        ContentAction::Withdraw => "go",
        ContentAction::Unpublish => "thoi-xuat-ban",
    }
}

fn action_from_path(p: &str) -> Option<ContentAction> {
    ContentAction::ALL
        .into_iter()
        .find(|a| *a != ContentAction::Save && action_path(*a) == p)
}

fn entered(p: &Principal) -> Result<(), AppError> {
    if p.can_enter_back_office() {
        Ok(())
    } else {
        Err(AppError::Forbidden)
    }
}

pub struct ListItem {
    pub id: i64,
    pub title: String,
    pub kind: &'static str,
    pub org: String,
    pub state: &'static str,
    pub badge: &'static str,
    pub updated: String,
}

#[derive(Template)]
#[template(path = "admin/content/list.html")]
pub struct ContentListPage {
    pub chrome: Chrome,
    pub items: Vec<ListItem>,
    pub total: i64,
    pub state: String,
    pub states: Vec<(String, String)>,
    pub can_add: bool,
    pub pagination: PaginationPartial,
}

#[derive(Debug, Deserialize, Default)]
#[serde(default)]
pub struct ListQuery {
    trang_thai: String,
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
    let filter = ContentState::from_code(&q.trang_thai);
    let page_no = super::page_param(q.trang.as_deref());
    let p = principal.clone();
    let (page, writable) = state
        .app
        .run(move |_, conn| {
            Ok((
                app_content::list(conn, &p, filter, PageRequest::new(page_no, PER_PAGE))?,
                app_content::writable_orgs(conn, &p)?,
            ))
        })
        .await
        .map_err(app_error)?;
    let items = page
        .items
        .iter()
        .map(|i| {
            let st = ContentState::from_code(&i.content.state).unwrap_or(ContentState::Draft);
            ListItem {
                id: i.content.id,
                title: i.content.title.clone(),
                kind: ContentKind::from_code(&i.content.kind)
                    .map(ContentKind::label)
                    .unwrap_or(""),
                org: i.org_short_name.clone(),
                state: st.label(),
                badge: badge(st),
                updated: format_vn(i.content.updated_at),
            }
        })
        .collect();
    let mut states = vec![(String::new(), "Tất cả".to_owned())];
    states.extend(
        ContentState::ALL
            .iter()
            .map(|s| (s.code().to_owned(), s.label().to_owned())),
    );
    let code = filter.map(|s| s.code().to_owned()).unwrap_or_default();
    let pagination = PaginationPartial::new(
        u32::try_from(page.page).unwrap_or(1),
        u32::try_from(page.page_count()).unwrap_or(1),
        format!("/quan-tri/noi-dung?trang_thai={code}"),
    );
    render(&ContentListPage {
        chrome: chrome
            .crumb("Quản trị", Some("/quan-tri"))
            .crumb("Nội dung", None),
        items,
        total: page.total,
        state: code,
        states,
        can_add: !writable.is_empty(),
        pagination,
    })
}

/// A checkbox choice: (code, section, label, checked).
pub type Choice = (String, String, String, bool);

#[derive(Template)]
#[template(path = "admin/content/form.html")]
pub struct ContentFormPage {
    pub chrome: Chrome,
    pub title: String,
    pub action: String,
    pub form: ContentForm,
    pub errors: FormErrors,
    pub orgs: Vec<(String, String)>,
    pub kinds: Vec<(String, String)>,
    pub topics: Vec<Choice>,
    pub audiences: Vec<Choice>,
    /// The item being edited (its state, history and buttons), none when new.
    pub view: Option<ContentView>,
    pub buttons: Vec<(String, String)>,
    pub history: Vec<HistoryItem>,
    pub state_badge: &'static str,
    /// The form is shown (a new item, or a draft/returned one the principal edits).
    pub editable: bool,
    /// Images of the writable organisations' libraries to pick the cover from.
    pub covers: Vec<lantoa_app::media::CoverChoice>,
    /// When a scheduled item goes out (Vietnam time).
    pub scheduled: Option<String>,
    /// Where the editor autosaves this form in the browser: "<user id>:<form action>".
    pub draft_key: String,
    /// The "Xem trước" button's `formaction`.
    pub preview_action: String,
    /// A photo story's image rows (those typed or saved, then blank ones to add images).
    pub gallery_rows: Vec<GalleryRow>,
    /// The images a gallery row may choose: (id, label).
    pub gallery_images: Vec<(String, String)>,
    /// The PDFs a publication may offer: (id, label), "— Không có tệp —" first.
    pub documents: Vec<(String, String)>,
    /// The video files the "Video" fieldset may choose: (id, label), "none" first.
    pub videos: Vec<(String, String)>,
    /// The caption files (WebVTT) an uploaded video may have, with "none" first.
    pub captions: Vec<(String, String)>,
}

/// One row of the gallery fieldset (`g{n}_…` fields).
pub struct GalleryRow {
    pub n: usize,
    pub row: lantoa_app::gallery::GalleryRowForm,
    /// The chosen image's thumbnail.
    pub thumb: Option<lantoa_app::media::CoverChoice>,
}

pub struct HistoryItem {
    pub at: String,
    pub actor: String,
    pub what: String,
    pub comment: String,
}

fn history(v: &ContentView) -> Vec<HistoryItem> {
    v.events
        .iter()
        .rev()
        .map(|e| HistoryItem {
            at: format_vn(e.at),
            actor: e.actor_label.clone(),
            what: match e.action.as_str() {
                "create" => "Tạo bản nháp".to_owned(),
                "restore" => "Khôi phục phiên bản cũ".to_owned(),
                "imported" => "Nhập từ tệp → Đã xuất bản".to_owned(),
                other => {
                    let label = ContentAction::from_code(other)
                        .map_or_else(|| other.to_owned(), |a| a.label().to_owned());
                    let to = ContentState::from_code(&e.to_state).map_or("", ContentState::label);
                    if e.from_state == e.to_state {
                        label.to_owned()
                    } else {
                        format!("{label} → {to}")
                    }
                }
            },
            comment: e.comment.clone(),
        })
        .collect()
}

async fn form_page(
    state: &WebState,
    chrome: Chrome,
    principal: &Principal,
    form: ContentForm,
    errors: FormErrors,
    id: Option<i64>,
) -> Result<ContentFormPage, AppError> {
    form_page_with(state, chrome, principal, form, errors, id, 0).await
}

/// The form with `extra` more blank gallery rows than usual ("Thêm ảnh").
async fn form_page_with(
    state: &WebState,
    chrome: Chrome,
    principal: &Principal,
    form: ContentForm,
    errors: FormErrors,
    id: Option<i64>,
    extra: usize,
) -> Result<ContentFormPage, AppError> {
    let p = principal.clone();
    let mut current: Vec<i64> = form
        .cover_media_id
        .trim()
        .parse::<i64>()
        .ok()
        .into_iter()
        .collect();
    current.extend(
        form.gallery
            .iter()
            .filter_map(|g| g.media.trim().parse::<i64>().ok()),
    );
    let document = form.document_media_id.trim().parse::<i64>().ok();
    let current_video = form.video_media_id.trim().parse::<i64>().ok();
    let current_captions = form.video_captions_id.trim().parse::<i64>().ok();
    let (writable, view, covers, pdfs, (video_files, caption_files)) = state
        .app
        .run(move |_, conn| {
            let view = match id {
                Some(id) => Some(app_content::view(conn, &p, id)?),
                None => None,
            };
            let writable = app_content::writable_orgs(conn, &p)?;
            let ids: Vec<i64> = writable.iter().map(|(id, _)| *id).collect();
            let covers = lantoa_app::media::image_choices(conn, &p, &ids, &current)?;
            let pdfs = lantoa_app::media::document_choices(conn, &ids, document)?;
            let videos = lantoa_app::video::choices(conn, &ids, current_video)?;
            let captions = lantoa_app::media::captions_choices(conn, &ids, current_captions)?;
            Ok((writable, view, covers, pdfs, (videos, captions)))
        })
        .await
        .map_err(app_error)?;
    let mut orgs = vec![(String::new(), "— Chọn đơn vị —".to_owned())];
    orgs.extend(writable.into_iter().map(|(id, n)| (id.to_string(), n)));
    let kinds = app_content::KINDS_AVAILABLE
        .iter()
        .map(|k| (k.code().to_owned(), k.label().to_owned()))
        .collect();
    let topics = TOPICS
        .iter()
        .map(|t| {
            (
                t.code.to_owned(),
                t.section.to_owned(),
                t.label.to_owned(),
                form.topics.iter().any(|x| x == t.code),
            )
        })
        .collect();
    let audiences = AUDIENCES
        .iter()
        .map(|a| {
            (
                a.code.to_owned(),
                a.section.to_owned(),
                a.label.to_owned(),
                form.audiences.iter().any(|x| x == a.code),
            )
        })
        .collect();
    let (title, action, chrome) = match &view {
        Some(v) => (
            v.row.title.clone(),
            format!("/quan-tri/noi-dung/{}", v.row.id),
            chrome
                .crumb("Quản trị", Some("/quan-tri"))
                .crumb("Nội dung", Some("/quan-tri/noi-dung"))
                .crumb(v.row.title.clone(), None),
        ),
        None => (
            "Viết nội dung mới".to_owned(),
            "/quan-tri/noi-dung".to_owned(),
            chrome
                .crumb("Quản trị", Some("/quan-tri"))
                .crumb("Nội dung", Some("/quan-tri/noi-dung"))
                .crumb("Viết mới", None),
        ),
    };
    let buttons = view
        .as_ref()
        .map(|v| {
            v.actions
                .iter()
                .map(|a| {
                    (
                        format!("/quan-tri/noi-dung/{}/{}", v.row.id, action_path(*a)),
                        a.label().to_owned(),
                    )
                })
                .collect()
        })
        .unwrap_or_default();
    let history = view.as_ref().map(history).unwrap_or_default();
    let state_badge = view.as_ref().map_or("draft", |v| badge(v.state));
    let editable = view.as_ref().is_none_or(|v| v.can_edit);
    let scheduled = view
        .as_ref()
        .filter(|v| v.state == ContentState::Scheduled)
        .and_then(|v| v.row.scheduled_at)
        .map(format_vn);
    let draft_key = format!("{}:{action}", principal.user.0);
    let mut gallery_images = vec![(String::new(), "— Chọn ảnh —".to_owned())];
    gallery_images.extend(covers.iter().map(|c| {
        (
            c.id.to_string(),
            format!("{} ({})", c.alt, c.org_short_name),
        )
    }));
    // Rows as typed, then blank ones: "Thêm ảnh" adds `extra` after every row shown; otherwise
    // trailing blank rows are replaced by the usual few.
    let mut typed = form.gallery.clone();
    let blanks = if extra > 0 {
        extra
    } else {
        while typed.last().is_some_and(|r| r.is_blank() && !r.remove) {
            typed.pop();
        }
        lantoa_app::gallery::BLANK_ROWS
    };
    let gallery_rows = typed
        .into_iter()
        .chain(std::iter::repeat_n(
            lantoa_app::gallery::GalleryRowForm::default(),
            blanks,
        ))
        .enumerate()
        .map(|(i, row)| GalleryRow {
            n: i + 1,
            thumb: covers
                .iter()
                .find(|c| c.id.to_string() == row.media.trim())
                .cloned(),
            row,
        })
        .collect();
    let mut videos = vec![(String::new(), "— Không dùng tệp video —".to_owned())];
    videos.extend(video_files);
    let preview_action = match &view {
        Some(v) => format!("/quan-tri/noi-dung/xem-truoc?id={}", v.row.id),
        None => "/quan-tri/noi-dung/xem-truoc".to_owned(),
    };
    let mut captions = vec![(String::new(), "— Không có phụ đề —".to_owned())];
    captions.extend(
        caption_files
            .into_iter()
            .map(|d| (d.id.to_string(), d.label)),
    );
    let mut documents = vec![(String::new(), "— Không có tệp —".to_owned())];
    documents.extend(pdfs.into_iter().map(|d| (d.id.to_string(), d.label)));
    Ok(ContentFormPage {
        documents,
        videos,
        captions,
        gallery_rows,
        gallery_images,
        covers,
        editable,
        scheduled,
        draft_key,
        preview_action,
        chrome,
        title,
        action,
        form,
        errors,
        orgs,
        kinds,
        topics,
        audiences,
        view,
        buttons,
        history,
        state_badge,
    })
}

pub async fn new_form(
    State(state): State<WebState>,
    chrome: Chrome,
    user: CurrentUser,
) -> Result<Response, AppError> {
    let principal = user.principal().clone();
    entered(&principal)?;
    let form = ContentForm {
        kind: ContentKind::Article.code().to_owned(),
        ..ContentForm::default()
    };
    let mut page = form_page(&state, chrome, &principal, form, FormErrors::none(), None).await?;
    // One organisation to write for: chosen already.
    if page.orgs.len() == 2 {
        page.form.organisation_id = page.orgs[1].0.clone();
    }
    render(&page)
}

async fn failed(
    state: &WebState,
    chrome: Chrome,
    principal: &Principal,
    form: ContentForm,
    id: Option<i64>,
    e: lantoa_app::Error,
) -> Result<Response, AppError> {
    let (status, errors) = match e {
        lantoa_app::Error::Invalid(fields) => {
            (StatusCode::UNPROCESSABLE_ENTITY, FormErrors::from(fields))
        }
        lantoa_app::Error::Conflict(message) => {
            (StatusCode::CONFLICT, FormErrors::one("content", message))
        }
        other => return Err(app_error(other)),
    };
    let page = form_page(state, chrome, principal, form, errors, id).await?;
    render_with(status, &page)
}

/// How many rows "Thêm ảnh" adds.
const ADDED_ROWS: usize = 3;

/// "Thêm ảnh" was pressed: the form comes back with more gallery rows, nothing saved.
fn adds_images(pairs: &[(String, String)]) -> bool {
    pairs.iter().any(|(k, _)| k == "gallery_add")
}

/// "Đã lưu bản nháp." plus, when legacy text was converted, "Đã chuyển văn bản mã TCVN3 sang
/// Unicode (tiêu đề)."
fn saved_message(done: &str, notice: Option<&str>) -> String {
    match notice {
        Some(n) => format!("{done} {n}"),
        None => done.to_owned(),
    }
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
    let form = ContentForm::from_pairs(&pairs);
    if adds_images(&pairs) {
        let page = form_page_with(
            &state,
            chrome,
            &principal,
            form,
            FormErrors::none(),
            None,
            ADDED_ROWS,
        )
        .await?;
        return render(&page);
    }
    let (p, f) = (principal.clone(), form.clone());
    let result = state
        .app
        .run(move |app, conn| app_content::create(app, conn, &p, &f, &meta))
        .await;
    match result {
        Ok(saved) => Ok(redirect_with_flash(
            &format!("/quan-tri/noi-dung/{}", saved.id),
            &saved_message("Đã lưu bản nháp.", saved.notice.as_deref()),
            state.site.secure_cookies,
        )),
        Err(e) => failed(&state, chrome, &principal, form, None, e).await,
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
    let p = principal.clone();
    let form = state
        .app
        .run(move |_, conn| {
            let v = app_content::view(conn, &p, id)?;
            let mut form = ContentForm::from_row(&v.row, v.topics, v.audiences);
            form.gallery = lantoa_app::gallery::form_rows(conn, id)?;
            form.document_media_id = lantoa_store::publications::document_of(conn, id)?
                .map(|d| d.to_string())
                .unwrap_or_default();
            let video = lantoa_app::video::saved(conn, id)?;
            (form.video_url, form.video_media_id) = lantoa_app::video::form_fields(video.as_ref());
            form.video_captions_id = lantoa_app::video::form_captions(video.as_ref());
            Ok(form)
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
    let form = ContentForm::from_pairs(&pairs);
    if adds_images(&pairs) {
        let page = form_page_with(
            &state,
            chrome,
            &principal,
            form,
            FormErrors::none(),
            Some(id),
            ADDED_ROWS,
        )
        .await?;
        return render(&page);
    }
    let (p, f) = (principal.clone(), form.clone());
    let result = state
        .app
        .run(move |app, conn| app_content::update(app, conn, &p, id, &f, &meta))
        .await;
    match result {
        Ok(saved) => Ok(redirect_with_flash(
            &format!("/quan-tri/noi-dung/{id}"),
            &saved_message("Đã lưu thay đổi.", saved.notice.as_deref()),
            state.site.secure_cookies,
        )),
        Err(e) => failed(&state, chrome, &principal, form, Some(id), e).await,
    }
}

#[derive(Debug, Deserialize, Default)]
#[serde(default)]
pub struct PreviewQuery {
    id: Option<i64>,
}

/// "Xem trước" (the form's second submit button, opening a new tab): the submitted fields,
/// normalised and cleaned as a save would, in the public article template. Nothing is saved;
/// only editors of the chosen organisation (and of the item) may; CSRF-checked as every POST.
pub async fn preview(
    State(state): State<WebState>,
    chrome: Chrome,
    user: CurrentUser,
    Query(q): Query<PreviewQuery>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let principal = user.principal().clone();
    entered(&principal)?;
    let form = ContentForm::from_pairs(&pairs);
    let hsts = state.site.hsts;
    let preview = state
        .app
        .run(move |app, conn| app_content::preview(app, conn, &principal, q.id, &form))
        .await
        .map_err(app_error)?;
    let video = preview.kind == ContentKind::Video;
    let mut response = render(&crate::news::preview_page(chrome, preview))?;
    if video {
        // The player of a linked video may be tried in the preview too (ADR 0023).
        response.headers_mut().insert(
            axum::http::header::CONTENT_SECURITY_POLICY,
            crate::middleware::video_page_csp(hsts),
        );
    }
    Ok(response)
}

#[derive(Template)]
#[template(path = "admin/content/confirm.html")]
pub struct ContentConfirmPage {
    pub chrome: Chrome,
    pub title: String,
    pub question: String,
    pub action: String,
    pub confirm_label: String,
    pub cancel_href: String,
    /// Show the reason box (required to return).
    pub with_reason: bool,
    pub reason_required: bool,
    pub reason: String,
    /// Show the publication time box (scheduling), with what was typed.
    pub with_time: bool,
    pub at: String,
    /// The earliest time the picker offers (`YYYY-MM-DDTHH:MM`, Vietnam time).
    pub at_min: String,
    pub errors: FormErrors,
}

fn question(a: ContentAction, title: &str) -> String {
    match a {
        ContentAction::Submit => {
            format!("Gửi “{title}” cho người duyệt? Trong khi chờ duyệt, nội dung không sửa được.")
        }
        ContentAction::Publish => {
            format!("Xuất bản “{title}” ngay bây giờ? Mọi người sẽ xem được trên cổng thông tin.")
        }
        ContentAction::Schedule => format!(
            "Duyệt “{title}” và hẹn giờ xuất bản? Đến thời điểm đã chọn (giờ Việt Nam), nội dung tự hiện trên cổng thông tin."
        ),
        ContentAction::Unschedule => {
            format!("Hủy hẹn giờ xuất bản “{title}”? Nội dung trở về chờ duyệt.")
        }
        ContentAction::Return => {
            format!("Trả lại “{title}” cho người viết? Hãy ghi rõ cần sửa gì.")
        }
        ContentAction::Withdraw => format!(
            "Gỡ “{title}”? Đường dẫn vẫn còn nhưng chỉ hiện thông báo “Nội dung này đã được gỡ”."
        ),
        ContentAction::Unpublish => format!(
            "Đưa “{title}” về nháp? Nội dung sẽ không còn trên cổng thông tin cho đến khi được duyệt lại."
        ),
        ContentAction::Save => String::new(),
    }
}

async fn confirm_page(
    state: &WebState,
    chrome: Chrome,
    principal: &Principal,
    id: i64,
    a: ContentAction,
    typed: ActForm,
    errors: FormErrors,
) -> Result<ContentConfirmPage, AppError> {
    let p = principal.clone();
    let leaves = matches!(a, ContentAction::Withdraw | ContentAction::Unpublish);
    let (v, products, now) = state
        .app
        .run(move |app, conn| {
            let v = app_content::view(conn, &p, id)?;
            // What leaving the portal does to the communication products made from it.
            let products = if leaves {
                lantoa_app::portal_products::removal_preview(conn, id)?
            } else {
                Vec::new()
            };
            Ok((v, products, app.now()))
        })
        .await
        .map_err(app_error)?;
    let at_min = (now + chrono::Duration::hours(7) + chrono::Duration::minutes(5))
        .format("%Y-%m-%dT%H:%M")
        .to_string();
    if !v.actions.contains(&a) {
        return Err(AppError::Forbidden);
    }
    let mut question = question(a, &v.row.title);
    if let Some(notice) = lantoa_app::portal_products::removal_notice(&products) {
        question = format!("{question} {notice}");
    }
    Ok(ContentConfirmPage {
        chrome: chrome
            .crumb("Quản trị", Some("/quan-tri"))
            .crumb("Nội dung", Some("/quan-tri/noi-dung"))
            .crumb(a.label(), None),
        title: format!("{}?", a.label()),
        question,
        action: format!("/quan-tri/noi-dung/{id}/{}", action_path(a)),
        confirm_label: a.label().to_owned(),
        cancel_href: format!("/quan-tri/noi-dung/{id}"),
        with_reason: matches!(
            a,
            ContentAction::Return | ContentAction::Withdraw | ContentAction::Unpublish
        ),
        reason_required: a.needs_reason(),
        reason: typed.reason,
        with_time: a == ContentAction::Schedule,
        at: typed.at,
        at_min,
        errors,
    })
}

pub async fn confirm(
    State(state): State<WebState>,
    chrome: Chrome,
    user: CurrentUser,
    Path((id, action)): Path<(i64, String)>,
) -> Result<Response, AppError> {
    let a = action_from_path(&action).ok_or(AppError::NotFound)?;
    let principal = user.principal().clone();
    let page = confirm_page(
        &state,
        chrome,
        &principal,
        id,
        a,
        ActForm::default(),
        FormErrors::none(),
    )
    .await?;
    render(&page)
}

#[derive(Debug, Clone, Deserialize, Default)]
#[serde(default)]
pub struct ActForm {
    reason: String,
    /// The publication time when scheduling (Vietnam time).
    at: String,
}

pub async fn act(
    State(state): State<WebState>,
    chrome: Chrome,
    user: CurrentUser,
    Meta(meta): Meta,
    Path((id, action)): Path<(i64, String)>,
    Form(f): Form<ActForm>,
) -> Result<Response, AppError> {
    let a = action_from_path(&action).ok_or(AppError::NotFound)?;
    let principal = user.principal().clone();
    let (p, typed) = (principal.clone(), f.clone());
    let result = state
        .app
        .run(move |app, conn| {
            if a == ContentAction::Schedule {
                app_content::schedule(app, conn, &p, id, &typed.at, &meta)
            } else {
                app_content::act(app, conn, &p, id, a, &typed.reason, &meta)
            }
        })
        .await;
    let done = match a {
        ContentAction::Submit => "Đã gửi duyệt.",
        ContentAction::Publish => "Đã xuất bản.",
        ContentAction::Schedule => {
            "Đã hẹn giờ xuất bản; nội dung sẽ tự hiện trên cổng thông tin vào thời điểm đã chọn."
        }
        ContentAction::Unschedule => "Đã hủy hẹn giờ; nội dung trở về chờ duyệt.",
        ContentAction::Return => "Đã trả lại cho người viết.",
        ContentAction::Withdraw => "Đã gỡ nội dung; đường dẫn hiện thông báo đã gỡ.",
        ContentAction::Unpublish => "Đã đưa nội dung về nháp.",
        ContentAction::Save => "Đã lưu.",
    };
    match result {
        Ok(_) => Ok(redirect_with_flash(
            &format!("/quan-tri/noi-dung/{id}"),
            done,
            state.site.secure_cookies,
        )),
        Err(lantoa_app::Error::Invalid(fields)) => {
            let page = confirm_page(
                &state,
                chrome,
                &principal,
                id,
                a,
                f,
                FormErrors::from(fields),
            )
            .await?;
            render_with(StatusCode::UNPROCESSABLE_ENTITY, &page)
        }
        Err(e) => Err(app_error(e)),
    }
}
