//! The search tokenizer.

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

use crate::fold::{fold, search_fold};
use crate::syllable::canonical_tones;

/// One token of a text, for a search index.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Token {
    /// The token in the requested [`TokenForm`].
    pub text: String,
    /// Word position, for phrase queries; never decreases along the token list.
    pub position: usize,
    /// Byte offset of the token's first character in the original input.
    pub start: usize,
    /// Byte offset just past the token's last character in the original input.
    pub end: usize,
}

/// Which form of each token [`tokens`] produces.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum TokenForm {
    /// NFC, lower case, canonical tone placement: "Hoá" → "hóa".
    Exact,
    /// [`search_fold`]: ASCII, lower case, i/y unified: "Kỹ" → "ki".
    Folded,
}

/// Characters that join the parts of a compound ("pa-nô", "e-mail", "v.v.", "1.234").
fn is_connector(c: char) -> bool {
    matches!(c, '-' | '.' | '\u{2010}' | '\u{2011}' | '\u{AD}')
}

fn is_token_char(c: char) -> bool {
    c.is_alphanumeric() || is_combining_mark(c)
}

fn exact(part: &str) -> String {
    canonical_tones(&part.nfc().collect::<String>()).to_lowercase()
}

/// Splits `s` into search tokens.
///
/// Tokens are the runs of letters and digits (combining marks included, so NFD input works);
/// everything else separates them. Numbers are kept ("2023", "9"). When runs are joined by a
/// single hyphen or dot ("pa-nô", "đề-can", "e-mail", "COVID-19", "1.234"), the compound is
/// also emitted joined, at the position of its first part and right after it: "pa-nô" gives
/// `pa`@0, `pano`@0, `no`@1 in [`TokenForm::Folded`] (`pa`, `panô`, `nô` in
/// [`TokenForm::Exact`]). Positions never decrease; `start`/`end` are byte offsets into `s`,
/// the joined token spanning the whole compound.
///
/// ```
/// use lantoa_viet::{tokens, TokenForm};
/// let t: Vec<String> = tokens("Pa-nô quảng cáo", TokenForm::Folded).into_iter().map(|t| t.text).collect();
/// assert_eq!(t, ["pa", "pano", "no", "quang", "cao"]);
/// ```
pub fn tokens(s: &str, form: TokenForm) -> Vec<Token> {
    // Runs of token characters, as byte ranges.
    let mut runs: Vec<(usize, usize)> = Vec::new();
    let mut start: Option<usize> = None;
    for (i, c) in s.char_indices() {
        match (is_token_char(c), start) {
            (true, None) => start = Some(i),
            (false, Some(st)) => {
                runs.push((st, i));
                start = None;
            }
            _ => {}
        }
    }
    if let Some(st) = start {
        runs.push((st, s.len()));
    }

    let render = |part: &str| match form {
        TokenForm::Exact => exact(part),
        TokenForm::Folded => search_fold(part),
    };
    let mut out = Vec::with_capacity(runs.len() + runs.len() / 4);
    let mut position = 0;
    let mut i = 0;
    while i < runs.len() {
        // Extend the compound while the gap is exactly one connector.
        let mut j = i;
        while j + 1 < runs.len() {
            let gap = &s[runs[j].1..runs[j + 1].0];
            let mut chars = gap.chars();
            match (chars.next(), chars.next()) {
                (Some(c), None) if is_connector(c) => j += 1,
                _ => break,
            }
        }
        let parts = &runs[i..=j];
        let first_position = position;
        for (k, &(st, en)) in parts.iter().enumerate() {
            let text = render(&s[st..en]);
            if text.is_empty() {
                continue;
            }
            out.push(Token {
                text,
                position,
                start: st,
                end: en,
            });
            position += 1;
            if k == 0 && parts.len() > 1 {
                let joined = match form {
                    TokenForm::Exact => parts.iter().map(|&(a, b)| exact(&s[a..b])).collect(),
                    TokenForm::Folded => search_fold(
                        &parts
                            .iter()
                            .map(|&(a, b)| fold(&s[a..b]))
                            .collect::<String>(),
                    ),
                };
                out.push(Token {
                    text: joined,
                    position: first_position,
                    start: parts[0].0,
                    end: parts[parts.len() - 1].1,
                });
            }
        }
        i = j + 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(s: &str, form: TokenForm) -> Vec<(String, usize)> {
        tokens(s, form)
            .into_iter()
            .map(|t| (t.text, t.position))
            .collect()
    }

    fn pairs(v: &[(&str, usize)]) -> Vec<(String, usize)> {
        v.iter().map(|&(t, p)| (t.to_owned(), p)).collect()
    }

    #[test]
    fn folded_and_exact_forms() {
        let s = "Thực học, thực hành – Vững nghề nghiệp";
        assert_eq!(
            texts(s, TokenForm::Folded),
            pairs(&[
                ("thuc", 0),
                ("hoc", 1),
                ("thuc", 2),
                ("hanh", 3),
                ("vung", 4),
                ("nghe", 5),
                ("nghiep", 6)
            ])
        );
        assert_eq!(
            texts("Hoá học KỸ NĂNG", TokenForm::Exact),
            pairs(&[("hóa", 0), ("học", 1), ("kỹ", 2), ("năng", 3)])
        );
        assert_eq!(
            texts("kĩ năng", TokenForm::Folded),
            texts("Kỹ năng", TokenForm::Folded)
        );
    }

    #[test]
    fn compounds_add_a_joined_token() {
        assert_eq!(
            texts("pa-nô, đề-can", TokenForm::Folded),
            pairs(&[
                ("pa", 0),
                ("pano", 0),
                ("no", 1),
                ("de", 2),
                ("decan", 2),
                ("can", 3)
            ])
        );
        assert_eq!(
            texts("pa-nô", TokenForm::Exact),
            pairs(&[("pa", 0), ("panô", 0), ("nô", 1)])
        );
        assert_eq!(
            texts("e-mail lớp 9+ năm 2023", TokenForm::Folded),
            pairs(&[
                ("e", 0),
                ("email", 0),
                ("mail", 1),
                ("lop", 2),
                ("9", 3),
                ("nam", 4),
                ("2023", 5)
            ])
        );
        // Two separators in a row are not a compound.
        assert_eq!(
            texts("a - b", TokenForm::Folded),
            pairs(&[("a", 0), ("b", 1)])
        );
    }

    #[test]
    fn offsets_point_into_the_original() {
        let s = "Đào tạo pa-nô";
        let t = tokens(s, TokenForm::Folded);
        let spans: Vec<&str> = t.iter().map(|t| &s[t.start..t.end]).collect();
        assert_eq!(spans, ["Đào", "tạo", "pa", "pa-nô", "nô"]);
        let nfd: String = s.nfd().collect();
        let t = tokens(&nfd, TokenForm::Exact);
        assert_eq!(&nfd[t[0].start..t[0].end], "Đào".nfd().collect::<String>());
        assert_eq!(t[0].text, "đào");
    }

    #[test]
    fn positions_never_decrease() {
        let t = tokens("a-b-c d.e f", TokenForm::Folded);
        assert!(t.windows(2).all(|w| w[0].position <= w[1].position));
        assert_eq!(
            texts("a-b-c d.e f", TokenForm::Folded),
            pairs(&[
                ("a", 0),
                ("abc", 0),
                ("b", 1),
                ("c", 2),
                ("d", 3),
                ("de", 3),
                ("e", 4),
                ("f", 5)
            ])
        );
    }
}
