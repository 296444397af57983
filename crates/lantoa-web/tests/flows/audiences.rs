use axum::http::StatusCode;
use lantoa_store::both_engines;

use super::support::site;

both_engines!(async fn an_item_for_employers_is_on_their_page_and_not_on_the_pupils_page(db) {
    let s = site(db).await;
    let college = s.org_id("truong-cao-dang-kien-giang").to_string();
    let mut editor = s.signed_in("truong.cdkg@lantoa.test").await;
    let mut approver = s.signed_in("duyet.cdkg@lantoa.test").await;
    let mut public = s.browser();

    // Every audience page opens, says who it is for and leads somewhere useful.
    for (slug, heading, link) in [
        ("hoc-sinh", "Dành cho học sinh và phụ huynh", "href=\"/trac-nghiem-nghe\""),
        ("nguoi-lao-dong", "Dành cho người lao động", "href=\"/chuong-trinh?trinh_do=so-cap\""),
        ("doanh-nghiep", "Dành cho doanh nghiệp", "href=\"/co-so-dao-tao\""),
        ("co-quan-don-vi", "Dành cho cơ quan, đơn vị", "href=\"/ke-hoach\""),
    ] {
        let r = public.get(&format!("/danh-cho/{slug}")).await;
        assert_eq!(r.status, StatusCode::OK, "{slug}");
        assert!(r.body.contains(&format!("<h1>{heading}</h1>")), "{slug}");
        assert!(r.body.contains(link), "{slug}: {link}");
        assert!(r.body.contains(&format!("<title>{heading}")), "{slug}");
    }
    assert_eq!(public.get("/danh-cho/khong-co").await.status, StatusCode::NOT_FOUND);
    // The home page and the sitemap lead to them.
    let home = public.get("/").await;
    assert!(home.body.contains("href=\"/danh-cho/doanh-nghiep\""));
    assert!(public.get("/sitemap.xml").await.body.contains("/danh-cho/nguoi-lao-dong</loc>"));

    let title = "Doanh nghiệp đặt hàng đào tạo thợ hàn tàu";
    let r = editor
        .submit("/quan-tri/noi-dung/moi", "/quan-tri/noi-dung", &[("organisation_id", &college), ("kind", "article"), ("title", title), ("summary", "Ba doanh nghiệp đóng tàu ký hợp đồng với nhà trường."), ("body", "Nội dung bài."), ("topics", "iv-3-a"), ("audiences", "iii-3")])
        .await;
    let id: i64 = r.location().rsplit('/').next().unwrap().parse().unwrap();
    // A draft is on no audience page.
    assert!(!public.get("/danh-cho/doanh-nghiep").await.body.contains(title));
    let action = format!("/quan-tri/noi-dung/{id}/gui-duyet");
    assert_eq!(editor.submit(&action, &action, &[]).await.status, StatusCode::SEE_OTHER);
    let action = format!("/quan-tri/noi-dung/{id}/xuat-ban");
    assert_eq!(approver.submit(&action, &action, &[]).await.status, StatusCode::SEE_OTHER);

    let employers = public.get("/danh-cho/doanh-nghiep").await;
    assert!(employers.body.contains(title), "{}", employers.body);
    assert!(employers.body.contains("href=\"/tin-tuc/doanh-nghiep-dat-hang-dao-tao-tho-han-tau\""));
    assert!(!public.get("/danh-cho/hoc-sinh").await.body.contains(title));
    // A page past the end is an empty state, not an error.
    let past = public.get("/danh-cho/doanh-nghiep?trang=99").await;
    assert_eq!(past.status, StatusCode::OK);
    assert!(past.body.contains("Chưa có tin, bài nào dành cho nhóm này."));
});
