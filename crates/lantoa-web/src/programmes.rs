//! Programmes on the portal: the list with its filters (`/chuong-trinh`), one programme
//! (`/chuong-trinh/{slug}`) and up to three side by side (`/so-sanh?ma=a&ma=b&ma=c`). All
//! plain GET pages: the filters and the comparison work without JavaScript and every
//! result has its own address.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use lantoa_app::clock::format_date;
use lantoa_app::format::int;
use lantoa_app::institutions as app_inst;
use lantoa_app::programmes::{
    self as app_prog, MAX_COMPARE, ProgrammeQuery, ProgrammeView, PublicProgramme, conditions,
};
use lantoa_domain::directory::{InstitutionType, Level};
use lantoa_domain::programme::{EntryEducation, IntakeState, StudyMode, duration_label};
use lantoa_store::PageRequest;
use serde::Deserialize;

use crate::chrome::{Chrome, PaginationPartial, encode_component};
use crate::directory::{level_label, type_label};
use crate::error::AppError;
use crate::forms::{render, render_with};
use crate::{WebState, app_error};

const PER_PAGE: i64 = 20;

fn page_number(v: &str) -> i64 {
    v.trim().parse::<i64>().unwrap_or(1).max(1)
}

pub fn mode_label(code: &str) -> &'static str {
    StudyMode::from_code(code).map_or("", StudyMode::label)
}

/// "9.800.000 đồng/năm", or "Chưa công bố" when the programme has no yearly fee.
pub fn fee_text(fee: Option<i64>) -> String {
    match fee {
        Some(0) => "Miễn học phí".to_owned(),
        Some(n) => format!("{} đồng/năm", int(n)),
        None => "Chưa công bố".to_owned(),
    }
}

/// The badge class of an intake state.
pub fn intake_badge(s: IntakeState) -> &'static str {
    match s {
        IntakeState::Open => "published",
        IntakeState::Upcoming => "pending",
        IntakeState::Closed => "neutral",
    }
}

/// A programme as a list card shows it.
pub struct ProgrammeCard {
    pub slug: String,
    pub occupation: String,
    pub level: &'static str,
    pub institution: String,
    pub mode: &'static str,
    pub duration: String,
    pub fee: String,
    pub model_9plus: bool,
    pub has_support: bool,
    /// "đến 15/12/2026" while an intake is open.
    pub open_until: Option<String>,
    /// The next intake's first day, when none is open.
    pub next_opens: Option<String>,
}

impl ProgrammeCard {
    pub fn from(p: &PublicProgramme) -> ProgrammeCard {
        ProgrammeCard {
            slug: p.programme.slug.clone(),
            occupation: p.occupation.name.clone(),
            level: level_label(&p.programme.level),
            institution: p.institution.name.clone(),
            mode: mode_label(&p.programme.mode),
            duration: duration_label(p.programme.duration_months),
            // Short courses are priced per course: their note says how.
            fee: match (p.programme.fee_per_year, p.programme.fee_note.is_empty()) {
                (None, false) => p.programme.fee_note.clone(),
                (fee, _) => fee_text(fee),
            },
            model_9plus: p.programme.model_9plus,
            has_support: !p.policies.is_empty(),
            open_until: p.open_until().map(format_date),
            next_opens: p.next_opens().map(format_date),
        }
    }
}

#[derive(Template)]
#[template(path = "programmes/list.html")]
pub struct ProgrammeListPage {
    pub chrome: Chrome,
    pub items: Vec<ProgrammeCard>,
    pub total: i64,
    pub q: String,
    pub level: String,
    pub group: String,
    pub area: String,
    pub kind: String,
    pub open_now: bool,
    pub levels: Vec<(String, String)>,
    pub groups: Vec<(String, String)>,
    pub areas: Vec<(String, String)>,
    pub kinds: Vec<(String, String)>,
    pub filtered: bool,
    pub pagination: PaginationPartial,
}

#[derive(Debug, Deserialize, Default)]
#[serde(default)]
pub struct ListParams {
    q: String,
    trinh_do: String,
    nhom: String,
    khu_vuc: String,
    loai: String,
    dang_tuyen: String,
    trang: String,
}

