//! Publications' files (ấn phẩm; docs/adr/0024-publications.md): the PDF of the media library
//! a publication offers for download. One per item, in its own table so the other kinds'
//! data never touches `contents`.

use diesel::prelude::*;

use crate::schema::{content_publications as publications, contents};
use crate::{Conn, StoreResult};

/// The PDF of an item, if it is a publication with one.
pub fn document_of(conn: &mut Conn, content: i64) -> StoreResult<Option<i64>> {
    Ok(publications::table
        .filter(publications::content_id.eq(content))
        .select(publications::document_id)
        .first(conn)
        .optional()?)
}

/// An item's PDF with its page count (`None` when it could not be read when saved).
pub fn of(conn: &mut Conn, content: i64) -> StoreResult<Option<(i64, Option<i32>)>> {
    Ok(publications::table
        .filter(publications::content_id.eq(content))
        .select((publications::document_id, publications::page_count))
        .first(conn)
        .optional()?)
}

/// Sets (or, with `None`, removes) an item's PDF and its page count. Call inside the save's
/// write transaction.
pub fn set(
    conn: &mut Conn,
    content: i64,
    document: Option<i64>,
    page_count: Option<i32>,
) -> StoreResult<()> {
    diesel::delete(publications::table.filter(publications::content_id.eq(content)))
        .execute(conn)?;
    if let Some(document) = document {
        diesel::insert_into(publications::table)
            .values((
                publications::content_id.eq(content),
                publications::document_id.eq(document),
                publications::page_count.eq(page_count),
            ))
            .execute(conn)?;
    }
    Ok(())
}

/// Publications offering one of these media items: (media id, content id, title).
pub fn users_of(conn: &mut Conn, media: &[i64]) -> StoreResult<Vec<(i64, i64, String)>> {
    if media.is_empty() {
        return Ok(Vec::new());
    }
    Ok(publications::table
        .inner_join(contents::table)
        .filter(publications::document_id.eq_any(media.to_vec()))
        .order(contents::id.asc())
        .select((publications::document_id, contents::id, contents::title))
        .load(conn)?)
}
