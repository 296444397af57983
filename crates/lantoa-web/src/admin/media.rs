//! The media library in the back office (issue 3, point 4): `/quan-tri/thu-vien` lists the
//! images and documents of the user's organisations (thumbnail, alt text, credit, size, the
//! content items using each), `/quan-tri/thu-vien/tai-len` is the upload form (multipart,
//! the CSRF token in the action's query), `/quan-tri/thu-vien/{id}` shows one item (its
//! files, the HTML to paste into a body) and edits its alt text and credit,
//! `/quan-tri/thu-vien/{id}/xoa` deletes it after a confirmation — refused while a content
//! item uses it.
//!
//! Videos (MP4, WebM; docs/adr/0023-videos.md) have their own limit, `media.max_video_bytes`,
//! and are written to a temporary file under the media folder as they arrive (never held in
//! memory), then renamed to their hash.
//!
//! The upload handler reads the multipart body as a stream (the global body limit does not
//! apply: see `middleware::UPLOAD_FORMS`): it keeps the file up to `media.max_upload_bytes`
//! and reads past an oversized one without keeping it, so the form comes back (413) with a
//! message beside the file and the text typed, instead of a connection cut mid-upload.

use askama::Template;
use axum::Form;
use axum::extract::{Multipart, Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use lantoa_app::clock::format_vn;
use lantoa_app::media::{self as app_media, MediaForm, MediaItem, Upload, human_size};
use lantoa_domain::access::Principal;
use lantoa_store::PageRequest;
use serde::Deserialize;

use crate::chrome::{Chrome, PaginationPartial};
use crate::error::AppError;
use crate::forms::{FormErrors, redirect_with_flash, render, render_with};
use crate::middleware::{VideoSpooling, read_media_upload_form};
use crate::session::{CurrentUser, Meta};
use crate::{WebState, app_error};

const PER_PAGE: i64 = 24;

fn entered(p: &Principal) -> Result<(), AppError> {
    if p.can_enter_back_office() {
        Ok(())
    } else {
        Err(AppError::Forbidden)
    }
}

/// One item as the pages show it.
pub struct Card {
    pub id: i64,
    pub is_image: bool,
    pub is_video: bool,
    /// WebVTT captions for an uploaded video.
    pub is_captions: bool,
    /// The video's Content-Type (videos only).
    pub video_type: String,
    /// The smallest variant (images) or the document.
    pub thumb: String,
    pub thumb_width: i32,
    pub thumb_height: i32,
    /// The largest variant or the document.
    pub href: String,
    pub alt: String,
    pub credit: String,
    pub org: String,
    pub size: String,
    /// "1600 × 900" for images.
    pub dimensions: String,
    pub kind: &'static str,
    pub uploaded: String,
    pub original_name: String,
    /// Content items with this as their cover: (back-office link, title).
    pub used_by: Vec<(String, String)>,
    pub can_edit: bool,
    /// Every stored file: (address, "640 × 360 · 48 KB").
    pub files: Vec<(String, String)>,
    /// HTML to paste into a content body.
    pub snippet: String,
}

fn card(m: &MediaItem) -> Card {
    let thumb = m.thumb();
    let largest = m.largest();
    let href = largest.map(|f| app_media::url(&f.name)).unwrap_or_default();
    let is_video = m.row.kind == app_media::KIND_VIDEO;
    let is_captions = m.row.kind == app_media::KIND_CAPTIONS;
    let snippet = if is_video || is_captions {
        String::new()
    } else if m.is_image() {
        let src = m
            .files
            .iter()
            .find(|f| f.width >= 1024)
            .or(largest)
            .map(|f| (app_media::url(&f.name), f.width, f.height));
        match src {
            Some((src, w, h)) => format!(
                "<img src=\"{src}\" alt=\"{}\" width=\"{w}\" height=\"{h}\">",
                m.row.alt.replace('"', "&quot;")
            ),
            None => String::new(),
        }
    } else {
        format!("<a href=\"{href}\">{}</a>", m.row.alt.replace('<', "&lt;"))
    };
    Card {
        id: m.row.id,
        is_image: m.is_image(),
        is_video,
        is_captions,
        video_type: largest.map(|f| f.content_type.clone()).unwrap_or_default(),
        thumb: thumb.map(|f| app_media::url(&f.name)).unwrap_or_default(),
        thumb_width: thumb.map_or(0, |f| f.width),
        thumb_height: thumb.map_or(0, |f| f.height),
        href,
        alt: m.row.alt.clone(),
        credit: m.row.credit.clone(),
        org: m.org_short_name.clone(),
        size: human_size(u64::try_from(m.row.bytes).unwrap_or(0)),
        dimensions: if m.is_image() {
            format!("{} × {}", m.row.width, m.row.height)
        } else {
            String::new()
        },
        kind: if m.is_image() {
            "Ảnh"
        } else if is_video {
            "Video"
        } else if is_captions {
            "Phụ đề WebVTT"
        } else {
            "Tài liệu PDF"
        },
        uploaded: format_vn(m.row.created_at),
        original_name: m.row.original_name.clone(),
        used_by: m
            .covers
            .iter()
            .map(|(id, t)| (format!("/quan-tri/noi-dung/{id}"), t.clone()))
            .collect(),
        can_edit: m.can_edit,
        files: m
            .files
            .iter()
            .map(|f| {
                let size = human_size(u64::try_from(f.bytes).unwrap_or(0));
                let label = if f.width > 0 {
                    format!("{} × {} · {size}", f.width, f.height)
                } else {
                    size
                };
                (app_media::url(&f.name), label)
            })
            .collect(),
        snippet,
    }
}

#[derive(Template)]
#[template(path = "admin/media/list.html")]
pub struct MediaListPage {
    pub chrome: Chrome,
    pub items: Vec<Card>,
    pub total: i64,
    pub kind: String,
    pub kinds: Vec<(String, String)>,
    pub can_upload: bool,
    pub pagination: PaginationPartial,
}

#[derive(Debug, Deserialize, Default)]
#[serde(default)]
pub struct ListQuery {
    loai: String,
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
    let kind = match q.loai.as_str() {
        app_media::KIND_IMAGE
        | app_media::KIND_DOCUMENT
        | app_media::KIND_VIDEO
        | app_media::KIND_CAPTIONS => q.loai.clone(),
        _ => String::new(),
    };
    let page_no = super::page_param(q.trang.as_deref());
    let (p, k) = (principal.clone(), kind.clone());
    let (page, writable) = state
        .app
        .run(move |_, conn| {
            let kind = (!k.is_empty()).then_some(k.as_str());
            Ok((
                app_media::list(conn, &p, kind, PageRequest::new(page_no, PER_PAGE))?,
                lantoa_app::content::writable_orgs(conn, &p)?,
            ))
        })
        .await
        .map_err(app_error)?;
    let pagination = PaginationPartial::new(
        u32::try_from(page.page).unwrap_or(1),
        u32::try_from(page.page_count()).unwrap_or(1),
        format!("/quan-tri/thu-vien?loai={kind}"),
    );
    render(&MediaListPage {
        chrome: chrome
            .crumb("Quản trị", Some("/quan-tri"))
            .crumb("Thư viện ảnh, tệp", None),
        items: page.items.iter().map(card).collect(),
        total: page.total,
        kinds: vec![
            (String::new(), "Tất cả".into()),
            (app_media::KIND_IMAGE.into(), "Ảnh".into()),
            (app_media::KIND_DOCUMENT.into(), "Tài liệu PDF".into()),
            (app_media::KIND_VIDEO.into(), "Video".into()),
            (app_media::KIND_CAPTIONS.into(), "Phụ đề WebVTT".into()),
        ],
        kind,
        can_upload: !writable.is_empty(),
        pagination,
    })
}

#[derive(Template)]
#[template(path = "admin/media/upload.html")]
pub struct UploadPage {
    pub chrome: Chrome,
    pub form: MediaForm,
    pub errors: FormErrors,
    pub orgs: Vec<(String, String)>,
    pub max_size: String,
    pub max_video_size: String,
    /// The caption files' limit ("512 KB").
    pub max_captions_size: String,
}

async fn upload_page(
    state: &WebState,
    chrome: Chrome,
    principal: &Principal,
    mut form: MediaForm,
    errors: FormErrors,
) -> Result<UploadPage, AppError> {
    let p = principal.clone();
    let writable = state
        .app
        .run(move |_, conn| lantoa_app::content::writable_orgs(conn, &p))
        .await
        .map_err(app_error)?;
    if writable.is_empty() {
        return Err(AppError::Forbidden);
    }
    if form.organisation_id.is_empty() && writable.len() == 1 {
        form.organisation_id = writable[0].0.to_string();
    }
    let mut orgs = vec![(String::new(), "— Chọn đơn vị —".to_owned())];
    orgs.extend(writable.into_iter().map(|(id, n)| (id.to_string(), n)));
    Ok(UploadPage {
        chrome: chrome
            .crumb("Quản trị", Some("/quan-tri"))
            .crumb("Thư viện ảnh, tệp", Some("/quan-tri/thu-vien"))
            .crumb("Tải lên", None),
        form,
        errors,
        orgs,
        max_size: human_size(state.app.media.max_upload_bytes as u64),
        max_video_size: human_size(state.app.media.max_video_bytes as u64),
        max_captions_size: human_size(app_media::MAX_CAPTIONS_BYTES as u64),
    })
}

pub async fn upload_form(
    State(state): State<WebState>,
    chrome: Chrome,
    user: CurrentUser,
) -> Result<Response, AppError> {
    let principal = user.principal().clone();
    entered(&principal)?;
    let page = upload_page(
        &state,
        chrome,
        &principal,
        MediaForm::default(),
        FormErrors::none(),
    )
    .await?;
    render(&page)
}

/// What a streamed upload form held.
struct Received {
    form: MediaForm,
    file: Upload,
}

async fn receive(
    multipart: Multipart,
    max_file: usize,
    video: Option<VideoSpooling>,
) -> Result<Received, AppError> {
    let mut form = MediaForm::default();
    let file = read_media_upload_form(multipart, max_file, video, |name, text| match name {
        "organisation_id" => form.organisation_id = text,
        "alt" => form.alt = text,
        "credit" => form.credit = text,
        _ => {}
    })
    .await?;
    Ok(Received { form, file })
}

pub async fn upload(
    State(state): State<WebState>,
    chrome: Chrome,
    user: CurrentUser,
    Meta(meta): Meta,
    multipart: Multipart,
) -> Result<Response, AppError> {
    let principal = user.principal().clone();
    entered(&principal)?;
    let video = state.app.media.dir.clone().map(|dir| VideoSpooling {
        dir,
        max: state.app.media.max_video_bytes,
    });
    let Received { form, file } =
        receive(multipart, state.app.media.max_upload_bytes, video).await?;
    let too_large = file.too_large();
    let (p, f) = (principal.clone(), form.clone());
    let result = state
        .app
        .run(move |app, conn| app_media::upload(app, conn, &p, &f, file, &meta))
        .await;
    match result {
        Ok(id) => Ok(redirect_with_flash(
            &format!("/quan-tri/thu-vien/{id}"),
            "Đã tải lên thư viện.",
            state.site.secure_cookies,
        )),
        Err(lantoa_app::Error::Invalid(fields)) => {
            let status = if too_large {
                StatusCode::PAYLOAD_TOO_LARGE
            } else {
                StatusCode::UNPROCESSABLE_ENTITY
            };
            let page = upload_page(&state, chrome, &principal, form, fields.into()).await?;
            render_with(status, &page)
        }
        Err(e) => Err(app_error(e)),
    }
}

#[derive(Template)]
#[template(path = "admin/media/show.html")]
pub struct ShowPage {
    pub chrome: Chrome,
    pub item: Card,
    pub form: MediaForm,
    pub errors: FormErrors,
}

async fn show_page(
    state: &WebState,
    chrome: Chrome,
    principal: &Principal,
    id: i64,
    form: Option<MediaForm>,
    errors: FormErrors,
) -> Result<ShowPage, AppError> {
    let p = principal.clone();
    let item = state
        .app
        .run(move |_, conn| app_media::view(conn, &p, id))
        .await
        .map_err(app_error)?;
    let form = form.unwrap_or_else(|| MediaForm {
        organisation_id: item.row.organisation_id.to_string(),
        alt: item.row.alt.clone(),
        credit: item.row.credit.clone(),
    });
    let item = card(&item);
    Ok(ShowPage {
        chrome: chrome
            .crumb("Quản trị", Some("/quan-tri"))
            .crumb("Thư viện ảnh, tệp", Some("/quan-tri/thu-vien"))
            .crumb(item.alt.clone(), None),
        item,
        form,
        errors,
    })
}

pub async fn show(
    State(state): State<WebState>,
    chrome: Chrome,
    user: CurrentUser,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    let principal = user.principal().clone();
    entered(&principal)?;
    let page = show_page(&state, chrome, &principal, id, None, FormErrors::none()).await?;
    render(&page)
}

pub async fn update(
    State(state): State<WebState>,
    chrome: Chrome,
    user: CurrentUser,
    Meta(meta): Meta,
    Path(id): Path<i64>,
    Form(form): Form<MediaForm>,
) -> Result<Response, AppError> {
    let principal = user.principal().clone();
    entered(&principal)?;
    let (p, f) = (principal.clone(), form.clone());
    let result = state
        .app
        .run(move |app, conn| app_media::update(app, conn, &p, id, &f, &meta))
        .await;
    match result {
        Ok(()) => Ok(redirect_with_flash(
            &format!("/quan-tri/thu-vien/{id}"),
            "Đã lưu mô tả và nguồn.",
            state.site.secure_cookies,
        )),
        Err(lantoa_app::Error::Invalid(fields)) => {
            let page = show_page(&state, chrome, &principal, id, Some(form), fields.into()).await?;
            render_with(StatusCode::UNPROCESSABLE_ENTITY, &page)
        }
        Err(e) => Err(app_error(e)),
    }
}

#[derive(Template)]
#[template(path = "admin/media/delete.html")]
pub struct DeletePage {
    pub chrome: Chrome,
    pub item: Card,
    /// Why the deletion was refused, when it was.
    pub refusal: Option<String>,
}

async fn delete_page(
    state: &WebState,
    chrome: Chrome,
    principal: &Principal,
    id: i64,
    refusal: Option<String>,
) -> Result<DeletePage, AppError> {
    let p = principal.clone();
    let item = state
        .app
        .run(move |_, conn| app_media::view(conn, &p, id))
        .await
        .map_err(app_error)?;
    if !item.can_edit {
        return Err(AppError::Forbidden);
    }
    let item = card(&item);
    Ok(DeletePage {
        chrome: chrome
            .crumb("Quản trị", Some("/quan-tri"))
            .crumb("Thư viện ảnh, tệp", Some("/quan-tri/thu-vien"))
            .crumb("Xóa", None),
        item,
        refusal,
    })
}

pub async fn confirm_delete(
    State(state): State<WebState>,
    chrome: Chrome,
    user: CurrentUser,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    let principal = user.principal().clone();
    entered(&principal)?;
    render(&delete_page(&state, chrome, &principal, id, None).await?)
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
        .run(move |app, conn| app_media::delete(app, conn, &p, id, &meta))
        .await;
    match result {
        Ok(()) => Ok(redirect_with_flash(
            "/quan-tri/thu-vien",
            "Đã xóa khỏi thư viện.",
            state.site.secure_cookies,
        )),
        Err(lantoa_app::Error::Conflict(message)) => {
            let page = delete_page(&state, chrome, &principal, id, Some(message)).await?;
            render_with(StatusCode::CONFLICT, &page)
        }
        Err(e) => Err(app_error(e)),
    }
}