pub async fn list(
    State(state): State<WebState>,
    chrome: Chrome,
    Query(p): Query<ListParams>,
) -> Result<Response, AppError> {
    let query = ProgrammeQuery::new(
        &p.q,
        &p.trinh_do,
        &p.nhom,
        &p.khu_vuc,
        &p.loai,
        &p.dang_tuyen,
    );
    let page_no = page_number(&p.trang);
    let qq = query.clone();
    let listing = state
        .app
        .run(move |app, conn| {
            app_prog::public_listing(app, conn, &qq, PageRequest::new(page_no, PER_PAGE))
        })
        .await
        .map_err(app_error)?;
    let (page, choices) = (&listing.page, listing.choices.clone());
    let level = query.level.map(|l| l.slug().to_owned()).unwrap_or_default();
    let kind = query
        .institution_type
        .map(|t| t.code().to_owned())
        .unwrap_or_default();
    let base = format!(
        "/chuong-trinh?q={}&trinh_do={}&nhom={}&khu_vuc={}&loai={}&dang_tuyen={}",
        encode_component(&query.q),
        level,
        encode_component(&query.group),
        query.area,
        kind,
        if query.open_now { "1" } else { "" }
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
    group_options.extend(choices.groups.into_iter().map(|(g, n)| {
        let label = format!("{g} ({n})");
        (g, label)
    }));
    let mut area_options = vec![(String::new(), "Tất cả khu vực".to_owned())];
    area_options.extend(choices.areas);
    let mut kinds = vec![(String::new(), "Tất cả loại hình".to_owned())];
    kinds.extend(
        InstitutionType::ALL
            .iter()
            .map(|t| (t.code().to_owned(), t.label().to_owned())),
    );
    render(&ProgrammeListPage {
        chrome: chrome.crumb("Chương trình đào tạo", None),
        items: page.items.iter().map(ProgrammeCard::from).collect(),
        total: page.total,
        filtered: query.is_filtered(),
        q: query.q,
        level,
        group: query.group,
        area: query.area,
        kind,
        open_now: query.open_now,
        levels,
        groups: group_options,
        areas: area_options,
        kinds,
        pagination,
    })
}

/// A support policy as a programme's page shows it.
pub struct PolicyItem {
    pub name: String,
    pub benefit: String,
    pub description: String,
    pub conditions: String,
    pub target_group: &'static str,
    pub legal_basis: String,
    /// A link to the source, when it is http(s).
    pub source_url: Option<String>,
    pub is_demo: bool,
}

/// An intake as a programme's page shows it.
pub struct IntakeItem {
    pub name: String,
    pub opens_on: String,
    pub closes_on: String,
    /// Machine-readable dates for `<time datetime>`.
    pub opens_iso: String,
    pub closes_iso: String,
    pub classes_start_on: String,
    pub quota: String,
    pub note: String,
    pub state: &'static str,
    pub badge: &'static str,
}

/// Everything about one programme, as its page and the comparison show it.
pub struct ProgrammeDetail {
    pub slug: String,
    pub occupation: String,
    pub occupation_slug: String,
    pub occupation_code: String,
    pub level: &'static str,
    pub institution: String,
    pub institution_slug: String,
    pub institution_type: &'static str,
    pub mode: &'static str,
    pub duration: String,
    pub fee: String,
    pub fee_note: String,
    pub quota: String,
    pub entry_education: &'static str,
    pub entry_requirements: Vec<String>,
    pub model_9plus: bool,
    /// The place of study: the programme's own, else the institution's address.
    pub location: String,
    pub area: String,
    pub map_url: Option<String>,
    pub phone: String,
    pub description: Vec<String>,
    pub policies: Vec<PolicyItem>,
    pub intakes: Vec<IntakeItem>,
    pub open_until: Option<String>,
    pub next_opens: Option<String>,
    pub is_demo: bool,
}

fn lines(text: &str) -> Vec<String> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(str::to_owned)
        .collect()
}

