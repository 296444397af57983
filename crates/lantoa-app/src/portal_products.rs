//! Published portal content becomes communication products (issue 5, point 2; ADR 0013).
//!
//! When a content item is published (the editorial workflow, `lantoa import content`, the
//! demo seed), every plan whose reporting windows contain its publication date (Vietnam
//! time) gets one product of the author organisation: the item's kind as a product kind
//! ([`portal_product_kind`]), quantity 1, channel [`CHANNEL`], the item's public address as
//! evidence, linked to the item. Its activity comes from the plan's `[[portal_activity]]`
//! rules ([`portal_activity`]); when none fits, the product waits (activity empty) for the
//! unit to choose one, and is not counted in a report until it does.
//!
//! Publishing again never duplicates: the existing product follows the item (title,
//! address) and keeps what the unit set. Unpublishing or withdrawing deletes the product,
//! unless a submitted or accepted report of its organisation counts it (a period whose
//! window contains its date): then it is kept and marked `content_removed_at`.

use std::collections::BTreeSet;

use chrono::{NaiveDate, NaiveDateTime};
use lantoa_domain::content::ContentKind;
use lantoa_domain::product::{ReportingPeriod, portal_activity, portal_product_kind};
use lantoa_domain::report::ReportState;
use lantoa_domain::{ActivityId, OrgId};
use lantoa_store::content::{self as store_content, ContentRow};
use lantoa_store::plans::{self as store_plans, ActivityRow, PlanRow};
use lantoa_store::products::{self as store, ProductFields, ProductRow};
use lantoa_store::{Conn, reports as store_reports};

use crate::audit::{self, Actor};
use crate::{Result, periods};

/// The channel written on every product made from the portal.
pub const CHANNEL: &str = "Cổng thông tin lantoa";

/// The `source` of a product made from the portal.
pub const SOURCE: &str = "portal";

/// What happened to the products of one item.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    /// A new product; `activity` is the code the plan's rules chose, or `None`.
    Created {
        product: i64,
        plan: String,
        activity: Option<String>,
    },
    /// The item's existing product follows it again (title, address, mark cleared).
    Followed { product: i64, plan: String },
    /// The item left the portal and its product, counted nowhere, was deleted.
    Deleted { product: i64, plan: String },
    /// The item left the portal but a report counts its product: kept and marked.
    Kept {
        product: i64,
        plan: String,
        report: String,
    },
}

/// The local (Vietnam) date an item was published.
fn published_on(row: &ContentRow, now: NaiveDateTime) -> NaiveDate {
    (row.published_at.unwrap_or(now) + chrono::Duration::hours(7)).date()
}

/// The periods of a plan whose data window contains `day`.
fn periods_containing(
    conn: &mut Conn,
    plan: &PlanRow,
    day: NaiveDate,
) -> Result<Vec<ReportingPeriod>> {
    Ok(periods::all(conn, plan)?
        .into_iter()
        .filter(|p| p.contains(day))
        .collect())
}

/// The plans, their periods and rules, read once per publication or once per import run.
#[derive(Default)]
pub(crate) struct PlanCache {
    plans: Option<Vec<CachedPlan>>,
}

struct CachedPlan {
    row: PlanRow,
    periods: Vec<ReportingPeriod>,
    rules: Vec<lantoa_domain::product::PortalRule>,
    /// Loaded the first time a rule needs to know who answers for what.
    context: Option<(periods::PlanContext, Vec<ActivityRow>)>,
}

impl CachedPlan {
    /// The activity codes `org` answers for in the periods containing `day`: as a unit the
    /// plan names (or one of its groups covers), or as the successor holding such a unit's
    /// duties.
    fn answers_for(
        &mut self,
        conn: &mut Conn,
        day: NaiveDate,
        org: i64,
    ) -> Result<BTreeSet<String>> {
        if self.context.is_none() {
            self.context = Some((
                periods::PlanContext::load(conn, &self.row)?,
                store_plans::activities(conn, self.row.plan_id())?,
            ));
        }
        let mut codes = BTreeSet::new();
        if let Some((ctx, _)) = &self.context {
            for p in self.periods.iter().filter(|p| p.contains(day)) {
                for o in periods::obligations_in(ctx, p) {
                    if o.holder.id == org || o.on_behalf_of.iter().any(|b| b.id == org) {
                        codes.extend(o.activities);
                    }
                }
            }
        }
        Ok(codes)
    }

