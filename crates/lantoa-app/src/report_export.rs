//! Reports as documents: one organisation's report and the lead department's consolidated
//! report, as DOCX (the administrative layout of Nghị định 30/2020/NĐ-CP) and XLSX.
//! Consolidation counts accepted reports only.

use chrono::{Datelike, NaiveDate};
use lantoa_domain::OrgId;
use lantoa_domain::org::{OrgKind, Succession, duty, holder_on, is_valid_on};
use lantoa_domain::product::{ProductKind, ReportingPeriod};
use lantoa_domain::report::ReportState;
use lantoa_export::{AdminDocument, Block, Cell, Column, Sheet, Table, Workbook};
use lantoa_store::Conn;
use lantoa_store::orgs::{self, OrgRow};
use lantoa_store::plans::{self as store_plans, PlanRow};
use lantoa_store::reports::{ConsolidatedRow, Narrative};

use crate::reports::{self, ReportView};
use crate::{Error, Result, periods};

fn upper(s: &str) -> String {
    s.to_uppercase()
}

fn place_date(place: &str, day: NaiveDate) -> String {
    format!(
        "{place}, ngày {:02} tháng {:02} năm {}",
        day.day(),
        day.month(),
        day.year()
    )
}

fn lower_first(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_lowercase().chain(c).collect(),
        None => String::new(),
    }
}

fn summary(plan: &PlanRow, period: &ReportingPeriod, consolidated: bool) -> String {
    format!(
        "Kết quả thực hiện Kế hoạch {} {}{}",
        lower_first(&plan.title),
        period.label(),
        if consolidated { " (tổng hợp)" } else { "" }
    )
}

/// What the top of a document says besides its issuer (Nghị định 30/2020/NĐ-CP): the body
/// that manages the issuer, and the place name before the date.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Letterhead {
    /// The managing body's name in capitals; empty for an issuer with none.
    pub parent: String,
    pub place: String,
}

/// The place name a provincial People's Committee's name gives ("Ủy ban nhân dân tỉnh An
/// Giang" → "An Giang").
fn province_place(org: &OrgRow) -> Option<String> {
    if org.kind != OrgKind::ProvincialCommittee.code() {
        return None;
    }
    ["Ủy ban nhân dân tỉnh ", "Ủy ban nhân dân thành phố "]
        .iter()
        .find_map(|prefix| org.name.strip_prefix(prefix))
        .map(|p| p.trim().to_owned())
        .filter(|p| !p.is_empty())
}

/// The letterhead of a document `issuer` signs on `day`. Organisations change (DESIGN.md
/// §3): the managing body and the province are whoever holds the issuer's parent, and the
/// parent's parent, on that day — a school's 2025 report dated 2026 is headed by the
/// department that manages vocational education in 2026, not by the one merged away in
/// 2025, and dated in An Giang, not Kiên Giang. An issuer that no longer exists keeps the
/// letterhead of its last day; a managing body that ended with no successor is left out. The
/// place falls back to the holder of the plan's issuing body, then to the plan's place as
/// written.
pub fn letterhead(
    conn: &mut Conn,
    plan: &PlanRow,
    issuer: &OrgRow,
    day: NaiveDate,
) -> Result<Letterhead> {
    let edges = orgs::succession_graph(conn)?;
    letterhead_in(conn, plan, issuer, day, &edges)
}

