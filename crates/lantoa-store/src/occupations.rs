//! Occupations (ngành, nghề) by training level.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;

use crate::orgs::sort_key;
use crate::schema::occupations;
use crate::{Conn, Page, PageRequest, StoreResult};

/// An occupation as stored.
#[derive(Debug, Clone, PartialEq, Eq, Queryable, Selectable)]
#[diesel(table_name = occupations)]
pub struct OccupationRow {
    pub id: i64,
    pub slug: String,
    /// `lantoa_domain::directory::Level` code.
    pub level: String,
    /// 7-digit catalogue code; `None` for sơ cấp courses.
    pub code: Option<String>,
    pub name: String,
    pub group_name: String,
    pub description: String,
    pub skills: String,
    pub conditions: String,
    pub pay: String,
    /// `lantoa_domain::directory::Demand` code.
    pub demand: Option<String>,
    pub demand_source: String,
    pub demand_date: Option<NaiveDate>,
    pub riasec: String,
    pub is_demo: bool,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

/// What an occupation is written with (validated by the application).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct OccupationFields {
    pub level: String,
    pub code: Option<String>,
    pub name: String,
    pub group_name: String,
    pub description: String,
    pub skills: String,
    pub conditions: String,
    pub pay: String,
    pub demand: Option<String>,
    pub demand_source: String,
    pub demand_date: Option<NaiveDate>,
    pub riasec: String,
    pub is_demo: bool,
}

impl OccupationFields {
    /// Whether `row` already holds exactly these values.
    pub fn same_as(&self, row: &OccupationRow) -> bool {
        self.level == row.level
            && self.code == row.code
            && self.name == row.name
            && self.group_name == row.group_name
            && self.description == row.description
            && self.skills == row.skills
            && self.conditions == row.conditions
            && self.pay == row.pay
            && self.demand == row.demand
            && self.demand_source == row.demand_source
            && self.demand_date == row.demand_date
            && self.riasec == row.riasec
            && self.is_demo == row.is_demo
    }
}

/// What a search looks in: name, group and code. Not the slug, whose level suffix
/// (`-cao-dang`) would make "dan" or "cap" match every occupation of a level.
fn search_text(f: &OccupationFields) -> String {
    lantoa_viet::search_fold(&format!(
        "{} {} {}",
        f.name,
        f.group_name,
        f.code.as_deref().unwrap_or("")
    ))
}

/// Words of a search, folded (no diacritics, i/y unified), at most `MAX_WORDS` of them and
/// without LIKE wildcards, so a pasted essay cannot build a query the database refuses.
pub fn search_words(query: &str) -> Vec<String> {
    const MAX_WORDS: usize = 8;
    lantoa_viet::search_fold(query)
        .split_whitespace()
        .map(|w| w.replace(['%', '_', '\\'], ""))
        .filter(|w| !w.is_empty())
        .take(MAX_WORDS)
        .map(|w| w.chars().take(60).collect())
        .collect()
}

pub fn insert(
    conn: &mut Conn,
    slug: &str,
    f: &OccupationFields,
    now: NaiveDateTime,
) -> StoreResult<i64> {
    Ok(diesel::insert_into(occupations::table)
        .values((
            occupations::slug.eq(slug),
            occupations::level.eq(&f.level),
            occupations::code.eq(&f.code),
            occupations::name.eq(&f.name),
            occupations::group_name.eq(&f.group_name),
            occupations::description.eq(&f.description),
            occupations::skills.eq(&f.skills),
            occupations::conditions.eq(&f.conditions),
            occupations::pay.eq(&f.pay),
            occupations::demand.eq(&f.demand),
            occupations::demand_source.eq(&f.demand_source),
            occupations::demand_date.eq(f.demand_date),
            occupations::riasec.eq(&f.riasec),
            occupations::is_demo.eq(f.is_demo),
            occupations::sort_key.eq(sort_key(&f.name)),
            occupations::search_text.eq(search_text(f)),
            occupations::created_at.eq(now),
            occupations::updated_at.eq(now),
        ))
        .returning(occupations::id)
        .get_result(conn)?)
}

