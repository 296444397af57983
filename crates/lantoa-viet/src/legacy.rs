//! Legacy 8-bit Vietnamese encodings (TCVN3/ABC and VNI-Windows) as they arrive when text
//! typed in old Word files is pasted: each font byte becomes the Windows-1252/Latin-1
//! character with the same code.

use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

use unicode_normalization::UnicodeNormalization;

use crate::fold::fold;
use crate::letters::{TONES, Tone, VOWELS, with_tone};
use crate::syllable::is_valid_vietnamese_syllable;

/// A legacy Vietnamese font encoding.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum LegacyEncoding {
    /// TCVN 5712:1993 VN3, the encoding of the ABC keyboard and the ".VnTime" fonts.
    Tcvn3,
    /// VNI-Windows, the encoding of the VNI keyboard and the "VNI-Times" fonts.
    Vni,
}

/// TCVN3 glyphs for the 12 vowels (rows, in [`VOWELS`] order) with the six tones (columns, in
/// [`TONES`] order: ngang, huyền, hỏi, ngã, sắc, nặng). Lower case only: the standard
/// ".VnTime" fonts have no upper-case letters with tones.
const TCVN3_LOWER: [[char; 6]; 12] = [
    ['a', '\u{B5}', '\u{B6}', '\u{B7}', '\u{B8}', '\u{B9}'], // a à ả ã á ạ
    ['\u{A8}', '\u{BB}', '\u{BC}', '\u{BD}', '\u{BE}', '\u{C6}'], // ă
    ['\u{A9}', '\u{C7}', '\u{C8}', '\u{C9}', '\u{CA}', '\u{CB}'], // â
    ['e', '\u{CC}', '\u{CE}', '\u{CF}', '\u{D0}', '\u{D1}'], // e
    ['\u{AA}', '\u{D2}', '\u{D3}', '\u{D4}', '\u{D5}', '\u{D6}'], // ê
    ['i', '\u{D7}', '\u{D8}', '\u{DC}', '\u{DD}', '\u{DE}'], // i
    ['o', '\u{DF}', '\u{E1}', '\u{E2}', '\u{E3}', '\u{E4}'], // o
    ['\u{AB}', '\u{E5}', '\u{E6}', '\u{E7}', '\u{E8}', '\u{E9}'], // ô
    ['\u{AC}', '\u{EA}', '\u{EB}', '\u{EC}', '\u{ED}', '\u{EE}'], // ơ
    ['u', '\u{EF}', '\u{F1}', '\u{F2}', '\u{F3}', '\u{F4}'], // u
    ['\u{AD}', '\u{F5}', '\u{F6}', '\u{F7}', '\u{F8}', '\u{F9}'], // ư
    ['y', '\u{FA}', '\u{FB}', '\u{FC}', '\u{FD}', '\u{FE}'], // y
];
/// TCVN3 upper-case letters without tone: Ă Â Ê Ô Ơ Ư Đ.
const TCVN3_UPPER: [(char, char); 7] = [
    ('Ă', '\u{A1}'),
    ('Â', '\u{A2}'),
    ('Ê', '\u{A3}'),
    ('Ô', '\u{A4}'),
    ('Ơ', '\u{A5}'),
    ('Ư', '\u{A6}'),
    ('Đ', '\u{A7}'),
];
/// TCVN3 đ.
const TCVN3_D_BAR: char = '\u{AE}';

/// VNI-Windows spelling of the 12 vowels (rows) with the six tones (columns), lower case. The
/// upper-case spelling is the upper case of every character ("AØ" for À, "Î" for Ỵ).
const VNI_LOWER: [[&str; 6]; 12] = [
    ["a", "aø", "aû", "aõ", "aù", "aï"],
    ["aê", "aè", "aú", "aü", "aé", "aë"],
    ["aâ", "aà", "aå", "aã", "aá", "aä"],
    ["e", "eø", "eû", "eõ", "eù", "eï"],
    ["eâ", "eà", "eå", "eã", "eá", "eä"],
    ["i", "ì", "æ", "ó", "í", "ò"],
    ["o", "oø", "oû", "oõ", "où", "oï"],
    ["oâ", "oà", "oå", "oã", "oá", "oä"],
    ["ô", "ôø", "ôû", "ôõ", "ôù", "ôï"],
    ["u", "uø", "uû", "uõ", "uù", "uï"],
    ["ö", "öø", "öû", "öõ", "öù", "öï"],
    ["y", "yø", "yû", "yõ", "yù", "î"],
];
/// VNI đ (upper case Ñ).
const VNI_D_BAR: &str = "ñ";

