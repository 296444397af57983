use std::sync::Arc;

use chrono::NaiveDate;
use lantoa_app::{App, AuthConfig, FixedClock};
use lantoa_domain::org::{duty, holder_on};
use lantoa_store::{both_engines, orgs, users};

fn app(db: lantoa_store::Db) -> App {
    let now = NaiveDate::from_ymd_opt(2026, 11, 26)
        .unwrap()
        .and_hms_opt(2, 0, 0)
        .unwrap();
    App::new(db, Arc::new(FixedClock::new(now)), AuthConfig::for_tests()).unwrap()
}

both_engines!(fn seeding_twice_adds_nothing_the_second_time(db) {
    let app = app(db.clone());
    let mut c = db.conn().unwrap();
    let mut first = lantoa_app::demo::seed(&app, &mut c).unwrap();
    (first.products, first.reports) = lantoa_app::demo::seed_figures(&mut c).unwrap();
    assert_eq!(first.admin_units, 160);
    assert!(first.organisations >= 40, "{}", first.organisations);
    assert!(first.products > 100 && first.reports > 30, "{} products, {} reports", first.products, first.reports);
    assert_eq!(first.new_users.len(), 8);
    let (o, u) = (orgs::count(&mut c).unwrap(), users::count(&mut c).unwrap());
    let mut second = lantoa_app::demo::seed(&app, &mut c).unwrap();
    (second.products, second.reports) = lantoa_app::demo::seed_figures(&mut c).unwrap();
    assert_eq!((second.admin_units, second.organisations, second.successions, second.new_users.len(), second.products, second.reports), (0, 0, 0, 0, 0, 0));
    assert_eq!((orgs::count(&mut c).unwrap(), users::count(&mut c).unwrap()), (o, u));
});

both_engines!(fn the_2025_reorganisation_is_data_the_reports_can_follow(db) {
    let app = app(db.clone());
    let mut c = db.conn().unwrap();
    lantoa_app::demo::seed(&app, &mut c).unwrap();
    let id = |c: &mut lantoa_store::Conn, slug: &str| orgs::by_slug(c, slug).unwrap().unwrap().org_id();
    let labour = id(&mut c, "so-ldtbxh-kien-giang");
    let edges: Vec<_> = orgs::all_successions(&mut c).unwrap().iter().filter_map(|r| r.to_domain()).collect();
    let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap();
    // Who owes the labour department's VET reports, over time.
    assert_eq!(holder_on(labour, d(2024, 11, 20), Some(duty::VET), &edges), labour);
    assert_eq!(holder_on(labour, d(2025, 6, 20), Some(duty::VET), &edges), id(&mut c, "so-gddt-kien-giang"));
    assert_eq!(holder_on(labour, d(2025, 11, 20), Some(duty::VET), &edges), id(&mut c, "so-gddt-an-giang"));
    assert_eq!(holder_on(labour, d(2025, 11, 20), None, &edges), id(&mut c, "so-noi-vu-an-giang"));
    // Districts end on 30/6/2025; their duties pass to the new province.
    let hon_dat = orgs::by_slug(&mut c, "ubnd-huyen-hon-dat").unwrap().unwrap();
    assert_eq!(hon_dat.valid_to, Some(d(2025, 6, 30)));
    assert_eq!(hon_dat.admin_unit_code.as_deref(), Some("903"));
    assert_eq!(holder_on(hon_dat.org_id(), d(2025, 11, 20), None, &edges), id(&mut c, "ubnd-tinh-an-giang"));
    // Fifteen district-level committees, as in the 2020 list of administrative units.
    let districts = orgs::list(&mut c, &orgs::OrgFilter { kind: Some("district_committee".into()), ..Default::default() }, lantoa_store::PageRequest::new(1, 100)).unwrap();
    assert_eq!(districts.total, 15);
});
