//! Programmes (chương trình đào tạo: institution × occupation × level), their intakes (đợt
//! tuyển sinh) and the support policies they offer (issue 4).
//!
//! Editors of an institution (or its approvers and administrators) write its programmes and
//! intakes; everyone who may read an institution's back-office data (the plan owner reads
//! all) sees them. Every write goes to the audit log. Fees and support policies are data:
//! a policy's conditions (level, the learner's schooling, target group) are stored with it,
//! and a programme may only offer the policies whose conditions fit it (docs/adr/0009).
//! "Đang tuyển sinh" means an intake with `opens_on ≤ today ≤ closes_on`, today from the
//! App clock.

use std::collections::HashMap;

use chrono::NaiveDate;
use lantoa_domain::OrgId;
use lantoa_domain::access::Principal;
use lantoa_domain::directory::{InstitutionType, Level};
use lantoa_domain::programme::{
    EntryEducation, IntakeState, PolicyConditions, StudyMode, TargetGroup, check_intake_dates,
    parse_duration_months, parse_fee, parse_quota,
};
use lantoa_domain::validate;
use lantoa_store::institutions::{self as inst_store, ProfileRow};
use lantoa_store::occupations::{self as occ_store, OccupationRow};
use lantoa_store::orgs::{self, OrgRow};
use lantoa_store::programmes::{
    self as store, IntakeFields, IntakeRow, PolicyRow, ProgrammeFields, ProgrammeFilter,
    ProgrammeItem, ProgrammeRow,
};
use lantoa_store::{Conn, Page, PageRequest, admin_units, write_tx};

use crate::audit::{self, Actor};
use crate::occupations::{MAX_QUERY_CHARS, clip};
use crate::orgs::parse_date;
use crate::{App, Error, FieldErrors, RequestMeta, Result};

/// The kinds of administrative unit a programme's place can be given as (the district level
/// of the units file).
pub const AREA_KINDS: [&str; 3] = ["huyen", "thanh-pho", "thi-xa"];

/// At most this many programmes side by side.
pub const MAX_COMPARE: usize = 3;

// --- Policies --------------------------------------------------------------------------------

/// A policy's conditions as domain values.
pub fn conditions(p: &PolicyRow) -> PolicyConditions {
    PolicyConditions {
        level: p.level.as_deref().and_then(Level::from_code),
        entry_education: p
            .entry_education
            .as_deref()
            .and_then(EntryEducation::from_code),
        target_group: p.target_group.as_deref().and_then(TargetGroup::from_code),
    }
}

/// Every support policy, for the programme form.
pub fn policies(conn: &mut Conn) -> Result<Vec<PolicyRow>> {
    Ok(store::all_policies(conn)?)
}

// --- The programme form ----------------------------------------------------------------------

/// The programme form as typed.
#[derive(Debug, Clone, Default, serde::Deserialize, serde::Serialize)]
#[serde(default)]
pub struct ProgrammeForm {
    pub institution_id: String,
    pub occupation_id: String,
    pub mode: String,
    pub duration_months: String,
    pub fee_per_year: String,
    pub fee_note: String,
    pub quota: String,
    pub entry_education: String,
    pub entry_requirements: String,
    pub model_9plus: bool,
    pub location: String,
    pub admin_unit_code: String,
    pub description: String,
    pub is_published: bool,
    /// Ids of the support policies offered.
    pub policies: Vec<String>,
}

fn checked(v: &str) -> bool {
    matches!(v, "on" | "1" | "true" | "yes")
}

impl ProgrammeForm {
    /// Reads the form from its name/value pairs (checkboxes repeat their name or are absent).
    pub fn from_pairs(pairs: &[(String, String)]) -> ProgrammeForm {
        let mut f = ProgrammeForm::default();
        for (k, v) in pairs {
            match k.as_str() {
                "institution_id" => f.institution_id = v.clone(),
                "occupation_id" => f.occupation_id = v.clone(),
                "mode" => f.mode = v.clone(),
                "duration_months" => f.duration_months = v.clone(),
                "fee_per_year" => f.fee_per_year = v.clone(),
                "fee_note" => f.fee_note = v.clone(),
                "quota" => f.quota = v.clone(),
                "entry_education" => f.entry_education = v.clone(),
                "entry_requirements" => f.entry_requirements = v.clone(),
                "model_9plus" => f.model_9plus = checked(v),
                "location" => f.location = v.clone(),
                "admin_unit_code" => f.admin_unit_code = v.clone(),
                "description" => f.description = v.clone(),
                "is_published" => f.is_published = checked(v),
                "policies" => f.policies.push(v.clone()),
                _ => {}
            }
        }
        f
    }

