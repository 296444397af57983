//! E-mail through the outbox: who gets which message for each event, once; nothing without
//! `[smtp]`; a user's choice to stop e-mail; delivery with retries and claims. (The SMTP
//! client itself is tested against a real SMTP peer in the `lantoa` crate.)

use std::sync::{Arc, Mutex};

use chrono::{Duration, NaiveDate};
use lantoa_app::content::{self, ContentForm};
use lantoa_app::mail::{self, Delivery, MailConfig, Outgoing, Sender};
use lantoa_app::reports::{self, ReportForm, Review};
use lantoa_app::{App, AuthConfig, FixedClock, RequestMeta, notifications};
use lantoa_domain::access::Principal;
use lantoa_domain::content::ContentAction;
use lantoa_store::outbox::{self, OutboxRow};
use lantoa_store::{both_engines, users};

fn app_at(db: &lantoa_store::Db, at: chrono::NaiveDateTime, smtp: bool) -> (App, Arc<FixedClock>) {
    let clock = Arc::new(FixedClock::new(at));
    let mut app = App::new(db.clone(), clock.clone(), AuthConfig::for_tests()).unwrap();
    app.mail = MailConfig {
        enabled: smtp,
        public_url: "https://gdnn.kiengiang.gov.vn".into(),
        site_name: "Cổng thông tin GDNN Kiên Giang".into(),
        max_attempts: 3,
    };
    (app, clock)
}

fn nov26() -> chrono::NaiveDateTime {
    NaiveDate::from_ymd_opt(2026, 11, 26)
        .unwrap()
        .and_hms_opt(2, 0, 0)
        .unwrap()
}

fn person(c: &mut lantoa_store::Conn, email: &str) -> Principal {
    let row = users::by_email(c, email).unwrap().unwrap();
    lantoa_app::auth::principal_for(c, &row).unwrap()
}

fn outbox_of(c: &mut lantoa_store::Conn) -> Vec<OutboxRow> {
    let mut rows = outbox::list(c, 1000).unwrap();
    rows.reverse();
    rows
}

fn recipients(rows: &[OutboxRow], kind: &str) -> Vec<String> {
    let mut r: Vec<String> = rows
        .iter()
        .filter(|m| m.kind == kind)
        .map(|m| m.recipient.clone())
        .collect();
    r.sort();
    r
}

fn draft(app: &App, c: &mut lantoa_store::Conn, editor: &Principal) -> i64 {
    let college = editor.memberships[0].0;
    let form = ContentForm {
        organisation_id: college.0.to_string(),
        kind: "article".into(),
        title: "Ngày hội tư vấn tuyển sinh nghề năm 2026".into(),
        slug: "ngay-hoi-tu-van-2026".into(),
        body: "Học sinh lớp 9 và lớp 12 được tư vấn chọn nghề.".into(),
        topics: vec!["iv-2-b".into()],
        ..ContentForm::default()
    };
    content::create(app, c, editor, &form, &RequestMeta::default())
        .unwrap()
        .id
}

