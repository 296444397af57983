//! Plans and their parts. A plan is imported whole (`lantoa import plan`); re-importing the
//! same slug updates it in place and keeps activity ids stable (products will point at them).

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use lantoa_domain::{ActivityId, PlanId};

use crate::schema::{
    organisations, plan_activities as acts, plan_activity_units as units, plan_numbers,
    plan_periods, plan_responsibilities as resp, plan_sections, plans,
};
use crate::{Conn, StoreResult};

#[derive(Debug, Clone, PartialEq, Eq, Queryable, Selectable)]
#[diesel(table_name = plans)]
pub struct PlanRow {
    pub id: i64,
    pub slug: String,
    pub title: String,
    pub document_type: String,
    pub issuer_id: Option<i64>,
    pub issuer_name: String,
    pub place: String,
    pub issued_on: NaiveDate,
    pub start_year: i32,
    pub end_year: i32,
    pub lead_id: Option<i64>,
    pub signer_name: String,
    pub signer_title: String,
    /// JSON array of strings.
    pub recipients: String,
    /// JSON array of strings.
    pub legal_basis: String,
    pub reporting_text: String,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    /// How the portal's published content counts (plan-file `[[portal_activity]]`): a JSON
    /// array of `{activity, kinds, topics}`, in order.
    pub portal_rules: String,
}

impl PlanRow {
    pub fn plan_id(&self) -> PlanId {
        PlanId(self.id)
    }
}

/// The plan's own fields, as imported.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlanFields {
    pub slug: String,
    pub title: String,
    pub document_type: String,
    pub issuer_id: Option<i64>,
    pub issuer_name: String,
    pub place: String,
    pub issued_on: NaiveDate,
    pub start_year: i32,
    pub end_year: i32,
    pub lead_id: Option<i64>,
    pub signer_name: String,
    pub signer_title: String,
    pub recipients: String,
    pub legal_basis: String,
    pub reporting_text: String,
    /// JSON array, see [`PlanRow::portal_rules`].
    pub portal_rules: String,
}

/// Inserts the plan, or updates the one with the same slug. Returns its id and whether it is new.
pub fn upsert(conn: &mut Conn, f: &PlanFields, now: NaiveDateTime) -> StoreResult<(PlanId, bool)> {
    let values = (
        plans::title.eq(&f.title),
        plans::document_type.eq(&f.document_type),
        plans::issuer_id.eq(f.issuer_id),
        plans::issuer_name.eq(&f.issuer_name),
        plans::place.eq(&f.place),
        plans::issued_on.eq(f.issued_on),
        plans::start_year.eq(f.start_year),
        plans::end_year.eq(f.end_year),
        plans::lead_id.eq(f.lead_id),
        plans::signer_name.eq(&f.signer_name),
        plans::signer_title.eq(&f.signer_title),
        plans::recipients.eq(&f.recipients),
        plans::legal_basis.eq(&f.legal_basis),
        plans::reporting_text.eq(&f.reporting_text),
        plans::portal_rules.eq(&f.portal_rules),
    );
    if let Some(existing) = by_slug(conn, &f.slug)? {
        diesel::update(plans::table.find(existing.id))
            .set((values, plans::updated_at.eq(now)))
            .execute(conn)?;
        return Ok((existing.plan_id(), false));
    }
    let id = diesel::insert_into(plans::table)
        .values((
            plans::slug.eq(&f.slug),
            values,
            plans::created_at.eq(now),
            plans::updated_at.eq(now),
        ))
        .returning(plans::id)
        .get_result::<i64>(conn)?;
    Ok((PlanId(id), true))
}

pub fn by_slug(conn: &mut Conn, slug: &str) -> StoreResult<Option<PlanRow>> {
    Ok(plans::table
        .filter(plans::slug.eq(slug))
        .select(PlanRow::as_select())
        .first(conn)
        .optional()?)
}

/// Every plan, newest first.
pub fn list(conn: &mut Conn) -> StoreResult<Vec<PlanRow>> {
    Ok(plans::table
        .order((plans::issued_on.desc(), plans::id.desc()))
        .select(PlanRow::as_select())
        .load(conn)?)
}

