//! The content editor (issue 3, point 2; ADR 0015): its files only on the content form, and
//! "Xem trước" — the submitted form in the public article template, cleaned, saving nothing,
//! for the organisation's editors only.

use axum::http::StatusCode;
use lantoa_store::audit::AuditFilter;
use lantoa_store::content::ContentFilter;
use lantoa_store::{PageRequest, both_engines};
use lantoa_web::assets;

use super::support::{TestSite, site};

const PREVIEW: &str = "/quan-tri/noi-dung/xem-truoc";

/// (content items, "content.create" + "content.save" audit entries): what a save would
/// change. (Signing in is audited too, so other entries are left out.)
fn counts(s: &TestSite) -> (i64, i64) {
    let mut conn = s.app.db.conn().expect("conn");
    let one = PageRequest::new(1, 1);
    let items = lantoa_store::content::list(&mut conn, &ContentFilter::default(), one)
        .expect("contents")
        .total;
    let mut audit = 0;
    for action in ["content.create", "content.save"] {
        let filter = AuditFilter {
            action: Some(action.to_owned()),
            ..AuditFilter::default()
        };
        audit += lantoa_store::audit::list(&mut conn, &filter, one)
            .expect("audit")
            .total;
    }
    (items, audit)
}

fn saved_row(s: &TestSite, id: i64) -> lantoa_store::content::ContentRow {
    let mut conn = s.app.db.conn().expect("conn");
    lantoa_store::content::get(&mut conn, id)
        .expect("query")
        .expect("item exists")
}

