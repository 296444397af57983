//! Programmes (institution × occupation × level), their intakes and the support policies
//! (as data) a programme offers.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;

use crate::institutions::{KIND as INSTITUTION_KIND, ProfileRow};
use crate::occupations::{OccupationRow, search_words};
use crate::orgs::{OrgRow, sort_key};
use crate::schema::{
    admin_units, institution_profiles as prof, intakes, occupations, organisations,
    programme_policies as links, programmes, support_policies as policies,
};
use crate::{Conn, Page, PageRequest, StoreResult};

// --- Support policies ------------------------------------------------------------------------

/// A support policy as stored.
#[derive(Debug, Clone, PartialEq, Eq, Queryable, Selectable)]
#[diesel(table_name = policies)]
pub struct PolicyRow {
    pub id: i64,
    pub slug: String,
    pub name: String,
    pub description: String,
    pub benefit: String,
    pub legal_basis: String,
    pub source_url: String,
    /// `lantoa_domain::directory::Level` code; `None`: any level.
    pub level: Option<String>,
    /// `lantoa_domain::programme::EntryEducation` code; `None`: any schooling.
    pub entry_education: Option<String>,
    /// `lantoa_domain::programme::TargetGroup` code; `None`: every learner.
    pub target_group: Option<String>,
    pub valid_from: Option<NaiveDate>,
    pub valid_to: Option<NaiveDate>,
    pub is_demo: bool,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

impl PolicyRow {
    /// In force on `on` (both ends included; open ends are open).
    pub fn valid_on(&self, on: NaiveDate) -> bool {
        self.valid_from.is_none_or(|f| f <= on) && self.valid_to.is_none_or(|t| t >= on)
    }
}

/// What a support policy is written with.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct PolicyFields {
    pub name: String,
    pub description: String,
    pub benefit: String,
    pub legal_basis: String,
    pub source_url: String,
    pub level: Option<String>,
    pub entry_education: Option<String>,
    pub target_group: Option<String>,
    pub valid_from: Option<NaiveDate>,
    pub valid_to: Option<NaiveDate>,
    pub is_demo: bool,
}

pub fn insert_policy(
    conn: &mut Conn,
    slug: &str,
    f: &PolicyFields,
    now: NaiveDateTime,
) -> StoreResult<i64> {
    Ok(diesel::insert_into(policies::table)
        .values((
            policies::slug.eq(slug),
            policies::name.eq(&f.name),
            policies::description.eq(&f.description),
            policies::benefit.eq(&f.benefit),
            policies::legal_basis.eq(&f.legal_basis),
            policies::source_url.eq(&f.source_url),
            policies::level.eq(&f.level),
            policies::entry_education.eq(&f.entry_education),
            policies::target_group.eq(&f.target_group),
            policies::valid_from.eq(f.valid_from),
            policies::valid_to.eq(f.valid_to),
            policies::is_demo.eq(f.is_demo),
            policies::sort_key.eq(sort_key(&f.name)),
            policies::created_at.eq(now),
            policies::updated_at.eq(now),
        ))
        .returning(policies::id)
        .get_result(conn)?)
}

pub fn policy_by_slug(conn: &mut Conn, slug: &str) -> StoreResult<Option<PolicyRow>> {
    Ok(policies::table
        .filter(policies::slug.eq(slug))
        .select(PolicyRow::as_select())
        .first(conn)
        .optional()?)
}

pub fn policy(conn: &mut Conn, id: i64) -> StoreResult<Option<PolicyRow>> {
    Ok(policies::table
        .find(id)
        .select(PolicyRow::as_select())
        .first(conn)
        .optional()?)
}

pub fn policy_slug_taken(conn: &mut Conn, slug: &str) -> StoreResult<bool> {
    Ok(policies::table
        .filter(policies::slug.eq(slug))
        .count()
        .get_result::<i64>(conn)?
        > 0)
}

