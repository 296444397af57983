//! Occupations (ngành, nghề): validation, `lantoa import occupations FILE.csv` (idempotent,
//! with a report of rejected lines) and the public directory's reads.
//!
//! CSV columns (header row required, any order): `code`, `level`, `name_vi` (required
//! columns) and optional `group`, `description`, `skills`, `conditions`, `pay`, `demand`,
//! `demand_source`, `demand_date`, `riasec`, `demo`. See README.md.

use std::collections::HashMap;
use std::io::Read;

use lantoa_domain::directory::{Demand, LEVEL_INVALID, Level, OccupationCode, Riasec};
use lantoa_domain::validate;
use lantoa_store::occupations::{self as store, OccupationFields, OccupationFilter, OccupationRow};
use lantoa_store::{Conn, Page, PageRequest, write_tx};

use crate::audit::{self, Actor};
use crate::orgs::parse_date;
use crate::{App, Error, FieldErrors, Result};

/// One occupation as typed (a CSV row or a form), every field a string.
#[derive(Debug, Clone, Default, serde::Deserialize, serde::Serialize)]
#[serde(default)]
pub struct OccupationInput {
    pub code: String,
    pub level: String,
    pub name_vi: String,
    pub group: String,
    pub description: String,
    pub skills: String,
    pub conditions: String,
    pub pay: String,
    pub demand: String,
    pub demand_source: String,
    pub demand_date: String,
    pub riasec: String,
    /// `1`, `x`, `có`, `yes`: content written for the demo, not from an official source.
    pub demo: String,
}

/// The CSV columns this version reads; the first three must be present.
pub const COLUMNS: [&str; 13] = [
    "code",
    "level",
    "name_vi",
    "group",
    "description",
    "skills",
    "conditions",
    "pay",
    "demand",
    "demand_source",
    "demand_date",
    "riasec",
    "demo",
];
const REQUIRED_COLUMNS: usize = 3;

/// A longer text (description, skills, …): normalised, trimmed, line breaks kept.
fn text_block(
    input: &str,
    max: usize,
    field: &'static str,
    message: &'static str,
    errors: &mut FieldErrors,
) -> String {
    let s = lantoa_viet::normalize(input.trim()).replace("\r\n", "\n");
    if s.chars().count() > max {
        errors.add(field, message);
    }
    s
}

fn parse_flag(input: &str) -> Option<bool> {
    match lantoa_viet::fold(input.trim()).as_str() {
        "" | "0" | "khong" | "no" | "false" => Some(false),
        "1" | "x" | "co" | "yes" | "true" => Some(true),
        _ => None,
    }
}

