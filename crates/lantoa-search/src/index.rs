//! The index on disk (or in memory for tests): opening, writing, rebuilding.

use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard, TryLockError};
use std::time::{Duration, Instant};

use chrono::NaiveDateTime;
use lantoa_viet::TokenForm;
use tantivy::collector::{Count, TopDocs};
use tantivy::directory::{Directory, INDEX_WRITER_LOCK, MmapDirectory};
use tantivy::indexer::IndexWriterOptions;
use tantivy::query::TermQuery;
use tantivy::schema::IndexRecordOption;
use tantivy::{Index, IndexReader, IndexWriter, ReloadPolicy, TantivyDocument, TantivyError, Term};

use crate::schema::{self, Fields, SCHEMA_VERSION};
use crate::tokenizer::{self, EXACT, FOLDED};
use crate::{DocKey, SearchDoc, SearchError};

/// Memory for the writer of a few documents (a publish, an edit): tantivy's minimum.
const SMALL_WRITER_BYTES: usize = 15_000_000;
/// Memory for a rebuild: larger segments, fewer merges, still modest next to the server.
const REBUILD_WRITER_BYTES: usize = 40_000_000;
/// Blocks of the document store kept decompressed by the reader (tantivy's default is 100).
const DOC_STORE_CACHE_BLOCKS: usize = 20;
/// How long to wait for another writer (a `lantoa reindex` in another process) to finish.
const SMALL_WRITE_WAIT: Duration = Duration::from_secs(3);
const REBUILD_WAIT: Duration = Duration::from_secs(30);

/// One change to apply to the index.
#[derive(Debug, Clone)]
pub enum Change {
    /// Add the document, replacing any with the same key.
    Upsert(SearchDoc),
    /// Remove the document with this key, if present.
    Delete(DocKey),
}

/// What the last commit recorded: the schema version and how far the index follows the
/// database.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
struct Payload {
    schema: Option<u32>,
    watermark: Option<NaiveDateTime>,
}

const WATERMARK_FORMAT: &str = "%Y-%m-%dT%H:%M:%S%.f";

impl Payload {
    fn parse(s: &str) -> Payload {
        let mut p = Payload::default();
        for part in s.split(';') {
            if let Some(v) = part.strip_prefix("schema=") {
                p.schema = v.parse().ok();
            } else if let Some(v) = part.strip_prefix("watermark=") {
                p.watermark = NaiveDateTime::parse_from_str(v, WATERMARK_FORMAT).ok();
            }
        }
        p
    }

    fn render(&self) -> String {
        format!(
            "lantoa-search;schema={};watermark={}",
            self.schema.unwrap_or(SCHEMA_VERSION),
            self.watermark
                .map(|w| w.format(WATERMARK_FORMAT).to_string())
                .unwrap_or_default()
        )
    }
}

/// How an index was found when opened.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OpenState {
    /// Written by this version and complete: catch up from its watermark.
    Ready,
    /// New, emptied, or written by another schema version: rebuild it from the database.
    NeedsRebuild(&'static str),
}

/// The search index: a tantivy index with lantoa's schema and tokenizers, one reader that
/// follows commits (its own at once, another process's within a second), and writers opened
/// per batch of changes so that `lantoa reindex` can run beside a server.
pub struct SearchIndex {
    pub(crate) index: Index,
    pub(crate) reader: IndexReader,
    pub(crate) fields: Fields,
    dir: Option<PathBuf>,
    /// Writers of this process take turns (tantivy allows one writer per index).
    writing: Mutex<()>,
}

impl std::fmt::Debug for SearchIndex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SearchIndex")
            .field("dir", &self.dir)
            .finish_non_exhaustive()
    }
}

fn io_error(path: &Path) -> impl FnOnce(std::io::Error) -> SearchError + '_ {
    move |e| SearchError::Io(path.to_path_buf(), e)
}

