use chrono::{NaiveDate, NaiveDateTime};
use lantoa_store::admin_units::{self, AdminUnit};
use lantoa_store::occupations::{self, OccupationFields};
use lantoa_store::orgs::{self, OrgFields};
use lantoa_store::programmes::{
    self, IntakeFields, PolicyFields, ProgrammeFields, ProgrammeFilter,
};
use lantoa_store::{PageRequest, both_engines};

fn d(m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, m, day).unwrap()
}

fn now() -> NaiveDateTime {
    d(11, 26).and_hms_opt(2, 0, 0).unwrap()
}

fn slugs(c: &mut lantoa_store::Conn, f: &ProgrammeFilter) -> Vec<String> {
    programmes::list(c, f, PageRequest::new(1, 50))
        .unwrap()
        .items
        .into_iter()
        .map(|(p, ..)| p.slug)
        .collect()
}

both_engines!(fn programmes_filter_by_window_area_and_words_through_their_occupation_and_institution(db) {
    let mut c = db.conn().unwrap();
    for (code, name) in [("899", "Thành phố Rạch Giá"), ("903", "Huyện Hòn Đất")] {
        admin_units::upsert(&mut c, &AdminUnit { code: code.into(), kind: "huyen".into(), name: name.into(), parent_code: None, valid_from: None, valid_to: None }).unwrap();
    }
    let school = |c: &mut lantoa_store::Conn, slug: &str, name: &str, valid_to: Option<NaiveDate>| {
        orgs::insert(c, &OrgFields { slug: slug.into(), kind: "institution".into(), name: name.into(), short_name: name.into(), admin_unit_code: Some("899".into()), valid_to, ..OrgFields::default() }, now()).unwrap().0
    };
    let open_school = school(&mut c, "truong-a", "Trường Cao đẳng A", None);
    let ended_school = school(&mut c, "trung-tam-b", "Trung tâm B", Some(NaiveDate::from_ymd_opt(2025, 6, 30).unwrap()));
    let occ = |c: &mut lantoa_store::Conn, slug: &str, name: &str| {
        occupations::insert(c, slug, &OccupationFields { level: "elementary".into(), name: name.into(), ..OccupationFields::default() }, now()).unwrap()
    };
    let welding = occ(&mut c, "han-so-cap", "Hàn");
    let cooking = occ(&mut c, "nau-an-so-cap", "Nấu ăn");
    let fields = |occupation: i64, place: Option<&str>, published: bool| ProgrammeFields {
        occupation_id: occupation, level: "elementary".into(), mode: "full_time".into(), duration_months: 3,
        quota: 30, entry_education: "none".into(), location: place.map(|_| "Cơ sở Hòn Đất".into()).unwrap_or_default(),
        admin_unit_code: place.map(str::to_owned), is_published: published, ..ProgrammeFields::default()
    };
    let a_welding = programmes::insert(&mut c, "han-a", open_school, &fields(welding, None, true), None, now()).unwrap();
    let a_cooking = programmes::insert(&mut c, "nau-an-a", open_school, &fields(cooking, Some("903"), true), None, now()).unwrap();
    programmes::insert(&mut c, "nau-an-a-an", open_school, &ProgrammeFields { mode: "online".into(), ..fields(cooking, None, false) }, None, now()).unwrap();
    programmes::insert(&mut c, "han-b", ended_school, &fields(welding, None, true), None, now()).unwrap();
    assert!(programmes::insert(&mut c, "han-a", open_school, &fields(welding, None, true), None, now()).unwrap_err().is_unique_violation());

    // The public view: published programmes of institutions operating that day.
    let public = ProgrammeFilter { public_on: Some(d(11, 26)), ..ProgrammeFilter::default() };
    assert_eq!(slugs(&mut c, &public), ["han-a", "nau-an-a"], "Hàn before Nấu ăn; no unpublished, no ended school");
    assert_eq!(slugs(&mut c, &ProgrammeFilter::default()).len(), 4, "the back office sees all");
    // The area is the programme's own place, else its institution's.
    assert_eq!(slugs(&mut c, &ProgrammeFilter { area: Some("903".into()), ..public.clone() }), ["nau-an-a"]);
    assert_eq!(slugs(&mut c, &ProgrammeFilter { area: Some("899".into()), ..public.clone() }), ["han-a"]);
    let areas = programmes::areas(&mut c, d(11, 26)).unwrap();
    assert_eq!(areas, [("903".to_owned(), "Huyện Hòn Đất".to_owned()), ("899".to_owned(), "Thành phố Rạch Giá".to_owned())]);

    // Open on a day: both ends of the window included.
    let window = |name: &str, opens: NaiveDate, closes: NaiveDate| IntakeFields { name: name.into(), opens_on: opens, closes_on: closes, classes_start_on: None, quota: None, note: String::new() };
    programmes::insert_intake(&mut c, a_welding, &window("Đợt 2", d(11, 26), d(12, 10)), now()).unwrap();
    programmes::insert_intake(&mut c, a_welding, &window("Đợt 1", d(9, 1), d(9, 30)), now()).unwrap();
    programmes::insert_intake(&mut c, a_cooking, &window("Lớp tháng 11", d(11, 1), d(11, 25)), now()).unwrap();
    let open_on = |c: &mut lantoa_store::Conn, day: NaiveDate| slugs(c, &ProgrammeFilter { open_on: Some(day), ..public.clone() });
    assert_eq!(open_on(&mut c, d(11, 25)), ["nau-an-a"]);
    assert_eq!(open_on(&mut c, d(11, 26)), ["han-a"]);
    assert_eq!(open_on(&mut c, d(12, 10)), ["han-a"]);
    assert!(open_on(&mut c, d(12, 11)).is_empty());
    let windows: Vec<String> = programmes::intakes_for(&mut c, &[a_welding]).unwrap().into_iter().map(|i| i.name).collect();
    assert_eq!(windows, ["Đợt 1", "Đợt 2"], "by opening date");

    // Words are found in the occupation and the institution as they are now (no stale copies).
    let words = |c: &mut lantoa_store::Conn, q: &str| slugs(c, &ProgrammeFilter { query: Some(q.into()), ..public.clone() });
    assert_eq!(words(&mut c, "han"), ["han-a"]);
    assert_eq!(words(&mut c, "cao dang a nau"), ["nau-an-a"]);
    assert_eq!(words(&mut c, "co so hon dat"), ["nau-an-a"], "the place of study");
    let row = occupations::get(&mut c, welding).unwrap().unwrap();
    let renamed = OccupationFields { level: row.level.clone(), name: "Hàn điện".into(), ..OccupationFields::default() };
    occupations::update(&mut c, welding, &renamed, now()).unwrap();
    assert_eq!(words(&mut c, "han dien"), ["han-a"]);

    // A programme's policies are replaced as a whole.
    let policy = |c: &mut lantoa_store::Conn, slug: &str, name: &str| programmes::insert_policy(c, slug, &PolicyFields { name: name.into(), ..PolicyFields::default() }, now()).unwrap();
    let p1 = policy(&mut c, "p1", "Hỗ trợ một");
    let p2 = policy(&mut c, "p2", "Hỗ trợ hai");
    programmes::set_policies(&mut c, a_welding, &[p1, p2]).unwrap();
    programmes::set_policies(&mut c, a_welding, &[p2]).unwrap();
    let linked: Vec<(i64, String)> = programmes::policies_for(&mut c, &[a_welding, a_cooking]).unwrap().into_iter().map(|(id, p)| (id, p.slug)).collect();
    assert_eq!(linked, [(a_welding, "p2".to_owned())]);
    assert!(programmes::find(&mut c, open_school, cooking, "online").unwrap().is_some());
    assert!(programmes::find(&mut c, open_school, cooking, "work_study").unwrap().is_none());
});

