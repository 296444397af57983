//! Appending to and reading the audit log.

use chrono::NaiveDateTime;
use lantoa_domain::access::Principal;
use lantoa_domain::{OrgId, UserId};
use lantoa_store::audit::{self, AuditFilter, AuditRow, NewAudit};
use lantoa_store::{Conn, Page, PageRequest};

use crate::{App, RequestMeta, Result};

/// Who did something and from where.
#[derive(Debug, Clone)]
pub struct Actor {
    pub user: Option<UserId>,
    pub label: String,
    pub ip: String,
    pub request_id: String,
}

impl Actor {
    pub fn user(user: UserId, email: &str, meta: &RequestMeta) -> Actor {
        Actor {
            user: Some(user),
            label: email.to_owned(),
            ip: meta.ip.clone(),
            request_id: meta.request_id.clone(),
        }
    }

    pub fn principal(p: &Principal, meta: &RequestMeta) -> Actor {
        Actor::user(p.user, &p.email, meta)
    }

    pub fn anonymous(meta: &RequestMeta) -> Actor {
        Actor {
            user: None,
            label: "(khách)".into(),
            ip: meta.ip.clone(),
            request_id: meta.request_id.clone(),
        }
    }

    /// The command line (`lantoa user create`, the demo seed, …).
    pub fn system(label: &str) -> Actor {
        Actor {
            user: None,
            label: label.to_owned(),
            ip: "cli".into(),
            request_id: String::new(),
        }
    }
}

/// Appends an entry. `target` is (kind, id); `org` is the organisation the action concerns.
pub fn record(
    conn: &mut Conn,
    at: NaiveDateTime,
    actor: &Actor,
    action: &str,
    target: (&str, String),
    org: Option<OrgId>,
    detail: serde_json::Value,
) -> Result<()> {
    audit::append(
        conn,
        &NewAudit {
            at,
            actor_user_id: actor.user.map(|u| u.0),
            actor_label: actor.label.clone(),
            action: action.to_owned(),
            target_kind: target.0.to_owned(),
            target_id: target.1,
            organisation_id: org.map(|o| o.0),
            detail: detail.to_string(),
            ip: actor.ip.clone(),
            request_id: actor.request_id.clone(),
        },
    )?;
    Ok(())
}

/// The Vietnamese description of an action code.
pub fn action_label(action: &str) -> &str {
    match action {
        "auth.login" => "Đăng nhập",
        "auth.logout" => "Đăng xuất",
        "auth.lockout" => "Tạm khóa tài khoản do đăng nhập sai",
        "auth.password_change" => "Đổi mật khẩu",
        "user.create" => "Tạo người dùng",
        "user.update" => "Sửa người dùng",
        "user.password_reset" => "Đặt lại mật khẩu",
        "user.membership_set" => "Gán vai trò trong đơn vị",
        "user.membership_remove" => "Gỡ vai trò trong đơn vị",
        "org.create" => "Tạo đơn vị",
        "org.update" => "Sửa thông tin đơn vị",
        "org.succession_add" => "Thêm quan hệ kế thừa",
        "org.succession_remove" => "Xóa quan hệ kế thừa",
        "audit.view" => "Xem nhật ký",
        "demo.seed" => "Nạp dữ liệu mẫu",
        "programme.create" => "Thêm chương trình đào tạo",
        "programme.update" => "Sửa chương trình đào tạo",
        "intake.create" => "Thêm đợt tuyển sinh",
        "intake.update" => "Sửa đợt tuyển sinh",
        "intake.delete" => "Xóa đợt tuyển sinh",
        "programme.import" => "Nhập chương trình đào tạo từ tệp CSV",
        "policy.create" => "Thêm chính sách hỗ trợ",
        "policy.update" => "Sửa chính sách hỗ trợ",
        "policy.delete" => "Xóa chính sách hỗ trợ",
        "application.list" => "Xem danh sách hồ sơ tuyển sinh",
        "application.view" => "Xem hồ sơ tuyển sinh",
        "application.export" => "Tải danh sách hồ sơ tuyển sinh (XLSX)",
        "application.status" => "Đổi trạng thái hồ sơ tuyển sinh",
        "application.note" => "Ghi chú vào hồ sơ tuyển sinh",
        "application.erase_request" => "Xóa dữ liệu hồ sơ theo yêu cầu người đăng ký",
        "application.anonymise" => "Ẩn danh hồ sơ hết thời hạn lưu trữ",
        "attachment.upload" => "Đính kèm tài liệu",
        "attachment.delete" => "Xóa tài liệu kèm theo",
        other => other,
    }
}

/// The audit log as this principal may see it: everything for a system administrator, the
/// entries about their organisations for an organisation's administrator.
pub fn list(
    _app: &App,
    conn: &mut Conn,
    principal: &Principal,
    mut filter: AuditFilter,
    page: PageRequest,
) -> Result<Page<AuditRow>> {
    if !principal.is_system_admin {
        let orgs = principal.administered_orgs().unwrap_or_default();
        if orgs.is_empty() {
            return Err(crate::Error::Denied);
        }
        filter.orgs = Some(orgs);
    }
    Ok(audit::list(conn, &filter, page)?)
}