/// Replaces an occupation's fields; its slug (and so its address) stays.
pub fn update(
    conn: &mut Conn,
    id: i64,
    f: &OccupationFields,
    now: NaiveDateTime,
) -> StoreResult<bool> {
    let n = diesel::update(occupations::table.find(id))
        .set((
            occupations::level.eq(&f.level),
            occupations::code.eq(&f.code),
            occupations::name.eq(&f.name),
            occupations::group_name.eq(&f.group_name),
            occupations::description.eq(&f.description),
            occupations::skills.eq(&f.skills),
            occupations::conditions.eq(&f.conditions),
            occupations::pay.eq(&f.pay),
            occupations::demand.eq(&f.demand),
            occupations::demand_source.eq(&f.demand_source),
            occupations::demand_date.eq(f.demand_date),
            occupations::riasec.eq(&f.riasec),
            occupations::is_demo.eq(f.is_demo),
            occupations::sort_key.eq(sort_key(&f.name)),
            occupations::search_text.eq(search_text(f)),
            occupations::updated_at.eq(now),
        ))
        .execute(conn)?;
    Ok(n == 1)
}

pub fn get(conn: &mut Conn, id: i64) -> StoreResult<Option<OccupationRow>> {
    Ok(occupations::table
        .find(id)
        .select(OccupationRow::as_select())
        .first(conn)
        .optional()?)
}

pub fn by_slug(conn: &mut Conn, slug: &str) -> StoreResult<Option<OccupationRow>> {
    Ok(occupations::table
        .filter(occupations::slug.eq(slug))
        .select(OccupationRow::as_select())
        .first(conn)
        .optional()?)
}

pub fn by_code(conn: &mut Conn, code: &str) -> StoreResult<Option<OccupationRow>> {
    Ok(occupations::table
        .filter(occupations::code.eq(code))
        .select(OccupationRow::as_select())
        .first(conn)
        .optional()?)
}

/// An uncoded occupation (a sơ cấp course) by level and exact name.
pub fn uncoded_by_name(
    conn: &mut Conn,
    level: &str,
    name: &str,
) -> StoreResult<Option<OccupationRow>> {
    Ok(occupations::table
        .filter(occupations::level.eq(level))
        .filter(occupations::name.eq(name))
        .filter(occupations::code.is_null())
        .order(occupations::id.asc())
        .select(OccupationRow::as_select())
        .first(conn)
        .optional()?)
}

pub fn slug_taken(conn: &mut Conn, slug: &str) -> StoreResult<bool> {
    Ok(occupations::table
        .filter(occupations::slug.eq(slug))
        .count()
        .get_result::<i64>(conn)?
        > 0)
}

/// Filters for [`list`].
#[derive(Debug, Clone, Default)]
pub struct OccupationFilter {
    pub level: Option<String>,
    /// Exact group name.
    pub group: Option<String>,
    /// Words to find in the name, group or code, with or without diacritics.
    pub query: Option<String>,
}

/// Occupations in Vietnamese alphabetical order of their names, then by level.
pub fn list(
    conn: &mut Conn,
    filter: &OccupationFilter,
    page: PageRequest,
) -> StoreResult<Page<OccupationRow>> {
    let words = filter
        .query
        .as_deref()
        .map(search_words)
        .unwrap_or_default();
    let build = || {
        let mut q = occupations::table.into_boxed();
        if let Some(level) = &filter.level {
            q = q.filter(occupations::level.eq(level.clone()));
        }
        if let Some(group) = &filter.group {
            q = q.filter(occupations::group_name.eq(group.clone()));
        }
        for word in &words {
            q = q.filter(occupations::search_text.like(format!("%{word}%")));
        }
        q
    };
    let total = build().count().get_result::<i64>(conn)?;
    let items = build()
        .order((
            occupations::sort_key.asc(),
            occupations::level.asc(),
            occupations::id.asc(),
        ))
        .limit(page.per_page)
        .offset(page.offset())
        .select(OccupationRow::as_select())
        .load(conn)?;
    Ok(Page {
        items,
        total,
        page: page.page,
        per_page: page.per_page,
    })
}

