//! The read-only JSON API (`/api/v1/…`): the directory's lists with the filters of the
//! public pages, paginated (`page`, `per_page` ≤ 100), and the portal's search (`limit` ≤ 50). Bad parameters get a 400 with
//! `{"error": {"status": 400, "message": "…"}}` (Vietnamese), as every error under `/api/`.

use std::collections::HashMap;

use axum::Json;
use axum::extract::{Query, State};
use lantoa_app::institutions::{self as app_inst, InstitutionQuery};
use lantoa_app::occupations::{self as app_occ, OccupationQuery};
use lantoa_app::programmes::{self as app_prog, ProgrammeQuery};
use lantoa_domain::directory::{Demand, InstitutionType, Level};
use lantoa_domain::programme::StudyMode;
use lantoa_store::{Page, PageRequest};
use serde::{Deserialize, Serialize};

use crate::error::AppError;
use crate::{WebState, app_error};

pub const MAX_PER_PAGE: i64 = 100;
const DEFAULT_PER_PAGE: i64 = 20;

/// A page of results.
#[derive(Debug, Serialize)]
pub struct List<T> {
    pub items: Vec<T>,
    pub page: i64,
    pub per_page: i64,
    pub total: i64,
}

impl<T> List<T> {
    fn from_page<R>(page: Page<R>, f: impl FnMut(R) -> T) -> List<T> {
        let (p, per, total) = (page.page, page.per_page, page.total);
        List {
            items: page.items.into_iter().map(f).collect(),
            page: p,
            per_page: per,
            total,
        }
    }
}

/// `page` and `per_page` as sent; refused unless whole numbers in range.
fn paging(page: &str, per_page: &str) -> Result<PageRequest, AppError> {
    let page = match page.trim() {
        "" => 1,
        p => p
            .parse::<i64>()
            .ok()
            .filter(|n| (1..=1_000_000).contains(n))
            .ok_or_else(|| {
                AppError::BadRequest("Tham số page phải là số nguyên từ 1 trở lên.".into())
            })?,
    };
    let per_page = match per_page.trim() {
        "" => DEFAULT_PER_PAGE,
        p => p
            .parse::<i64>()
            .ok()
            .filter(|n| (1..=MAX_PER_PAGE).contains(n))
            .ok_or_else(|| {
                AppError::BadRequest(format!(
                    "Tham số per_page phải là số nguyên từ 1 đến {MAX_PER_PAGE}."
                ))
            })?,
    };
    Ok(PageRequest::new(page, per_page))
}

#[derive(Debug, Deserialize, Default)]
#[serde(default)]
pub struct OccupationParams {
    q: String,
    level: String,
    group: String,
    page: String,
    per_page: String,
}

