//! The listing cache of the public directory (`lantoa_app::listing`): a cached list is the
//! list the database gives now, whoever changed the data and whenever the day turns.

use std::sync::Arc;

use chrono::{Duration, NaiveDate};
use lantoa_app::bench::{self, DirectorySize};
use lantoa_app::institutions::{self as inst, InstitutionQuery};
use lantoa_app::programmes::{self, ProgrammeQuery, PublicProgramme};
use lantoa_app::{App, AuthConfig, FixedClock};
use lantoa_store::institutions::{self as store_inst, ProfileFields};
use lantoa_store::orgs;
use lantoa_store::programmes::{self as store, IntakeFields};
use lantoa_store::{PageRequest, both_engines};

fn clock() -> Arc<FixedClock> {
    Arc::new(FixedClock::new(
        NaiveDate::from_ymd_opt(2026, 11, 26)
            .unwrap()
            .and_hms_opt(2, 0, 0)
            .unwrap(),
    ))
}

fn seeded(db: &lantoa_store::Db, clock: Arc<FixedClock>) -> (App, lantoa_store::db::PooledConn) {
    let app = App::new(db.clone(), clock, AuthConfig::for_tests()).unwrap();
    let mut c = db.conn().unwrap();
    lantoa_app::demo::seed(&app, &mut c).unwrap();
    (app, c)
}

/// What a visitor sees of each programme in a list.
fn seen(items: &[PublicProgramme]) -> Vec<(String, String, bool, Vec<String>)> {
    items
        .iter()
        .map(|p| {
            (
                p.programme.slug.clone(),
                p.institution.name.clone(),
                p.open_now(),
                p.policies.iter().map(|x| x.slug.clone()).collect(),
            )
        })
        .collect()
}

/// The cached list and the list read afresh, which must be the same; returns what is seen.
fn both(
    app: &App,
    c: &mut lantoa_store::Conn,
    q: &ProgrammeQuery,
) -> Vec<(String, String, bool, Vec<String>)> {
    let page = PageRequest::new(1, 200);
    let cached = programmes::public_listing(app, c, q, page).unwrap();
    let fresh = programmes::public_list(c, app.clock.today(), q, page).unwrap();
    assert_eq!(seen(&cached.page.items), seen(&fresh.items));
    assert_eq!(cached.page.total, fresh.total);
    let choices = programmes::filter_choices(c, app.clock.today()).unwrap();
    assert_eq!(cached.choices.groups, choices.groups);
    assert_eq!(cached.choices.areas, choices.areas);
    seen(&cached.page.items)
}

const UM_ELECTRICAL: &str = "dien-cong-nghiep-trung-cap-tc-nghe-u-minh-thuong";
const UM_CARS: &str = "cong-nghe-o-to-trung-cap-tc-nghe-u-minh-thuong";

both_engines!(fn the_cached_programme_list_follows_changes_made_by_any_process_and_the_day(db) {
    let clock = clock();
    let (app, mut c) = seeded(db, clock.clone());
    let all = ProgrammeQuery::default();
    let open = ProgrammeQuery::new("", "", "", "", "", "1");
    let before = both(&app, &mut c, &all);
    assert!(before.len() >= 60);
    // A second view is the same list, from the cache.
    let page = PageRequest::new(1, 200);
    let a = programmes::public_listing(&app, &mut c, &all, page).unwrap();
    let b = programmes::public_listing(&app, &mut c, &all, page).unwrap();
    assert!(Arc::ptr_eq(&a, &b), "nothing changed: the second view is served from the cache");

    // Another connection (another process: `lantoa import programmes`, a second server)
    // writes straight to the database; the next view shows it.
    let mut other = db.conn().unwrap();
    let cars = store::by_slug(&mut other, UM_CARS).unwrap().unwrap();
    assert!(!both(&app, &mut c, &open).iter().any(|p| p.0 == UM_CARS), "its next round opens tomorrow");
    let today = app.clock.today();
    let intake = store::insert_intake(&mut other, cars.id, &IntakeFields { name: "Đợt bổ sung".into(), opens_on: today, closes_on: today + Duration::days(5), classes_start_on: None, quota: None, note: String::new() }, app.now()).unwrap();
    assert!(both(&app, &mut c, &open).iter().any(|p| p.0 == UM_CARS && p.2), "an intake opened today shows");
    store::delete_intake(&mut other, intake).unwrap();
    assert!(!both(&app, &mut c, &open).iter().any(|p| p.0 == UM_CARS), "and goes when deleted");

    // Renaming the institution changes every card of it.
    let school = orgs::get(&mut other, lantoa_domain::OrgId(cars.institution_id)).unwrap().unwrap();
    let mut fields = orgs::OrgFields { slug: school.slug.clone(), kind: school.kind.clone(), name: "Trường Trung cấp Nghề Vùng U Minh Thượng".into(), short_name: school.short_name.clone(), admin_unit_code: school.admin_unit_code.clone(), ..orgs::OrgFields::default() };
    fields.parent_id = school.parent_id;
    orgs::update(&mut other, school.org_id(), &fields, app.now()).unwrap();
    let renamed = both(&app, &mut c, &all);
    assert!(renamed.iter().any(|p| p.0 == UM_CARS && p.1 == "Trường Trung cấp Nghề Vùng U Minh Thượng"));

    // Unpublishing hides it; withdrawing its policies empties its support badge.
    let row = store::by_slug(&mut other, UM_ELECTRICAL).unwrap().unwrap();
    assert!(renamed.iter().any(|p| p.0 == UM_ELECTRICAL && !p.3.is_empty()), "it offers a policy");
    store::set_policies(&mut other, row.id, &[]).unwrap();
    assert!(both(&app, &mut c, &all).iter().any(|p| p.0 == UM_ELECTRICAL && p.3.is_empty()));
    let mut f = store::ProgrammeFields { occupation_id: row.occupation_id, level: row.level.clone(), mode: row.mode.clone(), duration_months: row.duration_months, fee_per_year: row.fee_per_year, fee_note: row.fee_note.clone(), quota: row.quota, entry_education: row.entry_education.clone(), entry_requirements: row.entry_requirements.clone(), model_9plus: row.model_9plus, location: row.location.clone(), admin_unit_code: row.admin_unit_code.clone(), description: row.description.clone(), is_published: false, is_demo: row.is_demo };
    store::update(&mut other, row.id, &f, None, app.now()).unwrap();
    let hidden = both(&app, &mut c, &all);
    assert_eq!(hidden.len(), before.len() - 1);
    assert!(!hidden.iter().any(|p| p.0 == UM_ELECTRICAL));
    f.is_published = true;
    store::update(&mut other, row.id, &f, None, app.now()).unwrap();

    // The day turns with nothing written: the electrical programme's round closed on the 26th.
    assert!(both(&app, &mut c, &open).iter().any(|p| p.0 == UM_ELECTRICAL));
    clock.advance(Duration::days(1));
    assert!(!both(&app, &mut c, &open).iter().any(|p| p.0 == UM_ELECTRICAL), "yesterday's list is not served today");
});

