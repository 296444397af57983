//! The clock, injected so tests can fix and move time.

use std::sync::Mutex;

use chrono::{NaiveDate, NaiveDateTime, Utc};

/// Time as the application sees it. Timestamps are stored in UTC.
pub trait Clock: Send + Sync {
    /// Now, in UTC.
    fn now(&self) -> NaiveDateTime;

    /// Today's date in Vietnam (UTC+7, no daylight saving).
    fn today(&self) -> NaiveDate {
        (self.now() + chrono::Duration::hours(7)).date()
    }
}

#[derive(Debug, Default, Clone, Copy)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> NaiveDateTime {
        Utc::now().naive_utc()
    }
}

/// A clock that stands still until moved.
#[derive(Debug)]
pub struct FixedClock(Mutex<NaiveDateTime>);

impl FixedClock {
    pub fn new(at: NaiveDateTime) -> Self {
        FixedClock(Mutex::new(at))
    }

    pub fn advance(&self, by: chrono::Duration) {
        if let Ok(mut t) = self.0.lock() {
            *t += by;
        }
    }
}

impl Clock for FixedClock {
    fn now(&self) -> NaiveDateTime {
        self.0.lock().map(|t| *t).unwrap_or_default()
    }
}

/// Formats a UTC timestamp as Vietnamese local time: `26/11/2026 16:05`.
pub fn format_vn(at: NaiveDateTime) -> String {
    (at + chrono::Duration::hours(7))
        .format("%d/%m/%Y %H:%M")
        .to_string()
}

/// Formats a date as `dd/mm/yyyy`.
pub fn format_date(d: NaiveDate) -> String {
    d.format("%d/%m/%Y").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vietnamese_dates_and_times() {
        let at = NaiveDate::from_ymd_opt(2026, 11, 26)
            .unwrap()
            .and_hms_opt(20, 5, 0)
            .unwrap();
        assert_eq!(format_vn(at), "27/11/2026 03:05");
        assert_eq!(
            FixedClock::new(at).today(),
            NaiveDate::from_ymd_opt(2026, 11, 27).unwrap()
        );
        assert_eq!(format_date(at.date()), "26/11/2026");
    }
}
