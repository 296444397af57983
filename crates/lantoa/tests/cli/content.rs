//! `lantoa import content FILE.jsonl` on both engines: good lines go in and are published,
//! bad lines are listed with their number, field and reason, progress goes to stderr, and a
//! second run recognises what is already there.

use lantoa_domain::content::ContentKind;
use lantoa_store::{DatabaseUrl, Db, both_engines};

use super::support::{TempDir, lantoa, text};

fn seed(db: &Db) -> String {
    let app = lantoa_app::App::new(
        db.clone(),
        std::sync::Arc::new(lantoa_app::SystemClock),
        lantoa_app::AuthConfig::for_tests(),
    )
    .unwrap();
    let mut c = app.db.conn().unwrap();
    lantoa_app::demo::seed(&app, &mut c).unwrap();
    match db.url() {
        DatabaseUrl::Sqlite(p) => format!("sqlite://{}", p.display()),
        DatabaseUrl::Postgres(u) => u.clone(),
    }
}

fn import(dir: &TempDir, url: &str, file: &std::path::Path) -> (Option<i32>, String, String) {
    let o = lantoa(dir.path())
        .args([
            "--database-url",
            url,
            "import",
            "content",
            file.to_str().unwrap(),
        ])
        .output()
        .unwrap();
    let (out, err) = text(&o);
    (o.status.code(), out, err)
}

const GOOD_1: &str = r#"{"external_id": "cms-1", "title": "Khai giảng lớp hàn điện", "summary": "Ba mươi học viên.", "body_html": "<p>Lớp học <strong>miễn phí</strong>.</p>", "published_at": "2024-09-05T08:00:00+07:00", "topics": ["iv-1-c"], "organisation": "trung-tam-gdnn-gdtx-hon-dat", "cover_image": "uploads/han.jpg"}"#;
const GOOD_2: &str = r#"{"external_id": "cms-2", "title": "Thi tay nghề", "body_text": "Hai mươi thí sinh.", "published_at": "05/10/2024", "organisation": "Trường Cao đẳng Kiên Giang"}"#;

both_engines!(fn importing_content_takes_good_lines_and_reports_bad_ones(db) {
    let url = seed(db);
    let dir = TempDir::new("content");
    let file = dir.path().join("tin-bai.jsonl");
    let bad = [
        r#"{"external_id": "cms-3", "title": "Thiếu ngoặc""#,
        r#"{"external_id": "cms-4", "title": "Chủ đề lạ", "body_text": "x", "published_at": "2024-10-05", "topics": ["iv-9"], "organisation": "bao-kien-giang"}"#,
        r#"{"external_id": "cms-5", "title": "Đơn vị lạ", "body_text": "x", "published_at": "2024-10-05", "organisation": "Báo Không Có"}"#,
        r#"{"external_id": "cms-6", "body_text": "Không tiêu đề", "published_at": "2024-10-05", "organisation": "bao-kien-giang"}"#,
        r#"{"external_id": "cms-7", "title": "Ngày sai", "body_text": "x", "published_at": "5 tháng 10", "organisation": "bao-kien-giang"}"#,
    ];
    std::fs::write(&file, format!("{GOOD_1}\n{}\n{GOOD_2}\n{}\n", bad[0], bad[1..].join("\n"))).unwrap();
    let (code, out, err) = import(&dir, &url, &file);
    assert_eq!(code, Some(1), "{out}\n{err}");
    assert!(out.contains("Đã đọc 7 dòng: 2 nội dung mới, 0 cập nhật, 0 không đổi, 0 bỏ qua, 5 dòng bị từ chối."), "{out}");
    for line in [
        "Đã xử lý 7/7 dòng…",
        // The cover is read relative to the file's folder; there is no such image there.
        "dòng 1, trường cover_image: Không dùng được ảnh bìa “uploads/han.jpg”: Không đọc được tệp ảnh bìa",
        "dòng 2: Dòng không phải JSON hợp lệ",
        "dòng 4, trường topics: Chủ đề “iv-9” không có trong danh sách của kế hoạch",
        "dòng 5, trường organisation: Không có đơn vị “Báo Không Có”",
        "dòng 6, trường title: Thiếu tiêu đề (title).",
        "dòng 7, trường published_at: Ngày xuất bản “5 tháng 10” không đúng dạng",
        "5 dòng bị từ chối",
    ] {
        assert!(err.contains(line), "missing {line:?} in\n{err}");
    }
    // The good lines are public.
    let mut c = db.conn().unwrap();
    let row = lantoa_store::content::by_external_id(&mut c, "cms-1").unwrap().unwrap();
    let item = lantoa_app::content::public_item(&mut c, ContentKind::Article, &row.slug).unwrap();
    assert_eq!(item.body.as_str(), "<p>Lớp học <strong>miễn phí</strong>.</p>");

    // Fixed and run again: the fixed lines are new, the others recognised, nothing doubled.
    let fixed = [
        GOOD_1.to_owned(),
        r#"{"external_id": "cms-3", "title": "Đủ ngoặc", "body_text": "x", "published_at": "2024-10-05", "organisation": "bao-kien-giang"}"#.to_owned(),
        GOOD_2.replace("Thi tay nghề", "Hội thi tay nghề"),
    ];
    std::fs::write(&file, fixed.join("\n")).unwrap();
    let (code, out, err) = import(&dir, &url, &file);
    assert_eq!(code, Some(0), "{out}\n{err}");
    assert!(out.contains("Đã đọc 3 dòng: 1 nội dung mới, 1 cập nhật, 1 không đổi, 0 bỏ qua, 0 dòng bị từ chối."), "{out}");
    let page = lantoa_app::content::published(&mut c, None, None, lantoa_store::PageRequest::new(1, 200)).unwrap();
    let imported: Vec<_> = page.items.iter().filter_map(|i| i.content.external_id.clone()).collect();
    assert_eq!(imported.len(), 3, "{imported:?}");
    let row = lantoa_store::content::by_external_id(&mut c, "cms-2").unwrap().unwrap();
    assert_eq!(row.title, "Hội thi tay nghề");
});

both_engines!(fn a_long_content_file_shows_its_progress(db) {
    let url = seed(db);
    let dir = TempDir::new("content-long");
    let file = dir.path().join("dai.jsonl");
    let lines: Vec<String> = (1..=250)
        .map(|n| format!(r#"{{"external_id": "dai-{n}", "title": "Tin ngắn số {n}", "body_text": "Nội dung {n}.", "published_at": "2025-01-01", "organisation": "bao-kien-giang"}}"#))
        .collect();
    std::fs::write(&file, lines.join("\n")).unwrap();
    let (code, out, err) = import(&dir, &url, &file);
    assert_eq!(code, Some(0), "{out}\n{err}");
    for step in ["Đã xử lý 100/250 dòng…", "Đã xử lý 200/250 dòng…", "Đã xử lý 250/250 dòng…"] {
        assert!(err.contains(step), "missing {step} in\n{err}");
    }
    assert!(out.contains("250 nội dung mới"), "{out}");
});
