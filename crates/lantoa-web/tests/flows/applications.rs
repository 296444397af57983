use axum::http::{StatusCode, header};
use lantoa_app::applications::OpenProgramme;
use lantoa_store::both_engines;

use super::support::{Browser, Resp, TestSite, site};

/// Programmes open today at an institution (by slug).
fn open_at(s: &TestSite, institution: &str) -> Vec<OpenProgramme> {
    let id = s.org_id(institution);
    let mut conn = s.app.db.conn().expect("conn");
    lantoa_app::applications::open_programmes(&mut conn, s.app.clock.today())
        .expect("open programmes")
        .into_iter()
        .filter(|p| p.programme.institution_id == id)
        .collect()
}

fn fields<'a>(choice: &'a str, name: &'a str, phone: &'a str) -> Vec<(&'a str, &'a str)> {
    vec![
        ("choice_1", choice),
        ("full_name", name),
        ("birth_date", "20/10/2001"),
        ("phone", phone),
        ("commune", "Xã Hòn Đất"),
        ("schooling", "thpt"),
        ("consent_processing", "on"),
        ("website", ""),
    ]
}

/// Sends the form as a browser would (token from the form page).
async fn apply(b: &mut Browser, f: &[(&str, &str)]) -> Resp {
    b.submit("/dang-ky", "/dang-ky", f).await
}

fn code_of(r: &Resp) -> String {
    r.location()
        .strip_prefix("/dang-ky/xac-nhan/")
        .expect("redirected to the confirmation")
        .to_owned()
}

