//! The lead department's consolidated report page, the report form's messages, and the
//! products list's filters (issue 5).

use axum::http::StatusCode;
use lantoa_store::both_engines;

use super::support::{TestSite, site};

const PLAN: &str = "/quan-tri/ke-hoach/kh-truyen-thong-gdnn-2023-2025";

fn activity(s: &TestSite, code: &str) -> String {
    let mut c = s.app.db.conn().unwrap();
    let plan = lantoa_store::plans::by_slug(&mut c, "kh-truyen-thong-gdnn-2023-2025")
        .unwrap()
        .unwrap();
    lantoa_store::plans::activities(&mut c, plan.plan_id())
        .unwrap()
        .into_iter()
        .find(|a| a.code == code)
        .unwrap()
        .id
        .to_string()
}

both_engines!(async fn the_consolidated_report_page_shows_the_totals_by_activity_kind_and_organisation(db) {
    let s = site(db).await;
    let college = s.org_id("truong-cao-dang-kien-giang");
    let mut editor = s.signed_in("truong.cdkg@lantoa.test").await;
    let products = format!("{PLAN}/san-pham");
    let r = editor
        .submit(&format!("{products}/moi"), &products, &[("organisation_id", &college.to_string()), ("activity_id", &activity(&s, "4")), ("kind", "billboard"), ("title", "Pa-nô tuyển sinh ở cổng trường"), ("quantity", "1.234"), ("produced_on", "2025-05-10")])
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let report = format!("{PLAN}/ky-bao-cao/2025/{college}");
    let r = editor.submit(&report, &report, &[("action", "submit"), ("results", "Dựng pa-nô tuyển sinh.")]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let mut owner = s.signed_in("chutri@lantoa.test").await;
    assert_eq!(owner.submit(&report, &format!("{report}/tiep-nhan"), &[]).await.status, StatusCode::SEE_OTHER);

    let page = owner.get(&format!("{PLAN}/ky-bao-cao/2025/tong-hop")).await;
    assert_eq!(page.status, StatusCode::OK);
    let body = &page.body;
    assert!(body.contains("Số liệu tổng hợp"), "{body}");
    // By product kind: the college's 1.234 panels, the products as logged.
    assert!(body.contains("<th scope=\"row\">Pa-nô, đề-can, màn hình</th><td class=\"num\">1.234</td>"), "{body}");
    // By activity: activity 4 counts the panels, and the total row is there.
    assert!(body.contains("<th scope=\"row\">4</th>"), "{body}");
    assert!(body.contains("<td class=\"num\">1.234</td>"));
    assert!(body.contains("<th scope=\"row\">Tổng cộng</th>"));
    // By organisation: the college, accepted, sent late (the 2025 deadline has passed).
    assert!(body.contains("<th scope=\"row\">Trường Cao đẳng Kiên Giang</th><td>Đã tiếp nhận</td><td>Muộn</td>"), "{body}");
    assert!(body.contains("Gửi đúng hạn: 0/"), "timeliness beside completeness");
});

both_engines!(async fn a_changed_figure_without_a_reason_is_marked_beside_its_field(db) {
    let s = site(db).await;
    let college = s.org_id("truong-cao-dang-kien-giang");
    let nine = activity(&s, "9");
    let report = format!("{PLAN}/ky-bao-cao/2025/{college}");
    let mut editor = s.signed_in("truong.cdkg@lantoa.test").await;
    let r = editor
        .submit(&report, &report, &[("action", "save"), ("results", "Tư vấn tại 12 trường THCS."), (&format!("so_lieu_{nine}"), "12"), (&format!("ly_do_{nine}"), "")])
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    let message = format!("<p class=\"field__error\" id=\"ly_do_{nine}-error\">Hoạt động 9: số liệu khác với tổng sản phẩm đã ghi nhận");
    assert!(r.body.contains(&message), "the message sits beside the reason field: {}", r.body);
    assert!(r.body.contains(&format!("aria-describedby=\"ly_do_{nine}-error\"")), "and is tied to it for screen readers");
    assert!(r.body.contains("value=\"12\"") && r.body.contains("Tư vấn tại 12 trường THCS."), "what was typed is kept");
    // A figure that is not a number: beside the figure itself.
    let r = editor
        .submit(&report, &report, &[("action", "save"), ("results", "x"), (&format!("so_lieu_{nine}"), "mười hai")])
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains(&format!("<p class=\"field__error\" id=\"so_lieu_{nine}-error\">Hoạt động 9: “mười hai” không phải là một số.</p>")), "{}", r.body);
    // With a reason it is saved.
    let r = editor
        .submit(&report, &report, &[("action", "save"), ("results", "Tư vấn tại 12 trường THCS."), (&format!("so_lieu_{nine}"), "12"), (&format!("ly_do_{nine}"), "Thêm 12 buổi tư vấn chưa ghi nhận là sản phẩm.")])
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
});

