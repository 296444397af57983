use axum::http::StatusCode;
use lantoa_store::both_engines;
use lantoa_store::programmes as store;

use super::support::{TestSite, site};

fn programme_id(s: &TestSite, slug: &str) -> i64 {
    let mut c = s.app.db.conn().expect("conn");
    store::by_slug(&mut c, slug)
        .expect("query")
        .expect("programme exists")
        .id
}

fn published_count(s: &TestSite) -> usize {
    let mut c = s.app.db.conn().expect("conn");
    let today = s.app.clock.today();
    lantoa_app::programmes::public_list(
        &mut c,
        today,
        &Default::default(),
        lantoa_store::PageRequest::new(1, 1),
    )
    .expect("list")
    .total as usize
}

const CDKG_ELECTRICAL_TC: &str = "dien-cong-nghiep-trung-cap-cd-kien-giang";
const UM_ELECTRICAL: &str = "dien-cong-nghiep-trung-cap-tc-nghe-u-minh-thuong";
const TH_ELECTRICAL: &str = "dien-cong-nghiep-trung-cap-tc-nghe-tan-hiep";
const CDKG_WELDING: &str = "han-cao-dang-cd-kien-giang";

both_engines!(async fn the_programme_list_filters_without_javascript(db) {
    let s = site(db).await;
    let mut b = s.browser();
    let r = b.get("/chuong-trinh").await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.body.contains("<h1>Chương trình đào tạo</h1>"));
    assert!(r.body.contains("href=\"/chuong-trinh\" aria-current=\"page\">Chương trình</a>"), "navigation marks the section");
    let total = published_count(&s);
    assert!(total >= 60);
    assert!(r.body.contains(&format!("role=\"status\">{total} chương trình</p>")), "the count of published programmes");
    assert!(r.body.contains("rel=\"next\""), "more than one page");
    // The compare checkboxes submit to /so-sanh by GET.
    assert!(r.body.contains("<form method=\"get\" action=\"/so-sanh\"") && r.body.contains("name=\"ma\" type=\"checkbox\" value=\""));

    let r = b.get("/chuong-trinh?q=dien+cong+nghiep").await;
    assert!(r.body.contains("4 chương trình phù hợp"), "without diacritics");
    assert!(r.body.contains("href=\"/chuong-trinh/dien-cong-nghiep-cao-dang-cd-kien-giang\""));
    let r = b.get("/chuong-trinh?khu_vuc=903").await;
    assert!(r.body.contains("3 chương trình phù hợp") && r.body.contains("<option value=\"903\" selected>Huyện Hòn Đất</option>"));
    let r = b.get("/chuong-trinh?nhom=S%E1%BB%A9c+kh%E1%BB%8Fe").await;
    assert!(r.body.contains("2 chương trình phù hợp") && r.body.contains("Điều dưỡng"));
    let r = b.get("/chuong-trinh?trinh_do=so-cap&loai=centre").await;
    assert!(r.body.contains("11 chương trình phù hợp") && r.body.contains("<option value=\"centre\" selected>"));
    assert!(!r.body.contains("Cao đẳng · ") && !r.body.contains("Trung cấp · "));
    // "Đang tuyển sinh": every card has an intake open today (26/11/2026).
    let r = b.get("/chuong-trinh?dang_tuyen=1").await;
    assert!(r.body.contains("id=\"dang_tuyen\" name=\"dang_tuyen\" type=\"checkbox\" value=\"1\" checked"));
    assert!(r.body.contains("Đang tuyển sinh đến 26/11/2026"), "an intake closing today is open");
    assert!(!r.body.contains("Nhận hồ sơ từ") && !r.body.contains("Chưa có đợt tuyển sinh"));
    // Page 2 keeps the filters; nothing found shows the empty state.
    let r = b.get("/chuong-trinh?trinh_do=so-cap&trang=2").await;
    assert!(r.body.contains("aria-label=\"Trang 2, trang hiện tại\"") && r.body.contains("trinh_do=so-cap"));
    let r = b.get("/chuong-trinh?q=phi+hanh+gia").await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.body.contains("Không tìm thấy chương trình nào phù hợp.") && !r.body.contains("action=\"/so-sanh\""));
    // Bad values are forgiven, never an error.
    for path in ["/chuong-trinh?trang=abc&loai=university", "/chuong-trinh?khu_vuc=%27%3B--&dang_tuyen=co+le", &format!("/chuong-trinh?q={}", "x".repeat(3000))] {
        let r = b.get(path).await;
        assert_eq!(r.status, StatusCode::OK, "{path}");
    }
});

