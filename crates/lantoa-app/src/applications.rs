//! Online applications (issue 4, points 6–8; docs/adr/0011-applications-personal-data.md).
//!
//! The public side: an application to up to three programmes with an open intake, consent
//! per purpose with the text's version stored, a guardian for minors, a reference code, the
//! status lookup with code + phone, the applicant's data as JSON and erasure on request.
//! The same person (phone, date of birth, folded name) applying again to a programme they
//! already chose in a live application is merged into it, not refused.
//!
//! The school side: staff of an institution (any role) read the applications that chose its
//! programmes, and nothing else; its editors move each choice through the status flow and
//! write internal notes. Every list, detail and export view is written to the audit log,
//! with ids and counts only. Personal data never goes to the logs.
//!
//! Retention: [`anonymise_due`] (hourly in `serve`, and `lantoa applications anonymise`)
//! erases the identity of applications untouched for `retention_days`, keeping statistics.

use std::collections::{HashMap, HashSet};

use chrono::{NaiveDate, NaiveDateTime};
use lantoa_domain::OrgId;
use lantoa_domain::access::Principal;
use lantoa_domain::application::{
    self as dom, ApplicationStatus, CONSENT_COUNSELLING, CONSENT_GUARDIAN, CONSENT_PROCESSING,
    Gender, MAX_CHOICES, Phone, Schooling,
};
use lantoa_domain::directory::Level;
use lantoa_domain::programme::{IntakeState, TargetGroup};
use lantoa_domain::validate::{self, Email};
use lantoa_store::applications::{
    self as store, Applicant, ApplicationRow, ChoiceFilter, ChoiceItem, ChoiceRow, ConsentRow,
    EventRow, NewEvent,
};
use lantoa_store::institutions::KIND as INSTITUTION_KIND;
use lantoa_store::programmes::{self as prog_store, IntakeRow, ProgrammeFilter, ProgrammeRow};
use lantoa_store::{Conn, Page, PageRequest, StoreError, orgs, write_tx};

use crate::audit::{self, Actor};
use crate::{App, Error, FieldErrors, RequestMeta, Result};

/// Settings of the applications module (`[applications]` in `lantoa.toml`).
#[derive(Debug, Clone)]
pub struct ApplicationsConfig {
    /// Applications untouched for this many days are anonymised.
    pub retention_days: i64,
    /// Applications one client address may send per hour.
    pub max_per_hour: i64,
    /// Failed status look-ups one client address may make per hour.
    pub max_lookup_failures_per_hour: i64,
}

impl Default for ApplicationsConfig {
    fn default() -> Self {
        ApplicationsConfig {
            retention_days: 730,
            max_per_hour: 30,
            max_lookup_failures_per_hour: 20,
        }
    }
}

/// Rate-limit buckets of the public forms.
const FORM_APPLY: &str = "apply";
const FORM_LOOKUP: &str = "lookup";

/// The label of anonymous actors in the history.
const APPLICANT: &str = "Người đăng ký";
const SYSTEM: &str = "Hệ thống";

/// The most characters of a note from the back office.
pub const MAX_NOTE_CHARS: usize = 2000;

// --- The form --------------------------------------------------------------------------------

/// The application form as typed (every field a string, so nothing typed is lost on a 422).
#[derive(Debug, Clone, Default, serde::Deserialize, serde::Serialize)]
#[serde(default)]
pub struct ApplicationForm {
    pub full_name: String,
    pub birth_date: String,
    pub gender: String,
    pub phone: String,
    pub email: String,
    pub commune: String,
    pub schooling: String,
    pub target_group: String,
    pub choice_1: String,
    pub choice_2: String,
    pub choice_3: String,
    pub guardian_name: String,
    pub guardian_phone: String,
    pub consent_processing: bool,
    pub consent_counselling: bool,
    pub consent_guardian: bool,
    /// The honeypot: hidden from people by CSS; bots fill it.
    pub website: String,
    /// Fields whose value was too large and was dropped before reaching the handler.
    pub too_long: Vec<String>,
}

fn checked(v: &str) -> bool {
    matches!(v, "on" | "1" | "true" | "yes")
}

/// Field names of the form, in order (for messages and the error summary).
pub const FIELDS: [&str; 16] = [
    "full_name",
    "birth_date",
    "gender",
    "phone",
    "email",
    "commune",
    "schooling",
    "target_group",
    "choice_1",
    "choice_2",
    "choice_3",
    "guardian_name",
    "guardian_phone",
    "consent_guardian",
    "consent_processing",
    "consent_counselling",
];

impl ApplicationForm {
    /// Reads the form from its name/value pairs; `_too_long` pairs name dropped fields.
    pub fn from_pairs(pairs: &[(String, String)]) -> ApplicationForm {
        let mut f = ApplicationForm::default();
        for (k, v) in pairs {
            match k.as_str() {
                "full_name" => f.full_name = v.clone(),
                "birth_date" => f.birth_date = v.clone(),
                "gender" => f.gender = v.clone(),
                "phone" => f.phone = v.clone(),
                "email" => f.email = v.clone(),
                "commune" => f.commune = v.clone(),
                "schooling" => f.schooling = v.clone(),
                "target_group" => f.target_group = v.clone(),
                "choice_1" => f.choice_1 = v.clone(),
                "choice_2" => f.choice_2 = v.clone(),
                "choice_3" => f.choice_3 = v.clone(),
                "guardian_name" => f.guardian_name = v.clone(),
                "guardian_phone" => f.guardian_phone = v.clone(),
                "consent_processing" => f.consent_processing = checked(v),
                "consent_counselling" => f.consent_counselling = checked(v),
                "consent_guardian" => f.consent_guardian = checked(v),
                "website" => f.website = v.clone(),
                "_too_long" => f.too_long.push(v.clone()),
                _ => {}
            }
        }
        f
    }

