//! An editor or administrator of one organisation can neither read nor change another
//! organisation's private data: not by URL, not by tampering with a form.

use axum::http::StatusCode;
use lantoa_store::both_engines;

use super::support::{form_body, site};

both_engines!(async fn an_editor_cannot_open_another_organisation(db) {
    let s = site(db).await;
    let college = s.org_id("truong-cao-dang-kien-giang");
    let paper = s.org_id("bao-kien-giang");
    let mut b = s.signed_in("truong.cdkg@lantoa.test").await;
    let own = b.get(&format!("/quan-tri/don-vi/{college}")).await;
    assert_eq!(own.status, StatusCode::OK);
    assert!(own.body.contains("truong.cdkg@lantoa.test"), "members of one's own organisation are listed");
    for path in [format!("/quan-tri/don-vi/{paper}"), format!("/quan-tri/don-vi/{paper}/sua"), format!("/quan-tri/don-vi/{college}/sua")] {
        let r = b.get(&path).await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{path}");
        assert!(r.body.contains("Bạn không có quyền truy cập trang này"), "{path}");
        assert!(!r.body.contains("phongvien@lantoa.test"), "{path}: another organisation's members leaked");
    }
    // The list shows only one's own organisation.
    let list = b.get("/quan-tri/don-vi").await;
    assert!(list.body.contains("Trường Cao đẳng Kiên Giang") && !list.body.contains("Báo Kiên Giang"));
    // Editors manage no users and see no audit log.
    assert_eq!(b.get("/quan-tri/nguoi-dung").await.status, StatusCode::FORBIDDEN);
    assert_eq!(b.get("/quan-tri/nhat-ky").await.status, StatusCode::FORBIDDEN);
});

