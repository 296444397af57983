//! Server-side sessions, kept in the database so that every instance sees them. Only a hash
//! of the session token is stored: a copy of the database does not let anyone sign in.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use lantoa_domain::UserId;

use crate::schema::sessions;
use crate::{Conn, StoreResult};

#[derive(Debug, Clone, PartialEq, Eq, Queryable, Selectable)]
#[diesel(table_name = sessions)]
pub struct SessionRow {
    pub token_hash: String,
    pub user_id: i64,
    pub csrf_token: String,
    pub created_at: NaiveDateTime,
    pub last_seen_at: NaiveDateTime,
    pub expires_at: NaiveDateTime,
    pub ip: String,
    pub user_agent: String,
}

pub fn insert(conn: &mut Conn, s: &SessionRow) -> StoreResult<()> {
    diesel::insert_into(sessions::table)
        .values((
            sessions::token_hash.eq(&s.token_hash),
            sessions::user_id.eq(s.user_id),
            sessions::csrf_token.eq(&s.csrf_token),
            sessions::created_at.eq(s.created_at),
            sessions::last_seen_at.eq(s.last_seen_at),
            sessions::expires_at.eq(s.expires_at),
            sessions::ip.eq(&s.ip),
            sessions::user_agent.eq(&s.user_agent),
        ))
        .execute(conn)?;
    Ok(())
}

/// The session for a token hash if it has not expired at `now`.
pub fn get_live(
    conn: &mut Conn,
    token_hash: &str,
    now: NaiveDateTime,
) -> StoreResult<Option<SessionRow>> {
    Ok(sessions::table
        .find(token_hash)
        .filter(sessions::expires_at.gt(now))
        .select(SessionRow::as_select())
        .first(conn)
        .optional()?)
}

/// Slides the session's expiry forward.
pub fn touch(
    conn: &mut Conn,
    token_hash: &str,
    now: NaiveDateTime,
    expires_at: NaiveDateTime,
) -> StoreResult<()> {
    diesel::update(sessions::table.find(token_hash))
        .set((
            sessions::last_seen_at.eq(now),
            sessions::expires_at.eq(expires_at),
        ))
        .execute(conn)?;
    Ok(())
}

pub fn delete(conn: &mut Conn, token_hash: &str) -> StoreResult<()> {
    diesel::delete(sessions::table.find(token_hash)).execute(conn)?;
    Ok(())
}

/// Signs a user out everywhere (after a password reset or deactivation).
pub fn delete_for_user(conn: &mut Conn, user: UserId) -> StoreResult<usize> {
    Ok(diesel::delete(sessions::table.filter(sessions::user_id.eq(user.0))).execute(conn)?)
}

pub fn purge_expired(conn: &mut Conn, now: NaiveDateTime) -> StoreResult<usize> {
    Ok(diesel::delete(sessions::table.filter(sessions::expires_at.le(now))).execute(conn)?)
}

pub fn count_live(conn: &mut Conn, now: NaiveDateTime) -> StoreResult<i64> {
    Ok(sessions::table
        .filter(sessions::expires_at.gt(now))
        .count()
        .get_result(conn)?)
}

/// Ends every session of `user` but the one with `keep_hash`.
pub fn delete_others(conn: &mut Conn, user: UserId, keep_hash: &str) -> StoreResult<usize> {
    Ok(diesel::delete(
        sessions::table
            .filter(sessions::user_id.eq(user.0))
            .filter(sessions::token_hash.ne(keep_hash)),
    )
    .execute(conn)?)
}
