//! Communication products: entered by an organisation's editors, counted in reports.

use chrono::NaiveDate;
use lantoa_domain::access::Principal;
use lantoa_domain::product::{ProductKind, ReachKind};
use lantoa_domain::validate;
use lantoa_domain::{ActivityId, OrgId};
use lantoa_store::plans::{self as store_plans, PlanRow};
use lantoa_store::products::{
    self as store, ProductFields, ProductFilter, ProductListItem, ProductRow,
};
use lantoa_store::{Conn, Page, PageRequest, write_tx};

use crate::audit::{self, Actor};
use crate::orgs::parse_date;
use crate::{App, Error, FieldErrors, RequestMeta, Result};

/// The product form as typed.
#[derive(Debug, Clone, Default, serde::Deserialize, serde::Serialize)]
#[serde(default)]
pub struct ProductForm {
    pub organisation_id: String,
    pub activity_id: String,
    pub kind: String,
    pub title: String,
    pub quantity: String,
    pub produced_on: String,
    pub channel: String,
    pub place: String,
    pub reach: String,
    pub reach_kind: String,
    pub reach_source: String,
    pub evidence_url: String,
    pub note: String,
}

/// Checks a product against its plan and turns the form into fields.
fn validate_form(conn: &mut Conn, plan: &PlanRow, form: &ProductForm) -> Result<ProductFields> {
    let mut errors = FieldErrors::default();
    let org = form.organisation_id.trim().parse::<i64>().ok().map(OrgId);
    if org.is_none() {
        errors.add("organisation_id", "Vui lòng chọn đơn vị.");
    }
    let activities = store_plans::activities(conn, plan.plan_id())?;
    let activity = match form.activity_id.trim().parse::<i64>() {
        Ok(id) => match activities.iter().find(|a| a.id == id) {
            Some(a) => Some(a),
            None => {
                errors.add(
                    "activity_id",
                    "Hoạt động này không thuộc kế hoạch đang chọn.",
                );
                None
            }
        },
        Err(_) => {
            errors.add("activity_id", "Vui lòng chọn hoạt động của kế hoạch.");
            None
        }
    };
    if ProductKind::from_code(&form.kind).is_none() {
        errors.add("kind", "Vui lòng chọn loại sản phẩm.");
    }
    let title = validate::required_line(
        &form.title,
        300,
        "Vui lòng nhập tên sản phẩm.",
        "Tên sản phẩm không quá 300 ký tự.",
    )
    .map_err(|e| errors.add("title", e.message))
    .unwrap_or_default();
    let quantity = match form.quantity.trim().replace('.', "").parse::<i64>() {
        Ok(q) if (1..=1_000_000).contains(&q) => i32::try_from(q).unwrap_or(1),
        Ok(q) if q < 1 => {
            errors.add("quantity", "Số lượng phải từ 1 trở lên.");
            0
        }
        Ok(_) => {
            errors.add("quantity", "Số lượng quá lớn.");
            0
        }
        Err(_) => {
            errors.add("quantity", "Số lượng phải là một số nguyên, ví dụ 3.");
            0
        }
    };
    let produced_on = match parse_date(&form.produced_on) {
        Ok(Some(d)) => Some(d),
        Ok(None) => {
            errors.add("produced_on", "Vui lòng nhập ngày thực hiện.");
            None
        }
        Err(m) => {
            errors.add("produced_on", m);
            None
        }
    };
    if let Some(d) = produced_on {
        let (first, last) = plan_window(conn, plan)?;
        if d < first || d > last {
            errors.add(
                "produced_on",
                format!(
                    "Ngày thực hiện nằm ngoài mọi kỳ báo cáo của kế hoạch (từ {} đến {}).",
                    crate::clock::format_date(first),
                    crate::clock::format_date(last)
                ),
            );
        } else if let Some(a) = activity
            && !a.year_list().is_empty()
            && !a.year_list().contains(&chrono::Datelike::year(&d))
            && !a.year_list().contains(&(chrono::Datelike::year(&d) + 1))
        {
            errors.add(
                "activity_id",
                format!(
                    "Hoạt động {} không được triển khai trong năm của ngày thực hiện.",
                    a.code
                ),
            );
        }
    }
    let reach = match form.reach.trim().replace('.', "") {
        s if s.is_empty() => None,
        s => match s.parse::<i64>() {
            Ok(n) if n >= 0 => Some(n),
            _ => {
                errors.add("reach", "Số người tiếp cận phải là một số nguyên không âm.");
                None
            }
        },
    };
    let reach_kind = match form.reach_kind.trim() {
        "" => None,
        k => match ReachKind::from_code(k) {
            Some(k) => Some(k.code().to_owned()),
            None => {
                errors.add("reach_kind", "Vui lòng chọn cách tính số người tiếp cận.");
                None
            }
        },
    };
    if reach.is_some() && reach_kind.is_none() && errors.get("reach_kind").is_none() {
        errors.add(
            "reach_kind",
            "Vui lòng cho biết con số tiếp cận là lượt xem, lượt nghe hay người tham dự.",
        );
    }
    let evidence_url = form.evidence_url.trim().to_owned();
    // A path on this portal (`/tin-tuc/…`, what products from the portal hold) is evidence too.
    let local_path = evidence_url.starts_with('/') && !evidence_url.starts_with("//");
    if !(evidence_url.is_empty()
        || local_path
        || evidence_url.starts_with("https://")
        || evidence_url.starts_with("http://"))
    {
        errors.add(
            "evidence_url",
            "Đường dẫn minh chứng cần bắt đầu bằng https:// hoặc http://",
        );
    }
    let line =
        |v: &str, max: usize, field: &'static str, msg: &'static str, errors: &mut FieldErrors| {
            validate::optional_line(v, max, msg)
                .map_err(|e| errors.add(field, e.message))
                .unwrap_or_default()
        };
    let channel = line(
        &form.channel,
        200,
        "channel",
        "Kênh đăng tải không quá 200 ký tự.",
        &mut errors,
    );
    let place = line(
        &form.place,
        200,
        "place",
        "Địa điểm không quá 200 ký tự.",
        &mut errors,
    );
    let reach_source = line(
        &form.reach_source,
        200,
        "reach_source",
        "Nguồn số liệu không quá 200 ký tự.",
        &mut errors,
    );
    let note = lantoa_viet::normalize(form.note.trim());
    if note.chars().count() > 2000 {
        errors.add("note", "Ghi chú không quá 2.000 ký tự.");
    }
    errors.into_result()?;
    let (Some(org), Some(activity), Some(produced_on)) = (org, activity, produced_on) else {
        return Err(Error::Internal("validated product incomplete".into()));
    };
    Ok(ProductFields {
        plan_id: plan.plan_id(),
        activity_id: Some(ActivityId(activity.id)),
        organisation_id: org,
        kind: form.kind.clone(),
        title,
        quantity,
        produced_on,
        channel,
        place,
        reach,
        reach_kind,
        reach_source,
        evidence_url,
        note,
        source: "manual".into(),
        content_id: None,
    })
}

