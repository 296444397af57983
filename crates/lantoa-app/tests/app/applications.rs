use std::sync::Arc;

use chrono::{Duration, NaiveDate};
use lantoa_app::applications::{
    self as apply, ApplicationForm, ChoiceAction, LookupForm, OpenProgramme, StaffQuery,
};
use lantoa_app::{App, AuthConfig, Error, FixedClock, RequestMeta};
use lantoa_domain::access::{OrgRole, Principal};
use lantoa_domain::application::{ApplicationStatus, CODE_ALPHABET, CONSENT_PROCESSING};
use lantoa_domain::programme::IntakeState;
use lantoa_domain::{OrgId, UserId};
use lantoa_store::{PageRequest, both_engines, orgs, programmes as prog_store};

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

fn meta(ip: &str) -> RequestMeta {
    RequestMeta {
        ip: ip.into(),
        ..RequestMeta::default()
    }
}

fn member(org: OrgId, role: OrgRole) -> Principal {
    Principal {
        user: UserId(1),
        email: format!("{}@x.vn", role.code()),
        display_name: "Cán bộ tuyển sinh".into(),
        is_system_admin: false,
        is_plan_owner: false,
        memberships: vec![(org, role)],
    }
}

fn org(c: &mut lantoa_store::Conn, slug: &str) -> OrgId {
    orgs::by_slug(c, slug).unwrap().unwrap().org_id()
}

fn open_of(app: &App, c: &mut lantoa_store::Conn, institution: OrgId) -> Vec<OpenProgramme> {
    apply::open_programmes(c, app.clock.today())
        .unwrap()
        .into_iter()
        .filter(|p| p.programme.institution_id == institution.0)
        .collect()
}

fn adult(choice: i64, name: &str, phone: &str) -> ApplicationForm {
    ApplicationForm {
        full_name: name.into(),
        birth_date: "12/03/2000".into(),
        phone: phone.into(),
        commune: "Phường Rạch Giá".into(),
        schooling: "thpt".into(),
        choice_1: choice.to_string(),
        consent_processing: true,
        ..ApplicationForm::default()
    }
}

fn invalid(r: lantoa_app::Result<impl std::fmt::Debug>) -> lantoa_app::FieldErrors {
    match r {
        Err(Error::Invalid(f)) => f,
        other => panic!("expected field errors, got {other:?}"),
    }
}

fn lookup_form(code: &str, phone: &str) -> LookupForm {
    LookupForm {
        code: code.into(),
        phone: phone.into(),
    }
}

both_engines!(fn an_application_gets_a_readable_code_and_is_found_by_code_and_phone(db) {
    let (app, mut c) = seeded(db, clock());
    let cdkg = org(&mut c, "truong-cao-dang-kien-giang");
    let p = open_of(&app, &mut c, cdkg)[0].programme.id;
    let done = apply::submit(&app, &mut c, &adult(p, "Nguyễn Thị Hoa", "0912 345 678"), &meta("1.1.1.1")).unwrap();
    assert!(!done.merged);
    assert_eq!(done.code.len(), 9);
    assert!(done.code.bytes().filter(|b| *b != b'-').all(|b| CODE_ALPHABET.contains(&b)));
    // The phone as typed differently, the code in lower case without the hyphen.
    let v = apply::lookup(&app, &mut c, &lookup_form(&done.code.replace('-', "").to_lowercase(), "+84 912345678"), &meta("1.1.1.1")).unwrap();
    assert_eq!(v.application.full_name, "Nguyễn Thị Hoa");
    assert_eq!(v.choices.len(), 1);
    assert_eq!(v.choices[0].status, ApplicationStatus::New);
    // The consent answered is stored with its text's version.
    assert!(v.consents.iter().any(|k| k.purpose == CONSENT_PROCESSING.purpose && k.version == CONSENT_PROCESSING.version && k.granted));
    assert!(v.consents.iter().any(|k| k.purpose == "consent_counselling" && !k.granted));
    // A wrong phone does not say which half was wrong.
    let e = invalid(apply::lookup(&app, &mut c, &lookup_form(&done.code, "0987654321"), &meta("1.1.1.1")));
    assert!(e.get("code").unwrap().contains("Không tìm thấy hồ sơ"));
});

