//! Communication products.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use lantoa_domain::{ActivityId, OrgId, PlanId};

use crate::schema::{contents, organisations, plan_activities, products};
use crate::{Conn, Page, PageRequest, StoreResult};

#[derive(Debug, Clone, PartialEq, Eq, Queryable, Selectable)]
#[diesel(table_name = products)]
pub struct ProductRow {
    pub id: i64,
    pub plan_id: i64,
    /// `None`: a product from the portal waiting for the unit to choose its activity.
    pub activity_id: Option<i64>,
    pub organisation_id: i64,
    pub kind: String,
    pub title: String,
    pub quantity: i32,
    pub produced_on: NaiveDate,
    pub channel: String,
    pub place: String,
    pub reach: Option<i64>,
    pub reach_kind: Option<String>,
    pub reach_source: String,
    pub evidence_url: String,
    pub note: String,
    pub source: String,
    pub created_by: Option<i64>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    /// The portal's content item this product was made from (source `portal`).
    pub content_id: Option<i64>,
    /// When that item left the portal while a report kept counting the product.
    pub content_removed_at: Option<NaiveDateTime>,
}

/// A product's fields as entered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProductFields {
    pub plan_id: PlanId,
    /// `None` only for a product from the portal that no rule of the plan placed.
    pub activity_id: Option<ActivityId>,
    pub organisation_id: OrgId,
    pub kind: String,
    pub title: String,
    pub quantity: i32,
    pub produced_on: NaiveDate,
    pub channel: String,
    pub place: String,
    pub reach: Option<i64>,
    pub reach_kind: Option<String>,
    pub reach_source: String,
    pub evidence_url: String,
    pub note: String,
    /// `manual`, `import` or `portal`.
    pub source: String,
    /// The content item a `portal` product was made from.
    pub content_id: Option<i64>,
}

pub fn insert(
    conn: &mut Conn,
    f: &ProductFields,
    by: Option<i64>,
    now: NaiveDateTime,
) -> StoreResult<i64> {
    Ok(diesel::insert_into(products::table)
        .values((
            products::plan_id.eq(f.plan_id.0),
            products::activity_id.eq(f.activity_id.map(|a| a.0)),
            products::organisation_id.eq(f.organisation_id.0),
            products::kind.eq(&f.kind),
            products::title.eq(&f.title),
            products::quantity.eq(f.quantity),
            products::produced_on.eq(f.produced_on),
            products::channel.eq(&f.channel),
            products::place.eq(&f.place),
            products::reach.eq(f.reach),
            products::reach_kind.eq(&f.reach_kind),
            products::reach_source.eq(&f.reach_source),
            products::evidence_url.eq(&f.evidence_url),
            products::note.eq(&f.note),
            products::source.eq(&f.source),
            products::created_by.eq(by),
            products::created_at.eq(now),
            products::updated_at.eq(now),
            products::content_id.eq(f.content_id),
        ))
        .returning(products::id)
        .get_result(conn)?)
}

/// Replaces a product's fields (the organisation, plan, source and content link stay).
pub fn update(
    conn: &mut Conn,
    id: i64,
    f: &ProductFields,
    now: NaiveDateTime,
) -> StoreResult<bool> {
    Ok(diesel::update(products::table.find(id))
        .set((
            products::activity_id.eq(f.activity_id.map(|a| a.0)),
            products::kind.eq(&f.kind),
            products::title.eq(&f.title),
            products::quantity.eq(f.quantity),
            products::produced_on.eq(f.produced_on),
            products::channel.eq(&f.channel),
            products::place.eq(&f.place),
            products::reach.eq(f.reach),
            products::reach_kind.eq(&f.reach_kind),
            products::reach_source.eq(&f.reach_source),
            products::evidence_url.eq(&f.evidence_url),
            products::note.eq(&f.note),
            products::updated_at.eq(now),
        ))
        .execute(conn)?
        == 1)
}

