//! The database handle: engine chosen from the URL, a connection pool, migrations,
//! write transactions and online backups.

use std::path::{Path, PathBuf};
use std::time::Duration;

use diesel::connection::{AnsiTransactionManager, SimpleConnection, TransactionManager};
use diesel::r2d2::{self, ManageConnection, Pool, PooledConnection, R2D2Connection};
use diesel::{Connection, PgConnection, SqliteConnection};
use diesel_migrations::{EmbeddedMigrations, MigrationHarness, embed_migrations};

use crate::StoreError;
use crate::conn::Conn;

const SQLITE_MIGRATIONS: EmbeddedMigrations = embed_migrations!("migrations/sqlite");
const POSTGRES_MIGRATIONS: EmbeddedMigrations = embed_migrations!("migrations/postgres");

/// Which database engine a URL points at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Engine {
    Sqlite,
    Postgres,
}

impl Engine {
    pub fn as_str(self) -> &'static str {
        match self {
            Engine::Sqlite => "sqlite",
            Engine::Postgres => "postgres",
        }
    }
}

/// A parsed database URL: `sqlite://PATH` (or `sqlite:PATH`) and `postgres://…` /
/// `postgresql://…`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DatabaseUrl {
    Sqlite(PathBuf),
    Postgres(String),
}

impl DatabaseUrl {
    /// Parses a URL, naming the accepted forms when it is not one of them.
    pub fn parse(url: &str) -> Result<Self, StoreError> {
        let url = url.trim();
        if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            return Ok(DatabaseUrl::Postgres(url.to_owned()));
        }
        let path = url
            .strip_prefix("sqlite://")
            .or_else(|| url.strip_prefix("sqlite:"));
        match path {
            Some(p) if !p.is_empty() && p != ":memory:" => {
                Ok(DatabaseUrl::Sqlite(PathBuf::from(p)))
            }
            _ => Err(StoreError::BadUrl(url.to_owned())),
        }
    }

    pub fn engine(&self) -> Engine {
        match self {
            DatabaseUrl::Sqlite(_) => Engine::Sqlite,
            DatabaseUrl::Postgres(_) => Engine::Postgres,
        }
    }

    /// The URL with any password replaced, for logs and `check-config`.
    pub fn redacted(&self) -> String {
        match self {
            DatabaseUrl::Sqlite(p) => format!("sqlite://{}", p.display()),
            DatabaseUrl::Postgres(u) => redact_password(u),
        }
    }
}

fn redact_password(url: &str) -> String {
    // postgres://user:secret@host/db → postgres://user:***@host/db
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_owned();
    };
    match rest.split_once('@') {
        Some((userinfo, host)) if userinfo.contains(':') => {
            let user = userinfo.split(':').next().unwrap_or_default();
            format!("{scheme}://{user}:***@{host}")
        }
        _ => url.to_owned(),
    }
}

/// How SQLite should make commits durable.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SqliteSync {
    /// `synchronous=FULL`: an acknowledged commit survives a power cut (the default).
    #[default]
    Full,
    /// `synchronous=NORMAL`: survives a process crash; the last commits may be lost on power loss.
    Normal,
}

/// Options for opening the database.
#[derive(Debug, Clone)]
pub struct DbOptions {
    pub max_connections: u32,
    pub connect_timeout: Duration,
    pub sqlite_sync: SqliteSync,
}

impl Default for DbOptions {
    fn default() -> Self {
        Self {
            max_connections: 8,
            connect_timeout: Duration::from_secs(5),
            sqlite_sync: SqliteSync::Full,
        }
    }
}

/// Opens connections for the pool, applying SQLite's pragmas on each.
#[derive(Debug)]
pub struct Manager {
    url: DatabaseUrl,
    sqlite_sync: SqliteSync,
}

impl ManageConnection for Manager {
    type Connection = Conn;
    type Error = r2d2::Error;

