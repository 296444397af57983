//! The plan in the back office: its reporting periods with who owes a report, and the
//! communication products organisations log against its activities.

use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use lantoa_app::clock::format_date;
use lantoa_app::periods;
use lantoa_app::products::{self as app_products, ProductForm};
use lantoa_domain::ActivityId;
use lantoa_domain::access::{OrgRole, Principal};
use lantoa_domain::product::{ProductKind, ReachKind};
use lantoa_store::plans::{self as store_plans, PlanRow};
use lantoa_store::products::ProductFilter;
use lantoa_store::{PageRequest, orgs as store_orgs};
use serde::Deserialize;

use crate::chrome::{Chrome, PaginationPartial};
use crate::error::AppError;
use crate::forms::{FormErrors, after_submit, redirect_with_flash, render, render_with};
use crate::session::{CurrentUser, Meta};
use crate::{WebState, app_error};

const PER_PAGE: i64 = 30;

async fn plan(state: &WebState, slug: String) -> Result<PlanRow, AppError> {
    state
        .app
        .run(move |_, conn| store_plans::by_slug(conn, &slug)?.ok_or(lantoa_app::Error::NotFound))
        .await
        .map_err(app_error)
}

fn entered(p: &Principal) -> Result<(), AppError> {
    if p.can_enter_back_office() {
        Ok(())
    } else {
        Err(AppError::Forbidden)
    }
}

#[derive(Template)]
#[template(path = "admin/plans/list.html")]
pub struct AdminPlanListPage {
    pub chrome: Chrome,
    pub plans: Vec<PlanRow>,
}

pub async fn list(
    State(state): State<WebState>,
    chrome: Chrome,
    user: CurrentUser,
) -> Result<Response, AppError> {
    entered(user.principal())?;
    let plans = state
        .app
        .run(|_, conn| lantoa_app::plans::list(conn))
        .await
        .map_err(app_error)?;
    render(&AdminPlanListPage {
        chrome: chrome
            .crumb("Quản trị", Some("/quan-tri"))
            .crumb("Kế hoạch", None),
        plans,
    })
}

pub struct PeriodItem {
    pub code: String,
    pub label: String,
    pub window: String,
    pub unit_due: String,
    pub lead_due: String,
    pub owing: usize,
}

#[derive(Template)]
#[template(path = "admin/plans/periods.html")]
pub struct PeriodsPage {
    pub chrome: Chrome,
    pub plan: PlanRow,
    pub periods: Vec<PeriodItem>,
}

pub async fn periods(
    State(state): State<WebState>,
    chrome: Chrome,
    user: CurrentUser,
    Path(slug): Path<String>,
) -> Result<Response, AppError> {
    entered(user.principal())?;
    let plan = plan(&state, slug).await?;
    let p = plan.clone();
    let items = state
        .app
        .run(move |_, conn| {
            let mut items = Vec::new();
            let ctx = periods::PlanContext::load(conn, &p)?;
            for period in periods::all(conn, &p)? {
                let owing = periods::obligations_in(&ctx, &period).len();
                items.push(PeriodItem {
                    code: period.code(),
                    label: format!("Báo cáo {}", period.label()),
                    window: format!(
                        "{} – {}",
                        format_date(period.window_start),
                        format_date(period.window_end)
                    ),
                    unit_due: format_date(period.unit_due),
                    lead_due: format_date(period.lead_due),
                    owing,
                });
            }
            Ok(items)
        })
        .await
        .map_err(app_error)?;
    render(&PeriodsPage {
        chrome: chrome
            .crumb("Quản trị", Some("/quan-tri"))
            .crumb("Kế hoạch", Some("/quan-tri/ke-hoach"))
            .crumb("Kỳ báo cáo", None),
        plan,
        periods: items,
    })
}

pub struct ObligationItem {
    pub org_id: i64,
    pub name: String,
    pub ended: bool,
    pub on_behalf_of: Vec<String>,
    pub activities: String,
    pub state: &'static str,
    pub badge: &'static str,
    /// "Đúng hạn" / "Muộn" once submitted.
    pub timeliness: &'static str,
}

