use std::sync::Arc;

use chrono::{Duration, NaiveDate};
use lantoa_app::products::{self, ProductForm};
use lantoa_app::reports::{self, ReportForm, Review};
use lantoa_app::{App, AuthConfig, Error, FixedClock, RequestMeta};
use lantoa_domain::access::{OrgRole, Principal};
use lantoa_domain::report::ReportState;
use lantoa_domain::{OrgId, UserId};
use lantoa_store::{both_engines, orgs, plans};

const SLUG: &str = "kh-truyen-thong-gdnn-2023-2025";

fn principal(org: Option<(OrgId, OrgRole)>, plan_owner: bool) -> Principal {
    Principal {
        user: UserId(1),
        email: "p@x.vn".into(),
        display_name: "P".into(),
        is_system_admin: false,
        is_plan_owner: plan_owner,
        memberships: org.into_iter().collect(),
    }
}

both_engines!(fn a_report_goes_from_draft_to_accepted_with_figures_from_products(db) {
    // 10/06/2024, before the 20/06 deadline of the 2024 six-month report.
    let clock = Arc::new(FixedClock::new(NaiveDate::from_ymd_opt(2024, 6, 10).unwrap().and_hms_opt(2, 0, 0).unwrap()));
    let app = App::new(db.clone(), clock.clone(), AuthConfig::for_tests()).unwrap();
    let mut c = db.conn().unwrap();
    lantoa_app::demo::seed(&app, &mut c).unwrap();
    let plan = plans::by_slug(&mut c, SLUG).unwrap().unwrap();
    let college = orgs::by_slug(&mut c, "truong-cao-dang-kien-giang").unwrap().unwrap().org_id();
    let editor = principal(Some((college, OrgRole::Editor)), false);
    let owner = principal(None, true);
    let meta = RequestMeta::default();
    let a9 = plans::activities(&mut c, plan.plan_id()).unwrap().into_iter().find(|a| a.code == "9").unwrap();
    for (date, qty) in [("05/01/2024", "2"), ("20/05/2024", "3"), ("20/06/2024", "7")] {
        let form = ProductForm { organisation_id: college.to_string(), activity_id: a9.id.to_string(), kind: "school_session".into(), title: "Tư vấn tuyển sinh".into(), quantity: qty.into(), produced_on: date.into(), ..ProductForm::default() };
        products::create(&app, &mut c, &editor, &plan, &form, &meta).unwrap();
    }
    let key = reports::key(&mut c, SLUG, "2024-h1", college).unwrap();
    let v = reports::view(&mut c, &editor, key.clone()).unwrap();
    assert_eq!(v.state, ReportState::Draft);
    let f9 = v.figures.iter().find(|f| f.code == "9").unwrap();
    assert_eq!((f9.from_products, f9.value), (5, 5), "only products dated in the window 15/12/2023–14/06/2024 count");

    // Submitting needs the results section; a changed figure needs a reason.
    let mut form = ReportForm::default();
    form.figures.insert(a9.id, ("6".into(), String::new()));
    let Err(Error::Invalid(e)) = reports::save(&app, &mut c, &editor, &key, &form, true, &meta) else { panic!() };
    assert!(e.get(&format!("ly_do_{}", a9.id)).unwrap().contains("vui lòng nêu lý do"));
    assert!(e.get("results").is_some());
    form.figures.insert(a9.id, ("-1".into(), String::new()));
    let Err(Error::Invalid(e)) = reports::save(&app, &mut c, &editor, &key, &form, false, &meta) else { panic!() };
    assert!(e.get(&format!("so_lieu_{}", a9.id)).unwrap().contains("không âm"));
    assert!(reports::view(&mut c, &editor, key.clone()).unwrap().row.is_none(), "nothing saved from a refused form");

    form.figures.insert(a9.id, ("6".into(), "Thêm một buổi tư vấn chưa ghi nhận".into()));
    form.narrative.results = "Tổ chức 6 buổi tư vấn tuyển sinh tại các trường THCS.".into();
    assert_eq!(reports::save(&app, &mut c, &editor, &key, &form, false, &meta).unwrap(), ReportState::Draft);
    assert_eq!(reports::save(&app, &mut c, &editor, &key, &form, true, &meta).unwrap(), ReportState::Submitted);
    let Err(Error::Conflict(m)) = reports::save(&app, &mut c, &editor, &key, &form, true, &meta) else { panic!("second submission") };
    assert!(m.contains("đã được gửi"));
    // The editor cannot review; the lead department must say why it returns a report.
    assert!(matches!(reports::review(&app, &mut c, &editor, &key, &Review::Accept, &meta), Err(Error::Denied)));
    assert!(matches!(reports::review(&app, &mut c, &owner, &key, &Review::Return { comment: " ".into() }, &meta), Err(Error::Invalid(_))));
    assert_eq!(reports::review(&app, &mut c, &owner, &key, &Review::Return { comment: "Bổ sung số người tham dự.".into() }, &meta).unwrap(), ReportState::Returned);

    // Resubmitted after the deadline: still on time, judged by the first submission.
    clock.advance(Duration::days(20));
    assert_eq!(reports::save(&app, &mut c, &editor, &key, &form, true, &meta).unwrap(), ReportState::Submitted);
    assert_eq!(reports::review(&app, &mut c, &owner, &key, &Review::Accept, &meta).unwrap(), ReportState::Accepted);
    let v = reports::view(&mut c, &owner, key.clone()).unwrap();
    assert_eq!(v.on_time, Some(true));
    let f9 = v.figures.iter().find(|f| f.code == "9").unwrap();
    assert_eq!((f9.from_products, f9.value, f9.changed), (5, 6, true), "the figures are frozen at submission");
    assert_eq!(v.events.iter().map(|e| e.action.as_str()).collect::<Vec<_>>(), ["save", "submit", "return", "submit", "accept"]);

    // Accepted reports are locked; reopening needs a reason and is recorded.
    let Err(Error::Conflict(m)) = reports::save(&app, &mut c, &editor, &key, &form, true, &meta) else { panic!("submission after acceptance") };
    assert!(m.contains("đã được tiếp nhận và khóa"));
    assert!(matches!(reports::review(&app, &mut c, &owner, &key, &Review::Reopen { reason: String::new() }, &meta), Err(Error::Invalid(_))));
    assert_eq!(reports::review(&app, &mut c, &owner, &key, &Review::Reopen { reason: "Sửa số liệu hoạt động 9".into() }, &meta).unwrap(), ReportState::Returned);
    let page = lantoa_store::audit::list(&mut c, &Default::default(), lantoa_store::PageRequest::new(1, 50)).unwrap();
    assert!(page.items.iter().any(|e| e.action == "report.reopen" && e.detail.contains("Sửa số liệu")));

    // An organisation that owes no report for the period has no report page.
    let hon_dat_centre = orgs::by_slug(&mut c, "ubnd-tinh-an-giang").unwrap().unwrap().org_id();
    assert!(matches!(reports::key(&mut c, SLUG, "2024-h1", hon_dat_centre), Err(Error::NotFound)));
});

both_engines!(fn a_late_first_submission_is_late(db) {
    let clock = Arc::new(FixedClock::new(NaiveDate::from_ymd_opt(2024, 6, 22).unwrap().and_hms_opt(2, 0, 0).unwrap()));
    let app = App::new(db.clone(), clock, AuthConfig::for_tests()).unwrap();
    let mut c = db.conn().unwrap();
    lantoa_app::demo::seed(&app, &mut c).unwrap();
    let paper = orgs::by_slug(&mut c, "bao-kien-giang").unwrap().unwrap().org_id();
    let editor = principal(Some((paper, OrgRole::Editor)), false);
    let key = reports::key(&mut c, SLUG, "2024-h1", paper).unwrap();
    let mut form = ReportForm::default();
    form.narrative.results = "Đăng 12 tin bài về giáo dục nghề nghiệp.".into();
    reports::save(&app, &mut c, &editor, &key, &form, true, &RequestMeta::default()).unwrap();
    assert_eq!(reports::view(&mut c, &editor, key).unwrap().on_time, Some(false));
});
