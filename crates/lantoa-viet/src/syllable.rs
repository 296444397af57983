//! Syllable structure: validity and canonical tone placement.

use std::ops::Range;

use unicode_normalization::UnicodeNormalization;

use crate::letters::{Cluster, Tone, clusters, for_each_run, has_vowel_mark, is_vowel};

/// Onsets (initial consonants) of standard Vietnamese spelling.
const ONSETS: [&str; 27] = [
    "", "b", "c", "ch", "d", "đ", "g", "gh", "gi", "h", "k", "kh", "l", "m", "n", "ng", "ngh",
    "nh", "p", "ph", "qu", "r", "s", "t", "th", "tr", "v",
];
/// `x` is an onset too; kept apart only so the array above fits on few lines.
const ONSET_X: &str = "x";

/// Vowel clusters (the nucleus with its glides) that may appear in a syllable.
const NUCLEI: [&str; 56] = [
    "a", "ă", "â", "e", "ê", "i", "o", "ô", "ơ", "u", "ư", "y", // single
    "ai", "ao", "au", "ay", "âu", "ây", "eo", "êu", "ia", "iê", "iu", "oa", "oă", "oe", "oi", "oo",
    "ôi", "ơi", "ua", "uâ", "uê", "ui", "uô", "uơ", "uy", "ưa", "ưi", "ươ", "ưu",
    "yê", // double
    "iêu", "oai", "oao", "oay", "oeo", "uây", "uôi", "uya", "uyê", "uyu", "ươi", "ươu",
    "yêu", // triple
    "ôô",  // "cỗông" (rare, but in dictionaries)
];

/// Nuclei that end in a glide and therefore never take a final consonant.
const OPEN_ONLY: [&str; 27] = [
    "ai", "ao", "au", "ay", "âu", "ây", "eo", "êu", "ia", "iu", "oi", "ôi", "ơi", "ua", "ui", "ưa",
    "ưi", "ưu", "iêu", "oai", "oao", "oay", "oeo", "uây", "uôi", "uya", "ươi",
];
/// More open-only nuclei (split for line length).
const OPEN_ONLY_2: [&str; 3] = ["uyu", "ươu", "yêu"];

/// Nuclei that always need a final consonant.
const CLOSED_ONLY: [&str; 10] = ["ă", "â", "oă", "uâ", "iê", "yê", "uô", "ươ", "uyê", "oo"];

/// Final consonants: those of standard spelling, and `k`, which the official names of the
/// Central Highlands use (Đắk Lắk, Krông Búk, Đăk Tô).
const CODAS: [&str; 9] = ["c", "ch", "k", "m", "n", "ng", "nh", "p", "t"];

/// The parts of a syllable, as ranges over its letters.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Parsed {
    pub(crate) onset: Range<usize>,
    pub(crate) nucleus: Range<usize>,
    pub(crate) coda: Range<usize>,
}

fn is_latin_consonant(c: char) -> bool {
    c == 'đ' || (c.is_ascii_lowercase() && !is_vowel(c))
}

fn joined(letters: &[char]) -> String {
    letters.iter().collect()
}

/// Splits lower-case, toneless `letters` into onset, nucleus and coda.
///
/// `qu` and `gi` are onsets when a vowel follows them ("quý" = qu + y, "giữa" = gi + ưa); `gi`
/// before a consonant or at the end is g + i ("gìn", "gì"). With `strict`, onset, nucleus and
/// coda must be those of standard spelling and the nucleus must agree with the coda; without,
/// any Latin consonants are accepted around a known nucleus (place names such as "Đắk Lắk").
pub(crate) fn parse(letters: &[char], strict: bool) -> Option<Parsed> {
    if letters.is_empty()
        || !letters
            .iter()
            .all(|&c| is_vowel(c) || is_latin_consonant(c))
    {
        return None;
    }
    let n = letters.len();
    let leading = letters.iter().take_while(|&&c| !is_vowel(c)).count();
    let onset_len = if n > 2
        && ((letters[0] == 'q' && letters[1] == 'u') || (letters[0] == 'g' && letters[1] == 'i'))
        && is_vowel(letters[2])
    {
        2
    } else {
        leading
    };
    let vowels = letters[onset_len..]
        .iter()
        .take_while(|&&c| is_vowel(c))
        .count();
    if vowels == 0 {
        return None;
    }
    let nucleus = onset_len..onset_len + vowels;
    let coda = nucleus.end..n;
    if letters[coda.clone()].iter().any(|&c| is_vowel(c)) {
        return None;
    }
    let nucleus_str = joined(&letters[nucleus.clone()]);
    if !NUCLEI.contains(&nucleus_str.as_str()) {
        return None;
    }
    if strict {
        let onset_str = joined(&letters[..onset_len]);
        let coda_str = joined(&letters[coda.clone()]);
        if !(ONSETS.contains(&onset_str.as_str()) || onset_str == ONSET_X) {
            return None;
        }
        if !coda_str.is_empty() && !CODAS.contains(&coda_str.as_str()) {
            return None;
        }
        let open_only = OPEN_ONLY.contains(&nucleus_str.as_str())
            || OPEN_ONLY_2.contains(&nucleus_str.as_str());
        if open_only && !coda_str.is_empty() {
            return None;
        }
        if CLOSED_ONLY.contains(&nucleus_str.as_str()) && coda_str.is_empty() {
            return None;
        }
        // gh and ngh are written only before i, e, ê.
        if (onset_str == "gh" || onset_str == "ngh")
            && !matches!(letters[nucleus.start], 'i' | 'e' | 'ê')
        {
            return None;
        }
        // ch and nh follow only a, ê, i, y (anh, ếch, inh, uynh); c and ng never follow i, y
        // or a lone ê (ich, inh, ênh instead), except after the gi onset ("giếng").
        let last = letters[nucleus.end - 1];
        if matches!(coda_str.as_str(), "ch" | "nh") && !matches!(last, 'a' | 'ê' | 'i' | 'y') {
            return None;
        }
        if matches!(coda_str.as_str(), "c" | "ng")
            && (matches!(last, 'i' | 'y')
                || (matches!(nucleus_str.as_str(), "ê" | "uê") && onset_str != "gi"))
        {
            return None;
        }
        // q is only ever written as qu.
        if onset_str == "q" {
            return None;
        }
    }
    Some(Parsed {
        onset: 0..onset_len,
        nucleus,
        coda,
    })
}