/// Replaces a policy's fields; its slug stays.
pub fn update_policy(
    conn: &mut Conn,
    id: i64,
    f: &PolicyFields,
    now: NaiveDateTime,
) -> StoreResult<bool> {
    let n = diesel::update(policies::table.find(id))
        .set((
            policies::name.eq(&f.name),
            policies::description.eq(&f.description),
            policies::benefit.eq(&f.benefit),
            policies::legal_basis.eq(&f.legal_basis),
            policies::source_url.eq(&f.source_url),
            policies::level.eq(&f.level),
            policies::entry_education.eq(&f.entry_education),
            policies::target_group.eq(&f.target_group),
            policies::valid_from.eq(f.valid_from),
            policies::valid_to.eq(f.valid_to),
            policies::is_demo.eq(f.is_demo),
            policies::sort_key.eq(sort_key(&f.name)),
            policies::updated_at.eq(now),
        ))
        .execute(conn)?;
    Ok(n == 1)
}

/// Deletes a policy no programme offers (the link table refuses otherwise).
pub fn delete_policy(conn: &mut Conn, id: i64) -> StoreResult<bool> {
    Ok(diesel::delete(policies::table.find(id)).execute(conn)? == 1)
}

/// The programmes offering a policy, with their occupation and institution, in the order of
/// the programme list.
pub fn offering(
    conn: &mut Conn,
    policy_id: i64,
) -> StoreResult<Vec<(ProgrammeRow, String, String)>> {
    let mut rows: Vec<(ProgrammeRow, String, String, String, String)> = links::table
        .inner_join(
            programmes::table
                .inner_join(occupations::table)
                .inner_join(organisations::table),
        )
        .filter(links::support_policy_id.eq(policy_id))
        .select((
            ProgrammeRow::as_select(),
            occupations::name,
            organisations::short_name,
            occupations::sort_key,
            organisations::sort_key,
        ))
        .load(conn)?;
    rows.sort_by(|a, b| (&a.3, &a.4, a.0.id).cmp(&(&b.3, &b.4, b.0.id)));
    Ok(rows
        .into_iter()
        .map(|(p, occupation, institution, _, _)| (p, occupation, institution))
        .collect())
}

/// How many programmes offer each policy: (policy id, count), only policies offered.
pub fn offering_counts(conn: &mut Conn) -> StoreResult<Vec<(i64, i64)>> {
    Ok(links::table
        .group_by(links::support_policy_id)
        .select((links::support_policy_id, diesel::dsl::count_star()))
        .load(conn)?)
}

/// Stops these programmes offering the policy.
pub fn unlink_policy(conn: &mut Conn, policy_id: i64, programme_ids: &[i64]) -> StoreResult<usize> {
    if programme_ids.is_empty() {
        return Ok(0);
    }
    Ok(diesel::delete(
        links::table
            .filter(links::support_policy_id.eq(policy_id))
            .filter(links::programme_id.eq_any(programme_ids)),
    )
    .execute(conn)?)
}

/// Every policy, in Vietnamese alphabetical order of its name.
pub fn all_policies(conn: &mut Conn) -> StoreResult<Vec<PolicyRow>> {
    Ok(policies::table
        .order((policies::sort_key.asc(), policies::id.asc()))
        .select(PolicyRow::as_select())
        .load(conn)?)
}

/// The policies linked to each of `programme_ids`: (programme id, policy), alphabetically.
pub fn policies_for(conn: &mut Conn, programme_ids: &[i64]) -> StoreResult<Vec<(i64, PolicyRow)>> {
    if programme_ids.is_empty() {
        return Ok(Vec::new());
    }
    Ok(links::table
        .inner_join(policies::table)
        .filter(links::programme_id.eq_any(programme_ids))
        .order((policies::sort_key.asc(), policies::id.asc()))
        .select((links::programme_id, PolicyRow::as_select()))
        .load(conn)?)
}

/// Replaces the policies a programme offers.
pub fn set_policies(conn: &mut Conn, programme_id: i64, policy_ids: &[i64]) -> StoreResult<()> {
    diesel::delete(links::table.filter(links::programme_id.eq(programme_id))).execute(conn)?;
    for id in policy_ids {
        diesel::insert_into(links::table)
            .values((
                links::programme_id.eq(programme_id),
                links::support_policy_id.eq(id),
            ))
            .execute(conn)?;
    }
    Ok(())
}

// --- Programmes ------------------------------------------------------------------------------

