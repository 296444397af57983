//! Snippets: the best passage of a text with the matched words in `<mark>`, HTML-escaped.

use std::collections::BTreeMap;

use lantoa_viet::TokenForm;
use tantivy::schema::Field;
use tantivy::snippet::{SnippetGenerator, collapse_overlapped_ranges};

use crate::tokenizer;

/// Longest passage shown, in bytes (about 150–250 Vietnamese characters).
pub(crate) const SNIPPET_BYTES: usize = 320;
/// Only the start of a very long text is scanned for the passage (bounds the work per hit).
const SCAN_BYTES: usize = 30_000;

/// `&`, `<`, `>`, `"` and `'` as entities.
pub fn escape_html(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + s.len() / 8);
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#x27;"),
            c => out.push(c),
        }
    }
    out
}

/// Whether `a` and `b` are at most one insertion, deletion, substitution or swap of two
/// neighbouring letters apart (what the fuzzy query allows).
pub(crate) fn within_one_edit(a: &str, b: &str) -> bool {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    if a == b {
        return true;
    }
    let (short, long) = if a.len() <= b.len() {
        (&a, &b)
    } else {
        (&b, &a)
    };
    match long.len() - short.len() {
        0 => {
            let diffs: Vec<usize> = (0..a.len()).filter(|&i| a[i] != b[i]).collect();
            match diffs.as_slice() {
                [_] => true,
                [i, j] => *j == i + 1 && a[*i] == b[*j] && a[*j] == b[*i],
                _ => false,
            }
        }
        1 => {
            let i = short
                .iter()
                .zip(long.iter())
                .take_while(|(x, y)| x == y)
                .count();
            short[i..] == long[i + 1..]
        }
        _ => false,
    }
}