/// Index (into the letters) of the vowel that carries the tone in the canonical "old style".
///
/// 1. A vowel with a vowel mark (ă â ê ô ơ ư) carries the tone; with two (ươ) the second.
/// 2. Otherwise, with a final consonant, the last vowel of the nucleus (hoàn, thuýt, khoét).
/// 3. Otherwise the middle of three vowels (hoài, khuỷu, ngoẹo) or the first of two (hóa,
///    khỏe, thủy, mùa, tài) or the only one.
pub(crate) fn tone_position(letters: &[char], p: &Parsed) -> usize {
    let nucleus = &letters[p.nucleus.clone()];
    if let Some(i) = nucleus.iter().rposition(|&c| has_vowel_mark(c)) {
        return p.nucleus.start + i;
    }
    if !p.coda.is_empty() {
        return p.nucleus.end - 1;
    }
    match nucleus.len() {
        3 => p.nucleus.start + 1,
        _ => p.nucleus.start,
    }
}

/// Letters (lower case, toneless) of clusters, if every cluster is a single letter.
fn letters_of(cl: &[Cluster]) -> Option<Vec<char>> {
    cl.iter().map(|c| c.letter).collect()
}

/// The word with its tone moved to the canonical place, or `None` when it is already there
/// or the word is not a Vietnamese syllable with exactly one tone mark.
fn canonical_word(word: &str) -> Option<String> {
    let cl = clusters(word);
    let marked: Vec<usize> = cl
        .iter()
        .enumerate()
        .filter(|(_, c)| !c.tones.is_empty())
        .map(|(i, _)| i)
        .collect();
    let [at] = marked[..] else {
        return None;
    };
    let tone = match cl[at].tones[..] {
        [t] => t,
        _ => return None,
    };
    let letters = letters_of(&cl)?;
    if !is_vowel(letters[at]) {
        // A tone-like mark on a consonant (ñ) is not a Vietnamese tone.
        return None;
    }
    let parsed = parse(&letters, false)?;
    let target = tone_position(&letters, &parsed);
    if target == at {
        return None;
    }
    let mark = tone.mark()?;
    let mut out = String::with_capacity(word.len() + 2);
    for (i, c) in cl.iter().enumerate() {
        out.push_str(&c.text);
        if i == target {
            out.push(mark);
        }
    }
    Some(out.nfc().collect())
}

/// One canonical tone-mark placement per syllable ("old style", as in government documents).
///
/// Output is NFC. Words that are not Vietnamese syllables with a single tone mark (English,
/// French, numbers, syllables with two tone marks) are left as they are, apart from NFC.
/// Case is preserved. Idempotent.
///
/// ```
/// use lantoa_viet::canonical_tones;
/// assert_eq!(canonical_tones("hoá thuỷ khoẻ"), "hóa thủy khỏe");
/// assert_eq!(canonical_tones("hoàn thuyền qúy gĩư"), "hoàn thuyền quý giữ");
/// assert_eq!(canonical_tones("HOÁ"), "HÓA");
/// ```
pub fn canonical_tones(s: &str) -> String {
    let s: String = s.nfc().collect();
    let mut out = String::with_capacity(s.len());
    for_each_run(&s, |is_word, run| {
        match is_word.then(|| canonical_word(run)).flatten() {
            Some(fixed) => out.push_str(&fixed),
            None => out.push_str(run),
        }
    });
    out
}

