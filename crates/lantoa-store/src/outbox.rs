//! The e-mail outbox (docs/adr/0019-mail-outbox.md): messages are written in the same
//! transaction as the event that causes them, then claimed, sent and marked by the delivery
//! job. A claim is one `UPDATE … WHERE state …`: when two servers run, only one gets the row.
//! Also the users who asked for no e-mail.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use lantoa_domain::UserId;
use lantoa_domain::access::OrgRole;

use crate::schema::{mail_opt_outs, mail_outbox, memberships, users};
use crate::{Conn, Page, PageRequest, StoreResult};

pub const PENDING: &str = "pending";
pub const SENDING: &str = "sending";
pub const SENT: &str = "sent";
pub const FAILED: &str = "failed";

/// One message in the outbox.
#[derive(Debug, Clone, PartialEq, Eq, Queryable, Selectable)]
#[diesel(table_name = mail_outbox)]
pub struct OutboxRow {
    pub id: i64,
    pub user_id: Option<i64>,
    pub recipient: String,
    pub kind: String,
    pub subject: String,
    pub body_text: String,
    pub dedupe_key: String,
    pub state: String,
    pub attempts: i32,
    pub next_attempt_at: NaiveDateTime,
    pub claim_token: Option<String>,
    pub claimed_until: Option<NaiveDateTime>,
    pub last_error: String,
    pub created_at: NaiveDateTime,
    pub sent_at: Option<NaiveDateTime>,
}

/// A message to queue.
#[derive(Debug, Clone)]
pub struct NewMail<'a> {
    pub user_id: Option<UserId>,
    pub recipient: &'a str,
    pub kind: &'a str,
    pub subject: &'a str,
    pub body_text: &'a str,
    pub dedupe_key: &'a str,
}

/// Queues a message unless one with the same `dedupe_key` exists. Returns whether it was new.
pub fn enqueue(conn: &mut Conn, m: &NewMail<'_>, now: NaiveDateTime) -> StoreResult<bool> {
    let exists = mail_outbox::table
        .filter(mail_outbox::dedupe_key.eq(m.dedupe_key))
        .count()
        .get_result::<i64>(conn)?
        > 0;
    if exists {
        return Ok(false);
    }
    diesel::insert_into(mail_outbox::table)
        .values((
            mail_outbox::user_id.eq(m.user_id.map(|u| u.0)),
            mail_outbox::recipient.eq(m.recipient),
            mail_outbox::kind.eq(m.kind),
            mail_outbox::subject.eq(m.subject),
            mail_outbox::body_text.eq(m.body_text),
            mail_outbox::dedupe_key.eq(m.dedupe_key),
            mail_outbox::state.eq(PENDING),
            mail_outbox::attempts.eq(0),
            mail_outbox::next_attempt_at.eq(now),
            mail_outbox::last_error.eq(""),
            mail_outbox::created_at.eq(now),
        ))
        .execute(conn)?;
    Ok(true)
}

/// Ids of messages that may be claimed now: pending and due, or claimed by a server whose
/// claim ran out (it stopped while sending). Oldest first.
pub fn due(conn: &mut Conn, now: NaiveDateTime, limit: i64) -> StoreResult<Vec<i64>> {
    Ok(mail_outbox::table
        .filter(
            mail_outbox::state
                .eq(PENDING)
                .and(mail_outbox::next_attempt_at.le(now))
                .or(mail_outbox::state
                    .eq(SENDING)
                    .and(mail_outbox::claimed_until.lt(now))),
        )
        .order(mail_outbox::id)
        .limit(limit)
        .select(mail_outbox::id)
        .load(conn)?)
}