/// [`letterhead`] with the succession graph already read.
fn letterhead_in(
    conn: &mut Conn,
    plan: &PlanRow,
    issuer: &OrgRow,
    day: NaiveDate,
    edges: &[Succession],
) -> Result<Letterhead> {
    let on = issuer.valid_to.map_or(day, |last| last.min(day));
    let holder = |id: i64| holder_on(OrgId(id), on, Some(duty::VET), edges);
    // A body that ended with no successor (a district committee in 2025) heads nothing.
    let in_office = |o: &OrgRow| is_valid_on(o.valid_from, o.valid_to, on);
    let parent = match issuer.parent_id {
        Some(p) => orgs::get(conn, holder(p))?.filter(in_office),
        None => None,
    };
    // Up the chain of holders to the province (bounded: the data may hold a cycle).
    let mut place = province_place(issuer);
    let mut next = parent.clone();
    for _ in 0..8 {
        if place.is_some() {
            break;
        }
        let Some(o) = next.take() else { break };
        place = province_place(&o);
        next = match o.parent_id {
            Some(p) => orgs::get(conn, holder(p))?.filter(in_office),
            None => None,
        };
    }
    if place.is_none()
        && let Some(i) = plan.issuer_id
        && let Some(o) = orgs::get(conn, holder(i))?.filter(in_office)
    {
        place = province_place(&o);
    }
    Ok(Letterhead {
        parent: parent.map(|o| upper(&o.name)).unwrap_or_default(),
        place: place.unwrap_or_else(|| plan.place.clone()),
    })
}

fn narrative_blocks(v: &ReportView) -> Vec<Block> {
    let mut body = Vec::new();
    for (heading, text) in [
        (
            "II. TỒN TẠI, HẠN CHẾ VÀ NGUYÊN NHÂN",
            &v.narrative.shortcomings,
        ),
        ("III. KHÓ KHĂN, VƯỚNG MẮC", &v.narrative.difficulties),
        ("IV. ĐỀ XUẤT, KIẾN NGHỊ", &v.narrative.proposals),
        ("V. PHƯƠNG HƯỚNG KỲ TỚI", &v.narrative.next_steps),
    ] {
        body.push(Block::Heading {
            level: 1,
            text: heading.into(),
        });
        body.push(Block::Paragraph(if text.is_empty() {
            "Không có.".into()
        } else {
            text.clone()
        }));
    }
    body
}

fn figures_table(v: &ReportView) -> Table {
    let total: i64 = v.figures.iter().map(|f| f.value).sum();
    Table {
        caption: Some("Số liệu sản phẩm truyền thông theo hoạt động của Kế hoạch".into()),
        columns: vec![
            Column::text("Mã", 14),
            Column::text("Nội dung/hoạt động", 84),
            Column::number("Số lượng", 22),
            Column::text("Ghi chú", 45),
        ],
        rows: v
            .figures
            .iter()
            .map(|f| {
                vec![
                    Cell::from(f.code.as_str()),
                    Cell::from(f.title.as_str()),
                    Cell::Int(f.value),
                    Cell::from(f.reason.as_str()),
                ]
            })
            .collect(),
        total_row: Some(vec![
            Cell::Empty,
            Cell::from("Tổng cộng"),
            Cell::Int(total),
            Cell::Empty,
        ]),
    }
}

