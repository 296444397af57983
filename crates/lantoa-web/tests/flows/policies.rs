//! Support policies in the back office (`/quan-tri/chinh-sach-ho-tro`): the lead department
//! adds, edits and deletes them, schools only read them, and what is saved shows on the
//! public page of the programmes that offer the policy.

use axum::http::StatusCode;
use lantoa_store::both_engines;
use lantoa_store::programmes as store;

use super::support::{Browser, TestSite, site};

const BASE: &str = "/quan-tri/chinh-sach-ho-tro";
const CDKG_ELECTRICAL_TC: &str = "dien-cong-nghiep-trung-cap-cd-kien-giang";
const THCS_POLICY: &str = "mien-hoc-phi-tot-nghiep-thcs-hoc-trung-cap";

fn policy_id(s: &TestSite, slug: &str) -> i64 {
    let mut c = s.app.db.conn().expect("conn");
    store::policy_by_slug(&mut c, slug)
        .expect("q")
        .expect("policy")
        .id
}

fn audit_actions(s: &TestSite) -> Vec<String> {
    let mut c = s.app.db.conn().expect("conn");
    lantoa_store::audit::list(
        &mut c,
        &Default::default(),
        lantoa_store::PageRequest::new(1, 100),
    )
    .expect("audit")
    .items
    .into_iter()
    .map(|a| a.action)
    .collect()
}

/// Saves programme `slug` as its school's editor would, with `extra` policy ids ticked too.
async fn offer(
    s: &TestSite,
    editor: &mut Browser,
    slug: &str,
    extra: i64,
) -> axum::http::StatusCode {
    let (id, form) = {
        let mut c = s.app.db.conn().expect("conn");
        let row = store::by_slug(&mut c, slug).expect("q").expect("programme");
        let ids: Vec<i64> = store::policies_for(&mut c, &[row.id])
            .expect("q")
            .into_iter()
            .map(|(_, p)| p.id)
            .collect();
        (
            row.id,
            lantoa_app::programmes::ProgrammeForm::from_row(&row, &ids),
        )
    };
    let page = format!("/quan-tri/chuong-trinh/{id}");
    let flag = |b: bool| if b { "on" } else { "" };
    let mut fields: Vec<(&str, String)> = vec![
        ("occupation_id", form.occupation_id.clone()),
        ("mode", form.mode.clone()),
        ("duration_months", form.duration_months.clone()),
        ("fee_per_year", form.fee_per_year.clone()),
        ("fee_note", form.fee_note.clone()),
        ("quota", form.quota.clone()),
        ("entry_education", form.entry_education.clone()),
        ("entry_requirements", form.entry_requirements.clone()),
        ("location", form.location.clone()),
        ("admin_unit_code", form.admin_unit_code.clone()),
        ("description", form.description.clone()),
        ("model_9plus", flag(form.model_9plus).to_owned()),
        ("is_published", flag(form.is_published).to_owned()),
    ];
    fields.retain(|(_, v)| !v.is_empty());
    for p in form.policies.iter().cloned().chain([extra.to_string()]) {
        fields.push(("policies", p));
    }
    let borrowed: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let r = editor.submit(&page, &page, &borrowed).await;
    r.status
}

