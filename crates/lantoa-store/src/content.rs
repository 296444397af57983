//! Content items, their topics and audiences, and their editorial history.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use lantoa_domain::OrgId;

use crate::schema::{
    content_audiences as audiences, content_events as events, content_revisions as revisions,
    content_topics as topics, contents, organisations,
};
use crate::{Conn, Page, PageRequest, StoreResult};

// `Default` lets a preview build a row that is never stored (`lantoa_app::content::preview`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Queryable, Selectable)]
#[diesel(table_name = contents)]
pub struct ContentRow {
    pub id: i64,
    pub kind: String,
    pub slug: String,
    pub title: String,
    pub summary: String,
    pub body: String,
    pub source: String,
    pub organisation_id: i64,
    pub author_user_id: Option<i64>,
    pub state: String,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub published_at: Option<NaiveDateTime>,
    /// The item's id in the system it was imported from (`lantoa import content`).
    pub external_id: Option<String>,
    /// The cover image path as given in an import file (the file itself, when it could be
    /// read, went through the media library and is `cover_media_id`).
    pub cover_image: String,
    /// The cover: an image of the media library.
    pub cover_media_id: Option<i64>,
    /// When a scheduled item is to be published (state `scheduled`), in UTC.
    pub scheduled_at: Option<NaiveDateTime>,
}

/// The fields an editor writes.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ContentFields {
    pub kind: String,
    pub slug: String,
    pub title: String,
    pub summary: String,
    pub body: String,
    pub source: String,
    pub organisation_id: i64,
    pub topics: Vec<String>,
    pub audiences: Vec<String>,
    /// The cover image (an item of the media library).
    pub cover_media_id: Option<i64>,
}

pub fn get(conn: &mut Conn, id: i64) -> StoreResult<Option<ContentRow>> {
    Ok(contents::table
        .find(id)
        .select(ContentRow::as_select())
        .first(conn)
        .optional()?)
}

pub fn by_slug(conn: &mut Conn, slug: &str) -> StoreResult<Option<ContentRow>> {
    Ok(contents::table
        .filter(contents::slug.eq(slug))
        .select(ContentRow::as_select())
        .first(conn)
        .optional()?)
}

pub fn by_external_id(conn: &mut Conn, external_id: &str) -> StoreResult<Option<ContentRow>> {
    Ok(contents::table
        .filter(contents::external_id.eq(external_id))
        .select(ContentRow::as_select())
        .first(conn)
        .optional()?)
}

/// Records where an imported item came from and makes it published at `published_at` (the
/// time the source system published it).
pub fn set_imported(
    conn: &mut Conn,
    id: i64,
    external_id: &str,
    cover_image: &str,
    published_at: NaiveDateTime,
    now: NaiveDateTime,
) -> StoreResult<()> {
    diesel::update(contents::table.find(id))
        .set((
            contents::external_id.eq(Some(external_id)),
            contents::cover_image.eq(cover_image),
            contents::state.eq("published"),
            contents::published_at.eq(Some(published_at)),
            contents::updated_at.eq(now),
        ))
        .execute(conn)?;
    Ok(())
}

/// Is the slug taken by another item than `except`?
pub fn slug_taken(conn: &mut Conn, slug: &str, except: Option<i64>) -> StoreResult<bool> {
    let mut q = contents::table.filter(contents::slug.eq(slug)).into_boxed();
    if let Some(id) = except {
        q = q.filter(contents::id.ne(id));
    }
    Ok(q.count().get_result::<i64>(conn)? > 0)
}

pub fn insert(
    conn: &mut Conn,
    f: &ContentFields,
    author: Option<i64>,
    state: &str,
    now: NaiveDateTime,
) -> StoreResult<i64> {
    let id = diesel::insert_into(contents::table)
        .values((
            contents::kind.eq(&f.kind),
            contents::slug.eq(&f.slug),
            contents::title.eq(&f.title),
            contents::summary.eq(&f.summary),
            contents::body.eq(&f.body),
            contents::source.eq(&f.source),
            contents::organisation_id.eq(f.organisation_id),
            contents::cover_media_id.eq(f.cover_media_id),
            contents::author_user_id.eq(author),
            contents::state.eq(state),
            contents::created_at.eq(now),
            contents::updated_at.eq(now),
        ))
        .returning(contents::id)
        .get_result(conn)?;
    set_tags(conn, id, f)?;
    Ok(id)
}

