use std::sync::Arc;

use chrono::NaiveDate;
use lantoa_app::products::{self, ProductForm};
use lantoa_app::{App, AuthConfig, Error, FixedClock, RequestMeta, periods};
use lantoa_domain::access::{OrgRole, Principal};
use lantoa_domain::{OrgId, UserId};
use lantoa_store::products::ProductFilter;
use lantoa_store::{PageRequest, both_engines, orgs, plans};

fn app(db: lantoa_store::Db) -> App {
    let now = NaiveDate::from_ymd_opt(2026, 11, 26)
        .unwrap()
        .and_hms_opt(2, 0, 0)
        .unwrap();
    App::new(db, Arc::new(FixedClock::new(now)), AuthConfig::for_tests()).unwrap()
}

fn editor_of(org: OrgId) -> Principal {
    Principal {
        user: UserId(1),
        email: "e@x.vn".into(),
        display_name: "E".into(),
        is_system_admin: false,
        is_plan_owner: false,
        memberships: vec![(org, OrgRole::Editor)],
    }
}

const SLUG: &str = "kh-truyen-thong-gdnn-2023-2025";

both_engines!(fn products_are_checked_against_the_plan_and_the_editor(db) {
    let app = app(db.clone());
    let mut c = db.conn().unwrap();
    lantoa_app::demo::seed(&app, &mut c).unwrap();
    let plan = plans::by_slug(&mut c, SLUG).unwrap().unwrap();
    let college = orgs::by_slug(&mut c, "truong-cao-dang-kien-giang").unwrap().unwrap().org_id();
    let paper = orgs::by_slug(&mut c, "bao-kien-giang").unwrap().unwrap().org_id();
    let a52 = plans::activities(&mut c, plan.plan_id()).unwrap().into_iter().find(|a| a.code == "5.2").unwrap();
    let good = ProductForm {
        organisation_id: college.to_string(),
        activity_id: a52.id.to_string(),
        kind: "article".into(),
        title: "Tin tuyển sinh năm 2024 trên Báo Kiên Giang".into(),
        quantity: "3".into(),
        produced_on: "12/03/2024".into(),
        reach: "1.250".into(),
        reach_kind: "views".into(),
        ..ProductForm::default()
    };
    let editor = editor_of(college);
    let meta = RequestMeta::default();
    let id = products::create(&app, &mut c, &editor, &plan, &good, &meta).unwrap();
    let row = lantoa_store::products::get(&mut c, id).unwrap().unwrap();
    assert_eq!((row.quantity, row.reach, row.produced_on), (3, Some(1250), NaiveDate::from_ymd_opt(2024, 3, 12).unwrap()));

    // For another organisation: refused, not silently re-assigned.
    let other = ProductForm { organisation_id: paper.to_string(), ..good.clone() };
    assert!(matches!(products::create(&app, &mut c, &editor, &plan, &other, &meta), Err(Error::Denied)));

    // Bad figures, a date outside every window, an activity of no plan.
    let bad = ProductForm { quantity: "-2".into(), produced_on: "01/01/2030".into(), activity_id: "999999".into(), reach: "nhiều".into(), ..good.clone() };
    let Err(Error::Invalid(f)) = products::create(&app, &mut c, &editor, &plan, &bad, &meta) else { panic!("refused") };
    assert_eq!(f.get("quantity"), Some("Số lượng phải từ 1 trở lên."));
    assert!(f.get("produced_on").unwrap().contains("nằm ngoài mọi kỳ báo cáo của kế hoạch (từ 15/12/2022 đến 14/12/2025)"));
    assert_eq!(f.get("activity_id"), Some("Hoạt động này không thuộc kế hoạch đang chọn."));
    assert!(f.get("reach").is_some());
    let not_a_number = ProductForm { quantity: "ba".into(), ..good.clone() };
    let Err(Error::Invalid(f)) = products::create(&app, &mut c, &editor, &plan, &not_a_number, &meta) else { panic!("refused") };
    assert_eq!(f.get("quantity"), Some("Số lượng phải là một số nguyên, ví dụ 3."));

    // The editor of the paper does not see the college's products.
    let page = products::list(&mut c, &editor_of(paper), ProductFilter::default(), PageRequest::new(1, 10)).unwrap();
    assert_eq!(page.total, 0);
    // The college's editor sees the product entered and the demo article the college
    // published on the portal (a product of its own since it was published).
    let page = products::list(&mut c, &editor, ProductFilter::default(), PageRequest::new(1, 10)).unwrap();
    assert_eq!(page.total, 2);
    assert!(page.items.iter().all(|i| i.product.organisation_id == college.0));
    assert_eq!(page.items.iter().filter(|i| i.product.source == "portal").count(), 1);
    // Deleting: only by an editor of the organisation.
    assert!(matches!(products::delete(&app, &mut c, &editor_of(paper), id, &meta), Err(Error::Denied)));
    products::delete(&app, &mut c, &editor, id, &meta).unwrap();
    assert!(lantoa_store::products::get(&mut c, id).unwrap().is_none());
});

