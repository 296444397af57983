//! Opening the archives the way another program would.

use std::io::{Cursor, Read};

use quick_xml::Reader;
use quick_xml::events::Event;

/// The names of the archive's entries, in order.
pub fn entries(bytes: &[u8]) -> Vec<String> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).expect("a zip archive");
    (0..zip.len())
        .map(|i| {
            let file = zip.by_index_raw(i).expect("an entry");
            String::from_utf8(file.name_raw().to_vec()).expect("a UTF-8 name")
        })
        .collect()
}

/// One entry of a zip archive, as UTF-8 text.
pub fn part(bytes: &[u8], name: &str) -> String {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).expect("a zip archive");
    let mut file = zip.by_name(name).unwrap_or_else(|e| panic!("{name}: {e}"));
    let mut text = String::new();
    file.read_to_string(&mut text).expect("UTF-8 text");
    text
}

/// Parses `xml` to the end, panicking on the first error (unbalanced or misspelt tags, bad
/// entities, stray `<` or `&`).
pub fn assert_well_formed(name: &str, xml: &str) {
    let mut reader = Reader::from_str(xml);
    let mut depth = 0usize;
    loop {
        match reader.read_event() {
            Ok(Event::Start(_)) => depth += 1,
            Ok(Event::End(_)) => depth -= 1,
            Ok(Event::Eof) => break,
            Ok(_) => {}
            Err(e) => panic!(
                "{name} is not well-formed XML at {}: {e}",
                reader.error_position()
            ),
        }
    }
    assert_eq!(depth, 0, "{name}: unclosed elements");
}

/// The text of the document as a reader sees it: the contents of every `w:t`, entities
/// resolved, one line per paragraph or line break.
pub fn visible_text(xml: &str) -> String {
    let mut reader = Reader::from_str(xml);
    let mut out = String::new();
    let mut in_t = false;
    loop {
        match reader.read_event().expect("well-formed XML") {
            Event::Start(e) if e.name().as_ref() == "w:t" => in_t = true,
            Event::End(e) if e.name().as_ref() == "w:t" => in_t = false,
            Event::End(e) if e.name().as_ref() == "w:p" => out.push('\n'),
            Event::Empty(e) if e.name().as_ref() == "w:br" => out.push('\n'),
            Event::Empty(e) if e.name().as_ref() == "w:tab" => out.push('\t'),
            Event::Text(t) if in_t => out.push_str(&t.xml10_content()),
            Event::GeneralRef(r) if in_t => {
                if let Some(c) = r.resolve_char_ref().expect("a valid character reference") {
                    out.push(c);
                } else {
                    out.push_str(match &*r.xml10_content() {
                        "lt" => "<",
                        "gt" => ">",
                        "amp" => "&",
                        "quot" => "\"",
                        "apos" => "'",
                        other => panic!("unknown entity &{other};"),
                    });
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    out
}

/// The whole `<w:p>…</w:p>` (or the header's `<w:tr>`… if `element` says so) around the
/// first occurrence of `needle`.
pub fn enclosing<'a>(xml: &'a str, element: &str, needle: &str) -> &'a str {
    let at = xml
        .find(needle)
        .unwrap_or_else(|| panic!("{needle:?} not in the document"));
    let open = format!("<{element}>");
    let open_attrs = format!("<{element} ");
    let start = xml[..at]
        .rfind(&open)
        .into_iter()
        .chain(xml[..at].rfind(&open_attrs))
        .max()
        .unwrap_or_else(|| panic!("no <{element}> before {needle:?}"));
    let close = format!("</{element}>");
    let end = at + xml[at..].find(&close).expect("a closing tag") + close.len();
    &xml[start..end]
}

/// The `<w:p>` around `needle`.
pub fn paragraph_of<'a>(xml: &'a str, needle: &str) -> &'a str {
    enclosing(xml, "w:p", needle)
}

/// XML with one tag per line, indented by depth; text stays on its element's line. Stable
/// input for snapshots that a reviewer can read in a diff.
pub fn pretty(xml: &str) -> String {
    let mut out = String::with_capacity(xml.len() * 2);
    let mut depth = 0usize;
    let mut rest = xml;
    let mut text_open = false; // last thing written was a start tag followed by text
    while !rest.is_empty() {
        if rest.starts_with('<') {
            let end = rest.find('>').expect("a closed tag") + 1;
            let tag = &rest[..end];
            rest = &rest[end..];
            let closing = tag.starts_with("</");
            let empty = tag.ends_with("/>") || tag.starts_with("<?");
            if closing {
                depth = depth.saturating_sub(1);
                if !text_open {
                    newline(&mut out, depth);
                }
                out.push_str(tag);
                text_open = false;
            } else {
                newline(&mut out, depth);
                out.push_str(tag);
                if !empty {
                    depth += 1;
                }
                text_open = false;
            }
        } else {
            let end = rest.find('<').unwrap_or(rest.len());
            let text = &rest[..end];
            rest = &rest[end..];
            if !text.trim_matches(['\n', '\r']).is_empty() {
                out.push_str(text);
                text_open = true;
            }
        }
    }
    out.push('\n');
    out.trim_start().to_owned()
}

fn newline(out: &mut String, depth: usize) {
    out.push('\n');
    for _ in 0..depth {
        out.push_str("  ");
    }
}