both_engines!(async fn applying_from_a_programme_page_gives_a_confirmation_to_save(db) {
    let s = site(db).await;
    let p = open_at(&s, "truong-cao-dang-kien-giang").remove(0);
    let mut b = s.browser();
    let page = b.get(&format!("/chuong-trinh/{}", p.programme.slug)).await;
    let href = format!("/dang-ky?chuong-trinh={}", p.programme.slug);
    assert!(page.body.contains(&format!("href=\"{href}\"")), "an Đăng ký học button");
    let form = b.get(&href).await;
    assert_eq!(form.status, StatusCode::OK);
    assert!(form.body.contains(&format!("<option value=\"{}\" selected>", p.programme.id)), "the programme is the first choice");
    assert!(form.body.contains("class=\"form-trap\""), "the honeypot is hidden by a class");
    let id = p.programme.id.to_string();
    let r = apply(&mut b, &fields(&id, "Nguyễn Thị Hoa", "0912 345 678")).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let code = code_of(&r);
    let c = b.get(r.location()).await;
    assert_eq!(c.status, StatusCode::OK);
    assert!(c.body.contains(&code) && c.body.contains("Nguyễn Thị Hoa") && c.body.contains("0912 345 678"));
    assert!(c.body.contains("lưu hoặc in trang này"));
    assert_eq!(c.headers.get(header::CACHE_CONTROL).unwrap(), "no-store");
    // Another browser knowing only the code sees no personal data until it gives the phone.
    let mut other = s.browser();
    let asked = other.get(&format!("/dang-ky/xac-nhan/{code}")).await;
    assert!(asked.body.contains("nhập số điện thoại") && !asked.body.contains("Nguyễn Thị Hoa"));
    let path = format!("/dang-ky/xac-nhan/{code}");
    let wrong = other.submit(&path, &path, &[("phone", "0987 654 321")]).await;
    assert_eq!(wrong.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(!wrong.body.contains("Nguyễn Thị Hoa"));
    let right = other.submit(&path, &path, &[("phone", "+84912345678")]).await;
    assert_eq!(right.status, StatusCode::OK);
    assert!(right.body.contains("Nguyễn Thị Hoa"));
    // Sending the same application again: merged, same code, and the page says so.
    let again = apply(&mut b, &fields(&id, "nguyen thi hoa", "0912345678")).await;
    assert_eq!(code_of(&again), code);
    let merged = b.get(again.location()).await;
    assert_eq!(merged.status, StatusCode::OK);
    assert!(merged.body.contains("được gộp vào hồ sơ cũ"), "{}", merged.body);
});

both_engines!(async fn the_status_lookup_download_and_erasure(db) {
    let s = site(db).await;
    let p = open_at(&s, "truong-cao-dang-kien-giang").remove(0);
    let mut b = s.browser();
    let id = p.programme.id.to_string();
    let code = code_of(&apply(&mut b, &fields(&id, "Trần Văn Út", "0933 222 111")).await);
    let mut other = s.browser();
    let r = other.submit("/tra-cuu-ho-so", "/tra-cuu-ho-so", &[("code", &code.to_lowercase()), ("phone", "0933222111")]).await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.body.contains("Trần Văn Út") && r.body.contains("Mới") && r.body.contains("Nộp hồ sơ trực tuyến"));
    let json = other.submit("/tra-cuu-ho-so", "/tra-cuu-ho-so/du-lieu", &[("code", &code), ("phone", "0933222111")]).await;
    assert_eq!(json.status, StatusCode::OK);
    assert!(json.headers.get(header::CONTENT_DISPOSITION).unwrap().to_str().unwrap().contains(".json"));
    let data: serde_json::Value = serde_json::from_str(&json.body).unwrap();
    assert_eq!(data["ho_va_ten"], "Trần Văn Út");
    let confirm = other.submit("/tra-cuu-ho-so", "/tra-cuu-ho-so/xoa", &[("code", &code), ("phone", "0933222111")]).await;
    assert!(confirm.body.contains("Xóa dữ liệu cá nhân của hồ sơ"));
    assert!(s.browser().get("/tra-cuu-ho-so").await.status == StatusCode::OK);
    let erased = other.submit("/tra-cuu-ho-so", "/tra-cuu-ho-so/xoa/xac-nhan", &[("code", &code), ("phone", "0933222111")]).await;
    assert_eq!(erased.status, StatusCode::OK);
    assert!(erased.body.contains("Đã xóa dữ liệu cá nhân"));
    let again = other.submit("/tra-cuu-ho-so", "/tra-cuu-ho-so", &[("code", &code), ("phone", "0933222111")]).await;
    assert_eq!(again.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(again.body.contains("Không tìm thấy hồ sơ"));
});

both_engines!(async fn every_bad_input_gets_a_message_beside_its_field_and_the_rest_stays(db) {
    let s = site(db).await;
    let open = open_at(&s, "truong-cao-dang-kien-giang");
    let id = open[0].programme.id.to_string();
    let mut b = s.browser();
    let cases: Vec<(&str, &str, &str)> = vec![
        ("birth_date", "31/02/2008", "không có trên lịch"),
        ("birth_date", "01/01/2031", "sau ngày hôm nay"),
        ("phone", "09123abc78", "chỉ gồm chữ số"),
        ("phone", "091234567", "10 chữ số"),
        ("choice_1", "99999999", "không có trong danh sách đang tuyển sinh"),
        ("choice_1", "1 OR 1=1", "không có trong danh sách đang tuyển sinh"),
    ];
    for (field, value, message) in cases {
        let mut f = fields(&id, "Lê Thị Bé Ba", "0912 000 333");
        f.retain(|(k, _)| *k != field);
        f.push((field, value));
        let r = apply(&mut b, &f).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{field}={value}");
        let beside = format!("id=\"{field}-error\">");
        let at = r.body.find(&beside).unwrap_or_else(|| panic!("no message beside {field} for {value:?}"));
        let next: String = r.body[at..].chars().take(200).collect();
        assert!(next.contains(message), "{field}={value}: {next}");
        assert!(r.body.contains("value=\"Lê Thị Bé Ba\""), "the name stays ({field})");
        assert!(r.body.contains("value=\"Xã Hòn Đất\""), "the commune stays ({field})");
        assert!(r.body.contains(&format!("href=\"#{field}\"")), "the summary links to {field}");
    }
    // A minor without the guardian's consent.
    let mut f = fields(&id, "Lê Thị Bé Tư", "0912 000 444");
    f.retain(|(k, _)| *k != "birth_date");
    f.extend([("birth_date", "15/06/2010"), ("guardian_name", "Lê Văn Năm"), ("guardian_phone", "0913 000 555")]);
    let r = apply(&mut b, &f).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("id=\"consent_guardian-error\">Người đăng ký chưa đủ 18 tuổi"));
    assert!(r.body.contains("value=\"Lê Văn Năm\"") && r.body.contains("value=\"0913 000 555\""));
    // A closed intake: a published programme with no intake open today.
    let closed = {
        let mut conn = s.app.db.conn().unwrap();
        let today = s.app.clock.today();
        let open_ids: Vec<i64> = lantoa_app::applications::open_programmes(&mut conn, today).unwrap().iter().map(|p| p.programme.id).collect();
        let all = lantoa_store::programmes::list(&mut conn, &lantoa_store::programmes::ProgrammeFilter { public_on: Some(today), ..Default::default() }, lantoa_store::PageRequest::new(1, 200)).unwrap();
        all.items.into_iter().map(|i| i.0.id).find(|i| !open_ids.contains(i)).unwrap()
    };
    let closed = closed.to_string();
    let r = apply(&mut b, &fields(&closed, "Lê Thị Bé Sáu", "0912 000 666")).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("id=\"choice_1-error\">Chương trình này đã hết hạn nhận hồ sơ"));
    // A 10 MB field: the form again, the message beside it, everything else kept.
    let big = "a".repeat(10 * 1024 * 1024);
    let mut f = fields(&id, "Lê Thị Bé Bảy", "0912 000 777");
    f.retain(|(k, _)| *k != "commune");
    f.push(("commune", &big));
    let r = apply(&mut b, &f).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("id=\"commune-error\">Nội dung ô này quá dài"));
    assert!(r.body.contains("value=\"Lê Thị Bé Bảy\"") && r.body.contains("value=\"0912 000 777\""));
    assert!(r.body.len() < 200_000, "the huge value is not echoed back");
    // Nothing of all that was stored.
    let mut conn = s.app.db.conn().unwrap();
    assert_eq!(lantoa_store::applications::count(&mut conn).unwrap(), 14, "only the demo's");
});

