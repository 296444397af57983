//! From what a person typed to ranked hits with snippets.

use std::collections::BTreeMap;
use std::ops::Bound;

use chrono::{DateTime, NaiveDateTime};
use lantoa_viet::TokenForm;
use tantivy::collector::{Count, TopDocs};
use tantivy::query::{
    BooleanQuery, BoostQuery, ConstScoreQuery, EnableScoring, FuzzyTermQuery, Occur, PhraseQuery,
    Query, RangeQuery, TermQuery,
};
use tantivy::schema::{Field, IndexRecordOption, Value};
use tantivy::{
    DocAddress, DocId, DocSet, Score, Searcher, SeekDangerResult, TERMINATED, TantivyDocument, Term,
};

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
    let q = Box::new(TermQuery::new(
        Term::from_field_text(field, text),
        IndexRecordOption::WithFreqs,
    ));
    if weight == 1.0 {
        q
    } else {
        Box::new(BoostQuery::new(q, weight))
    }
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

/// Hits first gathered cheaply, then ranked by the full query (at least this many, more for
/// deep pages).
const CANDIDATES: usize = 100;

/// The queries of one search.
struct Plan {
    /// What a document must contain (each unit in the folded form of title + body, or its
    /// alternatives): counts the hits and gathers candidates by plain BM25.
    matching: BoxQuery,
    /// Candidates with every word in its exact form (so that they are not crowded out).
    exact: Option<BoxQuery>,
    /// Candidates with every word in the title.
    title: Option<BoxQuery>,
    /// The ranking, as clauses whose scores add up: exact and folded forms, title and body,
    /// phrases, joined forms, one edit.
    full: Vec<BoxQuery>,
    /// Long words that did not get one edit (a second pass may allow it).
    strict_long_words: bool,
}

/// Scores the candidates with the ranking clauses (each clause's scorer visits only the
/// candidates, in order), best first.
fn rank(
    searcher: &Searcher,
    clauses: &[BoxQuery],
    candidates: BTreeMap<u32, Vec<DocId>>,
) -> Result<Vec<(Score, DocAddress)>, SearchError> {
    let scoring = EnableScoring::enabled_from_searcher(searcher);
    let weights = clauses
        .iter()
        .map(|c| c.weight(scoring))
        .collect::<tantivy::Result<Vec<_>>>()?;
    let mut scored = Vec::new();
    for (segment, mut docs) in candidates {
        docs.sort_unstable();
        docs.dedup();
        let reader = searcher.segment_reader(segment);
        let mut sums = vec![0.0; docs.len()];
        for weight in &weights {
            // `scorer_danger`/`seek_danger` check just the candidate: a phrase scorer's
            // `scorer`/`seek` would look for the next phrase match, however far. No document
            // before `next` can match.
            let Some(&first) = docs.first() else { continue };
            let (found, mut scorer) = weight.scorer_danger(reader, first, 1.0)?;
            let mut next = first;
            for (i, (sum, &doc)) in sums.iter_mut().zip(&docs).enumerate() {
                if next == TERMINATED {
                    break;
                }
                if doc < next {
                    continue;
                }
                let result = if i == 0 {
                    found
                } else {
                    scorer.seek_danger(doc)
                };
                match result {
                    SeekDangerResult::Found => {
                        *sum += scorer.score();
                        next = doc + 1;
                    }
                    SeekDangerResult::SeekLowerBound(bound) => next = bound,
                }
            }
        }
        scored.extend(
            docs.into_iter()
                .zip(sums)
                .map(|(doc, score)| (score, DocAddress::new(segment, doc))),
        );
    }
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    Ok(scored)
}

impl SearchIndex {
    fn df(&self, searcher: &Searcher, field: Field, text: &str) -> Result<u64, SearchError> {
        Ok(searcher.doc_freq(&Term::from_field_text(field, text))?)
    }

