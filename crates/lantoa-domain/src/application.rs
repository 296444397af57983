//! Online applications (hồ sơ đăng ký tuyển sinh, issue 4 points 6–8): the status state
//! machine with its Vietnamese labels, Vietnamese mobile numbers, dates of birth and the
//! minor rule, reference codes (mã hồ sơ) without ambiguous characters, the consent texts
//! and their versions, and the key that recognises the same person applying twice. No I/O.

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::product::coded_enum;
use crate::validate::Invalid;

const fn invalid(message: &'static str) -> Invalid {
    Invalid { message }
}

// --- Status ----------------------------------------------------------------------------------

coded_enum!(
    /// Where an application stands (trạng thái hồ sơ). The usual path is mới → đã liên hệ →
    /// đủ điều kiện → trúng tuyển → nhập học; từ chối and rút end it from any open state.
    ApplicationStatus {
        /// Mới: received, nobody has called yet.
        New = ("new", "Mới"),
        /// Đã liên hệ: the school has talked to the applicant.
        Contacted = ("contacted", "Đã liên hệ"),
        /// Đủ điều kiện: the papers and conditions are checked.
        Eligible = ("eligible", "Đủ điều kiện"),
        /// Trúng tuyển: offered a place.
        Admitted = ("admitted", "Trúng tuyển"),
        /// Nhập học: enrolled; the end of the path.
        Enrolled = ("enrolled", "Nhập học"),
        /// Từ chối: the school declined.
        Rejected = ("rejected", "Từ chối"),
        /// Rút: the applicant withdrew.
        Withdrawn = ("withdrawn", "Rút hồ sơ"),
    }
);

/// A status change that the flow does not allow.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("an application cannot go from {from:?} to {to:?}")]
pub struct TransitionError {
    pub from: ApplicationStatus,
    pub to: ApplicationStatus,
}

impl ApplicationStatus {
    /// No further change: nhập học, từ chối, rút.
    pub fn is_final(self) -> bool {
        matches!(
            self,
            ApplicationStatus::Enrolled
                | ApplicationStatus::Rejected
                | ApplicationStatus::Withdrawn
        )
    }

    /// The statuses this one may move to, in the order the back office offers them.
    pub fn next(self) -> &'static [ApplicationStatus] {
        use ApplicationStatus::*;
        match self {
            New => &[Contacted, Rejected, Withdrawn],
            Contacted => &[Eligible, Rejected, Withdrawn],
            Eligible => &[Admitted, Rejected, Withdrawn],
            Admitted => &[Enrolled, Withdrawn],
            Enrolled | Rejected | Withdrawn => &[],
        }
    }

    /// The button that moves an application to this status.
    pub fn action_label(self) -> &'static str {
        match self {
            ApplicationStatus::New => "Đặt lại là mới",
            ApplicationStatus::Contacted => "Đã liên hệ",
            ApplicationStatus::Eligible => "Đủ điều kiện",
            ApplicationStatus::Admitted => "Trúng tuyển",
            ApplicationStatus::Enrolled => "Đã nhập học",
            ApplicationStatus::Rejected => "Từ chối",
            ApplicationStatus::Withdrawn => "Người đăng ký rút hồ sơ",
        }
    }

    /// What the status means, in words for the applicant (the status lookup page).
    pub fn public_text(self) -> &'static str {
        match self {
            ApplicationStatus::New => {
                "Hồ sơ đã được tiếp nhận. Cơ sở đào tạo sẽ liên hệ với bạn qua số điện thoại đã đăng ký."
            }
            ApplicationStatus::Contacted => {
                "Cơ sở đào tạo đã liên hệ với bạn và đang xem xét hồ sơ."
            }
            ApplicationStatus::Eligible => {
                "Hồ sơ đủ điều kiện dự tuyển. Hãy chờ thông báo kết quả của cơ sở đào tạo."
            }
            ApplicationStatus::Admitted => {
                "Chúc mừng, bạn đã trúng tuyển. Hãy làm thủ tục nhập học theo hướng dẫn của cơ sở đào tạo."
            }
            ApplicationStatus::Enrolled => "Bạn đã nhập học.",
            ApplicationStatus::Rejected => {
                "Cơ sở đào tạo chưa thể nhận hồ sơ này. Bạn có thể đăng ký chương trình khác."
            }
            ApplicationStatus::Withdrawn => "Hồ sơ đã được rút theo đề nghị của người đăng ký.",
        }
    }

    /// The badge class used for this status in lists.
    pub fn badge(self) -> &'static str {
        match self {
            ApplicationStatus::New => "pending",
            ApplicationStatus::Contacted | ApplicationStatus::Eligible => "draft",
            ApplicationStatus::Admitted | ApplicationStatus::Enrolled => "published",
            ApplicationStatus::Rejected | ApplicationStatus::Withdrawn => "neutral",
        }
    }
}