/// A programme as stored.
#[derive(Debug, Clone, PartialEq, Eq, Queryable, Selectable)]
#[diesel(table_name = programmes)]
pub struct ProgrammeRow {
    pub id: i64,
    pub slug: String,
    /// The organisation (of kind `institution`) that runs it.
    pub institution_id: i64,
    pub occupation_id: i64,
    /// The occupation's `Level` code.
    pub level: String,
    /// `lantoa_domain::programme::StudyMode` code.
    pub mode: String,
    pub duration_months: i32,
    /// Tuition per year in đồng; `None`: not announced.
    pub fee_per_year: Option<i64>,
    pub fee_note: String,
    pub quota: i32,
    /// `lantoa_domain::programme::EntryEducation` code: the least schooling admitted.
    pub entry_education: String,
    pub entry_requirements: String,
    pub model_9plus: bool,
    pub location: String,
    pub admin_unit_code: Option<String>,
    pub description: String,
    pub is_published: bool,
    pub is_demo: bool,
    pub updated_by: Option<i64>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

/// What a programme is written with (validated by the application). The institution is
/// fixed at creation.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ProgrammeFields {
    pub occupation_id: i64,
    pub level: String,
    pub mode: String,
    pub duration_months: i32,
    pub fee_per_year: Option<i64>,
    pub fee_note: String,
    pub quota: i32,
    pub entry_education: String,
    pub entry_requirements: String,
    pub model_9plus: bool,
    pub location: String,
    pub admin_unit_code: Option<String>,
    pub description: String,
    pub is_published: bool,
    pub is_demo: bool,
}

fn search_text(f: &ProgrammeFields) -> String {
    lantoa_viet::search_fold(&f.location)
}

pub fn insert(
    conn: &mut Conn,
    slug: &str,
    institution_id: i64,
    f: &ProgrammeFields,
    by: Option<i64>,
    now: NaiveDateTime,
) -> StoreResult<i64> {
    Ok(diesel::insert_into(programmes::table)
        .values((
            programmes::slug.eq(slug),
            programmes::institution_id.eq(institution_id),
            programmes::occupation_id.eq(f.occupation_id),
            programmes::level.eq(&f.level),
            programmes::mode.eq(&f.mode),
            programmes::duration_months.eq(f.duration_months),
            programmes::fee_per_year.eq(f.fee_per_year),
            programmes::fee_note.eq(&f.fee_note),
            programmes::quota.eq(f.quota),
            programmes::entry_education.eq(&f.entry_education),
            programmes::entry_requirements.eq(&f.entry_requirements),
            programmes::model_9plus.eq(f.model_9plus),
            programmes::location.eq(&f.location),
            programmes::admin_unit_code.eq(&f.admin_unit_code),
            programmes::description.eq(&f.description),
            programmes::is_published.eq(f.is_published),
            programmes::is_demo.eq(f.is_demo),
            programmes::search_text.eq(search_text(f)),
            programmes::updated_by.eq(by),
            programmes::created_at.eq(now),
            programmes::updated_at.eq(now),
        ))
        .returning(programmes::id)
        .get_result(conn)?)
}

/// Replaces a programme's fields; its slug and institution stay.
pub fn update(
    conn: &mut Conn,
    id: i64,
    f: &ProgrammeFields,
    by: Option<i64>,
    now: NaiveDateTime,
) -> StoreResult<bool> {
    let n = diesel::update(programmes::table.find(id))
        .set((
            programmes::occupation_id.eq(f.occupation_id),
            programmes::level.eq(&f.level),
            programmes::mode.eq(&f.mode),
            programmes::duration_months.eq(f.duration_months),
            programmes::fee_per_year.eq(f.fee_per_year),
            programmes::fee_note.eq(&f.fee_note),
            programmes::quota.eq(f.quota),
            programmes::entry_education.eq(&f.entry_education),
            programmes::entry_requirements.eq(&f.entry_requirements),
            programmes::model_9plus.eq(f.model_9plus),
            programmes::location.eq(&f.location),
            programmes::admin_unit_code.eq(&f.admin_unit_code),
            programmes::description.eq(&f.description),
            programmes::is_published.eq(f.is_published),
            programmes::is_demo.eq(f.is_demo),
            programmes::search_text.eq(search_text(f)),
            programmes::updated_by.eq(by),
            programmes::updated_at.eq(now),
        ))
        .execute(conn)?;
    Ok(n == 1)
}

