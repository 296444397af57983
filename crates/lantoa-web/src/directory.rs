//! The public directory: occupations (`/nganh-nghe`) and institutions (`/co-so-dao-tao`),
//! server-rendered with filters in the query string, so they work without JavaScript and
//! every filtered list has its own address.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::Response;
use lantoa_app::clock::format_date;
use lantoa_app::institutions::{self as app_inst, InstitutionQuery, InstitutionView};
use lantoa_app::occupations::{self as app_occ, OccupationQuery};
use lantoa_app::programmes as app_prog;
use lantoa_domain::directory::{Coordinates, Demand, InstitutionType, Level, Ownership, Riasec};
use lantoa_store::PageRequest;
use lantoa_store::institutions::{InstitutionItem, ProfileRow};
use lantoa_store::occupations::OccupationRow;
use serde::Deserialize;

use crate::chrome::{Chrome, PaginationPartial, encode_component};
use crate::error::AppError;
use crate::forms::render;
use crate::{WebState, app_error};

const PER_PAGE: i64 = 20;

/// A page number as typed: anything that is not a positive number is page 1.
fn page_number(v: &str) -> i64 {
    v.trim().parse::<i64>().unwrap_or(1).max(1)
}

/// An occupation as a list or a page shows it.
pub struct OccupationItem {
    pub slug: String,
    pub name: String,
    pub level: &'static str,
    pub code: String,
    pub group: String,
    pub riasec: String,
    pub demand: Option<&'static str>,
    pub is_demo: bool,
}

impl OccupationItem {
    pub fn from_row(o: &OccupationRow) -> OccupationItem {
        OccupationItem {
            slug: o.slug.clone(),
            name: o.name.clone(),
            level: level_label(&o.level),
            code: o.code.clone().unwrap_or_default(),
            group: o.group_name.clone(),
            riasec: o.riasec.clone(),
            demand: o
                .demand
                .as_deref()
                .and_then(Demand::from_code)
                .map(Demand::label),
            is_demo: o.is_demo,
        }
    }
}

pub fn level_label(code: &str) -> &'static str {
    Level::from_code(code).map(Level::label).unwrap_or("")
}

#[derive(Template)]
#[template(path = "occupations/list.html")]
pub struct OccupationListPage {
    pub chrome: Chrome,
    pub items: Vec<OccupationItem>,
    pub total: i64,
    pub q: String,
    pub level: String,
    pub group: String,
    pub levels: Vec<(String, String)>,
    pub groups: Vec<(String, String)>,
    pub filtered: bool,
    pub pagination: PaginationPartial,
}

#[derive(Debug, Deserialize, Default)]
#[serde(default)]
pub struct OccupationParams {
    q: String,
    trinh_do: String,
    nhom: String,
    trang: String,
}

pub async fn occupations(
    State(state): State<WebState>,
    chrome: Chrome,
    Query(p): Query<OccupationParams>,
) -> Result<Response, AppError> {
    let query = OccupationQuery::new(&p.q, &p.trinh_do, &p.nhom);
    let page_no = page_number(&p.trang);
    let qq = query.clone();
    let (page, groups) = state
        .app
        .run(move |_, conn| {
            Ok((
                app_occ::list(conn, &qq, PageRequest::new(page_no, PER_PAGE))?,
                app_occ::groups(conn)?,
            ))
        })
        .await
        .map_err(app_error)?;
    let level = query.level.map(|l| l.slug().to_owned()).unwrap_or_default();
    let base = format!(
        "/nganh-nghe?q={}&trinh_do={}&nhom={}",
        encode_component(&query.q),
        encode_component(&level),
        encode_component(&query.group)
    );
    let pagination = PaginationPartial::new(
        u32::try_from(page.page).unwrap_or(1),
        u32::try_from(page.page_count()).unwrap_or(1),
        base,
    );
    let mut levels = vec![(String::new(), "Tất cả trình độ".to_owned())];
    levels.extend(
        Level::ALL
            .iter()
            .map(|l| (l.slug().to_owned(), l.label().to_owned())),
    );
    let mut group_options = vec![(String::new(), "Tất cả nhóm ngành".to_owned())];
    group_options.extend(
        groups
            .into_iter()
            .map(|(g, n)| (g.clone(), format!("{g} ({n})"))),
    );
    render(&OccupationListPage {
        chrome: chrome.crumb("Ngành nghề", None),
        items: page.items.iter().map(OccupationItem::from_row).collect(),
        total: page.total,
        filtered: !query.q.is_empty() || query.level.is_some() || !query.group.is_empty(),
        q: query.q,
        level,
        group: query.group,
        levels,
        groups: group_options,
        pagination,
    })
}