#[derive(Debug, Clone, PartialEq, Eq, Queryable, Selectable)]
#[diesel(table_name = plan_numbers)]
pub struct NumberRow {
    pub text: String,
    pub written_in: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Queryable, Selectable)]
#[diesel(table_name = plan_sections)]
pub struct SectionRow {
    pub code: String,
    pub title: String,
    pub body: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Queryable, Selectable)]
#[diesel(table_name = resp)]
pub struct ResponsibilityRow {
    pub code: String,
    pub heading: String,
    /// JSON array of unit references (`{"org": slug}`, `{"kind": …, "label": …}`, `{"label": …}`).
    pub units: String,
    /// JSON array of strings.
    pub items: String,
    pub body: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Queryable, Selectable)]
#[diesel(table_name = plan_periods)]
pub struct PeriodRow {
    pub kind: String,
    pub label: String,
    pub window_from: String,
    pub window_from_previous_year: bool,
    pub window_to: String,
    pub unit_due: String,
    pub lead_due: String,
}

/// Replaces the plan's numbers, sections, responsibilities and periods.
pub fn replace_parts(
    conn: &mut Conn,
    plan: PlanId,
    numbers: &[NumberRow],
    sections: &[SectionRow],
    responsibilities: &[ResponsibilityRow],
    periods: &[PeriodRow],
) -> StoreResult<()> {
    diesel::delete(plan_numbers::table.filter(plan_numbers::plan_id.eq(plan.0))).execute(conn)?;
    diesel::delete(plan_sections::table.filter(plan_sections::plan_id.eq(plan.0))).execute(conn)?;
    diesel::delete(resp::table.filter(resp::plan_id.eq(plan.0))).execute(conn)?;
    diesel::delete(plan_periods::table.filter(plan_periods::plan_id.eq(plan.0))).execute(conn)?;
    for (i, n) in numbers.iter().enumerate() {
        diesel::insert_into(plan_numbers::table)
            .values((
                plan_numbers::plan_id.eq(plan.0),
                plan_numbers::position.eq(position(i)),
                plan_numbers::text.eq(&n.text),
                plan_numbers::written_in.eq(&n.written_in),
            ))
            .execute(conn)?;
    }
    for (i, s) in sections.iter().enumerate() {
        diesel::insert_into(plan_sections::table)
            .values((
                plan_sections::plan_id.eq(plan.0),
                plan_sections::position.eq(position(i)),
                plan_sections::code.eq(&s.code),
                plan_sections::title.eq(&s.title),
                plan_sections::body.eq(&s.body),
            ))
            .execute(conn)?;
    }
    for (i, r) in responsibilities.iter().enumerate() {
        diesel::insert_into(resp::table)
            .values((
                resp::plan_id.eq(plan.0),
                resp::position.eq(position(i)),
                resp::code.eq(&r.code),
                resp::heading.eq(&r.heading),
                resp::units.eq(&r.units),
                resp::items.eq(&r.items),
                resp::body.eq(&r.body),
            ))
            .execute(conn)?;
    }
    for p in periods {
        diesel::insert_into(plan_periods::table)
            .values((
                plan_periods::plan_id.eq(plan.0),
                plan_periods::kind.eq(&p.kind),
                plan_periods::label.eq(&p.label),
                plan_periods::window_from.eq(&p.window_from),
                plan_periods::window_from_previous_year.eq(p.window_from_previous_year),
                plan_periods::window_to.eq(&p.window_to),
                plan_periods::unit_due.eq(&p.unit_due),
                plan_periods::lead_due.eq(&p.lead_due),
            ))
            .execute(conn)?;
    }
    Ok(())
}

fn position(i: usize) -> i32 {
    i32::try_from(i).unwrap_or(i32::MAX)
}

pub fn numbers(conn: &mut Conn, plan: PlanId) -> StoreResult<Vec<NumberRow>> {
    Ok(plan_numbers::table
        .filter(plan_numbers::plan_id.eq(plan.0))
        .order(plan_numbers::position.asc())
        .select(NumberRow::as_select())
        .load(conn)?)
}

