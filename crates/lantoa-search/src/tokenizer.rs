//! A tantivy tokenizer over [`lantoa_viet::tokens`].

use lantoa_viet::TokenForm;
use tantivy::tokenizer::{RemoveLongFilter, TextAnalyzer, Token, TokenStream, Tokenizer};

/// Name under which the exact-form analyzer is registered (NFC, lower case, canonical tones).
pub const EXACT: &str = "lantoa_exact";
/// Name under which the folded analyzer is registered (ASCII, i/y unified, joined compounds).
pub const FOLDED: &str = "lantoa_folded";

/// Longest token kept, in bytes: longer runs (URLs without separators, encoded data) are not
/// words anyone searches for, and they would bloat the term dictionary.
const MAX_TOKEN_BYTES: usize = 64;

/// The tantivy face of `lantoa_viet::tokens`: same tokens, positions and byte offsets, so
/// phrase queries and snippet highlighting work on the original text.
#[derive(Clone, Debug)]
pub struct VietTokenizer {
    form: TokenForm,
}

impl VietTokenizer {
    pub fn new(form: TokenForm) -> VietTokenizer {
        VietTokenizer { form }
    }
}

/// The token stream of one text.
pub struct VietTokenStream {
    tokens: std::vec::IntoIter<lantoa_viet::Token>,
    current: Token,
}

impl Tokenizer for VietTokenizer {
    type TokenStream<'a> = VietTokenStream;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> VietTokenStream {
        VietTokenStream {
            tokens: lantoa_viet::tokens(text, self.form).into_iter(),
            current: Token::default(),
        }
    }
}

impl TokenStream for VietTokenStream {
    fn advance(&mut self) -> bool {
        match self.tokens.next() {
            Some(t) => {
                self.current = Token {
                    offset_from: t.start,
                    offset_to: t.end,
                    position: t.position,
                    text: t.text,
                    position_length: 1,
                };
                true
            }
            None => false,
        }
    }

    fn token(&self) -> &Token {
        &self.current
    }

    fn token_mut(&mut self) -> &mut Token {
        &mut self.current
    }
}

/// The analyzer for one token form.
pub fn analyzer(form: TokenForm) -> TextAnalyzer {
    TextAnalyzer::builder(VietTokenizer::new(form))
        .filter(RemoveLongFilter::limit(MAX_TOKEN_BYTES))
        .build()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(form: TokenForm, s: &str) -> Vec<(String, usize, usize, usize)> {
        let mut a = analyzer(form);
        let mut stream = a.token_stream(s);
        let mut out = Vec::new();
        while let Some(t) = stream.next() {
            out.push((t.text.clone(), t.position, t.offset_from, t.offset_to));
        }
        out
    }

    #[test]
    fn streams_the_viet_tokens_with_offsets() {
        let got = texts(TokenForm::Folded, "Pa-nô Kỹ");
        assert_eq!(
            got,
            vec![
                ("pa".into(), 0, 0, 2),
                ("pano".into(), 0, 0, 6),
                ("no".into(), 1, 3, 6),
                ("ki".into(), 2, 7, 11),
            ]
        );
        let got = texts(TokenForm::Exact, "Hoà");
        assert_eq!(got, vec![("hòa".into(), 0, 0, 4)]);
    }

    #[test]
    fn very_long_runs_are_dropped() {
        let long = "a".repeat(100);
        let got = texts(TokenForm::Folded, &format!("đào {long} tạo"));
        let words: Vec<&str> = got.iter().map(|t| t.0.as_str()).collect();
        assert_eq!(words, ["dao", "tao"]);
    }
}
