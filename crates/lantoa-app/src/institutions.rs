//! The institutions directory: the profile each vocational institution keeps (type,
//! public/private, coordinates) on top of its organisation record (address, contacts,
//! website, description), and the public directory's reads.

use chrono::NaiveDate;
use lantoa_domain::OrgId;
use lantoa_domain::access::{OrgAdmin, OrgReader, Principal};
use lantoa_domain::directory::{Coordinates, InstitutionType, Ownership};
use lantoa_store::institutions::{
    self as store, InstitutionFilter, InstitutionItem, ProfileFields, ProfileRow,
};
use lantoa_store::orgs::{self, OrgRow};
use lantoa_store::{Conn, Page, PageRequest, admin_units, write_tx};

use crate::audit::{self, Actor};
use crate::occupations::{MAX_QUERY_CHARS, clip};
use crate::{App, Error, FieldErrors, RequestMeta, Result};

/// The profile form as typed.
#[derive(Debug, Clone, Default, serde::Deserialize, serde::Serialize)]
#[serde(default)]
pub struct ProfileForm {
    pub institution_type: String,
    pub ownership: String,
    pub lat: String,
    pub lon: String,
}

impl ProfileForm {
    pub fn from_row(p: Option<&ProfileRow>) -> ProfileForm {
        let Some(p) = p else {
            return ProfileForm::default();
        };
        let c = coordinates(p);
        ProfileForm {
            institution_type: p.institution_type.clone(),
            ownership: p.ownership.clone(),
            lat: c.map(|c| c.lat_text()).unwrap_or_default(),
            lon: c.map(|c| c.lon_text()).unwrap_or_default(),
        }
    }
}

/// A profile's coordinates, when both are known.
pub fn coordinates(p: &ProfileRow) -> Option<Coordinates> {
    match (p.lat_e6, p.lon_e6) {
        (Some(lat_e6), Some(lon_e6)) => Some(Coordinates { lat_e6, lon_e6 }),
        _ => None,
    }
}

pub fn validate(form: &ProfileForm) -> Result<ProfileFields> {
    let mut errors = FieldErrors::default();
    if InstitutionType::from_code(&form.institution_type).is_none() {
        errors.add("institution_type", "Vui lòng chọn loại hình cơ sở.");
    }
    if Ownership::from_code(&form.ownership).is_none() {
        errors.add("ownership", "Vui lòng chọn công lập hoặc tư thục.");
    }
    let coords = match Coordinates::parse(&form.lat, &form.lon) {
        Ok(c) => c,
        Err(problems) => {
            for (field, e) in problems {
                errors.add(field, e.message);
            }
            None
        }
    };
    errors.into_result()?;
    Ok(ProfileFields {
        institution_type: form.institution_type.clone(),
        ownership: form.ownership.clone(),
        lat_e6: coords.map(|c| c.lat_e6),
        lon_e6: coords.map(|c| c.lon_e6),
    })
}

/// The institution's own record, refusing organisations that are not institutions.
fn institution(conn: &mut Conn, org: OrgId) -> Result<OrgRow> {
    let row = orgs::get(conn, org)?.ok_or(Error::NotFound)?;
    if row.kind != store::KIND {
        return Err(Error::NotFound);
    }
    Ok(row)
}

/// An institution's record and profile, for someone who may read its back-office data.
pub fn profile(conn: &mut Conn, cap: OrgReader<'_>) -> Result<(OrgRow, Option<ProfileRow>)> {
    let org = institution(conn, cap.org())?;
    let p = store::profile(conn, cap.org())?;
    Ok((org, p))
}

/// Saves an institution's directory profile: its own administrators (or a system
/// administrator) only.
pub fn update_profile(
    app: &App,
    conn: &mut Conn,
    cap: OrgAdmin<'_>,
    form: &ProfileForm,
    meta: &RequestMeta,
) -> Result<()> {
    institution(conn, cap.org())?;
    let fields = validate(form)?;
    let now = app.now();
    write_tx::<_, Error, _>(conn, |c| {
        store::save_profile(c, cap.org(), &fields, Some(cap.principal().user.0), now)?;
        audit::record(
            c,
            now,
            &Actor::principal(cap.principal(), meta),
            "institution.profile_update",
            ("organisation", cap.org().to_string()),
            Some(cap.org()),
            serde_json::json!({
                "type": fields.institution_type,
                "ownership": fields.ownership,
                "has_coordinates": fields.lat_e6.is_some(),
            }),
        )
    })?;
    crate::search::institution_changed(app, conn, cap.org().0);
    Ok(())
}