    fn connect(&self) -> Result<Conn, r2d2::Error> {
        match &self.url {
            DatabaseUrl::Sqlite(path) => {
                let path = path.to_string_lossy();
                let mut conn =
                    SqliteConnection::establish(&path).map_err(r2d2::Error::ConnectionError)?;
                let sync = match self.sqlite_sync {
                    SqliteSync::Full => "FULL",
                    SqliteSync::Normal => "NORMAL",
                };
                conn.batch_execute(&format!(
                    "PRAGMA busy_timeout = 10000; PRAGMA journal_mode = WAL; \
                     PRAGMA synchronous = {sync}; PRAGMA foreign_keys = ON;"
                ))
                .map_err(r2d2::Error::QueryError)?;
                Ok(Conn::Sqlite(conn))
            }
            DatabaseUrl::Postgres(url) => PgConnection::establish(url)
                .map(Conn::Postgres)
                .map_err(r2d2::Error::ConnectionError),
        }
    }

    fn is_valid(&self, conn: &mut Conn) -> Result<(), r2d2::Error> {
        conn.ping().map_err(r2d2::Error::QueryError)
    }

    fn has_broken(&self, conn: &mut Conn) -> bool {
        conn.is_broken()
    }
}

pub type PooledConn = PooledConnection<Manager>;

/// The database: a pool of connections to one engine. Cheap to clone.
#[derive(Clone)]
pub struct Db {
    pool: Pool<Manager>,
    url: DatabaseUrl,
}

impl std::fmt::Debug for Db {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Db")
            .field("url", &self.url.redacted())
            .finish()
    }
}

impl Db {
    /// Opens the pool and checks one connection, so an unreachable database is reported
    /// at start-up with the engine's own message.
    pub fn open(url: &DatabaseUrl, options: &DbOptions) -> Result<Db, StoreError> {
        if let DatabaseUrl::Sqlite(path) = url
            && let Some(dir) = path.parent()
            && !dir.as_os_str().is_empty()
        {
            std::fs::create_dir_all(dir).map_err(|e| StoreError::Io(dir.to_path_buf(), e))?;
        }
        let manager = Manager {
            url: url.clone(),
            sqlite_sync: options.sqlite_sync,
        };
        // Establish one connection ourselves first: r2d2 would only say "timed out".
        let first = manager
            .connect()
            .map_err(|e| StoreError::Unreachable(url.redacted(), e.to_string()))?;
        drop(first);
        let pool = Pool::builder()
            .max_size(options.max_connections.max(1))
            .connection_timeout(options.connect_timeout)
            .build(manager)
            .map_err(|e| StoreError::Unreachable(url.redacted(), e.to_string()))?;
        Ok(Db {
            pool,
            url: url.clone(),
        })
    }

    pub fn engine(&self) -> Engine {
        self.url.engine()
    }

    pub fn url(&self) -> &DatabaseUrl {
        &self.url
    }

    /// A connection from the pool. Blocking: call from a blocking thread.
    pub fn conn(&self) -> Result<PooledConn, StoreError> {
        self.pool.get().map_err(StoreError::Pool)
    }

    /// Applies pending migrations and returns the names of those applied.
    pub fn migrate(&self) -> Result<Vec<String>, StoreError> {
        let mut conn = self.conn()?;
        let applied = match &mut *conn {
            Conn::Sqlite(c) => c.run_pending_migrations(SQLITE_MIGRATIONS),
            Conn::Postgres(c) => c.run_pending_migrations(POSTGRES_MIGRATIONS),
        }
        .map_err(|e| StoreError::Migration(e.to_string()))?;
        Ok(applied.iter().map(|v| v.to_string()).collect())
    }

