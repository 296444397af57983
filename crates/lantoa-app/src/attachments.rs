//! Attachments of plans and reports (issue 5, points 1 and 4; docs/adr/0020-attachments.md).
//!
//! A plan's attachments (the signed scan, appendices) are public on its page and managed by
//! the plan owner and system administrators. A report's attachments (minutes, photos of an
//! event, a spreadsheet of figures) are private: only those who may read the report get them,
//! through the back office, and only its unit's editors add or remove them while the report
//! is editable (draft or returned).
//!
//! A file's type is decided by its bytes: PDF, JPEG and PNG by `media::sniff`; DOCX and XLSX
//! by opening the ZIP's central directory (entry count and declared uncompressed size capped
//! before anything is inflated) and finding `[Content_Types].xml` and the main part
//! (`word/document.xml` or `xl/workbook.xml`) with its non-macro content type. The file is
//! kept as sent under `<dir>/<first two hex digits>/<sha256 prefix>.<ext>`.

use std::io::{Cursor, Read};
use std::path::{Path, PathBuf};

use lantoa_domain::access::Principal;
use lantoa_domain::report::ReportState;
use lantoa_domain::{OrgId, PlanId};
use lantoa_store::attachments::{self as store, AttachmentRow, NewAttachment};
use lantoa_store::plans::PlanRow;
use lantoa_store::reports as store_reports;
use lantoa_store::{Conn, write_tx};
use sha2::{Digest, Sha256};

use crate::audit::{self, Actor};
use crate::media::{self, FileType, Upload, human_size};
use crate::reports::{self, ReportKey};
use crate::{App, Error, FieldErrors, RequestMeta, Result};

/// Where attachment files go and how large one may be. `dir` is `<data_dir>/attachments` in
/// `serve`; the limit is `media.max_upload_bytes`.
#[derive(Debug, Clone)]
pub struct AttachmentsConfig {
    /// `None`: this process stores no files (uploads are refused with a message).
    pub dir: Option<PathBuf>,
    pub max_bytes: usize,
}

impl Default for AttachmentsConfig {
    fn default() -> Self {
        AttachmentsConfig {
            dir: None,
            max_bytes: media::DEFAULT_MAX_UPLOAD_BYTES,
        }
    }
}

impl AttachmentsConfig {
    pub fn in_dir(dir: impl Into<PathBuf>) -> AttachmentsConfig {
        AttachmentsConfig {
            dir: Some(dir.into()),
            ..AttachmentsConfig::default()
        }
    }
}

/// At most this many entries in a DOCX/XLSX (a long report has a few dozen).
pub const MAX_ZIP_ENTRIES: usize = 1_000;
/// At most this much inflated content, as the ZIP's directory declares it.
pub const MAX_ZIP_UNCOMPRESSED: u64 = 100_000_000;
/// `[Content_Types].xml` is read up to this size (a real one is a few KB).
const MAX_CONTENT_TYPES: u64 = 256 * 1024;

/// An accepted attachment type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AttachmentType {
    Pdf,
    Docx,
    Xlsx,
    Jpeg,
    Png,
}

const TYPES: [AttachmentType; 5] = [
    AttachmentType::Pdf,
    AttachmentType::Docx,
    AttachmentType::Xlsx,
    AttachmentType::Jpeg,
    AttachmentType::Png,
];

impl AttachmentType {
    pub fn ext(self) -> &'static str {
        match self {
            AttachmentType::Pdf => "pdf",
            AttachmentType::Docx => "docx",
            AttachmentType::Xlsx => "xlsx",
            AttachmentType::Jpeg => "jpg",
            AttachmentType::Png => "png",
        }
    }

    pub fn content_type(self) -> &'static str {
        match self {
            AttachmentType::Pdf => "application/pdf",
            AttachmentType::Docx => {
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
            }
            AttachmentType::Xlsx => {
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            }
            AttachmentType::Jpeg => "image/jpeg",
            AttachmentType::Png => "image/png",
        }
    }

    /// How the lists name it: "PDF", "Word", "Excel", "Ảnh JPEG", "Ảnh PNG".
    pub fn label(self) -> &'static str {
        match self {
            AttachmentType::Pdf => "PDF",
            AttachmentType::Docx => "Word",
            AttachmentType::Xlsx => "Excel",
            AttachmentType::Jpeg => "Ảnh JPEG",
            AttachmentType::Png => "Ảnh PNG",
        }
    }

    pub fn from_ext(ext: &str) -> Option<AttachmentType> {
        TYPES.into_iter().find(|t| t.ext() == ext)
    }
}

