//! Key–value settings kept in the database so that every instance sees the same values
//! (for example the key that signs CSRF tokens).

use diesel::prelude::*;

use crate::schema::settings;
use crate::{Conn, StoreResult, write_tx};

pub fn get(conn: &mut Conn, key: &str) -> StoreResult<Option<String>> {
    Ok(settings::table
        .find(key)
        .select(settings::value)
        .first::<String>(conn)
        .optional()?)
}

pub fn set(conn: &mut Conn, key: &str, value: &str) -> StoreResult<()> {
    write_tx(conn, |c| {
        let updated = diesel::update(settings::table.find(key))
            .set(settings::value.eq(value))
            .execute(c)?;
        if updated == 0 {
            diesel::insert_into(settings::table)
                .values((settings::key.eq(key), settings::value.eq(value)))
                .execute(c)?;
        }
        Ok(())
    })
}

/// Returns the stored value, or stores `make()` and returns it. When two instances race, the
/// loser's insert fails on the primary key and it reads the winner's value.
pub fn get_or_init(
    conn: &mut Conn,
    key: &str,
    make: impl FnOnce() -> String,
) -> StoreResult<String> {
    if let Some(v) = get(conn, key)? {
        return Ok(v);
    }
    let value = make();
    let inserted = diesel::insert_into(settings::table)
        .values((settings::key.eq(key), settings::value.eq(&value)))
        .execute(conn);
    match inserted {
        Ok(_) => Ok(value),
        Err(diesel::result::Error::DatabaseError(
            diesel::result::DatabaseErrorKind::UniqueViolation,
            _,
        )) => Ok(settings::table
            .find(key)
            .select(settings::value)
            .first(conn)?),
        Err(e) => Err(e.into()),
    }
}
