//! Organisations and their successions.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use lantoa_domain::OrgId;
use lantoa_domain::org::{Succession, SuccessionKind};

use crate::schema::{organisation_successions as succ, organisations};
use crate::{Conn, Page, PageRequest, StoreResult};

/// An organisation as stored.
#[derive(Debug, Clone, PartialEq, Eq, Queryable, Selectable)]
#[diesel(table_name = organisations)]
pub struct OrgRow {
    pub id: i64,
    pub slug: String,
    pub kind: String,
    pub name: String,
    pub short_name: String,
    pub parent_id: Option<i64>,
    pub admin_unit_code: Option<String>,
    pub valid_from: Option<NaiveDate>,
    pub valid_to: Option<NaiveDate>,
    pub address: String,
    pub phone: String,
    pub email: String,
    pub website: String,
    pub description: String,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

impl OrgRow {
    pub fn org_id(&self) -> OrgId {
        OrgId(self.id)
    }
}

/// The fields an organisation is created or updated with.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct OrgFields {
    pub slug: String,
    pub kind: String,
    pub name: String,
    pub short_name: String,
    pub parent_id: Option<i64>,
    pub admin_unit_code: Option<String>,
    pub valid_from: Option<NaiveDate>,
    pub valid_to: Option<NaiveDate>,
    pub address: String,
    pub phone: String,
    pub email: String,
    pub website: String,
    pub description: String,
}