    pub fn from_row(row: &ProgrammeRow, policy_ids: &[i64]) -> ProgrammeForm {
        ProgrammeForm {
            institution_id: row.institution_id.to_string(),
            occupation_id: row.occupation_id.to_string(),
            mode: row.mode.clone(),
            duration_months: row.duration_months.to_string(),
            fee_per_year: row.fee_per_year.map(crate::format::int).unwrap_or_default(),
            fee_note: row.fee_note.clone(),
            quota: row.quota.to_string(),
            entry_education: row.entry_education.clone(),
            entry_requirements: row.entry_requirements.clone(),
            model_9plus: row.model_9plus,
            location: row.location.clone(),
            admin_unit_code: row.admin_unit_code.clone().unwrap_or_default(),
            description: row.description.clone(),
            is_published: row.is_published,
            policies: policy_ids.iter().map(i64::to_string).collect(),
        }
    }
}

/// A longer text: normalised, trimmed, line breaks kept, at most `max` characters.
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

/// Checks a programme; `is_demo` marks seeded demo data. Returns the fields and the ids of
/// the policies offered.
pub fn validate(
    conn: &mut Conn,
    form: &ProgrammeForm,
    is_demo: bool,
) -> Result<(ProgrammeFields, Vec<i64>)> {
    let mut errors = FieldErrors::default();
    let occupation = match form.occupation_id.trim().parse::<i64>() {
        Ok(id) => occ_store::get(conn, id)?,
        Err(_) => None,
    };
    if occupation.is_none() {
        errors.add("occupation_id", "Vui lòng chọn ngành, nghề đào tạo.");
    }
    let level = occupation.as_ref().and_then(|o| Level::from_code(&o.level));
    let mode = StudyMode::from_code(form.mode.trim());
    if mode.is_none() {
        errors.add(
            "mode",
            "Vui lòng chọn hình thức đào tạo: chính quy, vừa làm vừa học hoặc trực tuyến.",
        );
    }
    let duration_months = parse_duration_months(&form.duration_months)
        .map_err(|e| errors.add("duration_months", e.message))
        .unwrap_or_default();
    let fee_per_year = parse_fee(&form.fee_per_year)
        .map_err(|e| errors.add("fee_per_year", e.message))
        .ok()
        .flatten();
    let fee_note = validate::optional_line(
        &form.fee_note,
        300,
        "Ghi chú về học phí không quá 300 ký tự.",
    )
    .map_err(|e| errors.add("fee_note", e.message))
    .unwrap_or_default();
    let quota = match parse_quota(&form.quota) {
        Ok(Some(q)) => q,
        Ok(None) => {
            errors.add(
                "quota",
                "Vui lòng nhập chỉ tiêu tuyển sinh (số người, có thể là 0).",
            );
            0
        }
        Err(e) => {
            errors.add("quota", e.message);
            0
        }
    };
    let entry = EntryEducation::from_code(form.entry_education.trim());
    if entry.is_none() {
        errors.add(
            "entry_education",
            "Vui lòng chọn trình độ văn hóa tối thiểu của người học.",
        );
    }
    let entry_requirements = text_block(
        &form.entry_requirements,
        2000,
        "entry_requirements",
        "Điều kiện dự tuyển không quá 2.000 ký tự.",
        &mut errors,
    );
    if form.model_9plus
        && (level.is_some_and(|l| l != Level::Intermediate)
            || entry.is_some_and(|e| e != EntryEducation::LowerSecondary))
    {
        errors.add(
            "model_9plus",
            "Mô hình 9+ dành cho chương trình trung cấp tuyển học sinh tốt nghiệp THCS (lớp 9).",
        );
    }
    let location =
        validate::optional_line(&form.location, 300, "Địa điểm học không quá 300 ký tự.")
            .map_err(|e| errors.add("location", e.message))
            .unwrap_or_default();
    let admin_unit_code = match form.admin_unit_code.trim() {
        "" => None,
        code if code.len() <= 10 && admin_units::get(conn, code)?.is_some() => {
            Some(code.to_owned())
        }
        _ => {
            errors.add("admin_unit_code", "Khu vực không có trong danh sách.");
            None
        }
    };
    let description = text_block(
        &form.description,
        5000,
        "description",
        "Giới thiệu chương trình không quá 5.000 ký tự.",
        &mut errors,
    );
    let all = store::all_policies(conn)?;
    let mut policy_ids = Vec::new();
    for p in &form.policies {
        let Some(policy) = p
            .trim()
            .parse::<i64>()
            .ok()
            .and_then(|id| all.iter().find(|x| x.id == id))
        else {
            errors.add("policies", "Chính sách hỗ trợ không có trong danh sách.");
            break;
        };
        if policy_ids.contains(&policy.id) {
            continue;
        }
        if let (Some(level), Some(entry)) = (level, entry)
            && !conditions(policy).fits(level, entry)
        {
            errors.add(
                "policies",
                format!(
                    "Chính sách “{}” chỉ áp dụng cho {}; chương trình này không thuộc diện đó.",
                    policy.name,
                    conditions(policy).describe()
                ),
            );
        }
        policy_ids.push(policy.id);
    }
    errors.into_result()?;
    let (Some(level), Some(mode), Some(entry), Some(occupation)) = (level, mode, entry, occupation)
    else {
        return Err(Error::Internal("validated programme incomplete".into()));
    };
    Ok((
        ProgrammeFields {
            occupation_id: occupation.id,
            level: level.code().to_owned(),
            mode: mode.code().to_owned(),
            duration_months,
            fee_per_year,
            fee_note,
            quota,
            entry_education: entry.code().to_owned(),
            entry_requirements,
            model_9plus: form.model_9plus,
            location,
            admin_unit_code,
            description,
            is_published: form.is_published,
            is_demo,
        },
        policy_ids,
    ))
}

