//! The directory: occupations (ngành, nghề) by training level, and the profile of a
//! vocational institution (cơ sở GDNN). Value types with their validation; Vietnamese
//! messages for the person who typed the value.

use serde::{Deserialize, Serialize};

use crate::product::coded_enum;
use crate::validate::Invalid;

coded_enum!(
    /// Training level (trình độ đào tạo).
    Level {
        /// Sơ cấp: short courses, named, not coded.
        Elementary = ("elementary", "Sơ cấp"),
        /// Trung cấp: catalogue codes start with 5.
        Intermediate = ("intermediate", "Trung cấp"),
        /// Cao đẳng: catalogue codes start with 6.
        College = ("college", "Cao đẳng"),
    }
);

impl Level {
    /// The first digit of this level's catalogue codes; sơ cấp has no codes.
    pub fn code_digit(self) -> Option<char> {
        match self {
            Level::Elementary => None,
            Level::Intermediate => Some('5'),
            Level::College => Some('6'),
        }
    }

    /// The level's part of an occupation's slug: `so-cap`, `trung-cap`, `cao-dang`.
    pub fn slug(self) -> &'static str {
        match self {
            Level::Elementary => "so-cap",
            Level::Intermediate => "trung-cap",
            Level::College => "cao-dang",
        }
    }

    /// Reads a level as files and people write it: `cao_dang`, `college`, "Cao đẳng",
    /// `cao-dang`, `CĐ`… (case, diacritics, spaces and hyphens do not matter).
    pub fn parse(input: &str) -> Option<Level> {
        let folded = lantoa_viet::fold(input.trim());
        let key: String = folded
            .chars()
            .filter(|c| !matches!(c, ' ' | '_' | '-' | '.'))
            .collect();
        match key.as_str() {
            "socap" | "elementary" | "sc" => Some(Level::Elementary),
            "trungcap" | "intermediate" | "tc" => Some(Level::Intermediate),
            "caodang" | "college" | "cd" => Some(Level::College),
            _ => None,
        }
    }
}

/// The message for an unknown level.
pub const LEVEL_INVALID: &str = "Trình độ phải là sơ cấp, trung cấp hoặc cao đẳng.";

/// A 7-digit occupation code of the national catalogue, whose first digit names the level
/// (5 trung cấp, 6 cao đẳng).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct OccupationCode(String);

