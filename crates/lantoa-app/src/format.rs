//! Numbers as Vietnamese write them: `1.234.567` (dot thousands), `1.234,5` (comma decimals).

/// `1234567` → `1.234.567`.
pub fn int(n: i64) -> String {
    let digits = n.unsigned_abs().to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 + 1);
    if n < 0 {
        out.push('-');
    }
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push('.');
        }
        out.push(c);
    }
    out
}

/// `7/11 (63%)`; a dash when nothing is expected.
pub fn ratio(n: usize, of: usize) -> String {
    match (n * 100).checked_div(of) {
        Some(percent) => format!("{n}/{of} ({percent}%)"),
        None => "—".into(),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn thousands_use_dots() {
        assert_eq!(super::int(0), "0");
        assert_eq!(super::int(999), "999");
        assert_eq!(super::int(1234), "1.234");
        assert_eq!(super::int(-1234567), "-1.234.567");
        assert_eq!(super::ratio(7, 11), "7/11 (63%)");
        assert_eq!(super::ratio(0, 0), "—");
    }
}