#[derive(Template)]
#[template(path = "occupations/show.html")]
pub struct OccupationPage {
    pub chrome: Chrome,
    pub o: OccupationRow,
    pub item: OccupationItem,
    pub demand_date: String,
    /// The list of its group.
    pub group_href: String,
    /// (letter, label) of its RIASEC code.
    pub riasec: Vec<(char, &'static str)>,
    pub related: Vec<OccupationItem>,
    /// Where it is taught (published programmes, by institution).
    pub programmes: Vec<crate::programmes::ProgrammeLink>,
}

impl OccupationPage {
    /// Paragraphs of a text block (separated by line breaks).
    pub fn paragraphs<'a>(&self, text: &'a str) -> Vec<&'a str> {
        text.lines()
            .map(str::trim)
            .filter(|p| !p.is_empty())
            .collect()
    }
}

pub async fn occupation(
    State(state): State<WebState>,
    chrome: Chrome,
    Path(slug): Path<String>,
) -> Result<Response, AppError> {
    if slug.len() > 200 {
        return Err(AppError::NotFound);
    }
    let (v, programmes) = state
        .app
        .run(move |app, conn| {
            let v = app_occ::view(conn, &slug)?;
            let p = app_prog::published_of(conn, app.clock.today(), Some(v.occupation.id), None)?;
            Ok((v, p))
        })
        .await
        .map_err(app_error)?;
    let o = v.occupation;
    let item = OccupationItem::from_row(&o);
    let chrome = chrome
        .crumb("Ngành nghề", Some("/nganh-nghe"))
        .crumb(format!("{} ({})", o.name, item.level.to_lowercase()), None);
    render(&OccupationPage {
        chrome,
        demand_date: o.demand_date.map(format_date).unwrap_or_default(),
        group_href: format!("/nganh-nghe?nhom={}", encode_component(&o.group_name)),
        riasec: o
            .riasec
            .chars()
            .map(|c| (c, Riasec::letter_label(c)))
            .collect(),
        related: v.related.iter().map(OccupationItem::from_row).collect(),
        programmes: programmes
            .iter()
            .map(crate::programmes::ProgrammeLink::by_institution)
            .collect(),
        item,
        o,
    })
}

/// An institution as a list shows it.
pub struct InstitutionCard {
    pub slug: String,
    pub name: String,
    pub kind: &'static str,
    pub ownership: &'static str,
    pub area: String,
    pub address: String,
    pub phone: String,
}

pub fn type_label(p: Option<&ProfileRow>) -> &'static str {
    p.and_then(|p| InstitutionType::from_code(&p.institution_type))
        .map(InstitutionType::label)
        .unwrap_or("Cơ sở giáo dục nghề nghiệp")
}

pub fn ownership_label(p: Option<&ProfileRow>) -> &'static str {
    p.and_then(|p| Ownership::from_code(&p.ownership))
        .map(Ownership::label)
        .unwrap_or("")
}

#[derive(Template)]
#[template(path = "institutions/list.html")]
pub struct InstitutionListPage {
    pub chrome: Chrome,
    pub items: Vec<InstitutionCard>,
    pub total: i64,
    pub q: String,
    pub kind: String,
    pub ownership: String,
    pub area: String,
    pub kinds: Vec<(String, String)>,
    pub ownerships: Vec<(String, String)>,
    pub areas: Vec<(String, String)>,
    pub filtered: bool,
    pub pagination: PaginationPartial,
}

#[derive(Debug, Deserialize, Default)]
#[serde(default)]
pub struct InstitutionParams {
    q: String,
    loai: String,
    hinh_thuc: String,
    khu_vuc: String,
    trang: String,
}

pub fn card(
    (o, p): &InstitutionItem,
    area_names: &std::collections::HashMap<String, String>,
) -> InstitutionCard {
    InstitutionCard {
        slug: o.slug.clone(),
        name: o.name.clone(),
        kind: type_label(p.as_ref()),
        ownership: ownership_label(p.as_ref()),
        area: o
            .admin_unit_code
            .as_ref()
            .and_then(|c| area_names.get(c))
            .cloned()
            .unwrap_or_default(),
        address: o.address.clone(),
        phone: o.phone.clone(),
    }
}

