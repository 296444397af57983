//! Support policies (chính sách hỗ trợ) in the back office: the lead department (plan owner)
//! and system administrators list, add, edit and delete them; everyone else who enters the
//! back office reads them (institutions choose them on their programmes). A policy's
//! conditions are data (level, the learner's schooling, target group; docs/adr/0009), so a
//! programme may only offer the policies whose conditions fit it. Two consequences, both
//! decided here (docs/adr/0012):
//!
//! - changing a policy's conditions so that programmes offering it no longer fit is refused
//!   until the editor explicitly ticks "detach": those programmes then stop offering it (the
//!   policy editor cannot edit schools' programmes, so asking them first would block);
//! - a policy that programmes offer is not deleted: ending its validity (`valid_to`) takes it
//!   off every page while keeping what the programmes said.
//!
//! Every write goes to the audit log.

use chrono::NaiveDate;
use lantoa_domain::access::{Principal, ProvinceEditor};
use lantoa_domain::directory::Level;
use lantoa_domain::programme::{EntryEducation, PolicyConditions, TargetGroup};
use lantoa_domain::validate;
use lantoa_store::programmes::{self as store, PolicyFields, PolicyRow, ProgrammeRow};
use lantoa_store::{Conn, write_tx};

use crate::audit::{self, Actor};
use crate::orgs::parse_date;
use crate::programmes::conditions;
use crate::{App, Error, FieldErrors, RequestMeta, Result};

/// The policy form as typed.
#[derive(Debug, Clone, Default, serde::Deserialize, serde::Serialize)]
#[serde(default)]
pub struct PolicyForm {
    pub name: String,
    pub benefit: String,
    pub description: String,
    pub legal_basis: String,
    pub source_url: String,
    /// `Level` code, or empty for any level.
    pub level: String,
    /// `EntryEducation` code of the learners covered, or empty for any schooling.
    pub entry_education: String,
    /// `TargetGroup` code, or empty for every learner.
    pub target_group: String,
    pub valid_from: String,
    pub valid_to: String,
    /// Tick to save new conditions that programmes offering the policy no longer meet: they
    /// stop offering it.
    pub detach_unfit: bool,
}

fn checked(v: &str) -> bool {
    matches!(v, "on" | "1" | "true" | "yes")
}

impl PolicyForm {
    /// Reads the form from its name/value pairs (a checkbox is absent when not ticked).
    pub fn from_pairs(pairs: &[(String, String)]) -> PolicyForm {
        let mut f = PolicyForm::default();
        for (k, v) in pairs {
            let v = v.clone();
            match k.as_str() {
                "name" => f.name = v,
                "benefit" => f.benefit = v,
                "description" => f.description = v,
                "legal_basis" => f.legal_basis = v,
                "source_url" => f.source_url = v,
                "level" => f.level = v,
                "entry_education" => f.entry_education = v,
                "target_group" => f.target_group = v,
                "valid_from" => f.valid_from = v,
                "valid_to" => f.valid_to = v,
                "detach_unfit" => f.detach_unfit = checked(&v),
                _ => {}
            }
        }
        f
    }

    pub fn from_row(p: &PolicyRow) -> PolicyForm {
        let date = |d: Option<NaiveDate>| d.map(|d| d.format("%Y-%m-%d").to_string());
        PolicyForm {
            name: p.name.clone(),
            benefit: p.benefit.clone(),
            description: p.description.clone(),
            legal_basis: p.legal_basis.clone(),
            source_url: p.source_url.clone(),
            level: p.level.clone().unwrap_or_default(),
            entry_education: p.entry_education.clone().unwrap_or_default(),
            target_group: p.target_group.clone().unwrap_or_default(),
            valid_from: date(p.valid_from).unwrap_or_default(),
            valid_to: date(p.valid_to).unwrap_or_default(),
            detach_unfit: false,
        }
    }
}

