//! Plan pages: the list of plans and one plan in full (a public document), with its activity
//! table as in the appendix.

use askama::Template;
use axum::extract::{Path, State};
use axum::response::Response;
use lantoa_app::plans::{self as app_plans, PlanView};
use lantoa_store::plans::PlanRow;

use crate::chrome::Chrome;
use crate::error::AppError;
use crate::forms::render;
use crate::{WebState, app_error};

#[derive(Template)]
#[template(path = "plans/list.html")]
pub struct PlanListPage {
    pub chrome: Chrome,
    pub plans: Vec<PlanRow>,
}

pub async fn list(State(state): State<WebState>, chrome: Chrome) -> Result<Response, AppError> {
    let plans = state
        .app
        .run(|_, conn| app_plans::list(conn))
        .await
        .map_err(app_error)?;
    render(&PlanListPage {
        chrome: chrome.crumb("Kế hoạch", None),
        plans,
    })
}

#[derive(Template)]
#[template(path = "plans/show.html")]
pub struct PlanPage {
    pub chrome: Chrome,
    pub v: PlanView,
    pub years: Vec<i32>,
    pub issued: String,
    /// The plan's attachments (ADR 0020): (title, "PDF, 1,2 MB", address).
    pub attachments: Vec<(String, String, String)>,
}

impl PlanPage {
    /// Paragraphs of a text block (separated by blank lines).
    pub fn paragraphs<'a>(&self, text: &'a str) -> Vec<&'a str> {
        text.split("\n\n")
            .map(str::trim)
            .filter(|p| !p.is_empty())
            .collect()
    }
}

pub async fn show(
    State(state): State<WebState>,
    chrome: Chrome,
    Path(slug): Path<String>,
) -> Result<Response, AppError> {
    let (v, attachments) = state
        .app
        .run(move |_, conn| {
            let v = app_plans::view(conn, &slug)?;
            let a = lantoa_app::attachments::of_plan(conn, v.plan.plan_id())?;
            Ok((v, a))
        })
        .await
        .map_err(app_error)?;
    let attachments = attachments
        .iter()
        .map(|a| {
            (
                a.row.title.clone(),
                a.summary.clone(),
                format!("/ke-hoach/{}/tai-lieu/{}", v.plan.slug, a.row.id),
            )
        })
        .collect();
    let years = (v.plan.start_year..=v.plan.end_year).collect();
    let d = v.plan.issued_on;
    let issued = format!(
        "{}, ngày {} tháng {} năm {}",
        v.plan.place,
        chrono::Datelike::day(&d),
        chrono::Datelike::month(&d),
        chrono::Datelike::year(&d)
    );
    let chrome = chrome.crumb("Kế hoạch", Some("/ke-hoach")).crumb(
        format!(
            "{} {}–{}",
            v.plan.document_type, v.plan.start_year, v.plan.end_year
        ),
        None,
    );
    render(&PlanPage {
        chrome,
        v,
        years,
        issued,
        attachments,
    })
}

/// `/ke-hoach/{slug}/tai-lieu/{id}`: one of the plan's attachments (public); a report's
/// attachment is not found here.
pub async fn attachment(
    State(state): State<WebState>,
    Path((slug, id)): Path<(String, i64)>,
) -> Result<Response, AppError> {
    let d = state
        .app
        .run(move |app, conn| lantoa_app::attachments::public_file(app, conn, &slug, id))
        .await
        .map_err(app_error)?;
    Ok(crate::admin::attachments::send(d, "public, max-age=3600"))
}