    fn choices(&self) -> [(&'static str, &str); MAX_CHOICES] {
        [
            ("choice_1", self.choice_1.as_str()),
            ("choice_2", self.choice_2.as_str()),
            ("choice_3", self.choice_3.as_str()),
        ]
    }
}

/// A programme that can be chosen today: published, its institution operating, an intake open.
#[derive(Debug, Clone)]
pub struct OpenProgramme {
    pub programme: ProgrammeRow,
    pub occupation: String,
    pub institution: String,
    /// The open intake closing first.
    pub intake: IntakeRow,
}

impl OpenProgramme {
    /// "Điện công nghiệp (trung cấp) – Trường Cao đẳng Kiên Giang".
    pub fn label(&self) -> String {
        let level = Level::from_code(&self.programme.level).map_or("", Level::label);
        format!(
            "{} ({}) – {}",
            self.occupation,
            level.to_lowercase(),
            self.institution
        )
    }
}

/// Every programme open for applications today, in the list's order (occupation, institution).
pub fn open_programmes(conn: &mut Conn, today: NaiveDate) -> Result<Vec<OpenProgramme>> {
    let filter = ProgrammeFilter {
        public_on: Some(today),
        open_on: Some(today),
        ..ProgrammeFilter::default()
    };
    let mut items = Vec::new();
    let mut page_no = 1;
    loop {
        let page = prog_store::list(conn, &filter, PageRequest::new(page_no, 200))?;
        let done = page.page >= page.page_count();
        items.extend(page.items);
        if done {
            break;
        }
        page_no += 1;
    }
    let ids: Vec<i64> = items.iter().map(|i| i.0.id).collect();
    let mut open: HashMap<i64, IntakeRow> = HashMap::new();
    for i in prog_store::intakes_for(conn, &ids)? {
        if IntakeState::on(i.opens_on, i.closes_on, today) != IntakeState::Open {
            continue;
        }
        match open.get(&i.programme_id) {
            Some(o) if o.closes_on <= i.closes_on => {}
            _ => {
                open.insert(i.programme_id, i);
            }
        }
    }
    Ok(items
        .into_iter()
        .filter_map(|(programme, occupation, institution, _)| {
            let intake = open.remove(&programme.id)?;
            Some(OpenProgramme {
                occupation: occupation.name,
                institution: institution.name,
                intake,
                programme,
            })
        })
        .collect())
}

/// Why a chosen programme cannot be taken.
enum ChoiceProblem {
    /// Not a programme of the list (a tampered form).
    Unknown,
    /// Exists and is public, but no intake is open today.
    Closed,
}

fn open_choice(
    conn: &mut Conn,
    input: &str,
    today: NaiveDate,
) -> Result<std::result::Result<(ProgrammeRow, IntakeRow), ChoiceProblem>> {
    let Ok(id) = input.trim().parse::<i64>() else {
        return Ok(Err(ChoiceProblem::Unknown));
    };
    let Some(programme) = prog_store::get(conn, id)? else {
        return Ok(Err(ChoiceProblem::Unknown));
    };
    let institution = orgs::get(conn, OrgId(programme.institution_id))?;
    let operating = institution.is_some_and(|o| {
        o.kind == INSTITUTION_KIND
            && o.valid_from.is_none_or(|f| f <= today)
            && o.valid_to.is_none_or(|t| t >= today)
    });
    if !programme.is_published || !operating {
        return Ok(Err(ChoiceProblem::Unknown));
    }
    let intake = prog_store::intakes_for(conn, &[id])?
        .into_iter()
        .filter(|i| IntakeState::on(i.opens_on, i.closes_on, today) == IntakeState::Open)
        .min_by_key(|i| i.closes_on);
    Ok(match intake {
        Some(i) => Ok((programme, i)),
        None => Err(ChoiceProblem::Closed),
    })
}

/// What a valid form gives.
#[derive(Debug, Clone)]
pub struct ValidApplication {
    pub applicant: Applicant,
    /// (programme, the open intake), by preference.
    pub choices: Vec<(ProgrammeRow, IntakeRow)>,
    pub counselling: bool,
}

const TOO_LONG: &str = "Nội dung ô này quá dài nên không nhận được. Vui lòng nhập ngắn gọn.";

/// Checks the form against today's open intakes. Every problem is reported at once, each
/// beside its field, in the form's order.
pub fn validate(
    conn: &mut Conn,
    form: &ApplicationForm,
    today: NaiveDate,
) -> Result<ValidApplication> {
    let mut errors = FieldErrors::default();
    let mut fail = |field: &str, message: &str| errors.add(field, message);
    let long = |field: &str| form.too_long.iter().any(|f| f == field);

    let full_name = if long("full_name") {
        fail("full_name", TOO_LONG);
        String::new()
    } else {
        validate::required_line(
            &form.full_name,
            100,
            "Vui lòng nhập họ và tên.",
            "Họ và tên không quá 100 ký tự.",
        )
        .map_err(|e| fail("full_name", e.message))
        .unwrap_or_default()
    };
    let birth_date = if long("birth_date") {
        fail("birth_date", TOO_LONG);
        None
    } else {
        dom::parse_birth_date(&form.birth_date, today)
            .map_err(|e| fail("birth_date", e.message))
            .ok()
    };
    let gender = match form.gender.trim() {
        "" => None,
        code => match Gender::from_code(code) {
            Some(g) => Some(g.code().to_owned()),
            None => {
                fail(
                    "gender",
                    "Vui lòng chọn giới tính trong danh sách hoặc để trống.",
                );
                None
            }
        },
    };
    let phone = if long("phone") {
        fail("phone", TOO_LONG);
        None
    } else {
        Phone::parse(&form.phone)
            .map_err(|e| fail("phone", e.message))
            .ok()
    };
    let email = if long("email") {
        fail("email", TOO_LONG);
        String::new()
    } else if form.email.trim().is_empty() {
        String::new()
    } else {
        Email::parse(&form.email)
            .map(|e| e.as_str().to_owned())
            .map_err(|e| fail("email", e.message))
            .unwrap_or_default()
    };
    let commune = if long("commune") {
        fail("commune", TOO_LONG);
        String::new()
    } else {
        validate::required_line(
            &form.commune,
            150,
            "Vui lòng nhập xã, phường nơi bạn đang sống.",
            "Tên xã, phường không quá 150 ký tự.",
        )
        .map_err(|e| fail("commune", e.message))
        .unwrap_or_default()
    };
    let schooling = match Schooling::from_code(form.schooling.trim()) {
        Some(s) => s.code().to_owned(),
        None => {
            fail(
                "schooling",
                "Vui lòng chọn trình độ văn hóa: THCS, THPT hoặc khác.",
            );
            String::new()
        }
    };
    let target_group = match form.target_group.trim() {
        "" => None,
        code => match TargetGroup::from_code(code) {
            Some(g) => Some(g.code().to_owned()),
            None => {
                fail(
                    "target_group",
                    "Vui lòng chọn đối tượng trong danh sách hoặc để trống.",
                );
                None
            }
        },
    };

    let mut choices: Vec<(ProgrammeRow, IntakeRow)> = Vec::new();
    let mut seen: HashSet<i64> = HashSet::new();
    for (field, value) in form.choices() {
        if long(field) {
            fail(field, TOO_LONG);
            continue;
        }
        if value.trim().is_empty() {
            continue;
        }
        match open_choice(conn, value, today)? {
            Ok((p, i)) => {
                if seen.insert(p.id) {
                    choices.push((p, i));
                } else {
                    fail(
                        field,
                        "Chương trình này đã được chọn ở nguyện vọng trên. Mỗi chương trình chỉ chọn một lần.",
                    );
                }
            }
            Err(ChoiceProblem::Unknown) => fail(
                field,
                "Chương trình đã chọn không có trong danh sách đang tuyển sinh. Vui lòng chọn lại.",
            ),
            Err(ChoiceProblem::Closed) => fail(
                field,
                "Chương trình này đã hết hạn nhận hồ sơ (đợt tuyển sinh đã đóng). Vui lòng chọn chương trình khác.",
            ),
        }
    }
    let any_choice_typed = form.choices().iter().any(|(_, v)| !v.trim().is_empty());
    if !any_choice_typed {
        fail(
            "choice_1",
            "Vui lòng chọn ít nhất một chương trình muốn học (nguyện vọng 1).",
        );
    }

    let is_minor = birth_date.is_some_and(|b| dom::is_minor(b, today));
    let mut guardian_name = String::new();
    let mut guardian_phone = String::new();
    if is_minor {
        guardian_name = validate::required_line(
            &form.guardian_name,
            100,
            "Người đăng ký chưa đủ 18 tuổi: vui lòng nhập họ tên cha, mẹ hoặc người giám hộ.",
            "Họ tên người giám hộ không quá 100 ký tự.",
        )
        .map_err(|e| fail("guardian_name", e.message))
        .unwrap_or_default();
        guardian_phone = if form.guardian_phone.trim().is_empty() {
            fail(
                "guardian_phone",
                "Người đăng ký chưa đủ 18 tuổi: vui lòng nhập số điện thoại của cha, mẹ hoặc người giám hộ.",
            );
            String::new()
        } else {
            Phone::parse(&form.guardian_phone)
                .map(|p| p.as_str().to_owned())
                .map_err(|e| fail("guardian_phone", e.message))
                .unwrap_or_default()
        };
        if !form.consent_guardian {
            fail(
                "consent_guardian",
                "Người đăng ký chưa đủ 18 tuổi: cần cha, mẹ hoặc người giám hộ đánh dấu đồng ý.",
            );
        }
    }
    if !form.consent_processing {
        fail(
            "consent_processing",
            "Vui lòng đánh dấu đồng ý cho cơ sở đào tạo dùng thông tin để xét tuyển; thiếu đồng ý này hồ sơ không gửi được.",
        );
    }
    errors.into_result()?;
    let (Some(birth), Some(phone)) = (birth_date, phone) else {
        return Err(Error::Internal(
            "validated form without date or phone".into(),
        ));
    };
    Ok(ValidApplication {
        applicant: Applicant {
            name_key: dom::name_key(&full_name),
            full_name,
            birth_date: Some(birth),
            gender,
            phone: phone.as_str().to_owned(),
            email,
            commune,
            schooling,
            target_group,
            is_minor,
            guardian_name,
            guardian_phone,
        },
        choices,
        counselling: form.consent_counselling,
    })
}

// --- Submitting ------------------------------------------------------------------------------

/// The key a client address is counted under: a keyed hash, so addresses are not stored.
fn client_key(app: &App, ip: &str) -> String {
    crate::auth::keyed_hash(app, "form-client", ip)
}

/// What the applicant is told after sending.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Submitted {
    pub code: String,
    /// The person had a live application for one of these programmes: this one was updated.
    pub merged: bool,
    /// Programmes that did not fit: the merged application already had three choices.
    pub not_added: Vec<String>,
}

