//! User accounts: list, create, reset passwords, activate, memberships.

use lantoa_domain::access::{ManagedUser, OrgRole, Principal};
use lantoa_domain::validate::{self, Email, check_password};
use lantoa_domain::{OrgId, UserId};
use lantoa_store::users::{self, NewUser, UserFilter, UserListItem, UserRow};
use lantoa_store::{Conn, Page, PageRequest, orgs, sessions, write_tx};

use crate::audit::{self, Actor};
use crate::auth::hash_password;
use crate::{App, Error, FieldErrors, RequestMeta, Result};

/// The command line's authority: whoever runs `lantoa` on the server with access to its data
/// directory or database. Only the binary builds one.
#[derive(Debug)]
pub struct Operator {
    label: String,
}

impl Operator {
    /// For the `lantoa` binary only.
    pub fn command_line(label: &str) -> Operator {
        Operator {
            label: label.to_owned(),
        }
    }
}

/// The new-user form as typed.
#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(default)]
pub struct NewUserForm {
    pub email: String,
    pub display_name: String,
    pub organisation_id: String,
    pub role: String,
    /// "on" when ticked (system administrators only).
    pub is_system_admin: String,
    pub is_plan_owner: String,
}

/// A temporary password to hand to the user once; they must change it at first sign-in.
pub fn temporary_password() -> String {
    const ALPHABET: &[u8] = b"abcdefghjkmnpqrstuvwxyz23456789";
    (0..4)
        .map(|_| {
            (0..4)
                .map(|_| ALPHABET[rand::random_range(0..ALPHABET.len())] as char)
                .collect::<String>()
        })
        .collect::<Vec<_>>()
        .join("-")
}

fn managed(conn: &mut Conn, user: &UserRow) -> Result<ManagedUser> {
    Ok(ManagedUser {
        user: user.user_id(),
        is_system_admin: user.is_system_admin,
        is_plan_owner: user.is_plan_owner,
        memberships: users::memberships(conn, user.user_id())?
            .into_iter()
            .map(|m| (m.org, m.role))
            .collect(),
    })
}

/// Users this principal may manage: all for a system administrator, the members of the
/// organisations they administer for an organisation's administrator.
pub fn list(
    conn: &mut Conn,
    principal: &Principal,
    query: Option<String>,
    page: PageRequest,
) -> Result<Page<UserListItem>> {
    let in_orgs = principal.administered_orgs();
    if matches!(&in_orgs, Some(orgs) if orgs.is_empty()) {
        return Err(Error::Denied);
    }
    Ok(users::list(conn, &UserFilter { in_orgs, query }, page)?)
}

/// A user with memberships, if the principal may manage them.
pub fn get_managed(
    conn: &mut Conn,
    principal: &Principal,
    id: UserId,
) -> Result<(UserRow, Vec<users::Membership>)> {
    let user = users::get(conn, id)?.ok_or(Error::NotFound)?;
    if !principal.can_manage_user(&managed(conn, &user)?) {
        return Err(Error::Denied);
    }
    let m = users::memberships(conn, id)?;
    Ok((user, m))
}

struct ValidNewUser {
    email: String,
    display_name: String,
    org: Option<OrgId>,
    role: Option<OrgRole>,
    is_system_admin: bool,
    is_plan_owner: bool,
}

