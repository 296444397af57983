//! From what a person typed to ranked hits with snippets.

use std::ops::Bound;

use chrono::{DateTime, NaiveDateTime};
use lantoa_viet::TokenForm;
use tantivy::collector::{Count, TopDocs};
use tantivy::query::{
    BooleanQuery, BoostQuery, ConstScoreQuery, FuzzyTermQuery, Occur, PhraseQuery, Query,
    RangeQuery, TermQuery,
};
use tantivy::schema::{Field, IndexRecordOption, Value};
use tantivy::{Searcher, TantivyDocument, Term};

use crate::index::SearchIndex;
use crate::snippet::{self, Highlighter, SNIPPET_BYTES};
use crate::{DocKey, SearchError};

/// Words of a query beyond this many are ignored (bounds the work of one search).
pub const MAX_QUERY_WORDS: usize = 12;
/// Folded words at least this long may match with one edit.
const FUZZY_MIN_CHARS: usize = 5;

// Weights. An exact-form match also matches the folded form, so it earns both; the title
// counts about three times the body; a phrase adds on top; a word found only with one edit
// (a constant score) weighs least.
const W_TITLE_EXACT: f32 = 6.0;
const W_TITLE_FOLDED: f32 = 3.0;
const W_BODY_EXACT: f32 = 2.0;
const W_BODY_FOLDED: f32 = 1.0;
const W_JOINED: f32 = 0.8;
const W_PHRASE_TITLE: f32 = 4.0;
const W_PHRASE_BODY: f32 = 1.5;
const W_FUZZY_TITLE: f32 = 0.5;
const W_FUZZY_BODY: f32 = 0.25;

/// A search: the words, filters and the window of hits wanted.
#[derive(Debug, Clone, Default)]
pub struct SearchQuery {
    pub text: String,
    /// Only these kinds (`article`, `occupation`, …); empty: all.
    pub kinds: Vec<String>,
    /// Only content of this topic.
    pub topic: Option<String>,
    /// Only items published at or after this time (UTC).
    pub published_from: Option<NaiveDateTime>,
    /// Only items published before this time (UTC).
    pub published_before: Option<NaiveDateTime>,
    pub offset: usize,
    pub limit: usize,
}

/// One hit.
#[derive(Debug, Clone, PartialEq)]
pub struct Hit {
    pub key: DocKey,
    pub kind: String,
    pub title: String,
    /// The title, escaped, with the matched words in `<mark>`.
    pub title_html: String,
    pub url: String,
    /// The best passage, escaped, with the matched words in `<mark>` (the start of the text
    /// when only the title matched).
    pub snippet_html: String,
    pub published_at: Option<NaiveDateTime>,
    pub external_id: Option<String>,
    pub score: f32,
}

/// A window of hits and how many there are in all.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SearchResults {
    pub total: usize,
    pub hits: Vec<Hit>,
}

/// One word of the query in its two forms.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Word {
    folded: String,
    /// Empty when the word has no exact form of its own (a stray combining mark).
    exact: String,
}

/// What each query word must match.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Unit {
    Word(Word),
    /// "pa-nô": its parts as a phrase, or the joined form ("pano").
    Compound {
        parts: Vec<Word>,
        joined: Word,
    },
}

/// The query's units, in order: each whitespace-separated word gives its words and compounds.
fn units(text: &str) -> Vec<Unit> {
    let mut out = Vec::new();
    for chunk in text.split_whitespace() {
        let folded = lantoa_viet::tokens(chunk, TokenForm::Folded);
        let exact = lantoa_viet::tokens(chunk, TokenForm::Exact);
        let exact_at = |start: usize, end: usize| {
            exact
                .iter()
                .find(|t| t.start == start && t.end == end)
                .map(|t| t.text.clone())
                .unwrap_or_default()
        };
        let word = |t: &lantoa_viet::Token| Word {
            folded: t.text.clone(),
            exact: exact_at(t.start, t.end),
        };
        // A joined token follows the first part of its compound, at the same position.
        let joined: Vec<&lantoa_viet::Token> = folded
            .windows(2)
            .filter(|w| w[0].position == w[1].position)
            .map(|w| &w[1])
            .collect();
        let mut i = 0;
        while i < folded.len() {
            let t = &folded[i];
            if let Some(j) = joined.iter().find(|j| j.start == t.start && j.end > t.end) {
                let parts: Vec<Word> = folded
                    .iter()
                    .filter(|p| {
                        p.start >= j.start
                            && p.end <= j.end
                            && !(p.start == j.start && p.end == j.end)
                    })
                    .map(word)
                    .collect();
                let consumed = folded[i..].iter().take_while(|p| p.end <= j.end).count();
                out.push(Unit::Compound {
                    parts,
                    joined: word(j),
                });
                i += consumed.max(1);
            } else {
                out.push(Unit::Word(word(t)));
                i += 1;
            }
        }
    }
    out.truncate(MAX_QUERY_WORDS);
    out
}

