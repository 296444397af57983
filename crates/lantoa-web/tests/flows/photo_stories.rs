//! Photo stories over HTTP (docs/adr/0018-content-kinds.md): the gallery rows of the content
//! form without JavaScript ("Thêm ảnh" adds rows and saves nothing; a refusal keeps what was
//! typed), the public page at `/phong-su-anh/{slug}` with figures, `srcset`, lazy loading and
//! captions with credits, and every list, the search and the sitemap linking there.

use std::io::Cursor;

use axum::http::StatusCode;
use image::{ImageFormat, Rgb, RgbImage};
use lantoa_store::both_engines;

use super::support::{Browser, TestSite, site};

fn jpeg(width: u32, height: u32) -> Vec<u8> {
    let img = RgbImage::from_fn(width, height, |x, y| {
        Rgb([(x % 256) as u8, (y % 256) as u8, ((x + y) % 200) as u8])
    });
    let mut out = Cursor::new(Vec::new());
    img.write_to(&mut out, ImageFormat::Jpeg).expect("encode");
    out.into_inner()
}

async fn upload(s: &TestSite, b: &mut Browser, alt: &str, credit: &str) -> String {
    let college = s.org_id("truong-cao-dang-kien-giang").to_string();
    let form = b.get("/quan-tri/thu-vien/tai-len").await;
    let action = format!("/quan-tri/thu-vien?_csrf={}", form.csrf_in_action());
    let r = b
        .post_multipart(
            &action,
            &[
                ("organisation_id", &college),
                ("alt", alt),
                ("credit", credit),
            ],
            ("file", "anh.jpg", "image/jpeg", &jpeg(1200, 800)),
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    r.location().rsplit('/').next().unwrap().to_owned()
}

both_engines!(async fn a_photo_story_is_written_without_javascript_and_shown_as_figures(db) {
    let s = site(db).await;
    let college = s.org_id("truong-cao-dang-kien-giang").to_string();
    let mut editor = s.signed_in("truong.cdkg@lantoa.test").await;
    let first = upload(&s, &mut editor, "Học viên lắp tủ điện", "Phòng Đào tạo").await;
    let second = upload(&s, &mut editor, "Giáo viên kiểm tra mạch", "").await;

    // The form offers the kind, blank gallery rows with the library's images, and "Thêm ảnh".
    let form = editor.get("/quan-tri/noi-dung/moi").await;
    assert!(form.body.contains("<option value=\"photo_story\""), "{}", form.body);
    assert!(form.body.contains("<select id=\"g1_media\" name=\"g1_media\"") && form.body.contains("id=\"g3_caption\""));
    assert!(!form.body.contains("id=\"g4_media\""));
    assert!(form.body.contains(&format!("<option value=\"{first}\">Học viên lắp tủ điện (CĐ Kiên Giang)</option>")), "{}", form.body);
    assert!(form.body.contains("name=\"gallery_add\""));

    let typed = [
        ("organisation_id", college.as_str()),
        ("kind", "photo_story"),
        ("title", "Lớp điện công nghiệp"),
        ("summary", "Một buổi thực hành."),
        ("body", ""),
        ("topics", "iv-2-a"),
        ("g1_media", second.as_str()),
        ("g1_caption", "Thầy kiểm tra mạch điện"),
        ("g1_credit", "Minh Anh"),
        ("g1_order", "2"),
        ("g2_media", first.as_str()),
        ("g2_caption", "Học viên lắp tủ điện"),
        ("g2_credit", ""),
        ("g2_order", "1"),
        ("g3_media", ""),
        ("g3_caption", ""),
        ("g3_credit", ""),
        ("g3_order", ""),
    ];
    // "Thêm ảnh": the same form with three more rows, what was typed kept, nothing saved.
    let mut more: Vec<(&str, &str)> = typed.to_vec();
    more.push(("gallery_add", "1"));
    let r = editor.submit("/quan-tri/noi-dung/moi", "/quan-tri/noi-dung", &more).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert!(r.body.contains("id=\"g6_media\"") && !r.body.contains("id=\"g7_media\""));
    assert!(r.body.contains("value=\"Thầy kiểm tra mạch điện\"") && r.body.contains("value=\"Lớp điện công nghiệp\""));
    let list = editor.get("/quan-tri/noi-dung").await;
    assert!(!list.body.contains("Lớp điện công nghiệp"), "nothing saved by Thêm ảnh");

    // A caption too long comes back beside its row, with everything typed.
    let long = "Rất dài ".repeat(70);
    let mut bad: Vec<(&str, &str)> = typed.to_vec();
    bad[7] = ("g1_caption", long.as_str());
    let r = editor.submit("/quan-tri/noi-dung/moi", "/quan-tri/noi-dung", &bad).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert!(r.body.contains("<p class=\"field__error\" id=\"g1_caption-error\">Chú thích ảnh 1 không quá 500 ký tự"), "{}", r.body);
    assert!(r.body.contains("href=\"#g1_caption\""), "the error summary links to the field");
    assert!(r.body.contains("value=\"Học viên lắp tủ điện\"") && r.body.contains(&format!("<option value=\"{second}\" selected>")));

    let r = editor.submit("/quan-tri/noi-dung/moi", "/quan-tri/noi-dung", &typed).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let item = r.location().to_owned();
    let id = item.rsplit('/').next().unwrap().to_owned();
    let edit = editor.get(&item).await;
    // Saved in the chosen order: the first image is now row 1.
    assert!(edit.body.contains(&format!("<option value=\"{first}\" selected>")));
    let row1 = &edit.body[edit.body.find("id=\"g1_media\"").unwrap()..edit.body.find("id=\"g2_media\"").unwrap()];
    assert!(row1.contains(&format!("<option value=\"{first}\" selected>")), "{row1}");
    assert!(edit.body.contains("id=\"g1_remove\""));
    let a = format!("/quan-tri/noi-dung/{id}/gui-duyet");
    assert_eq!(editor.submit(&a, &a, &[]).await.status, StatusCode::SEE_OTHER);
    let mut approver = s.signed_in("duyet.cdkg@lantoa.test").await;
    let a = format!("/quan-tri/noi-dung/{id}/xuat-ban");
    assert_eq!(approver.submit(&a, &a, &[]).await.status, StatusCode::SEE_OTHER);

    let mut public = s.browser();
    let page = public.get("/phong-su-anh/lop-dien-cong-nghiep").await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert!(page.body.contains("<a href=\"/phong-su-anh\">Phóng sự ảnh</a>"), "breadcrumb: {}", page.body);
    let figures: Vec<&str> = page.body.split("<figure class=\"gallery__item\">").skip(1).collect();
    assert_eq!(figures.len(), 2);
    assert!(figures[0].contains("alt=\"Học viên lắp tủ điện\" loading=\"lazy\""), "{}", figures[0]);
    assert!(figures[0].contains("srcset=\"/media/") && figures[0].contains(" 1024w, ") && figures[0].contains("width=\"1200\" height=\"800\""));
    assert!(figures[0].contains("<figcaption>Học viên lắp tủ điện <span class=\"gallery__credit\">Ảnh: Phòng Đào tạo</span></figcaption>"), "{}", figures[0]);
    assert!(figures[1].contains("<figcaption>Thầy kiểm tra mạch điện <span class=\"gallery__credit\">Ảnh: Minh Anh</span></figcaption>"), "{}", figures[1]);
    assert!(!page.body.contains("<script src=\"http") && !page.body.contains("src=\"//"));
    // Not an article.
    assert_eq!(public.get("/tin-tuc/lop-dien-cong-nghiep").await.status, StatusCode::NOT_FOUND);
    // Its list, its topic, the search and the sitemap link to its own address.
    let list = public.get("/phong-su-anh").await;
    assert!(list.body.contains("<a href=\"/phong-su-anh/lop-dien-cong-nghiep\">Lớp điện công nghiệp</a>"), "{}", list.body);
    let topic = public.get("/chu-de/iv-2-a").await;
    assert!(topic.body.contains("href=\"/phong-su-anh/lop-dien-cong-nghiep\""));
    let found = public.get("/tim-kiem?q=lop+dien+cong+nghiep").await;
    assert!(found.body.contains("href=\"/phong-su-anh/lop-dien-cong-nghiep\""), "{}", found.body);
    let found = public.get("/tim-kiem?q=lop+dien&loai=photo_story").await;
    assert_eq!(found.status, StatusCode::OK);
    assert!(found.body.contains("Phóng sự ảnh"));
    let sitemap = public.get("/sitemap.xml").await;
    assert!(sitemap.body.contains("<loc>http://127.0.0.1:8080/phong-su-anh/lop-dien-cong-nghiep</loc>"));
    assert!(sitemap.body.contains("<loc>http://127.0.0.1:8080/phong-su-anh</loc>"));
    // The back office's link to the public page is the right one too.
    let edit = editor.get(&item).await;
    assert!(edit.body.contains("href=\"/phong-su-anh/lop-dien-cong-nghiep\">Xem trên cổng thông tin"));
});
