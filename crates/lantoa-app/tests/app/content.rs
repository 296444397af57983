use std::sync::Arc;

use chrono::NaiveDate;
use lantoa_app::content::{self, ContentForm};
use lantoa_app::{App, AuthConfig, Error, FixedClock, RequestMeta};
use lantoa_domain::access::{OrgRole, Principal};
use lantoa_domain::content::{ContentAction, ContentKind, ContentState};
use lantoa_domain::{OrgId, UserId};
use lantoa_store::{PageRequest, both_engines, orgs};

fn app(db: lantoa_store::Db) -> App {
    let now = NaiveDate::from_ymd_opt(2026, 11, 26)
        .unwrap()
        .and_hms_opt(2, 0, 0)
        .unwrap();
    App::new(db, Arc::new(FixedClock::new(now)), AuthConfig::for_tests()).unwrap()
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

fn audit_actions(c: &mut lantoa_store::Conn) -> Vec<String> {
    lantoa_store::audit::list(c, &Default::default(), PageRequest::new(1, 200))
        .unwrap()
        .items
        .into_iter()
        .map(|a| a.action)
        .collect()
}

both_engines!(fn the_editorial_workflow_checks_who_does_what(db) {
    let app = app(db.clone());
    let mut c = db.conn().unwrap();
    lantoa_app::demo::seed(&app, &mut c).unwrap();
    let college = orgs::by_slug(&mut c, "truong-cao-dang-kien-giang").unwrap().unwrap().org_id();
    let paper = orgs::by_slug(&mut c, "bao-kien-giang").unwrap().unwrap().org_id();
    let editor = member(college, OrgRole::Editor);
    let approver = member(college, OrgRole::Approver);
    let other_editor = member(paper, OrgRole::Editor);
    let other_approver = member(paper, OrgRole::Approver);
    let meta = RequestMeta::default();
    let form = ContentForm {
        organisation_id: college.0.to_string(),
        kind: "article".into(),
        title: "Khai giảng lớp điện công nghiệp".into(),
        summary: "Bốn mươi học viên nhập học.".into(),
        // NFD input is stored in NFC.
        body: "Đoạn một.\r\n\r\nĐoạn hai\ncòn tiếp.".replace('ạ', "a\u{323}"),
        topics: vec!["iv-2-b".into(), "iv-2-b".into()],
        audiences: vec!["iii-1".into()],
        ..ContentForm::default()
    };

    // A tampered organisation id is refused.
    let tampered = ContentForm { organisation_id: paper.0.to_string(), ..form.clone() };
    assert!(matches!(content::create(&app, &mut c, &editor, &tampered, &meta), Err(Error::Denied)));

    let id = content::create(&app, &mut c, &editor, &form, &meta).unwrap();
    let row = lantoa_store::content::get(&mut c, id).unwrap().unwrap();
    assert_eq!(row.slug, "khai-giang-lop-dien-cong-nghiep");
    assert_eq!(row.state, "draft");
    assert!(row.body.contains("Đoạn một."), "stored in NFC: {:?}", row.body);
    assert_eq!(content::paragraphs(&row.body), vec!["Đoạn một.", "Đoạn hai còn tiếp."]);
    assert_eq!(lantoa_store::content::topics_of(&mut c, id).unwrap(), vec!["iv-2-b"]);

    // The same slug again is refused beside the field, with everything else kept by the caller.
    let Err(Error::Invalid(f)) = content::create(&app, &mut c, &editor, &form, &meta) else { panic!("duplicate slug") };
    assert!(f.get("slug").unwrap().contains("đã được dùng"));
    let bad = ContentForm { title: " ".into(), body: String::new(), kind: "video".into(), topics: vec!["x".into()], ..form.clone() };
    let Err(Error::Invalid(f)) = content::create(&app, &mut c, &editor, &bad, &meta) else { panic!("invalid") };
    assert_eq!(f.get("title"), Some("Vui lòng nhập tiêu đề."));
    assert!(f.get("body").is_some() && f.get("kind").is_some() && f.get("topics").is_some());

    // An editor of another organisation can neither edit nor submit nor publish.
    assert!(matches!(content::update(&app, &mut c, &other_editor, id, &form, &meta), Err(Error::Denied)));
    assert!(matches!(content::act(&app, &mut c, &other_editor, id, ContentAction::Submit, "", &meta), Err(Error::Denied)));
    // Moving the item to an organisation the editor does not write for is refused.
    assert!(matches!(content::update(&app, &mut c, &editor, id, &tampered, &meta), Err(Error::Denied)));

    content::act(&app, &mut c, &editor, id, ContentAction::Submit, "", &meta).unwrap();
    // An editor cannot publish; an approver of another organisation neither.
    assert!(matches!(content::act(&app, &mut c, &editor, id, ContentAction::Publish, "", &meta), Err(Error::Denied)));
    assert!(matches!(content::act(&app, &mut c, &other_approver, id, ContentAction::Publish, "", &meta), Err(Error::Denied)));
    // Submitted content is not editable.
    assert!(matches!(content::update(&app, &mut c, &editor, id, &form, &meta), Err(Error::Conflict(_))));

    // Returning needs a reason.
    let Err(Error::Invalid(f)) = content::act(&app, &mut c, &approver, id, ContentAction::Return, "  ", &meta) else { panic!("reason") };
    assert!(f.get("reason").is_some());
    assert_eq!(content::act(&app, &mut c, &approver, id, ContentAction::Return, "Thêm ngày khai giảng.", &meta).unwrap(), ContentState::Returned);
    let changed = ContentForm { title: "Khai giảng lớp điện công nghiệp khóa 2026".into(), slug: "khai-giang-dien-cong-nghiep".into(), ..form.clone() };
    content::update(&app, &mut c, &editor, id, &changed, &meta).unwrap();
    content::act(&app, &mut c, &editor, id, ContentAction::Submit, "", &meta).unwrap();
    assert!(content::public_item(&mut c, ContentKind::Article, "khai-giang-dien-cong-nghiep").is_err(), "not public before publishing");
    assert_eq!(content::act(&app, &mut c, &approver, id, ContentAction::Publish, "", &meta).unwrap(), ContentState::Published);

    // The plan owner publishes for any organisation too.
    let owner = Principal { is_plan_owner: true, memberships: vec![], ..member(paper, OrgRole::Viewer) };
    let item = content::public_item(&mut c, ContentKind::Article, "khai-giang-dien-cong-nghiep").unwrap();
    assert!(!item.withdrawn && item.paragraphs.len() == 2);
    assert_eq!(item.topics.first().map(|t| t.code), Some("iv-2-b"));
    assert!(content::public_item(&mut c, ContentKind::Page, "khai-giang-dien-cong-nghiep").is_err(), "kind checked");
    let list = content::published(&mut c, Some(ContentKind::Article), Some("iv-2-b"), PageRequest::new(1, 50)).unwrap();
    assert!(list.items.iter().any(|i| i.content.id == id));

    content::act(&app, &mut c, &owner, id, ContentAction::Withdraw, "", &meta).unwrap();
    let item = content::public_item(&mut c, ContentKind::Article, "khai-giang-dien-cong-nghiep").unwrap();
    assert!(item.withdrawn && item.paragraphs.is_empty());
    content::act(&app, &mut c, &approver, id, ContentAction::Unpublish, "", &meta).unwrap();
    assert!(content::public_item(&mut c, ContentKind::Article, "khai-giang-dien-cong-nghiep").is_err());

    // History and audit record every step.
    let v = content::view(&mut c, &editor, id).unwrap();
    let steps: Vec<&str> = v.events.iter().map(|e| e.action.as_str()).collect();
    assert_eq!(steps, vec!["create", "submit", "return", "save", "submit", "publish", "withdraw", "unpublish"]);
    assert_eq!(v.events[2].comment, "Thêm ngày khai giảng.");
    let audited = audit_actions(&mut c);
    for a in ["content.create", "content.submit", "content.return", "content.publish", "content.withdraw", "content.unpublish"] {
        assert!(audited.iter().any(|x| x == a), "{a} audited");
    }
    // The back-office list only shows the principal's organisations.
    assert!(content::list(&mut c, &other_editor, None, PageRequest::new(1, 50)).unwrap().items.iter().all(|i| i.content.organisation_id == paper.0));
    assert!(content::list(&mut c, &editor, Some(ContentState::Draft), PageRequest::new(1, 50)).unwrap().items.iter().any(|i| i.content.id == id));
    assert!(matches!(content::view(&mut c, &other_editor, id), Err(Error::Denied)));
});

both_engines!(fn the_demo_articles_are_published_once(db) {
    let app = app(db.clone());
    let mut c = db.conn().unwrap();
    let first = lantoa_app::demo::seed(&app, &mut c).unwrap();
    assert!((5..=8).contains(&first.articles), "{}", first.articles);
    let again = lantoa_app::demo::seed(&app, &mut c).unwrap();
    assert_eq!(again.articles, 0);
    let list = content::published(&mut c, Some(ContentKind::Article), None, PageRequest::new(1, 50)).unwrap();
    assert_eq!(list.total, i64::try_from(first.articles).unwrap());
    // Newest first.
    let dates: Vec<_> = list.items.iter().map(|i| i.content.published_at.unwrap()).collect();
    assert!(dates.windows(2).all(|w| w[0] >= w[1]));
});
