//! Online applications: the applicant, their ranked programme choices (each with its own
//! status, worked by the school that runs the programme), consent answers, the history, and
//! the attempts counted by the public forms' rate limits (docs/adr/0011).

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;

use crate::occupations::OccupationRow;
use crate::orgs::OrgRow;
use crate::programmes::ProgrammeRow;
use crate::schema::{
    application_choices as choices, application_consents as consents, application_events as events,
    applications, form_attempts, occupations, organisations, programmes,
};
use crate::{Conn, Page, PageRequest, StoreResult};

/// An application as stored. Once anonymised, the identity columns are blank.
#[derive(Debug, Clone, PartialEq, Eq, Queryable, Selectable)]
#[diesel(table_name = applications)]
pub struct ApplicationRow {
    pub id: i64,
    pub reference_code: String,
    pub full_name: String,
    pub name_key: String,
    pub birth_date: Option<NaiveDate>,
    /// `lantoa_domain::application::Gender` code.
    pub gender: Option<String>,
    pub phone: String,
    pub email: String,
    pub commune: String,
    /// `lantoa_domain::application::Schooling` code.
    pub schooling: String,
    /// `lantoa_domain::programme::TargetGroup` code.
    pub target_group: Option<String>,
    pub is_minor: bool,
    pub guardian_name: String,
    pub guardian_phone: String,
    pub is_demo: bool,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub anonymised_at: Option<NaiveDateTime>,
}

/// The applicant's answers, validated by the application layer.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Applicant {
    pub full_name: String,
    pub name_key: String,
    pub birth_date: Option<NaiveDate>,
    pub gender: Option<String>,
    pub phone: String,
    pub email: String,
    pub commune: String,
    pub schooling: String,
    pub target_group: Option<String>,
    pub is_minor: bool,
    pub guardian_name: String,
    pub guardian_phone: String,
}

pub fn insert(
    conn: &mut Conn,
    code: &str,
    a: &Applicant,
    is_demo: bool,
    now: NaiveDateTime,
) -> StoreResult<i64> {
    Ok(diesel::insert_into(applications::table)
        .values((
            applications::reference_code.eq(code),
            applications::full_name.eq(&a.full_name),
            applications::name_key.eq(&a.name_key),
            applications::birth_date.eq(a.birth_date),
            applications::gender.eq(&a.gender),
            applications::phone.eq(&a.phone),
            applications::email.eq(&a.email),
            applications::commune.eq(&a.commune),
            applications::schooling.eq(&a.schooling),
            applications::target_group.eq(&a.target_group),
            applications::is_minor.eq(a.is_minor),
            applications::guardian_name.eq(&a.guardian_name),
            applications::guardian_phone.eq(&a.guardian_phone),
            applications::is_demo.eq(is_demo),
            applications::created_at.eq(now),
            applications::updated_at.eq(now),
        ))
        .returning(applications::id)
        .get_result(conn)?)
}

/// Replaces the applicant's answers (a merged second submission brings the latest ones).
pub fn update_applicant(
    conn: &mut Conn,
    id: i64,
    a: &Applicant,
    now: NaiveDateTime,
) -> StoreResult<()> {
    diesel::update(applications::table.find(id))
        .set((
            applications::full_name.eq(&a.full_name),
            applications::gender.eq(&a.gender),
            applications::email.eq(&a.email),
            applications::commune.eq(&a.commune),
            applications::schooling.eq(&a.schooling),
            applications::target_group.eq(&a.target_group),
            applications::is_minor.eq(a.is_minor),
            applications::guardian_name.eq(&a.guardian_name),
            applications::guardian_phone.eq(&a.guardian_phone),
            applications::updated_at.eq(now),
        ))
        .execute(conn)?;
    Ok(())
}

/// Marks the application as changed now (retention counts from the last change).
pub fn touch(conn: &mut Conn, id: i64, now: NaiveDateTime) -> StoreResult<()> {
    diesel::update(applications::table.find(id))
        .set(applications::updated_at.eq(now))
        .execute(conn)?;
    Ok(())
}

pub fn get(conn: &mut Conn, id: i64) -> StoreResult<Option<ApplicationRow>> {
    Ok(applications::table
        .find(id)
        .select(ApplicationRow::as_select())
        .first(conn)
        .optional()?)
}

pub fn by_code(conn: &mut Conn, code: &str) -> StoreResult<Option<ApplicationRow>> {
    Ok(applications::table
        .filter(applications::reference_code.eq(code))
        .select(ApplicationRow::as_select())
        .first(conn)
        .optional()?)
}