#[derive(Template)]
#[template(path = "admin/plans/period.html")]
pub struct PeriodPage {
    pub chrome: Chrome,
    pub plan: PlanRow,
    pub title: String,
    pub window: String,
    pub unit_due: String,
    pub lead_due: String,
    pub items: Vec<ObligationItem>,
    pub code: String,
    /// "7/11 (64%)"
    pub completeness: String,
    pub timeliness: String,
}

pub async fn period(
    State(state): State<WebState>,
    chrome: Chrome,
    user: CurrentUser,
    Path((slug, code)): Path<(String, String)>,
) -> Result<Response, AppError> {
    entered(user.principal())?;
    let plan = plan(&state, slug).await?;
    let p = plan.clone();
    let (period, obligations, states) = state
        .app
        .run(move |_, conn| {
            let period = periods::find(conn, &p, &code)?;
            let states = lantoa_app::reports::states(conn, p.plan_id(), &period)?;
            Ok((period, periods::obligations(conn, &p, &period)?, states))
        })
        .await
        .map_err(app_error)?;
    use lantoa_domain::report::ReportState;
    let items: Vec<ObligationItem> = obligations
        .into_iter()
        .map(|o| {
            let (st, on_time) = states
                .get(&o.holder.id)
                .copied()
                .map_or((None, None), |(s, t)| (Some(s), t));
            ObligationItem {
                org_id: o.holder.id,
                ended: o.holder.valid_to.is_some_and(|t| t < period.unit_due),
                name: o.holder.name,
                on_behalf_of: o.on_behalf_of.into_iter().map(|x| x.name).collect(),
                activities: o.activities.join(", "),
                state: st.map_or("Chưa lập", ReportState::label),
                badge: match st {
                    None => "neutral",
                    Some(ReportState::Draft) => "draft",
                    Some(ReportState::Submitted) => "pending",
                    Some(ReportState::Returned) => "returned",
                    Some(ReportState::Accepted) => "published",
                },
                timeliness: match on_time {
                    Some(true) => "Đúng hạn",
                    Some(false) => "Muộn",
                    None => "",
                },
            }
        })
        .collect();
    let expected = items.len();
    let submitted = items.iter().filter(|i| !i.timeliness.is_empty()).count();
    let punctual = items.iter().filter(|i| i.timeliness == "Đúng hạn").count();
    let title = format!("Báo cáo {}", period.label());
    render(&PeriodPage {
        chrome: chrome
            .crumb("Quản trị", Some("/quan-tri"))
            .crumb("Kế hoạch", Some("/quan-tri/ke-hoach"))
            .crumb(
                "Kỳ báo cáo",
                Some(&format!("/quan-tri/ke-hoach/{}/ky-bao-cao", plan.slug)),
            )
            .crumb(title.clone(), None),
        title,
        window: format!(
            "{} – {}",
            format_date(period.window_start),
            format_date(period.window_end)
        ),
        unit_due: format_date(period.unit_due),
        lead_due: format_date(period.lead_due),
        items,
        code: period.code(),
        completeness: lantoa_app::format::ratio(submitted, expected),
        timeliness: lantoa_app::format::ratio(punctual, expected),
        plan,
    })
}

pub struct ProductItem {
    pub id: i64,
    pub date: String,
    pub org: String,
    /// The activity's code, or empty while a product from the portal waits for one.
    pub activity: String,
    /// A product made from a content item of the portal: the item's back-office page.
    pub content_href: Option<String>,
    /// The item left the portal after a report counted the product.
    pub content_removed: bool,
    pub can_edit: bool,
    pub kind: &'static str,
    pub title: String,
    pub quantity: i32,
    pub reach: String,
    pub evidence_url: String,
}