impl OccupationCode {
    /// Checks `input` against `level`: sơ cấp courses have no code (empty), trung cấp and cao
    /// đẳng need 7 digits starting with their level's digit.
    pub fn parse(input: &str, level: Level) -> Result<Option<OccupationCode>, Invalid> {
        let s: String = input.chars().filter(|c| !c.is_whitespace()).collect();
        let Some(digit) = level.code_digit() else {
            return if s.is_empty() {
                Ok(None)
            } else {
                Err(Invalid {
                    message: "Khóa đào tạo sơ cấp không có mã ngành, nghề; hãy để trống mã.",
                })
            };
        };
        if s.is_empty() {
            return Err(Invalid {
                message: "Vui lòng nhập mã ngành, nghề (7 chữ số) cho trình độ trung cấp, cao đẳng.",
            });
        }
        if s.len() != 7 || !s.chars().all(|c| c.is_ascii_digit()) {
            return Err(Invalid {
                message: "Mã ngành, nghề gồm đúng 7 chữ số, ví dụ 6480201.",
            });
        }
        if !s.starts_with(digit) {
            return Err(Invalid {
                message: match level {
                    Level::College => {
                        "Mã ngành, nghề trình độ cao đẳng phải bắt đầu bằng chữ số 6."
                    }
                    _ => "Mã ngành, nghề trình độ trung cấp phải bắt đầu bằng chữ số 5.",
                },
            });
        }
        Ok(Some(OccupationCode(s)))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Holland's six interest types, as a code of one to six distinct letters in order of
/// strength ("RIC"). Stored upper case; empty when unknown.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Riasec(String);

impl Riasec {
    pub const LETTERS: &'static str = "RIASEC";

    /// Accepts letters in any case with spaces, commas or hyphens between them ("r, i, c").
    pub fn parse(input: &str) -> Result<Riasec, Invalid> {
        let mut out = String::new();
        for c in input.chars() {
            if c.is_whitespace() || matches!(c, ',' | '-' | ';' | '/') {
                continue;
            }
            let u = c.to_ascii_uppercase();
            if !Self::LETTERS.contains(u) || !c.is_ascii_alphabetic() {
                return Err(Invalid {
                    message: "Mã sở thích nghề nghiệp (RIASEC) chỉ gồm các chữ R, I, A, S, E, C.",
                });
            }
            if out.contains(u) {
                return Err(Invalid {
                    message: "Mỗi chữ của mã RIASEC chỉ xuất hiện một lần.",
                });
            }
            out.push(u);
        }
        Ok(Riasec(out))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The Vietnamese name of one letter's interest type.
    pub fn letter_label(letter: char) -> &'static str {
        match letter {
            'R' => "Kỹ thuật, thực hành (R)",
            'I' => "Nghiên cứu, tìm tòi (I)",
            'A' => "Nghệ thuật, sáng tạo (A)",
            'S' => "Xã hội, giúp đỡ người khác (S)",
            'E' => "Quản lý, kinh doanh (E)",
            'C' => "Nghiệp vụ, quy trình (C)",
            _ => "",
        }
    }
}

coded_enum!(
    /// How much the labour market asks for an occupation (nhu cầu nhân lực).
    Demand {
        High = ("high", "Nhu cầu cao"),
        Medium = ("medium", "Nhu cầu trung bình"),
        Low = ("low", "Nhu cầu thấp"),
    }
);

impl Demand {
    /// Reads `high`/`medium`/`low` or the Vietnamese `cao`/`trung bình`/`thấp`.
    pub fn parse(input: &str) -> Option<Demand> {
        let key = lantoa_viet::fold(input.trim()).replace(['_', '-'], " ");
        match key
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .as_str()
        {
            "high" | "cao" | "nhu cau cao" => Some(Demand::High),
            "medium" | "trung binh" | "nhu cau trung binh" => Some(Demand::Medium),
            "low" | "thap" | "nhu cau thap" => Some(Demand::Low),
            _ => None,
        }
    }
}

coded_enum!(
    /// What kind of vocational institution (loại hình cơ sở GDNN).
    InstitutionType {
        College = ("college", "Trường cao đẳng"),
        Intermediate = ("intermediate", "Trường trung cấp"),
        Centre = ("centre", "Trung tâm GDNN-GDTX"),
        Enterprise = ("enterprise", "Doanh nghiệp có hoạt động đào tạo"),
        Other = ("other", "Cơ sở khác"),
    }
);

coded_enum!(
    /// Public or private (công lập, tư thục).
    Ownership {
        Public = ("public", "Công lập"),
        Private = ("private", "Tư thục, ngoài công lập"),
    }
);

/// A point in Vietnam, kept as millionths of a degree (about 0.1 m), so it is exact in
/// both databases' integer columns.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Coordinates {
    pub lat_e6: i32,
    pub lon_e6: i32,
}

/// Latitude and longitude ranges that cover Vietnam's land, islands and archipelagos.
const LAT_RANGE: (f64, f64) = (8.0, 23.5);
const LON_RANGE: (f64, f64) = (102.0, 117.9);

fn parse_degrees(input: &str) -> Option<f64> {
    let s = input.trim().replace(',', ".");
    let ok = !s.is_empty()
        && s.len() <= 20
        && s.chars()
            .all(|c| c.is_ascii_digit() || c == '.' || c == '-')
        && s.matches('.').count() <= 1;
    if !ok {
        return None;
    }
    s.parse::<f64>().ok().filter(|v| v.is_finite())
}

impl Coordinates {
    /// Parses a latitude and longitude typed as decimal degrees (`10.0123` or `10,0123`).
    /// Both empty: no coordinates. Errors are (field, message) with `lat` or `lon`.
    pub fn parse(
        lat: &str,
        lon: &str,
    ) -> Result<Option<Coordinates>, Vec<(&'static str, Invalid)>> {
        if lat.trim().is_empty() && lon.trim().is_empty() {
            return Ok(None);
        }
        let mut errors = Vec::new();
        let check = |input: &str,
                     (lo, hi): (f64, f64),
                     missing: &'static str,
                     bad: &'static str,
                     outside: &'static str| {
            if input.trim().is_empty() {
                return Err(Invalid { message: missing });
            }
            match parse_degrees(input) {
                None => Err(Invalid { message: bad }),
                Some(v) if v < lo || v > hi => Err(Invalid { message: outside }),
                Some(v) => Ok(v),
            }
        };
        let la = check(
            lat,
            LAT_RANGE,
            "Vui lòng nhập cả vĩ độ (hoặc để trống cả hai ô tọa độ).",
            "Vĩ độ là một số thập phân, ví dụ 10.0125.",
            "Vĩ độ nằm ngoài lãnh thổ Việt Nam (từ 8 đến 23,5 độ Bắc).",
        )
        .map_err(|e| errors.push(("lat", e)))
        .ok();
        let lo = check(
            lon,
            LON_RANGE,
            "Vui lòng nhập cả kinh độ (hoặc để trống cả hai ô tọa độ).",
            "Kinh độ là một số thập phân, ví dụ 105.0809.",
            "Kinh độ nằm ngoài lãnh thổ Việt Nam (từ 102 đến 117,9 độ Đông).",
        )
        .map_err(|e| errors.push(("lon", e)))
        .ok();
        match (la, lo) {
            (Some(la), Some(lo)) if errors.is_empty() => Ok(Some(Coordinates {
                lat_e6: to_e6(la),
                lon_e6: to_e6(lo),
            })),
            _ => Err(errors),
        }
    }