fn new_code() -> String {
    let mut indices = [0u8; dom::CODE_LEN];
    for n in &mut indices {
        *n = rand::random_range(0..31u8);
    }
    dom::reference_code(indices)
}

/// Sends an application. The write is committed (and on SQLite, with `synchronous=FULL`,
/// on disk) before this returns, so a confirmation shown afterwards survives a crash.
pub fn submit(
    app: &App,
    conn: &mut Conn,
    form: &ApplicationForm,
    meta: &RequestMeta,
) -> Result<Submitted> {
    let now = app.now();
    let today = app.clock.today();
    let key = client_key(app, &meta.ip);
    let since = now - chrono::Duration::hours(1);
    if store::attempts_since(conn, FORM_APPLY, &key, since)? >= app.applications.max_per_hour {
        return Err(Error::RateLimited);
    }
    if !form.website.trim().is_empty() {
        write_tx(conn, |c| store::record_attempt(c, FORM_APPLY, &key, now))?;
        return Err(Error::Conflict(
            "Không gửi được hồ sơ. Vui lòng tải lại trang rồi gửi lại.".into(),
        ));
    }
    let valid = match validate(conn, form, today) {
        Ok(v) => v,
        Err(e) => {
            write_tx(conn, |c| store::record_attempt(c, FORM_APPLY, &key, now))?;
            return Err(e);
        }
    };
    write_tx(conn, |c| {
        store::record_attempt(c, FORM_APPLY, &key, now)?;
        if let Some(done) = merge(c, &valid, now)? {
            return Ok(done);
        }
        let (id, code) = insert_with_code(c, &valid.applicant, false, now)?;
        for (n, (p, i)) in valid.choices.iter().enumerate() {
            let preference = i32::try_from(n + 1).unwrap_or(1);
            store::insert_choice(
                c,
                id,
                preference,
                p.id,
                Some(i.id),
                ApplicationStatus::New.code(),
                now,
            )?;
        }
        record_consents(c, id, &valid, now)?;
        store::insert_event(
            c,
            &NewEvent {
                application_id: id,
                actor_label: APPLICANT,
                kind: "submitted",
                to_status: Some(ApplicationStatus::New.code()),
                ..NewEvent::default()
            },
            now,
        )?;
        Ok(Submitted {
            code,
            merged: false,
            not_added: Vec::new(),
        })
    })
}

/// Inserts the application under a fresh reference code, drawing again on the (rare) clash
/// with an existing code. Each try is a savepoint, so a clash does not spoil the transaction.
fn insert_with_code(
    conn: &mut Conn,
    a: &Applicant,
    is_demo: bool,
    now: NaiveDateTime,
) -> Result<(i64, String)> {
    for _ in 0..8 {
        let code = new_code();
        match write_tx(conn, |c| store::insert(c, &code, a, is_demo, now)) {
            Ok(id) => return Ok((id, code)),
            Err(e) if e.is_unique_violation() => continue,
            Err(e) => return Err(e.into()),
        }
    }
    Err(Error::Internal(
        "no free reference code after 8 draws".into(),
    ))
}

fn record_consents(
    conn: &mut Conn,
    id: i64,
    valid: &ValidApplication,
    now: NaiveDateTime,
) -> std::result::Result<(), StoreError> {
    store::insert_consent(
        conn,
        id,
        CONSENT_PROCESSING.purpose,
        CONSENT_PROCESSING.version,
        true,
        "applicant",
        now,
    )?;
    store::insert_consent(
        conn,
        id,
        CONSENT_COUNSELLING.purpose,
        CONSENT_COUNSELLING.version,
        valid.counselling,
        "applicant",
        now,
    )?;
    if valid.applicant.is_minor {
        store::insert_consent(
            conn,
            id,
            CONSENT_GUARDIAN.purpose,
            CONSENT_GUARDIAN.version,
            true,
            "guardian",
            now,
        )?;
    }
    Ok(())
}

/// The merge rule: the same person (phone, date of birth, folded name) with a live
/// application that already chose one of these programmes (a choice not yet final) gets
/// that application updated: the latest answers, new consents, the new programmes added
/// while there is room, a line in the history. `None` when there is no such application.
fn merge(
    conn: &mut Conn,
    valid: &ValidApplication,
    now: NaiveDateTime,
) -> Result<Option<Submitted>> {
    let a = &valid.applicant;
    let Some(birth) = a.birth_date else {
        return Ok(None);
    };
    let candidates = store::of_person(conn, &a.phone, birth, &a.name_key)?;
    if candidates.is_empty() {
        return Ok(None);
    }
    let ids: Vec<i64> = candidates.iter().map(|c| c.id).collect();
    let all_choices = store::choices_of(conn, &ids)?;
    let wanted: HashSet<i64> = valid.choices.iter().map(|(p, _)| p.id).collect();
    let target = candidates.iter().find(|app| {
        all_choices.iter().any(|c| {
            c.application_id == app.id
                && wanted.contains(&c.programme_id)
                && ApplicationStatus::from_code(&c.status).is_some_and(|s| !s.is_final())
        })
    });
    let Some(target) = target else {
        return Ok(None);
    };
    let mine: Vec<&ChoiceRow> = all_choices
        .iter()
        .filter(|c| c.application_id == target.id)
        .collect();
    let mut next = mine.iter().map(|c| c.preference).max().unwrap_or(0) + 1;
    let mut not_added = Vec::new();
    store::update_applicant(conn, target.id, a, now)?;
    record_consents(conn, target.id, valid, now)?;
    store::insert_event(
        conn,
        &NewEvent {
            application_id: target.id,
            actor_label: APPLICANT,
            kind: "merged",
            note: "Người đăng ký gửi lại hồ sơ; thông tin liên hệ được cập nhật theo lần gửi mới nhất.",
            ..NewEvent::default()
        },
        now,
    )?;
    for (p, i) in &valid.choices {
        if mine.iter().any(|c| c.programme_id == p.id) {
            continue;
        }
        if usize::try_from(next).unwrap_or(usize::MAX) > MAX_CHOICES {
            not_added.push(p.slug.clone());
            continue;
        }
        let choice = store::insert_choice(
            conn,
            target.id,
            next,
            p.id,
            Some(i.id),
            ApplicationStatus::New.code(),
            now,
        )?;
        store::insert_event(
            conn,
            &NewEvent {
                application_id: target.id,
                choice_id: Some(choice),
                actor_label: APPLICANT,
                kind: "added",
                to_status: Some(ApplicationStatus::New.code()),
                ..NewEvent::default()
            },
            now,
        )?;
        next += 1;
    }
    Ok(Some(Submitted {
        code: target.reference_code.clone(),
        merged: true,
        not_added,
    }))
}