#[derive(Template)]
#[template(path = "admin/plans/products.html")]
pub struct ProductsPage {
    pub chrome: Chrome,
    pub plan: PlanRow,
    pub items: Vec<ProductItem>,
    pub total: i64,
    pub can_add: bool,
    pub kind: String,
    pub kinds: Vec<(String, String)>,
    pub org: String,
    pub orgs: Vec<(String, String)>,
    pub activity: String,
    pub activities: Vec<(String, String)>,
    /// Some filter is set (the empty state then says so rather than inviting a first product).
    pub filtered: bool,
    pub pagination: PaginationPartial,
    /// Only the products waiting for their activity.
    pub unassigned_only: bool,
    /// The plan's rules for the portal's content, in words, in order.
    pub portal_rules: Vec<String>,
}

#[derive(Debug, Deserialize, Default)]
#[serde(default)]
pub struct ProductQuery {
    loai: String,
    don_vi: String,
    hoat_dong: String,
    chua_gan: String,
    trang: Option<String>,
}

/// A plan's `[[portal_activity]]` rules in words, for the products page.
fn portal_rules_in_words(plan: &PlanRow) -> Vec<String> {
    lantoa_app::plans::portal_rules(plan)
        .into_iter()
        .map(|r| {
            let kinds: Vec<&str> = r
                .kinds
                .iter()
                .filter_map(|k| ProductKind::from_code(k))
                .map(|k| k.label())
                .collect();
            let topics: Vec<&str> = r
                .topics
                .iter()
                .filter_map(|t| lantoa_domain::content::topic(t))
                .map(|t| t.section)
                .collect();
            if topics.is_empty() {
                format!("{} → hoạt động {}", kinds.join(", "), r.activity)
            } else {
                format!(
                    "{} về chủ đề {} → hoạt động {}",
                    kinds.join(", "),
                    topics.join(", "),
                    r.activity
                )
            }
        })
        .collect()
}

/// The first `max` characters of a long title, with an ellipsis.
fn shorten(title: &str, max: usize) -> String {
    if title.chars().count() > max {
        let head: String = title.chars().take(max).collect();
        format!("{head}…")
    } else {
        title.to_owned()
    }
}

fn kind_options(all: bool) -> Vec<(String, String)> {
    let mut v = vec![(
        String::new(),
        if all {
            "Tất cả"
        } else {
            "— Chọn loại sản phẩm —"
        }
        .to_owned(),
    )];
    v.extend(
        ProductKind::ALL
            .iter()
            .map(|k| (k.code().to_owned(), k.label().to_owned())),
    );
    v
}

fn can_add(p: &Principal) -> bool {
    p.memberships.iter().any(|(_, r)| *r >= OrgRole::Editor)
}

