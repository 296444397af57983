//! User accounts and their memberships in organisations.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use lantoa_domain::access::OrgRole;
use lantoa_domain::{OrgId, UserId};

use crate::schema::{memberships, organisations, users};
use crate::{Conn, Page, PageRequest, StoreResult};

/// A user as stored (the password hash included: never send this to a page).
#[derive(Debug, Clone, PartialEq, Eq, Queryable, Selectable)]
#[diesel(table_name = users)]
pub struct UserRow {
    pub id: i64,
    pub email: String,
    pub display_name: String,
    pub password_hash: String,
    pub is_system_admin: bool,
    pub is_plan_owner: bool,
    pub is_active: bool,
    pub must_change_password: bool,
    pub failed_logins: i32,
    pub locked_until: Option<NaiveDateTime>,
    pub last_login_at: Option<NaiveDateTime>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

impl UserRow {
    pub fn user_id(&self) -> UserId {
        UserId(self.id)
    }
}

#[derive(Debug, Clone)]
pub struct NewUser<'a> {
    pub email: &'a str,
    pub display_name: &'a str,
    pub password_hash: &'a str,
    pub is_system_admin: bool,
    pub is_plan_owner: bool,
    pub must_change_password: bool,
}

pub fn insert(conn: &mut Conn, u: &NewUser<'_>, now: NaiveDateTime) -> StoreResult<UserId> {
    let id = diesel::insert_into(users::table)
        .values((
            users::email.eq(u.email),
            users::display_name.eq(u.display_name),
            users::password_hash.eq(u.password_hash),
            users::is_system_admin.eq(u.is_system_admin),
            users::is_plan_owner.eq(u.is_plan_owner),
            users::is_active.eq(true),
            users::must_change_password.eq(u.must_change_password),
            users::failed_logins.eq(0),
            users::created_at.eq(now),
            users::updated_at.eq(now),
        ))
        .returning(users::id)
        .get_result::<i64>(conn)?;
    Ok(UserId(id))
}

pub fn get(conn: &mut Conn, id: UserId) -> StoreResult<Option<UserRow>> {
    Ok(users::table
        .find(id.0)
        .select(UserRow::as_select())
        .first(conn)
        .optional()?)
}

/// By e-mail address (stored lower-case).
pub fn by_email(conn: &mut Conn, email: &str) -> StoreResult<Option<UserRow>> {
    Ok(users::table
        .filter(users::email.eq(email))
        .select(UserRow::as_select())
        .first(conn)
        .optional()?)
}

pub fn count(conn: &mut Conn) -> StoreResult<i64> {
    Ok(users::table.count().get_result(conn)?)
}

pub fn set_password(
    conn: &mut Conn,
    id: UserId,
    hash: &str,
    must_change: bool,
    now: NaiveDateTime,
) -> StoreResult<bool> {
    let n = diesel::update(users::table.find(id.0))
        .set((
            users::password_hash.eq(hash),
            users::must_change_password.eq(must_change),
            users::failed_logins.eq(0),
            users::locked_until.eq(None::<NaiveDateTime>),
            users::updated_at.eq(now),
        ))
        .execute(conn)?;
    Ok(n == 1)
}

pub fn set_profile(
    conn: &mut Conn,
    id: UserId,
    display_name: &str,
    is_active: bool,
    platform: Option<(bool, bool)>,
    now: NaiveDateTime,
) -> StoreResult<bool> {
    let n = diesel::update(users::table.find(id.0))
        .set((
            users::display_name.eq(display_name),
            users::is_active.eq(is_active),
            users::updated_at.eq(now),
        ))
        .execute(conn)?;
    if let Some((system_admin, plan_owner)) = platform {
        diesel::update(users::table.find(id.0))
            .set((
                users::is_system_admin.eq(system_admin),
                users::is_plan_owner.eq(plan_owner),
            ))
            .execute(conn)?;
    }
    Ok(n == 1)
}

/// Records a failed sign-in; locks the account until `lock_until` once `failures` reaches
/// `max_failures`. Returns the new failure count.
pub fn record_failure(
    conn: &mut Conn,
    id: UserId,
    max_failures: i32,
    lock_until: NaiveDateTime,
) -> StoreResult<i32> {
    crate::write_tx(conn, |c| {
        let failures: i32 = users::table
            .find(id.0)
            .select(users::failed_logins)
            .first(c)?;
        let failures = failures + 1;
        if failures >= max_failures {
            diesel::update(users::table.find(id.0))
                .set((
                    users::failed_logins.eq(0),
                    users::locked_until.eq(Some(lock_until)),
                ))
                .execute(c)?;
        } else {
            diesel::update(users::table.find(id.0))
                .set(users::failed_logins.eq(failures))
                .execute(c)?;
        }
        Ok(failures)
    })
}