/// Why a file was refused; [`Refusal::message`] says it in Vietnamese.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// No file was chosen.
    Missing,
    /// A file of 0 bytes.
    Empty,
    TooLarge {
        size: usize,
        max: usize,
    },
    UnknownType,
    /// A ZIP that is not a Word or Excel document.
    NotOffice,
    /// A Word or Excel document with macros (`.docm`, `.xlsm`).
    Macros,
    /// Too many entries or too much declared content in the ZIP.
    ZipBomb,
    Corrupt,
}

impl Refusal {
    pub fn message(&self) -> String {
        match self {
            Refusal::Missing => "Vui lòng chọn tệp để đính kèm.".into(),
            Refusal::Empty => "Tệp đã chọn trống (0 byte). Vui lòng chọn tệp khác.".into(),
            Refusal::TooLarge { size, max } => format!(
                "Tệp quá lớn ({}): tối đa {}. Hãy nén tệp PDF, giảm cỡ ảnh hoặc chia thành nhiều tệp.",
                human_size(*size as u64),
                human_size(*max as u64)
            ),
            Refusal::UnknownType => "Tệp này không phải tài liệu PDF, văn bản Word (.docx), bảng tính Excel (.xlsx) hay ảnh JPEG, PNG (cổng xét nội dung tệp, không xét tên hay đuôi tệp). Vui lòng chọn tệp khác.".into(),
            Refusal::NotOffice => "Tệp nén (ZIP) này không phải văn bản Word (.docx) hay bảng tính Excel (.xlsx). Hãy mở tệp bằng Word hoặc Excel, lưu lại dưới dạng .docx hoặc .xlsx rồi tải lên.".into(),
            Refusal::Macros => "Tệp Word, Excel có macro (.docm, .xlsm) không được nhận. Hãy lưu lại dưới dạng .docx hoặc .xlsx rồi tải lên.".into(),
            Refusal::ZipBomb => "Tệp chứa quá nhiều thành phần hoặc dung lượng khi giải nén quá lớn; cổng không nhận tệp này.".into(),
            Refusal::Corrupt => "Tệp bị hỏng hoặc không đầy đủ. Hãy mở tệp trên máy, lưu (xuất) lại rồi tải lên.".into(),
        }
    }
}

/// The type of an attachment by its content, or why it is refused.
pub fn sniff(bytes: &[u8]) -> std::result::Result<AttachmentType, Refusal> {
    if bytes.is_empty() {
        return Err(Refusal::Empty);
    }
    match media::sniff(bytes) {
        Some(FileType::Pdf) => {
            let tail = &bytes[bytes.len().saturating_sub(1024)..];
            if tail.windows(5).any(|w| w == b"%%EOF") {
                Ok(AttachmentType::Pdf)
            } else {
                Err(Refusal::Corrupt)
            }
        }
        Some(FileType::Jpeg) if media::jpeg_complete(bytes) => Ok(AttachmentType::Jpeg),
        Some(FileType::Jpeg) => Err(Refusal::Corrupt),
        Some(FileType::Png) if bytes.ends_with(b"IEND\xaeB`\x82") => Ok(AttachmentType::Png),
        Some(FileType::Png) => Err(Refusal::Corrupt),
        Some(FileType::Gif | FileType::Webp | FileType::Mp4 | FileType::Webm | FileType::Vtt) => {
            Err(Refusal::UnknownType)
        }
        None if bytes.starts_with(b"PK\x03\x04") => office(bytes),
        None => Err(Refusal::UnknownType),
    }
}