impl SearchIndex {
    fn from_index(index: Index, dir: Option<PathBuf>) -> Result<SearchIndex, SearchError> {
        let (_, fields) = schema::build();
        index
            .tokenizers()
            .register(EXACT, tokenizer::analyzer(TokenForm::Exact));
        index
            .tokenizers()
            .register(FOLDED, tokenizer::analyzer(TokenForm::Folded));
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::OnCommitWithDelay)
            .doc_store_cache_num_blocks(DOC_STORE_CACHE_BLOCKS)
            .try_into()?;
        Ok(SearchIndex {
            index,
            reader,
            fields,
            dir,
            writing: Mutex::new(()),
        })
    }

    /// An empty, complete index in memory (tests).
    pub fn in_memory() -> Result<SearchIndex, SearchError> {
        let (schema, _) = schema::build();
        let s = SearchIndex::from_index(Index::create_in_ram(schema), None)?;
        s.rebuild()?.finish(None)?;
        Ok(s)
    }

    /// Opens the index in `dir`, creating the folder and the index when missing. An index
    /// that cannot be read, has another schema, or was never completed by a rebuild is
    /// emptied and reported as [`OpenState::NeedsRebuild`].
    pub fn open(dir: &Path) -> Result<(SearchIndex, OpenState), SearchError> {
        std::fs::create_dir_all(dir).map_err(io_error(dir))?;
        let (schema, _) = schema::build();
        let existing = {
            let mmap = MmapDirectory::open(dir)?;
            Index::exists(&mmap)
                .map_err(|e| SearchError::Tantivy(TantivyError::from(e)))?
                .then(|| Index::open(mmap))
        };
        let reason = match existing {
            None => "new",
            Some(Err(e)) => {
                tracing::warn!(error = %e, dir = %dir.display(), "search index unreadable; rebuilding it");
                "unreadable"
            }
            Some(Ok(index)) if index.schema() != schema => "schema changed",
            Some(Ok(index)) => {
                let s = SearchIndex::from_index(index, Some(dir.to_path_buf()))?;
                let payload = s.payload()?;
                if payload.schema == Some(SCHEMA_VERSION) {
                    return Ok((s, OpenState::Ready));
                }
                if payload.schema.is_none() {
                    "never completed"
                } else {
                    "schema changed"
                }
            }
        };
        if reason != "new" {
            // Never from under another process's writer (a server's first rebuild).
            drop(
                MmapDirectory::open(dir)?
                    .acquire_lock(&INDEX_WRITER_LOCK)
                    .map_err(|_| SearchError::Busy)?,
            );
            // Only our own folder: the index is derived data, rebuilt from the database.
            std::fs::remove_dir_all(dir).map_err(io_error(dir))?;
            std::fs::create_dir_all(dir).map_err(io_error(dir))?;
        }
        let index = Index::create_in_dir(dir, schema)?;
        Ok((
            SearchIndex::from_index(index, Some(dir.to_path_buf()))?,
            OpenState::NeedsRebuild(reason),
        ))
    }

    /// Where the index lives (`None` in memory).
    pub fn dir(&self) -> Option<&Path> {
        self.dir.as_deref()
    }

    fn payload(&self) -> Result<Payload, SearchError> {
        Ok(self
            .index
            .load_metas()?
            .payload
            .as_deref()
            .map(Payload::parse)
            .unwrap_or_default())
    }

    /// The latest change time of the database rows the index is known to hold; changes from
    /// then on may be missing (another instance, a command-line import) and are caught up.
    pub fn watermark(&self) -> Result<Option<NaiveDateTime>, SearchError> {
        Ok(self.payload()?.watermark)
    }

    /// Whether the index holds a document with this key (on an error: assumed so, so that a
    /// removal is not skipped).
    pub fn contains(&self, key: DocKey) -> bool {
        let query = TermQuery::new(self.key_term(key), IndexRecordOption::Basic);
        self.reader
            .searcher()
            .search(&query, &Count)
            .map_or(true, |n| n > 0)
    }

    /// The version recorded with the document of this key, if the index holds it.
    pub fn version_of(&self, key: DocKey) -> Option<i64> {
        let searcher = self.reader.searcher();
        let query = TermQuery::new(self.key_term(key), IndexRecordOption::Basic);
        let top = searcher
            .search(&query, &TopDocs::with_limit(1).order_by_score())
            .ok()?;
        let (_, address) = top.first()?;
        searcher
            .segment_reader(address.segment_ord)
            .fast_fields()
            .i64(schema::VERSION)
            .ok()?
            .first(address.doc_id)
    }

    /// Documents in the index, as of the last reload.
    pub fn num_docs(&self) -> u64 {
        self.reader.searcher().num_docs()
    }

    /// Waits up to `wait` for this process's other writer (a rebuild takes a while; a
    /// publish should not hang behind it: the catch-up applies what it could not).
    fn turn(&self, wait: Duration) -> Result<MutexGuard<'_, ()>, SearchError> {
        let started = Instant::now();
        loop {
            match self.writing.try_lock() {
                Ok(guard) => return Ok(guard),
                Err(TryLockError::Poisoned(p)) => return Ok(p.into_inner()),
                Err(TryLockError::WouldBlock) if started.elapsed() < wait => {
                    std::thread::sleep(Duration::from_millis(20));
                }
                Err(TryLockError::WouldBlock) => return Err(SearchError::Busy),
            }
        }
    }

    fn writer(&self, budget: usize, wait: Duration) -> Result<IndexWriter, SearchError> {
        let options = IndexWriterOptions::builder()
            .memory_budget_per_thread(budget)
            .num_worker_threads(1)
            .num_merge_threads(1)
            .build();
        let started = Instant::now();
        loop {
            match self.index.writer_with_options(options.clone()) {
                Ok(w) => return Ok(w),
                Err(TantivyError::LockFailure(..)) if started.elapsed() < wait => {
                    std::thread::sleep(Duration::from_millis(100));
                }
                Err(TantivyError::LockFailure(..)) => return Err(SearchError::Busy),
                Err(e) => return Err(e.into()),
            }
        }
    }

    fn commit(&self, mut writer: IndexWriter, payload: &Payload) -> Result<(), SearchError> {
        let mut prepared = writer.prepare_commit()?;
        prepared.set_payload(&payload.render());
        prepared.commit()?;
        writer.wait_merging_threads()?;
        self.reader.reload()?;
        Ok(())
    }

    /// Applies changes in one commit; searches see them when this returns. `watermark`, when
    /// given and later than the recorded one, is recorded.
    pub fn apply(
        &self,
        changes: Vec<Change>,
        watermark: Option<NaiveDateTime>,
    ) -> Result<(), SearchError> {
        if changes.is_empty() && watermark.is_none() {
            return Ok(());
        }
        let _turn = self.turn(SMALL_WRITE_WAIT)?;
        let writer = self.writer(SMALL_WRITER_BYTES, SMALL_WRITE_WAIT)?;
        for change in changes {
            match change {
                Change::Upsert(doc) => {
                    writer.delete_term(self.key_term(doc.key));
                    writer.add_document(self.document(&doc))?;
                }
                Change::Delete(key) => {
                    writer.delete_term(self.key_term(key));
                }
            }
        }
        let mut payload = self.payload()?;
        if payload.schema.is_none() {
            // A change before the first rebuild does not make the index complete.
            return writer_rollback(writer);
        }
        payload.watermark = match (payload.watermark, watermark) {
            (Some(a), Some(b)) => Some(a.max(b)),
            (a, b) => a.or(b),
        };
        self.commit(writer, &payload)
    }

    /// Starts replacing the whole index; nothing changes for searches until
    /// [`Rebuild::finish`].
    pub fn rebuild(&self) -> Result<Rebuild<'_>, SearchError> {
        let turn = self.turn(REBUILD_WAIT)?;
        let writer = self.writer(REBUILD_WRITER_BYTES, REBUILD_WAIT)?;
        writer.delete_all_documents()?;
        Ok(Rebuild {
            index: self,
            writer,
            added: 0,
            _turn: turn,
        })
    }

    pub(crate) fn key_term(&self, key: DocKey) -> Term {
        Term::from_field_text(self.fields.key, &key.to_string())
    }

    fn document(&self, d: &SearchDoc) -> TantivyDocument {
        let f = &self.fields;
        let mut doc = TantivyDocument::new();
        doc.add_text(f.key, d.key.to_string());
        doc.add_text(f.kind, &d.kind);
        for t in &d.topics {
            doc.add_text(f.topic, t);
        }
        doc.add_text(f.title, &d.title);
        doc.add_text(f.title_folded, &d.title);
        // The title is part of the text: every word of a hit is then in `body`/`body_folded`,
        // which the candidate queries rely on.
        for field in [f.body, f.body_folded] {
            doc.add_text(field, &d.title);
            doc.add_text(field, &d.body);
        }
        doc.add_text(f.text, &d.body);
        doc.add_text(f.url, &d.url);
        if let Some(at) = d.published_at {
            doc.add_i64(f.published, at.and_utc().timestamp());
        }
        if let Some(id) = &d.external_id {
            doc.add_text(f.external_id, id);
        }
        doc.add_i64(f.version, d.version);
        doc
    }
}

