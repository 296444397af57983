use axum::body::Body;

use super::support::{get_path, request, router, send};

#[tokio::test]
async fn public_page_has_the_frame() {
    let a = get_path("/gioi-thieu/mot-bai-viet").await;
    let b = &a.body;
    assert!(b.contains("<html lang=\"vi\">"));
    assert!(
        b.contains("<title>Trang thử – Cổng thông tin Giáo dục nghề nghiệp Kiên Giang</title>")
    );
    assert!(b.contains("<a class=\"skip-link\" href=\"#noi-dung\">Bỏ qua, đến nội dung chính</a>"));
    assert!(b.contains("<main id=\"noi-dung\""));
    assert!(b.contains("Đồng hành nâng tầm kỹ năng lao động Việt Nam"));
    assert!(b.contains("Thực học, thực hành – Vững nghề nghiệp, sáng tương lai"));
    assert!(
        b.contains("<a href=\"/gioi-thieu\" aria-current=\"page\">Giới thiệu</a>"),
        "{b}"
    );
    assert!(!b.contains("<a href=\"/\" aria-current=\"page\">"));
    assert!(b.contains("href=\"/en\""));
    assert!(b.contains("soldtbxh@kiengiang.gov.vn"));
    assert!(
        b.contains("href=\"/dang-nhap?next=/gioi-thieu/mot-bai-viet\""),
        "{b}"
    );
    assert!(!b.contains("Đăng xuất"));
    // No inline script or style: the CSP would block them.
    assert!(!b.contains("<style") && !b.contains("style=\""));
    assert!(!b.contains("<script>") && !b.contains("onclick"));
    assert!(b.contains("<script src=\"/static/js/site."));
    // Works without JS: the small-screen menu is a <details>, the text-size control starts
    // hidden (site.js reveals it).
    assert!(b.contains("<details class=\"main-nav__small\">"));
    assert!(b.contains("data-text-size-control hidden"));
}

#[tokio::test]
async fn signed_in_user_sees_name_and_sign_out_form_with_csrf() {
    let req = request("GET", "/")
        .header("x-test-user", "1")
        .body(Body::empty())
        .expect("request");
    let b = send(router(), req).await.body;
    assert!(b.contains("Nguyễn Thị Hoa"));
    assert!(b.contains("action=\"/dang-xuat\""));
    assert!(b.contains("name=\"_csrf\" value=\"csrf-token-123\""));
    assert!(b.contains(">Đăng xuất</button>"));
    assert!(!b.contains(">Đăng nhập</a>"));
}

#[tokio::test]
async fn admin_layout_marks_the_current_section() {
    let req = request("GET", "/quan-tri/don-vi")
        .header("x-test-user", "1")
        .body(Body::empty())
        .expect("request");
    let b = send(router(), req).await.body;
    assert!(
        b.contains("<a href=\"/quan-tri/don-vi\" aria-current=\"page\">Đơn vị</a>"),
        "{b}"
    );
    assert!(b.contains("<a href=\"/quan-tri\">Tổng quan</a>"), "{b}");
    assert!(b.contains("Nhật ký"));
}

#[tokio::test]
async fn error_pages_keep_the_signed_in_header() {
    let req = request("GET", "/khong-co")
        .header("x-test-user", "1")
        .body(Body::empty())
        .expect("request");
    let b = send(router(), req).await.body;
    assert!(b.contains("Không tìm thấy trang"));
    assert!(b.contains("Nguyễn Thị Hoa"), "{b}");
    assert!(b.contains("name=\"_csrf\" value=\"csrf-token-123\""));
}
