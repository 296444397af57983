//! lantoa's store: schema, migrations for SQLite and PostgreSQL, the [`Db`] handle and the
//! queries of each feature. One query code path serves both engines (docs/adr/0001-database.md).
//! Everything here is blocking; the application runs it on a blocking pool.

pub mod admin_units;
pub mod applications;
pub mod attachments;
pub mod audit;
mod conn;
pub mod content;
pub mod db;
pub mod gallery;
pub mod institutions;
pub mod login_attempts;
pub mod media;
pub mod notifications;
pub mod occupations;
pub mod orgs;
pub mod outbox;
pub mod plans;
pub mod products;
pub mod programmes;
pub mod publications;
pub mod reports;
pub mod schema;
pub mod search;
pub mod sessions;
pub mod settings;
pub mod users;
pub mod video;

#[cfg(feature = "testing")]
pub mod testing;

pub use conn::Conn;
pub use db::{DatabaseUrl, Db, DbOptions, Engine, SqliteSync, write_tx};
/// A query error from the database driver (what `write_tx` closures return).
pub use diesel::result::Error as QueryError;

use std::path::PathBuf;

/// What went wrong talking to the database.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("database URL {0:?} is not understood: use sqlite://PATH or postgres://USER@HOST/DB")]
    BadUrl(String),
    #[error("cannot connect to the database at {0}: {1}")]
    Unreachable(String, String),
    #[error("cannot get a database connection: {0}")]
    Pool(#[from] diesel::r2d2::PoolError),
    #[error("database query failed: {0}")]
    Query(#[from] diesel::result::Error),
    #[error("database migration failed: {0}")]
    Migration(String),
    #[error("cannot create {0}: {1}")]
    Io(PathBuf, std::io::Error),
    #[error("the backup file {0} already exists; choose a new name")]
    BackupTargetExists(PathBuf),
    #[error("lantoa backup copies SQLite databases; back up PostgreSQL with pg_dump")]
    BackupNeedsPgDump,
}

impl StoreError {
    /// A unique constraint refused the write (a duplicate e-mail, slug, …).
    pub fn is_unique_violation(&self) -> bool {
        matches!(
            self,
            StoreError::Query(diesel::result::Error::DatabaseError(
                diesel::result::DatabaseErrorKind::UniqueViolation,
                _
            ))
        )
    }

    /// The row asked for does not exist.
    pub fn is_not_found(&self) -> bool {
        matches!(self, StoreError::Query(diesel::result::Error::NotFound))
    }
}

pub type StoreResult<T> = Result<T, StoreError>;

/// One page of a longer list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Page<T> {
    pub items: Vec<T>,
    pub total: i64,
    /// 1-based page number.
    pub page: i64,
    pub per_page: i64,
}

impl<T> Page<T> {
    pub fn page_count(&self) -> i64 {
        if self.total == 0 {
            1
        } else {
            (self.total + self.per_page - 1) / self.per_page
        }
    }

    pub fn map<U>(self, f: impl FnMut(T) -> U) -> Page<U> {
        Page {
            items: self.items.into_iter().map(f).collect(),
            total: self.total,
            page: self.page,
            per_page: self.per_page,
        }
    }
}

/// Which page of a list to read; page numbers start at 1 and out-of-range values are clamped.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PageRequest {
    pub page: i64,
    pub per_page: i64,
}

impl PageRequest {
    pub fn new(page: i64, per_page: i64) -> Self {
        PageRequest {
            page: page.clamp(1, 1_000_000),
            per_page: per_page.clamp(1, 200),
        }
    }

    pub fn offset(&self) -> i64 {
        (self.page - 1) * self.per_page
    }
}
