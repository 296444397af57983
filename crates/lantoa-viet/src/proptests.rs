//! Property tests over generated Vietnamese text.

use proptest::prelude::*;
use unicode_normalization::UnicodeNormalization;

use crate::letters::{TONES, Tone, VOWELS, with_tone};
use crate::*;

/// Every character of the Vietnamese alphabet, with all tones, both cases.
fn alphabet() -> Vec<char> {
    let mut v: Vec<char> = "bcdđghklmnpqrstvxfjwz".chars().collect();
    for vowel in VOWELS {
        for t in TONES {
            v.push(with_tone(vowel, t));
        }
    }
    let upper: Vec<char> = v.iter().flat_map(|c| c.to_uppercase()).collect();
    v.extend(upper);
    v
}

/// Strings of Vietnamese letters, spaces, digits and ASCII punctuation, in NFC or NFD.
fn vietnamese_soup() -> impl Strategy<Value = String> {
    let mut chars = alphabet();
    chars.extend(" ,.;:-!?()\"'0123456789\n".chars());
    (
        prop::collection::vec(prop::sample::select(chars), 0..40),
        any::<bool>(),
    )
        .prop_map(|(cs, decompose)| {
            let s: String = cs.into_iter().collect();
            if decompose { s.nfd().collect() } else { s }
        })
}

const ONSETS: [&str; 27] = [
    "", "b", "c", "ch", "d", "đ", "g", "gh", "gi", "h", "k", "kh", "l", "m", "n", "ng", "ngh",
    "nh", "p", "ph", "qu", "r", "s", "t", "th", "tr", "v",
];
const OPEN: [&str; 30] = [
    "ai", "ao", "au", "ay", "âu", "ây", "eo", "êu", "ia", "iu", "oi", "ôi", "ơi", "ua", "ui", "ưa",
    "ưi", "ưu", "iêu", "oai", "oao", "oay", "oeo", "uây", "uôi", "uya", "ươi", "uyu", "ươu", "yêu",
];
/// "oo" is left out: a capitalised onset-less "Oó…" is ambiguous in TCVN3 (see
/// `convert_legacy`).
const CLOSED: [&str; 9] = ["ă", "â", "oă", "uâ", "iê", "yê", "uô", "ươ", "uyê"];
const EITHER: [&str; 17] = [
    "a", "e", "ê", "i", "o", "ô", "ơ", "u", "ư", "y", "oa", "oe", "uê", "uơ", "uy", "ia", "ua",
];
const CODAS: [&str; 8] = ["c", "ch", "m", "n", "ng", "nh", "p", "t"];

#[derive(Clone, Copy, Debug)]
enum Case {
    Lower,
    Title,
    Upper,
}

/// A valid syllable, with the tone on any vowel of the nucleus where a placement style puts
/// it (so both styles occur), in lower, title or upper case.
fn syllable() -> impl Strategy<Value = String> {
    let nucleus_coda = prop_oneof![
        prop::sample::select(OPEN.to_vec()).prop_map(|n| (n, "")),
        (
            prop::sample::select(CLOSED.to_vec()),
            prop::sample::select(CODAS.to_vec())
        ),
        (
            prop::sample::select(EITHER.to_vec()),
            prop::sample::select(vec!["", "", "c", "m", "n", "ng", "nh", "p", "t", "ch"])
        ),
    ];
    (
        prop::sample::select(ONSETS.to_vec()),
        nucleus_coda,
        0usize..6,
        0usize..3,
        prop::sample::select(vec![Case::Lower, Case::Title, Case::Upper]),
    )
        .prop_filter_map("spelling", |(onset, (nucleus, coda), tone, at, case)| {
            let first = nucleus.chars().next()?;
            if matches!(onset, "gh" | "ngh") && !matches!(first, 'i' | 'e' | 'ê') {
                return None;
            }
            if (onset == "qu" && matches!(first, 'u' | 'ư' | 'o'))
                || (onset == "gi" && first == 'i')
            {
                return None;
            }
            let stop = matches!(coda, "c" | "ch" | "p" | "t");
            let tone = if stop {
                [Tone::Acute, Tone::Dot][tone % 2]
            } else {
                TONES[tone]
            };
            let vowels: Vec<char> = nucleus.chars().collect();
            let at = at % vowels.len();
            let nuc: String = vowels
                .iter()
                .enumerate()
                .map(|(i, &v)| if i == at { with_tone(v, tone) } else { v })
                .collect();
            let word = format!("{onset}{nuc}{coda}");
            let word = match case {
                Case::Lower => word,
                Case::Upper => word.to_uppercase(),
                Case::Title => {
                    let mut cs = word.chars();
                    let f = cs.next()?;
                    f.to_uppercase().chain(cs).collect()
                }
            };
            is_valid_vietnamese_syllable(&word).then_some(word)
        })
}

