//! Reminders (issue 5, point 8): in-app notifications to organisations that have not sent a
//! report as its deadline approaches (7, 3 and 1 days before), and when a report is returned.
//! Run by `lantoa serve` every hour; each reminder is given once (a dedupe key).
//! With `[smtp]` configured, each new notification also queues e-mails to the people
//! concerned in the same transaction ([`crate::mail`]); a user may turn e-mail off.

use lantoa_domain::OrgId;
use lantoa_domain::access::Principal;
use lantoa_store::notifications::{self as store, NotificationRow};
use lantoa_store::{Conn, plans as store_plans, write_tx};

use crate::{App, Result, periods, reports};

/// Sends the due-date reminders for today. Returns how many were new.
pub fn remind_due(app: &App, conn: &mut Conn) -> Result<usize> {
    let today = app.clock.today();
    let now = app.now();
    let mut sent = 0;
    for plan in store_plans::list(conn)? {
        let ctx = periods::PlanContext::load(conn, &plan)?;
        for period in periods::all(conn, &plan)? {
            let days = (period.unit_due - today).num_days();
            if !(0..=7).contains(&days) {
                continue;
            }
            let bucket = if days <= 1 {
                1
            } else if days <= 3 {
                3
            } else {
                7
            };
            let states = reports::states(conn, plan.plan_id(), &period)?;
            let owed = periods::obligations_in(&ctx, &period);
            write_tx(conn, |c| {
                for o in &owed {
                    if states
                        .get(&o.holder.id)
                        .is_some_and(|(_, submitted)| submitted.is_some())
                    {
                        continue;
                    }
                    let message = if days == 0 {
                        format!(
                            "Hôm nay là hạn gửi báo cáo {} của {}.",
                            period.label(),
                            o.holder.short_name
                        )
                    } else {
                        format!(
                            "Còn {days} ngày đến hạn gửi báo cáo {} (hạn {}).",
                            period.label(),
                            crate::clock::format_date(period.unit_due)
                        )
                    };
                    let link = format!(
                        "/quan-tri/ke-hoach/{}/ky-bao-cao/{}/{}",
                        plan.slug,
                        period.code(),
                        o.holder.id
                    );
                    let key = format!(
                        "remind:{}:{}:{}:{bucket}",
                        plan.id,
                        period.code(),
                        o.holder.id
                    );
                    if store::add_once(
                        c,
                        o.holder.org_id(),
                        "reminder",
                        &message,
                        &link,
                        &key,
                        now,
                    )? {
                        sent += 1;
                        let subject = format!(
                            "[Nhắc hạn] Báo cáo {} – hạn {}",
                            period.label(),
                            crate::clock::format_date(period.unit_due)
                        );
                        crate::mail::reminder(
                            app,
                            c,
                            o.holder.org_id(),
                            &o.holder.name,
                            &subject,
                            &message,
                            &link,
                            &key,
                            now,
                        )?;
                    }
                }
                Ok::<_, crate::Error>(())
            })?;
        }
    }
    Ok(sent)
}

/// Tells an organisation its report was returned (called inside the review transaction).
pub(crate) fn returned(
    app: &App,
    conn: &mut Conn,
    key: &reports::ReportKey,
    report_id: i64,
    comment: &str,
    now: chrono::NaiveDateTime,
) -> Result<()> {
    let message = format!("Báo cáo {} bị trả lại: {comment}", key.period.label());
    let link = format!(
        "/quan-tri/ke-hoach/{}/ky-bao-cao/{}/{}",
        key.plan.slug,
        key.period.code(),
        key.org.id
    );
    let dedupe = format!("returned:{report_id}:{}", now.and_utc().timestamp());
    store::add_once(
        conn,
        key.org.org_id(),
        "returned",
        &message,
        &link,
        &dedupe,
        now,
    )?;
    crate::mail::report_returned(app, conn, key, report_id, comment, now)?;
    Ok(())
}

/// Tells the author organisation what happened to one of its content items: waiting for
/// approval (its approvers act), returned with the reason, scheduled, published or withdrawn
/// (called inside the workflow transaction). Saves and cancelled schedules tell no one.
#[allow(clippy::too_many_arguments)]
pub(crate) fn content_event(
    app: &App,
    conn: &mut Conn,
    org: OrgId,
    content_id: i64,
    title: &str,
    action: lantoa_domain::content::ContentAction,
    reason: &str,
    now: chrono::NaiveDateTime,
) -> Result<()> {
    use lantoa_domain::content::ContentAction as A;
    let message = match action {
        A::Submit => format!("“{title}” đang chờ duyệt."),
        A::Return => format!("“{title}” bị trả lại: {reason}"),
        A::Schedule => format!("“{title}” đã được duyệt và hẹn giờ xuất bản."),
        A::Publish => format!("“{title}” đã được xuất bản."),
        A::Withdraw => format!("“{title}” đã bị gỡ khỏi cổng thông tin."),
        A::Unpublish => format!("“{title}” đã thôi xuất bản và trở về bản nháp."),
        A::Save | A::Unschedule => return Ok(()),
    };
    let link = format!("/quan-tri/noi-dung/{content_id}");
    let dedupe = format!(
        "content:{content_id}:{}:{}",
        action.code(),
        now.and_utc().timestamp_micros()
    );
    store::add_once(conn, org, "content", &message, &link, &dedupe, now)?;
    crate::mail::content_event(app, conn, org, content_id, title, action, reason, now)?;
    Ok(())
}

/// The latest notifications for the organisations a principal belongs to.
pub fn for_principal(conn: &mut Conn, principal: &Principal) -> Result<Vec<NotificationRow>> {
    let orgs: Vec<OrgId> = principal.memberships.iter().map(|(o, _)| *o).collect();
    if orgs.is_empty() {
        return Ok(Vec::new());
    }
    Ok(store::latest(conn, &orgs, 10)?)
}
