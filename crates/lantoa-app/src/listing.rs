//! A cache of the public directory's lists (`/chuong-trinh`, `/co-so-dao-tao`, the
//! programmes API): one page of results with its filter choices, per query, page and day.
//!
//! Building the programme list reads and sorts every published programme with its
//! occupation and institution (four queries over 5,000 rows, several milliseconds); 64
//! visitors at once need it in well under one. The cache is keyed by what was asked and by
//! the directory's change counter (`directory_version`), which database triggers bump on
//! every write to a table the lists read, so a change made by any process (the back office,
//! `lantoa import programmes`, a second server) is seen on the next request; the day is
//! part of the key because "open today" and validity depend on it. Checking costs one
//! primary-key read. Bounded: at most [`MAX_ENTRIES`] lists are kept; when full, the cache
//! starts over.

use std::any::Any;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use chrono::NaiveDate;
use lantoa_store::Conn;
use lantoa_store::programmes::directory_version;

use crate::{App, Result};

/// How many lists the cache keeps at most (each is one page: ~20 programmes).
pub const MAX_ENTRIES: usize = 1000;

type Entry = Arc<dyn Any + Send + Sync>;

#[derive(Default)]
struct State {
    version: i64,
    today: Option<NaiveDate>,
    entries: HashMap<String, Entry>,
}

/// Values built for one version of some data and one day: the directory's lists
/// (`App::listings`) and the portal's items (`App::portal`, [`crate::portal_cache`]).
#[derive(Default)]
pub struct Cache {
    state: Mutex<State>,
}

impl std::fmt::Debug for Cache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let n = self.state.lock().map(|s| s.entries.len()).unwrap_or(0);
        f.debug_struct("listing::Cache")
            .field("entries", &n)
            .finish()
    }
}

/// The value stored under `key` for the directory as it is now and `today`, built by
/// `build` when the cache has none. `key` must say everything `build` depends on besides the
/// directory's data and the day (the kind of list, the filters, the page).
pub(crate) fn get_or_build<T, F>(
    app: &App,
    conn: &mut Conn,
    today: NaiveDate,
    key: String,
    build: F,
) -> Result<Arc<T>>
where
    T: Any + Send + Sync,
    F: FnOnce(&mut Conn) -> Result<T>,
{
    // Read before building: data read afterwards is at least as new as this version, so an
    // entry is never older than the version it is stored under.
    let version = directory_version(conn)?;
    app.listings.get_or_build(conn, version, today, key, build)
}

impl Cache {
    /// The value stored under `key` for `version` of the data and `today`, built by `build`
    /// when there is none. The caller reads `version` (a change counter kept by triggers)
    /// *before* anything `build` reads, so an entry is never older than its version.
    pub(crate) fn get_or_build<T, F>(
        &self,
        conn: &mut Conn,
        version: i64,
        today: NaiveDate,
        key: String,
        build: F,
    ) -> Result<Arc<T>>
    where
        T: Any + Send + Sync,
        F: FnOnce(&mut Conn) -> Result<T>,
    {
        if let Ok(mut s) = self.state.lock() {
            if s.version != version || s.today != Some(today) {
                s.entries.clear();
                s.version = version;
                s.today = Some(today);
            } else if let Some(hit) = s.entries.get(&key).cloned()
                && let Ok(hit) = hit.downcast::<T>()
            {
                return Ok(hit);
            }
        }
        let built = Arc::new(build(conn)?);
        if let Ok(mut s) = self.state.lock()
            && s.version == version
            && s.today == Some(today)
        {
            if s.entries.len() >= MAX_ENTRIES {
                s.entries.clear();
            }
            let entry: Entry = built.clone();
            s.entries.insert(key, entry);
        }
        Ok(built)
    }

    /// How many values are cached now (for tests).
    pub fn len(&self) -> usize {
        self.state.lock().map(|s| s.entries.len()).unwrap_or(0)
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// How many lists are cached now (for tests).
pub fn len(app: &App) -> usize {
    app.listings.len()
}
