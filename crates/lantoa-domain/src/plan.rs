//! Plans: activity roles, reporting period kinds and the day-of-year values their rules use.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// How an organisation takes part in an activity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ActivityRole {
    /// Đơn vị chủ trì.
    Lead,
    /// Đơn vị phối hợp.
    Coordinating,
}

impl ActivityRole {
    pub fn code(self) -> &'static str {
        match self {
            ActivityRole::Lead => "lead",
            ActivityRole::Coordinating => "coordinating",
        }
    }

    pub fn from_code(code: &str) -> Option<ActivityRole> {
        match code {
            "lead" => Some(ActivityRole::Lead),
            "coordinating" => Some(ActivityRole::Coordinating),
            _ => None,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            ActivityRole::Lead => "Đơn vị chủ trì",
            ActivityRole::Coordinating => "Đơn vị phối hợp",
        }
    }
}

/// The two kinds of reporting period (kỳ báo cáo).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PeriodKind {
    /// Báo cáo 6 tháng.
    H1,
    /// Báo cáo năm.
    Year,
}

impl PeriodKind {
    pub fn code(self) -> &'static str {
        match self {
            PeriodKind::H1 => "h1",
            PeriodKind::Year => "year",
        }
    }

    pub fn from_code(code: &str) -> Option<PeriodKind> {
        match code {
            "h1" => Some(PeriodKind::H1),
            "year" => Some(PeriodKind::Year),
            _ => None,
        }
    }
}

/// A day of the year (`MM-DD`), as reporting rules state deadlines: "trước ngày 20/6".
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct MonthDay {
    pub month: u32,
    pub day: u32,
}

/// `MM-DD` that is not a day of the year.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("not a day of the year in the form MM-DD: {0:?}")]
pub struct BadMonthDay(pub String);

impl MonthDay {
    /// Parses `MM-DD`; 29 February is refused (it does not exist every year).
    pub fn parse(s: &str) -> Result<MonthDay, BadMonthDay> {
        let bad = || BadMonthDay(s.to_owned());
        let (m, d) = s.trim().split_once('-').ok_or_else(bad)?;
        if m.len() != 2 || d.len() != 2 {
            return Err(bad());
        }
        let month: u32 = m.parse().map_err(|_| bad())?;
        let day: u32 = d.parse().map_err(|_| bad())?;
        if (month, day) == (2, 29) || NaiveDate::from_ymd_opt(2023, month, day).is_none() {
            return Err(bad());
        }
        Ok(MonthDay { month, day })
    }

    /// This day in `year`.
    pub fn in_year(self, year: i32) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(year, self.month, self.day)
    }

    /// `20/6`, as Vietnamese documents write it.
    pub fn short_vn(self) -> String {
        format!("{}/{}", self.day, self.month)
    }
}

impl std::fmt::Display for MonthDay {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:02}-{:02}", self.month, self.day)
    }
}

/// The parent code of an activity code: "3.1" → "3", "3" → none.
pub fn parent_code(code: &str) -> Option<&str> {
    code.rsplit_once('.').map(|(parent, _)| parent)
}

/// Whether an activity code is well formed: numbers separated by dots ("1", "3.1", "11.2").
pub fn is_activity_code(code: &str) -> bool {
    !code.is_empty()
        && code.split('.').all(|part| {
            !part.is_empty() && part.len() <= 3 && part.chars().all(|c| c.is_ascii_digit())
        })
}

/// Sort key for activity codes in document order ("2" < "3" < "3.1" < "3.2" < "4" < "10").
pub fn code_sort_key(code: &str) -> Vec<u32> {
    code.split('.')
        .map(|p| p.parse().unwrap_or(u32::MAX))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn month_days_parse_and_print_like_the_documents() {
        let d = MonthDay::parse("06-20").unwrap();
        assert_eq!(
            (d.month, d.day, d.short_vn(), d.to_string()),
            (6, 20, "20/6".into(), "06-20".into())
        );
        assert_eq!(d.in_year(2024), NaiveDate::from_ymd_opt(2024, 6, 20));
        for bad in ["6-20", "13-01", "02-30", "02-29", "x", "06/20", ""] {
            assert!(MonthDay::parse(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn activity_codes_nest_and_sort_in_document_order() {
        assert_eq!(parent_code("3.1"), Some("3"));
        assert_eq!(parent_code("11"), None);
        assert!(is_activity_code("11.2") && !is_activity_code("3.") && !is_activity_code("a"));
        let mut codes = vec!["10", "3.2", "2", "3", "11.1", "3.1", "1"];
        codes.sort_by_key(|c| code_sort_key(c));
        assert_eq!(codes, ["1", "2", "3", "3.1", "3.2", "10", "11.1"]);
    }
}
