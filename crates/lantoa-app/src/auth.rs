//! Signing in and out, sessions, passwords and CSRF tokens.
//!
//! - Passwords are hashed with argon2id; an unknown e-mail costs the same time as a wrong
//!   password, and the message is the same, so sign-in does not reveal who has an account.
//! - A session is a random token in a cookie; the database keeps only its SHA-256, so every
//!   instance sees the session and a copy of the database cannot be used to sign in.
//! - Limits: `lockout_failures` wrong passwords in a row lock the account for
//!   `lockout_duration`; `ip_max_failures` failures from one address within `ip_window`
//!   make that address wait. Both live in the database, so they hold across instances.
//! - CSRF: a signed-in form carries the session's token; an anonymous form carries an HMAC
//!   of a random cookie under a key kept in the database.

use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};
use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chrono::NaiveDateTime;
use hmac::{Hmac, Mac};
use lantoa_domain::access::{OrgRole, Principal};
use lantoa_domain::validate::{Email, check_password};
use lantoa_domain::{OrgId, UserId};
use lantoa_store::sessions::{self, SessionRow};
use lantoa_store::{Conn, login_attempts, users};
use sha2::{Digest, Sha256};

use crate::audit::{self, Actor};
use crate::{App, Error, FieldErrors, RequestMeta, Result};

/// The session cookie's name.
pub const SESSION_COOKIE: &str = "lantoa_session";
/// The anonymous CSRF cookie's name.
pub const CSRF_COOKIE: &str = "lantoa_csrf";

fn argon2(app: &App) -> Result<Argon2<'static>> {
    let params = Params::new(
        app.auth.argon2_memory_kib,
        app.auth.argon2_iterations,
        1,
        None,
    )
    .map_err(|e| Error::Internal(format!("argon2 parameters: {e}")))?;
    Ok(Argon2::new(Algorithm::Argon2id, Version::V0x13, params))
}

/// Hashes a password with argon2id (PHC string format).
pub fn hash_password(app: &App, password: &str) -> Result<String> {
    let bytes: [u8; 16] = rand::random();
    let salt = SaltString::encode_b64(&bytes)
        .map_err(|e| Error::Internal(format!("password salt: {e}")))?;
    argon2(app)?
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| Error::Internal(format!("hashing a password: {e}")))
}

fn verify_password(app: &App, password: &str, hash: &str) -> bool {
    let Ok(parsed) = PasswordHash::new(hash) else {
        return false;
    };
    // Verify with the parameters stored in the hash, whatever the current configuration.
    Argon2::default()
        .verify_password(password.as_bytes(), &parsed)
        .is_ok()
        || argon2(app).is_ok_and(|a| a.verify_password(password.as_bytes(), &parsed).is_ok())
}

/// A random token, URL-safe.
pub fn random_token() -> String {
    let bytes: [u8; 32] = rand::random();
    URL_SAFE_NO_PAD.encode(bytes)
}

