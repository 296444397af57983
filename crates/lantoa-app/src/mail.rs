//! E-mail (docs/adr/0019-mail-outbox.md; issue 3 point 3, issue 5 point 8). When the binary
//! has an `[smtp]` section, the events that notify in-app also queue e-mails to the people
//! concerned, in the same transaction (the outbox): an e-mail is never lost, nor sent for a
//! change that rolled back. The delivery job ([`deliver_due`]) claims, sends and marks them,
//! retrying with backoff. Without `[smtp]` nothing is queued: notifications stay in-app.
//!
//! What goes into an e-mail: titles of content items, report periods, organisation names,
//! reasons and comments written by staff, and links. Never applicant data.

use chrono::{Duration, NaiveDateTime};
use lantoa_domain::access::{OrgRole, Principal};
use lantoa_domain::content::ContentAction;
use lantoa_domain::{OrgId, UserId};
use lantoa_store::outbox::{self as store, NewMail, Recipient};
use lantoa_store::{Conn, orgs, write_tx};

use crate::audit::{self, Actor};
use crate::{App, RequestMeta, Result};

/// What the use cases need to know about e-mail.
#[derive(Debug, Clone)]
pub struct MailConfig {
    /// `[smtp]` is configured: queue e-mails. Off by default (and in tests unless set).
    pub enabled: bool,
    /// The portal's public address (`site.public_url`, no trailing slash) for links.
    pub public_url: String,
    /// The portal's name, in the footer.
    pub site_name: String,
    /// Attempts before a message is given up (marked failed).
    pub max_attempts: i32,
}

impl Default for MailConfig {
    fn default() -> Self {
        MailConfig {
            enabled: false,
            public_url: String::new(),
            site_name: "Cổng thông tin Giáo dục nghề nghiệp".into(),
            max_attempts: 8,
        }
    }
}

/// Where a user turns e-mail off.
pub const PREFERENCES_PATH: &str = "/tai-khoan/thu-dien-tu";

/// Roles that approve an organisation's content.
const APPROVERS: &[OrgRole] = &[OrgRole::Approver, OrgRole::OrgAdmin];
/// Roles that write an organisation's reports.
const WRITERS: &[OrgRole] = &[OrgRole::Editor, OrgRole::Approver, OrgRole::OrgAdmin];

#[allow(clippy::too_many_arguments)]
fn queue(
    app: &App,
    c: &mut Conn,
    to: &[Recipient],
    kind: &str,
    subject: &str,
    body: &dyn Fn(&Recipient) -> String,
    key: &str,
    now: NaiveDateTime,
) -> Result<usize> {
    let mut n = 0;
    for r in to {
        let text = format!(
            "Kính gửi {},\n\n{}\n\n-- \nThư này được gửi tự động từ {}; vui lòng không trả lời thư này.\nKhông muốn nhận thư điện tử? Tắt tại {}{} (thông báo trong trang quản trị vẫn hiển thị).\n",
            r.display_name,
            body(r).trim_end(),
            app.mail.site_name,
            app.mail.public_url,
            PREFERENCES_PATH
        );
        let m = NewMail {
            user_id: Some(r.user_id),
            recipient: &r.email,
            kind,
            subject,
            body_text: &text,
            dedupe_key: &format!("{key}:u{}", r.user_id.0),
        };
        if store::enqueue(c, &m, now)? {
            n += 1;
        }
    }
    Ok(n)
}

fn link(app: &App, path: &str) -> String {
    format!("{}{path}", app.mail.public_url)
}

