use std::sync::Arc;

use chrono::{Duration, NaiveDate};
use lantoa_app::programmes::{self, IntakeForm, ProgrammeForm, ProgrammeQuery, PublicProgramme};
use lantoa_app::{App, AuthConfig, Error, FixedClock, RequestMeta};
use lantoa_domain::access::{OrgRole, Principal};
use lantoa_domain::programme::IntakeState;
use lantoa_domain::{OrgId, UserId};
use lantoa_store::{PageRequest, both_engines, occupations, orgs, programmes as store};

/// 09:00 on 26/11/2026 in Vietnam.
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

fn member(org: OrgId, role: OrgRole) -> Principal {
    Principal {
        user: UserId(1),
        email: format!("{}@x.vn", role.code()),
        display_name: "P".into(),
        is_system_admin: false,
        is_plan_owner: false,
        memberships: vec![(org, role)],
    }
}

fn org(c: &mut lantoa_store::Conn, slug: &str) -> OrgId {
    orgs::by_slug(c, slug).unwrap().unwrap().org_id()
}

fn list(app: &App, c: &mut lantoa_store::Conn, q: &ProgrammeQuery) -> Vec<PublicProgramme> {
    programmes::public_list(c, app.clock.today(), q, PageRequest::new(1, 200))
        .unwrap()
        .items
}

fn slugs(items: &[PublicProgramme]) -> Vec<String> {
    items.iter().map(|p| p.programme.slug.clone()).collect()
}

fn query(q: &str, level: &str, group: &str, area: &str, kind: &str, open: &str) -> ProgrammeQuery {
    ProgrammeQuery::new(q, level, group, area, kind, open)
}

fn audit_actions(c: &mut lantoa_store::Conn) -> Vec<String> {
    lantoa_store::audit::list(c, &Default::default(), PageRequest::new(1, 500))
        .unwrap()
        .items
        .into_iter()
        .map(|a| a.action)
        .collect()
}

const UM_ELECTRICAL: &str = "dien-cong-nghiep-trung-cap-tc-nghe-u-minh-thuong";
const UM_WELDING: &str = "han-trung-cap-tc-nghe-u-minh-thuong";
const UM_CARS: &str = "cong-nghe-o-to-trung-cap-tc-nghe-u-minh-thuong";

both_engines!(fn open_intakes_follow_the_app_clock_in_vietnamese_time(db) {
    let clock = clock();
    let (app, mut c) = seeded(db, clock.clone());
    let open = query("", "", "", "", "", "1");
    // 26/11: the electrical programme's supplementary round closes today (included); the
    // cars programme's next round opens tomorrow; welding is in both rounds.
    let today = slugs(&list(&app, &mut c, &open));
    assert!(today.contains(&UM_ELECTRICAL.to_owned()) && today.contains(&UM_WELDING.to_owned()));
    assert!(!today.contains(&UM_CARS.to_owned()));
    let cars = programmes::public_view(&mut c, app.clock.today(), UM_CARS).unwrap();
    assert!(!cars.p.open_now());
    assert_eq!(cars.p.next_opens(), NaiveDate::from_ymd_opt(2026, 11, 27));
    assert_eq!(cars.p.intakes[0].1, IntakeState::Upcoming);

    // 23:00 in Vietnam (16:00 UTC) is still the 26th.
    clock.advance(Duration::hours(14));
    assert!(slugs(&list(&app, &mut c, &open)).contains(&UM_ELECTRICAL.to_owned()));
    // Midnight in Vietnam: the 27th.
    clock.advance(Duration::hours(1));
    let tomorrow = slugs(&list(&app, &mut c, &open));
    assert!(!tomorrow.contains(&UM_ELECTRICAL.to_owned()), "its round closed yesterday");
    assert!(tomorrow.contains(&UM_WELDING.to_owned()) && tomorrow.contains(&UM_CARS.to_owned()));
    let electrical = programmes::public_view(&mut c, app.clock.today(), UM_ELECTRICAL).unwrap();
    assert!(electrical.p.intakes.iter().all(|(_, s)| *s == IntakeState::Closed));
    assert_eq!(electrical.p.open_until(), None);
    // Every open programme really has an intake open today.
    let day = app.clock.today();
    for p in list(&app, &mut c, &open) {
        assert!(p.intakes.iter().any(|(i, _)| i.opens_on <= day && day <= i.closes_on), "{}", p.programme.slug);
    }
});