/// An organisation that is an institution, or not found.
fn institution(conn: &mut Conn, org: OrgId) -> Result<OrgRow> {
    let row = orgs::get(conn, org)?.ok_or(Error::NotFound)?;
    if row.kind != inst_store::KIND {
        return Err(Error::NotFound);
    }
    Ok(row)
}

/// A new, unused slug: occupation and institution (`dien-cong-nghiep-cao-dang-cd-kien-giang`),
/// the mode when not chính quy, then a number when taken.
fn new_slug(
    conn: &mut Conn,
    occupation: &OccupationRow,
    institution: &OrgRow,
    mode: StudyMode,
) -> Result<String> {
    let mut short = lantoa_viet::slugify(&institution.short_name);
    if short.is_empty() {
        short = institution.slug.clone();
    }
    let mut base = format!("{}-{short}", occupation.slug);
    if !mode.slug_suffix().is_empty() {
        base = format!("{base}-{}", mode.slug_suffix());
    }
    if base.len() > 110 {
        base.truncate(110);
        base = base.trim_end_matches('-').to_owned();
    }
    if !store::slug_taken(conn, &base)? {
        return Ok(base);
    }
    for n in 2..10_000 {
        let s = format!("{base}-{n}");
        if !store::slug_taken(conn, &s)? {
            return Ok(s);
        }
    }
    Err(Error::Internal(format!("no free slug for {base}")))
}

/// Inserts a validated programme with its policies. Call inside `write_tx`.
pub(crate) fn insert_checked(
    conn: &mut Conn,
    institution: &OrgRow,
    fields: &ProgrammeFields,
    policy_ids: &[i64],
    by: Option<i64>,
    now: chrono::NaiveDateTime,
) -> Result<(i64, String)> {
    let occupation = occ_store::get(conn, fields.occupation_id)?.ok_or(Error::NotFound)?;
    let mode = StudyMode::from_code(&fields.mode).unwrap_or(StudyMode::FullTime);
    let slug = new_slug(conn, &occupation, institution, mode)?;
    let id = store::insert(conn, &slug, institution.id, fields, by, now)?;
    store::set_policies(conn, id, policy_ids)?;
    Ok((id, slug))
}

/// The institutions this principal may add programmes to (editor or above, operating today).
pub fn writable_institutions(
    conn: &mut Conn,
    principal: &Principal,
    today: NaiveDate,
) -> Result<Vec<(i64, String)>> {
    let mut out = Vec::new();
    for (org, _) in &principal.memberships {
        if principal.editor_of(*org).is_err() {
            continue;
        }
        if let Some(row) = orgs::get(conn, *org)?
            && row.kind == inst_store::KIND
            && row.valid_from.is_none_or(|f| f <= today)
            && row.valid_to.is_none_or(|t| t >= today)
        {
            out.push((row.id, row.name));
        }
    }
    out.sort_by(|a, b| lantoa_viet::compare(&a.1, &b.1));
    Ok(out)
}

