use std::sync::Arc;

use chrono::NaiveDate;
use lantoa_app::{App, AuthConfig, FixedClock};
use lantoa_domain::org::{duty, holder_on};
use lantoa_store::{both_engines, orgs, users};

fn app(db: lantoa_store::Db) -> App {
    let now = NaiveDate::from_ymd_opt(2026, 11, 26)
        .unwrap()
        .and_hms_opt(2, 0, 0)
        .unwrap();
    App::new(db, Arc::new(FixedClock::new(now)), AuthConfig::for_tests()).unwrap()
}

both_engines!(fn seeding_twice_adds_nothing_the_second_time(db) {
    let app = app(db.clone());
    let mut c = db.conn().unwrap();
    let mut first = lantoa_app::demo::seed(&app, &mut c).unwrap();
    (first.products, first.reports) = lantoa_app::demo::seed_figures(&mut c).unwrap();
    assert_eq!(first.admin_units, 160);
    assert!(first.organisations >= 40, "{}", first.organisations);
    assert!(first.products > 100 && first.reports > 30, "{} products, {} reports", first.products, first.reports);
    assert_eq!(first.new_users.len(), 8);
    let (o, u) = (orgs::count(&mut c).unwrap(), users::count(&mut c).unwrap());
    let mut second = lantoa_app::demo::seed(&app, &mut c).unwrap();
    (second.products, second.reports) = lantoa_app::demo::seed_figures(&mut c).unwrap();
    assert_eq!((second.admin_units, second.organisations, second.successions, second.new_users.len(), second.products, second.reports), (0, 0, 0, 0, 0, 0));
    assert_eq!((orgs::count(&mut c).unwrap(), users::count(&mut c).unwrap()), (o, u));
});

both_engines!(fn the_2025_reorganisation_is_data_the_reports_can_follow(db) {
    let app = app(db.clone());
    let mut c = db.conn().unwrap();
    lantoa_app::demo::seed(&app, &mut c).unwrap();
    let id = |c: &mut lantoa_store::Conn, slug: &str| orgs::by_slug(c, slug).unwrap().unwrap().org_id();
    let labour = id(&mut c, "so-ldtbxh-kien-giang");
    let edges: Vec<_> = orgs::all_successions(&mut c).unwrap().iter().filter_map(|r| r.to_domain()).collect();
    let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap();
    // Who owes the labour department's VET reports, over time.
    assert_eq!(holder_on(labour, d(2024, 11, 20), Some(duty::VET), &edges), labour);
    assert_eq!(holder_on(labour, d(2025, 6, 20), Some(duty::VET), &edges), id(&mut c, "so-gddt-kien-giang"));
    assert_eq!(holder_on(labour, d(2025, 11, 20), Some(duty::VET), &edges), id(&mut c, "so-gddt-an-giang"));
    assert_eq!(holder_on(labour, d(2025, 11, 20), None, &edges), id(&mut c, "so-noi-vu-an-giang"));
    // Districts end on 30/6/2025; their duties pass to the new province.
    let hon_dat = orgs::by_slug(&mut c, "ubnd-huyen-hon-dat").unwrap().unwrap();
    assert_eq!(hon_dat.valid_to, Some(d(2025, 6, 30)));
    assert_eq!(hon_dat.admin_unit_code.as_deref(), Some("903"));
    assert_eq!(holder_on(hon_dat.org_id(), d(2025, 11, 20), None, &edges), id(&mut c, "ubnd-tinh-an-giang"));
    // Fifteen district-level committees, as in the 2020 list of administrative units.
    let districts = orgs::list(&mut c, &orgs::OrgFilter { kind: Some("district_committee".into()), ..Default::default() }, lantoa_store::PageRequest::new(1, 100)).unwrap();
    assert_eq!(districts.total, 15);
});

fn app_on(db: lantoa_store::Db, y: i32, m: u32, d: u32) -> App {
    let now = NaiveDate::from_ymd_opt(y, m, d)
        .unwrap()
        .and_hms_opt(2, 0, 0)
        .unwrap();
    App::new(db, Arc::new(FixedClock::new(now)), AuthConfig::for_tests()).unwrap()
}