/// Names compared as people read them: NFC, lower case, spaces collapsed.
fn name_key(name: &str) -> String {
    lantoa_viet::normalize(name)
        .to_lowercase()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// An optional code from a closed list: empty is `None`, an unknown code is an error.
fn optional_code<T>(
    input: &str,
    parse: impl Fn(&str) -> Option<T>,
    field: &'static str,
    message: &'static str,
    errors: &mut FieldErrors,
) -> Option<String> {
    match input.trim() {
        "" => None,
        code if parse(code).is_some() => Some(code.to_owned()),
        _ => {
            errors.add(field, message);
            None
        }
    }
}

/// Checks a policy; `this` is the policy being edited (its own name is not a duplicate).
pub fn validate(
    conn: &mut Conn,
    form: &PolicyForm,
    this: Option<&PolicyRow>,
) -> Result<PolicyFields> {
    let mut errors = FieldErrors::default();
    let name = validate::required_line(
        &form.name,
        200,
        "Vui lòng nhập tên chính sách.",
        "Tên chính sách không quá 200 ký tự.",
    )
    .map_err(|e| errors.add("name", e.message))
    .unwrap_or_default();
    if !name.is_empty() {
        let key = name_key(&name);
        if let Some(other) = store::all_policies(conn)?
            .into_iter()
            .find(|p| this.is_none_or(|t| t.id != p.id) && name_key(&p.name) == key)
        {
            errors.add(
                "name",
                format!(
                    "Đã có chính sách “{}”; hãy đặt tên khác hoặc sửa chính sách đó.",
                    other.name
                ),
            );
        }
    }
    let benefit = validate::required_line(
        &form.benefit,
        300,
        "Vui lòng ghi người học được hưởng gì, ví dụ: Miễn toàn bộ học phí.",
        "Quyền lợi không quá 300 ký tự.",
    )
    .map_err(|e| errors.add("benefit", e.message))
    .unwrap_or_default();
    let description = lantoa_viet::normalize(form.description.trim()).replace("\r\n", "\n");
    if description.chars().count() > 5000 {
        errors.add("description", "Mô tả không quá 5.000 ký tự.");
    }
    let legal_basis = validate::optional_line(
        &form.legal_basis,
        500,
        "Căn cứ pháp lý không quá 500 ký tự.",
    )
    .map_err(|e| errors.add("legal_basis", e.message))
    .unwrap_or_default();
    let source_url = form.source_url.trim().to_owned();
    if !source_url.is_empty()
        && (!(source_url.starts_with("https://") || source_url.starts_with("http://"))
            || source_url.chars().any(char::is_whitespace)
            || source_url.len() <= "https://".len())
    {
        errors.add(
            "source_url",
            "Đường dẫn văn bản cần bắt đầu bằng https:// hoặc http:// và không có dấu cách.",
        );
    } else if source_url.chars().count() > 500 {
        errors.add("source_url", "Đường dẫn văn bản không quá 500 ký tự.");
    }
    let level = optional_code(
        &form.level,
        Level::from_code,
        "level",
        "Trình độ không có trong danh sách.",
        &mut errors,
    );
    let entry_education = optional_code(
        &form.entry_education,
        EntryEducation::from_code,
        "entry_education",
        "Trình độ văn hóa không có trong danh sách.",
        &mut errors,
    );
    let target_group = optional_code(
        &form.target_group,
        TargetGroup::from_code,
        "target_group",
        "Đối tượng không có trong danh sách.",
        &mut errors,
    );
    let mut date = |field: &'static str, input: &str| match parse_date(input) {
        Ok(d) => d,
        Err(m) => {
            errors.add(field, m);
            None
        }
    };
    let valid_from = date("valid_from", &form.valid_from);
    let valid_to = date("valid_to", &form.valid_to);
    if let (Some(f), Some(t)) = (valid_from, valid_to)
        && t < f
    {
        errors.add(
            "valid_to",
            "Ngày hết hiệu lực phải bằng hoặc sau ngày có hiệu lực.",
        );
    }
    errors.into_result()?;
    Ok(PolicyFields {
        name,
        description,
        benefit,
        legal_basis,
        source_url,
        level,
        entry_education,
        target_group,
        valid_from,
        valid_to,
        is_demo: this.is_some_and(|t| t.is_demo),
    })
}

/// A programme offering a policy, as the policy's page lists it.
#[derive(Debug, Clone)]
pub struct Offering {
    pub programme: ProgrammeRow,
    pub occupation: String,
    pub institution: String,
}

impl Offering {
    /// "Điện công nghiệp (trung cấp) – CĐ Kiên Giang".
    pub fn label(&self) -> String {
        let level = Level::from_code(&self.programme.level).map_or("", Level::label);
        format!(
            "{} ({}) – {}",
            self.occupation,
            level.to_lowercase(),
            self.institution
        )
    }

    /// Whether the programme meets these conditions.
    fn fits(&self, c: &PolicyConditions) -> bool {
        match (
            Level::from_code(&self.programme.level),
            EntryEducation::from_code(&self.programme.entry_education),
        ) {
            (Some(level), Some(entry)) => c.fits(level, entry),
            _ => true,
        }
    }
}

fn offerings(conn: &mut Conn, policy_id: i64) -> Result<Vec<Offering>> {
    Ok(store::offering(conn, policy_id)?
        .into_iter()
        .map(|(programme, occupation, institution)| Offering {
            programme,
            occupation,
            institution,
        })
        .collect())
}

