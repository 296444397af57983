use std::sync::Arc;

use chrono::NaiveDate;
use lantoa_app::audit::Actor;
use lantoa_app::institutions::{self, InstitutionQuery, ProfileForm};
use lantoa_app::occupations::{self, ImportReport, OccupationInput, OccupationQuery};
use lantoa_app::{App, AuthConfig, Error, FixedClock, RequestMeta};
use lantoa_domain::access::{OrgRole, Principal};
use lantoa_domain::directory::{InstitutionType, Level};
use lantoa_domain::{OrgId, UserId};
use lantoa_store::{PageRequest, both_engines, orgs};

fn app(db: lantoa_store::Db) -> App {
    let now = NaiveDate::from_ymd_opt(2026, 11, 26)
        .unwrap()
        .and_hms_opt(2, 0, 0)
        .unwrap();
    App::new(db, Arc::new(FixedClock::new(now)), AuthConfig::for_tests()).unwrap()
}

fn import(app: &App, c: &mut lantoa_store::Conn, csv: &str) -> lantoa_app::Result<ImportReport> {
    occupations::import_csv(app, c, &Actor::system("test"), csv.as_bytes(), &mut |_| {})
}

fn names(app: &App, c: &mut lantoa_store::Conn, q: OccupationQuery) -> Vec<String> {
    let _ = app;
    occupations::list(c, &q, PageRequest::new(1, 100))
        .unwrap()
        .items
        .into_iter()
        .map(|o| format!("{} ({})", o.name, o.level))
        .collect()
}

#[test]
fn a_code_must_match_its_level_and_sơ_cấp_has_none() {
    let input = |code: &str, level: &str| OccupationInput {
        code: code.into(),
        level: level.into(),
        name_vi: "Hàn".into(),
        ..OccupationInput::default()
    };
    assert!(occupations::validate(&input("6520123", "cao_dang")).is_ok());
    let Err(Error::Invalid(f)) = occupations::validate(&input("5520123", "cao_dang")) else {
        panic!("refused")
    };
    assert_eq!(
        f.get("code"),
        Some("Mã ngành, nghề trình độ cao đẳng phải bắt đầu bằng chữ số 6.")
    );
    let Err(Error::Invalid(f)) = occupations::validate(&input("5520123", "so_cap")) else {
        panic!("refused")
    };
    assert!(f.get("code").unwrap().contains("không có mã"));
    let Err(Error::Invalid(f)) = occupations::validate(&input("", "đại học")) else {
        panic!("refused")
    };
    assert_eq!(
        f.get("level"),
        Some("Trình độ phải là sơ cấp, trung cấp hoặc cao đẳng.")
    );
    // A demand label needs its source and date.
    let Err(Error::Invalid(f)) = occupations::validate(&OccupationInput {
        demand: "cao".into(),
        ..input("6520123", "cao_dang")
    }) else {
        panic!("refused")
    };
    assert!(f.get("demand_source").is_some() && f.get("demand_date").is_some());
    // Legacy-encoded (TCVN3) names are converted, RIASEC is upper-cased.
    let f = occupations::validate(&OccupationInput {
        name_vi: "§iÖn c«ng nghiÖp".into(),
        riasec: "ric".into(),
        ..input("6520227", "cao_dang")
    })
    .unwrap();
    assert_eq!(
        (f.name.as_str(), f.riasec.as_str()),
        ("Điện công nghiệp", "RIC")
    );
}

const GOOD: &str = "code,level,name_vi,group,riasec\n\
6520227,cao_dang,Điện công nghiệp,Kỹ thuật,RIC\n\
5520227,trung_cap,Điện công nghiệp,Kỹ thuật,RC\n\
,so_cap,Kỹ thuật nuôi tôm nước lợ,\"Nông, lâm nghiệp và thủy sản\",RIC\n";