pub async fn products(
    State(state): State<WebState>,
    chrome: Chrome,
    user: CurrentUser,
    Path(slug): Path<String>,
    Query(q): Query<ProductQuery>,
) -> Result<Response, AppError> {
    let principal = user.principal().clone();
    entered(&principal)?;
    let plan = plan(&state, slug).await?;
    let page_no = super::page_param(q.trang.as_deref());
    let org: Option<i64> = q.don_vi.parse().ok();
    let activity: Option<i64> = q.hoat_dong.parse().ok();
    let filter = ProductFilter {
        plan: Some(plan.plan_id()),
        kind: ProductKind::from_code(&q.loai).map(|k| k.code().to_owned()),
        orgs: org.map(|o| vec![lantoa_domain::OrgId(o)]),
        activity: activity.map(ActivityId),
        unassigned: !q.chua_gan.is_empty(),
        ..ProductFilter::default()
    };
    let p = principal.clone();
    let plan_id = plan.plan_id();
    let (page, org_names, acts) = state
        .app
        .run(move |_, conn| {
            let page = app_products::list(conn, &p, filter, PageRequest::new(page_no, PER_PAGE))?;
            Ok((
                page,
                lantoa_store::products::organisations(conn, plan_id)?,
                store_plans::activities(conn, plan_id)?,
            ))
        })
        .await
        .map_err(app_error)?;
    // The filter offers the organisations whose products this user may read.
    let readable = principal.readable_orgs();
    let mut orgs = vec![(String::new(), "Tất cả".to_owned())];
    orgs.extend(
        org_names
            .into_iter()
            .filter(|(id, _)| {
                readable
                    .as_ref()
                    .is_none_or(|r| r.contains(&lantoa_domain::OrgId(*id)))
            })
            .map(|(id, name)| (id.to_string(), name)),
    );
    let mut activities = vec![(String::new(), "Tất cả".to_owned())];
    activities.extend(acts.into_iter().map(|a| {
        (
            a.id.to_string(),
            format!("{}. {}", a.code, shorten(&a.title, 70)),
        )
    }));
    let items = page
        .items
        .iter()
        .map(|i| ProductItem {
            id: i.product.id,
            date: format_date(i.product.produced_on),
            org: i.org_short_name.clone(),
            activity: i.activity_code.clone().unwrap_or_default(),
            content_href: i
                .product
                .content_id
                .map(|c| format!("/quan-tri/noi-dung/{c}")),
            content_removed: i.product.content_removed_at.is_some(),
            can_edit: principal
                .editor_of(lantoa_domain::OrgId(i.product.organisation_id))
                .is_ok(),
            kind: ProductKind::from_code(&i.product.kind)
                .map(ProductKind::label)
                .unwrap_or(""),
            title: i.product.title.clone(),
            quantity: i.product.quantity,
            reach: match (
                i.product.reach,
                i.product
                    .reach_kind
                    .as_deref()
                    .and_then(ReachKind::from_code),
            ) {
                (Some(n), Some(k)) => format!(
                    "{} {}",
                    lantoa_app::format::int(n),
                    k.label().to_lowercase()
                ),
                _ => String::new(),
            },
            evidence_url: i.product.evidence_url.clone(),
        })
        .collect();
    let pagination = PaginationPartial::new(
        u32::try_from(page.page).unwrap_or(1),
        u32::try_from(page.page_count()).unwrap_or(1),
        format!(
            "/quan-tri/ke-hoach/{}/san-pham?loai={}&don_vi={}&hoat_dong={}&chua_gan={}",
            plan.slug,
            crate::chrome::encode_component(&q.loai),
            crate::chrome::encode_component(&q.don_vi),
            crate::chrome::encode_component(&q.hoat_dong),
            crate::chrome::encode_component(&q.chua_gan)
        ),
    );
    render(&ProductsPage {
        chrome: chrome
            .crumb("Quản trị", Some("/quan-tri"))
            .crumb("Kế hoạch", Some("/quan-tri/ke-hoach"))
            .crumb("Sản phẩm truyền thông", None),
        items,
        total: page.total,
        can_add: can_add(&principal),
        filtered: !q.loai.is_empty()
            || org.is_some()
            || activity.is_some()
            || !q.chua_gan.is_empty(),
        kind: q.loai,
        kinds: kind_options(true),
        org: q.don_vi,
        orgs,
        activity: q.hoat_dong,
        activities,
        pagination,
        unassigned_only: !q.chua_gan.is_empty(),
        portal_rules: portal_rules_in_words(&plan),
        plan,
    })
}

#[derive(Template)]
#[template(path = "admin/plans/product_form.html")]
pub struct ProductFormPage {
    pub chrome: Chrome,
    pub plan: PlanRow,
    pub form: ProductForm,
    pub errors: FormErrors,
    pub orgs: Vec<(String, String)>,
    pub activities: Vec<(String, String)>,
    pub kinds: Vec<(String, String)>,
    pub reach_kinds: Vec<(String, String)>,
    /// Editing a stored product (`None`: a new one).
    pub edit: Option<ProductEdit>,
}

/// What the edit form shows of a stored product.
pub struct ProductEdit {
    pub id: i64,
    pub org_name: String,
    /// Made from a content item of the portal: its kind, title, date and address are the
    /// item's and are shown, not edited.
    pub from_portal: bool,
    pub content_href: Option<String>,
    pub content_removed: bool,
    pub kind_label: &'static str,
    pub date: String,
}

impl ProductFormPage {
    /// Editing a product made from the portal (its item's fields are shown, not edited).
    pub fn from_portal(&self) -> bool {
        self.edit.as_ref().is_some_and(|e| e.from_portal)
    }