both_engines!(fn the_content_workflow_emails_approvers_then_the_author(db) {
    let (app, clock) = app_at(db, nov26(), true);
    let mut c = db.conn().unwrap();
    lantoa_app::demo::seed(&app, &mut c).unwrap();
    let meta = RequestMeta::default();
    let author = person(&mut c, "truong.cdkg@lantoa.test");
    let approver = person(&mut c, "duyet.cdkg@lantoa.test");
    let id = draft(&app, &mut c, &author);
    assert!(outbox_of(&mut c).is_empty(), "saving a draft e-mails no one");

    content::act(&app, &mut c, &author, id, ContentAction::Submit, "", &meta).unwrap();
    let rows = outbox_of(&mut c);
    // The college's approver and administrator, and the lead department's plan owner; not
    // the author, not other units' staff.
    assert_eq!(
        recipients(&rows, "content_submitted"),
        ["chutri@lantoa.test", "duyet.cdkg@lantoa.test", "quantri.cdkg@lantoa.test"]
    );
    let m = &rows[0];
    assert_eq!(m.subject, "[Chờ duyệt] Ngày hội tư vấn tuyển sinh nghề năm 2026");
    assert!(m.body_text.starts_with("Kính gửi "), "{}", m.body_text);
    assert!(m.body_text.contains("Trường Cao đẳng Kiên Giang vừa gửi “Ngày hội tư vấn tuyển sinh nghề năm 2026” để duyệt."), "{}", m.body_text);
    assert!(m.body_text.contains(&format!("https://gdnn.kiengiang.gov.vn/quan-tri/noi-dung/{id}")), "{}", m.body_text);
    assert!(m.body_text.contains("https://gdnn.kiengiang.gov.vn/tai-khoan/thu-dien-tu"), "how to stop: {}", m.body_text);
    assert!(rows.iter().all(|m| m.state == "pending" && m.attempts == 0));

    content::act(&app, &mut c, &approver, id, ContentAction::Return, "Bổ sung ảnh và nguồn tin.", &meta).unwrap();
    let rows = outbox_of(&mut c);
    assert_eq!(recipients(&rows, "content_returned"), ["truong.cdkg@lantoa.test"]);
    let back = rows.iter().find(|m| m.kind == "content_returned").unwrap();
    assert_eq!(back.subject, "[Bị trả lại] Ngày hội tư vấn tuyển sinh nghề năm 2026");
    assert!(back.body_text.contains("Lý do: Bổ sung ảnh và nguồn tin."), "{}", back.body_text);
    assert!(back.body_text.contains("Kính gửi Trần Văn Minh,"), "{}", back.body_text);

    clock.advance(Duration::minutes(30));
    content::act(&app, &mut c, &author, id, ContentAction::Submit, "", &meta).unwrap();
    assert_eq!(recipients(&outbox_of(&mut c), "content_submitted").len(), 6, "a second submission is a second e-mail");
    content::act(&app, &mut c, &approver, id, ContentAction::Publish, "", &meta).unwrap();
    let rows = outbox_of(&mut c);
    assert_eq!(recipients(&rows, "content_published"), ["truong.cdkg@lantoa.test"]);
    assert_eq!(rows.last().unwrap().subject, "[Đã xuất bản] Ngày hội tư vấn tuyển sinh nghề năm 2026");
    // In-app notifications are unchanged.
    assert!(notifications::for_principal(&mut c, &author).unwrap().iter().any(|n| n.message.contains("đã được xuất bản")));

    // Taken off the portal: the author is told, with the approver's reason when given.
    clock.advance(Duration::minutes(30));
    content::act(&app, &mut c, &approver, id, ContentAction::Unpublish, "", &meta).unwrap();
    let rows = outbox_of(&mut c);
    assert_eq!(recipients(&rows, "content_unpublished"), ["truong.cdkg@lantoa.test"]);
    let m = rows.iter().find(|m| m.kind == "content_unpublished").unwrap();
    assert_eq!(m.subject, "[Thôi xuất bản] Ngày hội tư vấn tuyển sinh nghề năm 2026");
    assert!(m.body_text.contains("đã thôi xuất bản và trở về bản nháp") && !m.body_text.contains("Lý do"), "{}", m.body_text);
    clock.advance(Duration::minutes(30));
    content::act(&app, &mut c, &author, id, ContentAction::Submit, "", &meta).unwrap();
    content::act(&app, &mut c, &approver, id, ContentAction::Publish, "", &meta).unwrap();
    clock.advance(Duration::minutes(30));
    content::act(&app, &mut c, &approver, id, ContentAction::Withdraw, "Thông tin lịch tổ chức đã thay đổi.", &meta).unwrap();
    let rows = outbox_of(&mut c);
    let m = rows.iter().find(|m| m.kind == "content_withdrawn").unwrap();
    assert_eq!((m.recipient.as_str(), m.subject.as_str()), ("truong.cdkg@lantoa.test", "[Đã gỡ] Ngày hội tư vấn tuyển sinh nghề năm 2026"));
    assert!(m.body_text.contains("đã bị gỡ khỏi cổng thông tin") && m.body_text.contains("Lý do: Thông tin lịch tổ chức đã thay đổi."), "{}", m.body_text);
    assert!(notifications::for_principal(&mut c, &author).unwrap().iter().any(|n| n.message.contains("thôi xuất bản")));
});

both_engines!(fn without_smtp_nothing_is_queued_and_in_app_notifications_stay(db) {
    let (app, _clock) = app_at(db, nov26(), false);
    let mut c = db.conn().unwrap();
    lantoa_app::demo::seed(&app, &mut c).unwrap();
    let author = person(&mut c, "truong.cdkg@lantoa.test");
    let id = draft(&app, &mut c, &author);
    content::act(&app, &mut c, &author, id, ContentAction::Submit, "", &RequestMeta::default()).unwrap();
    assert!(outbox_of(&mut c).is_empty());
    assert!(notifications::for_principal(&mut c, &author).unwrap()[0].message.contains("đang chờ duyệt"));
});

