//! Attachments over HTTP (docs/adr/0020-attachments.md): a unit attaches files to its report
//! and deletes them after a confirmation; downloads are attachments, never sniffed; bad files
//! come back with the message and the title typed; another school is refused; a submitted
//! report is locked; the plan's own attachments are public on its page.

use axum::http::{StatusCode, header};
use lantoa_store::both_engines;

use super::support::{Browser, Resp, site};

const PLAN: &str = "kh-truyen-thong-gdnn-2023-2025";

fn pdf() -> Vec<u8> {
    b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n".to_vec()
}

async fn attach(b: &mut Browser, page: &str, title: &str, name: &str, bytes: &[u8]) -> Resp {
    let p = b.get(page).await;
    assert_eq!(p.status, StatusCode::OK, "{}", p.body);
    let action = format!("/quan-tri/tai-lieu-kem-theo?_csrf={}", p.csrf_in_action());
    let hidden = |name: &str| {
        let marker = format!("name=\"{name}\" value=\"");
        let start = p.body.find(&marker).expect("hidden owner field") + marker.len();
        let end = p.body[start..].find('"').unwrap() + start;
        p.body[start..end].to_owned()
    };
    let (plan, period, org) = (hidden("plan"), hidden("period"), hidden("org"));
    b.post_multipart(
        &action,
        &[
            ("plan", &plan),
            ("period", &period),
            ("org", &org),
            ("title", title),
            ("description", ""),
        ],
        ("file", name, "application/pdf", bytes),
    )
    .await
}

/// The ids of the attachments linked on a page, in order.
fn ids(body: &str) -> Vec<i64> {
    let mut out = Vec::new();
    for part in body.split("/tai-lieu-kem-theo/").skip(1) {
        let digits: String = part.chars().take_while(char::is_ascii_digit).collect();
        if let Ok(id) = digits.parse()
            && !out.contains(&id)
        {
            out.push(id);
        }
    }
    out
}

both_engines!(async fn a_unit_attaches_downloads_and_deletes_after_confirmation(db) {
    let s = site(db).await;
    let college = s.org_id("truong-cao-dang-kien-giang");
    let report = format!("/quan-tri/ke-hoach/{PLAN}/ky-bao-cao/2025/{college}");
    let mut editor = s.signed_in("truong.cdkg@lantoa.test").await;
    let page = editor.get(&report).await;
    assert!(page.body.contains("Tài liệu kèm theo") && page.body.contains("Chưa có tài liệu kèm theo."), "{}", page.body);

    let r = attach(&mut editor, &report, "Biên bản hội nghị tư vấn", "Biên bản họp.pdf", &pdf()).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert_eq!(r.location(), format!("{report}/tai-lieu-kem-theo"));
    let list = editor.get(r.location()).await;
    assert!(list.body.contains("Đã đính kèm tài liệu.") && list.body.contains("Biên bản hội nghị tư vấn") && list.body.contains(&format!("(PDF, {} byte)", pdf().len())), "{}", list.body);
    let id = ids(&list.body)[0];
    assert!(editor.get(&report).await.body.contains("Biên bản hội nghị tư vấn"), "listed on the report too");

    // The download: an attachment with the Vietnamese name, never sniffed, never cached.
    let file = editor.get(&format!("/quan-tri/tai-lieu-kem-theo/{id}")).await;
    assert_eq!(file.status, StatusCode::OK);
    assert_eq!(file.headers[header::CONTENT_TYPE], "application/pdf");
    assert_eq!(file.headers[header::X_CONTENT_TYPE_OPTIONS], "nosniff");
    let cd = file.headers[header::CONTENT_DISPOSITION].to_str().unwrap();
    assert!(cd.starts_with("attachment;") && cd.contains("filename*=UTF-8''Bi%C3%AAn%20b%E1%BA%A3n%20h%E1%BB%8Dp.pdf"), "{cd}");
    assert!(file.body.starts_with("%PDF-"));
    assert!(file.headers[header::CACHE_CONTROL].to_str().unwrap().contains("no-store"));

    // Deleting asks first; then the file is gone.
    let confirm = editor.get(&format!("/quan-tri/tai-lieu-kem-theo/{id}/xoa")).await;
    assert_eq!(confirm.status, StatusCode::OK);
    assert!(confirm.body.contains("Xóa “Biên bản hội nghị tư vấn”") && confirm.body.contains("không hoàn tác"));
    let token = confirm.csrf();
    let r = editor.post(&format!("/quan-tri/tai-lieu-kem-theo/{id}/xoa"), &[("_csrf", &token)]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert!(editor.get(r.location()).await.body.contains("Đã xóa tài liệu kèm theo."));
    assert_eq!(editor.get(&format!("/quan-tri/tai-lieu-kem-theo/{id}")).await.status, StatusCode::NOT_FOUND);
    // Both are in the audit log.
    let mut admin = s.signed_in("quantri@lantoa.test").await;
    let log = admin.get("/quan-tri/nhat-ky").await;
    assert!(log.body.contains("Đính kèm tài liệu") && log.body.contains("Xóa tài liệu kèm theo"), "{}", log.body);
});

both_engines!(async fn bad_files_come_back_with_the_message_and_the_title(db) {
    let s = site(db).await;
    let college = s.org_id("truong-cao-dang-kien-giang");
    let report = format!("/quan-tri/ke-hoach/{PLAN}/ky-bao-cao/2025/{college}");
    let mut editor = s.signed_in("truong.cdkg@lantoa.test").await;
    let exe = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff".to_vec();
    let r = attach(&mut editor, &report, "Báo cáo tổng kết", "bao-cao.pdf", &exe).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("không phải tài liệu PDF") && r.body.contains("value=\"Báo cáo tổng kết\""), "{}", r.body);
    let big = vec![b'%'; 10_000_001];
    let r = attach(&mut editor, &report, "Ảnh hội nghị", "anh.pdf", &big).await;
    assert_eq!(r.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert!(r.body.contains("Tệp quá lớn") && r.body.contains("value=\"Ảnh hội nghị\""), "{}", r.body);
    let r = attach(&mut editor, &report, "", "a.pdf", &pdf()).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("Vui lòng nhập tên tài liệu"));
    let r = attach(&mut editor, &report, "Trống", "trong.pdf", b"").await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("trống (0 byte)"));
    assert!(editor.get(&report).await.body.contains("Chưa có tài liệu kèm theo."));
});

