use axum::http::StatusCode;
use lantoa_store::both_engines;

use super::support::{site, site_with_limit};

both_engines!(async fn an_invalid_organisation_form_is_shown_again_with_messages_and_input_kept(db) {
    let s = site(db).await;
    let mut b = s.signed_in("quantri@lantoa.test").await;
    let r = b
        .submit(
            "/quan-tri/don-vi/moi",
            "/quan-tri/don-vi",
            &[
                ("name", "Trung tâm Dịch vụ việc làm An Giang"),
                ("short_name", ""),
                ("kind", ""),
                ("valid_from", "31/02/2025"),
                ("email", "khong-phai-email"),
                ("website", "javascript:alert(1)"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    for message in [
        "Vui lòng nhập tên viết tắt.",
        "Vui lòng chọn loại đơn vị.",
        "Ngày chưa đúng, hãy nhập theo dạng ngày/tháng/năm",
        "Địa chỉ thư điện tử chưa đúng",
        "Trang web cần bắt đầu bằng https:// hoặc http://",
    ] {
        assert!(r.body.contains(message), "missing {message:?}");
    }
    assert!(r.body.contains("value=\"Trung tâm Dịch vụ việc làm An Giang\""), "the typed name is kept");
    assert!(r.body.contains("value=\"khong-phai-email\""));
    assert!(r.body.contains("href=\"#short_name\""), "the summary links to the field");
    // Then a valid one, typed in legacy TCVN3 (pasted from an old Word file), is converted.
    let r = b
        .submit(
            "/quan-tri/don-vi/moi",
            "/quan-tri/don-vi",
            &[("name", "Trung t©m DÞch vô viÖc lµm An Giang"), ("short_name", "TT DVVL An Giang"), ("kind", "other"), ("valid_from", "01/07/2025")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let page = b.get(r.location()).await;
    assert!(page.body.contains("Trung tâm Dịch vụ việc làm An Giang"), "{}", page.body);
    assert!(page.body.contains("từ 01/07/2025"));
});

both_engines!(async fn oversized_and_malformed_requests_get_vietnamese_errors_not_500(db) {
    let s = site_with_limit(db, 64 * 1024).await;
    let mut b = s.signed_in("quantri@lantoa.test").await;
    let token = b.get("/quan-tri/don-vi/moi").await.csrf();
    let big = "a".repeat(200 * 1024);
    let r = b.post("/quan-tri/don-vi", &[("_csrf", &token), ("description", &big)]).await;
    assert_eq!(r.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert!(r.body.contains("Dữ liệu gửi lên quá lớn"));
    // A body that is not a form.
    let r = b.post_raw("/quan-tri/don-vi", "application/x-www-form-urlencoded", format!("_csrf={token}&kind=%ZZ%"), &[]).await;
    assert!(r.status.is_client_error(), "{}", r.status);
    assert!(r.body.contains("lang=\"vi\""));
    // Wrong content type.
    let r = b.post_raw("/quan-tri/don-vi", "application/json", "{}", &[("x-csrf-token", &token)]).await;
    assert!(r.status.is_client_error() && r.status != StatusCode::FORBIDDEN, "{}", r.status);
    // A non-numeric id in the path.
    let r = b.get("/quan-tri/don-vi/abc").await;
    assert!(r.status == StatusCode::BAD_REQUEST || r.status == StatusCode::NOT_FOUND, "{}", r.status);
    assert!(r.body.contains("lang=\"vi\""));
    // An id that does not exist.
    let r = b.get("/quan-tri/don-vi/999999").await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    assert!(r.body.contains("Không tìm thấy trang"));
    // A huge page number is clamped, not an error.
    assert_eq!(b.get("/quan-tri/don-vi?trang=99999999999999999999").await.status, StatusCode::OK);
});

both_engines!(async fn healthz_names_the_engine(db) {
    let engine = db.engine().as_str();
    let s = site(db).await;
    let r = s.browser().get("/healthz").await;
    assert_eq!(r.status, StatusCode::OK);
    let v: serde_json::Value = serde_json::from_str(&r.body).unwrap();
    assert_eq!((v["status"].as_str(), v["database"].as_str()), (Some("ok"), Some(engine)));
    assert_eq!(v["version"].as_str(), Some(env!("CARGO_PKG_VERSION")));
});
