//! The back office at `/quan-tri`: overview, organisations, users, audit log.
//! Every handler takes [`CurrentUser`] (signed out → the sign-in page) and passes its
//! principal to a use case that checks the capability it needs.

pub mod applications;
pub mod attachments;
pub mod audit;
pub mod content;
pub mod institutions;
pub mod media;
pub mod orgs;
pub mod outbox;
pub mod plans;
pub mod policies;
pub mod programmes;
pub mod reports;
pub mod revisions;
pub mod users;

use askama::Template;
use axum::Router;
use axum::extract::State;
use axum::response::Response;
use axum::routing::{get, post};
use lantoa_domain::access::OrgRole;
use lantoa_store::{orgs as store_orgs, users as store_users};

use crate::chrome::Chrome;
use crate::error::AppError;
use crate::forms::render;
use crate::session::CurrentUser;
use crate::{WebState, app_error};

pub fn routes() -> Router<WebState> {
    Router::new()
        .route("/quan-tri", get(overview))
        .route("/quan-tri/don-vi", get(orgs::list).post(orgs::create))
        .route("/quan-tri/don-vi/moi", get(orgs::new_form))
        .route("/quan-tri/don-vi/{id}", get(orgs::show).post(orgs::update))
        .route("/quan-tri/don-vi/{id}/sua", get(orgs::edit_form))
        .route("/quan-tri/don-vi/{id}/ke-thua", post(orgs::add_succession))
        .route(
            "/quan-tri/ke-thua/{id}/xoa",
            get(orgs::confirm_remove_succession).post(orgs::remove_succession),
        )
        .route("/quan-tri/nguoi-dung", get(users::list).post(users::create))
        .route("/quan-tri/nguoi-dung/moi", get(users::new_form))
        .route(
            "/quan-tri/nguoi-dung/{id}",
            get(users::show).post(users::update),
        )
        .route(
            "/quan-tri/nguoi-dung/{id}/dat-lai-mat-khau",
            get(users::confirm_reset).post(users::reset_password),
        )
        .route(
            "/quan-tri/nguoi-dung/{id}/vai-tro",
            post(users::set_membership),
        )
        .route(
            "/quan-tri/noi-dung",
            get(content::list).post(content::create),
        )
        .route("/quan-tri/noi-dung/moi", get(content::new_form))
        .route("/quan-tri/noi-dung/xem-truoc", post(content::preview))
        .route(
            "/quan-tri/noi-dung/{id}",
            get(content::show).post(content::update),
        )
        .route(
            "/quan-tri/noi-dung/{id}/{action}",
            get(content::confirm).post(content::act),
        )
        .route("/quan-tri/thu-vien", get(media::list).post(media::upload))
        .route("/quan-tri/thu-vien/tai-len", get(media::upload_form))
        .route(
            "/quan-tri/thu-vien/{id}",
            get(media::show).post(media::update),
        )
        .route(
            "/quan-tri/thu-vien/{id}/xoa",
            get(media::confirm_delete).post(media::delete),
        )
        .route("/quan-tri/noi-dung/{id}/phien-ban", get(revisions::list))
        .route(
            "/quan-tri/noi-dung/{id}/phien-ban/{number}",
            get(revisions::show),
        )
        .route(
            "/quan-tri/noi-dung/{id}/phien-ban/{number}/khoi-phuc",
            get(revisions::confirm_restore).post(revisions::restore),
        )
        .route("/quan-tri/nhat-ky", get(audit::list))
        .route("/quan-tri/thu-dien-tu", get(outbox::list))
        .route("/quan-tri/co-so-dao-tao", get(institutions::list))
        .route(
            "/quan-tri/co-so-dao-tao/{id}",
            get(institutions::edit_form).post(institutions::update),
        )
        .route(
            "/quan-tri/chuong-trinh",
            get(programmes::list).post(programmes::create),
        )
        .route("/quan-tri/chuong-trinh/moi", get(programmes::new_form))
        .route(
            "/quan-tri/chuong-trinh/{id}",
            get(programmes::show).post(programmes::update),
        )
        .route(
            "/quan-tri/chuong-trinh/{id}/dot-tuyen-sinh",
            post(programmes::create_intake),
        )
        .route(
            "/quan-tri/chuong-trinh/{id}/dot-tuyen-sinh/moi",
            get(programmes::new_intake),
        )
        .route(
            "/quan-tri/dot-tuyen-sinh/{id}",
            get(programmes::edit_intake).post(programmes::update_intake),
        )
        .route(
            "/quan-tri/dot-tuyen-sinh/{id}/xoa",
            get(programmes::confirm_delete_intake).post(programmes::delete_intake),
        )
        .route(
            "/quan-tri/chinh-sach-ho-tro",
            get(policies::list).post(policies::create),
        )
        .route("/quan-tri/chinh-sach-ho-tro/moi", get(policies::new_form))
        .route(
            "/quan-tri/chinh-sach-ho-tro/{id}",
            get(policies::show).post(policies::update),
        )
        .route(
            "/quan-tri/chinh-sach-ho-tro/{id}/xoa",
            get(policies::confirm_delete).post(policies::delete),
        )
        .route("/quan-tri/ho-so-tuyen-sinh", get(applications::list))
        .route(
            "/quan-tri/ho-so-tuyen-sinh/tai-ve",
            get(applications::export),
        )
        .route(
            "/quan-tri/ho-so-tuyen-sinh/chi-tieu",
            get(applications::quota),
        )
        .route("/quan-tri/ho-so-tuyen-sinh/{id}", get(applications::show))
        .route(
            "/quan-tri/ho-so-tuyen-sinh/nguyen-vong/{choice}",
            post(applications::act),
        )
        .route("/quan-tri/ke-hoach", get(plans::list))
        .route("/quan-tri/ke-hoach/{slug}", get(plans::dashboard))
        .route("/quan-tri/ke-hoach/{slug}/ky-bao-cao", get(plans::periods))
        .route(
            "/quan-tri/ke-hoach/{slug}/tai-lieu-kem-theo",
            get(attachments::plan_list),
        )
        .route(
            "/quan-tri/ke-hoach/{slug}/ky-bao-cao/{code}/{org}/tai-lieu-kem-theo",
            get(attachments::report_list),
        )
        .route(attachments::UPLOAD_PATH, post(attachments::upload))
        .route("/quan-tri/tai-lieu-kem-theo/{id}", get(attachments::file))
        .route(
            "/quan-tri/tai-lieu-kem-theo/{id}/xoa",
            get(attachments::confirm_delete).post(attachments::delete),
        )
        .route(
            "/quan-tri/ke-hoach/{slug}/ky-bao-cao/{code}",
            get(plans::period),
        )
        .route(
            "/quan-tri/ke-hoach/{slug}/ky-bao-cao/{code}/{org}",
            get(reports::show).post(reports::save),
        )
        .route(
            "/quan-tri/ke-hoach/{slug}/ky-bao-cao/{code}/{org}/tra-lai",
            post(reports::send_back),
        )
        .route(
            "/quan-tri/ke-hoach/{slug}/ky-bao-cao/{code}/{org}/tiep-nhan",
            post(reports::accept),
        )
        .route(
            "/quan-tri/ke-hoach/{slug}/ky-bao-cao/{code}/{org}/mo-lai",
            post(reports::reopen),
        )
        .route(
            "/quan-tri/ke-hoach/{slug}/ky-bao-cao/{code}/{org}/tai-ve/{format}",
            get(reports::download_unit),
        )
        .route(
            "/quan-tri/ke-hoach/{slug}/ky-bao-cao/{code}/tong-hop",
            get(reports::consolidated).post(reports::save_consolidated),
        )
        .route(
            "/quan-tri/ke-hoach/{slug}/ky-bao-cao/{code}/tong-hop/{format}",
            get(reports::download_consolidated),
        )
        .route(
            "/quan-tri/ke-hoach/{slug}/san-pham",
            get(plans::products).post(plans::create_product),
        )
        .route(
            "/quan-tri/ke-hoach/{slug}/san-pham/moi",
            get(plans::new_product),
        )
        .route(
            "/quan-tri/ke-hoach/{slug}/san-pham/mau.xlsx",
            get(plans::template),
        )
        .route(
            "/quan-tri/ke-hoach/{slug}/san-pham/nhap",
            get(plans::import_form).post(plans::import),
        )
        .route(
            "/quan-tri/ke-hoach/{slug}/san-pham/{id}",
            get(plans::edit_product).post(plans::update_product),
        )
        .route(
            "/quan-tri/ke-hoach/{slug}/san-pham/{id}/xoa",
            get(plans::confirm_delete_product).post(plans::delete_product),
        )
}

