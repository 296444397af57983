//! Full-text search of the portal (issue 3, point 6; DESIGN.md §4; docs/adr/0007-search.md):
//! published content, occupations and institutions in one `lantoa_search` index.
//!
//! The database is the source of truth and the index follows it three ways:
//! - right after a use case commits a change to something searchable ([`content_changed`],
//!   [`institution_changed`]), so the person who published or unpublished sees it at once;
//! - by [`catch_up`], which re-reads the rows changed since the index's watermark (what
//!   another instance, a command-line import or a crash between commit and index left out);
//!   `serve` runs it at start-up and every minute;
//! - by [`rebuild`] from scratch (`lantoa reindex`, a new or outdated index).
//!
//! Whatever the index says, a hit is shown only if the database confirms it is public now
//! ([`search`] checks the hits of the page it returns), so an unpublished item is never shown,
//! even by an instance whose index has not caught up yet.

use std::collections::{HashMap, HashSet};

use chrono::{Duration, NaiveDate, NaiveDateTime};
use lantoa_domain::content::{self as domain, ContentKind, ContentState};
use lantoa_domain::directory::{InstitutionType, Level};
use lantoa_search::{Change, DocKey, SearchDoc, SearchIndex, SearchQuery, Source};
use lantoa_store::content::ContentRow;
use lantoa_store::institutions::ProfileRow;
use lantoa_store::occupations::OccupationRow;
use lantoa_store::orgs::OrgRow;
use lantoa_store::search::{self as store, Batch};
use lantoa_store::{Conn, Page};

use crate::{App, Error, FieldErrors, Result};

/// Longest query accepted, in characters.
pub const MAX_QUERY_CHARS: usize = 200;
/// Hits per page of `/tim-kiem`.
pub const PER_PAGE: i64 = 10;
/// Most hits one API call may ask for.
pub const MAX_LIMIT: i64 = 50;
/// Rows read per database query when (re)building.
const BATCH: i64 = 500;
/// How far before the watermark [`catch_up`] looks again: a transaction that committed late
/// or a clock a little behind on another instance is still seen.
const CATCH_UP_OVERLAP: Duration = Duration::minutes(5);
/// Vietnam's offset from UTC (stored times are UTC; people think in local dates).
const VIETNAM: Duration = Duration::hours(7);

const OCCUPATION: &str = "occupation";
const INSTITUTION: &str = "institution";

/// What one can search for, as `(code, label)`, in the order of the filter.
pub fn kinds() -> Vec<(&'static str, &'static str)> {
    vec![
        (ContentKind::Article.code(), "Tin, bài"),
        (ContentKind::PhotoStory.code(), "Phóng sự ảnh"),
        (ContentKind::Publication.code(), "Ấn phẩm"),
        (ContentKind::Video.code(), "Video"),
        (ContentKind::Page.code(), "Trang giới thiệu"),
        (OCCUPATION, "Ngành, nghề"),
        (INSTITUTION, "Cơ sở đào tạo"),
    ]
}

/// The label of a kind code (content kinds not in [`kinds`] use their own label).
pub fn kind_label(code: &str) -> &'static str {
    kinds()
        .into_iter()
        .find(|(c, _)| *c == code)
        .map(|(_, l)| l)
        .or_else(|| ContentKind::from_code(code).map(ContentKind::label))
        .unwrap_or("")
}

/// The public path of a content item.
pub fn content_path(kind: &str, slug: &str) -> String {
    ContentKind::path_of(kind, slug)
}

/// The plain text of a content item's body, as searched and quoted in snippets: the one
/// place to change when the body's format changes. Bodies are plain paragraphs today, where
/// "<" is just a character; a body that starts with a tag is read as HTML (tags become
/// spaces, the common entities are decoded), for the sanitised HTML the rich editor stores.
pub fn body_text(row: &ContentRow) -> String {
    crate::html::to_text(crate::html::from_input(&row.body).as_str())
}

/// A row's change time as a document version.
fn version(updated_at: NaiveDateTime) -> i64 {
    updated_at.and_utc().timestamp_micros()
}

