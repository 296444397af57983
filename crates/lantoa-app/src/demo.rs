//! The demo: the 2023–2025 Kiên Giang plan's organisations, the 2025 reorganisation and a few
//! accounts (`lantoa serve --demo`). Seeding is idempotent: what exists (by slug or e-mail) is
//! left alone, so a second start adds nothing.

use std::collections::HashMap;

use chrono::NaiveDate;
use lantoa_domain::OrgId;
use lantoa_domain::access::OrgRole;
use lantoa_domain::org::{OrgKind, Succession, SuccessionKind};
use lantoa_store::admin_units::{self, AdminUnit};
use lantoa_store::orgs::{self, OrgFields};
use lantoa_store::{Conn, users, write_tx};
use serde::Deserialize;

use crate::audit::{self, Actor};
use crate::auth::hash_password;
use crate::users::temporary_password;
use crate::{App, Error, Result};

const ORGANISATIONS: &str = include_str!("../demo/organisations.toml");
const UNITS_CSV: &str = include_str!("../demo/kien-giang-units-2020.csv");
/// Directory profiles of the demo institutions, and two invented institutions.
const INSTITUTIONS: &str = include_str!("../demo/institutions.toml");
/// The occupations of `shared/data/occupations-sample.csv` with groups, some demo
/// descriptions and sơ cấp courses (see demo/README.md).
pub const OCCUPATIONS_CSV: &str = include_str!("../demo/occupations.csv");
/// The seed plan, fully encoded (docs/plan-format.md).
pub const SEED_PLAN: &str = include_str!("../plans/kien-giang-2023-2025.toml");
/// The date the district level ended (the day before the new structure took effect).
const DISTRICTS_END: &str = "2025-06-30";

