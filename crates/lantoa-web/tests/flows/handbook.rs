use axum::http::StatusCode;
use lantoa_store::both_engines;

use super::support::site;

both_engines!(async fn the_handbook_lists_occupations_by_group_and_institutions_from_the_directory(db) {
    let s = site(db).await;
    let mut b = s.browser();
    let r = b.get("/so-tay").await;
    assert_eq!(r.status, StatusCode::OK);
    for text in [
        "<h1>Sổ tay Chọn nghề – chọn trường</h1>",
        "39 ngành, nghề đào tạo", // 48 rows: 9 occupations at two levels
        "ngày 26/11/2026",
        "href=\"/so-tay/2026\"",
        "href=\"/trac-nghiem-nghe\"",
        "Mục lục",
        ">Kỹ thuật</h2>",
        "Trình độ: <a href=\"/nganh-nghe/dien-cong-nghiep-trung-cap\">Trung cấp</a> (mã 5520227) · <a href=\"/nganh-nghe/dien-cong-nghiep-cao-dang\">Cao đẳng</a> (mã 6520227)",
        "Hợp với người thích: Kỹ thuật, thực hành (R); Nghiên cứu, tìm tòi (I); Nghiệp vụ, quy trình (C).",
        "Trường Cao đẳng Kiên Giang",
        "dữ liệu mẫu",
    ] {
        assert!(r.body.contains(text), "missing {text:?}");
    }
    assert!(!r.body.contains("<svg class=\"qr\""), "no QR codes on screen");
    assert!(!r.body.contains("Giáo dục thường xuyên huyện Hòn Đất"), "ended centres are not in today's handbook");
    // Groups follow the Vietnamese alphabet ("Dịch vụ" before "Du lịch", both before "Kỹ thuật").
    let dich_vu = r.body.find(">Dịch vụ xã hội</h2>").unwrap();
    let du_lich = r.body.find(">Du lịch, khách sạn, thể thao và dịch vụ cá nhân</h2>").unwrap();
    let ky_thuat = r.body.find(">Kỹ thuật</h2>").unwrap();
    assert!(dich_vu < du_lich && du_lich < ky_thuat);

    let r = b.get("/so-tay/2026").await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.body.contains("<h1>Sổ tay Chọn nghề – chọn trường năm 2026</h1>"));
    // One QR code per occupation, per institution and for the quiz, each with its address printed.
    let qr = r.body.matches("<svg class=\"qr\"").count();
    let institutions = r.body.matches("href=\"/co-so-dao-tao/").count();
    assert!(institutions >= 5, "{institutions}");
    assert!(qr > institutions + 30, "{qr} codes");
    assert!(r.body.contains("<p>127.0.0.1:8080/nganh-nghe/dien-cong-nghiep-cao-dang</p>"), "the address the QR code opens is printed");
    assert!(r.body.contains("<p>127.0.0.1:8080/trac-nghiem-nghe</p>"));
    // A past edition shows the institutions of that year; unknown years are 404.
    let r = b.get("/so-tay/2024").await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.body.contains("ngày 31/12/2024") && r.body.contains("Giáo dục thường xuyên huyện Hòn Đất"), "in 2024 the Hòn Đất centre still operated");
    for path in ["/so-tay/2022", "/so-tay/2028", "/so-tay/abcd", "/so-tay/02026", "/so-tay/-2026"] {
        let r = b.get(path).await;
        assert_eq!(r.status, StatusCode::NOT_FOUND, "{path}");
        assert!(r.body.contains("Không tìm thấy trang"), "{path}");
    }
});