fn join_text<'a>(parts: impl IntoIterator<Item = &'a str>) -> String {
    parts
        .into_iter()
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join("\n\n")
}

/// The document of a published content item.
pub fn content_doc(row: &ContentRow, topics: Vec<String>) -> SearchDoc {
    SearchDoc {
        key: DocKey::new(Source::Content, row.id),
        kind: row.kind.clone(),
        title: row.title.clone(),
        body: join_text([row.summary.as_str(), body_text(row).as_str()]),
        url: content_path(&row.kind, &row.slug),
        published_at: row.published_at,
        topics,
        external_id: row.external_id.clone(),
        version: version(row.updated_at),
    }
}

pub fn occupation_doc(o: &OccupationRow) -> SearchDoc {
    let level = Level::from_code(&o.level).map(Level::label).unwrap_or("");
    let heading = match &o.code {
        Some(code) => format!("{level}, mã {code}. {}", o.group_name),
        None => format!("{level}. {}", o.group_name),
    };
    SearchDoc {
        key: DocKey::new(Source::Occupation, o.id),
        kind: OCCUPATION.into(),
        title: format!("{} ({})", o.name, level.to_lowercase()),
        body: join_text([
            heading.as_str(),
            o.description.as_str(),
            o.skills.as_str(),
            o.conditions.as_str(),
            o.pay.as_str(),
        ]),
        url: format!("/nganh-nghe/{}", o.slug),
        published_at: None,
        topics: Vec::new(),
        external_id: None,
        version: version(o.updated_at),
    }
}

pub fn institution_doc(org: &OrgRow, profile: Option<&ProfileRow>) -> SearchDoc {
    let kind = profile
        .and_then(|p| InstitutionType::from_code(&p.institution_type))
        .map(InstitutionType::label)
        .unwrap_or("");
    let short = if org.short_name.is_empty() || org.short_name == org.name {
        String::new()
    } else {
        format!("({})", org.short_name)
    };
    SearchDoc {
        key: DocKey::new(Source::Institution, org.id),
        kind: INSTITUTION.into(),
        title: org.name.clone(),
        body: join_text([
            format!("{kind} {short}").as_str(),
            org.address.as_str(),
            org.description.as_str(),
        ]),
        url: format!("/co-so-dao-tao/{}", org.slug),
        published_at: None,
        topics: Vec::new(),
        external_id: None,
        version: version(profile.map_or(org.updated_at, |p| p.updated_at.max(org.updated_at))),
    }
}

/// Whether an institution can appear in the index: not ended before `today` (one that opens
/// later is indexed and hidden until then by the check in [`search`]).
fn institution_indexable(org: &OrgRow, today: NaiveDate) -> bool {
    org.kind == INSTITUTION && org.valid_to.is_none_or(|to| to >= today)
}

fn topics_by_item(conn: &mut Conn, ids: &[i64]) -> Result<HashMap<i64, Vec<String>>> {
    let mut map: HashMap<i64, Vec<String>> = HashMap::new();
    for (id, topic) in store::topics_of(conn, ids)? {
        map.entry(id).or_default().push(topic);
    }
    Ok(map)
}

fn content_changes(conn: &mut Conn, rows: &[ContentRow]) -> Result<Vec<Change>> {
    let published: Vec<i64> = rows
        .iter()
        .filter(|r| r.state == ContentState::Published.code())
        .map(|r| r.id)
        .collect();
    let mut topics = topics_by_item(conn, &published)?;
    Ok(rows
        .iter()
        .map(|r| {
            if r.state == ContentState::Published.code() {
                Change::Upsert(content_doc(r, topics.remove(&r.id).unwrap_or_default()))
            } else {
                Change::Delete(DocKey::new(Source::Content, r.id))
            }
        })
        .collect())
}

fn apply_logged(index: &SearchIndex, changes: Vec<Change>, what: &str) {
    if let Err(e) = index.apply(changes, None) {
        // The database change stands; the next catch-up applies it, and until then the
        // check in `search` keeps an unpublished item out of the results.
        tracing::warn!(error = %e, item = what, "search index not updated; the next catch-up will");
    }
}

