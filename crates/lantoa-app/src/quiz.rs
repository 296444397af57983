//! The interest quiz's reads (docs/adr/0010-interest-quiz.md): occupations ranked by how
//! their RIASEC letters fit a person's code, and where they are taught. Nothing about the
//! person is read or written: the code comes from the request and stays there.

use chrono::NaiveDate;
use lantoa_domain::directory::Level;
use lantoa_domain::quiz::{self, Fit, InterestCode};
use lantoa_store::Conn;
use lantoa_store::occupations::{self as store, InterestRow};

use crate::Result;

/// One level at which a matched occupation is trained, with its page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LevelLink {
    pub occupation_id: i64,
    pub slug: String,
    pub level: Level,
    /// Catalogue code; empty for sơ cấp courses.
    pub code: String,
}

/// An occupation (all its levels under one name) that fits the code, with why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OccupationMatch {
    pub name: String,
    pub group: String,
    /// The best fit among its levels (levels may carry different letters).
    pub fit: Fit,
    /// Sơ cấp, trung cấp, cao đẳng, as available.
    pub levels: Vec<LevelLink>,
}

fn level_rank(level: Level) -> usize {
    Level::ALL
        .iter()
        .position(|l| *l == level)
        .unwrap_or(usize::MAX)
}

/// Occupations sharing at least one of the code's letters, best fit first; among equal fits
/// in Vietnamese alphabetical order. Occupations without RIASEC letters are not suggested.
pub fn matches(conn: &mut Conn, code: &InterestCode) -> Result<Vec<OccupationMatch>> {
    Ok(rank(code, store::with_riasec(conn)?))
}

/// The ranking itself, on rows already read (in Vietnamese order of names).
pub fn rank(code: &InterestCode, rows: Vec<InterestRow>) -> Vec<OccupationMatch> {
    let mut out: Vec<(String, OccupationMatch)> = Vec::new();
    for row in rows {
        let Some(level) = Level::from_code(&row.level) else {
            continue;
        };
        let Some(fit) = quiz::fit(code, &row.riasec) else {
            continue;
        };
        let link = LevelLink {
            occupation_id: row.id,
            slug: row.slug,
            level,
            code: row.code.unwrap_or_default(),
        };
        match out.iter_mut().find(|(_, m)| m.name == row.name) {
            Some((_, m)) => {
                if fit.points > m.fit.points {
                    m.fit = fit;
                }
                m.levels.push(link);
            }
            None => out.push((
                row.sort_key,
                OccupationMatch {
                    name: row.name,
                    group: row.group_name,
                    fit,
                    levels: vec![link],
                },
            )),
        }
    }
    for (_, m) in &mut out {
        m.levels.sort_by_key(|l| level_rank(l.level));
    }
    // Stable: equal fits keep the rows' alphabetical order.
    out.sort_by(|(ka, a), (kb, b)| b.fit.points.cmp(&a.fit.points).then_with(|| ka.cmp(kb)));
    out.into_iter().map(|(_, m)| m).collect()
}

/// A programme where a matched occupation is taught: the school and level in words, and the
/// page to apply from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProgrammeLink {
    pub occupation_id: i64,
    pub label: String,
    pub href: String,
}

/// Where the given occupations are taught on `today`: the published programmes of
/// institutions operating then, those taking applications first (the soonest closing
/// first), then by school. The label names the school and the level, and the intake's state.
pub fn where_taught(
    conn: &mut Conn,
    today: NaiveDate,
    occupation_ids: &[i64],
) -> Result<Vec<ProgrammeLink>> {
    if occupation_ids.is_empty() {
        return Ok(Vec::new());
    }
    let filter = lantoa_store::programmes::ProgrammeFilter {
        public_on: Some(today),
        occupations: Some(occupation_ids.to_vec()),
        ..Default::default()
    };
    let mut found = crate::programmes::public_page(
        conn,
        today,
        &filter,
        lantoa_store::PageRequest::new(1, 500),
    )?;
    found.sort_by_key(|p| (p.open_until().is_none(), p.open_until()));
    Ok(found
        .into_iter()
        .map(|p| {
            let level = Level::from_code(&p.programme.level).map_or("", |l| l.label());
            let state = match (p.open_until(), p.next_opens()) {
                (Some(until), _) => {
                    format!(
                        " — đang nhận hồ sơ đến {}",
                        crate::clock::format_date(until)
                    )
                }
                (None, Some(from)) => {
                    format!(" — nhận hồ sơ từ {}", crate::clock::format_date(from))
                }
                (None, None) => String::new(),
            };
            ProgrammeLink {
                occupation_id: p.occupation.id,
                label: format!(
                    "{}, trình độ {}{state}",
                    p.institution.name,
                    level.to_lowercase()
                ),
                href: format!("/chuong-trinh/{}", p.programme.slug),
            }
        })
        .collect())
}
