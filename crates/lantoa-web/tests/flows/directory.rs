use axum::http::StatusCode;
use lantoa_store::both_engines;

use super::support::site;

both_engines!(async fn occupations_are_found_without_diacritics_filtered_and_paged(db) {
    let s = site(db).await;
    let mut b = s.browser();
    let r = b.get("/nganh-nghe").await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.body.contains("<h1>Ngành nghề đào tạo</h1>"));
    assert!(r.body.contains("href=\"/nganh-nghe\" aria-current=\"page\">Ngành nghề</a>"), "navigation marks the section");
    assert!(r.body.contains("ngành, nghề</p>") && r.body.contains("rel=\"next\""), "48 occupations need more than one page");
    // Vietnamese order: "Bảo vệ thực vật" first, "Cơ điện tử" after "Công tác xã hội", Đ after D.
    let first = r.body.find("Bảo vệ thực vật").unwrap();
    let cong_tac = r.body.find("Công tác xã hội").unwrap();
    let co_dien_tu = r.body.find("Cơ điện tử").unwrap();
    let duoc = r.body.find("Dược").unwrap();
    let dien = r.body.find("Điện công nghiệp").unwrap();
    assert!(first < cong_tac && cong_tac < co_dien_tu && co_dien_tu < duoc && duoc < dien);

    let r = b.get("/nganh-nghe?q=dien+cong+nghiep").await;
    assert!(r.body.contains("2 ngành, nghề phù hợp"), "{}", r.body);
    assert!(r.body.contains("href=\"/nganh-nghe/dien-cong-nghiep-cao-dang\"") && r.body.contains("href=\"/nganh-nghe/dien-cong-nghiep-trung-cap\""));
    let r = b.get("/nganh-nghe?q=dien+cong+nghiep&trinh_do=trung-cap").await;
    assert!(r.body.contains("1 ngành, nghề phù hợp") && r.body.contains("<option value=\"trung-cap\" selected>"));
    let r = b.get("/nganh-nghe?trinh_do=so-cap").await;
    assert!(r.body.contains("Kỹ thuật nuôi tôm nước lợ") && r.body.contains("May công nghiệp") && !r.body.contains("mã 6"));
    let r = b.get("/nganh-nghe?nhom=N%C3%B4ng%2C+l%C3%A2m+nghi%E1%BB%87p+v%C3%A0+th%E1%BB%A7y+s%E1%BA%A3n").await;
    assert!(r.body.contains("Trồng lúa chất lượng cao") && !r.body.contains("Điện công nghiệp"));
    // Page 2 keeps the filters in its links; nothing found shows the empty state.
    let r = b.get("/nganh-nghe?trang=2").await;
    assert!(r.body.contains("aria-label=\"Trang 2, trang hiện tại\""));
    let r = b.get("/nganh-nghe?q=phi+hanh+gia").await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.body.contains("Không tìm thấy ngành, nghề nào phù hợp."));

    let r = b.get("/nganh-nghe/dien-cong-nghiep-cao-dang").await;
    assert_eq!(r.status, StatusCode::OK);
    for text in ["<h1>Điện công nghiệp</h1>", "6520227", "Nhu cầu cao", "Nguồn: ", "Kỹ thuật, thực hành (R)", "dữ liệu mẫu", "href=\"/nganh-nghe/dien-cong-nghiep-trung-cap\""] {
        assert!(r.body.contains(text), "missing {text:?}");
    }
    let r = b.get("/nganh-nghe/ky-thuat-nuoi-tom-nuoc-lo-so-cap").await;
    assert!(r.body.contains("Khóa đào tạo sơ cấp (không có mã trong danh mục)"));
});

