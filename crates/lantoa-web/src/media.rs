//! `/media/{name}`: the media library's files (docs/adr/0014-media-pipeline.md). Names are
//! the hash of the file's bytes, so a response never changes: cached for a year,
//! `immutable`. The Content-Type comes from the type recorded when the file was checked (its
//! extension here), with `nosniff`.
//!
//! Files are streamed from disk by tower-http's `ServeFile`, which also answers range
//! requests (`Accept-Ranges: bytes`; `Range: bytes=a-b`, `a-`, `-n` → 206 with
//! `Content-Range`; unsatisfiable → 416 with `Content-Range: bytes */size`): a video
//! (docs/adr/0023-videos.md) starts playing and seeks without being downloaded whole, and a
//! 200 MB file never sits in memory.

use axum::body::Body;
use axum::extract::{Path, Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::Response;
use lantoa_app::media::{self as app_media, FileType};
use tower::ServiceExt;
use tower_http::services::ServeFile;

use crate::WebState;
use crate::error::AppError;

/// A year: the longest cache lifetime browsers honour.
pub const CACHE_CONTROL: &str = "public, max-age=31536000, immutable";

pub async fn file(
    State(state): State<WebState>,
    Path(name): Path<String>,
    req: Request,
) -> Result<Response, AppError> {
    let kind = app_media::parse_name(&name).ok_or(AppError::NotFound)?;
    let dir = state.app.media.dir.as_deref().ok_or(AppError::NotFound)?;
    let path = app_media::path_in(dir, &name).ok_or(AppError::NotFound)?;
    let response = match ServeFile::new(path).oneshot(req).await {
        Ok(r) => r,
        Err(never) => match never {},
    };
    if response.status() == StatusCode::NOT_FOUND {
        return Err(AppError::NotFound);
    }
    let mut response = response.map(Body::new);
    let h = response.headers_mut();
    // The type checked at upload, not the one guessed from the extension.
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
