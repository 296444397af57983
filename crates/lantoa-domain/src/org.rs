//! Organisations as data, with time (DESIGN.md §3): a kind, a parent, a validity window and
//! successors. History is kept as it was; open obligations pass to the successor.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::OrgId;

/// What kind of body an organisation is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OrgKind {
    /// Ủy ban nhân dân tỉnh.
    ProvincialCommittee,
    /// Sở, ban, ngành cấp tỉnh.
    Department,
    /// Ủy ban nhân dân huyện, thành phố (district level, until 30/6/2025).
    DistrictCommittee,
    /// Ủy ban nhân dân xã, phường, đặc khu.
    CommuneCommittee,
    /// Cơ sở giáo dục nghề nghiệp.
    Institution,
    /// Cơ quan báo chí, đài phát thanh – truyền hình.
    PressAgency,
    /// Tổ chức chính trị – xã hội, đoàn thể (Tỉnh đoàn, Hội Nông dân, …).
    MassOrganisation,
    /// Doanh nghiệp.
    Enterprise,
    /// Khác (schools, associations, …).
    Other,
}

impl OrgKind {
    pub const ALL: [OrgKind; 9] = [
        OrgKind::ProvincialCommittee,
        OrgKind::Department,
        OrgKind::DistrictCommittee,
        OrgKind::CommuneCommittee,
        OrgKind::Institution,
        OrgKind::PressAgency,
        OrgKind::MassOrganisation,
        OrgKind::Enterprise,
        OrgKind::Other,
    ];

    /// The code stored in the database.
    pub fn code(self) -> &'static str {
        match self {
            OrgKind::ProvincialCommittee => "provincial_committee",
            OrgKind::Department => "department",
            OrgKind::DistrictCommittee => "district_committee",
            OrgKind::CommuneCommittee => "commune_committee",
            OrgKind::Institution => "institution",
            OrgKind::PressAgency => "press_agency",
            OrgKind::MassOrganisation => "mass_organisation",
            OrgKind::Enterprise => "enterprise",
            OrgKind::Other => "other",
        }
    }

    pub fn from_code(code: &str) -> Option<OrgKind> {
        OrgKind::ALL.into_iter().find(|k| k.code() == code)
    }

    /// The Vietnamese label shown in the interface.
    pub fn label(self) -> &'static str {
        match self {
            OrgKind::ProvincialCommittee => "UBND tỉnh",
            OrgKind::Department => "Sở, ban, ngành",
            OrgKind::DistrictCommittee => "UBND huyện, thành phố",
            OrgKind::CommuneCommittee => "UBND xã, phường, đặc khu",
            OrgKind::Institution => "Cơ sở giáo dục nghề nghiệp",
            OrgKind::PressAgency => "Cơ quan báo chí",
            OrgKind::MassOrganisation => "Tổ chức đoàn thể",
            OrgKind::Enterprise => "Doanh nghiệp",
            OrgKind::Other => "Khác",
        }
    }
}

/// How an organisation's duties passed to another.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SuccessionKind {
    /// Merged into the successor (sáp nhập, hợp nhất).
    Merge,
    /// The same body under a new name (đổi tên).
    Rename,
    /// Split; each successor takes part of the duties (chia tách).
    Split,
    /// Some duties (named by `duty`) moved to the successor; the predecessor may go on.
    TransferDuties,
    /// Abolished (giải thể, kết thúc hoạt động); remaining duties go to the successor.
    Abolish,
}

impl SuccessionKind {
    pub const ALL: [SuccessionKind; 5] = [
        SuccessionKind::Merge,
        SuccessionKind::Rename,
        SuccessionKind::Split,
        SuccessionKind::TransferDuties,
        SuccessionKind::Abolish,
    ];

    pub fn code(self) -> &'static str {
        match self {
            SuccessionKind::Merge => "merge",
            SuccessionKind::Rename => "rename",
            SuccessionKind::Split => "split",
            SuccessionKind::TransferDuties => "transfer_duties",
            SuccessionKind::Abolish => "abolish",
        }
    }

    pub fn from_code(code: &str) -> Option<SuccessionKind> {
        SuccessionKind::ALL.into_iter().find(|k| k.code() == code)
    }

    pub fn label(self) -> &'static str {
        match self {
            SuccessionKind::Merge => "Sáp nhập vào",
            SuccessionKind::Rename => "Đổi tên thành",
            SuccessionKind::Split => "Chia tách, một phần chuyển cho",
            SuccessionKind::TransferDuties => "Chuyển giao nhiệm vụ cho",
            SuccessionKind::Abolish => "Kết thúc hoạt động, nhiệm vụ chuyển cho",
        }
    }
}

/// A named area of duties used when only part of a body's work moves on.
pub mod duty {
    /// Vocational education and training (giáo dục nghề nghiệp).
    pub const VET: &str = "vet";

    pub fn label(duty: &str) -> &str {
        match duty {
            VET => "Giáo dục nghề nghiệp",
            other => other,
        }
    }
}

/// One edge of the succession graph.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Succession {
    pub predecessor: OrgId,
    pub successor: OrgId,
    pub kind: SuccessionKind,
    /// `None`: all duties. `Some(area)`: only that area (see [`duty`]).
    pub duty: Option<String>,
    pub effective_on: NaiveDate,
}

/// Whether a validity window holds on a date (`valid_to` is the last valid day).
pub fn is_valid_on(
    valid_from: Option<NaiveDate>,
    valid_to: Option<NaiveDate>,
    on: NaiveDate,
) -> bool {
    valid_from.is_none_or(|from| from <= on) && valid_to.is_none_or(|to| on <= to)
}

