//! Administrative units (tỉnh, huyện, xã) with their national codes and validity.

use chrono::NaiveDate;
use diesel::prelude::*;

use crate::schema::admin_units;
use crate::{Conn, StoreResult};

#[derive(Debug, Clone, PartialEq, Eq, Queryable, Selectable, Insertable, AsChangeset)]
#[diesel(table_name = admin_units)]
pub struct AdminUnit {
    pub code: String,
    pub kind: String,
    pub name: String,
    pub parent_code: Option<String>,
    pub valid_from: Option<NaiveDate>,
    pub valid_to: Option<NaiveDate>,
}

/// Inserts the unit or updates it when its code exists. Returns true when it was new.
pub fn upsert(conn: &mut Conn, unit: &AdminUnit) -> StoreResult<bool> {
    let updated = diesel::update(admin_units::table.find(&unit.code))
        .set(unit)
        .execute(conn)?;
    if updated == 0 {
        diesel::insert_into(admin_units::table)
            .values(unit)
            .execute(conn)?;
        return Ok(true);
    }
    Ok(false)
}

pub fn get(conn: &mut Conn, code: &str) -> StoreResult<Option<AdminUnit>> {
    Ok(admin_units::table
        .find(code)
        .select(AdminUnit::as_select())
        .first(conn)
        .optional()?)
}

pub fn children(conn: &mut Conn, parent: &str) -> StoreResult<Vec<AdminUnit>> {
    Ok(admin_units::table
        .filter(admin_units::parent_code.eq(parent))
        .order(admin_units::code.asc())
        .select(AdminUnit::as_select())
        .load(conn)?)
}

pub fn count(conn: &mut Conn) -> StoreResult<i64> {
    Ok(admin_units::table.count().get_result(conn)?)
}

/// The units of these kinds (e.g. the district level: `huyen`, `thanh-pho`, `thi-xa`), ended
/// ones included, in Vietnamese alphabetical order of their names.
pub fn of_kinds(conn: &mut Conn, kinds: &[&str]) -> StoreResult<Vec<AdminUnit>> {
    let mut rows = admin_units::table
        .filter(admin_units::kind.eq_any(kinds))
        .select(AdminUnit::as_select())
        .load(conn)?;
    rows.sort_by(|a: &AdminUnit, b: &AdminUnit| lantoa_viet::compare(&a.name, &b.name));
    Ok(rows)
}
