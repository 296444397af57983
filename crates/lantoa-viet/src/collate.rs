//! Vietnamese collation: a byte-comparable multi-level sort key.

use std::cmp::Ordering;

use unicode_normalization::char::decompose_canonical;

use crate::letters::Tone;
use crate::syllable::canonical_tones;

/// The alphabet in sort order: Vietnamese letters with f, j, w, z in their ASCII places.
const ALPHABET: [char; 33] = [
    'a', 'ă', 'â', 'b', 'c', 'd', 'đ', 'e', 'ê', 'f', 'g', 'h', 'i', 'j', 'k', 'l', 'm', 'n', 'o',
    'ô', 'ơ', 'p', 'q', 'r', 's', 't', 'u', 'ư', 'v', 'w', 'x', 'y', 'z',
];

/// Separates the levels of a key; lower than every weight so that a prefix sorts first.
const LEVEL_SEPARATOR: u8 = 0x01;
/// Primary weight of any white space.
const SPACE: u8 = 0x02;
/// Lead byte of punctuation and symbols, followed by the 3-byte code point.
const SYMBOL: u8 = 0x03;
/// Primary weight of the digit 0; 1–9 follow.
const DIGIT_0: u8 = 0x10;
/// Primary weight of `a`; the rest of [`ALPHABET`] follows.
const LETTER_A: u8 = 0x20;
/// Lead byte of any other character (other scripts, letters such as ø or ß), followed by the
/// 3-byte code point.
const OTHER: u8 = 0xF0;
/// Secondary weight of a character without tone: the tones follow (huyền = 3 … nặng = 7).
const NO_TONE: u8 = 0x02;
/// Secondary weights of non-Vietnamese marks (ç, ü, î…) start here, after all tones.
const FOREIGN_MARK: u8 = 0x10;
/// Tertiary weights.
const LOWER: u8 = 0x02;
const UPPER: u8 = 0x03;

struct Weights {
    primary: Vec<u8>,
    secondary: u8,
    tertiary: u8,
}

fn code_point(lead: u8, c: char) -> Vec<u8> {
    let [_, a, b, d] = u32::from(c).to_be_bytes();
    vec![lead, a, b, d]
}

fn weights(c: char) -> Weights {
    let mut base = None;
    let mut marks: Vec<char> = Vec::new();
    decompose_canonical(c, |d| {
        if base.is_none() {
            base = Some(d);
        } else {
            marks.push(d);
        }
    });
    let base = base.unwrap_or(c);
    let upper = base.is_uppercase();
    let lower_base = base.to_lowercase().next().unwrap_or(base);
    let mut letter = lower_base;
    let mut tone = Tone::Level;
    let mut foreign: Option<char> = None;
    for m in marks {
        let combined = match (letter, m) {
            ('a', '\u{306}') => Some('ă'),
            ('a', '\u{302}') => Some('â'),
            ('e', '\u{302}') => Some('ê'),
            ('o', '\u{302}') => Some('ô'),
            ('o', '\u{31B}') => Some('ơ'),
            ('u', '\u{31B}') => Some('ư'),
            _ => None,
        };
        if let Some(l) = combined {
            letter = l;
        } else if let Some(t) = Tone::from_mark(m) {
            tone = t;
        } else if foreign.is_none() {
            foreign = Some(m);
        }
    }
    let secondary = match foreign {
        Some(m) => FOREIGN_MARK.saturating_add((u32::from(m) & 0x7F) as u8),
        None => NO_TONE + tone.rank(),
    };
    let tertiary = if upper { UPPER } else { LOWER };
    let primary = if let Some(i) = ALPHABET.iter().position(|&a| a == letter) {
        vec![LETTER_A + i as u8]
    } else if let Some(d) = letter.to_digit(10).filter(|_| letter.is_ascii_digit()) {
        vec![DIGIT_0 + d as u8]
    } else if c.is_whitespace() {
        vec![SPACE]
    } else if c.is_alphanumeric() {
        code_point(OTHER, c)
    } else {
        code_point(SYMBOL, c)
    };
    Weights {
        primary,
        secondary,
        tertiary,
    }
}

