//! Vietnamese text for lantoa: Unicode normalisation, canonical tone placement, folding for
//! search, slugs, collation, legacy-encoding (TCVN3/VNI) conversion and a search tokenizer.
//!
//! The crate has no other lantoa dependency. Decisions are recorded in
//! `docs/adr/0002-vietnamese-text.md`; in short:
//!
//! # Storage form: [`normalize`]
//! Every piece of user input goes through [`normalize`] before storage: text pasted from an
//! old TCVN3 or VNI document is detected ([`detect_legacy`]) and converted
//! ([`convert_legacy`]), then put into NFC ([`nfc`]) with one canonical tone placement per
//! syllable ([`canonical_tones`]). Whitespace and case are not touched.
//!
//! # Tone placement: "old style"
//! [`canonical_tones`] uses the placement of government documents: a vowel with a mark
//! (ă â ê ô ơ ư; the ơ of ươ) carries the tone; otherwise, with a final consonant, the last
//! vowel (hoàn, thuyền, khoét); otherwise the middle of three vowels (ngoài, khuỷu) or the
//! first of two (hóa, khỏe, thủy, mùa). `qu` and `gi` are onsets (quý, giữa, giữ). Words
//! that are not Vietnamese syllables are left alone.
//!
//! # Folding and search: [`fold`], [`search_fold`], [`tokens`]
//! [`fold`] removes tones and marks, maps đ→d and lower-cases: ASCII for Vietnamese.
//! [`search_fold`] also unifies the i/y spellings: a syllable that is a consonant onset plus a
//! lone `y` gets `i` (kỹ → ki, lý → li, Mỹ → mi, tỷ → ti), "qui" becomes "quy", and a `y`
//! inside a longer rhyme (tay, thủy, uy, ây, yêu) or on its own ("y tế") stays. [`tokens`]
//! produces index tokens in an [`TokenForm::Exact`] (NFC, lower case, canonical tones) or a
//! [`TokenForm::Folded`] form, with positions and byte offsets, and adds the joined form of
//! hyphenated or dotted compounds ("pa-nô" → pa, pano, no).
//!
//! # Slugs: [`slugify`]
//! "Đào tạo nghề" → `dao-tao-nghe`: `[a-z0-9]` and single inner hyphens, idempotent, empty
//! for empty input.
//!
//! # Collation: [`collation_key`], [`compare`], [`person_name_key`]
//! Alphabet a ă â b c d đ e ê g h i k l m n o ô ơ p q r s t u ư v x y (f j w z in their
//! ASCII places); levels as in ICU: letters over the whole string, then tones in the order of
//! Hoàng Phê's *Từ điển tiếng Việt* (ngang, huyền, hỏi, ngã, sắc, nặng), then case (lower
//! first). White space < punctuation < digits < letters, and a prefix sorts first, so
//! ca < cà < cá < ca phê < cam. Keys are bytes, storable in a database column for `ORDER BY`.
//! [`person_name_key`] sorts people by given name (last word), then the rest of the name.
//!
//! # Legacy encodings: [`detect_legacy`], [`convert_legacy`], [`encode_legacy`]
//! Complete tables for TCVN3 (ABC, ".VnTime") and VNI-Windows ("VNI-Times") as they arrive
//! pasted (Windows-1252/Latin-1 characters): all 134 non-ASCII Vietnamese letters. Detection
//! is scored over words: at least two words that decode to Vietnamese syllables (and are not
//! syllables as they stand), at most one word in four that decodes to a non-syllable, and
//! either one strong hit or three hits; see [`detect_legacy`] for the exact rule and
//! [`convert_legacy`] for the ".VnTimeH" upper-case convention.

mod collate;
mod fold;
mod legacy;
mod letters;
#[cfg(test)]
mod proptests;
mod syllable;
mod tokenize;

use unicode_normalization::UnicodeNormalization;

pub use collate::{collation_key, compare, person_name_key};
pub use fold::{fold, search_fold, slugify};
pub use legacy::{LegacyEncoding, convert_legacy, detect_legacy, encode_legacy};
pub use syllable::{canonical_tones, is_valid_vietnamese_syllable};
pub use tokenize::{Token, TokenForm, tokens};

/// Unicode NFC.
///
/// ```
/// assert_eq!(lantoa_viet::nfc("Vie\u{302}\u{323}t"), "Việt");
/// ```
pub fn nfc(s: &str) -> String {
    s.nfc().collect()
}

/// The storage form of user input: legacy TCVN3/VNI text converted (when [`detect_legacy`]
/// recognises it), then NFC, then [`canonical_tones`]. Whitespace and case are unchanged.
/// Idempotent.
///
/// ```
/// use lantoa_viet::normalize;
/// assert_eq!(normalize("KÕ ho¹ch ®µo t¹o"), "Kế hoạch đào tạo");
/// assert_eq!(normalize("Hoá học"), "Hóa học");
/// ```
pub fn normalize(s: &str) -> String {
    match detect_legacy(s) {
        Some(enc) => canonical_tones(&convert_legacy(s, enc)),
        None => canonical_tones(s),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalize_examples() {
        assert_eq!(normalize("Kiên Giang"), "Kiên Giang");
        assert_eq!(normalize("Đắk Lắk"), "Đắk Lắk");
        assert_eq!(normalize("  Hoá  học\t"), "  Hóa  học\t");
        let nfd: String = "Ủy ban nhân dân tỉnh Kiên Giang".nfd().collect();
        assert_eq!(normalize(&nfd), "Ủy ban nhân dân tỉnh Kiên Giang");
        assert_eq!(normalize("thuỷ lợi, khoẻ mạnh"), "thủy lợi, khỏe mạnh");
        assert_eq!(normalize("Tr\u{AD}êng Cao ®¼ng"), "Trường Cao đẳng");
        assert_eq!(normalize("Tröôøng Cao ñaúng"), "Trường Cao đẳng");
        assert_eq!(
            normalize("Café au lait, s'il vous plaît"),
            "Café au lait, s'il vous plaît"
        );
    }
}