/// Creates a programme for the institution chosen in the form; its editors only. Returns
/// the new programme's id.
pub fn create(
    app: &App,
    conn: &mut Conn,
    principal: &Principal,
    form: &ProgrammeForm,
    meta: &RequestMeta,
) -> Result<i64> {
    let Ok(org) = form.institution_id.trim().parse::<i64>() else {
        let mut errors = FieldErrors::default();
        errors.add("institution_id", "Vui lòng chọn cơ sở đào tạo.");
        // Report the other fields' problems too, so one round trip fixes everything.
        if let Err(Error::Invalid(more)) = validate(conn, form, false) {
            errors.0.extend(more.0);
        }
        return Err(Error::Invalid(errors));
    };
    let cap = principal.editor_of(OrgId(org))?;
    let inst = institution(conn, cap.org())?;
    let today = app.clock.today();
    let not_operating = if inst.valid_to.is_some_and(|t| t < today) {
        Some("Cơ sở này đã ngừng hoạt động nên không thêm được chương trình mới.")
    } else if inst.valid_from.is_some_and(|f| f > today) {
        Some("Cơ sở này chưa bắt đầu hoạt động nên chưa thêm được chương trình.")
    } else {
        None
    };
    if let Some(message) = not_operating {
        let mut errors = FieldErrors::default();
        errors.add("institution_id", message);
        return Err(Error::Invalid(errors));
    }
    let (fields, policy_ids) = validate(conn, form, false)?;
    let now = app.now();
    write_tx(conn, |c| {
        let (id, slug) =
            insert_checked(c, &inst, &fields, &policy_ids, Some(principal.user.0), now)?;
        audit::record(
            c,
            now,
            &Actor::principal(principal, meta),
            "programme.create",
            ("programme", id.to_string()),
            Some(cap.org()),
            serde_json::json!({ "slug": slug, "published": fields.is_published }),
        )?;
        Ok(id)
    })
}

/// Saves a programme; editors of its institution only.
pub fn update(
    app: &App,
    conn: &mut Conn,
    principal: &Principal,
    id: i64,
    form: &ProgrammeForm,
    meta: &RequestMeta,
) -> Result<()> {
    let row = store::get(conn, id)?.ok_or(Error::NotFound)?;
    let cap = principal.editor_of(OrgId(row.institution_id))?;
    let (fields, policy_ids) = validate(conn, form, row.is_demo)?;
    let now = app.now();
    write_tx(conn, |c| {
        store::update(c, id, &fields, Some(principal.user.0), now)?;
        store::set_policies(c, id, &policy_ids)?;
        audit::record(
            c,
            now,
            &Actor::principal(principal, meta),
            "programme.update",
            ("programme", id.to_string()),
            Some(cap.org()),
            serde_json::json!({ "slug": row.slug, "published": fields.is_published }),
        )
    })
}

/// A programme in the back office: what it is, its intakes and whether the principal may
/// change it.
#[derive(Debug, Clone)]
pub struct AdminView {
    pub programme: ProgrammeRow,
    pub occupation: OccupationRow,
    pub institution: OrgRow,
    pub intakes: Vec<(IntakeRow, IntakeState)>,
    pub policy_ids: Vec<i64>,
    pub can_edit: bool,
}

/// One programme for someone who may read its institution's back-office data.
pub fn admin_view(app: &App, conn: &mut Conn, principal: &Principal, id: i64) -> Result<AdminView> {
    let programme = store::get(conn, id)?.ok_or(Error::NotFound)?;
    let org = OrgId(programme.institution_id);
    principal.reader_of(org)?;
    let occupation = occ_store::get(conn, programme.occupation_id)?.ok_or(Error::NotFound)?;
    let institution = institution(conn, org)?;
    let today = app.clock.today();
    let intakes = store::intakes_for(conn, &[id])?
        .into_iter()
        .map(|i| {
            let s = IntakeState::on(i.opens_on, i.closes_on, today);
            (i, s)
        })
        .collect();
    let policy_ids = store::policies_for(conn, &[id])?
        .into_iter()
        .map(|(_, p)| p.id)
        .collect();
    Ok(AdminView {
        can_edit: principal.editor_of(org).is_ok(),
        programme,
        occupation,
        institution,
        intakes,
        policy_ids,
    })
}

/// One line of the back-office list.
#[derive(Debug, Clone)]
pub struct AdminListItem {
    pub item: ProgrammeItem,
    /// Intakes open today.
    pub open: bool,
    pub can_edit: bool,
}

/// The programmes of every institution the principal may read (the plan owner and system
/// administrators: all), published or not.
pub fn back_office_list(
    app: &App,
    conn: &mut Conn,
    principal: &Principal,
    page: PageRequest,
) -> Result<Page<AdminListItem>> {
    if !principal.can_enter_back_office() {
        return Err(Error::Denied);
    }
    let filter = ProgrammeFilter {
        institutions: principal
            .readable_orgs()
            .map(|v| v.into_iter().map(|o| o.0).collect()),
        ..ProgrammeFilter::default()
    };
    let page = store::list(conn, &filter, page)?;
    let ids: Vec<i64> = page.items.iter().map(|i| i.0.id).collect();
    let today = app.clock.today();
    let open: Vec<i64> = store::intakes_for(conn, &ids)?
        .into_iter()
        .filter(|i| IntakeState::on(i.opens_on, i.closes_on, today) == IntakeState::Open)
        .map(|i| i.programme_id)
        .collect();
    Ok(page.map(|item| AdminListItem {
        open: open.contains(&item.0.id),
        can_edit: principal.editor_of(OrgId(item.0.institution_id)).is_ok(),
        item,
    }))
}

