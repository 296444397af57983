//! The media library over HTTP: uploads (multipart, streamed), refusals with the form kept,
//! 413 for an oversized file, the files served with immutable caching, covers on articles
//! with `srcset` and `og:image`, and who may do what.

use std::io::Cursor;

use axum::http::{StatusCode, header};
use image::{ImageFormat, Rgb, RgbImage};
use lantoa_store::both_engines;

use super::support::{Browser, Resp, TestSite, site, site_with_limit};

fn jpeg(width: u32, height: u32) -> Vec<u8> {
    let img = RgbImage::from_fn(width, height, |x, y| {
        Rgb([(x % 256) as u8, (y % 256) as u8, ((x + y) % 200) as u8])
    });
    let mut out = Cursor::new(Vec::new());
    img.write_to(&mut out, ImageFormat::Jpeg).expect("encode");
    out.into_inner()
}

async fn upload(
    b: &mut Browser,
    org: &str,
    alt: &str,
    credit: &str,
    name: &str,
    bytes: &[u8],
) -> Resp {
    let form = b.get("/quan-tri/thu-vien/tai-len").await;
    assert_eq!(form.status, StatusCode::OK, "{}", form.body);
    let action = format!("/quan-tri/thu-vien?_csrf={}", form.csrf_in_action());
    b.post_multipart(
        &action,
        &[("organisation_id", org), ("alt", alt), ("credit", credit)],
        ("file", name, "image/jpeg", bytes),
    )
    .await
}

/// The stored file names on a page (`/media/<32 hex>.<ext>`), in order of appearance.
fn media_urls(body: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = body;
    while let Some(i) = rest.find("/media/") {
        let tail = &rest[i..];
        let end = tail
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '/' || c == '.'))
            .unwrap_or(tail.len());
        let url = &tail[..end];
        if url.len() > "/media/".len() + 32 && !out.contains(&url.to_owned()) {
            out.push(url.to_owned());
        }
        rest = &tail[end..];
    }
    out
}

/// The widths of the first `srcset` on a page, each entry checked to be a stored file.
fn srcset_widths(body: &str) -> Vec<String> {
    let start = body.find("srcset=\"").expect("a srcset") + "srcset=\"".len();
    let end = body[start..].find('"').unwrap() + start;
    body[start..end]
        .split(", ")
        .map(|entry| {
            let (url, width) = entry.split_once(' ').unwrap();
            assert!(url.starts_with("/media/") && url.ends_with(".jpg"), "{url}");
            width.to_owned()
        })
        .collect()
}

async fn uploaded_id(s: &TestSite, b: &mut Browser, alt: &str) -> i64 {
    let college = s.org_id("truong-cao-dang-kien-giang").to_string();
    let r = upload(
        b,
        &college,
        alt,
        "Ảnh: Phòng Đào tạo",
        "xuong.jpg",
        &jpeg(1800, 1000),
    )
    .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    r.location().rsplit('/').next().unwrap().parse().unwrap()
}