/// The first and last day any period of the plan counts.
pub fn plan_window(conn: &mut Conn, plan: &PlanRow) -> Result<(NaiveDate, NaiveDate)> {
    let periods = crate::periods::all(conn, plan)?;
    let first = periods.iter().map(|p| p.window_start).min();
    let last = periods.iter().map(|p| p.window_end).max();
    match (first, last) {
        (Some(f), Some(l)) => Ok((f, l)),
        _ => {
            // A plan without period rules: its calendar years.
            let f = NaiveDate::from_ymd_opt(plan.start_year, 1, 1).ok_or(Error::NotFound)?;
            let l = NaiveDate::from_ymd_opt(plan.end_year, 12, 31).ok_or(Error::NotFound)?;
            Ok((f, l))
        }
    }
}

/// Records a product for an organisation the principal edits for.
pub fn create(
    app: &App,
    conn: &mut Conn,
    principal: &Principal,
    plan: &PlanRow,
    form: &ProductForm,
    meta: &RequestMeta,
) -> Result<i64> {
    let fields = validate_form(conn, plan, form)?;
    // A tampered organisation id is refused, not replaced.
    let cap = principal.editor_of(fields.organisation_id)?;
    let now = app.now();
    write_tx(conn, |c| {
        let id = store::insert(c, &fields, Some(principal.user.0), now)?;
        audit::record(
            c,
            now,
            &Actor::principal(cap.principal(), meta),
            "product.create",
            ("product", id.to_string()),
            Some(cap.org()),
            serde_json::json!({ "kind": fields.kind, "quantity": fields.quantity }),
        )?;
        Ok(id)
    })
}

/// Creates many products at once inside the caller's transaction, or none: every row is
/// validated, problems (with `problems` found earlier) are reported by row and column.
pub(crate) fn create_many_checked(
    app: &App,
    conn: &mut Conn,
    principal: &Principal,
    plan: &PlanRow,
    rows: &[(usize, ProductForm)],
    mut problems: Vec<String>,
    meta: &RequestMeta,
) -> Result<usize> {
    let mut valid = Vec::new();
    for (line, form) in rows {
        match validate_form(conn, plan, form) {
            Ok(f) => valid.push(f),
            Err(Error::Invalid(fields)) => {
                for (field, message) in fields.0 {
                    if field != "activity_id" && field != "kind"
                        || !problems
                            .iter()
                            .any(|p| p.starts_with(&format!("Dòng {line},")))
                    {
                        problems.push(format!("Dòng {line}: {message}"));
                    }
                }
            }
            Err(e) => return Err(e),
        }
    }
    if !problems.is_empty() {
        return Err(Error::InvalidFile(problems));
    }
    let Some(first) = valid.first() else {
        return Ok(0);
    };
    let cap = principal.editor_of(first.organisation_id)?;
    let now = app.now();
    for mut f in valid {
        f.source = "import".into();
        lantoa_store::products::insert(conn, &f, Some(principal.user.0), now)?;
    }
    audit::record(
        conn,
        now,
        &Actor::principal(cap.principal(), meta),
        "product.import",
        ("plan", plan.id.to_string()),
        Some(cap.org()),
        serde_json::json!({ "rows": rows.len() }),
    )?;
    Ok(rows.len())
}