both_engines!(async fn a_programme_page_shows_fees_support_intakes_and_the_map(db) {
    let s = site(db).await;
    let mut b = s.browser();
    let r = b.get(&format!("/chuong-trinh/{CDKG_ELECTRICAL_TC}")).await;
    assert_eq!(r.status, StatusCode::OK);
    for text in [
        "<h1>Điện công nghiệp</h1>",
        "href=\"/nganh-nghe/dien-cong-nghiep-trung-cap\"",
        "href=\"/co-so-dao-tao/truong-cao-dang-kien-giang\"",
        "24 tháng (2 năm)",
        "9.600.000 đồng/năm",
        "60 người",
        "Tốt nghiệp THCS (lớp 9)",
        "<span class=\"badge badge--neutral\">Mô hình 9+</span>",
        "Đang tuyển sinh đến 15/12/2026",
        "<time datetime=\"2026-10-15\">15/10/2026</time>",
        "Đang nhận hồ sơ",
        "Đã kết thúc",
        "04/01/2027",
        "Miễn học phí cho người tốt nghiệp THCS học trung cấp",
        "Áp dụng cho: trình độ trung cấp; người tốt nghiệp THCS (lớp 9).",
        "https://www.openstreetmap.org/?mlat=10.0125&#38;mlon=105.0809",
        "dữ liệu mẫu",
    ] {
        assert!(r.body.contains(text), "missing {text:?}");
    }
    // A short course: per-course fee in words, support for rural workers, its own place.
    let r = b.get("/chuong-trinh/ky-thuat-nuoi-tom-nuoc-lo-so-cap-tc-nghe-u-minh-thuong").await;
    assert!(r.body.contains("Hỗ trợ chi phí học nghề sơ cấp cho lao động nông thôn") && r.body.contains("Áp dụng cho: trình độ sơ cấp; lao động nông thôn."));
    assert!(r.body.contains("Học tại xã, thực hành trên ao nuôi của hộ dân"));
    // Unknown, unpublished: the Vietnamese 404 page.
    for path in ["/chuong-trinh/khong-co-chuong-trinh-nay", "/chuong-trinh/thu-ky-van-phong-trung-cap-tc-du-lich-dao-ngoc", &format!("/chuong-trinh/{}", "a".repeat(3000))] {
        let r = b.get(path).await;
        assert_eq!(r.status, StatusCode::NOT_FOUND, "{path}");
        assert!(r.body.contains("Không tìm thấy trang"), "{path}");
    }
    // The occupation's and the institution's pages list their programmes.
    let r = b.get("/nganh-nghe/dien-cong-nghiep-trung-cap").await;
    assert!(r.body.contains("<h2>Nơi đào tạo</h2>") && r.body.contains(&format!("href=\"/chuong-trinh/{UM_ELECTRICAL}\"")));
    let r = b.get("/co-so-dao-tao/truong-trung-cap-nghe-u-minh-thuong").await;
    assert!(r.body.contains("<h2>Chương trình đào tạo</h2>") && r.body.contains(&format!("href=\"/chuong-trinh/{UM_ELECTRICAL}\">Điện công nghiệp</a>")));
});

