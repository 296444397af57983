//! lantoa's full-text search (DESIGN.md §4, docs/adr/0007-search.md): a tantivy index whose
//! texts are cut by `lantoa_viet::tokens` and indexed twice, in the exact form (NFC, lower
//! case, canonical tone placement) and folded (ASCII, i/y spellings unified, hyphenated
//! compounds also joined). A query matches either form; exact-form and title matches weigh
//! more, a phrase match more still, and a long word that the index does not know is matched
//! with one edit. Snippets highlight the match in `<mark>`, HTML-escaped.
//!
//! The crate knows nothing of the database: the application turns rows into [`SearchDoc`]s,
//! applies [`Change`]s after its transactions commit and rebuilds the index from scratch when
//! asked. The index is derived data: [`SearchIndex::open`] empties one it cannot trust and
//! says so ([`OpenState::NeedsRebuild`]).

mod index;
mod query;
mod schema;
mod snippet;
mod tokenizer;

use std::fmt;
use std::path::PathBuf;

use chrono::NaiveDateTime;

pub use index::{Change, OpenState, Rebuild, SearchIndex};
pub use query::{Hit, SearchQuery, SearchResults};
pub use schema::SCHEMA_VERSION;
pub use snippet::escape_html;

/// Where an indexed document comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Source {
    /// A content item (`contents`).
    Content,
    /// An occupation of the directory (`occupations`).
    Occupation,
    /// An institution of the directory (`organisations` of kind institution).
    Institution,
}

impl Source {
    pub fn code(self) -> &'static str {
        match self {
            Source::Content => "content",
            Source::Occupation => "occupation",
            Source::Institution => "institution",
        }
    }

    pub fn from_code(s: &str) -> Option<Source> {
        [Source::Content, Source::Occupation, Source::Institution]
            .into_iter()
            .find(|k| k.code() == s)
    }
}

/// The identity of an indexed document: its source table and row id.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct DocKey {
    pub source: Source,
    pub id: i64,
}

impl DocKey {
    pub fn new(source: Source, id: i64) -> DocKey {
        DocKey { source, id }
    }

    /// Reads `content:12` back.
    pub fn parse(s: &str) -> Option<DocKey> {
        let (source, id) = s.split_once(':')?;
        Some(DocKey {
            source: Source::from_code(source)?,
            id: id.parse().ok()?,
        })
    }
}

impl fmt::Display for DocKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.source.code(), self.id)
    }
}

/// One document as the index receives it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchDoc {
    pub key: DocKey,
    /// What the portal calls it: `article`, `page`, `occupation`, `institution`, …
    pub kind: String,
    pub title: String,
    /// Plain text (no markup): what is searched and what snippets are cut from.
    pub body: String,
    /// Path of the public page.
    pub url: String,
    /// Publication time (UTC); `None` for directory entries.
    pub published_at: Option<NaiveDateTime>,
    /// Topic codes (content only).
    pub topics: Vec<String>,
    /// Identifier at the source, for imported items.
    pub external_id: Option<String>,
    /// The source row's version (e.g. its change time in microseconds): a catch-up skips a
    /// row whose document already has it.
    pub version: i64,
}

/// What went wrong with the index.
#[derive(Debug, thiserror::Error)]
pub enum SearchError {
    #[error("search index error: {0}")]
    Tantivy(#[from] tantivy::TantivyError),
    #[error("cannot open the search index folder: {0}")]
    OpenDirectory(#[from] tantivy::directory::error::OpenDirectoryError),
    #[error("search index folder {0}: {1}")]
    Io(PathBuf, std::io::Error),
    #[error("the search index is being written by another process; try again shortly")]
    Busy,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_round_trip() {
        for key in [
            DocKey::new(Source::Content, 12),
            DocKey::new(Source::Occupation, 1),
            DocKey::new(Source::Institution, 7),
        ] {
            assert_eq!(DocKey::parse(&key.to_string()), Some(key));
        }
        assert_eq!(DocKey::new(Source::Content, 12).to_string(), "content:12");
        assert_eq!(DocKey::parse("content:x"), None);
        assert_eq!(DocKey::parse("other:1"), None);
    }
}