/// The groups in use with how many occupations each has, in Vietnamese alphabetical order.
pub fn groups(conn: &mut Conn) -> StoreResult<Vec<(String, i64)>> {
    let mut rows: Vec<(String, i64)> = occupations::table
        .filter(occupations::group_name.ne(""))
        .group_by(occupations::group_name)
        .select((occupations::group_name, diesel::dsl::count_star()))
        .load(conn)?;
    rows.sort_by(|a, b| lantoa_viet::compare(&a.0, &b.0));
    Ok(rows)
}

/// The same occupation at other levels (same name), then others of its group: for "related".
pub fn related(conn: &mut Conn, o: &OccupationRow, limit: i64) -> StoreResult<Vec<OccupationRow>> {
    let mut out: Vec<OccupationRow> = occupations::table
        .filter(occupations::name.eq(&o.name))
        .filter(occupations::id.ne(o.id))
        .order(occupations::level.asc())
        .select(OccupationRow::as_select())
        .load(conn)?;
    if !o.group_name.is_empty() {
        let same_group: Vec<OccupationRow> = occupations::table
            .filter(occupations::group_name.eq(&o.group_name))
            .filter(occupations::id.ne(o.id))
            .filter(occupations::name.ne(&o.name))
            .order((occupations::sort_key.asc(), occupations::id.asc()))
            .limit(limit)
            .select(OccupationRow::as_select())
            .load(conn)?;
        out.extend(same_group);
    }
    out.truncate(usize::try_from(limit).unwrap_or(0));
    Ok(out)
}

pub fn count(conn: &mut Conn) -> StoreResult<i64> {
    Ok(occupations::table.count().get_result(conn)?)
}

/// What the interest quiz matches on: an occupation with RIASEC letters, without its texts.
#[derive(Debug, Clone, PartialEq, Eq, Queryable)]
pub struct InterestRow {
    pub id: i64,
    pub slug: String,
    pub level: String,
    pub code: Option<String>,
    pub name: String,
    pub group_name: String,
    pub riasec: String,
    /// Vietnamese collation key of the name (for a stable order among equals).
    pub sort_key: String,
}

/// Every occupation that has RIASEC letters, in Vietnamese order of names, then by level.
pub fn with_riasec(conn: &mut Conn) -> StoreResult<Vec<InterestRow>> {
    Ok(occupations::table
        .filter(occupations::riasec.ne(""))
        .order((
            occupations::sort_key.asc(),
            occupations::level.asc(),
            occupations::id.asc(),
        ))
        .select((
            occupations::id,
            occupations::slug,
            occupations::level,
            occupations::code,
            occupations::name,
            occupations::group_name,
            occupations::riasec,
            occupations::sort_key,
        ))
        .load(conn)?)
}

/// Every occupation, in Vietnamese order of names, then by level (for the handbook).
pub fn all(conn: &mut Conn) -> StoreResult<Vec<OccupationRow>> {
    Ok(occupations::table
        .order((
            occupations::sort_key.asc(),
            occupations::level.asc(),
            occupations::id.asc(),
        ))
        .select(OccupationRow::as_select())
        .load(conn)?)
}

/// Every occupation's slug and last change, for the sitemap.
pub fn slugs(conn: &mut Conn) -> StoreResult<Vec<(String, NaiveDateTime)>> {
    Ok(occupations::table
        .order(occupations::id.asc())
        .select((occupations::slug, occupations::updated_at))
        .load(conn)?)
}