pub async fn institutions(
    State(state): State<WebState>,
    chrome: Chrome,
    Query(p): Query<InstitutionParams>,
) -> Result<Response, AppError> {
    let query = InstitutionQuery::new(&p.q, &p.loai, &p.hinh_thuc, &p.khu_vuc);
    let page_no = page_number(&p.trang);
    let qq = query.clone();
    let listing = state
        .app
        .run(move |app, conn| {
            app_inst::public_listing(app, conn, &qq, PageRequest::new(page_no, PER_PAGE))
        })
        .await
        .map_err(app_error)?;
    let (page, areas) = (&listing.0, listing.1.clone());
    let kind = query
        .institution_type
        .map(|t| t.code().to_owned())
        .unwrap_or_default();
    let ownership = query
        .ownership
        .map(|o| o.code().to_owned())
        .unwrap_or_default();
    let base = format!(
        "/co-so-dao-tao?q={}&loai={}&hinh_thuc={}&khu_vuc={}",
        encode_component(&query.q),
        kind,
        ownership,
        query.area
    );
    let pagination = PaginationPartial::new(
        u32::try_from(page.page).unwrap_or(1),
        u32::try_from(page.page_count()).unwrap_or(1),
        base,
    );
    let area_names: std::collections::HashMap<String, String> = areas.iter().cloned().collect();
    let mut kinds = vec![(String::new(), "Tất cả loại hình".to_owned())];
    kinds.extend(
        InstitutionType::ALL
            .iter()
            .map(|t| (t.code().to_owned(), t.label().to_owned())),
    );
    let mut ownerships = vec![(String::new(), "Công lập và tư thục".to_owned())];
    ownerships.extend(
        Ownership::ALL
            .iter()
            .map(|o| (o.code().to_owned(), o.label().to_owned())),
    );
    let mut area_options = vec![(String::new(), "Tất cả khu vực".to_owned())];
    area_options.extend(areas);
    render(&InstitutionListPage {
        chrome: chrome.crumb("Cơ sở đào tạo", None),
        items: page.items.iter().map(|i| card(i, &area_names)).collect(),
        total: page.total,
        filtered: !query.q.is_empty()
            || query.institution_type.is_some()
            || query.ownership.is_some()
            || !query.area.is_empty(),
        q: query.q,
        kind,
        ownership,
        area: query.area,
        kinds,
        ownerships,
        areas: area_options,
        pagination,
    })
}

#[derive(Template)]
#[template(path = "institutions/show.html")]
pub struct InstitutionPage {
    pub chrome: Chrome,
    pub v: InstitutionView,
    pub kind: &'static str,
    pub ownership: &'static str,
    pub coordinates: Option<Coordinates>,
    pub phone_href: String,
    pub ended_on: String,
    /// Its published programmes, by occupation.
    pub programmes: Vec<crate::programmes::ProgrammeLink>,
}

impl InstitutionPage {
    pub fn paragraphs<'a>(&self, text: &'a str) -> Vec<&'a str> {
        text.lines()
            .map(str::trim)
            .filter(|p| !p.is_empty())
            .collect()
    }

    /// A website address safe to put in a link (http or https only).
    pub fn website(&self) -> Option<&str> {
        let w = self.v.org.website.as_str();
        (w.starts_with("https://") || w.starts_with("http://")).then_some(w)
    }
}

pub async fn institution(
    State(state): State<WebState>,
    chrome: Chrome,
    Path(slug): Path<String>,
) -> Result<Response, AppError> {
    if slug.len() > 200 {
        return Err(AppError::NotFound);
    }
    let (v, programmes) = state
        .app
        .run(move |app, conn| {
            let today = app.clock.today();
            let v = app_inst::public_view(conn, today, &slug)?;
            let p = app_prog::published_of(conn, today, None, Some(v.org.id))?;
            Ok((v, p))
        })
        .await
        .map_err(app_error)?;
    let phone_href = format!(
        "tel:{}",
        v.org
            .phone
            .chars()
            .filter(|c| c.is_ascii_digit() || *c == '+')
            .collect::<String>()
    );
    let chrome = chrome
        .crumb("Cơ sở đào tạo", Some("/co-so-dao-tao"))
        .crumb(v.org.short_name.clone(), None);
    render(&InstitutionPage {
        chrome,
        kind: type_label(v.profile.as_ref()),
        ownership: ownership_label(v.profile.as_ref()),
        coordinates: v.profile.as_ref().and_then(app_inst::coordinates),
        phone_href,
        ended_on: v
            .org
            .valid_to
            .and_then(|d| d.succ_opt())
            .map(format_date)
            .unwrap_or_default(),
        programmes: programmes
            .iter()
            .map(crate::programmes::ProgrammeLink::by_occupation)
            .collect(),
        v,
    })
}
