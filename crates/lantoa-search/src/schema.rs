//! The index schema: each text is indexed twice, in its exact form and folded.

use tantivy::schema::{
    FAST, Field, INDEXED, IndexRecordOption, STORED, STRING, Schema, TextFieldIndexing, TextOptions,
};

use crate::tokenizer::{EXACT, FOLDED};

/// Bumped whenever the schema or the tokenizers change in a way that needs a rebuild; an index
/// written with another version is rebuilt from the database at start-up.
pub const SCHEMA_VERSION: u32 = 1;

/// Name of the fast field holding each document's version.
pub(crate) const VERSION: &str = "version";

/// The fields of the index.
#[derive(Clone, Copy, Debug)]
pub struct Fields {
    /// `content:12`, `occupation:3`, `institution:7`: the document's identity.
    pub key: Field,
    /// `article`, `page`, `occupation`, `institution`, …
    pub kind: Field,
    /// Topic codes of a content item (`iv-2-b`), one value each.
    pub topic: Field,
    /// Title, stored, indexed in the exact form (NFC, lower case, canonical tones).
    pub title: Field,
    /// Title folded (ASCII, i/y unified), with positions for phrases.
    pub title_folded: Field,
    /// Title and body, exact form (a word of the title counts in both fields).
    pub body: Field,
    /// Title and body folded, with positions.
    pub body_folded: Field,
    /// The body as given, stored for snippets (not indexed).
    pub text: Field,
    /// Path of the public page (`/tin-tuc/…`).
    pub url: Field,
    /// Publication time, seconds since 1970 (UTC); absent for directory entries.
    pub published: Field,
    /// Identifier at the source for imported items.
    pub external_id: Field,
    /// The source row's version (its change time), to skip documents already up to date.
    pub version: Field,
}

fn text(tokenizer: &str, record: IndexRecordOption, stored: bool) -> TextOptions {
    let opts = TextOptions::default().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer(tokenizer)
            .set_index_option(record),
    );
    if stored { opts.set_stored() } else { opts }
}

/// The schema and its fields.
pub fn build() -> (Schema, Fields) {
    let mut b = Schema::builder();
    // Exact forms only need frequencies (they add weight, phrases run on the folded form);
    // folded forms keep positions for phrase queries.
    let fields = Fields {
        key: b.add_text_field("key", STRING | STORED),
        kind: b.add_text_field("kind", STRING | STORED),
        topic: b.add_text_field("topic", STRING),
        title: b.add_text_field("title", text(EXACT, IndexRecordOption::WithFreqs, true)),
        title_folded: b.add_text_field(
            "title_folded",
            text(FOLDED, IndexRecordOption::WithFreqsAndPositions, false),
        ),
        body: b.add_text_field("body", text(EXACT, IndexRecordOption::WithFreqs, false)),
        body_folded: b.add_text_field(
            "body_folded",
            text(FOLDED, IndexRecordOption::WithFreqsAndPositions, false),
        ),
        text: b.add_text_field("text", STORED),
        url: b.add_text_field("url", STORED),
        published: b.add_i64_field("published", INDEXED | FAST | STORED),
        external_id: b.add_text_field("external_id", STORED),
        version: b.add_i64_field(VERSION, FAST),
    };
    (b.build(), fields)
}