impl ProgrammeDetail {
    pub fn from(v: &ProgrammeView) -> ProgrammeDetail {
        let p = &v.p;
        let r = &p.programme;
        let location = if r.location.is_empty() {
            p.institution.address.clone()
        } else {
            r.location.clone()
        };
        ProgrammeDetail {
            slug: r.slug.clone(),
            occupation: p.occupation.name.clone(),
            occupation_slug: p.occupation.slug.clone(),
            occupation_code: p.occupation.code.clone().unwrap_or_default(),
            level: level_label(&r.level),
            institution: p.institution.name.clone(),
            institution_slug: p.institution.slug.clone(),
            institution_type: type_label(p.profile.as_ref()),
            mode: mode_label(&r.mode),
            duration: duration_label(r.duration_months),
            fee: fee_text(r.fee_per_year),
            fee_note: r.fee_note.clone(),
            quota: format!("{} người", int(i64::from(r.quota))),
            entry_education: EntryEducation::from_code(&r.entry_education)
                .map_or("", EntryEducation::label),
            entry_requirements: lines(&r.entry_requirements),
            model_9plus: r.model_9plus,
            location,
            area: v.area.clone().unwrap_or_default(),
            map_url: p
                .profile
                .as_ref()
                .and_then(app_inst::coordinates)
                .map(|c| c.osm_url()),
            phone: p.institution.phone.clone(),
            description: lines(&r.description),
            policies: p
                .policies
                .iter()
                .map(|pol| {
                    let c = conditions(pol);
                    PolicyItem {
                        name: pol.name.clone(),
                        benefit: pol.benefit.clone(),
                        description: pol.description.clone(),
                        conditions: c.describe(),
                        target_group: c.target_group.map_or("", |t| t.label()),
                        legal_basis: pol.legal_basis.clone(),
                        source_url: Some(pol.source_url.clone())
                            .filter(|u| u.starts_with("https://") || u.starts_with("http://")),
                        is_demo: pol.is_demo,
                    }
                })
                .collect(),
            intakes: p
                .intakes
                .iter()
                .map(|(i, s)| IntakeItem {
                    name: i.name.clone(),
                    opens_on: format_date(i.opens_on),
                    closes_on: format_date(i.closes_on),
                    opens_iso: i.opens_on.to_string(),
                    closes_iso: i.closes_on.to_string(),
                    classes_start_on: i.classes_start_on.map(format_date).unwrap_or_default(),
                    quota: i
                        .quota
                        .map(|q| format!("{} người", int(i64::from(q))))
                        .unwrap_or_default(),
                    note: i.note.clone(),
                    state: s.label(),
                    badge: intake_badge(*s),
                })
                .collect(),
            open_until: p.open_until().map(format_date),
            next_opens: p.next_opens().map(format_date),
            is_demo: r.is_demo,
        }
    }
}

#[derive(Template)]
#[template(path = "programmes/show.html")]
pub struct ProgrammePage {
    pub chrome: Chrome,
    pub d: ProgrammeDetail,
}

pub async fn show(
    State(state): State<WebState>,
    chrome: Chrome,
    Path(slug): Path<String>,
) -> Result<Response, AppError> {
    if slug.len() > 200 {
        return Err(AppError::NotFound);
    }
    let v = state
        .app
        .run(move |app, conn| app_prog::public_view(conn, app.clock.today(), &slug))
        .await
        .map_err(app_error)?;
    let d = ProgrammeDetail::from(&v);
    let chrome = chrome
        .crumb("Chương trình đào tạo", Some("/chuong-trinh"))
        .crumb(format!("{} – {}", d.occupation, d.institution), None);
    render(&ProgrammePage { chrome, d })
}

#[derive(Template)]
#[template(path = "programmes/compare.html")]
pub struct ComparePage {
    pub chrome: Chrome,
    pub columns: Vec<ProgrammeDetail>,
    /// Why the comparison was refused (too many programmes), if it was.
    pub refused: Option<String>,
    /// (what was chosen, the comparison without it) when refused.
    pub without: Vec<(String, String)>,
    /// Codes asked for that are not (or no longer) published.
    pub missing: Vec<String>,
    /// Other programmes to add, while fewer than three are compared: (code, label).
    pub choices: Vec<(String, String)>,
}