pub fn update(conn: &mut Conn, id: i64, f: &ContentFields, now: NaiveDateTime) -> StoreResult<()> {
    diesel::update(contents::table.find(id))
        .set((
            contents::kind.eq(&f.kind),
            contents::slug.eq(&f.slug),
            contents::title.eq(&f.title),
            contents::summary.eq(&f.summary),
            contents::body.eq(&f.body),
            contents::source.eq(&f.source),
            contents::organisation_id.eq(f.organisation_id),
            contents::cover_media_id.eq(f.cover_media_id),
            contents::updated_at.eq(now),
        ))
        .execute(conn)?;
    set_tags(conn, id, f)
}

fn set_tags(conn: &mut Conn, id: i64, f: &ContentFields) -> StoreResult<()> {
    diesel::delete(topics::table.filter(topics::content_id.eq(id))).execute(conn)?;
    diesel::delete(audiences::table.filter(audiences::content_id.eq(id))).execute(conn)?;
    for t in &f.topics {
        diesel::insert_into(topics::table)
            .values((topics::content_id.eq(id), topics::topic.eq(t)))
            .execute(conn)?;
    }
    for a in &f.audiences {
        diesel::insert_into(audiences::table)
            .values((audiences::content_id.eq(id), audiences::audience.eq(a)))
            .execute(conn)?;
    }
    Ok(())
}

pub fn topics_of(conn: &mut Conn, id: i64) -> StoreResult<Vec<String>> {
    Ok(topics::table
        .filter(topics::content_id.eq(id))
        .order(topics::id.asc())
        .select(topics::topic)
        .load(conn)?)
}

pub fn audiences_of(conn: &mut Conn, id: i64) -> StoreResult<Vec<String>> {
    Ok(audiences::table
        .filter(audiences::content_id.eq(id))
        .order(audiences::id.asc())
        .select(audiences::audience)
        .load(conn)?)
}

/// Moves the item to `state` only if it is still in `expected` (two people acting at once
/// cannot both succeed). Publishing sets `published_at` the first time. Returns false when
/// the item was not in `expected`.
pub fn set_state(
    conn: &mut Conn,
    id: i64,
    expected: &str,
    state: &str,
    now: NaiveDateTime,
) -> StoreResult<bool> {
    let n = diesel::update(
        contents::table
            .find(id)
            .filter(contents::state.eq(expected)),
    )
    .set((contents::state.eq(state), contents::updated_at.eq(now)))
    .execute(conn)?;
    if n == 1 && state == "published" {
        diesel::update(
            contents::table
                .find(id)
                .filter(contents::published_at.is_null()),
        )
        .set(contents::published_at.eq(Some(now)))
        .execute(conn)?;
    }
    Ok(n == 1)
}

/// Sets the publication time (the demo seed's back-dated articles).
pub fn set_published_at(conn: &mut Conn, id: i64, at: NaiveDateTime) -> StoreResult<()> {
    diesel::update(contents::table.find(id))
        .set(contents::published_at.eq(Some(at)))
        .execute(conn)?;
    Ok(())
}

/// A row of a list, with the organisation's names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContentListItem {
    pub content: ContentRow,
    pub org_name: String,
    pub org_short_name: String,
}

#[derive(Debug, Clone, Default)]
pub struct ContentFilter {
    /// Only these organisations (`None`: all).
    pub orgs: Option<Vec<OrgId>>,
    pub states: Option<Vec<String>>,
    pub kind: Option<String>,
    pub topic: Option<String>,
    /// Only items with at least one of these topics (related items).
    pub any_topic: Option<Vec<String>>,
    /// Only items for at least one of these audiences (the portal's audience pages).
    pub any_audience: Option<Vec<String>>,
    /// Leave this item out (the one the related items are for).
    pub exclude: Option<i64>,
    /// Newest publication first instead of last change first.
    pub by_published: bool,
}

/// The filters of [`list`] on a boxed query over `contents` (alone, or joined): one place for
/// the count (on `contents` alone) and the page (joined to the organisations).
macro_rules! filtered {
    ($q:expr, $f:expr) => {{
        let f: &ContentFilter = $f;
        let mut q = $q;
        if let Some(orgs) = &f.orgs {
            q = q.filter(
                contents::organisation_id.eq_any(orgs.iter().map(|o| o.0).collect::<Vec<_>>()),
            );
        }
        if let Some(s) = &f.states {
            q = q.filter(contents::state.eq_any(s.clone()));
        }
        if let Some(k) = &f.kind {
            q = q.filter(contents::kind.eq(k.clone()));
        }
        if let Some(t) = &f.topic {
            q = q.filter(
                contents::id.eq_any(
                    topics::table
                        .filter(topics::topic.eq(t.clone()))
                        .select(topics::content_id),
                ),
            );
        }
        if let Some(ts) = &f.any_topic {
            q = q.filter(
                contents::id.eq_any(
                    topics::table
                        .filter(topics::topic.eq_any(ts.clone()))
                        .select(topics::content_id),
                ),
            );
        }
        if let Some(codes) = &f.any_audience {
            q = q.filter(
                contents::id.eq_any(
                    audiences::table
                        .filter(audiences::audience.eq_any(codes.clone()))
                        .select(audiences::content_id),
                ),
            );
        }
        if let Some(id) = f.exclude {
            q = q.filter(contents::id.ne(id));
        }
        q
    }};
}

