//! Feeds, the sitemap and the article page's sharing metadata, read back the way other
//! software reads them: the XML with `roxmltree` (an independent parser), dates with chrono's
//! RFC 2822 / RFC 3339 parsers.

use axum::http::{StatusCode, header};
use chrono::DateTime;
use lantoa_app::audit::Actor;
use lantoa_app::content_import::import_jsonl;
use lantoa_domain::UserId;
use lantoa_domain::access::Principal;
use lantoa_domain::content::ContentAction;
use lantoa_store::both_engines;
use roxmltree::{Document, Node};

use super::support::{BASE_URL, TestSite, site, site_at};

const ATOM: &str = "http://www.w3.org/2005/Atom";
const CONTENT: &str = "http://purl.org/rss/1.0/modules/content/";

fn import(s: &TestSite, jsonl: &str) {
    tokio::task::block_in_place(|| {
        let mut c = s.app.db.conn().unwrap();
        let r = import_jsonl(
            &s.app,
            &mut c,
            &Actor::system("test"),
            jsonl.as_bytes(),
            &mut |_, _| {},
        )
        .unwrap();
        assert!(r.rejected.is_empty(), "{:?}", r.rejected);
    });
}

/// 22 articles on topic IV.2.b, one a day from 01/01/2026; the 22nd has tricky characters,
/// a relative image and link.
fn many_articles() -> String {
    let mut out = String::new();
    for n in 1..=22 {
        let (title, body) = if n == 22 {
            (
                r#"Tin số 22: học & làm <nghề> \"thật\""#.to_owned(),
                r#"<p>Xem <a href=\"/tin-tuc/tin-so-1\">tin đầu</a>.</p><figure><img src=\"/media/2026/anh.jpg\" alt=\"Ảnh\"></figure><script>alert(1)</script>"#.to_owned(),
            )
        } else {
            (
                format!("Tin số {n:02}"),
                format!("<p>Nội dung tin số {n}.</p>"),
            )
        };
        out.push_str(&format!(
            r#"{{"external_id": "t-{n}", "title": "{title}", "body_html": "{body}", "published_at": "2026-11-25T{n:02}:00:00+07:00", "topics": ["iv-2-b"], "organisation": "bao-kien-giang"}}"#
        ));
        out.push('\n');
    }
    out
}

/// The first child element named (namespace, local name); "" is no namespace.
fn child<'a, 'i>(n: Node<'a, 'i>, name: (&str, &str)) -> Node<'a, 'i> {
    n.children()
        .find(|c| {
            c.is_element()
                && c.tag_name().name() == name.1
                && c.tag_name().namespace().unwrap_or("") == name.0
        })
        .unwrap_or_else(|| panic!("no {name:?} in {:?}", n.tag_name()))
}

fn text<'a>(n: Node<'a, '_>, name: (&str, &str)) -> &'a str {
    child(n, name).text().unwrap_or("")
}