fn sha256_hex(s: &str) -> String {
    Sha256::digest(s.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Why a sign-in was refused. The messages are for the person signing in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LoginRefused {
    /// Unknown e-mail or wrong password (deliberately not told apart).
    BadCredentials,
    /// The account is locked until this time (UTC).
    Locked(NaiveDateTime),
    /// Too many failures from this address.
    TooManyAttempts,
    /// The account was deactivated.
    Inactive,
    /// The form was incomplete.
    Invalid(FieldErrors),
}

impl LoginRefused {
    pub fn message(&self) -> String {
        match self {
            LoginRefused::BadCredentials => "Địa chỉ thư điện tử hoặc mật khẩu không đúng.".into(),
            LoginRefused::Locked(until) => format!(
                "Tài khoản đang tạm khóa vì đăng nhập sai nhiều lần. Vui lòng thử lại sau {}.",
                crate::clock::format_vn(*until)
            ),
            LoginRefused::TooManyAttempts => {
                "Có quá nhiều lần đăng nhập sai từ địa chỉ mạng này. Vui lòng thử lại sau ít phút."
                    .into()
            }
            LoginRefused::Inactive => {
                "Tài khoản đã ngừng hoạt động. Vui lòng liên hệ quản trị đơn vị.".into()
            }
            LoginRefused::Invalid(_) => "Vui lòng kiểm tra lại các ô được đánh dấu.".into(),
        }
    }
}

/// A new session: the token goes in the cookie, the CSRF token in forms.
#[derive(Debug, Clone)]
pub struct NewSession {
    pub token: String,
    pub csrf_token: String,
    pub must_change_password: bool,
}

/// Signs in with an e-mail address and password.
pub fn login(
    app: &App,
    conn: &mut Conn,
    email: &str,
    password: &str,
    meta: &RequestMeta,
) -> Result<std::result::Result<NewSession, LoginRefused>> {
    let now = app.now();
    let mut errors = FieldErrors::default();
    let email = match Email::parse(email) {
        Ok(e) => Some(e),
        Err(e) => {
            errors.add("email", e.message);
            None
        }
    };
    if password.is_empty() {
        errors.add("password", "Vui lòng nhập mật khẩu.");
    }
    let Some(email) = email.filter(|_| errors.is_empty()) else {
        return Ok(Err(LoginRefused::Invalid(errors)));
    };
    let since = now - app.auth.ip_window;
    if login_attempts::failures_from_ip(conn, &meta.ip, since)? >= app.auth.ip_max_failures {
        return Ok(Err(LoginRefused::TooManyAttempts));
    }
    let user = users::by_email(conn, email.as_str())?;
    let Some(user) = user else {
        // Spend the same effort as a real check so timing does not reveal unknown accounts.
        let _ = hash_password(app, password);
        login_attempts::record(conn, now, email.as_str(), &meta.ip, false)?;
        return Ok(Err(LoginRefused::BadCredentials));
    };
    if let Some(until) = user.locked_until.filter(|u| *u > now) {
        login_attempts::record(conn, now, email.as_str(), &meta.ip, false)?;
        return Ok(Err(LoginRefused::Locked(until)));
    }
    if !verify_password(app, password, &user.password_hash) {
        login_attempts::record(conn, now, email.as_str(), &meta.ip, false)?;
        let lock_until = now + app.auth.lockout_duration;
        let failures =
            users::record_failure(conn, user.user_id(), app.auth.lockout_failures, lock_until)?;
        if failures >= app.auth.lockout_failures {
            audit::record(
                conn,
                now,
                &Actor::anonymous(meta),
                "auth.lockout",
                ("user", user.id.to_string()),
                None,
                serde_json::json!({ "email": user.email }),
            )?;
            return Ok(Err(LoginRefused::Locked(lock_until)));
        }
        return Ok(Err(LoginRefused::BadCredentials));
    }
    if !user.is_active {
        login_attempts::record(conn, now, email.as_str(), &meta.ip, false)?;
        return Ok(Err(LoginRefused::Inactive));
    }
    login_attempts::record(conn, now, email.as_str(), &meta.ip, true)?;
    users::record_success(conn, user.user_id(), now)?;
    let token = random_token();
    let csrf_token = random_token();
    sessions::insert(
        conn,
        &SessionRow {
            token_hash: sha256_hex(&token),
            user_id: user.id,
            csrf_token: csrf_token.clone(),
            created_at: now,
            last_seen_at: now,
            expires_at: now + app.auth.session_idle,
            ip: meta.ip.clone(),
            user_agent: meta.user_agent.chars().take(300).collect(),
        },
    )?;
    audit::record(
        conn,
        now,
        &Actor::user(user.user_id(), &user.email, meta),
        "auth.login",
        ("user", user.id.to_string()),
        None,
        serde_json::json!({}),
    )?;
    Ok(Ok(NewSession {
        token,
        csrf_token,
        must_change_password: user.must_change_password,
    }))
}

/// The signed-in user behind a session token, with the session's CSRF token.
#[derive(Debug, Clone)]
pub struct SessionUser {
    pub principal: Principal,
    pub csrf_token: String,
    pub must_change_password: bool,
}

/// Looks up a live session and slides its expiry (at most once a minute, to spare writes).
pub fn session_user(app: &App, conn: &mut Conn, token: &str) -> Result<Option<SessionUser>> {
    let now = app.now();
    let hash = sha256_hex(token);
    let Some(session) = sessions::get_live(conn, &hash, now)? else {
        return Ok(None);
    };
    let Some(user) = users::get(conn, UserId(session.user_id))? else {
        return Ok(None);
    };
    if !user.is_active {
        sessions::delete(conn, &hash)?;
        return Ok(None);
    }
    if now - session.last_seen_at > chrono::Duration::minutes(1) {
        sessions::touch(conn, &hash, now, now + app.auth.session_idle)?;
    }
    let principal = principal_for(conn, &user)?;
    Ok(Some(SessionUser {
        principal,
        csrf_token: session.csrf_token,
        must_change_password: user.must_change_password,
    }))
}

/// Builds the principal (memberships and platform roles) of a user.
pub fn principal_for(conn: &mut Conn, user: &users::UserRow) -> Result<Principal> {
    let memberships: Vec<(OrgId, OrgRole)> = users::memberships(conn, user.user_id())?
        .into_iter()
        .map(|m| (m.org, m.role))
        .collect();
    Ok(Principal {
        user: user.user_id(),
        email: user.email.clone(),
        display_name: user.display_name.clone(),
        is_system_admin: user.is_system_admin,
        is_plan_owner: user.is_plan_owner,
        memberships,
    })
}

/// Ends a session.
pub fn logout(
    app: &App,
    conn: &mut Conn,
    token: &str,
    principal: &Principal,
    meta: &RequestMeta,
) -> Result<()> {
    sessions::delete(conn, &sha256_hex(token))?;
    audit::record(
        conn,
        app.now(),
        &Actor::user(principal.user, &principal.email, meta),
        "auth.logout",
        ("user", principal.user.to_string()),
        None,
        serde_json::json!({}),
    )?;
    Ok(())
}

/// The password-change form.
#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(default)]
pub struct PasswordChange {
    pub current: String,
    pub new: String,
    pub confirm: String,
}

/// Changes one's own password after checking the current one; the user's other sessions
/// end, the one the change was made from (`keep_session_token`) stays.
pub fn change_own_password(
    app: &App,
    conn: &mut Conn,
    principal: &Principal,
    change: &PasswordChange,
    keep_session_token: &str,
    meta: &RequestMeta,
) -> Result<()> {
    let (current, new, confirm) = (
        change.current.as_str(),
        change.new.as_str(),
        change.confirm.as_str(),
    );
    let user = users::get(conn, principal.user)?.ok_or(Error::NotFound)?;
    let mut errors = FieldErrors::default();
    if !verify_password(app, current, &user.password_hash) {
        errors.add("current", "Mật khẩu hiện tại không đúng.");
    }
    if let Err(e) = check_password(new) {
        errors.add("new", e.message);
    } else if new != confirm {
        errors.add("confirm", "Mật khẩu nhập lại không khớp.");
    } else if new == current {
        errors.add("new", "Mật khẩu mới cần khác mật khẩu hiện tại.");
    }
    errors.into_result()?;
    let hash = hash_password(app, new)?;
    let now = app.now();
    lantoa_store::write_tx(conn, |c| {
        users::set_password(c, principal.user, &hash, false, now)?;
        sessions::delete_others(c, principal.user, &sha256_hex(keep_session_token))?;
        audit::record(
            c,
            now,
            &Actor::user(principal.user, &principal.email, meta),
            "auth.password_change",
            ("user", principal.user.to_string()),
            None,
            serde_json::json!({}),
        )
    })?;
    Ok(())
}

/// A CSRF token for an anonymous visitor: an HMAC of their `lantoa_csrf` cookie.
pub fn anonymous_csrf_token(app: &App, cookie: &str) -> String {
    let Ok(mut mac) = Hmac::<Sha256>::new_from_slice(&app.csrf_key) else {
        return String::new();
    };
    mac.update(cookie.as_bytes());
    URL_SAFE_NO_PAD.encode(mac.finalize().into_bytes())
}

/// A keyed hash of `value` for one `purpose` (e.g. client addresses counted by the rate
/// limits, which are stored only this way). Same key as the anonymous CSRF tokens, with the
/// purpose mixed in so the two never coincide.
pub fn keyed_hash(app: &App, purpose: &str, value: &str) -> String {
    anonymous_csrf_token(app, &format!("{purpose}\u{1f}{value}"))
}

/// Checks a submitted CSRF token in constant time.
pub fn csrf_matches(expected: &str, submitted: &str) -> bool {
    use subtle_eq::ct_eq;
    !expected.is_empty() && ct_eq(expected.as_bytes(), submitted.as_bytes())
}

mod subtle_eq {
    /// Constant-time equality for equal-length inputs (length is not secret here).
    pub fn ct_eq(a: &[u8], b: &[u8]) -> bool {
        if a.len() != b.len() {
            return false;
        }
        a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
    }
}

/// Removes expired sessions and old sign-in attempts.
pub fn purge(app: &App, conn: &mut Conn) -> Result<(usize, usize)> {
    let now = app.now();
    let s = sessions::purge_expired(conn, now)?;
    let a = login_attempts::purge(conn, now - chrono::Duration::days(30))?;
    Ok((s, a))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn constant_time_comparison() {
        assert!(csrf_matches("abc", "abc"));
        assert!(!csrf_matches("abc", "abd"));
        assert!(!csrf_matches("abc", "ab"));
        assert!(!csrf_matches("", ""));
    }
}
