use std::sync::Arc;

use chrono::NaiveDate;
use lantoa_app::audit::Actor;
use lantoa_app::plans;
use lantoa_app::{App, AuthConfig, Error, FixedClock};
use lantoa_store::both_engines;

fn app(db: lantoa_store::Db) -> App {
    let now = NaiveDate::from_ymd_opt(2026, 11, 26)
        .unwrap()
        .and_hms_opt(2, 0, 0)
        .unwrap();
    App::new(db, Arc::new(FixedClock::new(now)), AuthConfig::for_tests()).unwrap()
}

both_engines!(fn the_seed_plan_is_imported_whole_and_reimporting_changes_nothing(db) {
    let app = app(db.clone());
    let mut c = db.conn().unwrap();
    lantoa_app::demo::seed(&app, &mut c).unwrap();
    let v = plans::view(&mut c, "kh-truyen-thong-gdnn-2023-2025").unwrap();
    assert_eq!(v.activities.len(), 22);
    assert!(v.numbers_differ, "97/KH-UBND and 37/KH-UBND are both kept");
    assert_eq!(v.lead_name.as_deref(), Some("Sở Lao động - Thương binh và Xã hội tỉnh Kiên Giang"));
    let a31 = v.activities.iter().find(|a| a.row.code == "3.1").unwrap();
    assert_eq!(a31.depth, 1);
    assert_eq!(a31.row.year_list(), [2023, 2024, 2025]);
    assert!(a31.lead.iter().any(|u| u.organisation_id.is_some()), "the labour department is a real organisation");
    assert!(a31.coordinating.iter().any(|u| u.label.contains("cơ sở giáo dục nghề nghiệp")));
    assert!(v.activities.iter().find(|a| a.row.code == "3").unwrap().has_children);
    assert_eq!(v.responsibilities.len(), 11);
    let year = v.periods.iter().find(|p| p.label == "Báo cáo năm").unwrap();
    assert_eq!((year.unit_due.as_str(), year.lead_due.as_str()), ("20/11", "30/11"));
    assert!(year.due_before_window_end, "20/11 comes before the 14/12 end of the data window");

    let ids: Vec<i64> = v.activities.iter().map(|a| a.row.id).collect();
    let file = plans::parse(lantoa_app::demo::SEED_PLAN).unwrap();
    let again = plans::import(&app, &mut c, &Actor::system("test"), &file).unwrap();
    assert!(!again.created);
    assert_eq!(again.removed_activities, 0);
    let v2 = plans::view(&mut c, "kh-truyen-thong-gdnn-2023-2025").unwrap();
    assert_eq!(v2.activities.iter().map(|a| a.row.id).collect::<Vec<_>>(), ids, "activity ids stay stable");
    assert_eq!(plans::list(&mut c).unwrap().len(), 1);
});

both_engines!(fn an_invalid_plan_file_lists_every_problem_and_writes_nothing(db) {
    let app = app(db.clone());
    let mut c = db.conn().unwrap();
    lantoa_app::demo::seed(&app, &mut c).unwrap();
    let text = r#"
format = 1
slug = "ke-hoach-thu"
title = "Kế hoạch thử"
document_type = "Kế hoạch"
issuer = "khong-co-don-vi"
issuer_name = "UBND"
place = "An Giang"
issued_on = "2026-01-05"
start_year = 2026
end_year = 2027

[[number]]
text = "01/KH-UBND"
written_in = "Phần đầu"

[reporting]
[[reporting.period]]
kind = "quy"
label = "Báo cáo quý"
window_from = "13-01"
window_to = "03-31"
unit_due = "04-10"
lead_due = "04-20"

[[activity]]
code = "1.1"
title = "Hoạt động con không có cha"
years = [2030]
lead = [{ org = "so-ldtbxh-kien-giang" }, { kind = "ngan-hang", label = "Các ngân hàng" }]
"#;
    let file = plans::parse(text).unwrap();
    let Err(Error::InvalidFile(lines)) = plans::import(&app, &mut c, &Actor::system("test"), &file) else {
        panic!("the file should be refused");
    };
    let all = lines.join("\n");
    for expected in [
        "Cơ quan ban hành (“issuer”): không có đơn vị “khong-co-don-vi”",
        "loại kỳ chỉ có thể là h1 (6 tháng) hoặc year (năm)",
        "“window_from” = “13-01” không phải ngày dạng MM-DD",
        "Hoạt động 1.1: không có hoạt động cha 1.",
        "Hoạt động 1.1: năm 2030 nằm ngoài giai đoạn 2026–2027.",
        "Hoạt động 1.1, đơn vị chủ trì: loại đơn vị “ngan-hang” không hợp lệ.",
    ] {
        assert!(all.contains(expected), "missing {expected:?} in:\n{all}");
    }
    assert!(lantoa_store::plans::by_slug(&mut c, "ke-hoach-thu").unwrap().is_none());
    // A syntax error names the line.
    let err = plans::parse("format = 1\nslug = \n").unwrap_err();
    assert!(err.0[0].contains("dòng 2"), "{:?}", err.0);
});