both_engines!(fn importing_twice_changes_nothing_and_bad_lines_are_reported(db) {
    let app = app(db.clone());
    let mut c = db.conn().unwrap();
    let first = import(&app, &mut c, GOOD).unwrap();
    assert_eq!((first.rows, first.created, first.updated, first.unchanged), (3, 3, 0, 0));
    assert!(first.rejected.is_empty());
    let again = import(&app, &mut c, GOOD).unwrap();
    assert_eq!((again.created, again.updated, again.unchanged), (0, 0, 3));
    assert_eq!(lantoa_store::occupations::count(&mut c).unwrap(), 3);
    let shrimp = lantoa_store::occupations::by_slug(&mut c, "ky-thuat-nuoi-tom-nuoc-lo-so-cap").unwrap().unwrap();
    assert_eq!((shrimp.code, shrimp.level.as_str()), (None, "elementary"));

    // A file of codes and names only updates the names and keeps the rest as stored;
    // the sơ cấp course is recognised by its level and name.
    let renamed = "code,level,name_vi\n6520227,cao_dang,Điện công nghiệp (hệ chính quy)\n,so_cap,Kỹ thuật nuôi tôm nước lợ\n";
    let r = import(&app, &mut c, renamed).unwrap();
    assert_eq!((r.created, r.updated, r.unchanged), (0, 1, 1));
    let row = lantoa_store::occupations::by_code(&mut c, "6520227").unwrap().unwrap();
    assert_eq!((row.name.as_str(), row.riasec.as_str(), row.group_name.as_str()), ("Điện công nghiệp (hệ chính quy)", "RIC", "Kỹ thuật"));
    assert_eq!(row.slug, "dien-cong-nghiep-cao-dang", "the address stays when the name changes");

    // Good lines go in, bad ones are listed with their line numbers, columns and reasons.
    let mixed = "code,level,name_vi,riasec\n\
6480201,cao_dang,Công nghệ thông tin,IRC\n\
6480202,trung_cap,Công nghệ thông tin (ứng dụng phần mềm),\n\
\"6340301\",\"cao_dang\",\"Kế toán, kiểm toán\n(nhiều dòng)\",CE\n\
123,cao_dang,,\n\
,so_cap,May công nghiệp,RXZ\n\
6480201,cao_dang,Công nghệ thông tin,IRC\n\
5340302,trung_cap\n";
    let r = import(&app, &mut c, mixed).unwrap();
    assert_eq!((r.rows, r.created), (7, 2));
    let got: Vec<(u64, &str)> = r.rejected.iter().map(|x| (x.line, x.field.as_str())).collect();
    assert_eq!(got, [(3, "code"), (6, "code"), (6, "name_vi"), (7, "riasec"), (8, "code"), (9, "")]);
    assert_eq!(r.rejected[0].reason, "Mã ngành, nghề trình độ trung cấp phải bắt đầu bằng chữ số 5.");
    assert_eq!(r.rejected[4].reason, "Trùng với dòng 2: mỗi ngành, nghề chỉ ghi một lần.");
    assert!(r.rejected[5].reason.starts_with("Dòng có 2 cột, dòng tiêu đề có 4 cột"));
    assert_eq!(occupations::rejected_line_count(&r), 5);
    let accounting = lantoa_store::occupations::by_code(&mut c, "6340301").unwrap().unwrap();
    assert_eq!(accounting.name, "Kế toán, kiểm toán (nhiều dòng)", "a quoted multi-line name is one line of text");

    // A header without a required column, or with an unknown one, is refused whole.
    let before = lantoa_store::occupations::count(&mut c).unwrap();
    let Err(Error::InvalidFile(problems)) = import(&app, &mut c, "ma,level,name_vi\n6999999,cao_dang,X\n") else { panic!("refused") };
    assert_eq!(problems.len(), 2, "{problems:?}");
    assert!(problems.iter().any(|p| p == "Thiếu cột bắt buộc “code” trong dòng tiêu đề."));
    assert_eq!(lantoa_store::occupations::count(&mut c).unwrap(), before);
});

