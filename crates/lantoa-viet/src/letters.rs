//! Letters, tones and the decomposition of text into letter clusters.
//!
//! Everything else in the crate is built on one model: a Vietnamese letter is a base letter
//! (one of the 12 vowels `a ă â e ê i o ô ơ u ư y` or a consonant, `đ` included) plus at most
//! one tone mark. The vowel marks (circumflex, breve, horn) belong to the letter; the five tone
//! marks do not.

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// The 12 vowel letters, lower case, in alphabet order.
pub(crate) const VOWELS: [char; 12] = ['a', 'ă', 'â', 'e', 'ê', 'i', 'o', 'ô', 'ơ', 'u', 'ư', 'y'];

/// The tones, in dictionary (and collation) order: ngang, huyền, hỏi, ngã, sắc, nặng.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) enum Tone {
    /// ngang (no mark)
    Level,
    /// huyền (grave, U+0300)
    Grave,
    /// hỏi (hook above, U+0309)
    Hook,
    /// ngã (tilde, U+0303)
    Tilde,
    /// sắc (acute, U+0301)
    Acute,
    /// nặng (dot below, U+0323)
    Dot,
}

/// All tones in collation order; the index of a tone in this array is its rank.
pub(crate) const TONES: [Tone; 6] = [
    Tone::Level,
    Tone::Grave,
    Tone::Hook,
    Tone::Tilde,
    Tone::Acute,
    Tone::Dot,
];

impl Tone {
    /// The tone a combining mark stands for, if it is one of the five tone marks.
    pub(crate) fn from_mark(c: char) -> Option<Tone> {
        match c {
            '\u{300}' | '\u{340}' => Some(Tone::Grave),
            '\u{309}' => Some(Tone::Hook),
            '\u{303}' => Some(Tone::Tilde),
            '\u{301}' | '\u{341}' => Some(Tone::Acute),
            '\u{323}' => Some(Tone::Dot),
            _ => None,
        }
    }

    /// The combining mark of the tone (`None` for ngang).
    pub(crate) fn mark(self) -> Option<char> {
        match self {
            Tone::Level => None,
            Tone::Grave => Some('\u{300}'),
            Tone::Hook => Some('\u{309}'),
            Tone::Tilde => Some('\u{303}'),
            Tone::Acute => Some('\u{301}'),
            Tone::Dot => Some('\u{323}'),
        }
    }

    /// Rank in collation order (ngang 0 … nặng 5).
    pub(crate) fn rank(self) -> u8 {
        self as u8
    }
}

/// Whether `c` (lower case, toneless) is one of the 12 Vietnamese vowel letters.
pub(crate) fn is_vowel(c: char) -> bool {
    VOWELS.contains(&c)
}

/// Whether `c` (lower case, toneless) carries a vowel mark: ă â ê ô ơ ư.
pub(crate) fn has_vowel_mark(c: char) -> bool {
    matches!(c, 'ă' | 'â' | 'ê' | 'ô' | 'ơ' | 'ư')
}

/// `v` (a lower- or upper-case toneless vowel letter) with `tone`, as one NFC character.
pub(crate) fn with_tone(v: char, tone: Tone) -> char {
    match tone.mark() {
        None => v,
        Some(m) => {
            let mut s = String::with_capacity(4);
            s.push(v);
            s.push(m);
            s.nfc().next().unwrap_or(v)
        }
    }
}

/// One letter of a word: its text without the tone mark (NFD), the tone marks found on it,
/// and, when the toneless text composes to a single character, that character in lower case.
#[derive(Clone, Debug)]
pub(crate) struct Cluster {
    /// The letter without its tone mark, NFD.
    pub(crate) text: String,
    /// Tone marks on this letter (normally zero or one).
    pub(crate) tones: Vec<Tone>,
    /// The toneless letter as one lower-case character, if it is one.
    pub(crate) letter: Option<char>,
}

/// Splits `word` into letter clusters (a base character and the combining marks after it).
pub(crate) fn clusters(word: &str) -> Vec<Cluster> {
    let mut out: Vec<Cluster> = Vec::new();
    for c in word.nfd() {
        if is_combining_mark(c)
            && let Some(last) = out.last_mut()
        {
            match Tone::from_mark(c) {
                Some(t) => last.tones.push(t),
                None => last.text.push(c),
            }
            continue;
        }
        if let Some(last) = out.last_mut() {
            last.letter = single_lower(&last.text);
        }
        let mut text = String::new();
        let mut tones = Vec::new();
        match Tone::from_mark(c) {
            Some(t) if is_combining_mark(c) => tones.push(t),
            _ => text.push(c),
        }
        out.push(Cluster {
            text,
            tones,
            letter: None,
        });
    }
    if let Some(last) = out.last_mut() {
        last.letter = single_lower(&last.text);
    }
    out
}

fn single_lower(nfd: &str) -> Option<char> {
    let mut composed = nfd.nfc();
    let c = composed.next()?;
    if composed.next().is_some() {
        return None;
    }
    let mut lower = c.to_lowercase();
    let l = lower.next()?;
    if lower.next().is_some() {
        return None;
    }
    Some(l)
}

/// Whether `c` is part of a word for the purpose of syllable processing: a letter, a digit
/// or a combining mark.
pub(crate) fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || is_combining_mark(c)
}

/// Calls `f(is_word, run)` for each maximal run of word characters and each maximal run of
/// other characters of `s`, in order.
pub(crate) fn for_each_run(s: &str, mut f: impl FnMut(bool, &str)) {
    let mut start = 0;
    let mut in_word: Option<bool> = None;
    for (i, c) in s.char_indices() {
        let w = is_word_char(c);
        match in_word {
            Some(prev) if prev != w => {
                f(prev, &s[start..i]);
                start = i;
            }
            _ => {}
        }
        in_word = Some(w);
    }
    if let Some(prev) = in_word {
        f(prev, &s[start..]);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn with_tone_composes_every_vowel() {
        for v in VOWELS {
            for t in TONES {
                let c = with_tone(v, t);
                let cl = clusters(&c.to_string());
                assert_eq!(cl.len(), 1, "{c}");
                assert_eq!(cl[0].letter, Some(v), "{c}");
                let expected: Vec<Tone> = if t == Tone::Level { vec![] } else { vec![t] };
                assert_eq!(cl[0].tones, expected, "{c}");
            }
        }
    }

    #[test]
    fn clusters_keep_vowel_marks_and_split_tones() {
        let cl = clusters("Trường");
        let letters: Vec<Option<char>> = cl.iter().map(|c| c.letter).collect();
        assert_eq!(
            letters,
            ["t", "r", "ư", "ơ", "n", "g"].map(|s| s.chars().next())
        );
        assert_eq!(cl[3].tones, vec![Tone::Grave]);
    }
}
