//! Content and the editorial workflow (issue 3, points 1 and 3): editors of the author
//! organisation write and submit; approvers of that organisation or the plan owner publish,
//! return (with a reason), withdraw and unpublish. Every transition goes to the item's
//! history and to the audit log. The body is stored as HTML cleaned by [`crate::html`]
//! (whatever the client sends; plain text becomes paragraphs), in NFC; text pasted from old
//! TCVN3/VNI documents is converted and the editor told so.

use std::collections::HashMap;

use lantoa_domain::OrgId;
use lantoa_domain::access::Principal;
use lantoa_domain::content::{
    self as domain, ContentAction, ContentKind, ContentState, transition,
};
use lantoa_domain::validate;
use lantoa_store::content::{
    self as store, ContentEventRow, ContentFields, ContentFilter, ContentListItem, ContentRow,
};
use lantoa_store::{Conn, Page, PageRequest, orgs, write_tx};

use crate::audit::{self, Actor};
use crate::html::{self, SafeHtml};
use crate::{App, Error, FieldErrors, RequestMeta, Result};

/// The content form as typed.
#[derive(Debug, Clone, Default, serde::Deserialize, serde::Serialize)]
#[serde(default)]
pub struct ContentForm {
    pub organisation_id: String,
    pub kind: String,
    pub title: String,
    pub slug: String,
    pub summary: String,
    pub body: String,
    pub source: String,
    pub topics: Vec<String>,
    pub audiences: Vec<String>,
    /// The cover image: a media item's id, or empty for none.
    pub cover_media_id: String,
    /// A photo story's images as typed (`g{n}_…` fields; docs/adr/0018-content-kinds.md).
    pub gallery: Vec<crate::gallery::GalleryRowForm>,
    /// A publication's PDF: a media item's id, or empty (docs/adr/0024-publications.md).
    pub document_media_id: String,
    /// A video's YouTube or Facebook address as typed (docs/adr/0023-videos.md).
    pub video_url: String,
    /// A video's file: a media item's id, or empty.
    pub video_media_id: String,
    /// An uploaded video's captions: a WebVTT media item's id, or empty.
    pub video_captions_id: String,
}

impl ContentForm {
    /// Reads the form from its name/value pairs (checkboxes repeat their name).
    pub fn from_pairs(pairs: &[(String, String)]) -> ContentForm {
        let mut f = ContentForm::default();
        for (k, v) in pairs {
            match k.as_str() {
                "organisation_id" => f.organisation_id = v.clone(),
                "kind" => f.kind = v.clone(),
                "title" => f.title = v.clone(),
                "slug" => f.slug = v.clone(),
                "summary" => f.summary = v.clone(),
                "body" => f.body = v.clone(),
                "source" => f.source = v.clone(),
                "topics" => f.topics.push(v.clone()),
                "audiences" => f.audiences.push(v.clone()),
                "cover_media_id" => f.cover_media_id = v.clone(),
                "document_media_id" => f.document_media_id = v.clone(),
                "video_url" => f.video_url = v.clone(),
                "video_media_id" => f.video_media_id = v.clone(),
                "video_captions_id" => f.video_captions_id = v.clone(),
                _ => {
                    crate::gallery::read_pair(&mut f.gallery, k, v);
                }
            }
        }
        f
    }

    pub fn from_row(row: &ContentRow, topics: Vec<String>, audiences: Vec<String>) -> ContentForm {
        ContentForm {
            organisation_id: row.organisation_id.to_string(),
            kind: row.kind.clone(),
            title: row.title.clone(),
            slug: row.slug.clone(),
            summary: row.summary.clone(),
            body: row.body.clone(),
            source: row.source.clone(),
            topics,
            audiences,
            cover_media_id: row
                .cover_media_id
                .map(|id| id.to_string())
                .unwrap_or_default(),
            gallery: Vec::new(),
            document_media_id: String::new(),
            video_url: String::new(),
            video_media_id: String::new(),
            video_captions_id: String::new(),
        }
    }
}

/// The kinds an editor can choose now (docs/adr/0018-content-kinds.md).
pub const KINDS_AVAILABLE: [ContentKind; 5] = [
    ContentKind::Article,
    ContentKind::PhotoStory,
    ContentKind::Publication,
    ContentKind::Video,
    ContentKind::Page,
];

/// The kinds `lantoa import content` writes (a photo story's gallery is chosen in the
/// library, so not from a file).
pub const KINDS_IMPORTED: [ContentKind; 4] = [
    ContentKind::Article,
    ContentKind::Page,
    ContentKind::Video,
    ContentKind::Publication,
];

/// The kinds with a public list of their own besides articles (`/phong-su-anh`…).
pub const LISTED_KINDS: [ContentKind; 3] = [
    ContentKind::PhotoStory,
    ContentKind::Publication,
    ContentKind::Video,
];

/// Longest stored body, in characters of cleaned HTML.
pub const MAX_BODY_CHARS: usize = 200_000;

