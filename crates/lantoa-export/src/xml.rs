//! XML text escaping for the hand-written WordprocessingML.

/// Appends `s` to `out` escaped for XML text and attribute values: `& < > " '` become entities,
/// and characters XML 1.0 forbids (C0 controls other than tab, LF and CR; U+FFFE, U+FFFF) are
/// dropped, so that stray control characters pasted from other software cannot make the file
/// unreadable.
pub(crate) fn escape_into(out: &mut String, s: &str) {
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => {}
            c => out.push(c),
        }
    }
}

/// `s` escaped for XML (see [`escape_into`]).
pub(crate) fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    escape_into(&mut out, s);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_characters_become_entities() {
        assert_eq!(
            escape(r#"<b>&"x"'y'"#),
            "&lt;b&gt;&amp;&quot;x&quot;&apos;y&apos;"
        );
    }

    #[test]
    fn forbidden_control_characters_are_dropped_and_vietnamese_kept() {
        assert_eq!(escape("Nơi\u{0}\u{1b} nhận\u{FFFF}\t"), "Nơi nhận\t");
    }
}