    /// Names of migrations embedded in this binary for the current engine.
    pub fn pending_migrations(&self) -> Result<Vec<String>, StoreError> {
        let mut conn = self.conn()?;
        let pending = match &mut *conn {
            Conn::Sqlite(c) => c
                .pending_migrations(SQLITE_MIGRATIONS)
                .map(|v| v.iter().map(|m| m.name().to_string()).collect()),
            Conn::Postgres(c) => c
                .pending_migrations(POSTGRES_MIGRATIONS)
                .map(|v| v.iter().map(|m| m.name().to_string()).collect()),
        }
        .map_err(|e| StoreError::Migration(e.to_string()))?;
        Ok(pending)
    }

    /// Checks that the database answers.
    pub fn ping(&self) -> Result<(), StoreError> {
        let mut conn = self.conn()?;
        conn.ping().map_err(StoreError::Query)
    }

    /// Writes a consistent online copy of a SQLite database to `to` (`VACUUM INTO`), which
    /// must not exist yet. PostgreSQL databases are backed up with `pg_dump`.
    pub fn backup_sqlite(&self, to: &Path) -> Result<(), StoreError> {
        if to.exists() {
            return Err(StoreError::BackupTargetExists(to.to_path_buf()));
        }
        let mut conn = self.conn()?;
        match &mut *conn {
            Conn::Sqlite(c) => {
                let target = to.to_string_lossy().replace('\'', "''");
                c.batch_execute(&format!("VACUUM INTO '{target}'"))
                    .map_err(StoreError::Query)
            }
            Conn::Postgres(_) => Err(StoreError::BackupNeedsPgDump),
        }
    }
}

/// Runs `f` in a write transaction. On SQLite it starts with `BEGIN IMMEDIATE`, taking the
/// write lock up front so that concurrent writers wait (busy_timeout) instead of failing
/// with SQLITE_BUSY when a read transaction later tries to write. Nested calls use savepoints.
pub fn write_tx<T, E, F>(conn: &mut Conn, f: F) -> Result<T, E>
where
    F: FnOnce(&mut Conn) -> Result<T, E>,
    E: From<diesel::result::Error>,
{
    let is_sqlite = matches!(conn, Conn::Sqlite(_));
    let nested = <Conn as Connection>::TransactionManager::transaction_manager_status_mut(conn)
        .transaction_depth()
        .map(|depth| depth.is_some())
        .unwrap_or(false);
    // PostgreSQL needs nothing special; inside an outer transaction, a savepoint suffices.
    if !is_sqlite || nested {
        return conn.transaction(f);
    }
    if let Conn::Sqlite(inner) = conn {
        AnsiTransactionManager::begin_transaction_sql(inner, "BEGIN IMMEDIATE")?;
    }
    match f(conn) {
        Ok(value) => {
            <Conn as Connection>::TransactionManager::commit_transaction(conn)?;
            Ok(value)
        }
        Err(e) => {
            <Conn as Connection>::TransactionManager::rollback_transaction(conn)?;
            Err(e)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_urls_and_names_the_engine() {
        assert_eq!(
            DatabaseUrl::parse("sqlite://data/lantoa.db").ok(),
            Some(DatabaseUrl::Sqlite(PathBuf::from("data/lantoa.db")))
        );
        assert_eq!(
            DatabaseUrl::parse("sqlite:/tmp/x.db")
                .map(|u| u.engine())
                .ok(),
            Some(Engine::Sqlite)
        );
        assert_eq!(
            DatabaseUrl::parse("postgresql://u@h/db")
                .map(|u| u.engine())
                .ok(),
            Some(Engine::Postgres)
        );
        assert!(DatabaseUrl::parse("mysql://x").is_err());
        assert!(DatabaseUrl::parse("sqlite://").is_err());
    }

    #[test]
    fn redacts_passwords() {
        let url = DatabaseUrl::parse("postgres://app:s3cret@db.local:5432/lantoa").unwrap();
        assert_eq!(url.redacted(), "postgres://app:***@db.local:5432/lantoa");
        let url = DatabaseUrl::parse("postgres://postgres@127.0.0.1/test").unwrap();
        assert_eq!(url.redacted(), "postgres://postgres@127.0.0.1/test");
    }
}