    fn activity_id(&self, code: &str) -> Option<ActivityId> {
        let (_, activities) = self.context.as_ref()?;
        activities
            .iter()
            .find(|a| a.code == code)
            .map(|a| ActivityId(a.id))
    }
}

impl PlanCache {
    fn plans(&mut self, conn: &mut Conn) -> Result<&mut Vec<CachedPlan>> {
        if self.plans.is_none() {
            let mut out = Vec::new();
            for row in store_plans::list(conn)? {
                out.push(CachedPlan {
                    periods: periods::all(conn, &row)?,
                    rules: crate::plans::portal_rules(&row),
                    context: None,
                    row,
                });
            }
            self.plans = Some(out);
        }
        Ok(self.plans.get_or_insert_with(Vec::new))
    }
}

/// Makes (or follows) the products of an item that has just been published. Runs inside
/// the caller's transaction; every product created is in the audit log.
pub(crate) fn published(
    conn: &mut Conn,
    cache: &mut PlanCache,
    content_id: i64,
    actor: &Actor,
    now: NaiveDateTime,
) -> Result<Vec<Change>> {
    let Some(row) = store_content::get(conn, content_id)? else {
        return Ok(Vec::new());
    };
    let Some(kind) = ContentKind::from_code(&row.kind).and_then(portal_product_kind) else {
        return Ok(Vec::new());
    };
    let day = published_on(&row, now);
    let path = crate::search::content_path(&row.kind, &row.slug);
    let existing = store::by_content(conn, content_id)?;
    let topics = store_content::topics_of(conn, content_id)?;
    let mut changes = Vec::new();
    for plan in cache.plans(conn)?.iter_mut() {
        if let Some(p) = existing.iter().find(|p| p.plan_id == plan.row.id) {
            store::follow_content(conn, p.id, &row.title, &path, None, now)?;
            changes.push(Change::Followed {
                product: p.id,
                plan: plan.row.slug.clone(),
            });
            continue;
        }
        if !plan.periods.iter().any(|p| p.contains(day)) {
            continue;
        }
        let (code, activity) = if plan.rules.is_empty() {
            (None, None)
        } else {
            let codes = plan.answers_for(conn, day, row.organisation_id)?;
            match portal_activity(&plan.rules, kind, &topics, &codes) {
                Some(c) => (Some(c.to_owned()), plan.activity_id(c)),
                None => (None, None),
            }
        };
        let fields = ProductFields {
            plan_id: plan.row.plan_id(),
            activity_id: activity,
            organisation_id: OrgId(row.organisation_id),
            kind: kind.code().to_owned(),
            title: row.title.clone(),
            quantity: 1,
            produced_on: day,
            channel: CHANNEL.to_owned(),
            place: String::new(),
            reach: None,
            reach_kind: None,
            reach_source: String::new(),
            evidence_url: path.clone(),
            note: String::new(),
            source: SOURCE.to_owned(),
            content_id: Some(content_id),
        };
        let id = store::insert(conn, &fields, row.author_user_id, now)?;
        let code = activity.and(code);
        audit::record(
            conn,
            now,
            actor,
            "product.from_portal",
            ("product", id.to_string()),
            Some(OrgId(row.organisation_id)),
            serde_json::json!({ "content": content_id, "plan": plan.row.slug, "activity": code }),
        )?;
        changes.push(Change::Created {
            product: id,
            plan: plan.row.slug.clone(),
            activity: code,
        });
    }
    Ok(changes)
}