/// Moves an application from `from` to `to` if the flow allows it.
pub fn transition(
    from: ApplicationStatus,
    to: ApplicationStatus,
) -> Result<ApplicationStatus, TransitionError> {
    if from.next().contains(&to) {
        Ok(to)
    } else {
        Err(TransitionError { from, to })
    }
}

// --- Other coded answers ---------------------------------------------------------------------

coded_enum!(
    /// The applicant's schooling (trình độ văn hóa).
    Schooling {
        LowerSecondary = ("thcs", "Trung học cơ sở (THCS)"),
        UpperSecondary = ("thpt", "Trung học phổ thông (THPT)"),
        Other = ("other", "Khác"),
    }
);

coded_enum!(
    /// Giới tính (optional).
    Gender {
        Female = ("female", "Nữ"),
        Male = ("male", "Nam"),
        Other = ("other", "Khác"),
    }
);

/// At most this many programmes in one application, ranked.
pub const MAX_CHOICES: usize = 3;

// --- Phone numbers ---------------------------------------------------------------------------

/// A Vietnamese mobile number, normalised to ten digits (`0912345678`).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Phone(String);

/// The prefixes of Vietnamese mobile numbers (after the 2018 change to ten digits).
const MOBILE_PREFIXES: [&str; 5] = ["03", "05", "07", "08", "09"];

impl Phone {
    /// Reads a number as people write it: spaces, dots, hyphens and brackets are ignored;
    /// `+84` or `84` in front stands for the leading `0`.
    pub fn parse(input: &str) -> Result<Phone, Invalid> {
        let trimmed = input.trim();
        if trimmed.is_empty() {
            return Err(invalid("Vui lòng nhập số điện thoại di động."));
        }
        let mut digits = String::new();
        for (i, c) in trimmed.chars().enumerate() {
            match c {
                '0'..='9' => digits.push(c),
                ' ' | '.' | '-' | '(' | ')' | '\u{a0}' => {}
                '+' if i == 0 => {}
                _ => {
                    return Err(invalid("Số điện thoại chỉ gồm chữ số, ví dụ 0912 345 678."));
                }
            }
        }
        if trimmed.starts_with('+') && !digits.starts_with("84") {
            return Err(invalid(
                "Vui lòng nhập số di động Việt Nam, ví dụ 0912 345 678 hoặc +84 912 345 678.",
            ));
        }
        let national = match digits.strip_prefix("84") {
            Some(rest) if rest.len() == 9 && !rest.starts_with('0') => format!("0{rest}"),
            _ => digits,
        };
        if national.len() != 10 {
            return Err(invalid(
                "Số điện thoại di động có 10 chữ số, ví dụ 0912 345 678.",
            ));
        }
        if !MOBILE_PREFIXES.iter().any(|p| national.starts_with(p)) {
            return Err(invalid(
                "Số di động Việt Nam bắt đầu bằng 03, 05, 07, 08 hoặc 09.",
            ));
        }
        Ok(Phone(national))
    }