/// Claims one message for sending until `until`; counts the attempt. Returns the row when
/// this caller got it, `None` when another server did (or it is no longer due).
pub fn claim(
    conn: &mut Conn,
    id: i64,
    token: &str,
    now: NaiveDateTime,
    until: NaiveDateTime,
) -> StoreResult<Option<OutboxRow>> {
    let n = diesel::update(
        mail_outbox::table.filter(
            mail_outbox::id.eq(id).and(
                mail_outbox::state
                    .eq(PENDING)
                    .and(mail_outbox::next_attempt_at.le(now))
                    .or(mail_outbox::state
                        .eq(SENDING)
                        .and(mail_outbox::claimed_until.lt(now))),
            ),
        ),
    )
    .set((
        mail_outbox::state.eq(SENDING),
        mail_outbox::claim_token.eq(token),
        mail_outbox::claimed_until.eq(until),
        mail_outbox::attempts.eq(mail_outbox::attempts + 1),
    ))
    .execute(conn)?;
    if n == 0 {
        return Ok(None);
    }
    Ok(mail_outbox::table
        .find(id)
        .filter(mail_outbox::claim_token.eq(token))
        .select(OutboxRow::as_select())
        .first(conn)
        .optional()?)
}

/// Marks a claimed message sent.
pub fn mark_sent(conn: &mut Conn, id: i64, token: &str, now: NaiveDateTime) -> StoreResult<()> {
    diesel::update(
        mail_outbox::table.filter(
            mail_outbox::id
                .eq(id)
                .and(mail_outbox::claim_token.eq(token)),
        ),
    )
    .set((
        mail_outbox::state.eq(SENT),
        mail_outbox::sent_at.eq(now),
        mail_outbox::claimed_until.eq(None::<NaiveDateTime>),
        mail_outbox::last_error.eq(""),
    ))
    .execute(conn)?;
    Ok(())
}

/// Records a failed attempt: back to pending until `retry_at`, or failed for good when
/// `retry_at` is `None`.
pub fn mark_failed(
    conn: &mut Conn,
    id: i64,
    token: &str,
    error: &str,
    retry_at: Option<NaiveDateTime>,
) -> StoreResult<()> {
    let target = mail_outbox::table.filter(
        mail_outbox::id
            .eq(id)
            .and(mail_outbox::claim_token.eq(token)),
    );
    match retry_at {
        Some(at) => diesel::update(target)
            .set((
                mail_outbox::state.eq(PENDING),
                mail_outbox::next_attempt_at.eq(at),
                mail_outbox::claimed_until.eq(None::<NaiveDateTime>),
                mail_outbox::last_error.eq(error),
            ))
            .execute(conn)?,
        None => diesel::update(target)
            .set((
                mail_outbox::state.eq(FAILED),
                mail_outbox::claimed_until.eq(None::<NaiveDateTime>),
                mail_outbox::last_error.eq(error),
            ))
            .execute(conn)?,
    };
    Ok(())
}

/// Every message, newest first (for tests and operators).
pub fn list(conn: &mut Conn, limit: i64) -> StoreResult<Vec<OutboxRow>> {
    Ok(mail_outbox::table
        .order(mail_outbox::id.desc())
        .limit(limit)
        .select(OutboxRow::as_select())
        .load(conn)?)
}

/// A page of the outbox, newest first; with `state`, only the messages in that state.
pub fn page(
    conn: &mut Conn,
    state: Option<&str>,
    page: PageRequest,
) -> StoreResult<Page<OutboxRow>> {
    let build = || {
        let mut q = mail_outbox::table.into_boxed();
        if let Some(s) = state {
            q = q.filter(mail_outbox::state.eq(s.to_owned()));
        }
        q
    };
    let total = build().count().get_result::<i64>(conn)?;
    let items = build()
        .order(mail_outbox::id.desc())
        .limit(page.per_page)
        .offset(page.offset())
        .select(OutboxRow::as_select())
        .load(conn)?;
    Ok(Page {
        items,
        total,
        page: page.page,
        per_page: page.per_page,
    })
}