/// The district-level units a programme's place can be given as: (code, name).
pub fn area_choices(conn: &mut Conn) -> Result<Vec<(String, String)>> {
    Ok(admin_units::of_kinds(conn, &AREA_KINDS)?
        .into_iter()
        .map(|u| (u.code, u.name))
        .collect())
}

// --- Intakes ---------------------------------------------------------------------------------

/// The intake form as typed.
#[derive(Debug, Clone, Default, serde::Deserialize, serde::Serialize)]
#[serde(default)]
pub struct IntakeForm {
    pub name: String,
    pub opens_on: String,
    pub closes_on: String,
    pub classes_start_on: String,
    pub quota: String,
    pub note: String,
}

impl IntakeForm {
    pub fn from_row(i: &IntakeRow) -> IntakeForm {
        IntakeForm {
            name: i.name.clone(),
            opens_on: i.opens_on.format("%Y-%m-%d").to_string(),
            closes_on: i.closes_on.format("%Y-%m-%d").to_string(),
            classes_start_on: i
                .classes_start_on
                .map(|d| d.format("%Y-%m-%d").to_string())
                .unwrap_or_default(),
            quota: i.quota.map(|q| q.to_string()).unwrap_or_default(),
            note: i.note.clone(),
        }
    }
}

/// Checks an intake of a programme whose quota is `programme_quota`.
pub fn validate_intake(form: &IntakeForm, programme_quota: i32) -> Result<IntakeFields> {
    let mut errors = FieldErrors::default();
    let name = validate::required_line(
        &form.name,
        200,
        "Vui lòng đặt tên đợt tuyển sinh, ví dụ: Đợt 2 năm 2026.",
        "Tên đợt tuyển sinh không quá 200 ký tự.",
    )
    .map_err(|e| errors.add("name", e.message))
    .unwrap_or_default();
    let mut date = |field: &'static str, input: &str, missing: Option<&'static str>| match (
        parse_date(input),
        missing,
    ) {
        (Ok(None), Some(m)) => {
            errors.add(field, m);
            None
        }
        (Ok(d), _) => d,
        (Err(m), _) => {
            errors.add(field, m);
            None
        }
    };
    let opens_on = date(
        "opens_on",
        &form.opens_on,
        Some("Vui lòng nhập ngày bắt đầu nhận hồ sơ."),
    );
    let closes_on = date(
        "closes_on",
        &form.closes_on,
        Some("Vui lòng nhập ngày kết thúc nhận hồ sơ."),
    );
    let classes_start_on = date("classes_start_on", &form.classes_start_on, None);
    if let (Some(o), Some(c)) = (opens_on, closes_on) {
        for (field, e) in check_intake_dates(o, c, classes_start_on) {
            errors.add(field, e.message);
        }
    }
    let quota = parse_quota(&form.quota)
        .map_err(|e| errors.add("quota", e.message))
        .ok()
        .flatten();
    if let Some(q) = quota
        && programme_quota > 0
        && q > programme_quota
    {
        errors.add(
            "quota",
            format!(
                "Chỉ tiêu của đợt không vượt quá chỉ tiêu của chương trình ({}).",
                crate::format::int(i64::from(programme_quota))
            ),
        );
    }
    let note = validate::optional_line(&form.note, 500, "Ghi chú không quá 500 ký tự.")
        .map_err(|e| errors.add("note", e.message))
        .unwrap_or_default();
    errors.into_result()?;
    let (Some(opens_on), Some(closes_on)) = (opens_on, closes_on) else {
        return Err(Error::Internal("validated intake without dates".into()));
    };
    Ok(IntakeFields {
        name,
        opens_on,
        closes_on,
        classes_start_on,
        quota,
        note,
    })
}

/// Adds an intake to a programme; editors of its institution only. Returns the intake's id.
pub fn create_intake(
    app: &App,
    conn: &mut Conn,
    principal: &Principal,
    programme_id: i64,
    form: &IntakeForm,
    meta: &RequestMeta,
) -> Result<i64> {
    let programme = store::get(conn, programme_id)?.ok_or(Error::NotFound)?;
    let cap = principal.editor_of(OrgId(programme.institution_id))?;
    let fields = validate_intake(form, programme.quota)?;
    let now = app.now();
    write_tx(conn, |c| {
        let id = store::insert_intake(c, programme_id, &fields, now)?;
        audit::record(
            c,
            now,
            &Actor::principal(principal, meta),
            "intake.create",
            ("intake", id.to_string()),
            Some(cap.org()),
            intake_detail(&programme, &fields),
        )?;
        Ok(id)
    })
}

