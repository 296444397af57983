use std::sync::Arc;

use chrono::NaiveDate;
use lantoa_app::policies::{self, PolicyForm};
use lantoa_app::{App, AuthConfig, Error, FixedClock, RequestMeta};
use lantoa_domain::access::{OrgRole, Principal};
use lantoa_domain::{OrgId, UserId};
use lantoa_store::{both_engines, orgs, programmes as store};

fn seeded(db: &lantoa_store::Db) -> (App, lantoa_store::db::PooledConn) {
    let clock = Arc::new(FixedClock::new(
        NaiveDate::from_ymd_opt(2026, 11, 26)
            .unwrap()
            .and_hms_opt(2, 0, 0)
            .unwrap(),
    ));
    let app = App::new(db.clone(), clock, AuthConfig::for_tests()).unwrap();
    let mut c = db.conn().unwrap();
    lantoa_app::demo::seed(&app, &mut c).unwrap();
    (app, c)
}

fn principal(plan_owner: bool, memberships: Vec<(OrgId, OrgRole)>) -> Principal {
    Principal {
        user: UserId(1),
        email: "p@x.vn".into(),
        display_name: "P".into(),
        is_system_admin: false,
        is_plan_owner: plan_owner,
        memberships,
    }
}

fn form(name: &str, level: &str) -> PolicyForm {
    PolicyForm {
        name: name.into(),
        benefit: "Hỗ trợ tiền ăn".into(),
        level: level.into(),
        ..PolicyForm::default()
    }
}

both_engines!(fn only_the_lead_department_writes_policies_and_unfit_programmes_are_detached_on_request(db) {
    let (app, mut c) = seeded(db);
    let meta = RequestMeta::default();
    let college = orgs::by_slug(&mut c, "truong-cao-dang-kien-giang").unwrap().unwrap().org_id();
    let school_admin = principal(false, vec![(college, OrgRole::OrgAdmin)]);
    let owner = principal(true, vec![]);

    // A school's administrator reads the list but writes nothing.
    let (items, can_edit) = policies::list(&app, &mut c, &school_admin).unwrap();
    assert_eq!(items.len(), 7);
    assert!(!can_edit);
    assert!(items.iter().all(|i| i.in_force) && items.iter().any(|i| i.programmes >= 20));
    assert!(matches!(policies::create(&app, &mut c, &school_admin, &form("Chính sách riêng", ""), &meta), Err(Error::Denied)));
    let thcs = store::policy_by_slug(&mut c, "mien-hoc-phi-tot-nghiep-thcs-hoc-trung-cap").unwrap().unwrap();
    assert!(matches!(policies::update(&app, &mut c, &school_admin, thcs.id, &PolicyForm::from_row(&thcs), &meta), Err(Error::Denied)));
    assert!(matches!(policies::delete(&app, &mut c, &school_admin, thcs.id, &meta), Err(Error::Denied)));

    // Validation, in Vietnamese, all at once.
    let bad = PolicyForm { valid_from: "01/01/2027".into(), valid_to: "2026-12-31".into(), target_group: "nguoi_ngoai_hanh_tinh".into(), source_url: "www.example.vn".into(), ..form("", "") };
    let Err(Error::Invalid(f)) = policies::create(&app, &mut c, &owner, &bad, &meta) else { panic!("refused") };
    assert_eq!(f.get("name"), Some("Vui lòng nhập tên chính sách."));
    assert_eq!(f.get("valid_to"), Some("Ngày hết hiệu lực phải bằng hoặc sau ngày có hiệu lực."));
    assert_eq!(f.get("target_group"), Some("Đối tượng không có trong danh sách."));
    assert!(f.get("source_url").unwrap().starts_with("Đường dẫn văn bản cần bắt đầu bằng https://"));

    // New conditions that 21 programmes no longer meet: refused, then detached on request.
    let mut change = PolicyForm::from_row(&thcs);
    change.level = "college".into();
    let Err(Error::Invalid(f)) = policies::update(&app, &mut c, &owner, thcs.id, &change, &meta) else { panic!("refused") };
    let message = f.get("detach_unfit").unwrap();
    assert!(message.starts_with("Điều kiện mới không còn phù hợp với 21 chương trình đang áp dụng chính sách này: "), "{message}");
    assert!(message.contains(" và 16 chương trình khác."), "{message}");
    assert_eq!(store::offering(&mut c, thcs.id).unwrap().len(), 21, "nothing changed");
    change.detach_unfit = true;
    // A college programme needs THCS entry to fit; none does, so every link goes.
    let saved = policies::update(&app, &mut c, &owner, thcs.id, &change, &meta).unwrap();
    assert_eq!(saved.detached, 21);
    assert!(store::offering(&mut c, thcs.id).unwrap().is_empty());
    assert_eq!(store::policy(&mut c, thcs.id).unwrap().unwrap().level.as_deref(), Some("college"));
    // Now nobody offers it, so it can go; one still offered cannot.
    let rural = store::policy_by_slug(&mut c, "ho-tro-dao-tao-so-cap-lao-dong-nong-thon").unwrap().unwrap();
    let Err(Error::Conflict(m)) = policies::delete(&app, &mut c, &owner, rural.id, &meta) else { panic!("refused") };
    assert!(m.starts_with("Chính sách này đang được 21 chương trình áp dụng nên không thể xóa."), "{m}");
    policies::delete(&app, &mut c, &owner, thcs.id, &meta).unwrap();
    assert!(store::policy(&mut c, thcs.id).unwrap().is_none());
    // The demo does not bring a deleted policy back.
    lantoa_app::demo::seed(&app, &mut c).unwrap();
    assert!(store::policy_by_slug(&mut c, "mien-hoc-phi-tot-nghiep-thcs-hoc-trung-cap").unwrap().is_none());
    let actions: Vec<String> = lantoa_store::audit::list(&mut c, &Default::default(), lantoa_store::PageRequest::new(1, 50)).unwrap().items.into_iter().map(|a| a.action).collect();
    assert!(actions.contains(&"policy.update".to_owned()) && actions.contains(&"policy.delete".to_owned()));
});