both_engines!(fn search_ignores_diacritics_and_lists_follow_the_vietnamese_alphabet(db) {
    let app = app(db.clone());
    let mut c = db.conn().unwrap();
    let csv = "code,level,name_vi,group\n\
6520227,cao_dang,Điện công nghiệp,Kỹ thuật\n\
6720201,cao_dang,Dược,Sức khỏe\n\
,so_cap,Ăn uống gia đình,Du lịch\n\
,so_cap,An toàn lao động,Kỹ thuật\n\
6340101,cao_dang,Quản trị kinh doanh,Kinh doanh và quản lý\n\
6520263,cao_dang,Cơ điện tử,Kỹ thuật\n\
6510216,cao_dang,Công nghệ ô tô,Công nghệ kỹ thuật\n\
6620302,cao_dang,Chế biến và bảo quản thủy sản,\"Nông, lâm nghiệp và thủy sản\"\n";
    assert!(import(&app, &mut c, csv).unwrap().rejected.is_empty());
    let all = names(&app, &mut c, OccupationQuery::default());
    assert_eq!(all, [
        "An toàn lao động (elementary)",
        "Ăn uống gia đình (elementary)",
        "Chế biến và bảo quản thủy sản (college)",
        "Công nghệ ô tô (college)",
        "Cơ điện tử (college)",
        "Dược (college)",
        "Điện công nghiệp (college)",
        "Quản trị kinh doanh (college)",
    ], "a ă â … c … d đ, o ô ơ: not code-point order");
    // Without diacritics, in capitals, with the other tone placement.
    for q in ["dien cong nghiep", "ĐIỆN CÔNG", "dien"] {
        let found = names(&app, &mut c, OccupationQuery::new(q, "", ""));
        assert!(found.contains(&"Điện công nghiệp (college)".to_owned()), "{q}: {found:?}");
    }
    assert_eq!(names(&app, &mut c, OccupationQuery::new("thuy san", "", "")), ["Chế biến và bảo quản thủy sản (college)"]);
    assert_eq!(names(&app, &mut c, OccupationQuery::new("thuỷ sản", "", "")).len(), 1);
    assert_eq!(names(&app, &mut c, OccupationQuery::new("6520", "", "")).len(), 2, "by code");
    // Filters by level and group.
    assert_eq!(names(&app, &mut c, OccupationQuery::new("", "so-cap", "")).len(), 2);
    assert_eq!(names(&app, &mut c, OccupationQuery::new("", "", "Kỹ thuật")).len(), 3);
    assert_eq!(OccupationQuery::new("", "so-cap", "").level, Some(Level::Elementary));
    // A pasted essay is cut, not turned into a query the database refuses.
    let essay = "đào tạo nghề ".repeat(200);
    assert!(names(&app, &mut c, OccupationQuery::new(&essay, "", "")).is_empty());
    let wild = names(&app, &mut c, OccupationQuery::new("%_%", "", ""));
    assert_eq!(wild.len(), 8, "LIKE wildcards are not special");
    let groups = occupations::groups(&mut c).unwrap();
    assert_eq!(groups.first().map(|g| g.0.as_str()), Some("Công nghệ kỹ thuật"));
    assert!(groups.contains(&("Kỹ thuật".to_owned(), 3)));
});

both_engines!(fn the_demo_loads_the_sample_occupations_once(db) {
    let app = app(db.clone());
    let mut c = db.conn().unwrap();
    let first = lantoa_app::demo::seed(&app, &mut c).unwrap();
    assert!(first.occupations >= 46, "{}", first.occupations);
    assert!(first.profiles >= 6);
    let second = lantoa_app::demo::seed(&app, &mut c).unwrap();
    assert_eq!((second.occupations, second.profiles), (0, 0));
    let v = occupations::view(&mut c, "dien-cong-nghiep-cao-dang").unwrap();
    assert_eq!(v.related.first().map(|r| r.slug.as_str()), Some("dien-cong-nghiep-trung-cap"));
    assert!(matches!(occupations::view(&mut c, "khong-co"), Err(Error::NotFound)));
});

fn person(memberships: Vec<(OrgId, OrgRole)>, admin: bool, owner: bool) -> Principal {
    Principal {
        user: UserId(1),
        email: "p@x.vn".into(),
        display_name: "P".into(),
        is_system_admin: admin,
        is_plan_owner: owner,
        memberships,
    }
}

