//! Programmes (chương trình đào tạo: institution × occupation × level), their intakes (đợt
//! tuyển sinh) and support policies (chính sách hỗ trợ) as data. Value types with Vietnamese
//! labels and messages; the dates rule of an intake; which policy may apply to which
//! programme. No I/O.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::directory::Level;
use crate::product::coded_enum;
use crate::validate::Invalid;

coded_enum!(
    /// How a programme is taught (hình thức đào tạo).
    StudyMode {
        /// Chính quy: full-time, at the institution.
        FullTime = ("full_time", "Chính quy"),
        /// Vừa làm vừa học: part-time, for people who work.
        WorkStudy = ("work_study", "Vừa làm vừa học"),
        /// Trực tuyến: online.
        Online = ("online", "Trực tuyến"),
    }
);

impl StudyMode {
    /// The mode's part of a programme's slug (empty for chính quy, the usual case).
    pub fn slug_suffix(self) -> &'static str {
        match self {
            StudyMode::FullTime => "",
            StudyMode::WorkStudy => "vua-lam-vua-hoc",
            StudyMode::Online => "truc-tuyen",
        }
    }
}

coded_enum!(
    /// The least schooling a programme accepts (trình độ văn hóa đầu vào). Ordered: a
    /// programme open to THCS graduates is open to THPT graduates too.
    EntryEducation {
        /// Không yêu cầu bằng cấp: anyone who can follow the course (most sơ cấp courses).
        None = ("none", "Không yêu cầu bằng tốt nghiệp"),
        /// Tốt nghiệp trung học cơ sở (lớp 9).
        LowerSecondary = ("lower_secondary", "Tốt nghiệp THCS (lớp 9)"),
        /// Tốt nghiệp trung học phổ thông (lớp 12).
        UpperSecondary = ("upper_secondary", "Tốt nghiệp THPT (lớp 12)"),
    }
);

impl EntryEducation {
    fn rank(self) -> u8 {
        match self {
            EntryEducation::None => 0,
            EntryEducation::LowerSecondary => 1,
            EntryEducation::UpperSecondary => 2,
        }
    }

    /// Whether a learner with `schooling` meets this minimum.
    pub fn admits(self, schooling: EntryEducation) -> bool {
        schooling.rank() >= self.rank()
    }
}

coded_enum!(
    /// Who a support policy is for (đối tượng được hỗ trợ): the plan's target groups of
    /// workers (DESIGN.md §1) and the usual groups of the fee rules.
    TargetGroup {
        RuralWorker = ("rural_worker", "Lao động nông thôn"),
        DemobilisedSoldier = ("demobilised_soldier", "Bộ đội xuất ngũ, thanh niên hoàn thành nghĩa vụ"),
        Unemployed = ("unemployed", "Người lao động mất việc, đang hưởng trợ cấp thất nghiệp"),
        Disabled = ("disabled", "Người khuyết tật"),
        FormerPrisoner = ("former_prisoner", "Người chấp hành xong án phạt tù"),
        PoorHousehold = ("poor_household", "Người thuộc hộ nghèo, hộ cận nghèo"),
        EthnicMinority = ("ethnic_minority", "Người dân tộc thiểu số"),
    }
);

/// Where an intake stands on a given day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum IntakeState {
    /// Opens later (sắp mở).
    Upcoming,
    /// Accepting applications today: `opens_on ≤ today ≤ closes_on` (đang tuyển sinh).
    Open,
    /// Closed (đã kết thúc).
    Closed,
}

impl IntakeState {
    /// The state of an intake open from `opens_on` to `closes_on` (both days included) on `today`.
    pub fn on(opens_on: NaiveDate, closes_on: NaiveDate, today: NaiveDate) -> IntakeState {
        if today < opens_on {
            IntakeState::Upcoming
        } else if today <= closes_on {
            IntakeState::Open
        } else {
            IntakeState::Closed
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            IntakeState::Upcoming => "upcoming",
            IntakeState::Open => "open",
            IntakeState::Closed => "closed",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            IntakeState::Upcoming => "Sắp mở",
            IntakeState::Open => "Đang nhận hồ sơ",
            IntakeState::Closed => "Đã kết thúc",
        }
    }
}

/// Checks an intake's dates: applications close on or after the day they open, classes
/// start on or after that opening day. Errors are (field, message).
pub fn check_intake_dates(
    opens_on: NaiveDate,
    closes_on: NaiveDate,
    classes_start_on: Option<NaiveDate>,
) -> Vec<(&'static str, Invalid)> {
    let mut errors = Vec::new();
    if closes_on < opens_on {
        errors.push((
            "closes_on",
            Invalid {
                message: "Ngày kết thúc nhận hồ sơ phải bằng hoặc sau ngày bắt đầu nhận hồ sơ.",
            },
        ));
    }
    if let Some(start) = classes_start_on
        && start < opens_on
    {
        errors.push((
            "classes_start_on",
            Invalid {
                message: "Ngày khai giảng phải bằng hoặc sau ngày bắt đầu nhận hồ sơ.",
            },
        ));
    }
    errors
}