/// Checks an occupation; messages are keyed by the CSV column names.
pub fn validate(input: &OccupationInput) -> Result<OccupationFields> {
    let mut errors = FieldErrors::default();
    let level = Level::parse(&input.level);
    if level.is_none() {
        errors.add("level", LEVEL_INVALID);
    }
    let code = match level {
        Some(level) => OccupationCode::parse(&input.code, level)
            .map_err(|e| errors.add("code", e.message))
            .ok()
            .flatten()
            .map(|c| c.as_str().to_owned()),
        None => None,
    };
    let name = validate::required_line(
        &input.name_vi,
        200,
        "Vui lòng nhập tên ngành, nghề.",
        "Tên ngành, nghề không quá 200 ký tự.",
    )
    .map_err(|e| errors.add("name_vi", e.message))
    .unwrap_or_default();
    let group_name =
        validate::optional_line(&input.group, 120, "Tên nhóm ngành không quá 120 ký tự.")
            .map_err(|e| errors.add("group", e.message))
            .unwrap_or_default();
    let description = text_block(
        &input.description,
        5000,
        "description",
        "Mô tả công việc không quá 5.000 ký tự.",
        &mut errors,
    );
    let skills = text_block(
        &input.skills,
        3000,
        "skills",
        "Kỹ năng cần có không quá 3.000 ký tự.",
        &mut errors,
    );
    let conditions = text_block(
        &input.conditions,
        3000,
        "conditions",
        "Điều kiện làm việc không quá 3.000 ký tự.",
        &mut errors,
    );
    let pay = validate::optional_line(&input.pay, 200, "Mức thu nhập không quá 200 ký tự.")
        .map_err(|e| errors.add("pay", e.message))
        .unwrap_or_default();
    let demand = match input.demand.trim() {
        "" => None,
        d => match Demand::parse(d) {
            Some(d) => Some(d.code().to_owned()),
            None => {
                errors.add(
                    "demand",
                    "Nhu cầu nhân lực phải là cao, trung bình hoặc thấp.",
                );
                None
            }
        },
    };
    let demand_source = validate::optional_line(
        &input.demand_source,
        300,
        "Nguồn số liệu nhu cầu không quá 300 ký tự.",
    )
    .map_err(|e| errors.add("demand_source", e.message))
    .unwrap_or_default();
    let demand_date = parse_date(&input.demand_date)
        .map_err(|m| errors.add("demand_date", m))
        .ok()
        .flatten();
    if demand.is_some() && demand_source.is_empty() && errors.get("demand_source").is_none() {
        errors.add(
            "demand_source",
            "Vui lòng ghi nguồn của mức nhu cầu nhân lực (ví dụ: khảo sát của Sở, năm 2024).",
        );
    }
    if demand.is_some() && demand_date.is_none() && errors.get("demand_date").is_none() {
        errors.add(
            "demand_date",
            "Vui lòng ghi ngày công bố mức nhu cầu nhân lực (ngày/tháng/năm).",
        );
    }
    let riasec = Riasec::parse(&input.riasec)
        .map_err(|e| errors.add("riasec", e.message))
        .unwrap_or_default();
    let is_demo = parse_flag(&input.demo).unwrap_or_else(|| {
        errors.add("demo", "Cột demo chỉ nhận 1 (dữ liệu mẫu) hoặc để trống.");
        false
    });
    errors.into_result()?;
    let Some(level) = level else {
        return Err(Error::Internal("validated occupation without level".into()));
    };
    Ok(OccupationFields {
        level: level.code().to_owned(),
        code,
        name,
        group_name,
        description,
        skills,
        conditions,
        pay,
        demand,
        demand_source,
        demand_date,
        riasec: riasec.as_str().to_owned(),
        is_demo,
    })
}

/// The key an occupation is recognised by on re-import: its code, or for an uncoded sơ cấp
/// course its level and name (compared without case or diacritics).
fn identity(f: &OccupationFields) -> String {
    match &f.code {
        Some(code) => code.clone(),
        None => format!("{}:{}", f.level, lantoa_viet::search_fold(&f.name)),
    }
}

/// A new, unused slug for an occupation: name and level (`han-cao-dang`), then the code or
/// a number when taken.
fn new_slug(conn: &mut Conn, f: &OccupationFields) -> Result<String> {
    let level = Level::from_code(&f.level).unwrap_or(Level::Elementary);
    let mut base = lantoa_viet::slugify(&f.name);
    if base.len() > 90 {
        base.truncate(90);
        base = base.trim_end_matches('-').to_owned();
    }
    if base.is_empty() {
        base = "nghe".into();
    }
    let first = format!("{base}-{}", level.slug());
    if !store::slug_taken(conn, &first)? {
        return Ok(first);
    }
    if let Some(code) = &f.code {
        let with_code = format!("{first}-{code}");
        if !store::slug_taken(conn, &with_code)? {
            return Ok(with_code);
        }
    }
    for n in 2..10_000 {
        let s = format!("{first}-{n}");
        if !store::slug_taken(conn, &s)? {
            return Ok(s);
        }
    }
    Err(Error::Internal(format!("no free slug for {first}")))
}