/// A field converted from a legacy encoding: (field label, encoding).
pub type Converted = (&'static str, lantoa_viet::LegacyEncoding);

/// The encoding's usual name.
pub fn encoding_name(e: lantoa_viet::LegacyEncoding) -> &'static str {
    match e {
        lantoa_viet::LegacyEncoding::Tcvn3 => "TCVN3",
        lantoa_viet::LegacyEncoding::Vni => "VNI",
    }
}

/// "Đã chuyển văn bản mã TCVN3 sang Unicode (tiêu đề, nội dung)." or nothing.
pub fn conversion_notice(converted: &[Converted]) -> Option<String> {
    let mut parts = Vec::new();
    for enc in [
        lantoa_viet::LegacyEncoding::Tcvn3,
        lantoa_viet::LegacyEncoding::Vni,
    ] {
        let fields: Vec<&str> = converted
            .iter()
            .filter(|(_, e)| *e == enc)
            .map(|(f, _)| *f)
            .collect();
        if !fields.is_empty() {
            parts.push(format!(
                "Đã chuyển văn bản mã {} sang Unicode ({}).",
                encoding_name(enc),
                fields.join(", ")
            ));
        }
    }
    (!parts.is_empty()).then(|| parts.join(" "))
}

/// Records which fields of a form are legacy-encoded text.
fn detect(converted: &mut Vec<Converted>, label: &'static str, input: &str) {
    if let Some(enc) = lantoa_viet::detect_legacy(input) {
        converted.push((label, enc));
    }
}

/// A typed or imported body in its storage form: legacy text converted, NFC with canonical
/// tones, then cleaned (HTML) or turned into paragraphs (plain text). Normalising comes
/// first: cleaned HTML is never normalised again.
pub fn body_from_input(input: &str) -> SafeHtml {
    html::from_input(&lantoa_viet::normalize(input.replace("\r\n", "\n").trim()))
}

/// Checks a body and returns its storage form, or the message for the field.
pub fn check_body(input: &str) -> std::result::Result<SafeHtml, &'static str> {
    if input.chars().count() > 2 * MAX_BODY_CHARS {
        return Err("Nội dung quá dài: không quá 200.000 ký tự (kể cả thẻ HTML).");
    }
    let body = body_from_input(input);
    if html::to_text(body.as_str()).is_empty() && !body.as_str().contains("<img") {
        return Err("Vui lòng nhập nội dung.");
    }
    if body.as_str().chars().count() > MAX_BODY_CHARS {
        return Err("Nội dung quá dài: không quá 200.000 ký tự (kể cả thẻ HTML).");
    }
    Ok(body)
}

/// A validated form and what was converted on the way.
struct Validated {
    fields: ContentFields,
    gallery: Vec<lantoa_store::gallery::NewGalleryItem>,
    /// A publication's PDF.
    document: Option<i64>,
    video: Option<lantoa_store::video::VideoRow>,
    converted: Vec<Converted>,
}

/// What a save did, for the message to the editor.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Saved {
    pub id: i64,
    /// "Đã chuyển văn bản mã TCVN3 sang Unicode (…)." when legacy text was converted.
    pub notice: Option<String>,
}