/// The longest programme accepted, in months (a cao đẳng programme is about three years).
pub const MAX_DURATION_MONTHS: i32 = 60;
/// The largest quota accepted (a typo guard, far above any single programme).
pub const MAX_QUOTA: i32 = 100_000;
/// The largest yearly fee accepted, in đồng (a typo guard: one hundred million).
pub const MAX_FEE_PER_YEAR: i64 = 100_000_000;

/// A whole number typed by a person: spaces and Vietnamese thousands dots (`4.500.000`)
/// allowed; `None` when empty.
fn parse_whole(input: &str) -> Result<Option<i64>, ()> {
    let s: String = input
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '.')
        .collect();
    if s.is_empty() {
        return Ok(None);
    }
    if s.len() > 15 || !s.chars().all(|c| c.is_ascii_digit()) {
        return Err(());
    }
    s.parse::<i64>().map(Some).map_err(|_| ())
}

/// A programme's length in months, 1 to [`MAX_DURATION_MONTHS`].
pub fn parse_duration_months(input: &str) -> Result<i32, Invalid> {
    match parse_whole(input) {
        Ok(None) => Err(Invalid {
            message: "Vui lòng nhập thời gian đào tạo (số tháng).",
        }),
        Ok(Some(n)) if (1..=i64::from(MAX_DURATION_MONTHS)).contains(&n) => {
            Ok(i32::try_from(n).unwrap_or(1))
        }
        Ok(Some(_)) => Err(Invalid {
            message: "Thời gian đào tạo từ 1 đến 60 tháng.",
        }),
        Err(()) => Err(Invalid {
            message: "Thời gian đào tạo là số tháng, ví dụ 24.",
        }),
    }
}

/// A quota (chỉ tiêu): a whole number from 0 to [`MAX_QUOTA`]; `None` when empty.
pub fn parse_quota(input: &str) -> Result<Option<i32>, Invalid> {
    match parse_whole(input) {
        Ok(None) => Ok(None),
        Ok(Some(n)) if n <= i64::from(MAX_QUOTA) => Ok(i32::try_from(n).ok()),
        Ok(Some(_)) => Err(Invalid {
            message: "Chỉ tiêu không quá 100.000 người.",
        }),
        Err(()) if input.trim().starts_with('-') => Err(Invalid {
            message: "Chỉ tiêu không được là số âm.",
        }),
        Err(()) => Err(Invalid {
            message: "Chỉ tiêu là số nguyên không âm, ví dụ 120.",
        }),
    }
}

/// A yearly fee in đồng (`4.500.000`, `4500000`, with or without "đ"/"đồng"); `None` when
/// empty (not announced).
pub fn parse_fee(input: &str) -> Result<Option<i64>, Invalid> {
    let trimmed = input.trim();
    let without_unit = trimmed
        .trim_end_matches("đồng")
        .trim_end_matches("VNĐ")
        .trim_end_matches("VND")
        .trim_end_matches("vnđ")
        .trim_end_matches('đ')
        .trim_end_matches('₫');
    match parse_whole(without_unit) {
        Ok(None) => Ok(None),
        Ok(Some(n)) if n <= MAX_FEE_PER_YEAR => Ok(Some(n)),
        Ok(Some(_)) => Err(Invalid {
            message: "Học phí mỗi năm không quá 100.000.000 đồng; hãy kiểm tra lại số đã nhập.",
        }),
        Err(()) if trimmed.starts_with('-') => Err(Invalid {
            message: "Học phí không được là số âm.",
        }),
        Err(()) => Err(Invalid {
            message: "Học phí là số đồng mỗi năm, ví dụ 4.500.000 (để trống nếu chưa công bố).",
        }),
    }
}

/// "24 tháng (2 năm)", "3 tháng", "30 tháng (2,5 năm)".
pub fn duration_label(months: i32) -> String {
    match months % 12 {
        0 if months >= 12 => format!("{months} tháng ({} năm)", months / 12),
        6 if months > 12 => format!("{months} tháng ({},5 năm)", months / 12),
        _ => format!("{months} tháng"),
    }
}

/// The conditions of a support policy, as data: the level a programme must have, the
/// schooling of the learner it covers (the programme must admit it) and who the learner
/// must be. `None` means "any".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct PolicyConditions {
    pub level: Option<Level>,
    pub entry_education: Option<EntryEducation>,
    pub target_group: Option<TargetGroup>,
}

impl PolicyConditions {
    /// Whether a programme at `level` admitting learners from `minimum` schooling can offer
    /// this policy. The target group is about the learner and does not restrict programmes.
    pub fn fits(&self, level: Level, minimum: EntryEducation) -> bool {
        self.level.is_none_or(|l| l == level)
            && self.entry_education.is_none_or(|e| minimum.admits(e))
    }

