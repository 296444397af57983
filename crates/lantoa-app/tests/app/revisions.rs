//! Revisions: every save that changes the text is a numbered version; a version compared with
//! the one before shows the words added and removed; restoring is only for editors of a
//! draft or returned item, becomes a new version, and loses nothing.

use std::sync::Arc;

use chrono::NaiveDate;
use lantoa_app::content::{self, ContentForm};
use lantoa_app::revisions::{self, Segment};
use lantoa_app::{App, AuthConfig, Error, FixedClock, RequestMeta};
use lantoa_domain::access::{OrgRole, Principal};
use lantoa_domain::content::ContentAction;
use lantoa_domain::{OrgId, UserId};
use lantoa_store::{both_engines, orgs};

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

fn words(segments: &[Segment], added: bool) -> String {
    segments
        .iter()
        .filter_map(|s| match s {
            Segment::Added(t) if added => Some(t.as_str()),
            Segment::Removed(t) if !added => Some(t.as_str()),
            _ => None,
        })
        .collect()
}

both_engines!(fn versions_are_kept_compared_and_restored(db) {
    let now = NaiveDate::from_ymd_opt(2026, 11, 26).unwrap().and_hms_opt(2, 0, 0).unwrap();
    let app = App::new(db.clone(), Arc::new(FixedClock::new(now)), AuthConfig::for_tests()).unwrap();
    let mut c = db.conn().unwrap();
    lantoa_app::demo::seed(&app, &mut c).unwrap();
    let college = orgs::by_slug(&mut c, "truong-cao-dang-kien-giang").unwrap().unwrap().org_id();
    let paper = orgs::by_slug(&mut c, "bao-kien-giang").unwrap().unwrap().org_id();
    let editor = member(college, OrgRole::Editor);
    let viewer = member(college, OrgRole::Viewer);
    let stranger = member(paper, OrgRole::Editor);
    let meta = RequestMeta::default();
    let v1 = ContentForm {
        organisation_id: college.0.to_string(),
        kind: "article".into(),
        title: "Tuyển sinh nghề hàn".into(),
        summary: "Năm 2026.".into(),
        body: "<p>Trường tuyển 40 học viên nghề hàn.</p>".into(),
        topics: vec!["iv-2-b".into()],
        ..ContentForm::default()
    };
    let id = content::create(&app, &mut c, &editor, &v1, &meta).unwrap().id;
    let v2 = ContentForm {
        title: "Tuyển sinh nghề hàn và điện".into(),
        body: "<p>Trường tuyển 60 học viên nghề hàn và nghề điện.</p>".into(),
        slug: "tuyen-sinh-nghe-han".into(),
        ..v1.clone()
    };
    content::update(&app, &mut c, &editor, id, &v2, &meta).unwrap();
    // Saving the same text again is not a new version.
    content::update(&app, &mut c, &editor, id, &v2, &meta).unwrap();

    let list = revisions::list(&mut c, &viewer, id).unwrap();
    assert_eq!(list.revisions.iter().map(|r| r.number).collect::<Vec<_>>(), vec![2, 1]);
    assert!(!list.can_restore, "a viewer reads but does not restore");
    assert!(matches!(revisions::list(&mut c, &stranger, id), Err(Error::Denied)));

    let cmp = revisions::compare(&mut c, &editor, id, 2).unwrap();
    assert_eq!(cmp.previous, Some(1));
    let title = &cmp.fields[0];
    assert_eq!(words(&title.segments, true).trim(), "và điện");
    let body = &cmp.fields[2];
    assert!(words(&body.segments, false).contains("40"), "{:?}", body.segments);
    assert!(words(&body.segments, true).contains("60"), "{:?}", body.segments);
    assert!(!cmp.fields[1].changed(), "summary unchanged");
    assert!(!cmp.can_restore, "version 2 is the current text");
    let first = revisions::compare(&mut c, &editor, id, 1).unwrap();
    assert!(first.can_restore);
    assert!(matches!(revisions::compare(&mut c, &editor, id, 9), Err(Error::NotFound)));

    // Restore version 1: the text comes back, as version 3; version 2 is still there.
    assert!(matches!(revisions::restore(&app, &mut c, &stranger, id, 1, &meta), Err(Error::Denied)));
    assert_eq!(revisions::restore(&app, &mut c, &editor, id, 1, &meta).unwrap(), 3);
    let row = lantoa_store::content::get(&mut c, id).unwrap().unwrap();
    assert_eq!(row.title, "Tuyển sinh nghề hàn");
    assert!(row.body.contains("40 học viên"));
    assert_eq!(row.slug, "tuyen-sinh-nghe-han", "the address stays");
    let list = revisions::list(&mut c, &editor, id).unwrap();
    assert_eq!(list.revisions[0].note, "Khôi phục từ phiên bản 1");
    assert_eq!(list.revisions.len(), 3);
    let v = content::view(&mut c, &editor, id).unwrap();
    assert_eq!(v.events.last().unwrap().action, "restore");

    // Once submitted, nothing is restored (the approver is reading it).
    content::act(&app, &mut c, &editor, id, ContentAction::Submit, "", &meta).unwrap();
    assert!(matches!(revisions::restore(&app, &mut c, &editor, id, 2, &meta), Err(Error::Conflict(_))));
    assert!(!revisions::compare(&mut c, &editor, id, 2).unwrap().can_restore);
    assert_eq!(lantoa_store::content::get(&mut c, id).unwrap().unwrap().title, "Tuyển sinh nghề hàn");
});