fn floor_boundary(s: &str, mut i: usize) -> usize {
    if i >= s.len() {
        return s.len();
    }
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// Marks the words of a query in texts.
#[derive(Debug, Clone, Default)]
pub(crate) struct Highlighter {
    /// Folded terms to mark, with their weight when choosing a passage.
    terms: BTreeMap<String, f32>,
    /// Folded query words matched with one edit: any word of the text that close is marked.
    fuzzy: Vec<String>,
}

impl Highlighter {
    pub(crate) fn add_term(&mut self, term: &str, weight: f32) {
        let w = self.terms.entry(term.to_owned()).or_insert(0.0);
        *w = w.max(weight);
    }

    pub(crate) fn add_fuzzy(&mut self, term: &str) {
        if !self.fuzzy.iter().any(|t| t == term) {
            self.fuzzy.push(term.to_owned());
        }
    }

    fn terms_for(&self, text: &str) -> BTreeMap<String, f32> {
        let mut terms = self.terms.clone();
        if !self.fuzzy.is_empty() {
            for t in lantoa_viet::tokens(text, TokenForm::Folded) {
                if !terms.contains_key(&t.text)
                    && self.fuzzy.iter().any(|f| within_one_edit(f, &t.text))
                {
                    terms.insert(t.text, 0.5);
                }
            }
        }
        terms
    }

    /// The best passage of `text` (at most `max_bytes`) with the matches marked, or `None`
    /// when nothing in the text matches.
    pub(crate) fn passage(&self, text: &str, max_bytes: usize) -> Option<String> {
        let scanned = &text[..floor_boundary(text, SCAN_BYTES)];
        let generator = SnippetGenerator::new(
            self.terms_for(scanned),
            tokenizer::analyzer(TokenForm::Folded),
            Field::from_field_id(0),
            max_bytes,
        );
        let snippet = generator.snippet(scanned);
        if snippet.is_empty() {
            return None;
        }
        let fragment = snippet.fragment_range();
        // The passage runs from a word to a word; take the whole text when it is short, and
        // the punctuation that closes the last word otherwise.
        let (start, end) = if text.len() <= max_bytes {
            (0, text.len())
        } else {
            let tail = &text[fragment.end..];
            let extra = tail.find(char::is_whitespace).unwrap_or(tail.len());
            (fragment.start, fragment.end + extra.min(16))
        };
        let end = floor_boundary(text, end);
        let mut html = String::new();
        if start > 0 {
            html.push('…');
        }
        let mut at = start;
        for r in collapse_overlapped_ranges(snippet.highlighted()) {
            let (a, b) = (fragment.start + r.start, fragment.start + r.end);
            html.push_str(&escape_html(&text[at..a]));
            html.push_str("<mark>");
            html.push_str(&escape_html(&text[a..b]));
            html.push_str("</mark>");
            at = b;
        }
        html.push_str(&escape_html(&text[at..end]));
        if end < text.trim_end().len() {
            html.push('…');
        }
        Some(html)
    }

    /// The whole of a short text (a title) with the matches marked, escaped.
    pub(crate) fn whole(&self, text: &str) -> String {
        match self.passage(text, text.len().max(1)) {
            Some(html) => html,
            None => escape_html(text),
        }
    }
}

/// The start of `text` (at most `max_bytes`, cut between words), escaped, for a hit whose
/// match is not in the text (a title-only match).
pub(crate) fn lead(text: &str, max_bytes: usize) -> String {
    let text = text.trim();
    if text.len() <= max_bytes {
        return escape_html(text);
    }
    let cut = floor_boundary(text, max_bytes);
    let cut = text[..cut]
        .rfind(char::is_whitespace)
        .filter(|&i| i > max_bytes / 2)
        .unwrap_or(cut);
    format!("{}…", escape_html(text[..cut].trim_end()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_edit() {
        assert!(within_one_edit("thong", "thong"));
        assert!(within_one_edit("thong", "thpng"));
        assert!(within_one_edit("thong", "thogn"));
        assert!(within_one_edit("thong", "thon"));
        assert!(within_one_edit("thong", "thongs"));
        assert!(within_one_edit("thong", "tthong"));
        assert!(!within_one_edit("thong", "tohgn"));
        assert!(!within_one_edit("thong", "th"));
        assert!(!within_one_edit("thong", "phang"));
    }

    #[test]
    fn passages_mark_matches_and_escape_the_rest() {
        let mut h = Highlighter::default();
        h.add_term("dao", 1.0);
        h.add_term("tao", 1.0);
        let html = h
            .passage("Học <nghề> & đào tạo \"miễn phí\"", 320)
            .unwrap_or_default();
        assert_eq!(
            html,
            "Học &lt;nghề&gt; &amp; <mark>đào</mark> <mark>tạo</mark> &quot;miễn phí&quot;"
        );
        assert_eq!(h.passage("không có gì", 320), None);
        assert_eq!(h.whole("Ngày <b>"), "Ngày &lt;b&gt;");
    }

    #[test]
    fn long_texts_give_a_passage_around_the_match() {
        let mut h = Highlighter::default();
        h.add_term("pano", 1.0);
        let text = format!(
            "{} Dựng pa-nô tuyên truyền. {}",
            "mở đầu ".repeat(100),
            "kết ".repeat(100)
        );
        let html = h.passage(&text, 120).unwrap_or_default();
        assert!(html.starts_with('…'), "{html}");
        assert!(html.ends_with('…'), "{html}");
        assert!(html.contains("<mark>pa-nô</mark>"), "{html}");
    }

    #[test]
    fn fuzzy_words_are_marked() {
        let mut h = Highlighter::default();
        h.add_fuzzy("thpng");
        let html = h.passage("Truyền thông về nghề", 320).unwrap_or_default();
        assert_eq!(html, "Truyền <mark>thông</mark> về nghề");
    }

    #[test]
    fn leads_cut_between_words() {
        assert_eq!(lead("ngắn", 50), "ngắn");
        let s = "một hai ba bốn năm sáu bảy tám chín mười";
        let l = lead(s, 20);
        assert!(l.ends_with('…') && l.len() < 25, "{l}");
        assert!(!l.contains("  "));
        assert_eq!(lead("<b>", 50), "&lt;b&gt;");
    }
}