fn intake_detail(p: &ProgrammeRow, f: &IntakeFields) -> serde_json::Value {
    serde_json::json!({
        "programme": p.slug,
        "name": f.name,
        "opens_on": f.opens_on.to_string(),
        "closes_on": f.closes_on.to_string(),
    })
}

/// An intake with its programme, for someone who may read the programme's institution.
pub fn intake_view(
    conn: &mut Conn,
    principal: &Principal,
    intake_id: i64,
) -> Result<(IntakeRow, ProgrammeRow, OccupationRow, bool)> {
    let intake = store::intake(conn, intake_id)?.ok_or(Error::NotFound)?;
    let programme = store::get(conn, intake.programme_id)?.ok_or(Error::NotFound)?;
    let org = OrgId(programme.institution_id);
    principal.reader_of(org)?;
    let occupation = occ_store::get(conn, programme.occupation_id)?.ok_or(Error::NotFound)?;
    let can_edit = principal.editor_of(org).is_ok();
    Ok((intake, programme, occupation, can_edit))
}

/// Saves an intake; editors of its programme's institution only. Returns the programme id.
pub fn update_intake(
    app: &App,
    conn: &mut Conn,
    principal: &Principal,
    intake_id: i64,
    form: &IntakeForm,
    meta: &RequestMeta,
) -> Result<i64> {
    let intake = store::intake(conn, intake_id)?.ok_or(Error::NotFound)?;
    let programme = store::get(conn, intake.programme_id)?.ok_or(Error::NotFound)?;
    let cap = principal.editor_of(OrgId(programme.institution_id))?;
    let fields = validate_intake(form, programme.quota)?;
    let now = app.now();
    write_tx(conn, |c| {
        store::update_intake(c, intake_id, &fields, now)?;
        audit::record(
            c,
            now,
            &Actor::principal(principal, meta),
            "intake.update",
            ("intake", intake_id.to_string()),
            Some(cap.org()),
            intake_detail(&programme, &fields),
        )?;
        Ok(programme.id)
    })
}

/// Why an intake may not be deleted, if it may not: applications chose it while it was
/// open, and they keep naming it (anonymised ones too). Closing it is the way out.
pub fn intake_delete_refusal(conn: &mut Conn, intake_id: i64) -> Result<Option<String>> {
    let n = lantoa_store::applications::choices_of_intake(conn, intake_id)?;
    Ok((n > 0).then(|| {
        format!(
            "Đợt tuyển sinh này đã có {} hồ sơ đăng ký nên không thể xóa; hãy sửa ngày kết thúc nhận hồ sơ để đóng đợt.",
            crate::format::int(n)
        )
    }))
}

/// Deletes an intake that no application chose (else `Error::Conflict` with the reason);
/// editors of its programme's institution only. Returns the programme id.
pub fn delete_intake(
    app: &App,
    conn: &mut Conn,
    principal: &Principal,
    intake_id: i64,
    meta: &RequestMeta,
) -> Result<i64> {
    let intake = store::intake(conn, intake_id)?.ok_or(Error::NotFound)?;
    let programme = store::get(conn, intake.programme_id)?.ok_or(Error::NotFound)?;
    let cap = principal.editor_of(OrgId(programme.institution_id))?;
    let now = app.now();
    write_tx(conn, |c| {
        // Checked inside the transaction: an application chosen meanwhile still counts.
        if let Some(message) = intake_delete_refusal(c, intake_id)? {
            return Err(Error::Conflict(message));
        }
        store::delete_intake(c, intake_id)?;
        audit::record(
            c,
            now,
            &Actor::principal(principal, meta),
            "intake.delete",
            ("intake", intake_id.to_string()),
            Some(cap.org()),
            serde_json::json!({
                "programme": programme.slug,
                "name": intake.name,
                "opens_on": intake.opens_on.to_string(),
                "closes_on": intake.closes_on.to_string(),
            }),
        )?;
        Ok(programme.id)
    })
}

// --- The public directory --------------------------------------------------------------------

/// The public list's filters as typed, cleaned: unknown values dropped, the search cut.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ProgrammeQuery {
    pub q: String,
    pub level: Option<Level>,
    /// Occupation group, exactly as listed.
    pub group: String,
    /// Administrative unit code (digits only).
    pub area: String,
    pub institution_type: Option<InstitutionType>,
    /// Only programmes with an intake open today.
    pub open_now: bool,
}

/// Reads "yes" the ways a query string says it: `1`, `true`, `on`, `co`.
pub fn parse_yes(v: &str) -> Option<bool> {
    match lantoa_viet::fold(v.trim()).as_str() {
        "" | "0" | "false" | "off" | "khong" | "no" => Some(false),
        "1" | "true" | "on" | "co" | "yes" => Some(true),
        _ => None,
    }
}