both_engines!(fn the_same_person_applying_again_is_merged_not_refused(db) {
    let (app, mut c) = seeded(db, clock());
    let cdkg = org(&mut c, "truong-cao-dang-kien-giang");
    let open = open_of(&app, &mut c, cdkg);
    let (p1, p2, p3) = (open[0].programme.id, open[1].programme.id, open[2].programme.id);
    let first = apply::submit(&app, &mut c, &adult(p1, "Trần Văn Bình", "0903111222"), &meta("1.1.1.1")).unwrap();
    // Same person, name without diacritics, phone with +84; same programme plus a new one.
    let mut again = adult(p1, "tran van binh", "+84 903 111 222");
    again.choice_2 = p2.to_string();
    again.email = "binh@example.vn".into();
    let second = apply::submit(&app, &mut c, &again, &meta("1.1.1.1")).unwrap();
    assert!(second.merged);
    assert_eq!(second.code, first.code);
    let v = apply::applicant_view(&mut c, &first.code).unwrap();
    assert_eq!(v.choices.iter().map(|x| x.choice.programme_id).collect::<Vec<_>>(), vec![p1, p2]);
    assert_eq!(v.application.email, "binh@example.vn", "the latest answers are kept");
    assert!(v.history.iter().any(|h| h.text.contains("gộp")));
    // A different programme only: a new application with its own code.
    let other = apply::submit(&app, &mut c, &adult(p3, "Trần Văn Bình", "0903111222"), &meta("1.1.1.1")).unwrap();
    assert!(!other.merged);
    assert_ne!(other.code, first.code);
    // Another person with the same phone (a sibling) is not merged.
    let sibling = apply::submit(&app, &mut c, &adult(p1, "Trần Văn Bảo", "0903111222"), &meta("1.1.1.1")).unwrap();
    assert_ne!(sibling.code, first.code);
});

both_engines!(fn a_minor_needs_a_guardian_and_their_consent(db) {
    let (app, mut c) = seeded(db, clock());
    let cdkg = org(&mut c, "truong-cao-dang-kien-giang");
    let p = open_of(&app, &mut c, cdkg)[0].programme.id;
    let mut f = adult(p, "Lê Minh Khoa", "0977000001");
    f.birth_date = "27/11/2008".into(); // 18 tomorrow
    let e = invalid(apply::submit(&app, &mut c, &f, &meta("1.1.1.1")));
    assert!(e.get("guardian_name").unwrap().contains("chưa đủ 18 tuổi"));
    assert!(e.get("guardian_phone").is_some());
    assert!(e.get("consent_guardian").is_some());
    f.guardian_name = "Lê Văn Tư".into();
    f.guardian_phone = "0977 000 002".into();
    f.consent_guardian = true;
    let done = apply::submit(&app, &mut c, &f, &meta("1.1.1.1")).unwrap();
    let v = apply::applicant_view(&mut c, &done.code).unwrap();
    assert!(v.application.is_minor);
    assert_eq!(v.application.guardian_phone, "0977000002");
    assert!(v.consents.iter().any(|k| k.purpose == "consent_guardian" && k.given_by == "guardian"));
    // Born on 26/11/2008: 18 today, no guardian needed.
    let mut g = adult(p, "Lê Minh Khang", "0977000003");
    g.birth_date = "26/11/2008".into();
    assert!(apply::submit(&app, &mut c, &g, &meta("1.1.1.1")).is_ok());
});

both_engines!(fn closed_intakes_and_tampered_programme_ids_are_refused_beside_the_field(db) {
    let (app, mut c) = seeded(db, clock());
    let today = app.clock.today();
    let open: Vec<i64> = apply::open_programmes(&mut c, today).unwrap().iter().map(|p| p.programme.id).collect();
    // A published programme with intakes, none of them open today.
    let all = prog_store::list(&mut c, &prog_store::ProgrammeFilter { public_on: Some(today), ..Default::default() }, PageRequest::new(1, 200)).unwrap();
    let ids: Vec<i64> = all.items.iter().map(|i| i.0.id).collect();
    let intakes = prog_store::intakes_for(&mut c, &ids).unwrap();
    let closed = ids.iter().copied().find(|id| {
        !open.contains(id) && intakes.iter().any(|i| i.programme_id == *id && IntakeState::on(i.opens_on, i.closes_on, today) == IntakeState::Closed)
    });
    // The demo has a programme whose intakes are over.
    let closed = closed.unwrap();
    let mut f = adult(closed, "Phạm Văn Đức", "0912000555");
    f.choice_2 = "abc".into();
    f.choice_3 = "999999".into();
    let e = invalid(apply::submit(&app, &mut c, &f, &meta("1.1.1.1")));
    assert!(e.get("choice_1").unwrap().contains("hết hạn nhận hồ sơ"));
    assert!(e.get("choice_2").unwrap().contains("không có trong danh sách"));
    assert!(e.get("choice_3").unwrap().contains("không có trong danh sách"));
    // The same programme twice.
    let mut g = adult(open[0], "Phạm Văn Đức", "0912000555");
    g.choice_2 = open[0].to_string();
    assert!(invalid(apply::submit(&app, &mut c, &g, &meta("1.1.1.1"))).get("choice_2").unwrap().contains("chỉ chọn một lần"));
    assert_eq!(lantoa_store::applications::count(&mut c).unwrap(), 14, "only the demo's");
});

