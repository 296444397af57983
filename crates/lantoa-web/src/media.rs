//! `/media/{name}`: the media library's files (docs/adr/0014-media-pipeline.md). Names are
//! the hash of the file's bytes, so a response never changes: cached for a year,
//! `immutable`. The Content-Type comes from the type recorded when the file was checked (its
//! extension here), with `nosniff`.

use axum::body::Body;
use axum::extract::{Path, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use lantoa_app::media::{self as app_media, FileType};

use crate::WebState;
use crate::error::AppError;

/// A year: the longest cache lifetime browsers honour.
pub const CACHE_CONTROL: &str = "public, max-age=31536000, immutable";

pub async fn file(
    State(state): State<WebState>,
    Path(name): Path<String>,
) -> Result<Response, AppError> {
    let kind = app_media::parse_name(&name).ok_or(AppError::NotFound)?;
    let dir = state.app.media.dir.as_deref().ok_or(AppError::NotFound)?;
    let path = app_media::path_in(dir, &name).ok_or(AppError::NotFound)?;
    let read = tokio::task::spawn_blocking(move || std::fs::read(path))
        .await
        .map_err(AppError::internal)?;
    let bytes = match read {
        Ok(b) => b,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Err(AppError::NotFound),
        Err(e) => return Err(AppError::internal(e)),
    };
    let mut response = (StatusCode::OK, Body::from(bytes)).into_response();
    let h = response.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static(kind.content_type()),
    );
    h.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static(CACHE_CONTROL),
    );
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    if kind == FileType::Pdf {
        h.insert(
            header::CONTENT_DISPOSITION,
            HeaderValue::from_static("inline"),
        );
    }
    Ok(response)
}
