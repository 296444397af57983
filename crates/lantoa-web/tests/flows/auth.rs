use axum::http::StatusCode;
use lantoa_store::both_engines;

use super::support::site;

both_engines!(async fn signing_in_opens_the_back_office_and_signing_out_closes_it(db) {
    let s = site(db).await;
    let mut b = s.browser();
    let r = b.get("/quan-tri").await;
    assert_eq!((r.status, r.location()), (StatusCode::SEE_OTHER, "/dang-nhap?next=/quan-tri"));

    let r = b.login("chutri@lantoa.test", &s.passwords["chutri@lantoa.test"]).await;
    assert_eq!((r.status, r.location()), (StatusCode::SEE_OTHER, "/quan-tri"));
    assert!(b.has_cookie("lantoa_session"));
    let r = b.get("/quan-tri").await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.body.contains("Xin chào, Nguyễn Thị Thu Hà"), "{}", r.body);
    assert!(r.body.contains("Sở Lao động - Thương binh và Xã hội tỉnh Kiên Giang"));
    assert_eq!(r.headers["cache-control"], "no-store");

    let token = r.csrf();
    let r = b.post("/dang-xuat", &[("_csrf", &token)]).await;
    assert_eq!((r.status, r.location()), (StatusCode::SEE_OTHER, "/"));
    assert!(!b.has_cookie("lantoa_session"));
    let r = b.get("/").await;
    assert!(r.body.contains("Bạn đã đăng xuất."));
    assert_eq!(b.get("/quan-tri").await.status, StatusCode::SEE_OTHER);
});

both_engines!(async fn a_wrong_password_is_refused_politely_and_keeps_the_email(db) {
    let s = site(db).await;
    let mut b = s.browser();
    let r = b.login("chutri@lantoa.test", "sai-mat-khau-roi").await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("Địa chỉ thư điện tử hoặc mật khẩu không đúng."));
    assert!(r.body.contains("value=\"chutri@lantoa.test\""));
    // An unknown account gets exactly the same answer.
    let r = b.login("khongco@lantoa.test", "sai-mat-khau-roi").await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("Địa chỉ thư điện tử hoặc mật khẩu không đúng."));
    // An empty form names the fields.
    let r = b.login("", "").await;
    assert!(r.body.contains("Vui lòng nhập địa chỉ thư điện tử.") && r.body.contains("Vui lòng nhập mật khẩu."));
    assert!(r.body.contains("aria-invalid=\"true\""));
});