/// How many messages are in each state.
pub fn counts(conn: &mut Conn) -> StoreResult<Vec<(String, i64)>> {
    Ok(mail_outbox::table
        .group_by(mail_outbox::state)
        .select((mail_outbox::state, diesel::dsl::count_star()))
        .load(conn)?)
}

/// Deletes the messages sent before `before`; returns how many.
pub fn purge_sent(conn: &mut Conn, before: NaiveDateTime) -> StoreResult<usize> {
    Ok(diesel::delete(
        mail_outbox::table.filter(
            mail_outbox::state
                .eq(SENT)
                .and(mail_outbox::sent_at.lt(before)),
        ),
    )
    .execute(conn)?)
}

/// A person to write to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Recipient {
    pub user_id: UserId,
    pub email: String,
    pub display_name: String,
}

fn wants_mail(conn: &mut Conn, rows: Vec<(i64, String, String)>) -> StoreResult<Vec<Recipient>> {
    let ids: Vec<i64> = rows.iter().map(|r| r.0).collect();
    let out: Vec<i64> = mail_opt_outs::table
        .filter(mail_opt_outs::user_id.eq_any(ids))
        .select(mail_opt_outs::user_id)
        .load(conn)?;
    let mut seen = std::collections::BTreeSet::new();
    Ok(rows
        .into_iter()
        .filter(|r| !out.contains(&r.0) && seen.insert(r.0))
        .map(|(id, email, display_name)| Recipient {
            user_id: UserId(id),
            email,
            display_name,
        })
        .collect())
}

/// Active members of `org` with one of `roles`, who did not opt out of e-mail.
pub fn members_with_roles(
    conn: &mut Conn,
    org: lantoa_domain::OrgId,
    roles: &[OrgRole],
) -> StoreResult<Vec<Recipient>> {
    let codes: Vec<&str> = roles.iter().map(|r| r.code()).collect();
    let rows: Vec<(i64, String, String)> = users::table
        .inner_join(memberships::table)
        .filter(memberships::organisation_id.eq(org.0))
        .filter(memberships::role.eq_any(codes))
        .filter(users::is_active.eq(true))
        .order(users::id)
        .select((users::id, users::email, users::display_name))
        .load(conn)?;
    wants_mail(conn, rows)
}

/// Active plan owners (the lead department's staff), who did not opt out of e-mail.
pub fn plan_owners(conn: &mut Conn) -> StoreResult<Vec<Recipient>> {
    let rows: Vec<(i64, String, String)> = users::table
        .filter(users::is_plan_owner.eq(true))
        .filter(users::is_active.eq(true))
        .order(users::id)
        .select((users::id, users::email, users::display_name))
        .load(conn)?;
    wants_mail(conn, rows)
}

/// One user if active and not opted out.
pub fn user(conn: &mut Conn, id: UserId) -> StoreResult<Option<Recipient>> {
    let rows: Vec<(i64, String, String)> = users::table
        .filter(users::id.eq(id.0))
        .filter(users::is_active.eq(true))
        .select((users::id, users::email, users::display_name))
        .load(conn)?;
    Ok(wants_mail(conn, rows)?.into_iter().next())
}

/// Whether a user asked for no e-mail.
pub fn opted_out(conn: &mut Conn, user: UserId) -> StoreResult<bool> {
    Ok(mail_opt_outs::table
        .find(user.0)
        .count()
        .get_result::<i64>(conn)?
        > 0)
}

/// Records a user's choice: `true` = send e-mail (the default), `false` = in-app only.
pub fn set_wants_mail(
    conn: &mut Conn,
    user: UserId,
    wants: bool,
    now: NaiveDateTime,
) -> StoreResult<()> {
    diesel::delete(mail_opt_outs::table.find(user.0)).execute(conn)?;
    if !wants {
        diesel::insert_into(mail_opt_outs::table)
            .values((
                mail_opt_outs::user_id.eq(user.0),
                mail_opt_outs::created_at.eq(now),
            ))
            .execute(conn)?;
    }
    Ok(())
}