both_engines!(async fn up_to_three_programmes_are_compared_and_a_fourth_is_refused(db) {
    let s = site(db).await;
    let mut b = s.browser();
    let three = format!("/so-sanh?ma={CDKG_ELECTRICAL_TC}&ma={UM_ELECTRICAL}&ma={TH_ELECTRICAL}");
    let r = b.get(&three).await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.body.contains("<caption class=\"visually-hidden\">So sánh 3 chương trình đào tạo</caption>"));
    for slug in [CDKG_ELECTRICAL_TC, UM_ELECTRICAL, TH_ELECTRICAL] {
        assert!(r.body.contains(&format!("<th scope=\"col\"><a href=\"/chuong-trinh/{slug}\">")), "{slug}");
    }
    assert!(r.body.contains("9.600.000 đồng/năm") && r.body.contains("8.800.000 đồng/năm"));
    assert!(r.body.contains("Đang nhận hồ sơ đến 26/11/2026") && r.body.contains("Nhận hồ sơ từ 27/11/2026"));
    assert!(!r.body.contains("Thêm vào so sánh"), "three is the most");
    // The same code twice counts once.
    let r = b.get(&format!("{three}&ma={UM_ELECTRICAL}")).await;
    assert_eq!(r.status, StatusCode::OK);

    let four = format!("{three}&ma={CDKG_WELDING}");
    let r = b.get(&four).await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert!(r.body.contains("Chỉ so sánh được tối đa 3 chương trình cùng lúc; bạn đã chọn 4."), "{}", r.body);
    assert!(!r.body.contains("<table"), "nothing is compared");
    let without = format!("href=\"/so-sanh?ma={CDKG_ELECTRICAL_TC}&#38;ma={UM_ELECTRICAL}&#38;ma={TH_ELECTRICAL}\"");
    assert!(r.body.contains(&without), "a link drops the fourth");

    // One programme: asks for another, with a list to add from (GET, no script).
    let r = b.get(&format!("/so-sanh?ma={CDKG_ELECTRICAL_TC}")).await;
    assert!(r.body.contains("Chọn thêm ít nhất một chương trình để so sánh."));
    assert!(r.body.contains(&format!("<input type=\"hidden\" name=\"ma\" value=\"{CDKG_ELECTRICAL_TC}\">")) && r.body.contains("Thêm vào so sánh"));
    // None, or unknown codes.
    let r = b.get("/so-sanh").await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.body.contains("Chưa chọn chương trình nào để so sánh."));
    let r = b.get(&format!("/so-sanh?ma=khong-co&ma={UM_ELECTRICAL}")).await;
    assert!(r.body.contains("Không tìm thấy chương trình có mã: “khong-co”"));
});