both_engines!(fn a_user_who_stops_email_still_sees_in_app_notifications(db) {
    let (app, _clock) = app_at(db, nov26(), true);
    let mut c = db.conn().unwrap();
    lantoa_app::demo::seed(&app, &mut c).unwrap();
    let meta = RequestMeta::default();
    let author = person(&mut c, "truong.cdkg@lantoa.test");
    let approver = person(&mut c, "duyet.cdkg@lantoa.test");
    assert!(mail::wants_mail(&mut c, &approver).unwrap());
    mail::set_wants_mail(&app, &mut c, &approver, false, &meta).unwrap();
    assert!(!mail::wants_mail(&mut c, &approver).unwrap());
    let id = draft(&app, &mut c, &author);
    content::act(&app, &mut c, &author, id, ContentAction::Submit, "", &meta).unwrap();
    assert_eq!(
        recipients(&outbox_of(&mut c), "content_submitted"),
        ["chutri@lantoa.test", "quantri.cdkg@lantoa.test"]
    );
    assert!(notifications::for_principal(&mut c, &approver).unwrap()[0].message.contains("đang chờ duyệt"));
    // Turned back on, the next event reaches them.
    mail::set_wants_mail(&app, &mut c, &approver, true, &meta).unwrap();
    content::act(&app, &mut c, &approver, id, ContentAction::Return, "Sửa tiêu đề.", &meta).unwrap();
    content::act(&app, &mut c, &author, id, ContentAction::Submit, "", &meta).unwrap();
    assert!(recipients(&outbox_of(&mut c), "content_submitted").contains(&"duyet.cdkg@lantoa.test".to_owned()));
});

both_engines!(fn deadline_reminders_and_returned_reports_reach_the_units_writers_once(db) {
    // 14/06/2024: six days before the 20/06 deadline of the 2024 six-month report.
    let at = NaiveDate::from_ymd_opt(2024, 6, 14).unwrap().and_hms_opt(2, 0, 0).unwrap();
    let (app, clock) = app_at(db, at, true);
    let mut c = db.conn().unwrap();
    lantoa_app::demo::seed(&app, &mut c).unwrap();
    let meta = RequestMeta::default();
    notifications::remind_due(&app, &mut c).unwrap();
    let rows = outbox_of(&mut c);
    let college: Vec<&OutboxRow> = rows.iter().filter(|m| m.kind == "report_reminder" && m.recipient.ends_with("cdkg@lantoa.test")).collect();
    // The college's editor, approver and administrator write reports; each once.
    assert_eq!(college.len(), 3, "{college:?}");
    let m = college[0];
    assert_eq!(m.subject, "[Nhắc hạn] Báo cáo 6 tháng đầu năm 2024 – hạn 20/06/2024");
    assert!(m.body_text.contains("Còn 6 ngày đến hạn gửi báo cáo 6 tháng đầu năm 2024 (hạn 20/06/2024)."), "{}", m.body_text);
    assert!(m.body_text.contains("Trường Cao đẳng Kiên Giang chưa gửi báo cáo này."), "{}", m.body_text);
    assert!(m.body_text.contains("https://gdnn.kiengiang.gov.vn/quan-tri/ke-hoach/kh-truyen-thong-gdnn-2023-2025/ky-bao-cao/2024-h1/"), "{}", m.body_text);
    let before = rows.len();
    notifications::remind_due(&app, &mut c).unwrap();
    assert_eq!(outbox_of(&mut c).len(), before, "no second reminder for the same step");

    // The college sends its report: at the 3-day step the others are reminded, not it.
    let writer = person(&mut c, "truong.cdkg@lantoa.test");
    let org = writer.memberships[0].0;
    let key = reports::key(&mut c, "kh-truyen-thong-gdnn-2023-2025", "2024-h1", org).unwrap();
    let mut form = ReportForm::default();
    form.narrative.results = "Đã thực hiện.".into();
    reports::save(&app, &mut c, &writer, &key, &form, true, &meta).unwrap();
    clock.advance(Duration::days(3));
    notifications::remind_due(&app, &mut c).unwrap();
    let rows = outbox_of(&mut c);
    assert!(rows.len() > before, "other units get the 3-day reminder");
    assert_eq!(rows.iter().filter(|m| m.kind == "report_reminder" && m.recipient.ends_with("cdkg@lantoa.test")).count(), 3);

    // Returned with comments → the unit's writers.
    let owner = person(&mut c, "chutri@lantoa.test");
    reports::review(&app, &mut c, &owner, &key, &Review::Return { comment: "Bổ sung minh chứng cho hoạt động 2.3.".into() }, &meta).unwrap();
    let rows = outbox_of(&mut c);
    assert_eq!(
        recipients(&rows, "report_returned"),
        ["duyet.cdkg@lantoa.test", "quantri.cdkg@lantoa.test", "truong.cdkg@lantoa.test"]
    );
    let m = rows.iter().find(|m| m.kind == "report_returned").unwrap();
    assert_eq!(m.subject, "[Báo cáo bị trả lại] Báo cáo 6 tháng đầu năm 2024 – CĐ Kiên Giang");
    assert!(m.body_text.contains("Nhận xét:\nBổ sung minh chứng cho hoạt động 2.3."), "{}", m.body_text);
});

