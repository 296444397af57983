//! The portal's cache (`lantoa_app::portal_cache`, ADR 0025): a cached item page or list is
//! what the database gives now, whoever changed the data.

use std::sync::Arc;

use chrono::NaiveDate;
use diesel::RunQueryDsl;
use lantoa_app::media::{self, MediaConfig, MediaForm, Upload};
use lantoa_app::portal_cache;
use lantoa_app::{App, AuthConfig, Error, FixedClock, RequestMeta};
use lantoa_domain::access::{OrgRole, Principal};
use lantoa_domain::content::ContentKind;
use lantoa_domain::{OrgId, UserId};
use lantoa_store::content::{ContentRow, content_version};

use super::media::jpeg;
use lantoa_store::{PageRequest, both_engines};

/// The demo (without its drawn pictures: slow in a debug build) and one uploaded picture of
/// the newest article's organisation: (app, connection, picture's media id, the article).
fn seeded(
    db: &lantoa_store::Db,
    dir: &std::path::Path,
) -> (App, lantoa_store::db::PooledConn, i64, ContentRow) {
    let clock = Arc::new(FixedClock::new(
        NaiveDate::from_ymd_opt(2026, 11, 26)
            .unwrap()
            .and_hms_opt(2, 0, 0)
            .unwrap(),
    ));
    let mut app = App::new(db.clone(), clock, AuthConfig::for_tests()).unwrap();
    app.media = MediaConfig::in_dir(dir.join("media"));
    let mut c = db.conn().unwrap();
    lantoa_app::demo::seed(&app, &mut c).unwrap();
    let article = lantoa_app::content::published(
        &mut c,
        Some(ContentKind::Article),
        None,
        PageRequest::new(1, 1),
    )
    .unwrap()
    .items
    .remove(0)
    .content;
    let editor = Principal {
        user: UserId(1),
        email: "bt@x.vn".into(),
        display_name: "Biên tập".into(),
        is_system_admin: false,
        is_plan_owner: false,
        memberships: vec![(OrgId(article.organisation_id), OrgRole::Editor)],
    };
    let form = MediaForm {
        organisation_id: article.organisation_id.to_string(),
        alt: "Xưởng hàn".into(),
        credit: "Ảnh: lantoa".into(),
    };
    let file = Upload {
        original_name: "xuong-han.jpg".into(),
        bytes: jpeg(64, 48),
        dropped_size: None,
        video: None,
    };
    let picture =
        media::upload(&app, &mut c, &editor, &form, file, &RequestMeta::default()).unwrap();
    (app, c, picture, article)
}

fn sql(c: &mut lantoa_store::Conn, q: &str) {
    diesel::sql_query(q).execute(c).unwrap();
}

