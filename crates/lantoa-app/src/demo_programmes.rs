//! The demo's support policies, programmes and intakes (`demo/programmes.toml`), written
//! through the same validation as the back-office forms. Idempotent: a policy is recognised
//! by its slug, a programme by institution, occupation and mode; what exists is left alone
//! so edits made in the back office survive a restart.

use std::collections::HashMap;

use chrono::NaiveDate;
use lantoa_domain::programme::{EntryEducation, StudyMode};
use lantoa_store::programmes::{self as store, PolicyFields};
use lantoa_store::{Conn, occupations, orgs, write_tx};
use serde::Deserialize;

use crate::audit::{self, Actor};
use crate::programmes::{IntakeForm, ProgrammeForm, insert_checked, validate, validate_intake};
use crate::{App, Error, Result};

const PROGRAMMES: &str = include_str!("../demo/programmes.toml");

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    policy: Vec<DemoPolicy>,
    window: Vec<Window>,
    programme: Vec<DemoProgramme>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct DemoPolicy {
    slug: String,
    name: String,
    #[serde(default)]
    benefit: String,
    #[serde(default)]
    description: String,
    #[serde(default)]
    legal_basis: String,
    level: Option<String>,
    entry_education: Option<String>,
    target_group: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Window {
    slug: String,
    name: String,
    opens_on: NaiveDate,
    closes_on: NaiveDate,
    classes_start_on: Option<NaiveDate>,
    #[serde(default)]
    note: String,
}

fn full_time() -> String {
    StudyMode::FullTime.code().to_owned()
}

fn yes() -> bool {
    true
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct DemoProgramme {
    institution: String,
    occupation: String,
    #[serde(default = "full_time")]
    mode: String,
    duration_months: i32,
    #[serde(default)]
    fee: String,
    #[serde(default)]
    fee_note: String,
    quota: i32,
    entry: String,
    #[serde(default)]
    requirements: String,
    #[serde(default)]
    nine_plus: bool,
    #[serde(default)]
    location: String,
    #[serde(default)]
    area: String,
    #[serde(default)]
    policies: Vec<String>,
    #[serde(default)]
    windows: Vec<String>,
    #[serde(default)]
    description: String,
    #[serde(default = "yes")]
    published: bool,
}

/// The usual requirements for an entry level, when the file gives none.
fn usual_requirements(entry: &str) -> &'static str {
    match EntryEducation::from_code(entry) {
        Some(EntryEducation::UpperSecondary) => {
            "Tốt nghiệp THPT hoặc tương đương.\nHồ sơ: phiếu đăng ký, bản sao bằng tốt nghiệp và học bạ THPT, bản sao căn cước, 2 ảnh 3x4."
        }
        Some(EntryEducation::LowerSecondary) => {
            "Tốt nghiệp THCS trở lên.\nHồ sơ: phiếu đăng ký, bản sao bằng tốt nghiệp THCS (hoặc THPT), giấy khai sinh, 2 ảnh 3x4."
        }
        _ => {
            "Từ đủ 15 tuổi, có sức khỏe phù hợp với nghề; không yêu cầu bằng tốt nghiệp.\nMang theo căn cước khi đăng ký; người thuộc diện hỗ trợ mang giấy tờ chứng minh (xác nhận của xã, thẻ đề nghị học nghề…)."
        }
    }
}

/// The day the demo's intake dates are written around (`demo/programmes.toml`).
const DEMO_TODAY: NaiveDate = match NaiveDate::from_ymd_opt(2026, 11, 26) {
    Some(d) => d,
    None => NaiveDate::MIN,
};

/// Seeds the demo's policies, programmes and their intakes. Returns how many programmes
/// were added.
pub fn seed(app: &App, conn: &mut Conn, actor: &Actor) -> Result<usize> {
    let file: File = toml::from_str(PROGRAMMES)
        .map_err(|e| Error::Internal(format!("demo/programmes.toml: {e}")))?;
    let now = app.now();
    // The file's dates are written around 26/11/2026; a demo started on another day moves
    // them by the difference, so that some intakes are always open "today".
    let shift = app.clock.today() - DEMO_TODAY;
    let windows: HashMap<&str, &Window> =
        file.window.iter().map(|w| (w.slug.as_str(), w)).collect();
    let policies: HashMap<&str, &DemoPolicy> =
        file.policy.iter().map(|p| (p.slug.as_str(), p)).collect();
    write_tx(conn, |c| {
        // Policies are looked up (and added) only for the programmes being added, so a demo
        // policy deleted in the back office does not come back at the next start.
        let mut policy_ids: HashMap<String, i64> = HashMap::new();
        let mut policy_id = |c: &mut Conn, slug: &str, what: &str| -> Result<i64> {
            if let Some(id) = policy_ids.get(slug) {
                return Ok(*id);
            }
            let p = policies
                .get(slug)
                .ok_or_else(|| Error::Internal(format!("{what}: unknown policy {slug}")))?;
            let id = match store::policy_by_slug(c, &p.slug)? {
                Some(row) => row.id,
                None => store::insert_policy(
                    c,
                    &p.slug,
                    &PolicyFields {
                        name: p.name.clone(),
                        description: p.description.clone(),
                        benefit: p.benefit.clone(),
                        legal_basis: p.legal_basis.clone(),
                        source_url: String::new(),
                        level: p.level.clone(),
                        entry_education: p.entry_education.clone(),
                        target_group: p.target_group.clone(),
                        valid_from: None,
                        valid_to: None,
                        is_demo: true,
                    },
                    now,
                )?,
            };
            policy_ids.insert(slug.to_owned(), id);
            Ok(id)
        };
        let mut added = 0;
        for p in &file.programme {
            let what = format!("demo programme {} / {}", p.institution, p.occupation);
            let institution = orgs::by_slug(c, &p.institution)?
                .ok_or_else(|| Error::Internal(format!("{what}: unknown institution")))?;
            let occupation = occupations::by_slug(c, &p.occupation)?
                .ok_or_else(|| Error::Internal(format!("{what}: unknown occupation")))?;
            if store::find(c, institution.id, occupation.id, &p.mode)?.is_some() {
                continue;
            }
            let mut policies = Vec::new();
            for slug in &p.policies {
                policies.push(policy_id(c, slug, &what)?.to_string());
            }
            let requirements = if p.requirements.is_empty() {
                usual_requirements(&p.entry).to_owned()
            } else {
                p.requirements.clone()
            };
            let form = ProgrammeForm {
                institution_id: institution.id.to_string(),
                occupation_id: occupation.id.to_string(),
                mode: p.mode.clone(),
                duration_months: p.duration_months.to_string(),
                fee_per_year: p.fee.clone(),
                fee_note: p.fee_note.clone(),
                quota: p.quota.to_string(),
                entry_education: p.entry.clone(),
                entry_requirements: requirements,
                model_9plus: p.nine_plus,
                location: p.location.clone(),
                admin_unit_code: p.area.clone(),
                description: p.description.clone(),
                is_published: p.published,
                policies,
            };
            let (fields, policy_ids) =
                validate(c, &form, true).map_err(|e| Error::Internal(format!("{what}: {e:?}")))?;
            let (id, _) = insert_checked(c, &institution, &fields, &policy_ids, None, now)?;
            for slug in &p.windows {
                let w = windows
                    .get(slug.as_str())
                    .ok_or_else(|| Error::Internal(format!("{what}: unknown window {slug}")))?;
                let intake = validate_intake(
                    &IntakeForm {
                        name: w.name.clone(),
                        opens_on: (w.opens_on + shift).to_string(),
                        closes_on: (w.closes_on + shift).to_string(),
                        classes_start_on: w
                            .classes_start_on
                            .map(|d| (d + shift).to_string())
                            .unwrap_or_default(),
                        quota: String::new(),
                        note: w.note.clone(),
                    },
                    fields.quota,
                )
                .map_err(|e| Error::Internal(format!("{what}, window {slug}: {e:?}")))?;
                store::insert_intake(c, id, &intake, now)?;
            }
            added += 1;
        }
        if added > 0 {
            audit::record(
                c,
                now,
                actor,
                "demo.programmes",
                ("demo", "programmes".into()),
                None,
                serde_json::json!({ "programmes": added }),
            )?;
        }
        Ok(added)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_demo_file_has_sixty_programmes_and_every_reference_resolves() {
        let file: File = toml::from_str(PROGRAMMES).unwrap();
        assert!(file.programme.len() >= 60, "{}", file.programme.len());
        let windows: Vec<&str> = file.window.iter().map(|w| w.slug.as_str()).collect();
        let policies: Vec<&str> = file.policy.iter().map(|p| p.slug.as_str()).collect();
        for p in &file.programme {
            assert!(
                p.windows.iter().all(|w| windows.contains(&w.as_str())),
                "{p:?}"
            );
            assert!(
                p.policies.iter().all(|x| policies.contains(&x.as_str())),
                "{p:?}"
            );
        }
        for w in &file.window {
            assert!(w.closes_on >= w.opens_on, "{}", w.slug);
        }
    }
}