    /// Ten digits, no spaces.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// As people read it: `0912 345 678`.
    pub fn display(&self) -> String {
        format!("{} {} {}", &self.0[..4], &self.0[4..7], &self.0[7..])
    }
}

/// `0912 345 678` for a stored ten-digit number; anything else as it is.
pub fn display_phone(stored: &str) -> String {
    Phone::parse(stored).map_or_else(|_| stored.to_owned(), |p| p.display())
}

// --- Dates of birth --------------------------------------------------------------------------

/// Below this age an applicant is a minor: a parent or guardian must consent.
pub const AGE_OF_MAJORITY: u32 = 18;
/// The youngest applicant accepted (the youngest who can finish lower secondary school).
pub const MIN_AGE: u32 = 14;
/// A typo guard for the year of birth.
pub const MAX_AGE: u32 = 80;

/// Full years of age on `today`.
pub fn age_on(birth: NaiveDate, today: NaiveDate) -> u32 {
    if today < birth {
        return 0;
    }
    let mut years = today.year() - birth.year();
    if (today.month(), today.day()) < (birth.month(), birth.day()) {
        years -= 1;
    }
    u32::try_from(years).unwrap_or(0)
}

/// Under [`AGE_OF_MAJORITY`] on `today`.
pub fn is_minor(birth: NaiveDate, today: NaiveDate) -> bool {
    age_on(birth, today) < AGE_OF_MAJORITY
}

/// A date typed as `dd/mm/yyyy` (also `d/m/yyyy`, with `-` or `.`, or ISO `yyyy-mm-dd`).
/// `Err(None)` when it is not in that form, `Err(Some(..))` when the form is right but no
/// such day exists (31/02).
fn parse_day(input: &str) -> Result<NaiveDate, Option<()>> {
    let s = input.trim();
    let parts: Vec<&str> = s.split(['/', '-', '.']).map(str::trim).collect();
    if parts.len() != 3
        || parts
            .iter()
            .any(|p| p.is_empty() || !p.chars().all(|c| c.is_ascii_digit()))
    {
        return Err(None);
    }
    let (d, m, y) = if parts[0].len() == 4 {
        (parts[2], parts[1], parts[0])
    } else {
        (parts[0], parts[1], parts[2])
    };
    if d.len() > 2 || m.len() > 2 || y.len() != 4 {
        return Err(None);
    }
    let (Ok(d), Ok(m), Ok(y)) = (d.parse::<u32>(), m.parse::<u32>(), y.parse::<i32>()) else {
        return Err(None);
    };
    NaiveDate::from_ymd_opt(y, m, d).ok_or(Some(()))
}

/// A date of birth checked against `today` (the App clock's date in Vietnam).
pub fn parse_birth_date(input: &str, today: NaiveDate) -> Result<NaiveDate, Invalid> {
    if input.trim().is_empty() {
        return Err(invalid("Vui lòng nhập ngày sinh."));
    }
    let birth = match parse_day(input) {
        Ok(d) => d,
        Err(None) => {
            return Err(invalid(
                "Ngày sinh viết theo dạng ngày/tháng/năm, ví dụ 05/09/2009.",
            ));
        }
        Err(Some(())) => {
            return Err(invalid(
                "Ngày sinh này không có trên lịch (ví dụ 31/02). Vui lòng kiểm tra lại.",
            ));
        }
    };
    if birth > today {
        return Err(invalid("Ngày sinh không thể sau ngày hôm nay."));
    }
    let age = age_on(birth, today);
    if age < MIN_AGE {
        return Err(invalid(
            "Người đăng ký học nghề cần đủ 14 tuổi. Vui lòng kiểm tra lại ngày sinh.",
        ));
    }
    if age > MAX_AGE {
        return Err(invalid("Năm sinh có vẻ chưa đúng. Vui lòng kiểm tra lại."));
    }
    Ok(birth)
}

// --- Reference codes -------------------------------------------------------------------------