both_engines!(async fn an_upload_is_listed_and_served_with_long_caching(db) {
    let s = site(db).await;
    let mut editor = s.signed_in("truong.cdkg@lantoa.test").await;
    let empty = editor.get("/quan-tri/thu-vien").await;
    assert_eq!(empty.status, StatusCode::OK);
    assert!(empty.body.contains("Thư viện chưa có tệp nào"));
    let id = uploaded_id(&s, &mut editor, "Học viên thực hành hàn tại xưởng").await;
    let show = editor.get(&format!("/quan-tri/thu-vien/{id}")).await;
    assert!(show.body.contains("Đã tải lên thư viện."));
    assert!(show.body.contains("1600 × 889") && show.body.contains("320 × 178"), "{}", show.body);
    assert!(show.body.contains("xuong.jpg"));
    let list = editor.get("/quan-tri/thu-vien").await;
    assert!(list.body.contains("Học viên thực hành hàn tại xưởng") && list.body.contains("Nguồn: Ảnh: Phòng Đào tạo"));
    assert!(list.body.contains("Chưa dùng làm ảnh bìa."));
    let urls = media_urls(&show.body);
    assert_eq!(urls.len(), 4, "{urls:?}");
    // Served to anyone, cacheable for a year even for a signed-in user, never sniffed.
    for url in [&urls[0], &urls[3]] {
        let r = editor.get(url).await;
        assert_eq!(r.status, StatusCode::OK);
        assert_eq!(r.headers[header::CONTENT_TYPE], "image/jpeg");
        assert_eq!(r.headers[header::CACHE_CONTROL], "public, max-age=31536000, immutable");
        assert_eq!(r.headers[header::X_CONTENT_TYPE_OPTIONS], "nosniff");
    }
    // Alt text and credit can be corrected; alt text cannot be emptied.
    let item = format!("/quan-tri/thu-vien/{id}");
    let r = editor.submit(&item, &item, &[("alt", " "), ("credit", "Nguồn mới")]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("Vui lòng nhập mô tả ảnh") && r.body.contains("value=\"Nguồn mới\""));
    let r = editor.submit(&item, &item, &[("alt", "Học viên hàn ống tại xưởng"), ("credit", "Ảnh: Khoa Cơ khí")]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let show = editor.get(&item).await;
    assert!(show.body.contains("<h1>Học viên hàn ống tại xưởng</h1>") && show.body.contains("Ảnh: Khoa Cơ khí"));
    // The <img> to paste into a body (escaped inside its textarea): the 1024 px variant.
    assert!(show.body.contains("alt=&#34;Học viên hàn ống tại xưởng&#34; width=&#34;1024&#34; height=&#34;569&#34;&#62;</textarea>"), "{}", show.body);
    let mut public = s.browser();
    assert_eq!(public.get(&urls[1]).await.status, StatusCode::OK);
    // Names are checked: nothing else under /media is reachable.
    for bad in ["/media/..%2Flantoa.db", "/media/abc.jpg", "/media/0123456789abcdef0123456789abcdef.html", "/media/0123456789abcdef0123456789abcdef.jpg"] {
        assert_eq!(public.get(bad).await.status, StatusCode::NOT_FOUND, "{bad}");
    }
});

both_engines!(async fn bad_uploads_come_back_with_the_message_and_the_text_kept(db) {
    let s = site(db).await;
    let college = s.org_id("truong-cao-dang-kien-giang").to_string();
    let mut editor = s.signed_in("truong.cdkg@lantoa.test").await;
    // HTML named .jpg and sent as image/jpeg.
    let r = upload(&mut editor, &college, "Mô tả đã gõ", "Nguồn đã gõ", "anh.jpg", b"<html><script>alert(1)</script></html>").await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("không phải ảnh JPEG, PNG, WebP, GIF hay tài liệu PDF"), "{}", r.body);
    assert!(r.body.contains("value=\"Mô tả đã gõ\"") && r.body.contains("value=\"Nguồn đã gõ\""));
    assert!(r.body.contains("vui lòng chọn lại tệp"));
    // A corrupt image: the first half of a JPEG.
    let good = jpeg(400, 300);
    let r = upload(&mut editor, &college, "Ảnh hỏng", "", "hong.jpg", &good[..good.len() / 3]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("Ảnh bị hỏng hoặc không đọc được"), "{}", r.body);
    // No alt text.
    let r = upload(&mut editor, &college, "", "Nguồn giữ lại", "a.jpg", &good).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("Vui lòng nhập mô tả ảnh (văn bản thay thế)") && r.body.contains("value=\"Nguồn giữ lại\""));
    // Over the 10 MB limit: the whole body is read (no reset), the answer is the form with a
    // 413, the message beside the file and the text kept.
    let mut big = jpeg(64, 64);
    big.resize(10_500_000, 0);
    let r = upload(&mut editor, &college, "Ảnh rất lớn", "Nguồn lớn", "lon.jpg", &big).await;
    assert_eq!(r.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert!(r.body.contains("Tệp quá lớn (10,5 MB): tối đa 10 MB"), "{}", r.body);
    assert!(r.body.contains("value=\"Ảnh rất lớn\"") && r.body.contains("lang=\"vi\""));
    // Nothing was stored.
    let list = editor.get("/quan-tri/thu-vien").await;
    assert!(list.body.contains("Thư viện chưa có tệp nào"));
    assert!(std::fs::read_dir(s.media_dir.path().join("media")).map_or(true, |mut d| d.next().is_none()));
});