/// Applications not yet anonymised of the person with this phone, date of birth and name key,
/// oldest first.
pub fn of_person(
    conn: &mut Conn,
    phone: &str,
    birth_date: NaiveDate,
    name_key: &str,
) -> StoreResult<Vec<ApplicationRow>> {
    Ok(applications::table
        .filter(applications::phone.eq(phone))
        .filter(applications::birth_date.eq(birth_date))
        .filter(applications::name_key.eq(name_key))
        .filter(applications::anonymised_at.is_null())
        .order(applications::id.asc())
        .select(ApplicationRow::as_select())
        .load(conn)?)
}

pub fn count(conn: &mut Conn) -> StoreResult<i64> {
    Ok(applications::table.count().get_result(conn)?)
}

// --- Choices ---------------------------------------------------------------------------------

/// One programme chosen in an application, with its status.
#[derive(Debug, Clone, PartialEq, Eq, Queryable, Selectable)]
#[diesel(table_name = choices)]
pub struct ChoiceRow {
    pub id: i64,
    pub application_id: i64,
    /// Nguyện vọng 1–3.
    pub preference: i32,
    pub programme_id: i64,
    pub intake_id: Option<i64>,
    /// `lantoa_domain::application::ApplicationStatus` code.
    pub status: String,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

pub fn insert_choice(
    conn: &mut Conn,
    application_id: i64,
    preference: i32,
    programme_id: i64,
    intake_id: Option<i64>,
    status: &str,
    now: NaiveDateTime,
) -> StoreResult<i64> {
    Ok(diesel::insert_into(choices::table)
        .values((
            choices::application_id.eq(application_id),
            choices::preference.eq(preference),
            choices::programme_id.eq(programme_id),
            choices::intake_id.eq(intake_id),
            choices::status.eq(status),
            choices::created_at.eq(now),
            choices::updated_at.eq(now),
        ))
        .returning(choices::id)
        .get_result(conn)?)
}

pub fn choice(conn: &mut Conn, id: i64) -> StoreResult<Option<ChoiceRow>> {
    Ok(choices::table
        .find(id)
        .select(ChoiceRow::as_select())
        .first(conn)
        .optional()?)
}

/// How many application choices name this intake (the one open when they chose it).
/// Anonymised applications count too: their choices stay for statistics.
pub fn choices_of_intake(conn: &mut Conn, intake_id: i64) -> StoreResult<i64> {
    Ok(choices::table
        .filter(choices::intake_id.eq(intake_id))
        .count()
        .get_result(conn)?)
}

/// The choices of these applications, by application and preference.
pub fn choices_of(conn: &mut Conn, application_ids: &[i64]) -> StoreResult<Vec<ChoiceRow>> {
    if application_ids.is_empty() {
        return Ok(Vec::new());
    }
    Ok(choices::table
        .filter(choices::application_id.eq_any(application_ids))
        .order((choices::application_id.asc(), choices::preference.asc()))
        .select(ChoiceRow::as_select())
        .load(conn)?)
}

/// Sets a choice's status if it still has `from` (so two people acting at once cannot both
/// move it). Returns whether it changed.
pub fn set_choice_status(
    conn: &mut Conn,
    id: i64,
    from: &str,
    to: &str,
    now: NaiveDateTime,
) -> StoreResult<bool> {
    let n = diesel::update(
        choices::table
            .filter(choices::id.eq(id))
            .filter(choices::status.eq(from)),
    )
    .set((choices::status.eq(to), choices::updated_at.eq(now)))
    .execute(conn)?;
    Ok(n == 1)
}

/// A choice with its application, programme, occupation and institution.
pub type ChoiceItem = (
    ChoiceRow,
    ApplicationRow,
    ProgrammeRow,
    OccupationRow,
    OrgRow,
);

/// Filters for the back office's list. Every condition given must hold.
#[derive(Debug, Clone, Default)]
pub struct ChoiceFilter {
    /// Only choices of programmes of these institutions (`None`: all).
    pub institutions: Option<Vec<i64>>,
    pub programme: Option<i64>,
    pub status: Option<String>,
    /// Submitted on or after this moment (UTC).
    pub from: Option<NaiveDateTime>,
    /// Submitted before this moment (UTC).
    pub until: Option<NaiveDateTime>,
    /// Include anonymised applications (kept for statistics only).
    pub with_anonymised: bool,
    /// Only these applications.
    pub application: Option<i64>,
}

/// Choices, newest application first.
pub fn list_choices(
    conn: &mut Conn,
    filter: &ChoiceFilter,
    page: PageRequest,
) -> StoreResult<Page<ChoiceItem>> {
    let build = || {
        let mut q = choices::table
            .inner_join(applications::table)
            .inner_join(
                programmes::table
                    .inner_join(occupations::table)
                    .inner_join(organisations::table),
            )
            .into_boxed();
        if let Some(only) = &filter.institutions {
            q = q.filter(programmes::institution_id.eq_any(only.clone()));
        }
        if let Some(p) = filter.programme {
            q = q.filter(choices::programme_id.eq(p));
        }
        if let Some(s) = &filter.status {
            q = q.filter(choices::status.eq(s.clone()));
        }
        if let Some(from) = filter.from {
            q = q.filter(applications::created_at.ge(from));
        }
        if let Some(until) = filter.until {
            q = q.filter(applications::created_at.lt(until));
        }
        if !filter.with_anonymised {
            q = q.filter(applications::anonymised_at.is_null());
        }
        if let Some(a) = filter.application {
            q = q.filter(choices::application_id.eq(a));
        }
        q
    };
    let total = build().count().get_result::<i64>(conn)?;
    let items = build()
        .order((
            applications::created_at.desc(),
            applications::id.desc(),
            choices::preference.asc(),
        ))
        .limit(page.per_page)
        .offset(page.offset())
        .select((
            ChoiceRow::as_select(),
            ApplicationRow::as_select(),
            ProgrammeRow::as_select(),
            OccupationRow::as_select(),
            OrgRow::as_select(),
        ))
        .load(conn)?;
    Ok(Page {
        items,
        total,
        page: page.page,
        per_page: page.per_page,
    })
}

/// How many choices each programme has in each status: (programme id, status, count). The
/// anonymised ones count too: they are the statistics.
pub fn counts_by_programme(
    conn: &mut Conn,
    programme_ids: &[i64],
) -> StoreResult<Vec<(i64, String, i64)>> {
    if programme_ids.is_empty() {
        return Ok(Vec::new());
    }
    Ok(choices::table
        .filter(choices::programme_id.eq_any(programme_ids))
        .group_by((choices::programme_id, choices::status))
        .select((
            choices::programme_id,
            choices::status,
            diesel::dsl::count_star(),
        ))
        .load(conn)?)
}

// --- Consents --------------------------------------------------------------------------------

/// One consent answer.
#[derive(Debug, Clone, PartialEq, Eq, Queryable, Selectable)]
#[diesel(table_name = consents)]
pub struct ConsentRow {
    pub id: i64,
    pub application_id: i64,
    pub purpose: String,
    pub version: String,
    pub granted: bool,
    pub given_by: String,
    pub at: NaiveDateTime,
}

pub fn insert_consent(
    conn: &mut Conn,
    application_id: i64,
    purpose: &str,
    version: &str,
    granted: bool,
    given_by: &str,
    at: NaiveDateTime,
) -> StoreResult<()> {
    diesel::insert_into(consents::table)
        .values((
            consents::application_id.eq(application_id),
            consents::purpose.eq(purpose),
            consents::version.eq(version),
            consents::granted.eq(granted),
            consents::given_by.eq(given_by),
            consents::at.eq(at),
        ))
        .execute(conn)?;
    Ok(())
}

pub fn consents_of(conn: &mut Conn, application_id: i64) -> StoreResult<Vec<ConsentRow>> {
    Ok(consents::table
        .filter(consents::application_id.eq(application_id))
        .order(consents::id.asc())
        .select(ConsentRow::as_select())
        .load(conn)?)
}

// --- History ---------------------------------------------------------------------------------

/// One entry of an application's history.
#[derive(Debug, Clone, PartialEq, Eq, Queryable, Selectable)]
#[diesel(table_name = events)]
pub struct EventRow {
    pub id: i64,
    pub application_id: i64,
    pub choice_id: Option<i64>,
    pub at: NaiveDateTime,
    pub actor_user_id: Option<i64>,
    pub actor_label: String,
    /// `submitted`, `merged`, `status`, `note`, `download`, `erased`, `anonymised`.
    pub kind: String,
    pub from_status: Option<String>,
    pub to_status: Option<String>,
    pub note: String,
    /// Staff notes: never shown to the applicant.
    pub is_internal: bool,
}

/// A new history entry.
#[derive(Debug, Clone, Default)]
pub struct NewEvent<'a> {
    pub application_id: i64,
    pub choice_id: Option<i64>,
    pub actor_user_id: Option<i64>,
    pub actor_label: &'a str,
    pub kind: &'a str,
    pub from_status: Option<&'a str>,
    pub to_status: Option<&'a str>,
    pub note: &'a str,
    pub is_internal: bool,
}

