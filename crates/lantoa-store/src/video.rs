//! Videos of content items (docs/adr/0023-videos.md): a video file of the media library or a
//! YouTube/Facebook video, one per item of kind `video`. Kept in their own table so the other
//! kinds' data never touches `contents`.

use diesel::prelude::*;

use crate::schema::{content_videos as videos, contents};
use crate::{Conn, StoreResult};

/// An item's video as stored (and as a revision keeps it, in JSON).
#[derive(
    Debug,
    Clone,
    PartialEq,
    Eq,
    Default,
    Queryable,
    Selectable,
    serde::Serialize,
    serde::Deserialize,
)]
#[diesel(table_name = videos)]
pub struct VideoRow {
    /// `upload`, `youtube` or `facebook`.
    pub provider: String,
    /// The YouTube id or the normalised Facebook address; empty for an upload.
    #[serde(default)]
    pub video_ref: String,
    /// The media library's video file (uploads only).
    #[serde(default)]
    pub media_id: Option<i64>,
    /// Where a linked video starts, in seconds (YouTube's `t=`); `None`: from the beginning.
    /// Revisions saved before it existed read as `None`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start_seconds: Option<i32>,
    /// The media library's caption file (WebVTT, uploads only); `None`: no captions.
    /// Revisions saved before it existed read as `None`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub captions_media_id: Option<i64>,
}

/// An item's video, if it has one.
pub fn of(conn: &mut Conn, content: i64) -> StoreResult<Option<VideoRow>> {
    Ok(videos::table
        .find(content)
        .select(VideoRow::as_select())
        .first(conn)
        .optional()?)
}

/// Replaces an item's video (`None` removes it). Call inside the save's write transaction.
pub fn set(conn: &mut Conn, content: i64, video: Option<&VideoRow>) -> StoreResult<()> {
    diesel::delete(videos::table.find(content)).execute(conn)?;
    if let Some(v) = video {
        diesel::insert_into(videos::table)
            .values((
                videos::content_id.eq(content),
                videos::provider.eq(&v.provider),
                videos::video_ref.eq(&v.video_ref),
                videos::media_id.eq(v.media_id),
                videos::start_seconds.eq(v.start_seconds),
                videos::captions_media_id.eq(v.captions_media_id),
            ))
            .execute(conn)?;
    }
    Ok(())
}

/// Content items showing one of these media items as their video: (media id, content id,
/// title).
pub fn users_of(conn: &mut Conn, media: &[i64]) -> StoreResult<Vec<(i64, i64, String)>> {
    if media.is_empty() {
        return Ok(Vec::new());
    }
    let rows: Vec<(Option<i64>, i64, String)> = videos::table
        .inner_join(contents::table)
        .filter(videos::media_id.eq_any(media.to_vec()))
        .order(contents::id.asc())
        .select((videos::media_id, contents::id, contents::title))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .filter_map(|(m, c, t)| Some((m?, c, t)))
        .collect())
}

/// Content items whose video has one of these media items as captions: (media id, content
/// id, title).
pub fn captions_users_of(conn: &mut Conn, media: &[i64]) -> StoreResult<Vec<(i64, i64, String)>> {
    if media.is_empty() {
        return Ok(Vec::new());
    }
    let rows: Vec<(Option<i64>, i64, String)> = videos::table
        .inner_join(contents::table)
        .filter(videos::captions_media_id.eq_any(media.to_vec()))
        .order(contents::id.asc())
        .select((videos::captions_media_id, contents::id, contents::title))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .filter_map(|(m, c, t)| Some((m?, c, t)))
        .collect())
}