fn writer_rollback(mut writer: IndexWriter) -> Result<(), SearchError> {
    writer.rollback()?;
    Ok(())
}

/// A rebuild in progress: add every document, then [`Rebuild::finish`].
pub struct Rebuild<'a> {
    index: &'a SearchIndex,
    writer: IndexWriter,
    added: u64,
    _turn: MutexGuard<'a, ()>,
}

impl std::fmt::Debug for Rebuild<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Rebuild")
            .field("added", &self.added)
            .finish_non_exhaustive()
    }
}

impl Rebuild<'_> {
    pub fn add(&mut self, doc: &SearchDoc) -> Result<(), SearchError> {
        self.writer.add_document(self.index.document(doc))?;
        self.added += 1;
        Ok(())
    }

    /// Commits the new contents; `watermark` is the latest change time of the rows read.
    pub fn finish(self, watermark: Option<NaiveDateTime>) -> Result<u64, SearchError> {
        let payload = Payload {
            schema: Some(SCHEMA_VERSION),
            watermark,
        };
        self.index.commit(self.writer, &payload)?;
        Ok(self.added)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn payload_round_trip() {
        let at = chrono::NaiveDate::from_ymd_opt(2026, 11, 26)
            .and_then(|d| d.and_hms_micro_opt(2, 3, 4, 500))
            .unwrap_or_default();
        let p = Payload {
            schema: Some(SCHEMA_VERSION),
            watermark: Some(at),
        };
        assert_eq!(Payload::parse(&p.render()), p);
        let p = Payload {
            schema: Some(SCHEMA_VERSION),
            watermark: None,
        };
        assert_eq!(Payload::parse(&p.render()), p);
        assert_eq!(Payload::parse("something else"), Payload::default());
    }
}