impl ProgrammeQuery {
    pub fn new(
        q: &str,
        level: &str,
        group: &str,
        area: &str,
        institution_type: &str,
        open_now: &str,
    ) -> ProgrammeQuery {
        let area = area.trim();
        ProgrammeQuery {
            q: clip(q, MAX_QUERY_CHARS),
            level: Level::parse(level),
            group: lantoa_viet::normalize(&clip(group, 120)),
            area: if area.len() <= 10 && area.chars().all(|c| c.is_ascii_digit()) {
                area.to_owned()
            } else {
                String::new()
            },
            institution_type: InstitutionType::from_code(institution_type.trim()),
            open_now: parse_yes(open_now).unwrap_or(false),
        }
    }

    pub fn is_filtered(&self) -> bool {
        !self.q.is_empty()
            || self.level.is_some()
            || !self.group.is_empty()
            || !self.area.is_empty()
            || self.institution_type.is_some()
            || self.open_now
    }

    fn filter(&self, today: NaiveDate) -> ProgrammeFilter {
        ProgrammeFilter {
            public_on: Some(today),
            level: self.level.map(|l| l.code().to_owned()),
            group: Some(self.group.clone()).filter(|g| !g.is_empty()),
            area: Some(self.area.clone()).filter(|a| !a.is_empty()),
            institution_type: self.institution_type.map(|t| t.code().to_owned()),
            open_on: self.open_now.then_some(today),
            query: Some(self.q.clone()).filter(|q| !q.is_empty()),
            ..ProgrammeFilter::default()
        }
    }
}

/// A programme as the public sees it, in a list or on its page.
#[derive(Debug, Clone)]
pub struct PublicProgramme {
    pub programme: ProgrammeRow,
    pub occupation: OccupationRow,
    pub institution: OrgRow,
    pub profile: Option<ProfileRow>,
    /// Its intakes by opening date, with their state today.
    pub intakes: Vec<(IntakeRow, IntakeState)>,
    /// The policies it offers that are in force today.
    pub policies: Vec<PolicyRow>,
}

impl PublicProgramme {
    /// An intake is open today.
    pub fn open_now(&self) -> bool {
        self.intakes.iter().any(|(_, s)| *s == IntakeState::Open)
    }

    /// The last day of the open intake that closes first, if one is open.
    pub fn open_until(&self) -> Option<NaiveDate> {
        self.intakes
            .iter()
            .filter(|(_, s)| *s == IntakeState::Open)
            .map(|(i, _)| i.closes_on)
            .min()
    }

    /// The first day of the next intake that has not opened yet.
    pub fn next_opens(&self) -> Option<NaiveDate> {
        self.intakes
            .iter()
            .filter(|(_, s)| *s == IntakeState::Upcoming)
            .map(|(i, _)| i.opens_on)
            .min()
    }
}

/// Adds intakes and policies to a page of programmes (two queries for the whole page).
fn complete(
    conn: &mut Conn,
    today: NaiveDate,
    items: Vec<ProgrammeItem>,
) -> Result<Vec<PublicProgramme>> {
    let ids: Vec<i64> = items.iter().map(|i| i.0.id).collect();
    let mut intakes: HashMap<i64, Vec<(IntakeRow, IntakeState)>> = HashMap::new();
    for i in store::intakes_for(conn, &ids)? {
        let s = IntakeState::on(i.opens_on, i.closes_on, today);
        intakes.entry(i.programme_id).or_default().push((i, s));
    }
    let mut policies: HashMap<i64, Vec<PolicyRow>> = HashMap::new();
    for (pid, p) in store::policies_for(conn, &ids)? {
        if p.valid_on(today) {
            policies.entry(pid).or_default().push(p);
        }
    }
    Ok(items
        .into_iter()
        .map(
            |(programme, occupation, institution, profile)| PublicProgramme {
                intakes: intakes.remove(&programme.id).unwrap_or_default(),
                policies: policies.remove(&programme.id).unwrap_or_default(),
                programme,
                occupation,
                institution,
                profile,
            },
        )
        .collect())
}

/// Published programmes of institutions operating `today`, for the public list and the API.
pub fn public_list(
    conn: &mut Conn,
    today: NaiveDate,
    query: &ProgrammeQuery,
    page: PageRequest,
) -> Result<Page<PublicProgramme>> {
    let page = store::list(conn, &query.filter(today), page)?;
    let items = complete(conn, today, page.items)?;
    Ok(Page {
        items,
        total: page.total,
        page: page.page,
        per_page: page.per_page,
    })
}

/// What the public list can filter by: the occupation groups (with how many programmes
/// each has) and the areas (code, name) that have published programmes.
#[derive(Debug, Clone, Default)]
pub struct FilterChoices {
    pub groups: Vec<(String, i64)>,
    pub areas: Vec<(String, String)>,
}