both_engines!(async fn a_school_editor_manages_its_programmes_and_intakes_only(db) {
    let s = site(db).await;
    let college = s.org_id("truong-cao-dang-kien-giang");
    let mut editor = s.signed_in("truong.cdkg@lantoa.test").await;
    let list = editor.get("/quan-tri/chuong-trinh").await;
    assert_eq!(list.status, StatusCode::OK);
    assert!(list.body.contains("20 chương trình") && list.body.contains("href=\"/quan-tri/chuong-trinh/moi\""));
    let form = editor.get("/quan-tri/chuong-trinh/moi").await;
    assert!(form.body.contains(&format!("<option value=\"{college}\" selected>")), "its one institution is chosen");

    // Refused: the messages beside the fields, what was typed kept.
    let occupation = {
        let mut c = s.app.db.conn().expect("conn");
        lantoa_store::occupations::by_slug(&mut c, "duoc-cao-dang").expect("q").expect("occupation").id.to_string()
    };
    let college_id = college.to_string();
    let mut fields = vec![
        ("institution_id", college_id.as_str()), ("occupation_id", occupation.as_str()), ("mode", "work_study"),
        ("duration_months", "36"), ("fee_per_year", "4,5 triệu"), ("quota", "-3"),
        ("entry_education", "upper_secondary"), ("location", "Phân hiệu Hòn Đất"), ("model_9plus", "on"),
        ("is_published", "on"),
    ];
    let r = editor.submit("/quan-tri/chuong-trinh/moi", "/quan-tri/chuong-trinh", &fields).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    for text in ["Chỉ tiêu không được là số âm.", "Học phí là số đồng mỗi năm", "Mô hình 9+ dành cho chương trình trung cấp", "value=\"4,5 triệu\"", "value=\"Phân hiệu Hòn Đất\"", "aria-invalid=\"true\""] {
        assert!(r.body.contains(text), "missing {text:?}");
    }
    fields.retain(|(k, _)| !matches!(*k, "fee_per_year" | "quota" | "model_9plus"));
    fields.extend([("fee_per_year", "13.500.000"), ("quota", "45")]);
    let r = editor.submit("/quan-tri/chuong-trinh/moi", "/quan-tri/chuong-trinh", &fields).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let page = r.location().to_owned();
    let id = programme_id(&s, "duoc-cao-dang-cd-kien-giang-vua-lam-vua-hoc");
    assert_eq!(page, format!("/quan-tri/chuong-trinh/{id}"));
    let r = editor.get(&page).await;
    assert!(r.body.contains("Đã thêm chương trình đào tạo.") && r.body.contains("Chưa có đợt tuyển sinh nào."));

    // An intake: dates that run backwards are refused; a good one shows on the public page.
    let new_intake = format!("/quan-tri/chuong-trinh/{id}/dot-tuyen-sinh/moi");
    let action = format!("/quan-tri/chuong-trinh/{id}/dot-tuyen-sinh");
    let r = editor.submit(&new_intake, &action, &[("name", "Đợt 1 năm 2027"), ("opens_on", "2027-03-01"), ("closes_on", "2027-02-01")]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("Ngày kết thúc nhận hồ sơ phải bằng hoặc sau ngày bắt đầu nhận hồ sơ.") && r.body.contains("value=\"Đợt 1 năm 2027\""));
    let r = editor.submit(&new_intake, &action, &[("name", "Đợt 4 năm 2026"), ("opens_on", "2026-11-20"), ("closes_on", "31/12/2026"), ("quota", "45")]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let public = editor.get("/chuong-trinh/duoc-cao-dang-cd-kien-giang-vua-lam-vua-hoc").await;
    assert!(public.body.contains("Đang tuyển sinh đến 31/12/2026"));
    let intake_id = {
        let mut c = s.app.db.conn().expect("conn");
        store::intakes_for(&mut c, &[id]).expect("q")[0].id
    };
    // Deleting asks first; cancelling changes nothing; confirming deletes.
    let confirm = format!("/quan-tri/dot-tuyen-sinh/{intake_id}/xoa");
    let r = editor.get(&confirm).await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.body.contains("Xóa đợt tuyển sinh?") && r.body.contains("“Đợt 4 năm 2026”") && r.body.contains(&format!("href=\"/quan-tri/chuong-trinh/{id}\">Hủy</a>")));
    let r = editor.submit(&confirm, &confirm, &[]).await;
    assert_eq!((r.status, r.location()), (StatusCode::SEE_OTHER, page.as_str()));
    let public = editor.get("/chuong-trinh/duoc-cao-dang-cd-kien-giang-vua-lam-vua-hoc").await;
    assert!(public.body.contains("Chưa có đợt tuyển sinh nào được công bố."));
    {
        let mut c = s.app.db.conn().expect("conn");
        let actions: Vec<String> = lantoa_store::audit::list(&mut c, &Default::default(), lantoa_store::PageRequest::new(1, 50))
            .expect("audit").items.into_iter().map(|a| a.action).collect();
        for a in ["programme.create", "intake.create", "intake.delete"] {
            assert!(actions.contains(&a.to_owned()), "{a} in {actions:?}");
        }
    }

    // Another school's programme: not opened, not changed, its intakes not deleted.
    let um = programme_id(&s, UM_ELECTRICAL);
    let um_intake = {
        let mut c = s.app.db.conn().expect("conn");
        store::intakes_for(&mut c, &[um]).expect("q")[0].id
    };
    for path in [format!("/quan-tri/chuong-trinh/{um}"), format!("/quan-tri/chuong-trinh/{um}/dot-tuyen-sinh/moi"), format!("/quan-tri/dot-tuyen-sinh/{um_intake}/xoa")] {
        assert_eq!(editor.get(&path).await.status, StatusCode::FORBIDDEN, "{path}");
    }
    let token = editor.get(&page).await.csrf();
    let r = editor.post(&format!("/quan-tri/chuong-trinh/{um}"), &[("_csrf", &token), ("occupation_id", &occupation), ("mode", "full_time"), ("duration_months", "1"), ("quota", "0"), ("entry_education", "none")]).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let r = editor.post(&format!("/quan-tri/dot-tuyen-sinh/{um_intake}/xoa"), &[("_csrf", &token)]).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let um_id = s.org_id("truong-trung-cap-nghe-u-minh-thuong").to_string();
    let r = editor.post("/quan-tri/chuong-trinh", &[("_csrf", &token), ("institution_id", &um_id), ("occupation_id", &occupation)]).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "no programme for another school");
    {
        let mut c = s.app.db.conn().expect("conn");
        assert!(store::intake(&mut c, um_intake).expect("q").is_some());
        assert_eq!(store::get(&mut c, um).expect("q").expect("row").duration_months, 24);
    }

    // The plan owner sees every programme read-only; signed out: the sign-in page.
    let mut owner = s.signed_in("chutri@lantoa.test").await;
    let list = owner.get("/quan-tri/chuong-trinh").await;
    assert!(list.body.contains("Trường Trung cấp Nghề vùng U Minh Thượng") || list.body.contains("TC Nghề U Minh Thượng"));
    assert!(!list.body.contains("href=\"/quan-tri/chuong-trinh/moi\""));
    let r = owner.get(&format!("/quan-tri/chuong-trinh/{um}")).await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.body.contains("Bạn chỉ được xem chương trình này") && !r.body.contains("Lưu chương trình"));
    assert_eq!(owner.get("/quan-tri/chuong-trinh/moi").await.status, StatusCode::FORBIDDEN);
    let r = s.browser().get("/quan-tri/chuong-trinh").await;
    assert!(r.status.is_redirection() && r.location().starts_with("/dang-nhap"));
});

