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

    let saved = content::create(&app, &mut c, &editor, &form, &meta).unwrap();
    assert_eq!(saved.notice, None, "nothing converted");
    let id = saved.id;
    let row = lantoa_store::content::get(&mut c, id).unwrap().unwrap();
    assert_eq!(row.slug, "khai-giang-lop-dien-cong-nghiep");
    assert_eq!(row.state, "draft");
    // Plain text is stored as escaped paragraphs, in NFC.
    assert_eq!(row.body, "<p>Đoạn một.</p>\n<p>Đoạn hai còn tiếp.</p>");
    assert_eq!(lantoa_store::content::topics_of(&mut c, id).unwrap(), vec!["iv-2-b"]);

    // The same slug again is refused beside the field, with everything else kept by the caller.
    let Err(Error::Invalid(f)) = content::create(&app, &mut c, &editor, &form, &meta) else { panic!("duplicate slug") };
    assert!(f.get("slug").unwrap().contains("đã được dùng"));
    let bad = ContentForm { title: " ".into(), body: String::new(), kind: "podcast".into(), topics: vec!["x".into()], ..form.clone() };
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
    assert!(!item.withdrawn && item.body.as_str().matches("<p>").count() == 2);
    assert_eq!(item.description, "Bốn mươi học viên nhập học.");
    assert_eq!(item.topics.first().map(|t| t.code), Some("iv-2-b"));
    assert!(content::public_item(&mut c, ContentKind::Page, "khai-giang-dien-cong-nghiep").is_err(), "kind checked");
    let list = content::published(&mut c, Some(ContentKind::Article), Some("iv-2-b"), PageRequest::new(1, 50)).unwrap();
    assert!(list.items.iter().any(|i| i.content.id == id));

    content::act(&app, &mut c, &owner, id, ContentAction::Withdraw, "", &meta).unwrap();
    let item = content::public_item(&mut c, ContentKind::Article, "khai-giang-dien-cong-nghiep").unwrap();
    assert!(item.withdrawn && item.body.is_empty());
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
    assert!((30..=40).contains(&first.articles), "{}", first.articles);
    let again = lantoa_app::demo::seed(&app, &mut c).unwrap();
    assert_eq!(again.articles, 0);
    let list = content::published(&mut c, Some(ContentKind::Article), None, PageRequest::new(1, 50)).unwrap();
    // All but the static pages and the items still in the workflow (draft, review, scheduled).
    assert!(list.total >= 25 && list.total < i64::try_from(first.articles).unwrap(), "{}", list.total);
    // Newest first.
    let dates: Vec<_> = list.items.iter().map(|i| i.content.published_at.unwrap()).collect();
    assert!(dates.windows(2).all(|w| w[0] >= w[1]));
});