both_engines!(async fn rss_and_atom_list_the_latest_twenty_articles_with_absolute_links_and_dates(db) {
    let s = site(db).await;
    import(&s, &many_articles());
    let mut b = s.browser();

    let r = b.get("/rss.xml").await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.headers[header::CONTENT_TYPE], "application/rss+xml; charset=utf-8");
    // No site.public_url: addresses come from the request's Host, so no shared caching.
    assert_eq!(r.headers[header::CACHE_CONTROL], "private, max-age=300");
    let doc = Document::parse(&r.body).expect("well-formed RSS");
    let rss = doc.root_element();
    assert!(rss.has_tag_name("rss") && rss.attribute("version") == Some("2.0"));
    let channel = child(rss, ("", "channel"));
    assert!(text(channel, ("", "title")).starts_with("Tin tức – "));
    assert_eq!(text(channel, ("", "link")), format!("{BASE_URL}/tin-tuc"));
    assert_eq!(child(channel, (ATOM, "link")).attribute("href"), Some(format!("{BASE_URL}/rss.xml").as_str()));
    assert!(DateTime::parse_from_rfc2822(text(channel, ("", "lastBuildDate"))).is_ok());
    let items: Vec<Node> = channel.children().filter(|n| n.has_tag_name("item")).collect();
    assert_eq!(items.len(), 20, "the latest 20");
    // Newest first, titles exactly as written (escaping undone by the parser).
    assert_eq!(text(items[0], ("", "title")), r#"Tin số 22: học & làm <nghề> "thật""#);
    assert_eq!(text(items[1], ("", "title")), "Tin số 21");
    let dates: Vec<_> = items
        .iter()
        .map(|i| DateTime::parse_from_rfc2822(text(*i, ("", "pubDate"))).expect("RFC 822 date"))
        .collect();
    assert!(dates.windows(2).all(|w| w[0] > w[1]));
    assert_eq!(dates[0].to_rfc3339(), "2026-11-25T22:00:00+07:00");
    for i in &items {
        let link = text(*i, ("", "link"));
        assert!(link.starts_with(&format!("{BASE_URL}/tin-tuc/")), "{link}");
        assert_eq!(text(*i, ("", "guid")), link);
        assert_eq!(text(*i, ("http://purl.org/dc/elements/1.1/", "creator")), "Báo Kiên Giang");
    }
    assert_eq!(text(items[0], ("", "category")), "Tuyển sinh, hướng nghiệp và khởi nghiệp");
    // The body is the cleaned HTML with absolute addresses, carried as escaped text.
    let body = text(items[0], (CONTENT, "encoded"));
    assert!(body.contains(&format!(r#"<img src="{BASE_URL}/media/2026/anh.jpg" alt="Ảnh">"#)), "{body}");
    assert!(body.contains(&format!(r#"href="{BASE_URL}/tin-tuc/tin-so-1""#)), "{body}");
    assert!(!body.contains("script"), "{body}");
    assert!(r.body.contains("&lt;p&gt;Xem"), "escaped, not raw markup in the XML");

    let r = b.get("/atom.xml").await;
    assert_eq!(r.headers[header::CONTENT_TYPE], "application/atom+xml; charset=utf-8");
    let doc = Document::parse(&r.body).expect("well-formed Atom");
    let feed = doc.root_element();
    assert!(feed.has_tag_name((ATOM, "feed")));
    assert_eq!(text(feed, (ATOM, "id")), format!("{BASE_URL}/atom.xml"));
    let updated = DateTime::parse_from_rfc3339(text(feed, (ATOM, "updated"))).expect("RFC 3339");
    let entries: Vec<Node> = feed.children().filter(|n| n.has_tag_name((ATOM, "entry"))).collect();
    assert_eq!(entries.len(), 20);
    for e in &entries {
        let href = child(*e, (ATOM, "link")).attribute("href").unwrap();
        assert_eq!(text(*e, (ATOM, "id")), href);
        let published = DateTime::parse_from_rfc3339(text(*e, (ATOM, "published"))).expect("RFC 3339");
        let e_updated = DateTime::parse_from_rfc3339(text(*e, (ATOM, "updated"))).expect("RFC 3339");
        assert!(published <= e_updated && e_updated <= updated);
        assert_eq!(published.offset().local_minus_utc(), 7 * 3600);
        assert_eq!(child(*e, (ATOM, "content")).attribute("type"), Some("html"));
    }
    assert_eq!(text(entries[0], (ATOM, "published")), "2026-11-25T22:00:00+07:00");
    assert_eq!(child(entries[0], (ATOM, "category")).attribute("term"), Some("iv-2-b"));

    // The layout announces both feeds.
    let home = b.get("/").await;
    assert!(home.body.contains(r#"<link rel="alternate" type="application/rss+xml""#) && home.body.contains(r#"href="/atom.xml""#));
});

both_engines!(async fn a_topic_has_its_own_feeds_and_withdrawn_items_leave_them(db) {
    let s = site(db).await;
    import(&s, r#"{"external_id": "dn-1", "title": "Doanh nghiệp nhận sinh viên thực tập", "body_text": "Ba doanh nghiệp ký kết.", "published_at": "2026-11-25", "topics": ["iv-3-a"], "organisation": "bao-kien-giang"}"#);
    let mut b = s.browser();
    let r = b.get("/chu-de/iv-3-a/rss.xml").await;
    assert_eq!(r.status, StatusCode::OK);
    let doc = Document::parse(&r.body).unwrap();
    let channel = child(doc.root_element(), ("", "channel"));
    assert_eq!(text(channel, ("", "link")), format!("{BASE_URL}/chu-de/iv-3-a"));
    assert!(text(channel, ("", "title")).contains("Phối hợp doanh nghiệp và nhà trường"));
    let items: Vec<Node> = channel.children().filter(|n| n.has_tag_name("item")).collect();
    assert_eq!(text(items[0], ("", "title")), "Doanh nghiệp nhận sinh viên thực tập");
    for i in &items {
        assert!(i.children().any(|c| c.has_tag_name("category") && c.text() == Some("Phối hợp doanh nghiệp và nhà trường")));
    }
    let r = b.get("/chu-de/iv-3-a/atom.xml").await;
    let doc = Document::parse(&r.body).unwrap();
    assert_eq!(text(doc.root_element(), (ATOM, "id")), format!("{BASE_URL}/chu-de/iv-3-a/atom.xml"));
    assert_eq!(b.get("/chu-de/khong-co/rss.xml").await.status, StatusCode::NOT_FOUND);
    // The topic page links its feeds.
    let page = b.get("/chu-de/iv-3-a").await;
    assert!(page.body.contains(r#"href="/chu-de/iv-3-a/rss.xml""#) && page.body.contains(r#"href="/chu-de/iv-3-a/atom.xml""#));

    // Withdrawn: gone from the feeds.
    tokio::task::block_in_place(|| {
        let mut c = s.app.db.conn().unwrap();
        let row = lantoa_store::content::by_external_id(&mut c, "dn-1").unwrap().unwrap();
        let owner = Principal {
            user: UserId(1),
            email: "chutri@lantoa.test".into(),
            display_name: "Chủ trì".into(),
            is_system_admin: false,
            is_plan_owner: true,
            memberships: vec![],
        };
        lantoa_app::content::act(&s.app, &mut c, &owner, row.id, ContentAction::Withdraw, "", &Default::default()).unwrap();
    });
    let r = b.get("/chu-de/iv-3-a/rss.xml").await;
    assert!(!r.body.contains("Doanh nghiệp nhận sinh viên thực tập"));
    assert!(!b.get("/rss.xml").await.body.contains("Doanh nghiệp nhận sinh viên thực tập"));
});

both_engines!(async fn the_sitemap_lists_every_public_page_and_robots_points_to_it(db) {
    // With site.public_url set, addresses use it whatever the request's Host says.
    const BASE_URL: &str = "https://gdnn.kiengiang.example";
    let s = site_at(db, BASE_URL).await;
    import(&s, r#"{"external_id": "p-1", "kind": "page", "title": "Liên hệ", "body_text": "Địa chỉ.", "published_at": "2026-02-01", "organisation": "bao-kien-giang"}"#);
    let mut b = s.browser();
    let robots = b.get("/robots.txt").await;
    assert!(robots.body.contains("Disallow: /quan-tri\n"));
    assert!(robots.body.contains(&format!("Sitemap: {BASE_URL}/sitemap.xml")));

    let r = b.get("/sitemap.xml").await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.headers[header::CONTENT_TYPE], "application/xml; charset=utf-8");
    // Addresses from the setting, not from Host: shared caches may keep it.
    assert_eq!(r.headers[header::CACHE_CONTROL], "public, max-age=300");
    let doc = Document::parse(&r.body).expect("well-formed sitemap");
    let ns = "http://www.sitemaps.org/schemas/sitemap/0.9";
    assert!(doc.root_element().has_tag_name((ns, "urlset")));
    let mut locs = Vec::new();
    for u in doc.root_element().children().filter(|n| n.has_tag_name((ns, "url"))) {
        let loc = text(u, (ns, "loc")).to_owned();
        assert!(loc.starts_with(BASE_URL), "{loc}");
        if let Some(m) = u.children().find(|c| c.has_tag_name((ns, "lastmod"))) {
            DateTime::parse_from_rfc3339(m.text().unwrap()).expect("W3C date");
        }
        locs.push(loc);
    }
    for path in [
        "/",
        "/tin-tuc",
        "/gioi-thieu",
        "/nganh-nghe",
        "/co-so-dao-tao",
        "/ke-hoach",
        "/trac-nghiem-nghe",
        "/so-tay",
        "/tin-tuc/mua-tuyen-sinh-2024-hoc-nghe-mien-hoc-phi",
        "/trang/lien-he",
        "/chu-de/iv-2-b",
        "/nganh-nghe/dien-cong-nghiep-cao-dang",
        "/co-so-dao-tao/truong-cao-dang-kien-giang",
        "/chuong-trinh",
    ] {
        assert!(locs.contains(&format!("{BASE_URL}{path}")), "missing {path}");
    }
    assert!(locs.iter().any(|l| l.starts_with(&format!("{BASE_URL}/ke-hoach/"))));
    let programmes = locs.iter().filter(|l| l.starts_with(&format!("{BASE_URL}/chuong-trinh/"))).count();
    assert!(programmes >= 60, "published demo programmes: {programmes}");
    // Every listed page answers (the first 40, and every programme page).
    for loc in locs.iter().take(40).chain(locs.iter().filter(|l| l.contains("/chuong-trinh/"))) {
        let path = loc.strip_prefix(BASE_URL).unwrap();
        assert_eq!(b.get(path).await.status, StatusCode::OK, "{path}");
    }
    // Every topic has items in the demo, so every topic page is listed; no duplicates.
    for t in lantoa_domain::content::TOPICS {
        assert!(locs.contains(&format!("{BASE_URL}/chu-de/{}", t.code)), "{}", t.code);
    }
    let mut sorted = locs.clone();
    sorted.sort();
    sorted.dedup();
    assert_eq!(sorted.len(), locs.len());

    // In the back office the imported page links to its public address and says where it
    // came from.
    let id = tokio::task::block_in_place(|| {
        let mut c = s.app.db.conn().unwrap();
        lantoa_store::content::by_external_id(&mut c, "p-1").unwrap().unwrap().id
    });
    let mut journalist = s.signed_in("phongvien@lantoa.test").await;
    let page = journalist.get(&format!("/quan-tri/noi-dung/{id}")).await;
    assert!(page.body.contains(r#"<a href="/trang/lien-he">Xem trên cổng thông tin</a>"#), "{}", page.body);
    assert!(page.body.contains("Nhập từ tệp → Đã xuất bản"));
});

both_engines!(async fn an_article_page_can_be_shared_and_printed(db) {
    let s = site(db).await;
    import(&s, r#"{"external_id": "a-1", "title": "Học nghề hàn ở Rạch Giá", "body_html": "<h2>Ghi danh</h2><p>Học <em>miễn phí</em>.</p><p onclick=\"x()\">Gọi <a href=\"javascript:alert(1)\">đây</a>.</p>", "published_at": "2026-05-20T09:00:00+07:00", "topics": ["iv-2-b"], "organisation": "bao-kien-giang"}"#);
    let mut b = s.browser();
    let r = b.get("/tin-tuc/hoc-nghe-han-o-rach-gia").await;
    assert_eq!(r.status, StatusCode::OK);
    let url = format!("{BASE_URL}/tin-tuc/hoc-nghe-han-o-rach-gia");
    for needle in [
        format!(r#"<link rel="canonical" href="{url}">"#),
        format!(r#"<meta property="og:url" content="{url}">"#),
        r#"<meta property="og:site_name" content="Cổng thông tin Giáo dục nghề nghiệp Kiên Giang">"#.to_owned(),
        r#"<meta property="og:locale" content="vi_VN">"#.to_owned(),
        r#"<meta property="article:published_time" content="2026-05-20T09:00:00+07:00">"#.to_owned(),
        // No summary: the description is the start of the text.
        r#"<meta name="description" content="Ghi danh Học miễn phí. Gọi đây.">"#.to_owned(),
        r#"<time datetime="2026-05-20">20/05/2026</time>"#.to_owned(),
        "https://www.facebook.com/sharer/sharer.php?u=http%3A%2F%2F127.0.0.1%3A8080%2Ftin-tuc%2Fhoc-nghe-han-o-rach-gia".to_owned(),
        "https://sp.zalo.me/share_inline?url=http%3A%2F%2F127.0.0.1%3A8080%2Ftin-tuc%2Fhoc-nghe-han-o-rach-gia".to_owned(),
        // The breadcrumb goes through the first topic.
        r#"<li><a href="/chu-de/iv-2-b">Tuyển sinh, hướng nghiệp và khởi nghiệp</a></li>"#.to_owned(),
        // The cleaned body, as HTML.
        "<h2>Ghi danh</h2><p>Học <em>miễn phí</em>.</p><p>Gọi <a rel=\"noopener noreferrer\">đây</a>.</p>".to_owned(),
        r#"media="print""#.to_owned(),
        "Tin liên quan".to_owned(),
    ] {
        assert!(r.body.contains(&needle), "missing {needle}");
    }
    assert!(!r.body.contains("og:image"), "no cover yet");
    assert!(!r.body.contains("javascript:") && !r.body.contains("onclick"));
    // No third-party script on the page: sharing is plain links.
    assert!(!r.body.contains("<script src=\"http"));
    // Related: up to four other items of the topic, this one excluded.
    let related = &r.body[r.body.find("Tin liên quan").unwrap()..];
    let n = related.matches("class=\"card__title\"").count();
    assert!((1..=4).contains(&n), "{n}");
    assert!(!related.contains("hoc-nghe-han-o-rach-gia"));
});

both_engines!(async fn legacy_text_typed_in_the_form_is_converted_and_the_editor_told(db) {
    let s = site(db).await;
    let college = s.org_id("truong-cao-dang-kien-giang").to_string();
    let mut editor = s.signed_in("truong.cdkg@lantoa.test").await;
    let r = editor
        .submit("/quan-tri/noi-dung/moi", "/quan-tri/noi-dung", &[("organisation_id", &college), ("kind", "article"), ("title", "KÕ ho¹ch tuyÓn sinh"), ("body", "<p>Tr\u{AD}êng häc <strong>nghÒ</strong></p>")])
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let show = editor.get(r.location()).await;
    assert!(show.body.contains("Đã lưu bản nháp. Đã chuyển văn bản mã TCVN3 sang Unicode (tiêu đề, nội dung)."), "{}", show.body);
    assert!(show.body.contains("value=\"Kế hoạch tuyển sinh\""));
    assert!(show.body.contains("&#60;p&#62;Trường học &#60;strong&#62;nghề&#60;/strong&#62;&#60;/p&#62;"), "the stored HTML in the textarea");
    // The form says which tags are kept.
    assert!(show.body.contains("chỉ giữ lại tiêu đề mục (h2–h4)"));
});
