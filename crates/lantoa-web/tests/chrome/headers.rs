use axum::body::Body;
use axum::http::header;

use super::support::{get_path, request, router, router_with, send, site};

const PATHS: &[&str] = &["/", "/khong-co", "/api/khong-co", "/panic", "/metrics"];

#[tokio::test]
async fn every_response_has_security_headers_and_a_strict_csp() {
    for path in PATHS {
        let a = get_path(path).await;
        let csp = a.header("content-security-policy");
        assert!(csp.contains("default-src 'self'"), "{path}: {csp}");
        assert!(csp.contains("script-src 'self'"), "{path}: {csp}");
        assert!(csp.contains("frame-ancestors 'none'"), "{path}: {csp}");
        assert!(csp.contains("object-src 'none'"), "{path}: {csp}");
        assert!(!csp.contains("unsafe-inline"), "{path}: {csp}");
        assert!(!csp.contains("unsafe-eval"), "{path}: {csp}");
        assert_eq!(a.header("x-content-type-options"), "nosniff", "{path}");
        assert_eq!(a.header("x-frame-options"), "DENY", "{path}");
        assert_eq!(
            a.header("referrer-policy"),
            "strict-origin-when-cross-origin"
        );
        assert!(!a.header("permissions-policy").is_empty());
        assert!(
            a.headers.get("strict-transport-security").is_none(),
            "{path}"
        );
    }
}

#[tokio::test]
async fn hsts_only_when_configured() {
    let req = request("GET", "/").body(Body::empty()).expect("request");
    let a = send(router_with(site(true)), req).await;
    assert!(
        a.header("strict-transport-security")
            .starts_with("max-age=")
    );
}

#[tokio::test]
async fn request_id_is_generated_echoed_and_sanitised() {
    let a = get_path("/").await;
    let id = a.header("x-request-id");
    assert!(id.len() >= 16, "{id}");
    let b = get_path("/").await;
    assert_ne!(id, b.header("x-request-id"), "ids must differ");

    let req = request("GET", "/")
        .header("x-request-id", "proxy-abc-123")
        .body(Body::empty())
        .expect("request");
    assert_eq!(
        send(router(), req).await.header("x-request-id"),
        "proxy-abc-123"
    );

    let req = request("GET", "/")
        .header("x-request-id", "<script>alert(1)</script>")
        .body(Body::empty())
        .expect("request");
    let a = send(router(), req).await;
    assert!(!a.header("x-request-id").contains('<'));
}

#[tokio::test]
async fn signed_in_pages_are_not_stored_but_assets_are_cached() {
    let req = request("GET", "/")
        .header(header::COOKIE, "theme=1; lantoa_session=abc")
        .body(Body::empty())
        .expect("request");
    assert_eq!(
        send(router(), req).await.header("cache-control"),
        "no-store"
    );

    let css = lantoa_web::assets::url("css/site.css");
    let req = request("GET", css)
        .header(header::COOKIE, "lantoa_session=abc")
        .body(Body::empty())
        .expect("request");
    assert!(
        send(router(), req)
            .await
            .header("cache-control")
            .contains("immutable")
    );

    assert_ne!(get_path("/").await.header("cache-control"), "no-store");
}

#[tokio::test]
async fn gzip_when_the_browser_accepts_it() {
    for path in ["/", lantoa_web::assets::url("css/site.css")] {
        let req = request("GET", path)
            .header(header::ACCEPT_ENCODING, "gzip")
            .body(Body::empty())
            .expect("request");
        let a = send(router(), req).await;
        assert_eq!(a.header("content-encoding"), "gzip", "{path}");
    }
    let a = get_path("/").await;
    assert!(a.headers.get("content-encoding").is_none());
    assert!(a.body.contains("Trang thử nghiệm"));
}