/// What happened to one valid row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Saved {
    Created,
    Updated,
    Unchanged,
}

/// Which optional columns a file has: an update leaves the others as stored, so a file of
/// codes and names never erases descriptions written earlier.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Present {
    pub group: bool,
    pub description: bool,
    pub skills: bool,
    pub conditions: bool,
    pub pay: bool,
    pub demand: bool,
    pub riasec: bool,
    pub demo: bool,
}

impl Present {
    fn from_columns(has: impl Fn(&str) -> bool) -> Present {
        Present {
            group: has("group"),
            description: has("description"),
            skills: has("skills"),
            conditions: has("conditions"),
            pay: has("pay"),
            demand: has("demand") || has("demand_source") || has("demand_date"),
            riasec: has("riasec"),
            demo: has("demo"),
        }
    }

    /// `f` with the stored values of the columns the file does not have.
    fn merge(self, f: &OccupationFields, row: &OccupationRow) -> OccupationFields {
        let mut m = f.clone();
        if !self.group {
            m.group_name.clone_from(&row.group_name);
        }
        if !self.description {
            m.description.clone_from(&row.description);
        }
        if !self.skills {
            m.skills.clone_from(&row.skills);
        }
        if !self.conditions {
            m.conditions.clone_from(&row.conditions);
        }
        if !self.pay {
            m.pay.clone_from(&row.pay);
        }
        if !self.demand {
            m.demand.clone_from(&row.demand);
            m.demand_source.clone_from(&row.demand_source);
            m.demand_date = row.demand_date;
        }
        if !self.riasec {
            m.riasec.clone_from(&row.riasec);
        }
        if !self.demo {
            m.is_demo = row.is_demo;
        }
        m
    }
}

/// Writes one validated occupation: updates the one with the same code (or, uncoded, the
/// same level and name), or inserts it. Call inside `write_tx`.
pub fn save(
    conn: &mut Conn,
    f: &OccupationFields,
    present: Present,
    now: chrono::NaiveDateTime,
) -> Result<Saved> {
    let existing = match &f.code {
        Some(code) => store::by_code(conn, code)?,
        None => store::uncoded_by_name(conn, &f.level, &f.name)?,
    };
    match existing {
        Some(row) => {
            let f = present.merge(f, &row);
            if f.same_as(&row) {
                return Ok(Saved::Unchanged);
            }
            store::update(conn, row.id, &f, now)?;
            Ok(Saved::Updated)
        }
        None => {
            let slug = new_slug(conn, f)?;
            store::insert(conn, &slug, f, now)?;
            Ok(Saved::Created)
        }
    }
}

/// One line the import refused, with why (Vietnamese).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RejectedLine {
    /// 1-based line number in the file (the header is line 1).
    pub line: u64,
    /// The CSV column at fault, or empty for the whole line.
    pub field: String,
    pub reason: String,
}

/// What an import did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ImportReport {
    /// Data rows read (not counting the header or blank lines).
    pub rows: usize,
    pub created: usize,
    pub updated: usize,
    pub unchanged: usize,
    pub rejected: Vec<RejectedLine>,
}

/// Rows written per transaction.
const BATCH: usize = 250;