// --- What the applicant sees -----------------------------------------------------------------

/// One chosen programme as the applicant (or the school) sees it.
#[derive(Debug, Clone)]
pub struct ChoiceView {
    pub choice: ChoiceRow,
    pub status: ApplicationStatus,
    pub programme_slug: String,
    pub occupation: String,
    pub level: String,
    pub institution_id: i64,
    pub institution: String,
    pub institution_phone: String,
    pub intake: Option<IntakeRow>,
}

/// One line of the history.
#[derive(Debug, Clone)]
pub struct HistoryLine {
    pub at: NaiveDateTime,
    pub actor: String,
    pub text: String,
    pub note: String,
    pub is_internal: bool,
}

/// An application with its choices, history and consent answers.
#[derive(Debug, Clone)]
pub struct ApplicationView {
    pub application: ApplicationRow,
    pub choices: Vec<ChoiceView>,
    pub history: Vec<HistoryLine>,
    pub consents: Vec<ConsentRow>,
}

fn choice_views(conn: &mut Conn, application_id: i64) -> Result<Vec<ChoiceView>> {
    let filter = ChoiceFilter {
        application: Some(application_id),
        with_anonymised: true,
        ..ChoiceFilter::default()
    };
    let page = store::list_choices(conn, &filter, PageRequest::new(1, 10))?;
    let mut out = Vec::new();
    for (choice, _, programme, occupation, institution) in page.items {
        let intake = match choice.intake_id {
            Some(i) => prog_store::intake(conn, i)?,
            None => None,
        };
        out.push(ChoiceView {
            status: ApplicationStatus::from_code(&choice.status).unwrap_or(ApplicationStatus::New),
            programme_slug: programme.slug,
            occupation: occupation.name,
            level: Level::from_code(&programme.level)
                .map_or("", Level::label)
                .to_owned(),
            institution_id: institution.id,
            institution: institution.name,
            institution_phone: institution.phone,
            intake,
            choice,
        });
    }
    out.sort_by_key(|c| c.choice.preference);
    Ok(out)
}

fn status_label(code: Option<&str>) -> &'static str {
    code.and_then(ApplicationStatus::from_code)
        .map_or("", ApplicationStatus::label)
}

fn history(events: Vec<EventRow>, choices: &[ChoiceView], internal: bool) -> Vec<HistoryLine> {
    let programme = |id: Option<i64>| {
        id.and_then(|id| choices.iter().find(|c| c.choice.id == id))
            .map(|c| format!("{} – {}", c.occupation, c.institution))
    };
    events
        .into_iter()
        .filter(|e| internal || !e.is_internal)
        .filter(|e| e.choice_id.is_none() || programme(e.choice_id).is_some())
        .map(|e| {
            let text = match e.kind.as_str() {
                "submitted" => "Nộp hồ sơ trực tuyến".to_owned(),
                "merged" => "Gửi lại hồ sơ: được gộp vào hồ sơ này".to_owned(),
                "added" => format!(
                    "Thêm nguyện vọng: {}",
                    programme(e.choice_id).unwrap_or_default()
                ),
                "status" => format!(
                    "{}: {} → {}",
                    programme(e.choice_id).unwrap_or_default(),
                    status_label(e.from_status.as_deref()),
                    status_label(e.to_status.as_deref())
                ),
                "note" => match programme(e.choice_id) {
                    Some(p) => format!("Ghi chú nội bộ ({p})"),
                    None => "Ghi chú nội bộ".to_owned(),
                },
                "download" => "Người đăng ký tải dữ liệu cá nhân".to_owned(),
                "erased" => "Dữ liệu cá nhân được xóa theo yêu cầu của người đăng ký".to_owned(),
                "anonymised" => "Dữ liệu cá nhân được xóa khi hết thời hạn lưu trữ".to_owned(),
                other => other.to_owned(),
            };
            HistoryLine {
                at: e.at,
                actor: e.actor_label,
                text,
                note: e.note,
                is_internal: e.is_internal,
            }
        })
        .collect()
}

/// The application with this reference code, as the applicant may see it (no internal
/// notes). Callers must have established that the person asking is the applicant: right
/// after sending, or with the phone number ([`lookup`]).
pub fn applicant_view(conn: &mut Conn, code: &str) -> Result<ApplicationView> {
    let code = dom::parse_reference_code(code).map_err(|_| Error::NotFound)?;
    let application = store::by_code(conn, &code)?.ok_or(Error::NotFound)?;
    if application.anonymised_at.is_some() {
        return Err(Error::NotFound);
    }
    let choices = choice_views(conn, application.id)?;
    let events = store::events_of(conn, application.id)?;
    let consents = store::consents_of(conn, application.id)?;
    Ok(ApplicationView {
        history: history(events, &choices, false),
        application,
        choices,
        consents,
    })
}

/// The status look-up form as typed.
#[derive(Debug, Clone, Default, serde::Deserialize, serde::Serialize)]
#[serde(default)]
pub struct LookupForm {
    pub code: String,
    pub phone: String,
}

const NO_MATCH: &str = "Không tìm thấy hồ sơ có mã và số điện thoại này. Vui lòng kiểm tra lại mã trên giấy xác nhận và số điện thoại đã dùng khi đăng ký.";

/// Finds an application by code and phone. Failed look-ups are counted per client address
/// and limited; the message does not tell which of the two was wrong.
pub fn lookup(
    app: &App,
    conn: &mut Conn,
    form: &LookupForm,
    meta: &RequestMeta,
) -> Result<ApplicationView> {
    let now = app.now();
    let key = client_key(app, &meta.ip);
    let since = now - chrono::Duration::hours(1);
    if store::attempts_since(conn, FORM_LOOKUP, &key, since)?
        >= app.applications.max_lookup_failures_per_hour
    {
        return Err(Error::RateLimited);
    }
    let mut errors = FieldErrors::default();
    let code = dom::parse_reference_code(&form.code)
        .map_err(|e| errors.add("code", e.message))
        .ok();
    let phone = Phone::parse(&form.phone)
        .map_err(|e| errors.add("phone", e.message))
        .ok();
    errors.into_result()?;
    let (Some(code), Some(phone)) = (code, phone) else {
        return Err(Error::Internal("validated look-up without values".into()));
    };
    let found = store::by_code(conn, &code)?.filter(|a| {
        a.anonymised_at.is_none() && crate::auth::csrf_matches(&a.phone, phone.as_str())
    });
    if found.is_none() {
        write_tx(conn, |c| store::record_attempt(c, FORM_LOOKUP, &key, now))?;
        let mut errors = FieldErrors::default();
        errors.add("code", NO_MATCH);
        return Err(Error::Invalid(errors));
    }
    applicant_view(conn, &code)
}

/// The applicant's data as JSON (the right of access), recorded in the history.
pub fn download_my_data(
    app: &App,
    conn: &mut Conn,
    form: &LookupForm,
    meta: &RequestMeta,
) -> Result<serde_json::Value> {
    let v = lookup(app, conn, form, meta)?;
    let now = app.now();
    write_tx(conn, |c| {
        store::insert_event(
            c,
            &NewEvent {
                application_id: v.application.id,
                actor_label: APPLICANT,
                kind: "download",
                ..NewEvent::default()
            },
            now,
        )
    })?;
    Ok(personal_data_json(&v, now))
}