pub fn record_success(conn: &mut Conn, id: UserId, now: NaiveDateTime) -> StoreResult<()> {
    diesel::update(users::table.find(id.0))
        .set((
            users::failed_logins.eq(0),
            users::locked_until.eq(None::<NaiveDateTime>),
            users::last_login_at.eq(Some(now)),
        ))
        .execute(conn)?;
    Ok(())
}

/// A user's memberships with the organisation names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Membership {
    pub org: OrgId,
    pub org_name: String,
    pub org_short_name: String,
    pub role: OrgRole,
}

pub fn memberships(conn: &mut Conn, id: UserId) -> StoreResult<Vec<Membership>> {
    let rows: Vec<(i64, String, String, String)> = memberships::table
        .inner_join(organisations::table)
        .filter(memberships::user_id.eq(id.0))
        .order(organisations::sort_key.asc())
        .select((
            memberships::organisation_id,
            organisations::name,
            organisations::short_name,
            memberships::role,
        ))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .filter_map(|(org, name, short, role)| {
            Some(Membership {
                org: OrgId(org),
                org_name: name,
                org_short_name: short,
                role: OrgRole::from_code(&role)?,
            })
        })
        .collect())
}

/// Gives `user` the `role` in `org`, replacing any role held there.
pub fn set_membership(
    conn: &mut Conn,
    user: UserId,
    org: OrgId,
    role: OrgRole,
    now: NaiveDateTime,
) -> StoreResult<()> {
    crate::write_tx(conn, |c| {
        let n = diesel::update(memberships::table.find((user.0, org.0)))
            .set(memberships::role.eq(role.code()))
            .execute(c)?;
        if n == 0 {
            diesel::insert_into(memberships::table)
                .values((
                    memberships::user_id.eq(user.0),
                    memberships::organisation_id.eq(org.0),
                    memberships::role.eq(role.code()),
                    memberships::created_at.eq(now),
                ))
                .execute(c)?;
        }
        Ok(())
    })
}

pub fn remove_membership(conn: &mut Conn, user: UserId, org: OrgId) -> StoreResult<bool> {
    Ok(diesel::delete(memberships::table.find((user.0, org.0))).execute(conn)? == 1)
}

/// A row of the user list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UserListItem {
    pub user: UserRow,
    pub memberships: Vec<Membership>,
}

/// Filters for [`list`].
#[derive(Debug, Clone, Default)]
pub struct UserFilter {
    /// Only users with a membership in one of these organisations (`None`: all users).
    pub in_orgs: Option<Vec<OrgId>>,
    /// Text in the e-mail address or name.
    pub query: Option<String>,
}

pub fn list(
    conn: &mut Conn,
    filter: &UserFilter,
    page: PageRequest,
) -> StoreResult<Page<UserListItem>> {
    let build = || {
        let mut q = users::table.into_boxed();
        if let Some(orgs) = &filter.in_orgs {
            let ids: Vec<i64> = orgs.iter().map(|o| o.0).collect();
            q = q.filter(
                users::id.eq_any(
                    memberships::table
                        .filter(memberships::organisation_id.eq_any(ids))
                        .select(memberships::user_id),
                ),
            );
        }
        if let Some(query) = filter
            .query
            .as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
        {
            let pattern = format!("%{}%", query.replace(['%', '_'], ""));
            q = q.filter(
                users::email
                    .like(pattern.clone())
                    .or(users::display_name.like(pattern)),
            );
        }
        q
    };
    let total = build().count().get_result::<i64>(conn)?;
    let rows = build()
        .order(users::email.asc())
        .limit(page.per_page)
        .offset(page.offset())
        .select(UserRow::as_select())
        .load(conn)?;
    let mut items = Vec::with_capacity(rows.len());
    for user in rows {
        let m = memberships(conn, user.user_id())?;
        items.push(UserListItem {
            user,
            memberships: m,
        });
    }
    Ok(Page {
        items,
        total,
        page: page.page,
        per_page: page.per_page,
    })
}

/// Members of one organisation with their roles.
pub fn members_of(conn: &mut Conn, org: OrgId) -> StoreResult<Vec<(UserRow, OrgRole)>> {
    let rows: Vec<(UserRow, String)> = users::table
        .inner_join(memberships::table)
        .filter(memberships::organisation_id.eq(org.0))
        .order(users::email.asc())
        .select((UserRow::as_select(), memberships::role))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .filter_map(|(u, r)| Some((u, OrgRole::from_code(&r)?)))
        .collect())
}