/// A DOCX or XLSX: reads only the ZIP's central directory and `[Content_Types].xml` (capped).
fn office(bytes: &[u8]) -> std::result::Result<AttachmentType, Refusal> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|_| Refusal::Corrupt)?;
    if zip.len() > MAX_ZIP_ENTRIES {
        return Err(Refusal::ZipBomb);
    }
    let mut total: u64 = 0;
    let (mut types, mut word, mut excel, mut macros) = (false, false, false, false);
    for i in 0..zip.len() {
        let entry = zip.by_index_raw(i).map_err(|_| Refusal::Corrupt)?;
        total = total.saturating_add(entry.size());
        let name = entry.name().map_err(|_| Refusal::Corrupt)?;
        match name.as_ref() {
            "[Content_Types].xml" => types = true,
            "word/document.xml" => word = true,
            "xl/workbook.xml" => excel = true,
            n if n.ends_with("vbaProject.bin") => macros = true,
            _ => {}
        }
    }
    if total > MAX_ZIP_UNCOMPRESSED {
        return Err(Refusal::ZipBomb);
    }
    if !types || word == excel {
        return Err(Refusal::NotOffice);
    }
    if macros {
        return Err(Refusal::Macros);
    }
    let mut xml = String::new();
    zip.by_name("[Content_Types].xml")
        .map_err(|_| Refusal::Corrupt)?
        .take(MAX_CONTENT_TYPES)
        .read_to_string(&mut xml)
        .map_err(|_| Refusal::Corrupt)?;
    let (main, kind) = if word {
        ("wordprocessingml.document.main+xml", AttachmentType::Docx)
    } else {
        ("spreadsheetml.sheet.main+xml", AttachmentType::Xlsx)
    };
    if xml.contains(main) {
        Ok(kind)
    } else if xml.contains("macroEnabled") {
        Err(Refusal::Macros)
    } else {
        Err(Refusal::NotOffice)
    }
}

/// The file's name as shown: its base name, no control characters, NFC, at most 200 chars.
pub fn clean_name(name: &str) -> String {
    let base = name.rsplit(['/', '\\']).next().unwrap_or_default();
    let base: String = base.chars().filter(|c| !c.is_control()).take(200).collect();
    lantoa_viet::normalize(base.trim())
}

/// The name a download is saved under: the original name's stem with the extension of the
/// type the bytes are (a `.pdf.exe` that is a PDF is saved as `….pdf`).
pub fn download_name(original: &str, kind: AttachmentType) -> String {
    let base = clean_name(original);
    let stem = match base.rsplit_once('.') {
        Some((s, _)) if !s.trim().is_empty() => s.trim().to_owned(),
        _ if base.is_empty() => "tai-lieu".to_owned(),
        _ => base.clone(),
    };
    format!("{stem}.{}", kind.ext())
}

/// `Content-Disposition: attachment` with an ASCII `filename` (diacritics folded, anything
/// else `_`) and the exact name as RFC 5987 `filename*`.
pub fn content_disposition(original: &str, kind: AttachmentType) -> String {
    let name = download_name(original, kind);
    let ascii: String = name
        .chars()
        .map(|c| {
            // A Vietnamese letter without its marks, in its case ("Đ" → "D", "ệ" → "e").
            let c = if c.is_ascii() {
                c
            } else {
                let base = lantoa_viet::fold(&c.to_string())
                    .chars()
                    .next()
                    .unwrap_or('_');
                if c.is_uppercase() {
                    base.to_ascii_uppercase()
                } else {
                    base
                }
            };
            if c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_' | ' ' | '(' | ')') {
                c
            } else {
                '_'
            }
        })
        .collect();
    let mut encoded = String::new();
    for b in name.bytes() {
        if b.is_ascii_alphanumeric() || b"!#$&+-.^_`|~".contains(&b) {
            encoded.push(char::from(b));
        } else {
            encoded.push_str(&format!("%{b:02X}"));
        }
    }
    format!("attachment; filename=\"{ascii}\"; filename*=UTF-8''{encoded}")
}

