//! Sign-in, sign-out and password change pages.

use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::{Extension, Form};
use lantoa_app::auth::{self as app_auth, LoginRefused, SESSION_COOKIE};
use serde::Deserialize;

use crate::chrome::Chrome;
use crate::error::AppError;
use crate::forms::{FormErrors, redirect_with_flash, render, render_with, safe_next, with_cookie};
use crate::session::{CurrentUser, Meta, SessionToken, set_cookie};
use crate::{WebState, app_error};

#[derive(Template)]
#[template(path = "auth/login.html")]
pub struct LoginPage {
    pub chrome: Chrome,
    pub email: String,
    pub next: String,
    pub errors: FormErrors,
    /// A message about the whole form (wrong password, locked account).
    pub message: Option<String>,
}

#[derive(Debug, Deserialize, Default)]
#[serde(default)]
pub struct LoginQuery {
    next: String,
}

#[derive(Debug, Deserialize, Default)]
#[serde(default)]
pub struct LoginForm {
    email: String,
    password: String,
    next: String,
}

pub async fn login_form(
    chrome: Chrome,
    user: Option<Extension<CurrentUser>>,
    Query(q): Query<LoginQuery>,
) -> Result<Response, AppError> {
    if user.is_some() {
        return Ok(
            Redirect::to(&safe_next(&q.next).unwrap_or_else(|| "/quan-tri".into())).into_response(),
        );
    }
    let page = LoginPage {
        chrome: chrome.crumb("Đăng nhập", None),
        email: String::new(),
        next: safe_next(&q.next).unwrap_or_default(),
        errors: FormErrors::none(),
        message: None,
    };
    render(&page)
}

pub async fn login(
    State(state): State<WebState>,
    chrome: Chrome,
    Meta(meta): Meta,
    Form(form): Form<LoginForm>,
) -> Result<Response, AppError> {
    let email = form.email.clone();
    let password = form.password;
    let outcome = state
        .app
        .run(move |app, conn| app_auth::login(app, conn, &email, &password, &meta))
        .await
        .map_err(app_error)?;
    let next = safe_next(&form.next);
    match outcome {
        Ok(session) => {
            let target = if session.must_change_password {
                "/tai-khoan/mat-khau".to_owned()
            } else {
                next.unwrap_or_else(|| "/quan-tri".into())
            };
            let secure = state.site.secure_cookies;
            let cookie = set_cookie(SESSION_COOKIE, &session.token, None, secure);
            Ok(with_cookie(Redirect::to(&target).into_response(), cookie))
        }
        Err(refused) => {
            let status = match refused {
                LoginRefused::TooManyAttempts => StatusCode::TOO_MANY_REQUESTS,
                LoginRefused::Locked(_) => StatusCode::TOO_MANY_REQUESTS,
                _ => StatusCode::UNPROCESSABLE_ENTITY,
            };
            let errors = match &refused {
                LoginRefused::Invalid(f) => FormErrors::from(f.clone()),
                _ => FormErrors::none(),
            };
            let page = LoginPage {
                chrome: chrome.crumb("Đăng nhập", None),
                email: form.email,
                next: next.unwrap_or_default(),
                message: Some(refused.message()),
                errors,
            };
            render_with(status, &page)
        }
    }
}

pub async fn logout(
    State(state): State<WebState>,
    user: Option<Extension<CurrentUser>>,
    token: Option<Extension<SessionToken>>,
    Meta(meta): Meta,
) -> Result<Response, AppError> {
    if let (Some(Extension(user)), Some(Extension(SessionToken(token)))) = (user, token) {
        state
            .app
            .run(move |app, conn| app_auth::logout(app, conn, &token, user.principal(), &meta))
            .await
            .map_err(app_error)?;
    }
    let secure = state.site.secure_cookies;
    let response = redirect_with_flash("/", "Bạn đã đăng xuất.", secure);
    Ok(with_cookie(
        response,
        set_cookie(SESSION_COOKIE, "", Some(0), secure),
    ))
}

#[derive(Template)]
#[template(path = "auth/password.html")]
pub struct PasswordPage {
    pub chrome: Chrome,
    pub must_change: bool,
    pub errors: FormErrors,
}

pub async fn password_form(chrome: Chrome, user: CurrentUser) -> Result<Response, AppError> {
    render(&PasswordPage {
        chrome: chrome.crumb("Đổi mật khẩu", None),
        must_change: user.0.must_change_password,
        errors: FormErrors::none(),
    })
}

pub async fn change_password(
    State(state): State<WebState>,
    chrome: Chrome,
    user: CurrentUser,
    Extension(SessionToken(token)): Extension<SessionToken>,
    Meta(meta): Meta,
    Form(form): Form<app_auth::PasswordChange>,
) -> Result<Response, AppError> {
    let principal = user.principal().clone();
    let result = state
        .app
        .run(move |app, conn| {
            app_auth::change_own_password(app, conn, &principal, &form, &token, &meta)
        })
        .await;
    match result {
        Ok(()) => Ok(redirect_with_flash(
            "/quan-tri",
            "Đã đổi mật khẩu. Các phiên đăng nhập khác đã kết thúc.",
            state.site.secure_cookies,
        )),
        Err(lantoa_app::Error::Invalid(fields)) => render_with(
            StatusCode::UNPROCESSABLE_ENTITY,
            &PasswordPage {
                chrome: chrome.crumb("Đổi mật khẩu", None),
                must_change: user.0.must_change_password,
                errors: fields.into(),
            },
        ),
        Err(e) => Err(app_error(e)),
    }
}

#[derive(Template)]
#[template(path = "auth/mail.html")]
pub struct MailPage {
    pub chrome: Chrome,
    pub email: String,
    pub wants_mail: bool,
    /// `[smtp]` is configured on this server.
    pub enabled: bool,
}

#[derive(Debug, Deserialize, Default)]
#[serde(default)]
pub struct MailChoice {
    wants_mail: String,
}

/// The user's choice to receive e-mail (in-app notifications stay either way).
pub async fn mail_form(
    State(state): State<WebState>,
    chrome: Chrome,
    user: CurrentUser,
) -> Result<Response, AppError> {
    let principal = user.principal().clone();
    let wants = state
        .app
        .run(move |_, conn| lantoa_app::mail::wants_mail(conn, &principal))
        .await
        .map_err(app_error)?;
    render(&MailPage {
        chrome: chrome.crumb("Thư điện tử thông báo", None),
        email: user.principal().email.clone(),
        wants_mail: wants,
        enabled: state.app.mail.enabled,
    })
}

pub async fn save_mail_choice(
    State(state): State<WebState>,
    user: CurrentUser,
    Meta(meta): Meta,
    Form(form): Form<MailChoice>,
) -> Result<Response, AppError> {
    let principal = user.principal().clone();
    let wants = !form.wants_mail.is_empty();
    state
        .app
        .run(move |app, conn| lantoa_app::mail::set_wants_mail(app, conn, &principal, wants, &meta))
        .await
        .map_err(app_error)?;
    Ok(redirect_with_flash(
        "/tai-khoan/thu-dien-tu",
        if wants {
            "Đã lưu: bạn sẽ nhận thư điện tử thông báo."
        } else {
            "Đã lưu: bạn sẽ không nhận thư điện tử; thông báo trong trang quản trị vẫn hiển thị."
        },
        state.site.secure_cookies,
    ))
}