/// E-mails about a content item (inside the workflow transaction): submitted → the approvers
/// of its organisation and of the lead department (plan owners), except its author; returned,
/// scheduled or published → its author. Other actions send nothing.
#[allow(clippy::too_many_arguments)]
pub(crate) fn content_event(
    app: &App,
    c: &mut Conn,
    org: OrgId,
    content_id: i64,
    title: &str,
    action: ContentAction,
    reason: &str,
    now: NaiveDateTime,
) -> Result<()> {
    if !app.mail.enabled {
        return Ok(());
    }
    let author = lantoa_store::content::get(c, content_id)?.and_then(|r| r.author_user_id);
    let url = link(app, &format!("/quan-tri/noi-dung/{content_id}"));
    let key = format!(
        "content:{content_id}:{}:{}",
        action.code(),
        now.and_utc().timestamp_micros()
    );
    let author_only = |c: &mut Conn| -> Result<Vec<Recipient>> {
        Ok(match author {
            Some(a) => store::user(c, UserId(a))?.into_iter().collect(),
            None => Vec::new(),
        })
    };
    match action {
        ContentAction::Submit => {
            let org_name = orgs::get(c, org)?.map(|o| o.name).unwrap_or_default();
            let mut to = store::members_with_roles(c, org, APPROVERS)?;
            for r in store::plan_owners(c)? {
                if !to.iter().any(|t| t.user_id == r.user_id) {
                    to.push(r);
                }
            }
            to.retain(|r| Some(r.user_id.0) != author);
            queue(
                app,
                c,
                &to,
                "content_submitted",
                &format!("[Chờ duyệt] {title}"),
                &|_| format!("{org_name} vừa gửi “{title}” để duyệt.\n\nXem và duyệt tại: {url}"),
                &key,
                now,
            )?;
        }
        ContentAction::Return => {
            let to = author_only(c)?;
            queue(
                app,
                c,
                &to,
                "content_returned",
                &format!("[Bị trả lại] {title}"),
                &|_| {
                    format!(
                        "“{title}” đã bị trả lại để chỉnh sửa.\n\nLý do: {reason}\n\nSửa và gửi duyệt lại tại: {url}"
                    )
                },
                &key,
                now,
            )?;
        }
        ContentAction::Schedule => {
            let to = author_only(c)?;
            let at = lantoa_store::content::get(c, content_id)?
                .and_then(|r| r.scheduled_at)
                .map(|t| format!(" lúc {}", crate::clock::format_vn(t)))
                .unwrap_or_default();
            queue(
                app,
                c,
                &to,
                "content_scheduled",
                &format!("[Đã duyệt] {title}"),
                &|_| {
                    format!("“{title}” đã được duyệt và sẽ tự động xuất bản{at}.\n\nXem tại: {url}")
                },
                &key,
                now,
            )?;
        }
        ContentAction::Publish => {
            let to = author_only(c)?;
            queue(
                app,
                c,
                &to,
                "content_published",
                &format!("[Đã xuất bản] {title}"),
                &|_| format!("“{title}” đã được xuất bản trên cổng thông tin.\n\nXem tại: {url}"),
                &key,
                now,
            )?;
        }
        // Taken off the portal by an approver: the author hears it from the system rather
        // than from a reader.
        ContentAction::Withdraw | ContentAction::Unpublish => {
            let to = author_only(c)?;
            let (subject, what) = if action == ContentAction::Withdraw {
                (
                    "[Đã gỡ]",
                    "đã bị gỡ khỏi cổng thông tin; địa chỉ của bài vẫn còn và hiển thị thông báo đã gỡ",
                )
            } else {
                (
                    "[Thôi xuất bản]",
                    "đã thôi xuất bản và trở về bản nháp; có thể sửa rồi gửi duyệt lại",
                )
            };
            let because = if reason.trim().is_empty() {
                String::new()
            } else {
                format!("\n\nLý do: {}", reason.trim())
            };
            queue(
                app,
                c,
                &to,
                if action == ContentAction::Withdraw {
                    "content_withdrawn"
                } else {
                    "content_unpublished"
                },
                &format!("{subject} {title}"),
                &|_| format!("“{title}” {what}.{because}\n\nXem tại: {url}"),
                &key,
                now,
            )?;
        }
        _ => {}
    }
    Ok(())
}