pub fn insert_event(conn: &mut Conn, e: &NewEvent<'_>, at: NaiveDateTime) -> StoreResult<()> {
    diesel::insert_into(events::table)
        .values((
            events::application_id.eq(e.application_id),
            events::choice_id.eq(e.choice_id),
            events::at.eq(at),
            events::actor_user_id.eq(e.actor_user_id),
            events::actor_label.eq(e.actor_label),
            events::kind.eq(e.kind),
            events::from_status.eq(e.from_status),
            events::to_status.eq(e.to_status),
            events::note.eq(e.note),
            events::is_internal.eq(e.is_internal),
        ))
        .execute(conn)?;
    Ok(())
}

/// An application's history, oldest first.
pub fn events_of(conn: &mut Conn, application_id: i64) -> StoreResult<Vec<EventRow>> {
    Ok(events::table
        .filter(events::application_id.eq(application_id))
        .order((events::at.asc(), events::id.asc()))
        .select(EventRow::as_select())
        .load(conn)?)
}

// --- Anonymisation ---------------------------------------------------------------------------

/// Erases the applicant's identity: name, date of birth, gender, contacts, commune, guardian,
/// and the text of every note; keeps the choices, statuses, dates, schooling, target group
/// and the minor flag for statistics. Returns false when it was already anonymised.
pub fn anonymise(conn: &mut Conn, id: i64, now: NaiveDateTime) -> StoreResult<bool> {
    let n = diesel::update(
        applications::table
            .filter(applications::id.eq(id))
            .filter(applications::anonymised_at.is_null()),
    )
    .set((
        applications::full_name.eq(""),
        applications::name_key.eq(""),
        applications::birth_date.eq(None::<NaiveDate>),
        applications::gender.eq(None::<String>),
        applications::phone.eq(""),
        applications::email.eq(""),
        applications::commune.eq(""),
        applications::guardian_name.eq(""),
        applications::guardian_phone.eq(""),
        applications::updated_at.eq(now),
        applications::anonymised_at.eq(Some(now)),
    ))
    .execute(conn)?;
    if n == 1 {
        diesel::update(events::table.filter(events::application_id.eq(id)))
            .set(events::note.eq(""))
            .execute(conn)?;
    }
    Ok(n == 1)
}

