//! lantoa's use cases: authorization, transactions and orchestration. Each public function
//! takes the [`App`] and, where it needs one, a capability from `lantoa_domain::access`.
//! No HTML here and no SQL: pages live in `lantoa-web`, queries in `lantoa-store`.

pub mod applications;
pub mod attachments;
pub mod audit;
pub mod auth;
pub mod bench;
pub mod clock;
pub mod consolidated;
pub mod content;
pub mod content_import;
pub mod dashboard;
pub mod demo;
pub mod demo_articles;
mod demo_programmes;
mod demo_reports;
pub mod error;
pub mod feeds;
pub mod format;
pub mod gallery;
pub mod handbook;
pub mod html;
pub mod institutions;
pub mod listing;
pub mod mail;
pub mod media;
pub mod notifications;
pub mod occupations;
pub mod orgs;
pub mod periods;
pub mod plans;
pub mod policies;
pub mod portal_cache;
pub mod portal_products;
pub mod product_import;
pub mod products;
pub mod programme_import;
pub mod programmes;
pub mod publications;
pub mod quiz;
pub mod report_export;
pub mod reports;
pub mod revisions;
pub mod search;
pub mod users;
pub mod video;

use std::sync::Arc;

pub use clock::{Clock, FixedClock, SystemClock};
pub use error::{Error, FieldErrors, Result};
pub use lantoa_store::{Db, Engine, Page, PageRequest};

/// Settings for accounts and sessions.
#[derive(Debug, Clone)]
pub struct AuthConfig {
    /// A session ends after this long without a request.
    pub session_idle: chrono::Duration,
    /// Failed sign-ins in a row that lock an account.
    pub lockout_failures: i32,
    /// How long a locked account stays locked.
    pub lockout_duration: chrono::Duration,
    /// Failed sign-ins from one address within `ip_window` before it must wait.
    pub ip_max_failures: i64,
    pub ip_window: chrono::Duration,
    /// argon2id cost: memory in KiB, iterations, lanes.
    pub argon2_memory_kib: u32,
    pub argon2_iterations: u32,
}

impl Default for AuthConfig {
    fn default() -> Self {
        AuthConfig {
            session_idle: chrono::Duration::hours(8),
            lockout_failures: 5,
            lockout_duration: chrono::Duration::minutes(15),
            ip_max_failures: 30,
            ip_window: chrono::Duration::minutes(15),
            // OWASP's recommended argon2id minimum: 19 MiB, 2 iterations, 1 lane.
            argon2_memory_kib: 19 * 1024,
            argon2_iterations: 2,
        }
    }
}

impl AuthConfig {
    /// Cheap hashing for tests; never use in production.
    pub fn for_tests() -> Self {
        AuthConfig {
            argon2_memory_kib: 256,
            argon2_iterations: 1,
            ..AuthConfig::default()
        }
    }
}

/// The application: database, clock and settings, passed to every use case.
pub struct App {
    pub db: Db,
    pub clock: Arc<dyn Clock>,
    pub auth: AuthConfig,
    /// Settings of online applications (retention, rate limits); defaults until the binary
    /// sets them from the configuration.
    pub applications: applications::ApplicationsConfig,
    /// Where media files go and the upload limits; no folder until the binary (or a test)
    /// sets one.
    pub media: media::MediaConfig,
    /// E-mail: off (in-app notifications only) until the binary finds `[smtp]`.
    pub mail: mail::MailConfig,
    /// Where plan and report attachments go and their size limit (ADR 0020).
    pub attachments: attachments::AttachmentsConfig,
    csrf_key: Vec<u8>,
    pub(crate) dashboards: dashboard::Cache,
    pub(crate) listings: listing::Cache,
    /// The portal's item pages and lists ([`portal_cache`]).
    pub(crate) portal: listing::Cache,
    /// The full-text index, when this process serves search (see [`search`]).
    search: Option<Arc<lantoa_search::SearchIndex>>,
}

impl std::fmt::Debug for App {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("App")
            .field("db", &self.db)
            .finish_non_exhaustive()
    }
}

impl App {
    /// Builds the application on a migrated database. Reads (or creates, once) the key that
    /// signs CSRF tokens, kept in the database so every instance shares it.
    pub fn new(db: Db, clock: Arc<dyn Clock>, auth: AuthConfig) -> Result<App> {
        let mut conn = db.conn()?;
        let key = lantoa_store::settings::get_or_init(&mut conn, "csrf_key", || {
            use base64::Engine as _;
            let bytes: [u8; 32] = rand::random();
            base64::engine::general_purpose::STANDARD.encode(bytes)
        })?;
        drop(conn);
        Ok(App {
            db,
            clock,
            auth,
            applications: applications::ApplicationsConfig::default(),
            media: media::MediaConfig::default(),
            mail: mail::MailConfig::default(),
            attachments: attachments::AttachmentsConfig::default(),
            csrf_key: key.into_bytes(),
            dashboards: dashboard::Cache::default(),
            listings: listing::Cache::default(),
            portal: listing::Cache::default(),
            search: None,
        })
    }

    /// Gives the application its search index: searches use it and every change to what it
    /// holds (publishing, unpublishing, …) is applied to it after the change commits.
    pub fn with_search(mut self, index: Arc<lantoa_search::SearchIndex>) -> App {
        self.search = Some(index);
        self
    }

    /// The search index, if this process has one.
    pub fn search_index(&self) -> Option<&Arc<lantoa_search::SearchIndex>> {
        self.search.as_ref()
    }

    /// Runs blocking database work on the blocking pool.
    pub async fn run<T, F>(self: &Arc<Self>, f: F) -> Result<T>
    where
        T: Send + 'static,
        F: FnOnce(&App, &mut lantoa_store::Conn) -> Result<T> + Send + 'static,
    {
        let app = Arc::clone(self);
        tokio::task::spawn_blocking(move || {
            let mut conn = app.db.conn()?;
            f(&app, &mut conn)
        })
        .await
        .map_err(|e| Error::Internal(format!("blocking task failed: {e}")))?
    }

    /// Checks that the database answers (for `/healthz`).
    pub async fn health(self: &Arc<Self>) -> Result<()> {
        let app = Arc::clone(self);
        tokio::task::spawn_blocking(move || app.db.ping().map_err(Error::from))
            .await
            .map_err(|e| Error::Internal(format!("blocking task failed: {e}")))?
    }

    pub fn now(&self) -> chrono::NaiveDateTime {
        self.clock.now()
    }
}

/// Where a request came from, for the audit log and rate limits.
#[derive(Debug, Clone, Default)]
pub struct RequestMeta {
    pub ip: String,
    pub user_agent: String,
    pub request_id: String,
}