/// E-mails the report writers of a unit whose report was returned (inside the review
/// transaction).
pub(crate) fn report_returned(
    app: &App,
    c: &mut Conn,
    key: &crate::reports::ReportKey,
    report_id: i64,
    comment: &str,
    now: NaiveDateTime,
) -> Result<()> {
    if !app.mail.enabled {
        return Ok(());
    }
    let to = store::members_with_roles(c, key.org.org_id(), WRITERS)?;
    let url = link(
        app,
        &format!(
            "/quan-tri/ke-hoach/{}/ky-bao-cao/{}/{}",
            key.plan.slug,
            key.period.code(),
            key.org.id
        ),
    );
    let label = key.period.label();
    let org_name = &key.org.name;
    queue(
        app,
        c,
        &to,
        "report_returned",
        &format!(
            "[Báo cáo bị trả lại] Báo cáo {label} – {}",
            key.org.short_name
        ),
        &|_| {
            format!(
                "Báo cáo {label} của {org_name} đã bị trả lại để bổ sung, chỉnh sửa.\n\nNhận xét:\n{comment}\n\nSửa và gửi lại tại: {url}"
            )
        },
        &format!("returned:{report_id}:{}", now.and_utc().timestamp_micros()),
        now,
    )?;
    Ok(())
}

/// E-mails a deadline reminder to the report writers of a unit that owes the report and has
/// not sent it (inside the reminder transaction; `dedupe` is the reminder's own key, so a
/// reminder step is e-mailed once per person).
#[allow(clippy::too_many_arguments)]
pub(crate) fn reminder(
    app: &App,
    c: &mut Conn,
    org: OrgId,
    org_name: &str,
    subject: &str,
    message: &str,
    path: &str,
    dedupe: &str,
    now: NaiveDateTime,
) -> Result<()> {
    if !app.mail.enabled {
        return Ok(());
    }
    let to = store::members_with_roles(c, org, WRITERS)?;
    let url = link(app, path);
    queue(
        app,
        c,
        &to,
        "report_reminder",
        subject,
        &|_| {
            format!("{message}\n{org_name} chưa gửi báo cáo này.\n\nSoạn và gửi báo cáo tại: {url}")
        },
        dedupe,
        now,
    )?;
    Ok(())
}

/// One message handed to a [`Sender`].
#[derive(Debug, Clone)]
pub struct Outgoing<'a> {
    pub to: &'a str,
    pub subject: &'a str,
    pub body_text: &'a str,
}

/// Sends one message (the SMTP client lives in the binary; tests use a real SMTP peer).
pub trait Sender: Send + Sync {
    /// `Err` carries the server's answer or the connection error, in a sentence.
    fn send(&self, m: &Outgoing<'_>) -> std::result::Result<(), String>;
}

/// What one round of delivery did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Delivery {
    pub sent: usize,
    /// Failed this time, will be tried again.
    pub retrying: usize,
    /// Failed for the last allowed time: given up.
    pub given_up: usize,
}

/// The wait before attempt `attempts + 1`, after `attempts` failed ones: 1, 5, 15 minutes,
/// 1, 4, 12 hours, then a day.
pub fn backoff(attempts: i32) -> Duration {
    const MINUTES: [i64; 7] = [1, 5, 15, 60, 240, 720, 1440];
    let i = usize::try_from(attempts.max(1) - 1).unwrap_or(0);
    Duration::minutes(MINUTES[i.min(MINUTES.len() - 1)])
}

/// How long a claim holds: a server that stops while sending leaves the message to be
/// claimed again after this.
const CLAIM: Duration = Duration::minutes(10);

