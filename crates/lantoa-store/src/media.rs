//! The media library: uploaded images and documents of an organisation, the files stored
//! for each, and which content items use them (docs/adr/0014-media-pipeline.md).

use chrono::NaiveDateTime;
use diesel::prelude::*;
use lantoa_domain::OrgId;

use crate::schema::{contents, media, media_files, organisations};
use crate::{Conn, Page, PageRequest, StoreResult};

#[derive(Debug, Clone, PartialEq, Eq, Queryable, Selectable)]
#[diesel(table_name = media)]
pub struct MediaRow {
    pub id: i64,
    pub organisation_id: i64,
    /// `image` or `document`.
    pub kind: String,
    /// SHA-256 of the bytes as uploaded (hex), to find the same file uploaded again.
    pub sha256: String,
    pub original_name: String,
    /// Size of the upload.
    pub bytes: i64,
    /// Of the largest stored variant (images); 0 for documents.
    pub width: i32,
    pub height: i32,
    pub alt: String,
    pub credit: String,
    pub uploaded_by: Option<i64>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

/// One stored file: `name` is `<hash>.<ext>`, served at `/media/<name>`.
#[derive(Debug, Clone, PartialEq, Eq, Queryable, Selectable)]
#[diesel(table_name = media_files)]
pub struct MediaFileRow {
    pub media_id: i64,
    pub name: String,
    pub content_type: String,
    pub width: i32,
    pub height: i32,
    pub bytes: i64,
}

/// A new item and its files.
#[derive(Debug, Clone)]
pub struct NewMedia<'a> {
    pub organisation_id: i64,
    pub kind: &'a str,
    pub sha256: &'a str,
    pub original_name: &'a str,
    pub bytes: i64,
    pub width: i32,
    pub height: i32,
    pub alt: &'a str,
    pub credit: &'a str,
    pub uploaded_by: Option<i64>,
    pub files: Vec<MediaFileRow>,
}

pub fn insert(conn: &mut Conn, m: &NewMedia<'_>, now: NaiveDateTime) -> StoreResult<i64> {
    let id = diesel::insert_into(media::table)
        .values((
            media::organisation_id.eq(m.organisation_id),
            media::kind.eq(m.kind),
            media::sha256.eq(m.sha256),
            media::original_name.eq(m.original_name),
            media::bytes.eq(m.bytes),
            media::width.eq(m.width),
            media::height.eq(m.height),
            media::alt.eq(m.alt),
            media::credit.eq(m.credit),
            media::uploaded_by.eq(m.uploaded_by),
            media::created_at.eq(now),
            media::updated_at.eq(now),
        ))
        .returning(media::id)
        .get_result(conn)?;
    for f in &m.files {
        diesel::insert_into(media_files::table)
            .values((
                media_files::media_id.eq(id),
                media_files::name.eq(&f.name),
                media_files::content_type.eq(&f.content_type),
                media_files::width.eq(f.width),
                media_files::height.eq(f.height),
                media_files::bytes.eq(f.bytes),
            ))
            .execute(conn)?;
    }
    Ok(id)
}

pub fn get(conn: &mut Conn, id: i64) -> StoreResult<Option<MediaRow>> {
    Ok(media::table
        .find(id)
        .select(MediaRow::as_select())
        .first(conn)
        .optional()?)
}

/// An item of an organisation with these bytes (an import of the same file again).
pub fn by_sha256(conn: &mut Conn, org: i64, sha256: &str) -> StoreResult<Option<MediaRow>> {
    Ok(media::table
        .filter(media::organisation_id.eq(org))
        .filter(media::sha256.eq(sha256))
        .order(media::id.asc())
        .select(MediaRow::as_select())
        .first(conn)
        .optional()?)
}

pub fn set_text(
    conn: &mut Conn,
    id: i64,
    alt: &str,
    credit: &str,
    now: NaiveDateTime,
) -> StoreResult<()> {
    diesel::update(media::table.find(id))
        .set((
            media::alt.eq(alt),
            media::credit.eq(credit),
            media::updated_at.eq(now),
        ))
        .execute(conn)?;
    Ok(())
}

pub fn delete(conn: &mut Conn, id: i64) -> StoreResult<()> {
    diesel::delete(media_files::table.filter(media_files::media_id.eq(id))).execute(conn)?;
    diesel::delete(media::table.find(id)).execute(conn)?;
    Ok(())
}

