//! Validated value types for what people type: e-mail addresses, passwords, slugs, names.
//! Each error carries the Vietnamese message shown beside the field.

/// A validation failure with the message for the person who typed the value.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct Invalid {
    pub message: &'static str,
}

const fn invalid(message: &'static str) -> Invalid {
    Invalid { message }
}

/// An e-mail address, trimmed and lower-cased.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Email(String);

impl Email {
    pub fn parse(input: &str) -> Result<Email, Invalid> {
        let s = input.trim().to_lowercase();
        if s.is_empty() {
            return Err(invalid("Vui lòng nhập địa chỉ thư điện tử."));
        }
        if s.len() > 254 {
            return Err(invalid("Địa chỉ thư điện tử quá dài."));
        }
        let Some((local, domain)) = s.rsplit_once('@') else {
            return Err(invalid(
                "Địa chỉ thư điện tử chưa đúng, ví dụ: ten@donvi.gov.vn.",
            ));
        };
        let domain_ok = domain.contains('.')
            && !domain.starts_with('.')
            && !domain.ends_with('.')
            && !domain.contains("..")
            && domain
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '-');
        let local_ok = !local.is_empty()
            && local.len() <= 64
            && !local.contains(char::is_whitespace)
            && !local.contains('@');
        if !(domain_ok && local_ok) {
            return Err(invalid(
                "Địa chỉ thư điện tử chưa đúng, ví dụ: ten@donvi.gov.vn.",
            ));
        }
        Ok(Email(s))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// The password policy: long enough, not absurdly long (argon2 input), not all one character.
pub fn check_password(password: &str) -> Result<(), Invalid> {
    let chars = password.chars().count();
    if chars < 10 {
        return Err(invalid("Mật khẩu cần ít nhất 10 ký tự."));
    }
    if chars > 200 {
        return Err(invalid("Mật khẩu không được dài quá 200 ký tự."));
    }
    let first = password.chars().next();
    if password.chars().all(|c| Some(c) == first) {
        return Err(invalid(
            "Mật khẩu quá dễ đoán, vui lòng chọn mật khẩu khác.",
        ));
    }
    Ok(())
}

/// A required single-line text such as a name: normalised (NFC, legacy encodings converted),
/// whitespace collapsed, between 1 and `max` characters.
pub fn required_line(
    input: &str,
    max: usize,
    empty: &'static str,
    too_long: &'static str,
) -> Result<String, Invalid> {
    let s = collapse_spaces(&lantoa_viet::normalize(input));
    if s.is_empty() {
        return Err(invalid(empty));
    }
    if s.chars().count() > max {
        return Err(invalid(too_long));
    }
    Ok(s)
}

/// An optional single-line text: normalised and collapsed; empty stays empty.
pub fn optional_line(input: &str, max: usize, too_long: &'static str) -> Result<String, Invalid> {
    let s = collapse_spaces(&lantoa_viet::normalize(input));
    if s.chars().count() > max {
        return Err(invalid(too_long));
    }
    Ok(s)
}

fn collapse_spaces(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A URL slug: lower-case ASCII letters, digits and single hyphens.
pub fn check_slug(slug: &str) -> Result<(), Invalid> {
    let ok = !slug.is_empty()
        && slug.len() <= 120
        && !slug.starts_with('-')
        && !slug.ends_with('-')
        && !slug.contains("--")
        && slug
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
    if ok {
        Ok(())
    } else {
        Err(invalid(
            "Đường dẫn chỉ gồm chữ thường không dấu, chữ số và dấu gạch nối, ví dụ: so-giao-duc.",
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emails_are_trimmed_lower_cased_and_checked() {
        assert_eq!(
            Email::parse("  Nguyen.An@SoLDTBXH.KienGiang.gov.vn ")
                .unwrap()
                .as_str(),
            "nguyen.an@soldtbxh.kiengiang.gov.vn"
        );
        for bad in [
            "",
            "an",
            "an@",
            "@x.vn",
            "an@localhost",
            "a n@x.vn",
            "an@x..vn",
            "an@-x.vn.",
        ] {
            assert!(Email::parse(bad).is_err(), "{bad:?} should be refused");
        }
    }

    #[test]
    fn password_policy_explains_itself_in_vietnamese() {
        assert_eq!(
            check_password("ngắn").unwrap_err().message,
            "Mật khẩu cần ít nhất 10 ký tự."
        );
        assert!(check_password("aaaaaaaaaaaa").is_err());
        assert!(check_password("Lan tỏa 2025!").is_ok());
    }

    #[test]
    fn slugs_are_checked() {
        assert!(check_slug("so-lao-dong-2023").is_ok());
        for bad in ["", "-a", "a-", "a--b", "Sở", "a b"] {
            assert!(check_slug(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn lines_are_collapsed_and_bounded() {
        assert_eq!(
            required_line("  Sở   Giáo dục ", 10, "trống", "dài")
                .unwrap_err()
                .message,
            "dài"
        );
        assert_eq!(
            required_line("  Sở   Nội vụ ", 50, "trống", "dài").unwrap(),
            "Sở Nội vụ"
        );
        assert_eq!(
            required_line("   ", 50, "trống", "dài")
                .unwrap_err()
                .message,
            "trống"
        );
    }
}
