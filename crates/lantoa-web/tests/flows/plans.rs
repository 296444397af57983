use axum::http::StatusCode;
use lantoa_store::both_engines;

use super::support::site;

both_engines!(async fn the_seed_plan_is_readable_in_full_with_its_two_numbers(db) {
    let s = site(db).await;
    let mut b = s.browser();
    let list = b.get("/ke-hoach").await;
    assert_eq!(list.status, StatusCode::OK);
    assert!(list.body.contains("href=\"/ke-hoach/kh-truyen-thong-gdnn-2023-2025\""));
    let r = b.get("/ke-hoach/kh-truyen-thong-gdnn-2023-2025").await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.body.contains("Số: 97/KH-UBND"));
    assert!(r.body.contains("Văn bản ghi nhiều số hiệu khác nhau") && r.body.contains("“37/KH-UBND”"));
    assert!(r.body.contains("Kiên Giang, ngày 30 tháng 3 năm 2023"));
    assert!(r.body.contains("Xây dựng, số hóa các ấn phẩm tuyên truyền"), "activity 3.1 is in the appendix table");
    assert!(r.body.contains("Đài Phát thanh - Truyền hình tỉnh"));
    assert!(r.body.contains("Báo cáo 6 tháng") && r.body.contains("20/6") && r.body.contains("30/11"));
    assert!(r.body.contains("Nguyễn Lưu Trung"));
    assert_eq!(b.get("/ke-hoach/khong-co").await.status, StatusCode::NOT_FOUND);
});

both_engines!(async fn an_editor_logs_a_product_and_sees_it_counted_for_their_organisation(db) {
    let s = site(db).await;
    let base = "/quan-tri/ke-hoach/kh-truyen-thong-gdnn-2023-2025/san-pham";
    let mut b = s.signed_in("truong.cdkg@lantoa.test").await;
    // At first the college has one product: its demo article, published on the portal.
    let first = b.get(base).await;
    assert_eq!(first.status, StatusCode::OK);
    assert!(first.body.contains("1 sản phẩm") && first.body.contains("Từ cổng thông tin"), "{}", first.body);
    let form = b.get(&format!("{base}/moi")).await;
    assert!(form.body.contains("5.2. Tuyên truyền trên báo"), "activities are offered with their codes");
    let activity = {
        let mut c = s.app.db.conn().unwrap();
        let plan = lantoa_store::plans::by_slug(&mut c, "kh-truyen-thong-gdnn-2023-2025").unwrap().unwrap();
        lantoa_store::plans::activities(&mut c, plan.plan_id()).unwrap().into_iter().find(|a| a.code == "9").unwrap().id.to_string()
    };
    let college = s.org_id("truong-cao-dang-kien-giang").to_string();
    // Mistakes: the form comes back with the messages and what was typed.
    let r = b
        .submit(&format!("{base}/moi"), base, &[("organisation_id", &college), ("activity_id", &activity), ("kind", "school_session"), ("title", "Tư vấn tuyển sinh tại THCS Hòn Đất"), ("quantity", "hai"), ("produced_on", "")])
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("Số lượng phải là một số nguyên") && r.body.contains("Vui lòng nhập ngày thực hiện."));
    assert!(r.body.contains("value=\"Tư vấn tuyển sinh tại THCS Hòn Đất\"") && r.body.contains("value=\"hai\""));
    let r = b
        .submit(&format!("{base}/moi"), base, &[("organisation_id", &college), ("activity_id", &activity), ("kind", "school_session"), ("title", "Tư vấn tuyển sinh tại THCS Hòn Đất"), ("quantity", "2"), ("produced_on", "2024-04-10"), ("reach", "180"), ("reach_kind", "participants")])
        .await;
    assert_eq!((r.status, r.location()), (StatusCode::SEE_OTHER, base));
    let list = b.get(base).await;
    assert!(list.body.contains("Đã ghi nhận sản phẩm truyền thông."));
    assert!(list.body.contains("Tư vấn tuyển sinh tại THCS Hòn Đất") && list.body.contains("10/04/2024") && list.body.contains("180 người tham dự"));
    // Someone else's organisation in the form: refused.
    let paper = s.org_id("bao-kien-giang").to_string();
    let r = b
        .submit(&format!("{base}/moi"), base, &[("organisation_id", &paper), ("activity_id", &activity), ("kind", "article"), ("title", "Giả mạo"), ("quantity", "1"), ("produced_on", "2024-04-10")])
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    // A journalist of the paper does not see the college's product.
    let mut journalist = s.signed_in("phongvien@lantoa.test").await;
    assert!(journalist.get(base).await.body.contains("Chưa có sản phẩm nào."));
    // A viewer cannot add products.
    let mut viewer = s.signed_in("huyen.hondat@lantoa.test").await;
    assert_eq!(viewer.get(&format!("{base}/moi")).await.status, StatusCode::FORBIDDEN);
});