fn personal_data_json(v: &ApplicationView, now: NaiveDateTime) -> serde_json::Value {
    let a = &v.application;
    let iso = |t: NaiveDateTime| t.and_utc().to_rfc3339();
    serde_json::json!({
        "mo_ta": "Dữ liệu cá nhân trong hồ sơ đăng ký tuyển sinh, xuất theo yêu cầu của người đăng ký.",
        "thoi_diem_xuat": iso(now),
        "ma_ho_so": a.reference_code,
        "ho_va_ten": a.full_name,
        "ngay_sinh": a.birth_date.map(|d| d.to_string()),
        "gioi_tinh": a.gender.as_deref().and_then(Gender::from_code).map(Gender::label),
        "dien_thoai": a.phone,
        "thu_dien_tu": a.email,
        "xa_phuong": a.commune,
        "trinh_do_van_hoa": Schooling::from_code(&a.schooling).map(Schooling::label),
        "doi_tuong": a.target_group.as_deref().and_then(TargetGroup::from_code).map(TargetGroup::label),
        "chua_du_18_tuoi": a.is_minor,
        "nguoi_giam_ho": if a.is_minor {
            serde_json::json!({ "ho_va_ten": a.guardian_name, "dien_thoai": a.guardian_phone })
        } else {
            serde_json::Value::Null
        },
        "nop_luc": iso(a.created_at),
        "cap_nhat_luc": iso(a.updated_at),
        "nguyen_vong": v.choices.iter().map(|c| serde_json::json!({
            "thu_tu": c.choice.preference,
            "chuong_trinh": c.occupation,
            "trinh_do": c.level,
            "co_so_dao_tao": c.institution,
            "dot_tuyen_sinh": c.intake.as_ref().map(|i| i.name.clone()),
            "trang_thai": c.status.label(),
        })).collect::<Vec<_>>(),
        "su_dong_y": v.consents.iter().map(|c| serde_json::json!({
            "muc_dich": c.purpose,
            "phien_ban_noi_dung": c.version,
            "noi_dung": dom::consent(&c.purpose).map(|t| t.text),
            "dong_y": c.granted,
            "nguoi_dong_y": if c.given_by == "guardian" { "Cha, mẹ hoặc người giám hộ" } else { "Người đăng ký" },
            "luc": iso(c.at),
        })).collect::<Vec<_>>(),
        "lich_su": v.history.iter().map(|h| serde_json::json!({
            "luc": iso(h.at),
            "noi_dung": h.text,
        })).collect::<Vec<_>>(),
    })
}

/// Erases the applicant's identity at their request (after the confirmation step). The
/// choices and statuses stay, without the person, for the schools' counts.
pub fn erase_on_request(
    app: &App,
    conn: &mut Conn,
    form: &LookupForm,
    meta: &RequestMeta,
) -> Result<()> {
    let v = lookup(app, conn, form, meta)?;
    let now = app.now();
    let id = v.application.id;
    write_tx(conn, |c| {
        store::anonymise(c, id, now)?;
        store::insert_event(
            c,
            &NewEvent {
                application_id: id,
                actor_label: APPLICANT,
                kind: "erased",
                ..NewEvent::default()
            },
            now,
        )?;
        audit::record(
            c,
            now,
            &Actor::anonymous(meta),
            "application.erase_request",
            ("application", id.to_string()),
            None,
            serde_json::json!({ "choices": v.choices.len() }),
        )
    })
}

// --- The back office -------------------------------------------------------------------------

/// The institutions whose applications this principal may read: those they are a member of
/// (any role). Platform roles do not open applicants' personal data (purpose limitation).
pub fn staff_institutions(conn: &mut Conn, principal: &Principal) -> Result<Vec<(i64, String)>> {
    let mut out = Vec::new();
    for (org, _) in &principal.memberships {
        if let Some(row) = orgs::get(conn, *org)?
            && row.kind == INSTITUTION_KIND
        {
            out.push((row.id, row.name));
        }
    }
    out.sort_by(|a, b| lantoa_viet::compare(&a.1, &b.1));
    Ok(out)
}

/// The back office's filters as typed (`?chuong-trinh=&trang-thai=&tu-ngay=&den-ngay=`).
#[derive(Debug, Clone, Default, serde::Deserialize, serde::Serialize)]
#[serde(default)]
pub struct StaffQuery {
    pub programme: String,
    pub status: String,
    pub from: String,
    pub to: String,
}

/// The parsed filters and the problems found in them.
#[derive(Debug, Clone, Default)]
pub struct StaffFilter {
    pub programme: Option<i64>,
    pub status: Option<ApplicationStatus>,
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    pub errors: FieldErrors,
}

impl StaffQuery {
    pub fn parse(&self) -> StaffFilter {
        let mut f = StaffFilter::default();
        let p = self.programme.trim();
        if !p.is_empty() {
            match p.parse::<i64>() {
                Ok(id) => f.programme = Some(id),
                Err(_) => f
                    .errors
                    .add("programme", "Chương trình không có trong danh sách."),
            }
        }
        let s = self.status.trim();
        if !s.is_empty() {
            match ApplicationStatus::from_code(s) {
                Some(st) => f.status = Some(st),
                None => f
                    .errors
                    .add("status", "Trạng thái không có trong danh sách."),
            }
        }
        for (field, value, slot) in [
            ("from", &self.from, &mut f.from),
            ("to", &self.to, &mut f.to),
        ] {
            match crate::orgs::parse_date(value) {
                Ok(d) => *slot = d,
                Err(m) => f.errors.add(field, m),
            }
        }
        f
    }
}

/// Vietnamese midnight of `d` in UTC.
fn vn_midnight(d: NaiveDate) -> NaiveDateTime {
    d.and_time(chrono::NaiveTime::MIN) - chrono::Duration::hours(7)
}

fn choice_filter(institutions: Vec<i64>, f: &StaffFilter) -> ChoiceFilter {
    ChoiceFilter {
        institutions: Some(institutions),
        programme: f.programme,
        status: f.status.map(|s| s.code().to_owned()),
        from: f.from.map(vn_midnight),
        until: f.to.map(|d| vn_midnight(d + chrono::Duration::days(1))),
        with_anonymised: false,
        application: None,
    }
}

fn readable_ids(conn: &mut Conn, principal: &Principal) -> Result<Vec<i64>> {
    let ids: Vec<i64> = staff_institutions(conn, principal)?
        .into_iter()
        .map(|(id, _)| id)
        .collect();
    if ids.is_empty() {
        return Err(Error::Denied);
    }
    Ok(ids)
}

/// One page of the applications choosing this principal's institutions' programmes. The
/// view is written to the audit log (who, which filters, how many rows; no personal data).
pub fn staff_list(
    app: &App,
    conn: &mut Conn,
    principal: &Principal,
    query: &StaffQuery,
    page: PageRequest,
    meta: &RequestMeta,
) -> Result<Page<ChoiceItem>> {
    let ids = readable_ids(conn, principal)?;
    let f = query.parse();
    let result = store::list_choices(conn, &choice_filter(ids.clone(), &f), page)?;
    let now = app.now();
    write_tx(conn, |c| {
        audit::record(
            c,
            now,
            &Actor::principal(principal, meta),
            "application.list",
            ("applications", String::new()),
            ids.first().copied().map(OrgId),
            serde_json::json!({
                "institutions": ids,
                "programme": f.programme,
                "status": f.status.map(ApplicationStatus::code),
                "page": result.page,
                "rows": result.items.len(),
            }),
        )
    })?;
    Ok(result)
}