/// Brings a content item's entry in the index in line with the database: added or replaced
/// when published, removed otherwise. Called after the change commits; never fails the
/// caller (a failure is logged and left to [`catch_up`]).
pub fn content_changed(app: &App, conn: &mut Conn, id: i64) {
    let Some(index) = app.search_index() else {
        return;
    };
    let key = DocKey::new(Source::Content, id);
    let changes = match lantoa_store::content::get(conn, id) {
        Ok(Some(row)) if row.state == ContentState::Published.code() => {
            content_changes(conn, std::slice::from_ref(&row))
        }
        // Not public: only touch the index if it holds the item.
        Ok(_) if !index.contains(key) => return,
        Ok(_) => Ok(vec![Change::Delete(key)]),
        Err(e) => Err(e.into()),
    };
    match changes {
        Ok(changes) => apply_logged(index, changes, &key.to_string()),
        Err(e) => tracing::warn!(error = %e, item = %key, "search index not updated"),
    }
}

/// The same for an institution (its organisation or its directory profile changed).
pub fn institution_changed(app: &App, conn: &mut Conn, org_id: i64) {
    let Some(index) = app.search_index() else {
        return;
    };
    let key = DocKey::new(Source::Institution, org_id);
    let today = app.clock.today();
    let row = (|| -> Result<Option<Change>> {
        let org = lantoa_store::orgs::get(conn, lantoa_domain::OrgId(org_id))?;
        Ok(match org {
            Some(org) if institution_indexable(&org, today) => {
                let profile =
                    lantoa_store::institutions::profile(conn, lantoa_domain::OrgId(org_id))?;
                Some(Change::Upsert(institution_doc(&org, profile.as_ref())))
            }
            _ if index.contains(key) => Some(Change::Delete(key)),
            _ => None,
        })
    })();
    match row {
        Ok(Some(change)) => apply_logged(index, vec![change], &key.to_string()),
        Ok(None) => {}
        Err(e) => tracing::warn!(error = %e, item = %key, "search index not updated"),
    }
}

/// What a rebuild or catch-up did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct IndexReport {
    pub contents: u64,
    pub occupations: u64,
    pub institutions: u64,
}

impl IndexReport {
    pub fn total(&self) -> u64 {
        self.contents + self.occupations + self.institutions
    }
}

fn later(a: Option<NaiveDateTime>, b: NaiveDateTime) -> Option<NaiveDateTime> {
    Some(a.map_or(b, |a| a.max(b)))
}

/// Replaces the whole index with what the database holds: published content, occupations
/// and institutions not ended before `today`. `progress(done, total)` is called after each
/// batch. Searches see the old index until the new one is committed.
pub fn rebuild(
    index: &SearchIndex,
    conn: &mut Conn,
    today: NaiveDate,
    progress: &mut dyn FnMut(u64, u64),
) -> Result<IndexReport> {
    let total = u64::try_from(
        store::published_count(conn)?
            + store::occupation_count(conn)?
            + store::institution_count(conn)?,
    )
    .unwrap_or(0);
    let mut report = IndexReport::default();
    let mut watermark: Option<NaiveDateTime> = None;
    let mut build = index.rebuild().map_err(search_error)?;
    let mut done = 0u64;
    let mut after = 0;
    loop {
        let rows = store::contents(
            conn,
            Batch {
                since: None,
                after_id: after,
                limit: BATCH,
            },
            true,
        )?;
        let Some(last) = rows.last() else { break };
        after = last.id;
        for change in content_changes(conn, &rows)? {
            if let Change::Upsert(doc) = change {
                build.add(&doc).map_err(search_error)?;
                report.contents += 1;
            }
        }
        for r in &rows {
            watermark = later(watermark, r.updated_at);
        }
        done += rows.len() as u64;
        progress(done, total);
    }
    after = 0;
    loop {
        let rows = store::occupations(
            conn,
            Batch {
                since: None,
                after_id: after,
                limit: BATCH,
            },
        )?;
        let Some(last) = rows.last() else { break };
        after = last.id;
        for o in &rows {
            build.add(&occupation_doc(o)).map_err(search_error)?;
            watermark = later(watermark, o.updated_at);
        }
        report.occupations += rows.len() as u64;
        done += rows.len() as u64;
        progress(done, total);
    }
    after = 0;
    loop {
        let rows = store::institutions(
            conn,
            Batch {
                since: None,
                after_id: after,
                limit: BATCH,
            },
        )?;
        let Some((last, _)) = rows.last() else { break };
        after = last.id;
        for (org, profile) in &rows {
            if institution_indexable(org, today) {
                build
                    .add(&institution_doc(org, profile.as_ref()))
                    .map_err(search_error)?;
                report.institutions += 1;
            }
            watermark = later(watermark, org.updated_at);
            if let Some(p) = profile {
                watermark = later(watermark, p.updated_at);
            }
        }
        done += rows.len() as u64;
        progress(done, total);
    }
    build.finish(watermark).map_err(search_error)?;
    Ok(report)
}