/// Checks a validity window: the end may not come before the start.
pub fn check_validity(
    valid_from: Option<NaiveDate>,
    valid_to: Option<NaiveDate>,
) -> Result<(), InvalidWindow> {
    match (valid_from, valid_to) {
        (Some(from), Some(to)) if to < from => Err(InvalidWindow),
        _ => Ok(()),
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("the end of the validity window comes before its start")]
pub struct InvalidWindow;

/// Who holds `start`'s obligations for `duty` on `on`: follows the succession edges that took
/// effect on or before that date. An edge limited to another duty is not followed; an edge for
/// this duty is preferred over a general one. Stops at cycles (bad data) rather than looping.
pub fn holder_on(start: OrgId, on: NaiveDate, duty: Option<&str>, edges: &[Succession]) -> OrgId {
    let mut current = start;
    let mut seen = vec![start];
    loop {
        let candidates = edges.iter().filter(|e| {
            e.predecessor == current
                && e.effective_on <= on
                && match (&e.duty, duty) {
                    (None, _) => e.kind != SuccessionKind::Split,
                    (Some(d), Some(want)) => d == want,
                    (Some(_), None) => false,
                }
        });
        // Prefer the edge for the duty asked about, then the latest edge.
        let next = candidates
            .max_by_key(|e| (e.duty.is_some(), e.effective_on))
            .map(|e| e.successor);
        match next {
            Some(next) if !seen.contains(&next) => {
                seen.push(next);
                current = next;
            }
            _ => return current,
        }
    }
}

/// Would adding `predecessor → successor` close a cycle in the succession graph?
pub fn would_cycle(predecessor: OrgId, successor: OrgId, edges: &[Succession]) -> bool {
    if predecessor == successor {
        return true;
    }
    let mut stack = vec![successor];
    let mut seen = Vec::new();
    while let Some(node) = stack.pop() {
        if node == predecessor {
            return true;
        }
        if seen.contains(&node) {
            continue;
        }
        seen.push(node);
        stack.extend(
            edges
                .iter()
                .filter(|e| e.predecessor == node)
                .map(|e| e.successor),
        );
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    const LABOUR: OrgId = OrgId(1);
    const EDUCATION: OrgId = OrgId(2);
    const HOME_AFFAIRS: OrgId = OrgId(3);
    const KG_EDUCATION: OrgId = OrgId(2);
    const AG_EDUCATION: OrgId = OrgId(4);

    fn reorganisation_2025() -> Vec<Succession> {
        vec![
            Succession {
                predecessor: LABOUR,
                successor: EDUCATION,
                kind: SuccessionKind::TransferDuties,
                duty: Some(duty::VET.into()),
                effective_on: d(2025, 3, 1),
            },
            Succession {
                predecessor: LABOUR,
                successor: HOME_AFFAIRS,
                kind: SuccessionKind::Merge,
                duty: None,
                effective_on: d(2025, 3, 1),
            },
            Succession {
                predecessor: KG_EDUCATION,
                successor: AG_EDUCATION,
                kind: SuccessionKind::Merge,
                duty: None,
                effective_on: d(2025, 7, 1),
            },
        ]
    }

    #[test]
    fn vet_duties_of_the_labour_department_follow_the_2025_changes() {
        let edges = reorganisation_2025();
        // Before March 2025 the labour department holds its own duties.
        assert_eq!(
            holder_on(LABOUR, d(2024, 11, 20), Some(duty::VET), &edges),
            LABOUR
        );
        // From March: VET goes to education, the rest to home affairs.
        assert_eq!(
            holder_on(LABOUR, d(2025, 4, 1), Some(duty::VET), &edges),
            EDUCATION
        );
        assert_eq!(holder_on(LABOUR, d(2025, 4, 1), None, &edges), HOME_AFFAIRS);
        // From July the Kiên Giang education department is part of An Giang's.
        assert_eq!(
            holder_on(LABOUR, d(2025, 11, 20), Some(duty::VET), &edges),
            AG_EDUCATION
        );
    }

    #[test]
    fn a_cycle_in_bad_data_does_not_loop_forever() {
        let edges = vec![
            Succession {
                predecessor: OrgId(1),
                successor: OrgId(2),
                kind: SuccessionKind::Rename,
                duty: None,
                effective_on: d(2024, 1, 1),
            },
            Succession {
                predecessor: OrgId(2),
                successor: OrgId(1),
                kind: SuccessionKind::Rename,
                duty: None,
                effective_on: d(2024, 1, 1),
            },
        ];
        assert_eq!(holder_on(OrgId(1), d(2025, 1, 1), None, &edges), OrgId(2));
        assert!(would_cycle(OrgId(2), OrgId(1), &edges[..1]));
        assert!(!would_cycle(OrgId(1), OrgId(3), &edges[..1]));
    }

    #[test]
    fn validity_window_includes_its_last_day() {
        let to = Some(d(2025, 6, 30));
        assert!(is_valid_on(None, to, d(2025, 6, 30)));
        assert!(!is_valid_on(None, to, d(2025, 7, 1)));
        assert!(!is_valid_on(Some(d(2025, 7, 1)), None, d(2025, 6, 30)));
        assert!(check_validity(Some(d(2025, 7, 1)), Some(d(2025, 6, 30))).is_err());
    }

    #[test]
    fn kind_codes_round_trip() {
        for k in OrgKind::ALL {
            assert_eq!(OrgKind::from_code(k.code()), Some(k));
        }
        for k in SuccessionKind::ALL {
            assert_eq!(SuccessionKind::from_code(k.code()), Some(k));
        }
    }
}
