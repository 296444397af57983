use chrono::{NaiveDate, NaiveDateTime};
use lantoa_domain::OrgId;
use lantoa_domain::org::{Succession, SuccessionKind, duty, holder_on};
use lantoa_store::orgs::{self, OrgFields, OrgFilter};
use lantoa_store::{PageRequest, both_engines};

fn now() -> NaiveDateTime {
    NaiveDate::from_ymd_opt(2026, 11, 26)
        .unwrap()
        .and_hms_opt(9, 0, 0)
        .unwrap()
}

fn fields(slug: &str, name: &str, short: &str) -> OrgFields {
    OrgFields {
        slug: slug.into(),
        kind: "department".into(),
        name: name.into(),
        short_name: short.into(),
        ..OrgFields::default()
    }
}

both_engines!(fn lists_organisations_in_vietnamese_alphabetical_order(db) {
    let mut c = db.conn().unwrap();
    // Inserted out of order; Đ must come after D and before E, Ư after U.
    for (slug, name) in [
        ("tinh-doan", "Tỉnh đoàn Kiên Giang"),
        ("dai-ptth", "Đài Phát thanh và Truyền hình Kiên Giang"),
        ("so-du-lich", "Sở Du lịch"),
        ("bao", "Báo Kiên Giang"),
        ("ubnd-u-minh", "Ủy ban nhân dân huyện U Minh Thượng"),
        ("so-dan-toc", "Ban Dân tộc"),
    ] {
        orgs::insert(&mut c, &fields(slug, name, name), now()).unwrap();
    }
    let page = orgs::list(&mut c, &OrgFilter::default(), PageRequest::new(1, 50)).unwrap();
    let names: Vec<&str> = page.items.iter().map(|o| o.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "Ban Dân tộc",
            "Báo Kiên Giang",
            "Đài Phát thanh và Truyền hình Kiên Giang",
            "Sở Du lịch",
            "Tỉnh đoàn Kiên Giang",
            "Ủy ban nhân dân huyện U Minh Thượng",
        ]
    );
    assert_eq!(page.total, 6);
});

both_engines!(fn finds_organisations_without_diacritics_and_paginates(db) {
    let mut c = db.conn().unwrap();
    for i in 0..25 {
        let name = format!("Trường Trung cấp số {i:02}");
        orgs::insert(&mut c, &fields(&format!("truong-{i}"), &name, &name), now()).unwrap();
    }
    orgs::insert(&mut c, &fields("so-ldtbxh", "Sở Lao động - Thương binh và Xã hội", "Sở LĐTBXH"), now()).unwrap();
    let filter = OrgFilter { query: Some("so lao dong".into()), ..OrgFilter::default() };
    let found = orgs::list(&mut c, &filter, PageRequest::new(1, 10)).unwrap();
    assert_eq!(found.total, 1);
    assert_eq!(found.items[0].short_name, "Sở LĐTBXH");

    let filter = OrgFilter { query: Some("TRƯỜNG".into()), ..OrgFilter::default() };
    let second = orgs::list(&mut c, &filter, PageRequest::new(2, 10)).unwrap();
    assert_eq!((second.total, second.items.len(), second.page_count()), (25, 10, 3));
    assert_eq!(second.items[0].name, "Trường Trung cấp số 10");
});

both_engines!(fn a_duplicate_slug_is_refused_and_nothing_is_written(db) {
    let mut c = db.conn().unwrap();
    orgs::insert(&mut c, &fields("so-gddt", "Sở Giáo dục và Đào tạo", "Sở GDĐT"), now()).unwrap();
    let err = orgs::insert(&mut c, &fields("so-gddt", "Khác", "Khác"), now()).unwrap_err();
    assert!(err.is_unique_violation(), "{err}");
    assert_eq!(orgs::count(&mut c).unwrap(), 1);
});

both_engines!(fn successions_are_stored_and_resolve_the_current_holder(db) {
    let mut c = db.conn().unwrap();
    let labour = orgs::insert(&mut c, &fields("so-ldtbxh", "Sở Lao động - Thương binh và Xã hội", "Sở LĐTBXH"), now()).unwrap();
    let edu = orgs::insert(&mut c, &fields("so-gddt", "Sở Giáo dục và Đào tạo", "Sở GDĐT"), now()).unwrap();
    let home = orgs::insert(&mut c, &fields("so-noi-vu", "Sở Nội vụ", "Sở NV"), now()).unwrap();
    let on = NaiveDate::from_ymd_opt(2025, 3, 1).unwrap();
    for (to, kind, d) in [(edu, SuccessionKind::TransferDuties, Some(duty::VET.to_string())), (home, SuccessionKind::Merge, None)] {
        orgs::insert_succession(&mut c, &Succession { predecessor: labour, successor: to, kind, duty: d, effective_on: on }, "").unwrap();
    }
    let edges: Vec<_> = orgs::all_successions(&mut c).unwrap().iter().filter_map(|r| r.to_domain()).collect();
    assert_eq!(edges.len(), 2);
    let later = NaiveDate::from_ymd_opt(2025, 6, 20).unwrap();
    assert_eq!(holder_on(labour, later, Some(duty::VET), &edges), edu);
    assert_eq!(holder_on(labour, later, None, &edges), home);
    assert_eq!(orgs::successions_of(&mut c, edu).unwrap().len(), 1);
    assert_eq!(holder_on(OrgId(999), later, None, &edges), OrgId(999));
});

both_engines!(fn filters_by_validity_date(db) {
    let mut c = db.conn().unwrap();
    let mut district = fields("ubnd-hon-dat", "UBND huyện Hòn Đất", "UBND Hòn Đất");
    district.valid_to = NaiveDate::from_ymd_opt(2025, 6, 30);
    orgs::insert(&mut c, &district, now()).unwrap();
    let mut commune = fields("ubnd-xa-hon-dat", "UBND xã Hòn Đất", "UBND xã Hòn Đất");
    commune.valid_from = NaiveDate::from_ymd_opt(2025, 7, 1);
    orgs::insert(&mut c, &commune, now()).unwrap();
    let on = |y, m, d| OrgFilter { valid_on: NaiveDate::from_ymd_opt(y, m, d), ..OrgFilter::default() };
    let names = |f: OrgFilter, c: &mut lantoa_store::Conn| -> Vec<String> {
        orgs::list(c, &f, PageRequest::new(1, 10)).unwrap().items.into_iter().map(|o| o.slug).collect()
    };
    assert_eq!(names(on(2024, 11, 20), &mut c), ["ubnd-hon-dat"]);
    assert_eq!(names(on(2025, 6, 30), &mut c), ["ubnd-hon-dat"]);
    assert_eq!(names(on(2025, 7, 1), &mut c), ["ubnd-xa-hon-dat"]);
});