both_engines!(fn addresses_are_rate_limited_and_bots_filling_the_honeypot_get_nothing(db) {
    let (mut app, mut c) = seeded(db, clock());
    app.applications.max_per_hour = 2;
    let cdkg = org(&mut c, "truong-cao-dang-kien-giang");
    let p = open_of(&app, &mut c, cdkg)[0].programme.id;
    let mut bot = adult(p, "Bot", "0912000001");
    bot.website = "http://spam.example".into();
    assert!(matches!(apply::submit(&app, &mut c, &bot, &meta("9.9.9.9")), Err(Error::Conflict(_))));
    assert!(apply::submit(&app, &mut c, &adult(p, "Người Một", "0912000002"), &meta("9.9.9.9")).is_ok());
    assert!(matches!(apply::submit(&app, &mut c, &adult(p, "Người Hai", "0912000003"), &meta("9.9.9.9")), Err(Error::RateLimited)));
    assert!(apply::submit(&app, &mut c, &adult(p, "Người Ba", "0912000004"), &meta("8.8.8.8")).is_ok());
    assert_eq!(lantoa_store::applications::count(&mut c).unwrap(), 16, "14 demo + 2");
    // Addresses are counted only under a keyed hash, never stored as they are.
    let since = app.now() - Duration::hours(1);
    assert_eq!(lantoa_store::applications::attempts_since(&mut c, "apply", "9.9.9.9", since).unwrap(), 0);
});

both_engines!(fn schools_see_and_work_only_their_own_applicants_and_every_view_is_audited(db) {
    let (app, mut c) = seeded(db, clock());
    let a = org(&mut c, "truong-cao-dang-kien-giang");
    let b = org(&mut c, "truong-trung-cap-nghe-u-minh-thuong");
    let pa = open_of(&app, &mut c, a)[0].programme.id;
    let pb = open_of(&app, &mut c, b)[0].programme.id;
    let to_b = apply::submit(&app, &mut c, &adult(pb, "Võ Thị Lan", "0939000111"), &meta("1.1.1.1")).unwrap();
    let to_a = apply::submit(&app, &mut c, &adult(pa, "Hồ Văn Nam", "0939000222"), &meta("1.1.1.1")).unwrap();
    let editor_a = member(a, OrgRole::Editor);
    let m = meta("10.0.0.1");
    let list = apply::staff_list(&app, &mut c, &editor_a, &StaffQuery::default(), PageRequest::new(1, 200), &m).unwrap();
    assert!(list.items.iter().all(|(_, _, p, _, _)| p.institution_id == a.0));
    assert!(list.items.iter().any(|(_, x, _, _, _)| x.reference_code == to_a.code));
    assert!(!list.items.iter().any(|(_, x, _, _, _)| x.reference_code == to_b.code));
    let b_app = lantoa_store::applications::by_code(&mut c, &to_b.code).unwrap().unwrap();
    assert!(matches!(apply::staff_view(&app, &mut c, &editor_a, b_app.id, &m), Err(Error::NotFound)));
    let b_choice = lantoa_store::applications::choices_of(&mut c, &[b_app.id]).unwrap()[0].id;
    let act = ChoiceAction { status: "contacted".into(), note: String::new(), ..ChoiceAction::default() };
    assert!(matches!(apply::act_on_choice(&app, &mut c, &editor_a, b_choice, &act, &m), Err(Error::NotFound)));
    // A viewer of A reads but does not change; platform roles do not open applicants.
    let a_app = lantoa_store::applications::by_code(&mut c, &to_a.code).unwrap().unwrap();
    let a_choice = lantoa_store::applications::choices_of(&mut c, &[a_app.id]).unwrap()[0].id;
    let viewer = member(a, OrgRole::Viewer);
    assert!(apply::staff_view(&app, &mut c, &viewer, a_app.id, &m).unwrap().editable.is_empty());
    assert!(matches!(apply::act_on_choice(&app, &mut c, &viewer, a_choice, &act, &m), Err(Error::Denied)));
    let mut owner = member(a, OrgRole::Viewer);
    owner.memberships.clear();
    owner.is_plan_owner = true;
    assert!(matches!(apply::staff_list(&app, &mut c, &owner, &StaffQuery::default(), PageRequest::new(1, 10), &m), Err(Error::Denied)));
    // The views are in the audit log, without the applicant's name or phone.
    let audit = lantoa_store::audit::list(&mut c, &Default::default(), PageRequest::new(1, 500)).unwrap().items;
    let mine: Vec<_> = audit.iter().filter(|e| e.action.starts_with("application.")).collect();
    assert!(mine.iter().any(|e| e.action == "application.list" && e.actor_label == "editor@x.vn"));
    assert!(mine.iter().any(|e| e.action == "application.view" && e.target_id == a_app.id.to_string()));
    assert!(mine.iter().all(|e| !e.detail.contains("Hồ Văn Nam") && !e.detail.contains("0939000222")));
});

