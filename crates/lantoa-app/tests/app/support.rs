//! Set-up shared by the use-case tests: an application with a media folder, and a member of
//! one organisation.

use std::path::Path;
use std::sync::Arc;

use chrono::NaiveDate;
use lantoa_app::media::MediaConfig;
use lantoa_app::{App, AuthConfig, FixedClock};
use lantoa_domain::access::{OrgRole, Principal};
use lantoa_domain::{OrgId, UserId};

/// The application on 26/11/2026, 09:00 in Vietnam, with its media library under `dir/media`.
pub fn app(db: lantoa_store::Db, dir: &Path) -> App {
    let now = NaiveDate::from_ymd_opt(2026, 11, 26)
        .unwrap()
        .and_hms_opt(2, 0, 0)
        .unwrap();
    let mut app = App::new(db, Arc::new(FixedClock::new(now)), AuthConfig::for_tests()).unwrap();
    app.media = MediaConfig::in_dir(dir.join("media"));
    app
}

/// A user with `role` in `org` only.
pub fn member(org: OrgId, role: OrgRole) -> Principal {
    Principal {
        user: UserId(1),
        email: format!("{}@x.vn", role.code()),
        display_name: "P".into(),
        is_system_admin: false,
        is_plan_owner: false,
        memberships: vec![(org, role)],
    }
}