/// Characters that TCVN3 (VN3) leaves unassigned although they are common in Western
/// European text; one of them means the text is not TCVN3.
const NOT_TCVN3: [char; 14] = [
    'À', 'Á', 'Â', 'Ã', 'Ä', 'Å', 'Í', 'Ù', 'Ú', 'Û', 'à', 'ð', 'ÿ', '¿',
];
/// Latin-1 letters that VNI never produces; one of them means the text is not VNI.
const NOT_VNI: [char; 10] = ['ç', 'Ç', 'ß', 'ý', 'Ý', 'þ', 'Þ', 'ð', 'Ð', 'ÿ'];
/// VNI codes that European languages do not put after a vowel.
const VNI_SIGNATURE: [char; 12] = ['ø', 'Ø', 'å', 'Å', 'â', 'Â', 'ê', 'Ê', 'ä', 'Ä', 'ñ', 'Ñ'];
/// TCVN3 glyphs that are symbols, not letters, in Latin-1: a word containing one that decodes
/// to a Vietnamese syllable is strong evidence.
fn is_tcvn3_signature(c: char) -> bool {
    matches!(c, '\u{A1}'..='\u{BF}' | '×' | '÷')
}

/// How a decoded TCVN3 letter was written.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Glyph {
    /// ASCII, or anything that is not a TCVN3 glyph.
    Plain,
    /// A lower-case TCVN3 glyph (which a ".VnTimeH" font draws in upper case).
    Lower,
    /// An upper-case TCVN3 glyph (Ă Â Ê Ô Ơ Ư Đ).
    Upper,
}

struct Tables {
    tcvn3_decode: HashMap<char, (char, Glyph)>,
    tcvn3_encode: HashMap<char, String>,
    vni_decode: HashMap<String, char>,
    vni_encode: HashMap<char, String>,
    /// Every non-ASCII character used by a VNI code.
    vni_chars: HashSet<char>,
    /// The toneless lower-case base of each toned lower-case TCVN3 glyph.
    tcvn3_base: HashMap<char, char>,
}

fn upper(c: char) -> char {
    c.to_uppercase().next().unwrap_or(c)
}

fn upper_str(s: &str) -> String {
    s.chars().map(upper).collect()
}