/// `<first 32 hex digits of the SHA-256>.<ext>`.
fn stored_name(sha256_hex: &str, kind: AttachmentType) -> String {
    format!("{}.{}", &sha256_hex[..32], kind.ext())
}

/// Where a stored file lives, if `name` is one (`<32 hex>.<ext>`).
pub fn path_in(dir: &Path, name: &str) -> Option<PathBuf> {
    let (hash, ext) = name.split_once('.')?;
    let ok = hash.len() == 32 && hash.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'));
    (ok && AttachmentType::from_ext(ext).is_some()).then(|| dir.join(&name[..2]).join(name))
}

/// What is attached to: a plan, or one organisation's report of a period.
#[derive(Debug, Clone)]
#[expect(
    clippy::large_enum_variant,
    reason = "one value per request, never stored in bulk"
)]
pub enum Owner {
    Plan(PlanRow),
    Report(ReportKey),
}

impl Owner {
    fn plan(&self) -> &PlanRow {
        match self {
            Owner::Plan(p) => p,
            Owner::Report(k) => &k.plan,
        }
    }
}

/// One attachment as the pages show it.
#[derive(Debug, Clone)]
pub struct AttachmentView {
    pub row: AttachmentRow,
    pub kind: AttachmentType,
    /// "PDF, 1,2 MB".
    pub summary: String,
    pub uploaded_at: String,
}

impl AttachmentView {
    fn of(row: AttachmentRow) -> AttachmentView {
        let kind = AttachmentType::from_ext(&row.file_type).unwrap_or(AttachmentType::Pdf);
        AttachmentView {
            summary: format!(
                "{}, {}",
                kind.label(),
                human_size(u64::try_from(row.bytes).unwrap_or(0))
            ),
            uploaded_at: crate::clock::format_vn(row.uploaded_at),
            kind,
            row,
        }
    }
}

/// May this principal read the report's attachments? The same people as the report: its
/// unit's members, the lead department's approvers, the plan owner, system administrators.
fn may_read_report(principal: &Principal, plan: &PlanRow, org: OrgId) -> bool {
    principal.reader_of(org).is_ok() || reports::may_review(principal, plan)
}

/// The plan's attachments (public).
pub fn of_plan(conn: &mut Conn, plan: PlanId) -> Result<Vec<AttachmentView>> {
    Ok(store::of_plan(conn, plan.0)?
        .into_iter()
        .map(AttachmentView::of)
        .collect())
}

/// May this principal add and remove the plan's attachments?
pub fn may_manage_plan(principal: &Principal) -> bool {
    principal.province_editor().is_ok()
}

/// The report's attachments, for those who may read the report.
pub fn of_report(
    conn: &mut Conn,
    principal: &Principal,
    key: &ReportKey,
) -> Result<Vec<AttachmentView>> {
    if !may_read_report(principal, &key.plan, key.org.org_id()) {
        return Err(Error::Denied);
    }
    of_report_unchecked(conn, key)
}

pub(crate) fn of_report_unchecked(conn: &mut Conn, key: &ReportKey) -> Result<Vec<AttachmentView>> {
    let Some(row) = store_reports::find(
        conn,
        key.plan.plan_id(),
        key.org.org_id(),
        key.period.kind.code(),
        key.period.year,
    )?
    else {
        return Ok(Vec::new());
    };
    Ok(store::of_reports(conn, &[row.id])?
        .into_iter()
        .map(AttachmentView::of)
        .collect())
}