/// Ids of applications not yet anonymised whose last change is before `before`, oldest first,
/// at most `limit`.
pub fn due_for_anonymisation(
    conn: &mut Conn,
    before: NaiveDateTime,
    limit: i64,
) -> StoreResult<Vec<i64>> {
    Ok(applications::table
        .filter(applications::anonymised_at.is_null())
        .filter(applications::updated_at.lt(before))
        .order(applications::updated_at.asc())
        .limit(limit)
        .select(applications::id)
        .load(conn)?)
}

// --- Rate limits of the public forms ---------------------------------------------------------

pub fn record_attempt(
    conn: &mut Conn,
    form: &str,
    client_key: &str,
    at: NaiveDateTime,
) -> StoreResult<()> {
    diesel::insert_into(form_attempts::table)
        .values((
            form_attempts::at.eq(at),
            form_attempts::form.eq(form),
            form_attempts::client_key.eq(client_key),
        ))
        .execute(conn)?;
    Ok(())
}

/// Attempts at `form` by `client_key` since `since`.
pub fn attempts_since(
    conn: &mut Conn,
    form: &str,
    client_key: &str,
    since: NaiveDateTime,
) -> StoreResult<i64> {
    Ok(form_attempts::table
        .filter(form_attempts::form.eq(form))
        .filter(form_attempts::client_key.eq(client_key))
        .filter(form_attempts::at.ge(since))
        .count()
        .get_result(conn)?)
}

/// Deletes attempts older than `before`.
pub fn purge_attempts(conn: &mut Conn, before: NaiveDateTime) -> StoreResult<usize> {
    Ok(diesel::delete(form_attempts::table.filter(form_attempts::at.lt(before))).execute(conn)?)
}