static TABLES: LazyLock<Tables> = LazyLock::new(|| {
    let mut t = Tables {
        tcvn3_decode: HashMap::new(),
        tcvn3_encode: HashMap::new(),
        vni_decode: HashMap::new(),
        vni_encode: HashMap::new(),
        vni_chars: HashSet::new(),
        tcvn3_base: HashMap::new(),
    };
    let upper_glyph = |v: char| -> String {
        let u = upper(v);
        TCVN3_UPPER
            .iter()
            .find(|(l, _)| *l == u)
            .map_or_else(|| u.to_string(), |(_, g)| g.to_string())
    };
    for (row, &v) in VOWELS.iter().enumerate() {
        for (col, &tone) in TONES.iter().enumerate() {
            let lower = with_tone(v, tone);
            let up = with_tone(upper(v), tone);
            // TCVN3.
            let g = TCVN3_LOWER[row][col];
            if !g.is_ascii() {
                t.tcvn3_decode.insert(g, (lower, Glyph::Lower));
                if tone != Tone::Level {
                    t.tcvn3_base.insert(g, v);
                }
            }
            t.tcvn3_encode.insert(lower, g.to_string());
            let up_enc = if tone == Tone::Level {
                upper_glyph(v)
            } else {
                format!("{}{g}", upper_glyph(v))
            };
            t.tcvn3_encode.insert(up, up_enc);
            // VNI.
            let code = VNI_LOWER[row][col];
            t.vni_encode.insert(lower, code.to_owned());
            t.vni_encode.insert(up, upper_str(code));
            if code != v.to_string() {
                t.vni_decode.insert(code.to_owned(), lower);
                t.vni_decode.insert(upper_str(code), up);
                // Base letter and mark in different case: the base decides.
                let mut chars = code.chars();
                if let (Some(b), Some(m), None) = (chars.next(), chars.next(), chars.next()) {
                    t.vni_decode.insert(format!("{b}{}", upper(m)), lower);
                    t.vni_decode.insert(format!("{}{m}", upper(b)), up);
                }
            }
        }
    }
    for (u, g) in TCVN3_UPPER {
        t.tcvn3_decode.insert(g, (u, Glyph::Upper));
        t.tcvn3_encode.insert(u, g.to_string());
    }
    t.tcvn3_decode.insert(TCVN3_D_BAR, ('đ', Glyph::Lower));
    t.tcvn3_encode.insert('đ', TCVN3_D_BAR.to_string());
    t.vni_decode.insert(VNI_D_BAR.to_owned(), 'đ');
    t.vni_decode.insert(upper_str(VNI_D_BAR), 'Đ');
    t.vni_encode.insert('đ', VNI_D_BAR.to_owned());
    t.vni_encode.insert('Đ', upper_str(VNI_D_BAR));
    t.vni_chars = t
        .vni_decode
        .keys()
        .flat_map(|k| k.chars())
        .filter(|c| !c.is_ascii())
        .collect();
    t
});

/// Unicode text written in a legacy encoding, as the Windows-1252/Latin-1 characters a paste
/// produces. The inverse of [`convert_legacy`] for Vietnamese text (used by tests and for
/// exporting to old systems). Input is put into NFC first; characters without a legacy form
/// are copied.
///
/// TCVN3 has no upper-case letters with tones; an upper-case toned letter is written as its
/// upper-case toneless letter followed by the lower-case toned glyph ("Ủ" → "Uñ", "Ấ" → "¢Ê"),
/// the convention of the `vietnamese-conversion` package, which [`convert_legacy`] reads back.
pub fn encode_legacy(s: &str, enc: LegacyEncoding) -> String {
    let table = match enc {
        LegacyEncoding::Tcvn3 => &TABLES.tcvn3_encode,
        LegacyEncoding::Vni => &TABLES.vni_encode,
    };
    let mut out = String::with_capacity(s.len() * 2);
    for c in s.nfc() {
        match table.get(&c) {
            Some(e) => out.push_str(e),
            None => out.push(c),
        }
    }
    out
}

/// Converts text in a legacy encoding (pasted as Windows-1252/Latin-1 characters) to Unicode
/// (NFC). Characters that are not part of the encoding are copied.
///
/// TCVN3 upper case: the standard ".VnTime" fonts have no upper-case toned letters; capitals
/// were typed in the companion ".VnTimeH" font, which draws the lower-case codes as capitals,
/// and that font information is lost in a paste. So: (1) an upper-case vowel followed by the
/// lower-case toned glyph of the same vowel is one upper-case toned letter ("Uñy" → "Ủy",
/// the `vietnamese-conversion` convention); (2) in a word with at least two other cased
/// letters that are all upper case, lower-case glyphs become upper case ("TR­êNG" →
/// "TRƯỜNG", the ".VnTimeH" convention); (3) otherwise glyphs are lower case ("¸nh" → "ánh").
/// Rule (1) misreads the rare loanword spelling "Oó" (as in a capitalised "Oóc") as "Ó".
pub fn convert_legacy(s: &str, enc: LegacyEncoding) -> String {
    match enc {
        LegacyEncoding::Tcvn3 => decode_tcvn3(s),
        LegacyEncoding::Vni => decode_vni(s),
    }
}