pub fn list(
    conn: &mut Conn,
    f: &ContentFilter,
    page: PageRequest,
) -> StoreResult<Page<ContentListItem>> {
    // The count needs no join: `organisation_id` is a NOT NULL foreign key, so every row has
    // its organisation, and counting `contents` alone can be answered from an index instead
    // of reading each row (the body comes before `organisation_id` in the row). BENCHMARKS.md.
    let total = filtered!(contents::table.into_boxed(), f)
        .count()
        .get_result::<i64>(conn)?;
    let build = || {
        filtered!(
            contents::table
                .inner_join(organisations::table)
                .into_boxed(),
            f
        )
    };
    let ordered = if f.by_published {
        build().order((contents::published_at.desc(), contents::id.desc()))
    } else {
        build().order((contents::updated_at.desc(), contents::id.desc()))
    };
    let rows: Vec<(ContentRow, String, String)> = ordered
        .limit(page.per_page)
        .offset(page.offset())
        .select((
            ContentRow::as_select(),
            organisations::name,
            organisations::short_name,
        ))
        .load(conn)?;
    Ok(Page {
        items: rows
            .into_iter()
            .map(|(content, org_name, org_short_name)| ContentListItem {
                content,
                org_name,
                org_short_name,
            })
            .collect(),
        total,
        page: page.page,
        per_page: page.per_page,
    })
}

/// The topics of several items: (content id, topic code), in the order they were given.
pub fn topics_of_many(conn: &mut Conn, ids: &[i64]) -> StoreResult<Vec<(i64, String)>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    Ok(topics::table
        .filter(topics::content_id.eq_any(ids.to_vec()))
        .order((topics::content_id.asc(), topics::id.asc()))
        .select((topics::content_id, topics::topic))
        .load(conn)?)
}

/// A published item's address and times, for the sitemap.
#[derive(Debug, Clone, PartialEq, Eq, Queryable)]
pub struct PublishedEntry {
    pub id: i64,
    pub kind: String,
    pub slug: String,
    pub updated_at: NaiveDateTime,
    pub published_at: Option<NaiveDateTime>,
}

/// Every published item (no bodies), newest first.
pub fn published_entries(conn: &mut Conn) -> StoreResult<Vec<PublishedEntry>> {
    Ok(contents::table
        .filter(contents::state.eq("published"))
        .order((contents::published_at.desc(), contents::id.desc()))
        .select((
            contents::id,
            contents::kind,
            contents::slug,
            contents::updated_at,
            contents::published_at,
        ))
        .load(conn)?)
}

/// The topics of published items: (topic, content id).
pub fn published_topics(conn: &mut Conn) -> StoreResult<Vec<(String, i64)>> {
    Ok(topics::table
        .inner_join(contents::table)
        .filter(contents::state.eq("published"))
        .select((topics::topic, topics::content_id))
        .load(conn)?)
}

#[derive(Debug, Clone, PartialEq, Eq, Queryable, Selectable)]
#[diesel(table_name = events)]
pub struct ContentEventRow {
    pub at: NaiveDateTime,
    pub actor_label: String,
    pub action: String,
    pub from_state: String,
    pub to_state: String,
    pub comment: String,
}

pub fn add_event(conn: &mut Conn, content: i64, e: &ContentEventRow) -> StoreResult<()> {
    diesel::insert_into(events::table)
        .values((
            events::content_id.eq(content),
            events::at.eq(e.at),
            events::actor_label.eq(&e.actor_label),
            events::action.eq(&e.action),
            events::from_state.eq(&e.from_state),
            events::to_state.eq(&e.to_state),
            events::comment.eq(&e.comment),
        ))
        .execute(conn)?;
    Ok(())
}

pub fn events(conn: &mut Conn, content: i64) -> StoreResult<Vec<ContentEventRow>> {
    Ok(events::table
        .filter(events::content_id.eq(content))
        .order(events::id.asc())
        .select(ContentEventRow::as_select())
        .load(conn)?)
}