/// A sender that records and fails while told to.
#[derive(Default)]
struct Recorder {
    fail: Mutex<Option<String>>,
    sent: Mutex<Vec<(String, String)>>,
}

impl Sender for Recorder {
    fn send(&self, m: &Outgoing<'_>) -> Result<(), String> {
        if let Some(e) = self.fail.lock().unwrap().clone() {
            return Err(e);
        }
        self.sent
            .lock()
            .unwrap()
            .push((m.to.to_owned(), m.subject.to_owned()));
        Ok(())
    }
}

both_engines!(fn delivery_retries_with_backoff_gives_up_and_sends_each_message_once(db) {
    let (app, clock) = app_at(db, nov26(), true);
    let mut c = db.conn().unwrap();
    lantoa_app::demo::seed(&app, &mut c).unwrap();
    let author = person(&mut c, "truong.cdkg@lantoa.test");
    let id = draft(&app, &mut c, &author);
    content::act(&app, &mut c, &author, id, ContentAction::Submit, "", &RequestMeta::default()).unwrap();
    let queued = outbox_of(&mut c).len();
    assert_eq!(queued, 3);

    let sender = Recorder::default();
    *sender.fail.lock().unwrap() = Some("451 4.3.0 Try again later".into());
    let d = mail::deliver_due(&app, &mut c, &sender, 100).unwrap();
    assert_eq!(d, Delivery { sent: 0, retrying: 3, given_up: 0 });
    let rows = outbox_of(&mut c);
    assert!(rows.iter().all(|m| m.state == "pending" && m.attempts == 1 && m.last_error.contains("451")), "{rows:?}");
    assert!(rows.iter().all(|m| m.next_attempt_at == nov26() + Duration::minutes(1)));
    // Not due yet: nothing is tried.
    assert_eq!(mail::deliver_due(&app, &mut c, &sender, 100).unwrap(), Delivery::default());
    clock.advance(Duration::minutes(1));
    assert_eq!(mail::deliver_due(&app, &mut c, &sender, 100).unwrap().retrying, 3);
    assert!(outbox_of(&mut c).iter().all(|m| m.attempts == 2 && m.next_attempt_at == nov26() + Duration::minutes(6)));

    // The server accepts again: each message is sent once, even when two servers claim.
    *sender.fail.lock().unwrap() = None;
    clock.advance(Duration::minutes(5));
    let first = outbox_of(&mut c)[0].id;
    let stolen = outbox::claim(&mut c, first, "other-server", app.now(), app.now() + Duration::minutes(10)).unwrap();
    assert!(stolen.is_some(), "the other server got the first message");
    assert!(outbox::claim(&mut c, first, "third-server", app.now(), app.now() + Duration::minutes(10)).unwrap().is_none());
    let d = mail::deliver_due(&app, &mut c, &sender, 100).unwrap();
    assert_eq!(d.sent, 2, "the message claimed by the other server is left to it");
    outbox::mark_sent(&mut c, first, "other-server", app.now()).unwrap();
    assert_eq!(mail::deliver_due(&app, &mut c, &sender, 100).unwrap(), Delivery::default());
    let rows = outbox_of(&mut c);
    assert!(rows.iter().all(|m| m.state == "sent" && m.sent_at.is_some() && m.last_error.is_empty()));
    assert_eq!(sender.sent.lock().unwrap().len(), 2);

    // A server that stopped while sending: its claim runs out and the message is sent.
    let approver = person(&mut c, "duyet.cdkg@lantoa.test");
    content::act(&app, &mut c, &approver, id, ContentAction::Return, "Sửa.", &RequestMeta::default()).unwrap();
    let returned = outbox_of(&mut c).last().unwrap().id;
    assert!(outbox::claim(&mut c, returned, "crashed", app.now(), app.now() + Duration::minutes(10)).unwrap().is_some());
    assert_eq!(mail::deliver_due(&app, &mut c, &sender, 100).unwrap().sent, 0);
    clock.advance(Duration::minutes(11));
    assert_eq!(mail::deliver_due(&app, &mut c, &sender, 100).unwrap().sent, 1);

    // Refused every time: given up after max_attempts (3), with the server's answer kept.
    content::act(&app, &mut c, &author, id, ContentAction::Submit, "", &RequestMeta::default()).unwrap();
    *sender.fail.lock().unwrap() = Some("554 5.7.1 Relay access denied".into());
    let mut total = Delivery::default();
    for _ in 0..10 {
        let d = mail::deliver_due(&app, &mut c, &sender, 100).unwrap();
        total.retrying += d.retrying;
        total.given_up += d.given_up;
        clock.advance(Duration::hours(1));
    }
    assert_eq!((total.retrying, total.given_up), (6, 3));
    let failed: Vec<OutboxRow> = outbox_of(&mut c).into_iter().filter(|m| m.state == "failed").collect();
    assert_eq!(failed.len(), 3);
    assert!(failed.iter().all(|m| m.attempts == 3 && m.last_error.contains("554 5.7.1")));
});

