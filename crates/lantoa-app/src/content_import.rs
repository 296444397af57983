//! `lantoa import content FILE.jsonl` (issue 3): articles, pages, videos and publications
//! from another system, one
//! JSON object a line, published as they come. Good lines go in, each bad line is reported with
//! its number, field and a Vietnamese reason (as `import occupations` does). Re-importing is
//! safe: an item is recognised by `external_id` and updated in place, never duplicated.
//!
//! Fields: `external_id` (required), `kind` (`article` by default, `page`, `video` or
//! `publication`), `title` (required), `summary`, `body_html` or `body_text` (one of them; a
//! video or a publication may have neither), `published_at` (required:
//! `2024-05-20T09:00:00+07:00`, `2024-05-20 09:00`, `2024-05-20` or `20/05/2024`; times
//! without an offset are Vietnam time), `topics` (codes such as `iv-2-b` or sections such as
//! `IV.2.b`), `audiences` (`iii-1` … or `III.1` …), `organisation` (slug or exact name),
//! `source`, `slug`, `cover_image` (the path of an image file, relative to the folder of the
//! JSON Lines file; it goes through the media library's checks and re-encoding like an
//! upload, and becomes the item's cover; the same file again is not stored twice),
//! `cover_alt` (the image's alt text; the title when missing) and `cover_credit`; a video's
//! `video_url` (a YouTube or Facebook link, checked and normalised as the content form does;
//! required for a video, refused on other kinds) and a publication's `document_path` (a PDF
//! file, relative to the JSON Lines file like the cover; required for a publication; anything
//! but a PDF refuses the line). A publication without `cover_image` takes its PDF's first page
//! as cover, as in the back office (docs/adr/0024-publications.md).
//!
//! An item that an approver has taken out of public since (withdrawn, back to draft, in
//! review) is left alone and reported as a warning: the import does not overrule an editorial
//! decision.

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, NaiveDate, NaiveDateTime};
use lantoa_domain::OrgId;
use lantoa_domain::content::{self as domain, ContentKind, ContentState};
use lantoa_domain::validate;
use lantoa_store::content::{self as store, ContentEventRow, ContentFields, ContentRow};
use lantoa_store::{Conn, orgs, write_tx};
use serde_json::{Map, Value};

use crate::audit::{self, Actor};
use crate::content::{Converted, KINDS_IMPORTED, check_body, conversion_notice};
use crate::html;
use crate::occupations::RejectedLine;
use crate::portal_products::PlanCache;
use crate::{App, Result};

/// The fields a line may have.
pub const FIELDS: &[&str] = &[
    "external_id",
    "kind",
    "title",
    "summary",
    "body_html",
    "body_text",
    "published_at",
    "topics",
    "audiences",
    "organisation",
    "source",
    "slug",
    "cover_image",
    "cover_alt",
    "cover_credit",
    "video_url",
    "document_path",
];

/// Items written per transaction.
const BATCH: usize = 100;

/// What an import did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ImportReport {
    /// Non-blank lines read.
    pub lines: usize,
    pub created: usize,
    pub updated: usize,
    pub unchanged: usize,
    /// Items taken out of public since an earlier import, left as they are.
    pub skipped: usize,
    pub rejected: Vec<RejectedLine>,
    /// Lines that went in with a remark (conversion from TCVN3/VNI, cover image not shown…).
    pub warnings: Vec<RejectedLine>,
}

impl ImportReport {
    /// How many distinct lines were rejected (a line may have several problems).
    pub fn rejected_lines(&self) -> usize {
        self.rejected
            .iter()
            .map(|r| r.line)
            .collect::<HashSet<_>>()
            .len()
    }
}

/// One valid line, ready to write.
#[derive(Debug, Clone)]
struct Item {
    line: u64,
    external_id: String,
    /// `slug` empty: made from the title (new items) or kept (updates).
    fields: ContentFields,
    published_at: NaiveDateTime,
    cover_image: String,
    cover_alt: String,
    cover_credit: String,
    /// A video's video (its link, normalised).
    video: Option<lantoa_store::video::VideoRow>,
    /// A publication's PDF file as given, relative to the JSON Lines file's folder.
    document_path: String,
    /// The PDF once stored in the library, and its page count.
    document: Option<i64>,
    pages: Option<i32>,
}

