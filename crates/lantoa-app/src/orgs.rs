//! Organisations: list, show, create, edit, successions.

use chrono::NaiveDate;
use lantoa_domain::OrgId;
use lantoa_domain::access::{OrgReader, Principal, SystemAdmin};
use lantoa_domain::org::{self as dorg, OrgKind, Succession, SuccessionKind};
use lantoa_domain::validate::{self, Email};
use lantoa_store::orgs::{self, OrgFields, OrgFilter, OrgRow, SuccessionRow};
use lantoa_store::{Conn, Page, PageRequest, users, write_tx};

use crate::audit::{self, Actor};
use crate::{App, Error, FieldErrors, RequestMeta, Result};

/// The organisation form as typed (strings, so nothing is lost when it is shown again).
#[derive(Debug, Clone, Default, serde::Deserialize, serde::Serialize)]
#[serde(default)]
pub struct OrgForm {
    pub slug: String,
    pub kind: String,
    pub name: String,
    pub short_name: String,
    pub parent_id: String,
    pub admin_unit_code: String,
    pub valid_from: String,
    pub valid_to: String,
    pub address: String,
    pub phone: String,
    pub email: String,
    pub website: String,
    pub description: String,
}

impl OrgForm {
    pub fn from_row(o: &OrgRow) -> OrgForm {
        OrgForm {
            slug: o.slug.clone(),
            kind: o.kind.clone(),
            name: o.name.clone(),
            short_name: o.short_name.clone(),
            parent_id: o.parent_id.map(|p| p.to_string()).unwrap_or_default(),
            admin_unit_code: o.admin_unit_code.clone().unwrap_or_default(),
            valid_from: o
                .valid_from
                .map(|d| d.format("%Y-%m-%d").to_string())
                .unwrap_or_default(),
            valid_to: o
                .valid_to
                .map(|d| d.format("%Y-%m-%d").to_string())
                .unwrap_or_default(),
            address: o.address.clone(),
            phone: o.phone.clone(),
            email: o.email.clone(),
            website: o.website.clone(),
            description: o.description.clone(),
        }
    }
}

/// Parses a date typed as `dd/mm/yyyy` or sent by a date field as `yyyy-mm-dd`.
pub fn parse_date(input: &str) -> std::result::Result<Option<NaiveDate>, &'static str> {
    let s = input.trim();
    if s.is_empty() {
        return Ok(None);
    }
    NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .or_else(|_| NaiveDate::parse_from_str(s, "%d/%m/%Y"))
        .map(Some)
        .map_err(|_| "Ngày chưa đúng, hãy nhập theo dạng ngày/tháng/năm, ví dụ 01/07/2025.")
}

fn validate(conn: &mut Conn, form: &OrgForm, this: Option<OrgId>) -> Result<OrgFields> {
    let mut errors = FieldErrors::default();
    let name = validate::required_line(
        &form.name,
        200,
        "Vui lòng nhập tên đơn vị.",
        "Tên đơn vị không quá 200 ký tự.",
    )
    .map_err(|e| errors.add("name", e.message))
    .unwrap_or_default();
    let short_name = validate::required_line(
        &form.short_name,
        60,
        "Vui lòng nhập tên viết tắt.",
        "Tên viết tắt không quá 60 ký tự.",
    )
    .map_err(|e| errors.add("short_name", e.message))
    .unwrap_or_default();
    let slug = if form.slug.trim().is_empty() {
        lantoa_viet::slugify(&short_name)
    } else {
        form.slug.trim().to_owned()
    };
    if let Err(e) = validate::check_slug(&slug) {
        errors.add("slug", e.message);
    } else if let Some(existing) = orgs::by_slug(conn, &slug)?
        && Some(existing.org_id()) != this
    {
        errors.add("slug", "Đường dẫn này đã được đơn vị khác sử dụng.");
    }
    if OrgKind::from_code(&form.kind).is_none() {
        errors.add("kind", "Vui lòng chọn loại đơn vị.");
    }
    let parent_id = match form.parent_id.trim() {
        "" => None,
        p => match p.parse::<i64>() {
            Ok(id) if Some(OrgId(id)) == this => {
                errors.add("parent_id", "Một đơn vị không thể trực thuộc chính nó.");
                None
            }
            Ok(id) if orgs::get(conn, OrgId(id))?.is_some() => Some(id),
            _ => {
                errors.add("parent_id", "Đơn vị cấp trên không tồn tại.");
                None
            }
        },
    };
    let admin_unit_code = match form.admin_unit_code.trim() {
        "" => None,
        code => {
            if lantoa_store::admin_units::get(conn, code)?.is_none() {
                errors.add(
                    "admin_unit_code",
                    "Mã đơn vị hành chính không có trong danh mục.",
                );
            }
            Some(code.to_owned())
        }
    };
    let valid_from = parse_date(&form.valid_from)
        .map_err(|m| errors.add("valid_from", m))
        .ok()
        .flatten();
    let valid_to = parse_date(&form.valid_to)
        .map_err(|m| errors.add("valid_to", m))
        .ok()
        .flatten();
    if dorg::check_validity(valid_from, valid_to).is_err() {
        errors.add("valid_to", "Ngày kết thúc phải sau ngày bắt đầu.");
    }
    let email = match form.email.trim() {
        "" => String::new(),
        e => Email::parse(e)
            .map(|e| e.as_str().to_owned())
            .map_err(|e| errors.add("email", e.message))
            .unwrap_or_default(),
    };
    let website = form.website.trim().to_owned();
    if !(website.is_empty() || website.starts_with("https://") || website.starts_with("http://")) {
        errors.add(
            "website",
            "Trang web cần bắt đầu bằng https:// hoặc http://",
        );
    }
    let address = validate::optional_line(&form.address, 300, "Địa chỉ không quá 300 ký tự.")
        .map_err(|e| errors.add("address", e.message))
        .unwrap_or_default();
    let phone = form.phone.trim().to_owned();
    if phone.chars().count() > 40
        || !phone
            .chars()
            .all(|c| c.is_ascii_digit() || " .+-()".contains(c))
    {
        errors.add(
            "phone",
            "Số điện thoại chỉ gồm chữ số và các dấu + - . ( ).",
        );
    }
    let description = lantoa_viet::normalize(form.description.trim());
    if description.chars().count() > 5000 {
        errors.add("description", "Giới thiệu không quá 5.000 ký tự.");
    }
    errors.into_result()?;
    Ok(OrgFields {
        slug,
        kind: form.kind.clone(),
        name,
        short_name,
        parent_id,
        admin_unit_code,
        valid_from,
        valid_to,
        address,
        phone,
        email,
        website,
        description,
    })
}