/// Applies every change made since the index's watermark (less a margin): rows changed by
/// another instance, by a command-line import, or while the index could not be written.
/// Cheap when nothing changed. Returns how many documents were added, replaced or removed.
pub fn catch_up(index: &SearchIndex, conn: &mut Conn, today: NaiveDate) -> Result<u64> {
    let since = index
        .watermark()
        .map_err(search_error)?
        .map(|w| w - CATCH_UP_OVERLAP);
    let mut changes = Vec::new();
    let mut watermark: Option<NaiveDateTime> = None;
    let mut after = 0;
    loop {
        let rows = store::contents(
            conn,
            Batch {
                since,
                after_id: after,
                limit: BATCH,
            },
            false,
        )?;
        let Some(last) = rows.last() else { break };
        after = last.id;
        for r in &rows {
            watermark = later(watermark, r.updated_at);
        }
        for change in content_changes(conn, &rows)? {
            match change {
                Change::Delete(key) if !index.contains(key) => {}
                change => changes.push(change),
            }
        }
    }
    after = 0;
    loop {
        let rows = store::occupations(
            conn,
            Batch {
                since,
                after_id: after,
                limit: BATCH,
            },
        )?;
        let Some(last) = rows.last() else { break };
        after = last.id;
        for o in &rows {
            watermark = later(watermark, o.updated_at);
            changes.push(Change::Upsert(occupation_doc(o)));
        }
    }
    after = 0;
    loop {
        let rows = store::institutions(
            conn,
            Batch {
                since,
                after_id: after,
                limit: BATCH,
            },
        )?;
        let Some((last, _)) = rows.last() else { break };
        after = last.id;
        for (org, profile) in &rows {
            watermark = later(watermark, org.updated_at);
            if let Some(p) = profile {
                watermark = later(watermark, p.updated_at);
            }
            let key = DocKey::new(Source::Institution, org.id);
            if institution_indexable(org, today) {
                changes.push(Change::Upsert(institution_doc(org, profile.as_ref())));
            } else if index.contains(key) {
                changes.push(Change::Delete(key));
            }
        }
    }
    // Rows re-read because of the overlap are usually indexed already.
    changes.retain(|c| match c {
        Change::Upsert(doc) => index.version_of(doc.key) != Some(doc.version),
        Change::Delete(_) => true,
    });
    let n = changes.len() as u64;
    // Only a newer watermark needs a commit when nothing changed.
    let newer = match (watermark, index.watermark().map_err(search_error)?) {
        (Some(w), Some(old)) => (w > old).then_some(w),
        (w, _) => w,
    };
    if n > 0 || newer.is_some() {
        index.apply(changes, newer).map_err(search_error)?;
    }
    Ok(n)
}

fn search_error(e: lantoa_search::SearchError) -> Error {
    Error::Internal(format!("search index: {e}"))
}