type BoxQuery = Box<dyn Query>;

fn term(field: Field, text: &str, weight: f32) -> BoxQuery {
    Box::new(BoostQuery::new(
        Box::new(TermQuery::new(
            Term::from_field_text(field, text),
            IndexRecordOption::WithFreqs,
        )),
        weight,
    ))
}

fn phrase(field: Field, words: &[&str], weight: f32) -> BoxQuery {
    let terms = words
        .iter()
        .map(|w| Term::from_field_text(field, w))
        .collect();
    Box::new(BoostQuery::new(Box::new(PhraseQuery::new(terms)), weight))
}

fn fuzzy(field: Field, text: &str, weight: f32) -> BoxQuery {
    Box::new(BoostQuery::new(
        Box::new(FuzzyTermQuery::new(
            Term::from_field_text(field, text),
            1,
            true,
        )),
        weight,
    ))
}

fn filter(q: BoxQuery) -> (Occur, BoxQuery) {
    (Occur::Must, Box::new(ConstScoreQuery::new(q, 0.0)))
}

fn timestamp(at: NaiveDateTime) -> i64 {
    at.and_utc().timestamp()
}

impl SearchIndex {
    fn known(&self, searcher: &Searcher, folded: &str) -> Result<bool, SearchError> {
        let f = &self.fields;
        Ok(
            searcher.doc_freq(&Term::from_field_text(f.body_folded, folded))? > 0
                || searcher.doc_freq(&Term::from_field_text(f.title_folded, folded))? > 0,
        )
    }

    /// The query for `units`; with `fuzzy_all`, every long word may match with one edit,
    /// otherwise only the long words the index does not contain (likely typos).
    fn build(
        &self,
        searcher: &Searcher,
        units: &[Unit],
        q: &SearchQuery,
        fuzzy_all: bool,
        marks: &mut Highlighter,
    ) -> Result<BooleanQuery, SearchError> {
        let f = &self.fields;
        let mut clauses: Vec<(Occur, BoxQuery)> = Vec::new();
        let singles: Vec<Option<&Word>> = units
            .iter()
            .map(|u| match u {
                Unit::Word(w) => Some(w),
                Unit::Compound { .. } => None,
            })
            .collect();
        for (i, unit) in units.iter().enumerate() {
            let mut any: Vec<(Occur, BoxQuery)> = Vec::new();
            let exact_and_folded = |w: &Word, scale: f32, any: &mut Vec<(Occur, BoxQuery)>| {
                if !w.exact.is_empty() {
                    any.push((
                        Occur::Should,
                        term(f.title, &w.exact, W_TITLE_EXACT * scale),
                    ));
                    any.push((Occur::Should, term(f.body, &w.exact, W_BODY_EXACT * scale)));
                }
                any.push((
                    Occur::Should,
                    term(f.title_folded, &w.folded, W_TITLE_FOLDED * scale),
                ));
                any.push((
                    Occur::Should,
                    term(f.body_folded, &w.folded, W_BODY_FOLDED * scale),
                ));
            };
            match unit {
                Unit::Word(w) => {
                    exact_and_folded(w, 1.0, &mut any);
                    marks.add_term(&w.folded, 1.0);
                    if w.folded.chars().count() >= FUZZY_MIN_CHARS
                        && (fuzzy_all || !self.known(searcher, &w.folded)?)
                    {
                        any.push((
                            Occur::Should,
                            fuzzy(f.title_folded, &w.folded, W_FUZZY_TITLE),
                        ));
                        any.push((Occur::Should, fuzzy(f.body_folded, &w.folded, W_FUZZY_BODY)));
                        marks.add_fuzzy(&w.folded);
                    }
                    // Written apart, indexed together ("pa nô" finds "pa-nô" and "pano").
                    let neighbours = [
                        i.checked_sub(1).and_then(|p| singles[p]).map(|p| (p, w)),
                        singles.get(i + 1).copied().flatten().map(|n| (w, n)),
                    ];
                    for (a, b) in neighbours.into_iter().flatten() {
                        let joined = format!("{}{}", a.folded, b.folded);
                        any.push((Occur::Should, term(f.title_folded, &joined, W_JOINED * 2.0)));
                        any.push((Occur::Should, term(f.body_folded, &joined, W_JOINED)));
                        marks.add_term(&joined, 1.0);
                    }
                }
                Unit::Compound { parts, joined } => {
                    exact_and_folded(joined, 1.0, &mut any);
                    marks.add_term(&joined.folded, 1.0);
                    let words: Vec<&str> = parts.iter().map(|p| p.folded.as_str()).collect();
                    if words.len() >= 2 {
                        any.push((
                            Occur::Should,
                            phrase(f.title_folded, &words, W_TITLE_FOLDED),
                        ));
                        any.push((Occur::Should, phrase(f.body_folded, &words, W_BODY_FOLDED)));
                    }
                }
            }
            clauses.push((Occur::Must, Box::new(BooleanQuery::new(any))));
        }
        // The words in their order weigh more than the words apart.
        let words: Vec<&str> = singles
            .iter()
            .flatten()
            .map(|w| w.folded.as_str())
            .collect();
        if words.len() >= 2 && words.len() == units.len() {
            clauses.push((
                Occur::Should,
                phrase(f.title_folded, &words, W_PHRASE_TITLE),
            ));
            clauses.push((Occur::Should, phrase(f.body_folded, &words, W_PHRASE_BODY)));
        }
        if !q.kinds.is_empty() {
            let kinds = q
                .kinds
                .iter()
                .map(|k| -> (Occur, BoxQuery) {
                    (
                        Occur::Should,
                        Box::new(TermQuery::new(
                            Term::from_field_text(f.kind, k),
                            IndexRecordOption::Basic,
                        )),
                    )
                })
                .collect();
            clauses.push(filter(Box::new(BooleanQuery::new(kinds))));
        }
        if let Some(t) = &q.topic {
            clauses.push(filter(Box::new(TermQuery::new(
                Term::from_field_text(f.topic, t),
                IndexRecordOption::Basic,
            ))));
        }
        if q.published_from.is_some() || q.published_before.is_some() {
            let lower = match q.published_from {
                Some(at) => Bound::Included(Term::from_field_i64(f.published, timestamp(at))),
                None => Bound::Included(Term::from_field_i64(f.published, i64::MIN)),
            };
            let upper = match q.published_before {
                Some(at) => Bound::Excluded(Term::from_field_i64(f.published, timestamp(at))),
                None => Bound::Unbounded,
            };
            clauses.push(filter(Box::new(RangeQuery::new(lower, upper))));
        }
        Ok(BooleanQuery::new(clauses))
    }