/// The programmes the filters offer: those of the principal's institutions with at least one
/// application, or an intake (id, label).
pub fn staff_programmes(conn: &mut Conn, principal: &Principal) -> Result<Vec<(i64, String)>> {
    let ids = readable_ids(conn, principal)?;
    let filter = ProgrammeFilter {
        institutions: Some(ids),
        ..ProgrammeFilter::default()
    };
    let page = prog_store::list(conn, &filter, PageRequest::new(1, 200))?;
    Ok(page
        .items
        .into_iter()
        .map(|(p, o, inst, _)| {
            let level = Level::from_code(&p.level).map_or("", Level::label);
            (
                p.id,
                format!(
                    "{} ({}) – {}",
                    o.name,
                    level.to_lowercase(),
                    inst.short_name
                ),
            )
        })
        .collect())
}

/// An application in the back office: only the choices of the principal's institutions, their
/// history with internal notes, and which of them the principal may move on.
#[derive(Debug, Clone)]
pub struct StaffView {
    pub view: ApplicationView,
    /// Choice ids the principal may change (editor or above of the institution).
    pub editable: Vec<i64>,
}

/// One application for its schools' staff. Applications of other schools are "not found".
/// Written to the audit log.
pub fn staff_view(
    app: &App,
    conn: &mut Conn,
    principal: &Principal,
    id: i64,
    meta: &RequestMeta,
) -> Result<StaffView> {
    let ids = readable_ids(conn, principal)?;
    let application = store::get(conn, id)?.ok_or(Error::NotFound)?;
    let choices: Vec<ChoiceView> = choice_views(conn, id)?
        .into_iter()
        .filter(|c| ids.contains(&c.institution_id))
        .collect();
    if choices.is_empty() {
        return Err(Error::NotFound);
    }
    let editable = choices
        .iter()
        .filter(|c| principal.editor_of(OrgId(c.institution_id)).is_ok())
        .map(|c| c.choice.id)
        .collect();
    let events = store::events_of(conn, id)?;
    let consents = store::consents_of(conn, id)?;
    let now = app.now();
    let org = choices.first().map(|c| OrgId(c.institution_id));
    write_tx(conn, |c| {
        audit::record(
            c,
            now,
            &Actor::principal(principal, meta),
            "application.view",
            ("application", id.to_string()),
            org,
            serde_json::json!({}),
        )
    })?;
    Ok(StaffView {
        view: ApplicationView {
            history: history(events, &choices, true),
            application,
            choices,
            consents,
        },
        editable,
    })
}

/// A status change and/or a note from the back office, as typed.
#[derive(Debug, Clone, Default, serde::Deserialize, serde::Serialize)]
#[serde(default)]
pub struct ChoiceAction {
    /// The new status's code; empty for a note only.
    pub status: String,
    pub note: String,
    /// The status the person saw when choosing (a hidden field of the form). When somebody
    /// else has changed it since, the status is left alone and the person is told. Empty when
    /// not sent.
    pub seen: String,
}

/// Moves one choice on (editors of the programme's institution) and/or adds an internal
/// note. Returns the application id.
pub fn act_on_choice(
    app: &App,
    conn: &mut Conn,
    principal: &Principal,
    choice_id: i64,
    action: &ChoiceAction,
    meta: &RequestMeta,
) -> Result<i64> {
    let choice = store::choice(conn, choice_id)?.ok_or(Error::NotFound)?;
    let programme = prog_store::get(conn, choice.programme_id)?.ok_or(Error::NotFound)?;
    let org = OrgId(programme.institution_id);
    // Only the programme's own school knows the choice exists.
    if principal.role_in(org).is_none() {
        return Err(Error::NotFound);
    }
    let cap = principal.editor_of(org)?;
    let application = store::get(conn, choice.application_id)?.ok_or(Error::NotFound)?;
    if application.anonymised_at.is_some() {
        return Err(Error::Conflict(
            "Hồ sơ này đã được ẩn danh nên không đổi được nữa.".into(),
        ));
    }
    let mut errors = FieldErrors::default();
    let note = lantoa_viet::normalize(action.note.trim()).replace("\r\n", "\n");
    if note.chars().count() > MAX_NOTE_CHARS {
        errors.add("note", "Ghi chú không quá 2.000 ký tự.");
    }
    let from = ApplicationStatus::from_code(&choice.status).unwrap_or(ApplicationStatus::New);
    let seen = action.seen.trim();
    let to = match action.status.trim() {
        "" => None,
        // A page opened before a colleague's change: never apply a decision made on old facts.
        _ if !seen.is_empty() && seen != from.code() => {
            errors.add(
                "status",
                format!(
                    "Trong lúc bạn xem, hồ sơ đã được chuyển sang “{}”. Trạng thái chưa được đổi: hãy xem lại rồi chọn lại.",
                    from.label()
                ),
            );
            None
        }
        code => match ApplicationStatus::from_code(code) {
            Some(to) => match dom::transition(from, to) {
                Ok(to) => Some(to),
                Err(_) => {
                    errors.add(
                        "status",
                        "Không chuyển được sang trạng thái này từ trạng thái hiện tại.",
                    );
                    None
                }
            },
            None => {
                errors.add("status", "Trạng thái không có trong danh sách.");
                None
            }
        },
    };
    if to.is_none() && note.is_empty() && errors.is_empty() {
        errors.add("note", "Vui lòng chọn trạng thái mới hoặc nhập ghi chú.");
    }
    errors.into_result()?;
    let now = app.now();
    let actor = Actor::principal(principal, meta);
    write_tx(conn, |c| {
        if let Some(to) = to {
            if !store::set_choice_status(c, choice_id, from.code(), to.code(), now)? {
                return Err(Error::Conflict(
                    "Hồ sơ vừa được người khác đổi trạng thái. Vui lòng tải lại trang.".into(),
                ));
            }
            store::insert_event(
                c,
                &NewEvent {
                    application_id: application.id,
                    choice_id: Some(choice_id),
                    actor_user_id: Some(principal.user.0),
                    actor_label: &principal.display_name,
                    kind: "status",
                    from_status: Some(from.code()),
                    to_status: Some(to.code()),
                    note: &note,
                    is_internal: false,
                },
                now,
            )?;
        } else {
            store::insert_event(
                c,
                &NewEvent {
                    application_id: application.id,
                    choice_id: Some(choice_id),
                    actor_user_id: Some(principal.user.0),
                    actor_label: &principal.display_name,
                    kind: "note",
                    note: &note,
                    is_internal: true,
                    ..NewEvent::default()
                },
                now,
            )?;
        }
        store::touch(c, application.id, now)?;
        audit::record(
            c,
            now,
            &actor,
            if to.is_some() {
                "application.status"
            } else {
                "application.note"
            },
            ("application", application.id.to_string()),
            Some(cap.org()),
            serde_json::json!({
                "choice": choice_id,
                "from": from.code(),
                "to": to.map(ApplicationStatus::code),
            }),
        )?;
        Ok(application.id)
    })
}

/// One programme's applications against its quota.
#[derive(Debug, Clone)]
pub struct QuotaLine {
    pub programme_id: i64,
    pub programme: String,
    pub institution: String,
    pub quota: i32,
    /// The open intakes' own quotas, when they have one.
    pub open_intake_quota: Option<i32>,
    /// Choices by status (anonymised ones included).
    pub by_status: Vec<(ApplicationStatus, i64)>,
    pub total: i64,
}