/// Creates a draft of the college through the form; returns its id.
async fn college_draft(s: &TestSite, title: &str) -> i64 {
    let college = s.org_id("truong-cao-dang-kien-giang").to_string();
    let mut editor = s.signed_in("truong.cdkg@lantoa.test").await;
    let r = editor
        .submit(
            "/quan-tri/noi-dung/moi",
            "/quan-tri/noi-dung",
            &[
                ("organisation_id", &college),
                ("kind", "article"),
                ("title", title),
                ("body", "<p>Bản đã lưu.</p>"),
                ("topics", "iv-2-b"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    r.location().rsplit('/').next().unwrap().parse().unwrap()
}

both_engines!(async fn the_editor_is_loaded_on_the_content_form_only(db) {
    let s = site(db).await;
    let mut editor = s.signed_in("truong.cdkg@lantoa.test").await;
    let form = editor.get("/quan-tri/noi-dung/moi").await;
    assert_eq!(form.status, StatusCode::OK);
    for asset in ["admin/paste.js", "admin/editor.js", "admin/editor.css"] {
        assert!(form.body.contains(assets::url(asset)), "{asset} on the form");
    }
    // Without JavaScript the textarea is the field and the editor stays hidden.
    assert!(form.body.contains("<textarea id=\"body\" name=\"body\""));
    let editor_box = form.body.find("<div class=\"editor\" data-editor").expect("editor markup");
    let tag_end = form.body[editor_box..].find('>').unwrap() + editor_box;
    assert!(form.body[editor_box..tag_end].ends_with(" hidden"), "{}", &form.body[editor_box..tag_end]);
    assert!(form.body.contains("role=\"toolbar\" aria-label=\"Định dạng nội dung\""));
    assert!(form.body.contains("aria-keyshortcuts=\"Control+B\" title=\"Chữ đậm (Ctrl+B)\"><strong>Đậm</strong></button>"));
    // Drafts are kept per user and form: "<user id>:<form action>".
    let key_at = form.body.find("data-draft-key=\"").unwrap() + "data-draft-key=\"".len();
    let key = &form.body[key_at..key_at + form.body[key_at..].find('"').unwrap()];
    let (user, action) = key.split_once(':').expect("user:action");
    assert!(user.parse::<i64>().is_ok() && action == "/quan-tri/noi-dung", "{key}");
    assert!(form.body.contains(&format!("formaction=\"{PREVIEW}\" formtarget=\"_blank\">Xem trước")));

    let id = college_draft(&s, "Bản nháp có sẵn").await;
    let edit = editor.get(&format!("/quan-tri/noi-dung/{id}")).await;
    assert!(edit.body.contains(&format!("data-draft-key=\"{user}:/quan-tri/noi-dung/{id}\"")));
    assert!(edit.body.contains(&format!("formaction=\"{PREVIEW}?id={id}\"")));

    // Nowhere else: not on public pages, not on other back-office pages.
    let mut public = s.browser();
    let news = public.get("/tin-tuc").await;
    let at = news.body.find("href=\"/tin-tuc/").unwrap() + "href=\"".len();
    let article = news.body[at..at + news.body[at..].find('"').unwrap()].to_owned();
    for path in ["/", "/tin-tuc", article.as_str(), "/dang-nhap", "/tim-kiem?q=nghề"] {
        let page = public.get(path).await;
        assert_eq!(page.status, StatusCode::OK, "{path}");
        assert!(!page.body.contains("/static/admin/"), "{path}");
    }
    for path in ["/quan-tri", "/quan-tri/noi-dung", "/quan-tri/chuong-trinh"] {
        let page = editor.get(path).await;
        assert_eq!(page.status, StatusCode::OK, "{path}");
        assert!(!page.body.contains("/static/admin/"), "{path}");
    }
});

both_engines!(async fn the_preview_shows_the_cleaned_body_and_saves_nothing(db) {
    let s = site(db).await;
    let college = s.org_id("truong-cao-dang-kien-giang").to_string();
    let mut editor = s.signed_in("truong.cdkg@lantoa.test").await;
    let before = counts(&s);
    let body = "<h2 class=\"MsoHeading2\" style=\"color:red\">Chỉ tiêu 2026</h2>\r\n<p onclick=\"alert(1)\">Tuyển <strong>120</strong> chỗ, <a href=\"javascript:alert(2)\">xem</a> <a href=\"https://kgc.edu.vn/\">trang trường</a>.</p><script>alert(3)</script><ul><li>Công nghệ ô tô</li></ul>";
    let r = editor
        .submit("/quan-tri/noi-dung/moi", PREVIEW, &[("organisation_id", &college), ("kind", "article"), ("title", "Tuyển sinh cao đẳng 2026"), ("summary", "Chỉ tiêu mới của trường."), ("body", body), ("topics", "iv-2-b")])
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert!(r.body.contains("Bản xem trước, chưa lưu."));
    assert!(!r.body.contains("Khi lưu cần sửa"), "nothing to fix");
    // The public article template: title, date and organisation, summary, the cleaned body.
    assert!(r.body.contains("<h1>Tuyển sinh cao đẳng 2026</h1>"));
    assert!(r.body.contains("26/11/2026</time> · Trường Cao đẳng Kiên Giang"));
    assert!(r.body.contains("<p class=\"lead\"><strong>Chỉ tiêu mới của trường.</strong></p>"));
    assert!(
        r.body.contains("<div class=\"prose\"><h2>Chỉ tiêu 2026</h2>\n<p>Tuyển <strong>120</strong> chỗ, <a rel=\"noopener noreferrer\">xem</a> <a href=\"https://kgc.edu.vn/\" rel=\"noopener noreferrer\">trang trường</a>.</p><ul><li>Công nghệ ô tô</li></ul></div>"),
        "{}",
        r.body
    );
    for gone in ["alert(", "onclick", "MsoHeading2", "color:red"] {
        assert!(!r.body.contains(gone), "{gone}");
    }
    assert!(r.body.contains("href=\"/chu-de/iv-2-b\""), "breadcrumb and topics through IV.2.b");
    // Not for search engines, not for sharing.
    assert!(r.body.contains("<meta name=\"robots\" content=\"noindex\">"));
    assert!(!r.body.contains("facebook.com/sharer") && !r.body.contains("Tin liên quan"));
    assert_eq!(r.headers.get("cache-control").map(|v| v.to_str().unwrap()), Some("no-store"));

    // Nothing was saved: no item, no history, no audit entry, nothing public.
    assert_eq!(counts(&s), before);
    assert_eq!(s.browser().get("/tin-tuc/tuyen-sinh-cao-dang-2026").await.status, StatusCode::NOT_FOUND);
    assert!(!editor.get("/quan-tri/noi-dung").await.body.contains("Tuyển sinh cao đẳng 2026"));

    // What a save would refuse is listed above what can be shown.
    let r = editor
        .submit("/quan-tri/noi-dung/moi", PREVIEW, &[("organisation_id", &college), ("kind", "article"), ("title", " "), ("body", "Chỉ một đoạn < 5 dòng.")])
        .await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.body.contains("Khi lưu cần sửa:") && r.body.contains("<li>Vui lòng nhập tiêu đề.</li>"), "{}", r.body);
    assert!(r.body.contains("<div class=\"prose\"><p>Chỉ một đoạn &lt; 5 dòng.</p></div>"));

    // Legacy TCVN3 text is converted as a save would, and the editor told.
    let r = editor
        .submit("/quan-tri/noi-dung/moi", PREVIEW, &[("organisation_id", &college), ("kind", "article"), ("title", "KÕ ho¹ch tuyÓn sinh"), ("body", "<p>Tr\u{AD}êng häc <strong>nghÒ</strong></p>")])
        .await;
    assert!(r.body.contains("<h1>Kế hoạch tuyển sinh</h1>"), "{}", r.body);
    assert!(r.body.contains("<p>Trường học <strong>nghề</strong></p>"));
    assert!(r.body.contains("Đã chuyển văn bản mã TCVN3 sang Unicode (tiêu đề, nội dung)."));

    // Previewing changes to a saved draft leaves the draft as it was.
    let id = college_draft(&s, "Bản nháp sẽ sửa").await;
    let saved = saved_row(&s, id);
    let before = counts(&s);
    let r = editor
        .submit(&format!("/quan-tri/noi-dung/{id}"), &format!("{PREVIEW}?id={id}"), &[("organisation_id", &college), ("kind", "article"), ("title", "Bản nháp sẽ sửa"), ("body", "<p>Bản <em>đang sửa</em>.</p>"), ("topics", "iv-2-b")])
        .await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.body.contains("<div class=\"prose\"><p>Bản <em>đang sửa</em>.</p></div>"));
    assert!(!r.body.contains("đã được dùng"), "its own slug is not taken");
    assert_eq!(saved_row(&s, id), saved);
    assert_eq!(counts(&s), before);
    assert!(editor.get(&format!("/quan-tri/noi-dung/{id}")).await.body.contains("Bản đã lưu."));
});

both_engines!(async fn only_the_organisations_editors_may_preview(db) {
    let s = site(db).await;
    let college = s.org_id("truong-cao-dang-kien-giang").to_string();
    let paper = s.org_id("bao-kien-giang").to_string();
    let id = college_draft(&s, "Bài của trường").await;
    let fields = |org: &str| vec![("organisation_id", org.to_owned()), ("kind", "article".to_owned()), ("title", "Xem trộm".to_owned()), ("body", "<p>Nội dung xem trộm</p>".to_owned())];
    let before = counts(&s);

    // The paper's editor, for the college.
    let mut journalist = s.signed_in("phongvien@lantoa.test").await;
    let f = fields(&college);
    let f: Vec<(&str, &str)> = f.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let r = journalist.submit("/quan-tri/noi-dung/moi", PREVIEW, &f).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert!(!r.body.contains("Nội dung xem trộm"));
    // Nor with the college's item and the paper as author.
    let f = fields(&paper);
    let f: Vec<(&str, &str)> = f.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let r = journalist.submit("/quan-tri/noi-dung/moi", &format!("{PREVIEW}?id={id}"), &f).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    // For the paper itself, yes.
    let r = journalist.submit("/quan-tri/noi-dung/moi", PREVIEW, &f).await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.body.contains("Nội dung xem trộm") && r.body.contains("Báo Kiên Giang"));

    // A viewer writes for no organisation.
    let mut viewer = s.signed_in("huyen.hondat@lantoa.test").await;
    let f = fields("");
    let f: Vec<(&str, &str)> = f.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let r = viewer.submit("/quan-tri", PREVIEW, &f).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);

    // CSRF-checked like every back-office POST; signed out, nothing either.
    let mut editor = s.signed_in("truong.cdkg@lantoa.test").await;
    let f = fields(&college);
    let f: Vec<(&str, &str)> = f.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let r = editor.post(PREVIEW, &f).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert!(!r.body.contains("Nội dung xem trộm"));
    let r = s.browser().post(PREVIEW, &f).await;
    assert_ne!(r.status, StatusCode::OK);
    assert!(!r.body.contains("Nội dung xem trộm"));
    assert_eq!(counts(&s), before);
});