both_engines!(fn the_cached_institution_list_follows_profiles_and_new_institutions(db) {
    let (app, mut c) = seeded(db, clock());
    let page = PageRequest::new(1, 200);
    let colleges = InstitutionQuery::new("", "college", "", "");
    let names = |app: &App, c: &mut lantoa_store::Conn, q: &InstitutionQuery| -> Vec<String> {
        let cached = inst::public_listing(app, c, q, page).unwrap();
        let fresh = inst::public_list(c, app.clock.today(), q, page).unwrap();
        let names: Vec<String> = cached.0.items.iter().map(|(o, _)| o.name.clone()).collect();
        assert_eq!(names, fresh.items.iter().map(|(o, _)| o.name.clone()).collect::<Vec<_>>());
        assert_eq!(cached.1, inst::areas(c, app.clock.today()).unwrap());
        names
    };
    let before = names(&app, &mut c, &colleges);
    let mut other = db.conn().unwrap();
    let new = orgs::insert(&mut other, &orgs::OrgFields { slug: "truong-cao-dang-moi".into(), kind: "institution".into(), name: "Trường Cao đẳng Mới".into(), short_name: "CĐ Mới".into(), ..orgs::OrgFields::default() }, app.now()).unwrap();
    assert_eq!(names(&app, &mut c, &colleges), before, "no profile yet: not a college");
    store_inst::save_profile(&mut other, new, &ProfileFields { institution_type: "college".into(), ownership: "private".into(), lat_e6: None, lon_e6: None }, None, app.now()).unwrap();
    let after = names(&app, &mut c, &colleges);
    assert_eq!(after.len(), before.len() + 1);
    assert!(after.contains(&"Trường Cao đẳng Mới".to_owned()));
});

both_engines!(fn the_directory_benchmark_data_is_a_plausible_directory(db) {
    let app = App::new(db.clone(), clock(), AuthConfig::for_tests()).unwrap();
    let mut c = db.conn().unwrap();
    let r = bench::generate_directory(&app, &mut c, DirectorySize { institutions: 25, programmes: 250 }, &mut |_| {}).unwrap();
    assert_eq!((r.institutions, r.programmes), (25, 250));
    assert!(r.published > 200 && r.open_today > 50 && r.open_today < 160, "{r:?}");
    let page = PageRequest::new(1, 500);
    let all = programmes::public_list(&mut c, app.clock.today(), &ProgrammeQuery::default(), page).unwrap();
    assert_eq!(usize::try_from(all.total).unwrap(), r.published);
    // Every level, several areas and kinds of institution, and policies that fit.
    for level in ["so-cap", "trung-cap", "cao-dang"] {
        assert!(programmes::public_list(&mut c, app.clock.today(), &ProgrammeQuery::new("", level, "", "", "", ""), page).unwrap().total > 10, "{level}");
    }
    let choices = programmes::filter_choices(&mut c, app.clock.today()).unwrap();
    assert!(choices.areas.len() >= 8 && choices.groups.len() >= 5, "{choices:?}");
    let open = programmes::public_list(&mut c, app.clock.today(), &ProgrammeQuery::new("", "", "", "", "", "1"), page).unwrap();
    assert_eq!(usize::try_from(open.total).unwrap(), r.open_today);
    for p in &all.items {
        let level = lantoa_domain::directory::Level::from_code(&p.programme.level).unwrap();
        let entry = lantoa_domain::programme::EntryEducation::from_code(&p.programme.entry_education).unwrap();
        assert!(p.policies.iter().all(|x| programmes::conditions(x).fits(level, entry)), "{}", p.programme.slug);
    }
    let kinds = inst::public_list(&mut c, app.clock.today(), &InstitutionQuery::new("", "centre", "", ""), page).unwrap();
    assert!(kinds.total >= 5);
    // A second run on the same database is refused rather than doubling the data.
    assert!(bench::generate_directory(&app, &mut c, DirectorySize { institutions: 1, programmes: 1 }, &mut |_| {}).is_err());
});