both_engines!(fn bodies_are_cleaned_on_save_and_legacy_text_is_converted_with_a_notice(db) {
    let app = app(db.clone());
    let mut c = db.conn().unwrap();
    lantoa_app::demo::seed(&app, &mut c).unwrap();
    let college = orgs::by_slug(&mut c, "truong-cao-dang-kien-giang").unwrap().unwrap().org_id();
    let editor = member(college, OrgRole::Editor);
    let meta = RequestMeta::default();
    let nfd = "Học nghề ở Kiên Giang".replace('ọ', "o\u{323}");
    let form = ContentForm {
        organisation_id: college.0.to_string(),
        kind: "article".into(),
        // TCVN3 pasted from an old Word file.
        title: "KÕ ho¹ch tuyÓn sinh n¨m 2026".into(),
        body: format!(
            "<h2>{nfd}</h2><p onclick=\"alert(1)\" style=\"color:red\">Xem <a href=\"javascript:alert(1)\">đây</a> \
             và <a href=\"https://molisa.gov.vn\">Bộ</a>.</p><script>alert(1)</script>\
             <iframe src=\"https://evil.example\"></iframe><img src=\"https://tracker.example/p.gif\" alt=\"theo dõi\">\
             <table><tr><td>Hàn</td></tr></table>"
        ),
        ..ContentForm::default()
    };
    let saved = content::create(&app, &mut c, &editor, &form, &meta).unwrap();
    assert_eq!(saved.notice.as_deref(), Some("Đã chuyển văn bản mã TCVN3 sang Unicode (tiêu đề)."));
    let row = lantoa_store::content::get(&mut c, saved.id).unwrap().unwrap();
    assert_eq!(row.title, "Kế hoạch tuyển sinh năm 2026");
    assert_eq!(
        row.body,
        "<h2>Học nghề ở Kiên Giang</h2><p>Xem <a rel=\"noopener noreferrer\">đây</a> và \
         <a href=\"https://molisa.gov.vn\" rel=\"noopener noreferrer\">Bộ</a>.</p>\
         <img alt=\"theo dõi\"><table><tbody><tr><td>Hàn</td></tr></tbody></table>"
    );
    assert!(row.body.contains("Học nghề"), "NFC: {:?}", row.body);

    // A body of nothing but a script is no body.
    let empty = ContentForm { title: "Khác".into(), body: "<script>alert(1)</script>".into(), ..form.clone() };
    let Err(Error::Invalid(f)) = content::create(&app, &mut c, &editor, &empty, &meta) else { panic!("empty body") };
    assert_eq!(f.get("body"), Some("Vui lòng nhập nội dung."));

    // VNI in the summary on an update is reported too.
    let changed = ContentForm { summary: "Tröôøng Cao ñaúng Kieân Giang tuyeån sinh".into(), title: "Kế hoạch tuyển sinh năm 2026".into(), ..form.clone() };
    let saved = content::update(&app, &mut c, &editor, saved.id, &changed, &meta).unwrap();
    assert_eq!(saved.notice.as_deref(), Some("Đã chuyển văn bản mã VNI sang Unicode (tóm tắt)."));
    let row = lantoa_store::content::get(&mut c, saved.id).unwrap().unwrap();
    assert_eq!(row.summary, "Trường Cao đẳng Kiên Giang tuyển sinh");
});

both_engines!(fn an_old_plain_body_still_renders_as_paragraphs_and_related_items_share_a_topic(db) {
    let app = app(db.clone());
    let mut c = db.conn().unwrap();
    lantoa_app::demo::seed(&app, &mut c).unwrap();
    // A row written before bodies were HTML: plain text with a blank line, and markup that
    // was text then.
    let item = lantoa_store::content::by_slug(&mut c, "mua-tuyen-sinh-2024-hoc-nghe-mien-hoc-phi").unwrap().unwrap();
    let fields = lantoa_store::content::ContentFields {
        kind: item.kind.clone(),
        slug: item.slug.clone(),
        title: item.title.clone(),
        summary: item.summary.clone(),
        body: "Đoạn cũ một, 3 < 5.\n\nĐoạn cũ hai.".into(),
        source: item.source.clone(),
        organisation_id: item.organisation_id,
        topics: lantoa_store::content::topics_of(&mut c, item.id).unwrap(),
        audiences: lantoa_store::content::audiences_of(&mut c, item.id).unwrap(),
        cover_media_id: None,
    };
    lantoa_store::content::update(&mut c, item.id, &fields, item.updated_at).unwrap();
    let public = content::public_item(&mut c, ContentKind::Article, "mua-tuyen-sinh-2024-hoc-nghe-mien-hoc-phi").unwrap();
    assert_eq!(public.body.as_str(), "<p>Đoạn cũ một, 3 &lt; 5.</p>\n<p>Đoạn cũ hai.</p>");
    // Related: published, sharing a topic (iv-1-a or iv-2-b), not itself, at most 4, newest first.
    assert!(!public.related.is_empty() && public.related.len() <= 4);
    for r in &public.related {
        assert_ne!(r.content.id, item.id);
        assert_eq!(r.content.state, "published");
        let topics = lantoa_store::content::topics_of(&mut c, r.content.id).unwrap();
        assert!(topics.iter().any(|t| t == "iv-1-a" || t == "iv-2-b"), "{topics:?}");
    }
});
