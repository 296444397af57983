//! A cache of what the portal's public pages read of the content (ADR 0025): an item's page
//! (`/tin-tuc/{slug}` and the other kinds) and the lists of published items (the home page,
//! `/tin-tuc`, topic pages, audience pages).
//!
//! An article page reads about ten things (the item, its organisation, topics, related
//! items and their covers, gallery, video, document) and cleans its body; with 64 readers at
//! once that work, not the network, sets the tail latency. The cache is keyed by what was
//! asked and by the content's change counter (`content_version`), which database triggers
//! bump on every write to a table these pages read, so a change made by any process (the
//! back office, the scheduled-publishing job, `lantoa import content`, a second server) is
//! seen on the next request; checking costs one primary-key read. Items that are not found
//! are not cached (an address that does not exist costs its look-up each time, and cannot
//! fill the cache). Bounded like the directory's ([`crate::listing::MAX_ENTRIES`]).

use std::collections::HashMap;
use std::sync::Arc;

use lantoa_domain::content::ContentKind;
use lantoa_store::content::{ContentListItem, content_version};
use lantoa_store::{Conn, Page, PageRequest};

use crate::content::{self, PublicItem};
use crate::media::Cover;
use crate::{App, Result};

/// A page of published items with their covers.
pub type Listed = (Page<ContentListItem>, HashMap<i64, Cover>);

/// The public page of a published (or withdrawn) item, as [`content::public_item`] builds it.
pub fn item(app: &App, conn: &mut Conn, kind: ContentKind, slug: &str) -> Result<Arc<PublicItem>> {
    // Read before building: see `listing::Cache::get_or_build`.
    let version = content_version(conn)?;
    let key = format!("item\u{1f}{}\u{1f}{slug}", kind.code());
    app.portal
        .get_or_build(conn, version, app.clock.today(), key, |conn| {
            content::public_item(conn, kind, slug)
        })
}

/// A page of published items, newest first, of one kind or on one topic, with their covers.
pub fn published(
    app: &App,
    conn: &mut Conn,
    kind: Option<ContentKind>,
    topic: Option<&str>,
    page: PageRequest,
) -> Result<Arc<Listed>> {
    let version = content_version(conn)?;
    let key = format!(
        "list\u{1f}{}\u{1f}{}\u{1f}{}\u{1f}{}",
        kind.map(ContentKind::code).unwrap_or(""),
        topic.unwrap_or(""),
        page.page,
        page.per_page
    );
    app.portal
        .get_or_build(conn, version, app.clock.today(), key, |conn| {
            let items = content::published(conn, kind, topic, page)?;
            let covers = content::list_covers(conn, &items.items)?;
            Ok((items, covers))
        })
}

/// A page of published items of every kind for any of `audiences` (an audience page), newest
/// first, with their covers.
pub fn published_for(
    app: &App,
    conn: &mut Conn,
    audiences: &[&str],
    page: PageRequest,
) -> Result<Arc<Listed>> {
    let version = content_version(conn)?;
    let key = format!(
        "audience\u{1f}{}\u{1f}{}\u{1f}{}",
        audiences.join(","),
        page.page,
        page.per_page
    );
    app.portal
        .get_or_build(conn, version, app.clock.today(), key, |conn| {
            let items = content::published_for(conn, audiences, page)?;
            let covers = content::list_covers(conn, &items.items)?;
            Ok((items, covers))
        })
}

/// How many pages' data are cached now (for tests).
pub fn len(app: &App) -> usize {
    app.portal.len()
}
