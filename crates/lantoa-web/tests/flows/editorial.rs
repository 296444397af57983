//! Versions and scheduled publishing through the back office, as an editor and an approver
//! of a school would use them.

use axum::http::StatusCode;
use lantoa_store::both_engines;

use super::support::site;

both_engines!(async fn an_editor_compares_and_restores_versions_and_an_approver_schedules(db) {
    let s = site(db).await;
    let college = s.org_id("truong-cao-dang-kien-giang").to_string();
    let mut editor = s.signed_in("truong.cdkg@lantoa.test").await;
    let fields = |title: &'static str, body: &'static str| {
        vec![("organisation_id", college.clone()), ("kind", "article".to_owned()), ("title", title.to_owned()), ("slug", "tuyen-sinh-nghe-han-2027".to_owned()), ("body", body.to_owned()), ("topics", "iv-2-b".to_owned())]
    };
    let as_refs = |v: &Vec<(&'static str, String)>| v.iter().map(|(k, x)| (*k, x.clone())).collect::<Vec<_>>();
    let first = fields("Tuyển sinh nghề hàn 2027", "Trường tuyển 40 học viên nghề hàn.");
    let first: Vec<(&str, &str)> = first.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let r = editor.submit("/quan-tri/noi-dung/moi", "/quan-tri/noi-dung", &first).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let page = r.location().to_owned();
    let id: i64 = page.rsplit('/').next().unwrap().parse().unwrap();
    let second = as_refs(&fields("Tuyển sinh nghề hàn và điện 2027", "Trường tuyển 60 học viên nghề hàn và nghề điện."));
    let second: Vec<(&str, &str)> = second.iter().map(|(k, v)| (*k, v.as_str())).collect();
    assert_eq!(editor.submit(&page, &page, &second).await.status, StatusCode::SEE_OTHER);

    // The versions: newest first, the second compared with the first word by word.
    let show = editor.get(&page).await;
    assert!(show.body.contains(&format!("href=\"/quan-tri/noi-dung/{id}/phien-ban\">Các phiên bản</a>")));
    let versions = editor.get(&format!("/quan-tri/noi-dung/{id}/phien-ban")).await;
    assert_eq!(versions.status, StatusCode::OK);
    assert!(versions.body.contains("Phiên bản 2</a> (hiện tại)") && versions.body.contains("Phiên bản 1</a>"));
    let v2 = editor.get(&format!("/quan-tri/noi-dung/{id}/phien-ban/2")).await;
    assert!(v2.body.contains("<ins>và điện </ins>") || v2.body.contains("<ins>và điện</ins>"), "{}", v2.body);
    assert!(v2.body.contains("<del>40</del>") && v2.body.contains("<ins>60</ins>"), "{}", v2.body);
    assert!(!v2.body.contains("Khôi phục phiên bản này"), "the current text is not restored onto itself");

    // Restoring asks first, then puts version 1 back as version 3.
    let v1 = editor.get(&format!("/quan-tri/noi-dung/{id}/phien-ban/1")).await;
    assert!(v1.body.contains(&format!("href=\"/quan-tri/noi-dung/{id}/phien-ban/1/khoi-phuc\">Khôi phục phiên bản này")));
    let confirm = format!("/quan-tri/noi-dung/{id}/phien-ban/1/khoi-phuc");
    let r = editor.get(&confirm).await;
    assert!(r.body.contains("Khôi phục phiên bản 1?"));
    let r = editor.submit(&confirm, &confirm, &[]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let show = editor.get(&page).await;
    assert!(show.body.contains("Đã khôi phục nội dung của phiên bản 1 (lưu thành phiên bản 3)."));
    assert!(show.body.contains("value=\"Tuyển sinh nghề hàn 2027\""), "the form holds the restored title");
    assert!(show.body.contains("Khôi phục phiên bản cũ"), "on the history");
    // Another organisation's journalist sees none of it.
    let mut journalist = s.signed_in("phongvien@lantoa.test").await;
    assert_eq!(journalist.get(&format!("/quan-tri/noi-dung/{id}/phien-ban")).await.status, StatusCode::FORBIDDEN);
    assert_eq!(journalist.get(&confirm).await.status, StatusCode::FORBIDDEN);

    // Submitted, then scheduled by the approver for 01/12/2026 08:00 (Vietnam time).
    let submit = format!("/quan-tri/noi-dung/{id}/gui-duyet");
    assert_eq!(editor.submit(&submit, &submit, &[]).await.status, StatusCode::SEE_OTHER);
    let mut approver = s.signed_in("duyet.cdkg@lantoa.test").await;
    let show = approver.get(&page).await;
    assert!(show.body.contains(&format!("href=\"/quan-tri/noi-dung/{id}/hen-gio\"")));
    assert_eq!(editor.get(&format!("/quan-tri/noi-dung/{id}/hen-gio")).await.status, StatusCode::FORBIDDEN);
    let schedule = format!("/quan-tri/noi-dung/{id}/hen-gio");
    let form = approver.get(&schedule).await;
    assert!(form.body.contains("type=\"datetime-local\" min=\"2026-11-26T09:05\""), "{}", form.body);
    let r = approver.submit(&schedule, &schedule, &[("at", "2026-11-20T08:00")]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("ít nhất 5 phút") && r.body.contains("value=\"2026-11-20T08:00\""));
    let r = approver.submit(&schedule, &schedule, &[("at", "2026-12-01T08:00")]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let show = approver.get(&page).await;
    assert!(show.body.contains("Hẹn giờ xuất bản lúc 01/12/2026 08:00 (giờ Việt Nam)"), "{}", show.body);
    let mut public = s.browser();
    assert_eq!(public.get("/tin-tuc/tuyen-sinh-nghe-han-2027").await.status, StatusCode::NOT_FOUND);

    // The publishing job at 08:01 on 01/12 puts it on the portal.
    s.clock.advance(chrono::Duration::days(4) + chrono::Duration::hours(23) + chrono::Duration::minutes(1));
    let published = s.app.run(lantoa_app::content::publish_due).await.unwrap();
    assert_eq!(published, 1);
    let article = public.get("/tin-tuc/tuyen-sinh-nghe-han-2027").await;
    assert_eq!(article.status, StatusCode::OK);
    assert!(article.body.contains("Tuyển sinh nghề hàn 2027") && article.body.contains("01/12/2026"));
    // Five days on, the editor signs in again (sessions do not last that long).
    let mut editor = s.signed_in("truong.cdkg@lantoa.test").await;
    let show = editor.get(&page).await;
    let history = show.body.split("<h2>Lịch sử</h2>").nth(1).unwrap_or_default();
    assert!(history.contains("Hệ thống (xuất bản theo lịch hẹn)") && history.contains("Hẹn giờ xuất bản → Hẹn giờ xuất bản"), "{history}");
});