fn decode_vni(s: &str) -> String {
    let chars: Vec<char> = s.chars().collect();
    let mut out = String::with_capacity(s.len());
    let mut i = 0;
    while i < chars.len() {
        if i + 1 < chars.len() {
            let pair: String = chars[i..i + 2].iter().collect();
            if let Some(&c) = TABLES.vni_decode.get(&pair) {
                out.push(c);
                i += 2;
                continue;
            }
        }
        let one = chars[i].to_string();
        out.push(TABLES.vni_decode.get(&one).copied().unwrap_or(chars[i]));
        i += 1;
    }
    out
}

fn decode_tcvn3(s: &str) -> String {
    let t = &*TABLES;
    // Pass 1: glyphs to letters, joining "upper-case vowel + toned glyph of that vowel".
    let input: Vec<char> = s.chars().collect();
    let mut letters: Vec<(char, Glyph)> = Vec::with_capacity(input.len());
    let mut i = 0;
    while i < input.len() {
        let c = input[i];
        let (letter, glyph) = t.tcvn3_decode.get(&c).copied().unwrap_or((c, Glyph::Plain));
        if let Some(&next) = input.get(i + 1) {
            let base = letter.to_lowercase().next().unwrap_or(letter);
            if letter.is_uppercase()
                && t.tcvn3_base.get(&next) == Some(&base)
                && let Some(&(toned, _)) = t.tcvn3_decode.get(&next)
            {
                letters.push((upper(toned), Glyph::Upper));
                i += 2;
                continue;
            }
        }
        letters.push((letter, glyph));
        i += 1;
    }
    // Pass 2: words in upper case (".VnTimeH") get upper-case glyphs.
    let mut out = String::with_capacity(s.len() + 8);
    let mut start = 0;
    while start < letters.len() {
        let is_letter = |(c, g): &(char, Glyph)| *g != Glyph::Plain || c.is_alphabetic();
        let end = letters[start..]
            .iter()
            .position(|l| !is_letter(l))
            .map_or(letters.len(), |p| start + p);
        if end == start {
            out.push(letters[start].0);
            start += 1;
            continue;
        }
        let word = &letters[start..end];
        let cased: Vec<char> = word
            .iter()
            .filter(|(c, g)| *g != Glyph::Lower && (c.is_uppercase() || c.is_lowercase()))
            .map(|(c, _)| *c)
            .collect();
        let shout = cased.len() >= 2 && cased.iter().all(|c| c.is_uppercase());
        for &(c, g) in word {
            out.push(if shout && g == Glyph::Lower {
                upper(c)
            } else {
                c
            });
        }
        start = end;
    }
    out.nfc().collect()
}

/// Whether `c` appears only in Unicode Vietnamese text, never in a Latin-1 paste.
fn is_unicode_vietnamese(c: char) -> bool {
    matches!(c,
        'Ă' | 'ă' | 'Đ' | 'đ' | 'Ĩ' | 'ĩ' | 'Ũ' | 'ũ' | 'Ơ' | 'ơ' | 'Ư' | 'ư'
        | '\u{1EA0}'..='\u{1EF9}'
        | '\u{300}'..='\u{323}')
}

/// Evidence for one encoding, counted over distinct words.
#[derive(Debug, Default, PartialEq, Eq)]
struct Evidence {
    /// Words that are not Vietnamese as they stand but decode to a Vietnamese syllable.
    hits: usize,
    /// Hits that are strong evidence (see [`detect_legacy`]).
    strong: usize,
    /// Words the encoding changes that do not decode to a Vietnamese syllable.
    misses: usize,
}

/// Detection needs at least this many distinct hit words…
const MIN_HITS: usize = 2;
/// …at most one miss for every this many hits…
const HITS_PER_MISS: usize = 3;
/// …and either a strong hit or at least this many hits.
const MIN_WEAK_HITS: usize = 3;

impl Evidence {
    fn passes(&self) -> bool {
        self.hits >= MIN_HITS
            && self.misses * HITS_PER_MISS <= self.hits
            && (self.strong >= 1 || self.hits >= MIN_WEAK_HITS)
    }

    fn weight(&self) -> usize {
        self.hits + self.strong
    }
}

fn in_tcvn3(c: char) -> bool {
    TABLES.tcvn3_decode.contains_key(&c)
}

fn in_vni(c: char) -> bool {
    TABLES.vni_chars.contains(&c)
}

