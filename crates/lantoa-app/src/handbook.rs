//! The "Chọn nghề – chọn trường" handbook (DESIGN.md §2.3, plan V.3): built from the live
//! directory on a date — occupations by group with their levels, where they are taught, and
//! the institutions operating then. One edition per year (`/so-tay/{year}`) for printing.

use chrono::{Datelike, NaiveDate};
use lantoa_domain::directory::{Demand, Level};
use lantoa_store::institutions::{self as inst_store, InstitutionFilter, InstitutionItem};
use lantoa_store::occupations::{self as occ_store, OccupationRow};
use lantoa_store::{Conn, PageRequest};

use crate::Result;
use crate::quiz::{ProgrammeLink, where_taught};

/// The first year an edition exists for: the first year of the plan the handbook answers.
pub const FIRST_YEAR: i32 = 2023;

/// The date an edition of `year` describes: today for this year's (and next year's, being
/// prepared), 31 December for a past year's. `None` for years without an edition.
pub fn edition_date(year: i32, today: NaiveDate) -> Option<NaiveDate> {
    if year < FIRST_YEAR || year > today.year() + 1 {
        return None;
    }
    let end = NaiveDate::from_ymd_opt(year, 12, 31)?;
    Some(today.min(end))
}

/// One level of an occupation in the handbook.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HandbookLevel {
    pub occupation_id: i64,
    pub slug: String,
    pub level: Level,
    pub code: String,
}

/// An occupation with all its levels.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HandbookOccupation {
    pub name: String,
    /// Sơ cấp, trung cấp, cao đẳng, as available.
    pub levels: Vec<HandbookLevel>,
    /// The first paragraph of a description (the highest level that has one), shortened.
    pub summary: String,
    /// RIASEC letters of the highest level that has some.
    pub riasec: String,
    pub demand: Option<Demand>,
    /// Some of its text was written for the demo.
    pub is_demo: bool,
    /// Programmes teaching it (empty until programmes exist).
    pub taught: Vec<ProgrammeLink>,
}

/// Occupations of one group (nhóm ngành).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HandbookGroup {
    /// Empty for occupations without a group (listed last).
    pub name: String,
    pub occupations: Vec<HandbookOccupation>,
}

/// An edition of the handbook.
#[derive(Debug, Clone)]
pub struct Handbook {
    pub date: NaiveDate,
    pub groups: Vec<HandbookGroup>,
    /// Institutions operating on `date`, alphabetically.
    pub institutions: Vec<InstitutionItem>,
}

/// Longest summary kept (characters).
const SUMMARY_CHARS: usize = 280;

/// The first paragraph, cut at a word boundary with "…" when longer than `max` characters.
pub fn summary(text: &str, max: usize) -> String {
    let first = text
        .lines()
        .map(str::trim)
        .find(|l| !l.is_empty())
        .unwrap_or("");
    if first.chars().count() <= max {
        return first.to_owned();
    }
    let cut: String = first.chars().take(max).collect();
    let head = cut
        .rsplit_once(' ')
        .map_or(cut.as_str(), |(h, _)| h)
        .trim_end_matches([',', ';', ':', '.']);
    format!("{head}…")
}

fn level_rank(level: Level) -> usize {
    Level::ALL
        .iter()
        .position(|l| *l == level)
        .unwrap_or(usize::MAX)
}