/// One organisation's report as an administrative document.
pub fn unit_document(conn: &mut Conn, v: &ReportView, day: NaiveDate) -> Result<AdminDocument> {
    let edges = orgs::succession_graph(conn)?;
    let head = letterhead_in(conn, &v.key.plan, &v.key.org, day, &edges)?;
    // The report goes to whoever leads the plan's work on the day it is signed.
    let lead = match v.key.plan.lead_id {
        Some(l) => {
            orgs::get(conn, holder_on(OrgId(l), day, Some(duty::VET), &edges))?.map(|o| o.name)
        }
        None => None,
    };
    let mut body = vec![
        Block::Paragraph(format!(
            "Thực hiện {} {} của {}, {} báo cáo kết quả thực hiện {} như sau:",
            v.key.plan.document_type,
            lower_first(&v.key.plan.title),
            v.key.plan.issuer_name,
            v.key.org.name,
            period_words(&v.key.period)
        )),
        Block::Heading {
            level: 1,
            text: "I. KẾT QUẢ THỰC HIỆN".into(),
        },
        Block::Paragraph(if v.narrative.results.is_empty() {
            "Chưa có nội dung.".into()
        } else {
            v.narrative.results.clone()
        }),
        Block::Table(figures_table(v)),
    ];
    body.extend(narrative_blocks(v));
    let attached = crate::attachments::of_report_unchecked(conn, &v.key)?;
    if !attached.is_empty() {
        let lines: Vec<String> = attached
            .iter()
            .map(|a| format!("- {} ({}).", a.row.title, a.summary))
            .collect();
        body.push(Block::Paragraph(format!(
            "Tài liệu kèm theo:\n{}",
            lines.join("\n")
        )));
    }
    let mut recipients = Vec::new();
    if let Some(l) = lead {
        recipients.push(format!("{l} (để tổng hợp)"));
    }
    recipients.push("Lưu: VT.".into());
    Ok(AdminDocument {
        issuer_parent: head.parent,
        issuer: upper(&v.key.org.name),
        number: "Số:        /BC".into(),
        place_date: place_date(&head.place, day),
        doc_type: "BÁO CÁO".into(),
        summary: summary(&v.key.plan, &v.key.period, false),
        body,
        recipients,
        signer_authority: String::new(),
        signer_title: "THỦ TRƯỞNG ĐƠN VỊ".into(),
        signer_name: String::new(),
    })
}

fn period_words(p: &ReportingPeriod) -> String {
    format!(
        "{} (số liệu từ {} đến {})",
        p.label(),
        crate::clock::format_date(p.window_start),
        crate::clock::format_date(p.window_end)
    )
}

/// One organisation's report as a workbook: its figures.
pub fn unit_workbook(v: &ReportView) -> Workbook {
    Workbook {
        sheets: vec![Sheet {
            name: "Số liệu".into(),
            title: Some(format!(
                "Báo cáo {} – {}",
                v.key.period.label(),
                v.key.org.name
            )),
            table: figures_table(v),
        }],
    }
}