/// Organisations this principal may see in the back office.
pub fn list(
    conn: &mut Conn,
    principal: &Principal,
    mut filter: OrgFilter,
    page: PageRequest,
) -> Result<Page<OrgRow>> {
    filter.only = principal.readable_orgs();
    Ok(orgs::list(conn, &filter, page)?)
}

/// Everything the back office shows about one organisation.
#[derive(Debug, Clone)]
pub struct OrgDetail {
    pub org: OrgRow,
    pub parent: Option<OrgRow>,
    pub children: Vec<OrgRow>,
    /// (edge, predecessor, successor)
    pub successions: Vec<(SuccessionRow, OrgRow, OrgRow)>,
    pub members: Vec<(users::UserRow, lantoa_domain::access::OrgRole)>,
}

pub fn show(conn: &mut Conn, cap: OrgReader<'_>) -> Result<OrgDetail> {
    let org = orgs::get(conn, cap.org())?.ok_or(Error::NotFound)?;
    let parent = match org.parent_id {
        Some(p) => orgs::get(conn, OrgId(p))?,
        None => None,
    };
    let children = orgs::children(conn, cap.org())?;
    let mut successions = Vec::new();
    for s in orgs::successions_of(conn, cap.org())? {
        let (Some(a), Some(b)) = (
            orgs::get(conn, OrgId(s.predecessor_id))?,
            orgs::get(conn, OrgId(s.successor_id))?,
        ) else {
            continue;
        };
        successions.push((s, a, b));
    }
    let members = users::members_of(conn, cap.org())?;
    Ok(OrgDetail {
        org,
        parent,
        children,
        successions,
        members,
    })
}

pub fn create(
    app: &App,
    conn: &mut Conn,
    admin: SystemAdmin<'_>,
    form: &OrgForm,
    meta: &RequestMeta,
) -> Result<OrgId> {
    let fields = validate(conn, form, None)?;
    let now = app.now();
    let id = write_tx(conn, |c| {
        let id = orgs::insert(c, &fields, now)?;
        audit::record(
            c,
            now,
            &Actor::principal(admin.principal(), meta),
            "org.create",
            ("organisation", id.to_string()),
            Some(id),
            serde_json::json!({ "name": fields.name }),
        )?;
        Ok::<_, Error>(id)
    })?;
    crate::search::institution_changed(app, conn, id.0);
    Ok(id)
}