both_engines!(fn every_write_to_what_the_directory_lists_moves_its_version(db) {
    use diesel::RunQueryDsl;
    use lantoa_store::institutions::{self, ProfileFields};
    let mut c = db.conn().unwrap();
    let mut last = programmes::directory_version(&mut c).unwrap();
    let mut moved = |c: &mut lantoa_store::Conn, what: &str| {
        let v = programmes::directory_version(c).unwrap();
        assert!(v > last, "{what} left the directory version at {v}");
        last = v;
    };
    admin_units::upsert(&mut c, &AdminUnit { code: "899".into(), kind: "thanh-pho".into(), name: "Thành phố Rạch Giá".into(), parent_code: None, valid_from: None, valid_to: None }).unwrap();
    moved(&mut c, "a new area");
    let school = orgs::insert(&mut c, &OrgFields { slug: "truong-a".into(), kind: "institution".into(), name: "Trường A".into(), short_name: "A".into(), ..OrgFields::default() }, now()).unwrap();
    moved(&mut c, "a new institution");
    institutions::save_profile(&mut c, school, &ProfileFields { institution_type: "college".into(), ownership: "public".into(), lat_e6: None, lon_e6: None }, None, now()).unwrap();
    moved(&mut c, "a new profile");
    let occupation = occupations::insert(&mut c, "han-so-cap", &OccupationFields { level: "elementary".into(), name: "Hàn".into(), ..OccupationFields::default() }, now()).unwrap();
    moved(&mut c, "a new occupation");
    let policy = programmes::insert_policy(&mut c, "ho-tro", &PolicyFields { name: "Hỗ trợ".into(), ..PolicyFields::default() }, now()).unwrap();
    moved(&mut c, "a new policy");
    let fields = ProgrammeFields { occupation_id: occupation, level: "elementary".into(), mode: "full_time".into(), duration_months: 3, quota: 20, entry_education: "none".into(), is_published: true, ..ProgrammeFields::default() };
    let programme = programmes::insert(&mut c, "han-a", school.0, &fields, None, now()).unwrap();
    moved(&mut c, "a new programme");
    programmes::set_policies(&mut c, programme, &[policy]).unwrap();
    moved(&mut c, "a policy offered");
    let intake = programmes::insert_intake(&mut c, programme, &IntakeFields { name: "Đợt 1".into(), opens_on: d(11, 1), closes_on: d(12, 1), classes_start_on: None, quota: None, note: String::new() }, now()).unwrap();
    moved(&mut c, "a new intake");
    // Updates of every listed table, as any process (or a hand-written SQL fix) would make.
    for (table, column) in [
        ("admin_units", "name"), ("organisations", "name"), ("institution_profiles", "ownership"),
        ("occupations", "name"), ("support_policies", "name"), ("programmes", "quota"),
        ("programme_policies", "programme_id"), ("intakes", "closes_on"),
    ] {
        diesel::sql_query(format!("UPDATE {table} SET {column} = {column}")).execute(&mut c).unwrap();
        moved(&mut c, &format!("an update of {table}"));
    }
    assert!(programmes::delete_intake(&mut c, intake).unwrap());
    moved(&mut c, "a deleted intake");
    programmes::set_policies(&mut c, programme, &[]).unwrap();
    moved(&mut c, "a policy withdrawn");
    diesel::sql_query("DELETE FROM programmes").execute(&mut c).unwrap();
    moved(&mut c, "a deleted programme");
    // Writes elsewhere leave it alone: the cache is not emptied for nothing.
    lantoa_store::settings::set(&mut c, "unrelated", "1").unwrap();
    assert_eq!(programmes::directory_version(&mut c).unwrap(), last);
});
