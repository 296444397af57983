use std::sync::Arc;

use chrono::NaiveDate;
use lantoa_app::audit::Actor;
use lantoa_app::occupations;
use lantoa_app::quiz;
use lantoa_app::{App, AuthConfig, FixedClock};
use lantoa_domain::directory::Level;
use lantoa_domain::quiz::{InterestCode, Strength};
use lantoa_store::{PageRequest, both_engines};

fn app(db: lantoa_store::Db) -> App {
    let now = NaiveDate::from_ymd_opt(2026, 11, 26)
        .unwrap()
        .and_hms_opt(2, 0, 0)
        .unwrap();
    App::new(db, Arc::new(FixedClock::new(now)), AuthConfig::for_tests()).unwrap()
}

both_engines!(fn every_demo_occupation_can_be_suggested_by_the_quiz(db) {
    let app = app(db.clone());
    let mut c = db.conn().unwrap();
    lantoa_app::demo::seed(&app, &mut c).unwrap();
    let all = occupations::list(&mut c, &occupations::OccupationQuery::default(), PageRequest::new(1, 100)).unwrap();
    let without: Vec<&str> = all.items.iter().filter(|o| o.riasec.is_empty()).map(|o| o.name.as_str()).collect();
    assert!(without.is_empty(), "occupations without RIASEC letters: {without:?}");
    // Every occupation fits at least one code, so each can be suggested.
    let ric = quiz::matches(&mut c, &InterestCode::parse("RIC").unwrap()).unwrap();
    let sea = quiz::matches(&mut c, &InterestCode::parse("SEA").unwrap()).unwrap();
    let suggested: std::collections::BTreeSet<i64> = ric.iter().chain(&sea).flat_map(|m| m.levels.iter().map(|l| l.occupation_id)).collect();
    let every: std::collections::BTreeSet<i64> = all.items.iter().map(|o| o.id).collect();
    assert_eq!(suggested, every, "RIC or SEA suggests every occupation, at every level");
});

both_engines!(fn matches_rank_by_fit_and_group_the_levels_of_an_occupation(db) {
    let app = app(db.clone());
    let mut c = db.conn().unwrap();
    let csv = "code,level,name_vi,group,riasec\n\
               6520227,cao_dang,Điện công nghiệp,Kỹ thuật,RIC\n\
               5520227,trung_cap,Điện công nghiệp,Kỹ thuật,RC\n\
               ,so_cap,Điện dân dụng,Kỹ thuật,RIC\n\
               6340301,cao_dang,Kế toán,Kinh doanh và quản lý,CE\n\
               6760101,cao_dang,Công tác xã hội,Dịch vụ xã hội,SEA\n\
               6810201,cao_dang,Quản trị khách sạn,Du lịch,\n";
    occupations::import_csv(&app, &mut c, &Actor::system("test"), csv.as_bytes(), &mut |_| {}).unwrap();
    let m = quiz::matches(&mut c, &InterestCode::parse("RIC").unwrap()).unwrap();
    let names: Vec<&str> = m.iter().map(|m| m.name.as_str()).collect();
    // Equal fits in Vietnamese order (Điện công nghiệp before Điện dân dụng), weaker ones after;
    // social work shares no letter and the hotel has none.
    assert_eq!(names, ["Điện công nghiệp", "Điện dân dụng", "Kế toán"]);
    let dien = &m[0];
    assert_eq!(dien.levels.iter().map(|l| l.level).collect::<Vec<_>>(), [Level::Intermediate, Level::College]);
    assert_eq!((dien.fit.points, dien.fit.strength()), (14, Strength::Strong), "the best of its levels");
    assert_eq!(dien.levels[1].slug, "dien-cong-nghiep-cao-dang");
    assert_eq!(m[2].fit.strength(), Strength::Possible);
    // No programme teaches these occupations: nothing to show under "Học ở đâu".
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 26).unwrap();
    assert!(quiz::where_taught(&mut c, today, &[dien.levels[0].occupation_id]).unwrap().is_empty());
});

both_engines!(fn where_an_occupation_is_taught_lists_open_intakes_first(db) {
    let app = app(db.clone());
    let mut c = db.conn().unwrap();
    lantoa_app::demo::seed(&app, &mut c).unwrap();
    let occupation = lantoa_store::occupations::by_slug(&mut c, "dien-cong-nghiep-trung-cap").unwrap().unwrap();
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 26).unwrap();
    let links = quiz::where_taught(&mut c, today, &[occupation.id]).unwrap();
    assert!(links.len() >= 2, "the demo teaches it in several schools: {links:?}");
    assert!(links.iter().all(|l| l.occupation_id == occupation.id && l.href.starts_with("/chuong-trinh/")));
    assert!(links.iter().all(|l| l.label.contains("trình độ trung cấp")), "{links:?}");
    // Schools taking applications today come first.
    let open: Vec<bool> = links.iter().map(|l| l.label.contains("đang nhận hồ sơ đến")).collect();
    assert!(open[0], "{links:?}");
    assert!(open.windows(2).all(|w| w[0] >= w[1]), "open intakes before the others: {links:?}");
});