pub struct MyOrg {
    pub id: i64,
    pub name: String,
    pub role: &'static str,
}

#[derive(Template)]
#[template(path = "admin/overview.html")]
pub struct OverviewPage {
    pub chrome: Chrome,
    pub display_name: String,
    pub roles: Vec<&'static str>,
    pub my_orgs: Vec<MyOrg>,
    pub org_count: i64,
    pub user_count: i64,
    pub can_manage_users: bool,
    pub can_see_audit: bool,
    /// System administrators see the e-mail outbox.
    pub can_see_outbox: bool,
    /// (time, message, link)
    pub notifications: Vec<(String, String, String)>,
}

pub async fn overview(
    State(state): State<WebState>,
    chrome: Chrome,
    user: CurrentUser,
) -> Result<Response, AppError> {
    let principal = user.principal().clone();
    if !principal.can_enter_back_office() {
        return Err(AppError::Forbidden);
    }
    if user.0.must_change_password {
        return Ok(axum::response::IntoResponse::into_response(
            axum::response::Redirect::to("/tai-khoan/mat-khau"),
        ));
    }
    let p = principal.clone();
    let (my_orgs, org_count, user_count, notifications) = state
        .app
        .run(move |_, conn| {
            let mut mine = Vec::new();
            for (org, role) in &p.memberships {
                if let Some(o) = store_orgs::get(conn, *org)? {
                    mine.push(MyOrg {
                        id: o.id,
                        name: o.name,
                        role: role.label(),
                    });
                }
            }
            let notes = lantoa_app::notifications::for_principal(conn, &p)?
                .into_iter()
                .map(|n| {
                    (
                        lantoa_app::clock::format_vn(n.created_at),
                        n.message,
                        n.link,
                    )
                })
                .collect::<Vec<_>>();
            Ok((
                mine,
                store_orgs::count(conn)?,
                store_users::count(conn)?,
                notes,
            ))
        })
        .await
        .map_err(app_error)?;
    let mut roles = Vec::new();
    if principal.is_system_admin {
        roles.push("Quản trị hệ thống");
    }
    if principal.is_plan_owner {
        roles.push("Đơn vị chủ trì kế hoạch");
    }
    let can_manage_users = principal.is_system_admin
        || principal
            .memberships
            .iter()
            .any(|(_, r)| *r == OrgRole::OrgAdmin);
    render(&OverviewPage {
        chrome: chrome.crumb("Quản trị", None),
        display_name: principal.display_name.clone(),
        roles,
        my_orgs,
        org_count,
        user_count,
        can_manage_users,
        can_see_audit: can_manage_users,
        can_see_outbox: principal.is_system_admin,
        notifications,
    })
}

/// The `?trang=` page parameter.
pub fn page_param(v: Option<&str>) -> i64 {
    v.and_then(|s| s.parse::<i64>().ok()).unwrap_or(1).max(1)
}
