//! Plans: importing a plan file (format 1, `docs/plan-format.md`) and reading a plan for its
//! pages. Text is kept as written (only NFC-normalised): a plan is an official document.

use std::collections::{BTreeSet, HashMap};

use chrono::NaiveDate;
use lantoa_domain::org::OrgKind;
use lantoa_domain::plan::{self as dplan, ActivityRole, MonthDay, PeriodKind};
use lantoa_domain::product::{PORTAL_KINDS, PortalRule};
use lantoa_domain::{OrgId, PlanId};
use lantoa_store::plans::{
    self as store, ActivityFields, ActivityRow, NumberRow, PeriodRow, PlanFields, PlanRow,
    ResponsibilityRow, SectionRow, UnitRef,
};
use lantoa_store::{Conn, orgs, write_tx};
use serde::{Deserialize, Serialize};

use crate::audit::{self, Actor};
use crate::{App, Error, Result};

/// A plan file, format 1.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PlanFile {
    pub format: u32,
    pub slug: String,
    pub title: String,
    pub document_type: String,
    pub issuer: Option<String>,
    pub issuer_name: String,
    pub place: String,
    pub issued_on: NaiveDate,
    pub start_year: i32,
    pub end_year: i32,
    pub lead: Option<String>,
    #[serde(default)]
    pub signer_name: String,
    #[serde(default)]
    pub signer_title: String,
    #[serde(default)]
    pub recipients: Vec<String>,
    #[serde(default)]
    pub legal_basis: Vec<String>,
    #[serde(default)]
    pub number: Vec<NumberEntry>,
    #[serde(default)]
    pub section: Vec<SectionEntry>,
    #[serde(default)]
    pub responsibility: Vec<ResponsibilityEntry>,
    pub reporting: Option<ReportingEntry>,
    #[serde(default)]
    pub activity: Vec<ActivityEntry>,
    /// Not from the document: which activity counts content published on the portal.
    #[serde(default)]
    pub portal_activity: Vec<PortalActivityEntry>,
}