both_engines!(async fn the_products_list_filters_by_organisation_and_activity(db) {
    let s = site(db).await;
    let college = s.org_id("truong-cao-dang-kien-giang").to_string();
    let labour = s.org_id("so-ldtbxh-kien-giang").to_string();
    let products = format!("{PLAN}/san-pham");
    let (three, nine) = (activity(&s, "4"), activity(&s, "9"));
    let mut editor = s.signed_in("truong.cdkg@lantoa.test").await;
    for (activity, kind, title) in [(&three, "billboard", "Pa-nô ở cổng trường"), (&nine, "school_session", "Tư vấn ở THCS Vĩnh Hiệp")] {
        let r = editor
            .submit(&format!("{products}/moi"), &products, &[("organisation_id", &college), ("activity_id", activity), ("kind", kind), ("title", title), ("quantity", "1"), ("produced_on", "2025-05-10")])
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    }
    let mut owner = s.signed_in("chutri@lantoa.test").await;
    let r = owner
        .submit(&format!("{products}/moi"), &products, &[("organisation_id", &labour), ("activity_id", &nine), ("kind", "school_session"), ("title", "Tư vấn nghề ở THPT Nguyễn Trung Trực"), ("quantity", "1"), ("produced_on", "2025-05-12")])
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);

    let all = owner.get(&products).await;
    assert!(all.body.contains("Pa-nô ở cổng trường") && all.body.contains("Tư vấn nghề ở THPT Nguyễn Trung Trực"));
    assert!(all.body.contains(&format!("<option value=\"{college}\">Trường Cao đẳng Kiên Giang</option>")), "{}", all.body);
    // By organisation.
    let r = owner.get(&format!("{products}?don_vi={college}")).await;
    assert!(r.body.contains("Pa-nô ở cổng trường") && r.body.contains("Tư vấn ở THCS Vĩnh Hiệp"));
    assert!(!r.body.contains("Tư vấn nghề ở THPT Nguyễn Trung Trực"), "another organisation's product is filtered out");
    assert!(r.body.contains(&format!("<option value=\"{college}\" selected>")), "the choice stays selected");
    // By activity, across organisations.
    let r = owner.get(&format!("{products}?hoat_dong={nine}")).await;
    assert!(r.body.contains("Tư vấn ở THCS Vĩnh Hiệp") && r.body.contains("Tư vấn nghề ở THPT Nguyễn Trung Trực"));
    assert!(!r.body.contains("Pa-nô ở cổng trường"));
    // Both, and the pages keep them.
    let r = owner.get(&format!("{products}?don_vi={labour}&hoat_dong={three}")).await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.body.contains("Không có sản phẩm nào khớp với bộ lọc."), "{}", r.body);
    // Nonsense in the address is ignored, not an error.
    assert_eq!(owner.get(&format!("{products}?don_vi=abc&hoat_dong=%3Cscript%3E")).await.status, StatusCode::OK);
    // The college's editor is offered only what they may read, and cannot read the
    // labour department's products by asking for them.
    let mine = editor.get(&products).await;
    let start = mine.body.find("<select id=\"don_vi\"").unwrap();
    let choices = &mine.body[start..start + mine.body[start..].find("</select>").unwrap()];
    assert!(choices.contains("Trường Cao đẳng Kiên Giang") && !choices.contains("Thương binh"), "{choices}");
    let r = editor.get(&format!("{products}?don_vi={labour}")).await;
    assert!(!r.body.contains("Tư vấn nghề ở THPT Nguyễn Trung Trực"));
});