impl ProductForm {
    /// The form filled from a stored product (the edit page).
    pub fn from_row(row: &ProductRow) -> ProductForm {
        ProductForm {
            organisation_id: row.organisation_id.to_string(),
            activity_id: row.activity_id.map(|a| a.to_string()).unwrap_or_default(),
            kind: row.kind.clone(),
            title: row.title.clone(),
            quantity: row.quantity.to_string(),
            produced_on: row.produced_on.format("%Y-%m-%d").to_string(),
            channel: row.channel.clone(),
            place: row.place.clone(),
            reach: row.reach.map(|r| r.to_string()).unwrap_or_default(),
            reach_kind: row.reach_kind.clone().unwrap_or_default(),
            reach_source: row.reach_source.clone(),
            evidence_url: row.evidence_url.clone(),
            note: row.note.clone(),
        }
    }

    /// For a product from the portal, the fields its content item decides, taken from the
    /// stored row whatever the form says: the organisation, kind, title, date and address.
    fn keep_portal_fields(mut self, row: &ProductRow) -> ProductForm {
        let stored = ProductForm::from_row(row);
        self.organisation_id = stored.organisation_id;
        self.kind = stored.kind;
        self.title = stored.title;
        self.produced_on = stored.produced_on;
        self.evidence_url = stored.evidence_url;
        self
    }
}

/// A product of `plan` the principal may edit.
pub fn for_edit(
    conn: &mut Conn,
    principal: &Principal,
    plan: &PlanRow,
    id: i64,
) -> Result<ProductRow> {
    let row = store::get(conn, id)?.ok_or(Error::NotFound)?;
    if row.plan_id != plan.id {
        return Err(Error::NotFound);
    }
    principal.editor_of(OrgId(row.organisation_id))?;
    Ok(row)
}

/// Saves a product's changes: choosing the activity of a product from the portal, or
/// correcting any product. The organisation stays; a product from the portal keeps the
/// kind, title, date and address of its content item.
pub fn update(
    app: &App,
    conn: &mut Conn,
    principal: &Principal,
    plan: &PlanRow,
    id: i64,
    form: &ProductForm,
    meta: &RequestMeta,
) -> Result<()> {
    let row = for_edit(conn, principal, plan, id)?;
    let cap = principal.editor_of(OrgId(row.organisation_id))?;
    let mut form = form.clone();
    form.organisation_id = row.organisation_id.to_string();
    if row.content_id.is_some() {
        form = form.keep_portal_fields(&row);
    }
    let fields = validate_form(conn, plan, &form)?;
    let now = app.now();
    write_tx(conn, |c| {
        store::update(c, id, &fields, now)?;
        audit::record(
            c,
            now,
            &Actor::principal(cap.principal(), meta),
            "product.update",
            ("product", id.to_string()),
            Some(cap.org()),
            serde_json::json!({
                "activity": fields.activity_id.map(|a| a.0),
                "was": row.activity_id,
                "quantity": fields.quantity,
            }),
        )
    })
}

/// Deletes a product the principal may edit.
pub fn delete(
    app: &App,
    conn: &mut Conn,
    principal: &Principal,
    id: i64,
    meta: &RequestMeta,
) -> Result<()> {
    let row = store::get(conn, id)?.ok_or(Error::NotFound)?;
    let cap = principal.editor_of(OrgId(row.organisation_id))?;
    let now = app.now();
    write_tx(conn, |c| {
        store::delete(c, id)?;
        audit::record(
            c,
            now,
            &Actor::principal(cap.principal(), meta),
            "product.delete",
            ("product", id.to_string()),
            Some(cap.org()),
            serde_json::json!({ "title": row.title }),
        )
    })
}

/// Products this principal may read.
pub fn list(
    conn: &mut Conn,
    principal: &Principal,
    mut filter: ProductFilter,
    page: PageRequest,
) -> Result<Page<ProductListItem>> {
    if !principal.can_enter_back_office() {
        return Err(Error::Denied);
    }
    let readable = principal.readable_orgs();
    filter.orgs = match (readable, filter.orgs.take()) {
        (None, asked) => asked,
        (Some(mine), None) => Some(mine),
        (Some(mine), Some(asked)) => Some(asked.into_iter().filter(|o| mine.contains(o)).collect()),
    };
    Ok(store::list(conn, &filter, page)?)
}