/// The products made from a content item (one per plan at most).
pub fn by_content(conn: &mut Conn, content_id: i64) -> StoreResult<Vec<ProductRow>> {
    Ok(products::table
        .filter(products::content_id.eq(content_id))
        .order(products::id.asc())
        .select(ProductRow::as_select())
        .load(conn)?)
}

/// Follows the content item a portal product was made from: its title and address, and
/// whether it is off the portal (`removed`) while a report keeps counting the product.
pub fn follow_content(
    conn: &mut Conn,
    id: i64,
    title: &str,
    evidence_url: &str,
    removed: Option<NaiveDateTime>,
    now: NaiveDateTime,
) -> StoreResult<()> {
    diesel::update(products::table.find(id))
        .set((
            products::title.eq(title),
            products::evidence_url.eq(evidence_url),
            products::content_removed_at.eq(removed),
            products::updated_at.eq(now),
        ))
        .execute(conn)?;
    Ok(())
}

pub fn get(conn: &mut Conn, id: i64) -> StoreResult<Option<ProductRow>> {
    Ok(products::table
        .find(id)
        .select(ProductRow::as_select())
        .first(conn)
        .optional()?)
}

pub fn delete(conn: &mut Conn, id: i64) -> StoreResult<bool> {
    Ok(diesel::delete(products::table.find(id)).execute(conn)? == 1)
}

/// Filters for [`list`].
#[derive(Debug, Clone, Default)]
pub struct ProductFilter {
    pub plan: Option<PlanId>,
    /// Only these organisations (`None`: all).
    pub orgs: Option<Vec<OrgId>>,
    pub activity: Option<ActivityId>,
    /// Only products waiting for their activity.
    pub unassigned: bool,
    pub kind: Option<String>,
    /// Inclusive date range.
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
}

/// A row of the list, with the activity code (`None`: not assigned yet), the organisation's
/// short name and, for a product from the portal, its content item's id and state.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProductListItem {
    pub product: ProductRow,
    pub activity_code: Option<String>,
    pub org_short_name: String,
    pub content_state: Option<String>,
}

/// Newest first.
pub fn list(
    conn: &mut Conn,
    f: &ProductFilter,
    page: PageRequest,
) -> StoreResult<Page<ProductListItem>> {
    let build = || {
        let mut q = products::table
            .left_join(plan_activities::table)
            .inner_join(organisations::table)
            .left_join(contents::table)
            .into_boxed();
        if let Some(p) = f.plan {
            q = q.filter(products::plan_id.eq(p.0));
        }
        if let Some(orgs) = &f.orgs {
            q = q.filter(
                products::organisation_id.eq_any(orgs.iter().map(|o| o.0).collect::<Vec<_>>()),
            );
        }
        if let Some(a) = f.activity {
            q = q.filter(products::activity_id.eq(a.0));
        }
        if f.unassigned {
            q = q.filter(products::activity_id.is_null());
        }
        if let Some(k) = &f.kind {
            q = q.filter(products::kind.eq(k.clone()));
        }
        if let Some(d) = f.from {
            q = q.filter(products::produced_on.ge(d));
        }
        if let Some(d) = f.to {
            q = q.filter(products::produced_on.le(d));
        }
        q
    };
    let total = build().count().get_result::<i64>(conn)?;
    let rows: Vec<(ProductRow, Option<String>, String, Option<String>)> = build()
        .order((products::produced_on.desc(), products::id.desc()))
        .limit(page.per_page)
        .offset(page.offset())
        .select((
            ProductRow::as_select(),
            plan_activities::code.nullable(),
            organisations::short_name,
            contents::state.nullable(),
        ))
        .load(conn)?;
    Ok(Page {
        items: rows
            .into_iter()
            .map(
                |(product, activity_code, org_short_name, content_state)| ProductListItem {
                    product,
                    activity_code,
                    org_short_name,
                    content_state,
                },
            )
            .collect(),
        total,
        page: page.page,
        per_page: page.per_page,
    })
}

