use axum::http::StatusCode;
use lantoa_store::both_engines;

use super::support::site;

both_engines!(async fn the_search_page_finds_highlights_and_filters(db) {
    let s = site(db).await;
    let mut b = s.browser();

    // Every page has the quick search in its header; the page itself starts blank.
    let home = b.get("/").await;
    assert!(home.body.contains("action=\"/tim-kiem\"") && home.body.contains("role=\"search\""));
    let blank = b.get("/tim-kiem").await;
    assert_eq!(blank.status, StatusCode::OK);
    assert!(blank.body.contains("<h1>Tìm kiếm</h1>") && !blank.body.contains("kết quả cho"));

    // Without diacritics, the demo article on enrolment is found, highlighted and dated.
    let r = b.get("/tim-kiem?q=mien+hoc+phi").await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.body.contains("value=\"mien hoc phi\""), "the query stays in the box");
    assert!(r.body.contains("href=\"/tin-tuc/mua-tuyen-sinh-2024-hoc-nghe-mien-hoc-phi\""));
    assert!(r.body.contains("<mark>miễn</mark> <mark>học</mark> <mark>phí</mark>"), "{}", r.body);
    assert!(r.body.contains("<time datetime=\"2024-05-20\">20/05/2024</time>"));
    assert!(r.body.contains("Tin, bài") && r.body.contains("kết quả cho “mien hoc phi”"));

    // The directory is searched too, and the kind filter narrows it.
    let r = b.get("/tim-kiem?q=han&loai=occupation").await;
    assert!(r.body.contains("href=\"/nganh-nghe/han-cao-dang\"") && r.body.contains("Ngành, nghề"));
    assert!(!r.body.contains("href=\"/tin-tuc/"));
    assert!(r.body.contains("<option value=\"occupation\" selected>"));
    let r = b.get("/tim-kiem?q=thuy+san+bien+tay&loai=institution").await;
    assert!(r.body.contains("href=\"/co-so-dao-tao/trung-tam-dao-tao-nghe-thuy-san-bien-tay\""));
    // A date range: the enrolment article is from 20/05/2024.
    let r = b.get("/tim-kiem?q=hoc+sinh&tu_ngay=2024-05-20&den_ngay=20%2F05%2F2024").await;
    assert!(r.body.contains("Tìm thấy 1 kết quả") && r.body.contains("mien-hoc-phi"), "{}", r.body);
    assert!(r.body.contains("value=\"2024-05-20\""));

    // Nothing found: a clear empty state, the query kept.
    let r = b.get("/tim-kiem?q=xyzxyz").await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.body.contains("Không tìm thấy kết quả cho “xyzxyz”."));
    assert!(r.body.contains("value=\"xyzxyz\""));
});

both_engines!(async fn bad_searches_get_a_message_not_an_error_page(db) {
    let s = site(db).await;
    let mut b = s.browser();
    let r = b.get("/tim-kiem?q=").await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert!(r.body.contains("Vui lòng nhập từ khóa cần tìm.") && r.body.contains("aria-invalid=\"true\""));
    let long = "nghề ".repeat(400);
    let r = b.get(&format!("/tim-kiem?q={}", long.replace(' ', "+"))).await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert!(r.body.contains("Từ khóa tìm kiếm không quá 200 ký tự (đã nhập 1.999)"), "{}", &r.body[..2000.min(r.body.len())]);
    assert!(r.body.contains("value=\"nghề nghề"), "what was typed is kept");
    let r = b.get("/tim-kiem?q=ngh%E1%BB%81&loai=x&tu_ngay=31%2F02%2F2024&chu_de=zz").await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert!(r.body.contains("Loại nội dung không có trong danh sách.") && r.body.contains("href=\"#loai\""));
    assert!(r.body.contains("Ngày chưa đúng") && r.body.contains("value=\"31/02/2024\""));
    assert!(r.body.contains("Chủ đề không có trong danh sách của kế hoạch."));
    // A page past the end is not an error either.
    let r = b.get("/tim-kiem?q=nghe&trang=999").await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.body.contains("Trang này không còn kết quả."));
});

