//! The e-mail outbox page for system administrators.

use axum::http::StatusCode;
use lantoa_store::both_engines;
use lantoa_store::outbox;

use super::support::site;

both_engines!(async fn administrators_see_waiting_sent_and_failed_mail_with_the_error(db) {
    let s = site(db).await;
    {
        let mut c = s.app.db.conn().unwrap();
        let now = chrono::NaiveDate::from_ymd_opt(2026, 11, 25).unwrap().and_hms_opt(8, 0, 0).unwrap();
        for (n, subject) in [(1, "[Chờ duyệt] Tin tuyển sinh 2027"), (2, "[Báo cáo bị trả lại] Báo cáo năm 2025")] {
            outbox::enqueue(&mut c, &outbox::NewMail { user_id: None, recipient: &format!("nguoi{n}@example.vn"), kind: "test", subject, body_text: "…", dedupe_key: &format!("flow:{n}") }, now).unwrap();
        }
        let failed = outbox::list(&mut c, 1).unwrap()[0].id;
        outbox::claim(&mut c, failed, "t", now, now + chrono::Duration::minutes(5)).unwrap().unwrap();
        outbox::mark_failed(&mut c, failed, "t", "554 5.7.1 Relay access denied", None).unwrap();
    }
    let mut admin = s.signed_in("quantri@lantoa.test").await;
    assert!(admin.get("/quan-tri").await.body.contains("href=\"/quan-tri/thu-dien-tu\""));
    let r = admin.get("/quan-tri/thu-dien-tu").await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.body.contains("Máy chủ thư chưa được cấu hình"), "the demo has no [smtp]");
    assert!(r.body.contains("nguoi1@example.vn") && r.body.contains("[Chờ duyệt] Tin tuyển sinh 2027"));
    assert!(r.body.contains("Không gửi được") && r.body.contains("554 5.7.1 Relay access denied"));
    assert!(r.body.contains("Tất cả (2)") && r.body.contains("Chờ gửi (1)") && r.body.contains("Không gửi được (1)"));
    // Only the failed one.
    let r = admin.get("/quan-tri/thu-dien-tu?trang_thai=failed").await;
    assert!(r.body.contains("[Báo cáo bị trả lại] Báo cáo năm 2025") && !r.body.contains("[Chờ duyệt] Tin tuyển sinh 2027"));
    assert!(r.body.contains("<option value=\"failed\" selected>"));
    let r = admin.get("/quan-tri/thu-dien-tu?trang_thai=sent").await;
    assert!(r.body.contains("Không có thư nào ở trạng thái này."));
    // Addresses are not for other users.
    let mut owner = s.signed_in("chutri@lantoa.test").await;
    assert!(!owner.get("/quan-tri").await.body.contains("href=\"/quan-tri/thu-dien-tu\""));
    assert_eq!(owner.get("/quan-tri/thu-dien-tu").await.status, StatusCode::FORBIDDEN);
    let anonymous = s.browser().get("/quan-tri/thu-dien-tu").await;
    assert_eq!(anonymous.status, StatusCode::SEE_OTHER);
});
