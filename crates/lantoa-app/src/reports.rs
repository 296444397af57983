//! Reports (issue 5, point 4): one organisation's report for one period, pre-filled from its
//! products in the period's data window; saved as a draft, submitted (the first submission's
//! time decides on time or late), returned with comments or accepted by the lead department;
//! accepted reports are locked until reopened, which is audited.

use std::collections::{BTreeSet, HashMap};

use lantoa_domain::access::Principal;
use lantoa_domain::plan::code_sort_key;
use lantoa_domain::product::ReportingPeriod;
use lantoa_domain::report::{ReportAction, ReportState, transition};
use lantoa_domain::{OrgId, PlanId};
use lantoa_store::orgs::{self, OrgRow};
use lantoa_store::plans::{self as store_plans, PlanRow};
use lantoa_store::reports::{self as store, EventRow, FigureRow, Narrative, ReportRow};
use lantoa_store::{Conn, products, write_tx};

use crate::audit::{self, Actor};
use crate::{App, Error, FieldErrors, RequestMeta, Result, periods};

/// Which report: plan, period, organisation.
#[derive(Debug, Clone)]
pub struct ReportKey {
    pub plan: PlanRow,
    pub period: ReportingPeriod,
    pub org: OrgRow,
}

/// One figure row of the form.
#[derive(Debug, Clone)]
pub struct FigureView {
    pub activity_id: i64,
    pub code: String,
    pub title: String,
    /// The total of the organisation's products in the window (frozen at submission).
    pub from_products: i64,
    /// The figure reported: `from_products` unless changed.
    pub value: i64,
    pub changed: bool,
    pub reason: String,
}

/// Everything the report page shows.
#[derive(Debug, Clone)]
pub struct ReportView {
    pub key: ReportKey,
    pub row: Option<ReportRow>,
    pub state: ReportState,
    pub figures: Vec<FigureView>,
    pub narrative: Narrative,
    pub events: Vec<EventRow>,
    /// `Some(true)` on time, `Some(false)` late, `None` not submitted yet.
    pub on_time: Option<bool>,
    /// The organisation's products in the window that wait for their activity (from the
    /// portal, ADR 0013): not counted until the unit assigns them.
    pub unassigned: Vec<products::ProductRow>,
}

/// Finds the plan, period and organisation, checking the organisation owes this report.
pub fn key(conn: &mut Conn, plan_slug: &str, period_code: &str, org: OrgId) -> Result<ReportKey> {
    let plan = store_plans::by_slug(conn, plan_slug)?.ok_or(Error::NotFound)?;
    let period = periods::find(conn, &plan, period_code)?;
    let owes = periods::obligations(conn, &plan, &period)?
        .into_iter()
        .any(|o| o.holder.id == org.0);
    let org = orgs::get(conn, org)?.ok_or(Error::NotFound)?;
    if !owes {
        return Err(Error::NotFound);
    }
    Ok(ReportKey { plan, period, org })
}

fn reviewer(principal: &Principal, plan: &PlanRow) -> bool {
    principal.is_plan_owner
        || plan
            .lead_id
            .is_some_and(|l| principal.approver_of(OrgId(l)).is_ok())
}

/// May this principal review (return, accept, reopen) reports of the plan?
pub fn may_review(principal: &Principal, plan: &PlanRow) -> bool {
    reviewer(principal, plan)
}

/// Reads a report (or the blank form of one not started yet).
pub fn view(conn: &mut Conn, principal: &Principal, key: ReportKey) -> Result<ReportView> {
    if principal.reader_of(key.org.org_id()).is_err() && !reviewer(principal, &key.plan) {
        return Err(Error::Denied);
    }
    view_unchecked(conn, key)
}