    pub fn lat(&self) -> f64 {
        f64::from(self.lat_e6) / 1e6
    }

    pub fn lon(&self) -> f64 {
        f64::from(self.lon_e6) / 1e6
    }

    /// Decimal degrees as typed back into the form: `10.0125`.
    pub fn lat_text(&self) -> String {
        e6_text(self.lat_e6)
    }

    pub fn lon_text(&self) -> String {
        e6_text(self.lon_e6)
    }

    /// The place on OpenStreetMap (a link; no map is embedded).
    pub fn osm_url(&self) -> String {
        let (la, lo) = (self.lat_text(), self.lon_text());
        format!("https://www.openstreetmap.org/?mlat={la}&mlon={lo}#map=16/{la}/{lo}")
    }
}

fn to_e6(v: f64) -> i32 {
    // The ranges above keep the value far inside i32.
    #[expect(
        clippy::cast_possible_truncation,
        reason = "degrees within Vietnam's ranges × 1e6 fit in i32"
    )]
    let e6 = (v * 1e6).round() as i32;
    e6
}

fn e6_text(v: i32) -> String {
    let sign = if v < 0 { "-" } else { "" };
    let a = v.unsigned_abs();
    let s = format!("{sign}{}.{:06}", a / 1_000_000, a % 1_000_000);
    s.trim_end_matches('0').trim_end_matches('.').to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn levels_read_the_ways_files_write_them() {
        for (s, l) in [
            ("cao_dang", Level::College),
            ("Cao đẳng", Level::College),
            ("college", Level::College),
            ("trung_cap", Level::Intermediate),
            ("TRUNG CẤP", Level::Intermediate),
            ("so_cap", Level::Elementary),
            ("sơ cấp", Level::Elementary),
        ] {
            assert_eq!(Level::parse(s), Some(l), "{s}");
        }
        assert_eq!(Level::parse("đại học"), None);
        assert_eq!(Level::parse(""), None);
        for l in Level::ALL {
            assert_eq!(Level::from_code(l.code()), Some(*l));
        }
    }

    #[test]
    fn the_first_digit_of_a_code_must_match_its_level() {
        let ok = OccupationCode::parse(" 6480201 ", Level::College).unwrap();
        assert_eq!(ok.map(|c| c.0), Some("6480201".to_owned()));
        assert!(
            OccupationCode::parse("5480202", Level::Intermediate)
                .unwrap()
                .is_some()
        );
        assert_eq!(
            OccupationCode::parse("5480202", Level::College)
                .unwrap_err()
                .message,
            "Mã ngành, nghề trình độ cao đẳng phải bắt đầu bằng chữ số 6."
        );
        assert_eq!(
            OccupationCode::parse("6480202", Level::Intermediate)
                .unwrap_err()
                .message,
            "Mã ngành, nghề trình độ trung cấp phải bắt đầu bằng chữ số 5."
        );
        for bad in ["648020", "64802011", "648O201", "6-480201x"] {
            assert!(OccupationCode::parse(bad, Level::College).is_err(), "{bad}");
        }
        assert!(OccupationCode::parse("", Level::College).is_err());
        // Sơ cấp courses are named, not coded.
        assert_eq!(OccupationCode::parse("", Level::Elementary), Ok(None));
        assert!(OccupationCode::parse("4620101", Level::Elementary).is_err());
    }

    #[test]
    fn riasec_codes_are_distinct_letters_of_riasec() {
        assert_eq!(Riasec::parse("ric").unwrap().as_str(), "RIC");
        assert_eq!(Riasec::parse("R, I, C").unwrap().as_str(), "RIC");
        assert_eq!(Riasec::parse("").unwrap().as_str(), "");
        assert_eq!(Riasec::parse("RIASEC").unwrap().as_str(), "RIASEC");
        assert!(Riasec::parse("RRC").is_err());
        assert!(Riasec::parse("RXC").is_err());
        assert!(Riasec::parse("RÍC").is_err());
    }

    #[test]
    fn demand_reads_english_and_vietnamese() {
        assert_eq!(Demand::parse("high"), Some(Demand::High));
        assert_eq!(Demand::parse("Trung bình"), Some(Demand::Medium));
        assert_eq!(Demand::parse("thấp"), Some(Demand::Low));
        assert_eq!(Demand::parse("rất cao"), None);
    }

    #[test]
    fn coordinates_must_be_in_vietnam() {
        let c = Coordinates::parse("10,0125", "105.0809").unwrap().unwrap();
        assert_eq!((c.lat_e6, c.lon_e6), (10_012_500, 105_080_900));
        assert_eq!(
            (c.lat_text(), c.lon_text()),
            ("10.0125".into(), "105.0809".into())
        );
        assert_eq!(
            c.osm_url(),
            "https://www.openstreetmap.org/?mlat=10.0125&mlon=105.0809#map=16/10.0125/105.0809"
        );
        assert_eq!(Coordinates::parse(" ", ""), Ok(None));
        // Paris, a swapped pair, text, one half missing.
        let e = Coordinates::parse("48.85", "2.35").unwrap_err();
        assert_eq!(
            e.iter().map(|(f, _)| *f).collect::<Vec<_>>(),
            ["lat", "lon"]
        );
        assert!(Coordinates::parse("105.08", "10.01").is_err());
        let e = Coordinates::parse("mười", "105").unwrap_err();
        assert_eq!(e[0].1.message, "Vĩ độ là một số thập phân, ví dụ 10.0125.");
        let e = Coordinates::parse("10.01", "").unwrap_err();
        assert_eq!(e[0].0, "lon");
        assert!(Coordinates::parse("1e1", "105").is_err());
        assert!(Coordinates::parse("NaN", "105").is_err());
    }
}