    /// Runs a search. A query without a word to look for finds nothing.
    pub fn search(&self, q: &SearchQuery) -> Result<SearchResults, SearchError> {
        let units = units(&q.text);
        if units.is_empty() || q.limit == 0 {
            return Ok(SearchResults::default());
        }
        let searcher = self.reader.searcher();
        let collector = (
            TopDocs::with_limit(q.limit)
                .and_offset(q.offset)
                .order_by_score(),
            Count,
        );
        let mut marks = Highlighter::default();
        let query = self.build(&searcher, &units, q, false, &mut marks)?;
        let (mut top, mut total) = searcher.search(&query, &collector)?;
        if total == 0 {
            // Every word is a known word, but one of them may still be a typo of another.
            let mut marks_all = Highlighter::default();
            let query = self.build(&searcher, &units, q, true, &mut marks_all)?;
            (top, total) = searcher.search(&query, &collector)?;
            marks = marks_all;
        }
        let mut hits = Vec::with_capacity(top.len());
        for (score, address) in top {
            let doc: TantivyDocument = searcher.doc(address)?;
            if let Some(hit) = self.hit(&doc, score, &marks) {
                hits.push(hit);
            }
        }
        Ok(SearchResults { total, hits })
    }

    fn hit(&self, doc: &TantivyDocument, score: f32, marks: &Highlighter) -> Option<Hit> {
        let f = &self.fields;
        let text = |field: Field| {
            doc.get_first(field)
                .and_then(|v| v.as_str().map(str::to_owned))
        };
        let key = DocKey::parse(&text(f.key)?)?;
        let title = text(f.title).unwrap_or_default();
        let body = text(f.body).unwrap_or_default();
        let published_at = doc
            .get_first(f.published)
            .and_then(|v| v.as_i64())
            .and_then(|s| DateTime::from_timestamp(s, 0))
            .map(|d| d.naive_utc());
        Some(Hit {
            key,
            kind: text(f.kind).unwrap_or_default(),
            title_html: marks.whole(&title),
            snippet_html: marks
                .passage(&body, SNIPPET_BYTES)
                .unwrap_or_else(|| snippet::lead(&body, SNIPPET_BYTES)),
            title,
            url: text(f.url).unwrap_or_default(),
            published_at,
            external_id: text(f.external_id),
            score,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn w(folded: &str, exact: &str) -> Word {
        Word {
            folded: folded.into(),
            exact: exact.into(),
        }
    }

    #[test]
    fn query_words_and_compounds() {
        assert_eq!(
            units("Hoà  pa-nô, KỸ"),
            vec![
                Unit::Word(w("hoa", "hòa")),
                Unit::Compound {
                    parts: vec![w("pa", "pa"), w("no", "nô")],
                    joined: w("pano", "panô"),
                },
                Unit::Word(w("ki", "kỹ")),
            ]
        );
        assert_eq!(units(" ,;- "), vec![]);
        assert_eq!(units(&"từ ".repeat(40)).len(), MAX_QUERY_WORDS);
        assert_eq!(
            units("a/b"),
            vec![Unit::Word(w("a", "a")), Unit::Word(w("b", "b"))]
        );
    }
}