enum Outcome {
    Created,
    Updated,
    Unchanged,
    /// Not in public now: left alone (the state's label).
    Skipped(&'static str),
    /// Written (created or updated) under another slug than the one given: the slug used.
    Renamed {
        slug: String,
        created: bool,
    },
}

/// The organisations by slug and by exact name (names in storage form, spaces collapsed).
struct OrgIndex {
    by_slug: HashMap<String, i64>,
    by_name: HashMap<String, Vec<i64>>,
}

impl OrgIndex {
    fn load(conn: &mut Conn) -> Result<OrgIndex> {
        let mut index = OrgIndex {
            by_slug: HashMap::new(),
            by_name: HashMap::new(),
        };
        for o in orgs::all(conn)? {
            index.by_slug.insert(o.slug.clone(), o.id);
            index
                .by_name
                .entry(name_key(&o.name))
                .or_default()
                .push(o.id);
        }
        Ok(index)
    }

    fn find(&self, key: &str) -> std::result::Result<i64, String> {
        let key = key.trim();
        if let Some(id) = self.by_slug.get(key) {
            return Ok(*id);
        }
        match self.by_name.get(&name_key(key)).map(Vec::as_slice) {
            Some([id]) => Ok(*id),
            Some(many) if many.len() > 1 => Err(format!(
                "Có {} đơn vị cùng tên “{key}”; hãy ghi đường dẫn (slug) của đơn vị.",
                many.len()
            )),
            _ => Err(format!(
                "Không có đơn vị “{key}”; ghi đường dẫn (slug) hoặc đúng tên đầy đủ của đơn vị."
            )),
        }
    }
}

fn name_key(name: &str) -> String {
    lantoa_viet::normalize(name)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// Parses `published_at`: RFC 3339, or a local (Vietnam) date and time, or a date; returns
/// UTC as stored.
pub fn parse_published_at(s: &str) -> Option<NaiveDateTime> {
    let s = s.trim();
    if let Ok(at) = DateTime::parse_from_rfc3339(s) {
        return Some(at.naive_utc());
    }
    let local = [
        "%Y-%m-%dT%H:%M:%S",
        "%Y-%m-%d %H:%M:%S",
        "%Y-%m-%dT%H:%M",
        "%Y-%m-%d %H:%M",
    ]
    .iter()
    .find_map(|f| NaiveDateTime::parse_from_str(s, f).ok())
    .or_else(|| {
        ["%Y-%m-%d", "%d/%m/%Y"]
            .iter()
            .find_map(|f| NaiveDate::parse_from_str(s, f).ok())
            .and_then(|d| d.and_hms_opt(0, 0, 0))
    })?;
    Some(local - chrono::Duration::hours(7))
}

/// A string field: absent or null → `None`; numbers are taken as their text (ids).
fn text(map: &Map<String, Value>, key: &str) -> std::result::Result<Option<String>, String> {
    match map.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.clone())),
        Some(Value::Number(n)) if key == "external_id" => Ok(Some(n.to_string())),
        Some(_) => Err("Giá trị phải là một chuỗi văn bản trong ngoặc kép.".into()),
    }
}

/// A list of codes: a JSON array of strings, or one string with commas.
fn codes(map: &Map<String, Value>, key: &str) -> std::result::Result<Vec<String>, String> {
    match map.get(key) {
        None | Some(Value::Null) => Ok(Vec::new()),
        Some(Value::String(s)) => Ok(s
            .split(',')
            .map(str::trim)
            .filter(|c| !c.is_empty())
            .map(str::to_owned)
            .collect()),
        Some(Value::Array(items)) => items
            .iter()
            .map(|v| match v {
                Value::String(s) => Ok(s.trim().to_owned()),
                _ => Err("Danh sách chỉ gồm các chuỗi, ví dụ [\"iv-2-b\", \"iv-3-a\"].".to_owned()),
            })
            .collect(),
        Some(_) => Err("Giá trị phải là một danh sách, ví dụ [\"iv-2-b\", \"iv-3-a\"].".into()),
    }
}

/// A topic by code (`iv-2-b`) or section (`IV.2.b`).
fn topic_code(key: &str) -> Option<&'static str> {
    domain::topic(&key.to_lowercase())
        .or_else(|| {
            let n = lantoa_viet::nfc(key).to_lowercase();
            domain::TOPICS
                .iter()
                .find(|t| t.section.to_lowercase() == n)
        })
        .map(|t| t.code)
}

fn audience_code(key: &str) -> Option<&'static str> {
    domain::audience(&key.to_lowercase())
        .or_else(|| {
            domain::AUDIENCES
                .iter()
                .find(|a| a.section.eq_ignore_ascii_case(key))
        })
        .map(|a| a.code)
}

/// (field, message) pairs about one line.
type Remarks = Vec<(String, String)>;