/// Lower case, Title case or UPPER CASE: the shapes a Unicode word takes. TCVN3 writes many
/// lower-case letters with upper-case Latin-1 characters ("bÝch" for "bích"), so a word such
/// as "bÝch" is not taken as the Unicode word it spells ("bých").
fn is_plain_case(word: &str) -> bool {
    let mut chars = word.chars().filter(|c| c.is_alphabetic());
    let Some(first) = chars.next() else {
        return true;
    };
    let rest: Vec<char> = chars.collect();
    rest.iter().all(|c| c.is_lowercase())
        || (first.is_uppercase() && rest.iter().all(|c| c.is_uppercase()))
}

fn evidence(s: &str, enc: LegacyEncoding) -> Evidence {
    let (forbidden, in_domain): (&[char], fn(char) -> bool) = match enc {
        LegacyEncoding::Tcvn3 => (&NOT_TCVN3, in_tcvn3),
        LegacyEncoding::Vni => (&NOT_VNI, in_vni),
    };
    if s.chars().any(|c| forbidden.contains(&c)) {
        return Evidence::default();
    }
    let mut seen = HashSet::new();
    let mut ev = Evidence::default();
    for word in s.split(|c: char| !(c.is_alphanumeric() || in_domain(c))) {
        if !word.chars().any(|c| c.is_ascii_alphabetic()) || !seen.insert(word.to_lowercase()) {
            continue;
        }
        if word.is_ascii() || word.chars().any(|c| c.is_numeric() && !in_domain(c)) {
            continue;
        }
        let decoded = convert_legacy(word, enc);
        if decoded == word {
            continue;
        }
        if is_plain_case(word) && is_valid_vietnamese_syllable(word) {
            // Already Vietnamese ("cá", "mét"): says nothing either way.
            continue;
        }
        let has_vowel = fold(&decoded).chars().any(|c| "aeiouy".contains(c));
        if !has_vowel {
            // An abbreviation such as HĐND: says nothing either way.
            continue;
        }
        if !is_valid_vietnamese_syllable(&decoded) {
            ev.misses += 1;
            continue;
        }
        ev.hits += 1;
        let codes: Vec<char> = word
            .chars()
            .filter(|&c| !c.is_ascii() && in_domain(c))
            .collect();
        let strong = codes.len() >= 2
            || codes.iter().any(|&c| match enc {
                LegacyEncoding::Tcvn3 => is_tcvn3_signature(c),
                LegacyEncoding::Vni => VNI_SIGNATURE.contains(&c),
            })
            || (enc == LegacyEncoding::Tcvn3 && !is_plain_case(word));
        if strong {
            ev.strong += 1;
        }
    }
    ev
}