both_engines!(fn the_public_list_filters_by_group_level_area_type_and_words(db) {
    let (app, mut c) = seeded(db, clock());
    let all = list(&app, &mut c, &ProgrammeQuery::default());
    assert!(all.len() >= 60, "{}", all.len());
    assert!(!slugs(&all).iter().any(|s| s.starts_with("thu-ky-van-phong-trung-cap-tc-du-lich-dao-ngoc")), "unpublished programmes stay out");
    // Occupation order (Vietnamese alphabet), then institution.
    let first: Vec<&str> = all.iter().take(3).map(|p| p.occupation.name.as_str()).collect();
    assert_eq!(first, ["Bảo vệ thực vật", "Chế biến hải sản khô", "Chế biến hải sản khô"]);

    let short = list(&app, &mut c, &query("", "so-cap", "", "", "", ""));
    assert!(short.len() >= 20 && short.iter().all(|p| p.programme.level == "elementary"));
    let health = list(&app, &mut c, &query("", "", "Sức khỏe", "", "", ""));
    let mut names: Vec<&str> = health.iter().map(|p| p.occupation.name.as_str()).collect();
    names.sort_unstable();
    assert_eq!(names, ["Dược", "Điều dưỡng"]);
    // The area is the programme's own place when it has one (Hòn Đất campus, a farm area),
    // else its institution's.
    let hon_dat = list(&app, &mut c, &query("", "", "", "903", "", ""));
    assert_eq!(hon_dat.len(), 3);
    assert!(hon_dat.iter().all(|p| p.programme.admin_unit_code.as_deref() == Some("903")));
    let u_minh = list(&app, &mut c, &query("", "", "", "913", "", ""));
    assert!(u_minh.len() >= 8 && u_minh.iter().all(|p| p.institution.slug == "truong-trung-cap-nghe-u-minh-thuong"));
    let centres = list(&app, &mut c, &query("", "", "", "", "centre", ""));
    assert_eq!(centres.len(), 11);
    assert!(centres.iter().all(|p| p.profile.as_ref().unwrap().institution_type == "centre"));
    // Without diacritics, in the occupation or the institution or the place.
    let electrical = list(&app, &mut c, &query("dien cong nghiep", "", "", "", "", ""));
    assert_eq!(electrical.len(), 4);
    assert!(electrical.iter().all(|p| p.occupation.name == "Điện công nghiệp"));
    let phu_quoc = list(&app, &mut c, &query("PHÚ QUỐC", "trung-cap", "", "", "", ""));
    assert_eq!(phu_quoc.len(), 4, "{:?}", slugs(&phu_quoc));
    assert!(phu_quoc.iter().all(|p| p.institution.slug == "truong-nghe-viet-han-phu-quoc"));
    assert!(list(&app, &mut c, &query("phi hanh gia", "", "", "", "", "")).is_empty());
    // Combined: short courses open now at centres.
    let now = list(&app, &mut c, &query("", "so-cap", "", "", "centre", "1"));
    assert!(!now.is_empty() && now.iter().all(|p| p.open_now() && p.programme.level == "elementary"));

    // Policies shown are the ones linked, and in force today.
    let nine = programmes::public_view(&mut c, app.clock.today(), "dien-cong-nghiep-trung-cap-cd-kien-giang").unwrap();
    assert!(nine.p.programme.model_9plus);
    assert!(nine.p.policies.iter().any(|p| p.slug == "mien-hoc-phi-tot-nghiep-thcs-hoc-trung-cap"));
    assert_eq!(nine.area.as_deref(), Some("Thành phố Rạch Giá"));
    assert!(matches!(programmes::public_view(&mut c, app.clock.today(), "khong-co"), Err(Error::NotFound)));

    // Comparison: in the order asked, unknown codes reported.
    let asked = programmes::compare_slugs(&[UM_CARS.into(), "khong-co".into(), UM_WELDING.into(), UM_CARS.into()]);
    let (found, missing) = programmes::public_by_slugs(&mut c, app.clock.today(), &asked).unwrap();
    assert_eq!(found.iter().map(|v| v.p.programme.slug.as_str()).collect::<Vec<_>>(), [UM_CARS, UM_WELDING]);
    assert_eq!(missing, ["khong-co"]);
});