both_engines!(fn the_status_flow_with_history_and_internal_notes(db) {
    let (app, mut c) = seeded(db, clock());
    let a = org(&mut c, "truong-cao-dang-kien-giang");
    let p = open_of(&app, &mut c, a)[0].programme.id;
    let done = apply::submit(&app, &mut c, &adult(p, "Đỗ Thị Mai", "0868000123"), &meta("1.1.1.1")).unwrap();
    let id = lantoa_store::applications::by_code(&mut c, &done.code).unwrap().unwrap().id;
    let choice = lantoa_store::applications::choices_of(&mut c, &[id]).unwrap()[0].id;
    let editor = member(a, OrgRole::Editor);
    let m = meta("10.0.0.1");
    let skip = ChoiceAction { status: "admitted".into(), note: String::new(), ..ChoiceAction::default() };
    assert!(invalid(apply::act_on_choice(&app, &mut c, &editor, choice, &skip, &m)).get("status").is_some());
    let note = ChoiceAction { status: String::new(), note: "Gọi lúc 9 giờ, hẹn thứ Hai nộp học bạ.".into(), ..ChoiceAction::default() };
    apply::act_on_choice(&app, &mut c, &editor, choice, &note, &m).unwrap();
    for s in ["contacted", "eligible", "admitted", "enrolled"] {
        apply::act_on_choice(&app, &mut c, &editor, choice, &ChoiceAction { status: s.into(), note: String::new(), ..ChoiceAction::default() }, &m).unwrap();
    }
    let after = ChoiceAction { status: "withdrawn".into(), note: String::new(), ..ChoiceAction::default() };
    assert!(invalid(apply::act_on_choice(&app, &mut c, &editor, choice, &after, &m)).get("status").is_some(), "nhập học is final");
    let staff = apply::staff_view(&app, &mut c, &editor, id, &m).unwrap();
    assert!(staff.view.history.iter().any(|h| h.note.contains("học bạ") && h.is_internal));
    let public = apply::applicant_view(&mut c, &done.code).unwrap();
    assert_eq!(public.choices[0].status, ApplicationStatus::Enrolled);
    assert!(public.history.iter().any(|h| h.text.contains("Trúng tuyển → Nhập học")));
    assert!(public.history.iter().all(|h| !h.note.contains("học bạ") && !h.is_internal), "internal notes stay internal");
    // Quota: the programme counts one enrolled.
    let q = apply::quota_report(&app, &mut c, &editor).unwrap();
    let line = q.iter().find(|l| l.programme_id == p).unwrap();
    assert!(line.by_status.iter().any(|(s, n)| *s == ApplicationStatus::Enrolled && *n >= 1));
});