/// A byte-comparable sort key: comparing two keys byte by byte (`memcmp`, SQL `ORDER BY` on a
/// BLOB/`bytea` column) gives Vietnamese alphabetical order.
///
/// Levels, as in ICU: first the letters of the whole string (a ă â b c d đ e ê g h i k l m n o
/// ô ơ p q r s t u ư v x y, with f j w z in their ASCII places; white space < punctuation and
/// symbols < digits < letters < other scripts), then the tones (ngang, huyền, hỏi, ngã, sắc,
/// nặng), then case (lower before upper). Because letters are compared across the whole
/// string first, a shorter prefix sorts first and "cá" sorts before "ca phê" (ca < cà < cá <
/// ca phê < cam). The text is put into NFC with canonical tone placement first, so "hoá" and
/// "hóa" get the same key.
///
/// ```
/// use lantoa_viet::collation_key;
/// assert!(collation_key("bác") < collation_key("bạc"));
/// assert!(collation_key("cũng") < collation_key("đa"));
/// assert_eq!(collation_key("hoá"), collation_key("hóa"));
/// ```
pub fn collation_key(s: &str) -> Vec<u8> {
    let text = canonical_tones(s);
    let mut primary = Vec::with_capacity(text.len() * 3 + 2);
    let mut secondary = Vec::with_capacity(text.len());
    let mut tertiary = Vec::with_capacity(text.len());
    for c in text.chars() {
        let w = weights(c);
        primary.extend_from_slice(&w.primary);
        secondary.push(w.secondary);
        tertiary.push(w.tertiary);
    }
    primary.push(LEVEL_SEPARATOR);
    primary.extend_from_slice(&secondary);
    primary.push(LEVEL_SEPARATOR);
    primary.extend_from_slice(&tertiary);
    primary
}

/// Compares two strings in Vietnamese alphabetical order; the same order as comparing their
/// [`collation_key`]s (strings with equal keys compare `Equal`, e.g. "hoá" and "hóa").
pub fn compare(a: &str, b: &str) -> Ordering {
    collation_key(a).cmp(&collation_key(b))
}