pub fn sections(conn: &mut Conn, plan: PlanId) -> StoreResult<Vec<SectionRow>> {
    Ok(plan_sections::table
        .filter(plan_sections::plan_id.eq(plan.0))
        .order(plan_sections::position.asc())
        .select(SectionRow::as_select())
        .load(conn)?)
}

pub fn responsibilities(conn: &mut Conn, plan: PlanId) -> StoreResult<Vec<ResponsibilityRow>> {
    Ok(resp::table
        .filter(resp::plan_id.eq(plan.0))
        .order(resp::position.asc())
        .select(ResponsibilityRow::as_select())
        .load(conn)?)
}

pub fn periods(conn: &mut Conn, plan: PlanId) -> StoreResult<Vec<PeriodRow>> {
    Ok(plan_periods::table
        .filter(plan_periods::plan_id.eq(plan.0))
        .order(plan_periods::id.asc())
        .select(PeriodRow::as_select())
        .load(conn)?)
}

#[derive(Debug, Clone, PartialEq, Eq, Queryable, Selectable)]
#[diesel(table_name = acts)]
pub struct ActivityRow {
    pub id: i64,
    pub parent_id: Option<i64>,
    pub position: i32,
    pub code: String,
    pub title: String,
    pub expected_products: String,
    /// Comma-separated years, e.g. "2023,2024,2025".
    pub years: String,
}

impl ActivityRow {
    pub fn activity_id(&self) -> ActivityId {
        ActivityId(self.id)
    }

    pub fn year_list(&self) -> Vec<i32> {
        self.years
            .split(',')
            .filter_map(|y| y.trim().parse().ok())
            .collect()
    }
}

/// An activity's fields as imported.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActivityFields {
    pub code: String,
    pub parent_id: Option<i64>,
    pub position: i32,
    pub title: String,
    pub expected_products: String,
    pub years: String,
}

/// Inserts the activity or updates the one with the same code, keeping its id.
pub fn upsert_activity(
    conn: &mut Conn,
    plan: PlanId,
    a: &ActivityFields,
) -> StoreResult<ActivityId> {
    let existing: Option<i64> = acts::table
        .filter(acts::plan_id.eq(plan.0))
        .filter(acts::code.eq(&a.code))
        .select(acts::id)
        .first(conn)
        .optional()?;
    let values = (
        acts::parent_id.eq(a.parent_id),
        acts::position.eq(a.position),
        acts::title.eq(&a.title),
        acts::expected_products.eq(&a.expected_products),
        acts::years.eq(&a.years),
    );
    if let Some(id) = existing {
        diesel::update(acts::table.find(id))
            .set(values)
            .execute(conn)?;
        return Ok(ActivityId(id));
    }
    let id = diesel::insert_into(acts::table)
        .values((acts::plan_id.eq(plan.0), acts::code.eq(&a.code), values))
        .returning(acts::id)
        .get_result::<i64>(conn)?;
    Ok(ActivityId(id))
}

/// Deletes the plan's activities whose codes are not in `keep` (children first).
pub fn delete_activities_except(
    conn: &mut Conn,
    plan: PlanId,
    keep: &[String],
) -> StoreResult<usize> {
    let gone: Vec<(i64, String)> = acts::table
        .filter(acts::plan_id.eq(plan.0))
        .filter(acts::code.ne_all(keep))
        .select((acts::id, acts::code))
        .load(conn)?;
    let mut gone = gone;
    // Deepest codes first, so no parent is removed before its children.
    gone.sort_by_key(|(_, code)| std::cmp::Reverse(code.matches('.').count()));
    for (id, _) in &gone {
        diesel::delete(acts::table.find(id)).execute(conn)?;
    }
    Ok(gone.len())
}

/// The plan's activities in document order.
pub fn activities(conn: &mut Conn, plan: PlanId) -> StoreResult<Vec<ActivityRow>> {
    Ok(acts::table
        .filter(acts::plan_id.eq(plan.0))
        .order((acts::position.asc(), acts::id.asc()))
        .select(ActivityRow::as_select())
        .load(conn)?)
}