/// The characters of a reference code: digits and capitals without 0, O, 1, I and L, which
/// people confuse when they read a code aloud or copy it from paper.
pub const CODE_ALPHABET: &[u8; 31] = b"23456789ABCDEFGHJKMNPQRSTUVWXYZ";
/// Characters in a code (two groups of four: `K7MQ-4PX2`). 31⁸ ≈ 8.5 × 10¹¹ codes.
pub const CODE_LEN: usize = 8;

/// A reference code (mã hồ sơ) from eight random numbers (each taken modulo the alphabet's
/// size; callers pass uniform values below 31 so no letter is favoured).
pub fn reference_code(indices: [u8; CODE_LEN]) -> String {
    let mut s = String::with_capacity(CODE_LEN + 1);
    for (i, n) in indices.iter().enumerate() {
        if i == CODE_LEN / 2 {
            s.push('-');
        }
        s.push(char::from(
            CODE_ALPHABET[usize::from(*n) % CODE_ALPHABET.len()],
        ));
    }
    s
}

/// A code as typed: case, spaces and the hyphen do not matter. Returns the stored form
/// (`K7MQ-4PX2`).
pub fn parse_reference_code(input: &str) -> Result<String, Invalid> {
    let chars: Vec<char> = input
        .chars()
        .filter(|c| !matches!(c, ' ' | '-' | '.' | '\u{a0}'))
        .map(|c| c.to_ascii_uppercase())
        .collect();
    if chars.is_empty() {
        return Err(invalid("Vui lòng nhập mã hồ sơ."));
    }
    let ok = chars.len() == CODE_LEN
        && chars
            .iter()
            .all(|c| c.is_ascii() && CODE_ALPHABET.contains(&(*c as u8)));
    if !ok {
        return Err(invalid(
            "Mã hồ sơ gồm 8 chữ và số như trên giấy xác nhận, ví dụ K7MQ-4PX2.",
        ));
    }
    let mut s: String = chars[..CODE_LEN / 2].iter().collect();
    s.push('-');
    s.extend(&chars[CODE_LEN / 2..]);
    Ok(s)
}

// --- Consent ---------------------------------------------------------------------------------

/// One purpose an applicant is asked to consent to, with the exact text shown and its version.
/// A changed text gets a new version; the version answered is stored with the answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ConsentText {
    /// The purpose's code (also the form field's name).
    pub purpose: &'static str,
    pub version: &'static str,
    pub text: &'static str,
    /// The application cannot be sent without it.
    pub required: bool,
    /// Asked of the parent or guardian (only when the applicant is a minor).
    pub guardian: bool,
}

/// Consent to process the application (required).
pub const CONSENT_PROCESSING: ConsentText = ConsentText {
    purpose: "consent_processing",
    version: "2026-11-26.1",
    text: "Tôi đồng ý để các cơ sở đào tạo tôi chọn và cơ quan quản lý giáo dục nghề nghiệp của tỉnh dùng thông tin trong hồ sơ này để xét tuyển và liên hệ với tôi về hồ sơ. Thông tin không dùng vào việc khác, không chuyển cho bên thứ ba và được xóa hoặc ẩn danh khi hết thời hạn lưu trữ.",
    required: true,
    guardian: false,
};

/// Consent to hear about other programmes and enrollment days (optional).
pub const CONSENT_COUNSELLING: ConsentText = ConsentText {
    purpose: "consent_counselling",
    version: "2026-11-26.1",
    text: "Tôi đồng ý nhận thông tin tư vấn về các chương trình đào tạo và ngày hội tuyển sinh khác qua điện thoại hoặc thư điện tử (không bắt buộc).",
    required: false,
    guardian: false,
};

/// A parent's or guardian's consent for a minor (required when the applicant is under 18).
pub const CONSENT_GUARDIAN: ConsentText = ConsentText {
    purpose: "consent_guardian",
    version: "2026-11-26.1",
    text: "Tôi là cha, mẹ hoặc người giám hộ của người đăng ký và đồng ý cho người đăng ký nộp hồ sơ này, với việc dùng thông tin nêu trên.",
    required: true,
    guardian: true,
};