/// The first submitted or accepted report of the product's organisation whose window
/// contains the product's date, as "báo cáo 6 tháng đầu năm 2024 (Đã gửi)".
fn counting_report(conn: &mut Conn, plan: &PlanRow, p: &ProductRow) -> Result<Option<String>> {
    for period in periods_containing(conn, plan, p.produced_on)? {
        let Some(r) = store_reports::find(
            conn,
            plan.plan_id(),
            OrgId(p.organisation_id),
            period.kind.code(),
            period.year,
        )?
        else {
            continue;
        };
        if let Some(s @ (ReportState::Submitted | ReportState::Accepted)) =
            ReportState::from_code(&r.state)
        {
            return Ok(Some(format!("báo cáo {} ({})", period.label(), s.label())));
        }
    }
    Ok(None)
}

/// What leaving the portal would do to an item's products, without doing it: the
/// confirmation page says it before the approver decides.
pub fn removal_preview(conn: &mut Conn, content_id: i64) -> Result<Vec<Change>> {
    plan_removal(conn, content_id)
}

fn plan_removal(conn: &mut Conn, content_id: i64) -> Result<Vec<Change>> {
    let mut out = Vec::new();
    for p in store::by_content(conn, content_id)? {
        let Some(plan) = store_plans::list(conn)?
            .into_iter()
            .find(|x| x.id == p.plan_id)
        else {
            continue;
        };
        out.push(match counting_report(conn, &plan, &p)? {
            Some(report) => Change::Kept {
                product: p.id,
                plan: plan.slug,
                report,
            },
            None => Change::Deleted {
                product: p.id,
                plan: plan.slug,
            },
        });
    }
    Ok(out)
}

/// Deletes, or keeps and marks, the products of an item that has just left the portal
/// (unpublished or withdrawn). Runs inside the caller's transaction; audited.
pub(crate) fn removed(
    conn: &mut Conn,
    content_id: i64,
    actor: &Actor,
    now: NaiveDateTime,
) -> Result<Vec<Change>> {
    let changes = plan_removal(conn, content_id)?;
    for c in &changes {
        let (id, counted_in) = match c {
            Change::Deleted { product, .. } => (*product, None),
            Change::Kept {
                product, report, ..
            } => (*product, Some(report)),
            _ => continue,
        };
        let Some(p) = store::get(conn, id)? else {
            continue;
        };
        let (action, detail) = match counted_in {
            Some(report) => {
                store::follow_content(conn, p.id, &p.title, &p.evidence_url, Some(now), now)?;
                (
                    "product.portal_kept",
                    serde_json::json!({ "content": content_id, "title": p.title, "counted_in": report }),
                )
            }
            None => {
                store::delete(conn, p.id)?;
                (
                    "product.portal_deleted",
                    serde_json::json!({ "content": content_id, "title": p.title }),
                )
            }
        };
        audit::record(
            conn,
            now,
            actor,
            action,
            ("product", p.id.to_string()),
            Some(OrgId(p.organisation_id)),
            detail,
        )?;
    }
    Ok(changes)
}

/// The sentence telling an approver what leaving the portal does to the item's products.
pub fn removal_notice(changes: &[Change]) -> Option<String> {
    let kept: Vec<&str> = changes
        .iter()
        .filter_map(|c| match c {
            Change::Kept { report, .. } => Some(report.as_str()),
            _ => None,
        })
        .collect();
    let deleted = changes
        .iter()
        .filter(|c| matches!(c, Change::Deleted { .. }))
        .count();
    let mut parts = Vec::new();
    if deleted > 0 {
        parts.push(
            "Sản phẩm truyền thông được tạo từ nội dung này sẽ bị xóa khỏi danh sách sản phẩm của đơn vị."
                .to_owned(),
        );
    }
    if !kept.is_empty() {
        parts.push(format!(
            "Sản phẩm truyền thông được tạo từ nội dung này đã được tính trong {} nên vẫn được giữ lại, kèm ghi chú “đã gỡ khỏi cổng thông tin”.",
            kept.join(", ")
        ));
    }
    (!parts.is_empty()).then(|| parts.join(" "))
}