/// Every item the demo seeded, in any state.
fn all_items(c: &mut lantoa_store::Conn) -> Vec<lantoa_store::content::ContentRow> {
    let page = lantoa_store::content::list(
        c,
        &Default::default(),
        lantoa_store::PageRequest::new(1, 500),
    )
    .unwrap();
    assert!(page.total < 500);
    page.items.into_iter().map(|i| i.content).collect()
}

fn published_items(c: &mut lantoa_store::Conn) -> Vec<lantoa_store::content::ContentRow> {
    all_items(c)
        .into_iter()
        .filter(|i| i.state == "published")
        .collect()
}

both_engines!(fn the_demo_news_covers_every_topic_and_every_audience(db) {
    use lantoa_domain::content::{AUDIENCES, TOPICS};
    let app = app(db.clone());
    let mut c = db.conn().unwrap();
    let report = lantoa_app::demo::seed(&app, &mut c).unwrap();
    // Every slug of both demo files went in: none collides with another.
    let old = lantoa_app::demo::seed(&app, &mut c).unwrap();
    assert_eq!(old.articles, 0, "a second start adds nothing");
    assert_eq!(all_items(&mut c).len(), report.articles);
    assert!(report.articles >= 30, "{}", report.articles);
    let published = published_items(&mut c);
    assert!(published.len() >= 25, "{} published", published.len());
    let mut topics = std::collections::HashSet::new();
    let mut audiences = std::collections::HashSet::new();
    let mut orgs_seen = std::collections::HashSet::new();
    for item in &published {
        topics.extend(lantoa_store::content::topics_of(&mut c, item.id).unwrap());
        audiences.extend(lantoa_store::content::audiences_of(&mut c, item.id).unwrap());
        orgs_seen.insert(item.organisation_id);
    }
    for t in TOPICS {
        assert!(topics.contains(t.code), "no published item on {} {}", t.section, t.label);
    }
    for a in AUDIENCES {
        assert!(audiences.contains(a.code), "no published item for {} {}", a.section, a.label);
    }
    assert!(orgs_seen.len() >= 10, "written by {} organisations", orgs_seen.len());
    // A few static pages, and items in each step of the workflow for the back office.
    assert!(published.iter().filter(|i| i.kind == "page").count() >= 2);
    for state in ["draft", "submitted", "returned", "scheduled"] {
        assert!(all_items(&mut c).iter().any(|i| i.state == state), "no {state} item");
    }
});

both_engines!(fn the_demo_texts_are_clean_vietnamese(db) {
    let app = app(db.clone());
    let mut c = db.conn().unwrap();
    lantoa_app::demo::seed(&app, &mut c).unwrap();
    let written = lantoa_app::demo_articles::items().unwrap();
    for item in all_items(&mut c) {
        let text = lantoa_app::html::to_text(&item.body);
        let file = written.iter().find(|i| i.slug == item.slug);
        // A photo story's captions and a publication's file title are read too.
        let extra: Vec<String> = file.map(|f| f.photos.iter().cloned().chain(Some(f.document.clone()).filter(|d| !d.is_empty())).collect()).unwrap_or_default();
        let mut texts = vec![("title", &item.title), ("summary", &item.summary), ("source", &item.source), ("body", &text)];
        texts.extend(extra.iter().map(|e| ("caption or file title", e)));
        for (what, s) in texts {
            assert!(!s.trim().is_empty(), "{}: empty {what}", item.slug);
            assert_eq!(lantoa_viet::normalize(s), *s, "{}: {what} is not NFC with canonical tones", item.slug);
            assert_eq!(lantoa_viet::detect_legacy(s), None, "{}: {what}", item.slug);
            // Every word with a Vietnamese letter is a well-formed syllable (no typos such as "tèt").
            for word in s.split(|ch: char| !ch.is_alphanumeric()) {
                if !word.is_ascii() && !word.chars().any(|ch| ch.is_ascii_digit()) {
                    assert!(lantoa_viet::is_valid_vietnamese_syllable(word), "{}: {what}: {word:?}", item.slug);
                }
            }
        }
        // Articles and pages are read as text; a photo story or a publication is its pictures
        // or its file, introduced by a short text.
        if file.is_some() && (item.kind == "article" || item.kind == "page") {
            let words = text.split_whitespace().count();
            assert!((150..=400).contains(&words), "{}: {words} words", item.slug);
            assert!(item.body.contains("<h2>"), "{}: structured with headings", item.slug);
        }
    }
});