fn good_form(c: &mut lantoa_store::Conn, institution: OrgId, occupation: &str) -> ProgrammeForm {
    let occupation = occupations::by_slug(c, occupation).unwrap().unwrap();
    ProgrammeForm {
        institution_id: institution.0.to_string(),
        occupation_id: occupation.id.to_string(),
        mode: "work_study".into(),
        duration_months: "30".into(),
        fee_per_year: "10.500.000".into(),
        quota: "40".into(),
        entry_education: "upper_secondary".into(),
        entry_requirements: "Tốt nghiệp THPT.".into(),
        is_published: true,
        ..ProgrammeForm::default()
    }
}

both_engines!(fn programmes_and_intakes_are_checked_with_vietnamese_messages(db) {
    let (app, mut c) = seeded(db, clock());
    let college = org(&mut c, "truong-cao-dang-kien-giang");
    let editor = member(college, OrgRole::Editor);
    let meta = RequestMeta::default();

    let empty = ProgrammeForm { institution_id: college.0.to_string(), ..ProgrammeForm::default() };
    let Err(Error::Invalid(f)) = programmes::create(&app, &mut c, &editor, &empty, &meta) else { panic!("refused") };
    assert_eq!(f.get("occupation_id"), Some("Vui lòng chọn ngành, nghề đào tạo."));
    assert_eq!(f.get("duration_months"), Some("Vui lòng nhập thời gian đào tạo (số tháng)."));
    assert_eq!(f.get("quota"), Some("Vui lòng nhập chỉ tiêu tuyển sinh (số người, có thể là 0)."));
    assert!(f.get("mode").is_some() && f.get("entry_education").is_some());

    let mut bad = good_form(&mut c, college, "han-cao-dang");
    bad.quota = "-5".into();
    bad.fee_per_year = "4,5 triệu".into();
    bad.model_9plus = true;
    let thcs = store::policy_by_slug(&mut c, "mien-hoc-phi-tot-nghiep-thcs-hoc-trung-cap").unwrap().unwrap();
    bad.policies = vec![thcs.id.to_string()];
    let Err(Error::Invalid(f)) = programmes::create(&app, &mut c, &editor, &bad, &meta) else { panic!("refused") };
    assert_eq!(f.get("quota"), Some("Chỉ tiêu không được là số âm."));
    assert!(f.get("fee_per_year").unwrap().starts_with("Học phí là số đồng mỗi năm"));
    assert_eq!(f.get("model_9plus"), Some("Mô hình 9+ dành cho chương trình trung cấp tuyển học sinh tốt nghiệp THCS (lớp 9)."));
    assert_eq!(
        f.get("policies"),
        Some("Chính sách “Miễn học phí cho người tốt nghiệp THCS học trung cấp” chỉ áp dụng cho trình độ trung cấp; người tốt nghiệp THCS (lớp 9); chương trình này không thuộc diện đó.")
    );

    // A good one: its slug names occupation, institution and mode; the audit log has it.
    let before = store::count(&mut c).unwrap();
    let form = good_form(&mut c, college, "han-cao-dang");
    let id = programmes::create(&app, &mut c, &editor, &form, &meta).unwrap();
    assert_eq!(store::count(&mut c).unwrap(), before + 1);
    let row = store::get(&mut c, id).unwrap().unwrap();
    assert_eq!(row.slug, "han-cao-dang-cd-kien-giang-vua-lam-vua-hoc");
    assert_eq!((row.level.as_str(), row.fee_per_year, row.quota), ("college", Some(10_500_000), 40));
    assert!(audit_actions(&mut c).contains(&"programme.create".to_owned()));

    // Intakes: dates must run forwards, the quota fits the programme's.
    let intake = |name: &str, opens: &str, closes: &str, start: &str, quota: &str| IntakeForm {
        name: name.into(), opens_on: opens.into(), closes_on: closes.into(),
        classes_start_on: start.into(), quota: quota.into(), note: String::new(),
    };
    let Err(Error::Invalid(f)) = programmes::create_intake(&app, &mut c, &editor, id, &intake("", "2026-12-10", "01/12/2026", "2026-11-30", "41"), &meta) else { panic!("refused") };
    assert_eq!(f.get("name"), Some("Vui lòng đặt tên đợt tuyển sinh, ví dụ: Đợt 2 năm 2026."));
    assert_eq!(f.get("closes_on"), Some("Ngày kết thúc nhận hồ sơ phải bằng hoặc sau ngày bắt đầu nhận hồ sơ."));
    assert_eq!(f.get("classes_start_on"), Some("Ngày khai giảng phải bằng hoặc sau ngày bắt đầu nhận hồ sơ."));
    assert_eq!(f.get("quota"), Some("Chỉ tiêu của đợt không vượt quá chỉ tiêu của chương trình (40)."));
    let Err(Error::Invalid(f)) = programmes::create_intake(&app, &mut c, &editor, id, &intake("Đợt 4", "", "31/02/2026", "", "-1"), &meta) else { panic!("refused") };
    assert_eq!(f.get("opens_on"), Some("Vui lòng nhập ngày bắt đầu nhận hồ sơ."));
    assert!(f.get("closes_on").unwrap().starts_with("Ngày chưa đúng"));
    assert_eq!(f.get("quota"), Some("Chỉ tiêu không được là số âm."));

    let iid = programmes::create_intake(&app, &mut c, &editor, id, &intake("Đợt 4 năm 2026", "20/11/2026", "2026-12-20", "", "20"), &meta).unwrap();
    let v = programmes::public_view(&mut c, app.clock.today(), &row.slug).unwrap();
    assert_eq!(v.p.open_until(), NaiveDate::from_ymd_opt(2026, 12, 20));
    let pid = programmes::delete_intake(&app, &mut c, &editor, iid, &meta).unwrap();
    assert_eq!(pid, id);
    assert!(store::intake(&mut c, iid).unwrap().is_none());
    let actions = audit_actions(&mut c);
    assert!(actions.contains(&"intake.create".to_owned()) && actions.contains(&"intake.delete".to_owned()));
});