/// Reads a report without a permission check: for consolidation and the command line.
pub(crate) fn view_unchecked(conn: &mut Conn, key: ReportKey) -> Result<ReportView> {
    let row = store::find(
        conn,
        key.plan.plan_id(),
        key.org.org_id(),
        key.period.kind.code(),
        key.period.year,
    )?;
    let state = row
        .as_ref()
        .and_then(|r| ReportState::from_code(&r.state))
        .unwrap_or(ReportState::Draft);
    let stored: HashMap<i64, FigureRow> = match &row {
        Some(r) => store::figures(conn, r.id)?
            .into_iter()
            .map(|f| (f.activity_id, f))
            .collect(),
        None => HashMap::new(),
    };
    // The obligation: the activities the organisation answers for, and the organisations
    // whose duty passed to it (a predecessor merged into it, or whose VET duties it took
    // over). Their products in the window count here, in the report that now answers for
    // them; a predecessor that still owes its own report is never in that list, so every
    // product is counted in exactly one unit's report (ADR 0022).
    let obligation = periods::obligations(conn, &key.plan, &key.period)?
        .into_iter()
        .find(|o| o.holder.id == key.org.id);
    let counted: BTreeSet<i64> = std::iter::once(key.org.id)
        .chain(
            obligation
                .iter()
                .flat_map(|o| o.on_behalf_of.iter().map(|p| p.id)),
        )
        .collect();
    let mut live: HashMap<i64, i64> = HashMap::new();
    for (org, activity, quantity) in products::totals(
        conn,
        key.plan.plan_id(),
        key.period.window_start,
        key.period.window_end,
    )? {
        if counted.contains(&org) {
            *live.entry(activity).or_default() += quantity;
        }
    }
    // The activities the organisation answers for, plus any it logged products against.
    let owed: BTreeSet<String> = obligation
        .map(|o| o.activities.into_iter().collect())
        .unwrap_or_default();
    let mut figures: Vec<FigureView> = store_plans::activities(conn, key.plan.plan_id())?
        .into_iter()
        .filter(|a| {
            owed.contains(&a.code) || live.contains_key(&a.id) || stored.contains_key(&a.id)
        })
        .map(|a| {
            let s = stored.get(&a.id);
            let from_products = match (state.editable(), s.and_then(|f| f.quantity_auto)) {
                (false, Some(frozen)) => i64::from(frozen),
                _ => live.get(&a.id).copied().unwrap_or(0),
            };
            let overridden = s.and_then(|f| f.quantity_override).map(i64::from);
            FigureView {
                activity_id: a.id,
                code: a.code,
                title: a.title,
                from_products,
                value: overridden.unwrap_or(from_products),
                changed: overridden.is_some_and(|v| v != from_products),
                reason: s.map(|f| f.reason.clone()).unwrap_or_default(),
            }
        })
        .collect();
    figures.sort_by_key(|f| code_sort_key(&f.code));
    let narrative = row
        .as_ref()
        .map(|r| Narrative {
            results: r.results.clone(),
            shortcomings: r.shortcomings.clone(),
            difficulties: r.difficulties.clone(),
            proposals: r.proposals.clone(),
            next_steps: r.next_steps.clone(),
        })
        .unwrap_or_default();
    let events = match &row {
        Some(r) => store::events(conn, r.id)?,
        None => Vec::new(),
    };
    let on_time = row
        .as_ref()
        .and_then(|r| r.first_submitted_at)
        .map(|at| key.period.on_time((at + chrono::Duration::hours(7)).date()));
    let unassigned = products::unassigned(
        conn,
        key.plan.plan_id(),
        key.org.org_id(),
        key.period.window_start,
        key.period.window_end,
    )?;
    Ok(ReportView {
        key,
        row,
        state,
        figures,
        narrative,
        events,
        on_time,
        unassigned,
    })
}

/// The report form as submitted: narrative fields and, per activity, `so_lieu_<id>` and `ly_do_<id>`.
#[derive(Debug, Clone, Default)]
pub struct ReportForm {
    pub narrative: Narrative,
    /// activity id → (typed value, reason)
    pub figures: HashMap<i64, (String, String)>,
}