/// `/so-sanh?ma=a&ma=b`: the link to compare these codes.
fn compare_href(slugs: &[&String]) -> String {
    let q: Vec<String> = slugs
        .iter()
        .map(|s| format!("ma={}", encode_component(s)))
        .collect();
    format!("/so-sanh?{}", q.join("&"))
}

pub async fn compare(
    State(state): State<WebState>,
    chrome: Chrome,
    Query(pairs): Query<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let asked: Vec<String> = pairs
        .into_iter()
        .filter(|(k, _)| k == "ma")
        .map(|(_, v)| v)
        .take(50)
        .collect();
    let slugs = app_prog::compare_slugs(&asked);
    let chrome = chrome
        .crumb("Chương trình đào tạo", Some("/chuong-trinh"))
        .crumb("So sánh", None);
    let too_many = slugs.len() > MAX_COMPARE;
    let s = slugs.clone();
    let (found, missing, all) = state
        .app
        .run(move |app, conn| {
            let today = app.clock.today();
            let (found, missing) = app_prog::public_by_slugs(conn, today, &s)?;
            // The programmes that could be added, while there is room for one more.
            let all = if !too_many && found.len() < MAX_COMPARE {
                app_prog::public_list(
                    conn,
                    today,
                    &ProgrammeQuery::default(),
                    PageRequest::new(1, 200),
                )?
                .items
            } else {
                Vec::new()
            };
            Ok((found, missing, all))
        })
        .await
        .map_err(app_error)?;
    let choices = all
        .iter()
        .filter(|p| !found.iter().any(|f| f.p.programme.id == p.programme.id))
        .map(|p| {
            (
                p.programme.slug.clone(),
                format!(
                    "{} ({}, {}) – {}",
                    p.occupation.name,
                    level_label(&p.programme.level).to_lowercase(),
                    mode_label(&p.programme.mode).to_lowercase(),
                    p.institution.short_name
                ),
            )
        })
        .collect();
    if too_many {
        let without = found
            .iter()
            .map(|v| {
                let others: Vec<&String> =
                    slugs.iter().filter(|s| **s != v.p.programme.slug).collect();
                (
                    format!("{} – {}", v.p.occupation.name, v.p.institution.name),
                    compare_href(&others),
                )
            })
            .collect();
        let page = ComparePage {
            chrome,
            columns: Vec::new(),
            refused: Some(format!(
                "Chỉ so sánh được tối đa {MAX_COMPARE} chương trình cùng lúc; bạn đã chọn {}. Hãy bỏ bớt chương trình rồi so sánh lại.",
                slugs.len()
            )),
            without,
            missing,
            choices: Vec::new(),
        };
        return render_with(StatusCode::BAD_REQUEST, &page);
    }
    render(&ComparePage {
        chrome,
        columns: found.iter().map(ProgrammeDetail::from).collect(),
        refused: None,
        without: Vec::new(),
        missing,
        choices,
    })
}

/// A programme in the list on an occupation's or an institution's page.
pub struct ProgrammeLink {
    pub slug: String,
    /// The other side: the institution on an occupation's page, the occupation on an
    /// institution's page.
    pub title: String,
    pub level: &'static str,
    pub mode: &'static str,
    pub duration: String,
    pub open_until: Option<String>,
}

impl ProgrammeLink {
    pub fn by_institution(p: &PublicProgramme) -> ProgrammeLink {
        Self::with_title(p, p.institution.name.clone())
    }

    pub fn by_occupation(p: &PublicProgramme) -> ProgrammeLink {
        Self::with_title(p, p.occupation.name.clone())
    }

    fn with_title(p: &PublicProgramme, title: String) -> ProgrammeLink {
        ProgrammeLink {
            slug: p.programme.slug.clone(),
            title,
            level: level_label(&p.programme.level),
            mode: mode_label(&p.programme.mode),
            duration: duration_label(p.programme.duration_months),
            open_until: p.open_until().map(format_date),
        }
    }
}