    pub fn form_action(&self) -> String {
        match &self.edit {
            Some(e) => format!("/quan-tri/ke-hoach/{}/san-pham/{}", self.plan.slug, e.id),
            None => format!("/quan-tri/ke-hoach/{}/san-pham", self.plan.slug),
        }
    }
}

async fn form_page(
    state: &WebState,
    chrome: Chrome,
    principal: &Principal,
    plan: PlanRow,
    form: ProductForm,
    errors: FormErrors,
) -> Result<ProductFormPage, AppError> {
    form_page_titled(
        state,
        chrome,
        principal,
        plan,
        form,
        errors,
        "Thêm sản phẩm",
    )
    .await
}

async fn form_page_titled(
    state: &WebState,
    chrome: Chrome,
    principal: &Principal,
    plan: PlanRow,
    form: ProductForm,
    errors: FormErrors,
    last_crumb: &str,
) -> Result<ProductFormPage, AppError> {
    let editable: Vec<i64> = principal
        .memberships
        .iter()
        .filter(|(_, r)| *r >= OrgRole::Editor)
        .map(|(o, _)| o.0)
        .collect();
    let plan_id = plan.plan_id();
    let (names, acts) = state
        .app
        .run(move |_, conn| {
            Ok((
                store_orgs::names(conn)?,
                store_plans::activities(conn, plan_id)?,
            ))
        })
        .await
        .map_err(app_error)?;
    let mut orgs = vec![(String::new(), "— Chọn đơn vị —".to_owned())];
    orgs.extend(
        names
            .into_iter()
            .filter(|(id, _, _)| editable.contains(id))
            .map(|(id, name, _)| (id.to_string(), name)),
    );
    let mut activities = vec![(String::new(), "— Chọn hoạt động —".to_owned())];
    activities.extend(acts.into_iter().map(|a| {
        (
            a.id.to_string(),
            format!("{}. {}", a.code, shorten(&a.title, 90)),
        )
    }));
    let mut reach_kinds = vec![(String::new(), "—".to_owned())];
    reach_kinds.extend(
        ReachKind::ALL
            .iter()
            .map(|k| (k.code().to_owned(), k.label().to_owned())),
    );
    Ok(ProductFormPage {
        chrome: chrome
            .crumb("Quản trị", Some("/quan-tri"))
            .crumb(
                "Sản phẩm truyền thông",
                Some(&format!("/quan-tri/ke-hoach/{}/san-pham", plan.slug)),
            )
            .crumb(last_crumb, None),
        plan,
        form,
        errors,
        orgs,
        activities,
        kinds: kind_options(false),
        reach_kinds,
        edit: None,
    })
}

/// The edit form of a stored product.
async fn edit_page(
    state: &WebState,
    chrome: Chrome,
    principal: &Principal,
    plan: PlanRow,
    id: i64,
    typed: Option<ProductForm>,
    errors: FormErrors,
) -> Result<ProductFormPage, AppError> {
    let (p, pl) = (principal.clone(), plan.clone());
    let (row, org_name) = state
        .app
        .run(move |_, conn| {
            let row = app_products::for_edit(conn, &p, &pl, id)?;
            let name = store_orgs::get(conn, lantoa_domain::OrgId(row.organisation_id))?
                .map(|o| o.name)
                .unwrap_or_default();
            Ok((row, name))
        })
        .await
        .map_err(app_error)?;
    let form = typed.unwrap_or_else(|| ProductForm::from_row(&row));
    let mut page =
        form_page_titled(state, chrome, principal, plan, form, errors, "Sửa sản phẩm").await?;
    page.edit = Some(ProductEdit {
        id,
        org_name,
        from_portal: row.content_id.is_some(),
        content_href: row.content_id.map(|c| format!("/quan-tri/noi-dung/{c}")),
        content_removed: row.content_removed_at.is_some(),
        kind_label: ProductKind::from_code(&row.kind)
            .map(ProductKind::label)
            .unwrap_or(""),
        date: format_date(row.produced_on),
    });
    Ok(page)
}