pub fn get(conn: &mut Conn, id: i64) -> StoreResult<Option<ProgrammeRow>> {
    Ok(programmes::table
        .find(id)
        .select(ProgrammeRow::as_select())
        .first(conn)
        .optional()?)
}

pub fn by_slug(conn: &mut Conn, slug: &str) -> StoreResult<Option<ProgrammeRow>> {
    Ok(programmes::table
        .filter(programmes::slug.eq(slug))
        .select(ProgrammeRow::as_select())
        .first(conn)
        .optional()?)
}

/// The programme of an institution for an occupation in a mode, if there is one.
pub fn find(
    conn: &mut Conn,
    institution_id: i64,
    occupation_id: i64,
    mode: &str,
) -> StoreResult<Option<ProgrammeRow>> {
    Ok(programmes::table
        .filter(programmes::institution_id.eq(institution_id))
        .filter(programmes::occupation_id.eq(occupation_id))
        .filter(programmes::mode.eq(mode))
        .order(programmes::id.asc())
        .select(ProgrammeRow::as_select())
        .first(conn)
        .optional()?)
}

/// Every programme of an institution for an occupation in a mode, oldest first (the back
/// office may have added more than one, say at two campuses).
pub fn find_all(
    conn: &mut Conn,
    institution_id: i64,
    occupation_id: i64,
    mode: &str,
) -> StoreResult<Vec<ProgrammeRow>> {
    Ok(programmes::table
        .filter(programmes::institution_id.eq(institution_id))
        .filter(programmes::occupation_id.eq(occupation_id))
        .filter(programmes::mode.eq(mode))
        .order(programmes::id.asc())
        .select(ProgrammeRow::as_select())
        .load(conn)?)
}

pub fn slug_taken(conn: &mut Conn, slug: &str) -> StoreResult<bool> {
    Ok(programmes::table
        .filter(programmes::slug.eq(slug))
        .count()
        .get_result::<i64>(conn)?
        > 0)
}

pub fn count(conn: &mut Conn) -> StoreResult<i64> {
    Ok(programmes::table.count().get_result(conn)?)
}

/// Filters for [`list`]. Every condition given must hold.
#[derive(Debug, Clone, Default)]
pub struct ProgrammeFilter {
    /// Only programmes of these institutions (`None`: all).
    pub institutions: Option<Vec<i64>>,
    pub occupation: Option<i64>,
    /// Only programmes teaching one of these occupations.
    pub occupations: Option<Vec<i64>>,
    /// Only these slugs.
    pub slugs: Option<Vec<String>>,
    /// Only published programmes of institutions valid on this date (the public view).
    pub public_on: Option<NaiveDate>,
    /// `Level` code.
    pub level: Option<String>,
    /// The occupation's group, exactly.
    pub group: Option<String>,
    /// Administrative unit code: the programme's own place, or else its institution's.
    pub area: Option<String>,
    /// `InstitutionType` code (institutions without a profile never match).
    pub institution_type: Option<String>,
    /// Only programmes with an intake open on this day (`opens_on ≤ day ≤ closes_on`).
    pub open_on: Option<NaiveDate>,
    /// Words to find in the occupation (name, group, code), the institution (name, short
    /// name) or the place of study, with or without diacritics.
    pub query: Option<String>,
}

/// A programme with its occupation, institution and the institution's profile.
pub type ProgrammeItem = (ProgrammeRow, OccupationRow, OrgRow, Option<ProfileRow>);