both_engines!(fn a_decision_made_on_a_page_opened_before_a_colleagues_change_is_not_applied(db) {
    let (app, mut c) = seeded(db, clock());
    let a = org(&mut c, "truong-cao-dang-kien-giang");
    let p = open_of(&app, &mut c, a)[0].programme.id;
    let done = apply::submit(&app, &mut c, &adult(p, "Võ Thanh Tâm", "0868000456"), &meta("1.1.1.1")).unwrap();
    let id = lantoa_store::applications::by_code(&mut c, &done.code).unwrap().unwrap().id;
    let choice = lantoa_store::applications::choices_of(&mut c, &[id]).unwrap()[0].id;
    let editor = member(a, OrgRole::Editor);
    let m = meta("10.0.0.1");
    let act = |status: &str, seen: &str, note: &str| ChoiceAction { status: status.into(), note: note.into(), seen: seen.into() };
    // Two colleagues open the application while it is mới; the first moves it on.
    apply::act_on_choice(&app, &mut c, &editor, choice, &act("contacted", "new", ""), &m).unwrap();
    // The second, on the old page, also chooses "đã liên hệ": told what happened, not a wrong-transition message.
    let errors = invalid(apply::act_on_choice(&app, &mut c, &editor, choice, &act("contacted", "new", ""), &m));
    let message = errors.get("status").unwrap_or_default();
    assert!(message.contains("đã được chuyển sang “Đã liên hệ”"), "{message}");
    // A decision that the flow would allow from the new status is not applied either.
    let errors = invalid(apply::act_on_choice(&app, &mut c, &editor, choice, &act("rejected", "new", "Không liên lạc được"), &m));
    assert!(errors.get("status").is_some());
    let now = lantoa_store::applications::choice(&mut c, choice).unwrap().unwrap();
    assert_eq!(now.status, "contacted", "the stale decision changed nothing");
    let history = apply::staff_view(&app, &mut c, &editor, id, &m).unwrap().view.history;
    assert!(history.iter().all(|h| !h.note.contains("Không liên lạc được")), "nor was its note recorded");
    // A note alone is still welcome from the old page; the current page's decision goes through.
    apply::act_on_choice(&app, &mut c, &editor, choice, &act("", "new", "Hẹn gọi lại chiều thứ Sáu."), &m).unwrap();
    apply::act_on_choice(&app, &mut c, &editor, choice, &act("eligible", "contacted", ""), &m).unwrap();
    assert_eq!(lantoa_store::applications::choice(&mut c, choice).unwrap().unwrap().status, "eligible");
    let history = apply::staff_view(&app, &mut c, &editor, id, &m).unwrap().view.history;
    assert!(history.iter().any(|h| h.note.contains("Hẹn gọi lại") && h.is_internal));
    assert!(history.iter().any(|h| h.text.contains("Đã liên hệ → Đủ điều kiện")));
});

both_engines!(fn retention_anonymises_old_applications_and_keeps_the_counts(db) {
    let clock = clock();
    let (mut app, mut c) = seeded(db, clock.clone());
    app.applications.retention_days = 30;
    let a = org(&mut c, "truong-cao-dang-kien-giang");
    let p = open_of(&app, &mut c, a)[0].programme.id;
    let done = apply::submit(&app, &mut c, &adult(p, "Cao Thị Yến", "0707000999"), &meta("1.1.1.1")).unwrap();
    let editor = member(a, OrgRole::Editor);
    let before = apply::quota_report(&app, &mut c, &editor).unwrap().into_iter().find(|l| l.programme_id == p).unwrap().total;
    assert_eq!(apply::anonymise_due(&app, &mut c).unwrap(), 0, "nothing is 30 days old yet");
    clock.advance(Duration::days(31));
    assert_eq!(apply::anonymise_due(&app, &mut c).unwrap(), 15, "the 14 demo applications and this one");
    assert_eq!(apply::anonymise_due(&app, &mut c).unwrap(), 0);
    let row = lantoa_store::applications::by_code(&mut c, &done.code).unwrap().unwrap();
    assert!(row.anonymised_at.is_some());
    assert_eq!((row.full_name.as_str(), row.phone.as_str(), row.birth_date), ("", "", None));
    assert!(apply::lookup(&app, &mut c, &lookup_form(&done.code, "0707000999"), &meta("1.1.1.1")).is_err());
    let after = apply::quota_report(&app, &mut c, &editor).unwrap().into_iter().find(|l| l.programme_id == p).unwrap().total;
    assert_eq!(before, after, "statistics survive anonymisation");
    let audit = lantoa_store::audit::list(&mut c, &Default::default(), PageRequest::new(1, 500)).unwrap().items;
    assert!(audit.iter().any(|e| e.action == "application.anonymise" && e.detail.contains("\"count\":15")));
});

