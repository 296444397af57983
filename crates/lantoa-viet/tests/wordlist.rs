//! Tests over real Vietnamese words (the hunspell dictionary `dictionary-vi`, ~6,600 entries)
//! and a differential test of the legacy-encoding converter against the npm package
//! `vietnamese-conversion`. Both are installed by `scripts/test-deps.sh` into the folder named
//! by `LANTOA_TEST_DEPS` (default `<workspace>/.cache/test-deps`). When they are missing the
//! tests fail if `CI` or `LANTOA_REQUIRE_TEST_DEPS` is set, and are skipped with a warning
//! otherwise.
#![expect(
    clippy::expect_used,
    reason = "helpers of a test binary: a failed expectation is a failed test"
)]

use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Stdio};

use lantoa_viet::{
    LegacyEncoding, canonical_tones, convert_legacy, detect_legacy, encode_legacy, fold,
    is_valid_vietnamese_syllable, nfc, normalize, search_fold, slugify,
};
use unicode_normalization::UnicodeNormalization;

fn deps_dir() -> PathBuf {
    match std::env::var_os("LANTOA_TEST_DEPS") {
        Some(d) if !d.is_empty() => PathBuf::from(d),
        _ => PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../.cache/test-deps"),
    }
}

fn deps_required() -> bool {
    ["CI", "LANTOA_REQUIRE_TEST_DEPS"]
        .iter()
        .any(|v| std::env::var_os(v).is_some_and(|x| !x.is_empty()))
}

/// Fails (in CI) or warns loudly and returns `None` (elsewhere).
fn missing(test: &str, what: &str) -> Option<()> {
    let msg = format!(
        "{what} is missing (looked in {}). Run scripts/test-deps.sh and export \
         LANTOA_TEST_DEPS to the folder it prints.",
        deps_dir().display()
    );
    assert!(!deps_required(), "{test}: {msg}");
    // Straight to stderr, not `eprintln!`, so that the test harness does not capture it.
    let _ = writeln!(
        std::io::stderr(),
        "\n!!!!!!!!!! WARNING: {test} SKIPPED: {msg} !!!!!!!!!!\n"
    );
    None
}

/// The words of `dictionary-vi` (first line is a count; `/FLAGS` suffixes removed).
fn dictionary(test: &str) -> Option<Vec<String>> {
    let path = deps_dir().join("node_modules/dictionary-vi/index.dic");
    let Ok(text) = std::fs::read_to_string(&path) else {
        missing(test, "node_modules/dictionary-vi/index.dic")?;
        return None;
    };
    let words: Vec<String> = text
        .lines()
        .skip(1)
        .map(|l| l.split('/').next().unwrap_or("").trim().to_owned())
        .filter(|w| !w.is_empty())
        .collect();
    assert!(
        words.len() > 6000,
        "{} has only {} words",
        path.display(),
        words.len()
    );
    Some(words)
}

/// Pseudo-sentences of `n` dictionary words each, every word used once, in a fixed
/// pseudo-random order (a linear congruential shuffle, so failures are reproducible).
fn sentences(words: &[String], n: usize) -> Vec<String> {
    let mut v: Vec<&String> = words.iter().collect();
    let mut state: u64 = 0x5eed;
    for i in (1..v.len()).rev() {
        state = state
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        v.swap(i, (state >> 33) as usize % (i + 1));
    }
    v.chunks(n)
        .map(|c| c.iter().map(|w| w.as_str()).collect::<Vec<_>>().join(" "))
        .collect()
}

fn report(failures: &[String], what: &str) {
    assert!(
        failures.is_empty(),
        "{} words fail: {what}; first ones:\n{}",
        failures.len(),
        failures
            .iter()
            .take(25)
            .cloned()
            .collect::<Vec<_>>()
            .join("\n")
    );
}

#[test]
fn every_dictionary_word_survives_every_text_function() {
    let Some(words) = dictionary("every_dictionary_word_survives_every_text_function") else {
        return;
    };
    let mut fails: Vec<String> = Vec::new();
    for w in &words {
        let nfd: String = w.nfd().collect();
        let canonical = canonical_tones(&nfc(w));
        let checks = [
            (
                "fold is ASCII",
                fold(w).is_ascii() && search_fold(w).is_ascii(),
            ),
            ("NFD and NFC fold alike", fold(&nfd) == fold(w)),
            ("slugify is idempotent", slugify(&slugify(w)) == slugify(w)),
            ("slug is non-empty", !slugify(w).is_empty()),
            (
                "detect_legacy is None",
                detect_legacy(w).is_none() && detect_legacy(&nfd).is_none(),
            ),
            (
                "normalize is identity after canonicalisation",
                normalize(w) == canonical,
            ),
            ("normalize of NFD is the same", normalize(&nfd) == canonical),
            (
                "canonical_tones is idempotent",
                canonical_tones(&canonical) == canonical,
            ),
            ("canonical_tones keeps fold", fold(&canonical) == fold(w)),
        ];
        for (what, ok) in checks {
            if !ok {
                fails.push(format!("{w}: {what}"));
            }
        }
        for enc in [LegacyEncoding::Tcvn3, LegacyEncoding::Vni] {
            let e = encode_legacy(w, enc);
            if convert_legacy(&e, enc) != nfc(w) {
                fails.push(format!("{w}: {enc:?} round trip via {e:?}"));
            }
        }
    }
    report(&fails, "text functions");
}