/// Whether `s` is one well-formed Vietnamese syllable in standard spelling, in any case, with
/// the tone where either placement style puts it ("hóa" and "hoá" are both accepted, "haó"
/// is not).
///
/// Checks the onset, the vowel cluster, the final consonant, that the vowel cluster agrees
/// with the final ("tai" but not "taim"), and that a syllable ending in p, t, c or ch has the
/// sắc or nặng tone. Used by legacy-encoding detection; also useful for input validation.
///
/// ```
/// use lantoa_viet::is_valid_vietnamese_syllable;
/// assert!(is_valid_vietnamese_syllable("Trường"));
/// assert!(is_valid_vietnamese_syllable("hoá"));
/// assert!(!is_valid_vietnamese_syllable("häc"));
/// assert!(!is_valid_vietnamese_syllable("tèt"));
/// ```
pub fn is_valid_vietnamese_syllable(s: &str) -> bool {
    let cl = clusters(s);
    let Some(letters) = letters_of(&cl) else {
        return false;
    };
    let mut tone = Tone::Level;
    let mut tone_at = None;
    for (i, c) in cl.iter().enumerate() {
        match c.tones[..] {
            [] => {}
            [t] if tone_at.is_none() => {
                tone = t;
                tone_at = Some(i);
            }
            _ => return false,
        }
    }
    let Some(p) = parse(&letters, true) else {
        return false;
    };
    // From here on the tone, if any, is checked against the syllable's structure.
    if let Some(i) = tone_at {
        // The tone sits where either placement style puts it: the canonical place, or, for
        // oa/oe/uy without a final consonant, the second vowel ("hoá", "thuý").
        let canonical = tone_position(&letters, &p);
        let nucleus: String = letters[p.nucleus.clone()].iter().collect();
        let new_style = p.coda.is_empty()
            && matches!(nucleus.as_str(), "oa" | "oe" | "uy")
            && i == p.nucleus.start + 1;
        if i != canonical && !new_style {
            return false;
        }
    }
    let coda: String = letters[p.coda.clone()].iter().collect();
    if matches!(coda.as_str(), "c" | "ch" | "p" | "t") && !matches!(tone, Tone::Acute | Tone::Dot) {
        return false;
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn old_style_tone_placement() {
        for (input, want) in [
            ("hoá", "hóa"),
            ("hóa", "hóa"),
            ("thuỷ", "thủy"),
            ("khoẻ", "khỏe"),
            ("hoà", "hòa"),
            ("Hoà Bình", "Hòa Bình"),
            ("quý", "quý"),
            ("qúy", "quý"),
            ("giữa", "giữa"),
            ("gịưa", "giựa"),
            ("gĩư", "giữ"),
            ("nghĩa", "nghĩa"),
            ("nghiã", "nghĩa"),
            ("hoàn", "hoàn"),
            ("hòan", "hoàn"),
            ("thuyền", "thuyền"),
            ("thúyên", "thuyến"),
            ("khuỷu", "khuỷu"),
            ("khủyu", "khuỷu"),
            ("ngoài", "ngoài"),
            ("ngòai", "ngoài"),
            ("trường", "trường"),
            ("trừơng", "trường"),
            ("mùa", "mùa"),
            ("muà", "mùa"),
            ("gì", "gì"),
            ("gìn", "gìn"),
            ("quốc", "quốc"),
            ("thuở", "thuở"),
            ("ÚY", "ÚY"),
            ("UÝ", "ÚY"),
        ] {
            assert_eq!(canonical_tones(input), want, "{input}");
        }
    }

    #[test]
    fn tone_placement_leaves_other_words_alone() {
        for s in [
            "café",
            "naïve",
            "José",
            "Hué",
            "e-mail",
            "2023",
            "Đắk Lắk",
            "xyz",
            "",
            "bÑo",
            "año",
        ] {
            assert_eq!(canonical_tones(s), s.nfc().collect::<String>(), "{s}");
        }
    }

    #[test]
    fn tone_placement_accepts_nfd_and_outputs_nfc() {
        let nfd: String = "Thủy lợi hoá".nfd().collect();
        assert_eq!(canonical_tones(&nfd), "Thủy lợi hóa");
    }

    #[test]
    fn syllable_validity() {
        for ok in [
            "a",
            "ở",
            "Trường",
            "nghiêng",
            "khuỷu",
            "quý",
            "giữa",
            "gì",
            "hoá",
            "hóa",
            "yêu",
            "uống",
            "NGHỆ",
            "thuyền",
            "xoong",
            "được",
            "học",
            "kỹ",
            "giếng",
            "ếch",
            "quỳnh",
            "xẻng",
            "Đắk",
            "Lắk",
            "thuý",
            "thủy",
            "khoẻ",
            "toán",
        ] {
            assert!(is_valid_vietnamese_syllable(ok), "{ok}");
        }
        for bad in [
            "", "häc", "tèt", "cafe", "ghô", "taim", "tiê", "qa", "strong", "Noël", "ñi", "hoá2",
            "gĩư", "bónh", "tinh2", "ping", "bêng", "ôch", "chaõ", "hoàan", "toáń", "tóan",
        ] {
            assert!(!is_valid_vietnamese_syllable(bad), "{bad}");
        }
    }
}