/// Institutions in the back office: every institution the principal may read, ended ones
/// included, with whether the principal may edit each profile.
pub fn back_office_list(
    conn: &mut Conn,
    principal: &Principal,
    page: PageRequest,
) -> Result<Page<(InstitutionItem, bool)>> {
    if !principal.can_enter_back_office() {
        return Err(Error::Denied);
    }
    let filter = InstitutionFilter {
        only: principal.readable_orgs(),
        ..InstitutionFilter::default()
    };
    Ok(store::list(conn, &filter, page)?.map(|(o, p)| {
        let editable = principal.admin_of(o.org_id()).is_ok();
        ((o, p), editable)
    }))
}

/// The public list's filters as typed, cleaned.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct InstitutionQuery {
    pub q: String,
    pub institution_type: Option<InstitutionType>,
    pub ownership: Option<Ownership>,
    /// Administrative unit code (digits only).
    pub area: String,
}

impl InstitutionQuery {
    pub fn new(q: &str, institution_type: &str, ownership: &str, area: &str) -> InstitutionQuery {
        let area = area.trim();
        InstitutionQuery {
            q: clip(q, MAX_QUERY_CHARS),
            institution_type: InstitutionType::from_code(institution_type.trim()),
            ownership: Ownership::from_code(ownership.trim()),
            area: if area.len() <= 10 && area.chars().all(|c| c.is_ascii_digit()) {
                area.to_owned()
            } else {
                String::new()
            },
        }
    }
}

/// Institutions valid on `today`, for the public directory and the API.
pub fn public_list(
    conn: &mut Conn,
    today: NaiveDate,
    query: &InstitutionQuery,
    page: PageRequest,
) -> Result<Page<InstitutionItem>> {
    let filter = InstitutionFilter {
        only: None,
        query: Some(query.q.clone()).filter(|q| !q.is_empty()),
        institution_type: query.institution_type.map(|t| t.code().to_owned()),
        ownership: query.ownership.map(|o| o.code().to_owned()),
        area: Some(query.area.clone()).filter(|a| !a.is_empty()),
        valid_on: Some(today),
    };
    Ok(store::list(conn, &filter, page)?)
}

/// [`public_list`] and [`areas`] for today, from the listing cache when the directory has
/// not changed since they were built (see [`crate::listing`]).
#[allow(clippy::type_complexity)]
pub fn public_listing(
    app: &App,
    conn: &mut Conn,
    query: &InstitutionQuery,
    page: PageRequest,
) -> Result<std::sync::Arc<(Page<InstitutionItem>, Vec<(String, String)>)>> {
    let today = app.clock.today();
    let key = format!("institutions|{query:?}|{}|{}", page.page, page.per_page);
    crate::listing::get_or_build(app, conn, today, key, |conn| {
        Ok((public_list(conn, today, query, page)?, areas(conn, today)?))
    })
}

/// The areas (administrative units) of institutions valid on `today`: (code, name).
pub fn areas(conn: &mut Conn, today: NaiveDate) -> Result<Vec<(String, String)>> {
    Ok(store::areas(conn, today)?)
}

/// One institution's public page.
#[derive(Debug, Clone)]
pub struct InstitutionView {
    pub org: OrgRow,
    pub profile: Option<ProfileRow>,
    /// The name of its administrative unit.
    pub area: Option<String>,
    /// It has stopped operating (its validity ended before `today`).
    pub ended: bool,
    /// Where its duties went, when it ended: (slug, name, is an institution).
    pub successors: Vec<(String, String, bool)>,
}

pub fn public_view(conn: &mut Conn, today: NaiveDate, slug: &str) -> Result<InstitutionView> {
    let org = orgs::by_slug(conn, slug)?.ok_or(Error::NotFound)?;
    if org.kind != store::KIND || org.valid_from.is_some_and(|f| f > today) {
        return Err(Error::NotFound);
    }
    let profile = store::profile(conn, org.org_id())?;
    let area = match &org.admin_unit_code {
        Some(code) => admin_units::get(conn, code)?.map(|u| u.name),
        None => None,
    };
    let ended = org.valid_to.is_some_and(|t| t < today);
    let mut successors = Vec::new();
    if ended {
        for s in orgs::successions_of(conn, org.org_id())? {
            if s.predecessor_id == org.id
                && let Some(to) = orgs::get(conn, OrgId(s.successor_id))?
            {
                successors.push((to.slug, to.name, to.kind == store::KIND));
            }
        }
    }
    Ok(InstitutionView {
        org,
        profile,
        area,
        ended,
        successors,
    })
}
