use chrono::{Duration, NaiveDate, NaiveDateTime};
use lantoa_domain::access::OrgRole;
use lantoa_store::orgs::{self, OrgFields};
use lantoa_store::sessions::{self, SessionRow};
use lantoa_store::users::{self, NewUser, UserFilter};
use lantoa_store::{PageRequest, audit, both_engines, login_attempts, settings};

fn now() -> NaiveDateTime {
    NaiveDate::from_ymd_opt(2026, 11, 26)
        .unwrap()
        .and_hms_opt(9, 0, 0)
        .unwrap()
}

fn user<'a>(email: &'a str) -> NewUser<'a> {
    NewUser {
        email,
        display_name: "Nguyễn Văn An",
        password_hash: "$argon2id$fake",
        is_system_admin: false,
        is_plan_owner: false,
        must_change_password: false,
    }
}

both_engines!(fn memberships_and_user_lists_follow_organisations(db) {
    let mut c = db.conn().unwrap();
    let a = orgs::insert(&mut c, &OrgFields { slug: "a".into(), kind: "institution".into(), name: "Trường A".into(), short_name: "A".into(), ..Default::default() }, now()).unwrap();
    let b = orgs::insert(&mut c, &OrgFields { slug: "b".into(), kind: "institution".into(), name: "Trường B".into(), short_name: "B".into(), ..Default::default() }, now()).unwrap();
    let u1 = users::insert(&mut c, &user("an@a.edu.vn"), now()).unwrap();
    let u2 = users::insert(&mut c, &user("binh@b.edu.vn"), now()).unwrap();
    users::set_membership(&mut c, u1, a, OrgRole::Editor, now()).unwrap();
    users::set_membership(&mut c, u1, a, OrgRole::Approver, now()).unwrap();
    users::set_membership(&mut c, u2, b, OrgRole::OrgAdmin, now()).unwrap();
    let m = users::memberships(&mut c, u1).unwrap();
    assert_eq!(m.len(), 1, "setting a role twice replaces it");
    assert_eq!((m[0].org, m[0].role), (a, OrgRole::Approver));
    let in_a = users::list(&mut c, &UserFilter { in_orgs: Some(vec![a]), query: None }, PageRequest::new(1, 20)).unwrap();
    assert_eq!(in_a.items.iter().map(|i| i.user.email.as_str()).collect::<Vec<_>>(), ["an@a.edu.vn"]);
    assert_eq!(users::members_of(&mut c, b).unwrap()[0].1, OrgRole::OrgAdmin);
    let dup = users::insert(&mut c, &user("an@a.edu.vn"), now()).unwrap_err();
    assert!(dup.is_unique_violation());
    assert!(users::get(&mut c, u1).unwrap().unwrap().is_active);
});

both_engines!(fn failures_lock_the_account_and_success_clears_them(db) {
    let mut c = db.conn().unwrap();
    let u = users::insert(&mut c, &user("lock@x.vn"), now()).unwrap();
    let until = now() + Duration::minutes(15);
    for expected in 1..5 {
        assert_eq!(users::record_failure(&mut c, u, 5, until).unwrap(), expected);
    }
    assert_eq!(users::get(&mut c, u).unwrap().unwrap().locked_until, None);
    users::record_failure(&mut c, u, 5, until).unwrap();
    assert_eq!(users::get(&mut c, u).unwrap().unwrap().locked_until, Some(until));
    users::record_success(&mut c, u, now()).unwrap();
    let row = users::get(&mut c, u).unwrap().unwrap();
    assert_eq!((row.failed_logins, row.locked_until, row.last_login_at), (0, None, Some(now())));
});

both_engines!(fn sessions_expire_and_can_be_revoked(db) {
    let mut c = db.conn().unwrap();
    let u = users::insert(&mut c, &user("s@x.vn"), now()).unwrap();
    let row = SessionRow {
        token_hash: "h1".into(),
        user_id: u.0,
        csrf_token: "c".into(),
        created_at: now(),
        last_seen_at: now(),
        expires_at: now() + Duration::hours(8),
        ip: "127.0.0.1".into(),
        user_agent: "test".into(),
    };
    sessions::insert(&mut c, &row).unwrap();
    assert_eq!(sessions::get_live(&mut c, "h1", now()).unwrap(), Some(row.clone()));
    assert_eq!(sessions::get_live(&mut c, "h1", now() + Duration::hours(9)).unwrap(), None);
    sessions::touch(&mut c, "h1", now() + Duration::hours(7), now() + Duration::hours(15)).unwrap();
    assert!(sessions::get_live(&mut c, "h1", now() + Duration::hours(9)).unwrap().is_some());
    assert_eq!(sessions::delete_for_user(&mut c, u).unwrap(), 1);
    assert_eq!(sessions::get_live(&mut c, "h1", now()).unwrap(), None);
});

both_engines!(fn login_attempts_count_recent_failures_per_address(db) {
    let mut c = db.conn().unwrap();
    for i in 0..3 {
        login_attempts::record(&mut c, now() - Duration::minutes(i), "x@y.vn", "10.0.0.1", false).unwrap();
    }
    login_attempts::record(&mut c, now() - Duration::hours(2), "x@y.vn", "10.0.0.1", false).unwrap();
    login_attempts::record(&mut c, now(), "x@y.vn", "10.0.0.1", true).unwrap();
    login_attempts::record(&mut c, now(), "x@y.vn", "10.0.0.2", false).unwrap();
    assert_eq!(login_attempts::failures_from_ip(&mut c, "10.0.0.1", now() - Duration::minutes(15)).unwrap(), 3);
    assert_eq!(login_attempts::purge(&mut c, now() - Duration::hours(1)).unwrap(), 1);
});

both_engines!(fn audit_entries_are_listed_newest_first_and_settings_initialise_once(db) {
    let mut c = db.conn().unwrap();
    for action in ["user.create", "org.update", "user.password_reset"] {
        audit::append(&mut c, &audit::NewAudit { at: now(), action: action.into(), actor_label: "admin@x.vn".into(), detail: "{}".into(), ..Default::default() }).unwrap();
    }
    let page = audit::list(&mut c, &audit::AuditFilter::default(), PageRequest::new(1, 2)).unwrap();
    assert_eq!(page.total, 3);
    assert_eq!(page.items[0].action, "user.password_reset");
    assert_eq!(audit::actions(&mut c).unwrap().len(), 3);
    let first = settings::get_or_init(&mut c, "csrf_key", || "k1".into()).unwrap();
    let second = settings::get_or_init(&mut c, "csrf_key", || "k2".into()).unwrap();
    assert_eq!((first.as_str(), second.as_str()), ("k1", "k1"));
});