both_engines!(fn the_cached_article_page_follows_changes_made_by_any_process(db) {
    let tmp = tempfile::tempdir().unwrap();
    let (app, mut c, picture, article) = seeded(db, tmp.path());
    let latest = |app: &App, c: &mut lantoa_store::Conn| portal_cache::published(app, c, Some(ContentKind::Article), None, PageRequest::new(1, 3)).unwrap();
    let page = |app: &App, c: &mut lantoa_store::Conn| portal_cache::item(app, c, ContentKind::Article, &article.slug);
    let first = page(&app, &mut c).unwrap();
    assert_eq!(first.row.title, article.title);
    assert!(Arc::ptr_eq(&first, &page(&app, &mut c).unwrap()), "the second view comes from the cache");
    assert!(Arc::ptr_eq(&latest(&app, &mut c), &latest(&app, &mut c)), "and so does the list");

    // Another process (a hand-written fix, not the application) renames the article: the
    // page and the home list show the new title on the next view.
    sql(&mut c, &format!("UPDATE contents SET title = 'Tiêu đề đã sửa' WHERE id = {}", article.id));
    assert_eq!(page(&app, &mut c).unwrap().row.title, "Tiêu đề đã sửa");
    assert!(latest(&app, &mut c).0.items.iter().any(|i| i.content.title == "Tiêu đề đã sửa"));
    // A cover set, then its alt text corrected in the library; the organisation renamed.
    sql(&mut c, &format!("UPDATE contents SET cover_media_id = {picture} WHERE id = {}", article.id));
    assert_eq!(page(&app, &mut c).unwrap().cover.as_ref().unwrap().alt, "Xưởng hàn");
    sql(&mut c, &format!("UPDATE media SET alt = 'Học viên thực hành hàn' WHERE id = {picture}"));
    assert_eq!(page(&app, &mut c).unwrap().cover.as_ref().unwrap().alt, "Học viên thực hành hàn");
    sql(&mut c, &format!("UPDATE organisations SET name = 'Đơn vị đã đổi tên' WHERE id = {}", article.organisation_id));
    assert_eq!(page(&app, &mut c).unwrap().org_name, "Đơn vị đã đổi tên");
    // A topic removed: the breadcrumb's topic and the related items follow.
    sql(&mut c, &format!("DELETE FROM content_topics WHERE content_id = {}", article.id));
    let now = page(&app, &mut c).unwrap();
    assert!(now.topics.is_empty() && now.related.is_empty());
    // Taken off the portal: the address is gone at once.
    sql(&mut c, &format!("UPDATE contents SET state = 'draft' WHERE id = {}", article.id));
    assert!(matches!(page(&app, &mut c), Err(Error::NotFound)));
    assert!(!latest(&app, &mut c).0.items.iter().any(|i| i.content.id == article.id));
    // Audience pages follow an audience added by hand.
    let pupils = |app: &App, c: &mut lantoa_store::Conn| portal_cache::published_for(app, c, &["iii-2"], PageRequest::new(1, 100)).unwrap();
    sql(&mut c, &format!("UPDATE contents SET state = 'published' WHERE id = {}", article.id));
    sql(&mut c, &format!("DELETE FROM content_audiences WHERE content_id = {}", article.id));
    assert!(!pupils(&app, &mut c).0.items.iter().any(|i| i.content.id == article.id));
    assert!(Arc::ptr_eq(&pupils(&app, &mut c), &pupils(&app, &mut c)));
    sql(&mut c, &format!("INSERT INTO content_audiences (content_id, audience) VALUES ({}, 'iii-2')", article.id));
    assert!(pupils(&app, &mut c).0.items.iter().any(|i| i.content.id == article.id));

    // Addresses that do not exist are not kept: they cannot fill the cache.
    let before = portal_cache::len(&app);
    for n in 0..50 {
        assert!(matches!(portal_cache::item(&app, &mut c, ContentKind::Article, &format!("khong-co-{n}")), Err(Error::NotFound)));
    }
    assert_eq!(portal_cache::len(&app), before);
});

both_engines!(fn every_write_to_what_the_portal_shows_moves_the_content_version(db) {
    let tmp = tempfile::tempdir().unwrap();
    let (_app, mut c, picture, article) = seeded(db, tmp.path());
    let mut last = content_version(&mut c).unwrap();
    let mut moved = |c: &mut lantoa_store::Conn, what: &str| {
        let v = content_version(c).unwrap();
        assert!(v > last, "{what} left the content version at {v}");
        last = v;
    };
    // Rows in the tables the demo leaves empty, written as any process would.
    let id = article.id;
    sql(&mut c, &format!("INSERT INTO content_gallery_items (content_id, position, media_id, caption, credit) VALUES ({id}, 1, {picture}, 'Xưởng hàn', '')"));
    moved(&mut c, "a new gallery item");
    sql(&mut c, &format!("INSERT INTO content_publications (content_id, document_id) VALUES ({id}, {picture})"));
    moved(&mut c, "a new publication document");
    sql(&mut c, &format!("INSERT INTO content_videos (content_id, provider, video_ref) VALUES ({id}, 'youtube', 'aqz-KE-bpKQ')"));
    moved(&mut c, "a new video");
    // Updates of every table the portal's pages read.
    for (table, column) in [
        ("contents", "title"), ("content_topics", "topic"), ("content_audiences", "audience"),
        ("content_gallery_items", "caption"), ("content_publications", "document_id"),
        ("content_videos", "video_ref"), ("media", "alt"), ("media_files", "name"),
        ("organisations", "name"),
    ] {
        sql(&mut c, &format!("UPDATE {table} SET {column} = {column}"));
        moved(&mut c, &format!("an update of {table}"));
    }
    for table in ["content_videos", "content_publications", "content_gallery_items", "content_audiences"] {
        sql(&mut c, &format!("DELETE FROM {table}"));
        moved(&mut c, &format!("a delete from {table}"));
    }
    // Writes elsewhere leave it alone: the cache is not emptied for nothing.
    lantoa_store::settings::set(&mut c, "unrelated", "1").unwrap();
    assert_eq!(content_version(&mut c).unwrap(), last);
});
