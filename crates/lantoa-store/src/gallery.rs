//! Photo stories' galleries (docs/adr/0018-content-kinds.md): the ordered images of a content
//! item, each a media-library image with a caption and a credit. Kept in their own table so
//! the other kinds' data never touches `contents`.

use diesel::prelude::*;

use crate::schema::{content_gallery_items as items, contents};
use crate::{Conn, StoreResult};

/// One image of a gallery, in its place.
#[derive(Debug, Clone, PartialEq, Eq, Queryable, Selectable)]
#[diesel(table_name = items)]
pub struct GalleryItemRow {
    pub content_id: i64,
    /// 1, 2, 3… in the order readers see them.
    pub position: i32,
    pub media_id: i64,
    pub caption: String,
    /// Empty: the media item's own credit is shown.
    pub credit: String,
}

/// An image to put in a gallery (its position is its place in the list).
#[derive(Debug, Clone, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
pub struct NewGalleryItem {
    pub media_id: i64,
    pub caption: String,
    pub credit: String,
}

/// An item's gallery, in order.
pub fn of(conn: &mut Conn, content: i64) -> StoreResult<Vec<GalleryItemRow>> {
    Ok(items::table
        .filter(items::content_id.eq(content))
        .order(items::position.asc())
        .select(GalleryItemRow::as_select())
        .load(conn)?)
}

/// Replaces an item's gallery. Call inside the save's write transaction.
pub fn set(conn: &mut Conn, content: i64, gallery: &[NewGalleryItem]) -> StoreResult<()> {
    diesel::delete(items::table.filter(items::content_id.eq(content))).execute(conn)?;
    for (i, g) in gallery.iter().enumerate() {
        diesel::insert_into(items::table)
            .values((
                items::content_id.eq(content),
                items::position.eq(i32::try_from(i + 1).unwrap_or(i32::MAX)),
                items::media_id.eq(g.media_id),
                items::caption.eq(&g.caption),
                items::credit.eq(&g.credit),
            ))
            .execute(conn)?;
    }
    Ok(())
}

/// Content items whose gallery shows one of these media items: (media id, content id, title).
pub fn users_of(conn: &mut Conn, media: &[i64]) -> StoreResult<Vec<(i64, i64, String)>> {
    if media.is_empty() {
        return Ok(Vec::new());
    }
    let mut rows: Vec<(i64, i64, String)> = items::table
        .inner_join(contents::table)
        .filter(items::media_id.eq_any(media.to_vec()))
        .order((contents::id.asc(), items::position.asc()))
        .select((items::media_id, contents::id, contents::title))
        .load(conn)?;
    rows.dedup_by(|a, b| a.0 == b.0 && a.1 == b.1);
    Ok(rows)
}