/// Occupations (rows in Vietnamese order of names) grouped by group, then by name.
pub fn group(rows: Vec<OccupationRow>) -> Vec<HandbookGroup> {
    let mut groups: Vec<HandbookGroup> = Vec::new();
    // (level rank, row) per occupation name, in each group.
    for row in rows {
        let Some(level) = Level::from_code(&row.level) else {
            continue;
        };
        let gi = match groups.iter().position(|g| g.name == row.group_name) {
            Some(i) => i,
            None => {
                groups.push(HandbookGroup {
                    name: row.group_name.clone(),
                    occupations: Vec::new(),
                });
                groups.len() - 1
            }
        };
        let list = &mut groups[gi].occupations;
        let link = HandbookLevel {
            occupation_id: row.id,
            slug: row.slug.clone(),
            level,
            code: row.code.clone().unwrap_or_default(),
        };
        let higher = |o: &HandbookOccupation| {
            o.levels
                .iter()
                .all(|l| level_rank(l.level) < level_rank(level))
        };
        match list.iter_mut().find(|o| o.name == row.name) {
            Some(o) => {
                let take = higher(o);
                if !row.description.trim().is_empty() && (take || o.summary.is_empty()) {
                    o.summary = summary(&row.description, SUMMARY_CHARS);
                }
                if !row.riasec.is_empty() && (take || o.riasec.is_empty()) {
                    o.riasec.clone_from(&row.riasec);
                }
                if let Some(d) = row.demand.as_deref().and_then(Demand::from_code)
                    && (take || o.demand.is_none())
                {
                    o.demand = Some(d);
                }
                o.is_demo |= row.is_demo;
                o.levels.push(link);
            }
            None => list.push(HandbookOccupation {
                name: row.name.clone(),
                levels: vec![link],
                summary: summary(&row.description, SUMMARY_CHARS),
                riasec: row.riasec.clone(),
                demand: row.demand.as_deref().and_then(Demand::from_code),
                is_demo: row.is_demo,
                taught: Vec::new(),
            }),
        }
    }
    for g in &mut groups {
        for o in &mut g.occupations {
            o.levels.sort_by_key(|l| level_rank(l.level));
        }
    }
    groups.sort_by(|a, b| match (a.name.is_empty(), b.name.is_empty()) {
        (true, false) => std::cmp::Ordering::Greater,
        (false, true) => std::cmp::Ordering::Less,
        _ => lantoa_viet::compare(&a.name, &b.name),
    });
    groups
}

/// The edition describing the directory on `date`.
pub fn edition(conn: &mut Conn, date: NaiveDate) -> Result<Handbook> {
    let mut groups = group(occ_store::all(conn)?);
    let ids: Vec<i64> = groups
        .iter()
        .flat_map(|g| &g.occupations)
        .flat_map(|o| o.levels.iter().map(|l| l.occupation_id))
        .collect();
    let programmes = where_taught(conn, date, &ids)?;
    for o in groups.iter_mut().flat_map(|g| &mut g.occupations) {
        o.taught = programmes
            .iter()
            .filter(|p| o.levels.iter().any(|l| l.occupation_id == p.occupation_id))
            .cloned()
            .collect();
    }
    let filter = InstitutionFilter {
        valid_on: Some(date),
        ..InstitutionFilter::default()
    };
    let mut institutions = Vec::new();
    let mut page = 1;
    loop {
        let p = inst_store::list(conn, &filter, PageRequest::new(page, 200))?;
        let done = p.items.is_empty() || page >= p.page_count();
        institutions.extend(p.items);
        if done {
            break;
        }
        page += 1;
    }
    Ok(Handbook {
        date,
        groups,
        institutions,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn editions_exist_from_the_plan_to_next_year() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 26).unwrap();
        assert_eq!(edition_date(2026, today), Some(today));
        assert_eq!(edition_date(2027, today), Some(today));
        assert_eq!(
            edition_date(2024, today),
            NaiveDate::from_ymd_opt(2024, 12, 31)
        );
        assert_eq!(edition_date(2022, today), None);
        assert_eq!(edition_date(2028, today), None);
    }

    #[test]
    fn summaries_keep_the_first_paragraph_and_cut_at_a_word() {
        assert_eq!(summary("\n Một đoạn.\nĐoạn hai.", 100), "Một đoạn.");
        assert_eq!(
            summary("lắp đặt, sửa chữa điện dân dụng", 16),
            "lắp đặt, sửa…"
        );
        assert_eq!(summary("", 10), "");
    }
}