both_engines!(async fn a_school_sees_its_applicants_not_another_schools(db) {
    let s = site(db).await;
    let a = open_at(&s, "truong-cao-dang-kien-giang").remove(0);
    let bp = open_at(&s, "truong-trung-cap-nghe-u-minh-thuong").remove(0);
    let mut public = s.browser();
    let code_b = code_of(&apply(&mut public, &fields(&bp.programme.id.to_string(), "Danh Thị Sol", "0971 111 222")).await);
    let code_a = code_of(&apply(&mut public, &fields(&a.programme.id.to_string(), "Kiều Văn Lộc", "0971 111 333")).await);
    let (id_a, id_b) = {
        let mut conn = s.app.db.conn().unwrap();
        (
            lantoa_store::applications::by_code(&mut conn, &code_a).unwrap().unwrap().id,
            lantoa_store::applications::by_code(&mut conn, &code_b).unwrap().unwrap().id,
        )
    };
    let mut staff_a = s.signed_in("truong.cdkg@lantoa.test").await;
    let list = staff_a.get("/quan-tri/ho-so-tuyen-sinh").await;
    assert_eq!(list.status, StatusCode::OK);
    assert!(list.body.contains(&code_a) && list.body.contains("Kiều Văn Lộc"));
    assert!(!list.body.contains(&code_b) && !list.body.contains("Danh Thị Sol"));
    assert_eq!(staff_a.get(&format!("/quan-tri/ho-so-tuyen-sinh/{id_b}")).await.status, StatusCode::NOT_FOUND);
    let mut staff_b = s.signed_in("tuyensinh.umt@lantoa.test").await;
    let detail = staff_b.get(&format!("/quan-tri/ho-so-tuyen-sinh/{id_b}")).await;
    assert_eq!(detail.status, StatusCode::OK);
    assert!(detail.body.contains("Danh Thị Sol"));
    assert_eq!(staff_b.get(&format!("/quan-tri/ho-so-tuyen-sinh/{id_a}")).await.status, StatusCode::NOT_FOUND);
    // A journalist's organisation runs no programme: no applicants at all.
    let mut press = s.signed_in("phongvien@lantoa.test").await;
    assert_eq!(press.get("/quan-tri/ho-so-tuyen-sinh").await.status, StatusCode::FORBIDDEN);
    // Filters, and a status change through the form.
    let filtered = staff_b.get(&format!("/quan-tri/ho-so-tuyen-sinh?chuong-trinh={}&trang-thai=new", bp.programme.id)).await;
    assert!(filtered.body.contains(&code_b));
    let choice = {
        let mut conn = s.app.db.conn().unwrap();
        lantoa_store::applications::choices_of(&mut conn, &[id_b]).unwrap()[0].id
    };
    let page = format!("/quan-tri/ho-so-tuyen-sinh/{id_b}");
    let r = staff_b.submit(&page, &format!("/quan-tri/ho-so-tuyen-sinh/nguyen-vong/{choice}"), &[("status", "contacted"), ("note", "Đã gọi, hẹn nộp hồ sơ giấy.")]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let after = staff_b.get(&page).await;
    assert!(after.body.contains("Mới → Đã liên hệ") && after.body.contains("hẹn nộp hồ sơ giấy"));
    let bad = staff_b.submit(&page, &format!("/quan-tri/ho-so-tuyen-sinh/nguyen-vong/{choice}"), &[("status", "enrolled"), ("note", "Ghi chú giữ lại")]).await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad.body.contains("Không chuyển được sang trạng thái này") && bad.body.contains("Ghi chú giữ lại"));
    // School A cannot act on school B's choice.
    let r = staff_a.submit("/quan-tri/ho-so-tuyen-sinh", &format!("/quan-tri/ho-so-tuyen-sinh/nguyen-vong/{choice}"), &[("status", "eligible")]).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
});