/// The organisations that logged products in a plan, (id, name), by name: the choices of
/// the products list's filter.
pub fn organisations(conn: &mut Conn, plan: PlanId) -> StoreResult<Vec<(i64, String)>> {
    let mut rows: Vec<(i64, String)> = products::table
        .inner_join(organisations::table)
        .filter(products::plan_id.eq(plan.0))
        .select((organisations::id, organisations::name))
        .distinct()
        .load(conn)?;
    rows.sort_by_cached_key(|(_, name)| crate::orgs::sort_key(name));
    Ok(rows)
}

/// Total quantity per (organisation, activity) in a date range: what a report is pre-filled with.
pub fn totals(
    conn: &mut Conn,
    plan: PlanId,
    from: NaiveDate,
    to: NaiveDate,
) -> StoreResult<Vec<(i64, i64, i64)>> {
    let rows: Vec<(i64, Option<i64>, Option<i64>)> = products::table
        .filter(products::plan_id.eq(plan.0))
        .filter(products::activity_id.is_not_null())
        .filter(products::produced_on.ge(from))
        .filter(products::produced_on.le(to))
        .group_by((products::organisation_id, products::activity_id))
        .select((
            products::organisation_id,
            products::activity_id,
            diesel::dsl::sum(products::quantity),
        ))
        .order((products::organisation_id.asc(), products::activity_id.asc()))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .filter_map(|(o, a, s)| Some((o, a?, s.unwrap_or(0))))
        .collect())
}

/// Total quantity per (organisation, product kind) of the products counted in reports (those
/// with an activity) dated in a range: the consolidated report's totals by kind.
pub fn kind_totals(
    conn: &mut Conn,
    plan: PlanId,
    from: NaiveDate,
    to: NaiveDate,
) -> StoreResult<Vec<(i64, String, i64)>> {
    let rows: Vec<(i64, String, Option<i64>)> = products::table
        .filter(products::plan_id.eq(plan.0))
        .filter(products::activity_id.is_not_null())
        .filter(products::produced_on.ge(from))
        .filter(products::produced_on.le(to))
        .group_by((products::organisation_id, products::kind))
        .select((
            products::organisation_id,
            products::kind,
            diesel::dsl::sum(products::quantity),
        ))
        .order((products::organisation_id.asc(), products::kind.asc()))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(|(o, k, s)| (o, k, s.unwrap_or(0)))
        .collect())
}

/// An organisation's products of a plan dated in a range that wait for their activity: the
/// report form names them, since they are not counted until the unit assigns them.
pub fn unassigned(
    conn: &mut Conn,
    plan: PlanId,
    org: OrgId,
    from: NaiveDate,
    to: NaiveDate,
) -> StoreResult<Vec<ProductRow>> {
    Ok(products::table
        .filter(products::plan_id.eq(plan.0))
        .filter(products::organisation_id.eq(org.0))
        .filter(products::activity_id.is_null())
        .filter(products::produced_on.ge(from))
        .filter(products::produced_on.le(to))
        .order((products::produced_on.asc(), products::id.asc()))
        .select(ProductRow::as_select())
        .load(conn)?)
}

/// (activity, organisation, kind, date, quantity) of every product of a plan: the dashboard
/// buckets these by period, kind and organisation. The activity is `None` while a product
/// from the portal waits for the unit to choose it.
pub type ProductFact = (Option<i64>, i64, String, NaiveDate, i32);

pub fn facts(conn: &mut Conn, plan: PlanId) -> StoreResult<Vec<ProductFact>> {
    Ok(products::table
        .filter(products::plan_id.eq(plan.0))
        .select((
            products::activity_id,
            products::organisation_id,
            products::kind,
            products::produced_on,
            products::quantity,
        ))
        .load(conn)?)
}
