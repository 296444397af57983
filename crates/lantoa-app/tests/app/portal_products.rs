//! Published portal content becomes communication products (ADR 0013).

use std::sync::Arc;

use chrono::NaiveDate;
use lantoa_app::audit::Actor;
use lantoa_app::content::{self, ContentForm};
use lantoa_app::portal_products::{self, CHANNEL, Change};
use lantoa_app::products::{self, ProductForm};
use lantoa_app::reports::{self, ReportForm};
use lantoa_app::{App, AuthConfig, Error, FixedClock, RequestMeta};
use lantoa_domain::access::{OrgRole, Principal};
use lantoa_domain::content::ContentAction;
use lantoa_domain::{OrgId, UserId};
use lantoa_store::products::{ProductFilter, ProductRow};
use lantoa_store::{PageRequest, both_engines, orgs, plans};

const SLUG: &str = "kh-truyen-thong-gdnn-2023-2025";

/// An app whose clock stands at 09:00 in Vietnam on the given day.
fn app_on(db: lantoa_store::Db, y: i32, m: u32, d: u32) -> App {
    let now = NaiveDate::from_ymd_opt(y, m, d)
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

fn org(c: &mut lantoa_store::Conn, slug: &str) -> OrgId {
    orgs::by_slug(c, slug).unwrap().unwrap().org_id()
}

/// Writes, submits and publishes an item of `org`; returns its id.
fn publish(
    app: &App,
    c: &mut lantoa_store::Conn,
    org: OrgId,
    kind: &str,
    title: &str,
    topics: &[&str],
) -> i64 {
    let meta = RequestMeta::default();
    let form = ContentForm {
        organisation_id: org.0.to_string(),
        kind: kind.into(),
        title: title.into(),
        body: "Nội dung bài viết.".into(),
        topics: topics.iter().map(|t| (*t).to_owned()).collect(),
        ..ContentForm::default()
    };
    let id = content::create(app, c, &member(org, OrgRole::Editor), &form, &meta)
        .unwrap()
        .id;
    content::act(
        app,
        c,
        &member(org, OrgRole::Editor),
        id,
        ContentAction::Submit,
        "",
        &meta,
    )
    .unwrap();
    content::act(
        app,
        c,
        &member(org, OrgRole::Approver),
        id,
        ContentAction::Publish,
        "",
        &meta,
    )
    .unwrap();
    id
}

fn products_of(c: &mut lantoa_store::Conn, content: i64) -> Vec<ProductRow> {
    lantoa_store::products::by_content(c, content).unwrap()
}

fn activity_code(c: &mut lantoa_store::Conn, p: &ProductRow) -> Option<String> {
    let plan = plans::by_slug(c, SLUG).unwrap().unwrap();
    let id = p.activity_id?;
    plans::activities(c, plan.plan_id())
        .unwrap()
        .into_iter()
        .find(|a| a.id == id)
        .map(|a| a.code)
}

fn figure(app_c: &mut lantoa_store::Conn, org: OrgId, code: &str) -> i64 {
    let key = reports::key(app_c, SLUG, "2024-h1", org).unwrap();
    let v = reports::view(app_c, &member(org, OrgRole::Viewer), key).unwrap();
    v.figures
        .iter()
        .find(|f| f.code == code)
        .map_or(0, |f| f.from_products)
}

fn audit_count(c: &mut lantoa_store::Conn, action: &str) -> usize {
    lantoa_store::audit::list(c, &Default::default(), PageRequest::new(1, 500))
        .unwrap()
        .items
        .into_iter()
        .filter(|a| a.action == action)
        .count()
}

both_engines!(fn a_published_article_becomes_a_product_counted_in_its_units_report(db) {
    let app = app_on(db.clone(), 2024, 5, 10);
    let mut c = db.conn().unwrap();
    lantoa_app::demo::seed(&app, &mut c).unwrap();
    let college = org(&mut c, "truong-cao-dang-kien-giang");
    let meta = RequestMeta::default();
    assert_eq!(figure(&mut c, college, "5.2"), 0);
    // The demo's own articles were made products when seeded.
    let seeded = audit_count(&mut c, "product.from_portal");

    let id = publish(&app, &mut c, college, "article", "Ngày hội tuyển sinh 2024 của trường", &["iv-2-b"]);
    let ps = products_of(&mut c, id);
    assert_eq!(ps.len(), 1, "one product in the one plan whose windows contain 10/05/2024");
    let p = &ps[0];
    assert_eq!((p.organisation_id, p.kind.as_str(), p.quantity, p.source.as_str()), (college.0, "article", 1, "portal"));
    assert_eq!((p.title.as_str(), p.channel.as_str()), ("Ngày hội tuyển sinh 2024 của trường", CHANNEL));
    let row = lantoa_store::content::get(&mut c, id).unwrap().unwrap();
    assert_eq!(p.evidence_url, format!("/tin-tuc/{}", row.slug), "the evidence is the item's public address");
    assert_eq!(p.produced_on, NaiveDate::from_ymd_opt(2024, 5, 10).unwrap());
    // The plan's rules: an article on admissions (IV.2.b) of a VET institution is 5.2.
    assert_eq!(activity_code(&mut c, p).as_deref(), Some("5.2"));
    assert_eq!(figure(&mut c, college, "5.2"), 1, "the report form is pre-filled with it");
    assert_eq!(audit_count(&mut c, "product.from_portal"), seeded + 1);

    // The same unit's list shows it, linked to the item.
    let plan = plans::by_slug(&mut c, SLUG).unwrap().unwrap();
    let editor = member(college, OrgRole::Editor);
    let list = products::list(&mut c, &editor, ProductFilter { plan: Some(plan.plan_id()), ..Default::default() }, PageRequest::new(1, 50)).unwrap();
    let item = list.items.iter().find(|i| i.product.content_id == Some(id)).unwrap();
    assert_eq!((item.activity_code.as_deref(), item.content_state.as_deref()), (Some("5.2"), Some("published")));

    // Unpublished before any report counts it: the product goes.
    let approver = member(college, OrgRole::Approver);
    let preview = portal_products::removal_preview(&mut c, id).unwrap();
    assert!(matches!(preview.as_slice(), [Change::Deleted { .. }]));
    assert!(portal_products::removal_notice(&preview).unwrap().contains("sẽ bị xóa"));
    content::act(&app, &mut c, &approver, id, ContentAction::Unpublish, "", &meta).unwrap();
    assert!(products_of(&mut c, id).is_empty());
    assert_eq!(figure(&mut c, college, "5.2"), 0);
    assert_eq!(audit_count(&mut c, "product.portal_deleted"), 1);

    // Published again, twice over: one product, never two.
    content::act(&app, &mut c, &editor, id, ContentAction::Submit, "", &meta).unwrap();
    content::act(&app, &mut c, &approver, id, ContentAction::Publish, "", &meta).unwrap();
    assert_eq!(products_of(&mut c, id).len(), 1);
    content::act(&app, &mut c, &approver, id, ContentAction::Withdraw, "", &meta).unwrap();
    assert!(products_of(&mut c, id).is_empty());
    content::act(&app, &mut c, &approver, id, ContentAction::Unpublish, "", &meta).unwrap();
    content::act(&app, &mut c, &editor, id, ContentAction::Submit, "", &meta).unwrap();
    content::act(&app, &mut c, &approver, id, ContentAction::Publish, "", &meta).unwrap();
    let again = products_of(&mut c, id);
    assert_eq!(again.len(), 1);
    assert_eq!(figure(&mut c, college, "5.2"), 1);

    // Once a submitted report counts it, withdrawing the item keeps the product, marked.
    let key = reports::key(&mut c, SLUG, "2024-h1", college).unwrap();
    let mut form = ReportForm::default();
    form.narrative.results = "Đăng 1 tin trên cổng thông tin.".into();
    reports::save(&app, &mut c, &editor, &key, &form, true, &meta).unwrap();
    let preview = portal_products::removal_preview(&mut c, id).unwrap();
    let notice = portal_products::removal_notice(&preview).unwrap();
    assert!(notice.contains("đã được tính trong báo cáo 6 tháng đầu năm 2024 (Đã gửi)"), "{notice}");
    content::act(&app, &mut c, &approver, id, ContentAction::Withdraw, "", &meta).unwrap();
    let kept = products_of(&mut c, id);
    assert_eq!(kept.len(), 1, "counted in a submitted report: kept");
    assert!(kept[0].content_removed_at.is_some(), "and marked as gone from the portal");
    assert_eq!(audit_count(&mut c, "product.portal_kept"), 1);
    let v = reports::view(&mut c, &editor, key).unwrap();
    assert_eq!(v.figures.iter().find(|f| f.code == "5.2").unwrap().value, 1);
});

both_engines!(fn a_product_no_rule_places_waits_for_the_unit_to_choose_its_activity(db) {
    let app = app_on(db.clone(), 2024, 5, 10);
    let mut c = db.conn().unwrap();
    lantoa_app::demo::seed(&app, &mut c).unwrap();
    let youth = org(&mut c, "tinh-doan-kien-giang");
    let plan = plans::by_slug(&mut c, SLUG).unwrap().unwrap();
    let meta = RequestMeta::default();

    // The provincial Youth Union coordinates 5.3 only; no rule of the plan names 5.3.
    let id = publish(&app, &mut c, youth, "article", "Thanh niên tìm hiểu nghề", &["iv-2-b"]);
    let p = products_of(&mut c, id).pop().unwrap();
    assert_eq!(p.activity_id, None, "not guessed: left for the unit");
    let key = reports::key(&mut c, SLUG, "2024-h1", youth).unwrap();
    let editor = member(youth, OrgRole::Editor);
    let v = reports::view(&mut c, &editor, key.clone()).unwrap();
    assert_eq!(v.unassigned.iter().map(|u| u.id).collect::<Vec<_>>(), [p.id], "the report form names it");
    assert!(v.figures.iter().all(|f| f.from_products == 0), "and does not count it yet");
    let window = (Some(key.period.window_start), Some(key.period.window_end));
    let list = products::list(&mut c, &editor, ProductFilter { plan: Some(plan.plan_id()), unassigned: true, from: window.0, to: window.1, ..Default::default() }, PageRequest::new(1, 50)).unwrap();
    assert_eq!(list.items.iter().map(|i| i.product.id).collect::<Vec<_>>(), [p.id]);

    // The unit assigns 5.3; the item's own fields cannot be changed through the form.
    let a53 = plans::activities(&mut c, plan.plan_id()).unwrap().into_iter().find(|a| a.code == "5.3").unwrap();
    let mut form = ProductForm::from_row(&p);
    form.activity_id = String::new();
    let Err(Error::Invalid(e)) = products::update(&app, &mut c, &editor, &plan, p.id, &form, &meta) else { panic!("an activity is required") };
    assert!(e.get("activity_id").is_some());
    form.activity_id = a53.id.to_string();
    form.title = "Tên khác".into();
    form.produced_on = "01/01/2024".into();
    form.reach = "350".into();
    form.reach_kind = "views".into();
    // Another organisation's editor cannot touch it.
    let other = member(org(&mut c, "bao-kien-giang"), OrgRole::Editor);
    assert!(matches!(products::update(&app, &mut c, &other, &plan, p.id, &form, &meta), Err(Error::Denied)));
    products::update(&app, &mut c, &editor, &plan, p.id, &form, &meta).unwrap();
    let p = products_of(&mut c, id).pop().unwrap();
    assert_eq!((p.activity_id, p.title.as_str(), p.reach), (Some(a53.id), "Thanh niên tìm hiểu nghề", Some(350)));
    assert_eq!(p.produced_on, NaiveDate::from_ymd_opt(2024, 5, 10).unwrap());
    let v = reports::view(&mut c, &editor, key).unwrap();
    assert!(v.unassigned.is_empty());
    assert_eq!(v.figures.iter().find(|f| f.code == "5.3").unwrap().from_products, 1);

    // Unpublished before any report counted it: deleted, whatever the unit had chosen.
    let approver = member(youth, OrgRole::Approver);
    content::act(&app, &mut c, &approver, id, ContentAction::Unpublish, "", &meta).unwrap();
    assert!(products_of(&mut c, id).is_empty(), "no report counted it yet: deleted");

    // A static page is not a communication product.
    let page = publish(&app, &mut c, youth, "page", "Giới thiệu Tỉnh đoàn", &[]);
    assert!(products_of(&mut c, page).is_empty());
});

both_engines!(fn content_outside_every_reporting_window_makes_no_product(db) {
    // 26/11/2026: after the seed plan's last window (14/12/2025).
    let app = app_on(db.clone(), 2026, 11, 26);
    let mut c = db.conn().unwrap();
    lantoa_app::demo::seed(&app, &mut c).unwrap();
    let college = org(&mut c, "truong-cao-dang-kien-giang");
    let id = publish(&app, &mut c, college, "article", "Tin năm 2026", &["iv-2-d"]);
    assert!(products_of(&mut c, id).is_empty());
});

both_engines!(fn imported_and_demo_content_become_products_once(db) {
    let app = app_on(db.clone(), 2026, 11, 26);
    let mut c = db.conn().unwrap();
    lantoa_app::demo::seed(&app, &mut c).unwrap();
    // The demo's seven articles (2024–2025) are products of their organisations; a second
    // seed adds nothing.
    let plan = plans::by_slug(&mut c, SLUG).unwrap().unwrap();
    let portal = |c: &mut lantoa_store::Conn| {
        lantoa_store::products::list(c, &ProductFilter { plan: Some(plan.plan_id()), ..Default::default() }, PageRequest::new(1, 100))
            .unwrap()
            .items
            .into_iter()
            .filter(|i| i.product.source == "portal")
            .map(|i| (i.org_short_name, i.activity_code))
            .collect::<Vec<_>>()
    };
    let demo = portal(&mut c);
    assert_eq!(demo.len(), 7, "{demo:?}");
    // The Youth Union's article waits for its activity; the event story of the Phú Quốc
    // school (IV.2.d) counts for 7.1.
    assert!(demo.iter().any(|(_, a)| a.is_none()));
    assert!(demo.iter().any(|(_, a)| a.as_deref() == Some("7.1")));
    lantoa_app::demo::seed(&app, &mut c).unwrap();
    assert_eq!(portal(&mut c).len(), 7);

    // `lantoa import content` publishes: the imported item is a product; importing the same
    // line again changes nothing.
    let line = r#"{"external_id": "bkg-9001", "kind": "article", "title": "Hội thi tay nghề", "body_text": "Ba mươi thí sinh.", "published_at": "2024-05-20T09:00:00+07:00", "topics": ["iv-2-d"], "organisation": "bao-kien-giang"}"#;
    let actor = Actor::system("lantoa import content");
    for _ in 0..2 {
        lantoa_app::content_import::import_jsonl(&app, &mut c, &actor, line.as_bytes(), &mut |_, _| {}).unwrap();
    }
    let row = lantoa_store::content::by_external_id(&mut c, "bkg-9001").unwrap().unwrap();
    let ps = products_of(&mut c, row.id);
    assert_eq!(ps.len(), 1);
    // The provincial paper coordinates 7.1 (events, IV.2.d).
    assert_eq!(activity_code(&mut c, &ps[0]).as_deref(), Some("7.1"));
    assert_eq!(ps[0].produced_on, NaiveDate::from_ymd_opt(2024, 5, 20).unwrap());
});

#[test]
fn the_plan_file_rules_for_portal_content_are_checked() {
    let plan = include_str!("../../plans/kien-giang-2023-2025.toml");
    let bad = format!(
        "{plan}\n[[portal_activity]]\nactivity = \"99\"\nkinds = [\"article\"]\n\n[[portal_activity]]\nactivity = \"3\"\nkinds = [\"billboard\"]\ntopics = [\"iv-9-z\"]\n\n[[portal_activity]]\nactivity = \"6\"\nkinds = []\n"
    );
    let file = lantoa_app::plans::parse(&bad).unwrap();
    let db = lantoa_store::testing::TestDb::on(lantoa_store::Engine::Sqlite).unwrap();
    let app = app_on(db.db.clone(), 2026, 11, 26);
    let mut c = db.db.conn().unwrap();
    lantoa_app::demo::seed(&app, &mut c).unwrap();
    let Err(Error::InvalidFile(problems)) =
        lantoa_app::plans::import(&app, &mut c, &Actor::system("t"), &file)
    else {
        panic!("refused")
    };
    let all = problems.join("\n");
    for expected in [
        "thứ 6: không có hoạt động “99” trong phụ lục",
        "thứ 7: hoạt động 3 là dòng tiêu đề nhóm",
        "loại sản phẩm “billboard” không phải loại nội dung cổng thông tin tạo ra",
        "chủ đề “iv-9-z” không có",
        "thứ 8: cần ít nhất một loại sản phẩm",
    ] {
        assert!(all.contains(expected), "{expected:?} not in:\n{all}");
    }
}