/// Updates an organisation. A system administrator changes every field; an organisation's
/// own administrator changes its profile (contacts, description) while the structural
/// fields (kind, parent, validity, slug, names) keep their stored values whatever the form says.
pub fn update(
    app: &App,
    conn: &mut Conn,
    principal: &Principal,
    org: OrgId,
    form: &OrgForm,
    meta: &RequestMeta,
) -> Result<()> {
    let cap = principal.admin_of(org)?;
    let current = orgs::get(conn, cap.org())?.ok_or(Error::NotFound)?;
    let form = if principal.is_system_admin {
        form.clone()
    } else {
        let stored = OrgForm::from_row(&current);
        OrgForm {
            address: form.address.clone(),
            phone: form.phone.clone(),
            email: form.email.clone(),
            website: form.website.clone(),
            description: form.description.clone(),
            ..stored
        }
    };
    let fields = validate(conn, &form, Some(org))?;
    let now = app.now();
    write_tx(conn, |c| {
        orgs::update(c, org, &fields, now)?;
        audit::record(
            c,
            now,
            &Actor::principal(principal, meta),
            "org.update",
            ("organisation", org.to_string()),
            Some(org),
            serde_json::json!({ "name": fields.name }),
        )?;
        Ok::<_, Error>(())
    })?;
    crate::search::institution_changed(app, conn, org.0);
    Ok(())
}

/// The succession form as typed.
#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(default)]
pub struct SuccessionForm {
    pub successor_id: String,
    pub kind: String,
    pub duty: String,
    pub effective_on: String,
    pub note: String,
}

pub fn add_succession(
    app: &App,
    conn: &mut Conn,
    admin: SystemAdmin<'_>,
    predecessor: OrgId,
    form: &SuccessionForm,
    meta: &RequestMeta,
) -> Result<()> {
    orgs::get(conn, predecessor)?.ok_or(Error::NotFound)?;
    let mut errors = FieldErrors::default();
    let successor = match form.successor_id.trim().parse::<i64>() {
        Ok(id) if orgs::get(conn, OrgId(id))?.is_some() => Some(OrgId(id)),
        _ => {
            errors.add("successor_id", "Vui lòng chọn đơn vị kế thừa.");
            None
        }
    };
    let kind = SuccessionKind::from_code(&form.kind);
    if kind.is_none() {
        errors.add("kind", "Vui lòng chọn hình thức kế thừa.");
    }
    let effective_on = match parse_date(&form.effective_on) {
        Ok(Some(d)) => Some(d),
        Ok(None) => {
            errors.add("effective_on", "Vui lòng nhập ngày có hiệu lực.");
            None
        }
        Err(m) => {
            errors.add("effective_on", m);
            None
        }
    };
    let duty = match form.duty.trim() {
        "" => None,
        d => Some(d.to_owned()),
    };
    if kind == Some(SuccessionKind::TransferDuties) && duty.is_none() {
        errors.add("duty", "Chuyển giao nhiệm vụ cần ghi rõ lĩnh vực nhiệm vụ.");
    }
    let edges = orgs::succession_graph(conn)?;
    if let Some(s) = successor
        && dorg::would_cycle(predecessor, s, &edges)
    {
        errors.add("successor_id", "Quan hệ này tạo thành vòng lặp kế thừa.");
    }
    errors.into_result()?;
    let (Some(successor), Some(kind), Some(effective_on)) = (successor, kind, effective_on) else {
        return Err(Error::Internal("validated succession incomplete".into()));
    };
    let note = lantoa_viet::normalize(form.note.trim());
    let now = app.now();
    let edge = Succession {
        predecessor,
        successor,
        kind,
        duty,
        effective_on,
    };
    write_tx(conn, |c| {
        let id = orgs::insert_succession(c, &edge, &note)?;
        audit::record(
            c,
            now,
            &Actor::principal(admin.principal(), meta),
            "org.succession_add",
            ("succession", id.to_string()),
            Some(predecessor),
            serde_json::json!({ "successor": successor.0, "kind": kind.code() }),
        )?;
        Ok(())
    })
}

pub fn remove_succession(
    app: &App,
    conn: &mut Conn,
    admin: SystemAdmin<'_>,
    id: i64,
    meta: &RequestMeta,
) -> Result<OrgId> {
    let now = app.now();
    write_tx(conn, |c| {
        let row = orgs::delete_succession(c, id)?.ok_or(Error::NotFound)?;
        let org = OrgId(row.predecessor_id);
        audit::record(
            c,
            now,
            &Actor::principal(admin.principal(), meta),
            "org.succession_remove",
            ("succession", id.to_string()),
            Some(org),
            serde_json::json!({ "successor": row.successor_id, "kind": row.kind }),
        )?;
        Ok(org)
    })
}

/// Looks an organisation up by slug, or by short name when that is unambiguous (for the CLI).
pub fn find(conn: &mut Conn, key: &str) -> Result<OrgRow> {
    if let Some(o) = orgs::by_slug(conn, key)? {
        return Ok(o);
    }
    let mut matches = orgs::by_short_name(conn, key)?;
    match matches.len() {
        1 => Ok(matches.remove(0)),
        0 => Err(Error::NotFound),
        _ => Err(Error::Conflict(format!(
            "Có {} đơn vị cùng tên viết tắt “{key}”; hãy dùng đường dẫn (slug) của đơn vị.",
            matches.len()
        ))),
    }
}
