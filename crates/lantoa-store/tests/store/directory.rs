use chrono::{NaiveDate, NaiveDateTime};
use lantoa_store::institutions::{self, InstitutionFilter, ProfileFields};
use lantoa_store::occupations::{self, OccupationFields, OccupationFilter, search_words};
use lantoa_store::orgs::{self, OrgFields};
use lantoa_store::{PageRequest, both_engines, write_tx};

fn now() -> NaiveDateTime {
    NaiveDate::from_ymd_opt(2026, 11, 26)
        .unwrap()
        .and_hms_opt(9, 0, 0)
        .unwrap()
}

#[test]
fn search_words_are_folded_bounded_and_free_of_wildcards() {
    assert_eq!(
        search_words("Điện  CÔNG nghiệp"),
        ["dien", "cong", "nghiep"]
    );
    assert_eq!(search_words("kĩ thuật"), search_words("kỹ thuật"));
    assert_eq!(search_words("50%_off"), ["50off"]);
    assert_eq!(search_words(&"a ".repeat(1000)).len(), 8);
    assert_eq!(search_words(&"x".repeat(500))[0].len(), 60);
}

both_engines!(fn uncoded_courses_share_no_code_and_lists_sort_by_the_vietnamese_alphabet(db) {
    let mut c = db.conn().unwrap();
    let course = |name: &str| OccupationFields { level: "elementary".into(), name: name.into(), ..OccupationFields::default() };
    // Two sơ cấp courses: NULL codes never collide on the unique index.
    occupations::insert(&mut c, "dien-dan-dung-so-cap", &course("Điện dân dụng"), now()).unwrap();
    occupations::insert(&mut c, "dan-lat-so-cap", &course("Đan lát"), now()).unwrap();
    occupations::insert(&mut c, "duoc-cao-dang", &OccupationFields { level: "college".into(), code: Some("6720201".into()), name: "Dược".into(), ..OccupationFields::default() }, now()).unwrap();
    let dup = occupations::insert(&mut c, "duoc-2", &OccupationFields { level: "college".into(), code: Some("6720201".into()), name: "Dược 2".into(), ..OccupationFields::default() }, now());
    assert!(dup.unwrap_err().is_unique_violation());
    let page = occupations::list(&mut c, &OccupationFilter::default(), PageRequest::new(1, 10)).unwrap();
    let names: Vec<&str> = page.items.iter().map(|o| o.name.as_str()).collect();
    assert_eq!(names, ["Dược", "Đan lát", "Điện dân dụng"]);
    let found = occupations::list(&mut c, &OccupationFilter { query: Some("dan".into()), ..OccupationFilter::default() }, PageRequest::new(1, 10)).unwrap();
    assert_eq!(found.total, 2);
    assert!(occupations::uncoded_by_name(&mut c, "elementary", "Đan lát").unwrap().is_some());
    assert!(occupations::uncoded_by_name(&mut c, "college", "Đan lát").unwrap().is_none());
});

both_engines!(fn a_profile_is_saved_once_per_institution_and_filters_the_list(db) {
    let mut c = db.conn().unwrap();
    let org = orgs::insert(&mut c, &OrgFields { slug: "truong-a".into(), kind: "institution".into(), name: "Trường A".into(), short_name: "A".into(), ..OrgFields::default() }, now()).unwrap();
    orgs::insert(&mut c, &OrgFields { slug: "truong-b".into(), kind: "institution".into(), name: "Trường B".into(), short_name: "B".into(), ..OrgFields::default() }, now()).unwrap();
    let f = ProfileFields { institution_type: "college".into(), ownership: "public".into(), lat_e6: Some(10_012_500), lon_e6: Some(105_080_900) };
    write_tx(&mut c, |c| institutions::save_profile(c, org, &f, None, now())).unwrap();
    let g = ProfileFields { ownership: "private".into(), lat_e6: None, lon_e6: None, ..f.clone() };
    write_tx(&mut c, |c| institutions::save_profile(c, org, &g, None, now())).unwrap();
    let p = institutions::profile(&mut c, org).unwrap().unwrap();
    assert_eq!((p.ownership.as_str(), p.lat_e6), ("private", None));
    let all = institutions::list(&mut c, &InstitutionFilter::default(), PageRequest::new(1, 10)).unwrap();
    assert_eq!(all.total, 2, "institutions without a profile are listed too");
    assert!(all.items[1].1.is_none());
    let private = institutions::list(&mut c, &InstitutionFilter { ownership: Some("private".into()), ..InstitutionFilter::default() }, PageRequest::new(1, 10)).unwrap();
    assert_eq!((private.total, private.items[0].0.slug.as_str()), (1, "truong-a"));
});
