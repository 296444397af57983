//! The plan dashboard (issue 5, point 6): reporting completeness and timeliness per period,
//! products over time, by kind and by organisation, and activities × years.

use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, Mutex};

use chrono::NaiveDate;

use lantoa_domain::product::ProductKind;
use lantoa_store::plans::{self as store_plans, PlanRow};
use lantoa_store::{Conn, products};

use crate::{App, Result, periods, reports};

/// The last dashboard built for each plan, with the data fingerprint and the day it was
/// built for. Building one reads every product of the plan (about 190 ms at 50,000); checking
/// the fingerprint takes a few index lookups, so a page view that finds nothing changed is
/// served from here.
#[derive(Debug, Default)]
pub struct Cache {
    entries: Mutex<HashMap<i64, CacheEntry>>,
}

/// A built dashboard with what it was built from: the data fingerprint and the day.
type CacheEntry = (store_plans::DataFingerprint, NaiveDate, Arc<Dashboard>);

/// The dashboard for `plan` as of `today`, from the cache when nothing it depends on has
/// changed since it was built.
pub fn cached(
    app: &App,
    conn: &mut Conn,
    plan: &PlanRow,
    today: NaiveDate,
) -> Result<Arc<Dashboard>> {
    let fingerprint = store_plans::data_fingerprint(conn, plan.plan_id())?;
    if let Ok(entries) = app.dashboards.entries.lock()
        && let Some((f, day, dashboard)) = entries.get(&plan.id)
        && *f == fingerprint
        && *day == today
    {
        return Ok(Arc::clone(dashboard));
    }
    let dashboard = Arc::new(build(conn, plan, today)?);
    if let Ok(mut entries) = app.dashboards.entries.lock() {
        entries.insert(plan.id, (fingerprint, today, Arc::clone(&dashboard)));
    }
    Ok(dashboard)
}

#[derive(Debug, Clone)]
pub struct PeriodStat {
    pub code: String,
    pub label: String,
    pub expected: usize,
    pub submitted: usize,
    pub on_time: usize,
    /// Organisations that have not submitted, for periods whose deadline has passed.
    pub overdue: Vec<String>,
}

#[derive(Debug, Clone)]
pub struct ActivityRow {
    pub code: String,
    pub title: String,
    /// Per plan year: (planned, products counted in that year's annual window).
    pub years: Vec<(bool, i64)>,
}

#[derive(Debug, Clone)]
pub struct Dashboard {
    pub periods: Vec<PeriodStat>,
    /// (label, quantity)
    pub by_half_year: Vec<(String, i64)>,
    pub by_kind: Vec<(String, i64)>,
    pub by_org: Vec<(String, i64)>,
    pub activities: Vec<ActivityRow>,
    pub years: Vec<i32>,
    pub total: i64,
}

pub fn build(conn: &mut Conn, plan: &PlanRow, today: chrono::NaiveDate) -> Result<Dashboard> {
    let facts = products::facts(conn, plan.plan_id())?;
    let all_periods = periods::all(conn, plan)?;
    let ctx = periods::PlanContext::load(conn, plan)?;
    let mut stats = Vec::new();
    for p in &all_periods {
        let owed = periods::obligations_in(&ctx, p);
        let states = reports::states(conn, plan.plan_id(), p)?;
        let submitted = owed
            .iter()
            .filter(|o| states.get(&o.holder.id).is_some_and(|(_, t)| t.is_some()))
            .count();
        let on_time = owed
            .iter()
            .filter(|o| {
                states
                    .get(&o.holder.id)
                    .is_some_and(|(_, t)| *t == Some(true))
            })
            .count();
        let overdue = if today > p.unit_due {
            owed.iter()
                .filter(|o| !states.get(&o.holder.id).is_some_and(|(_, t)| t.is_some()))
                .map(|o| o.holder.name.clone())
                .collect()
        } else {
            Vec::new()
        };
        stats.push(PeriodStat {
            code: p.code(),
            label: format!("Báo cáo {}", p.label()),
            expected: owed.len(),
            submitted,
            on_time,
            overdue,
        });
    }
    let mut halves: BTreeMap<(i32, u32), i64> = BTreeMap::new();
    let mut kinds: HashMap<String, i64> = HashMap::new();
    let mut by_org: HashMap<i64, i64> = HashMap::new();
    let mut by_activity_year: HashMap<(i64, i32), i64> = HashMap::new();
    let annual: Vec<_> = all_periods
        .iter()
        .filter(|p| p.kind == lantoa_domain::plan::PeriodKind::Year)
        .collect();
    let mut total = 0;
    for (activity, org, kind, date, quantity) in &facts {
        let q = i64::from(*quantity);
        total += q;
        let half = if chrono::Datelike::month(date) <= 6 {
            1
        } else {
            2
        };
        *halves
            .entry((chrono::Datelike::year(date), half))
            .or_default() += q;
        *kinds.entry(kind.clone()).or_default() += q;
        *by_org.entry(*org).or_default() += q;
        // A product from the portal waiting for its activity counts in the totals only.
        if let (Some(activity), Some(p)) = (activity, annual.iter().find(|p| p.contains(*date))) {
            *by_activity_year.entry((*activity, p.year)).or_default() += q;
        }
    }
    let by_half_year = halves
        .into_iter()
        .map(|((y, h), q)| {
            (
                format!(
                    "{} {y}",
                    if h == 1 {
                        "6 tháng đầu"
                    } else {
                        "6 tháng cuối"
                    }
                ),
                q,
            )
        })
        .collect();
    let by_kind = ProductKind::ALL
        .iter()
        .filter_map(|k| kinds.get(k.code()).map(|q| (k.label().to_owned(), *q)))
        .collect();
    let names: HashMap<i64, &str> = ctx.orgs().iter().map(|o| (o.id, o.name.as_str())).collect();
    let mut org_rows: Vec<(String, i64)> = by_org
        .into_iter()
        .filter_map(|(org, q)| names.get(&org).map(|n| ((*n).to_owned(), q)))
        .collect();
    org_rows.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| lantoa_viet::compare(&a.0, &b.0)));
    let years: Vec<i32> = (plan.start_year..=plan.end_year).collect();
    let activities = store_plans::activities(conn, plan.plan_id())?
        .into_iter()
        .map(|a| ActivityRow {
            years: years
                .iter()
                .map(|y| {
                    (
                        a.year_list().contains(y),
                        by_activity_year.get(&(a.id, *y)).copied().unwrap_or(0),
                    )
                })
                .collect(),
            code: a.code,
            title: a.title,
        })
        .collect();
    Ok(Dashboard {
        periods: stats,
        by_half_year,
        by_kind,
        by_org: org_rows,
        activities,
        years,
        total,
    })
}