both_engines!(async fn the_programmes_api_pages_and_filters_like_the_list(db) {
    let s = site(db).await;
    let mut b = s.browser();
    let total = published_count(&s) as i64;
    let r = b.get("/api/v1/programmes?per_page=10&page=2").await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.headers["content-type"].to_str().unwrap_or("").starts_with("application/json"));
    let v: serde_json::Value = serde_json::from_str(&r.body).expect("json");
    assert_eq!((v["page"].as_i64(), v["per_page"].as_i64(), v["total"].as_i64()), (Some(2), Some(10), Some(total)));
    assert_eq!(v["items"].as_array().map(Vec::len), Some(10));
    let last = b.get(&format!("/api/v1/programmes?per_page=10&page={}", (total + 9) / 10)).await;
    let v: serde_json::Value = serde_json::from_str(&last.body).expect("json");
    assert_eq!(v["items"].as_array().map(Vec::len), Some(((total - 1) % 10 + 1) as usize));

    let r = b.get("/api/v1/programmes?open=true&level=elementary&type=centre&per_page=100").await;
    let v: serde_json::Value = serde_json::from_str(&r.body).expect("json");
    let items = v["items"].as_array().expect("items");
    assert!(!items.is_empty());
    for i in items {
        assert_eq!((i["open_now"].as_bool(), i["level"].as_str(), i["institution"]["type"].as_str()), (Some(true), Some("elementary"), Some("centre")));
        assert!(i["intakes"].as_array().expect("intakes").iter().any(|x| x["state"] == "open"));
    }
    let r = b.get("/api/v1/programmes?q=dien+cong+nghiep&level=intermediate&area=913").await;
    let v: serde_json::Value = serde_json::from_str(&r.body).expect("json");
    assert_eq!(v["total"].as_i64(), Some(1));
    let item = &v["items"][0];
    assert_eq!(item["url"].as_str(), Some(format!("/chuong-trinh/{UM_ELECTRICAL}").as_str()));
    assert_eq!((item["fee_per_year"].as_i64(), item["model_9plus"].as_bool(), item["area"]["code"].as_str()), (Some(8_800_000), Some(true), Some("913")));
    assert!(item["support_policies"].as_array().expect("policies").iter().any(|p| p["entry_education"] == "lower_secondary"));

    for (path, needle) in [
        ("/api/v1/programmes?page=0", "page"),
        ("/api/v1/programmes?per_page=101", "per_page"),
        ("/api/v1/programmes?level=dai-hoc", "level"),
        ("/api/v1/programmes?type=university", "type"),
        ("/api/v1/programmes?area=abc", "area"),
        ("/api/v1/programmes?open=co+le", "open"),
    ] {
        let r = b.get(path).await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST, "{path}");
        let v: serde_json::Value = serde_json::from_str(&r.body).expect("json");
        assert!(v["error"]["message"].as_str().unwrap_or("").contains(needle), "{path}: {}", r.body);
    }
});

