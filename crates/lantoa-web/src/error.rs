//! One error type for handlers, and the Vietnamese error pages.
//!
//! A handler returns `Result<_, AppError>`. [`AppError`]'s response is only a status and an
//! [`ErrorPage`] in the response extensions; the [`crate::middleware::render_error_pages`]
//! middleware turns it — and every other bodiless or plain-text 4xx/5xx (axum's rejections,
//! 404 fallback, 405, 413, caught panics) — into the HTML error page inside the layout, or
//! into JSON under `/api/`. A handler that renders its own HTML error (a form re-rendered
//! with status 422) is left alone.

use std::error::Error as StdError;

use askama::Template;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};

use crate::chrome::Chrome;

/// Errors a handler can return.
#[derive(Debug, thiserror::Error)]
pub enum AppError {
    /// 404 "Không tìm thấy trang".
    #[error("not found")]
    NotFound,
    /// 403: signed in, but not allowed.
    #[error("forbidden")]
    Forbidden,
    /// 403 with a Vietnamese message for the user (e.g. an expired form's CSRF token).
    #[error("forbidden: {0}")]
    ForbiddenWith(String),
    /// Not signed in: a redirect to `/dang-nhap?next=<this page>` (401 JSON under `/api/`).
    #[error("sign-in required")]
    Unauthenticated,
    /// 409 with a Vietnamese message for the user ("Bài viết đã được người khác sửa…").
    #[error("conflict: {0}")]
    Conflict(String),
    /// 400 with a Vietnamese message for the user.
    #[error("bad request: {0}")]
    BadRequest(String),
    /// 413.
    #[error("payload too large")]
    PayloadTooLarge,
    /// 429; `Retry-After` in seconds when known.
    #[error("too many requests")]
    TooManyRequests { retry_after_secs: Option<u64> },
    /// 500: the detail goes to the log (with the request id), never to the user.
    #[error("internal error: {0}")]
    Internal(#[source] Box<dyn StdError + Send + Sync + 'static>),
}

impl AppError {
    /// Wraps any error as [`AppError::Internal`].
    pub fn internal(err: impl Into<Box<dyn StdError + Send + Sync + 'static>>) -> Self {
        Self::Internal(err.into())
    }

    pub fn status(&self) -> StatusCode {
        match self {
            Self::NotFound => StatusCode::NOT_FOUND,
            Self::Forbidden | Self::ForbiddenWith(_) => StatusCode::FORBIDDEN,
            Self::Unauthenticated => StatusCode::UNAUTHORIZED,
            Self::Conflict(_) => StatusCode::CONFLICT,
            Self::BadRequest(_) => StatusCode::BAD_REQUEST,
            Self::PayloadTooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            Self::TooManyRequests { .. } => StatusCode::TOO_MANY_REQUESTS,
            Self::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }
}

impl From<askama::Error> for AppError {
    fn from(err: askama::Error) -> Self {
        Self::internal(err)
    }
}

/// Marker left in a response's extensions for [`crate::middleware::render_error_pages`]:
/// render the error page for this status, with `message` (user-facing Vietnamese) instead of
/// the standard text when given.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ErrorPage {
    pub message: Option<String>,
    /// Redirect to the sign-in page instead of showing a page.
    pub sign_in: bool,
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        let status = self.status();
        let mut page = ErrorPage {
            message: None,
            sign_in: false,
        };
        let mut response = status.into_response();
        match self {
            Self::Internal(err) => {
                let mut detail = err.to_string();
                let mut source = err.source();
                while let Some(s) = source {
                    detail.push_str(": ");
                    detail.push_str(&s.to_string());
                    source = s.source();
                }
                tracing::error!(error = %detail, "internal error");
            }
            Self::Conflict(message) | Self::BadRequest(message) | Self::ForbiddenWith(message) => {
                page.message = Some(message);
            }
            Self::Unauthenticated => page.sign_in = true,
            Self::TooManyRequests {
                retry_after_secs: Some(secs),
            } => {
                response.headers_mut().insert(
                    axum::http::header::RETRY_AFTER,
                    axum::http::HeaderValue::from(secs),
                );
            }
            _ => {}
        }
        response.extensions_mut().insert(page);
        response
    }
}

/// Title and explanation shown for a status.
pub fn standard_text(status: StatusCode) -> (&'static str, &'static str) {
    match status.as_u16() {
        400 => (
            "Yêu cầu không hợp lệ",
            "Máy chủ không hiểu dữ liệu gửi lên. Vui lòng quay lại, kiểm tra thông tin và thử lại.",
        ),
        401 => ("Bạn cần đăng nhập", "Vui lòng đăng nhập để tiếp tục."),
        403 => (
            "Bạn không có quyền truy cập trang này",
            "Tài khoản của bạn không được phép xem hoặc thực hiện thao tác này. Nếu cho rằng đây là nhầm lẫn, vui lòng liên hệ quản trị viên của đơn vị.",
        ),
        404 => (
            "Không tìm thấy trang",
            "Trang bạn tìm có thể đã được chuyển đi, đã bị gỡ bỏ hoặc địa chỉ chưa đúng. Vui lòng kiểm tra lại địa chỉ hoặc bắt đầu lại từ trang chủ.",
        ),
        405 => (
            "Thao tác không được hỗ trợ",
            "Trang này không hỗ trợ cách gửi yêu cầu vừa rồi. Vui lòng quay lại trang trước và thử lại.",
        ),
        409 => (
            "Dữ liệu đã thay đổi",
            "Thao tác không thực hiện được vì dữ liệu vừa được thay đổi. Vui lòng tải lại trang và thử lại.",
        ),
        413 => (
            "Dữ liệu gửi lên quá lớn",
            "Tệp hoặc nội dung bạn gửi vượt quá dung lượng cho phép. Vui lòng giảm dung lượng rồi gửi lại.",
        ),
        415 => (
            "Định dạng dữ liệu không được hỗ trợ",
            "Dữ liệu gửi lên không đúng định dạng mà trang này chấp nhận.",
        ),
        422 => (
            "Dữ liệu chưa hợp lệ",
            "Một số thông tin gửi lên chưa đúng. Vui lòng quay lại, kiểm tra và thử lại.",
        ),
        429 => (
            "Bạn thao tác quá nhanh",
            "Bạn đã gửi quá nhiều yêu cầu trong thời gian ngắn. Vui lòng chờ một lát rồi thử lại.",
        ),
        503 => (
            "Hệ thống đang bảo trì hoặc quá tải",
            "Vui lòng thử lại sau ít phút.",
        ),
        s if s >= 500 => (
            "Đã có lỗi xảy ra",
            "Hệ thống gặp sự cố khi xử lý yêu cầu của bạn. Chúng tôi đã ghi nhận lỗi; vui lòng thử lại sau ít phút.",
        ),
        _ => (
            "Yêu cầu không thực hiện được",
            "Vui lòng quay lại trang trước và thử lại.",
        ),
    }
}

/// The HTML error page (`templates/error.html`, inside the layout).
#[derive(Template)]
#[template(path = "error.html")]
pub struct ErrorHtmlPage {
    pub chrome: Chrome,
    pub status: u16,
    pub title: &'static str,
    pub message: String,
    /// Shown on 5xx pages so staff can find the log lines.
    pub request_id: Option<String>,
}