both_engines!(async fn five_wrong_passwords_lock_the_account_for_a_while(db) {
    let s = site(db).await;
    let email = "huyen.hondat@lantoa.test";
    let mut b = s.browser();
    for _ in 0..5 {
        b.login(email, "khong-dung-dau").await;
    }
    let r = b.login(email, &s.passwords[email]).await;
    assert_eq!(r.status, StatusCode::TOO_MANY_REQUESTS);
    assert!(r.body.contains("Tài khoản đang tạm khóa"), "{}", r.body);
    // After the lock period the right password works again.
    s.clock.advance(chrono::Duration::minutes(16));
    let r = b.login(email, &s.passwords[email]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    // The lockout is in the audit log.
    let mut admin = s.signed_in("quantri@lantoa.test").await;
    let log = admin.get("/quan-tri/nhat-ky").await;
    assert!(log.body.contains("Tạm khóa tài khoản do đăng nhập sai"));
});

both_engines!(async fn many_failures_from_one_address_make_it_wait(db) {
    let s = site(db).await;
    let mut b = s.browser();
    for i in 0..30 {
        b.login(&format!("nguoi{i}@lantoa.test"), "khong-dung-dau").await;
    }
    let r = b.login("chutri@lantoa.test", &s.passwords["chutri@lantoa.test"]).await;
    assert_eq!(r.status, StatusCode::TOO_MANY_REQUESTS);
    assert!(r.body.contains("quá nhiều lần đăng nhập sai"));
    // Another address is not affected.
    let mut other = s.browser();
    other.ip = "198.51.100.20".into();
    assert_eq!(other.login("chutri@lantoa.test", &s.passwords["chutri@lantoa.test"]).await.status, StatusCode::SEE_OTHER);
});

both_engines!(async fn a_reset_password_must_be_changed_and_ends_old_sessions(db) {
    let s = site(db).await;
    let email = "truong.cdkg@lantoa.test";
    let mut editor = s.signed_in(email).await;
    let mut admin = s.signed_in("quantri@lantoa.test").await;
    let list = admin.get("/quan-tri/nguoi-dung?q=truong.cdkg").await;
    assert!(list.body.contains("1 người dùng"), "{}", list.body);
    let id = {
        let mut conn = s.app.db.conn().unwrap();
        lantoa_store::users::by_email(&mut conn, email).unwrap().unwrap().id
    };
    let r = admin.submit(&format!("/quan-tri/nguoi-dung/{id}/dat-lai-mat-khau"), &format!("/quan-tri/nguoi-dung/{id}/dat-lai-mat-khau"), &[]).await;
    assert_eq!(r.status, StatusCode::OK);
    let marker = "class=\"secret\">";
    let start = r.body.find(marker).expect("temporary password shown") + marker.len();
    let temporary = r.body[start..start + 19].to_owned();
    // The editor's old session is gone.
    assert_eq!(editor.get("/quan-tri").await.status, StatusCode::SEE_OTHER);
    let mut b = s.browser();
    let r = b.login(email, &temporary).await;
    assert_eq!(r.location(), "/tai-khoan/mat-khau");
    let r = b.submit("/tai-khoan/mat-khau", "/tai-khoan/mat-khau", &[("current", &temporary), ("new", "ngắn"), ("confirm", "ngắn")]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("Mật khẩu cần ít nhất 10 ký tự."));
    let r = b.submit("/tai-khoan/mat-khau", "/tai-khoan/mat-khau", &[("current", &temporary), ("new", "Học nghề lập nghiệp 2026"), ("confirm", "Học nghề lập nghiệp 2026")]).await;
    assert_eq!((r.status, r.location()), (StatusCode::SEE_OTHER, "/quan-tri"));
    assert_eq!(b.get("/quan-tri").await.status, StatusCode::OK, "the session that changed the password stays signed in");
    assert_eq!(s.browser().login(email, "Học nghề lập nghiệp 2026").await.status, StatusCode::SEE_OTHER);
});

both_engines!(async fn a_user_turns_email_off_and_on_from_the_account_page(db) {
    let s = site(db).await;
    let mut b = s.signed_in("duyet.cdkg@lantoa.test").await;
    let r = b.get("/quan-tri").await;
    assert!(r.body.contains("href=\"/tai-khoan/thu-dien-tu\""), "linked from the back office");
    let r = b.get("/tai-khoan/thu-dien-tu").await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.body.contains("duyet.cdkg@lantoa.test"));
    assert!(r.body.contains("chưa được cấu hình gửi thư điện tử"), "this test site has no [smtp]");
    assert!(r.body.contains("name=\"wants_mail\" type=\"checkbox\" checked"), "on by default");
    // Unchecked: no e-mail, in-app stays.
    let r = b.submit("/tai-khoan/thu-dien-tu", "/tai-khoan/thu-dien-tu", &[]).await;
    assert_eq!((r.status, r.location()), (StatusCode::SEE_OTHER, "/tai-khoan/thu-dien-tu"));
    let r = b.get("/tai-khoan/thu-dien-tu").await;
    assert!(r.body.contains("bạn sẽ không nhận thư điện tử"), "{}", r.body);
    assert!(r.body.contains("name=\"wants_mail\" type=\"checkbox\" aria-describedby"), "now unchecked");
    let user = {
        let mut conn = s.app.db.conn().unwrap();
        lantoa_store::users::by_email(&mut conn, "duyet.cdkg@lantoa.test").unwrap().unwrap().user_id()
    };
    let mut conn = s.app.db.conn().unwrap();
    assert!(lantoa_store::outbox::opted_out(&mut conn, user).unwrap());
    let r = b.submit("/tai-khoan/thu-dien-tu", "/tai-khoan/thu-dien-tu", &[("wants_mail", "on")]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert!(!lantoa_store::outbox::opted_out(&mut conn, user).unwrap());
    // Signed out: the sign-in page.
    let r = s.browser().get("/tai-khoan/thu-dien-tu").await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
});