both_engines!(async fn bad_directory_input_gets_vietnamese_answers_not_errors(db) {
    let s = site(db).await;
    let mut b = s.browser();
    // A 2,000-character search is cut to the length of the field, not an error.
    let long = "đào tạo nghề ".repeat(154);
    assert!(long.chars().count() >= 2000);
    let r = b.get(&format!("/nganh-nghe?q={}", lantoa_web::chrome::encode_component(&long))).await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.body.contains("Không tìm thấy ngành, nghề nào phù hợp."));
    let r = b.get(&format!("/co-so-dao-tao?q={}", "x".repeat(2000))).await;
    assert_eq!(r.status, StatusCode::OK);
    // A page that is not a number is the first page; an unknown level or type is ignored.
    for path in ["/nganh-nghe?trang=abc", "/nganh-nghe?trang=-3&trinh_do=dai-hoc", "/co-so-dao-tao?trang=1e9&loai=university&khu_vuc=%27%3B--"] {
        let r = b.get(path).await;
        assert_eq!(r.status, StatusCode::OK, "{path}");
        assert!(r.body.contains("aria-label=\"Trang 1, trang hiện tại\"") || !r.body.contains("pagination"), "{path}");
    }
    // Unknown slugs: the Vietnamese 404 page.
    for path in ["/nganh-nghe/khong-co-nghe-nay", "/co-so-dao-tao/khong-co-truong-nay", "/co-so-dao-tao/bao-kien-giang", &format!("/nganh-nghe/{}", "a".repeat(3000))] {
        let r = b.get(path).await;
        assert_eq!(r.status, StatusCode::NOT_FOUND, "{path}");
        assert!(r.body.contains("Không tìm thấy trang") && r.body.contains("lang=\"vi\""), "{path}");
    }
});

both_engines!(async fn institutions_directory_shows_current_ones_with_contacts_and_a_map_link(db) {
    let s = site(db).await;
    let mut b = s.browser();
    let r = b.get("/co-so-dao-tao").await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.body.contains("Trường Cao đẳng Kiên Giang"));
    assert!(!r.body.contains("Giáo dục thường xuyên huyện Hòn Đất"), "ended centres are not listed");
    let r = b.get("/co-so-dao-tao?q=du+lich&hinh_thuc=private").await;
    assert!(r.body.contains("1 cơ sở đào tạo phù hợp") && r.body.contains("Trường Trung cấp Du lịch Đảo Ngọc"), "{}", r.body);
    let r = b.get("/co-so-dao-tao?loai=college").await;
    assert!(r.body.contains("1 cơ sở đào tạo phù hợp"));
    let r = b.get("/co-so-dao-tao?khu_vuc=911").await;
    assert!(r.body.contains("2 cơ sở đào tạo phù hợp") && r.body.contains("<option value=\"911\" selected>Thành phố Phú Quốc</option>"));

    let r = b.get("/co-so-dao-tao/truong-cao-dang-kien-giang").await;
    assert_eq!(r.status, StatusCode::OK);
    for text in ["Trường cao đẳng", "Công lập", "425 Mạc Cửu", "Thành phố Rạch Giá", "https://www.openstreetmap.org/?mlat=10.0125&#38;mlon=105.0809#map=16/10.0125/105.0809"] {
        assert!(r.body.contains(text), "missing {text:?}");
    }
    assert!(!r.body.contains("<iframe"), "no embedded third-party map");
    let r = b.get("/co-so-dao-tao/trung-tam-gdnn-gdtx-hon-dat").await;
    assert!(r.body.contains("đã ngừng hoạt động từ ngày 01/07/2025"));
});