both_engines!(fn the_demo_dates_follow_the_day_it_is_seeded(db) {
    // Seeded about three and a half months after the day the file was written around.
    let app = app_on(db.clone(), 2027, 3, 10);
    let mut c = db.conn().unwrap();
    lantoa_app::demo::seed(&app, &mut c).unwrap();
    let now = app.now();
    let new: Vec<String> = lantoa_app::demo_articles::items().unwrap().into_iter().map(|i| i.slug).collect();
    let items: Vec<_> = all_items(&mut c).into_iter().filter(|i| new.contains(&i.slug)).collect();
    let published: Vec<_> = items.iter().filter_map(|i| i.published_at.filter(|_| i.state == "published")).collect();
    assert!(published.iter().all(|at| *at <= now), "no news from the future");
    let newest = published.iter().max().unwrap();
    assert!(now - *newest <= chrono::Duration::days(7), "the newest item is recent: {newest}");
    let oldest = published.iter().min().unwrap();
    assert!(now - *oldest >= chrono::Duration::days(120), "spread over months: {oldest}");
    let scheduled = items.iter().find(|i| i.state == "scheduled").unwrap();
    assert!(scheduled.scheduled_at.unwrap() > now, "the scheduled item is still to come");
    assert!(items.iter().filter(|i| i.state != "published").all(|i| i.published_at.is_none()));
});

both_engines!(fn the_demo_has_a_published_youtube_video_at_its_address(db) {
    use lantoa_app::video::PublicVideo;
    use lantoa_domain::content::ContentKind;
    let app = app(db.clone());
    let mut c = db.conn().unwrap();
    lantoa_app::demo::seed(&app, &mut c).unwrap();
    let videos: Vec<_> = published_items(&mut c).into_iter().filter(|i| i.kind == "video").collect();
    assert!(!videos.is_empty(), "no published video in the demo");
    let slug = "hoc-nghe-sua-chua-may-nong-nghiep-co-viec-lam-tai-que";
    let item = lantoa_app::content::public_item(&mut c, ContentKind::Video, slug).unwrap();
    assert_eq!(item.row.title, "Học nghề sửa chữa máy nông nghiệp, có việc làm ngay tại quê");
    assert_eq!(lantoa_app::search::content_path("video", slug), format!("/video/{slug}"));
    // A YouTube link to a made-up id, starting where the demo's link says (1m5s).
    assert_eq!(item.video, Some(PublicVideo::Link {
        provider: "YouTube",
        watch_url: "https://www.youtube.com/watch?v=lantoa-demo&t=65s".into(),
        embed_url: "https://www.youtube-nocookie.com/embed/lantoa-demo?start=65&autoplay=1".into(),
    }));
    let org = orgs::get(&mut c, lantoa_domain::OrgId(item.row.organisation_id)).unwrap().unwrap();
    assert_eq!(org.slug, "bao-ptth-an-giang");
    assert!(!lantoa_store::content::topics_of(&mut c, item.row.id).unwrap().is_empty());
    assert!(!lantoa_store::content::audiences_of(&mut c, item.row.id).unwrap().is_empty());
    // Its first version keeps the video, so a restore cannot lose it.
    let versions = lantoa_store::content::revisions(&mut c, item.row.id).unwrap();
    assert!(versions.iter().all(|v| lantoa_app::video::from_revision(&v.video).is_some_and(|r| r.start_seconds == Some(65))));
});