impl ReportForm {
    /// Reads the form from its name/value pairs.
    pub fn from_pairs(pairs: &[(String, String)]) -> ReportForm {
        let mut f = ReportForm::default();
        for (k, v) in pairs {
            match k.as_str() {
                "results" => f.narrative.results = v.clone(),
                "shortcomings" => f.narrative.shortcomings = v.clone(),
                "difficulties" => f.narrative.difficulties = v.clone(),
                "proposals" => f.narrative.proposals = v.clone(),
                "next_steps" => f.narrative.next_steps = v.clone(),
                _ => {
                    if let Some(id) = k
                        .strip_prefix("so_lieu_")
                        .and_then(|i| i.parse::<i64>().ok())
                    {
                        f.figures.entry(id).or_default().0 = v.clone();
                    } else if let Some(id) =
                        k.strip_prefix("ly_do_").and_then(|i| i.parse::<i64>().ok())
                    {
                        f.figures.entry(id).or_default().1 = v.clone();
                    }
                }
            }
        }
        f
    }
}

/// Saves the organisation's report, and submits it when `submit`. Returns the new state.
pub fn save(
    app: &App,
    conn: &mut Conn,
    principal: &Principal,
    key: &ReportKey,
    form: &ReportForm,
    submit: bool,
    meta: &RequestMeta,
) -> Result<ReportState> {
    let cap = principal.editor_of(key.org.org_id())?;
    let current = view(conn, principal, key.clone())?;
    let action = if submit {
        ReportAction::Submit
    } else {
        ReportAction::Save
    };
    let next =
        transition(current.state, action).map_err(|e| Error::Conflict(e.message().to_owned()))?;

    let mut errors = FieldErrors::default();
    let mut figures = Vec::new();
    for f in &current.figures {
        let (typed, reason) = form
            .figures
            .get(&f.activity_id)
            .cloned()
            .unwrap_or_default();
        let field_value = format!("so_lieu_{}", f.activity_id);
        let field_reason = format!("ly_do_{}", f.activity_id);
        let typed = typed.trim().replace('.', "");
        let value = if typed.is_empty() {
            f.from_products
        } else {
            match typed.parse::<i64>() {
                Ok(v) if v >= 0 && v <= i64::from(i32::MAX) => v,
                Ok(_) => {
                    errors.add(
                        &field_value,
                        format!("Hoạt động {}: số liệu phải là số nguyên không âm.", f.code),
                    );
                    continue;
                }
                Err(_) => {
                    errors.add(
                        &field_value,
                        format!("Hoạt động {}: “{typed}” không phải là một số.", f.code),
                    );
                    continue;
                }
            }
        };
        let reason = lantoa_viet::normalize(reason.trim());
        let changed = value != f.from_products;
        if changed && reason.is_empty() {
            errors.add(field_reason, format!("Hoạt động {}: số liệu khác với tổng sản phẩm đã ghi nhận ({}); vui lòng nêu lý do.", f.code, f.from_products));
        }
        figures.push(FigureRow {
            activity_id: f.activity_id,
            quantity_auto: if submit {
                i32::try_from(f.from_products).ok()
            } else {
                None
            },
            quantity_override: if changed {
                i32::try_from(value).ok()
            } else {
                None
            },
            reason: if changed { reason } else { String::new() },
        });
    }
    let narrative = Narrative {
        results: lantoa_viet::normalize(form.narrative.results.trim()),
        shortcomings: lantoa_viet::normalize(form.narrative.shortcomings.trim()),
        difficulties: lantoa_viet::normalize(form.narrative.difficulties.trim()),
        proposals: lantoa_viet::normalize(form.narrative.proposals.trim()),
        next_steps: lantoa_viet::normalize(form.narrative.next_steps.trim()),
    };
    for (field, text) in [
        ("results", &narrative.results),
        ("shortcomings", &narrative.shortcomings),
        ("difficulties", &narrative.difficulties),
        ("proposals", &narrative.proposals),
        ("next_steps", &narrative.next_steps),
    ] {
        if text.chars().count() > 20_000 {
            errors.add(field, "Mỗi phần không quá 20.000 ký tự.");
        }
    }
    if submit && narrative.results.is_empty() {
        errors.add(
            "results",
            "Vui lòng viết phần kết quả thực hiện trước khi gửi báo cáo.",
        );
    }
    errors.into_result()?;

    let now = app.now();
    let actor = Actor::principal(cap.principal(), meta);
    write_tx(conn, |c| {
        let id = match &current.row {
            Some(r) => r.id,
            None => store::insert(
                c,
                key.plan.plan_id(),
                key.org.org_id(),
                key.period.kind.code(),
                key.period.year,
                now,
            )?,
        };
        store::set_narrative(c, id, &narrative, now)?;
        for f in &figures {
            store::set_figure(c, id, f)?;
        }
        if next != current.state
            && !store::set_state(c, id, current.state.code(), next.code(), now)?
        {
            return Err(Error::Conflict(
                "Báo cáo vừa được người khác thay đổi; vui lòng tải lại trang.".into(),
            ));
        }
        let action = if submit { "submit" } else { "save" };
        store::add_event(c, id, now, &actor.label, action, "")?;
        audit::record(
            c,
            now,
            &actor,
            &format!("report.{action}"),
            ("report", id.to_string()),
            Some(key.org.org_id()),
            serde_json::json!({ "plan": key.plan.slug, "period": key.period.code() }),
        )?;
        Ok(next)
    })
}

