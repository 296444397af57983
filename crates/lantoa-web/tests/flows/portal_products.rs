//! Portal content as communication products and the consolidated narrative (ADR 0013).

use axum::http::StatusCode;
use chrono::NaiveDate;
use lantoa_store::both_engines;

use super::support::{Resp, TestSite, site};

const PLAN: &str = "/quan-tri/ke-hoach/kh-truyen-thong-gdnn-2023-2025";

/// Moves the site's clock from 26/11/2026 back to `day` (09:00 in Vietnam).
fn go_back_to(s: &TestSite, day: NaiveDate) {
    let today = NaiveDate::from_ymd_opt(2026, 11, 26).unwrap();
    s.clock
        .advance(chrono::Duration::days(-(today - day).num_days()));
}

/// The figure a report page shows "from products" for an activity code.
fn from_products(page: &Resp, code: &str) -> String {
    let row = format!("<th scope=\"row\">{code}</th>");
    let start = page
        .body
        .find(&row)
        .unwrap_or_else(|| panic!("no row {code}"));
    let rest = &page.body[start..];
    let cell = rest.find("<td class=\"num\">").unwrap() + "<td class=\"num\">".len();
    rest[cell..cell + rest[cell..].find('<').unwrap()].to_owned()
}

both_engines!(async fn a_published_article_appears_in_the_units_products_and_report(db) {
    let s = site(db).await;
    go_back_to(&s, NaiveDate::from_ymd_opt(2024, 5, 10).unwrap());
    let college = s.org_id("truong-cao-dang-kien-giang");
    let report = format!("{PLAN}/ky-bao-cao/2024-h1/{college}");
    let mut editor = s.signed_in("truong.cdkg@lantoa.test").await;
    assert_eq!(from_products(&editor.get(&report).await, "5.2"), "0");

    let r = editor
        .submit("/quan-tri/noi-dung/moi", "/quan-tri/noi-dung", &[("organisation_id", &college.to_string()), ("kind", "article"), ("title", "Ngày hội tư vấn tuyển sinh 2024"), ("body", "Hơn 300 học sinh đến trường."), ("topics", "iv-2-b")])
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let id: i64 = r.location().rsplit('/').next().unwrap().parse().unwrap();
    let action = format!("/quan-tri/noi-dung/{id}/gui-duyet");
    assert_eq!(editor.submit(&action, &action, &[]).await.status, StatusCode::SEE_OTHER);
    let mut approver = s.signed_in("duyet.cdkg@lantoa.test").await;
    let action = format!("/quan-tri/noi-dung/{id}/xuat-ban");
    assert_eq!(approver.submit(&action, &action, &[]).await.status, StatusCode::SEE_OTHER);

    // In the unit's products, from the portal, linked to the item and to its public page.
    let list = editor.get(&format!("{PLAN}/san-pham")).await;
    assert!(list.body.contains("Ngày hội tư vấn tuyển sinh 2024") && list.body.contains("Từ cổng thông tin"));
    assert!(list.body.contains("href=\"/tin-tuc/ngay-hoi-tu-van-tuyen-sinh-2024\"") && list.body.contains(&format!("href=\"/quan-tri/noi-dung/{id}\"")));
    assert!(list.body.contains("10/05/2024"));
    // And in its report form, counted for 5.2 (the plan's rule for articles of an institution).
    let form = editor.get(&report).await;
    assert_eq!(from_products(&form, "5.2"), "1");
    // The public page is the evidence.
    assert_eq!(s.browser().get("/tin-tuc/ngay-hoi-tu-van-tuyen-sinh-2024").await.status, StatusCode::OK);

    // The unit sends its report; withdrawing the item now keeps the product, and the
    // approver is told so before confirming.
    let r = editor.submit(&report, &report, &[("action", "submit"), ("results", "Một tin trên cổng thông tin.")]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let withdraw = format!("/quan-tri/noi-dung/{id}/go");
    let confirm = approver.get(&withdraw).await;
    assert!(confirm.body.contains("đã được tính trong báo cáo 6 tháng đầu năm 2024 (Đã gửi) nên vẫn được giữ lại"), "{}", confirm.body);
    assert_eq!(approver.submit(&withdraw, &withdraw, &[]).await.status, StatusCode::SEE_OTHER);
    let list = editor.get(&format!("{PLAN}/san-pham")).await;
    assert!(list.body.contains("Ngày hội tư vấn tuyển sinh 2024") && list.body.contains("Đã gỡ khỏi cổng"));
});

both_engines!(async fn a_unit_assigns_the_activity_no_rule_could_choose(db) {
    let s = site(db).await;
    // The Youth Union's demo article (26/03/2025) fits no rule of the plan: the Union
    // coordinates 5.3 only.
    let mut owner = s.signed_in("chutri@lantoa.test").await;
    let list = owner.get(&format!("{PLAN}/san-pham?chua_gan=1")).await;
    assert_eq!(list.status, StatusCode::OK);
    assert!(list.body.contains("Chưa gán hoạt động") && list.body.contains("Tỉnh đoàn Kiên Giang"), "{}", list.body);
    assert!(list.body.contains("Hoạt động được chọn theo quy tắc") && list.body.contains("Tin, bài, Ảnh → hoạt động 5.2"));
    let product = {
        let mut c = s.app.db.conn().unwrap();
        let youth = s.org_id("tinh-doan-kien-giang");
        lantoa_store::products::list(&mut c, &lantoa_store::products::ProductFilter { orgs: Some(vec![lantoa_domain::OrgId(youth)]), unassigned: true, ..Default::default() }, lantoa_store::PageRequest::new(1, 5))
            .unwrap()
            .items
            .remove(0)
            .product
    };
    let a53 = {
        let mut c = s.app.db.conn().unwrap();
        let plan = lantoa_store::plans::by_slug(&mut c, "kh-truyen-thong-gdnn-2023-2025").unwrap().unwrap();
        lantoa_store::plans::activities(&mut c, plan.plan_id()).unwrap().into_iter().find(|a| a.code == "5.3").unwrap().id.to_string()
    };
    let page = format!("{PLAN}/san-pham/{}", product.id);
    // Only the Youth Union's editors may change it; the plan owner reads it in the list.
    assert_eq!(owner.get(&page).await.status, StatusCode::FORBIDDEN);
    let mut journalist = s.signed_in("phongvien@lantoa.test").await;
    assert_eq!(journalist.get(&page).await.status, StatusCode::FORBIDDEN);

    // A Youth Union editor (none in the demo: one is made here).
    let (email, password) = ("doan@lantoa.test", "mat-khau-rat-dai-123");
    {
        let mut c = s.app.db.conn().unwrap();
        let form = lantoa_app::users::NewUserForm {
            email: email.into(),
            display_name: "Biên tập Tỉnh đoàn".into(),
            organisation_id: s.org_id("tinh-doan-kien-giang").to_string(),
            role: "editor".into(),
            ..Default::default()
        };
        lantoa_app::users::create_by_operator(&s.app, &mut c, &lantoa_app::users::Operator::command_line("test"), &form, password).unwrap();
    }
    let mut editor = s.browser();
    assert_eq!(editor.login(email, password).await.status, StatusCode::SEE_OTHER);
    let form = editor.get(&page).await;
    assert_eq!(form.status, StatusCode::OK);
    assert!(form.body.contains("được tạo tự động khi nội dung được xuất bản") && form.body.contains("Trên cổng thông tin"));
    assert!(!form.body.contains("name=\"title\""), "the item's title is not editable here");
    // No activity chosen: the form comes back with the message and what was typed.
    let r = editor.submit(&page, &page, &[("activity_id", ""), ("quantity", "1"), ("reach", "420"), ("reach_kind", "views")]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("Vui lòng chọn hoạt động của kế hoạch.") && r.body.contains("value=\"420\""));
    // The activity chosen; a title slipped into the form does not rename the item's product.
    let r = editor.submit(&page, &page, &[("activity_id", &a53), ("quantity", "1"), ("reach", "420"), ("reach_kind", "views"), ("title", "Đổi tên")]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let list = editor.get(&format!("{PLAN}/san-pham")).await;
    assert!(list.body.contains("Đã lưu sản phẩm truyền thông.") && list.body.contains("420 lượt xem"));
    assert!(list.body.contains(&product.title), "the item's title stays");
    assert!(!list.body.contains("Đổi tên"));
    // Counted in the Union's six-month report of 2025 (the Union ended on 30/06/2025).
    let report = editor.get(&format!("{PLAN}/ky-bao-cao/2025-h1/{}", s.org_id("tinh-doan-kien-giang"))).await;
    assert_eq!(from_products(&report, "5.3"), "1");
    assert!(!report.body.contains("chưa được gán hoạt động"));
});

both_engines!(async fn the_lead_department_edits_the_consolidated_narrative(db) {
    let s = site(db).await;
    let college = s.org_id("truong-cao-dang-kien-giang");
    let report = format!("{PLAN}/ky-bao-cao/2025/{college}");
    let mut editor = s.signed_in("truong.cdkg@lantoa.test").await;
    let r = editor.submit(&report, &report, &[("action", "submit"), ("results", "Tổ chức 8 buổi tư vấn tuyển sinh."), ("proposals", "Hỗ trợ kinh phí in tờ rơi.")]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let mut owner = s.signed_in("chutri@lantoa.test").await;
    assert_eq!(owner.submit(&report, &format!("{report}/tiep-nhan"), &[]).await.status, StatusCode::SEE_OTHER);

    let page = format!("{PLAN}/ky-bao-cao/2025/tong-hop");
    assert!(owner.get(&format!("{PLAN}/ky-bao-cao/2025")).await.body.contains(&format!("href=\"{page}\"")));
    let r = owner.get(&page).await;
    assert_eq!(r.status, StatusCode::OK);
    // Pre-filled from the accepted report, section by section, under the unit's name.
    assert!(r.body.contains("Trường Cao đẳng Kiên Giang: Tổ chức 8 buổi tư vấn tuyển sinh."), "{}", r.body);
    assert!(r.body.contains("Trường Cao đẳng Kiên Giang: Hỗ trợ kinh phí in tờ rơi."));
    assert!(r.body.contains("Chưa lưu"));
    // The unit cannot open the lead department's draft.
    assert_eq!(editor.get(&page).await.status, StatusCode::FORBIDDEN);

    // Too long: refused beside the field, everything typed kept.
    let long = "x".repeat(50_001);
    let r = owner.submit(&page, &page, &[("results", "Kết quả chung của tỉnh."), ("next_steps", &long)]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("Phần “Phương hướng kỳ tới” không quá 50.000 ký tự.") && r.body.contains("Kết quả chung của tỉnh."));
    let r = owner.submit(&page, &page, &[("results", "Toàn tỉnh tổ chức 8 buổi tư vấn."), ("shortcomings", "Một số đơn vị gửi muộn."), ("proposals", "Đề nghị bố trí kinh phí in ấn.")]).await;
    assert_eq!((r.status, r.location()), (StatusCode::SEE_OTHER, page.as_str()));
    let r = owner.get(&page).await;
    assert!(r.body.contains("Đã lưu nội dung báo cáo tổng hợp") && r.body.contains("Toàn tỉnh tổ chức 8 buổi tư vấn.") && r.body.contains("Đã lưu lúc"));
    assert!(!r.body.contains("Trường Cao đẳng Kiên Giang: Tổ chức 8 buổi"), "the saved draft, not the units' text");
    // "Fill again" shows the units' text without saving it.
    let again = owner.get(&format!("{page}?dien_lai=1")).await;
    assert!(again.body.contains("Trường Cao đẳng Kiên Giang: Tổ chức 8 buổi") && again.body.contains("chưa được lưu"));
    assert!(owner.get(&page).await.body.contains("Toàn tỉnh tổ chức 8 buổi tư vấn."));
    // A report accepted after the save is named, with the way to bring its text in.
    s.clock.advance(chrono::Duration::minutes(5));
    let umt = s.org_id("truong-trung-cap-nghe-u-minh-thuong");
    let umt_report = format!("{PLAN}/ky-bao-cao/2025/{umt}");
    let mut umt_editor = s.signed_in("tuyensinh.umt@lantoa.test").await;
    let r = umt_editor.submit(&umt_report, &umt_report, &[("action", "submit"), ("results", "Tư vấn tuyển sinh tại 5 xã.")]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert_eq!(owner.submit(&umt_report, &format!("{umt_report}/tiep-nhan"), &[]).await.status, StatusCode::SEE_OTHER);
    let r = owner.get(&page).await;
    assert!(r.body.contains("Có báo cáo được tiếp nhận sau lần lưu cuối") && r.body.contains("Trường Trung cấp Nghề vùng U Minh Thượng"), "{}", r.body);
    assert!(owner.get(&format!("{page}?dien_lai=1")).await.body.contains("Tư vấn tuyển sinh tại 5 xã."));
    // Audited; the exports use it (their text is checked in lantoa-app's tests).
    let audit = owner.get("/quan-tri/nhat-ky").await;
    assert!(audit.body.contains("report.consolidated_save"), "{}", audit.body);
    assert_eq!(owner.get(&format!("{page}/docx")).await.status, StatusCode::OK);
});