both_engines!(async fn the_lead_department_edits_policies_and_programme_pages_follow(db) {
    let s = site(db).await;
    let mut owner = s.signed_in("chutri@lantoa.test").await;
    let list = owner.get(BASE).await;
    assert_eq!(list.status, StatusCode::OK);
    assert!(list.body.contains("<h1>Chính sách hỗ trợ</h1>") && list.body.contains("role=\"status\">7 chính sách</p>"));
    assert!(list.body.contains(&format!("href=\"{BASE}/moi\">Thêm chính sách</a>")));
    assert!(list.body.contains("Hỗ trợ học nghề cho người khuyết tật") && list.body.contains("trình độ sơ cấp; người khuyết tật"));
    assert!(list.body.contains(&format!("href=\"{BASE}\" aria-current=\"page\">Chính sách hỗ trợ</a>")), "in the back-office navigation");

    // Refused: each message beside its field, everything typed kept.
    let new = format!("{BASE}/moi");
    let r = owner.submit(&new, BASE, &[
        ("name", ""), ("benefit", "Hỗ trợ 50% học phí"), ("source_url", "ftp://vanban.example/qd-12"),
        ("level", "dai_hoc"), ("valid_from", "2027-01-01"), ("valid_to", "31/12/2026"),
        ("description", "Người học nghề Hàn."),
    ]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    for text in [
        "<p class=\"field__error\" id=\"name-error\">Vui lòng nhập tên chính sách.</p>",
        "Đường dẫn văn bản cần bắt đầu bằng https:// hoặc http:// và không có dấu cách.",
        "<p class=\"field__error\" id=\"valid_to-error\">Ngày hết hiệu lực phải bằng hoặc sau ngày có hiệu lực.</p>",
        "Trình độ không có trong danh sách.",
        "value=\"ftp://vanban.example/qd-12\"", "value=\"Hỗ trợ 50% học phí\"", "value=\"31/12/2026\"", "Người học nghề Hàn.</textarea>",
        "aria-invalid=\"true\"", "<a href=\"#name\">",
    ] {
        assert!(r.body.contains(text), "missing {text:?}");
    }
    let r = owner.submit(&new, BASE, &[("name", "hỗ trợ học nghề  cho người khuyết tật"), ("benefit", "x")]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("Đã có chính sách “Hỗ trợ học nghề cho người khuyết tật”; hãy đặt tên khác hoặc sửa chính sách đó."));

    // Added: for trung cấp programmes.
    let r = owner.submit(&new, BASE, &[
        ("name", "Hỗ trợ tiền ăn cho học sinh trung cấp ở xa"), ("benefit", "Hỗ trợ tiền ăn 30.000 đồng mỗi ngày học"),
        ("level", "intermediate"), ("legal_basis", "Nghị quyết của HĐND tỉnh (dữ liệu thử)"), ("source_url", "https://vanban.example/nq-1"),
    ]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let id = policy_id(&s, "ho-tro-tien-an-cho-hoc-sinh-trung-cap-o-xa");
    let page = format!("{BASE}/{id}");
    assert_eq!(r.location(), page);
    let r = owner.get(&page).await;
    assert!(r.body.contains("Đã thêm chính sách hỗ trợ.") && r.body.contains("Chưa có chương trình nào áp dụng chính sách này."));

    // A school's editor offers it on a trung cấp programme: its public page shows it.
    let mut editor = s.signed_in("truong.cdkg@lantoa.test").await;
    assert_eq!(offer(&s, &mut editor, CDKG_ELECTRICAL_TC, id).await, StatusCode::SEE_OTHER);
    let public = format!("/chuong-trinh/{CDKG_ELECTRICAL_TC}");
    let r = editor.get(&public).await;
    assert!(r.body.contains("<strong>Hỗ trợ tiền ăn cho học sinh trung cấp ở xa</strong>: Hỗ trợ tiền ăn 30.000 đồng mỗi ngày học"), "{}", r.body);
    assert!(r.body.contains("Áp dụng cho: trình độ trung cấp.") && r.body.contains("<a href=\"https://vanban.example/nq-1\" rel=\"noopener\">nguồn</a>"));
    let r = owner.get(&page).await;
    assert!(r.body.contains(&format!("<a href=\"{public}\">Điện công nghiệp (trung cấp) – CĐ Kiên Giang</a>")));

    // Edited: the public page follows.
    let mut fields = vec![
        ("name", "Hỗ trợ tiền ăn cho học sinh trung cấp ở xa"), ("benefit", "Hỗ trợ tiền ăn 35.000 đồng mỗi ngày học"),
        ("level", "intermediate"), ("legal_basis", "Nghị quyết của HĐND tỉnh (dữ liệu thử)"), ("source_url", "https://vanban.example/nq-1"),
    ];
    let r = owner.submit(&page, &page, &fields).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert!(editor.get(&public).await.body.contains("Hỗ trợ tiền ăn 35.000 đồng mỗi ngày học"));

    // New conditions the programme no longer meets: refused until detaching is asked for.
    fields[2] = ("level", "college");
    let r = owner.submit(&page, &page, &fields).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("Điều kiện mới không còn phù hợp với 1 chương trình đang áp dụng chính sách này: Điện công nghiệp (trung cấp) – CĐ Kiên Giang."), "{}", r.body);
    assert!(r.body.contains("<input id=\"detach_unfit\" name=\"detach_unfit\" type=\"checkbox\" aria-describedby=\"detach_unfit-error\" aria-invalid=\"true\">"));
    assert!(r.body.contains("<option value=\"college\" selected>"), "the level typed is kept");
    assert!(editor.get(&public).await.body.contains("Hỗ trợ tiền ăn cho học sinh trung cấp ở xa"), "nothing changed yet");
    fields.push(("detach_unfit", "on"));
    let r = owner.submit(&page, &page, &fields).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert!(owner.get(&page).await.body.contains("Đã lưu chính sách hỗ trợ và gỡ chính sách khỏi 1 chương trình không còn phù hợp."));
    assert!(!editor.get(&public).await.body.contains("Hỗ trợ tiền ăn cho học sinh trung cấp ở xa"), "detached");

    // A policy programmes offer is not deleted (its page says why); ending it hides it.
    let thcs = policy_id(&s, THCS_POLICY);
    let confirm = format!("{BASE}/{thcs}/xoa");
    let r = owner.get(&confirm).await;
    assert_eq!(r.status, StatusCode::OK);
    let refusal = "nên không thể xóa. Để ngừng áp dụng, hãy nhập ngày hết hiệu lực";
    assert!(r.body.contains("<div class=\"alert alert--error\" role=\"alert\">") && r.body.contains(refusal));
    assert!(!r.body.contains("Xóa chính sách hỗ trợ?"));
    let token = r.csrf();
    let r = owner.post(&confirm, &[("_csrf", &token)]).await;
    assert_eq!(r.status, StatusCode::CONFLICT);
    assert!(r.body.contains(refusal) && r.body.contains("id=\"valid_to\""));
    assert!(editor.get(&public).await.body.contains("Miễn học phí cho người tốt nghiệp THCS học trung cấp"));
    let thcs_page = format!("{BASE}/{thcs}");
    let current = owner.get(&thcs_page).await;
    assert!(current.body.contains("Miễn học phí cho người tốt nghiệp THCS học trung cấp"));
    let row = { let mut c = s.app.db.conn().expect("conn"); store::policy(&mut c, thcs).expect("q").expect("kept") };
    let r = owner.submit(&thcs_page, &thcs_page, &[
        ("name", &row.name), ("benefit", &row.benefit), ("description", &row.description), ("legal_basis", &row.legal_basis),
        ("level", "intermediate"), ("entry_education", "lower_secondary"), ("valid_to", "25/11/2026"),
    ]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert!(!editor.get(&public).await.body.contains("Miễn học phí cho người tốt nghiệp THCS học trung cấp"), "ended yesterday");
    assert!(owner.get(BASE).await.body.contains("Hết hiệu lực"));

    // One no programme offers: asked, then deleted.
    let confirm = format!("{BASE}/{id}/xoa");
    let r = owner.get(&confirm).await;
    assert!(r.body.contains("Xóa chính sách hỗ trợ?") && r.body.contains(&format!("href=\"{page}\">Hủy</a>")));
    let r = owner.submit(&confirm, &confirm, &[]).await;
    assert_eq!((r.status, r.location()), (StatusCode::SEE_OTHER, BASE));
    {
        let mut c = s.app.db.conn().expect("conn");
        assert!(store::policy(&mut c, id).expect("q").is_none());
    }
    let actions = audit_actions(&s);
    for a in ["policy.create", "policy.update", "policy.delete"] {
        assert!(actions.contains(&a.to_owned()), "{a} in {actions:?}");
    }
});

both_engines!(async fn schools_read_policies_but_never_change_them(db) {
    let s = site(db).await;
    let thcs = policy_id(&s, THCS_POLICY);
    let mut editor = s.signed_in("quantri.cdkg@lantoa.test").await;
    let list = editor.get(BASE).await;
    assert_eq!(list.status, StatusCode::OK);
    assert!(list.body.contains("Bạn chỉ được xem danh sách này") && !list.body.contains(&format!("href=\"{BASE}/moi\"")));
    let r = editor.get(&format!("{BASE}/{thcs}")).await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.body.contains("Bạn chỉ được xem chính sách này") && !r.body.contains("Lưu chính sách"));
    assert!(r.body.contains("Chương trình đang áp dụng"));
    for path in [format!("{BASE}/moi"), format!("{BASE}/{thcs}/xoa")] {
        assert_eq!(editor.get(&path).await.status, StatusCode::FORBIDDEN, "{path}");
    }
    let token = list.csrf();
    let r = editor.post(BASE, &[("_csrf", &token), ("name", "Chính sách riêng của trường"), ("benefit", "Giảm học phí")]).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let r = editor.post(&format!("{BASE}/{thcs}"), &[("_csrf", &token), ("name", "Đổi tên"), ("benefit", "x")]).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let r = editor.post(&format!("{BASE}/{thcs}/xoa"), &[("_csrf", &token)]).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    // Without the CSRF token even the lead department is refused.
    let mut owner = s.signed_in("chutri@lantoa.test").await;
    let r = owner.post(BASE, &[("name", "Không có mã"), ("benefit", "x")]).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    {
        let mut c = s.app.db.conn().expect("conn");
        let all = store::all_policies(&mut c).expect("q");
        assert_eq!(all.len(), 7);
        assert!(all.iter().any(|p| p.id == thcs && p.name == "Miễn học phí cho người tốt nghiệp THCS học trung cấp"));
    }
    // Signed out: the sign-in page.
    let r = s.browser().get(BASE).await;
    assert!(r.status.is_redirection() && r.location().starts_with("/dang-nhap"));
});