/// Programmes in Vietnamese alphabetical order of the occupation, then of the institution.
pub fn list(
    conn: &mut Conn,
    filter: &ProgrammeFilter,
    page: PageRequest,
) -> StoreResult<Page<ProgrammeItem>> {
    let words = filter
        .query
        .as_deref()
        .map(search_words)
        .unwrap_or_default();
    let build = || {
        let mut q = programmes::table
            .inner_join(occupations::table)
            .inner_join(organisations::table)
            .left_join(prof::table.on(prof::organisation_id.eq(programmes::institution_id)))
            .into_boxed();
        if let Some(only) = &filter.institutions {
            q = q.filter(programmes::institution_id.eq_any(only.clone()));
        }
        if let Some(o) = filter.occupation {
            q = q.filter(programmes::occupation_id.eq(o));
        }
        if let Some(only) = &filter.occupations {
            q = q.filter(programmes::occupation_id.eq_any(only.clone()));
        }
        if let Some(slugs) = &filter.slugs {
            q = q.filter(programmes::slug.eq_any(slugs.clone()));
        }
        if let Some(on) = filter.public_on {
            q = q
                .filter(programmes::is_published.eq(true))
                .filter(organisations::kind.eq(INSTITUTION_KIND))
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
        if let Some(level) = &filter.level {
            q = q.filter(programmes::level.eq(level.clone()));
        }
        if let Some(group) = &filter.group {
            q = q.filter(occupations::group_name.eq(group.clone()));
        }
        if let Some(a) = &filter.area {
            q = q.filter(
                programmes::admin_unit_code
                    .eq(a.clone())
                    .or(programmes::admin_unit_code
                        .is_null()
                        .and(organisations::admin_unit_code.eq(a.clone()))),
            );
        }
        if let Some(t) = &filter.institution_type {
            q = q.filter(prof::institution_type.eq(t.clone()));
        }
        if let Some(day) = filter.open_on {
            q = q.filter(
                programmes::id.eq_any(
                    intakes::table
                        .filter(intakes::opens_on.le(day))
                        .filter(intakes::closes_on.ge(day))
                        .select(intakes::programme_id),
                ),
            );
        }
        for word in &words {
            let pattern = format!("%{word}%");
            q = q.filter(
                programmes::search_text
                    .like(pattern.clone())
                    .or(occupations::search_text.like(pattern.clone()))
                    .or(organisations::search_text.like(pattern)),
            );
        }
        q
    };
    let total = build().count().get_result::<i64>(conn)?;
    let items = build()
        .order((
            occupations::sort_key.asc(),
            occupations::level.asc(),
            organisations::sort_key.asc(),
            programmes::mode.asc(),
            programmes::id.asc(),
        ))
        .limit(page.per_page)
        .offset(page.offset())
        .select((
            ProgrammeRow::as_select(),
            OccupationRow::as_select(),
            OrgRow::as_select(),
            Option::<ProfileRow>::as_select(),
        ))
        .load(conn)?;
    Ok(Page {
        items,
        total,
        page: page.page,
        per_page: page.per_page,
    })
}

/// The occupation groups of the programmes published on `on`, with how many programmes each
/// has, in Vietnamese alphabetical order.
pub fn groups(conn: &mut Conn, on: NaiveDate) -> StoreResult<Vec<(String, i64)>> {
    let mut rows: Vec<(String, i64)> = programmes::table
        .inner_join(occupations::table)
        .inner_join(organisations::table)
        .filter(programmes::is_published.eq(true))
        .filter(occupations::group_name.ne(""))
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
        .group_by(occupations::group_name)
        .select((occupations::group_name, diesel::dsl::count_star()))
        .load(conn)?;
    rows.sort_by(|a, b| lantoa_viet::compare(&a.0, &b.0));
    Ok(rows)
}

/// The administrative units of the programmes published on `on` (their own place, or else
/// their institution's): (code, name), alphabetically.
pub fn areas(conn: &mut Conn, on: NaiveDate) -> StoreResult<Vec<(String, String)>> {
    let pairs: Vec<(Option<String>, Option<String>)> = programmes::table
        .inner_join(organisations::table)
        .filter(programmes::is_published.eq(true))
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
        .select((programmes::admin_unit_code, organisations::admin_unit_code))
        .distinct()
        .load(conn)?;
    let mut codes: Vec<String> = pairs.into_iter().filter_map(|(p, o)| p.or(o)).collect();
    codes.sort();
    codes.dedup();
    if codes.is_empty() {
        return Ok(Vec::new());
    }
    let mut rows: Vec<(String, String)> = admin_units::table
        .filter(admin_units::code.eq_any(codes))
        .select((admin_units::code, admin_units::name))
        .load(conn)?;
    rows.sort_by(|a, b| lantoa_viet::compare(&a.1, &b.1));
    Ok(rows)
}

// --- Intakes ---------------------------------------------------------------------------------

/// An intake (đợt tuyển sinh) as stored.
#[derive(Debug, Clone, PartialEq, Eq, Queryable, Selectable)]
#[diesel(table_name = intakes)]
pub struct IntakeRow {
    pub id: i64,
    pub programme_id: i64,
    pub name: String,
    pub opens_on: NaiveDate,
    pub closes_on: NaiveDate,
    pub classes_start_on: Option<NaiveDate>,
    pub quota: Option<i32>,
    pub note: String,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

/// What an intake is written with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IntakeFields {
    pub name: String,
    pub opens_on: NaiveDate,
    pub closes_on: NaiveDate,
    pub classes_start_on: Option<NaiveDate>,
    pub quota: Option<i32>,
    pub note: String,
}

pub fn insert_intake(
    conn: &mut Conn,
    programme_id: i64,
    f: &IntakeFields,
    now: NaiveDateTime,
) -> StoreResult<i64> {
    Ok(diesel::insert_into(intakes::table)
        .values((
            intakes::programme_id.eq(programme_id),
            intakes::name.eq(&f.name),
            intakes::opens_on.eq(f.opens_on),
            intakes::closes_on.eq(f.closes_on),
            intakes::classes_start_on.eq(f.classes_start_on),
            intakes::quota.eq(f.quota),
            intakes::note.eq(&f.note),
            intakes::created_at.eq(now),
            intakes::updated_at.eq(now),
        ))
        .returning(intakes::id)
        .get_result(conn)?)
}

pub fn update_intake(
    conn: &mut Conn,
    id: i64,
    f: &IntakeFields,
    now: NaiveDateTime,
) -> StoreResult<bool> {
    let n = diesel::update(intakes::table.find(id))
        .set((
            intakes::name.eq(&f.name),
            intakes::opens_on.eq(f.opens_on),
            intakes::closes_on.eq(f.closes_on),
            intakes::classes_start_on.eq(f.classes_start_on),
            intakes::quota.eq(f.quota),
            intakes::note.eq(&f.note),
            intakes::updated_at.eq(now),
        ))
        .execute(conn)?;
    Ok(n == 1)
}

pub fn delete_intake(conn: &mut Conn, id: i64) -> StoreResult<bool> {
    Ok(diesel::delete(intakes::table.find(id)).execute(conn)? == 1)
}

pub fn intake(conn: &mut Conn, id: i64) -> StoreResult<Option<IntakeRow>> {
    Ok(intakes::table
        .find(id)
        .select(IntakeRow::as_select())
        .first(conn)
        .optional()?)
}

/// The intakes of these programmes, by opening date.
pub fn intakes_for(conn: &mut Conn, programme_ids: &[i64]) -> StoreResult<Vec<IntakeRow>> {
    if programme_ids.is_empty() {
        return Ok(Vec::new());
    }
    Ok(intakes::table
        .filter(intakes::programme_id.eq_any(programme_ids))
        .order((
            intakes::opens_on.asc(),
            intakes::closes_on.asc(),
            intakes::id.asc(),
        ))
        .select(IntakeRow::as_select())
        .load(conn)?)
}

/// The slug and last change of every programme the public sees on `on` (published, of an
/// institution operating that day), for the sitemap.
pub fn public_slugs(conn: &mut Conn, on: NaiveDate) -> StoreResult<Vec<(String, NaiveDateTime)>> {
    Ok(programmes::table
        .inner_join(organisations::table)
        .filter(programmes::is_published.eq(true))
        .filter(organisations::kind.eq(INSTITUTION_KIND))
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
        .order(programmes::id.asc())
        .select((programmes::slug, programmes::updated_at))
        .load(conn)?)
}

/// The directory's change counter: triggers bump it on every insert, update or delete of
/// programmes, intakes, programme policies, support policies, organisations, institution
/// profiles, occupations and administrative units, whichever process writes. 0 if the row
/// is missing.
pub fn directory_version(conn: &mut Conn) -> StoreResult<i64> {
    use crate::schema::directory_version as dv;
    Ok(dv::table
        .find(1_i64)
        .select(dv::version)
        .first::<i64>(conn)
        .optional()?
        .unwrap_or(0))
}