/// The attachments of several reports, by report id (the consolidated view).
pub fn of_reports(
    conn: &mut Conn,
    report_ids: &[i64],
) -> Result<std::collections::HashMap<i64, Vec<AttachmentView>>> {
    let mut out: std::collections::HashMap<i64, Vec<AttachmentView>> = Default::default();
    for r in store::of_reports(conn, report_ids)? {
        if let Some(id) = r.report_id {
            out.entry(id).or_default().push(AttachmentView::of(r));
        }
    }
    Ok(out)
}

/// Why a report's attachments cannot change now, if they cannot.
pub fn report_locked_message(state: ReportState) -> Option<&'static str> {
    match state {
        ReportState::Draft | ReportState::Returned => None,
        ReportState::Submitted => Some(
            "Báo cáo đã gửi và đang chờ đơn vị chủ trì xem xét: không thêm, xóa tài liệu kèm theo được. Nếu cần sửa, hãy đề nghị đơn vị chủ trì trả lại báo cáo.",
        ),
        ReportState::Accepted => Some(
            "Báo cáo đã được tiếp nhận và khóa: không thêm, xóa tài liệu kèm theo được trừ khi đơn vị chủ trì mở lại báo cáo.",
        ),
    }
}

/// Checks that the principal may change the owner's attachments now; the report's id, when
/// it exists (a report not started yet has none: the first upload creates its draft).
fn check_write(conn: &mut Conn, principal: &Principal, owner: &Owner) -> Result<Option<i64>> {
    match owner {
        Owner::Plan(_) => {
            principal.province_editor()?;
            Ok(None)
        }
        Owner::Report(key) => {
            principal.editor_of(key.org.org_id())?;
            let row = store_reports::find(
                conn,
                key.plan.plan_id(),
                key.org.org_id(),
                key.period.kind.code(),
                key.period.year,
            )?;
            let state = row
                .as_ref()
                .and_then(|r| ReportState::from_code(&r.state))
                .unwrap_or(ReportState::Draft);
            if let Some(m) = report_locked_message(state) {
                return Err(Error::Conflict(m.into()));
            }
            Ok(row.map(|r| r.id))
        }
    }
}

/// The upload form's text fields as typed.
#[derive(Debug, Clone, Default, serde::Deserialize, serde::Serialize)]
#[serde(default)]
pub struct AttachmentForm {
    pub title: String,
    pub description: String,
}