/// Checks one line; the problems as (field, reason), or the item and its remarks.
fn check_line(
    line: u64,
    raw: &str,
    orgs: &OrgIndex,
    now: NaiveDateTime,
) -> std::result::Result<(Item, Remarks), Remarks> {
    let mut errors: Vec<(String, String)> = Vec::new();
    let mut remarks: Vec<(String, String)> = Vec::new();
    let add = |errors: &mut Vec<(String, String)>, f: &str, r: String| {
        errors.push((f.to_owned(), r));
    };
    let value: Value = match serde_json::from_str(raw) {
        Ok(v) => v,
        Err(e) => {
            return Err(vec![(
                String::new(),
                format!(
                    "Dòng không phải JSON hợp lệ (lỗi ở ký tự thứ {}); mỗi dòng là một đối tượng {{…}} trọn vẹn.",
                    e.column()
                ),
            )]);
        }
    };
    let Value::Object(map) = value else {
        return Err(vec![(
            String::new(),
            "Mỗi dòng phải là một đối tượng JSON {…}, không phải danh sách hay giá trị đơn.".into(),
        )]);
    };
    for key in map.keys() {
        if !FIELDS.contains(&key.as_str()) {
            add(
                &mut errors,
                key,
                format!(
                    "Trường “{key}” không được hỗ trợ; các trường được đọc: {}.",
                    FIELDS.join(", ")
                ),
            );
        }
    }
    let get = |key: &str, errors: &mut Vec<(String, String)>| match text(&map, key) {
        Ok(v) => v.unwrap_or_default(),
        Err(r) => {
            errors.push((key.to_owned(), r));
            String::new()
        }
    };
    let external_id = get("external_id", &mut errors).trim().to_owned();
    if external_id.is_empty() {
        add(
            &mut errors,
            "external_id",
            "Thiếu external_id: mã của nội dung ở hệ thống nguồn, dùng để nhận ra khi nhập lại."
                .into(),
        );
    } else if external_id.chars().count() > 200 {
        add(
            &mut errors,
            "external_id",
            "external_id không quá 200 ký tự.".into(),
        );
    }
    let kind_text = get("kind", &mut errors);
    let kind = if kind_text.trim().is_empty() {
        Some(ContentKind::Article)
    } else {
        ContentKind::from_code(kind_text.trim())
    };
    match kind {
        Some(k) if KINDS_IMPORTED.contains(&k) => {}
        Some(k) => add(
            &mut errors,
            "kind",
            format!(
                "Loại “{}” chưa nhập được từ tệp (ảnh của phóng sự chọn trong thư viện); dùng article, page, video hoặc publication.",
                k.code()
            ),
        ),
        None => add(
            &mut errors,
            "kind",
            format!(
                "Loại “{}” không có; dùng article (tin, bài), page (trang tĩnh), video hoặc publication (ấn phẩm).",
                kind_text.trim()
            ),
        ),
    }
    let mut converted: Vec<Converted> = Vec::new();
    let title_raw = get("title", &mut errors);
    let summary_raw = get("summary", &mut errors);
    let source_raw = get("source", &mut errors);
    let body_html = get("body_html", &mut errors);
    let body_text = get("body_text", &mut errors);
    for (label, raw) in [
        ("tiêu đề", &title_raw),
        ("tóm tắt", &summary_raw),
        ("nội dung", &body_html),
        ("nội dung", &body_text),
        ("nguồn", &source_raw),
    ] {
        if let Some(enc) = lantoa_viet::detect_legacy(raw) {
            converted.push((label, enc));
        }
    }
    let title = validate::required_line(
        &title_raw,
        300,
        "Thiếu tiêu đề (title).",
        "Tiêu đề không quá 300 ký tự.",
    )
    .map_err(|e| add(&mut errors, "title", e.message.into()))
    .unwrap_or_default();
    let summary = validate::optional_line(&summary_raw, 600, "Tóm tắt không quá 600 ký tự.")
        .map_err(|e| add(&mut errors, "summary", e.message.into()))
        .unwrap_or_default();
    let source = validate::optional_line(&source_raw, 300, "Nguồn, tác giả không quá 300 ký tự.")
        .map_err(|e| add(&mut errors, "source", e.message.into()))
        .unwrap_or_default();
    // A video is its video, a publication its file: the text is optional, as in the form.
    let text_optional = matches!(kind, Some(ContentKind::Video | ContentKind::Publication));
    let body = match (body_html.trim().is_empty(), body_text.trim().is_empty()) {
        (false, false) => {
            add(
                &mut errors,
                "body_html",
                "Chỉ ghi một trong hai: body_html (HTML) hoặc body_text (văn bản thường).".into(),
            );
            String::new()
        }
        (true, true) if text_optional => String::new(),
        (true, true) => {
            add(
                &mut errors,
                "body_html",
                "Thiếu nội dung: ghi body_html (HTML) hoặc body_text (văn bản thường).".into(),
            );
            String::new()
        }
        (false, true) => check_body(&body_html)
            .map(html::SafeHtml::into_string)
            .unwrap_or_else(|e| {
                add(&mut errors, "body_html", e.into());
                String::new()
            }),
        (true, false) => {
            // Text stays text: markup in it is shown, not interpreted.
            let html = html::from_plain_text(&lantoa_viet::normalize(body_text.trim()));
            if html.is_empty() {
                add(&mut errors, "body_text", "Thiếu nội dung.".into());
            }
            html.into_string()
        }
    };
    let published_raw = get("published_at", &mut errors);
    let published_at = if published_raw.trim().is_empty() {
        add(
            &mut errors,
            "published_at",
            "Thiếu ngày xuất bản (published_at), ví dụ 2024-05-20 hoặc 2024-05-20T09:00:00+07:00."
                .into(),
        );
        None
    } else {
        match parse_published_at(&published_raw) {
            None => {
                add(
                    &mut errors,
                    "published_at",
                    format!(
                        "Ngày xuất bản “{}” không đúng dạng; dùng 2024-05-20, 20/05/2024, 2024-05-20 09:00 hoặc 2024-05-20T09:00:00+07:00.",
                        published_raw.trim()
                    ),
                );
                None
            }
            Some(at) if at > now => {
                add(
                    &mut errors,
                    "published_at",
                    format!(
                        "Ngày xuất bản “{}” ở tương lai; chưa hỗ trợ hẹn giờ xuất bản.",
                        published_raw.trim()
                    ),
                );
                None
            }
            Some(at) => Some(at),
        }
    };
    let mut topics = Vec::new();
    match codes(&map, "topics") {
        Err(r) => add(&mut errors, "topics", r),
        Ok(list) => {
            for t in list {
                match topic_code(&t) {
                    Some(code) if !topics.iter().any(|x: &String| x == code) => {
                        topics.push(code.to_owned())
                    }
                    Some(_) => {}
                    None => add(
                        &mut errors,
                        "topics",
                        format!(
                            "Chủ đề “{t}” không có trong danh sách của kế hoạch (ví dụ iv-2-b hoặc IV.2.b)."
                        ),
                    ),
                }
            }
        }
    }
    let mut audiences = Vec::new();
    match codes(&map, "audiences") {
        Err(r) => add(&mut errors, "audiences", r),
        Ok(list) => {
            for a in list {
                match audience_code(&a) {
                    Some(code) if !audiences.iter().any(|x: &String| x == code) => {
                        audiences.push(code.to_owned())
                    }
                    Some(_) => {}
                    None => add(
                        &mut errors,
                        "audiences",
                        format!(
                            "Đối tượng “{a}” không có trong danh sách của kế hoạch (ví dụ iii-1 hoặc III.1)."
                        ),
                    ),
                }
            }
        }
    }
    let org_raw = get("organisation", &mut errors);
    let organisation_id = if org_raw.trim().is_empty() {
        add(
            &mut errors,
            "organisation",
            "Thiếu đơn vị tác giả (organisation): đường dẫn (slug) hoặc tên đầy đủ.".into(),
        );
        None
    } else {
        orgs.find(&org_raw)
            .map_err(|r| add(&mut errors, "organisation", r))
            .ok()
    };
    let slug_raw = get("slug", &mut errors);
    let slug = if slug_raw.trim().is_empty() {
        String::new()
    } else {
        let s = lantoa_viet::slugify(slug_raw.trim());
        if let Err(e) = validate::check_slug(&s) {
            add(&mut errors, "slug", e.message.into());
        }
        s
    };
    let cover_image = get("cover_image", &mut errors).trim().to_owned();
    if cover_image.chars().count() > 500 || cover_image.chars().any(char::is_control) {
        add(
            &mut errors,
            "cover_image",
            "Đường dẫn ảnh bìa không quá 500 ký tự, không có ký tự điều khiển.".into(),
        );
    }
    let cover_alt = get("cover_alt", &mut errors).trim().to_owned();
    let cover_credit = get("cover_credit", &mut errors).trim().to_owned();
    let video_url = get("video_url", &mut errors).trim().to_owned();
    let video = match (kind == Some(ContentKind::Video), video_url.is_empty()) {
        (true, true) => {
            add(
                &mut errors,
                "video_url",
                "Thiếu video_url: đường dẫn của video trên YouTube hoặc Facebook.".into(),
            );
            None
        }
        (true, false) => match crate::video::parse_link(&video_url) {
            Ok(link) => Some(lantoa_store::video::VideoRow {
                provider: link.provider.code().to_owned(),
                video_ref: link.reference,
                media_id: None,
                start_seconds: link.start.and_then(|s| i32::try_from(s).ok()),
                captions_media_id: None,
            }),
            Err(e) => {
                add(&mut errors, "video_url", e.message());
                None
            }
        },
        (false, false) if kind.is_some() => {
            add(
                &mut errors,
                "video_url",
                "Chỉ nội dung loại video có video_url: ghi \"kind\": \"video\" hoặc bỏ trường này."
                    .into(),
            );
            None
        }
        (false, _) => None,
    };
    let document_path = get("document_path", &mut errors).trim().to_owned();
    match (
        kind == Some(ContentKind::Publication),
        document_path.is_empty(),
    ) {
        (true, true) => add(
            &mut errors,
            "document_path",
            "Thiếu document_path: đường dẫn tệp PDF của ấn phẩm, tính từ thư mục của tệp nhập."
                .into(),
        ),
        (true, false) if document_path.contains("://") || document_path.starts_with("//") => add(
            &mut errors,
            "document_path",
            format!(
                "Tệp ấn phẩm “{document_path}” là địa chỉ trên mạng: cổng không tải tệp từ nơi khác. Hãy tải tệp PDF về cùng thư mục với tệp nhập và ghi đường dẫn tệp."
            ),
        ),
        (true, false)
            if document_path.chars().count() > 500
                || document_path.chars().any(char::is_control) =>
        {
            add(
                &mut errors,
                "document_path",
                "Đường dẫn tệp ấn phẩm không quá 500 ký tự, không có ký tự điều khiển.".into(),
            )
        }
        (false, false) if kind.is_some() => add(
            &mut errors,
            "document_path",
            "Chỉ ấn phẩm có document_path: ghi \"kind\": \"publication\" hoặc bỏ trường này."
                .into(),
        ),
        _ => {}
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    if let Some(notice) = conversion_notice(&converted) {
        remarks.push((String::new(), notice));
    }
    let (Some(kind), Some(organisation_id), Some(published_at)) =
        (kind, organisation_id, published_at)
    else {
        return Err(vec![(String::new(), "Dòng thiếu dữ liệu bắt buộc.".into())]);
    };
    Ok((
        Item {
            line,
            external_id,
            fields: ContentFields {
                kind: kind.code().to_owned(),
                slug,
                title,
                summary,
                body,
                source,
                organisation_id,
                topics,
                audiences,
                cover_media_id: None,
            },
            published_at,
            cover_image,
            cover_alt,
            cover_credit,
            video,
            document_path,
            document: None,
            pages: None,
        },
        remarks,
    ))
}

/// A free slug from `base` (`base`, `base-2`, `base-3`, …), not used by any item but `except`.
fn free_slug(conn: &mut Conn, base: &str, except: Option<i64>) -> Result<String> {
    let base: String = base.chars().take(110).collect();
    let base = match base.trim_matches('-') {
        "" => "noi-dung".to_owned(),
        b => b.to_owned(),
    };
    for n in 1..10_000 {
        let candidate = if n == 1 {
            base.clone()
        } else {
            format!("{base}-{n}")
        };
        if !store::slug_taken(conn, &candidate, except)? {
            return Ok(candidate);
        }
    }
    Err(crate::Error::Internal(format!("no free slug for {base}")))
}

/// What an item holds besides its row: topics, audiences, video, PDF.
struct Stored {
    topics: Vec<String>,
    audiences: Vec<String>,
    video: Option<lantoa_store::video::VideoRow>,
    document: Option<(i64, Option<i32>)>,
}

fn same(row: &ContentRow, item: &Item, stored: &Stored) -> bool {
    let f = &item.fields;
    row.kind == f.kind
        && row.slug == f.slug
        && row.title == f.title
        && row.summary == f.summary
        && row.body == f.body
        && row.source == f.source
        && row.organisation_id == f.organisation_id
        && row.published_at == Some(item.published_at)
        && row.cover_image == item.cover_image
        && row.cover_media_id == f.cover_media_id
        && stored.topics == f.topics
        && stored.audiences == f.audiences
        && stored.video == item.video
        && stored.document == item.document.map(|d| (d, item.pages))
}

fn save(
    conn: &mut Conn,
    cache: &mut PlanCache,
    item: &Item,
    actor: &Actor,
    now: NaiveDateTime,
) -> Result<Outcome> {
    let mut item = item.clone();
    let given = item.fields.slug.clone();
    let published = ContentState::Published;
    let (id, from, created) = match store::by_external_id(conn, &item.external_id)? {
        Some(row) => {
            let state = ContentState::from_code(&row.state).unwrap_or(ContentState::Draft);
            if state != published {
                return Ok(Outcome::Skipped(state.label()));
            }
            item.fields.slug = if given.is_empty() || given == row.slug {
                row.slug.clone()
            } else {
                free_slug(conn, &given, Some(row.id))?
            };
            let stored = Stored {
                topics: store::topics_of(conn, row.id)?,
                audiences: store::audiences_of(conn, row.id)?,
                video: lantoa_store::video::of(conn, row.id)?,
                document: lantoa_store::publications::of(conn, row.id)?,
            };
            if same(&row, &item, &stored) {
                return Ok(Outcome::Unchanged);
            }
            store::update(conn, row.id, &item.fields, now)?;
            (row.id, state, false)
        }
        None => {
            let base = if given.is_empty() {
                lantoa_viet::slugify(&item.fields.title)
            } else {
                given.clone()
            };
            item.fields.slug = free_slug(conn, &base, None)?;
            let id = store::insert(conn, &item.fields, None, published.code(), now)?;
            (id, ContentState::Draft, true)
        }
    };
    store::set_imported(
        conn,
        id,
        &item.external_id,
        &item.cover_image,
        item.published_at,
        now,
    )?;
    lantoa_store::video::set(conn, id, item.video.as_ref())?;
    lantoa_store::publications::set(conn, id, item.document, item.pages)?;
    store::add_event(
        conn,
        id,
        &ContentEventRow {
            at: now,
            actor_label: actor.label.clone(),
            action: "imported".into(),
            from_state: from.code().into(),
            to_state: published.code().into(),
            comment: format!("Nhập từ tệp (external_id: {})", item.external_id),
        },
    )?;
    audit::record(
        conn,
        now,
        actor,
        "content.imported",
        ("content", id.to_string()),
        Some(OrgId(item.fields.organisation_id)),
        serde_json::json!({
            "external_id": item.external_id,
            "slug": item.fields.slug,
            "created": created,
        }),
    )?;
    // Published on the portal: a communication product of the author organisation (ADR 0013).
    crate::portal_products::published(conn, cache, id, actor, now)?;
    if !given.is_empty() && given != item.fields.slug {
        return Ok(Outcome::Renamed {
            slug: item.fields.slug,
            created,
        });
    }
    Ok(if created {
        Outcome::Created
    } else {
        Outcome::Updated
    })
}

/// Imports content from JSON Lines. `progress(done, total)` is called with line counts after
/// each batch written. Nothing is refused whole: every line stands alone. Cover images are
/// not read (see [`import_jsonl_from`]).
pub fn import_jsonl(
    app: &App,
    conn: &mut Conn,
    actor: &Actor,
    input: &[u8],
    progress: &mut dyn FnMut(usize, usize),
) -> Result<ImportReport> {
    import_jsonl_from(app, conn, actor, input, None, progress)
}

/// Gives an item the cover its line names: the file at `cover_image` (relative to `folder`)
/// through the media library. A remark when it cannot be used; the line goes in anyway.
fn attach_cover(
    app: &App,
    conn: &mut Conn,
    actor: &Actor,
    item: &mut Item,
    folder: Option<&std::path::Path>,
) -> Result<Option<String>> {
    let given = item.cover_image.clone();
    if given.is_empty() {
        return Ok(None);
    }
    if given.contains("://") || given.starts_with("//") {
        return Ok(Some(format!(
            "Ảnh bìa “{given}” là địa chỉ trên mạng: cổng không tải ảnh từ nơi khác. Hãy tải ảnh về cùng thư mục với tệp nhập và ghi đường dẫn tệp."
        )));
    }
    let (Some(folder), Some(_)) = (folder, app.media.dir.as_deref()) else {
        return Ok(Some(format!(
            "Đã ghi lại đường dẫn ảnh bìa “{given}” nhưng không đọc tệp ảnh (lần nhập này không có thư mục lưu tệp)."
        )));
    };
    let path = folder.join(&given);
    let alt = if item.cover_alt.is_empty() {
        item.fields.title.clone()
    } else {
        item.cover_alt.clone()
    };
    let credit = if item.cover_credit.is_empty() {
        item.fields.source.clone()
    } else {
        item.cover_credit.clone()
    };
    let org = OrgId(item.fields.organisation_id);
    match crate::media::import_file(app, conn, org, &path, &alt, &credit, actor)? {
        Ok(id) => {
            item.fields.cover_media_id = Some(id);
            Ok(None)
        }
        Err(reason) => Ok(Some(format!(
            "Không dùng được ảnh bìa “{given}”: {reason} Nội dung vẫn được nhập, không có ảnh bìa."
        ))),
    }
}

/// Stores a publication's PDF (`document_path`, relative to `folder`) in the library with its
/// page count; without a cover image, its first page becomes the cover (kept from an earlier
/// import of the same file). `Err` with the reason refuses the line; `Ok(Some(remark))` when
/// it goes in with a remark (no cover could be made).
fn attach_document(
    app: &App,
    conn: &mut Conn,
    actor: &Actor,
    item: &mut Item,
    folder: Option<&std::path::Path>,
) -> Result<std::result::Result<Option<String>, String>> {
    if item.document_path.is_empty() {
        return Ok(Ok(None));
    }
    let given = item.document_path.clone();
    let (Some(folder), Some(_)) = (folder, app.media.dir.as_deref()) else {
        return Ok(Err(format!(
            "Không đọc được tệp ấn phẩm “{given}”: lần nhập này không có thư mục lưu tệp."
        )));
    };
    let org = OrgId(item.fields.organisation_id);
    // The library keeps a credit of up to 200 characters; a longer source is cut there.
    let credit: String = item.fields.source.chars().take(200).collect();
    let path = folder.join(&given);
    let doc = match crate::media::import_document(
        app,
        conn,
        org,
        &path,
        &item.fields.title,
        &credit,
        actor,
    )? {
        Ok(id) => id,
        Err(reason) => {
            return Ok(Err(format!(
                "Không dùng được tệp ấn phẩm “{given}”: {reason}"
            )));
        }
    };
    let earlier = match store::by_external_id(conn, &item.external_id)? {
        Some(row) => Some((
            row.cover_media_id,
            lantoa_store::publications::of(conn, row.id)?,
        )),
        None => None,
    };
    let known = earlier.as_ref().and_then(|(_, d)| *d);
    item.document = Some(doc);
    item.pages = crate::publications::pages_to_store(app, conn, Some(doc), known)?;
    if item.fields.cover_media_id.is_some() || !item.cover_image.is_empty() {
        return Ok(Ok(None));
    }
    // No cover given: the first page, as the back office does; the one made by an earlier
    // import of the same file is kept rather than drawn again.
    if let Some((Some(cover), Some((d, _)))) = earlier
        && d == doc
    {
        item.fields.cover_media_id = Some(cover);
        return Ok(Ok(None));
    }
    match crate::publications::cover_from_pdf(app, conn, doc, actor)? {
        Some(cover) => {
            item.fields.cover_media_id = Some(cover);
            Ok(Ok(None))
        }
        None => Ok(Ok(Some(format!(
            "Không tạo được ảnh bìa từ trang đầu của “{given}”; ấn phẩm vẫn được nhập, không có ảnh bìa (ghi cover_image để có ảnh bìa)."
        )))),
    }
}

/// [`import_jsonl`], reading cover images relative to `folder` (the JSON Lines file's folder)
/// into the media library when the application stores media.
pub fn import_jsonl_from(
    app: &App,
    conn: &mut Conn,
    actor: &Actor,
    input: &[u8],
    folder: Option<&std::path::Path>,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<ImportReport> {
    let input = input.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(input);
    let mut lines: Vec<&[u8]> = input.split(|b| *b == b'\n').collect();
    // A final line break ends the last line; it does not start another.
    if lines.last().is_some_and(|l| l.is_empty()) {
        lines.pop();
    }
    let total = lines.len();
    let orgs = OrgIndex::load(conn)?;
    let now = app.now();
    let mut report = ImportReport::default();
    let mut seen: HashMap<String, u64> = HashMap::new();
    let mut batch: Vec<Item> = Vec::with_capacity(BATCH);
    let mut cache = PlanCache::default();
    let flush = |conn: &mut Conn,
                 cache: &mut PlanCache,
                 batch: &mut Vec<Item>,
                 report: &mut ImportReport|
     -> Result<()> {
        if batch.is_empty() {
            return Ok(());
        }
        let outcomes = write_tx(conn, |c| {
            batch
                .iter()
                .map(|item| save(c, cache, item, actor, now).map(|o| (item.line, o)))
                .collect::<Result<Vec<_>>>()
        })?;
        for (line, o) in outcomes {
            match o {
                Outcome::Created => report.created += 1,
                Outcome::Updated => report.updated += 1,
                Outcome::Unchanged => report.unchanged += 1,
                Outcome::Renamed { slug, created } => {
                    if created {
                        report.created += 1;
                    } else {
                        report.updated += 1;
                    }
                    report.warnings.push(RejectedLine {
                        line,
                        field: "slug".into(),
                        reason: format!("Đường dẫn đã có nội dung khác dùng; đã dùng “{slug}”."),
                    });
                }
                Outcome::Skipped(state) => {
                    report.skipped += 1;
                    report.warnings.push(RejectedLine {
                        line,
                        field: "external_id".into(),
                        reason: format!("Nội dung này đang ở trạng thái “{state}” trên cổng (người duyệt đã đưa ra khỏi công khai); không ghi đè, bỏ qua dòng."),
                    });
                }
            }
        }
        batch.clear();
        Ok(())
    };
    for (i, bytes) in lines.iter().enumerate() {
        let line = u64::try_from(i + 1).unwrap_or(u64::MAX);
        let Ok(raw) = std::str::from_utf8(bytes) else {
            report.lines += 1;
            report.rejected.push(RejectedLine {
                line,
                field: String::new(),
                reason: "Dòng có ký tự không đọc được; hãy lưu tệp ở bảng mã UTF-8.".into(),
            });
            continue;
        };
        let raw = raw.trim_end_matches('\r');
        if raw.trim().is_empty() {
            continue;
        }
        report.lines += 1;
        match check_line(line, raw, &orgs, now) {
            Err(problems) => {
                for (field, reason) in problems {
                    report.rejected.push(RejectedLine {
                        line,
                        field,
                        reason,
                    });
                }
            }
            Ok((mut item, mut remarks)) => {
                if let Some(first) = seen.get(&item.external_id) {
                    report.rejected.push(RejectedLine {
                        line,
                        field: "external_id".into(),
                        reason: format!("Trùng external_id với dòng {first}: mỗi nội dung chỉ ghi một lần trong tệp."),
                    });
                    continue;
                }
                seen.insert(item.external_id.clone(), line);
                // The PDF first: a refused one refuses the line before a cover is stored.
                match attach_document(app, conn, actor, &mut item, folder)? {
                    Ok(None) => {}
                    Ok(Some(remark)) => remarks.push(("cover_image".into(), remark)),
                    Err(reason) => {
                        report.rejected.push(RejectedLine {
                            line,
                            field: "document_path".into(),
                            reason,
                        });
                        continue;
                    }
                }
                if let Some(remark) = attach_cover(app, conn, actor, &mut item, folder)? {
                    remarks.push(("cover_image".into(), remark));
                }
                for (field, reason) in remarks {
                    report.warnings.push(RejectedLine {
                        line,
                        field,
                        reason,
                    });
                }
                batch.push(item);
            }
        }
        if batch.len() >= BATCH {
            flush(conn, &mut cache, &mut batch, &mut report)?;
            progress(i + 1, total);
        }
    }
    flush(conn, &mut cache, &mut batch, &mut report)?;
    progress(total, total);
    report.warnings.sort_by_key(|w| w.line);
    Ok(report)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn publication_dates_in_the_forms_people_write() {
        let utc = |s: &str| NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap();
        assert_eq!(
            parse_published_at("2024-05-20T09:00:00+07:00"),
            Some(utc("2024-05-20 02:00"))
        );
        assert_eq!(
            parse_published_at("2024-05-20T02:00:00Z"),
            Some(utc("2024-05-20 02:00"))
        );
        assert_eq!(
            parse_published_at("2024-05-20 09:00"),
            Some(utc("2024-05-20 02:00"))
        );
        assert_eq!(
            parse_published_at("2024-05-20"),
            Some(utc("2024-05-19 17:00"))
        );
        assert_eq!(
            parse_published_at("20/05/2024"),
            Some(utc("2024-05-19 17:00"))
        );
        for bad in ["20-05-2024", "2024-02-30", "hôm qua", "", "05/20/2024"] {
            assert_eq!(parse_published_at(bad), None, "{bad}");
        }
    }

    #[test]
    fn topics_and_audiences_by_code_or_section() {
        assert_eq!(topic_code("iv-2-b"), Some("iv-2-b"));
        assert_eq!(topic_code("IV.2.đ"), Some("iv-2-dd"));
        assert_eq!(topic_code("IV-2-B"), Some("iv-2-b"));
        assert_eq!(topic_code("iv-9"), None);
        assert_eq!(audience_code("III.1"), Some("iii-1"));
        assert_eq!(audience_code("iii-5"), Some("iii-5"));
    }
}