both_engines!(async fn a_cover_shows_on_the_article_and_in_lists_with_srcset_and_og_image(db) {
    let s = site(db).await;
    let college = s.org_id("truong-cao-dang-kien-giang").to_string();
    let mut editor = s.signed_in("truong.cdkg@lantoa.test").await;
    let id = uploaded_id(&s, &mut editor, "Sinh viên nhận bằng tốt nghiệp").await;
    let form = editor.get("/quan-tri/noi-dung/moi").await;
    assert!(form.body.contains(&format!("id=\"cover-{id}\" name=\"cover_media_id\" value=\"{id}\"")), "{}", form.body);
    let id_s = id.to_string();
    let r = editor
        .submit("/quan-tri/noi-dung/moi", "/quan-tri/noi-dung", &[("organisation_id", &college), ("kind", "article"), ("title", "Lễ tốt nghiệp khóa 2026"), ("summary", "Năm trăm tân kỹ sư, cử nhân."), ("body", "Sáng nay nhà trường trao bằng."), ("topics", "iv-2-b"), ("cover_media_id", &id_s)])
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let content_id: i64 = r.location().rsplit('/').next().unwrap().parse().unwrap();
    let edit = editor.get(r.location()).await;
    assert!(edit.body.contains(&format!("value=\"{id}\" checked")), "the chosen cover stays chosen");
    for action in ["gui-duyet"] {
        let a = format!("/quan-tri/noi-dung/{content_id}/{action}");
        assert_eq!(editor.submit(&a, &a, &[]).await.status, StatusCode::SEE_OTHER);
    }
    let mut approver = s.signed_in("duyet.cdkg@lantoa.test").await;
    let a = format!("/quan-tri/noi-dung/{content_id}/xuat-ban");
    assert_eq!(approver.submit(&a, &a, &[]).await.status, StatusCode::SEE_OTHER);

    let mut public = s.browser();
    let article = public.get("/tin-tuc/le-tot-nghiep-khoa-2026").await;
    assert_eq!(article.status, StatusCode::OK);
    assert_eq!(srcset_widths(&article.body), vec!["320w", "640w", "1024w", "1600w"], "{}", article.body);
    assert!(article.body.contains("sizes=\"(min-width: 50rem) 46rem, 100vw\""));
    assert!(article.body.contains("width=\"1600\" height=\"889\" alt=\"Sinh viên nhận bằng tốt nghiệp\" loading=\"lazy\""), "{}", article.body);
    assert!(article.body.contains("<figcaption>Ảnh: Phòng Đào tạo</figcaption>"));
    let og = "<meta property=\"og:image\" content=\"http://127.0.0.1:8080/media/";
    assert!(article.body.contains(og), "{}", article.body);
    assert!(article.body.contains("<meta property=\"og:image:alt\" content=\"Sinh viên nhận bằng tốt nghiệp\">"));
    // The og:image is the largest variant, and it is served.
    let start = article.body.find(og).unwrap() + og.len() - "/media/".len();
    let end = article.body[start..].find('"').unwrap() + start;
    let og_path = &article.body[start..end];
    assert!(article.body.contains(&format!("{og_path} 1600w")), "{og_path}");
    assert_eq!(public.get(og_path).await.headers[header::CONTENT_TYPE], "image/jpeg");
    for list in ["/tin-tuc", "/", "/chu-de/iv-2-b"] {
        let page = public.get(list).await;
        assert!(page.body.contains("class=\"card__image\"") && page.body.contains(" 320w, ") && page.body.contains("loading=\"lazy\""), "{list}");
        assert!(page.body.contains("alt=\"Sinh viên nhận bằng tốt nghiệp\""), "{list}");
    }
    // The library says where the image is used, and refuses to delete it.
    let lib = editor.get("/quan-tri/thu-vien").await;
    assert!(lib.body.contains("Ảnh bìa của: <a href=\"/quan-tri/noi-dung/"));
    let del = format!("/quan-tri/thu-vien/{id}/xoa");
    let r = editor.submit(&del, &del, &[]).await;
    assert_eq!(r.status, StatusCode::CONFLICT);
    assert!(r.body.contains("Không xóa được: ảnh đang là ảnh bìa của “Lễ tốt nghiệp khóa 2026”"), "{}", r.body);
    assert_eq!(public.get(og_path).await.status, StatusCode::OK, "still served");
});