/// One participant of an activity: a specific organisation, all organisations of a kind, or a
/// group named only in words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnitRef {
    pub organisation_id: Option<i64>,
    pub org_kind: Option<String>,
    /// The words as written in the plan (or the organisation's name).
    pub label: String,
}

/// Replaces the units of an activity for one role.
pub fn replace_units(
    conn: &mut Conn,
    activity: ActivityId,
    role: &str,
    list: &[UnitRef],
) -> StoreResult<()> {
    diesel::delete(
        units::table
            .filter(units::activity_id.eq(activity.0))
            .filter(units::role.eq(role)),
    )
    .execute(conn)?;
    for (i, u) in list.iter().enumerate() {
        diesel::insert_into(units::table)
            .values((
                units::activity_id.eq(activity.0),
                units::role.eq(role),
                units::position.eq(position(i)),
                units::organisation_id.eq(u.organisation_id),
                units::org_kind.eq(&u.org_kind),
                units::label.eq(&u.label),
            ))
            .execute(conn)?;
    }
    Ok(())
}

/// A unit of an activity with the organisation's current short name when it is a specific one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActivityUnit {
    pub activity_id: i64,
    pub role: String,
    pub unit: UnitRef,
    pub org_slug: Option<String>,
}

/// (activity id, role, organisation id, kind, label, organisation slug)
type UnitJoinRow = (
    i64,
    String,
    Option<i64>,
    Option<String>,
    String,
    Option<String>,
);

/// Every unit of every activity of the plan, in order.
pub fn activity_units(conn: &mut Conn, plan: PlanId) -> StoreResult<Vec<ActivityUnit>> {
    let rows: Vec<UnitJoinRow> = units::table
        .inner_join(acts::table)
        .left_join(organisations::table.on(units::organisation_id.eq(organisations::id.nullable())))
        .filter(acts::plan_id.eq(plan.0))
        .order((
            units::activity_id.asc(),
            units::role.desc(),
            units::position.asc(),
        ))
        .select((
            units::activity_id,
            units::role,
            units::organisation_id,
            units::org_kind,
            units::label,
            organisations::slug.nullable(),
        ))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(
            |(activity_id, role, organisation_id, org_kind, label, org_slug)| ActivityUnit {
                activity_id,
                role,
                unit: UnitRef {
                    organisation_id,
                    org_kind,
                    label,
                },
                org_slug,
            },
        )
        .collect())
}

/// What the plan dashboard depends on, summarised cheaply: when any of it changes (a product
/// or report added, edited or deleted; an organisation, succession or the plan itself
/// changed), the fingerprint changes. Another process (the CLI) writing to the same database
/// changes it too, which an in-process invalidation would miss.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DataFingerprint {
    products: (i64, Option<NaiveDateTime>, Option<i64>),
    reports: (i64, Option<NaiveDateTime>, Option<i64>),
    organisations: (i64, Option<NaiveDateTime>),
    successions: (i64, Option<i64>),
    plan: Option<NaiveDateTime>,
}

pub fn data_fingerprint(conn: &mut Conn, plan: PlanId) -> StoreResult<DataFingerprint> {
    use crate::schema::{organisation_successions as succ, products, reports};
    use diesel::dsl::{count_star, max};
    let products = products::table
        .filter(products::plan_id.eq(plan.0))
        .select((count_star(), max(products::updated_at), max(products::id)))
        .first(conn)?;
    let reports = reports::table
        .filter(reports::plan_id.eq(plan.0))
        .select((count_star(), max(reports::updated_at), max(reports::id)))
        .first(conn)?;
    let organisations = organisations::table
        .select((count_star(), max(organisations::updated_at)))
        .first(conn)?;
    let successions = succ::table
        .select((count_star(), max(succ::id)))
        .first(conn)?;
    let plan = plans::table
        .filter(plans::id.eq(plan.0))
        .select(plans::updated_at)
        .first(conn)
        .optional()?;
    Ok(DataFingerprint {
        products,
        reports,
        organisations,
        successions,
        plan,
    })
}
