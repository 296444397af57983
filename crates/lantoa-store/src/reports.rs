//! Reports, their figures and their history.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use lantoa_domain::{OrgId, PlanId};

use crate::schema::{
    consolidated_reports as consolidated, report_events as events, report_figures as figures,
    reports,
};
use crate::{Conn, StoreResult};

#[derive(Debug, Clone, PartialEq, Eq, Queryable, Selectable)]
#[diesel(table_name = reports)]
pub struct ReportRow {
    pub id: i64,
    pub plan_id: i64,
    pub organisation_id: i64,
    pub period_kind: String,
    pub year: i32,
    pub state: String,
    pub results: String,
    pub shortcomings: String,
    pub difficulties: String,
    pub proposals: String,
    pub next_steps: String,
    pub first_submitted_at: Option<NaiveDateTime>,
    pub submitted_at: Option<NaiveDateTime>,
    pub accepted_at: Option<NaiveDateTime>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

/// The five narrative sections of a report.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Narrative {
    pub results: String,
    pub shortcomings: String,
    pub difficulties: String,
    pub proposals: String,
    pub next_steps: String,
}

pub fn find(
    conn: &mut Conn,
    plan: PlanId,
    org: OrgId,
    kind: &str,
    year: i32,
) -> StoreResult<Option<ReportRow>> {
    Ok(reports::table
        .filter(reports::plan_id.eq(plan.0))
        .filter(reports::organisation_id.eq(org.0))
        .filter(reports::period_kind.eq(kind))
        .filter(reports::year.eq(year))
        .select(ReportRow::as_select())
        .first(conn)
        .optional()?)
}

pub fn get(conn: &mut Conn, id: i64) -> StoreResult<Option<ReportRow>> {
    Ok(reports::table
        .find(id)
        .select(ReportRow::as_select())
        .first(conn)
        .optional()?)
}

pub fn insert(
    conn: &mut Conn,
    plan: PlanId,
    org: OrgId,
    kind: &str,
    year: i32,
    now: NaiveDateTime,
) -> StoreResult<i64> {
    Ok(diesel::insert_into(reports::table)
        .values((
            reports::plan_id.eq(plan.0),
            reports::organisation_id.eq(org.0),
            reports::period_kind.eq(kind),
            reports::year.eq(year),
            reports::state.eq("draft"),
            reports::created_at.eq(now),
            reports::updated_at.eq(now),
        ))
        .returning(reports::id)
        .get_result(conn)?)
}

pub fn set_narrative(
    conn: &mut Conn,
    id: i64,
    n: &Narrative,
    now: NaiveDateTime,
) -> StoreResult<()> {
    diesel::update(reports::table.find(id))
        .set((
            reports::results.eq(&n.results),
            reports::shortcomings.eq(&n.shortcomings),
            reports::difficulties.eq(&n.difficulties),
            reports::proposals.eq(&n.proposals),
            reports::next_steps.eq(&n.next_steps),
            reports::updated_at.eq(now),
        ))
        .execute(conn)?;
    Ok(())
}

/// Moves the report to `state`, only if it is still in `expected` (so two people acting at
/// once cannot both succeed). Returns false when it was not.
pub fn set_state(
    conn: &mut Conn,
    id: i64,
    expected: &str,
    state: &str,
    now: NaiveDateTime,
) -> StoreResult<bool> {
    let n = diesel::update(reports::table.find(id).filter(reports::state.eq(expected)))
        .set((reports::state.eq(state), reports::updated_at.eq(now)))
        .execute(conn)?;
    if n == 1 {
        match state {
            "submitted" => {
                diesel::update(reports::table.find(id))
                    .set(reports::submitted_at.eq(Some(now)))
                    .execute(conn)?;
                diesel::update(
                    reports::table
                        .find(id)
                        .filter(reports::first_submitted_at.is_null()),
                )
                .set(reports::first_submitted_at.eq(Some(now)))
                .execute(conn)?;
            }
            "accepted" => {
                diesel::update(reports::table.find(id))
                    .set(reports::accepted_at.eq(Some(now)))
                    .execute(conn)?;
            }
            _ => {}
        }
    }
    Ok(n == 1)
}

/// Every report of a plan for one period.
pub fn for_period(
    conn: &mut Conn,
    plan: PlanId,
    kind: &str,
    year: i32,
) -> StoreResult<Vec<ReportRow>> {
    Ok(reports::table
        .filter(reports::plan_id.eq(plan.0))
        .filter(reports::period_kind.eq(kind))
        .filter(reports::year.eq(year))
        .order(reports::id.asc())
        .select(ReportRow::as_select())
        .load(conn)?)
}

#[derive(Debug, Clone, PartialEq, Eq, Queryable, Selectable)]
#[diesel(table_name = figures)]
pub struct FigureRow {
    pub activity_id: i64,
    pub quantity_auto: Option<i32>,
    pub quantity_override: Option<i32>,
    pub reason: String,
}

pub fn figures(conn: &mut Conn, report: i64) -> StoreResult<Vec<FigureRow>> {
    Ok(figures::table
        .filter(figures::report_id.eq(report))
        .order(figures::activity_id.asc())
        .select(FigureRow::as_select())
        .load(conn)?)
}