both_engines!(fn who_owes_a_report_follows_the_plan_and_the_2025_reorganisation(db) {
    let app = app(db.clone());
    let mut c = db.conn().unwrap();
    lantoa_app::demo::seed(&app, &mut c).unwrap();
    let plan = plans::by_slug(&mut c, SLUG).unwrap().unwrap();
    let names = |c: &mut lantoa_store::Conn, code: &str| -> Vec<String> {
        let period = periods::find(c, &plan, code).unwrap();
        periods::obligations(c, &plan, &period).unwrap().into_iter().map(|o| o.holder.slug).collect()
    };
    let h1_2024 = names(&mut c, "2024-h1");
    for slug in ["so-ldtbxh-kien-giang", "truong-cao-dang-kien-giang", "dai-ptth-kien-giang", "bao-kien-giang", "tinh-doan-kien-giang"] {
        assert!(h1_2024.contains(&slug.to_string()), "{slug} owes the 2024 H1 report: {h1_2024:?}");
    }
    // By the 2025 annual report the labour department's VET duties are with An Giang's
    // education department, and Kiên Giang's press has merged into one agency.
    let year_2025 = names(&mut c, "2025");
    assert!(!year_2025.contains(&"so-ldtbxh-kien-giang".to_string()));
    assert!(year_2025.contains(&"so-gddt-an-giang".to_string()), "{year_2025:?}");
    assert!(year_2025.contains(&"bao-ptth-an-giang".to_string()));
    assert!(!year_2025.contains(&"bao-kien-giang".to_string()));
    let period = periods::find(&mut c, &plan, "2025").unwrap();
    let edu = periods::obligations(&mut c, &plan, &period).unwrap().into_iter().find(|o| o.holder.slug == "so-gddt-an-giang").unwrap();
    assert!(edu.on_behalf_of.iter().any(|o| o.slug == "so-ldtbxh-kien-giang"), "reports on behalf of the labour department");
    assert!(periods::find(&mut c, &plan, "2026").is_err(), "outside the plan's years");
    assert_eq!(periods::all(&mut c, &plan).unwrap().len(), 6);
});

both_engines!(fn more_than_two_hundred_organisations_all_owe_their_report(db) {
    // A regression test: obligations once read organisations through a 200-row page.
    let app = app(db.clone());
    let mut c = db.conn().unwrap();
    let size = lantoa_app::bench::BenchSize { organisations: 230, activities: 3, products: 600 };
    lantoa_app::bench::generate(&app, &mut c, size, &mut |_| {}).unwrap();
    let plan = plans::by_slug(&mut c, lantoa_app::bench::PLAN).unwrap().unwrap();
    let period = periods::find(&mut c, &plan, "2024").unwrap();
    assert_eq!(periods::obligations(&mut c, &plan, &period).unwrap().len(), 230);
    let consolidated = lantoa_app::report_export::consolidate(&mut c, &plan, &period).unwrap();
    assert_eq!((consolidated.expected, consolidated.submitted), (230, 207));
    let products_total: i64 = lantoa_store::products::totals(&mut c, plan.plan_id(), period.window_start, period.window_end).unwrap().iter().map(|t| t.2).sum();
    let accepted_share: i64 = consolidated.by_activity.iter().map(|a| a.2).sum();
    assert!(accepted_share > 0 && accepted_share <= products_total, "{accepted_share} of {products_total}");
});

both_engines!(fn a_successor_reports_the_products_of_the_organisation_it_answers_for(db) {
    // Kiên Giang's labour department logged products in January 2025; its VET duties went to
    // An Giang's education department on 1 March 2025, which sends the 2025 annual report on
    // its behalf. Those products count in that report, not nowhere.
    let app = app(db.clone());
    let mut c = db.conn().unwrap();
    lantoa_app::demo::seed(&app, &mut c).unwrap();
    let plan = plans::by_slug(&mut c, SLUG).unwrap().unwrap();
    let labour = orgs::by_slug(&mut c, "so-ldtbxh-kien-giang").unwrap().unwrap().org_id();
    let edu = orgs::by_slug(&mut c, "so-gddt-an-giang").unwrap().unwrap().org_id();
    let period = periods::find(&mut c, &plan, "2025").unwrap();
    let owed = periods::obligations(&mut c, &plan, &period).unwrap().into_iter().find(|o| o.holder.org_id() == edu).unwrap();
    assert!(owed.on_behalf_of.iter().any(|o| o.org_id() == labour));
    let figure = |c: &mut lantoa_store::Conn, org: OrgId, code: &str| -> i64 {
        let key = lantoa_app::reports::key(c, SLUG, "2025", org).unwrap();
        let principal = Principal { is_system_admin: true, ..editor_of(org) };
        lantoa_app::reports::view(c, &principal, key).unwrap().figures.iter().find(|f| f.code == code).map_or(0, |f| f.from_products)
    };
    let activities = plans::activities(&mut c, plan.plan_id()).unwrap();
    let meta = RequestMeta::default();
    // The first activity of the education department's duty that the labour department may log.
    let (code, before) = owed.activities.iter().find_map(|code| {
        let a = activities.iter().find(|a| &a.code == code).unwrap();
        let before = figure(&mut c, edu, code);
        let form = ProductForm {
            organisation_id: labour.to_string(),
            activity_id: a.id.to_string(),
            kind: "event".into(),
            title: "Hội nghị triển khai tuyển sinh giáo dục nghề nghiệp năm 2025".into(),
            quantity: "4".into(),
            produced_on: "20/01/2025".into(),
            ..ProductForm::default()
        };
        products::create(&app, &mut c, &editor_of(labour), &plan, &form, &meta).ok().map(|_| (code.clone(), before))
    })
    // The labour department can log a product for one of the activities it handed over.
    .unwrap();
    assert_eq!(figure(&mut c, edu, &code), before + 4, "counted in the successor's report");
});