both_engines!(async fn publishing_and_unpublishing_show_in_search_at_once(db) {
    let s = site(db).await;
    let college = s.org_id("truong-cao-dang-kien-giang").to_string();
    let mut editor = s.signed_in("truong.cdkg@lantoa.test").await;
    let mut approver = s.signed_in("duyet.cdkg@lantoa.test").await;
    let mut public = s.browser();
    let r = editor
        .submit("/quan-tri/noi-dung/moi", "/quan-tri/noi-dung", &[("organisation_id", &college), ("kind", "article"), ("title", "Dựng pa-nô tuyển sinh ở Kiên Lương"), ("summary", ""), ("body", "Ba pa-nô lớn được dựng trước cổng trường, mỗi tấm rộng < 5 m."), ("topics", "iv-2-b")])
        .await;
    let id: i64 = r.location().rsplit('/').next().unwrap().parse().unwrap();
    let search = "/tim-kiem?q=pano+kien+luong";
    assert!(public.get(search).await.body.contains("Không tìm thấy kết quả"), "a draft is not found");
    let action = format!("/quan-tri/noi-dung/{id}/gui-duyet");
    assert_eq!(editor.submit(&action, &action, &[]).await.status, StatusCode::SEE_OTHER);
    let action = format!("/quan-tri/noi-dung/{id}/xuat-ban");
    assert_eq!(approver.submit(&action, &action, &[]).await.status, StatusCode::SEE_OTHER);

    let r = public.get(search).await;
    assert!(r.body.contains("href=\"/tin-tuc/dung-pa-no-tuyen-sinh-o-kien-luong\""), "{}", r.body);
    assert!(r.body.contains("Dựng <mark>pa-nô</mark> tuyển sinh ở <mark>Kiên</mark> <mark>Lương</mark>"));
    assert!(r.body.contains("rộng &lt; 5 m") && !r.body.contains("rộng < 5 m"), "snippets are escaped: {}", r.body);
    assert!(r.body.contains("26/11/2026"));
    let api = public.get("/api/v1/search?q=pa-n%C3%B4+ki%C3%AAn+l%C6%B0%C6%A1ng").await;
    assert!(api.body.contains("\"url\":\"/tin-tuc/dung-pa-no-tuyen-sinh-o-kien-luong\""), "{}", api.body);

    let action = format!("/quan-tri/noi-dung/{id}/thoi-xuat-ban");
    assert_eq!(approver.submit(&action, &action, &[]).await.status, StatusCode::SEE_OTHER);
    assert!(public.get(search).await.body.contains("Không tìm thấy kết quả"), "unpublished: gone at once");
    assert!(public.get("/api/v1/search?q=pano+kien+luong").await.body.contains("\"items\":[]"));
});

both_engines!(async fn the_search_api_answers_json(db) {
    let s = site(db).await;
    let mut b = s.browser();
    let r = b.get("/api/v1/search?q=hoc+nghe&limit=2").await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.headers["content-type"].to_str().unwrap().starts_with("application/json"));
    let v: serde_json::Value = serde_json::from_str(&r.body).unwrap();
    let items = v["items"].as_array().unwrap();
    assert_eq!(items.len(), 2);
    assert_eq!(v["per_page"], 2);
    assert!(v["total"].as_i64().unwrap() > 2);
    let first = &items[0];
    for key in ["id", "kind", "kind_label", "title", "url", "snippet", "published_at"] {
        assert!(first.get(key).is_some(), "{key} in {first}");
    }
    assert!(first["snippet"].as_str().unwrap().contains("<mark>"));
    assert!(first.get("external_id").is_none(), "only imported items have one");
    let r = b.get("/api/v1/search?q=han&kind=occupation&limit=1").await;
    let v: serde_json::Value = serde_json::from_str(&r.body).unwrap();
    assert_eq!(v["items"][0]["kind"], "occupation");
    assert_eq!(v["items"][0]["published_at"], serde_json::Value::Null);
    assert!(v["items"][0]["id"].as_str().unwrap().starts_with("occupation:"));

    // Bad input: a JSON 400 with a Vietnamese message.
    for (url, message) in [
        ("/api/v1/search?q=", "Vui lòng nhập từ khóa cần tìm."),
        ("/api/v1/search", "Vui lòng nhập từ khóa cần tìm."),
        ("/api/v1/search?q=nghe&limit=500", "Tham số limit phải là số nguyên từ 1 đến 50."),
        ("/api/v1/search?q=nghe&page=0", "Tham số page phải là số nguyên từ 1 trở lên."),
    ] {
        let r = b.get(url).await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST, "{url}");
        let v: serde_json::Value = serde_json::from_str(&r.body).unwrap();
        assert_eq!(v["error"]["message"], message, "{url}");
    }
    let r = b.get(&format!("/api/v1/search?q={}", "a".repeat(2000))).await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert!(r.body.contains("không quá 200 ký tự"));
});