/// Every consent text in force, in the order of the form.
pub const CONSENTS: [ConsentText; 3] = [CONSENT_PROCESSING, CONSENT_COUNSELLING, CONSENT_GUARDIAN];

/// The consent text of a purpose code.
pub fn consent(purpose: &str) -> Option<&'static ConsentText> {
    CONSENTS.iter().find(|c| c.purpose == purpose)
}

// --- Recognising the same person -------------------------------------------------------------

/// The name as the merge rule compares it: folded (no diacritics, lower case, i/y unified),
/// single spaces. "Nguyễn Thị Kim  Yến" and "nguyen thi kim yen" give the same key.
pub fn name_key(full_name: &str) -> String {
    lantoa_viet::search_fold(&lantoa_viet::normalize(full_name))
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn mobile_numbers_are_normalised_from_the_usual_spellings() {
        for input in [
            "0912345678",
            "0912 345 678",
            "0912.345.678",
            "091-234-5678",
            "+84 912 345 678",
            "+84912345678",
            "84912345678",
            " (091) 2345678 ",
        ] {
            assert_eq!(
                Phone::parse(input).map(|p| p.as_str().to_owned()),
                Ok("0912345678".to_owned()),
                "{input}"
            );
        }
        assert_eq!(
            Phone::parse("0912345678").unwrap().display(),
            "0912 345 678"
        );
        for ok in ["0321234567", "0561234567", "0701234567", "0861234567"] {
            assert!(Phone::parse(ok).is_ok(), "{ok}");
        }
    }

    #[test]
    fn bad_mobile_numbers_get_a_message_that_says_what_is_wrong() {
        let msg = |s: &str| Phone::parse(s).unwrap_err().message;
        assert!(msg("").contains("Vui lòng nhập"));
        assert!(msg("0912abc678").contains("chỉ gồm chữ số"));
        assert!(msg("091234567").contains("10 chữ số"));
        assert!(msg("09123456789").contains("10 chữ số"));
        assert!(msg("0212345678").contains("bắt đầu bằng 03, 05, 07, 08 hoặc 09"));
        assert!(msg("0112345678").contains("bắt đầu bằng"));
        assert!(msg("+1 202 555 0100").contains("di động Việt Nam"));
        // A landline of Rạch Giá (0297…) is not a mobile number.
        assert!(msg("02973862444").contains("10 chữ số"));
    }

    #[test]
    fn age_and_minor_by_the_day() {
        let today = d(2026, 11, 26);
        assert_eq!(age_on(d(2008, 11, 26), today), 18);
        assert_eq!(age_on(d(2008, 11, 27), today), 17);
        assert!(is_minor(d(2008, 11, 27), today));
        assert!(!is_minor(d(2008, 11, 26), today));
        // Born on 29 February: 18 on 1 March in a common year.
        assert_eq!(age_on(d(2008, 2, 29), d(2026, 2, 28)), 17);
        assert_eq!(age_on(d(2008, 2, 29), d(2026, 3, 1)), 18);
    }

    #[test]
    fn birth_dates_impossible_future_too_young() {
        let today = d(2026, 11, 26);
        assert_eq!(parse_birth_date("05/09/2009", today), Ok(d(2009, 9, 5)));
        assert_eq!(parse_birth_date("5/9/2009", today), Ok(d(2009, 9, 5)));
        assert_eq!(parse_birth_date("2009-09-05", today), Ok(d(2009, 9, 5)));
        assert_eq!(parse_birth_date("05-09-2009", today), Ok(d(2009, 9, 5)));
        let msg = |s: &str| parse_birth_date(s, today).unwrap_err().message;
        assert!(msg("").contains("Vui lòng nhập ngày sinh"));
        assert!(msg("31/02/2008").contains("không có trên lịch"));
        assert!(msg("29/02/2009").contains("không có trên lịch"));
        assert!(msg("mùng 5 tháng 9").contains("ngày/tháng/năm"));
        assert!(msg("05/09/09").contains("ngày/tháng/năm"));
        assert!(msg("01/01/2030").contains("sau ngày hôm nay"));
        assert!(msg("27/11/2026").contains("sau ngày hôm nay"));
        assert!(msg("01/01/2020").contains("đủ 14 tuổi"));
        assert!(msg("01/01/1900").contains("Năm sinh"));
    }

    #[test]
    fn reference_codes_avoid_ambiguous_characters_and_read_back() {
        for bad in [b'0', b'O', b'1', b'I', b'L'] {
            assert!(!CODE_ALPHABET.contains(&bad));
        }
        let code = reference_code([0, 1, 2, 3, 4, 5, 6, 30]);
        assert_eq!(code, "2345-678Z");
        assert_eq!(
            parse_reference_code(" 2345 678z ").as_deref(),
            Ok("2345-678Z")
        );
        assert_eq!(parse_reference_code("2345678Z").as_deref(), Ok("2345-678Z"));
        assert!(
            parse_reference_code("")
                .unwrap_err()
                .message
                .contains("Vui lòng")
        );
        assert!(parse_reference_code("2345-67OZ").is_err(), "O is not used");
        assert!(parse_reference_code("2345-678").is_err());
    }

    proptest! {
        #[test]
        fn every_generated_code_parses_back_to_itself(indices in proptest::array::uniform8(0u8..=255)) {
            let code = reference_code(indices);
            prop_assert_eq!(code.len(), CODE_LEN + 1);
            prop_assert!(code.bytes().filter(|b| *b != b'-').all(|b| CODE_ALPHABET.contains(&b)));
            prop_assert_eq!(parse_reference_code(&code.to_lowercase()), Ok(code.clone()));
        }

        #[test]
        fn the_state_machine_only_moves_forward_and_final_states_stay(
            a in 0usize..7, b in 0usize..7
        ) {
            let (from, to) = (ApplicationStatus::ALL[a], ApplicationStatus::ALL[b]);
            match transition(from, to) {
                Ok(s) => {
                    prop_assert_eq!(s, to);
                    prop_assert!(!from.is_final());
                    prop_assert!(from != to);
                    prop_assert!(to != ApplicationStatus::New);
                }
                Err(e) => prop_assert_eq!(e, TransitionError { from, to }),
            }
        }
    }

    #[test]
    fn the_usual_path_and_its_exits() {
        use ApplicationStatus::*;
        let mut s = New;
        for next in [Contacted, Eligible, Admitted, Enrolled] {
            s = transition(s, next).unwrap();
        }
        assert!(s.is_final());
        assert!(transition(New, Admitted).is_err(), "no skipping the checks");
        assert!(transition(Rejected, Contacted).is_err());
        assert!(transition(Contacted, Withdrawn).is_ok());
        assert!(transition(Admitted, Rejected).is_err());
        assert_eq!(Contacted.label(), "Đã liên hệ");
        for st in ApplicationStatus::ALL {
            assert_eq!(ApplicationStatus::from_code(st.code()), Some(*st));
        }
    }

    #[test]
    fn names_match_without_diacritics_case_or_extra_spaces() {
        assert_eq!(
            name_key("Nguyễn Thị Kim  Yến"),
            name_key("nguyen thi kim yen")
        );
        assert_eq!(name_key("Lý Văn Tỷ"), name_key("Lí văn Tỉ"));
        assert_ne!(name_key("Nguyễn Văn An"), name_key("Nguyễn Văn Anh"));
    }

    #[test]
    fn consent_texts_have_versions_and_distinct_purposes() {
        for c in CONSENTS {
            assert!(!c.version.is_empty() && !c.text.is_empty());
            assert_eq!(consent(c.purpose), Some(&c));
        }
        const { assert!(CONSENT_PROCESSING.required && !CONSENT_COUNSELLING.required) };
        const { assert!(CONSENT_GUARDIAN.guardian) };
    }
}
