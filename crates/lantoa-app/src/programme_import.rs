//! `lantoa import programmes FILE.csv`: programmes (institution × occupation × mode) from a
//! spreadsheet, modelled on `import occupations`. Good lines go in, each bad line is
//! reported with its line number, column and a Vietnamese reason. Every line goes through
//! the back office's own validation ([`crate::programmes::validate`]), so an imported
//! programme obeys the same rules (9+ only for trung cấp after THCS, policies only where
//! their conditions fit, …).
//!
//! Re-importing is safe (docs/adr/0012): a programme is recognised by its natural key —
//! the institution, the occupation (which fixes the level) and the mode — the key the demo
//! seeding and the back office already use, so a programme added by hand is found too. A
//! recognised programme is updated in place (an unchanged line writes nothing); columns
//! the file does not have, and empty cells, keep their stored values. An institution with two programmes of
//! the same occupation and mode (two campuses added by hand) cannot be addressed by the key:
//! such a line is refused with a message, never guessed.
//!
//! Columns (header row required, any order): `institution`, `occupation`, `level`, `mode`
//! (required columns), `duration_months`, `fee_per_year`, `fee_note`, `quota`,
//! `entry_education`, `entry_requirements`, `model_9plus`, `location`, `area`,
//! `description`, `policies`, `published`, `demo`. See README.md.

use std::collections::HashMap;

use chrono::NaiveDate;
use lantoa_domain::directory::{LEVEL_INVALID, Level};
use lantoa_domain::programme::{EntryEducation, StudyMode};
use lantoa_store::institutions::KIND as INSTITUTION;
use lantoa_store::occupations::{self as occ_store, OccupationRow};
use lantoa_store::orgs::{self, OrgRow};
use lantoa_store::programmes::{self as store, PolicyRow, ProgrammeFields, ProgrammeRow};
use lantoa_store::{Conn, write_tx};

use crate::audit::{self, Actor};
use crate::occupations::RejectedLine;
use crate::programmes::{ProgrammeForm, insert_checked, validate};
use crate::{App, Error, Result};

/// The columns this version reads; the first four must be present.
pub const COLUMNS: [&str; 17] = [
    "institution",
    "occupation",
    "level",
    "mode",
    "duration_months",
    "fee_per_year",
    "fee_note",
    "quota",
    "entry_education",
    "entry_requirements",
    "model_9plus",
    "location",
    "area",
    "description",
    "policies",
    "published",
    "demo",
];
const REQUIRED_COLUMNS: usize = 4;

/// Programmes written per transaction.
const BATCH: usize = 100;

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

impl ImportReport {
    /// How many distinct lines were rejected (a line may have several problems).
    pub fn rejected_lines(&self) -> usize {
        let mut lines: Vec<u64> = self.rejected.iter().map(|r| r.line).collect();
        lines.sort_unstable();
        lines.dedup();
        lines.len()
    }
}