/// Sets one figure of a report (insert or update).
pub fn set_figure(conn: &mut Conn, report: i64, f: &FigureRow) -> StoreResult<()> {
    let n = diesel::update(
        figures::table
            .filter(figures::report_id.eq(report))
            .filter(figures::activity_id.eq(f.activity_id)),
    )
    .set((
        figures::quantity_auto.eq(f.quantity_auto),
        figures::quantity_override.eq(f.quantity_override),
        figures::reason.eq(&f.reason),
    ))
    .execute(conn)?;
    if n == 0 {
        diesel::insert_into(figures::table)
            .values((
                figures::report_id.eq(report),
                figures::activity_id.eq(f.activity_id),
                figures::quantity_auto.eq(f.quantity_auto),
                figures::quantity_override.eq(f.quantity_override),
                figures::reason.eq(&f.reason),
            ))
            .execute(conn)?;
    }
    Ok(())
}

#[derive(Debug, Clone, PartialEq, Eq, Queryable, Selectable)]
#[diesel(table_name = events)]
pub struct EventRow {
    pub at: NaiveDateTime,
    pub actor_label: String,
    pub action: String,
    pub comment: String,
}

pub fn add_event(
    conn: &mut Conn,
    report: i64,
    at: NaiveDateTime,
    actor: &str,
    action: &str,
    comment: &str,
) -> StoreResult<()> {
    diesel::insert_into(events::table)
        .values((
            events::report_id.eq(report),
            events::at.eq(at),
            events::actor_label.eq(actor),
            events::action.eq(action),
            events::comment.eq(comment),
        ))
        .execute(conn)?;
    Ok(())
}

pub fn events(conn: &mut Conn, report: i64) -> StoreResult<Vec<EventRow>> {
    Ok(events::table
        .filter(events::report_id.eq(report))
        .order(events::id.asc())
        .select(EventRow::as_select())
        .load(conn)?)
}

/// (report id, activity id, figure reported) for many reports at once: the changed figure
/// where there is one, else the products' total frozen at submission.
pub fn figure_values(conn: &mut Conn, report_ids: &[i64]) -> StoreResult<Vec<(i64, i64, i64)>> {
    let rows: Vec<(i64, i64, Option<i32>, Option<i32>)> = figures::table
        .filter(figures::report_id.eq_any(report_ids))
        .select((
            figures::report_id,
            figures::activity_id,
            figures::quantity_auto,
            figures::quantity_override,
        ))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(|(r, a, auto, over)| (r, a, i64::from(over.or(auto).unwrap_or(0))))
        .collect())
}

/// The lead department's narrative draft of a period's consolidated report.
#[derive(Debug, Clone, PartialEq, Eq, Queryable, Selectable)]
#[diesel(table_name = consolidated)]
pub struct ConsolidatedRow {
    pub id: i64,
    pub plan_id: i64,
    pub period_kind: String,
    pub year: i32,
    pub results: String,
    pub shortcomings: String,
    pub difficulties: String,
    pub proposals: String,
    pub next_steps: String,
    pub updated_by: Option<i64>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

impl ConsolidatedRow {
    pub fn narrative(&self) -> Narrative {
        Narrative {
            results: self.results.clone(),
            shortcomings: self.shortcomings.clone(),
            difficulties: self.difficulties.clone(),
            proposals: self.proposals.clone(),
            next_steps: self.next_steps.clone(),
        }
    }
}

pub fn find_consolidated(
    conn: &mut Conn,
    plan: PlanId,
    kind: &str,
    year: i32,
) -> StoreResult<Option<ConsolidatedRow>> {
    Ok(consolidated::table
        .filter(consolidated::plan_id.eq(plan.0))
        .filter(consolidated::period_kind.eq(kind))
        .filter(consolidated::year.eq(year))
        .select(ConsolidatedRow::as_select())
        .first(conn)
        .optional()?)
}

/// Saves the consolidated narrative of a period (inserting it the first time). Returns its id.
pub fn save_consolidated(
    conn: &mut Conn,
    plan: PlanId,
    kind: &str,
    year: i32,
    n: &Narrative,
    by: Option<i64>,
    now: NaiveDateTime,
) -> StoreResult<i64> {
    let values = (
        consolidated::results.eq(&n.results),
        consolidated::shortcomings.eq(&n.shortcomings),
        consolidated::difficulties.eq(&n.difficulties),
        consolidated::proposals.eq(&n.proposals),
        consolidated::next_steps.eq(&n.next_steps),
        consolidated::updated_by.eq(by),
        consolidated::updated_at.eq(now),
    );
    if let Some(row) = find_consolidated(conn, plan, kind, year)? {
        diesel::update(consolidated::table.find(row.id))
            .set(values)
            .execute(conn)?;
        return Ok(row.id);
    }
    Ok(diesel::insert_into(consolidated::table)
        .values((
            consolidated::plan_id.eq(plan.0),
            consolidated::period_kind.eq(kind),
            consolidated::year.eq(year),
            values,
            consolidated::created_at.eq(now),
        ))
        .returning(consolidated::id)
        .get_result(conn)?)
}