/// The lead department's consolidation of a period.
#[derive(Debug, Clone)]
pub struct Consolidation {
    pub plan: PlanRow,
    pub period: ReportingPeriod,
    /// Who consolidates: the plan's lead department, or whoever holds its duties now.
    pub lead: Option<OrgRow>,
    /// (code, title, total of accepted reports)
    pub by_activity: Vec<(String, String, i64)>,
    /// (organisation, report state label, on time, total)
    pub by_org: Vec<(String, &'static str, Option<bool>, i64)>,
    /// (product kind, total quantity) of the products that the accepted reports count —
    /// each accepted unit's own and those of the units it answers for — in the period's
    /// window, in the order of [`ProductKind::ALL`], kinds with none left out. The figures
    /// by activity are the reports' (a unit may correct them, with a reason); these are the
    /// products as logged.
    pub by_kind: Vec<(&'static str, i64)>,
    /// Organisations that owe the report and have not submitted it.
    pub missing: Vec<String>,
    /// (organisation, its five narrative sections) of each accepted report, in the order of
    /// the organisations that owe the report.
    pub sections: Vec<(String, Narrative)>,
    /// The lead department's narrative as saved (`None`: not edited yet; the export then
    /// uses [`Consolidation::gathered`]).
    pub draft: Option<ConsolidatedRow>,
    pub expected: usize,
    pub submitted: usize,
    pub on_time: usize,
}

/// Gathers the accepted reports of a period.
pub fn consolidate(
    conn: &mut Conn,
    plan: &PlanRow,
    period: &ReportingPeriod,
) -> Result<Consolidation> {
    let obligations = periods::obligations(conn, plan, period)?;
    let activities = store_plans::activities(conn, plan.plan_id())?;
    let states = reports::states(conn, plan.plan_id(), period)?;
    let lead = match plan.lead_id {
        Some(l) => {
            let edges = orgs::succession_graph(conn)?;
            let holder = holder_on(OrgId(l), period.lead_due, Some(duty::VET), &edges);
            orgs::get(conn, holder)?
        }
        None => None,
    };
    // One query for every report of the period and one for all their figures.
    let rows =
        lantoa_store::reports::for_period(conn, plan.plan_id(), period.kind.code(), period.year)?;
    let accepted: std::collections::HashMap<i64, &lantoa_store::reports::ReportRow> = rows
        .iter()
        .filter(|r| r.state == ReportState::Accepted.code())
        .map(|r| (r.organisation_id, r))
        .collect();
    let accepted_ids: Vec<i64> = accepted.values().map(|r| r.id).collect();
    let mut per_report: std::collections::HashMap<i64, i64> = std::collections::HashMap::new();
    let mut totals: std::collections::BTreeMap<i64, i64> = std::collections::BTreeMap::new();
    for chunk in accepted_ids.chunks(500) {
        for (report, activity, value) in lantoa_store::reports::figure_values(conn, chunk)? {
            *totals.entry(activity).or_default() += value;
            *per_report.entry(report).or_default() += value;
        }
    }
    let mut kinds_by_org: std::collections::HashMap<i64, Vec<(String, i64)>> =
        std::collections::HashMap::new();
    for (org, kind, quantity) in lantoa_store::products::kind_totals(
        conn,
        plan.plan_id(),
        period.window_start,
        period.window_end,
    )? {
        kinds_by_org.entry(org).or_default().push((kind, quantity));
    }
    let mut kind_totals: std::collections::HashMap<String, i64> = std::collections::HashMap::new();
    let mut by_org = Vec::new();
    let mut missing = Vec::new();
    let mut sections = Vec::new();
    let (mut submitted, mut on_time) = (0, 0);
    for o in &obligations {
        let Some((state, punctual)) = states.get(&o.holder.id).copied() else {
            missing.push(o.holder.name.clone());
            by_org.push((o.holder.name.clone(), "Chưa lập", None, 0));
            continue;
        };
        if punctual.is_some() {
            submitted += 1;
        }
        if punctual == Some(true) {
            on_time += 1;
        }
        if matches!(state, ReportState::Draft) || punctual.is_none() {
            missing.push(o.holder.name.clone());
        }
        let mut org_total = 0;
        if let Some(r) = accepted.get(&o.holder.id) {
            org_total = per_report.get(&r.id).copied().unwrap_or(0);
            // The same products the report was pre-filled with (ADR 0022): the unit's own
            // and those of the units whose duty passed to it.
            let counted = std::iter::once(o.holder.id).chain(o.on_behalf_of.iter().map(|p| p.id));
            for org in counted {
                for (kind, quantity) in kinds_by_org.get(&org).into_iter().flatten() {
                    *kind_totals.entry(kind.clone()).or_default() += quantity;
                }
            }
            sections.push((
                o.holder.name.clone(),
                Narrative {
                    results: r.results.clone(),
                    shortcomings: r.shortcomings.clone(),
                    difficulties: r.difficulties.clone(),
                    proposals: r.proposals.clone(),
                    next_steps: r.next_steps.clone(),
                },
            ));
        }
        by_org.push((o.holder.name.clone(), state.label(), punctual, org_total));
    }
    let by_activity = activities
        .iter()
        .filter(|a| totals.contains_key(&a.id) || a.year_list().contains(&period.year))
        .map(|a| {
            (
                a.code.clone(),
                a.title.clone(),
                totals.get(&a.id).copied().unwrap_or(0),
            )
        })
        .collect();
    let by_kind = ProductKind::ALL
        .iter()
        .filter_map(|k| {
            kind_totals
                .get(k.code())
                .filter(|n| **n != 0)
                .map(|n| (k.label(), *n))
        })
        .collect();
    Ok(Consolidation {
        plan: plan.clone(),
        period: *period,
        lead,
        by_activity,
        by_kind,
        by_org,
        missing,
        sections,
        draft: lantoa_store::reports::find_consolidated(
            conn,
            plan.plan_id(),
            period.kind.code(),
            period.year,
        )?,
        expected: obligations.len(),
        submitted,
        on_time,
    })
}

/// The five narrative sections with their headings in the documents and forms.
pub const SECTIONS: [(&str, &str); 5] = [
    ("results", "Kết quả thực hiện"),
    ("shortcomings", "Tồn tại, hạn chế và nguyên nhân"),
    ("difficulties", "Khó khăn, vướng mắc"),
    ("proposals", "Đề xuất, kiến nghị"),
    ("next_steps", "Phương hướng kỳ tới"),
];

/// A narrative's section by field name (see [`SECTIONS`]).
pub fn section<'a>(n: &'a Narrative, field: &str) -> &'a str {
    match field {
        "results" => &n.results,
        "shortcomings" => &n.shortcomings,
        "difficulties" => &n.difficulties,
        "proposals" => &n.proposals,
        "next_steps" => &n.next_steps,
        _ => "",
    }
}