/// Imports occupations from CSV. Good lines go in; each bad line is reported with its line
/// number, column and reason. A file whose header lacks a required column, or names a
/// column this version does not know, is refused whole (`Error::InvalidFile`) and nothing
/// is written. `progress` is called with the number of rows read so far after each batch.
pub fn import_csv(
    app: &App,
    conn: &mut Conn,
    actor: &Actor,
    input: impl Read,
    progress: &mut dyn FnMut(usize),
) -> Result<ImportReport> {
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .trim(csv::Trim::All)
        .from_reader(input);
    let headers = match reader.headers() {
        Ok(h) => h.clone(),
        Err(e) => {
            return Err(Error::InvalidFile(vec![format!(
                "Không đọc được dòng tiêu đề của tệp CSV ({e}). Tệp cần lưu ở bảng mã UTF-8."
            )]));
        }
    };
    let mut problems = Vec::new();
    let mut index: HashMap<&str, usize> = HashMap::new();
    for (i, h) in headers.iter().enumerate() {
        let h = h.trim_start_matches('\u{feff}');
        match COLUMNS.iter().find(|c| c.eq_ignore_ascii_case(h)) {
            Some(c) => {
                if index.insert(c, i).is_some() {
                    problems.push(format!("Cột “{h}” xuất hiện hai lần trong dòng tiêu đề."));
                }
            }
            None => problems.push(format!(
                "Cột “{h}” không được hỗ trợ; các cột được đọc: {}.",
                COLUMNS.join(", ")
            )),
        }
    }
    for c in &COLUMNS[..REQUIRED_COLUMNS] {
        if !index.contains_key(c) {
            problems.push(format!("Thiếu cột bắt buộc “{c}” trong dòng tiêu đề."));
        }
    }
    if !problems.is_empty() {
        return Err(Error::InvalidFile(problems));
    }

    let present = Present::from_columns(|c| index.contains_key(c));
    let now = app.now();
    let mut report = ImportReport::default();
    let mut seen: HashMap<String, u64> = HashMap::new();
    let mut batch: Vec<OccupationFields> = Vec::with_capacity(BATCH);
    let mut record = csv::StringRecord::new();
    let flush = |conn: &mut Conn,
                 batch: &mut Vec<OccupationFields>,
                 report: &mut ImportReport|
     -> Result<()> {
        if batch.is_empty() {
            return Ok(());
        }
        let outcomes = write_tx(conn, |c| {
            batch
                .iter()
                .map(|f| save(c, f, present, now))
                .collect::<Result<Vec<Saved>>>()
        })?;
        for o in outcomes {
            match o {
                Saved::Created => report.created += 1,
                Saved::Updated => report.updated += 1,
                Saved::Unchanged => report.unchanged += 1,
            }
        }
        batch.clear();
        Ok(())
    };
    loop {
        let line_hint = reader.position().line();
        match reader.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) => {
                let line = e.position().map_or(line_hint, csv::Position::line);
                report.rows += 1;
                report.rejected.push(RejectedLine {
                    line,
                    field: String::new(),
                    reason: match e.kind() {
                        csv::ErrorKind::Utf8 { .. } => {
                            "Dòng có ký tự không đọc được; hãy lưu tệp ở bảng mã UTF-8.".into()
                        }
                        _ => format!("Dòng không đọc được ({e})."),
                    },
                });
                if matches!(e.kind(), csv::ErrorKind::Io(_)) {
                    break;
                }
                continue;
            }
        }
        let line = record.position().map_or(line_hint, csv::Position::line);
        if record.iter().all(str::is_empty) {
            continue;
        }
        report.rows += 1;
        if record.len() != headers.len() {
            report.rejected.push(RejectedLine {
                line,
                field: String::new(),
                reason: format!(
                    "Dòng có {} cột, dòng tiêu đề có {} cột (kiểm tra dấu phẩy trong nội dung: nội dung có dấu phẩy cần đặt trong ngoặc kép).",
                    record.len(),
                    headers.len()
                ),
            });
        } else {
            let get = |c: &str| {
                index
                    .get(c)
                    .and_then(|i| record.get(*i))
                    .unwrap_or_default()
                    .to_owned()
            };
            let input = OccupationInput {
                code: get("code"),
                level: get("level"),
                name_vi: get("name_vi"),
                group: get("group"),
                description: get("description"),
                skills: get("skills"),
                conditions: get("conditions"),
                pay: get("pay"),
                demand: get("demand"),
                demand_source: get("demand_source"),
                demand_date: get("demand_date"),
                riasec: get("riasec"),
                demo: get("demo"),
            };
            match validate(&input) {
                Ok(fields) => {
                    let key = identity(&fields);
                    if let Some(first) = seen.get(&key) {
                        report.rejected.push(RejectedLine {
                            line,
                            field: if fields.code.is_some() {
                                "code".into()
                            } else {
                                "name_vi".into()
                            },
                            reason: format!(
                                "Trùng với dòng {first}: mỗi ngành, nghề chỉ ghi một lần."
                            ),
                        });
                    } else {
                        seen.insert(key, line);
                        batch.push(fields);
                    }
                }
                Err(Error::Invalid(f)) => {
                    for (field, reason) in f.0 {
                        report.rejected.push(RejectedLine {
                            line,
                            field: field.to_owned(),
                            reason,
                        });
                    }
                }
                Err(e) => return Err(e),
            }
        }
        if batch.len() >= BATCH {
            flush(conn, &mut batch, &mut report)?;
            progress(report.rows);
        }
    }
    flush(conn, &mut batch, &mut report)?;
    progress(report.rows);
    if report.created + report.updated > 0 {
        let detail = serde_json::json!({
            "created": report.created,
            "updated": report.updated,
            "unchanged": report.unchanged,
            "rejected_lines": rejected_line_count(&report),
        });
        write_tx(conn, |c| {
            audit::record(
                c,
                now,
                actor,
                "occupation.import",
                ("occupations", String::new()),
                None,
                detail,
            )
        })?;
    }
    Ok(report)
}

