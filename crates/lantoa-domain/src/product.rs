//! Communication products (sản phẩm truyền thông) and the reporting periods they count in.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::plan::{MonthDay, PeriodKind};

macro_rules! coded_enum {
    ($(#[$doc:meta])* $name:ident { $($(#[$vdoc:meta])* $variant:ident = ($code:literal, $label:literal)),+ $(,)? }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
        pub enum $name { $($(#[$vdoc])* $variant),+ }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            pub fn code(self) -> &'static str {
                match self { $($name::$variant => $code),+ }
            }

            pub fn from_code(code: &str) -> Option<$name> {
                match code { $($code => Some($name::$variant),)+ _ => None }
            }

            /// The Vietnamese label shown in the interface and in reports.
            pub fn label(self) -> &'static str {
                match self { $($name::$variant => $label),+ }
            }
        }
    };
}
pub(crate) use coded_enum;

coded_enum!(
    /// What kind of thing was produced (issue 5, point 2).
    ProductKind {
        Article = ("article", "Tin, bài"),
        Photo = ("photo", "Ảnh"),
        Reportage = ("reportage", "Phóng sự"),
        VideoClip = ("video_clip", "Video clip"),
        Broadcast = ("broadcast", "Chương trình phát thanh, truyền hình"),
        Publication = ("publication", "Ấn phẩm, tờ rơi"),
        Billboard = ("billboard", "Pa-nô, đề-can, màn hình"),
        Event = ("event", "Sự kiện, hội nghị, hội thảo"),
        SchoolSession = ("school_session", "Buổi tư vấn, giao lưu tại trường"),
        Training = ("training", "Khóa tập huấn"),
        SocialPost = ("social_post", "Bài đăng mạng xã hội"),
        ItProduct = ("it_product", "Sản phẩm công nghệ thông tin"),
    }
);

coded_enum!(
    /// What a reach figure counts.
    ReachKind {
        Views = ("views", "Lượt xem"),
        Listeners = ("listeners", "Lượt nghe"),
        Participants = ("participants", "Người tham dự"),
        Copies = ("copies", "Bản phát hành"),
    }
);

/// One reporting period of a plan: the data window its figures count and its deadlines.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReportingPeriod {
    pub kind: PeriodKind,
    pub year: i32,
    /// First and last day (inclusive) whose products the report counts.
    pub window_start: NaiveDate,
    pub window_end: NaiveDate,
    /// Units send their reports on or before this day.
    pub unit_due: NaiveDate,
    /// The lead department consolidates on or before this day.
    pub lead_due: NaiveDate,
}

/// The rule a plan gives for one kind of period.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PeriodRule {
    pub kind: PeriodKind,
    pub window_from: MonthDay,
    pub window_from_previous_year: bool,
    pub window_to: MonthDay,
    pub unit_due: MonthDay,
    pub lead_due: MonthDay,
}

impl PeriodRule {
    /// The period of this kind for `year`.
    pub fn period(&self, year: i32) -> Option<ReportingPeriod> {
        let start_year = if self.window_from_previous_year {
            year - 1
        } else {
            year
        };
        Some(ReportingPeriod {
            kind: self.kind,
            year,
            window_start: self.window_from.in_year(start_year)?,
            window_end: self.window_to.in_year(year)?,
            unit_due: self.unit_due.in_year(year)?,
            lead_due: self.lead_due.in_year(year)?,
        })
    }
}

impl ReportingPeriod {
    pub fn contains(&self, day: NaiveDate) -> bool {
        self.window_start <= day && day <= self.window_end
    }

    /// The period's code as the command line and URLs write it: `2024-h1` or `2024`.
    pub fn code(&self) -> String {
        period_code(self.kind, self.year)
    }

    /// "6 tháng đầu năm 2024" / "năm 2024".
    pub fn label(&self) -> String {
        match self.kind {
            PeriodKind::H1 => format!("6 tháng đầu năm {}", self.year),
            PeriodKind::Year => format!("năm {}", self.year),
        }
    }

    /// A report submitted on `day` is on time when `day` is on or before the units' deadline.
    pub fn on_time(&self, day: NaiveDate) -> bool {
        day <= self.unit_due
    }
}

pub fn period_code(kind: PeriodKind, year: i32) -> String {
    match kind {
        PeriodKind::H1 => format!("{year}-h1"),
        PeriodKind::Year => year.to_string(),
    }
}

/// Parses `2024-h1` or `2024`.
pub fn parse_period_code(code: &str) -> Option<(PeriodKind, i32)> {
    let code = code.trim().to_ascii_lowercase();
    let (year, kind) = match code.strip_suffix("-h1") {
        Some(y) => (y, PeriodKind::H1),
        None => (code.as_str(), PeriodKind::Year),
    };
    if year.len() != 4 {
        return None;
    }
    year.parse().ok().map(|y| (kind, y))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn md(s: &str) -> MonthDay {
        MonthDay::parse(s).unwrap()
    }

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    /// The seed plan's rules with the windows of Nghị định 09/2019/NĐ-CP.
    fn rules() -> [PeriodRule; 2] {
        [
            PeriodRule {
                kind: PeriodKind::H1,
                window_from: md("12-15"),
                window_from_previous_year: true,
                window_to: md("06-14"),
                unit_due: md("06-20"),
                lead_due: md("06-30"),
            },
            PeriodRule {
                kind: PeriodKind::Year,
                window_from: md("12-15"),
                window_from_previous_year: true,
                window_to: md("12-14"),
                unit_due: md("11-20"),
                lead_due: md("11-30"),
            },
        ]
    }

    #[test]
    fn the_2024_periods_of_the_seed_plan() {
        let [h1, year] = rules();
        let p = h1.period(2024).unwrap();
        assert_eq!(
            (p.window_start, p.window_end, p.unit_due, p.lead_due),
            (
                d(2023, 12, 15),
                d(2024, 6, 14),
                d(2024, 6, 20),
                d(2024, 6, 30)
            )
        );
        assert!(
            p.contains(d(2023, 12, 15))
                && p.contains(d(2024, 6, 14))
                && !p.contains(d(2024, 6, 15))
        );
        assert!(p.on_time(d(2024, 6, 20)) && !p.on_time(d(2024, 6, 21)));
        assert_eq!(
            (p.code(), p.label()),
            ("2024-h1".into(), "6 tháng đầu năm 2024".into())
        );
        let y = year.period(2024).unwrap();
        assert_eq!(
            (y.window_start, y.window_end, y.unit_due),
            (d(2023, 12, 15), d(2024, 12, 14), d(2024, 11, 20))
        );
        assert_eq!(y.code(), "2024");
    }

    #[test]
    fn period_codes_parse() {
        assert_eq!(parse_period_code("2024-h1"), Some((PeriodKind::H1, 2024)));
        assert_eq!(parse_period_code("2025"), Some((PeriodKind::Year, 2025)));
        for bad in ["24", "2024-h2", "năm 2024", "", "2024-"] {
            assert_eq!(parse_period_code(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn kinds_round_trip() {
        for k in ProductKind::ALL {
            assert_eq!(ProductKind::from_code(k.code()), Some(*k));
        }
        assert_eq!(ProductKind::ALL.len(), 12);
        assert_eq!(
            ReachKind::from_code("views").map(ReachKind::label),
            Some("Lượt xem")
        );
    }
}