both_engines!(async fn an_intake_with_applications_is_kept_and_the_page_says_why(db) {
    let s = site(db).await;
    let college = s.org_id("truong-cao-dang-kien-giang");
    // An open intake of the college that an applicant then chooses.
    let (programme, intake) = {
        let mut c = s.app.db.conn().expect("conn");
        let open = lantoa_app::applications::open_programmes(&mut c, s.app.clock.today()).expect("open");
        let p = open
            .into_iter()
            .find(|p| {
                p.programme.institution_id == college
                    && lantoa_store::applications::choices_of_intake(&mut c, p.intake.id).expect("count") == 0
            })
            .expect("an open programme nobody chose yet");
        let form = lantoa_app::applications::ApplicationForm {
            full_name: "Lê Thị Thử".into(),
            birth_date: "02/09/1999".into(),
            phone: "0987654321".into(),
            commune: "Phường Vĩnh Thanh".into(),
            schooling: "thpt".into(),
            choice_1: p.programme.id.to_string(),
            consent_processing: true,
            ..Default::default()
        };
        let meta = lantoa_app::RequestMeta { ip: "198.51.100.7".into(), ..Default::default() };
        lantoa_app::applications::submit(&s.app, &mut c, &form, &meta).expect("application");
        (p.programme.id, p.intake)
    };
    let message = "Đợt tuyển sinh này đã có 1 hồ sơ đăng ký nên không thể xóa; hãy sửa ngày kết thúc nhận hồ sơ để đóng đợt.";
    let mut editor = s.signed_in("truong.cdkg@lantoa.test").await;
    // The delete link leads to the intake's page with the reason, not to a confirmation.
    let confirm = format!("/quan-tri/dot-tuyen-sinh/{}/xoa", intake.id);
    let r = editor.get(&confirm).await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.body.contains(&format!("<div class=\"alert alert--error\" role=\"alert\">\n  <p>{message}</p>")), "{}", r.body);
    assert!(!r.body.contains("Xóa đợt tuyển sinh?"), "nothing to confirm");
    assert!(r.body.contains(&format!("Đợt tuyển sinh: {}", intake.name)) && r.body.contains("id=\"closes_on\""), "the intake's own form, to close it");
    // Posting anyway (an old confirmation page, a second tab): refused on the same page.
    let token = r.csrf();
    let r = editor.post(&confirm, &[("_csrf", &token)]).await;
    assert_eq!(r.status, StatusCode::CONFLICT);
    assert!(r.body.contains(message) && r.body.contains(&format!("action=\"/quan-tri/dot-tuyen-sinh/{}\"", intake.id)));
    assert!(!r.body.contains("error-page__code"), "not an error page");
    {
        let mut c = s.app.db.conn().expect("conn");
        let kept = store::intake(&mut c, intake.id).expect("q").expect("the intake stays");
        assert_eq!((kept.programme_id, kept.closes_on), (programme, intake.closes_on));
    }
    // The programme page still lists it; closing it by its end date works.
    let r = editor.get(&format!("/quan-tri/chuong-trinh/{programme}")).await;
    assert!(r.body.contains(&intake.name));
    let edit = format!("/quan-tri/dot-tuyen-sinh/{}", intake.id);
    let r = editor.submit(&edit, &edit, &[("name", &intake.name), ("opens_on", &intake.opens_on.to_string()), ("closes_on", "26/11/2026")]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
});