both_engines!(async fn a_tampered_form_for_another_organisation_changes_nothing(db) {
    let s = site(db).await;
    let paper = s.org_id("bao-kien-giang");
    let mut b = s.signed_in("truong.cdkg@lantoa.test").await;
    let token = b.get("/quan-tri").await.csrf();
    let r = b
        .post(
            &format!("/quan-tri/don-vi/{paper}"),
            &[("_csrf", &token), ("name", "Báo bị sửa"), ("short_name", "X"), ("kind", "press_agency"), ("phone", "0123")],
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let mut conn = s.app.db.conn().unwrap();
    let row = lantoa_store::orgs::get(&mut conn, lantoa_domain::OrgId(paper)).unwrap().unwrap();
    assert_eq!((row.name.as_str(), row.phone.as_str()), ("Báo Kiên Giang", ""));
});

both_engines!(async fn an_org_admin_cannot_create_users_elsewhere_or_change_structure(db) {
    let s = site(db).await;
    let labour = s.org_id("so-ldtbxh-kien-giang");
    let paper = s.org_id("bao-kien-giang");
    let mut b = s.signed_in("chutri@lantoa.test").await;
    // Tampered organisation id in the new-user form.
    let r = b
        .submit(
            "/quan-tri/nguoi-dung/moi",
            "/quan-tri/nguoi-dung",
            &[("email", "gia-mao@lantoa.test"), ("display_name", "Giả Mạo"), ("organisation_id", &paper.to_string()), ("role", "org_admin")],
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let mut conn = s.app.db.conn().unwrap();
    assert!(lantoa_store::users::by_email(&mut conn, "gia-mao@lantoa.test").unwrap().is_none());
    // Platform roles cannot be granted by an organisation's administrator.
    let r = b
        .submit(
            "/quan-tri/nguoi-dung/moi",
            "/quan-tri/nguoi-dung",
            &[("email", "moi@lantoa.test"), ("display_name", "Người Mới"), ("organisation_id", &labour.to_string()), ("role", "editor"), ("is_system_admin", "on")],
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let created = lantoa_store::users::by_email(&mut conn, "moi@lantoa.test").unwrap().unwrap();
    assert!(!created.is_system_admin && created.must_change_password);
    // Editing one's own organisation: contacts change, structural fields do not.
    let r = b
        .submit(
            &format!("/quan-tri/don-vi/{labour}/sua"),
            &format!("/quan-tri/don-vi/{labour}"),
            &[("name", "Tên bị sửa"), ("short_name", "Sở LĐTBXH"), ("kind", "enterprise"), ("valid_to", ""), ("phone", "0297 3862 068"), ("email", "soldtbxh@kiengiang.gov.vn")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let row = lantoa_store::orgs::get(&mut conn, lantoa_domain::OrgId(labour)).unwrap().unwrap();
    assert_eq!(row.name, "Sở Lao động - Thương binh và Xã hội tỉnh Kiên Giang");
    assert_eq!((row.kind.as_str(), row.valid_to.is_some()), ("department", true));
    assert_eq!(row.phone, "0297 3862 068");
    // The users list of an org admin shows only their organisation's members.
    let users = b.get("/quan-tri/nguoi-dung").await;
    assert!(users.body.contains("moi@lantoa.test") && !users.body.contains("phongvien@lantoa.test"));
    // And they cannot open another organisation's member.
    let journalist = lantoa_store::users::by_email(&mut conn, "phongvien@lantoa.test").unwrap().unwrap();
    assert_eq!(b.get(&format!("/quan-tri/nguoi-dung/{}", journalist.id)).await.status, StatusCode::FORBIDDEN);
    let r = b.submit("/quan-tri", &format!("/quan-tri/nguoi-dung/{}/dat-lai-mat-khau", journalist.id), &[]).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
});

both_engines!(async fn the_plan_owner_reads_every_organisation_and_admins_see_the_audit_log(db) {
    let s = site(db).await;
    let paper = s.org_id("bao-kien-giang");
    let mut owner = s.signed_in("chutri@lantoa.test").await;
    let r = owner.get(&format!("/quan-tri/don-vi/{paper}")).await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.body.contains("Báo và Phát thanh, Truyền hình An Giang"), "the 2025 merger is shown");
    // … but may not edit it.
    assert_eq!(owner.get(&format!("/quan-tri/don-vi/{paper}/sua")).await.status, StatusCode::FORBIDDEN);
    let mut admin = s.signed_in("quantri@lantoa.test").await;
    let log = admin.get("/quan-tri/nhat-ky").await;
    assert_eq!(log.status, StatusCode::OK);
    assert!(log.body.contains("Đăng nhập") && log.body.contains("chutri@lantoa.test") && log.body.contains("203.0.113.7"));
});

both_engines!(async fn state_changing_requests_need_the_csrf_token(db) {
    let s = site(db).await;
    let mut b = s.signed_in("quantri@lantoa.test").await;
    let r = b.post("/quan-tri/don-vi", &[("name", "Đơn vị lạ"), ("short_name", "Lạ"), ("kind", "other")]).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert!(r.body.contains("Biểu mẫu đã hết hạn hoặc không hợp lệ"));
    let r = b.post("/quan-tri/don-vi", &[("_csrf", "gia-mao"), ("name", "Đơn vị lạ"), ("short_name", "Lạ"), ("kind", "other")]).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    // A valid token from this session, but sent by another site's page.
    let token = b.get("/quan-tri/don-vi/moi").await.csrf();
    let body = form_body(&[("_csrf", token.as_str()), ("name", "Đơn vị lạ"), ("short_name", "Lạ"), ("kind", "other")]);
    let r = b.post_raw("/quan-tri/don-vi", "application/x-www-form-urlencoded", body, &[("origin", "https://evil.example")]).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    // Anonymous forms (sign-in) need the token too.
    let mut anon = s.browser();
    let r = anon.post("/dang-nhap", &[("email", "quantri@lantoa.test"), ("password", "x")]).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let mut conn = s.app.db.conn().unwrap();
    assert!(lantoa_store::orgs::by_slug(&mut conn, "la").unwrap().is_none());
});