    /// Who and what the policy covers, in words: "trình độ trung cấp; người tốt nghiệp THCS
    /// (lớp 9)"; empty when it has no conditions.
    pub fn describe(&self) -> String {
        let mut parts = Vec::new();
        if let Some(l) = self.level {
            parts.push(format!("trình độ {}", l.label().to_lowercase()));
        }
        if let Some(e) = self.entry_education {
            parts.push(match e {
                EntryEducation::None => "người học chưa có bằng tốt nghiệp".to_owned(),
                EntryEducation::LowerSecondary => "người tốt nghiệp THCS (lớp 9)".to_owned(),
                EntryEducation::UpperSecondary => "người tốt nghiệp THPT (lớp 12)".to_owned(),
            });
        }
        if let Some(t) = self.target_group {
            parts.push(t.label().to_lowercase());
        }
        parts.join("; ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, m, day).unwrap()
    }

    #[test]
    fn an_intake_is_open_from_its_first_to_its_last_day() {
        let (opens, closes) = (d(11, 1), d(11, 26));
        assert_eq!(
            IntakeState::on(opens, closes, d(10, 31)),
            IntakeState::Upcoming
        );
        assert_eq!(IntakeState::on(opens, closes, d(11, 1)), IntakeState::Open);
        assert_eq!(IntakeState::on(opens, closes, d(11, 26)), IntakeState::Open);
        assert_eq!(
            IntakeState::on(opens, closes, d(11, 27)),
            IntakeState::Closed
        );
        assert_eq!(IntakeState::Open.label(), "Đang nhận hồ sơ");
    }

    #[test]
    fn intake_dates_must_run_forwards() {
        assert!(check_intake_dates(d(11, 1), d(11, 1), Some(d(11, 1))).is_empty());
        let e = check_intake_dates(d(11, 10), d(11, 9), Some(d(11, 2)));
        assert_eq!(
            e.iter().map(|(f, _)| *f).collect::<Vec<_>>(),
            ["closes_on", "classes_start_on"]
        );
        assert_eq!(
            e[0].1.message,
            "Ngày kết thúc nhận hồ sơ phải bằng hoặc sau ngày bắt đầu nhận hồ sơ."
        );
    }

    #[test]
    fn numbers_are_read_as_people_type_them() {
        assert_eq!(parse_fee("4.500.000"), Ok(Some(4_500_000)));
        assert_eq!(parse_fee(" 4 500 000 đồng"), Ok(Some(4_500_000)));
        assert_eq!(parse_fee("9800000đ"), Ok(Some(9_800_000)));
        assert_eq!(parse_fee(""), Ok(None));
        assert_eq!(
            parse_fee("-5").unwrap_err().message,
            "Học phí không được là số âm."
        );
        assert!(parse_fee("4,5 triệu").is_err());
        assert!(parse_fee("1000000000").is_err());
        assert_eq!(parse_quota("120"), Ok(Some(120)));
        assert_eq!(parse_quota("0"), Ok(Some(0)));
        assert_eq!(
            parse_quota("-1").unwrap_err().message,
            "Chỉ tiêu không được là số âm."
        );
        assert!(parse_quota("mười").is_err());
        assert_eq!(parse_duration_months("24"), Ok(24));
        assert!(parse_duration_months("0").is_err());
        assert!(parse_duration_months("").is_err());
        assert!(parse_duration_months("99999999999999999999").is_err());
    }

    #[test]
    fn durations_read_naturally() {
        assert_eq!(duration_label(3), "3 tháng");
        assert_eq!(duration_label(24), "24 tháng (2 năm)");
        assert_eq!(duration_label(30), "30 tháng (2,5 năm)");
        assert_eq!(duration_label(6), "6 tháng");
    }

    #[test]
    fn a_policy_fits_programmes_of_its_level_that_admit_its_learners() {
        let thcs_to_tc = PolicyConditions {
            level: Some(Level::Intermediate),
            entry_education: Some(EntryEducation::LowerSecondary),
            target_group: None,
        };
        assert!(thcs_to_tc.fits(Level::Intermediate, EntryEducation::LowerSecondary));
        assert!(!thcs_to_tc.fits(Level::Intermediate, EntryEducation::UpperSecondary));
        assert!(!thcs_to_tc.fits(Level::College, EntryEducation::LowerSecondary));
        assert_eq!(
            thcs_to_tc.describe(),
            "trình độ trung cấp; người tốt nghiệp THCS (lớp 9)"
        );
        let rural = PolicyConditions {
            level: Some(Level::Elementary),
            entry_education: None,
            target_group: Some(TargetGroup::RuralWorker),
        };
        assert!(rural.fits(Level::Elementary, EntryEducation::None));
        assert_eq!(rural.describe(), "trình độ sơ cấp; lao động nông thôn");
        assert!(PolicyConditions::default().fits(Level::College, EntryEducation::UpperSecondary));
        assert!(EntryEducation::None.admits(EntryEducation::UpperSecondary));
        assert!(!EntryEducation::UpperSecondary.admits(EntryEducation::LowerSecondary));
    }
}