/// Sentences of valid syllables separated by spaces and punctuation.
fn sentence() -> impl Strategy<Value = String> {
    prop::collection::vec(
        (
            syllable(),
            prop::sample::select(vec![" ", " ", " ", ", ", ". ", " – ", "-"]),
        ),
        1..12,
    )
    .prop_map(|ws| {
        let mut s = String::new();
        for (w, sep) in ws {
            s.push_str(&w);
            s.push_str(sep);
        }
        s.trim_end().to_owned()
    })
}

fn any_text() -> impl Strategy<Value = String> {
    prop_oneof![
        vietnamese_soup(),
        sentence(),
        "\\PC{0,30}",
        prop::collection::vec(prop::char::range('\u{80}', '\u{FF}'), 0..20)
            .prop_map(|v| v.into_iter().collect::<String>()),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn fold_of_vietnamese_is_ascii(s in vietnamese_soup()) {
        prop_assert!(fold(&s).is_ascii(), "{:?} -> {:?}", s, fold(&s));
        prop_assert!(search_fold(&s).is_ascii());
    }

    #[test]
    fn nfd_and_nfc_fold_alike(s in any_text()) {
        let nfc: String = s.nfc().collect();
        let nfd: String = s.nfd().collect();
        prop_assert_eq!(fold(&nfc), fold(&nfd));
        prop_assert_eq!(search_fold(&nfc), search_fold(&nfd));
    }

    #[test]
    fn slugs_are_clean_and_stable(s in any_text()) {
        let slug = slugify(&s);
        prop_assert!(slug.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-'));
        prop_assert!(!slug.starts_with('-') && !slug.ends_with('-') && !slug.contains("--"));
        prop_assert_eq!(slugify(&slug), slug.clone());
    }

    #[test]
    fn normalize_is_idempotent(s in any_text()) {
        let once = normalize(&s);
        prop_assert_eq!(normalize(&once), once.clone(), "input {:?}", s);
    }

    #[test]
    fn normalize_of_legacy_text_is_idempotent(s in sentence(), vni in any::<bool>()) {
        let enc = if vni { LegacyEncoding::Vni } else { LegacyEncoding::Tcvn3 };
        let once = normalize(&encode_legacy(&s, enc));
        prop_assert_eq!(normalize(&once), once.clone());
    }

    #[test]
    fn normalize_keeps_unicode_vietnamese(s in sentence(), decompose in any::<bool>()) {
        let input: String = if decompose { s.nfd().collect() } else { s.clone() };
        prop_assert_eq!(normalize(&input), canonical_tones(&nfc(&s)));
        prop_assert_eq!(detect_legacy(&input), None);
    }

    #[test]
    fn legacy_round_trip(s in sentence()) {
        for enc in [LegacyEncoding::Tcvn3, LegacyEncoding::Vni] {
            let e = encode_legacy(&s, enc);
            prop_assert_eq!(convert_legacy(&e, enc), nfc(&s), "{:?} {:?}", enc, e);
        }
    }

    #[test]
    fn canonical_tones_is_idempotent_and_keeps_fold(s in any_text()) {
        let once = canonical_tones(&s);
        prop_assert_eq!(canonical_tones(&once), once.clone());
        prop_assert_eq!(fold(&once), fold(&s));
        prop_assert_eq!(once.chars().count() <= s.nfc().count(), true);
    }

    #[test]
    fn compare_is_a_total_order_matching_the_key(
        a in any_text(), b in any_text(), c in any_text()
    ) {
        let (ka, kb) = (collation_key(&a), collation_key(&b));
        prop_assert_eq!(compare(&a, &b), ka.cmp(&kb));
        prop_assert_eq!(compare(&b, &a), compare(&a, &b).reverse());
        prop_assert_eq!(compare(&a, &a), std::cmp::Ordering::Equal);
        if compare(&a, &b).is_le() && compare(&b, &c).is_le() {
            prop_assert!(compare(&a, &c).is_le());
        }
        let nfd: String = a.nfd().collect();
        prop_assert_eq!(collation_key(&nfd), ka);
    }

    #[test]
    fn collation_is_alphabetical_before_tonal(a in syllable(), b in syllable()) {
        // If the folded-and-marked letters differ, tones never decide the order.
        let strip = |s: &str| -> String {
            s.to_lowercase().nfd().filter(|&c| Tone::from_mark(c).is_none()).collect::<String>()
        };
        let (sa, sb) = (strip(&a), strip(&b));
        if sa != sb {
            prop_assert_eq!(compare(&a, &b), compare(&sa, &sb));
        }
    }

    #[test]
    fn tokens_are_ordered_and_point_into_the_input(s in any_text()) {
        for form in [TokenForm::Exact, TokenForm::Folded] {
            let t = tokens(&s, form);
            prop_assert!(t.windows(2).all(|w| w[0].position <= w[1].position));
            for tok in &t {
                prop_assert!(s.is_char_boundary(tok.start) && s.is_char_boundary(tok.end));
                prop_assert!(tok.start < tok.end && !tok.text.is_empty());
            }
        }
    }
}