    fn filters(&self, q: &SearchQuery) -> Vec<BoxQuery> {
        let f = &self.fields;
        let mut out: Vec<BoxQuery> = Vec::new();
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
            out.push(Box::new(BooleanQuery::new(kinds)));
        }
        if let Some(t) = &q.topic {
            out.push(Box::new(TermQuery::new(
                Term::from_field_text(f.topic, t),
                IndexRecordOption::Basic,
            )));
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
            out.push(Box::new(RangeQuery::new(lower, upper)));
        }
        out
    }

    /// The plan for `units`, or `None` when a word cannot match at all. With `fuzzy_all`,
    /// every long word may match with one edit, otherwise only the long words the index does
    /// not contain (likely typos). Terms the index does not contain are left out.
    fn plan(
        &self,
        searcher: &Searcher,
        units: &[Unit],
        q: &SearchQuery,
        fuzzy_all: bool,
        marks: &mut Highlighter,
    ) -> Result<Option<Plan>, SearchError> {
        let f = &self.fields;
        let singles: Vec<Option<&Word>> = units
            .iter()
            .map(|u| match u {
                Unit::Word(w) => Some(w),
                Unit::Compound { .. } => None,
            })
            .collect();
        let mut matching: Vec<BoxQuery> = Vec::new();
        let mut exact: Option<Vec<BoxQuery>> = Some(Vec::new());
        let mut title: Option<Vec<BoxQuery>> = Some(Vec::new());
        let mut full: Vec<BoxQuery> = Vec::new();
        let mut strict_long_words = false;
        for (i, unit) in units.iter().enumerate() {
            // The word itself (a compound: its joined form) in both forms.
            let w = match unit {
                Unit::Word(w) => w,
                Unit::Compound { joined, .. } => joined,
            };
            let mut any_match: Vec<BoxQuery> = Vec::new();
            let mut any_rank: Vec<BoxQuery> = Vec::new();
            let in_body = self.df(searcher, f.body_folded, &w.folded)? > 0;
            let in_title = self.df(searcher, f.title_folded, &w.folded)? > 0;
            marks.add_term(&w.folded, 1.0);
            if in_body {
                any_match.push(term(f.body_folded, &w.folded, 1.0));
                any_rank.push(term(f.body_folded, &w.folded, W_BODY_FOLDED));
            }
            if in_title {
                any_rank.push(term(f.title_folded, &w.folded, W_TITLE_FOLDED));
            }
            let exact_in_body = !w.exact.is_empty() && self.df(searcher, f.body, &w.exact)? > 0;
            if exact_in_body {
                any_rank.push(term(f.body, &w.exact, W_BODY_EXACT));
                if self.df(searcher, f.title, &w.exact)? > 0 {
                    any_rank.push(term(f.title, &w.exact, W_TITLE_EXACT));
                }
            }
            match (&mut exact, exact_in_body) {
                (Some(e), true) => e.push(term(f.body, &w.exact, 1.0)),
                _ => exact = None,
            }
            match (&mut title, in_title) {
                (Some(t), true) => t.push(term(f.title_folded, &w.folded, 1.0)),
                _ => title = None,
            }
            match unit {
                Unit::Word(w) => {
                    if w.folded.chars().count() >= FUZZY_MIN_CHARS {
                        if fuzzy_all || !in_body {
                            any_match.push(fuzzy(f.body_folded, &w.folded, 1.0));
                            any_rank.push(fuzzy(f.title_folded, &w.folded, W_FUZZY_TITLE));
                            any_rank.push(fuzzy(f.body_folded, &w.folded, W_FUZZY_BODY));
                            marks.add_fuzzy(&w.folded);
                        } else {
                            strict_long_words = true;
                        }
                    }
                    // Written apart, indexed together ("pa nô" finds "pa-nô" and "pano").
                    let neighbours = [
                        i.checked_sub(1).and_then(|p| singles[p]).map(|p| (p, w)),
                        singles.get(i + 1).copied().flatten().map(|n| (w, n)),
                    ];
                    for (a, b) in neighbours.into_iter().flatten() {
                        let joined = format!("{}{}", a.folded, b.folded);
                        if self.df(searcher, f.body_folded, &joined)? > 0 {
                            any_match.push(term(f.body_folded, &joined, 1.0));
                            any_rank.push(term(f.body_folded, &joined, W_JOINED));
                            any_rank.push(term(f.title_folded, &joined, W_JOINED * 2.0));
                            marks.add_term(&joined, 1.0);
                        }
                    }
                }
                Unit::Compound { parts, .. } => {
                    // Its parts written apart ("pa nô").
                    let words: Vec<&str> = parts.iter().map(|p| p.folded.as_str()).collect();
                    let mut all_parts = words.len() >= 2;
                    for p in &words {
                        all_parts = all_parts && self.df(searcher, f.body_folded, p)? > 0;
                    }
                    if all_parts {
                        any_match.push(phrase(f.body_folded, &words, 1.0));
                        any_rank.push(phrase(f.body_folded, &words, W_BODY_FOLDED));
                        any_rank.push(phrase(f.title_folded, &words, W_TITLE_FOLDED));
                    }
                }
            }
            if any_match.is_empty() {
                return Ok(None);
            }
            matching.push(if any_match.len() == 1 {
                any_match.remove(0)
            } else {
                Box::new(BooleanQuery::new(
                    any_match.into_iter().map(|q| (Occur::Should, q)).collect(),
                ))
            });
            full.extend(any_rank);
        }
        // The words in their order weigh more than the words apart.
        let words: Vec<&str> = singles
            .iter()
            .flatten()
            .map(|w| w.folded.as_str())
            .collect();
        if words.len() >= 2 && words.len() == units.len() {
            full.push(phrase(f.title_folded, &words, W_PHRASE_TITLE));
            full.push(phrase(f.body_folded, &words, W_PHRASE_BODY));
        }
        let filters = self.filters(q);
        let with_filters = |mut clauses: Vec<BoxQuery>| -> BoxQuery {
            let mut all: Vec<(Occur, BoxQuery)> =
                clauses.drain(..).map(|c| (Occur::Must, c)).collect();
            all.extend(filters.iter().map(|f| filter(f.box_clone())));
            if all.len() == 1
                && let Some((_, only)) = all.pop()
            {
                return only;
            }
            Box::new(BooleanQuery::new(all))
        };
        Ok(Some(Plan {
            matching: with_filters(matching),
            exact: exact.map(&with_filters),
            title: title.map(&with_filters),
            full,
            strict_long_words,
        }))
    }

    /// Runs a search. A query without a word to look for finds nothing.
    ///
    /// Candidates come first from cheap queries (every word present, in the folded form, in
    /// the exact form, in the title: tantivy's block-max pruning makes them fast however many
    /// documents match); the full query then ranks only those candidates.
    pub fn search(&self, q: &SearchQuery) -> Result<SearchResults, SearchError> {
        let units = units(&q.text);
        if units.is_empty() || q.limit == 0 {
            return Ok(SearchResults::default());
        }
        let searcher = self.reader.searcher();
        let mut marks = Highlighter::default();
        let mut plan = self.plan(&searcher, &units, q, false, &mut marks)?;
        let mut total = match &plan {
            Some(p) => searcher.search(&p.matching, &Count)?,
            None => 0,
        };
        if total == 0 && plan.as_ref().is_none_or(|p| p.strict_long_words) {
            // Every long word is a known word, but one of them may still be a typo of another.
            marks = Highlighter::default();
            plan = self.plan(&searcher, &units, q, true, &mut marks)?;
            total = match &plan {
                Some(p) => searcher.search(&p.matching, &Count)?,
                None => 0,
            };
        }
        let Some(plan) = plan.filter(|_| total > 0) else {
            return Ok(SearchResults::default());
        };
        let wanted = CANDIDATES.max(q.offset.saturating_add(q.limit));
        let mut candidates: BTreeMap<u32, Vec<DocId>> = BTreeMap::new();
        for query in [
            Some(&plan.matching),
            plan.exact.as_ref(),
            plan.title.as_ref(),
        ]
        .into_iter()
        .flatten()
        {
            let top = searcher.search(query, &TopDocs::with_limit(wanted).order_by_score())?;
            for (_, address) in top {
                candidates
                    .entry(address.segment_ord)
                    .or_default()
                    .push(address.doc_id);
            }
        }
        let mut ranked = rank(&searcher, &plan.full, candidates)?;
        ranked.truncate(q.offset.saturating_add(q.limit));
        let top: Vec<(Score, DocAddress)> = ranked.into_iter().skip(q.offset).collect();
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
        let body = text(f.text).unwrap_or_default();
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