/// Detects text pasted from a TCVN3 or VNI document.
///
/// Scoring, over distinct words (runs of letters and legacy codes) that contain an ASCII
/// letter and a non-ASCII character and no digit:
/// * text containing a Unicode-only Vietnamese letter (ă đ ĩ ũ ơ ư ạ…) or a combining mark is
///   Unicode: `None`;
/// * an encoding is ruled out by a character it never produces (TCVN3: À Á Â Ã Ä Å Í Ù Ú Û
///   à ð ÿ ¿; VNI: ç ß ý þ ð ÿ, either case);
/// * a word that changes when decoded and is not a Vietnamese syllable as it stands
///   ([`crate::is_valid_vietnamese_syllable`], in lower, Title or UPPER case) is a *hit* if it
///   decodes to one, else a *miss*; a word that is a syllable both ways ("c¸" = "cá" or TCVN3
///   "cỏ", "mét" or TCVN3 "một") is *ambiguous* and ignored;
/// * a hit is *strong* when it has two or more non-ASCII codes, or one that is not a letter
///   in Latin-1 (TCVN3 ¡–¿ × ÷, e.g. the soft hyphen that stands for ư) or that European
///   languages do not put after a vowel (VNI ø å â ê ä ñ, either case), or (TCVN3) when an
///   upper-case Latin-1 letter stands inside a lower-case word ("biÕn" for "biến");
/// * words whose decoding has no vowel (abbreviations such as "H§ND" for HĐND) are ignored;
/// * the encoding is detected with **at least 2 hits, at most one miss per 3 hits, and
///   either a strong hit or at least 3 hits**; if both encodings pass, the one with more
///   (hits + strong hits) wins, and a tie gives `None`.
///
/// So one word ("Tr­êng") is never enough, "Tr­êng häc", "Ñaøo taïo" and "bÌo bÐ bÐc" are,
/// and French, German or Spanish text (où, été, schön, señor, "sé que tú lo sabes, sí") does
/// not reach the threshold: its short accented words are Vietnamese-looking as they stand
/// (ambiguous) and its longer ones decode to non-syllables (misses). Two weak hits alone
/// ("Où est Loïc ?" read as VNI "Ó est Lọc") are not enough.
pub fn detect_legacy(s: &str) -> Option<LegacyEncoding> {
    if s.is_ascii() || s.chars().any(is_unicode_vietnamese) {
        return None;
    }
    let t = evidence(s, LegacyEncoding::Tcvn3);
    let v = evidence(s, LegacyEncoding::Vni);
    match (t.passes(), v.passes()) {
        (true, false) => Some(LegacyEncoding::Tcvn3),
        (false, true) => Some(LegacyEncoding::Vni),
        (true, true) if t.weight() > v.weight() => Some(LegacyEncoding::Tcvn3),
        (true, true) if v.weight() > t.weight() => Some(LegacyEncoding::Vni),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::normalize;

    const SENTENCES: [&str; 4] = [
        "Kế hoạch truyền thông về giáo dục nghề nghiệp",
        "Ủy ban nhân dân tỉnh Kiên Giang",
        "Thực học, thực hành – Vững nghề nghiệp, sáng tương lai",
        "TRƯỜNG CAO ĐẲNG KIÊN GIANG",
    ];

    #[test]
    fn tables_cover_all_134_letters() {
        let mut letters: Vec<char> = Vec::new();
        for v in VOWELS {
            for t in TONES {
                for c in [with_tone(v, t), with_tone(upper(v), t)] {
                    if !c.is_ascii() {
                        letters.push(c);
                    }
                }
            }
        }
        letters.extend(['đ', 'Đ']);
        assert_eq!(letters.len(), 134);
        for c in letters {
            for enc in [LegacyEncoding::Tcvn3, LegacyEncoding::Vni] {
                let e = encode_legacy(&c.to_string(), enc);
                assert!(e.chars().all(|x| u32::from(x) <= 0xFF), "{c} {enc:?} {e}");
                assert_eq!(convert_legacy(&e, enc), c.to_string(), "{c} {enc:?} {e}");
            }
        }
    }

    #[test]
    fn known_tcvn3_and_vni_spellings() {
        assert_eq!(
            encode_legacy("Trường", LegacyEncoding::Tcvn3),
            "Tr\u{AD}êng"
        );
        assert_eq!(encode_legacy("Trường", LegacyEncoding::Vni), "Tröôøng");
        assert_eq!(
            encode_legacy("Tôi đi học", LegacyEncoding::Tcvn3),
            "T«i ®i häc"
        );
        assert_eq!(
            encode_legacy("Tôi đi học", LegacyEncoding::Vni),
            "Toâi ñi hoïc"
        );
        assert_eq!(
            encode_legacy("Xin chào các bạn", LegacyEncoding::Tcvn3),
            "Xin chµo c¸c b¹n"
        );
        assert_eq!(
            encode_legacy("Xin chào các bạn", LegacyEncoding::Vni),
            "Xin chaøo caùc baïn"
        );
    }

    #[test]
    fn real_sentences_convert_back() {
        let tcvn3 = "KÕ ho¹ch truyÒn th«ng vÒ gi¸o dôc nghÒ nghiÖp";
        let vni = "Keá hoaïch truyeàn thoâng veà giaùo duïc ngheà nghieäp";
        assert_eq!(detect_legacy(tcvn3), Some(LegacyEncoding::Tcvn3));
        assert_eq!(detect_legacy(vni), Some(LegacyEncoding::Vni));
        assert_eq!(normalize(tcvn3), SENTENCES[0]);
        assert_eq!(normalize(vni), SENTENCES[0]);
        for s in SENTENCES {
            for enc in [LegacyEncoding::Tcvn3, LegacyEncoding::Vni] {
                let e = encode_legacy(s, enc);
                assert_eq!(detect_legacy(&e), Some(enc), "{e}");
                assert_eq!(normalize(&e), normalize(s), "{e}");
            }
        }
    }

    #[test]
    fn vntimeh_upper_case_words() {
        // Typed in ".VnTimeH": lower-case codes drawn as capitals.
        assert_eq!(
            convert_legacy("TR\u{AD}êNG", LegacyEncoding::Tcvn3),
            "TRƯỜNG"
        );
        assert_eq!(convert_legacy("§¹I HäC", LegacyEncoding::Tcvn3), "ĐẠI HỌC");
        // Mixed case stays lower case: that is what ".VnTime" showed.
        assert_eq!(
            convert_legacy("Tr\u{AD}êng", LegacyEncoding::Tcvn3),
            "Trường"
        );
        assert_eq!(
            convert_legacy("¸nh s¸ng", LegacyEncoding::Tcvn3),
            "ánh sáng"
        );
        assert_eq!(convert_legacy("§¸", LegacyEncoding::Tcvn3), "Đá");
    }

    #[test]
    fn detection_needs_enough_evidence() {
        // Unicode Vietnamese, English and other European languages.
        for s in [
            "",
            "Kế hoạch truyền thông",
            "Cá là mê",
            "Lê Hà",
            "The quick brown fox",
            "Où est la clé ? À côté du café, près de l'hôtel.",
            "Il a été né à Paris où il a vécu.",
            "Die Straße ist schön und die Bäume sind grün.",
            "Müller, Köln, Österreich, Übung",
            "El niño está aquí, sí señor. ¿Qué más?",
            "Sí, sí, sí, sí.",
            "São Paulo não é Lisboa, você sabe.",
            "Søren og Åse bor i Ærøskøbing.",
            "naïve coûte maïs août",
            "Prix: 5 £, 10 ¥, § 3",
            "Ein schöner Tag: für Jürgen, Bärbel und Jörg gab es Käse, Öl und Brötchen.",
            "L'élève français a reçu un prix à Noël; où est-il né ? Là-bas, près du café.",
            "Señor Muñoz, ¿cómo está? Sí, muy bien, gracias; José y María también.",
        ] {
            assert_eq!(detect_legacy(s), None, "{s}");
        }
        // One legacy word is not enough.
        assert_eq!(detect_legacy("Tr\u{AD}êng"), None);
        assert_eq!(detect_legacy("Tröôøng"), None);
        // Two words, one of them strong, are.
        assert_eq!(detect_legacy("§µo t¹o"), Some(LegacyEncoding::Tcvn3));
        assert_eq!(
            detect_legacy("Tr\u{AD}êng häc"),
            Some(LegacyEncoding::Tcvn3)
        );
        assert_eq!(detect_legacy("Ñaøo taïo"), Some(LegacyEncoding::Vni));
        // Only weak hits (Spanish "sí", "mí", "tú" read as TCVN3 sớ, mớ, tỳ): no.
        assert_eq!(detect_legacy("Sí, a mí me gusta y tú también"), None);
        assert_eq!(
            detect_legacy("Sé que tú lo sabes, sí, y a mí me dé igual"),
            None
        );
        // Three weak hits are enough, two are not.
        assert_eq!(detect_legacy("bÌo bÐ bÐc"), Some(LegacyEncoding::Tcvn3));
        assert_eq!(detect_legacy("Où est Loïc ?"), None);
        // Abbreviations are neutral.
        assert_eq!(
            detect_legacy("H§ND tØnh Kiªn Giang"),
            Some(LegacyEncoding::Tcvn3)
        );
        // Symbols alone are not words: 3 × 4 ÷ 2, « Bonjour ».
        assert_eq!(detect_legacy("3 × 4 ÷ 2 = 6, « oui » · µ"), None);
    }
}