both_engines!(fn only_an_institutions_own_editors_change_its_programmes(db) {
    let (app, mut c) = seeded(db, clock());
    let college = org(&mut c, "truong-cao-dang-kien-giang");
    let um = org(&mut c, "truong-trung-cap-nghe-u-minh-thuong");
    let paper = org(&mut c, "bao-kien-giang");
    let ended = org(&mut c, "trung-tam-gdnn-gdtx-hon-dat");
    let meta = RequestMeta::default();
    let theirs = store::by_slug(&mut c, "dien-cong-nghiep-cao-dang-cd-kien-giang").unwrap().unwrap();
    let their_intake = store::intakes_for(&mut c, &[theirs.id]).unwrap()[0].id;
    let form = ProgrammeForm::from_row(&theirs, &[]);
    let intake = IntakeForm { name: "Đợt X".into(), opens_on: "2026-12-01".into(), closes_on: "2026-12-31".into(), ..IntakeForm::default() };

    // An editor of another school: no reading, no writing, no creating for the college.
    let other = member(um, OrgRole::Editor);
    assert!(matches!(programmes::admin_view(&app, &mut c, &other, theirs.id), Err(Error::Denied)));
    assert!(matches!(programmes::update(&app, &mut c, &other, theirs.id, &form, &meta), Err(Error::Denied)));
    assert!(matches!(programmes::create_intake(&app, &mut c, &other, theirs.id, &intake, &meta), Err(Error::Denied)));
    assert!(matches!(programmes::update_intake(&app, &mut c, &other, their_intake, &intake, &meta), Err(Error::Denied)));
    assert!(matches!(programmes::delete_intake(&app, &mut c, &other, their_intake, &meta), Err(Error::Denied)));
    let mut for_college = good_form(&mut c, college, "duoc-cao-dang");
    assert!(matches!(programmes::create(&app, &mut c, &other, &for_college, &meta), Err(Error::Denied)));
    assert!(store::intake(&mut c, their_intake).unwrap().is_some());
    // A newspaper's editor: programmes belong to institutions.
    for_college.institution_id = paper.0.to_string();
    assert!(matches!(programmes::create(&app, &mut c, &member(paper, OrgRole::Editor), &for_college, &meta), Err(Error::NotFound)));
    // An institution that has ended takes no new programmes.
    for_college.institution_id = ended.0.to_string();
    let Err(Error::Invalid(f)) = programmes::create(&app, &mut c, &member(ended, OrgRole::Editor), &for_college, &meta) else { panic!("refused") };
    assert!(f.get("institution_id").unwrap().contains("ngừng hoạt động"));

    // The college's viewer reads; its editor writes; each sees only the college's programmes.
    let viewer = member(college, OrgRole::Viewer);
    let v = programmes::admin_view(&app, &mut c, &viewer, theirs.id).unwrap();
    assert!(!v.can_edit && !v.intakes.is_empty());
    assert!(matches!(programmes::update(&app, &mut c, &viewer, theirs.id, &form, &meta), Err(Error::Denied)));
    let editor = member(college, OrgRole::Editor);
    programmes::update(&app, &mut c, &editor, theirs.id, &ProgrammeForm { quota: "95".into(), ..form.clone() }, &meta).unwrap();
    assert_eq!(store::get(&mut c, theirs.id).unwrap().unwrap().quota, 95);
    let mine = programmes::back_office_list(&app, &mut c, &editor, PageRequest::new(1, 100)).unwrap();
    assert_eq!(mine.total, 20);
    assert!(mine.items.iter().all(|i| i.can_edit && i.item.2.id == college.0));
    assert_eq!(programmes::writable_institutions(&mut c, &editor, app.clock.today()).unwrap().len(), 1);

    // The plan owner sees every programme, published or not, and edits none.
    let owner = Principal { is_plan_owner: true, memberships: vec![], ..member(college, OrgRole::Viewer) };
    let seen = programmes::back_office_list(&app, &mut c, &owner, PageRequest::new(1, 200)).unwrap();
    assert_eq!(seen.total, store::count(&mut c).unwrap());
    assert!(seen.items.iter().all(|i| !i.can_edit));
    assert!(seen.items.iter().any(|i| !i.item.0.is_published));
    assert!(matches!(programmes::update(&app, &mut c, &owner, theirs.id, &form, &meta), Err(Error::Denied)));
    assert!(programmes::writable_institutions(&mut c, &owner, app.clock.today()).unwrap().is_empty());
});

