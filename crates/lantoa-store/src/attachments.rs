//! Attachments of plans and reports (docs/adr/0020-attachments.md): one row per attached
//! file; the file itself lives under `<data_dir>/attachments`, named by its content hash.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::schema::attachments;
use crate::{Conn, StoreResult};

#[derive(Debug, Clone, PartialEq, Eq, Queryable, Selectable)]
#[diesel(table_name = attachments)]
pub struct AttachmentRow {
    pub id: i64,
    pub plan_id: i64,
    /// `None`: an attachment of the plan itself (public).
    pub report_id: Option<i64>,
    /// The stored file: `<32 hex>.<ext>`.
    pub name: String,
    /// `pdf`, `docx`, `xlsx`, `jpg` or `png`.
    pub file_type: String,
    pub sha256: String,
    pub bytes: i64,
    pub original_name: String,
    pub title: String,
    pub description: String,
    pub uploaded_by: Option<i64>,
    pub uploaded_at: NaiveDateTime,
}

/// A new attachment.
#[derive(Debug, Clone)]
pub struct NewAttachment<'a> {
    pub plan_id: i64,
    pub report_id: Option<i64>,
    pub name: &'a str,
    pub file_type: &'a str,
    pub sha256: &'a str,
    pub bytes: i64,
    pub original_name: &'a str,
    pub title: &'a str,
    pub description: &'a str,
    pub uploaded_by: Option<i64>,
}

pub fn insert(conn: &mut Conn, a: &NewAttachment<'_>, now: NaiveDateTime) -> StoreResult<i64> {
    Ok(diesel::insert_into(attachments::table)
        .values((
            attachments::plan_id.eq(a.plan_id),
            attachments::report_id.eq(a.report_id),
            attachments::name.eq(a.name),
            attachments::file_type.eq(a.file_type),
            attachments::sha256.eq(a.sha256),
            attachments::bytes.eq(a.bytes),
            attachments::original_name.eq(a.original_name),
            attachments::title.eq(a.title),
            attachments::description.eq(a.description),
            attachments::uploaded_by.eq(a.uploaded_by),
            attachments::uploaded_at.eq(now),
        ))
        .returning(attachments::id)
        .get_result(conn)?)
}

pub fn get(conn: &mut Conn, id: i64) -> StoreResult<Option<AttachmentRow>> {
    Ok(attachments::table
        .find(id)
        .select(AttachmentRow::as_select())
        .first(conn)
        .optional()?)
}

/// The plan's own attachments (not its reports'), oldest first.
pub fn of_plan(conn: &mut Conn, plan_id: i64) -> StoreResult<Vec<AttachmentRow>> {
    Ok(attachments::table
        .filter(attachments::plan_id.eq(plan_id))
        .filter(attachments::report_id.is_null())
        .order(attachments::id.asc())
        .select(AttachmentRow::as_select())
        .load(conn)?)
}

/// The attachments of these reports, oldest first.
pub fn of_reports(conn: &mut Conn, report_ids: &[i64]) -> StoreResult<Vec<AttachmentRow>> {
    if report_ids.is_empty() {
        return Ok(Vec::new());
    }
    Ok(attachments::table
        .filter(attachments::report_id.eq_any(report_ids.to_vec()))
        .order(attachments::id.asc())
        .select(AttachmentRow::as_select())
        .load(conn)?)
}

pub fn delete(conn: &mut Conn, id: i64) -> StoreResult<()> {
    diesel::delete(attachments::table.find(id)).execute(conn)?;
    Ok(())
}

/// Does any attachment other than `except` keep the stored file `name`?
pub fn file_in_use(conn: &mut Conn, name: &str, except: i64) -> StoreResult<bool> {
    let n: i64 = attachments::table
        .filter(attachments::name.eq(name))
        .filter(attachments::id.ne(except))
        .count()
        .get_result(conn)?;
    Ok(n > 0)
}

/// Every stored file name any attachment keeps (for the orphan sweep).
pub fn all_names(conn: &mut Conn) -> StoreResult<Vec<String>> {
    Ok(attachments::table
        .select(attachments::name)
        .distinct()
        .load(conn)?)
}

/// The plan an attachment belongs to.
pub fn plan_of(conn: &mut Conn, plan_id: i64) -> StoreResult<Option<crate::plans::PlanRow>> {
    use crate::schema::plans;
    Ok(plans::table
        .find(plan_id)
        .select(crate::plans::PlanRow::as_select())
        .first(conn)
        .optional()?)
}