/// One line of the list: the policy, how many programmes offer it, whether it is in force.
#[derive(Debug, Clone)]
pub struct ListItem {
    pub policy: PolicyRow,
    pub programmes: i64,
    pub in_force: bool,
}

/// Every policy, for anyone in the back office; `bool`: may this principal change them.
pub fn list(app: &App, conn: &mut Conn, principal: &Principal) -> Result<(Vec<ListItem>, bool)> {
    if !principal.can_enter_back_office() {
        return Err(Error::Denied);
    }
    let today = app.clock.today();
    let counts: std::collections::HashMap<i64, i64> =
        store::offering_counts(conn)?.into_iter().collect();
    let items = store::all_policies(conn)?
        .into_iter()
        .map(|p| ListItem {
            programmes: counts.get(&p.id).copied().unwrap_or(0),
            in_force: p.valid_on(today),
            policy: p,
        })
        .collect();
    Ok((items, principal.province_editor().is_ok()))
}

/// One policy with the programmes offering it.
#[derive(Debug, Clone)]
pub struct PolicyView {
    pub policy: PolicyRow,
    pub offerings: Vec<Offering>,
    pub in_force: bool,
    pub can_edit: bool,
}

pub fn view(app: &App, conn: &mut Conn, principal: &Principal, id: i64) -> Result<PolicyView> {
    if !principal.can_enter_back_office() {
        return Err(Error::Denied);
    }
    let policy = store::policy(conn, id)?.ok_or(Error::NotFound)?;
    Ok(PolicyView {
        offerings: offerings(conn, id)?,
        in_force: policy.valid_on(app.clock.today()),
        can_edit: principal.province_editor().is_ok(),
        policy,
    })
}

/// A new, unused slug from the name (`ho-tro-hoc-nghe-nguoi-khuyet-tat`), numbered when taken.
fn new_slug(conn: &mut Conn, name: &str) -> Result<String> {
    let mut base = lantoa_viet::slugify(name);
    if base.len() > 100 {
        base.truncate(100);
        base = base.trim_end_matches('-').to_owned();
    }
    if base.is_empty() {
        base = "chinh-sach".into();
    }
    if !store::policy_slug_taken(conn, &base)? {
        return Ok(base);
    }
    for n in 2..10_000 {
        let s = format!("{base}-{n}");
        if !store::policy_slug_taken(conn, &s)? {
            return Ok(s);
        }
    }
    Err(Error::Internal(format!("no free slug for {base}")))
}

fn detail(slug: &str, f: &PolicyFields) -> serde_json::Value {
    serde_json::json!({
        "slug": slug,
        "name": f.name,
        "level": f.level,
        "entry_education": f.entry_education,
        "target_group": f.target_group,
        "valid_from": f.valid_from.map(|d| d.to_string()),
        "valid_to": f.valid_to.map(|d| d.to_string()),
    })
}

/// Adds a policy; the lead department and system administrators only. Returns its id.
pub fn create(
    app: &App,
    conn: &mut Conn,
    principal: &Principal,
    form: &PolicyForm,
    meta: &RequestMeta,
) -> Result<i64> {
    let cap = principal.province_editor()?;
    let fields = validate(conn, form, None)?;
    let now = app.now();
    write_tx(conn, |c| {
        let slug = new_slug(c, &fields.name)?;
        let id = store::insert_policy(c, &slug, &fields, now)?;
        audit::record(
            c,
            now,
            &Actor::principal(cap.principal(), meta),
            "policy.create",
            ("support_policy", id.to_string()),
            None,
            detail(&slug, &fields),
        )?;
        Ok(id)
    })
}

/// What saving a policy did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Saved {
    /// Programmes that stopped offering it because its new conditions no longer fit them.
    pub detached: usize,
}

/// The programmes offering a policy that conditions `c` would no longer fit.
fn unfit(offerings: &[Offering], c: &PolicyConditions) -> Vec<Offering> {
    offerings.iter().filter(|o| !o.fits(c)).cloned().collect()
}

/// "A; B; C và 4 chương trình khác".
fn some_labels(list: &[Offering]) -> String {
    const SHOWN: usize = 5;
    let mut s = list
        .iter()
        .take(SHOWN)
        .map(Offering::label)
        .collect::<Vec<_>>()
        .join("; ");
    if list.len() > SHOWN {
        s.push_str(&format!(" và {} chương trình khác", list.len() - SHOWN));
    }
    s
}