#[test]
fn dictionary_syllables_are_recognised_as_vietnamese() {
    let Some(words) = dictionary("dictionary_syllables_are_recognised_as_vietnamese") else {
        return;
    };
    // Lower-case single syllables; the upper-case entries are acronyms (HĐND, UBND, PDF).
    let syllables: Vec<&String> = words
        .iter()
        .filter(|w| w.chars().all(|c| !c.is_uppercase()))
        .collect();
    let rejected: Vec<String> = syllables
        .iter()
        .filter(|w| !is_valid_vietnamese_syllable(w))
        .map(|w| w.to_string())
        .collect();
    eprintln!(
        "{} of {} dictionary syllables not recognised: {:?}",
        rejected.len(),
        syllables.len(),
        rejected
    );
    // A few loan syllables (e.g. "xoong", "ắc") fall outside standard spelling; more than 1%
    // would mean legacy detection misses real Vietnamese words.
    assert!(
        rejected.len() * 100 <= syllables.len(),
        "{} of {} rejected",
        rejected.len(),
        syllables.len()
    );
}

/// Restores legacy-encoded `sentences`; returns the failures and the number of checks.
fn restore_all(sentences: &[String]) -> (Vec<String>, usize) {
    let mut fails = Vec::new();
    let mut checks = 0;
    for s in sentences {
        let want = canonical_tones(s);
        for enc in [LegacyEncoding::Tcvn3, LegacyEncoding::Vni] {
            let e = encode_legacy(s, enc);
            if e == *s {
                // No legacy code at all (ASCII words; VNI "bì bí", whose codes are Unicode).
                continue;
            }
            checks += 1;
            if normalize(&e) != want {
                fails.push(format!(
                    "{s}: {enc:?} {e:?} detected as {:?}, restored as {:?}",
                    detect_legacy(&e),
                    normalize(&e)
                ));
            }
        }
        if detect_legacy(s).is_some() {
            fails.push(format!("{s}: Unicode detected as legacy"));
        }
    }
    (fails, checks)
}

#[test]
fn legacy_sentences_of_dictionary_words_are_detected_and_restored() {
    let Some(words) = dictionary("legacy_sentences_of_dictionary_words_are_detected_and_restored")
    else {
        return;
    };
    // Twelve random words: always enough evidence.
    let (fails, checks) = restore_all(&sentences(&words, 12));
    eprintln!(
        "12-word sentences: {} of {checks} not restored",
        fails.len()
    );
    report(&fails, "12-word legacy sentences");
    // Six random words: a few have fewer than two words that prove the encoding (the others
    // are ASCII or read as Unicode Vietnamese too: TCVN3 "tõ" is "từ" but also "tõ"); those
    // are left alone by design. Allow at most 1 %.
    let (fails, checks) = restore_all(&sentences(&words, 6));
    eprintln!(
        "6-word sentences: {} of {checks} not restored: {fails:#?}",
        fails.len()
    );
    assert!(
        fails.len() * 100 <= checks,
        "{} of {checks} not restored",
        fails.len()
    );
}

/// Runs the package over `texts`; `None` (after a warning) when node or the package is absent.
fn oracle(test: &str, texts: &[String]) -> Option<Vec<(String, String)>> {
    let script =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/support/vietnamese-conversion.js");
    if !deps_dir()
        .join("node_modules/vietnamese-conversion/package.json")
        .exists()
    {
        missing(test, "node_modules/vietnamese-conversion")?;
    }
    let child = Command::new("node")
        .arg(&script)
        .arg(deps_dir())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn();
    let mut child = match child {
        Ok(c) => c,
        Err(e) => {
            missing(test, &format!("node ({e})"))?;
            return None;
        }
    };
    let input = texts.join("\n") + "\n";
    let mut stdin = child.stdin.take().expect("stdin");
    let writer = std::thread::spawn(move || stdin.write_all(input.as_bytes()));
    let out = child.wait_with_output().expect("node output");
    writer
        .join()
        .expect("writer thread")
        .expect("write to node");
    assert!(out.status.success(), "node failed: {:?}", out.status);
    let text = String::from_utf8(out.stdout).expect("UTF-8 from node");
    let pairs: Vec<(String, String)> = text
        .lines()
        .map(|l| {
            let (t, v) = l.split_once('\t').expect("tab-separated line");
            (t.to_owned(), v.to_owned())
        })
        .collect();
    assert_eq!(pairs.len(), texts.len(), "one output line per input");
    Some(pairs)
}