/// Sort key for a Vietnamese personal name: by given name (the last word), then by the rest
/// of the name (family and middle names) in order. "Lê An" < "Nguyễn Văn An" < "Trần Thị
/// Bình". Keys of [`collation_key`] are prefix-free, so the two are simply concatenated.
pub fn person_name_key(full_name: &str) -> Vec<u8> {
    let words: Vec<&str> = full_name.split_whitespace().collect();
    let Some((given, rest)) = words.split_last() else {
        return collation_key("");
    };
    let mut key = collation_key(given);
    key.extend_from_slice(&collation_key(&rest.join(" ")));
    key
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn letters_before_tones_before_case() {
        assert_eq!(compare("a", "à"), Ordering::Less);
        assert_eq!(compare("à", "ả"), Ordering::Less);
        assert_eq!(compare("ả", "ã"), Ordering::Less);
        assert_eq!(compare("ã", "á"), Ordering::Less);
        assert_eq!(compare("á", "ạ"), Ordering::Less);
        assert_eq!(compare("ạ", "ă"), Ordering::Less);
        assert_eq!(compare("ăn", "ân"), Ordering::Less);
        assert_eq!(compare("dz", "đa"), Ordering::Less);
        assert_eq!(compare("ô", "ơ"), Ordering::Less);
        assert_eq!(compare("u", "ư"), Ordering::Less);
        assert_eq!(compare("ưa", "va"), Ordering::Less);
        assert_eq!(compare("an", "An"), Ordering::Less);
        assert_eq!(compare("An", "àn"), Ordering::Less, "tone outranks case");
        assert_eq!(compare("ca", "cà"), Ordering::Less);
        assert_eq!(compare("cà", "cá"), Ordering::Less);
        assert_eq!(compare("cá", "ca phê"), Ordering::Less);
        assert_eq!(compare("ca phê", "cam"), Ordering::Less);
        assert_eq!(compare("9", "a"), Ordering::Less);
        assert_eq!(
            compare("10", "9"),
            Ordering::Less,
            "digits compare one by one"
        );
        assert_eq!(compare("hoá", "hóa"), Ordering::Equal);
    }

    /// Hand-checked Vietnamese dictionary order.
    const SORTED: [&str; 84] = [
        "2023",
        "9",
        "a",
        "à",
        "ả",
        "ã",
        "á",
        "ạ",
        "an",
        "An",
        "ă",
        "ằ",
        "ắ",
        "ặ",
        "â",
        "ầ",
        "ấ",
        "ba",
        "bà",
        "bả",
        "bác",
        "bạc",
        "bạn",
        "ca",
        "cà",
        "cả",
        "cá",
        "ca phê",
        "cam",
        "cân",
        "câu",
        "chanh",
        "cơm",
        "cũng",
        "cửa",
        "da",
        "dạ",
        "đa",
        "đà",
        "đá",
        "đạo",
        "đào tạo",
        "e",
        "è",
        "é",
        "ê",
        "ế",
        "gà",
        "ghế",
        "gi",
        "gì",
        "hoa",
        "hòa",
        "hỏa",
        "hóa",
        "học",
        "i",
        "in",
        "ít",
        "kỹ",
        "kỹ năng",
        "lan",
        "lan tỏa",
        "lân",
        "mỹ",
        "o",
        "ô",
        "ồ",
        "ơ",
        "ờ",
        "quý",
        "sáng",
        "u",
        "ư",
        "ừ",
        "va",
        "xa",
        "y",
        "yến",
        "Yến",
        "zalo",
        "ω",
        "中",
        "中文",
    ];

    /// A deterministic shuffle (linear congruential generator), so a failure is reproducible.
    fn shuffled<T: Clone>(items: &[T], seed: u64) -> Vec<T> {
        let mut v = items.to_vec();
        let mut state = seed;
        for i in (1..v.len()).rev() {
            state = state
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            let j = (state >> 33) as usize % (i + 1);
            v.swap(i, j);
        }
        v
    }

    #[test]
    fn shuffled_word_list_sorts_back_into_dictionary_order() {
        for seed in 1..20 {
            let mut by_compare = shuffled(&SORTED, seed);
            by_compare.sort_by(|a, b| compare(a, b));
            assert_eq!(by_compare, SORTED, "seed {seed}");
            let mut by_key = shuffled(&SORTED, seed);
            by_key.sort_by_key(|s| collation_key(s));
            assert_eq!(by_key, SORTED, "seed {seed}");
        }
    }

    #[test]
    fn tone_placement_style_does_not_change_the_order() {
        assert_eq!(compare("hoá", "hóa"), Ordering::Equal);
        assert_eq!(compare("thuỷ", "thủy"), Ordering::Equal);
        assert_eq!(compare("hoà", "hóa"), Ordering::Less);
    }

    #[test]
    fn nfd_and_nfc_sort_the_same() {
        use unicode_normalization::UnicodeNormalization;
        let s = "Đắk Lắk";
        assert_eq!(
            collation_key(s),
            collation_key(&s.nfd().collect::<String>())
        );
    }

    #[test]
    fn names_sort_by_given_name_first() {
        let sorted = [
            "Lê An",
            "Nguyễn Văn An",
            "Phạm Thị Ánh",
            "Đỗ Văn Ân",
            "Hoàng Văn Bình",
            "Trần Thị Bình",
            "Nguyễn Thị Cúc",
            "Lý Văn Đạt",
            "Võ Minh Đức",
            "Bùi Thị Hòa",
            "Ngô Quang Huy",
            "Đặng Thị Yến",
        ];
        for seed in 1..10 {
            let mut names = shuffled(&sorted, seed);
            names.sort_by_key(|n| person_name_key(n));
            assert_eq!(names, sorted, "seed {seed}");
        }
        assert_eq!(person_name_key("  Lê   An "), person_name_key("Lê An"));
        assert_eq!(person_name_key(""), collation_key(""));
    }
}
