//! What the search index is built from: content, occupations and institutions in batches by
//! id (optionally only those changed since a time), and the checks that a hit is still
//! public.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;

use crate::content::ContentRow;
use crate::institutions::{InstitutionItem, KIND as INSTITUTION, ProfileRow};
use crate::occupations::OccupationRow;
use crate::orgs::OrgRow;
use crate::schema::{
    content_topics as topics, contents, institution_profiles as prof, occupations, organisations,
};
use crate::{Conn, StoreResult};

const PUBLISHED: &str = "published";

/// Which rows a batch reads.
#[derive(Debug, Clone, Copy, Default)]
pub struct Batch {
    /// Only rows changed at or after this time (all rows when `None`).
    pub since: Option<NaiveDateTime>,
    /// Rows with an id greater than this.
    pub after_id: i64,
    pub limit: i64,
}

/// Content items by id: published ones only, or (with `since`) every item changed since then,
/// whatever its state, so that the caller can drop those no longer published.
pub fn contents(
    conn: &mut Conn,
    batch: Batch,
    published_only: bool,
) -> StoreResult<Vec<ContentRow>> {
    let mut q = contents::table
        .filter(contents::id.gt(batch.after_id))
        .into_boxed();
    if published_only {
        q = q.filter(contents::state.eq(PUBLISHED));
    }
    if let Some(since) = batch.since {
        q = q.filter(contents::updated_at.ge(since));
    }
    Ok(q.order(contents::id.asc())
        .limit(batch.limit)
        .select(ContentRow::as_select())
        .load(conn)?)
}

/// How many published items a full rebuild reads.
pub fn published_count(conn: &mut Conn) -> StoreResult<i64> {
    Ok(contents::table
        .filter(contents::state.eq(PUBLISHED))
        .count()
        .get_result(conn)?)
}

/// (content id, topic code) for these items.
pub fn topics_of(conn: &mut Conn, ids: &[i64]) -> StoreResult<Vec<(i64, String)>> {
    Ok(topics::table
        .filter(topics::content_id.eq_any(ids))
        .order((topics::content_id.asc(), topics::id.asc()))
        .select((topics::content_id, topics::topic))
        .load(conn)?)
}

/// Which of these items are published now.
pub fn published_ids(conn: &mut Conn, ids: &[i64]) -> StoreResult<Vec<i64>> {
    Ok(contents::table
        .filter(contents::id.eq_any(ids))
        .filter(contents::state.eq(PUBLISHED))
        .select(contents::id)
        .load(conn)?)
}

pub fn occupations(conn: &mut Conn, batch: Batch) -> StoreResult<Vec<OccupationRow>> {
    let mut q = occupations::table
        .filter(occupations::id.gt(batch.after_id))
        .into_boxed();
    if let Some(since) = batch.since {
        q = q.filter(occupations::updated_at.ge(since));
    }
    Ok(q.order(occupations::id.asc())
        .limit(batch.limit)
        .select(OccupationRow::as_select())
        .load(conn)?)
}

/// Which of these occupations exist.
pub fn occupation_ids(conn: &mut Conn, ids: &[i64]) -> StoreResult<Vec<i64>> {
    Ok(occupations::table
        .filter(occupations::id.eq_any(ids))
        .select(occupations::id)
        .load(conn)?)
}

pub fn occupation_count(conn: &mut Conn) -> StoreResult<i64> {
    Ok(occupations::table.count().get_result(conn)?)
}

/// Institutions with their profiles; with `since`, those whose organisation or profile
/// changed since then.
pub fn institutions(conn: &mut Conn, batch: Batch) -> StoreResult<Vec<InstitutionItem>> {
    let mut q = organisations::table
        .left_join(prof::table)
        .filter(organisations::kind.eq(INSTITUTION))
        .filter(organisations::id.gt(batch.after_id))
        .into_boxed();
    if let Some(since) = batch.since {
        q = q.filter(
            organisations::updated_at
                .ge(since)
                .or(prof::updated_at.ge(since)),
        );
    }
    Ok(q.order(organisations::id.asc())
        .limit(batch.limit)
        .select((OrgRow::as_select(), Option::<ProfileRow>::as_select()))
        .load(conn)?)
}

pub fn institution_count(conn: &mut Conn) -> StoreResult<i64> {
    Ok(organisations::table
        .filter(organisations::kind.eq(INSTITUTION))
        .count()
        .get_result(conn)?)
}

/// Which of these organisations are institutions operating on `on` (what the public
/// directory shows).
pub fn institutions_valid_on(conn: &mut Conn, ids: &[i64], on: NaiveDate) -> StoreResult<Vec<i64>> {
    Ok(organisations::table
        .filter(organisations::id.eq_any(ids))
        .filter(organisations::kind.eq(INSTITUTION))
        .filter(
            organisations::valid_from
                .is_null()
                .or(organisations::valid_from.le(on)),
        )
        .filter(
            organisations::valid_to
                .is_null()
                .or(organisations::valid_to.ge(on)),
        )
        .select(organisations::id)
        .load(conn)?)
}