/// Applications against quota for each programme of the principal's institutions (the plan
/// owner and system administrators: every institution; counts only, no personal data).
pub fn quota_report(app: &App, conn: &mut Conn, principal: &Principal) -> Result<Vec<QuotaLine>> {
    let institutions = if principal.is_plan_owner || principal.is_system_admin {
        None
    } else {
        Some(readable_ids(conn, principal)?)
    };
    let filter = ProgrammeFilter {
        institutions,
        ..ProgrammeFilter::default()
    };
    let today = app.clock.today();
    let mut items = Vec::new();
    let mut page_no = 1;
    loop {
        let page = prog_store::list(conn, &filter, PageRequest::new(page_no, 200))?;
        let done = page.page >= page.page_count();
        items.extend(page.items);
        if done {
            break;
        }
        page_no += 1;
    }
    let ids: Vec<i64> = items.iter().map(|i| i.0.id).collect();
    let mut counts: HashMap<i64, Vec<(ApplicationStatus, i64)>> = HashMap::new();
    for (pid, status, n) in store::counts_by_programme(conn, &ids)? {
        if let Some(s) = ApplicationStatus::from_code(&status) {
            counts.entry(pid).or_default().push((s, n));
        }
    }
    let mut intake_quota: HashMap<i64, i32> = HashMap::new();
    for i in prog_store::intakes_for(conn, &ids)? {
        if IntakeState::on(i.opens_on, i.closes_on, today) == IntakeState::Open
            && let Some(q) = i.quota
        {
            *intake_quota.entry(i.programme_id).or_default() += q;
        }
    }
    let mut out: Vec<QuotaLine> = items
        .into_iter()
        .map(|(p, o, inst, _)| {
            let by_status: Vec<(ApplicationStatus, i64)> = ApplicationStatus::ALL
                .iter()
                .map(|s| {
                    let n = counts
                        .get(&p.id)
                        .and_then(|v| v.iter().find(|(x, _)| x == s))
                        .map_or(0, |(_, n)| *n);
                    (*s, n)
                })
                .collect();
            let total = by_status.iter().map(|(_, n)| n).sum();
            let level = Level::from_code(&p.level).map_or("", Level::label);
            QuotaLine {
                programme_id: p.id,
                programme: format!("{} ({})", o.name, level.to_lowercase()),
                institution: inst.short_name,
                quota: p.quota,
                open_intake_quota: intake_quota.get(&p.id).copied(),
                by_status,
                total,
            }
        })
        .collect();
    out.sort_by_key(|l| std::cmp::Reverse(l.total));
    Ok(out)
}

/// The most rows an export holds.
pub const MAX_EXPORT_ROWS: i64 = 20_000;

/// The filtered list as an XLSX workbook with Vietnamese headers, real dates and numbers.
/// Written to the audit log.
pub fn staff_export(
    app: &App,
    conn: &mut Conn,
    principal: &Principal,
    query: &StaffQuery,
    meta: &RequestMeta,
) -> Result<Vec<u8>> {
    use lantoa_export::{Cell, Column, Sheet, Table, Workbook};
    let ids = readable_ids(conn, principal)?;
    let f = query.parse();
    let mut rows = Vec::new();
    let mut page_no = 1;
    loop {
        let page = store::list_choices(
            conn,
            &choice_filter(ids.clone(), &f),
            PageRequest::new(page_no, 200),
        )?;
        let done = page.page >= page.page_count() || page.page * 200 >= MAX_EXPORT_ROWS;
        rows.extend(page.items);
        if done {
            break;
        }
        page_no += 1;
    }
    let vn_date = |t: NaiveDateTime| (t + chrono::Duration::hours(7)).date();
    let table_rows: Vec<Vec<Cell>> = rows
        .iter()
        .map(|(c, a, p, o, inst)| {
            let status =
                ApplicationStatus::from_code(&c.status).map_or("", ApplicationStatus::label);
            vec![
                Cell::from(a.reference_code.as_str()),
                Cell::Date(vn_date(a.created_at)),
                Cell::from(a.full_name.as_str()),
                Cell::from(a.birth_date),
                Cell::from(
                    a.gender
                        .as_deref()
                        .and_then(Gender::from_code)
                        .map_or("", Gender::label),
                ),
                Cell::from(dom::display_phone(&a.phone)),
                Cell::from(a.email.as_str()),
                Cell::from(a.commune.as_str()),
                Cell::from(Schooling::from_code(&a.schooling).map_or("", Schooling::label)),
                Cell::from(
                    a.target_group
                        .as_deref()
                        .and_then(TargetGroup::from_code)
                        .map_or("", TargetGroup::label),
                ),
                Cell::from(a.guardian_name.as_str()),
                Cell::from(if a.guardian_phone.is_empty() {
                    String::new()
                } else {
                    dom::display_phone(&a.guardian_phone)
                }),
                Cell::Int(i64::from(c.preference)),
                Cell::from(o.name.as_str()),
                Cell::from(Level::from_code(&p.level).map_or("", Level::label)),
                Cell::from(inst.short_name.as_str()),
                Cell::from(status),
                Cell::Date(vn_date(c.updated_at)),
            ]
        })
        .collect();
    let book = Workbook {
        sheets: vec![Sheet {
            name: "Hồ sơ tuyển sinh".into(),
            title: Some(format!(
                "Danh sách hồ sơ đăng ký tuyển sinh (xuất ngày {})",
                crate::clock::format_date(app.clock.today())
            )),
            table: Table {
                caption: None,
                columns: vec![
                    Column::text("Mã hồ sơ", 24),
                    Column::text("Ngày nộp", 24),
                    Column::text("Họ và tên", 50),
                    Column::text("Ngày sinh", 24),
                    Column::text("Giới tính", 16),
                    Column::text("Điện thoại", 30),
                    Column::text("Thư điện tử", 45),
                    Column::text("Xã, phường", 45),
                    Column::text("Trình độ văn hóa", 40),
                    Column::text("Đối tượng", 45),
                    Column::text("Cha, mẹ hoặc người giám hộ", 45),
                    Column::text("Điện thoại người giám hộ", 30),
                    Column::number("Nguyện vọng", 18),
                    Column::text("Chương trình", 55),
                    Column::text("Trình độ", 20),
                    Column::text("Cơ sở đào tạo", 40),
                    Column::text("Trạng thái", 25),
                    Column::text("Cập nhật", 24),
                ],
                rows: table_rows,
                total_row: None,
            },
        }],
    };
    let bytes = lantoa_export::xlsx(&book).map_err(|e| Error::Internal(e.to_string()))?;
    let now = app.now();
    write_tx(conn, |c| {
        audit::record(
            c,
            now,
            &Actor::principal(principal, meta),
            "application.export",
            ("applications", String::new()),
            ids.first().copied().map(OrgId),
            serde_json::json!({
                "institutions": ids,
                "programme": f.programme,
                "status": f.status.map(ApplicationStatus::code),
                "rows": rows.len(),
            }),
        )
    })?;
    Ok(bytes)
}

// --- Retention -------------------------------------------------------------------------------

/// Anonymises the applications untouched for longer than the retention period and purges
/// the rate-limit counters older than a day. Returns how many applications were anonymised.
pub fn anonymise_due(app: &App, conn: &mut Conn) -> Result<usize> {
    let now = app.now();
    let before = now - chrono::Duration::days(app.applications.retention_days);
    let mut done = 0;
    loop {
        let ids = store::due_for_anonymisation(conn, before, 200)?;
        if ids.is_empty() {
            break;
        }
        let n = write_tx(conn, |c| -> Result<usize> {
            let mut n = 0;
            for id in &ids {
                if store::anonymise(c, *id, now)? {
                    store::insert_event(
                        c,
                        &NewEvent {
                            application_id: *id,
                            actor_label: SYSTEM,
                            kind: "anonymised",
                            ..NewEvent::default()
                        },
                        now,
                    )?;
                    n += 1;
                }
            }
            Ok(n)
        })?;
        done += n;
        if n == 0 {
            break;
        }
    }
    write_tx(conn, |c| -> Result<()> {
        store::purge_attempts(c, now - chrono::Duration::days(1))?;
        if done > 0 {
            audit::record(
                c,
                now,
                &Actor::system("lantoa"),
                "application.anonymise",
                ("applications", String::new()),
                None,
                serde_json::json!({
                    "count": done,
                    "retention_days": app.applications.retention_days,
                }),
            )?;
        }
        Ok(())
    })?;
    Ok(done)
}

