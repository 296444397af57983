//! Search on a real database: the index follows the editorial workflow, the database has the
//! last word on what is public, catch-up and rebuild, filters and bad input.

use std::sync::Arc;

use chrono::NaiveDate;
use lantoa_app::content::{self, ContentForm};
use lantoa_app::search::{self, SearchRequest};
use lantoa_app::{App, AuthConfig, Error, FixedClock, RequestMeta};
use lantoa_domain::access::{OrgRole, Principal};
use lantoa_domain::content::ContentAction;
use lantoa_domain::{OrgId, UserId};
use lantoa_search::{DocKey, OpenState, SearchIndex, Source};
use lantoa_store::{Conn, both_engines, orgs};
use unicode_normalization::UnicodeNormalization;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 26).unwrap()
}

fn bare_app(db: &lantoa_store::Db) -> App {
    let now = today().and_hms_opt(2, 0, 0).unwrap();
    App::new(
        db.clone(),
        Arc::new(FixedClock::new(now)),
        AuthConfig::for_tests(),
    )
    .unwrap()
}

/// The demo data, indexed in memory.
fn app(db: &lantoa_store::Db) -> App {
    let index = Arc::new(SearchIndex::in_memory().unwrap());
    let app = bare_app(db).with_search(Arc::clone(&index));
    let mut c = db.conn().unwrap();
    lantoa_app::demo::seed(&app, &mut c).unwrap();
    search::rebuild(&index, &mut c, today(), &mut |_, _| {}).unwrap();
    app
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

fn find(app: &App, c: &mut Conn, q: &str) -> Vec<String> {
    search::search(
        app,
        c,
        &SearchRequest {
            q: q.into(),
            page: 1,
            per_page: 10,
            ..Default::default()
        },
    )
    .unwrap()
    .items
    .into_iter()
    .map(|h| h.url)
    .collect()
}

const URL: &str = "/tin-tuc/dung-pa-no-hoa-nhap";

/// Writes, submits and publishes an article; returns its id.
fn publish(app: &App, c: &mut Conn) -> (i64, Principal) {
    let college = orgs::by_slug(c, "truong-cao-dang-kien-giang")
        .unwrap()
        .unwrap()
        .org_id();
    let editor = member(college, OrgRole::Editor);
    let approver = member(college, OrgRole::Approver);
    let meta = RequestMeta::default();
    let form = ContentForm {
        organisation_id: college.0.to_string(),
        kind: "article".into(),
        title: "Dựng pa-nô về học nghề hòa nhập".into(),
        slug: "dung-pa-no-hoa-nhap".into(),
        summary: "Xưởng cơ khí của trường làm khung pa-nô.".into(),
        body: "Học viên rèn kỹ năng hàn và tham gia truyền thông tại các xã.".into(),
        topics: vec!["iv-2-b".into()],
        ..ContentForm::default()
    };
    let indexed = app.search_index().is_some();
    let id = content::create(app, c, &editor, &form, &meta).unwrap().id;
    // Drafts and submitted items are not searchable.
    assert!(!indexed || find(app, c, "pa-nô hòa nhập").is_empty());
    content::act(app, c, &editor, id, ContentAction::Submit, "", &meta).unwrap();
    assert!(!indexed || find(app, c, "pa-nô hòa nhập").is_empty());
    content::act(app, c, &approver, id, ContentAction::Publish, "", &meta).unwrap();
    (id, approver)
}

both_engines!(fn every_spelling_variant_finds_a_published_article(db) {
    let app = app(db);
    let mut c = db.conn().unwrap();
    publish(&app, &mut c);
    let nfd: String = "Dựng pa-nô".nfd().collect();
    let table: &[(&str, &str)] = &[
        ("as written", "pa-nô hòa nhập"),
        ("no diacritics", "dung pa no hoa nhap"),
        ("NFD", &nfd),
        ("CAPITALS", "DỰNG PA-NÔ"),
        ("old tone placement", "hoà nhập"),
        ("i/y: kĩ for kỹ", "kĩ năng hàn hòa nhập"),
        ("typo in a long word", "truyen thpng hoa nhap"),
        ("hyphen dropped", "pano"),
        ("with diacritics", "cơ khí pa-nô"),
        ("without diacritics", "co khi pano"),
    ];
    for (what, q) in table {
        let got = find(&app, &mut c, q);
        assert_eq!(got.first().map(String::as_str), Some(URL), "{what}: {q:?} gave {got:?}");
    }
});

both_engines!(fn the_index_follows_publish_unpublish_and_withdraw(db) {
    let app = app(db);
    let mut c = db.conn().unwrap();
    let (id, approver) = publish(&app, &mut c);
    let meta = RequestMeta::default();
    let hit = search::search(&app, &mut c, &SearchRequest { q: "pano hoa nhap".into(), page: 1, per_page: 10, ..Default::default() })
        .unwrap()
        .items
        .remove(0);
    assert_eq!(hit.id, format!("content:{id}"));
    assert_eq!(hit.kind_label, "Tin, bài");
    assert_eq!(hit.title_html, "Dựng <mark>pa-nô</mark> về học nghề <mark>hòa</mark> <mark>nhập</mark>");
    assert_eq!(hit.published_at, Some(today().and_hms_opt(2, 0, 0).unwrap()));

    content::act(&app, &mut c, &approver, id, ContentAction::Unpublish, "", &meta).unwrap();
    assert!(find(&app, &mut c, "pano hoa nhap").is_empty(), "unpublished: gone");
    assert!(!app.search_index().unwrap().contains(DocKey::new(Source::Content, id)));

    let editor = member(OrgId(lantoa_store::content::get(&mut c, id).unwrap().unwrap().organisation_id), OrgRole::Editor);
    content::act(&app, &mut c, &editor, id, ContentAction::Submit, "", &meta).unwrap();
    content::act(&app, &mut c, &approver, id, ContentAction::Publish, "", &meta).unwrap();
    assert_eq!(find(&app, &mut c, "pano hoa nhap"), vec![URL.to_owned()]);
    content::act(&app, &mut c, &approver, id, ContentAction::Withdraw, "", &meta).unwrap();
    assert!(find(&app, &mut c, "pano hoa nhap").is_empty(), "withdrawn: gone");
});

both_engines!(fn the_database_has_the_last_word(db) {
    let app = app(db);
    let mut c = db.conn().unwrap();
    let (id, _) = publish(&app, &mut c);
    // Another instance unpublished it; this index has not heard of it yet.
    let now = app.now();
    lantoa_store::content::set_state(&mut c, id, "published", "draft", now).unwrap();
    assert!(app.search_index().unwrap().contains(DocKey::new(Source::Content, id)));
    assert!(find(&app, &mut c, "pano hoa nhap").is_empty());
    // … and the stale entry is dropped on the way.
    assert!(!app.search_index().unwrap().contains(DocKey::new(Source::Content, id)));
});

both_engines!(fn catch_up_applies_what_another_process_changed(db) {
    let app = app(db);
    let mut c = db.conn().unwrap();
    let index = Arc::clone(app.search_index().unwrap());
    // Another instance (without this index) publishes.
    let other = bare_app(db);
    let (id, approver) = publish(&other, &mut c);
    assert!(find(&app, &mut c, "pano hoa nhap").is_empty());
    assert!(search::catch_up(&index, &mut c, today()).unwrap() > 0);
    assert_eq!(find(&app, &mut c, "pano hoa nhap"), vec![URL.to_owned()]);
    content::act(&other, &mut c, &approver, id, ContentAction::Unpublish, "", &RequestMeta::default()).unwrap();
    search::catch_up(&index, &mut c, today()).unwrap();
    assert!(!index.contains(DocKey::new(Source::Content, id)));
});

both_engines!(fn the_directory_is_searchable(db) {
    let app = app(db);
    let mut c = db.conn().unwrap();
    let req = |q: &str, kind: &str| SearchRequest { q: q.into(), kind: kind.into(), page: 1, per_page: 10, ..Default::default() };
    let hits = search::search(&app, &mut c, &req("han", "occupation")).unwrap();
    let urls: Vec<&str> = hits.items.iter().map(|h| h.url.as_str()).collect();
    assert!(urls.contains(&"/nganh-nghe/han-cao-dang"), "{urls:?}");
    assert!(hits.items.iter().all(|h| h.kind_label == "Ngành, nghề"));
    let hits = search::search(&app, &mut c, &req("thuy san bien tay", "institution")).unwrap();
    assert_eq!(hits.items[0].url, "/co-so-dao-tao/trung-tam-dao-tao-nghe-thuy-san-bien-tay");
    assert_eq!(hits.items[0].published_at, None);
    // Institutions that closed in the 2025 reorganisation are not found.
    let closed: Vec<_> = lantoa_store::orgs::all(&mut c).unwrap().into_iter()
        .filter(|o| o.kind == "institution" && o.valid_to.is_some_and(|t| t < today()))
        .collect();
    for o in closed {
        let hits = search::search(&app, &mut c, &req(&o.name, "institution")).unwrap();
        assert!(hits.items.iter().all(|h| h.url != format!("/co-so-dao-tao/{}", o.slug)), "{}", o.name);
    }
});

both_engines!(fn filters_by_kind_topic_and_dates(db) {
    let app = app(db);
    let mut c = db.conn().unwrap();
    let req = |topic: &str, from: &str, to: &str| SearchRequest {
        q: "học sinh".into(), topic: topic.into(), from: from.into(), to: to.into(), page: 1, per_page: 50, ..Default::default()
    };
    let all = search::search(&app, &mut c, &req("", "", "")).unwrap();
    assert!(all.total >= 2, "{}", all.total);
    // The demo's first article was published on 20/05/2024 (09:00 in Vietnam).
    let day = search::search(&app, &mut c, &req("", "20/05/2024", "2024-05-20")).unwrap();
    assert_eq!(day.items.len(), 1);
    assert_eq!(day.items[0].url, "/tin-tuc/mua-tuyen-sinh-2024-hoc-nghe-mien-hoc-phi");
    assert!(search::search(&app, &mut c, &req("", "21/05/2024", "21/05/2024")).unwrap().items.is_empty());
    let topic = search::search(&app, &mut c, &req("iv-1-a", "", "")).unwrap();
    assert!(topic.items.iter().any(|h| h.url == "/tin-tuc/mua-tuyen-sinh-2024-hoc-nghe-mien-hoc-phi"));
    assert!(topic.items.len() < all.items.len());
});

both_engines!(fn bad_queries_get_a_message_per_field(db) {
    let app = app(db);
    let mut c = db.conn().unwrap();
    let run = |c: &mut Conn, r: SearchRequest| match search::search(&app, c, &SearchRequest { page: 1, per_page: 10, ..r }) {
        Err(Error::Invalid(f)) => f,
        other => panic!("expected a refusal, got {other:?}"),
    };
    let f = run(&mut c, SearchRequest { q: "   ".into(), ..Default::default() });
    assert_eq!(f.get("q"), Some("Vui lòng nhập từ khóa cần tìm."));
    let f = run(&mut c, SearchRequest { q: "a".repeat(2000), ..Default::default() });
    assert_eq!(f.get("q"), Some("Từ khóa tìm kiếm không quá 200 ký tự (đã nhập 2.000); vui lòng rút gọn."));
    let f = run(&mut c, SearchRequest { q: "?!".into(), ..Default::default() });
    assert!(f.get("q").is_some());
    let f = run(&mut c, SearchRequest { q: "nghề".into(), kind: "x".into(), topic: "y".into(), from: "31/02/2024".into(), ..Default::default() });
    assert!(f.get("kind").is_some() && f.get("topic").is_some() && f.get("from").is_some());
    let f = run(&mut c, SearchRequest { q: "nghề".into(), from: "02/01/2025".into(), to: "01/01/2025".into(), ..Default::default() });
    assert_eq!(f.get("to"), Some("Ngày kết thúc phải từ ngày bắt đầu trở đi."));
});

both_engines!(fn an_index_on_disk_is_reopened_after_a_restart(db) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("search");
    let mut c = db.conn().unwrap();
    {
        let (index, state) = SearchIndex::open(&path).unwrap();
        assert_eq!(state, OpenState::NeedsRebuild("new"));
        let index = Arc::new(index);
        let app = bare_app(db).with_search(Arc::clone(&index));
        lantoa_app::demo::seed(&app, &mut c).unwrap();
        let mut calls = Vec::new();
        let report = search::rebuild(&index, &mut c, today(), &mut |done, total| calls.push((done, total))).unwrap();
        assert!(report.contents >= 7 && report.occupations >= 40 && report.institutions >= 5, "{report:?}");
        assert_eq!(calls.last().map(|(d, t)| d == t), Some(true), "{calls:?}");
        publish(&app, &mut c);
    }
    // A restart: the index is trusted and still holds what was published before it.
    let (index, state) = SearchIndex::open(&path).unwrap();
    assert_eq!(state, OpenState::Ready);
    let index = Arc::new(index);
    let app = bare_app(db).with_search(Arc::clone(&index));
    assert_eq!(search::catch_up(&index, &mut c, today()).unwrap(), 0, "nothing changed meanwhile");
    assert_eq!(find(&app, &mut c, "pano hoa nhap"), vec![URL.to_owned()]);
});