both_engines!(async fn a_status_chosen_on_a_page_opened_before_a_colleagues_change_comes_back_with_a_message(db) {
    let s = site(db).await;
    let a = open_at(&s, "truong-cao-dang-kien-giang").remove(0);
    let mut public = s.browser();
    let code = code_of(&apply(&mut public, &fields(&a.programme.id.to_string(), "Thạch Thị Sa Rên", "0971 222 444")).await);
    let (id, choice) = {
        let mut conn = s.app.db.conn().unwrap();
        let id = lantoa_store::applications::by_code(&mut conn, &code).unwrap().unwrap().id;
        (id, lantoa_store::applications::choices_of(&mut conn, &[id]).unwrap()[0].id)
    };
    let page = format!("/quan-tri/ho-so-tuyen-sinh/{id}");
    let action = format!("/quan-tri/ho-so-tuyen-sinh/nguyen-vong/{choice}");
    // Both colleagues have the page open while the application is mới.
    let mut first = s.signed_in("truong.cdkg@lantoa.test").await;
    let mut second = s.signed_in("quantri.cdkg@lantoa.test").await;
    let opened = second.get(&page).await;
    assert!(opened.body.contains(r#"name="seen" value="new""#), "the form carries the status shown");
    let token = opened.csrf();
    let r = first.submit(&page, &action, &[("seen", "new"), ("status", "contacted"), ("note", "")]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    // The second sends a decision from the old page: it comes back, told why, the note kept.
    let late = second.post(&action, &[("_csrf", token.as_str()), ("seen", "new"), ("status", "rejected"), ("note", "Không đủ điều kiện đầu vào")]).await;
    assert_eq!(late.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(late.body.contains("Trong lúc bạn xem, hồ sơ đã được chuyển sang “Đã liên hệ”"), "{}", late.body);
    assert!(late.body.contains("Không đủ điều kiện đầu vào"), "the note typed stays");
    assert!(late.body.contains(r#"name="seen" value="contacted""#), "the form now shows the current status");
    let after = first.get(&page).await;
    assert!(after.body.contains("Mới → Đã liên hệ") && !after.body.contains("Đã liên hệ → Từ chối"));
});

both_engines!(async fn list_detail_and_export_views_are_in_the_audit_log(db) {
    let s = site(db).await;
    let mut staff = s.signed_in("truong.cdkg@lantoa.test").await;
    let quota = staff.get("/quan-tri/ho-so-tuyen-sinh/chi-tieu").await;
    assert_eq!(quota.status, StatusCode::OK);
    assert!(quota.body.contains("Chỉ tiêu") && quota.body.contains("Tổng"));
    let list = staff.get("/quan-tri/ho-so-tuyen-sinh").await;
    let first: i64 = list
        .body
        .split("href=\"/quan-tri/ho-so-tuyen-sinh/")
        .skip(1)
        .find_map(|s| s.split('"').next()?.parse().ok())
        .expect("a demo application of this school");
    assert_eq!(staff.get(&format!("/quan-tri/ho-so-tuyen-sinh/{first}")).await.status, StatusCode::OK);
    let x = staff.get("/quan-tri/ho-so-tuyen-sinh/tai-ve?trang-thai=new").await;
    assert_eq!(x.status, StatusCode::OK);
    assert_eq!(x.headers.get(header::CONTENT_TYPE).unwrap(), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    let mut conn = s.app.db.conn().unwrap();
    let audit = lantoa_store::audit::list(&mut conn, &Default::default(), lantoa_store::PageRequest::new(1, 500)).unwrap().items;
    for action in ["application.list", "application.view", "application.export"] {
        assert!(audit.iter().any(|e| e.action == action && e.actor_label == "truong.cdkg@lantoa.test"), "{action} not audited");
    }
    // The audit page names the action in Vietnamese.
    let mut admin = s.signed_in("quantri@lantoa.test").await;
    assert!(admin.get("/quan-tri/nhat-ky").await.body.contains("Xem danh sách hồ sơ tuyển sinh"));
    // Platform roles get the counts against quota, not the applicants.
    let r = admin.get("/quan-tri/ho-so-tuyen-sinh").await;
    assert_eq!((r.status, r.location()), (StatusCode::SEE_OTHER, "/quan-tri/ho-so-tuyen-sinh/chi-tieu"));
    let counts = admin.get("/quan-tri/ho-so-tuyen-sinh/chi-tieu").await;
    assert!(counts.body.matches("<tr>").count() > 60, "every institution's programmes are counted");
    assert!(!counts.body.contains("href=\"/quan-tri/ho-so-tuyen-sinh?chuong-trinh="), "no links into applicant lists");
});

both_engines!(async fn too_many_applications_from_one_address_get_a_429(db) {
    let s = site(db).await;
    let id = open_at(&s, "truong-cao-dang-kien-giang")[0].programme.id.to_string();
    let mut b = s.browser();
    b.ip = "198.51.100.9".into();
    for n in 0..30 {
        let phone = format!("0912{:06}", n);
        let name = format!("Người Số {n}");
        let r = apply(&mut b, &fields(&id, &name, &phone)).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "application {n}");
    }
    let r = apply(&mut b, &fields(&id, "Người Thứ Ba Mốt", "0912999999")).await;
    assert_eq!(r.status, StatusCode::TOO_MANY_REQUESTS);
    assert!(r.body.contains("<html"), "a Vietnamese page, not plain text");
});