impl Consolidation {
    /// The units' sections gathered for the lead department to edit: for each section, one
    /// paragraph per accepted report that wrote it, "Đơn vị: nội dung", in the order of
    /// the organisations that owe the report.
    pub fn gathered(&self) -> Narrative {
        let gather = |field: &str| {
            self.sections
                .iter()
                .filter_map(|(org, n)| {
                    let text = section(n, field).trim();
                    (!text.is_empty()).then(|| format!("{org}: {text}"))
                })
                .collect::<Vec<_>>()
                .join("\n\n")
        };
        Narrative {
            results: gather("results"),
            shortcomings: gather("shortcomings"),
            difficulties: gather("difficulties"),
            proposals: gather("proposals"),
            next_steps: gather("next_steps"),
        }
    }

    /// The narrative the documents use: the lead department's draft once saved, else the
    /// units' sections gathered.
    pub fn narrative(&self) -> Narrative {
        match &self.draft {
            Some(d) => d.narrative(),
            None => self.gathered(),
        }
    }
}

fn activity_table(c: &Consolidation) -> Table {
    Table {
        caption: Some("Tổng hợp số liệu theo hoạt động (từ các báo cáo đã tiếp nhận)".into()),
        columns: vec![
            Column::text("Mã", 14),
            Column::text("Nội dung/hoạt động", 120),
            Column::number("Số lượng", 25),
        ],
        rows: c
            .by_activity
            .iter()
            .map(|(code, title, n)| {
                vec![
                    Cell::from(code.as_str()),
                    Cell::from(title.as_str()),
                    Cell::Int(*n),
                ]
            })
            .collect(),
        total_row: Some(vec![
            Cell::Empty,
            Cell::from("Tổng cộng"),
            Cell::Int(c.by_activity.iter().map(|r| r.2).sum()),
        ]),
    }
}

fn kind_table(c: &Consolidation) -> Table {
    Table {
        caption: Some(
            "Sản phẩm truyền thông theo loại (sản phẩm đã ghi nhận của các đơn vị có báo cáo được tiếp nhận)"
                .into(),
        ),
        columns: vec![
            Column::text("Loại sản phẩm", 100),
            Column::number("Số lượng", 25),
        ],
        rows: c
            .by_kind
            .iter()
            .map(|(kind, n)| vec![Cell::from(*kind), Cell::Int(*n)])
            .collect(),
        total_row: Some(vec![
            Cell::from("Tổng cộng"),
            Cell::Int(c.by_kind.iter().map(|r| r.1).sum()),
        ]),
    }
}

fn org_table(c: &Consolidation) -> Table {
    Table {
        caption: Some("Tình hình báo cáo của các đơn vị".into()),
        columns: vec![
            Column::text("Đơn vị", 80),
            Column::text("Trạng thái", 30),
            Column::text("Thời hạn", 25),
            Column::number("Tổng số lượng", 25),
        ],
        rows: c
            .by_org
            .iter()
            .map(|(name, state, punctual, n)| {
                let t = match punctual {
                    Some(true) => "Đúng hạn",
                    Some(false) => "Muộn",
                    None => "",
                };
                vec![
                    Cell::from(name.as_str()),
                    Cell::from(*state),
                    Cell::from(t),
                    Cell::Int(*n),
                ]
            })
            .collect(),
        total_row: None,
    }
}