both_engines!(fn institutions_edit_their_own_profile_and_the_public_sees_current_ones(db) {
    let app = app(db.clone());
    let mut c = db.conn().unwrap();
    lantoa_app::demo::seed(&app, &mut c).unwrap();
    let id = |c: &mut lantoa_store::Conn, slug: &str| orgs::by_slug(c, slug).unwrap().unwrap().org_id();
    let college = id(&mut c, "truong-cao-dang-kien-giang");
    let um = id(&mut c, "truong-trung-cap-nghe-u-minh-thuong");
    let paper = id(&mut c, "bao-kien-giang");
    let meta = RequestMeta::default();
    let form = ProfileForm { institution_type: "college".into(), ownership: "public".into(), lat: "10,0167".into(), lon: "105.09".into() };

    let own = person(vec![(college, OrgRole::OrgAdmin)], false, false);
    institutions::update_profile(&app, &mut c, own.admin_of(college).unwrap(), &form, &meta).unwrap();
    let (_, p) = institutions::profile(&mut c, own.reader_of(college).unwrap()).unwrap();
    let p = p.unwrap();
    assert_eq!((p.lat_e6, p.lon_e6, p.updated_by), (Some(10_016_700), Some(105_090_000), Some(1)));
    // Not another institution's, not as an editor; the plan owner reads but cannot edit.
    assert!(own.admin_of(um).is_err());
    assert!(person(vec![(college, OrgRole::Editor)], false, false).admin_of(college).is_err());
    let owner = person(vec![], false, true);
    assert!(owner.admin_of(college).is_err());
    let seen = institutions::back_office_list(&mut c, &owner, PageRequest::new(1, 100)).unwrap();
    assert!(seen.total >= 8 && seen.items.iter().all(|(_, editable)| !editable));
    let mine = institutions::back_office_list(&mut c, &own, PageRequest::new(1, 100)).unwrap();
    assert_eq!((mine.total, mine.items[0].1), (1, true));
    // A system administrator may; an organisation that is not an institution has no profile.
    let root = person(vec![], true, false);
    assert!(matches!(institutions::update_profile(&app, &mut c, root.admin_of(paper).unwrap(), &form, &meta), Err(Error::NotFound)));
    // Coordinates outside Vietnam, an unknown type.
    let bad = ProfileForm { institution_type: "university".into(), lat: "48.85".into(), lon: "2.35".into(), ..form.clone() };
    let Err(Error::Invalid(f)) = institutions::update_profile(&app, &mut c, root.admin_of(um).unwrap(), &bad, &meta) else { panic!("refused") };
    assert_eq!(f.get("institution_type"), Some("Vui lòng chọn loại hình cơ sở."));
    assert!(f.get("lat").unwrap().contains("ngoài lãnh thổ Việt Nam"));
    assert!(f.get("lon").is_some());

    // The public list: only institutions operating today (the district centres ended 30/6/2025).
    let today = NaiveDate::from_ymd_opt(2026, 11, 26).unwrap();
    let all = institutions::public_list(&mut c, today, &InstitutionQuery::default(), PageRequest::new(1, 100)).unwrap();
    let slugs: Vec<&str> = all.items.iter().map(|(o, _)| o.slug.as_str()).collect();
    assert!(slugs.contains(&"truong-cao-dang-kien-giang") && !slugs.contains(&"trung-tam-gdnn-gdtx-hon-dat"), "{slugs:?}");
    assert!(!slugs.contains(&"bao-kien-giang"));
    let in_2024 = institutions::public_list(&mut c, NaiveDate::from_ymd_opt(2024, 5, 1).unwrap(), &InstitutionQuery::default(), PageRequest::new(1, 100)).unwrap();
    let slugs_2024: Vec<&str> = in_2024.items.iter().map(|(o, _)| o.slug.as_str()).collect();
    assert!(slugs_2024.contains(&"trung-tam-gdnn-gdtx-hon-dat"), "the district centres operated in 2024");
    assert!(!slugs_2024.contains(&"trung-tam-gdnn-gdtx-khu-vuc-giong-rieng"), "the area centres opened on 1/7/2025");
    assert!(slugs.contains(&"trung-tam-gdnn-gdtx-khu-vuc-giong-rieng"));
    let q = |q: &str, t: &str, o: &str, a: &str| InstitutionQuery::new(q, t, o, a);
    let found = institutions::public_list(&mut c, today, &q("cao dang kien giang", "", "", ""), PageRequest::new(1, 10)).unwrap();
    assert_eq!(found.items[0].0.slug, "truong-cao-dang-kien-giang");
    let private = institutions::public_list(&mut c, today, &q("", "", "private", ""), PageRequest::new(1, 10)).unwrap();
    assert_eq!(private.total, 2);
    let colleges = institutions::public_list(&mut c, today, &q("", "college", "", ""), PageRequest::new(1, 10)).unwrap();
    assert!(colleges.items.iter().all(|(_, p)| p.as_ref().unwrap().institution_type == InstitutionType::College.code()));
    let phu_quoc = institutions::public_list(&mut c, today, &q("", "", "", "911"), PageRequest::new(1, 10)).unwrap();
    assert_eq!(phu_quoc.total, 2);
    assert!(institutions::areas(&mut c, today).unwrap().contains(&("911".into(), "Thành phố Phú Quốc".into())));
    // An ended centre still has its page, saying where its duties went.
    let v = institutions::public_view(&mut c, today, "trung-tam-gdnn-gdtx-hon-dat").unwrap();
    assert!(v.ended && v.successors.iter().any(|(s, _, _)| s == "so-gddt-an-giang"));
    assert!(matches!(institutions::public_view(&mut c, today, "bao-kien-giang"), Err(Error::NotFound)));
});
