//! Folding to ASCII for search and slugs.

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// Tones and vowel marks removed, `đ`→`d`, `Đ`→`D`, then lower case.
///
/// Vietnamese input gives ASCII output; NFC and NFD input give the same result. Letters
/// without a decomposition (ø, ß, CJK…) are kept, lower-cased.
///
/// ```
/// use lantoa_viet::fold;
/// assert_eq!(fold("Đào tạo nghề"), "dao tao nghe");
/// assert_eq!(fold("Đắk Lắk"), "dak lak");
/// ```
pub fn fold(s: &str) -> String {
    s.to_lowercase()
        .nfd()
        .filter(|&c| !is_combining_mark(c))
        .map(|c| if c == 'đ' { 'd' } else { c })
        .collect()
}

/// Onsets after which a lone `y` rhyme is folded to `i` by [`search_fold`].
const I_Y_ONSETS: [&str; 24] = [
    "b", "c", "ch", "d", "g", "gh", "h", "k", "kh", "l", "m", "n", "ng", "ngh", "nh", "p", "ph",
    "r", "s", "t", "th", "tr", "v", "x",
];

fn unify_i_y(word: &str) -> Option<String> {
    let (onset, last) = word.split_at(word.len().checked_sub(1)?);
    if onset.is_empty() {
        return None;
    }
    match last {
        "y" if I_Y_ONSETS.contains(&onset) => Some(format!("{onset}i")),
        "i" if onset == "qu" => Some("quy".to_owned()),
        _ => None,
    }
}

/// [`fold`] plus the i/y equivalence used by search.
///
/// Rule, applied to each run of ASCII letters of the folded text: when the run is a
/// consonant onset (b c ch d g gh h k kh l m n ng ngh nh p ph r s t th tr v x) followed by a
/// lone `y`, the `y` becomes `i` (kỹ/kĩ → `ki`, lý/lí → `li`, mỹ/mĩ → `mi`, tỷ/tỉ → `ti`,
/// "Vy" → `vi`). After `qu` the direction is the other way: "qui" → `quy`, because there the
/// `u` is a glide and the rhyme is `uy` (the standard spelling "quy định"; "qui định" is the
/// older variant). A `y` that is part of a longer rhyme (tay, thủy, uy, ây, yêu, quyết) and a
/// syllable that is just `y` ("y tế") are left alone.
///
/// ```
/// use lantoa_viet::search_fold;
/// assert_eq!(search_fold("Kỹ năng"), search_fold("kĩ năng"));
/// assert_eq!(search_fold("quy định"), search_fold("qui định"));
/// assert_eq!(search_fold("thủy tay yêu"), "thuy tay yeu");
/// ```
pub fn search_fold(s: &str) -> String {
    let folded = fold(s);
    let mut out = String::with_capacity(folded.len());
    let mut word = String::new();
    let flush = |word: &mut String, out: &mut String| {
        match unify_i_y(word) {
            Some(w) => out.push_str(&w),
            None => out.push_str(word),
        }
        word.clear();
    };
    for c in folded.chars() {
        if c.is_ascii_alphabetic() {
            word.push(c);
        } else {
            if !word.is_empty() && !c.is_alphanumeric() {
                flush(&mut word, &mut out);
            } else if !word.is_empty() {
                // A letter run glued to a digit or another script ("ky2") is not a syllable.
                out.push_str(&word);
                word.clear();
            }
            out.push(c);
        }
    }
    if !word.is_empty() {
        flush(&mut word, &mut out);
    }
    out
}

/// ASCII slug: [`fold`], then every run of characters other than `a`–`z` and `0`–`9` becomes
/// one hyphen, with no hyphen at either end. Idempotent. Empty input (or input without any
/// letter or digit) gives an empty string; callers choose the fallback.
///
/// ```
/// use lantoa_viet::slugify;
/// assert_eq!(slugify("Đào tạo nghề"), "dao-tao-nghe");
/// assert_eq!(slugify("  Kế hoạch 2024 – 2025!! "), "ke-hoach-2024-2025");
/// ```
pub fn slugify(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut pending_hyphen = false;
    for c in fold(s).chars() {
        if c.is_ascii_lowercase() || c.is_ascii_digit() {
            if pending_hyphen && !out.is_empty() {
                out.push('-');
            }
            pending_hyphen = false;
            out.push(c);
        } else {
            pending_hyphen = true;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fold_removes_tones_marks_and_d_bar() {
        assert_eq!(fold("Kiên Giang"), "kien giang");
        assert_eq!(fold("Đắk Lắk"), "dak lak");
        assert_eq!(
            fold("Thực học, thực hành – Vững nghề nghiệp, sáng tương lai"),
            "thuc hoc, thuc hanh – vung nghe nghiep, sang tuong lai"
        );
        assert_eq!(fold("ĐẠI HỌC"), "dai hoc");
        assert_eq!(fold("hoá"), fold("hóa"));
    }

    #[test]
    fn search_fold_unifies_i_and_y_after_onsets_only() {
        assert_eq!(search_fold("kĩ năng"), "ki nang");
        assert_eq!(search_fold("kỹ năng"), "ki nang");
        assert_eq!(search_fold("Lý Thường Kiệt"), "li thuong kiet");
        assert_eq!(search_fold("Mỹ Tho"), "mi tho");
        assert_eq!(search_fold("tỷ lệ"), search_fold("tỉ lệ"));
        assert_eq!(search_fold("thuỷ"), "thuy");
        assert_eq!(search_fold("Ủy ban"), "uy ban");
        assert_eq!(search_fold("y tế"), "y te");
        assert_eq!(search_fold("tay máy"), "tay may");
        assert_eq!(search_fold("yêu quý"), "yeu quy");
        assert_eq!(search_fold("quí"), "quy");
        assert_eq!(search_fold("quyết"), "quyet");
        assert_eq!(search_fold("hy vọng"), search_fold("hi vọng"));
    }

    #[test]
    fn slug_examples() {
        assert_eq!(slugify("Đào tạo nghề"), "dao-tao-nghe");
        assert_eq!(slugify("Kiên Giang"), "kien-giang");
        assert_eq!(slugify("Đắk Lắk"), "dak-lak");
        assert_eq!(
            slugify("Thực học, thực hành – Vững nghề nghiệp, sáng tương lai"),
            "thuc-hoc-thuc-hanh-vung-nghe-nghiep-sang-tuong-lai"
        );
        assert_eq!(slugify("--Tuyển sinh 2024/2025--"), "tuyen-sinh-2024-2025");
        assert_eq!(slugify(""), "");
        assert_eq!(slugify(" – !? "), "");
        assert_eq!(slugify("dao-tao-nghe"), "dao-tao-nghe");
    }
}
