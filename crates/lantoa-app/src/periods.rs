//! Reporting periods of a plan and who owes a report for each (issue 5, point 3): the lead
//! and coordinating units of the activities active that year — specific organisations, and
//! every organisation of a named kind that existed during the period — each passed through
//! the succession graph to whoever holds its duties when the report is due.

use std::collections::{BTreeMap, BTreeSet};

use lantoa_domain::org::{self, Succession, duty};
use lantoa_domain::plan::{MonthDay, PeriodKind};
use lantoa_domain::product::{PeriodRule, ReportingPeriod, parse_period_code};
use lantoa_domain::{OrgId, PlanId};
use lantoa_store::Conn;
use lantoa_store::orgs::{self, OrgRow};
use lantoa_store::plans::{self as store_plans, PlanRow};

use crate::{Error, Result};

/// The rules of a plan's periods.
pub fn rules(conn: &mut Conn, plan: PlanId) -> Result<Vec<PeriodRule>> {
    let mut out = Vec::new();
    for p in store_plans::periods(conn, plan)? {
        let (Some(kind), Ok(from), Ok(to), Ok(unit_due), Ok(lead_due)) = (
            PeriodKind::from_code(&p.kind),
            MonthDay::parse(&p.window_from),
            MonthDay::parse(&p.window_to),
            MonthDay::parse(&p.unit_due),
            MonthDay::parse(&p.lead_due),
        ) else {
            continue;
        };
        out.push(PeriodRule {
            kind,
            window_from: from,
            window_from_previous_year: p.window_from_previous_year,
            window_to: to,
            unit_due,
            lead_due,
        });
    }
    Ok(out)
}

/// Every period of the plan, in order (2023 H1, 2023, 2024 H1, …).
pub fn all(conn: &mut Conn, plan: &PlanRow) -> Result<Vec<ReportingPeriod>> {
    let rules = rules(conn, plan.plan_id())?;
    let mut out = Vec::new();
    for year in plan.start_year..=plan.end_year {
        for kind in [PeriodKind::H1, PeriodKind::Year] {
            if let Some(p) = rules
                .iter()
                .find(|r| r.kind == kind)
                .and_then(|r| r.period(year))
            {
                out.push(p);
            }
        }
    }
    Ok(out)
}

/// One period by its code (`2024-h1`, `2024`).
pub fn find(conn: &mut Conn, plan: &PlanRow, code: &str) -> Result<ReportingPeriod> {
    let (kind, year) = parse_period_code(code).ok_or(Error::NotFound)?;
    all(conn, plan)?
        .into_iter()
        .find(|p| p.kind == kind && p.year == year)
        .ok_or(Error::NotFound)
}

/// An organisation that owes a report for a period.
#[derive(Debug, Clone)]
pub struct Obligation {
    /// Who must send it: the named organisation, or its successor when it no longer exists.
    pub holder: OrgRow,
    /// The organisations the plan named (or that its groups covered) whose duty this is.
    pub on_behalf_of: Vec<OrgRow>,
    /// Codes of the activities that create the duty.
    pub activities: Vec<String>,
}

/// What [`obligations_in`] reads from the database, loaded once for many periods.
#[derive(Debug, Clone)]
pub struct PlanContext {
    activities: Vec<lantoa_store::plans::ActivityRow>,
    units: Vec<lantoa_store::plans::ActivityUnit>,
    edges: Vec<Succession>,
    orgs: Vec<OrgRow>,
}

impl PlanContext {
    pub fn load(conn: &mut Conn, plan: &PlanRow) -> Result<PlanContext> {
        Ok(PlanContext {
            activities: store_plans::activities(conn, plan.plan_id())?,
            units: store_plans::activity_units(conn, plan.plan_id())?,
            edges: orgs::succession_graph(conn)?,
            orgs: orgs::all(conn)?,
        })
    }

    pub fn org(&self, id: i64) -> Option<&OrgRow> {
        self.orgs.iter().find(|o| o.id == id)
    }

    pub fn orgs(&self) -> &[OrgRow] {
        &self.orgs
    }
}

/// Who owes a report for `period`.
pub fn obligations(
    conn: &mut Conn,
    plan: &PlanRow,
    period: &ReportingPeriod,
) -> Result<Vec<Obligation>> {
    Ok(obligations_in(&PlanContext::load(conn, plan)?, period))
}

/// [`obligations`] from a context loaded once (the dashboard asks for every period).
pub fn obligations_in(ctx: &PlanContext, period: &ReportingPeriod) -> Vec<Obligation> {
    let (activities, units, edges, all) = (&ctx.activities, &ctx.units, &ctx.edges, &ctx.orgs);
    let existed = |o: &OrgRow| {
        o.valid_from.is_none_or(|f| f <= period.window_end)
            && o.valid_to.is_none_or(|t| t >= period.window_start)
    };
    let by_id: BTreeMap<i64, &OrgRow> = all.iter().map(|o| (o.id, o)).collect();

    // organisation named → activity codes
    let mut named: BTreeMap<i64, BTreeSet<String>> = BTreeMap::new();
    for a in activities
        .iter()
        .filter(|a| a.year_list().contains(&period.year))
    {
        for u in units.iter().filter(|u| u.activity_id == a.id) {
            let targets: Vec<i64> = match (u.unit.organisation_id, &u.unit.org_kind) {
                (Some(id), _) => vec![id],
                (None, Some(kind)) => all
                    .iter()
                    .filter(|o| &o.kind == kind && existed(o))
                    .map(|o| o.id)
                    .collect(),
                (None, None) => Vec::new(),
            };
            for t in targets {
                named.entry(t).or_default().insert(a.code.clone());
            }
        }
    }
    // Pass each to whoever holds its VET duties when the report is due.
    let mut by_holder: BTreeMap<i64, (BTreeSet<i64>, BTreeSet<String>)> = BTreeMap::new();
    for (org_id, codes) in named {
        let holder = org::holder_on(OrgId(org_id), period.unit_due, Some(duty::VET), edges);
        let entry = by_holder.entry(holder.0).or_default();
        entry.0.insert(org_id);
        entry.1.extend(codes);
    }
    let mut out: Vec<Obligation> = by_holder
        .into_iter()
        .filter_map(|(holder, (from, codes))| {
            let mut activities: Vec<String> = codes.into_iter().collect();
            activities.sort_by_key(|c| lantoa_domain::plan::code_sort_key(c));
            Some(Obligation {
                holder: (*by_id.get(&holder)?).clone(),
                on_behalf_of: from
                    .iter()
                    .filter(|id| **id != holder)
                    .filter_map(|id| by_id.get(id).map(|o| (*o).clone()))
                    .collect(),
                activities,
            })
        })
        .collect();
    // `all` is in Vietnamese alphabetical order already (the store sorts by collation key).
    let position: BTreeMap<i64, usize> = all.iter().enumerate().map(|(i, o)| (o.id, i)).collect();
    out.sort_by_key(|o| position.get(&o.holder.id).copied().unwrap_or(usize::MAX));
    out
}