/// `GET …/san-pham/{id}`: change a product (assign the activity of one from the portal).
pub async fn edit_product(
    State(state): State<WebState>,
    chrome: Chrome,
    user: CurrentUser,
    Path((slug, id)): Path<(String, i64)>,
) -> Result<Response, AppError> {
    let principal = user.principal().clone();
    let plan = plan(&state, slug).await?;
    let page = edit_page(
        &state,
        chrome,
        &principal,
        plan,
        id,
        None,
        FormErrors::none(),
    )
    .await?;
    render(&page)
}

pub async fn update_product(
    State(state): State<WebState>,
    chrome: Chrome,
    user: CurrentUser,
    Meta(meta): Meta,
    Path((slug, id)): Path<(String, i64)>,
    Form(form): Form<ProductForm>,
) -> Result<Response, AppError> {
    let principal = user.principal().clone();
    let plan = plan(&state, slug).await?;
    let (p, pl, f) = (principal.clone(), plan.clone(), form.clone());
    let result = state
        .app
        .run(move |app, conn| app_products::update(app, conn, &p, &pl, id, &f, &meta))
        .await;
    let (secure, list) = (
        state.site.secure_cookies,
        format!("/quan-tri/ke-hoach/{}/san-pham", plan.slug),
    );
    after_submit(
        result,
        |_| list,
        "Đã lưu sản phẩm truyền thông.",
        secure,
        |errors| edit_page(&state, chrome, &principal, plan, id, Some(form), errors),
    )
    .await
}

pub async fn new_product(
    State(state): State<WebState>,
    chrome: Chrome,
    user: CurrentUser,
    Path(slug): Path<String>,
) -> Result<Response, AppError> {
    let principal = user.principal().clone();
    if !can_add(&principal) {
        return Err(AppError::Forbidden);
    }
    let plan = plan(&state, slug).await?;
    let mut form = ProductForm::default();
    let editable: Vec<_> = principal
        .memberships
        .iter()
        .filter(|(_, r)| *r >= OrgRole::Editor)
        .collect();
    if let [(only, _)] = editable.as_slice() {
        form.organisation_id = only.to_string();
    }
    form.quantity = "1".into();
    let page = form_page(&state, chrome, &principal, plan, form, FormErrors::none()).await?;
    render(&page)
}

pub async fn create_product(
    State(state): State<WebState>,
    chrome: Chrome,
    user: CurrentUser,
    Meta(meta): Meta,
    Path(slug): Path<String>,
    Form(form): Form<ProductForm>,
) -> Result<Response, AppError> {
    let principal = user.principal().clone();
    let plan = plan(&state, slug).await?;
    let (p, pl, f) = (principal.clone(), plan.clone(), form.clone());
    let result = state
        .app
        .run(move |app, conn| app_products::create(app, conn, &p, &pl, &f, &meta))
        .await;
    let (secure, list) = (
        state.site.secure_cookies,
        format!("/quan-tri/ke-hoach/{}/san-pham", plan.slug),
    );
    after_submit(
        result,
        |_| list,
        "Đã ghi nhận sản phẩm truyền thông.",
        secure,
        |errors| form_page(&state, chrome, &principal, plan, form, errors),
    )
    .await
}

pub async fn confirm_delete_product(
    State(state): State<WebState>,
    chrome: Chrome,
    user: CurrentUser,
    Path((slug, id)): Path<(String, i64)>,
) -> Result<Response, AppError> {
    let principal = user.principal().clone();
    let row = state
        .app
        .run(move |_, conn| {
            lantoa_store::products::get(conn, id)?.ok_or(lantoa_app::Error::NotFound)
        })
        .await
        .map_err(app_error)?;
    principal
        .editor_of(lantoa_domain::OrgId(row.organisation_id))
        .map_err(|_| AppError::Forbidden)?;
    render(&super::orgs::ConfirmPage {
        chrome: chrome
            .crumb("Quản trị", Some("/quan-tri"))
            .crumb("Xóa sản phẩm", None),
        title: "Xóa sản phẩm truyền thông?".into(),
        question: format!(
            "“{}” ({}, số lượng {}) sẽ không còn được tính trong báo cáo.",
            row.title,
            format_date(row.produced_on),
            row.quantity
        ),
        action: format!("/quan-tri/ke-hoach/{slug}/san-pham/{id}/xoa"),
        confirm_label: "Xóa sản phẩm".into(),
        cancel_href: format!("/quan-tri/ke-hoach/{slug}/san-pham"),
    })
}

