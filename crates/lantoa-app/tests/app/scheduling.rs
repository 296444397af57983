//! Scheduled publishing: an approver sets a time, the item stays out of public view until
//! the publishing job runs at or after that time — also in a new `App` over the same
//! database (a restart) — and every step is on the history, in the audit log and in the
//! organisation's notifications.

use std::sync::Arc;

use chrono::{Duration, NaiveDate};
use lantoa_app::content::{self, ContentForm};
use lantoa_app::{App, AuthConfig, Error, FixedClock, RequestMeta};
use lantoa_domain::access::{OrgRole, Principal};
use lantoa_domain::content::{ContentAction, ContentKind, ContentState};
use lantoa_domain::{OrgId, UserId};
use lantoa_store::{PageRequest, both_engines, orgs};

/// 26/11/2026 09:00 in Vietnam.
fn start() -> chrono::NaiveDateTime {
    NaiveDate::from_ymd_opt(2026, 11, 26)
        .unwrap()
        .and_hms_opt(2, 0, 0)
        .unwrap()
}

fn member(org: OrgId, role: OrgRole) -> Principal {
    Principal {
        user: UserId(1),
        email: format!("{}@x.vn", role.code()),
        display_name: "P".into(),
        is_system_admin: false,
        is_plan_owner: false,
        memberships: vec![(org, role)],
    }
}

fn submitted(
    app: &App,
    c: &mut lantoa_store::Conn,
    editor: &Principal,
    org: OrgId,
    slug: &str,
) -> i64 {
    let form = ContentForm {
        organisation_id: org.0.to_string(),
        kind: "article".into(),
        title: format!("Ngày hội tư vấn tuyển sinh {slug}"),
        slug: slug.into(),
        body: "Học sinh lớp 9 và lớp 12 được tư vấn chọn nghề.".into(),
        topics: vec!["iv-2-b".into()],
        ..ContentForm::default()
    };
    let id = content::create(app, c, editor, &form, &RequestMeta::default())
        .unwrap()
        .id;
    content::act(
        app,
        c,
        editor,
        id,
        ContentAction::Submit,
        "",
        &RequestMeta::default(),
    )
    .unwrap();
    id
}

both_engines!(fn a_scheduled_item_goes_out_at_its_time_even_after_a_restart(db) {
    let clock = Arc::new(FixedClock::new(start()));
    let app = App::new(db.clone(), clock.clone(), AuthConfig::for_tests()).unwrap();
    let mut c = db.conn().unwrap();
    lantoa_app::demo::seed(&app, &mut c).unwrap();
    let college = orgs::by_slug(&mut c, "truong-cao-dang-kien-giang").unwrap().unwrap().org_id();
    let editor = member(college, OrgRole::Editor);
    let approver = member(college, OrgRole::Approver);
    let meta = RequestMeta::default();
    let id = submitted(&app, &mut c, &editor, college, "ngay-hoi-thang-12");

    // Only an approver schedules, only with a valid time ahead.
    assert!(matches!(content::schedule(&app, &mut c, &editor, id, "2026-12-01T08:00", &meta), Err(Error::Denied)));
    for (typed, expected) in [
        ("", "Vui lòng chọn ngày giờ"),
        ("ngày mai", "không hợp lệ"),
        ("31/02/2026 08:00", "không hợp lệ"),
        // 09:02 Vietnam time is only two minutes ahead.
        ("2026-11-26T09:02", "ít nhất 5 phút"),
        ("2025-11-26T09:00", "ít nhất 5 phút"),
        ("2028-01-01T08:00", "trong vòng một năm"),
    ] {
        let Err(Error::Invalid(f)) = content::schedule(&app, &mut c, &approver, id, typed, &meta) else {
            panic!("{typed:?} accepted")
        };
        assert!(f.get("at").unwrap().contains(expected), "{typed:?}: {:?}", f.get("at"));
    }
    assert_eq!(lantoa_store::content::get(&mut c, id).unwrap().unwrap().state, "submitted", "nothing changed");

    // 01/12/2026 08:00 in Vietnam = 01:00 UTC; the other spelling is read the same way.
    assert_eq!(
        content::parse_local_time("01/12/2026 08:00"),
        content::parse_local_time("2026-12-01T08:00")
    );
    let state = content::schedule(&app, &mut c, &approver, id, "2026-12-01T08:00", &meta).unwrap();
    assert_eq!(state, ContentState::Scheduled);
    let row = lantoa_store::content::get(&mut c, id).unwrap().unwrap();
    assert_eq!(row.scheduled_at, Some(NaiveDate::from_ymd_opt(2026, 12, 1).unwrap().and_hms_opt(1, 0, 0).unwrap()));
    // Scheduled: not public, not editable, not scheduled twice.
    assert!(content::public_item(&mut c, ContentKind::Article, "ngay-hoi-thang-12").is_err());
    assert!(matches!(content::schedule(&app, &mut c, &approver, id, "2026-12-02T08:00", &meta), Err(Error::Conflict(_))));
    let v = content::view(&mut c, &editor, id).unwrap();
    assert!(!v.can_edit && v.actions.is_empty(), "editors wait");
    let v = content::view(&mut c, &approver, id).unwrap();
    assert_eq!(v.actions, vec![ContentAction::Publish, ContentAction::Unschedule]);

    // Before the time nothing happens.
    clock.advance(Duration::days(4) + Duration::hours(22)); // 30/11 23:00 UTC
    assert_eq!(content::publish_due(&app, &mut c).unwrap(), 0);
    assert!(content::public_item(&mut c, ContentKind::Article, "ngay-hoi-thang-12").is_err());

    // The server was down across the time: a new App over the same database publishes it
    // at its first run.
    drop(app);
    clock.advance(Duration::hours(5)); // 01/12 04:00 UTC, three hours late
    let restarted = App::new(db.clone(), clock.clone(), AuthConfig::for_tests()).unwrap();
    assert_eq!(content::publish_due(&restarted, &mut c).unwrap(), 1);
    assert_eq!(content::publish_due(&restarted, &mut c).unwrap(), 0, "only once");
    let item = content::public_item(&mut c, ContentKind::Article, "ngay-hoi-thang-12").unwrap();
    assert_eq!(item.row.state, "published");
    assert_eq!(item.row.scheduled_at, None);
    assert_eq!(item.row.published_at, Some(clock_now(&restarted)));
    let v = content::view(&mut c, &editor, id).unwrap();
    let last = v.events.last().unwrap();
    assert_eq!((last.action.as_str(), last.to_state.as_str()), ("publish", "published"));
    assert!(last.actor_label.contains("xuất bản theo lịch hẹn"), "{}", last.actor_label);
    assert!(last.comment.contains("01/12/2026 08:00"), "{}", last.comment);
    let audit: Vec<String> = lantoa_store::audit::list(&mut c, &Default::default(), PageRequest::new(1, 200))
        .unwrap().items.into_iter().map(|a| a.action).collect();
    assert!(audit.contains(&"content.schedule".to_owned()) && audit.contains(&"content.publish_scheduled".to_owned()));
    // The organisation was told at each step.
    let told: Vec<String> = lantoa_app::notifications::for_principal(&mut c, &editor)
        .unwrap().into_iter().map(|n| n.message).collect();
    assert!(told.iter().any(|m| m.contains("đã được xuất bản")), "{told:?}");
    assert!(told.iter().any(|m| m.contains("hẹn giờ xuất bản")), "{told:?}");
    assert!(told.iter().any(|m| m.contains("đang chờ duyệt")), "{told:?}");
});