both_engines!(fn the_demo_has_sixty_programmes_with_open_intakes_and_seeds_once(db) {
    let (app, mut c) = seeded(db, clock());
    let total = store::count(&mut c).unwrap();
    assert!(total >= 60, "{total}");
    assert!(occupations::count(&mut c).unwrap() >= 40);
    let open = list(&app, &mut c, &query("", "", "", "", "", "1"));
    assert!(open.len() >= 20, "{}", open.len());
    assert!(store::all_policies(&mut c).unwrap().len() >= 5);
    // Every level and every mode is present.
    let all = list(&app, &mut c, &ProgrammeQuery::default());
    for level in ["elementary", "intermediate", "college"] {
        assert!(all.iter().any(|p| p.programme.level == level), "{level}");
    }
    for mode in ["full_time", "work_study", "online"] {
        assert!(all.iter().any(|p| p.programme.mode == mode), "{mode}");
    }
    assert!(all.iter().any(|p| p.programme.model_9plus));
    let again = lantoa_app::demo::seed(&app, &mut c).unwrap();
    assert_eq!(again.programmes, 0);
    assert_eq!(store::count(&mut c).unwrap(), total);
});

both_engines!(fn an_intake_an_application_chose_is_kept_with_a_reason(db) {
    let (app, mut c) = seeded(db, clock());
    let college = org(&mut c, "truong-cao-dang-kien-giang");
    let editor = member(college, OrgRole::Editor);
    let meta = RequestMeta::default();
    // An open intake of the college, chosen by an applicant.
    let open = lantoa_app::applications::open_programmes(&mut c, app.clock.today()).unwrap();
    let chosen = open
        .iter()
        .find(|p| p.programme.institution_id == college.0 && lantoa_store::applications::choices_of_intake(&mut c, p.intake.id).unwrap() == 0)
        .unwrap();
    let (programme_id, intake_id) = (chosen.programme.id, chosen.intake.id);
    assert_eq!(programmes::intake_delete_refusal(&mut c, intake_id).unwrap(), None);
    let form = lantoa_app::applications::ApplicationForm {
        full_name: "Trần Văn Thử".into(),
        birth_date: "12/03/2000".into(),
        phone: "0912345678".into(),
        commune: "Phường Rạch Giá".into(),
        schooling: "thpt".into(),
        choice_1: programme_id.to_string(),
        consent_processing: true,
        ..Default::default()
    };
    lantoa_app::applications::submit(&app, &mut c, &form, &RequestMeta { ip: "203.0.113.9".into(), ..RequestMeta::default() }).unwrap();

    let expected = "Đợt tuyển sinh này đã có 1 hồ sơ đăng ký nên không thể xóa; hãy sửa ngày kết thúc nhận hồ sơ để đóng đợt.";
    assert_eq!(programmes::intake_delete_refusal(&mut c, intake_id).unwrap().as_deref(), Some(expected));
    match programmes::delete_intake(&app, &mut c, &editor, intake_id, &meta) {
        Err(Error::Conflict(m)) => assert_eq!(m, expected),
        other => panic!("expected a refusal, got {other:?}"),
    }
    // Nothing lost: the intake, the application's choice of it, no deletion in the audit log.
    let kept = store::intake(&mut c, intake_id).unwrap().unwrap();
    assert_eq!(kept.programme_id, programme_id);
    assert_eq!(lantoa_store::applications::choices_of_intake(&mut c, intake_id).unwrap(), 1);
    assert!(!audit_actions(&mut c).contains(&"intake.delete".to_owned()));
    // Closing it is the way out: the intake can still be edited to end today.
    let mut closing = IntakeForm::from_row(&kept);
    closing.closes_on = "26/11/2026".into();
    programmes::update_intake(&app, &mut c, &editor, intake_id, &closing, &meta).unwrap();
    assert_eq!(store::intake(&mut c, intake_id).unwrap().unwrap().closes_on, NaiveDate::from_ymd_opt(2026, 11, 26).unwrap());
    // Another school's editor is refused before the reason is even looked at.
    let other = member(org(&mut c, "truong-trung-cap-nghe-u-minh-thuong"), OrgRole::Editor);
    assert!(matches!(programmes::delete_intake(&app, &mut c, &other, intake_id, &meta), Err(Error::Denied)));
});