/// What the lead department does with a submitted or accepted report.
#[derive(Debug, Clone)]
pub enum Review {
    Return { comment: String },
    Accept,
    Reopen { reason: String },
}

pub fn review(
    app: &App,
    conn: &mut Conn,
    principal: &Principal,
    key: &ReportKey,
    review: &Review,
    meta: &RequestMeta,
) -> Result<ReportState> {
    if !reviewer(principal, &key.plan) {
        return Err(Error::Denied);
    }
    let row = store::find(
        conn,
        key.plan.plan_id(),
        key.org.org_id(),
        key.period.kind.code(),
        key.period.year,
    )?
    .ok_or(Error::NotFound)?;
    let state = ReportState::from_code(&row.state).ok_or(Error::NotFound)?;
    let (action, comment, code) = match review {
        Review::Return { comment } => (ReportAction::Return, comment.trim().to_owned(), "return"),
        Review::Accept => (ReportAction::Accept, String::new(), "accept"),
        Review::Reopen { reason } => (ReportAction::Reopen, reason.trim().to_owned(), "reopen"),
    };
    let next = transition(state, action).map_err(|e| Error::Conflict(e.message().to_owned()))?;
    if matches!(review, Review::Return { .. }) && comment.is_empty() {
        let mut f = FieldErrors::default();
        f.add(
            "comment",
            "Vui lòng ghi rõ nội dung cần sửa khi trả lại báo cáo.",
        );
        return Err(Error::Invalid(f));
    }
    if matches!(review, Review::Reopen { .. }) && comment.is_empty() {
        let mut f = FieldErrors::default();
        f.add("reason", "Vui lòng ghi lý do mở lại báo cáo đã tiếp nhận.");
        return Err(Error::Invalid(f));
    }
    let comment = lantoa_viet::normalize(&comment);
    let now = app.now();
    let actor = Actor::principal(principal, meta);
    write_tx(conn, |c| {
        if !store::set_state(c, row.id, state.code(), next.code(), now)? {
            return Err(Error::Conflict(
                "Báo cáo vừa được người khác thay đổi; vui lòng tải lại trang.".into(),
            ));
        }
        store::add_event(c, row.id, now, &actor.label, code, &comment)?;
        if next == ReportState::Returned && code == "return" {
            crate::notifications::returned(app, c, key, row.id, &comment, now)?;
        }
        audit::record(
            c,
            now,
            &actor,
            &format!("report.{code}"),
            ("report", row.id.to_string()),
            Some(key.org.org_id()),
            serde_json::json!({ "plan": key.plan.slug, "period": key.period.code(), "comment": comment }),
        )?;
        Ok(next)
    })
}

/// The state of each owed report of a period, for the lead department's overview.
pub fn states(
    conn: &mut Conn,
    plan: PlanId,
    period: &ReportingPeriod,
) -> Result<HashMap<i64, (ReportState, Option<bool>)>> {
    Ok(
        store::for_period(conn, plan, period.kind.code(), period.year)?
            .into_iter()
            .filter_map(|r| {
                let state = ReportState::from_code(&r.state)?;
                let on_time = r
                    .first_submitted_at
                    .map(|at| period.on_time((at + chrono::Duration::hours(7)).date()));
                Some((r.organisation_id, (state, on_time)))
            })
            .collect(),
    )
}