/// The files of several items, smallest first within each item.
pub fn files_of(conn: &mut Conn, ids: &[i64]) -> StoreResult<Vec<MediaFileRow>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    Ok(media_files::table
        .filter(media_files::media_id.eq_any(ids.to_vec()))
        .order((
            media_files::media_id.asc(),
            media_files::width.asc(),
            media_files::id.asc(),
        ))
        .select(MediaFileRow::as_select())
        .load(conn)?)
}

/// Is a file of this name still listed by any item (other than `except`)?
pub fn file_in_use(conn: &mut Conn, name: &str, except: i64) -> StoreResult<bool> {
    Ok(media_files::table
        .filter(media_files::name.eq(name))
        .filter(media_files::media_id.ne(except))
        .count()
        .get_result::<i64>(conn)?
        > 0)
}

/// A file by its name, for serving.
pub fn file_by_name(conn: &mut Conn, name: &str) -> StoreResult<Option<MediaFileRow>> {
    Ok(media_files::table
        .filter(media_files::name.eq(name))
        .select(MediaFileRow::as_select())
        .first(conn)
        .optional()?)
}

/// A row of the library's list, with the organisation's short name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MediaListItem {
    pub media: MediaRow,
    pub org_short_name: String,
}

#[derive(Debug, Clone, Default)]
pub struct MediaFilter {
    /// Only these organisations (`None`: all).
    pub orgs: Option<Vec<OrgId>>,
    /// Only this kind (`image`, `document`).
    pub kind: Option<String>,
}

/// Items, newest first.
pub fn list(
    conn: &mut Conn,
    f: &MediaFilter,
    page: PageRequest,
) -> StoreResult<Page<MediaListItem>> {
    let build = || {
        let mut q = media::table.inner_join(organisations::table).into_boxed();
        if let Some(orgs) = &f.orgs {
            q = q.filter(
                media::organisation_id.eq_any(orgs.iter().map(|o| o.0).collect::<Vec<_>>()),
            );
        }
        if let Some(k) = &f.kind {
            q = q.filter(media::kind.eq(k.clone()));
        }
        q
    };
    let total = build().count().get_result::<i64>(conn)?;
    let rows: Vec<(MediaRow, String)> = build()
        .order((media::created_at.desc(), media::id.desc()))
        .limit(page.per_page)
        .offset(page.offset())
        .select((MediaRow::as_select(), organisations::short_name))
        .load(conn)?;
    Ok(Page {
        items: rows
            .into_iter()
            .map(|(media, org_short_name)| MediaListItem {
                media,
                org_short_name,
            })
            .collect(),
        total,
        page: page.page,
        per_page: page.per_page,
    })
}

/// Content items that have one of these items as their cover: (media id, content id, title).
pub fn covers_of(conn: &mut Conn, ids: &[i64]) -> StoreResult<Vec<(i64, i64, String)>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let rows: Vec<(Option<i64>, i64, String)> = contents::table
        .filter(contents::cover_media_id.eq_any(ids.to_vec()))
        .order(contents::id.asc())
        .select((contents::cover_media_id, contents::id, contents::title))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .filter_map(|(m, c, t)| m.map(|m| (m, c, t)))
        .collect())
}

/// Content items whose body shows one of these files: (content id, title).
pub fn bodies_using(conn: &mut Conn, names: &[String]) -> StoreResult<Vec<(i64, String)>> {
    let mut out: Vec<(i64, String)> = Vec::new();
    for name in names {
        let pattern = format!("%/media/{name}%");
        let rows: Vec<(i64, String)> = contents::table
            .filter(contents::body.like(pattern))
            .order(contents::id.asc())
            .select((contents::id, contents::title))
            .load(conn)?;
        for r in rows {
            if !out.iter().any(|(id, _)| *id == r.0) {
                out.push(r);
            }
        }
    }
    Ok(out)
}

/// Sets or clears an item's cover.
pub fn set_cover(conn: &mut Conn, content: i64, cover: Option<i64>) -> StoreResult<()> {
    diesel::update(contents::table.find(content))
        .set(contents::cover_media_id.eq(cover))
        .execute(conn)?;
    Ok(())
}