/// Sets or clears the time a scheduled item goes out.
pub fn set_schedule(conn: &mut Conn, id: i64, at: Option<NaiveDateTime>) -> StoreResult<()> {
    diesel::update(contents::table.find(id))
        .set(contents::scheduled_at.eq(at))
        .execute(conn)?;
    Ok(())
}

/// Scheduled items whose time has come, earliest first.
pub fn due_scheduled(conn: &mut Conn, now: NaiveDateTime) -> StoreResult<Vec<i64>> {
    Ok(contents::table
        .filter(contents::state.eq("scheduled"))
        .filter(contents::scheduled_at.le(now))
        .order((contents::scheduled_at.asc(), contents::id.asc()))
        .select(contents::id)
        .load(conn)?)
}

/// One saved version of an item's text.
#[derive(Debug, Clone, PartialEq, Eq, Queryable, Selectable)]
#[diesel(table_name = revisions)]
pub struct RevisionRow {
    pub id: i64,
    pub content_id: i64,
    /// 1, 2, 3… per item.
    pub number: i32,
    pub at: NaiveDateTime,
    pub actor_label: String,
    /// Why this version exists when not an ordinary save ("khôi phục từ phiên bản 2").
    pub note: String,
    pub title: String,
    pub summary: String,
    pub body: String,
    pub source: String,
    /// A photo story's gallery as saved (JSON, `lantoa_app::gallery`); empty for other kinds.
    pub gallery: String,
    /// A video item's video as saved (JSON, `lantoa_app::video`); empty for other kinds.
    pub video: String,
}

/// The text of a version to record.
#[derive(Debug, Clone, Copy)]
pub struct NewRevision<'a> {
    pub at: NaiveDateTime,
    pub actor_label: &'a str,
    pub note: &'a str,
    pub title: &'a str,
    pub summary: &'a str,
    pub body: &'a str,
    pub source: &'a str,
    pub gallery: &'a str,
    pub video: &'a str,
}

/// Records a version unless it is the same text as the latest one. Returns its number, or
/// `None` when nothing changed. Call inside the write transaction of the save.
pub fn add_revision(
    conn: &mut Conn,
    content: i64,
    r: &NewRevision<'_>,
) -> StoreResult<Option<i32>> {
    let latest = revisions::table
        .filter(revisions::content_id.eq(content))
        .order(revisions::number.desc())
        .select(RevisionRow::as_select())
        .first(conn)
        .optional()?;
    if latest.as_ref().is_some_and(|l| {
        l.title == r.title
            && l.summary == r.summary
            && l.body == r.body
            && l.source == r.source
            && l.gallery == r.gallery
            && l.video == r.video
    }) {
        return Ok(None);
    }
    let number = latest.map_or(1, |l| l.number + 1);
    diesel::insert_into(revisions::table)
        .values((
            revisions::content_id.eq(content),
            revisions::number.eq(number),
            revisions::at.eq(r.at),
            revisions::actor_label.eq(r.actor_label),
            revisions::note.eq(r.note),
            revisions::title.eq(r.title),
            revisions::summary.eq(r.summary),
            revisions::body.eq(r.body),
            revisions::source.eq(r.source),
            revisions::gallery.eq(r.gallery),
            revisions::video.eq(r.video),
        ))
        .execute(conn)?;
    Ok(Some(number))
}

/// An item's versions, newest first.
pub fn revisions(conn: &mut Conn, content: i64) -> StoreResult<Vec<RevisionRow>> {
    Ok(revisions::table
        .filter(revisions::content_id.eq(content))
        .order(revisions::number.desc())
        .select(RevisionRow::as_select())
        .load(conn)?)
}

/// One version of an item.
pub fn revision(conn: &mut Conn, content: i64, number: i32) -> StoreResult<Option<RevisionRow>> {
    Ok(revisions::table
        .filter(revisions::content_id.eq(content))
        .filter(revisions::number.eq(number))
        .select(RevisionRow::as_select())
        .first(conn)
        .optional()?)
}

/// The portal content's change counter: triggers bump it on every insert, update or delete
/// of content items, their topics, audiences, gallery items, videos and documents, media and
/// their files, and organisations, whichever process writes. 0 if the row is missing.
pub fn content_version(conn: &mut Conn) -> StoreResult<i64> {
    use crate::schema::content_version as cv;
    Ok(cv::table
        .find(1_i64)
        .select(cv::version)
        .first::<i64>(conn)
        .optional()?
        .unwrap_or(0))
}
