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

/// The product a published content item of the portal counts as (ADR 0013): an article is a
/// "tin, bài", a photo story "ảnh", a video a "video clip", a publication an "ấn phẩm, tờ
/// rơi"; a static page is not a communication product.
pub fn portal_product_kind(kind: crate::content::ContentKind) -> Option<ProductKind> {
    use crate::content::ContentKind as C;
    match kind {
        C::Article => Some(ProductKind::Article),
        C::PhotoStory => Some(ProductKind::Photo),
        C::Video => Some(ProductKind::VideoClip),
        C::Publication => Some(ProductKind::Publication),
        C::Page => None,
    }
}

/// The product kinds portal content can become (the `kinds` a plan's rules may name).
pub const PORTAL_KINDS: [ProductKind; 4] = [
    ProductKind::Article,
    ProductKind::Photo,
    ProductKind::VideoClip,
    ProductKind::Publication,
];

/// One rule of a plan saying which activity counts content published on the portal
/// (plan-file key `[[portal_activity]]`, docs/plan-format.md).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PortalRule {
    /// The activity's code, e.g. "5.2".
    pub activity: String,
    /// Product kind codes the rule applies to (`article`, `photo`, `video_clip`, `publication`).
    pub kinds: Vec<String>,
    /// Topic codes (`iv-2-d`): the rule applies only to items with one of them; empty = any.
    #[serde(default)]
    pub topics: Vec<String>,
}

/// The activity a portal item counts for: the first rule, in the plan's order, that names
/// the item's product kind, whose topics (if any) include one of the item's, and whose
/// activity the author organisation answers for that year (`answers_for`: the codes of its
/// obligations in the periods containing the publication date). `None`: no rule fits, and
/// the unit chooses the activity itself.
pub fn portal_activity<'a>(
    rules: &'a [PortalRule],
    kind: ProductKind,
    topics: &[String],
    answers_for: &std::collections::BTreeSet<String>,
) -> Option<&'a str> {
    rules
        .iter()
        .find(|r| {
            r.kinds.iter().any(|k| k == kind.code())
                && (r.topics.is_empty() || r.topics.iter().any(|t| topics.contains(t)))
                && answers_for.contains(&r.activity)
        })
        .map(|r| r.activity.as_str())
}

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

    fn rule(activity: &str, kinds: &[&str], topics: &[&str]) -> PortalRule {
        PortalRule {
            activity: activity.into(),
            kinds: kinds.iter().map(|s| (*s).to_owned()).collect(),
            topics: topics.iter().map(|s| (*s).to_owned()).collect(),
        }
    }

    #[test]
    fn a_portal_item_counts_for_the_first_rule_that_fits_its_kind_topics_and_unit() {
        let rules = [
            rule("7.1", &["article", "photo"], &["iv-2-d"]),
            rule("5.2", &["article", "photo"], &[]),
            rule("6", &["video_clip"], &[]),
        ];
        let codes = |c: &[&str]| c.iter().map(|s| (*s).to_owned()).collect();
        let all = codes(&["5.2", "6", "7.1"]);
        let topics = |t: &[&str]| t.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>();
        // The event topic picks 7.1 first; any other topic falls through to 5.2.
        assert_eq!(
            portal_activity(
                &rules,
                ProductKind::Article,
                &topics(&["iv-1-a", "iv-2-d"]),
                &all
            ),
            Some("7.1")
        );
        assert_eq!(
            portal_activity(&rules, ProductKind::Article, &topics(&["iv-1-a"]), &all),
            Some("5.2")
        );
        assert_eq!(
            portal_activity(&rules, ProductKind::VideoClip, &[], &all),
            Some("6")
        );
        // A unit that does not answer for 7.1 gets the next rule that fits it.
        assert_eq!(
            portal_activity(
                &rules,
                ProductKind::Article,
                &topics(&["iv-2-d"]),
                &codes(&["5.2"])
            ),
            Some("5.2")
        );
        // No rule for the kind, or a unit outside every rule's activity: left to the unit.
        assert_eq!(
            portal_activity(&rules, ProductKind::Publication, &[], &all),
            None
        );
        assert_eq!(
            portal_activity(&rules, ProductKind::Article, &[], &codes(&["9"])),
            None
        );
        assert_eq!(portal_activity(&[], ProductKind::Article, &[], &all), None);
    }

    #[test]
    fn content_kinds_map_to_product_kinds_and_pages_are_not_products() {
        use crate::content::ContentKind as C;
        assert_eq!(
            portal_product_kind(C::Article).map(ProductKind::label),
            Some("Tin, bài")
        );
        assert_eq!(
            portal_product_kind(C::PhotoStory).map(ProductKind::label),
            Some("Ảnh")
        );
        assert_eq!(
            portal_product_kind(C::Video).map(ProductKind::label),
            Some("Video clip")
        );
        assert_eq!(
            portal_product_kind(C::Publication).map(ProductKind::label),
            Some("Ấn phẩm, tờ rơi")
        );
        assert_eq!(portal_product_kind(C::Page), None);
        for k in C::ALL.into_iter().filter_map(portal_product_kind) {
            assert!(PORTAL_KINDS.contains(&k));
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
