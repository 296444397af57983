//! Numbers and dates written the Vietnamese way: "." groups thousands, "," marks decimals,
//! dates are dd/mm/yyyy.

use chrono::{Datelike, NaiveDate};

/// An integer with "." between groups of three digits.
///
/// ```
/// assert_eq!(lantoa_export::format_int(1_234_567), "1.234.567");
/// assert_eq!(lantoa_export::format_int(-950), "-950");
/// ```
pub fn format_int(n: i64) -> String {
    let digits = n.unsigned_abs().to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 + 1);
    if n < 0 {
        out.push('-');
    }
    group_thousands(&digits, &mut out);
    out
}

/// A decimal number rounded to two places, trailing zeros dropped, "," before the decimals and
/// "." between thousands. Not-a-number and infinities give an empty string.
///
/// ```
/// assert_eq!(lantoa_export::format_decimal(1234.5), "1.234,5");
/// assert_eq!(lantoa_export::format_decimal(87.456), "87,46");
/// assert_eq!(lantoa_export::format_decimal(3.0), "3");
/// ```
pub fn format_decimal(x: f64) -> String {
    if !x.is_finite() {
        return String::new();
    }
    let fixed = format!("{:.2}", x.abs());
    let (int_part, frac) = fixed.split_once('.').unwrap_or((fixed.as_str(), ""));
    let frac = frac.trim_end_matches('0');
    let negative = x < 0.0 && (int_part != "0" || !frac.is_empty());
    let mut out = String::with_capacity(fixed.len() + 4);
    if negative {
        out.push('-');
    }
    group_thousands(int_part, &mut out);
    if !frac.is_empty() {
        out.push(',');
        out.push_str(frac);
    }
    out
}

/// A date as dd/mm/yyyy.
///
/// ```
/// use lantoa_export::{NaiveDate, format_date};
/// assert_eq!(format_date(NaiveDate::from_ymd_opt(2024, 6, 5).unwrap()), "05/06/2024");
/// ```
pub fn format_date(d: NaiveDate) -> String {
    format!("{:02}/{:02}/{:04}", d.day(), d.month(), d.year())
}

fn group_thousands(digits: &str, out: &mut String) {
    let len = digits.len();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (len - i).is_multiple_of(3) {
            out.push('.');
        }
        out.push(c);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn integers_group_by_thousands_with_dots() {
        assert_eq!(format_int(0), "0");
        assert_eq!(format_int(999), "999");
        assert_eq!(format_int(1000), "1.000");
        assert_eq!(format_int(12_500), "12.500");
        assert_eq!(format_int(-1_000_000), "-1.000.000");
        assert_eq!(format_int(i64::MIN), "-9.223.372.036.854.775.808");
    }

    #[test]
    fn decimals_use_a_comma_and_drop_trailing_zeros() {
        assert_eq!(format_decimal(0.5), "0,5");
        assert_eq!(format_decimal(12_345.678), "12.345,68");
        assert_eq!(format_decimal(-2.25), "-2,25");
        assert_eq!(format_decimal(-0.001), "0");
        assert_eq!(format_decimal(100.0), "100");
        assert_eq!(format_decimal(f64::NAN), "");
    }

    #[test]
    fn dates_are_day_month_year() {
        let d = NaiveDate::from_ymd_opt(2025, 12, 31);
        assert_eq!(d.map(format_date).as_deref(), Some("31/12/2025"));
    }
}