#[derive(Debug, Serialize)]
pub struct DemandJson {
    pub level: String,
    pub label: &'static str,
    pub source: String,
    /// ISO date (yyyy-mm-dd).
    pub date: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct OccupationJson {
    pub slug: String,
    /// 7-digit catalogue code; null for sơ cấp courses.
    pub code: Option<String>,
    /// `elementary`, `intermediate` or `college`.
    pub level: String,
    pub level_label: &'static str,
    pub name: String,
    pub group: String,
    pub description: String,
    pub skills: String,
    pub conditions: String,
    pub pay: String,
    pub demand: Option<DemandJson>,
    pub riasec: String,
    /// Content written for the demo, not from an official source.
    pub is_demo: bool,
    pub url: String,
}

pub async fn occupations(
    State(state): State<WebState>,
    Query(p): Query<OccupationParams>,
) -> Result<Json<List<OccupationJson>>, AppError> {
    let paging = paging(&p.page, &p.per_page)?;
    let query = OccupationQuery::new(&p.q, &p.level, &p.group);
    if query.level.is_none() && !p.level.trim().is_empty() {
        return Err(AppError::BadRequest(
            "Tham số level phải là elementary, intermediate hoặc college.".into(),
        ));
    }
    let page = state
        .app
        .run(move |_, conn| app_occ::list(conn, &query, paging))
        .await
        .map_err(app_error)?;
    Ok(Json(List::from_page(page, |o| {
        let level = Level::from_code(&o.level);
        OccupationJson {
            url: format!("/nganh-nghe/{}", o.slug),
            demand: o
                .demand
                .as_deref()
                .and_then(Demand::from_code)
                .map(|d| DemandJson {
                    level: d.code().to_owned(),
                    label: d.label(),
                    source: o.demand_source.clone(),
                    date: o.demand_date.map(|d| d.format("%Y-%m-%d").to_string()),
                }),
            slug: o.slug,
            code: o.code,
            level: o.level,
            level_label: level.map(Level::label).unwrap_or(""),
            name: o.name,
            group: o.group_name,
            description: o.description,
            skills: o.skills,
            conditions: o.conditions,
            pay: o.pay,
            riasec: o.riasec,
            is_demo: o.is_demo,
        }
    })))
}

#[derive(Debug, Deserialize, Default)]
#[serde(default)]
pub struct InstitutionParams {
    q: String,
    #[serde(rename = "type")]
    kind: String,
    ownership: String,
    area: String,
    page: String,
    per_page: String,
}

#[derive(Debug, Serialize)]
pub struct AreaJson {
    pub code: String,
    pub name: String,
}

#[derive(Debug, Serialize)]
pub struct CoordinatesJson {
    pub lat: f64,
    pub lon: f64,
    pub osm_url: String,
}

#[derive(Debug, Serialize)]
pub struct InstitutionJson {
    pub slug: String,
    pub name: String,
    pub short_name: String,
    /// `college`, `intermediate`, `centre`, `enterprise`, `other`; null when not yet given.
    #[serde(rename = "type")]
    pub kind: Option<String>,
    pub type_label: &'static str,
    /// `public` or `private`; null when not yet given.
    pub ownership: Option<String>,
    pub area: Option<AreaJson>,
    pub address: String,
    pub phone: String,
    pub email: String,
    pub website: String,
    pub description: String,
    pub coordinates: Option<CoordinatesJson>,
    pub url: String,
}

pub async fn institutions(
    State(state): State<WebState>,
    Query(p): Query<InstitutionParams>,
) -> Result<Json<List<InstitutionJson>>, AppError> {
    let paging = paging(&p.page, &p.per_page)?;
    let query = InstitutionQuery::new(&p.q, &p.kind, &p.ownership, &p.area);
    if query.institution_type.is_none() && !p.kind.trim().is_empty() {
        return Err(AppError::BadRequest(format!(
            "Tham số type phải là một trong: {}.",
            InstitutionType::ALL
                .iter()
                .map(|t| t.code())
                .collect::<Vec<_>>()
                .join(", ")
        )));
    }
    if query.ownership.is_none() && !p.ownership.trim().is_empty() {
        return Err(AppError::BadRequest(
            "Tham số ownership phải là public hoặc private.".into(),
        ));
    }
    if query.area.is_empty() && !p.area.trim().is_empty() {
        return Err(AppError::BadRequest(
            "Tham số area là mã đơn vị hành chính (chữ số).".into(),
        ));
    }
    let listing = state
        .app
        .run(move |app, conn| app_inst::public_listing(app, conn, &query, paging))
        .await
        .map_err(app_error)?;
    let (page, areas) = (listing.0.clone(), listing.1.clone());
    let areas: HashMap<String, String> = areas.into_iter().collect();
    Ok(Json(List::from_page(page, |(o, prof)| {
        let coordinates = prof.as_ref().and_then(app_inst::coordinates);
        InstitutionJson {
            url: format!("/co-so-dao-tao/{}", o.slug),
            kind: prof.as_ref().map(|p| p.institution_type.clone()),
            type_label: crate::directory::type_label(prof.as_ref()),
            ownership: prof.as_ref().map(|p| p.ownership.clone()),
            area: o.admin_unit_code.as_ref().map(|code| AreaJson {
                code: code.clone(),
                name: areas.get(code).cloned().unwrap_or_default(),
            }),
            coordinates: coordinates.map(|c| CoordinatesJson {
                lat: c.lat(),
                lon: c.lon(),
                osm_url: c.osm_url(),
            }),
            slug: o.slug,
            name: o.name,
            short_name: o.short_name,
            address: o.address,
            phone: o.phone,
            email: o.email,
            website: o.website,
            description: o.description,
        }
    })))
}

#[derive(Debug, Deserialize, Default)]
#[serde(default)]
pub struct ProgrammeParams {
    q: String,
    level: String,
    group: String,
    area: String,
    #[serde(rename = "type")]
    kind: String,
    open: String,
    page: String,
    per_page: String,
}

#[derive(Debug, Serialize)]
pub struct ProgrammeOccupationJson {
    pub slug: String,
    pub code: Option<String>,
    pub name: String,
    pub group: String,
    pub url: String,
}

#[derive(Debug, Serialize)]
pub struct ProgrammeInstitutionJson {
    pub slug: String,
    pub name: String,
    /// `college`, `intermediate`, `centre`, `enterprise`, `other`; null when not yet given.
    #[serde(rename = "type")]
    pub kind: Option<String>,
    pub url: String,
    pub coordinates: Option<CoordinatesJson>,
}

#[derive(Debug, Serialize)]
pub struct PolicyJson {
    pub slug: String,
    pub name: String,
    pub benefit: String,
    pub legal_basis: String,
    /// The policy's conditions as data; null means "any".
    pub level: Option<String>,
    pub entry_education: Option<String>,
    pub target_group: Option<String>,
    pub is_demo: bool,
}

#[derive(Debug, Serialize)]
pub struct IntakeJson {
    pub name: String,
    /// ISO dates (yyyy-mm-dd); both days included.
    pub opens_on: String,
    pub closes_on: String,
    pub classes_start_on: Option<String>,
    pub quota: Option<i32>,
    pub note: String,
    /// `upcoming`, `open` or `closed` today.
    pub state: &'static str,
}

#[derive(Debug, Serialize)]
pub struct ProgrammeJson {
    pub slug: String,
    pub occupation: ProgrammeOccupationJson,
    pub institution: ProgrammeInstitutionJson,
    /// `elementary`, `intermediate` or `college`.
    pub level: String,
    pub level_label: &'static str,
    /// `full_time`, `work_study` or `online`.
    pub mode: String,
    pub mode_label: &'static str,
    pub duration_months: i32,
    /// Tuition per year in đồng; null when not announced.
    pub fee_per_year: Option<i64>,
    pub fee_note: String,
    pub quota: i32,
    /// `none`, `lower_secondary` or `upper_secondary`: the least schooling admitted.
    pub entry_education: String,
    pub entry_requirements: String,
    pub model_9plus: bool,
    pub location: String,
    pub area: Option<AreaJson>,
    pub description: String,
    /// An intake is open today.
    pub open_now: bool,
    pub intakes: Vec<IntakeJson>,
    pub support_policies: Vec<PolicyJson>,
    /// Content written for the demo, not from the institution.
    pub is_demo: bool,
    pub url: String,
}

pub async fn programmes(
    State(state): State<WebState>,
    Query(p): Query<ProgrammeParams>,
) -> Result<Json<List<ProgrammeJson>>, AppError> {
    let paging = paging(&p.page, &p.per_page)?;
    let Some(open) = lantoa_app::programmes::parse_yes(&p.open) else {
        return Err(AppError::BadRequest(
            "Tham số open phải là true hoặc false.".into(),
        ));
    };
    let query = ProgrammeQuery::new(
        &p.q,
        &p.level,
        &p.group,
        &p.area,
        &p.kind,
        if open { "1" } else { "" },
    );
    if query.level.is_none() && !p.level.trim().is_empty() {
        return Err(AppError::BadRequest(
            "Tham số level phải là elementary, intermediate hoặc college.".into(),
        ));
    }
    if query.institution_type.is_none() && !p.kind.trim().is_empty() {
        return Err(AppError::BadRequest(format!(
            "Tham số type phải là một trong: {}.",
            InstitutionType::ALL
                .iter()
                .map(|t| t.code())
                .collect::<Vec<_>>()
                .join(", ")
        )));
    }
    if query.area.is_empty() && !p.area.trim().is_empty() {
        return Err(AppError::BadRequest(
            "Tham số area là mã đơn vị hành chính (chữ số).".into(),
        ));
    }
    let listing = state
        .app
        .run(move |app, conn| app_prog::public_listing(app, conn, &query, paging))
        .await
        .map_err(app_error)?;
    let (page, areas) = (listing.page.clone(), listing.choices.areas.clone());
    let areas: HashMap<String, String> = areas.into_iter().collect();
    Ok(Json(List::from_page(page, |x| {
        let open_now = x.open_now();
        let r = x.programme;
        let area_code = r
            .admin_unit_code
            .clone()
            .or_else(|| x.institution.admin_unit_code.clone());
        ProgrammeJson {
            url: format!("/chuong-trinh/{}", r.slug),
            occupation: ProgrammeOccupationJson {
                url: format!("/nganh-nghe/{}", x.occupation.slug),
                slug: x.occupation.slug,
                code: x.occupation.code,
                name: x.occupation.name,
                group: x.occupation.group_name,
            },
            institution: ProgrammeInstitutionJson {
                url: format!("/co-so-dao-tao/{}", x.institution.slug),
                slug: x.institution.slug,
                name: x.institution.name,
                kind: x.profile.as_ref().map(|p| p.institution_type.clone()),
                coordinates: x.profile.as_ref().and_then(app_inst::coordinates).map(|c| {
                    CoordinatesJson {
                        lat: c.lat(),
                        lon: c.lon(),
                        osm_url: c.osm_url(),
                    }
                }),
            },
            level_label: Level::from_code(&r.level).map_or("", Level::label),
            mode_label: StudyMode::from_code(&r.mode).map_or("", StudyMode::label),
            area: area_code.map(|code| AreaJson {
                name: areas.get(&code).cloned().unwrap_or_default(),
                code,
            }),
            open_now,
            intakes: x
                .intakes
                .into_iter()
                .map(|(i, s)| IntakeJson {
                    name: i.name,
                    opens_on: i.opens_on.to_string(),
                    closes_on: i.closes_on.to_string(),
                    classes_start_on: i.classes_start_on.map(|d| d.to_string()),
                    quota: i.quota,
                    note: i.note,
                    state: s.code(),
                })
                .collect(),
            support_policies: x
                .policies
                .into_iter()
                .map(|p| PolicyJson {
                    slug: p.slug,
                    name: p.name,
                    benefit: p.benefit,
                    legal_basis: p.legal_basis,
                    level: p.level,
                    entry_education: p.entry_education,
                    target_group: p.target_group,
                    is_demo: p.is_demo,
                })
                .collect(),
            slug: r.slug,
            level: r.level,
            mode: r.mode,
            duration_months: r.duration_months,
            fee_per_year: r.fee_per_year,
            fee_note: r.fee_note,
            quota: r.quota,
            entry_education: r.entry_education,
            entry_requirements: r.entry_requirements,
            model_9plus: r.model_9plus,
            location: r.location,
            description: r.description,
            is_demo: r.is_demo,
        }
    })))
}

#[derive(Debug, Deserialize, Default)]
#[serde(default)]
pub struct SearchParams {
    q: String,
    limit: String,
    page: String,
    kind: String,
    topic: String,
    from: String,
    to: String,
}

#[derive(Debug, Serialize)]
pub struct SearchHitJson {
    /// `content:12`, `occupation:3`, `institution:7`.
    pub id: String,
    /// `article`, `page`, `occupation`, `institution`.
    pub kind: String,
    pub kind_label: &'static str,
    pub title: String,
    /// Absolute path of the public page.
    pub url: String,
    /// The best passage as HTML: escaped text with the matched words in `<mark>`.
    pub snippet: String,
    /// RFC 3339 (UTC); null for directory entries.
    pub published_at: Option<String>,
    /// Identifier at the source, for imported items only.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub external_id: Option<String>,
}

/// `GET /api/v1/search?q=&limit=`: the search of `/tim-kiem` as JSON, best hits first;
/// `limit` 1–50 (default 10), `page`, and the filters `kind`, `topic`, `from`, `to`
/// (dates as `yyyy-mm-dd` or `dd/mm/yyyy`).
pub async fn search(
    State(state): State<WebState>,
    Query(p): Query<SearchParams>,
) -> Result<Json<List<SearchHitJson>>, AppError> {
    use lantoa_app::search::{self as app_search, SearchRequest};
    let limit = match p.limit.trim() {
        "" => app_search::PER_PAGE,
        l => l
            .parse::<i64>()
            .ok()
            .filter(|n| (1..=app_search::MAX_LIMIT).contains(n))
            .ok_or_else(|| {
                AppError::BadRequest(format!(
                    "Tham số limit phải là số nguyên từ 1 đến {}.",
                    app_search::MAX_LIMIT
                ))
            })?,
    };
    let paging = paging(&p.page, &limit.to_string())?;
    let request = SearchRequest {
        q: p.q,
        kind: p.kind,
        topic: p.topic,
        from: p.from,
        to: p.to,
        page: paging.page,
        per_page: limit,
    };
    let page = state
        .app
        .run(move |app, conn| app_search::search(app, conn, &request))
        .await
        .map_err(app_error)?;
    Ok(Json(List::from_page(page, |h| SearchHitJson {
        id: h.id,
        kind: h.kind,
        kind_label: h.kind_label,
        title: h.title,
        url: h.url,
        snippet: h.snippet_html,
        published_at: h.published_at.map(|at| {
            at.and_utc()
                .to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
        }),
        external_id: h.external_id,
    })))
}