fn validate_form(conn: &mut Conn, form: &ContentForm, except: Option<i64>) -> Result<Validated> {
    let mut errors = FieldErrors::default();
    let mut converted = Vec::new();
    detect(&mut converted, "tiêu đề", &form.title);
    detect(&mut converted, "tóm tắt", &form.summary);
    detect(&mut converted, "nội dung", &form.body);
    detect(&mut converted, "nguồn", &form.source);
    let org = form.organisation_id.trim().parse::<i64>().ok();
    match org {
        Some(id) if orgs::get(conn, OrgId(id))?.is_some() => {}
        _ => errors.add("organisation_id", "Vui lòng chọn đơn vị tác giả."),
    }
    let kind = ContentKind::from_code(form.kind.trim());
    match kind {
        Some(k) if KINDS_AVAILABLE.contains(&k) => {}
        Some(_) => errors.add(
            "kind",
            "Loại nội dung này chưa soạn được trên cổng; hiện chọn tin, bài, phóng sự ảnh, ấn phẩm, video hoặc trang tĩnh.",
        ),
        None => errors.add("kind", "Vui lòng chọn loại nội dung."),
    }
    let title = validate::required_line(
        &form.title,
        300,
        "Vui lòng nhập tiêu đề.",
        "Tiêu đề không quá 300 ký tự.",
    )
    .map_err(|e| errors.add("title", e.message))
    .unwrap_or_default();
    let typed_slug = form.slug.trim();
    let slug = if typed_slug.is_empty() {
        lantoa_viet::slugify(&title)
    } else {
        lantoa_viet::slugify(typed_slug)
    };
    let slug: String = slug.chars().take(120).collect::<String>();
    let slug = slug.trim_end_matches('-').to_owned();
    if !title.is_empty() || !typed_slug.is_empty() {
        if let Err(e) = validate::check_slug(&slug) {
            errors.add("slug", e.message);
        } else if store::slug_taken(conn, &slug, except)? {
            errors.add(
                "slug",
                format!("Đường dẫn “{slug}” đã được dùng cho nội dung khác; vui lòng sửa lại."),
            );
        }
    }
    let summary = validate::optional_line(&form.summary, 600, "Tóm tắt không quá 600 ký tự.")
        .map_err(|e| errors.add("summary", e.message))
        .unwrap_or_default();
    // A photo story may be its pictures alone, a publication its file, a video its video:
    // the text is optional.
    let body = if matches!(
        kind,
        Some(ContentKind::PhotoStory | ContentKind::Publication | ContentKind::Video)
    ) && form.body.trim().is_empty()
    {
        String::new()
    } else {
        check_body(&form.body)
            .map_err(|e| errors.add("body", e))
            .map(SafeHtml::into_string)
            .unwrap_or_default()
    };
    let source = validate::optional_line(&form.source, 300, "Nguồn, tác giả không quá 300 ký tự.")
        .map_err(|e| errors.add("source", e.message))
        .unwrap_or_default();
    let mut topics = Vec::new();
    for t in &form.topics {
        match domain::topic(t.trim()) {
            Some(t) if !topics.contains(&t.code.to_owned()) => topics.push(t.code.to_owned()),
            Some(_) => {}
            None => {
                errors.add("topics", "Chủ đề không có trong danh sách của kế hoạch.");
                break;
            }
        }
    }
    let mut audiences = Vec::new();
    for a in &form.audiences {
        match domain::audience(a.trim()) {
            Some(a) if !audiences.contains(&a.code.to_owned()) => audiences.push(a.code.to_owned()),
            Some(_) => {}
            None => {
                errors.add(
                    "audiences",
                    "Đối tượng không có trong danh sách của kế hoạch.",
                );
                break;
            }
        }
    }
    let cover_media_id = match form.cover_media_id.trim() {
        "" => None,
        typed => match typed.parse::<i64>() {
            Ok(id) => {
                if let Some(org) = org
                    && let Err(m) = crate::media::check_cover(conn, id, org)?
                {
                    errors.add("cover_media_id", m);
                }
                Some(id)
            }
            Err(_) => {
                errors.add("cover_media_id", "Ảnh bìa đã chọn không có trong thư viện.");
                None
            }
        },
    };
    let gallery = crate::gallery::check(conn, &form.gallery, org, kind, &mut errors)?;
    let document =
        crate::publications::check(conn, &form.document_media_id, org, kind, &mut errors)?;
    let video = crate::video::check(
        conn,
        &form.video_url,
        &form.video_media_id,
        &form.video_captions_id,
        org,
        kind,
        &mut errors,
    )?;
    errors.into_result()?;
    let (Some(org), Some(kind)) = (org, kind) else {
        return Err(Error::Internal("validated content incomplete".into()));
    };
    Ok(Validated {
        fields: ContentFields {
            kind: kind.code().to_owned(),
            slug,
            title,
            summary,
            body,
            source,
            organisation_id: org,
            topics,
            audiences,
            cover_media_id,
        },
        gallery,
        document,
        video,
        converted,
    })
}

fn state_of(row: &ContentRow) -> Result<ContentState> {
    ContentState::from_code(&row.state)
        .ok_or_else(|| Error::Internal(format!("unknown content state {}", row.state)))
}

fn event(
    actor: &Actor,
    at: chrono::NaiveDateTime,
    action: &str,
    from: ContentState,
    to: ContentState,
    comment: &str,
) -> ContentEventRow {
    ContentEventRow {
        at,
        actor_label: actor.label.clone(),
        action: action.to_owned(),
        from_state: from.code().to_owned(),
        to_state: to.code().to_owned(),
        comment: comment.to_owned(),
    }
}

/// Creates a draft for an organisation the principal edits for.
pub fn create(
    app: &App,
    conn: &mut Conn,
    principal: &Principal,
    form: &ContentForm,
    meta: &RequestMeta,
) -> Result<Saved> {
    let Validated {
        mut fields,
        gallery,
        document,
        video,
        converted,
    } = validate_form(conn, form, None)?;
    // A tampered organisation id is refused, not replaced.
    let cap = principal.editor_of(OrgId(fields.organisation_id))?;
    let now = app.now();
    let actor = Actor::principal(cap.principal(), meta);
    publication_cover(app, conn, &mut fields, document, &actor)?;
    let pages = crate::publications::pages_to_store(app, conn, document, None)?;
    let saved = write_tx(conn, |c| {
        let id = store::insert(
            c,
            &fields,
            Some(principal.user.0),
            ContentState::Draft.code(),
            now,
        )?;
        lantoa_store::gallery::set(c, id, &gallery)?;
        lantoa_store::publications::set(c, id, document, pages)?;
        lantoa_store::video::set(c, id, video.as_ref())?;
        record_revision(c, id, &actor, now, &fields, &gallery, video.as_ref(), "")?;
        store::add_event(
            c,
            id,
            &event(
                &actor,
                now,
                "create",
                ContentState::Draft,
                ContentState::Draft,
                "",
            ),
        )?;
        audit::record(
            c,
            now,
            &actor,
            "content.create",
            ("content", id.to_string()),
            Some(cap.org()),
            serde_json::json!({ "kind": fields.kind, "slug": fields.slug }),
        )?;
        Ok::<_, Error>(Saved {
            id,
            notice: conversion_notice(&converted),
        })
    })?;
    crate::search::content_changed(app, conn, saved.id);
    Ok(saved)
}

