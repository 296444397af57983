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