/// Known quirk of vietnamese-conversion 2.0.0: its VNI table writes ỷ as "ë" and ỹ as "ì"
/// (Ỷ "Ë", Ỹ "Ì"), where VNI-Windows has "yû" and "yõ" ("ì" is VNI's own ì). Texts with these
/// letters are excluded from the VNI comparisons, and only those.
fn has_vni_quirk(s: &str) -> bool {
    s.chars().any(|c| matches!(c, 'ỷ' | 'ỹ' | 'Ỷ' | 'Ỹ'))
}

#[test]
fn converter_agrees_with_vietnamese_conversion_package() {
    let test = "converter_agrees_with_vietnamese_conversion_package";
    let Some(words) = dictionary(test) else {
        return;
    };
    let mut texts = words.clone();
    let sents = sentences(&words, 7);
    texts.extend(sents.iter().cloned());
    texts.extend(
        [
            "Kế hoạch truyền thông về giáo dục nghề nghiệp",
            "Ủy ban nhân dân tỉnh Kiên Giang",
            "Thực học, thực hành – Vững nghề nghiệp, sáng tương lai",
            "TRƯỜNG CAO ĐẲNG KIÊN GIANG",
            "Đắk Lắk, Bà Rịa – Vũng Tàu, Thừa Thiên Huế",
        ]
        .map(String::from),
    );
    let Some(converted) = oracle(test, &texts) else {
        return;
    };
    let mut fails = Vec::new();
    let mut vni_excluded = 0;
    for (text, (tcvn3, vni)) in texts.iter().zip(&converted) {
        let want = canonical_tones(text);
        // Decoding the package's output gives the original back.
        if canonical_tones(&convert_legacy(tcvn3, LegacyEncoding::Tcvn3)) != want {
            fails.push(format!(
                "{text}: TCVN3 {tcvn3:?} -> {:?}",
                convert_legacy(tcvn3, LegacyEncoding::Tcvn3)
            ));
        }
        // Our encoder writes what the package writes.
        if encode_legacy(text, LegacyEncoding::Tcvn3) != *tcvn3 {
            fails.push(format!(
                "{text}: encode TCVN3 {:?} vs {tcvn3:?}",
                encode_legacy(text, LegacyEncoding::Tcvn3)
            ));
        }
        if has_vni_quirk(text) {
            vni_excluded += 1;
            continue;
        }
        if canonical_tones(&convert_legacy(vni, LegacyEncoding::Vni)) != want {
            fails.push(format!(
                "{text}: VNI {vni:?} -> {:?}",
                convert_legacy(vni, LegacyEncoding::Vni)
            ));
        }
        if encode_legacy(text, LegacyEncoding::Vni) != *vni {
            fails.push(format!(
                "{text}: encode VNI {:?} vs {vni:?}",
                encode_legacy(text, LegacyEncoding::Vni)
            ));
        }
    }
    // Whole sentences from the package are detected and normalised back (seven random words
    // each; see `legacy_sentences_of_dictionary_words_are_detected_and_restored` for why a
    // few short ones may stay undetected: at most 1 %).
    let mut sentence_fails = Vec::new();
    for (text, (tcvn3, vni)) in texts.iter().zip(&converted).skip(words.len()) {
        let want = canonical_tones(text);
        if normalize(tcvn3) != want {
            sentence_fails.push(format!(
                "{text}: normalize(TCVN3 {tcvn3:?}) = {:?}",
                normalize(tcvn3)
            ));
        }
        if !has_vni_quirk(text) && normalize(vni) != want {
            sentence_fails.push(format!(
                "{text}: normalize(VNI {vni:?}) = {:?}",
                normalize(vni)
            ));
        }
    }
    let n_sentences = texts.len() - words.len();
    eprintln!("package sentences not restored: {sentence_fails:#?}");
    assert!(
        sentence_fails.len() * 100 <= n_sentences * 2,
        "{} of {} package sentences (x2 encodings) not restored",
        sentence_fails.len(),
        n_sentences
    );
    // The hand-written sentences must all come back.
    for f in &sentence_fails {
        assert!(
            texts[texts.len() - 5..]
                .iter()
                .all(|t| !f.starts_with(t.as_str())),
            "hand-written sentence not restored: {f}"
        );
    }
    let quirky = texts.iter().filter(|t| has_vni_quirk(t)).count();
    eprintln!(
        "vietnamese-conversion: {} texts compared; {vni_excluded} excluded from VNI for the ỷ/ỹ quirk",
        texts.len()
    );
    assert_eq!(vni_excluded, quirky);
    assert!(
        vni_excluded * 20 < texts.len(),
        "the quirk exclusion must stay small"
    );
    report(&fails, "differential against vietnamese-conversion");
}