/// Saves changes to a draft or returned item.
pub fn update(
    app: &App,
    conn: &mut Conn,
    principal: &Principal,
    id: i64,
    form: &ContentForm,
    meta: &RequestMeta,
) -> Result<Saved> {
    let row = store::get(conn, id)?.ok_or(Error::NotFound)?;
    let cap = principal.editor_of(OrgId(row.organisation_id))?;
    let state = state_of(&row)?;
    transition(state, ContentAction::Save).map_err(|e| Error::Conflict(e.message().to_owned()))?;
    let Validated {
        mut fields,
        gallery,
        document,
        video,
        converted,
    } = validate_form(conn, form, Some(id))?;
    // Moving an item to another organisation needs editing rights there too.
    principal.editor_of(OrgId(fields.organisation_id))?;
    let now = app.now();
    let actor = Actor::principal(cap.principal(), meta);
    publication_cover(app, conn, &mut fields, document, &actor)?;
    let known = lantoa_store::publications::of(conn, id)?;
    let pages = crate::publications::pages_to_store(app, conn, document, known)?;
    let saved = write_tx(conn, |c| {
        store::update(c, id, &fields, now)?;
        lantoa_store::gallery::set(c, id, &gallery)?;
        lantoa_store::publications::set(c, id, document, pages)?;
        lantoa_store::video::set(c, id, video.as_ref())?;
        record_revision(c, id, &actor, now, &fields, &gallery, video.as_ref(), "")?;
        store::add_event(c, id, &event(&actor, now, "save", state, state, ""))?;
        audit::record(
            c,
            now,
            &actor,
            "content.save",
            ("content", id.to_string()),
            Some(OrgId(fields.organisation_id)),
            serde_json::json!({ "slug": fields.slug }),
        )?;
        Ok::<_, Error>(Saved {
            id,
            notice: conversion_notice(&converted),
        })
    })?;
    crate::search::content_changed(app, conn, saved.id);
    Ok(saved)
}

/// A publication saved without a cover gets its PDF's first page as cover; when that page
/// cannot be rendered here, the save is refused asking for a cover (docs/adr/0024).
fn publication_cover(
    app: &App,
    conn: &mut Conn,
    fields: &mut ContentFields,
    document: Option<i64>,
    actor: &Actor,
) -> Result<()> {
    if fields.kind != ContentKind::Publication.code() || fields.cover_media_id.is_some() {
        return Ok(());
    }
    let Some(document) = document else {
        return Ok(());
    };
    match crate::publications::cover_from_pdf(app, conn, document, actor)? {
        Some(cover) => {
            fields.cover_media_id = Some(cover);
            Ok(())
        }
        None => {
            let mut errors = FieldErrors::default();
            errors.add(
                "cover_media_id",
                "Không tạo được ảnh bìa từ trang đầu của tệp PDF này; vui lòng chọn ảnh bìa trong thư viện.",
            );
            Err(Error::Invalid(errors))
        }
    }
}

/// Records the saved text as the item's next version (nothing when it did not change).
#[expect(
    clippy::too_many_arguments,
    reason = "the parts of a version, each a plain value"
)]
fn record_revision(
    c: &mut Conn,
    id: i64,
    actor: &Actor,
    now: chrono::NaiveDateTime,
    fields: &ContentFields,
    gallery: &[lantoa_store::gallery::NewGalleryItem],
    video: Option<&lantoa_store::video::VideoRow>,
    note: &str,
) -> Result<Option<i32>> {
    Ok(store::add_revision(
        c,
        id,
        &store::NewRevision {
            at: now,
            actor_label: &actor.label,
            note,
            title: &fields.title,
            summary: &fields.summary,
            body: &fields.body,
            source: &fields.source,
            gallery: &crate::gallery::to_revision(gallery),
            video: &crate::video::to_revision(video),
        },
    )?)
}

/// Submits, publishes, returns, withdraws, unpublishes or cancels a schedule. `reason` is
/// required to return. Scheduling needs a time: see [`schedule`].
pub fn act(
    app: &App,
    conn: &mut Conn,
    principal: &Principal,
    id: i64,
    action: ContentAction,
    reason: &str,
    meta: &RequestMeta,
) -> Result<ContentState> {
    if action == ContentAction::Schedule {
        return Err(Error::Internal(
            "scheduling needs a time: use schedule()".into(),
        ));
    }
    act_at(app, conn, principal, id, action, reason, None, meta)
}

/// The earliest a schedule may be set: a few minutes ahead, so that it is a schedule.
const SCHEDULE_MIN_AHEAD: chrono::Duration = chrono::Duration::minutes(5);
/// The furthest ahead a schedule may be set.
const SCHEDULE_MAX_AHEAD: chrono::Duration = chrono::Duration::days(366);