/// The consolidated report as an administrative document.
pub fn consolidated_document(
    conn: &mut Conn,
    c: &Consolidation,
    day: NaiveDate,
) -> Result<AdminDocument> {
    let lead = c.lead.clone().ok_or(Error::NotFound)?;
    let head = letterhead(conn, &c.plan, &lead, day)?;
    let mut body = vec![
        Block::Paragraph(format!(
            "Thực hiện {} {} của {}, {} tổng hợp kết quả thực hiện {} như sau:",
            c.plan.document_type,
            lower_first(&c.plan.title),
            c.plan.issuer_name,
            lead.name,
            period_words(&c.period)
        )),
        Block::Heading {
            level: 1,
            text: "I. TÌNH HÌNH BÁO CÁO CỦA CÁC ĐƠN VỊ".into(),
        },
        Block::Paragraph(format!(
            "Số đơn vị phải báo cáo: {}. Đã gửi báo cáo: {}. Gửi đúng hạn: {}.",
            c.expected,
            crate::format::ratio(c.submitted, c.expected),
            crate::format::ratio(c.on_time, c.expected)
        )),
        Block::Table(org_table(c)),
    ];
    if !c.missing.is_empty() {
        body.push(Block::Paragraph(format!(
            "Các đơn vị chưa gửi báo cáo: {}.",
            c.missing.join("; ")
        )));
    }
    let narrative = c.narrative();
    body.push(Block::Heading {
        level: 1,
        text: "II. KẾT QUẢ THỰC HIỆN".into(),
    });
    body.push(Block::Table(activity_table(c)));
    if !c.by_kind.is_empty() {
        body.push(Block::Table(kind_table(c)));
    }
    if !narrative.results.is_empty() {
        body.push(Block::Paragraph(narrative.results.clone()));
    }
    for (heading, text) in [
        (
            "III. TỒN TẠI, HẠN CHẾ VÀ NGUYÊN NHÂN",
            &narrative.shortcomings,
        ),
        ("IV. KHÓ KHĂN, VƯỚNG MẮC", &narrative.difficulties),
        ("V. ĐỀ XUẤT, KIẾN NGHỊ", &narrative.proposals),
        ("VI. PHƯƠNG HƯỚNG KỲ TỚI", &narrative.next_steps),
    ] {
        body.push(Block::Heading {
            level: 1,
            text: heading.into(),
        });
        body.push(Block::Paragraph(if text.is_empty() {
            "Không có.".into()
        } else {
            text.clone()
        }));
    }
    Ok(AdminDocument {
        issuer_parent: head.parent,
        issuer: upper(&lead.name),
        number: "Số:        /BC".into(),
        place_date: place_date(&head.place, day),
        doc_type: "BÁO CÁO".into(),
        summary: summary(&c.plan, &c.period, true),
        body,
        recipients: vec![
            format!("{} (để báo cáo)", c.plan.issuer_name),
            "Lưu: VT.".into(),
        ],
        signer_authority: String::new(),
        signer_title: "THỦ TRƯỞNG ĐƠN VỊ".into(),
        signer_name: String::new(),
    })
}

fn narrative_table(n: &Narrative) -> Table {
    Table {
        caption: None,
        columns: vec![Column::text("Phần", 32), Column::text("Nội dung", 120)],
        rows: SECTIONS
            .iter()
            .map(|(field, label)| vec![Cell::from(*label), Cell::from(section(n, field))])
            .collect(),
        total_row: None,
    }
}