both_engines!(async fn another_school_is_refused_and_a_submitted_report_is_locked(db) {
    let s = site(db).await;
    let college = s.org_id("truong-cao-dang-kien-giang");
    let report = format!("/quan-tri/ke-hoach/{PLAN}/ky-bao-cao/2025/{college}");
    let mut editor = s.signed_in("truong.cdkg@lantoa.test").await;
    let r = attach(&mut editor, &report, "Biên bản", "bb.pdf", &pdf()).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let id = ids(&editor.get(r.location()).await.body)[0];

    let mut other = s.signed_in("tuyensinh.umt@lantoa.test").await;
    for path in [format!("/quan-tri/tai-lieu-kem-theo/{id}"), format!("/quan-tri/tai-lieu-kem-theo/{id}/xoa"), format!("{report}/tai-lieu-kem-theo")] {
        let r = other.get(&path).await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{path}");
        assert!(!r.body.contains("%PDF"), "{path}");
    }
    let token = other.get("/quan-tri").await.csrf();
    assert_eq!(other.post(&format!("/quan-tri/tai-lieu-kem-theo/{id}/xoa"), &[("_csrf", &token)]).await.status, StatusCode::FORBIDDEN);
    // Not public, whatever address is tried.
    let mut anonymous = s.browser();
    assert_eq!(anonymous.get(&format!("/ke-hoach/{PLAN}/tai-lieu/{id}")).await.status, StatusCode::NOT_FOUND);
    assert_ne!(anonymous.get(&format!("/quan-tri/tai-lieu-kem-theo/{id}")).await.status, StatusCode::OK);
    // The lead department reads it.
    let mut lead = s.signed_in("chutri@lantoa.test").await;
    assert_eq!(lead.get(&format!("/quan-tri/tai-lieu-kem-theo/{id}")).await.status, StatusCode::OK);

    // Submitted: the form is gone, an upload and a deletion are refused with the reason.
    editor.submit(&report, &report, &[("action", "submit"), ("results", "Tổ chức 8 buổi tư vấn tuyển sinh.")]).await;
    let page = editor.get(&report).await;
    assert!(page.body.contains("đang chờ đơn vị chủ trì xem xét") && !page.body.contains("tai-lieu-kem-theo?_csrf"), "{}", page.body);
    let list = editor.get(&format!("{report}/tai-lieu-kem-theo")).await;
    assert!(!list.body.contains("/xoa\""), "no delete links");
    let confirm = editor.get(&format!("/quan-tri/tai-lieu-kem-theo/{id}/xoa")).await;
    assert_eq!(confirm.status, StatusCode::CONFLICT);
    assert!(confirm.body.contains("không thêm, xóa tài liệu kèm theo được"));
});

both_engines!(async fn the_plans_attachments_are_public_on_its_page(db) {
    let s = site(db).await;
    let manage = format!("/quan-tri/ke-hoach/{PLAN}/tai-lieu-kem-theo");
    // A school's editor sees the list but has no form.
    let mut editor = s.signed_in("truong.cdkg@lantoa.test").await;
    let page = editor.get(&manage).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(!page.body.contains("tai-lieu-kem-theo?_csrf"));
    let mut owner = s.signed_in("chutri@lantoa.test").await;
    let r = attach(&mut owner, &manage, "Kế hoạch (bản ký số)", "KH 1234.pdf", &pdf()).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let mut anonymous = s.browser();
    let public = anonymous.get(&format!("/ke-hoach/{PLAN}")).await;
    assert!(public.body.contains("Kế hoạch (bản ký số)") && public.body.contains(&format!("(PDF, {} byte)", pdf().len())), "{}", public.body);
    let start = public.body.find(&format!("/ke-hoach/{PLAN}/tai-lieu/")).unwrap();
    let end = public.body[start..].find('"').unwrap() + start;
    let file = anonymous.get(&public.body[start..end]).await;
    assert_eq!(file.status, StatusCode::OK);
    assert_eq!(file.headers[header::X_CONTENT_TYPE_OPTIONS], "nosniff");
    assert!(file.headers[header::CONTENT_DISPOSITION].to_str().unwrap().contains("filename=\"KH 1234.pdf\""));
});