both_engines!(async fn the_api_pages_and_filters_like_the_pages(db) {
    let s = site(db).await;
    let mut b = s.browser();
    let r = b.get("/api/v1/occupations?per_page=5&page=2").await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.headers["content-type"].to_str().unwrap().starts_with("application/json"));
    let v: serde_json::Value = serde_json::from_str(&r.body).unwrap();
    assert_eq!((v["page"].as_i64(), v["per_page"].as_i64()), (Some(2), Some(5)));
    assert!(v["total"].as_i64().unwrap() >= 46);
    assert_eq!(v["items"].as_array().unwrap().len(), 5);
    let r = b.get("/api/v1/occupations?q=dien+cong+nghiep&level=college").await;
    let v: serde_json::Value = serde_json::from_str(&r.body).unwrap();
    assert_eq!(v["total"].as_i64(), Some(1));
    let item = &v["items"][0];
    assert_eq!((item["code"].as_str(), item["level"].as_str(), item["demand"]["level"].as_str()), (Some("6520227"), Some("college"), Some("high")));
    assert_eq!(item["url"].as_str(), Some("/nganh-nghe/dien-cong-nghiep-cao-dang"));
    let r = b.get("/api/v1/occupations?level=elementary&per_page=100").await;
    let v: serde_json::Value = serde_json::from_str(&r.body).unwrap();
    assert!(v["items"].as_array().unwrap().iter().all(|i| i["code"].is_null()));

    let r = b.get("/api/v1/institutions?type=intermediate&ownership=private").await;
    let v: serde_json::Value = serde_json::from_str(&r.body).unwrap();
    assert_eq!(v["total"].as_i64(), Some(1));
    assert_eq!(v["items"][0]["coordinates"]["lat"].as_f64(), Some(10.2167));
    assert_eq!(v["items"][0]["area"]["name"].as_str(), Some("Thành phố Phú Quốc"));

    // Bad parameters: a 400 in JSON with a Vietnamese message.
    for (path, needle) in [
        ("/api/v1/occupations?page=abc", "page"),
        ("/api/v1/occupations?page=0", "page"),
        ("/api/v1/occupations?per_page=101", "per_page"),
        ("/api/v1/occupations?level=dai-hoc", "level"),
        ("/api/v1/institutions?type=university", "type"),
        ("/api/v1/institutions?area=abc", "area"),
    ] {
        let r = b.get(path).await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST, "{path}");
        let v: serde_json::Value = serde_json::from_str(&r.body).unwrap();
        assert!(v["error"]["message"].as_str().unwrap().contains(needle), "{path}: {}", r.body);
    }
    let long = "a".repeat(2000);
    let r = b.get(&format!("/api/v1/occupations?q={long}")).await;
    assert_eq!(r.status, StatusCode::OK);
    let r = b.get("/api/v1/khong-co").await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    assert!(r.body.starts_with("{\"error\""));
});

both_engines!(async fn an_institution_administrator_edits_only_its_own_profile(db) {
    let s = site(db).await;
    let college = s.org_id("truong-cao-dang-kien-giang");
    let um = s.org_id("truong-trung-cap-nghe-u-minh-thuong");
    let mut admin = s.signed_in("quantri.cdkg@lantoa.test").await;
    let list = admin.get("/quan-tri/co-so-dao-tao").await;
    assert_eq!(list.status, StatusCode::OK);
    assert!(list.body.contains("1 cơ sở") && list.body.contains(&format!("href=\"/quan-tri/co-so-dao-tao/{college}\"")));
    let form = format!("/quan-tri/co-so-dao-tao/{college}");
    // Out of Vietnam: shown again with the messages and what was typed.
    let r = admin.submit(&form, &form, &[("institution_type", "college"), ("ownership", "public"), ("lat", "48,85"), ("lon", "")]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("Vĩ độ nằm ngoài lãnh thổ Việt Nam") && r.body.contains("Vui lòng nhập cả kinh độ"));
    assert!(r.body.contains("value=\"48,85\""));
    let r = admin.submit(&form, &form, &[("institution_type", "college"), ("ownership", "public"), ("lat", "10,0199"), ("lon", "105.0911")]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let public = admin.get("/co-so-dao-tao/truong-cao-dang-kien-giang").await;
    assert!(public.body.contains("mlat=10.0199&#38;mlon=105.0911"));
    // Another institution's form, opened or posted: refused.
    let other = format!("/quan-tri/co-so-dao-tao/{um}");
    assert_eq!(admin.get(&other).await.status, StatusCode::FORBIDDEN);
    let token = admin.get(&form).await.csrf();
    let r = admin.post(&other, &[("_csrf", &token), ("institution_type", "other"), ("ownership", "private")]).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    // An editor of the college cannot edit its profile; the plan owner sees all, edits none.
    let mut editor = s.signed_in("truong.cdkg@lantoa.test").await;
    assert_eq!(editor.get(&form).await.status, StatusCode::FORBIDDEN);
    let mut owner = s.signed_in("chutri@lantoa.test").await;
    let list = owner.get("/quan-tri/co-so-dao-tao").await;
    assert!(list.body.contains("Trường Trung cấp Nghề vùng U Minh Thượng") && !list.body.contains("Sửa hồ sơ"));
    assert_eq!(owner.get(&form).await.status, StatusCode::FORBIDDEN);
    // Signed out: the sign-in page.
    let r = s.browser().get(&form).await;
    assert!(r.status.is_redirection() && r.location().starts_with("/dang-nhap"));
});