// --- Demo ------------------------------------------------------------------------------------

/// Demo applicants: (name, date of birth, gender, phone, commune, schooling, target group).
const DEMO_PEOPLE: &[(&str, &str, &str, &str, &str, &str, &str)] = &[
    (
        "Nguyễn Văn Hùng",
        "2009-03-14",
        "male",
        "0912000101",
        "Phường Rạch Giá",
        "thcs",
        "",
    ),
    (
        "Trần Thị Mỹ Duyên",
        "2008-07-02",
        "female",
        "0933000102",
        "Xã Hòn Đất",
        "thcs",
        "",
    ),
    (
        "Lê Hoàng Phúc",
        "2006-11-20",
        "male",
        "0977000103",
        "Phường Vĩnh Thông",
        "thpt",
        "",
    ),
    (
        "Phạm Thị Ngọc Trâm",
        "2007-01-09",
        "female",
        "0868000104",
        "Xã Giồng Riềng",
        "thpt",
        "",
    ),
    (
        "Huỳnh Văn Tài",
        "1999-05-30",
        "male",
        "0389000105",
        "Xã Tân Hiệp",
        "other",
        "demobilised_soldier",
    ),
    (
        "Danh Thị Sa Rươne",
        "2004-09-12",
        "female",
        "0705000106",
        "Xã Gò Quao",
        "thcs",
        "ethnic_minority",
    ),
    (
        "Võ Minh Khang",
        "2009-12-01",
        "male",
        "0943000107",
        "Xã Kiên Lương",
        "thcs",
        "",
    ),
    (
        "Đặng Thị Thu Thảo",
        "1995-02-17",
        "female",
        "0567000108",
        "Xã An Biên",
        "other",
        "rural_worker",
    ),
    (
        "Bùi Quốc Việt",
        "2005-06-25",
        "male",
        "0816000109",
        "Đặc khu Phú Quốc",
        "thpt",
        "",
    ),
    (
        "Ngô Thị Kim Ngân",
        "2008-10-10",
        "female",
        "0898000110",
        "Xã Vĩnh Thuận",
        "thcs",
        "poor_household",
    ),
    (
        "Thạch Văn Rô",
        "1990-08-08",
        "male",
        "0376000111",
        "Xã U Minh Thượng",
        "other",
        "disabled",
    ),
    (
        "Lâm Thị Bích Tuyền",
        "2006-04-04",
        "female",
        "0921000112",
        "Phường Tô Châu",
        "thpt",
        "",
    ),
    (
        "Trương Công Danh",
        "2007-07-27",
        "male",
        "0909000113",
        "Xã Châu Thành",
        "thpt",
        "",
    ),
    (
        "Mai Thị Hồng Nhung",
        "2009-01-31",
        "female",
        "0839000114",
        "Xã Định An",
        "thcs",
        "",
    ),
];

/// The demo's statuses, one path per applicant (the last status reached).
const DEMO_STATUSES: [ApplicationStatus; 7] = [
    ApplicationStatus::New,
    ApplicationStatus::Contacted,
    ApplicationStatus::Eligible,
    ApplicationStatus::Admitted,
    ApplicationStatus::Enrolled,
    ApplicationStatus::Rejected,
    ApplicationStatus::Withdrawn,
];

/// The statuses a choice passes through to reach `last`.
fn path_to(last: ApplicationStatus) -> Vec<ApplicationStatus> {
    use ApplicationStatus::*;
    match last {
        New => vec![],
        Contacted => vec![Contacted],
        Eligible => vec![Contacted, Eligible],
        Admitted => vec![Contacted, Eligible, Admitted],
        Enrolled => vec![Contacted, Eligible, Admitted, Enrolled],
        Rejected => vec![Contacted, Rejected],
        Withdrawn => vec![Withdrawn],
    }
}

/// Seeds demo applications (each status at least twice, at several institutions) when there
/// are none yet. Returns how many were added.
pub fn seed_demo(app: &App, conn: &mut Conn) -> Result<usize> {
    if store::count(conn)? > 0 {
        return Ok(0);
    }
    let today = app.clock.today();
    let open = open_programmes(conn, today)?;
    if open.is_empty() {
        return Ok(0);
    }
    let now = app.now();
    write_tx(conn, |c| -> Result<usize> {
        let mut n = 0;
        for (i, (name, birth, gender, phone, commune, schooling, group)) in
            DEMO_PEOPLE.iter().enumerate()
        {
            let Ok(birth) = NaiveDate::parse_from_str(birth, "%Y-%m-%d") else {
                continue;
            };
            let is_minor = dom::is_minor(birth, today);
            let applicant = Applicant {
                full_name: (*name).to_owned(),
                name_key: dom::name_key(name),
                birth_date: Some(birth),
                gender: Some((*gender).to_owned()),
                phone: (*phone).to_owned(),
                email: String::new(),
                commune: (*commune).to_owned(),
                schooling: (*schooling).to_owned(),
                target_group: Some((*group).to_owned()).filter(|g| !g.is_empty()),
                is_minor,
                guardian_name: if is_minor {
                    "Phụ huynh (dữ liệu mẫu)".to_owned()
                } else {
                    String::new()
                },
                guardian_phone: if is_minor {
                    "0919000199".to_owned()
                } else {
                    String::new()
                },
            };
            let days_ago = i64::try_from(i).unwrap_or(0) * 2 + 1;
            let at = now - chrono::Duration::days(days_ago);
            let (id, _) = insert_with_code(c, &applicant, true, at)?;
            let valid = ValidApplication {
                applicant,
                choices: Vec::new(),
                counselling: i % 2 == 0,
            };
            record_consents(c, id, &valid, at)?;
            store::insert_event(
                c,
                &NewEvent {
                    application_id: id,
                    actor_label: APPLICANT,
                    kind: "submitted",
                    to_status: Some(ApplicationStatus::New.code()),
                    ..NewEvent::default()
                },
                at,
            )?;
            // First choice at one institution, a second choice elsewhere for some.
            let first = &open[(i * 7) % open.len()];
            let mut picks = vec![first];
            if i % 3 == 0
                && let Some(second) = open
                    .iter()
                    .find(|p| p.programme.institution_id != first.programme.institution_id)
            {
                picks.push(second);
            }
            for (k, p) in picks.into_iter().enumerate() {
                let last = DEMO_STATUSES[(i + k) % DEMO_STATUSES.len()];
                let choice = store::insert_choice(
                    c,
                    id,
                    i32::try_from(k + 1).unwrap_or(1),
                    p.programme.id,
                    Some(p.intake.id),
                    last.code(),
                    at,
                )?;
                let mut from = ApplicationStatus::New;
                for (step, to) in path_to(last).into_iter().enumerate() {
                    let when =
                        at + chrono::Duration::hours(6 * (i64::try_from(step).unwrap_or(0) + 1));
                    store::insert_event(
                        c,
                        &NewEvent {
                            application_id: id,
                            choice_id: Some(choice),
                            actor_label: "Phòng Đào tạo (dữ liệu mẫu)",
                            kind: "status",
                            from_status: Some(from.code()),
                            to_status: Some(to.code()),
                            ..NewEvent::default()
                        },
                        when,
                    )?;
                    from = to;
                }
            }
            n += 1;
        }
        Ok(n)
    })
}