/// A search as asked for (the web layer maps its parameter names to these).
#[derive(Debug, Clone, Default)]
pub struct SearchRequest {
    pub q: String,
    /// One of [`kinds`]' codes, or empty.
    pub kind: String,
    /// A topic code (`iv-2-b`), or empty.
    pub topic: String,
    /// Published on or after this date (`dd/mm/yyyy` or `yyyy-mm-dd`), or empty.
    pub from: String,
    /// Published on or before this date, or empty.
    pub to: String,
    pub page: i64,
    pub per_page: i64,
}

/// One result.
#[derive(Debug, Clone, PartialEq)]
pub struct SearchHit {
    /// `content:12`, `occupation:3`, `institution:7`.
    pub id: String,
    pub kind: String,
    pub kind_label: &'static str,
    pub title: String,
    /// Escaped, matches in `<mark>`.
    pub title_html: String,
    pub url: String,
    /// Escaped, matches in `<mark>`.
    pub snippet_html: String,
    /// UTC.
    pub published_at: Option<NaiveDateTime>,
    pub external_id: Option<String>,
}

/// A validated search.
#[derive(Debug, Clone)]
struct Valid {
    text: String,
    kinds: Vec<String>,
    topic: Option<String>,
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
}

fn validate(req: &SearchRequest) -> Result<Valid> {
    let mut errors = FieldErrors::default();
    let text = lantoa_viet::normalize(req.q.trim());
    let chars = text.chars().count();
    if chars == 0 {
        errors.add("q", "Vui lòng nhập từ khóa cần tìm.");
    } else if chars > MAX_QUERY_CHARS {
        errors.add(
            "q",
            format!(
                "Từ khóa tìm kiếm không quá {MAX_QUERY_CHARS} ký tự (đã nhập {}); vui lòng rút gọn.",
                crate::format::int(i64::try_from(chars).unwrap_or(i64::MAX))
            ),
        );
    } else if lantoa_viet::tokens(&text, lantoa_viet::TokenForm::Folded).is_empty() {
        errors.add("q", "Từ khóa cần có ít nhất một chữ cái hoặc chữ số.");
    }
    let kind = req.kind.trim();
    let kinds = if kind.is_empty() {
        Vec::new()
    } else if kinds().iter().any(|(c, _)| *c == kind) {
        vec![kind.to_owned()]
    } else {
        errors.add("kind", "Loại nội dung không có trong danh sách.");
        Vec::new()
    };
    let topic = match req.topic.trim() {
        "" => None,
        t => match domain::topic(t) {
            Some(t) => Some(t.code.to_owned()),
            None => {
                errors.add("topic", "Chủ đề không có trong danh sách của kế hoạch.");
                None
            }
        },
    };
    let from = crate::orgs::parse_date(&req.from)
        .map_err(|m| errors.add("from", m))
        .unwrap_or_default();
    let to = crate::orgs::parse_date(&req.to)
        .map_err(|m| errors.add("to", m))
        .unwrap_or_default();
    if let (Some(f), Some(t)) = (from, to)
        && f > t
    {
        errors.add("to", "Ngày kết thúc phải từ ngày bắt đầu trở đi.");
    }
    errors.into_result()?;
    Ok(Valid {
        text,
        kinds,
        topic,
        from,
        to,
    })
}