/// How many distinct lines were rejected (a line may have several problems).
pub fn rejected_line_count(report: &ImportReport) -> usize {
    let mut lines: Vec<u64> = report.rejected.iter().map(|r| r.line).collect();
    lines.dedup();
    lines.len()
}

/// The public list's filters as typed in the address bar, cleaned: unknown levels dropped,
/// the search cut to a sensible length.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OccupationQuery {
    pub q: String,
    pub level: Option<Level>,
    pub group: String,
}

/// Longest search kept (characters).
pub const MAX_QUERY_CHARS: usize = 100;

impl OccupationQuery {
    pub fn new(q: &str, level: &str, group: &str) -> OccupationQuery {
        OccupationQuery {
            q: clip(q, MAX_QUERY_CHARS),
            level: Level::parse(level),
            group: clip(group, 120),
        }
    }

    fn filter(&self) -> OccupationFilter {
        OccupationFilter {
            level: self.level.map(|l| l.code().to_owned()),
            group: Some(lantoa_viet::normalize(&self.group)).filter(|g| !g.is_empty()),
            query: Some(self.q.clone()).filter(|q| !q.is_empty()),
        }
    }
}

/// Trims and cuts a typed value to `max` characters.
pub fn clip(s: &str, max: usize) -> String {
    s.trim()
        .chars()
        .take(max)
        .collect::<String>()
        .trim()
        .to_owned()
}

/// Occupations for the public directory and the API.
pub fn list(
    conn: &mut Conn,
    query: &OccupationQuery,
    page: PageRequest,
) -> Result<Page<OccupationRow>> {
    Ok(store::list(conn, &query.filter(), page)?)
}

/// The groups in use, with their counts, alphabetically.
pub fn groups(conn: &mut Conn) -> Result<Vec<(String, i64)>> {
    Ok(store::groups(conn)?)
}

/// One occupation with related ones (the same occupation at other levels, then its group).
#[derive(Debug, Clone)]
pub struct OccupationView {
    pub occupation: OccupationRow,
    pub related: Vec<OccupationRow>,
}

pub fn view(conn: &mut Conn, slug: &str) -> Result<OccupationView> {
    let occupation = store::by_slug(conn, slug)?.ok_or(Error::NotFound)?;
    let related = store::related(conn, &occupation, 8)?;
    Ok(OccupationView {
        occupation,
        related,
    })
}
