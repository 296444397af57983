//! Helpers for forms: field errors for templates, re-rendering with 422, redirects with a
//! flash message, safe `next` targets.

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Redirect, Response};
use lantoa_app::FieldErrors;

use crate::chrome::ErrorSummaryPartial;
use crate::error::AppError;
use crate::session::flash_cookie;

/// Field messages for a template: `errors.get("email")`, `errors.describedby("email", true)`.
#[derive(Debug, Clone, Default)]
pub struct FormErrors(pub Vec<(String, String)>);

impl FormErrors {
    pub fn none() -> Self {
        Self::default()
    }

    pub fn one(field: &str, message: impl Into<String>) -> Self {
        FormErrors(vec![(field.to_owned(), message.into())])
    }

    pub fn get(&self, field: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(f, _)| f == field)
            .map(|(_, m)| m.as_str())
    }

    pub fn has(&self, field: &str) -> bool {
        self.get(field).is_some()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The `aria-describedby` value for a field: its hint and its error, when present.
    pub fn describedby(&self, field: &str, has_hint: bool) -> String {
        let mut ids = Vec::new();
        if has_hint {
            ids.push(format!("{field}-hint"));
        }
        if self.has(field) {
            ids.push(format!("{field}-error"));
        }
        ids.join(" ")
    }

    /// The error summary box for the top of the form.
    pub fn summary(&self) -> ErrorSummaryPartial {
        ErrorSummaryPartial {
            errors: self.0.clone(),
        }
    }
}

impl From<FieldErrors> for FormErrors {
    fn from(f: FieldErrors) -> Self {
        FormErrors(f.0)
    }
}

/// Renders a page with a status (422 for a form with errors).
pub fn render_with(status: StatusCode, page: &impl askama::Template) -> Result<Response, AppError> {
    Ok((status, Html(page.render()?)).into_response())
}

pub fn render(page: &impl askama::Template) -> Result<Response, AppError> {
    render_with(StatusCode::OK, page)
}

/// Where a form submission leads: when the use case succeeded, back to `to` with `message`
/// shown there; when it refused the input, the form again (`form_again`, status 422) with the
/// messages beside the fields and what was typed; anything else becomes the error page.
pub async fn after_submit<T, P, Fut>(
    result: lantoa_app::Result<T>,
    to: impl FnOnce(T) -> String,
    message: &str,
    secure: bool,
    form_again: impl FnOnce(FormErrors) -> Fut,
) -> Result<Response, AppError>
where
    P: askama::Template,
    Fut: std::future::Future<Output = Result<P, AppError>>,
{
    match result {
        Ok(value) => Ok(redirect_with_flash(&to(value), message, secure)),
        Err(lantoa_app::Error::Invalid(fields)) => render_with(
            StatusCode::UNPROCESSABLE_ENTITY,
            &form_again(fields.into()).await?,
        ),
        Err(e) => Err(crate::app_error(e)),
    }
}

/// A 303 redirect that shows `message` on the next page.
pub fn redirect_with_flash(to: &str, message: &str, secure: bool) -> Response {
    let mut response = Redirect::to(to).into_response();
    response
        .headers_mut()
        .append(header::SET_COOKIE, flash_cookie(message, secure));
    response
}

/// A redirect target from a `next` parameter: only a local path, never another site.
pub fn safe_next(next: &str) -> Option<String> {
    let ok = next.starts_with('/')
        && !next.starts_with("//")
        && !next.starts_with("/\\")
        && !next.contains(['\r', '\n'])
        && next.len() < 500;
    ok.then(|| next.to_owned())
}

/// Adds a `Set-Cookie` header.
pub fn with_cookie(mut response: Response, cookie: HeaderValue) -> Response {
    response.headers_mut().append(header::SET_COOKIE, cookie);
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn next_targets_stay_on_this_site() {
        assert_eq!(
            safe_next("/quan-tri/don-vi").as_deref(),
            Some("/quan-tri/don-vi")
        );
        for bad in [
            "//evil.example",
            "https://evil.example",
            "/\\evil",
            "quan-tri",
            "/a\r\nSet-Cookie: x",
        ] {
            assert_eq!(safe_next(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn describedby_lists_hint_and_error() {
        let e = FormErrors::one("email", "Sai");
        assert_eq!(e.describedby("email", true), "email-hint email-error");
        assert_eq!(e.describedby("password", false), "");
    }
}