/// `[[portal_activity]]`: a rule for counting the portal's published content (ADR 0013).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PortalActivityEntry {
    pub activity: String,
    pub kinds: Vec<String>,
    #[serde(default)]
    pub topics: Vec<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NumberEntry {
    pub text: String,
    pub written_in: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SectionEntry {
    pub code: String,
    pub title: String,
    pub text: String,
}

/// Who: a specific organisation, all organisations of a kind, or a group named in words.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct UnitEntry {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub org: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    #[serde(default)]
    pub label: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ResponsibilityEntry {
    pub code: String,
    pub heading: String,
    #[serde(default)]
    pub units: Vec<UnitEntry>,
    #[serde(default)]
    pub items: Vec<String>,
    #[serde(default)]
    pub text: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReportingEntry {
    #[serde(default)]
    pub text: String,
    #[serde(default)]
    pub period: Vec<PeriodEntry>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PeriodEntry {
    pub kind: String,
    pub label: String,
    pub window_from: String,
    #[serde(default)]
    pub window_from_previous_year: bool,
    pub window_to: String,
    pub unit_due: String,
    pub lead_due: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ActivityEntry {
    pub code: String,
    pub title: String,
    #[serde(default)]
    pub lead: Vec<UnitEntry>,
    #[serde(default)]
    pub coordinating: Vec<UnitEntry>,
    #[serde(default)]
    pub expected_products: String,
    #[serde(default)]
    pub years: Vec<i32>,
}

/// A plan file that cannot be imported: every problem found, in Vietnamese, with where it is.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}", .0.join("\n"))]
pub struct PlanFileErrors(pub Vec<String>);

/// Parses a plan file's text (TOML).
pub fn parse(text: &str) -> std::result::Result<PlanFile, PlanFileErrors> {
    toml::from_str(text).map_err(|e| {
        let place = e
            .span()
            .map(|s| {
                format!(
                    "dòng {}: ",
                    text[..s.start.min(text.len())].lines().count().max(1)
                )
            })
            .unwrap_or_default();
        PlanFileErrors(vec![format!(
            "Tệp kế hoạch sai cấu trúc ({place}{}).",
            e.message().trim()
        )])
    })
}

/// What an import did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportReport {
    pub plan: PlanId,
    pub created: bool,
    pub activities: usize,
    pub removed_activities: usize,
}

fn nfc(s: &str) -> String {
    lantoa_viet::nfc(s.trim())
}

/// Resolves unit references to organisations; collects errors with `place` in front.
fn resolve_units(
    list: &[UnitEntry],
    place: &str,
    slugs: &HashMap<String, (i64, String)>,
    errors: &mut Vec<String>,
) -> Vec<UnitRef> {
    let mut out = Vec::new();
    for u in list {
        match (&u.org, &u.kind) {
            (Some(slug), None) => match slugs.get(slug) {
                Some((id, name)) => out.push(UnitRef {
                    organisation_id: Some(*id),
                    org_kind: None,
                    label: if u.label.trim().is_empty() {
                        name.clone()
                    } else {
                        nfc(&u.label)
                    },
                }),
                None => errors.push(format!(
                    "{place}: không có đơn vị “{slug}” trong danh sách đơn vị."
                )),
            },
            (None, Some(kind)) => {
                if OrgKind::from_code(kind).is_none() {
                    errors.push(format!("{place}: loại đơn vị “{kind}” không hợp lệ."));
                } else if u.label.trim().is_empty() {
                    errors.push(format!(
                        "{place}: nhóm đơn vị loại “{kind}” cần ghi “label” như trong văn bản."
                    ));
                } else {
                    out.push(UnitRef {
                        organisation_id: None,
                        org_kind: Some(kind.clone()),
                        label: nfc(&u.label),
                    });
                }
            }
            (None, None) if !u.label.trim().is_empty() => {
                out.push(UnitRef {
                    organisation_id: None,
                    org_kind: None,
                    label: nfc(&u.label),
                });
            }
            (Some(_), Some(_)) => errors.push(format!(
                "{place}: một đơn vị chỉ ghi “org” hoặc “kind”, không ghi cả hai."
            )),
            (None, None) => errors.push(format!("{place}: đơn vị trống.")),
        }
    }
    out
}

/// Imports (or re-imports) a plan. Nothing is written unless the whole file is valid.
pub fn import(app: &App, conn: &mut Conn, actor: &Actor, file: &PlanFile) -> Result<ImportReport> {
    let mut errors = Vec::new();
    if file.format != 1 {
        errors.push(format!(
            "Định dạng tệp {} chưa được hỗ trợ (chỉ hỗ trợ format = 1).",
            file.format
        ));
    }
    if lantoa_domain::validate::check_slug(&file.slug).is_err() {
        errors.push(format!(
            "“slug” = “{}” không hợp lệ: chỉ gồm chữ thường không dấu, chữ số và dấu gạch nối.",
            file.slug
        ));
    }
    if file.title.trim().is_empty() {
        errors.push("Thiếu tên kế hoạch (“title”).".into());
    }
    if file.end_year < file.start_year || file.start_year < 1945 || file.end_year > 2200 {
        errors.push(format!(
            "Giai đoạn {}–{} không hợp lệ.",
            file.start_year, file.end_year
        ));
    }
    if file.number.is_empty() {
        errors.push("Cần ít nhất một số hiệu văn bản (“[[number]]”).".into());
    }
    let slugs: HashMap<String, (i64, String)> = orgs::names_by_slug(conn)?;
    let lookup = |slug: &Option<String>, what: &str, errors: &mut Vec<String>| -> Option<i64> {
        let slug = slug.as_ref()?;
        match slugs.get(slug) {
            Some((id, _)) => Some(*id),
            None => {
                errors.push(format!(
                    "{what}: không có đơn vị “{slug}” trong danh sách đơn vị."
                ));
                None
            }
        }
    };
    let issuer_id = lookup(&file.issuer, "Cơ quan ban hành (“issuer”)", &mut errors);
    let lead_id = lookup(&file.lead, "Đơn vị chủ trì kế hoạch (“lead”)", &mut errors);

    let mut responsibilities = Vec::new();
    for r in &file.responsibility {
        let units = resolve_units(
            &r.units,
            &format!("Mục VIII.{}", r.code),
            &slugs,
            &mut errors,
        );
        responsibilities.push(ResponsibilityRow {
            code: nfc(&r.code),
            heading: nfc(&r.heading),
            units: serde_json::to_string(&units.iter().map(unit_json).collect::<Vec<_>>())
                .unwrap_or_default(),
            items: serde_json::to_string(&r.items.iter().map(|i| nfc(i)).collect::<Vec<_>>())
                .unwrap_or_default(),
            body: nfc(&r.text),
        });
    }

    let mut periods = Vec::new();
    let mut kinds = BTreeSet::new();
    for p in file.reporting.iter().flat_map(|r| &r.period) {
        let place = format!("Kỳ báo cáo “{}”", p.kind);
        if PeriodKind::from_code(&p.kind).is_none() {
            errors.push(format!(
                "{place}: loại kỳ chỉ có thể là h1 (6 tháng) hoặc year (năm)."
            ));
        }
        if !kinds.insert(p.kind.clone()) {
            errors.push(format!("{place}: khai báo hai lần."));
        }
        for (key, value) in [
            ("window_from", &p.window_from),
            ("window_to", &p.window_to),
            ("unit_due", &p.unit_due),
            ("lead_due", &p.lead_due),
        ] {
            if MonthDay::parse(value).is_err() {
                errors.push(format!(
                    "{place}: “{key}” = “{value}” không phải ngày dạng MM-DD."
                ));
            }
        }
        periods.push(PeriodRow {
            kind: p.kind.clone(),
            label: nfc(&p.label),
            window_from: p.window_from.clone(),
            window_from_previous_year: p.window_from_previous_year,
            window_to: p.window_to.clone(),
            unit_due: p.unit_due.clone(),
            lead_due: p.lead_due.clone(),
        });
    }

    let codes: BTreeSet<&str> = file.activity.iter().map(|a| a.code.as_str()).collect();
    let mut seen = BTreeSet::new();
    let mut activities = Vec::new();
    for a in &file.activity {
        let place = format!("Hoạt động {}", a.code);
        if !dplan::is_activity_code(&a.code) {
            errors.push(format!(
                "{place}: mã hoạt động phải là các số cách nhau bởi dấu chấm, ví dụ 3.1."
            ));
        }
        if !seen.insert(a.code.as_str()) {
            errors.push(format!("{place}: mã bị trùng."));
        }
        if let Some(parent) = dplan::parent_code(&a.code)
            && !codes.contains(parent)
        {
            errors.push(format!("{place}: không có hoạt động cha {parent}."));
        }
        if a.title.trim().is_empty() {
            errors.push(format!("{place}: thiếu nội dung hoạt động."));
        }
        for y in &a.years {
            if *y < file.start_year || *y > file.end_year {
                errors.push(format!(
                    "{place}: năm {y} nằm ngoài giai đoạn {}–{}.",
                    file.start_year, file.end_year
                ));
            }
        }
        let lead = resolve_units(
            &a.lead,
            &format!("{place}, đơn vị chủ trì"),
            &slugs,
            &mut errors,
        );
        let coordinating = resolve_units(
            &a.coordinating,
            &format!("{place}, đơn vị phối hợp"),
            &slugs,
            &mut errors,
        );
        activities.push((a, lead, coordinating));
    }
    let portal_rules = check_portal_rules(&file.portal_activity, &file.activity, &mut errors);
    if !errors.is_empty() {
        return Err(Error::InvalidFile(errors));
    }

    let fields = PlanFields {
        slug: file.slug.clone(),
        title: nfc(&file.title),
        document_type: nfc(&file.document_type),
        issuer_id,
        issuer_name: nfc(&file.issuer_name),
        place: nfc(&file.place),
        issued_on: file.issued_on,
        start_year: file.start_year,
        end_year: file.end_year,
        lead_id,
        signer_name: nfc(&file.signer_name),
        signer_title: nfc(&file.signer_title),
        recipients: serde_json::to_string(
            &file.recipients.iter().map(|s| nfc(s)).collect::<Vec<_>>(),
        )
        .unwrap_or_default(),
        legal_basis: serde_json::to_string(
            &file.legal_basis.iter().map(|s| nfc(s)).collect::<Vec<_>>(),
        )
        .unwrap_or_default(),
        reporting_text: file
            .reporting
            .as_ref()
            .map(|r| nfc(&r.text))
            .unwrap_or_default(),
        portal_rules: serde_json::to_string(&portal_rules).unwrap_or_else(|_| "[]".into()),
    };
    let numbers: Vec<NumberRow> = file
        .number
        .iter()
        .map(|n| NumberRow {
            text: nfc(&n.text),
            written_in: nfc(&n.written_in),
        })
        .collect();
    let sections: Vec<SectionRow> = file
        .section
        .iter()
        .map(|s| SectionRow {
            code: nfc(&s.code),
            title: nfc(&s.title),
            body: nfc(&s.text),
        })
        .collect();
    let now = app.now();
    write_tx(conn, |c| {
        let (plan, created) = store::upsert(c, &fields, now)?;
        store::replace_parts(c, plan, &numbers, &sections, &responsibilities, &periods)?;
        let mut ordered: Vec<_> = activities.iter().collect();
        ordered.sort_by_key(|(a, _, _)| dplan::code_sort_key(&a.code));
        let mut ids: HashMap<&str, i64> = HashMap::new();
        for (position, (a, lead, coordinating)) in ordered.into_iter().enumerate() {
            let id = store::upsert_activity(
                c,
                plan,
                &ActivityFields {
                    code: a.code.clone(),
                    parent_id: dplan::parent_code(&a.code).and_then(|p| ids.get(p).copied()),
                    position: i32::try_from(position).unwrap_or(i32::MAX),
                    title: nfc(&a.title),
                    expected_products: nfc(&a.expected_products),
                    years: a
                        .years
                        .iter()
                        .map(i32::to_string)
                        .collect::<Vec<_>>()
                        .join(","),
                },
            )?;
            store::replace_units(c, id, ActivityRole::Lead.code(), lead)?;
            store::replace_units(c, id, ActivityRole::Coordinating.code(), coordinating)?;
            ids.insert(a.code.as_str(), id.0);
        }
        let keep: Vec<String> = file.activity.iter().map(|a| a.code.clone()).collect();
        let removed = store::delete_activities_except(c, plan, &keep)?;
        audit::record(
            c,
            now,
            actor,
            "plan.import",
            ("plan", plan.to_string()),
            lead_id.map(OrgId),
            serde_json::json!({ "slug": file.slug, "created": created, "activities": file.activity.len(), "removed": removed }),
        )?;
        Ok(ImportReport {
            plan,
            created,
            activities: file.activity.len(),
            removed_activities: removed,
        })
    })
}

/// Checks the `[[portal_activity]]` rules: a known activity that has units of its own, known
/// product kinds that portal content can be, known topics.
fn check_portal_rules(
    entries: &[PortalActivityEntry],
    activities: &[ActivityEntry],
    errors: &mut Vec<String>,
) -> Vec<PortalRule> {
    let mut rules = Vec::new();
    for (i, e) in entries.iter().enumerate() {
        let place = format!("Quy tắc tính nội dung cổng thông tin thứ {}", i + 1);
        match activities.iter().find(|a| a.code == e.activity) {
            None => errors.push(format!(
                "{place}: không có hoạt động “{}” trong phụ lục.",
                e.activity
            )),
            Some(a) if a.lead.is_empty() && a.coordinating.is_empty() => errors.push(format!(
                "{place}: hoạt động {} là dòng tiêu đề nhóm, không có đơn vị thực hiện; hãy chọn một hoạt động con.",
                a.code
            )),
            Some(_) => {}
        }
        if e.kinds.is_empty() {
            errors.push(format!(
                "{place}: cần ít nhất một loại sản phẩm trong “kinds”."
            ));
        }
        for k in &e.kinds {
            if !PORTAL_KINDS.iter().any(|p| p.code() == k) {
                errors.push(format!(
                    "{place}: loại sản phẩm “{k}” không phải loại nội dung cổng thông tin tạo ra (article, photo, video_clip, publication)."
                ));
            }
        }
        for t in &e.topics {
            if lantoa_domain::content::topic(t).is_none() {
                errors.push(format!(
                    "{place}: chủ đề “{t}” không có trong nội dung truyền thông của kế hoạch (ví dụ iv-2-d)."
                ));
            }
        }
        rules.push(PortalRule {
            activity: e.activity.clone(),
            kinds: e.kinds.clone(),
            topics: e.topics.clone(),
        });
    }
    rules
}

/// A plan's rules for counting portal content, as stored.
pub fn portal_rules(plan: &PlanRow) -> Vec<PortalRule> {
    serde_json::from_str(&plan.portal_rules).unwrap_or_default()
}

fn unit_json(u: &UnitRef) -> serde_json::Value {
    serde_json::json!({ "organisation_id": u.organisation_id, "kind": u.org_kind, "label": u.label })
}

/// A unit as pages show it: the words, and a link when it is one organisation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnitView {
    pub label: String,
    pub organisation_id: Option<i64>,
}

/// One activity with its depth in the tree and its units.
#[derive(Debug, Clone)]
pub struct ActivityView {
    pub row: ActivityRow,
    pub depth: usize,
    /// A group row: other activities sit under it (3 → 3.1, 3.2).
    pub has_children: bool,
    pub lead: Vec<UnitView>,
    pub coordinating: Vec<UnitView>,
}

/// A reporting period's rules, ready to show.
#[derive(Debug, Clone)]
pub struct PeriodView {
    pub label: String,
    pub window: String,
    pub unit_due: String,
    pub lead_due: String,
    /// The units' deadline comes before the end of the data window (the seed plan's annual
    /// report: due 20/11, window to 14/12).
    pub due_before_window_end: bool,
}

#[derive(Debug, Clone)]
pub struct ResponsibilityView {
    pub code: String,
    pub heading: String,
    pub units: Vec<UnitView>,
    pub items: Vec<String>,
    pub body: String,
}

/// Everything a plan page shows.
#[derive(Debug, Clone)]
pub struct PlanView {
    pub plan: PlanRow,
    pub numbers: Vec<NumberRow>,
    /// The document gives more than one distinct number (e.g. 97/KH-UBND and 37/KH-UBND).
    pub numbers_differ: bool,
    pub legal_basis: Vec<String>,
    pub recipients: Vec<String>,
    pub sections: Vec<SectionRow>,
    pub responsibilities: Vec<ResponsibilityView>,
    pub periods: Vec<PeriodView>,
    pub activities: Vec<ActivityView>,
    pub lead_name: Option<String>,
}

fn string_list(json: &str) -> Vec<String> {
    serde_json::from_str(json).unwrap_or_default()
}

pub fn list(conn: &mut Conn) -> Result<Vec<PlanRow>> {
    Ok(store::list(conn)?)
}

/// Reads a plan for its page (plans are public documents).
pub fn view(conn: &mut Conn, slug: &str) -> Result<PlanView> {
    let plan = store::by_slug(conn, slug)?.ok_or(Error::NotFound)?;
    let id = plan.plan_id();
    let numbers = store::numbers(conn, id)?;
    let distinct: BTreeSet<String> = numbers
        .iter()
        .map(|n| n.text.split_whitespace().collect::<String>())
        .collect();
    let rows = store::activities(conn, id)?;
    let units = store::activity_units(conn, id)?;
    let depth_of: HashMap<i64, usize> = {
        let mut m = HashMap::new();
        for r in &rows {
            let d = r
                .parent_id
                .and_then(|p| m.get(&p).copied())
                .map_or(0, |d: usize| d + 1);
            m.insert(r.id, d);
        }
        m
    };
    let parents: BTreeSet<i64> = rows.iter().filter_map(|r| r.parent_id).collect();
    let activities = rows
        .into_iter()
        .map(|row| {
            let pick = |role: ActivityRole| {
                units
                    .iter()
                    .filter(|u| u.activity_id == row.id && u.role == role.code())
                    .map(|u| UnitView {
                        label: u.unit.label.clone(),
                        organisation_id: u.unit.organisation_id,
                    })
                    .collect()
            };
            ActivityView {
                depth: depth_of.get(&row.id).copied().unwrap_or(0),
                has_children: parents.contains(&row.id),
                lead: pick(ActivityRole::Lead),
                coordinating: pick(ActivityRole::Coordinating),
                row,
            }
        })
        .collect();
    let periods = store::periods(conn, id)?
        .into_iter()
        .filter_map(|p| {
            let from = MonthDay::parse(&p.window_from).ok()?;
            let to = MonthDay::parse(&p.window_to).ok()?;
            let unit_due = MonthDay::parse(&p.unit_due).ok()?;
            let lead_due = MonthDay::parse(&p.lead_due).ok()?;
            let prev = if p.window_from_previous_year {
                " năm trước"
            } else {
                ""
            };
            Some(PeriodView {
                label: p.label,
                window: format!("Từ {}{prev} đến {}", from.short_vn(), to.short_vn()),
                unit_due: unit_due.short_vn(),
                lead_due: lead_due.short_vn(),
                due_before_window_end: unit_due < to,
            })
        })
        .collect();
    let responsibilities = store::responsibilities(conn, id)?
        .into_iter()
        .map(|r| {
            let units: Vec<serde_json::Value> = serde_json::from_str(&r.units).unwrap_or_default();
            ResponsibilityView {
                code: r.code,
                heading: r.heading,
                units: units
                    .iter()
                    .map(|u| UnitView {
                        label: u["label"].as_str().unwrap_or_default().to_owned(),
                        organisation_id: u["organisation_id"].as_i64(),
                    })
                    .collect(),
                items: string_list(&r.items),
                body: r.body,
            }
        })
        .collect();
    let lead_name = match plan.lead_id {
        Some(l) => orgs::get(conn, OrgId(l))?.map(|o| o.name),
        None => None,
    };
    Ok(PlanView {
        numbers_differ: distinct.len() > 1,
        numbers,
        legal_basis: string_list(&plan.legal_basis),
        recipients: string_list(&plan.recipients),
        sections: store::sections(conn, id)?,
        responsibilities,
        periods,
        activities,
        lead_name,
        plan,
    })
}