/// Collation key as lower-case hex: byte order of the hex text is the order of the key, so
/// `ORDER BY sort_key` sorts in Vietnamese alphabetical order on both engines.
pub fn sort_key(name: &str) -> String {
    lantoa_viet::collation_key(name)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

fn search_text(f: &OrgFields) -> String {
    lantoa_viet::search_fold(&format!("{} {} {}", f.name, f.short_name, f.slug))
}

pub fn insert(conn: &mut Conn, f: &OrgFields, now: NaiveDateTime) -> StoreResult<OrgId> {
    let id = diesel::insert_into(organisations::table)
        .values((
            organisations::slug.eq(&f.slug),
            organisations::kind.eq(&f.kind),
            organisations::name.eq(&f.name),
            organisations::short_name.eq(&f.short_name),
            organisations::sort_key.eq(sort_key(&f.name)),
            organisations::search_text.eq(search_text(f)),
            organisations::parent_id.eq(f.parent_id),
            organisations::admin_unit_code.eq(&f.admin_unit_code),
            organisations::valid_from.eq(f.valid_from),
            organisations::valid_to.eq(f.valid_to),
            organisations::address.eq(&f.address),
            organisations::phone.eq(&f.phone),
            organisations::email.eq(&f.email),
            organisations::website.eq(&f.website),
            organisations::description.eq(&f.description),
            organisations::created_at.eq(now),
            organisations::updated_at.eq(now),
        ))
        .returning(organisations::id)
        .get_result::<i64>(conn)?;
    Ok(OrgId(id))
}

/// Replaces every field of an organisation. Returns false when it does not exist.
pub fn update(conn: &mut Conn, id: OrgId, f: &OrgFields, now: NaiveDateTime) -> StoreResult<bool> {
    let n = diesel::update(organisations::table.find(id.0))
        .set((
            organisations::slug.eq(&f.slug),
            organisations::kind.eq(&f.kind),
            organisations::name.eq(&f.name),
            organisations::short_name.eq(&f.short_name),
            organisations::sort_key.eq(sort_key(&f.name)),
            organisations::search_text.eq(search_text(f)),
            organisations::parent_id.eq(f.parent_id),
            organisations::admin_unit_code.eq(&f.admin_unit_code),
            organisations::valid_from.eq(f.valid_from),
            organisations::valid_to.eq(f.valid_to),
            organisations::address.eq(&f.address),
            organisations::phone.eq(&f.phone),
            organisations::email.eq(&f.email),
            organisations::website.eq(&f.website),
            organisations::description.eq(&f.description),
            organisations::updated_at.eq(now),
        ))
        .execute(conn)?;
    Ok(n == 1)
}

pub fn get(conn: &mut Conn, id: OrgId) -> StoreResult<Option<OrgRow>> {
    Ok(organisations::table
        .find(id.0)
        .select(OrgRow::as_select())
        .first(conn)
        .optional()?)
}

pub fn by_slug(conn: &mut Conn, slug: &str) -> StoreResult<Option<OrgRow>> {
    Ok(organisations::table
        .filter(organisations::slug.eq(slug))
        .select(OrgRow::as_select())
        .first(conn)
        .optional()?)
}

/// Organisations whose short name is exactly `short_name` (several, across time, may share one).
pub fn by_short_name(conn: &mut Conn, short_name: &str) -> StoreResult<Vec<OrgRow>> {
    Ok(organisations::table
        .filter(organisations::short_name.eq(short_name))
        .order(organisations::id.asc())
        .select(OrgRow::as_select())
        .load(conn)?)
}

/// Filters for [`list`].
#[derive(Debug, Clone, Default)]
pub struct OrgFilter {
    /// Only these organisations (`None`: all).
    pub only: Option<Vec<OrgId>>,
    pub kind: Option<String>,
    /// Words to find in the name, short name or slug, with or without diacritics.
    pub query: Option<String>,
    /// Only organisations valid on this date.
    pub valid_on: Option<NaiveDate>,
}

/// Organisations in Vietnamese alphabetical order of their names.
pub fn list(conn: &mut Conn, filter: &OrgFilter, page: PageRequest) -> StoreResult<Page<OrgRow>> {
    let build = || {
        let mut q = organisations::table.into_boxed();
        if let Some(only) = &filter.only {
            q = q.filter(organisations::id.eq_any(only.iter().map(|o| o.0).collect::<Vec<_>>()));
        }
        if let Some(kind) = &filter.kind {
            q = q.filter(organisations::kind.eq(kind.clone()));
        }
        if let Some(query) = &filter.query {
            for word in lantoa_viet::search_fold(query).split_whitespace() {
                let pattern = format!("%{}%", word.replace(['%', '_'], ""));
                q = q.filter(organisations::search_text.like(pattern));
            }
        }
        if let Some(on) = filter.valid_on {
            q = q
                .filter(
                    organisations::valid_from
                        .is_null()
                        .or(organisations::valid_from.le(on)),
                )
                .filter(
                    organisations::valid_to
                        .is_null()
                        .or(organisations::valid_to.ge(on)),
                );
        }
        q
    };
    let total = build().count().get_result::<i64>(conn)?;
    let items = build()
        .order((organisations::sort_key.asc(), organisations::id.asc()))
        .limit(page.per_page)
        .offset(page.offset())
        .select(OrgRow::as_select())
        .load(conn)?;
    Ok(Page {
        items,
        total,
        page: page.page,
        per_page: page.per_page,
    })
}

/// All organisations as (id, name, short name), alphabetically: for pickers.
pub fn names(conn: &mut Conn) -> StoreResult<Vec<(i64, String, String)>> {
    Ok(organisations::table
        .order((organisations::sort_key.asc(), organisations::id.asc()))
        .select((
            organisations::id,
            organisations::name,
            organisations::short_name,
        ))
        .load(conn)?)
}

pub fn children(conn: &mut Conn, parent: OrgId) -> StoreResult<Vec<OrgRow>> {
    Ok(organisations::table
        .filter(organisations::parent_id.eq(parent.0))
        .order((organisations::sort_key.asc(), organisations::id.asc()))
        .select(OrgRow::as_select())
        .load(conn)?)
}

pub fn count(conn: &mut Conn) -> StoreResult<i64> {
    Ok(organisations::table.count().get_result(conn)?)
}

/// A succession as stored.
#[derive(Debug, Clone, PartialEq, Eq, Queryable, Selectable)]
#[diesel(table_name = succ)]
pub struct SuccessionRow {
    pub id: i64,
    pub predecessor_id: i64,
    pub successor_id: i64,
    pub kind: String,
    pub duty: Option<String>,
    pub effective_on: NaiveDate,
    pub note: String,
}

impl SuccessionRow {
    /// The domain edge, or `None` for a kind this version does not know.
    pub fn to_domain(&self) -> Option<Succession> {
        Some(Succession {
            predecessor: OrgId(self.predecessor_id),
            successor: OrgId(self.successor_id),
            kind: SuccessionKind::from_code(&self.kind)?,
            duty: self.duty.clone(),
            effective_on: self.effective_on,
        })
    }
}

pub fn insert_succession(conn: &mut Conn, s: &Succession, note: &str) -> StoreResult<i64> {
    Ok(diesel::insert_into(succ::table)
        .values((
            succ::predecessor_id.eq(s.predecessor.0),
            succ::successor_id.eq(s.successor.0),
            succ::kind.eq(s.kind.code()),
            succ::duty.eq(&s.duty),
            succ::effective_on.eq(s.effective_on),
            succ::note.eq(note),
        ))
        .returning(succ::id)
        .get_result(conn)?)
}

pub fn delete_succession(conn: &mut Conn, id: i64) -> StoreResult<Option<SuccessionRow>> {
    let row = succ::table
        .find(id)
        .select(SuccessionRow::as_select())
        .first(conn)
        .optional()?;
    if row.is_some() {
        diesel::delete(succ::table.find(id)).execute(conn)?;
    }
    Ok(row)
}

/// Every succession edge (the graph is small: tens to hundreds of edges).
pub fn all_successions(conn: &mut Conn) -> StoreResult<Vec<SuccessionRow>> {
    Ok(succ::table
        .order((succ::effective_on.asc(), succ::id.asc()))
        .select(SuccessionRow::as_select())
        .load(conn)?)
}

/// The succession graph as the domain follows it (`holder_on`, `would_cycle`); rows that do
/// not read as an edge (an unknown kind) are left out.
pub fn succession_graph(conn: &mut Conn) -> StoreResult<Vec<Succession>> {
    Ok(all_successions(conn)?
        .iter()
        .filter_map(SuccessionRow::to_domain)
        .collect())
}

/// Successions in which `org` is the predecessor or the successor.
pub fn successions_of(conn: &mut Conn, org: OrgId) -> StoreResult<Vec<SuccessionRow>> {
    Ok(succ::table
        .filter(
            succ::predecessor_id
                .eq(org.0)
                .or(succ::successor_id.eq(org.0)),
        )
        .order((succ::effective_on.asc(), succ::id.asc()))
        .select(SuccessionRow::as_select())
        .load(conn)?)
}

/// Every organisation's id and name by slug (for resolving references in imported files).
pub fn names_by_slug(
    conn: &mut Conn,
) -> StoreResult<std::collections::HashMap<String, (i64, String)>> {
    let rows: Vec<(String, i64, String)> = organisations::table
        .select((organisations::slug, organisations::id, organisations::name))
        .load(conn)?;
    Ok(rows.into_iter().map(|(s, i, n)| (s, (i, n))).collect())
}

/// Every organisation (for computations over all of them; pages use [`list`]).
pub fn all(conn: &mut Conn) -> StoreResult<Vec<OrgRow>> {
    Ok(organisations::table
        .order((organisations::sort_key.asc(), organisations::id.asc()))
        .select(OrgRow::as_select())
        .load(conn)?)
}