fn clock_now(app: &App) -> chrono::NaiveDateTime {
    app.now()
}

both_engines!(fn a_schedule_can_be_cancelled_or_overtaken_by_publishing_now(db) {
    let clock = Arc::new(FixedClock::new(start()));
    let app = App::new(db.clone(), clock.clone(), AuthConfig::for_tests()).unwrap();
    let mut c = db.conn().unwrap();
    lantoa_app::demo::seed(&app, &mut c).unwrap();
    let college = orgs::by_slug(&mut c, "truong-cao-dang-kien-giang").unwrap().unwrap().org_id();
    let editor = member(college, OrgRole::Editor);
    let approver = member(college, OrgRole::Approver);
    let meta = RequestMeta::default();

    let a = submitted(&app, &mut c, &editor, college, "huy-hen-gio");
    content::schedule(&app, &mut c, &approver, a, "2026-11-27T08:00", &meta).unwrap();
    assert_eq!(content::act(&app, &mut c, &approver, a, ContentAction::Unschedule, "", &meta).unwrap(), ContentState::Submitted);
    assert_eq!(lantoa_store::content::get(&mut c, a).unwrap().unwrap().scheduled_at, None);
    clock.advance(Duration::days(2));
    assert_eq!(content::publish_due(&app, &mut c).unwrap(), 0, "a cancelled schedule publishes nothing");
    assert!(content::public_item(&mut c, ContentKind::Article, "huy-hen-gio").is_err());

    let b = submitted(&app, &mut c, &editor, college, "dang-ngay");
    content::schedule(&app, &mut c, &approver, b, "2026-12-05T08:00", &meta).unwrap();
    content::act(&app, &mut c, &approver, b, ContentAction::Publish, "", &meta).unwrap();
    clock.advance(Duration::days(10));
    assert_eq!(content::publish_due(&app, &mut c).unwrap(), 0, "already published");
    let v = content::view(&mut c, &approver, b).unwrap();
    assert_eq!(v.events.iter().filter(|e| e.action == "publish").count(), 1);
    // The schedule button is not offered to a published item.
    assert!(matches!(content::schedule(&app, &mut c, &approver, b, "2026-12-30T08:00", &meta), Err(Error::Conflict(_))));
});