#[derive(Debug, Deserialize)]
struct DemoFile {
    organisation: Vec<DemoOrg>,
    succession: Vec<DemoSuccession>,
    user: Vec<DemoUser>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct DemoOrg {
    slug: String,
    kind: String,
    name: String,
    short_name: String,
    parent: Option<String>,
    admin_unit: Option<String>,
    valid_from: Option<NaiveDate>,
    valid_to: Option<NaiveDate>,
    #[serde(default)]
    address: String,
    #[serde(default)]
    description: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct DirectoryFile {
    #[serde(default)]
    organisation: Vec<DemoOrg>,
    profile: Vec<DemoProfile>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct DemoProfile {
    slug: String,
    institution_type: String,
    ownership: String,
    #[serde(default)]
    lat: String,
    #[serde(default)]
    lon: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct DemoSuccession {
    from: String,
    to: String,
    kind: String,
    duty: Option<String>,
    effective_on: NaiveDate,
    #[serde(default)]
    note: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct DemoUser {
    email: String,
    display_name: String,
    #[serde(default)]
    system_admin: bool,
    #[serde(default)]
    plan_owner: bool,
    org: Option<String>,
    role: Option<String>,
}

/// What seeding did.
#[derive(Debug, Default)]
pub struct SeedReport {
    pub admin_units: usize,
    pub organisations: usize,
    pub successions: usize,
    /// Plans imported now.
    pub plans: usize,
    /// Demo communication products and reports created now (by [`seed_figures`]).
    pub products: usize,
    pub reports: usize,
    /// Institution profiles and occupations added now.
    pub profiles: usize,
    pub occupations: usize,
    /// Demo articles published now.
    pub articles: usize,
    /// Demo programmes (with their intakes and support policies) added now.
    pub programmes: usize,
    /// Demo applications added now.
    pub applications: usize,
    /// Accounts created now, with their passwords (shown once).
    pub new_users: Vec<(String, String, String)>,
}

/// Parses the administrative-units CSV (code,type,name,parent_code).
pub fn parse_units(csv: &str) -> Result<Vec<AdminUnit>> {
    let mut units = Vec::new();
    for (i, line) in csv.lines().enumerate().skip(1) {
        if line.trim().is_empty() {
            continue;
        }
        let cols: Vec<&str> = line.split(',').map(str::trim).collect();
        let [code, kind, name, parent] = cols[..] else {
            return Err(Error::Internal(format!(
                "units CSV line {}: expected 4 columns",
                i + 1
            )));
        };
        let district_level = matches!(kind, "huyen" | "thanh-pho" | "thi-xa");
        units.push(AdminUnit {
            code: code.to_owned(),
            kind: kind.to_owned(),
            name: lantoa_viet::normalize(name),
            parent_code: (!parent.is_empty()).then(|| parent.to_owned()),
            valid_from: None,
            valid_to: (kind != "tinh" && district_level)
                .then(|| NaiveDate::parse_from_str(DISTRICTS_END, "%Y-%m-%d").ok())
                .flatten(),
        });
    }
    Ok(units)
}

/// The district-level People's Committees, generated from the units list.
fn district_committees(units: &[AdminUnit]) -> Vec<DemoOrg> {
    units
        .iter()
        .filter(|u| matches!(u.kind.as_str(), "huyen" | "thanh-pho" | "thi-xa"))
        .map(|u| {
            // "Huyện Hòn Đất" → "Ủy ban nhân dân huyện Hòn Đất", "UBND huyện Hòn Đất".
            let mut chars = u.name.chars();
            let lowered: String = chars
                .next()
                .map(|c| c.to_lowercase().chain(chars).collect())
                .unwrap_or_default();
            DemoOrg {
                slug: format!("ubnd-{}", lantoa_viet::slugify(&u.name)),
                kind: OrgKind::DistrictCommittee.code().to_owned(),
                name: format!("Ủy ban nhân dân {lowered}"),
                short_name: format!("UBND {}", lowered.replace("thành phố", "TP")),
                parent: Some("ubnd-tinh-kien-giang".to_owned()),
                admin_unit: Some(u.code.clone()),
                valid_from: None,
                valid_to: u.valid_to,
                address: String::new(),
                description: String::new(),
            }
        })
        .collect()
}

/// Seeds the demo. Safe to run on every start.
pub fn seed(app: &App, conn: &mut Conn) -> Result<SeedReport> {
    let file: DemoFile = toml::from_str(ORGANISATIONS)
        .map_err(|e| Error::Internal(format!("demo/organisations.toml: {e}")))?;
    let units = parse_units(UNITS_CSV)?;
    let directory: DirectoryFile = toml::from_str(INSTITUTIONS)
        .map_err(|e| Error::Internal(format!("demo/institutions.toml: {e}")))?;
    let now = app.now();
    let actor = Actor::system("lantoa serve --demo");
    let mut report = SeedReport::default();

    // Hash the new users' passwords before the transaction: argon2 is slow on purpose.
    let mut new_users = Vec::new();
    for u in &file.user {
        if users::by_email(conn, &u.email)?.is_none() {
            let password = temporary_password();
            let hash = hash_password(app, &password)?;
            new_users.push((u, password, hash));
        }
    }

    write_tx(conn, |c| {
        for unit in &units {
            if admin_units::get(c, &unit.code)?.is_none() {
                admin_units::upsert(c, unit)?;
                report.admin_units += 1;
            }
        }

        let mut pending: Vec<DemoOrg> = file.organisation.clone();
        pending.extend(directory.organisation.iter().cloned());
        pending.extend(district_committees(&units));
        let mut ids: HashMap<String, OrgId> = HashMap::new();
        // Insert parents before children: repeat passes until nothing more can go in.
        while !pending.is_empty() {
            let before = pending.len();
            let mut rest = Vec::new();
            for o in pending {
                let parent_id = match &o.parent {
                    None => None,
                    Some(p) => match ids.get(p) {
                        Some(id) => Some(id.0),
                        None => match orgs::by_slug(c, p)? {
                            Some(row) => Some(row.id),
                            None => {
                                rest.push(o);
                                continue;
                            }
                        },
                    },
                };
                let id = match orgs::by_slug(c, &o.slug)? {
                    Some(existing) => existing.org_id(),
                    None => {
                        if OrgKind::from_code(&o.kind).is_none() {
                            return Err(Error::Internal(format!(
                                "demo organisation {}: unknown kind {}",
                                o.slug, o.kind
                            )));
                        }
                        report.organisations += 1;
                        orgs::insert(
                            c,
                            &OrgFields {
                                slug: o.slug.clone(),
                                kind: o.kind.clone(),
                                name: o.name.clone(),
                                short_name: o.short_name.clone(),
                                parent_id,
                                admin_unit_code: o.admin_unit.clone(),
                                valid_from: o.valid_from,
                                valid_to: o.valid_to,
                                address: o.address.clone(),
                                description: o.description.clone(),
                                ..OrgFields::default()
                            },
                            now,
                        )?
                    }
                };
                ids.insert(o.slug.clone(), id);
            }
            if rest.len() == before {
                let names: Vec<_> = rest.iter().map(|o| o.slug.as_str()).collect();
                return Err(Error::Internal(format!(
                    "demo organisations with unknown parents: {names:?}"
                )));
            }
            pending = rest;
        }

        let existing = orgs::succession_graph(c)?;
        for s in &file.succession {
            let (Some(from), Some(to)) = (ids.get(&s.from), ids.get(&s.to)) else {
                return Err(Error::Internal(format!(
                    "demo succession {} → {}: unknown organisation",
                    s.from, s.to
                )));
            };
            let kind = SuccessionKind::from_code(&s.kind)
                .ok_or_else(|| Error::Internal(format!("demo succession kind {}", s.kind)))?;
            let edge = Succession {
                predecessor: *from,
                successor: *to,
                kind,
                duty: s.duty.clone(),
                effective_on: s.effective_on,
            };
            if !existing.contains(&edge) {
                orgs::insert_succession(c, &edge, &s.note)?;
                report.successions += 1;
            }
        }
        // Districts end on 30/6/2025; their remaining duties go to the new province.
        if let Some(province) = ids.get("ubnd-tinh-an-giang") {
            for d in district_committees(&units) {
                let Some(from) = ids.get(&d.slug) else {
                    continue;
                };
                let edge = Succession {
                    predecessor: *from,
                    successor: *province,
                    kind: SuccessionKind::Abolish,
                    duty: None,
                    effective_on: NaiveDate::from_ymd_opt(2025, 7, 1).unwrap_or_default(),
                };
                if !existing.contains(&edge) {
                    orgs::insert_succession(
                        c,
                        &edge,
                        "Cấp huyện kết thúc hoạt động từ ngày 01/7/2025.",
                    )?;
                    report.successions += 1;
                }
            }
        }

        for (u, password, hash) in &new_users {
            let id = users::insert(
                c,
                &users::NewUser {
                    email: &u.email,
                    display_name: &u.display_name,
                    password_hash: hash,
                    is_system_admin: u.system_admin,
                    is_plan_owner: u.plan_owner,
                    must_change_password: false,
                },
                now,
            )?;
            let mut where_ = String::new();
            if let (Some(org), Some(role)) = (&u.org, &u.role) {
                let org_id = *ids.get(org).ok_or_else(|| {
                    Error::Internal(format!("demo user {}: unknown org {org}", u.email))
                })?;
                let role = OrgRole::from_code(role)
                    .ok_or_else(|| Error::Internal(format!("demo user role {role}")))?;
                users::set_membership(c, id, org_id, role, now)?;
                where_ = format!("{} – {}", role.label(), org);
            } else if u.system_admin {
                where_ = "Quản trị hệ thống".into();
            }
            report
                .new_users
                .push((u.email.clone(), password.clone(), where_));
        }

        if report.organisations + report.successions + report.new_users.len() > 0 {
            audit::record(
                c,
                now,
                &actor,
                "demo.seed",
                ("demo", "kien-giang-2023-2025".into()),
                None,
                serde_json::json!({
                    "organisations": report.organisations,
                    "successions": report.successions,
                    "users": report.new_users.len(),
                }),
            )?;
        }
        Ok(())
    })?;

    let plan =
        crate::plans::parse(SEED_PLAN).map_err(|e| Error::Internal(format!("seed plan: {e}")))?;
    if lantoa_store::plans::by_slug(conn, &plan.slug)?.is_none() {
        crate::plans::import(app, conn, &actor, &plan)?;
        report.plans += 1;
    }
    seed_directory(app, conn, &actor, &directory, &mut report)?;
    report.programmes = crate::demo_programmes::seed(app, conn, &actor)?;
    report.articles = seed_content(app, conn, &actor)?;
    report.articles += crate::demo_articles::seed(app, conn, &actor)?;
    report.applications = crate::applications::seed_demo(app, conn)?;
    Ok(report)
}

/// The demo articles (demo/content.toml), published; an existing slug is left alone.
const CONTENT: &str = include_str!("../demo/content.toml");

#[derive(Debug, Deserialize)]
struct ContentFile {
    article: Vec<DemoArticle>,
}

#[derive(Debug, Deserialize)]
struct DemoArticle {
    slug: String,
    org: String,
    published: NaiveDate,
    title: String,
    summary: String,
    topics: Vec<String>,
    audiences: Vec<String>,
    source: String,
    body: String,
}

fn seed_content(app: &App, conn: &mut Conn, actor: &Actor) -> Result<usize> {
    use lantoa_domain::content::{ContentKind, ContentState};
    use lantoa_store::content::{self as store, ContentEventRow, ContentFields};
    let file: ContentFile =
        toml::from_str(CONTENT).map_err(|e| Error::Internal(format!("demo/content.toml: {e}")))?;
    let now = app.now();
    let mut cache = crate::portal_products::PlanCache::default();
    write_tx(conn, |c| {
        let mut added = 0;
        for a in &file.article {
            if store::by_slug(c, &a.slug)?.is_some() {
                continue;
            }
            let org = orgs::by_slug(c, &a.org)?.ok_or_else(|| {
                Error::Internal(format!("demo article {}: unknown org {}", a.slug, a.org))
            })?;
            let fields = ContentFields {
                kind: ContentKind::Article.code().to_owned(),
                slug: a.slug.clone(),
                title: lantoa_viet::normalize(&a.title),
                summary: lantoa_viet::normalize(&a.summary),
                body: crate::content::body_from_input(&a.body).into_string(),
                source: lantoa_viet::normalize(&a.source),
                organisation_id: org.id,
                topics: a.topics.clone(),
                audiences: a.audiences.clone(),
                cover_media_id: None,
            };
            let published = ContentState::Published.code();
            let id = store::insert(c, &fields, None, published, now)?;
            // 09:00 in Vietnam on the given day.
            let at = a.published.and_hms_opt(2, 0, 0).unwrap_or_default();
            store::set_published_at(c, id, at)?;
            // Published on the portal: a communication product (ADR 0013).
            crate::portal_products::published(c, &mut cache, id, actor, now)?;
            store::add_event(
                c,
                id,
                &ContentEventRow {
                    at: now,
                    actor_label: actor.label.clone(),
                    action: "publish".into(),
                    from_state: ContentState::Draft.code().into(),
                    to_state: published.into(),
                    comment: "Dữ liệu mẫu".into(),
                },
            )?;
            added += 1;
        }
        if added > 0 {
            audit::record(
                c,
                now,
                actor,
                "demo.content",
                ("demo", "content".into()),
                None,
                serde_json::json!({ "articles": added }),
            )?;
        }
        Ok(added)
    })
}

/// A palette of a demo illustration and the words for its alt text.
pub(crate) struct Scene {
    pub(crate) sky: ([u8; 3], [u8; 3]),
    pub(crate) sun: [u8; 3],
    pub(crate) hills: [[u8; 3]; 3],
    pub(crate) roof: [u8; 3],
    pub(crate) wall: [u8; 3],
    pub(crate) words: &'static str,
}

const SCENES: &[Scene] = &[
    Scene {
        sky: ([112, 176, 232], [206, 232, 250]),
        sun: [255, 214, 80],
        hills: [[126, 178, 110], [84, 150, 86], [52, 112, 64]],
        roof: [196, 64, 48],
        wall: [250, 236, 200],
        words: "mái đỏ giữa những ngọn đồi xanh, mặt trời buổi sáng",
    },
    Scene {
        sky: ([238, 128, 76], [255, 212, 150]),
        sun: [255, 244, 210],
        hills: [[150, 96, 120], [104, 70, 104], [62, 48, 80]],
        roof: [70, 60, 120],
        wall: [255, 226, 190],
        words: "mái tím giữa những ngọn đồi lúc hoàng hôn",
    },
    Scene {
        sky: ([70, 156, 204], [178, 224, 242]),
        sun: [255, 236, 120],
        hills: [[96, 190, 190], [40, 140, 160], [20, 96, 128]],
        roof: [232, 120, 40],
        wall: [255, 250, 236],
        words: "mái cam bên bờ biển xanh, ngày nắng",
    },
    Scene {
        sky: ([58, 68, 138], [204, 124, 150]),
        sun: [255, 200, 170],
        hills: [[92, 120, 150], [60, 88, 120], [34, 54, 84]],
        roof: [210, 90, 90],
        wall: [236, 226, 240],
        words: "mái hồng dưới bầu trời chạng vạng",
    },
];

/// A simple drawing for a demo article (no borrowed photos): sky, sun, three rows of hills
/// and a school in front of the farthest; `n` varies the scene, the sun and the school's
/// place. The alt text says what it shows.
pub fn illustration(n: usize) -> (image::RgbImage, String) {
    paint(&SCENES[n % SCENES.len()], n)
}

/// [`illustration`] in a given palette (the demo articles bring more palettes).
pub(crate) fn paint(scene: &Scene, n: usize) -> (image::RgbImage, String) {
    let (w, h) = (1200u32, 675u32);
    let k = n as f32;
    let sun = (
        w as f32 * (0.15 + 0.7 * ((n * 37 % 10) as f32 / 10.0)),
        h as f32 * 0.26,
    );
    let school = w as f32 * (0.22 + 0.5 * ((n * 53 % 10) as f32 / 10.0));
    let base = h as f32 * 0.74;
    let hill = |layer: f32, x: f32| {
        h as f32 * (0.5 + 0.13 * layer)
            + (28.0 + 10.0 * layer) * (x / (170.0 - 30.0 * layer) + k * 1.3 + layer).sin()
    };
    let mix = |a: [u8; 3], b: [u8; 3], t: f32| {
        let c = |i: usize| (f32::from(a[i]) * (1.0 - t) + f32::from(b[i]) * t) as u8;
        image::Rgb([c(0), c(1), c(2)])
    };
    let img = image::RgbImage::from_fn(w, h, |x, y| {
        let (x, y) = (x as f32, y as f32);
        let dx = x - school;
        if y >= hill(2.0, x) + 40.0 {
            return image::Rgb(scene.hills[2]);
        }
        // The school: a body, a door, two windows, a roof.
        if (0.0..260.0).contains(&dx) && (base - 150.0..base).contains(&y) {
            let window = ((30.0..80.0).contains(&dx) || (180.0..230.0).contains(&dx))
                && (base - 120.0..base - 70.0).contains(&y);
            let door = (110.0..150.0).contains(&dx) && y >= base - 80.0;
            return if window {
                image::Rgb([120, 180, 220])
            } else if door {
                image::Rgb([110, 70, 40])
            } else {
                image::Rgb(scene.wall)
            };
        }
        let roof_half = 150.0 * (y - (base - 230.0)) / 80.0;
        if (base - 230.0..base - 150.0).contains(&y) && (dx - 130.0).abs() <= roof_half {
            return image::Rgb(scene.roof);
        }
        if y >= hill(1.0, x) {
            return image::Rgb(scene.hills[1]);
        }
        if y >= hill(0.0, x) {
            return image::Rgb(scene.hills[0]);
        }
        if (x - sun.0).powi(2) + (y - sun.1).powi(2) <= 70.0f32.powi(2) {
            return image::Rgb(scene.sun);
        }
        mix(scene.sky.0, scene.sky.1, y / h as f32)
    });
    let alt = format!("Tranh minh họa vẽ tự động: ngôi trường {}.", scene.words);
    (img, alt)
}

/// Gives each demo article that has no cover yet an illustration from [`illustration`],
/// stored through the media library (once; after [`seed`]). Nothing when the application
/// stores no media. Kept apart from [`seed`]: drawing and encoding take a moment, which the
/// tests need not pay for each site they build.
pub fn seed_media(app: &App, conn: &mut Conn) -> Result<usize> {
    if app.media.dir.is_none() {
        return Ok(0);
    }
    let file: ContentFile =
        toml::from_str(CONTENT).map_err(|e| Error::Internal(format!("demo/content.toml: {e}")))?;
    let actor = Actor::system("demo");
    let mut added = 0;
    for (n, a) in file.article.iter().enumerate() {
        let Some(row) = lantoa_store::content::by_slug(conn, &a.slug)? else {
            continue;
        };
        if row.cover_media_id.is_some() {
            continue;
        }
        let (img, alt) = illustration(n);
        let id = crate::media::add_generated(
            app,
            conn,
            OrgId(row.organisation_id),
            image::DynamicImage::ImageRgb8(img),
            &format!("minh-hoa-{}.jpg", a.slug),
            &alt,
            "Tranh minh họa: lantoa",
            &actor,
        )?;
        lantoa_store::media::set_cover(conn, row.id, Some(id))?;
        added += 1;
    }
    added += crate::demo_articles::seed_media(app, conn)?;
    Ok(added)
}

/// Adds the demo's 2023–2025 products and reports (once; after [`seed`]). Kept apart from
/// [`seed`] so tests can start from the plan without figures.
pub fn seed_figures(conn: &mut Conn) -> Result<(usize, usize)> {
    if lantoa_store::settings::get(conn, "demo_reports")?.is_some() {
        return Ok((0, 0));
    }
    let plan =
        crate::plans::parse(SEED_PLAN).map_err(|e| Error::Internal(format!("seed plan: {e}")))?;
    let plan_row = lantoa_store::plans::by_slug(conn, &plan.slug)?
        .ok_or_else(|| Error::Internal("seed plan missing".into()))?;
    write_tx(conn, |c| {
        let counts = crate::demo_reports::seed(c, &plan_row)?;
        lantoa_store::settings::set(c, "demo_reports", "1")?;
        Ok(counts)
    })
}

/// Institution profiles (only where an institution has none, so edits survive a restart)
/// and the occupations file (re-importing an unchanged file changes nothing).
fn seed_directory(
    app: &App,
    conn: &mut Conn,
    actor: &Actor,
    directory: &DirectoryFile,
    report: &mut SeedReport,
) -> Result<()> {
    use crate::institutions::{ProfileForm, validate};
    use lantoa_store::institutions as store;
    let now = app.now();
    write_tx(conn, |c| {
        for p in &directory.profile {
            let org = orgs::by_slug(c, &p.slug)?.ok_or_else(|| {
                Error::Internal(format!("demo profile for unknown organisation {}", p.slug))
            })?;
            if store::profile(c, org.org_id())?.is_some() {
                continue;
            }
            let fields = validate(&ProfileForm {
                institution_type: p.institution_type.clone(),
                ownership: p.ownership.clone(),
                lat: p.lat.clone(),
                lon: p.lon.clone(),
            })
            .map_err(|e| Error::Internal(format!("demo profile {}: {e:?}", p.slug)))?;
            store::save_profile(c, org.org_id(), &fields, None, now)?;
            report.profiles += 1;
        }
        Ok::<(), Error>(())
    })?;
    let imported =
        crate::occupations::import_csv(app, conn, actor, OCCUPATIONS_CSV.as_bytes(), &mut |_| {})?;
    if let Some(r) = imported.rejected.first() {
        return Err(Error::Internal(format!(
            "demo/occupations.csv line {}: {} {}",
            r.line, r.field, r.reason
        )));
    }
    report.occupations = imported.created;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_units_file_has_the_fifteen_districts_of_kien_giang() {
        let units = parse_units(UNITS_CSV).unwrap();
        let districts = district_committees(&units);
        assert_eq!(districts.len(), 15);
        assert!(
            districts.iter().any(
                |d| d.slug == "ubnd-huyen-hon-dat" && d.name == "Ủy ban nhân dân huyện Hòn Đất"
            )
        );
        assert!(districts.iter().any(|d| d.short_name == "UBND TP Rạch Giá"));
        assert!(
            districts
                .iter()
                .all(|d| d.valid_to == NaiveDate::from_ymd_opt(2025, 6, 30))
        );
        assert_eq!(
            units
                .iter()
                .filter(|u| !matches!(u.kind.as_str(), "tinh" | "huyen" | "thanh-pho"))
                .count(),
            144
        );
    }

    #[test]
    fn the_seed_plan_parses_with_every_appendix_row() {
        let plan = crate::plans::parse(SEED_PLAN).unwrap();
        assert_eq!(plan.activity.len(), 22);
        assert_eq!(plan.section.len(), 7);
        assert_eq!(plan.responsibility.len(), 11);
        let numbers: Vec<&str> = plan.number.iter().map(|n| n.text.as_str()).collect();
        assert_eq!(numbers, ["97/KH-UBND", "37/KH-UBND"]);
    }

    #[test]
    fn the_demo_file_parses() {
        let file: DemoFile = toml::from_str(ORGANISATIONS).unwrap();
        assert!(file.organisation.len() >= 20);
        assert!(file.user.iter().any(|u| u.system_admin));
    }
}
