//! The lead department's consolidated report of a period (issue 5, point 5): the figures
//! come from the accepted reports; the five narrative sections are a draft the lead
//! department edits, pre-filled from the accepted reports' sections, saved, audited, and
//! used by the DOCX and XLSX exports (ADR 0013).

use lantoa_domain::access::Principal;
use lantoa_store::plans::{self as store_plans, PlanRow};
use lantoa_store::reports::{self as store, Narrative};
use lantoa_store::{Conn, orgs, write_tx};

use crate::audit::{self, Actor};
use crate::report_export::{Consolidation, SECTIONS, consolidate, section};
use crate::{App, Error, FieldErrors, RequestMeta, Result, periods, reports};

/// Longest section, in characters (as a unit report's).
pub const MAX_SECTION_CHARS: usize = 50_000;

/// What the consolidated report's page shows.
#[derive(Debug, Clone)]
pub struct ConsolidatedView {
    pub consolidation: Consolidation,
    /// The text in the form: the saved draft, else the units' sections gathered.
    pub narrative: Narrative,
    /// The units' sections gathered now (what "fill again from the units" puts in).
    pub gathered: Narrative,
    /// Who saved the draft last and when (Vietnam time), when it was saved.
    pub saved: Option<(String, String)>,
    /// Organisations whose report was accepted after the draft was last saved: their
    /// sections are not in the draft unless the lead department adds them.
    pub accepted_since: Vec<String>,
    /// May this principal edit the draft?
    pub may_edit: bool,
}

fn plan_and_period(
    conn: &mut Conn,
    plan_slug: &str,
    period_code: &str,
) -> Result<(PlanRow, lantoa_domain::product::ReportingPeriod)> {
    let plan = store_plans::by_slug(conn, plan_slug)?.ok_or(Error::NotFound)?;
    let period = periods::find(conn, &plan, period_code)?;
    Ok((plan, period))
}

/// The consolidated report for the lead department (and, read-only, system administrators).
pub fn view(
    conn: &mut Conn,
    principal: &Principal,
    plan_slug: &str,
    period_code: &str,
) -> Result<ConsolidatedView> {
    let (plan, period) = plan_and_period(conn, plan_slug, period_code)?;
    let may_edit = reports::may_review(principal, &plan);
    if !may_edit && !principal.is_system_admin {
        return Err(Error::Denied);
    }
    let consolidation = consolidate(conn, &plan, &period)?;
    let gathered = consolidation.gathered();
    let narrative = consolidation.narrative();
    let (saved, accepted_since) = match &consolidation.draft {
        Some(d) => {
            let who = match d.updated_by {
                Some(u) => lantoa_store::users::get(conn, lantoa_domain::UserId(u))?
                    .map(|u| u.display_name)
                    .unwrap_or_default(),
                None => String::new(),
            };
            let mut since = Vec::new();
            for r in store::for_period(conn, plan.plan_id(), period.kind.code(), period.year)? {
                if r.state == "accepted"
                    && r.accepted_at.is_some_and(|at| at > d.updated_at)
                    && let Some(o) = orgs::get(conn, lantoa_domain::OrgId(r.organisation_id))?
                {
                    since.push(o.name);
                }
            }
            (Some((who, crate::clock::format_vn(d.updated_at))), since)
        }
        None => (None, Vec::new()),
    };
    Ok(ConsolidatedView {
        consolidation,
        narrative,
        gathered,
        saved,
        accepted_since,
        may_edit,
    })
}

/// Saves the lead department's narrative for a period.
pub fn save(
    app: &App,
    conn: &mut Conn,
    principal: &Principal,
    plan_slug: &str,
    period_code: &str,
    form: &Narrative,
    meta: &RequestMeta,
) -> Result<()> {
    let (plan, period) = plan_and_period(conn, plan_slug, period_code)?;
    if !reports::may_review(principal, &plan) {
        return Err(Error::Denied);
    }
    let clean = |s: &str| lantoa_viet::normalize(s.replace("\r\n", "\n").trim());
    let narrative = Narrative {
        results: clean(&form.results),
        shortcomings: clean(&form.shortcomings),
        difficulties: clean(&form.difficulties),
        proposals: clean(&form.proposals),
        next_steps: clean(&form.next_steps),
    };
    let mut errors = FieldErrors::default();
    for (field, label) in SECTIONS {
        if section(&narrative, field).chars().count() > MAX_SECTION_CHARS {
            errors.add(field, format!("Phần “{label}” không quá 50.000 ký tự."));
        }
    }
    errors.into_result()?;
    let now = app.now();
    let actor = Actor::principal(principal, meta);
    write_tx(conn, |c| {
        let id = store::save_consolidated(
            c,
            plan.plan_id(),
            period.kind.code(),
            period.year,
            &narrative,
            Some(principal.user.0),
            now,
        )?;
        let lengths: serde_json::Map<String, serde_json::Value> = SECTIONS
            .iter()
            .map(|(field, _)| {
                (
                    (*field).to_owned(),
                    section(&narrative, field).chars().count().into(),
                )
            })
            .collect();
        audit::record(
            c,
            now,
            &actor,
            "report.consolidated_save",
            ("consolidated_report", id.to_string()),
            plan.lead_id.map(lantoa_domain::OrgId),
            serde_json::json!({ "plan": plan.slug, "period": period.code(), "characters": lengths }),
        )
    })
}
