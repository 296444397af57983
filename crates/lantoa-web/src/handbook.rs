//! The "Chọn nghề – chọn trường" handbook: `/so-tay` (on screen, with links) and
//! `/so-tay/{year}` (the print edition of a year: cover, contents, a QR code and the printed
//! address of every entry, page breaks by group; `static/css/print.css`).

use askama::Template;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, header};
use axum::response::Response;
use chrono::Datelike;
use lantoa_app::clock::format_date;
use lantoa_app::handbook::{self as app_handbook, Handbook};
use lantoa_app::institutions as app_inst;
use lantoa_app::quiz::ProgrammeLink;
use lantoa_domain::quiz::{Letter, occupation_letters};

use crate::chrome::Chrome;
use crate::directory::{InstitutionCard, card};
use crate::error::AppError;
use crate::forms::render;
use crate::{WebState, app_error, qr};

/// An entry as the page shows it.
pub struct EntryView {
    pub name: String,
    /// Anchor id on the page.
    pub anchor: String,
    pub href: String,
    /// (href, level, code) per level.
    pub levels: Vec<(String, &'static str, String)>,
    pub summary: String,
    /// "Kỹ thuật, thực hành (R), …".
    pub interests: String,
    pub demand: Option<&'static str>,
    pub is_demo: bool,
    pub taught: Vec<ProgrammeLink>,
    /// The address printed under the QR code (no scheme).
    pub printed: String,
    /// Inline SVG (print edition only).
    pub qr: String,
}

pub struct GroupView {
    pub name: String,
    pub anchor: String,
    pub entries: Vec<EntryView>,
}

pub struct InstitutionView {
    pub card: InstitutionCard,
    pub website: String,
    pub printed: String,
    pub qr: String,
}

#[derive(Template)]
#[template(path = "handbook/show.html")]
pub struct HandbookPage {
    pub chrome: Chrome,
    /// The print edition (QR codes, printed addresses).
    pub print: bool,
    pub year: i32,
    pub date: String,
    pub groups: Vec<GroupView>,
    pub institutions: Vec<InstitutionView>,
    pub occupation_count: usize,
    pub any_demo: bool,
    /// The quiz's address and QR code for the cover.
    pub quiz_printed: String,
    pub quiz_qr: String,
}

/// `https://host` + `path`, and the same without the scheme for printing.
fn addresses(base: &str, path: &str) -> (String, String) {
    let full = format!("{base}{path}");
    let printed = full
        .strip_prefix("https://")
        .or_else(|| full.strip_prefix("http://"))
        .unwrap_or(&full)
        .to_owned();
    (full, printed)
}

fn interests(riasec: &str) -> String {
    occupation_letters(riasec)
        .iter()
        .map(|l: &Letter| format!("{} ({l})", l.name()))
        .collect::<Vec<_>>()
        .join("; ")
}

fn page(
    chrome: Chrome,
    h: Handbook,
    areas: &std::collections::HashMap<String, String>,
    print: bool,
    base: &str,
) -> HandbookPage {
    let qr_for = |path: &str| {
        let (full, printed) = addresses(base, path);
        let code = if print { qr::svg(&full) } else { String::new() };
        (printed, code)
    };
    let mut any_demo = false;
    let mut occupation_count = 0;
    let groups = h
        .groups
        .into_iter()
        .enumerate()
        .map(|(gi, g)| GroupView {
            name: if g.name.is_empty() {
                "Ngành, nghề khác".to_owned()
            } else {
                g.name
            },
            anchor: format!("nhom-{}", gi + 1),
            entries: g
                .occupations
                .into_iter()
                .enumerate()
                .map(|(oi, o)| {
                    any_demo |= o.is_demo;
                    occupation_count += 1;
                    // The highest level's page stands for the occupation.
                    let href = o
                        .levels
                        .last()
                        .map_or_else(String::new, |l| format!("/nganh-nghe/{}", l.slug));
                    let (printed, qr) = qr_for(&href);
                    EntryView {
                        anchor: format!("nghe-{}-{}", gi + 1, oi + 1),
                        levels: o
                            .levels
                            .iter()
                            .map(|l| {
                                (
                                    format!("/nganh-nghe/{}", l.slug),
                                    l.level.label(),
                                    l.code.clone(),
                                )
                            })
                            .collect(),
                        interests: interests(&o.riasec),
                        demand: o.demand.map(|d| d.label()),
                        name: o.name,
                        href,
                        summary: o.summary,
                        is_demo: o.is_demo,
                        taught: o.taught,
                        printed,
                        qr,
                    }
                })
                .collect(),
        })
        .collect();
    let institutions = h
        .institutions
        .iter()
        .map(|item| {
            let (printed, qr) = qr_for(&format!("/co-so-dao-tao/{}", item.0.slug));
            InstitutionView {
                card: card(item, areas),
                website: item.0.website.clone(),
                printed,
                qr,
            }
        })
        .collect();
    let (quiz_printed, quiz_qr) = qr_for("/trac-nghiem-nghe");
    HandbookPage {
        chrome,
        print,
        year: h.date.year(),
        date: format_date(h.date),
        groups,
        institutions,
        occupation_count,
        any_demo,
        quiz_printed,
        quiz_qr,
    }
}

async fn show(
    state: WebState,
    chrome: Chrome,
    headers: &HeaderMap,
    year: Option<i32>,
) -> Result<Response, AppError> {
    let (handbook, areas) = state
        .app
        .run(move |app, conn| {
            let today = app.clock.today();
            let date = match year {
                None => today,
                Some(y) => {
                    app_handbook::edition_date(y, today).ok_or(lantoa_app::Error::NotFound)?
                }
            };
            let areas = app_inst::areas(conn, date)?.into_iter().collect();
            Ok((app_handbook::edition(conn, date)?, areas))
        })
        .await
        .map_err(app_error)?;
    let host = headers.get(header::HOST).and_then(|v| v.to_str().ok());
    let base = chrome.identity().base_url(host, state.settings.behind_tls);
    let chrome = match year {
        None => chrome.crumb("Sổ tay chọn nghề – chọn trường", None),
        Some(y) => chrome
            .crumb("Sổ tay chọn nghề – chọn trường", Some("/so-tay"))
            .crumb(format!("Bản in năm {y}"), None),
    };
    render(&page(chrome, handbook, &areas, year.is_some(), &base))
}

/// `GET /so-tay`: the handbook on screen, from today's directory.
pub async fn current(
    State(state): State<WebState>,
    chrome: Chrome,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    show(state, chrome, &headers, None).await
}

/// `GET /so-tay/{year}`: the print edition of a year (2023 to next year; others are 404).
pub async fn edition(
    State(state): State<WebState>,
    chrome: Chrome,
    headers: HeaderMap,
    Path(year): Path<String>,
) -> Result<Response, AppError> {
    let year = match year.parse::<i32>() {
        Ok(y) if year.len() == 4 => y,
        _ => return Err(AppError::NotFound),
    };
    show(state, chrome, &headers, Some(year)).await
}