both_engines!(async fn the_period_page_lists_who_owes_the_report(db) {
    let s = site(db).await;
    let mut b = s.signed_in("chutri@lantoa.test").await;
    let periods = b.get("/quan-tri/ke-hoach/kh-truyen-thong-gdnn-2023-2025/ky-bao-cao").await;
    assert_eq!(periods.status, StatusCode::OK);
    assert!(periods.body.contains("Báo cáo 6 tháng đầu năm 2024") && periods.body.contains("15/12/2023 – 14/06/2024") && periods.body.contains("20/06/2024"));
    let r = b.get("/quan-tri/ke-hoach/kh-truyen-thong-gdnn-2023-2025/ky-bao-cao/2025").await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.body.contains("Sở Giáo dục và Đào tạo tỉnh An Giang"));
    assert!(r.body.contains("Sở Lao động - Thương binh và Xã hội tỉnh Kiên Giang"), "shown as the organisation reported for");
    assert_eq!(b.get("/quan-tri/ke-hoach/kh-truyen-thong-gdnn-2023-2025/ky-bao-cao/2031").await.status, StatusCode::NOT_FOUND);
});

both_engines!(async fn a_unit_submits_its_report_and_the_lead_department_returns_and_accepts_it(db) {
    let s = site(db).await;
    let college = s.org_id("truong-cao-dang-kien-giang");
    let page = format!("/quan-tri/ke-hoach/kh-truyen-thong-gdnn-2023-2025/ky-bao-cao/2025/{college}");
    let mut editor = s.signed_in("truong.cdkg@lantoa.test").await;
    let r = editor.get(&page).await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.body.contains("Báo cáo năm 2025 – Trường Cao đẳng Kiên Giang") && r.body.contains("Nháp"));
    // Submitting without the results section: the form comes back with what was typed.
    let r = editor.submit(&page, &page, &[("action", "submit"), ("difficulties", "Thiếu kinh phí in tờ rơi.")]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("Vui lòng viết phần kết quả thực hiện") && r.body.contains("Thiếu kinh phí in tờ rơi."));
    let r = editor.submit(&page, &page, &[("action", "submit"), ("results", "Tổ chức 4 buổi tư vấn tuyển sinh."), ("difficulties", "Thiếu kinh phí in tờ rơi.")]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let r = editor.get(&page).await;
    assert!(r.body.contains("Đã gửi báo cáo đến đơn vị chủ trì.") && r.body.contains("Đã gửi") && !r.body.contains("name=\"results\""));
    // Sending it again is refused with a clear message.
    let token = r.csrf();
    let again = editor.post(&page, &[("_csrf", &token), ("action", "submit"), ("results", "x")]).await;
    assert_eq!(again.status, StatusCode::CONFLICT);
    assert!(again.body.contains("Báo cáo này đã được gửi"));
    // The editor cannot accept their own report.
    assert_eq!(editor.post(&format!("{page}/tiep-nhan"), &[("_csrf", &token)]).await.status, StatusCode::FORBIDDEN);

    let mut owner = s.signed_in("chutri@lantoa.test").await;
    let r = owner.submit(&page, &format!("{page}/tra-lai"), &[("comment", "")]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("Vui lòng ghi rõ nội dung cần sửa"));
    let r = owner.submit(&page, &format!("{page}/tra-lai"), &[("comment", "Bổ sung kết quả 6 tháng cuối năm.")]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let r = editor.get(&page).await;
    assert!(r.body.contains("Trả lại") && r.body.contains("Bổ sung kết quả 6 tháng cuối năm.") && r.body.contains("name=\"results\""));
    editor.submit(&page, &page, &[("action", "submit"), ("results", "Tổ chức 8 buổi tư vấn tuyển sinh.")]).await;
    assert_eq!(owner.submit(&page, &format!("{page}/tiep-nhan"), &[]).await.status, StatusCode::SEE_OTHER);
    let overview = owner.get("/quan-tri/ke-hoach/kh-truyen-thong-gdnn-2023-2025/ky-bao-cao/2025").await;
    assert!(overview.body.contains("Đã tiếp nhận"));
    let expected = {
        let mut c = s.app.db.conn().unwrap();
        let plan = lantoa_store::plans::by_slug(&mut c, "kh-truyen-thong-gdnn-2023-2025").unwrap().unwrap();
        let period = lantoa_app::periods::find(&mut c, &plan, "2025").unwrap();
        lantoa_app::periods::obligations(&mut c, &plan, &period).unwrap().len()
    };
    assert!(expected > 1);
    assert!(
        overview.body.contains(&lantoa_app::format::ratio(1, expected)),
        "completeness counts the accepted report: {}",
        overview.body
    );
});

both_engines!(async fn reports_download_as_docx_and_xlsx_for_those_who_may_read_them(db) {
    let s = site(db).await;
    let college = s.org_id("truong-cao-dang-kien-giang");
    let base = "/quan-tri/ke-hoach/kh-truyen-thong-gdnn-2023-2025/ky-bao-cao/2024-h1";
    let mut editor = s.signed_in("truong.cdkg@lantoa.test").await;
    let r = editor.get(&format!("{base}/{college}/tai-ve/docx")).await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.headers["content-type"], "application/vnd.openxmlformats-officedocument.wordprocessingml.document");
    assert!(r.headers["content-disposition"].to_str().unwrap().contains(".docx"));
    assert!(r.body.starts_with("PK"), "a zip container");
    let r = editor.get(&format!("{base}/{college}/tai-ve/xlsx")).await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.body.starts_with("PK"));
    assert_eq!(editor.get(&format!("{base}/{college}/tai-ve/pdf")).await.status, StatusCode::NOT_FOUND);
    // Another organisation's report, and the consolidation, are not the editor's to read.
    let paper = s.org_id("bao-kien-giang");
    assert_eq!(editor.get(&format!("{base}/{paper}/tai-ve/docx")).await.status, StatusCode::FORBIDDEN);
    assert_eq!(editor.get(&format!("{base}/tong-hop/docx")).await.status, StatusCode::FORBIDDEN);
    let mut owner = s.signed_in("chutri@lantoa.test").await;
    let r = owner.get(&format!("{base}/tong-hop/xlsx")).await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.body.starts_with("PK"));
});