/// Reads a publication time typed in Vietnam time: the `datetime-local` form
/// (`2026-12-01T08:00`) or `dd/mm/yyyy hh:mm`. Returns it in UTC.
pub fn parse_local_time(text: &str) -> Option<chrono::NaiveDateTime> {
    let t = text.trim();
    let local = chrono::NaiveDateTime::parse_from_str(t, "%Y-%m-%dT%H:%M")
        .or_else(|_| chrono::NaiveDateTime::parse_from_str(t, "%Y-%m-%dT%H:%M:%S"))
        .or_else(|_| chrono::NaiveDateTime::parse_from_str(t, "%d/%m/%Y %H:%M"))
        .or_else(|_| chrono::NaiveDateTime::parse_from_str(t, "%d/%m/%Y %Hh%M"))
        .ok()?;
    Some(local - chrono::Duration::hours(7))
}

/// An approver sets the time a submitted item goes out by itself (Vietnam time, at least
/// five minutes ahead and within a year). The publishing job ([`publish_due`]) does the rest.
pub fn schedule(
    app: &App,
    conn: &mut Conn,
    principal: &Principal,
    id: i64,
    at_text: &str,
    meta: &RequestMeta,
) -> Result<ContentState> {
    let mut f = FieldErrors::default();
    let now = app.now();
    let at = if at_text.trim().is_empty() {
        f.add("at", "Vui lòng chọn ngày giờ xuất bản.");
        None
    } else {
        match parse_local_time(at_text) {
            None => {
                f.add(
                    "at",
                    "Ngày giờ không hợp lệ; vui lòng nhập theo dạng ngày/tháng/năm giờ:phút, ví dụ 01/12/2026 08:00.",
                );
                None
            }
            Some(at) if at < now + SCHEDULE_MIN_AHEAD => {
                f.add(
                    "at",
                    format!(
                        "Thời điểm xuất bản phải sau bây giờ ({}) ít nhất 5 phút; muốn đăng ngay thì chọn “Xuất bản”.",
                        crate::clock::format_vn(now)
                    ),
                );
                None
            }
            Some(at) if at > now + SCHEDULE_MAX_AHEAD => {
                f.add("at", "Chỉ hẹn giờ xuất bản trong vòng một năm.");
                None
            }
            Some(at) => Some(at),
        }
    };
    f.into_result()?;
    act_at(
        app,
        conn,
        principal,
        id,
        ContentAction::Schedule,
        "",
        at,
        meta,
    )
}

/// The publishing job: publishes every scheduled item whose time has come (run each minute
/// by `lantoa serve` and once at start, so a schedule missed while the server was down goes
/// out as soon as it is back). Returns how many were published.
pub fn publish_due(app: &App, conn: &mut Conn) -> Result<usize> {
    let now = app.now();
    let actor = Actor::system("Hệ thống (xuất bản theo lịch hẹn)");
    let mut published = 0;
    for id in store::due_scheduled(conn, now)? {
        let Some(row) = store::get(conn, id)? else {
            continue;
        };
        let at = row.scheduled_at;
        let done = write_tx(conn, |c| {
            let from = ContentState::Scheduled;
            let to = ContentState::Published;
            if !store::set_state(c, id, from.code(), to.code(), now)? {
                // Someone published or cancelled it meanwhile.
                return Ok::<_, Error>(false);
            }
            store::set_schedule(c, id, None)?;
            // On the portal → a communication product, as when a person publishes.
            crate::portal_products::published(c, &mut Default::default(), id, &actor, now)?;
            let comment = at
                .map(|t| format!("Hẹn giờ {}", crate::clock::format_vn(t)))
                .unwrap_or_default();
            store::add_event(c, id, &event(&actor, now, "publish", from, to, &comment))?;
            audit::record(
                c,
                now,
                &actor,
                "content.publish_scheduled",
                ("content", id.to_string()),
                Some(OrgId(row.organisation_id)),
                serde_json::json!({ "slug": row.slug, "scheduled_at": at.map(|t| t.to_string()) }),
            )?;
            crate::notifications::content_event(
                app,
                c,
                OrgId(row.organisation_id),
                id,
                &row.title,
                ContentAction::Publish,
                "",
                now,
            )?;
            Ok(true)
        })?;
        if done {
            published += 1;
            crate::search::content_changed(app, conn, id);
        }
    }
    Ok(published)
}