pub fn filter_choices(conn: &mut Conn, today: NaiveDate) -> Result<FilterChoices> {
    Ok(FilterChoices {
        groups: store::groups(conn, today)?,
        areas: store::areas(conn, today)?,
    })
}

/// One page of the public programme list with the filter choices, as the list page and the
/// API show them.
#[derive(Debug, Clone)]
pub struct Listing {
    pub page: Page<PublicProgramme>,
    pub choices: FilterChoices,
}

/// [`public_list`] and [`filter_choices`] for today, from the listing cache when the
/// directory has not changed since they were built (see [`crate::listing`]).
pub fn public_listing(
    app: &App,
    conn: &mut Conn,
    query: &ProgrammeQuery,
    page: PageRequest,
) -> Result<std::sync::Arc<Listing>> {
    let today = app.clock.today();
    let key = format!("programmes|{query:?}|{}|{}", page.page, page.per_page);
    crate::listing::get_or_build(app, conn, today, key, |conn| {
        Ok(Listing {
            page: public_list(conn, today, query, page)?,
            choices: filter_choices(conn, today)?,
        })
    })
}

/// One page of programmes chosen by `filter`, with their intakes and policies.
pub fn public_page(
    conn: &mut Conn,
    today: NaiveDate,
    filter: &ProgrammeFilter,
    page: PageRequest,
) -> Result<Vec<PublicProgramme>> {
    let page = store::list(conn, filter, page)?;
    complete(conn, today, page.items)
}

/// The published programmes of one occupation or one institution (for their pages).
pub fn published_of(
    conn: &mut Conn,
    today: NaiveDate,
    occupation: Option<i64>,
    institution: Option<i64>,
) -> Result<Vec<PublicProgramme>> {
    let filter = ProgrammeFilter {
        public_on: Some(today),
        occupation,
        institutions: institution.map(|i| vec![i]),
        ..ProgrammeFilter::default()
    };
    let page = store::list(conn, &filter, PageRequest::new(1, 200))?;
    complete(conn, today, page.items)
}

/// One programme's public page: the programme, and the name of the area it is in.
#[derive(Debug, Clone)]
pub struct ProgrammeView {
    pub p: PublicProgramme,
    pub area: Option<String>,
}

/// The published programmes with these slugs, in the order asked, and the slugs not found.
pub fn public_by_slugs(
    conn: &mut Conn,
    today: NaiveDate,
    slugs: &[String],
) -> Result<(Vec<ProgrammeView>, Vec<String>)> {
    let wanted: Vec<String> = slugs.iter().filter(|s| s.len() <= 200).cloned().collect();
    let filter = ProgrammeFilter {
        public_on: Some(today),
        slugs: Some(wanted.clone()),
        ..ProgrammeFilter::default()
    };
    let page = store::list(conn, &filter, PageRequest::new(1, 50))?;
    let mut found = complete(conn, today, page.items)?;
    let mut out = Vec::new();
    let mut missing = Vec::new();
    for s in slugs {
        match found.iter().position(|p| &p.programme.slug == s) {
            Some(i) => {
                let p = found.swap_remove(i);
                let code = p
                    .programme
                    .admin_unit_code
                    .clone()
                    .or_else(|| p.institution.admin_unit_code.clone());
                let area = match code {
                    Some(c) => admin_units::get(conn, &c)?.map(|u| u.name),
                    None => None,
                };
                out.push(ProgrammeView { p, area });
            }
            None => missing.push(s.clone()),
        }
    }
    Ok((out, missing))
}

/// One published programme of an institution operating `today`.
pub fn public_view(conn: &mut Conn, today: NaiveDate, slug: &str) -> Result<ProgrammeView> {
    let (mut found, _) = public_by_slugs(conn, today, &[slug.to_owned()])?;
    found.pop().ok_or(Error::NotFound)
}

/// What a comparison asked for, cleaned: duplicates and blanks dropped, order kept.
pub fn compare_slugs(asked: &[String]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for s in asked {
        let s = s.trim();
        if !s.is_empty() && !out.iter().any(|x| x == s) {
            out.push(s.to_owned());
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn comparisons_drop_blanks_and_repeats() {
        let asked: Vec<String> = ["a", " ", "b", "a", "c"].map(String::from).to_vec();
        assert_eq!(compare_slugs(&asked), ["a", "b", "c"]);
    }

    #[test]
    fn queries_forgive_bad_values() {
        let q = ProgrammeQuery::new("  điện ", "trung-cap", "", "91'--", "university", "1");
        assert_eq!(q.q, "điện");
        assert_eq!(q.level, Some(Level::Intermediate));
        assert_eq!(q.area, "");
        assert_eq!(q.institution_type, None);
        assert!(q.open_now && q.is_filtered());
        assert!(!ProgrammeQuery::default().is_filtered());
    }
}
