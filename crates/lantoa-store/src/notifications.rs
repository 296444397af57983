//! In-app notifications to organisations.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use lantoa_domain::OrgId;

use crate::schema::notifications;
use crate::{Conn, StoreResult};

#[derive(Debug, Clone, PartialEq, Eq, Queryable, Selectable)]
#[diesel(table_name = notifications)]
pub struct NotificationRow {
    pub id: i64,
    pub organisation_id: i64,
    pub kind: String,
    pub message: String,
    pub link: String,
    pub created_at: NaiveDateTime,
}

/// Adds a notification unless one with the same `dedupe_key` exists. Returns whether it was new.
pub fn add_once(
    conn: &mut Conn,
    org: OrgId,
    kind: &str,
    message: &str,
    link: &str,
    dedupe_key: &str,
    now: NaiveDateTime,
) -> StoreResult<bool> {
    let exists = notifications::table
        .filter(notifications::dedupe_key.eq(dedupe_key))
        .count()
        .get_result::<i64>(conn)?
        > 0;
    if exists {
        return Ok(false);
    }
    diesel::insert_into(notifications::table)
        .values((
            notifications::organisation_id.eq(org.0),
            notifications::kind.eq(kind),
            notifications::message.eq(message),
            notifications::link.eq(link),
            notifications::dedupe_key.eq(dedupe_key),
            notifications::created_at.eq(now),
        ))
        .execute(conn)?;
    Ok(true)
}

/// The latest notifications of these organisations.
pub fn latest(conn: &mut Conn, orgs: &[OrgId], limit: i64) -> StoreResult<Vec<NotificationRow>> {
    Ok(notifications::table
        .filter(notifications::organisation_id.eq_any(orgs.iter().map(|o| o.0).collect::<Vec<_>>()))
        .order((notifications::created_at.desc(), notifications::id.desc()))
        .limit(limit)
        .select(NotificationRow::as_select())
        .load(conn)?)
}