fn validate_new(
    conn: &mut Conn,
    form: &NewUserForm,
    platform_allowed: bool,
) -> Result<ValidNewUser> {
    let mut errors = FieldErrors::default();
    let email = match Email::parse(&form.email) {
        Ok(e) => {
            if users::by_email(conn, e.as_str())?.is_some() {
                errors.add("email", "Đã có tài khoản dùng địa chỉ thư điện tử này.");
            }
            e.as_str().to_owned()
        }
        Err(e) => {
            errors.add("email", e.message);
            String::new()
        }
    };
    let display_name = validate::required_line(
        &form.display_name,
        120,
        "Vui lòng nhập họ và tên.",
        "Họ và tên không quá 120 ký tự.",
    )
    .map_err(|e| errors.add("display_name", e.message))
    .unwrap_or_default();
    let is_system_admin = platform_allowed && form.is_system_admin == "on";
    let is_plan_owner = platform_allowed && form.is_plan_owner == "on";
    let org = match form.organisation_id.trim() {
        "" => None,
        s => match s.parse::<i64>() {
            Ok(id) if orgs::get(conn, OrgId(id))?.is_some() => Some(OrgId(id)),
            _ => {
                errors.add("organisation_id", "Đơn vị không tồn tại.");
                None
            }
        },
    };
    let role = match form.role.trim() {
        "" => None,
        r => match OrgRole::from_code(r) {
            Some(r) => Some(r),
            None => {
                errors.add("role", "Vai trò không hợp lệ.");
                None
            }
        },
    };
    if org.is_some() && role.is_none() && errors.get("role").is_none() {
        errors.add("role", "Vui lòng chọn vai trò trong đơn vị.");
    }
    if org.is_none()
        && errors.get("organisation_id").is_none()
        && !(is_system_admin || is_plan_owner)
    {
        errors.add("organisation_id", "Vui lòng chọn đơn vị của người dùng.");
    }
    errors.into_result()?;
    Ok(ValidNewUser {
        email,
        display_name,
        org,
        role,
        is_system_admin,
        is_plan_owner,
    })
}

fn insert_new(
    app: &App,
    conn: &mut Conn,
    v: &ValidNewUser,
    password: &str,
    must_change: bool,
    actor: &Actor,
) -> Result<UserId> {
    let hash = hash_password(app, password)?;
    let now = app.now();
    write_tx(conn, |c| {
        let id = users::insert(
            c,
            &NewUser {
                email: &v.email,
                display_name: &v.display_name,
                password_hash: &hash,
                is_system_admin: v.is_system_admin,
                is_plan_owner: v.is_plan_owner,
                must_change_password: must_change,
            },
            now,
        )?;
        if let (Some(org), Some(role)) = (v.org, v.role) {
            users::set_membership(c, id, org, role, now)?;
        }
        audit::record(
            c,
            now,
            actor,
            "user.create",
            ("user", id.to_string()),
            v.org,
            serde_json::json!({
                "email": v.email,
                "role": v.role.map(|r| r.code()),
                "system_admin": v.is_system_admin,
                "plan_owner": v.is_plan_owner,
            }),
        )?;
        Ok(id)
    })
    .map_err(|e: Error| match e {
        Error::Store(s) if s.is_unique_violation() => {
            let mut f = FieldErrors::default();
            f.add("email", "Đã có tài khoản dùng địa chỉ thư điện tử này.");
            Error::Invalid(f)
        }
        other => other,
    })
}

/// Creates a user from the back office. A system administrator may create any user; an
/// organisation's administrator only members of an organisation they administer, without
/// platform roles. Returns the id and a temporary password to show once.
pub fn create(
    app: &App,
    conn: &mut Conn,
    principal: &Principal,
    form: &NewUserForm,
    meta: &RequestMeta,
) -> Result<(UserId, String)> {
    let v = validate_new(conn, form, principal.is_system_admin)?;
    if !principal.is_system_admin {
        // The organisation named in the form must be one the principal administers:
        // a tampered organisation id is refused, not silently replaced.
        let org = v.org.ok_or(Error::Denied)?;
        principal.admin_of(org)?;
    }
    let password = temporary_password();
    let id = insert_new(
        app,
        conn,
        &v,
        &password,
        true,
        &Actor::principal(principal, meta),
    )?;
    Ok((id, password))
}

/// Creates a user from the command line with the password they chose.
pub fn create_by_operator(
    app: &App,
    conn: &mut Conn,
    op: &Operator,
    form: &NewUserForm,
    password: &str,
) -> Result<UserId> {
    let v = validate_new(conn, form, true)?;
    if let Err(e) = check_password(password) {
        let mut f = FieldErrors::default();
        f.add("password", e.message);
        return Err(Error::Invalid(f));
    }
    insert_new(app, conn, &v, password, false, &Actor::system(&op.label))
}

/// Sets a new temporary password (shown once) and ends the user's sessions.
pub fn reset_password(
    app: &App,
    conn: &mut Conn,
    principal: &Principal,
    id: UserId,
    meta: &RequestMeta,
) -> Result<String> {
    let (user, memberships) = get_managed(conn, principal, id)?;
    let password = temporary_password();
    let hash = hash_password(app, &password)?;
    let now = app.now();
    write_tx(conn, |c| {
        users::set_password(c, id, &hash, true, now)?;
        sessions::delete_for_user(c, id)?;
        audit::record(
            c,
            now,
            &Actor::principal(principal, meta),
            "user.password_reset",
            ("user", id.to_string()),
            memberships.first().map(|m| m.org),
            serde_json::json!({ "email": user.email }),
        )
    })?;
    Ok(password)
}