#[test]
fn backoff_grows_to_a_day() {
    let minutes: Vec<i64> = (1..=9).map(|a| mail::backoff(a).num_minutes()).collect();
    assert_eq!(minutes, [1, 5, 15, 60, 240, 720, 1440, 1440, 1440]);
}

/// Queues a message directly (as any event would) and takes it through `claim` to `state`.
fn queued(c: &mut lantoa_store::Conn, n: u32, state: &str, at: chrono::NaiveDateTime) -> i64 {
    let key = format!("test:{n}");
    outbox::enqueue(
        c,
        &outbox::NewMail {
            user_id: None,
            recipient: &format!("nguoi{n}@example.vn"),
            kind: "test",
            subject: &format!("Thư số {n}"),
            body_text: "…",
            dedupe_key: &key,
        },
        at,
    )
    .unwrap();
    let id = outbox::list(c, 1).unwrap()[0].id;
    if state != outbox::PENDING {
        let token = format!("t{n}");
        outbox::claim(c, id, &token, at, at + Duration::minutes(5))
            .unwrap()
            .unwrap();
        match state {
            outbox::SENT => outbox::mark_sent(c, id, &token, at).unwrap(),
            outbox::FAILED => {
                outbox::mark_failed(c, id, &token, "554 5.7.1 Relay access denied", None).unwrap()
            }
            _ => {}
        }
    }
    id
}

both_engines!(fn the_outbox_shows_administrators_each_state_and_sent_mail_is_purged_after_ninety_days(db) {
    // Without [smtp] the demo queues nothing: the outbox holds only the four messages below.
    let (app, _) = app_at(db, nov26(), false);
    let mut c = db.conn().unwrap();
    lantoa_app::demo::seed(&app, &mut c).unwrap();
    let old = nov26() - Duration::days(91);
    let old_sent = queued(&mut c, 1, outbox::SENT, old);
    let recent_sent = queued(&mut c, 2, outbox::SENT, nov26() - Duration::days(89));
    let old_failed = queued(&mut c, 3, outbox::FAILED, old);
    let old_pending = queued(&mut c, 4, outbox::PENDING, old);

    // Only system administrators read it (it holds addresses).
    let admin = person(&mut c, "quantri@lantoa.test");
    let owner = person(&mut c, "chutri@lantoa.test");
    let page = lantoa_store::PageRequest::new(1, 50);
    assert!(matches!(mail::outbox(&app, &mut c, &owner, "", page), Err(lantoa_app::Error::Denied)));
    let all = mail::outbox(&app, &mut c, &admin, "", page).unwrap();
    assert_eq!(all.page.total, 4);
    assert_eq!(all.counts, vec![(outbox::PENDING, 1), (outbox::SENDING, 0), (outbox::SENT, 2), (outbox::FAILED, 1)]);
    let failed = mail::outbox(&app, &mut c, &admin, "failed", page).unwrap();
    assert_eq!(failed.page.items.iter().map(|m| (m.id, m.last_error.as_str())).collect::<Vec<_>>(), [(old_failed, "554 5.7.1 Relay access denied")]);
    assert_eq!(mail::outbox(&app, &mut c, &admin, "khong-ro", page).unwrap().page.total, 4, "an unknown state shows everything");
    assert_eq!(mail::state_label("failed"), "Không gửi được");

    // The hourly purge: sent more than 90 days ago goes; the rest stays.
    assert_eq!(mail::purge_sent(&app, &mut c).unwrap(), 1);
    let left: Vec<i64> = outbox::list(&mut c, 10).unwrap().iter().map(|m| m.id).collect();
    assert!(!left.contains(&old_sent));
    for id in [recent_sent, old_failed, old_pending] {
        assert!(left.contains(&id), "{id} stays");
    }
    assert_eq!(mail::purge_sent(&app, &mut c).unwrap(), 0);
});