/// The consolidated report as a workbook: by activity, by product kind, by organisation, the
/// narrative.
pub fn consolidated_workbook(c: &Consolidation) -> Workbook {
    Workbook {
        sheets: vec![
            Sheet {
                name: "Theo hoạt động".into(),
                title: Some(summary(&c.plan, &c.period, true)),
                table: activity_table(c),
            },
            Sheet {
                name: "Theo loại sản phẩm".into(),
                title: Some(format!(
                    "Sản phẩm truyền thông theo loại {}",
                    c.period.label()
                )),
                table: kind_table(c),
            },
            Sheet {
                name: "Theo đơn vị".into(),
                title: Some(format!("Tình hình báo cáo {}", c.period.label())),
                table: org_table(c),
            },
            Sheet {
                name: "Nội dung".into(),
                title: Some(format!("Nội dung báo cáo tổng hợp {}", c.period.label())),
                table: narrative_table(&c.narrative()),
            },
        ],
    }
}

/// What to export.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportTarget {
    Org(OrgId),
    Consolidated,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportFormat {
    Docx,
    Xlsx,
}

impl ExportFormat {
    pub fn parse(s: &str) -> Option<ExportFormat> {
        match s {
            "docx" => Some(ExportFormat::Docx),
            "xlsx" => Some(ExportFormat::Xlsx),
            _ => None,
        }
    }

    pub fn content_type(self) -> &'static str {
        match self {
            ExportFormat::Docx => {
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
            }
            ExportFormat::Xlsx => {
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            }
        }
    }

    pub fn extension(self) -> &'static str {
        match self {
            ExportFormat::Docx => "docx",
            ExportFormat::Xlsx => "xlsx",
        }
    }
}

fn bytes(r: std::result::Result<Vec<u8>, lantoa_export::ExportError>) -> Result<Vec<u8>> {
    r.map_err(|e| Error::Internal(format!("export: {e}")))
}

/// Exports a report or the consolidation, with no permission check (the command line).
pub fn export(
    conn: &mut Conn,
    plan_slug: &str,
    period_code: &str,
    target: ExportTarget,
    format: ExportFormat,
    day: NaiveDate,
) -> Result<Vec<u8>> {
    match target {
        ExportTarget::Org(org) => {
            let key = reports::key(conn, plan_slug, period_code, org)?;
            let view = reports::view_unchecked(conn, key)?;
            match format {
                ExportFormat::Docx => bytes(lantoa_export::docx(&unit_document(conn, &view, day)?)),
                ExportFormat::Xlsx => bytes(lantoa_export::xlsx(&unit_workbook(&view))),
            }
        }
        ExportTarget::Consolidated => {
            let plan = store_plans::by_slug(conn, plan_slug)?.ok_or(Error::NotFound)?;
            let period = periods::find(conn, &plan, period_code)?;
            let c = consolidate(conn, &plan, &period)?;
            match format {
                ExportFormat::Docx => {
                    bytes(lantoa_export::docx(&consolidated_document(conn, &c, day)?))
                }
                ExportFormat::Xlsx => bytes(lantoa_export::xlsx(&consolidated_workbook(&c))),
            }
        }
    }
}

/// Exports for a signed-in user: an organisation's report for those who may read it, the
/// consolidation for the lead department.
pub fn export_for(
    conn: &mut Conn,
    principal: &lantoa_domain::access::Principal,
    plan_slug: &str,
    period_code: &str,
    target: ExportTarget,
    format: ExportFormat,
    day: NaiveDate,
) -> Result<Vec<u8>> {
    let plan = store_plans::by_slug(conn, plan_slug)?.ok_or(Error::NotFound)?;
    let allowed = match target {
        ExportTarget::Org(org) => {
            principal.reader_of(org).is_ok() || reports::may_review(principal, &plan)
        }
        ExportTarget::Consolidated => {
            reports::may_review(principal, &plan) || principal.is_system_admin
        }
    };
    if !allowed {
        return Err(Error::Denied);
    }
    export(conn, plan_slug, period_code, target, format, day)
}