/// Names compared as people type them: NFC, lower case, spaces collapsed (diacritics kept:
/// they change the meaning of Vietnamese words).
fn key(s: &str) -> String {
    lantoa_viet::normalize(s)
        .to_lowercase()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// Folded, without spaces, dashes or underscores: "Vừa làm vừa học" → "valamvuahoc".
fn compact(s: &str) -> String {
    lantoa_viet::fold(s.trim())
        .chars()
        .filter(|c| !matches!(c, ' ' | '_' | '-' | '.' | '+'))
        .collect()
}

fn parse_mode(s: &str) -> Option<StudyMode> {
    match compact(s).as_str() {
        "fulltime" | "chinhquy" => Some(StudyMode::FullTime),
        "workstudy" | "vualamvuahoc" => Some(StudyMode::WorkStudy),
        "online" | "tructuyen" => Some(StudyMode::Online),
        _ => None,
    }
}

fn parse_entry(s: &str) -> Option<EntryEducation> {
    match compact(s).as_str() {
        "none" | "khong" | "khongyeucau" | "khongyeucaubangtotnghiep" => Some(EntryEducation::None),
        "lowersecondary" | "thcs" | "lop9" | "totnghiepthcs" => {
            Some(EntryEducation::LowerSecondary)
        }
        "uppersecondary" | "thpt" | "lop12" | "totnghiepthpt" => {
            Some(EntryEducation::UpperSecondary)
        }
        _ => None,
    }
}

fn parse_flag(s: &str) -> Option<bool> {
    match lantoa_viet::fold(s.trim()).as_str() {
        "" | "0" | "khong" | "no" | "false" => Some(false),
        "1" | "x" | "co" | "yes" | "true" => Some(true),
        _ => None,
    }
}

/// The directory the lines refer to, loaded once.
struct Directory {
    /// Every organisation by slug, short name and name (keys), with its kind.
    orgs: Vec<OrgRow>,
    by_code: HashMap<String, OccupationRow>,
    /// (level code, name key) → occupations.
    by_name: HashMap<(String, String), Vec<OccupationRow>>,
    policies: Vec<PolicyRow>,
    today: NaiveDate,
}

impl Directory {
    fn load(conn: &mut Conn, today: NaiveDate) -> Result<Directory> {
        let mut by_code = HashMap::new();
        let mut by_name: HashMap<(String, String), Vec<OccupationRow>> = HashMap::new();
        for o in occ_store::all(conn)? {
            if let Some(code) = &o.code {
                by_code.insert(code.clone(), o.clone());
            }
            by_name
                .entry((o.level.clone(), key(&o.name)))
                .or_default()
                .push(o);
        }
        Ok(Directory {
            orgs: orgs::all(conn)?,
            by_code,
            by_name,
            policies: store::all_policies(conn)?,
            today,
        })
    }

    fn operating(&self, o: &OrgRow) -> bool {
        o.valid_from.is_none_or(|f| f <= self.today) && o.valid_to.is_none_or(|t| t >= self.today)
    }

    /// An institution by slug, short name or full name.
    fn institution(&self, input: &str) -> std::result::Result<&OrgRow, String> {
        let input = input.trim();
        if input.is_empty() {
            return Err(
                "Thiếu cơ sở đào tạo: ghi tên viết tắt, đường dẫn (slug) hoặc tên đầy đủ.".into(),
            );
        }
        let k = key(input);
        let mut found: Vec<&OrgRow> = self.orgs.iter().filter(|o| o.slug == input).collect();
        if found.is_empty() {
            found = self
                .orgs
                .iter()
                .filter(|o| key(&o.short_name) == k)
                .collect();
        }
        if found.is_empty() {
            found = self.orgs.iter().filter(|o| key(&o.name) == k).collect();
        }
        let institutions: Vec<&OrgRow> = found
            .iter()
            .copied()
            .filter(|o| o.kind == INSTITUTION)
            .collect();
        match institutions.as_slice() {
            [] if !found.is_empty() => Err(format!("“{input}” không phải là cơ sở đào tạo.")),
            [] => Err(format!(
                "Không có cơ sở đào tạo “{input}”; ghi tên viết tắt, đường dẫn (slug) hoặc đúng tên đầy đủ của cơ sở."
            )),
            [one] => Ok(*one),
            many => {
                // Names are reused across time (a school renamed, merged): the one operating.
                let now: Vec<&OrgRow> =
                    many.iter().copied().filter(|o| self.operating(o)).collect();
                match now.as_slice() {
                    [one] => Ok(*one),
                    _ => Err(format!(
                        "Có {} cơ sở đào tạo cùng tên “{input}”; hãy ghi đường dẫn (slug) của cơ sở.",
                        many.len()
                    )),
                }
            }
        }
    }

    /// An occupation by its code, or by its name at `level`. Errors are (column, reason).
    fn occupation(
        &self,
        input: &str,
        level: Level,
    ) -> std::result::Result<&OccupationRow, (&'static str, String)> {
        let input = input.trim();
        let digits: String = input.chars().filter(|c| !c.is_whitespace()).collect();
        if input.is_empty() {
            return Err((
                "occupation",
                "Thiếu ngành, nghề: ghi mã 7 chữ số, hoặc tên đối với khóa sơ cấp.".into(),
            ));
        }
        if !digits.is_empty() && digits.chars().all(|c| c.is_ascii_digit()) {
            let Some(o) = self.by_code.get(&digits) else {
                return Err((
                    "occupation",
                    format!(
                        "Không có ngành, nghề mã {digits} trong danh mục; hãy kiểm tra mã hoặc nhập danh mục trước (lantoa import occupations)."
                    ),
                ));
            };
            return match Level::from_code(&o.level) {
                Some(l) if l == level => Ok(o),
                Some(l) => Err((
                    "level",
                    format!(
                        "Mã {digits} ({}) là trình độ {}, không phải {}.",
                        o.name,
                        l.label().to_lowercase(),
                        level.label().to_lowercase()
                    ),
                )),
                None => Err((
                    "occupation",
                    format!("Ngành, nghề mã {digits} thiếu trình độ."),
                )),
            };
        }
        match self
            .by_name
            .get(&(level.code().to_owned(), key(input)))
            .map(Vec::as_slice)
        {
            Some([one]) => Ok(one),
            Some(many) if many.len() > 1 => Err((
                "occupation",
                format!(
                    "Có {} ngành, nghề tên “{input}” ở trình độ {}; hãy ghi mã.",
                    many.len(),
                    level.label().to_lowercase()
                ),
            )),
            _ => Err((
                "occupation",
                format!(
                    "Không có ngành, nghề “{input}” ở trình độ {} trong danh mục.",
                    level.label().to_lowercase()
                ),
            )),
        }
    }

    /// Policy ids from `a; b` (slugs or names).
    fn policies(&self, input: &str) -> std::result::Result<Vec<String>, String> {
        let mut out = Vec::new();
        for part in input.split(';').map(str::trim).filter(|p| !p.is_empty()) {
            let k = key(part);
            let Some(p) = self
                .policies
                .iter()
                .find(|p| p.slug == part || key(&p.name) == k)
            else {
                return Err(format!(
                    "Không có chính sách hỗ trợ “{part}”; ghi đường dẫn (slug) hoặc đúng tên chính sách, cách nhau bằng dấu chấm phẩy."
                ));
            };
            out.push(p.id.to_string());
        }
        Ok(out)
    }
}

/// The column of the file that a validation message of the programme form is about.
fn column(form_field: &str) -> &str {
    match form_field {
        "institution_id" => "institution",
        "occupation_id" => "occupation",
        "admin_unit_code" => "area",
        "is_published" => "published",
        other => other,
    }
}

/// The fields a stored programme has, as validation would produce them.
fn fields_of(p: &ProgrammeRow) -> ProgrammeFields {
    ProgrammeFields {
        occupation_id: p.occupation_id,
        level: p.level.clone(),
        mode: p.mode.clone(),
        duration_months: p.duration_months,
        fee_per_year: p.fee_per_year,
        fee_note: p.fee_note.clone(),
        quota: p.quota,
        entry_education: p.entry_education.clone(),
        entry_requirements: p.entry_requirements.clone(),
        model_9plus: p.model_9plus,
        location: p.location.clone(),
        admin_unit_code: p.admin_unit_code.clone(),
        description: p.description.clone(),
        is_published: p.is_published,
        is_demo: p.is_demo,
    }
}

/// One good line, ready to write.
struct Prepared {
    institution: OrgRow,
    /// The programme it updates, with the policies it offers now.
    existing: Option<(ProgrammeRow, Vec<i64>)>,
    fields: ProgrammeFields,
    policy_ids: Vec<i64>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Saved {
    Created,
    Updated,
    Unchanged,
}

fn save(c: &mut Conn, p: &Prepared, now: chrono::NaiveDateTime) -> Result<Saved> {
    match &p.existing {
        Some((row, old_policies)) => {
            let mut old = old_policies.clone();
            old.sort_unstable();
            let mut new = p.policy_ids.clone();
            new.sort_unstable();
            if fields_of(row) == p.fields && old == new {
                return Ok(Saved::Unchanged);
            }
            store::update(c, row.id, &p.fields, None, now)?;
            store::set_policies(c, row.id, &p.policy_ids)?;
            Ok(Saved::Updated)
        }
        None => {
            insert_checked(c, &p.institution, &p.fields, &p.policy_ids, None, now)?;
            Ok(Saved::Created)
        }
    }
}

/// Checks one line; `Err` holds (column, reason) pairs.
fn prepare(
    conn: &mut Conn,
    dir: &Directory,
    get: &dyn Fn(&str) -> Option<String>,
) -> Result<std::result::Result<Prepared, Vec<(String, String)>>> {
    let mut problems: Vec<(String, String)> = Vec::new();
    let mut fail = |col: &str, reason: String| problems.push((col.to_owned(), reason));
    let value = |c: &str| get(c).unwrap_or_default();
    // An empty cell, like a missing column, leaves the stored value (a new programme: none).
    let given = |c: &str| get(c).filter(|v| !v.trim().is_empty());

    let institution = dir
        .institution(&value("institution"))
        .map_err(|r| fail("institution", r))
        .ok();
    let level_raw = value("level");
    let level = Level::parse(&level_raw);
    if level.is_none() {
        fail(
            "level",
            if level_raw.trim().is_empty() {
                "Thiếu trình độ: sơ cấp, trung cấp hoặc cao đẳng.".into()
            } else {
                LEVEL_INVALID.into()
            },
        );
    }
    let occupation = level.and_then(|l| {
        dir.occupation(&value("occupation"), l)
            .map_err(|(col, r)| fail(col, r))
            .ok()
    });
    let mode_raw = value("mode");
    let mode = parse_mode(&mode_raw);
    if mode.is_none() {
        fail(
            "mode",
            format!(
                "Hình thức đào tạo “{}” không đúng; ghi chính quy, vừa làm vừa học hoặc trực tuyến.",
                mode_raw.trim()
            ),
        );
    }
    let (Some(institution), Some(occupation), Some(mode)) = (institution, occupation, mode) else {
        return Ok(Err(problems));
    };

    let found = store::find_all(conn, institution.id, occupation.id, mode.code())?;
    let existing = match found.as_slice() {
        [] => None,
        [one] => Some(one.clone()),
        many => {
            fail(
                "",
                format!(
                    "Cơ sở này có {} chương trình {} ({}) cùng hình thức {}; không biết dòng này sửa chương trình nào, hãy sửa trong trang quản trị.",
                    many.len(),
                    occupation.name,
                    level.map_or("", Level::label).to_lowercase(),
                    mode.label().to_lowercase()
                ),
            );
            return Ok(Err(problems));
        }
    };
    if existing.is_none() {
        if institution.valid_to.is_some_and(|t| t < dir.today) {
            fail(
                "institution",
                format!(
                    "Cơ sở “{}” đã ngừng hoạt động nên không thêm được chương trình mới.",
                    institution.short_name
                ),
            );
        } else if institution.valid_from.is_some_and(|f| f > dir.today) {
            fail(
                "institution",
                format!(
                    "Cơ sở “{}” chưa bắt đầu hoạt động nên chưa thêm được chương trình.",
                    institution.short_name
                ),
            );
        }
    }
    let old_policies: Vec<i64> = match &existing {
        Some(row) => store::policies_for(conn, &[row.id])?
            .into_iter()
            .map(|(_, p)| p.id)
            .collect(),
        None => Vec::new(),
    };

    // Start from what is stored (or a new programme), then take the file's columns.
    let mut form = match &existing {
        Some(row) => ProgrammeForm::from_row(row, &old_policies),
        None => ProgrammeForm {
            is_published: true,
            ..ProgrammeForm::default()
        },
    };
    form.institution_id = institution.id.to_string();
    form.occupation_id = occupation.id.to_string();
    form.mode = mode.code().to_owned();
    let text_columns: [(&str, &mut String); 8] = [
        ("duration_months", &mut form.duration_months),
        ("fee_per_year", &mut form.fee_per_year),
        ("fee_note", &mut form.fee_note),
        ("quota", &mut form.quota),
        ("entry_requirements", &mut form.entry_requirements),
        ("location", &mut form.location),
        ("area", &mut form.admin_unit_code),
        ("description", &mut form.description),
    ];
    for (col, slot) in text_columns {
        if let Some(v) = given(col) {
            *slot = v;
        }
    }
    if let Some(v) = given("entry_education") {
        match parse_entry(&v) {
            Some(e) => form.entry_education = e.code().to_owned(),
            None => fail(
                "entry_education",
                format!(
                    "Trình độ văn hóa “{}” không đúng; ghi THCS, THPT hoặc không (không yêu cầu bằng tốt nghiệp).",
                    v.trim()
                ),
            ),
        }
    }
    let mut flag = |col: &'static str, slot: &mut bool| {
        if let Some(v) = given(col) {
            match parse_flag(&v) {
                Some(b) => *slot = b,
                None => fail(
                    col,
                    format!(
                        "Giá trị “{}” không đúng; ghi 1 (có) hoặc 0 (không).",
                        v.trim()
                    ),
                ),
            }
        }
    };
    flag("model_9plus", &mut form.model_9plus);
    flag("published", &mut form.is_published);
    let mut is_demo = existing.as_ref().is_some_and(|r| r.is_demo);
    flag("demo", &mut is_demo);
    if let Some(v) = given("policies") {
        match dir.policies(&v) {
            Ok(ids) => form.policies = ids,
            Err(r) => fail("policies", r),
        }
    }
    let validated = validate(conn, &form, is_demo);
    let (fields, policy_ids) = match validated {
        Ok(v) => v,
        Err(Error::Invalid(f)) => {
            for (field, reason) in f.0 {
                // A bad value already reported by its own column is not repeated.
                let col = column(&field).to_owned();
                if !problems.iter().any(|(c, _)| *c == col) {
                    problems.push((col, reason));
                }
            }
            return Ok(Err(problems));
        }
        Err(e) => return Err(e),
    };
    if !problems.is_empty() {
        return Ok(Err(problems));
    }
    Ok(Ok(Prepared {
        institution: institution.clone(),
        existing: existing.map(|row| (row, old_policies)),
        fields,
        policy_ids,
    }))
}

/// Imports programmes from CSV bytes. A header that lacks a required column, names one
/// twice or names one this version does not know refuses the whole file
/// (`Error::InvalidFile`; nothing written). `progress` is called with (lines done, lines in
/// the file) after each batch.
pub fn import_csv(
    app: &App,
    conn: &mut Conn,
    actor: &Actor,
    input: &[u8],
    progress: &mut dyn FnMut(usize, usize),
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

    // Read every line first, so the progress bar knows the total.
    let mut report = ImportReport::default();
    let mut lines: Vec<(u64, csv::StringRecord)> = Vec::new();
    let mut record = csv::StringRecord::new();
    loop {
        let line_hint = reader.position().line();
        match reader.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {
                if record.iter().all(str::is_empty) {
                    continue;
                }
                let line = record.position().map_or(line_hint, csv::Position::line);
                lines.push((line, record.clone()));
            }
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
            }
        }
    }
    let total = lines.len() + report.rows;

    let now = app.now();
    let dir = Directory::load(conn, app.clock.today())?;
    let mut seen: HashMap<(i64, i64, String), u64> = HashMap::new();
    let mut batch: Vec<Prepared> = Vec::with_capacity(BATCH);
    let flush =
        |conn: &mut Conn, batch: &mut Vec<Prepared>, report: &mut ImportReport| -> Result<()> {
            if batch.is_empty() {
                return Ok(());
            }
            let outcomes = write_tx(conn, |c| {
                batch
                    .iter()
                    .map(|p| save(c, p, now))
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
    for (line, record) in &lines {
        report.rows += 1;
        if record.len() != headers.len() {
            report.rejected.push(RejectedLine {
                line: *line,
                field: String::new(),
                reason: format!(
                    "Dòng có {} cột, dòng tiêu đề có {} cột (kiểm tra dấu phẩy trong nội dung: nội dung có dấu phẩy cần đặt trong ngoặc kép).",
                    record.len(),
                    headers.len()
                ),
            });
        } else {
            let get = |c: &str| index.get(c).and_then(|i| record.get(*i)).map(str::to_owned);
            match prepare(conn, &dir, &get)? {
                Ok(p) => {
                    let k = (
                        p.institution.id,
                        p.fields.occupation_id,
                        p.fields.mode.clone(),
                    );
                    if let Some(first) = seen.get(&k) {
                        report.rejected.push(RejectedLine {
                            line: *line,
                            field: String::new(),
                            reason: format!(
                                "Trùng với dòng {first}: mỗi chương trình (cơ sở, ngành nghề, hình thức đào tạo) chỉ ghi một lần."
                            ),
                        });
                    } else {
                        seen.insert(k, *line);
                        batch.push(p);
                    }
                }
                Err(problems) => {
                    for (field, reason) in problems {
                        report.rejected.push(RejectedLine {
                            line: *line,
                            field,
                            reason,
                        });
                    }
                }
            }
        }
        if batch.len() >= BATCH {
            flush(conn, &mut batch, &mut report)?;
            progress(report.rows, total);
        }
    }
    flush(conn, &mut batch, &mut report)?;
    report.rejected.sort_by_key(|r| r.line);
    progress(report.rows, total);
    if report.created + report.updated > 0 {
        let detail = serde_json::json!({
            "created": report.created,
            "updated": report.updated,
            "unchanged": report.unchanged,
            "rejected_lines": report.rejected_lines(),
        });
        write_tx(conn, |c| {
            audit::record(
                c,
                now,
                actor,
                "programme.import",
                ("programmes", String::new()),
                None,
                detail,
            )
        })?;
    }
    Ok(report)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn modes_schooling_and_flags_are_read_as_people_write_them() {
        assert_eq!(parse_mode("Chính quy"), Some(StudyMode::FullTime));
        assert_eq!(parse_mode("vừa làm vừa học"), Some(StudyMode::WorkStudy));
        assert_eq!(parse_mode("work_study"), Some(StudyMode::WorkStudy));
        assert_eq!(parse_mode("Trực tuyến"), Some(StudyMode::Online));
        assert_eq!(parse_mode("hàm thụ"), None);
        assert_eq!(parse_entry("THCS"), Some(EntryEducation::LowerSecondary));
        assert_eq!(parse_entry("Lớp 12"), Some(EntryEducation::UpperSecondary));
        assert_eq!(parse_entry("không"), Some(EntryEducation::None));
        assert_eq!(parse_entry("đại học"), None);
        assert_eq!(parse_flag("Có"), Some(true));
        assert_eq!(parse_flag(""), Some(false));
        assert_eq!(parse_flag("maybe"), None);
        assert_eq!(column("admin_unit_code"), "area");
        assert_eq!(column("quota"), "quota");
    }
}