/// Saves a policy; the lead department and system administrators only. New conditions that
/// programmes offering the policy no longer meet are refused (field `detach_unfit`) unless
/// the form asks to detach them.
pub fn update(
    app: &App,
    conn: &mut Conn,
    principal: &Principal,
    id: i64,
    form: &PolicyForm,
    meta: &RequestMeta,
) -> Result<Saved> {
    let cap = principal.province_editor()?;
    let row = store::policy(conn, id)?.ok_or(Error::NotFound)?;
    let fields = validate(conn, form, Some(&row))?;
    let new_conditions = conditions(&PolicyRow {
        level: fields.level.clone(),
        entry_education: fields.entry_education.clone(),
        target_group: fields.target_group.clone(),
        ..row.clone()
    });
    let now = app.now();
    write_tx(conn, |c| {
        let unfit = unfit(&offerings(c, id)?, &new_conditions);
        if !unfit.is_empty() && !form.detach_unfit {
            let mut errors = FieldErrors::default();
            errors.add(
                "detach_unfit",
                format!(
                    "Điều kiện mới không còn phù hợp với {} chương trình đang áp dụng chính sách này: {}. Hãy chọn gỡ chính sách khỏi các chương trình đó rồi lưu lại, hoặc giữ điều kiện cũ.",
                    unfit.len(),
                    some_labels(&unfit)
                ),
            );
            return Err(Error::Invalid(errors));
        }
        let ids: Vec<i64> = unfit.iter().map(|o| o.programme.id).collect();
        let detached = store::unlink_policy(c, id, &ids)?;
        store::update_policy(c, id, &fields, now)?;
        let mut d = detail(&row.slug, &fields);
        if !unfit.is_empty() {
            d["detached_from"] = unfit
                .iter()
                .map(|o| serde_json::Value::from(o.programme.slug.clone()))
                .collect();
        }
        audit::record(
            c,
            now,
            &Actor::principal(cap.principal(), meta),
            "policy.update",
            ("support_policy", id.to_string()),
            None,
            d,
        )?;
        Ok(Saved { detached })
    })
}

/// Why a policy may not be deleted, if it may not: programmes offer it.
pub fn delete_refusal(conn: &mut Conn, id: i64) -> Result<Option<String>> {
    let n = offerings(conn, id)?.len();
    Ok((n > 0).then(|| {
        format!(
            "Chính sách này đang được {n} chương trình áp dụng nên không thể xóa. Để ngừng áp dụng, hãy nhập ngày hết hiệu lực: chính sách sẽ không còn hiện trên cổng thông tin từ ngày hôm sau."
        )
    }))
}

/// The policy to delete, for its confirmation page; the lead department and system
/// administrators only.
pub fn for_deletion(
    conn: &mut Conn,
    principal: &Principal,
    id: i64,
) -> Result<(PolicyRow, Option<String>)> {
    principal.province_editor()?;
    let policy = store::policy(conn, id)?.ok_or(Error::NotFound)?;
    let refusal = delete_refusal(conn, id)?;
    Ok((policy, refusal))
}

/// Deletes a policy no programme offers (else `Error::Conflict` with the reason); the lead
/// department and system administrators only.
pub fn delete(
    app: &App,
    conn: &mut Conn,
    principal: &Principal,
    id: i64,
    meta: &RequestMeta,
) -> Result<()> {
    let cap: ProvinceEditor<'_> = principal.province_editor()?;
    let row = store::policy(conn, id)?.ok_or(Error::NotFound)?;
    let now = app.now();
    write_tx(conn, |c| {
        if let Some(message) = delete_refusal(c, id)? {
            return Err(Error::Conflict(message));
        }
        store::delete_policy(c, id)?;
        audit::record(
            c,
            now,
            &Actor::principal(cap.principal(), meta),
            "policy.delete",
            ("support_policy", id.to_string()),
            None,
            serde_json::json!({ "slug": row.slug, "name": row.name }),
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn checkboxes_and_fields_are_read_from_pairs() {
        let pairs: Vec<(String, String)> = [
            ("name", "Hỗ trợ"),
            ("level", "college"),
            ("detach_unfit", "on"),
            ("unknown", "x"),
        ]
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect();
        let f = PolicyForm::from_pairs(&pairs);
        assert_eq!((f.name.as_str(), f.level.as_str()), ("Hỗ trợ", "college"));
        assert!(f.detach_unfit);
        assert!(!PolicyForm::from_pairs(&[]).detach_unfit);
    }

    #[test]
    fn names_match_whatever_the_case_and_spacing() {
        assert_eq!(name_key("  Hỗ trợ  HỌC nghề "), name_key("hỗ trợ học nghề"));
        assert_ne!(name_key("Hỗ trợ"), name_key("Ho tro"));
    }
}