/// Sends up to `limit` due messages. Each is claimed with one `UPDATE` first, so two servers
/// never send the same message; sending happens outside any transaction. Errors go into
/// the row (`last_error`); the log gets the message id only (no address or text).
pub fn deliver_due(
    app: &App,
    conn: &mut Conn,
    sender: &dyn Sender,
    limit: i64,
) -> Result<Delivery> {
    let mut done = Delivery::default();
    let now = app.now();
    for id in store::due(conn, now, limit)? {
        let token = format!("{:016x}", rand::random::<u64>());
        let Some(row) = store::claim(conn, id, &token, now, now + CLAIM)? else {
            continue;
        };
        let m = Outgoing {
            to: &row.recipient,
            subject: &row.subject,
            body_text: &row.body_text,
        };
        match sender.send(&m) {
            Ok(()) => {
                store::mark_sent(conn, id, &token, app.now())?;
                tracing::info!(mail = id, kind = %row.kind, "e-mail sent");
                done.sent += 1;
            }
            Err(e) => {
                let error: String = e.chars().take(1000).collect();
                if row.attempts >= app.mail.max_attempts {
                    store::mark_failed(conn, id, &token, &error, None)?;
                    tracing::warn!(mail = id, kind = %row.kind, attempts = row.attempts, "e-mail given up after the last attempt");
                    done.given_up += 1;
                } else {
                    let at = app.now() + backoff(row.attempts);
                    store::mark_failed(conn, id, &token, &error, Some(at))?;
                    tracing::warn!(mail = id, kind = %row.kind, attempts = row.attempts, retry_at = %at, "e-mail not sent; will retry");
                    done.retrying += 1;
                }
            }
        }
    }
    Ok(done)
}

/// Whether the user receives e-mail (true unless they turned it off).
pub fn wants_mail(conn: &mut Conn, principal: &Principal) -> Result<bool> {
    Ok(!store::opted_out(conn, principal.user)?)
}

/// The user turns e-mail on or off for themselves (in-app notifications stay).
pub fn set_wants_mail(
    app: &App,
    conn: &mut Conn,
    principal: &Principal,
    wants: bool,
    meta: &RequestMeta,
) -> Result<()> {
    let now = app.now();
    let actor = Actor::principal(principal, meta);
    write_tx(conn, |c| {
        store::set_wants_mail(c, principal.user, wants, now)?;
        audit::record(
            c,
            now,
            &actor,
            "user.mail_preference",
            ("user", principal.user.0.to_string()),
            None,
            serde_json::json!({ "wants_mail": wants }),
        )?;
        Ok::<_, crate::Error>(())
    })
}

/// How long a sent message stays in the outbox before [`purge_sent`] removes it.
pub const KEEP_SENT_DAYS: i64 = 90;

/// The outbox as system administrators see it (`/quan-tri/thu-dien-tu`).
#[derive(Debug, Clone)]
pub struct OutboxView {
    pub page: lantoa_store::Page<store::OutboxRow>,
    /// (state, how many) for every state, in [`STATES`] order.
    pub counts: Vec<(&'static str, i64)>,
    pub enabled: bool,
}

/// The outbox's states with their labels, in the order the page shows them.
pub const STATES: [(&str, &str); 4] = [
    (store::PENDING, "Chờ gửi"),
    (store::SENDING, "Đang gửi"),
    (store::SENT, "Đã gửi"),
    (store::FAILED, "Không gửi được"),
];

/// The label of an outbox state.
pub fn state_label(state: &str) -> &'static str {
    STATES
        .iter()
        .find(|(code, _)| *code == state)
        .map_or("", |(_, label)| label)
}

/// A page of the outbox, newest first (system administrators only: it holds addresses).
/// An unknown `state` shows every message.
pub fn outbox(
    app: &App,
    conn: &mut Conn,
    principal: &Principal,
    state: &str,
    page: lantoa_store::PageRequest,
) -> Result<OutboxView> {
    if !principal.is_system_admin {
        return Err(crate::Error::Denied);
    }
    let state = STATES.iter().map(|(code, _)| *code).find(|c| *c == state);
    let stored = store::counts(conn)?;
    let counts = STATES
        .iter()
        .map(|(code, _)| {
            let n = stored
                .iter()
                .find(|(s, _)| s == code)
                .map_or(0, |(_, n)| *n);
            (*code, n)
        })
        .collect();
    Ok(OutboxView {
        page: store::page(conn, state, page)?,
        counts,
        enabled: app.mail.enabled,
    })
}

/// Removes the messages sent more than [`KEEP_SENT_DAYS`] days ago (`serve`'s hourly job).
/// Messages waiting or given up stay until someone looks at them.
pub fn purge_sent(app: &App, conn: &mut Conn) -> Result<usize> {
    Ok(store::purge_sent(
        conn,
        app.now() - Duration::days(KEEP_SENT_DAYS),
    )?)
}