#[allow(clippy::too_many_arguments)]
fn act_at(
    app: &App,
    conn: &mut Conn,
    principal: &Principal,
    id: i64,
    action: ContentAction,
    reason: &str,
    scheduled_at: Option<chrono::NaiveDateTime>,
    meta: &RequestMeta,
) -> Result<ContentState> {
    let row = store::get(conn, id)?.ok_or(Error::NotFound)?;
    let org = OrgId(row.organisation_id);
    if action.needs_approver() {
        principal.approver_of(org)?;
    } else {
        principal.editor_of(org)?;
    }
    let state = state_of(&row)?;
    let next = transition(state, action).map_err(|e| Error::Conflict(e.message().to_owned()))?;
    let reason = lantoa_viet::normalize(reason.trim());
    if action.needs_reason() && reason.is_empty() {
        let mut f = FieldErrors::default();
        f.add(
            "reason",
            "Vui lòng ghi rõ lý do trả lại để người viết biết cần sửa gì.",
        );
        return Err(Error::Invalid(f));
    }
    if reason.chars().count() > 2000 {
        let mut f = FieldErrors::default();
        f.add("reason", "Lý do không quá 2.000 ký tự.");
        return Err(Error::Invalid(f));
    }
    let now = app.now();
    let actor = Actor::principal(principal, meta);
    let next = write_tx(conn, |c| {
        if !store::set_state(c, id, state.code(), next.code(), now)? {
            return Err(Error::Conflict(
                "Nội dung vừa được người khác thay đổi; vui lòng tải lại trang.".into(),
            ));
        }
        if next == ContentState::Scheduled {
            store::set_schedule(c, id, scheduled_at)?;
        } else if state == ContentState::Scheduled {
            store::set_schedule(c, id, None)?;
        }
        let comment = match scheduled_at {
            Some(at) if next == ContentState::Scheduled => {
                format!("Xuất bản lúc {}", crate::clock::format_vn(at))
            }
            _ => reason.clone(),
        };
        store::add_event(
            c,
            id,
            &event(&actor, now, action.code(), state, next, &comment),
        )?;
        audit::record(
            c,
            now,
            &actor,
            &format!("content.{}", action.code()),
            ("content", id.to_string()),
            Some(org),
            serde_json::json!({
                "slug": row.slug, "from": state.code(), "to": next.code(), "reason": reason,
                "scheduled_at": scheduled_at.map(|t| t.to_string()),
            }),
        )?;
        crate::notifications::content_event(app, c, org, id, &row.title, action, &reason, now)?;
        // On the portal → a communication product; off it → the product goes or is marked.
        if next == ContentState::Published {
            crate::portal_products::published(c, &mut Default::default(), id, &actor, now)?;
        } else if state == ContentState::Published {
            crate::portal_products::removed(c, id, &actor, now)?;
        }
        Ok::<_, Error>(next)
    })?;
    // Published → in the search index; unpublished or withdrawn → out of it.
    crate::search::content_changed(app, conn, id);
    Ok(next)
}

/// One item for the back office: the row, its tags, history and what the principal may do.
#[derive(Debug, Clone)]
pub struct ContentView {
    pub row: ContentRow,
    pub state: ContentState,
    pub org_name: String,
    pub topics: Vec<String>,
    pub audiences: Vec<String>,
    pub events: Vec<ContentEventRow>,
    pub can_edit: bool,
    /// The workflow buttons this principal may press now.
    pub actions: Vec<ContentAction>,
}

pub fn view(conn: &mut Conn, principal: &Principal, id: i64) -> Result<ContentView> {
    let row = store::get(conn, id)?.ok_or(Error::NotFound)?;
    let org = OrgId(row.organisation_id);
    if principal.reader_of(org).is_err() && principal.approver_of(org).is_err() {
        return Err(Error::Denied);
    }
    let state = state_of(&row)?;
    let editor = principal.editor_of(org).is_ok();
    let approver = principal.approver_of(org).is_ok();
    let actions = domain::available(state)
        .into_iter()
        .filter(|a| if a.needs_approver() { approver } else { editor })
        .collect();
    let org_name = orgs::get(conn, org)?.map(|o| o.name).unwrap_or_default();
    Ok(ContentView {
        topics: store::topics_of(conn, id)?,
        audiences: store::audiences_of(conn, id)?,
        events: store::events(conn, id)?,
        can_edit: editor && state.editable(),
        actions,
        org_name,
        state,
        row,
    })
}

/// The back-office list: items of the principal's organisations (all for the plan owner and
/// system administrators), last changed first.
pub fn list(
    conn: &mut Conn,
    principal: &Principal,
    state: Option<ContentState>,
    page: PageRequest,
) -> Result<Page<ContentListItem>> {
    if !principal.can_enter_back_office() {
        return Err(Error::Denied);
    }
    let filter = ContentFilter {
        orgs: principal.readable_orgs(),
        states: state.map(|s| vec![s.code().to_owned()]),
        ..ContentFilter::default()
    };
    Ok(store::list(conn, &filter, page)?)
}

/// Organisations the principal may write content for: (id, name).
pub fn writable_orgs(conn: &mut Conn, principal: &Principal) -> Result<Vec<(i64, String)>> {
    let mut out = Vec::new();
    for (id, name, _) in orgs::names(conn)? {
        if principal.editor_of(OrgId(id)).is_ok() {
            out.push((id, name));
        }
    }
    Ok(out)
}

/// Published items of a kind (and topic), newest first: the public lists.
pub fn published(
    conn: &mut Conn,
    kind: Option<ContentKind>,
    topic: Option<&str>,
    page: PageRequest,
) -> Result<Page<ContentListItem>> {
    let filter = ContentFilter {
        states: Some(vec![ContentState::Published.code().to_owned()]),
        kind: kind.map(|k| k.code().to_owned()),
        topic: topic.map(str::to_owned),
        by_published: true,
        ..ContentFilter::default()
    };
    Ok(store::list(conn, &filter, page)?)
}

