use std::sync::Arc;

use chrono::{Duration, NaiveDate};
use lantoa_app::reports::{self, ReportForm, Review};
use lantoa_app::{App, AuthConfig, FixedClock, RequestMeta, notifications};
use lantoa_domain::UserId;
use lantoa_domain::access::{OrgRole, Principal};
use lantoa_store::{both_engines, orgs};

both_engines!(fn reminders_come_before_the_deadline_once_and_stop_after_submission(db) {
    // 14/06/2024: six days before the 20/06 deadline of the 2024 six-month report.
    let clock = Arc::new(FixedClock::new(NaiveDate::from_ymd_opt(2024, 6, 14).unwrap().and_hms_opt(2, 0, 0).unwrap()));
    let app = App::new(db.clone(), clock.clone(), AuthConfig::for_tests()).unwrap();
    let mut c = db.conn().unwrap();
    lantoa_app::demo::seed(&app, &mut c).unwrap();
    let college = orgs::by_slug(&mut c, "truong-cao-dang-kien-giang").unwrap().unwrap().org_id();
    let editor = Principal { user: UserId(1), email: "e@x.vn".into(), display_name: "E".into(), is_system_admin: false, is_plan_owner: false, memberships: vec![(college, OrgRole::Editor)] };
    let first = notifications::remind_due(&app, &mut c).unwrap();
    assert!(first >= 10, "every unit that owes the report is reminded: {first}");
    assert_eq!(notifications::remind_due(&app, &mut c).unwrap(), 0, "once per step");
    let mine = notifications::for_principal(&mut c, &editor).unwrap();
    assert_eq!(mine.len(), 1);
    assert!(mine[0].message.contains("Còn 6 ngày đến hạn gửi báo cáo 6 tháng đầu năm 2024 (hạn 20/06/2024)"), "{}", mine[0].message);

    // The college submits; two days later only the others get the 3-day reminder.
    let key = reports::key(&mut c, "kh-truyen-thong-gdnn-2023-2025", "2024-h1", college).unwrap();
    let mut form = ReportForm::default();
    form.narrative.results = "Đã thực hiện.".into();
    reports::save(&app, &mut c, &editor, &key, &form, true, &RequestMeta::default()).unwrap();
    clock.advance(Duration::days(3));
    assert_eq!(notifications::remind_due(&app, &mut c).unwrap(), first - 1);
    assert_eq!(notifications::for_principal(&mut c, &editor).unwrap().len(), 1);

    // A returned report is announced to the unit.
    let owner = Principal { is_plan_owner: true, memberships: vec![], ..editor.clone() };
    reports::review(&app, &mut c, &owner, &key, &Review::Return { comment: "Bổ sung minh chứng.".into() }, &RequestMeta::default()).unwrap();
    let mine = notifications::for_principal(&mut c, &editor).unwrap();
    assert!(mine[0].message.contains("bị trả lại: Bổ sung minh chứng."), "{:?}", mine[0]);
});