/// Sets a password from the command line (e.g. a forgotten administrator password).
pub fn set_password_by_operator(
    app: &App,
    conn: &mut Conn,
    op: &Operator,
    email: &str,
    password: &str,
) -> Result<()> {
    let user = users::by_email(conn, &email.trim().to_lowercase())?.ok_or(Error::NotFound)?;
    if let Err(e) = check_password(password) {
        let mut f = FieldErrors::default();
        f.add("password", e.message);
        return Err(Error::Invalid(f));
    }
    let hash = hash_password(app, password)?;
    let now = app.now();
    write_tx(conn, |c| {
        users::set_password(c, user.user_id(), &hash, false, now)?;
        sessions::delete_for_user(c, user.user_id())?;
        audit::record(
            c,
            now,
            &Actor::system(&op.label),
            "user.password_reset",
            ("user", user.id.to_string()),
            None,
            serde_json::json!({ "email": user.email }),
        )
    })
}

/// The edit form for a user.
#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(default)]
pub struct EditUserForm {
    pub display_name: String,
    pub is_active: String,
    pub is_system_admin: String,
    pub is_plan_owner: String,
}

pub fn update(
    app: &App,
    conn: &mut Conn,
    principal: &Principal,
    id: UserId,
    form: &EditUserForm,
    meta: &RequestMeta,
) -> Result<()> {
    let (user, memberships) = get_managed(conn, principal, id)?;
    let mut errors = FieldErrors::default();
    let display_name = validate::required_line(
        &form.display_name,
        120,
        "Vui lòng nhập họ và tên.",
        "Họ và tên không quá 120 ký tự.",
    )
    .map_err(|e| errors.add("display_name", e.message))
    .unwrap_or_default();
    let is_active = form.is_active == "on";
    if id == principal.user && !is_active {
        errors.add("is_active", "Bạn không thể tự khóa tài khoản của mình.");
    }
    let platform = principal.is_system_admin.then(|| {
        let sys = form.is_system_admin == "on";
        (
            if id == principal.user { true } else { sys },
            form.is_plan_owner == "on",
        )
    });
    errors.into_result()?;
    let now = app.now();
    write_tx(conn, |c| {
        users::set_profile(c, id, &display_name, is_active, platform, now)?;
        if !is_active {
            sessions::delete_for_user(c, id)?;
        }
        audit::record(
            c,
            now,
            &Actor::principal(principal, meta),
            "user.update",
            ("user", id.to_string()),
            memberships.first().map(|m| m.org),
            serde_json::json!({ "email": user.email, "active": is_active, "platform": platform }),
        )
    })
}

/// Gives a user a role in an organisation (or removes it when `role` is `None`).
pub fn set_membership(
    app: &App,
    conn: &mut Conn,
    principal: &Principal,
    id: UserId,
    org: OrgId,
    role: Option<OrgRole>,
    meta: &RequestMeta,
) -> Result<()> {
    principal.admin_of(org)?;
    let (user, _) = get_managed(conn, principal, id)?;
    orgs::get(conn, org)?.ok_or(Error::NotFound)?;
    let now = app.now();
    write_tx(conn, |c| {
        let action = match role {
            Some(r) => {
                users::set_membership(c, id, org, r, now)?;
                "user.membership_set"
            }
            None => {
                users::remove_membership(c, id, org)?;
                "user.membership_remove"
            }
        };
        audit::record(
            c,
            now,
            &Actor::principal(principal, meta),
            action,
            ("user", id.to_string()),
            Some(org),
            serde_json::json!({ "email": user.email, "role": role.map(|r| r.code()) }),
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn temporary_passwords_are_long_and_unambiguous() {
        let p = temporary_password();
        assert_eq!(p.len(), 19);
        assert!(check_password(&p).is_ok());
        assert!(!p.contains(['0', 'o', '1', 'l', 'i']));
        assert_ne!(p, temporary_password());
    }
}
