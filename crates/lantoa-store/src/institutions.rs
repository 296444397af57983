//! Vocational institutions: organisations of kind `institution` and their directory profile
//! (type, public/private, coordinates). Address, contacts, website and description stay on
//! the organisation.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use lantoa_domain::OrgId;

use crate::occupations::search_words;
use crate::orgs::OrgRow;
use crate::schema::{admin_units, institution_profiles as prof, organisations};
use crate::{Conn, Page, PageRequest, StoreResult};

/// The organisation kind whose rows are institutions.
pub const KIND: &str = "institution";

/// A directory profile as stored.
#[derive(Debug, Clone, PartialEq, Eq, Queryable, Selectable)]
#[diesel(table_name = prof)]
pub struct ProfileRow {
    pub organisation_id: i64,
    /// `lantoa_domain::directory::InstitutionType` code.
    pub institution_type: String,
    /// `lantoa_domain::directory::Ownership` code.
    pub ownership: String,
    pub lat_e6: Option<i32>,
    pub lon_e6: Option<i32>,
    pub updated_by: Option<i64>,
    pub updated_at: NaiveDateTime,
}

/// What a profile is written with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProfileFields {
    pub institution_type: String,
    pub ownership: String,
    pub lat_e6: Option<i32>,
    pub lon_e6: Option<i32>,
}

pub fn profile(conn: &mut Conn, org: OrgId) -> StoreResult<Option<ProfileRow>> {
    Ok(prof::table
        .find(org.0)
        .select(ProfileRow::as_select())
        .first(conn)
        .optional()?)
}

/// Writes an organisation's profile (update, or insert when it has none yet).
/// Call inside `write_tx`.
pub fn save_profile(
    conn: &mut Conn,
    org: OrgId,
    f: &ProfileFields,
    by: Option<i64>,
    now: NaiveDateTime,
) -> StoreResult<()> {
    let n = diesel::update(prof::table.find(org.0))
        .set((
            prof::institution_type.eq(&f.institution_type),
            prof::ownership.eq(&f.ownership),
            prof::lat_e6.eq(f.lat_e6),
            prof::lon_e6.eq(f.lon_e6),
            prof::updated_by.eq(by),
            prof::updated_at.eq(now),
        ))
        .execute(conn)?;
    if n == 0 {
        diesel::insert_into(prof::table)
            .values((
                prof::organisation_id.eq(org.0),
                prof::institution_type.eq(&f.institution_type),
                prof::ownership.eq(&f.ownership),
                prof::lat_e6.eq(f.lat_e6),
                prof::lon_e6.eq(f.lon_e6),
                prof::updated_by.eq(by),
                prof::updated_at.eq(now),
            ))
            .execute(conn)?;
    }
    Ok(())
}

/// Filters for [`list`].
#[derive(Debug, Clone, Default)]
pub struct InstitutionFilter {
    /// Only these organisations (`None`: all).
    pub only: Option<Vec<OrgId>>,
    /// Words to find in the name or short name, with or without diacritics.
    pub query: Option<String>,
    /// `InstitutionType` code (institutions without a profile never match).
    pub institution_type: Option<String>,
    pub ownership: Option<String>,
    /// Administrative unit code of the institution's area.
    pub area: Option<String>,
    /// Only institutions valid on this date.
    pub valid_on: Option<NaiveDate>,
}

/// An institution with its profile, if it has one yet.
pub type InstitutionItem = (OrgRow, Option<ProfileRow>);

/// Institutions in Vietnamese alphabetical order of their names.
pub fn list(
    conn: &mut Conn,
    filter: &InstitutionFilter,
    page: PageRequest,
) -> StoreResult<Page<InstitutionItem>> {
    let words = filter
        .query
        .as_deref()
        .map(search_words)
        .unwrap_or_default();
    let build = || {
        let mut q = organisations::table
            .left_join(prof::table)
            .filter(organisations::kind.eq(KIND))
            .into_boxed();
        if let Some(only) = &filter.only {
            q = q.filter(organisations::id.eq_any(only.iter().map(|o| o.0).collect::<Vec<_>>()));
        }
        for word in &words {
            q = q.filter(organisations::search_text.like(format!("%{word}%")));
        }
        if let Some(t) = &filter.institution_type {
            q = q.filter(prof::institution_type.eq(t.clone()));
        }
        if let Some(o) = &filter.ownership {
            q = q.filter(prof::ownership.eq(o.clone()));
        }
        if let Some(a) = &filter.area {
            q = q.filter(organisations::admin_unit_code.eq(a.clone()));
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
    let items: Vec<(OrgRow, Option<ProfileRow>)> = build()
        .order((organisations::sort_key.asc(), organisations::id.asc()))
        .limit(page.per_page)
        .offset(page.offset())
        .select((OrgRow::as_select(), Option::<ProfileRow>::as_select()))
        .load(conn)?;
    Ok(Page {
        items,
        total,
        page: page.page,
        per_page: page.per_page,
    })
}

/// The administrative units institutions valid on `on` are in: (code, name), alphabetically.
pub fn areas(conn: &mut Conn, on: NaiveDate) -> StoreResult<Vec<(String, String)>> {
    let mut rows: Vec<(String, String)> = organisations::table
        .inner_join(admin_units::table)
        .filter(organisations::kind.eq(KIND))
        .filter(
            organisations::valid_from
                .is_null()
                .or(organisations::valid_from.le(on)),
        )
        .filter(
            organisations::valid_to
                .is_null()
                .or(organisations::valid_to.ge(on)),
        )
        .select((admin_units::code, admin_units::name))
        .distinct()
        .load(conn)?;
    rows.sort_by(|a, b| lantoa_viet::compare(&a.1, &b.1));
    Ok(rows)
}

/// The slug and last change of every institution valid on `on` (the public list), for the
/// sitemap.
pub fn public_slugs(conn: &mut Conn, on: NaiveDate) -> StoreResult<Vec<(String, NaiveDateTime)>> {
    Ok(organisations::table
        .filter(organisations::kind.eq(KIND))
        .filter(
            organisations::valid_from
                .is_null()
                .or(organisations::valid_from.le(on)),
        )
        .filter(
            organisations::valid_to
                .is_null()
                .or(organisations::valid_to.ge(on)),
        )
        .order(organisations::id.asc())
        .select((organisations::slug, organisations::updated_at))
        .load(conn)?)
}