fn one_line(s: &str) -> String {
    lantoa_viet::normalize(s.trim())
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// Writes `bytes` to `path` through a temporary name; `Ok(true)` when this call created it.
fn write_file(path: &Path, bytes: &[u8]) -> std::io::Result<bool> {
    if path.exists() {
        return Ok(false);
    }
    let folder = path.parent().unwrap_or(path);
    std::fs::create_dir_all(folder)?;
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("tep");
    let tmp = folder.join(format!(".{name}.{}.tmp", std::process::id()));
    std::fs::write(&tmp, bytes)?;
    if let Err(e) = std::fs::rename(&tmp, path) {
        let _ = std::fs::remove_file(&tmp);
        return Err(e);
    }
    Ok(true)
}

fn remove_file(path: &Path) {
    if let Err(e) = std::fs::remove_file(path)
        && e.kind() != std::io::ErrorKind::NotFound
    {
        tracing::warn!(file = %path.display(), error = %e, "removing an attachment file failed");
    }
}

/// Attaches a file. Every problem with the input comes back as a message beside its field
/// (`title`, `description`, `file`); a locked report is a conflict with its reason. The file
/// is written before its row; if the transaction fails, a file this call created is removed.
pub fn upload(
    app: &App,
    conn: &mut Conn,
    principal: &Principal,
    owner: &Owner,
    form: &AttachmentForm,
    file: &Upload,
    meta: &RequestMeta,
) -> Result<i64> {
    let existing_report = check_write(conn, principal, owner)?;
    let mut errors = FieldErrors::default();
    let title = one_line(&form.title);
    if title.is_empty() {
        errors.add(
            "title",
            "Vui lòng nhập tên tài liệu, ví dụ: Biên bản hội nghị tư vấn tuyển sinh.",
        );
    } else if title.chars().count() > 300 {
        errors.add("title", "Tên tài liệu không quá 300 ký tự.");
    }
    let description = lantoa_viet::normalize(form.description.trim());
    if description.chars().count() > 2_000 {
        errors.add("description", "Mô tả không quá 2.000 ký tự.");
    }
    let max = app.attachments.max_bytes;
    let kind = if let Some(size) = file.dropped_size {
        Err(Refusal::TooLarge { size, max })
    } else if file.bytes.is_empty() && file.original_name.trim().is_empty() {
        Err(Refusal::Missing)
    } else if file.bytes.len() > max {
        Err(Refusal::TooLarge {
            size: file.bytes.len(),
            max,
        })
    } else {
        sniff(&file.bytes)
    };
    let kind = kind.map_err(|r| errors.add("file", r.message())).ok();
    errors.into_result()?;
    let kind = kind.ok_or_else(|| Error::Internal("validated attachment without type".into()))?;
    let dir = app.attachments.dir.as_deref().ok_or_else(|| {
        Error::Conflict(
            "Máy chủ chưa có thư mục lưu tệp (storage.data_dir); hãy báo quản trị hệ thống.".into(),
        )
    })?;

    let sha256: String = Sha256::digest(&file.bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    let name = stored_name(&sha256, kind);
    let path = path_in(dir, &name).ok_or_else(|| Error::Internal("bad stored name".into()))?;
    let created = write_file(&path, &file.bytes)
        .map_err(|e| Error::Internal(format!("writing attachment to {}: {e}", path.display())))?;
    let original_name = clean_name(&file.original_name);
    let now = app.now();
    let actor = Actor::principal(principal, meta);
    let plan = owner.plan();
    let result = write_tx(conn, |c| {
        let report_id = match (owner, existing_report) {
            (Owner::Plan(_), _) => None,
            (Owner::Report(_), Some(id)) => Some(id),
            (Owner::Report(key), None) => Some(store_reports::insert(
                c,
                key.plan.plan_id(),
                key.org.org_id(),
                key.period.kind.code(),
                key.period.year,
                now,
            )?),
        };
        let id = store::insert(
            c,
            &NewAttachment {
                plan_id: plan.id,
                report_id,
                name: &name,
                file_type: kind.ext(),
                sha256: &sha256,
                bytes: i64::try_from(file.bytes.len()).unwrap_or(i64::MAX),
                original_name: &original_name,
                title: &title,
                description: &description,
                uploaded_by: Some(principal.user.0),
            },
            now,
        )?;
        let org = match owner {
            Owner::Plan(p) => p.lead_id.map(OrgId),
            Owner::Report(k) => Some(k.org.org_id()),
        };
        audit::record(
            c,
            now,
            &actor,
            "attachment.upload",
            ("attachment", id.to_string()),
            org,
            serde_json::json!({
                "plan": plan.slug,
                "report": report_id,
                "title": title,
                "name": original_name,
                "type": kind.ext(),
                "bytes": file.bytes.len(),
                "sha256": sha256,
            }),
        )?;
        Ok::<_, Error>(id)
    });
    if result.is_err() && created {
        // Nothing half-written: the row is not there, so neither is the file this call made.
        remove_file(&path);
    }
    result
}

/// An attachment with what decides who may see and change it.
#[derive(Debug, Clone)]
pub struct Located {
    pub view: AttachmentView,
    pub owner: Owner,
}

/// Finds an attachment and its owner (no permission check).
fn locate(conn: &mut Conn, id: i64) -> Result<Located> {
    let row = store::get(conn, id)?.ok_or(Error::NotFound)?;
    let plan = store::plan_of(conn, row.plan_id)?.ok_or(Error::NotFound)?;
    let owner = match row.report_id {
        None => Owner::Plan(plan),
        Some(r) => {
            let report = store_reports::get(conn, r)?.ok_or(Error::NotFound)?;
            let kind = lantoa_domain::plan::PeriodKind::from_code(&report.period_kind)
                .ok_or(Error::NotFound)?;
            let code = lantoa_domain::product::period_code(kind, report.year);
            let period = crate::periods::find(conn, &plan, &code)?;
            let org = lantoa_store::orgs::get(conn, OrgId(report.organisation_id))?
                .ok_or(Error::NotFound)?;
            Owner::Report(ReportKey { plan, period, org })
        }
    };
    Ok(Located {
        view: AttachmentView::of(row),
        owner,
    })
}

/// An attachment for the back office: a plan's for anyone signed in to it, a report's for
/// those who may read the report.
pub fn get(conn: &mut Conn, principal: &Principal, id: i64) -> Result<Located> {
    let l = locate(conn, id)?;
    match &l.owner {
        Owner::Plan(_) if principal.can_enter_back_office() => {}
        Owner::Report(k) if may_read_report(principal, &k.plan, k.org.org_id()) => {}
        _ => return Err(Error::Denied),
    }
    Ok(l)
}

/// May this principal delete the attachment now? `Err` with the reason when the report is
/// locked.
pub fn may_delete(conn: &mut Conn, principal: &Principal, l: &Located) -> Result<()> {
    check_write(conn, principal, &l.owner).map(|_| ())
}

/// A stored file's bytes.
fn read(app: &App, name: &str) -> Result<Vec<u8>> {
    let dir = app.attachments.dir.as_deref().ok_or(Error::NotFound)?;
    let path = path_in(dir, name).ok_or(Error::NotFound)?;
    match std::fs::read(&path) {
        Ok(b) => Ok(b),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Err(Error::NotFound),
        Err(e) => Err(Error::Internal(format!("reading {}: {e}", path.display()))),
    }
}

/// A file to send: its bytes, type and `Content-Disposition`.
#[derive(Debug, Clone)]
pub struct Download {
    pub bytes: Vec<u8>,
    pub content_type: &'static str,
    pub disposition: String,
}

fn download(app: &App, v: &AttachmentView) -> Result<Download> {
    Ok(Download {
        bytes: read(app, &v.row.name)?,
        content_type: v.kind.content_type(),
        disposition: content_disposition(&v.row.original_name, v.kind),
    })
}

/// A report's (or plan's) attachment through the back office, checked as [`get`].
pub fn back_office_file(
    app: &App,
    conn: &mut Conn,
    principal: &Principal,
    id: i64,
) -> Result<Download> {
    let l = get(conn, principal, id)?;
    download(app, &l.view)
}

/// A plan's attachment for anyone; a report's is "not found" here, whoever asks.
pub fn public_file(app: &App, conn: &mut Conn, plan_slug: &str, id: i64) -> Result<Download> {
    let row = store::get(conn, id)?.ok_or(Error::NotFound)?;
    let plan = lantoa_store::plans::by_slug(conn, plan_slug)?.ok_or(Error::NotFound)?;
    if row.report_id.is_some() || row.plan_id != plan.id {
        return Err(Error::NotFound);
    }
    download(app, &AttachmentView::of(row))
}

/// Removes an attachment (audited); its file goes unless another attachment keeps it.
pub fn delete(
    app: &App,
    conn: &mut Conn,
    principal: &Principal,
    id: i64,
    meta: &RequestMeta,
) -> Result<Located> {
    let l = get(conn, principal, id)?;
    may_delete(conn, principal, &l)?;
    let now = app.now();
    let actor = Actor::principal(principal, meta);
    let row = l.view.row.clone();
    let org = match &l.owner {
        Owner::Plan(p) => p.lead_id.map(OrgId),
        Owner::Report(k) => Some(k.org.org_id()),
    };
    let orphan = write_tx(conn, |c| {
        store::delete(c, id)?;
        audit::record(
            c,
            now,
            &actor,
            "attachment.delete",
            ("attachment", id.to_string()),
            org,
            serde_json::json!({
                "plan": l.owner.plan().slug,
                "report": row.report_id,
                "title": row.title,
                "name": row.original_name,
                "sha256": row.sha256,
            }),
        )?;
        Ok::<_, Error>(!store::file_in_use(c, &row.name, id)?)
    })?;
    if orphan
        && let Some(dir) = app.attachments.dir.as_deref()
        && let Some(path) = path_in(dir, &row.name)
    {
        remove_file(&path);
    }
    Ok(l)
}

/// What an attachments list shows for its owner.
#[derive(Debug, Clone)]
pub struct OwnerView {
    pub owner: Owner,
    pub attachments: Vec<AttachmentView>,
    /// May this principal add and remove attachments now?
    pub can_manage: bool,
    /// Why the report's attachments cannot change now (submitted or accepted).
    pub locked: Option<&'static str>,
}

/// The attachments of a plan (`period` and `org` `None`) or of a report, for a principal
/// who may read them.
pub fn owner_view(
    conn: &mut Conn,
    principal: &Principal,
    plan_slug: &str,
    report: Option<(&str, OrgId)>,
) -> Result<OwnerView> {
    let owner = resolve(conn, plan_slug, report)?;
    match owner {
        Owner::Plan(plan) => {
            if !principal.can_enter_back_office() {
                return Err(Error::Denied);
            }
            Ok(OwnerView {
                attachments: of_plan(conn, plan.plan_id())?,
                can_manage: may_manage_plan(principal),
                locked: None,
                owner: Owner::Plan(plan),
            })
        }
        Owner::Report(key) => {
            let attachments = of_report(conn, principal, &key)?;
            let state = store_reports::find(
                conn,
                key.plan.plan_id(),
                key.org.org_id(),
                key.period.kind.code(),
                key.period.year,
            )?
            .and_then(|r| ReportState::from_code(&r.state))
            .unwrap_or(ReportState::Draft);
            let editor = principal.editor_of(key.org.org_id()).is_ok();
            let locked = report_locked_message(state);
            Ok(OwnerView {
                attachments,
                can_manage: editor && locked.is_none(),
                locked: if editor { locked } else { None },
                owner: Owner::Report(key),
            })
        }
    }
}

/// The owner a plan slug (and a period code and organisation) names.
pub fn resolve(conn: &mut Conn, plan_slug: &str, report: Option<(&str, OrgId)>) -> Result<Owner> {
    Ok(match report {
        None => Owner::Plan(lantoa_store::plans::by_slug(conn, plan_slug)?.ok_or(Error::NotFound)?),
        Some((code, org)) => Owner::Report(reports::key(conn, plan_slug, code, org)?),
    })
}

/// The attachments of a period's accepted reports, by organisation name in the period's
/// order of reports, for the lead department (and system administrators) consolidating.
pub fn of_accepted_reports(
    conn: &mut Conn,
    principal: &Principal,
    plan_slug: &str,
    period_code: &str,
) -> Result<Vec<(String, Vec<AttachmentView>)>> {
    let plan = lantoa_store::plans::by_slug(conn, plan_slug)?.ok_or(Error::NotFound)?;
    if !reports::may_review(principal, &plan) && !principal.is_system_admin {
        return Err(Error::Denied);
    }
    let period = crate::periods::find(conn, &plan, period_code)?;
    let accepted: Vec<_> =
        store_reports::for_period(conn, plan.plan_id(), period.kind.code(), period.year)?
            .into_iter()
            .filter(|r| r.state == ReportState::Accepted.code())
            .collect();
    let ids: Vec<i64> = accepted.iter().map(|r| r.id).collect();
    let mut by_report = of_reports(conn, &ids)?;
    let mut out = Vec::new();
    for r in accepted {
        let Some(list) = by_report.remove(&r.id) else {
            continue;
        };
        let name = lantoa_store::orgs::get(conn, OrgId(r.organisation_id))?
            .map(|o| o.name)
            .unwrap_or_default();
        out.push((name, list));
    }
    out.sort_by(|a, b| lantoa_viet::compare(&a.0, &b.0));
    Ok(out)
}