both_engines!(fn an_applicant_downloads_their_data_and_has_it_erased(db) {
    let (app, mut c) = seeded(db, clock());
    let a = org(&mut c, "truong-cao-dang-kien-giang");
    let p = open_of(&app, &mut c, a)[0].programme.id;
    let done = apply::submit(&app, &mut c, &adult(p, "Quách Thị Thu", "0388000777"), &meta("1.1.1.1")).unwrap();
    let form = lookup_form(&done.code, "0388000777");
    let json = apply::download_my_data(&app, &mut c, &form, &meta("1.1.1.1")).unwrap();
    assert_eq!(json["ho_va_ten"], "Quách Thị Thu");
    assert_eq!(json["su_dong_y"][0]["phien_ban_noi_dung"], CONSENT_PROCESSING.version);
    assert_eq!(json["nguyen_vong"].as_array().unwrap().len(), 1);
    apply::erase_on_request(&app, &mut c, &form, &meta("1.1.1.1")).unwrap();
    assert!(apply::lookup(&app, &mut c, &form, &meta("1.1.1.1")).is_err());
    let row = lantoa_store::applications::by_code(&mut c, &done.code).unwrap().unwrap();
    assert_eq!(row.full_name, "");
    assert_eq!(lantoa_store::applications::choices_of(&mut c, &[row.id]).unwrap().len(), 1, "the choice stays for the counts");
    let audit = lantoa_store::audit::list(&mut c, &Default::default(), PageRequest::new(1, 500)).unwrap().items;
    assert!(audit.iter().any(|e| e.action == "application.erase_request" && e.target_id == row.id.to_string()));
});

both_engines!(fn the_export_opens_as_xlsx_with_vietnamese_headers_and_real_dates(db) {
    use calamine::{Data, Reader, Xlsx};
    let (app, mut c) = seeded(db, clock());
    let a = org(&mut c, "truong-cao-dang-kien-giang");
    let p = open_of(&app, &mut c, a)[0].programme.id;
    let done = apply::submit(&app, &mut c, &adult(p, "Lý Thị Ngọc", "0908000444"), &meta("1.1.1.1")).unwrap();
    let editor = member(a, OrgRole::Editor);
    let bytes = apply::staff_export(&app, &mut c, &editor, &StaffQuery::default(), &meta("10.0.0.1")).unwrap();
    let mut book: Xlsx<_> = Xlsx::new(std::io::Cursor::new(bytes)).unwrap();
    let name = book.sheet_names()[0].clone();
    assert_eq!(name, "Hồ sơ tuyển sinh");
    let range = book.worksheet_range(&name).unwrap();
    let rows: Vec<Vec<Data>> = range.rows().map(|r| r.to_vec()).collect();
    let header = rows.iter().position(|r| r.first() == Some(&Data::String("Mã hồ sơ".into()))).unwrap();
    assert_eq!(rows[header][2], Data::String("Họ và tên".into()));
    let row = rows.iter().find(|r| r.first() == Some(&Data::String(done.code.clone()))).unwrap();
    assert!(matches!(row[1], Data::DateTime(_)), "submitted on: a real date, got {:?}", row[1]);
    match &row[3] {
        Data::DateTime(d) => assert_eq!(d.as_datetime().unwrap().date(), NaiveDate::from_ymd_opt(2000, 3, 12).unwrap()),
        other => panic!("birth date should be a date, got {other:?}"),
    }
    assert_eq!(row[5], Data::String("0908 000 444".into()));
    assert!(matches!(row[12], Data::Float(f) if f == 1.0));
    let audit = lantoa_store::audit::list(&mut c, &Default::default(), PageRequest::new(1, 500)).unwrap().items;
    assert!(audit.iter().any(|e| e.action == "application.export"));
});

both_engines!(fn the_demo_has_applications_in_every_status(db) {
    let (_app, mut c) = seeded(db, clock());
    let all = lantoa_store::applications::list_choices(&mut c, &Default::default(), PageRequest::new(1, 200)).unwrap();
    for s in ApplicationStatus::ALL {
        assert!(all.items.iter().any(|(ch, ..)| ch.status == s.code()), "no demo application is {}", s.label());
    }
    let institutions: std::collections::HashSet<i64> = all.items.iter().map(|(_, _, p, _, _)| p.institution_id).collect();
    assert!(institutions.len() >= 3);
});