pub async fn delete_product(
    State(state): State<WebState>,
    user: CurrentUser,
    Meta(meta): Meta,
    Path((slug, id)): Path<(String, i64)>,
) -> Result<Response, AppError> {
    let principal = user.principal().clone();
    state
        .app
        .run(move |app, conn| app_products::delete(app, conn, &principal, id, &meta))
        .await
        .map_err(app_error)?;
    Ok(redirect_with_flash(
        &format!("/quan-tri/ke-hoach/{slug}/san-pham"),
        "Đã xóa sản phẩm.",
        state.site.secure_cookies,
    ))
}

#[derive(Template)]
#[template(path = "admin/plans/dashboard.html")]
pub struct DashboardPage {
    pub chrome: Chrome,
    pub plan: PlanRow,
    pub d: std::sync::Arc<lantoa_app::dashboard::Dashboard>,
    pub chart_periods: String,
    pub chart_time: String,
    pub chart_kind: String,
    pub chart_org: String,
}

impl DashboardPage {
    pub fn ratio(&self, n: &usize, of: &usize) -> String {
        lantoa_app::format::ratio(*n, *of)
    }

    pub fn int(&self, n: &i64) -> String {
        lantoa_app::format::int(*n)
    }
}

pub async fn dashboard(
    State(state): State<WebState>,
    chrome: Chrome,
    user: CurrentUser,
    Path(slug): Path<String>,
) -> Result<Response, AppError> {
    entered(user.principal())?;
    let plan = plan(&state, slug).await?;
    let p = plan.clone();
    let d = state
        .app
        .run(move |app, conn| lantoa_app::dashboard::cached(app, conn, &p, app.clock.today()))
        .await
        .map_err(app_error)?;
    let periods: Vec<(String, i64)> = d
        .periods
        .iter()
        .map(|s| {
            (
                s.label.trim_start_matches("Báo cáo ").to_owned(),
                i64::try_from(s.submitted * 100 / s.expected.max(1)).unwrap_or(0),
            )
        })
        .collect();
    let top: Vec<(String, i64)> = d.by_org.iter().take(10).cloned().collect();
    render(&DashboardPage {
        chrome: chrome
            .crumb("Quản trị", Some("/quan-tri"))
            .crumb("Kế hoạch", Some("/quan-tri/ke-hoach"))
            .crumb("Tổng quan kế hoạch", None),
        chart_periods: crate::svg::bars(
            "bieu-do-ky",
            "Tỉ lệ đơn vị đã gửi báo cáo theo kỳ (%)",
            &periods,
        ),
        chart_time: crate::svg::bars(
            "bieu-do-thoi-gian",
            "Số sản phẩm truyền thông theo nửa năm",
            &d.by_half_year,
        ),
        chart_kind: crate::svg::bars(
            "bieu-do-loai",
            "Số sản phẩm truyền thông theo loại",
            &d.by_kind,
        ),
        chart_org: crate::svg::bars("bieu-do-don-vi", "Mười đơn vị có nhiều sản phẩm nhất", &top),
        d,
        plan,
    })
}

pub async fn template(
    State(state): State<WebState>,
    user: CurrentUser,
    Path(slug): Path<String>,
) -> Result<Response, AppError> {
    use axum::http::header;
    use axum::response::IntoResponse;
    entered(user.principal())?;
    let plan = plan(&state, slug).await?;
    let bytes = state
        .app
        .run(move |_, conn| lantoa_app::product_import::template(conn, &plan))
        .await
        .map_err(app_error)?;
    Ok((
        [
            (
                header::CONTENT_TYPE,
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            ),
            (
                header::CONTENT_DISPOSITION,
                "attachment; filename=\"mau-san-pham-truyen-thong.xlsx\"",
            ),
        ],
        bytes,
    )
        .into_response())
}