/// Published items of every kind for any of the plan's target groups `audiences` (an audience
/// page), newest first.
pub fn published_for(
    conn: &mut Conn,
    audiences: &[&str],
    page: PageRequest,
) -> Result<Page<ContentListItem>> {
    let filter = ContentFilter {
        states: Some(vec![ContentState::Published.code().to_owned()]),
        any_audience: Some(audiences.iter().map(|a| (*a).to_owned()).collect()),
        by_published: true,
        ..ContentFilter::default()
    };
    Ok(store::list(conn, &filter, page)?)
}

/// The covers of listed items, by media id (for cards).
pub fn list_covers(
    conn: &mut Conn,
    items: &[ContentListItem],
) -> Result<HashMap<i64, crate::media::Cover>> {
    let ids: Vec<i64> = items
        .iter()
        .filter_map(|i| i.content.cover_media_id)
        .collect();
    crate::media::covers(conn, &ids)
}

/// How many related items an article shows.
pub const RELATED: i64 = 4;

/// What the public sees at an item's URL.
#[derive(Debug, Clone)]
pub struct PublicItem {
    pub row: ContentRow,
    pub withdrawn: bool,
    pub org_name: String,
    pub topics: Vec<&'static domain::Topic>,
    /// The body, cleaned with today's allow-list (empty when withdrawn).
    pub body: SafeHtml,
    /// The summary, or the start of the body's text: the page's description.
    pub description: String,
    /// Up to [`RELATED`] other published items sharing a topic, newest first.
    pub related: Vec<ContentListItem>,
    /// The cover image (none when withdrawn).
    pub cover: Option<crate::media::Cover>,
    /// The related items' covers, by media id.
    pub related_covers: HashMap<i64, crate::media::Cover>,
    /// A photo story's images, in order (none when withdrawn).
    pub gallery: Vec<crate::gallery::Figure>,
    /// A publication's PDF (none when withdrawn).
    pub document: Option<crate::publications::Document>,
    /// A video item's video (none when withdrawn).
    pub video: Option<crate::video::PublicVideo>,
}

/// A published or withdrawn item of `kind` by slug; drafts and the rest are not found.
pub fn public_item(conn: &mut Conn, kind: ContentKind, slug: &str) -> Result<PublicItem> {
    let row = store::by_slug(conn, slug)?.ok_or(Error::NotFound)?;
    let state = state_of(&row)?;
    if !state.public() || row.kind != kind.code() {
        return Err(Error::NotFound);
    }
    let org_name = orgs::get(conn, OrgId(row.organisation_id))?
        .map(|o| o.name)
        .unwrap_or_default();
    let codes = store::topics_of(conn, row.id)?;
    let topics = codes.iter().filter_map(|t| domain::topic(t)).collect();
    let withdrawn = state == ContentState::Withdrawn;
    let body = if withdrawn {
        SafeHtml::default()
    } else {
        html::page_body(&row.body)
    };
    let related = if withdrawn || codes.is_empty() {
        Vec::new()
    } else {
        let filter = ContentFilter {
            states: Some(vec![ContentState::Published.code().to_owned()]),
            any_topic: Some(codes),
            exclude: Some(row.id),
            by_published: true,
            ..ContentFilter::default()
        };
        store::list(conn, &filter, PageRequest::new(1, RELATED))?.items
    };
    let description = if row.summary.is_empty() {
        html::excerpt(body.as_str(), 200)
    } else {
        row.summary.clone()
    };
    let mut ids: Vec<i64> = related
        .iter()
        .filter_map(|i| i.content.cover_media_id)
        .collect();
    ids.extend(row.cover_media_id.filter(|_| !withdrawn));
    let mut related_covers = crate::media::covers(conn, &ids)?;
    let cover = row
        .cover_media_id
        .filter(|_| !withdrawn)
        .and_then(|id| related_covers.get(&id).cloned());
    related_covers.retain(|id, _| {
        related
            .iter()
            .any(|i| i.content.cover_media_id == Some(*id))
    });
    let gallery = if withdrawn {
        Vec::new()
    } else {
        let saved = crate::gallery::saved(conn, row.id)?;
        crate::gallery::figures(conn, &saved)?
    };
    let document = if withdrawn {
        None
    } else {
        crate::publications::document(conn, row.id)?
    };
    let video = if withdrawn {
        None
    } else {
        let saved = crate::video::saved(conn, row.id)?;
        crate::video::public(conn, saved.as_ref())?
    };
    Ok(PublicItem {
        gallery,
        document,
        video,
        cover,
        related_covers,
        row,
        withdrawn,
        org_name,
        topics,
        body,
        description,
        related,
    })
}

/// What "Xem trước" shows: the item as the public would see it, built from the submitted form
/// (normalised and cleaned exactly as a save would) without writing anything.
#[derive(Debug, Clone)]
pub struct Preview {
    pub kind: ContentKind,
    /// Never stored: `row.id` is the edited item's id or 0, `published_at` is now.
    pub item: PublicItem,
    /// What a save would refuse as typed now (the messages shown beside the fields).
    pub problems: Vec<String>,
    /// "Đã chuyển văn bản mã TCVN3 sang Unicode (…)." when a save would convert legacy text.
    pub notice: Option<String>,
}

