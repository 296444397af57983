//! Databases for tests: each test gets its own, copied from a migrated template, on SQLite and
//! (when `LANTOA_TEST_DATABASE_URL` names a PostgreSQL server) on PostgreSQL.
//!
//! Use [`crate::both_engines!`] to write a test once and run it on both engines.

#![expect(
    clippy::expect_used,
    reason = "test support: a failed set-up step must fail the test loudly"
)]

use std::path::PathBuf;
use std::sync::OnceLock;
use std::sync::atomic::{AtomicU64, Ordering};

use diesel::connection::SimpleConnection;
use diesel::prelude::*;
use diesel::{PgConnection, RunQueryDsl};

use crate::{DatabaseUrl, Db, DbOptions, Engine, SqliteSync};

/// The environment variable naming the PostgreSQL server tests use, e.g.
/// `postgres://postgres@127.0.0.1:5432/test` (the database in it is only used to create and
/// drop per-test databases).
pub const PG_ENV: &str = "LANTOA_TEST_DATABASE_URL";

static COUNTER: AtomicU64 = AtomicU64::new(0);

/// A database that exists for one test and is removed when dropped.
pub struct TestDb {
    pub db: Db,
    cleanup: Cleanup,
}

enum Cleanup {
    Sqlite(PathBuf),
    Postgres { admin_url: String, name: String },
}

impl std::fmt::Debug for TestDb {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TestDb").field("db", &self.db).finish()
    }
}

fn unique_suffix() -> String {
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    let r: u32 = rand::random();
    format!("{}_{}_{:08x}", std::process::id(), n, r)
}

fn test_options() -> DbOptions {
    DbOptions {
        max_connections: 4,
        connect_timeout: std::time::Duration::from_secs(20),
        // Tests do not need power-cut durability; this keeps them fast.
        sqlite_sync: SqliteSync::Normal,
    }
}

/// A migrated SQLite template for this process; each test gets a `VACUUM INTO` copy.
fn sqlite_template() -> &'static Db {
    static TEMPLATE: OnceLock<Db> = OnceLock::new();
    TEMPLATE.get_or_init(|| {
        let dir = std::env::temp_dir().join(format!("lantoa-test-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("create temp dir for test databases");
        let path = dir.join("template.db");
        let _ = std::fs::remove_file(&path);
        let db =
            Db::open(&DatabaseUrl::Sqlite(path), &test_options()).expect("open SQLite template");
        db.migrate().expect("migrate SQLite template");
        db
    })
}

/// A hash of the PostgreSQL migrations, so a changed migration gets a fresh template.
fn migrations_fingerprint() -> String {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("migrations/postgres");
    let mut entries: Vec<_> = std::fs::read_dir(&root)
        .expect("read migrations/postgres")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .collect();
    entries.sort();
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for dir in entries {
        for file in ["up.sql", "down.sql"] {
            let text = std::fs::read(dir.join(file)).unwrap_or_default();
            for b in dir.to_string_lossy().bytes().chain(text) {
                hash ^= u64::from(b);
                hash = hash.wrapping_mul(0x0100_0000_01b3);
            }
        }
    }
    format!("{hash:016x}")
}

fn pg_url_with_db(admin_url: &str, db: &str) -> String {
    // Replace the path (database name) of the URL, keeping any query string.
    let (base, query) = match admin_url.split_once('?') {
        Some((b, q)) => (b, Some(q)),
        None => (admin_url, None),
    };
    let scheme_end = base.find("://").map(|i| i + 3).unwrap_or(0);
    let host_end = base[scheme_end..]
        .find('/')
        .map(|i| i + scheme_end)
        .unwrap_or(base.len());
    let mut url = format!("{}/{}", &base[..host_end], db);
    if let Some(q) = query {
        url.push('?');
        url.push_str(q);
    }
    url
}

fn pg_admin() -> Option<String> {
    match std::env::var(PG_ENV) {
        Ok(url) if !url.trim().is_empty() => Some(url),
        _ => {
            static WARNED: OnceLock<()> = OnceLock::new();
            WARNED.get_or_init(|| {
                eprintln!(
                    "\n==================== WARNING ====================\n\
                     {PG_ENV} is not set: the PostgreSQL half of the store tests was SKIPPED.\n\
                     Set it (e.g. postgres://postgres@127.0.0.1:5432/test) to run them.\n\
                     =================================================\n"
                );
            });
            None
        }
    }
}

/// The template database name, created (once, under an advisory lock) if missing.
fn pg_template(admin_url: &str) -> &'static str {
    static TEMPLATE: OnceLock<String> = OnceLock::new();
    TEMPLATE.get_or_init(|| {
        let name = format!("lantoa_tpl_{}", migrations_fingerprint());
        let mut admin = PgConnection::establish(admin_url)
            .unwrap_or_else(|e| panic!("{PG_ENV} is set but PostgreSQL is unreachable: {e}"));
        admin
            .batch_execute("SELECT pg_advisory_lock(74611)")
            .expect("take template lock");
        let exists = diesel::sql_query(format!(
            "SELECT 1 AS one FROM pg_database WHERE datname = '{name}'"
        ))
        .execute(&mut admin)
        .expect("look for template")
            > 0;
        if !exists {
            let building = format!("{name}_building");
            admin
                .batch_execute(&format!("DROP DATABASE IF EXISTS {building} WITH (FORCE)"))
                .expect("drop half-built template");
            admin
                .batch_execute(&format!("CREATE DATABASE {building}"))
                .expect("create template");
            {
                let db = Db::open(
                    &DatabaseUrl::Postgres(pg_url_with_db(admin_url, &building)),
                    &test_options(),
                )
                .expect("open template");
                db.migrate().expect("migrate PostgreSQL template");
            }
            admin
                .batch_execute(&format!(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{building}'; \
                     ALTER DATABASE {building} RENAME TO {name}"
                ))
                .expect("publish template");
        }
        admin
            .batch_execute("SELECT pg_advisory_unlock(74611)")
            .expect("release template lock");
        name
    })
}