both_engines!(async fn the_dashboard_tells_the_demo_story_with_charts_and_tables(db) {
    let s = site(db).await;
    {
        let mut c = s.app.db.conn().unwrap();
        lantoa_app::demo::seed_figures(&mut c).unwrap();
    }
    let mut owner = s.signed_in("chutri@lantoa.test").await;
    let r = owner.get("/quan-tri/ke-hoach/kh-truyen-thong-gdnn-2023-2025").await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.body.matches("role=\"img\"").count(), 4, "four charts");
    assert!(r.body.contains("Báo cáo 6 tháng đầu năm 2023") && r.body.contains("Quá hạn"));
    assert!(r.body.contains("Trường Cao đẳng Kiên Giang") && r.body.contains("Tin, bài"));
    assert!(!r.body.contains("style="), "no inline styles");
    // The period page shows a mix of states from the demo.
    let p = owner.get("/quan-tri/ke-hoach/kh-truyen-thong-gdnn-2023-2025/ky-bao-cao/2024").await;
    assert!(p.body.contains("Đã tiếp nhận") && p.body.contains("Chưa lập"), "{}", p.body);
});

both_engines!(async fn a_unit_uploads_its_products_from_the_template(db) {
    let s = site(db).await;
    let base = "/quan-tri/ke-hoach/kh-truyen-thong-gdnn-2023-2025/san-pham";
    let mut editor = s.signed_in("truong.cdkg@lantoa.test").await;
    let page = editor.get(&format!("{base}/nhap")).await;
    assert_eq!(page.status, StatusCode::OK);
    let template = editor.get(&format!("{base}/mau.xlsx")).await;
    assert_eq!(template.status, StatusCode::OK);
    let template_bytes = {
        let mut c = s.app.db.conn().unwrap();
        let plan = lantoa_store::plans::by_slug(&mut c, "kh-truyen-thong-gdnn-2023-2025").unwrap().unwrap();
        lantoa_app::product_import::template(&mut c, &plan).unwrap()
    };
    let token = page.csrf_in_action();
    let college = s.org_id("truong-cao-dang-kien-giang").to_string();
    let boundary = "----lantoa-test";
    let mut body = Vec::new();
    body.extend(format!("--{boundary}\r\nContent-Disposition: form-data; name=\"organisation_id\"\r\n\r\n{college}\r\n").as_bytes());
    body.extend(format!("--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"mau.xlsx\"\r\nContent-Type: application/octet-stream\r\n\r\n").as_bytes());
    body.extend(&template_bytes);
    body.extend(format!("\r\n--{boundary}--\r\n").as_bytes());
    let r = editor
        .post_raw(&format!("{base}/nhap?_csrf={token}"), &format!("multipart/form-data; boundary={boundary}"), body.clone(), &[])
        .await;
    assert_eq!((r.status, r.location()), (StatusCode::SEE_OTHER, base), "{}", r.body);
    assert!(editor.get(base).await.body.contains("Đã nhập 1 sản phẩm từ bảng tính."));
    // Without the token: refused before anything is read.
    let r = editor.post_raw(&format!("{base}/nhap"), &format!("multipart/form-data; boundary={boundary}"), body, &[]).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
});

