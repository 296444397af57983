//! The audit log: who did what, when, from which address. Rows are only ever appended.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use lantoa_domain::OrgId;

use crate::schema::audit_log;
use crate::{Conn, Page, PageRequest, StoreResult};

#[derive(Debug, Clone, PartialEq, Eq, Queryable, Selectable)]
#[diesel(table_name = audit_log)]
pub struct AuditRow {
    pub id: i64,
    pub at: NaiveDateTime,
    pub actor_user_id: Option<i64>,
    pub actor_label: String,
    pub action: String,
    pub target_kind: String,
    pub target_id: String,
    pub organisation_id: Option<i64>,
    pub detail: String,
    pub ip: String,
    pub request_id: String,
}

/// An entry to append.
#[derive(Debug, Clone, Default)]
pub struct NewAudit {
    pub at: NaiveDateTime,
    pub actor_user_id: Option<i64>,
    pub actor_label: String,
    pub action: String,
    pub target_kind: String,
    pub target_id: String,
    pub organisation_id: Option<i64>,
    /// JSON object with the details (never personal data of applicants).
    pub detail: String,
    pub ip: String,
    pub request_id: String,
}

pub fn append(conn: &mut Conn, e: &NewAudit) -> StoreResult<i64> {
    Ok(diesel::insert_into(audit_log::table)
        .values((
            audit_log::at.eq(e.at),
            audit_log::actor_user_id.eq(e.actor_user_id),
            audit_log::actor_label.eq(&e.actor_label),
            audit_log::action.eq(&e.action),
            audit_log::target_kind.eq(&e.target_kind),
            audit_log::target_id.eq(&e.target_id),
            audit_log::organisation_id.eq(e.organisation_id),
            audit_log::detail.eq(&e.detail),
            audit_log::ip.eq(&e.ip),
            audit_log::request_id.eq(&e.request_id),
        ))
        .returning(audit_log::id)
        .get_result(conn)?)
}

/// Filters for [`list`].
#[derive(Debug, Clone, Default)]
pub struct AuditFilter {
    /// Only entries about these organisations (`None`: all entries).
    pub orgs: Option<Vec<OrgId>>,
    pub action: Option<String>,
    pub actor: Option<String>,
}

/// Newest first.
pub fn list(
    conn: &mut Conn,
    filter: &AuditFilter,
    page: PageRequest,
) -> StoreResult<Page<AuditRow>> {
    let build = || {
        let mut q = audit_log::table.into_boxed();
        if let Some(orgs) = &filter.orgs {
            q = q.filter(
                audit_log::organisation_id.eq_any(orgs.iter().map(|o| o.0).collect::<Vec<_>>()),
            );
        }
        if let Some(action) = &filter.action {
            q = q.filter(audit_log::action.eq(action.clone()));
        }
        if let Some(actor) = filter
            .actor
            .as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
        {
            q = q.filter(
                audit_log::actor_label.like(format!("%{}%", actor.replace(['%', '_'], ""))),
            );
        }
        q
    };
    let total = build().count().get_result::<i64>(conn)?;
    let items = build()
        .order(audit_log::id.desc())
        .limit(page.per_page)
        .offset(page.offset())
        .select(AuditRow::as_select())
        .load(conn)?;
    Ok(Page {
        items,
        total,
        page: page.page,
        per_page: page.per_page,
    })
}

/// Distinct action names, for the filter.
pub fn actions(conn: &mut Conn) -> StoreResult<Vec<String>> {
    Ok(audit_log::table
        .select(audit_log::action)
        .distinct()
        .order(audit_log::action.asc())
        .load(conn)?)
}