#[derive(Template)]
#[template(path = "admin/plans/import.html")]
pub struct ImportPage {
    pub chrome: Chrome,
    pub plan: PlanRow,
    pub orgs: Vec<(String, String)>,
    pub selected: String,
    pub problems: Vec<String>,
    pub errors: FormErrors,
}

async fn import_page(
    state: &WebState,
    chrome: Chrome,
    principal: &Principal,
    plan: PlanRow,
    selected: String,
    problems: Vec<String>,
) -> Result<ImportPage, AppError> {
    let form = form_page(
        state,
        chrome,
        principal,
        plan,
        ProductForm::default(),
        FormErrors::none(),
    )
    .await?;
    let selected = if selected.is_empty() && form.orgs.len() == 2 {
        form.orgs[1].0.clone()
    } else {
        selected
    };
    Ok(ImportPage {
        chrome: form.chrome,
        plan: form.plan,
        orgs: form.orgs,
        selected,
        problems,
        errors: FormErrors::none(),
    })
}

pub async fn import_form(
    State(state): State<WebState>,
    chrome: Chrome,
    user: CurrentUser,
    Path(slug): Path<String>,
) -> Result<Response, AppError> {
    let principal = user.principal().clone();
    if !can_add(&principal) {
        return Err(AppError::Forbidden);
    }
    let plan = plan(&state, slug).await?;
    let mut page = import_page(&state, chrome, &principal, plan, String::new(), Vec::new()).await?;
    page.chrome.breadcrumb.pop();
    let page = ImportPage {
        chrome: page.chrome.crumb("Nhập từ bảng tính", None),
        ..page
    };
    render(&page)
}

pub async fn import(
    State(state): State<WebState>,
    chrome: Chrome,
    user: CurrentUser,
    Meta(meta): Meta,
    Path(slug): Path<String>,
    mut multipart: axum::extract::Multipart,
) -> Result<Response, AppError> {
    let principal = user.principal().clone();
    let plan = plan(&state, slug).await?;
    let mut org = String::new();
    let mut file: Option<Vec<u8>> = None;
    while let Some(field) = multipart
        .next_field()
        .await
        .map_err(|_| AppError::BadRequest("Không đọc được tệp tải lên; vui lòng thử lại.".into()))?
    {
        match field.name() {
            Some("organisation_id") => org = field.text().await.unwrap_or_default(),
            Some("file") => {
                let bytes = field.bytes().await.map_err(|_| AppError::PayloadTooLarge)?;
                if !bytes.is_empty() {
                    file = Some(bytes.to_vec());
                }
            }
            _ => {}
        }
    }
    let problems = match file {
        None => vec!["Vui lòng chọn tệp bảng tính (.xlsx) để tải lên.".to_owned()],
        Some(bytes) => {
            let (p, pl, o) = (principal.clone(), plan.clone(), org.clone());
            let result = state
                .app
                .run(move |app, conn| {
                    lantoa_app::product_import::import(app, conn, &p, &pl, &o, &bytes, &meta)
                })
                .await;
            match result {
                Ok(n) => {
                    return Ok(redirect_with_flash(
                        &format!("/quan-tri/ke-hoach/{}/san-pham", plan.slug),
                        &format!("Đã nhập {n} sản phẩm từ bảng tính."),
                        state.site.secure_cookies,
                    ));
                }
                Err(lantoa_app::Error::InvalidFile(lines)) => lines,
                Err(e) => return Err(app_error(e)),
            }
        }
    };
    let mut page = import_page(&state, chrome, &principal, plan, org, problems).await?;
    page.chrome.breadcrumb.pop();
    let page = ImportPage {
        chrome: page.chrome.crumb("Nhập từ bảng tính", None),
        ..page
    };
    render_with(StatusCode::UNPROCESSABLE_ENTITY, &page)
}
