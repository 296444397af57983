//! Publications over HTTP (docs/adr/0024-publications.md): the content form's PDF choice
//! (refusals keep what was typed), the public page at `/an-pham/{slug}` with the download
//! link and its size, the list `/an-pham` and the sitemap.

use std::io::Cursor;

use axum::http::StatusCode;
use image::{ImageFormat, Rgb, RgbImage};
use lantoa_store::both_engines;

use super::support::{Browser, TestSite, site};

fn jpeg(width: u32, height: u32, colour: [u8; 3]) -> Vec<u8> {
    let img = RgbImage::from_pixel(width, height, Rgb(colour));
    let mut out = Cursor::new(Vec::new());
    img.write_to(&mut out, ImageFormat::Jpeg).expect("encode");
    out.into_inner()
}

async fn upload(s: &TestSite, b: &mut Browser, alt: &str, file: (&str, &str, &[u8])) -> String {
    let college = s.org_id("truong-cao-dang-kien-giang").to_string();
    let form = b.get("/quan-tri/thu-vien/tai-len").await;
    let action = format!("/quan-tri/thu-vien?_csrf={}", form.csrf_in_action());
    let r = b
        .post_multipart(
            &action,
            &[("organisation_id", &college), ("alt", alt), ("credit", "")],
            ("file", file.0, file.1, file.2),
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    r.location().rsplit('/').next().unwrap().to_owned()
}

both_engines!(async fn a_publication_offers_its_pdf_for_download_at_its_own_address(db) {
    let s = site(db).await;
    let college = s.org_id("truong-cao-dang-kien-giang").to_string();
    let mut editor = s.signed_in("truong.cdkg@lantoa.test").await;
    let page = jpeg(280, 397, [30, 110, 60]);
    let pdf = lantoa_app::publications::picture_pdf(&page, (280, 397), 420, 595);
    let doc = upload(&s, &mut editor, "Tờ rơi ngành điện công nghiệp", ("to-roi.pdf", "application/pdf", &pdf)).await;
    let cover = upload(&s, &mut editor, "Học viên lắp tủ điện", ("anh.jpg", "image/jpeg", &jpeg(800, 600, [200, 200, 40]))).await;

    let form = editor.get("/quan-tri/noi-dung/moi").await;
    assert!(form.body.contains("<option value=\"publication\">Ấn phẩm</option>"), "{}", form.body);
    assert!(form.body.contains(&format!("<option value=\"{doc}\">Tờ rơi ngành điện công nghiệp (CĐ Kiên Giang, ")), "{}", form.body);

    let typed = vec![
        ("organisation_id", college.as_str()),
        ("kind", "publication"),
        ("title", "Tờ rơi tuyển sinh ngành điện"),
        ("summary", "Ngành học, thời gian và học phí."),
        ("body", ""),
        ("topics", "iv-2-a"),
        ("cover_media_id", cover.as_str()),
        ("document_media_id", ""),
    ];
    // No PDF: the message beside the field, what was typed kept.
    let r = editor.submit("/quan-tri/noi-dung/moi", "/quan-tri/noi-dung", &typed).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert!(r.body.contains("<p class=\"field__error\" id=\"document_media_id-error\">Ấn phẩm cần một tệp PDF"), "{}", r.body);
    assert!(r.body.contains("href=\"#document_media_id\""), "the error summary links to the field");
    assert!(r.body.contains("value=\"Tờ rơi tuyển sinh ngành điện\"") && r.body.contains("Ngành học, thời gian và học phí."));

    let mut good = typed.clone();
    good[7] = ("document_media_id", doc.as_str());
    let r = editor.submit("/quan-tri/noi-dung/moi", "/quan-tri/noi-dung", &good).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let item = r.location().to_owned();
    let id = item.rsplit('/').next().unwrap().to_owned();
    let edit = editor.get(&item).await;
    assert!(edit.body.contains(&format!("<option value=\"{doc}\" selected>")), "the saved PDF is chosen: {}", edit.body);
    let a = format!("/quan-tri/noi-dung/{id}/gui-duyet");
    assert_eq!(editor.submit(&a, &a, &[]).await.status, StatusCode::SEE_OTHER);
    let mut approver = s.signed_in("duyet.cdkg@lantoa.test").await;
    let a = format!("/quan-tri/noi-dung/{id}/xuat-ban");
    assert_eq!(approver.submit(&a, &a, &[]).await.status, StatusCode::SEE_OTHER);

    let mut public = s.browser();
    let page = public.get("/an-pham/to-roi-tuyen-sinh-nganh-dien").await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert!(page.body.contains("<a href=\"/an-pham\">Ấn phẩm</a>"), "breadcrumb: {}", page.body);
    let start = page.body.find("<p class=\"publication__download\">").expect("a download link");
    let link = &page.body[start..start + page.body[start..].find("</p>").unwrap()];
    assert!(link.contains("type=\"application/pdf\">Tải ấn phẩm “Tờ rơi ngành điện công nghiệp” <span class=\"publication__size\">(PDF, "), "{link}");
    // The leaflet's one page, read by pdfinfo when the item was saved (when Poppler is here:
    // CI installs it; without it the count is simply not shown).
    if std::process::Command::new(lantoa_app::publications::INSPECTOR).arg("-v").output().is_ok() {
        assert!(link.contains("(PDF, 1 trang, "), "{link}");
    } else {
        assert!(!link.contains("trang"), "{link}");
        eprintln!("SKIPPED: the page count (pdfinfo is not installed)");
    }
    let href = link.split("href=\"").nth(1).unwrap().split('"').next().unwrap();
    let file = public.get(href).await;
    assert_eq!(file.status, StatusCode::OK);
    assert_eq!(file.headers.get("content-type").unwrap(), "application/pdf");
    assert!(file.body.starts_with("%PDF-1.4"));
    assert!(page.body.contains("alt=\"Học viên lắp tủ điện\""), "the chosen cover");
    assert_eq!(public.get("/tin-tuc/to-roi-tuyen-sinh-nganh-dien").await.status, StatusCode::NOT_FOUND);
    let list = public.get("/an-pham").await;
    assert!(list.body.contains("<a href=\"/an-pham/to-roi-tuyen-sinh-nganh-dien\">Tờ rơi tuyển sinh ngành điện</a>"), "{}", list.body);
    let sitemap = public.get("/sitemap.xml").await;
    assert!(sitemap.body.contains("<loc>http://127.0.0.1:8080/an-pham/to-roi-tuyen-sinh-nganh-dien</loc>"));
    assert!(sitemap.body.contains("<loc>http://127.0.0.1:8080/an-pham</loc>"));
    let found = public.get("/tim-kiem?q=to+roi+tuyen+sinh&loai=publication").await;
    assert!(found.body.contains("href=\"/an-pham/to-roi-tuyen-sinh-nganh-dien\""), "{}", found.body);
});