/// Builds the preview of a typed form, for editors of the organisation chosen in it (and of
/// the item's organisation when `id` is an existing item). Reads only: no row, event, audit
/// entry or search change.
pub fn preview(
    app: &App,
    conn: &mut Conn,
    principal: &Principal,
    id: Option<i64>,
    form: &ContentForm,
) -> Result<Preview> {
    if let Some(id) = id {
        let row = store::get(conn, id)?.ok_or(Error::NotFound)?;
        principal.editor_of(OrgId(row.organisation_id))?;
    }
    let org = form.organisation_id.trim().parse::<i64>().ok().map(OrgId);
    match org {
        Some(org) => {
            principal.editor_of(org)?;
        }
        // No organisation chosen yet: still only for someone who writes for one.
        None if writable_orgs(conn, principal)?.is_empty() => return Err(Error::Denied),
        None => {}
    }
    let (problems, gallery, document, video) = match validate_form(conn, form, id) {
        Ok(v) => (Vec::new(), v.gallery, v.document, v.video),
        Err(Error::Invalid(fields)) => {
            // The rows (and the file, the video) a save would accept still show.
            let mut ignored = FieldErrors::default();
            let kind = ContentKind::from_code(form.kind.trim());
            let org = form.organisation_id.trim().parse::<i64>().ok();
            let gallery = crate::gallery::check(conn, &form.gallery, org, kind, &mut ignored)?;
            let mut refused = FieldErrors::default();
            let document =
                crate::publications::check(conn, &form.document_media_id, org, kind, &mut refused)?;
            let document = document.filter(|_| refused.0.is_empty());
            let video = crate::video::check(
                conn,
                &form.video_url,
                &form.video_media_id,
                &form.video_captions_id,
                org,
                kind,
                &mut ignored,
            )?;
            (
                fields.0.into_iter().map(|(_, m)| m).collect(),
                gallery,
                document,
                video,
            )
        }
        Err(e) => return Err(e),
    };
    let gallery = crate::gallery::figures(conn, &gallery)?;
    let document = match document {
        Some(d) => {
            // The page count saved with the same PDF, if any (a preview runs nothing).
            let known = match id {
                Some(id) => lantoa_store::publications::of(conn, id)?,
                None => None,
            };
            let pages = known
                .filter(|(saved, _)| *saved == d)
                .and_then(|(_, p)| p)
                .and_then(|p| u32::try_from(p).ok());
            crate::publications::describe(conn, d, pages)?
        }
        None => None,
    };
    let video = crate::video::public(conn, video.as_ref())?;
    let mut converted = Vec::new();
    detect(&mut converted, "tiêu đề", &form.title);
    detect(&mut converted, "tóm tắt", &form.summary);
    detect(&mut converted, "nội dung", &form.body);
    detect(&mut converted, "nguồn", &form.source);
    let line = |s: &str| {
        lantoa_viet::normalize(s)
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
    };
    let kind = ContentKind::from_code(form.kind.trim())
        .filter(|k| KINDS_AVAILABLE.contains(k))
        .unwrap_or(ContentKind::Article);
    let title = line(&form.title);
    let typed_slug = form.slug.trim();
    let slug = lantoa_viet::slugify(if typed_slug.is_empty() {
        &title
    } else {
        typed_slug
    });
    let body = body_from_input(&form.body);
    let summary = line(&form.summary);
    let mut topics: Vec<&'static domain::Topic> = Vec::new();
    for t in form.topics.iter().filter_map(|t| domain::topic(t.trim())) {
        if !topics.iter().any(|x| x.code == t.code) {
            topics.push(t);
        }
    }
    let org_name = match org {
        Some(o) => orgs::get(conn, o)?.map(|o| o.name).unwrap_or_default(),
        None => String::new(),
    };
    let description = if summary.is_empty() {
        html::excerpt(body.as_str(), 200)
    } else {
        summary.clone()
    };
    // The chosen cover, when it is one the item may have.
    let mut cover = None;
    if let (Some(cover_id), Some(org)) = (form.cover_media_id.trim().parse::<i64>().ok(), org)
        && crate::media::check_cover(conn, cover_id, org.0)?.is_ok()
    {
        cover = crate::media::covers(conn, &[cover_id])?.remove(&cover_id);
    }
    let now = app.now();
    let row = ContentRow {
        id: id.unwrap_or(0),
        cover_media_id: cover.as_ref().map(|c| c.media_id),
        kind: kind.code().to_owned(),
        slug,
        title,
        summary,
        body: body.as_str().to_owned(),
        source: line(&form.source),
        organisation_id: org.map_or(0, |o| o.0),
        author_user_id: Some(principal.user.0),
        state: ContentState::Draft.code().to_owned(),
        created_at: now,
        updated_at: now,
        published_at: Some(now),
        ..ContentRow::default()
    };
    Ok(Preview {
        kind,
        item: PublicItem {
            row,
            withdrawn: false,
            org_name,
            topics,
            body,
            description,
            related: Vec::new(),
            cover,
            related_covers: HashMap::new(),
            gallery,
            document,
            video,
        },
        problems,
        notice: conversion_notice(&converted),
    })
}
