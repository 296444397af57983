use axum::body::Body;
use axum::http::{StatusCode, header};

use super::support::{get_path, request, router, send};

#[tokio::test]
async fn unknown_path_gives_vietnamese_404_inside_the_layout() {
    let a = get_path("/khong-co-trang-nay").await;
    assert_eq!(a.status, StatusCode::NOT_FOUND);
    assert!(a.header("content-type").starts_with("text/html"));
    assert!(a.body.contains("Không tìm thấy trang"), "{}", a.body);
    assert!(a.body.contains("<html lang=\"vi\">"));
    assert!(
        a.body
            .contains("Cổng thông tin Giáo dục nghề nghiệp Kiên Giang")
    );
    assert!(a.body.contains("Bỏ qua, đến nội dung chính"));
}

#[tokio::test]
async fn api_404_is_json() {
    let a = get_path("/api/khong-co").await;
    assert_eq!(a.status, StatusCode::NOT_FOUND);
    assert!(a.header("content-type").starts_with("application/json"));
    let v: serde_json::Value = serde_json::from_str(&a.body).expect("json");
    assert_eq!(v["error"]["status"], 404);
    assert_eq!(
        v["error"]["message"].as_str().map(|m| !m.is_empty()),
        Some(true)
    );
}

#[tokio::test]
async fn three_mebibyte_post_gives_vietnamese_413() {
    let big = vec![b'a'; 3 * 1024 * 1024];
    // Announced with Content-Length, as browsers do.
    let req = request("POST", "/upload")
        .header(header::CONTENT_LENGTH, big.len())
        .body(Body::from(big.clone()))
        .expect("request");
    let a = send(router(), req).await;
    assert_eq!(a.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert!(a.body.contains("Dữ liệu gửi lên quá lớn"), "{}", a.body);

    // Without Content-Length (chunked): the limit trips while the body is read.
    let req = request("POST", "/upload")
        .body(Body::from(big))
        .expect("request");
    let a = send(router(), req).await;
    assert_eq!(a.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert!(a.body.contains("Dữ liệu gửi lên quá lớn"), "{}", a.body);
}

#[tokio::test]
async fn panic_gives_500_page_with_request_id_and_no_detail() {
    let req = request("GET", "/panic")
        .header("x-request-id", "req-panic-1")
        .body(Body::empty())
        .expect("request");
    let a = send(router(), req).await;
    assert_eq!(a.status, StatusCode::INTERNAL_SERVER_ERROR);
    assert!(a.body.contains("Đã có lỗi xảy ra"), "{}", a.body);
    assert!(a.body.contains("req-panic-1"), "{}", a.body);
    assert!(!a.body.contains("secret panic detail"));
    assert_eq!(a.header("x-request-id"), "req-panic-1");
}

#[tokio::test]
async fn internal_error_detail_stays_out_of_the_page() {
    let a = get_path("/internal").await;
    assert_eq!(a.status, StatusCode::INTERNAL_SERVER_ERROR);
    assert!(a.body.contains("Đã có lỗi xảy ra"));
    assert!(!a.body.contains("hunter2"));
    let id = a.header("x-request-id").to_owned();
    assert!(
        !id.is_empty() && a.body.contains(&id),
        "request id {id} not shown"
    );
}

#[tokio::test]
async fn malformed_form_gives_vietnamese_page_not_axum_text() {
    let req = request("POST", "/form")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(Body::from("age=muoi"))
        .expect("request");
    let a = send(router(), req).await;
    assert!(a.status == StatusCode::BAD_REQUEST || a.status == StatusCode::UNPROCESSABLE_ENTITY);
    assert!(a.header("content-type").starts_with("text/html"));
    assert!(a.body.contains("Dữ liệu chưa hợp lệ") || a.body.contains("Yêu cầu không hợp lệ"));
    assert!(!a.body.contains("Failed to deserialize"), "{}", a.body);

    let req = request("POST", "/form")
        .body(Body::from("age=10"))
        .expect("request");
    let a = send(router(), req).await;
    assert_eq!(a.status, StatusCode::UNSUPPORTED_MEDIA_TYPE);
    assert!(a.body.contains("Định dạng dữ liệu không được hỗ trợ"));
    assert!(!a.body.contains("Expected request with"), "{}", a.body);
}

#[tokio::test]
async fn wrong_method_gives_vietnamese_405_keeping_allow() {
    let a = get_path("/form").await;
    assert_eq!(a.status, StatusCode::METHOD_NOT_ALLOWED);
    assert!(a.body.contains("Thao tác không được hỗ trợ"), "{}", a.body);
    assert!(a.header("allow").contains("POST"));
}

#[tokio::test]
async fn handler_rendered_422_passes_through_unchanged() {
    let a = get_path("/own-422").await;
    assert_eq!(a.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(a.body, "<!doctype html><p>Tuổi phải là một số.</p>");
}

#[tokio::test]
async fn conflict_shows_the_handlers_message() {
    let req = request("POST", "/conflict")
        .body(Body::empty())
        .expect("request");
    let a = send(router(), req).await;
    assert_eq!(a.status, StatusCode::CONFLICT);
    assert!(a.body.contains("Bài viết vừa được người khác chỉnh sửa."));
}

#[tokio::test]
async fn forbidden_is_403_in_vietnamese() {
    let a = get_path("/forbidden").await;
    assert_eq!(a.status, StatusCode::FORBIDDEN);
    assert!(a.body.contains("Bạn không có quyền truy cập trang này"));
}

#[tokio::test]
async fn unauthenticated_redirects_to_sign_in_with_next() {
    let a = get_path("/secret?tab=2").await;
    assert_eq!(a.status, StatusCode::SEE_OTHER);
    assert_eq!(a.header("location"), "/dang-nhap?next=/secret%3Ftab%3D2");
}