both_engines!(async fn another_organisations_editor_is_refused(db) {
    let s = site(db).await;
    let college = s.org_id("truong-cao-dang-kien-giang").to_string();
    let mut editor = s.signed_in("truong.cdkg@lantoa.test").await;
    let id = uploaded_id(&s, &mut editor, "Cổng trường").await;
    let mut other = s.signed_in("phongvien@lantoa.test").await;
    // Not in their library, not theirs to change.
    assert!(!other.get("/quan-tri/thu-vien").await.body.contains("Cổng trường"));
    assert_eq!(other.get(&format!("/quan-tri/thu-vien/{id}")).await.status, StatusCode::FORBIDDEN);
    assert_eq!(other.get(&format!("/quan-tri/thu-vien/{id}/xoa")).await.status, StatusCode::FORBIDDEN);
    let token = other.get("/quan-tri/thu-vien").await.csrf();
    let r = other.post(&format!("/quan-tri/thu-vien/{id}/xoa"), &[("_csrf", &token)]).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let r = other.post(&format!("/quan-tri/thu-vien/{id}"), &[("_csrf", &token), ("alt", "Đổi"), ("credit", "")]).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    // An upload with the college's id typed in: refused, not moved to their organisation.
    let r = upload(&mut other, &college, "Ảnh", "", "a.jpg", &jpeg(100, 100)).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    // The college's image as a cover of a newspaper article: a message, not a cover.
    let paper = s.org_id("bao-kien-giang").to_string();
    let id_s = id.to_string();
    let r = other
        .submit("/quan-tri/noi-dung/moi", "/quan-tri/noi-dung", &[("organisation_id", &paper), ("kind", "article"), ("title", "Bài của báo"), ("body", "Nội dung."), ("cover_media_id", &id_s)])
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("Ảnh bìa phải là ảnh trong thư viện của đơn vị tác giả."));
    // Signed out: the sign-in page.
    let mut public = s.browser();
    let r = public.get("/quan-tri/thu-vien").await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    // The college editor may delete an unused item; its files go.
    let show = editor.get(&format!("/quan-tri/thu-vien/{id}")).await;
    let urls = media_urls(&show.body);
    let del = format!("/quan-tri/thu-vien/{id}/xoa");
    let r = editor.submit(&del, &del, &[]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert_eq!(public.get(&urls[0]).await.status, StatusCode::NOT_FOUND);
});

both_engines!(async fn the_upload_has_its_own_limit_and_other_bodies_keep_the_sites(db) {
    // A site whose request bodies are capped at 64 KiB.
    let s = site_with_limit(db, 64 * 1024).await;
    let college = s.org_id("truong-cao-dang-kien-giang").to_string();
    let mut editor = s.signed_in("truong.cdkg@lantoa.test").await;
    // A photo of a few hundred KB goes in: the upload streams under the media limit.
    let photo = jpeg(1600, 1200);
    assert!(photo.len() > 64 * 1024, "{}", photo.len());
    let r = upload(&mut editor, &college, "Ảnh lớn hơn giới hạn chung", "", "a.jpg", &photo).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    // Anything else posted there is held to the site's limit (not read whole by the CSRF
    // check), as everywhere else.
    let token = editor.get("/quan-tri/thu-vien").await.csrf();
    let big = "a".repeat(200 * 1024);
    let r = editor.post("/quan-tri/thu-vien", &[("_csrf", &token), ("alt", &big)]).await;
    assert_eq!(r.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert!(r.body.contains("Dữ liệu gửi lên quá lớn"));
});