/// Validates and runs a search. Bad input is `Error::Invalid` with a Vietnamese message per
/// field (`q`, `kind`, `topic`, `from`, `to`). Hits the database no longer shows (unpublished
/// since, an institution that closed) are left out and dropped from the index.
pub fn search(app: &App, conn: &mut Conn, req: &SearchRequest) -> Result<Page<SearchHit>> {
    let valid = validate(req)?;
    let index = app.search_index().ok_or_else(|| {
        Error::Conflict("Chức năng tìm kiếm chưa sẵn sàng; vui lòng thử lại sau.".into())
    })?;
    let per_page = req.per_page.clamp(1, MAX_LIMIT);
    let page = req.page.max(1);
    let offset = usize::try_from((page - 1).saturating_mul(per_page)).unwrap_or(usize::MAX);
    // Local dates → UTC instants: the whole of each day in Vietnam.
    let start_of = |d: NaiveDate| d.and_hms_opt(0, 0, 0).map(|t| t - VIETNAM);
    let query = SearchQuery {
        text: valid.text,
        kinds: valid.kinds,
        topic: valid.topic.clone(),
        published_from: valid.from.and_then(start_of),
        published_before: valid.to.and_then(|d| d.succ_opt()).and_then(start_of),
        offset,
        limit: usize::try_from(per_page).unwrap_or(10),
    };
    let results = index.search(&query).map_err(search_error)?;
    // The database has the last word on what is public.
    let ids_of = |source: Source| -> Vec<i64> {
        results
            .hits
            .iter()
            .filter(|h| h.key.source == source)
            .map(|h| h.key.id)
            .collect()
    };
    let mut visible: HashSet<DocKey> = HashSet::new();
    let contents = ids_of(Source::Content);
    if !contents.is_empty() {
        for id in store::published_ids(conn, &contents)? {
            visible.insert(DocKey::new(Source::Content, id));
        }
    }
    let occupations = ids_of(Source::Occupation);
    if !occupations.is_empty() {
        for id in store::occupation_ids(conn, &occupations)? {
            visible.insert(DocKey::new(Source::Occupation, id));
        }
    }
    let institutions = ids_of(Source::Institution);
    if !institutions.is_empty() {
        for id in store::institutions_valid_on(conn, &institutions, app.clock.today())? {
            visible.insert(DocKey::new(Source::Institution, id));
        }
    }
    let stale: Vec<Change> = results
        .hits
        .iter()
        .filter(|h| !visible.contains(&h.key))
        // An institution that has not opened yet stays in the index.
        .filter(|h| h.key.source != Source::Institution)
        .map(|h| Change::Delete(h.key))
        .collect();
    let hidden = results
        .hits
        .iter()
        .filter(|h| !visible.contains(&h.key))
        .count();
    if !stale.is_empty() {
        apply_logged(index, stale, "stale hits");
    }
    let items = results
        .hits
        .into_iter()
        .filter(|h| visible.contains(&h.key))
        .map(|h| SearchHit {
            id: h.key.to_string(),
            kind_label: kind_label(&h.kind),
            kind: h.kind,
            title: h.title,
            title_html: h.title_html,
            url: h.url,
            snippet_html: h.snippet_html,
            published_at: h.published_at,
            external_id: h.external_id,
        })
        .collect();
    Ok(Page {
        items,
        total: i64::try_from(results.total.saturating_sub(hidden)).unwrap_or(i64::MAX),
        page,
        per_page,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(body: &str) -> ContentRow {
        ContentRow {
            id: 1,
            kind: "article".into(),
            slug: "a".into(),
            title: "A".into(),
            summary: String::new(),
            body: body.into(),
            source: String::new(),
            organisation_id: 1,
            author_user_id: None,
            state: "published".into(),
            created_at: NaiveDateTime::default(),
            updated_at: NaiveDateTime::default(),
            published_at: None,
            external_id: None,
            cover_image: String::new(),
            cover_media_id: None,
            scheduled_at: None,
        }
    }

    #[test]
    fn body_text_reads_plain_text_as_it_is_and_html_without_tags() {
        assert_eq!(body_text(&row("Lớp <9> & 10")).trim(), "Lớp <9> & 10");
        let text = body_text(&row(
            "<p>Học <strong>nghề</strong> &amp; việc làm</p><p>Hai</p>",
        ));
        assert!(!text.contains('<') && !text.contains("&amp;"), "{text}");
        let words: Vec<&str> = text.split_whitespace().collect();
        assert_eq!(words, ["Học", "nghề", "&", "việc", "làm", "Hai"]);
    }

    #[test]
    fn kinds_have_labels() {
        assert_eq!(kind_label("article"), "Tin, bài");
        assert_eq!(kind_label("occupation"), "Ngành, nghề");
        assert_eq!(kind_label("video"), "Video");
        assert_eq!(content_path("page", "gioi-thieu"), "/trang/gioi-thieu");
        assert_eq!(content_path("article", "a"), "/tin-tuc/a");
    }
}