impl TestDb {
    /// A fresh, migrated SQLite database in a temporary file.
    pub fn sqlite() -> TestDb {
        let template = sqlite_template();
        let DatabaseUrl::Sqlite(template_path) = template.url() else {
            unreachable!("the SQLite template is SQLite")
        };
        let path = template_path.with_file_name(format!("t_{}.db", unique_suffix()));
        template.backup_sqlite(&path).expect("copy SQLite template");
        let db =
            Db::open(&DatabaseUrl::Sqlite(path.clone()), &test_options()).expect("open test db");
        TestDb {
            db,
            cleanup: Cleanup::Sqlite(path),
        }
    }

    /// A fresh, migrated PostgreSQL database, or `None` (with a loud warning) when
    /// `LANTOA_TEST_DATABASE_URL` is not set. Panics when it is set but unreachable.
    pub fn postgres() -> Option<TestDb> {
        let admin_url = pg_admin()?;
        let template = pg_template(&admin_url);
        let name = format!("lantoa_t_{}", unique_suffix());
        let mut admin = PgConnection::establish(&admin_url)
            .unwrap_or_else(|e| panic!("{PG_ENV} is set but PostgreSQL is unreachable: {e}"));
        admin
            .batch_execute(&format!("CREATE DATABASE {name} TEMPLATE {template}"))
            .expect("create test database from template");
        let db = Db::open(
            &DatabaseUrl::Postgres(pg_url_with_db(&admin_url, &name)),
            &test_options(),
        )
        .expect("open test database");
        Some(TestDb {
            db,
            cleanup: Cleanup::Postgres { admin_url, name },
        })
    }

    /// A fresh database on `engine` (`None`: PostgreSQL not configured).
    pub fn on(engine: Engine) -> Option<TestDb> {
        match engine {
            Engine::Sqlite => Some(TestDb::sqlite()),
            Engine::Postgres => TestDb::postgres(),
        }
    }

    /// An empty, unmigrated database of the same engine, for the schema-parity and migration tests.
    pub fn empty(engine: Engine) -> Option<TestDb> {
        match engine {
            Engine::Sqlite => {
                let dir = std::env::temp_dir().join(format!("lantoa-test-{}", std::process::id()));
                std::fs::create_dir_all(&dir).expect("create temp dir");
                let path = dir.join(format!("e_{}.db", unique_suffix()));
                let db =
                    Db::open(&DatabaseUrl::Sqlite(path.clone()), &test_options()).expect("open");
                Some(TestDb {
                    db,
                    cleanup: Cleanup::Sqlite(path),
                })
            }
            Engine::Postgres => {
                let admin_url = pg_admin()?;
                let name = format!("lantoa_e_{}", unique_suffix());
                let mut admin = PgConnection::establish(&admin_url).unwrap_or_else(|e| {
                    panic!("{PG_ENV} is set but PostgreSQL is unreachable: {e}")
                });
                admin
                    .batch_execute(&format!("CREATE DATABASE {name}"))
                    .expect("create empty database");
                let db = Db::open(
                    &DatabaseUrl::Postgres(pg_url_with_db(&admin_url, &name)),
                    &test_options(),
                )
                .expect("open empty database");
                Some(TestDb {
                    db,
                    cleanup: Cleanup::Postgres { admin_url, name },
                })
            }
        }
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        match &self.cleanup {
            Cleanup::Sqlite(path) => {
                for suffix in ["", "-wal", "-shm"] {
                    let mut p = path.clone().into_os_string();
                    p.push(suffix);
                    let _ = std::fs::remove_file(PathBuf::from(p));
                }
            }
            Cleanup::Postgres { admin_url, name } => {
                if let Ok(mut admin) = PgConnection::establish(admin_url) {
                    let _ = admin
                        .batch_execute(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"));
                }
            }
        }
    }
}

/// Writes a test once and runs it on both engines: `name::sqlite` and `name::postgres`.
///
/// ```ignore
/// both_engines!(fn finds_by_slug(db) { /* db: &lantoa_store::Db */ });
/// both_engines!(async fn signs_in(db) { /* … .await … */ });
/// ```
#[macro_export]
macro_rules! both_engines {
    (fn $name:ident($db:ident) $body:block) => {
        mod $name {
            #[allow(unused_imports)]
            use super::*;
            fn run($db: &$crate::Db) $body
            #[test]
            fn sqlite() {
                let t = $crate::testing::TestDb::sqlite();
                run(&t.db);
            }
            #[test]
            fn postgres() {
                if let Some(t) = $crate::testing::TestDb::postgres() {
                    run(&t.db);
                }
            }
        }
    };
    (async fn $name:ident($db:ident) $body:block) => {
        mod $name {
            #[allow(unused_imports)]
            use super::*;
            async fn run($db: $crate::Db) $body
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn sqlite() {
                let t = $crate::testing::TestDb::sqlite();
                run(t.db.clone()).await;
            }
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn postgres() {
                if let Some(t) = $crate::testing::TestDb::postgres() {
                    run(t.db.clone()).await;
                }
            }
        }
    };
}