/// The total on the dashboard, as shown ("1.234" → 1234).
fn dashboard_total(body: &str) -> i64 {
    let end = body
        .find("</span> sản phẩm truyền thông")
        .expect("total shown");
    let start = body[..end].rfind('>').expect("number") + 1;
    body[start..end].replace('.', "").parse().expect("a number")
}

both_engines!(async fn the_dashboard_follows_products_written_by_another_process(db) {
    let s = site(db).await;
    {
        let mut c = s.app.db.conn().unwrap();
        lantoa_app::demo::seed_figures(&mut c).unwrap();
    }
    let url = "/quan-tri/ke-hoach/kh-truyen-thong-gdnn-2023-2025";
    let mut owner = s.signed_in("chutri@lantoa.test").await;
    let before = dashboard_total(&owner.get(url).await.body);
    assert_eq!(dashboard_total(&owner.get(url).await.body), before, "a second view shows the same");
    // A product written on another connection (as `lantoa import products` would) shows at once.
    let (id, fields) = {
        let mut c = s.app.db.conn().unwrap();
        let plan = lantoa_store::plans::by_slug(&mut c, "kh-truyen-thong-gdnn-2023-2025").unwrap().unwrap();
        let activity = lantoa_store::plans::activities(&mut c, plan.plan_id()).unwrap().remove(0);
        let fields = lantoa_store::products::ProductFields {
            plan_id: plan.plan_id(),
            activity_id: Some(lantoa_domain::ActivityId(activity.id)),
            organisation_id: lantoa_domain::OrgId(s.org_id("truong-cao-dang-kien-giang")),
            kind: "article".into(),
            title: "Tin tuyển sinh đợt 2".into(),
            quantity: 7,
            produced_on: chrono::NaiveDate::from_ymd_opt(2025, 10, 2).unwrap(),
            channel: String::new(),
            place: String::new(),
            reach: None,
            reach_kind: None,
            reach_source: String::new(),
            evidence_url: String::new(),
            note: String::new(),
            source: "import".into(),
            content_id: None,
        };
        let now = chrono::NaiveDate::from_ymd_opt(2026, 11, 26).unwrap().and_hms_opt(3, 0, 0).unwrap();
        (lantoa_store::products::insert(&mut c, &fields, None, now).unwrap(), fields)
    };
    assert_eq!(dashboard_total(&owner.get(url).await.body), before + i64::from(fields.quantity));
    {
        let mut c = s.app.db.conn().unwrap();
        assert!(lantoa_store::products::delete(&mut c, id).unwrap());
    }
    assert_eq!(dashboard_total(&owner.get(url).await.body), before, "a deleted product is no longer counted");
});

both_engines!(async fn a_change_sent_from_a_stale_tab_after_acceptance_is_refused_and_not_shown_as_the_report(db) {
    let s = site(db).await;
    let college = s.org_id("truong-cao-dang-kien-giang");
    let page = format!("/quan-tri/ke-hoach/kh-truyen-thong-gdnn-2023-2025/ky-bao-cao/2025/{college}");
    let mut editor = s.signed_in("truong.cdkg@lantoa.test").await;
    let r = editor.submit(&page, &page, &[("action", "submit"), ("results", "Tổ chức 4 buổi tư vấn tuyển sinh.")]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let mut owner = s.signed_in("chutri@lantoa.test").await;
    assert_eq!(owner.submit(&page, &format!("{page}/tiep-nhan"), &[]).await.status, StatusCode::SEE_OTHER);
    // The editor's other tab still holds the form: what it sends is refused, and the page shows
    // the accepted report, not the refused text as if it were the report's.
    let token = editor.get(&page).await.csrf();
    let stale = editor.post(&page, &[("_csrf", &token), ("action", "submit"), ("results", "Nội dung sửa trong thẻ cũ.")]).await;
    assert_eq!(stale.status, StatusCode::CONFLICT);
    assert!(stale.body.contains("đã được tiếp nhận và khóa"), "{}", stale.body);
    assert!(stale.body.contains("Tổ chức 4 buổi tư vấn tuyển sinh."), "the accepted text is shown");
    assert!(!stale.body.contains("Nội dung sửa trong thẻ cũ."), "the refused text is not shown as the report's");
    assert!(!stale.body.contains("name=\"results\""), "no form to edit");
});
