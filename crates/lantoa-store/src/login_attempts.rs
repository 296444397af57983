//! Sign-in attempts, kept in the database so that rate limits hold across instances.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::schema::login_attempts;
use crate::{Conn, StoreResult};

pub fn record(
    conn: &mut Conn,
    at: NaiveDateTime,
    email: &str,
    ip: &str,
    succeeded: bool,
) -> StoreResult<()> {
    diesel::insert_into(login_attempts::table)
        .values((
            login_attempts::at.eq(at),
            login_attempts::email.eq(email),
            login_attempts::ip.eq(ip),
            login_attempts::succeeded.eq(succeeded),
        ))
        .execute(conn)?;
    Ok(())
}

/// Failed attempts from `ip` since `since`.
pub fn failures_from_ip(conn: &mut Conn, ip: &str, since: NaiveDateTime) -> StoreResult<i64> {
    Ok(login_attempts::table
        .filter(login_attempts::ip.eq(ip))
        .filter(login_attempts::at.ge(since))
        .filter(login_attempts::succeeded.eq(false))
        .count()
        .get_result(conn)?)
}

/// Deletes attempts older than `before`.
pub fn purge(conn: &mut Conn, before: NaiveDateTime) -> StoreResult<usize> {
    Ok(
        diesel::delete(login_attempts::table.filter(login_attempts::at.lt(before)))
            .execute(conn)?,
    )
}
