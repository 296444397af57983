use axum::http::StatusCode;
use lantoa_store::both_engines;

use super::support::site;

both_engines!(async fn an_article_goes_from_draft_to_the_public_and_is_withdrawn(db) {
    let s = site(db).await;
    let college = s.org_id("truong-cao-dang-kien-giang").to_string();
    let mut editor = s.signed_in("truong.cdkg@lantoa.test").await;
    let list = editor.get("/quan-tri/noi-dung").await;
    assert_eq!(list.status, StatusCode::OK);
    assert!(list.body.contains("href=\"/quan-tri/noi-dung\" aria-current=\"page\">Nội dung</a>"));
    let form = editor.get("/quan-tri/noi-dung/moi").await;
    assert!(form.body.contains("IV.2.b – Tuyển sinh, hướng nghiệp và khởi nghiệp"));

    // Mistakes come back with 422, messages beside the fields and what was typed.
    let r = editor
        .submit("/quan-tri/noi-dung/moi", "/quan-tri/noi-dung", &[("organisation_id", &college), ("kind", "article"), ("title", ""), ("summary", "Tóm tắt đã gõ"), ("body", "Đoạn đã gõ <b>"), ("topics", "iv-2-b")])
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("Vui lòng nhập tiêu đề.") && r.body.contains("Tóm tắt đã gõ") && r.body.contains("Đoạn đã gõ &#60;b&#62;"));
    assert!(r.body.contains("value=\"iv-2-b\" type=\"checkbox\" checked"));

    let r = editor
        .submit("/quan-tri/noi-dung/moi", "/quan-tri/noi-dung", &[("organisation_id", &college), ("kind", "article"), ("title", "Ngày hội việc làm tại trường"), ("summary", "Hai mươi doanh nghiệp tuyển dụng."), ("body", "Sáng nay <script>alert(1)</script> nhiều sinh viên đến.\r\n\r\nĐoạn thứ hai."), ("topics", "iv-2-b"), ("topics", "iv-3-a"), ("audiences", "iii-2")])
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let page = r.location().to_owned();
    let id: i64 = page.rsplit('/').next().unwrap().parse().unwrap();
    let show = editor.get(&page).await;
    assert!(show.body.contains("Đã lưu bản nháp.") && show.body.contains("Gửi duyệt"));
    // A draft is a 404 to the public.
    let mut public = s.browser();
    assert_eq!(public.get("/tin-tuc/ngay-hoi-viec-lam-tai-truong").await.status, StatusCode::NOT_FOUND);

    // The editor submits through the confirmation page; the editor cannot publish.
    let r = editor.submit(&format!("/quan-tri/noi-dung/{id}/gui-duyet"), &format!("/quan-tri/noi-dung/{id}/gui-duyet"), &[]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert_eq!(editor.get(&format!("/quan-tri/noi-dung/{id}/xuat-ban")).await.status, StatusCode::FORBIDDEN);

    // The approver returns it (a reason is required), the editor resubmits, the approver publishes.
    let mut approver = s.signed_in("duyet.cdkg@lantoa.test").await;
    let action = format!("/quan-tri/noi-dung/{id}/tra-lai");
    let r = approver.submit(&action, &action, &[("reason", "")]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("Vui lòng ghi rõ lý do trả lại"));
    let r = approver.submit(&action, &action, &[("reason", "Bổ sung tên doanh nghiệp.")]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let show = editor.get(&page).await;
    assert!(show.body.contains("Trả lại") && show.body.contains("Bổ sung tên doanh nghiệp."));
    let action = format!("/quan-tri/noi-dung/{id}/gui-duyet");
    assert_eq!(editor.submit(&action, &action, &[]).await.status, StatusCode::SEE_OTHER);
    let action = format!("/quan-tri/noi-dung/{id}/xuat-ban");
    assert_eq!(approver.submit(&action, &action, &[]).await.status, StatusCode::SEE_OTHER);

    // Public: listed, readable, escaped, with Open Graph and canonical.
    let news = public.get("/tin-tuc").await;
    assert_eq!(news.status, StatusCode::OK);
    assert!(news.body.contains("Ngày hội việc làm tại trường") && news.body.contains("26/11/2026"));
    assert!(news.body.contains("href=\"/tin-tuc\" aria-current=\"page\">Tin tức</a>"));
    let article = public.get("/tin-tuc/ngay-hoi-viec-lam-tai-truong").await;
    assert_eq!(article.status, StatusCode::OK);
    assert!(article.body.contains("<meta property=\"og:title\" content=\"Ngày hội việc làm tại trường\">"));
    assert!(article.body.contains("<meta property=\"og:type\" content=\"article\">"));
    assert!(article.body.contains("<link rel=\"canonical\" href=\"http://127.0.0.1:8080/tin-tuc/ngay-hoi-viec-lam-tai-truong\">"));
    // The body is HTML cleaned on save: the script and its text are gone, the paragraphs stay.
    assert!(!article.body.contains("alert(1)"));
    assert!(article.body.contains("<p>Sáng nay  nhiều sinh viên đến.</p>"), "{}", article.body);
    assert!(article.body.contains("<p>Đoạn thứ hai.</p>") && article.body.contains("Trường Cao đẳng Kiên Giang"));
    assert!(article.body.contains("href=\"/chu-de/iv-3-a\""));
    let topic = public.get("/chu-de/iv-3-a").await;
    assert!(topic.body.contains("Ngày hội việc làm tại trường"));
    assert_eq!(public.get("/chu-de/khong-co").await.status, StatusCode::NOT_FOUND);
    let home = public.get("/").await;
    assert!(home.body.contains("Tin mới") && home.body.contains("Ngày hội việc làm tại trường"));

    // Withdrawn: the URL stays with the notice.
    let action = format!("/quan-tri/noi-dung/{id}/go");
    assert_eq!(approver.submit(&action, &action, &[]).await.status, StatusCode::SEE_OTHER);
    let gone = public.get("/tin-tuc/ngay-hoi-viec-lam-tai-truong").await;
    assert_eq!(gone.status, StatusCode::GONE);
    assert!(gone.body.contains("Nội dung này đã được gỡ") && !gone.body.contains("Đoạn thứ hai."));
    assert!(!public.get("/tin-tuc").await.body.contains("Ngày hội việc làm tại trường"));
    // The history lists every step.
    let show = approver.get(&page).await;
    for step in ["Tạo bản nháp", "Gửi duyệt → Chờ duyệt", "Trả lại → Trả lại", "Xuất bản → Đã xuất bản", "Gỡ → Đã gỡ"] {
        assert!(show.body.contains(step), "{step}");
    }
    // Someone from another organisation cannot open it.
    let mut journalist = s.signed_in("phongvien@lantoa.test").await;
    assert_eq!(journalist.get(&page).await.status, StatusCode::FORBIDDEN);
});

both_engines!(async fn the_demo_news_is_on_the_home_page_and_in_the_list(db) {
    let s = site(db).await;
    let mut b = s.browser();
    let home = b.get("/").await;
    assert_eq!(home.status, StatusCode::OK);
    assert_eq!(home.body.matches("class=\"card__meta\"><time datetime=\"").count(), 3, "the latest three");
    let news = b.get("/tin-tuc").await;
    assert!(news.body.contains("Phân luồng sau THCS: những lựa chọn của học sinh lớp 9") && news.body.contains("24/11/2026"));
    let empty = b.get("/tin-tuc?trang=9").await;
    assert!(empty.body.contains("Chưa có tin, bài nào."));
});
