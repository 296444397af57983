//! Rich text for content bodies (issue 3): the server-side allow-list sanitiser, plain text →
//! HTML, HTML → plain text (summaries, feeds). docs/adr/0008-content-html-and-feeds.md.
//!
//! Whatever a client sends, a body is stored as the output of [`from_input`]: HTML is
//! cleaned by `ammonia` with the allow-list below; text without markup becomes escaped
//! `<p>` paragraphs. Pages render a body only through [`SafeHtml`], which only this module
//! builds, after cleaning it again (so a row written before the sanitiser existed, or under an
//! older allow-list, is cleaned with today's rules).
//!
//! Kept: `h2 h3 h4 p br strong em u ul ol li a img table thead tbody tr th td blockquote
//! figure figcaption`. Attributes: `a`: `href` (http, https, mailto or a relative link; every
//! link gets `rel="noopener noreferrer"`), `title`; `img`: `src` (only `/media/…` or a
//! relative path, so a page never makes a third-party request), `alt`, `width`, `height`;
//! `th`/`td`: `colspan`, `rowspan` (`th` also `scope`); `ol`: `start`. Everything else goes:
//! other tags are unwrapped (their text stays), `script style iframe object embed noscript
//! template svg math title` go with their content, as do comments, `style`, `class`, `id`
//! and event attributes.
//!
//! Order matters: Unicode normalisation happens *before* cleaning, never after. NFC composes
//! `>` followed by U+0338 into `≯`, so normalising cleaned HTML could turn the end of a tag
//! into text and text into attributes.

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

use ammonia::{Builder, Url, UrlRelative};

/// The tags a body keeps.
pub const ALLOWED_TAGS: &[&str] = &[
    "h2",
    "h3",
    "h4",
    "p",
    "br",
    "strong",
    "em",
    "u",
    "ul",
    "ol",
    "li",
    "a",
    "img",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "blockquote",
    "figure",
    "figcaption",
];

/// Tags removed together with everything inside them.
const DROPPED_WITH_CONTENT: &[&str] = &[
    "script", "style", "iframe", "object", "embed", "noscript", "template", "svg", "math", "title",
];

/// Where images may come from: the media library's path (or a relative path on this site).
pub const MEDIA_PREFIX: &str = "/media/";

/// Is `src` an image address on this site: `/media/…` or a relative path, never another host,
/// a scheme (`data:`, `http:`, `javascript:`) or a network path (`//host`)?
pub fn is_local_image(src: &str) -> bool {
    let s = src.trim();
    if s.is_empty() || s.contains('\\') || s.starts_with("//") {
        return false;
    }
    // A scheme is letters (and + - .) before the first ':' that comes before any / ? #.
    let head = s.split(['/', '?', '#']).next().unwrap_or_default();
    if head.contains(':') {
        return false;
    }
    if s.starts_with('/') {
        return s.starts_with(MEDIA_PREFIX);
    }
    true
}

fn policy(base: Option<Url>) -> Builder<'static> {
    let mut b = Builder::default();
    let tag_attributes: HashMap<&str, HashSet<&str>> = [
        ("a", ["href", "title"].as_slice()),
        ("img", ["src", "alt", "width", "height"].as_slice()),
        ("th", ["colspan", "rowspan", "scope"].as_slice()),
        ("td", ["colspan", "rowspan"].as_slice()),
        ("ol", ["start"].as_slice()),
    ]
    .into_iter()
    .map(|(t, a)| (t, a.iter().copied().collect()))
    .collect();
    b.tags(ALLOWED_TAGS.iter().copied().collect())
        .clean_content_tags(DROPPED_WITH_CONTENT.iter().copied().collect())
        .tag_attributes(tag_attributes)
        .generic_attributes(HashSet::new())
        .url_schemes(["http", "https", "mailto"].into_iter().collect())
        .link_rel(Some("noopener noreferrer"))
        .strip_comments(true)
        .attribute_filter(|element, attribute, value| match (element, attribute) {
            ("img", "src") if !is_local_image(value) => None,
            ("img", "width" | "height") if value.parse::<u16>().is_err() => None,
            ("ol", "start") if value.parse::<u32>().is_err() => None,
            ("th" | "td", "colspan" | "rowspan") if value.parse::<u16>().is_err() => None,
            ("th", "scope") if !matches!(value, "row" | "col" | "rowgroup" | "colgroup") => None,
            _ => Some(Cow::Borrowed(value)),
        });
    match base {
        Some(url) => b.url_relative(UrlRelative::RewriteWithBase(url)),
        None => b.url_relative(UrlRelative::PassThrough),
    };
    b
}

static POLICY: LazyLock<Builder<'static>> = LazyLock::new(|| policy(None));

/// The allow-list for a body shown on a public page: the same, and every image loads lazily
/// (`loading="lazy" decoding="async"`, issue 3 point 8). Only at render time: the stored body
/// and the editor's HTML source stay free of presentation attributes.
static PAGE_POLICY: LazyLock<Builder<'static>> = LazyLock::new(|| {
    let mut b = policy(None);
    b.set_tag_attribute_value("img", "loading", "lazy")
        .set_tag_attribute_value("img", "decoding", "async");
    b
});

/// HTML that went through the sanitiser: the only HTML a page may render unescaped
/// (`{{ body|safe }}`). Built only by this module.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SafeHtml(String);

impl SafeHtml {
    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn into_string(self) -> String {
        self.0
    }

    pub fn is_empty(&self) -> bool {
        self.0.trim().is_empty()
    }
}

impl std::fmt::Display for SafeHtml {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// Cleans HTML with the allow-list. The input should already be in its storage form
/// (`lantoa_viet::normalize`); the output must not be normalised again (see the module docs).
pub fn sanitize(html: &str) -> SafeHtml {
    SafeHtml(POLICY.clean(html).to_string())
}

/// A stored body as a public page shows it: [`from_input`], with images loading lazily.
pub fn page_body(input: &str) -> SafeHtml {
    from_input_with(input, &PAGE_POLICY)
}

/// Does the text contain HTML markup (a tag, a comment, a doctype)? "Điểm < 5" does not.
pub fn is_html(input: &str) -> bool {
    ammonia::is_html(input)
}

/// Plain text as HTML: blank lines separate paragraphs, single line breaks inside a paragraph
/// become spaces (as the plain bodies were shown before), everything escaped.
pub fn from_plain_text(text: &str) -> SafeHtml {
    let mut out = String::with_capacity(text.len() + 32);
    for p in text.replace("\r\n", "\n").split("\n\n") {
        let words: Vec<&str> = p.split_whitespace().collect();
        if words.is_empty() {
            continue;
        }
        if !out.is_empty() {
            // One paragraph a line keeps the stored HTML readable in the back-office textarea.
            out.push('\n');
        }
        out.push_str("<p>");
        escape_into(&mut out, &words.join(" "));
        out.push_str("</p>");
    }
    // Escaped text in <p> is already safe; cleaning keeps the one invariant simple.
    sanitize(&out)
}

/// Tags that make a block: when typed HTML has none, blank lines still separate paragraphs.
const BLOCK_TAGS: &[&str] = &[
    "p",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "ul",
    "ol",
    "li",
    "table",
    "blockquote",
    "figure",
    "div",
    "section",
    "article",
    "pre",
    "hr",
];

/// Does the HTML contain a block-level tag (`<p`, `<ul`, `<table`, …)?
fn has_blocks(input: &str) -> bool {
    let lower = input.to_ascii_lowercase();
    lower.match_indices('<').any(|(i, _)| {
        let rest = &lower[i + 1..];
        BLOCK_TAGS.iter().any(|t| {
            rest.strip_prefix(t).is_some_and(|after| {
                after.is_empty()
                    || after.starts_with(|c: char| c == '>' || c == '/' || c.is_ascii_whitespace())
            })
        })
    })
}

/// A stored or typed body as safe HTML: markup is cleaned, plain text becomes paragraphs.
/// Text with only inline markup ("Sáng nay <strong>…</strong>" typed in paragraphs) keeps its
/// paragraphs.
pub fn from_input(input: &str) -> SafeHtml {
    from_input_with(input, &POLICY)
}

fn from_input_with(input: &str, policy: &Builder<'static>) -> SafeHtml {
    if !is_html(input) {
        return from_plain_text(input);
    }
    if has_blocks(input) {
        return SafeHtml(policy.clean(input).to_string());
    }
    let paragraphs: Vec<String> = input
        .replace("\r\n", "\n")
        .split("\n\n")
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .map(|p| format!("<p>{p}</p>"))
        .collect();
    SafeHtml(policy.clean(&paragraphs.join("\n")).to_string())
}

/// The same HTML with relative links and images made absolute against `base` (feeds, which
/// are read away from the site). `base` is the site's public URL, e.g. `https://gdnn.vn/`;
/// an unparsable base leaves the links as they are.
pub fn with_absolute_urls(html: &SafeHtml, base: &str) -> SafeHtml {
    match Url::parse(base) {
        Ok(url) => SafeHtml(policy(Some(url)).clean(html.as_str()).to_string()),
        Err(_) => html.clone(),
    }
}

fn escape_into(out: &mut String, s: &str) {
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            c => out.push(c),
        }
    }
}

/// Tags after which the text starts a new paragraph.
const BLOCKS: &[&str] = &[
    "p",
    "h2",
    "h3",
    "h4",
    "li",
    "blockquote",
    "figure",
    "figcaption",
    "tr",
    "table",
    "ul",
    "ol",
];

/// The text of a body, for summaries, feeds and search: paragraphs (and headings, list items,
/// table rows) separated by a blank line, spaces collapsed, entities decoded, images and
/// markup gone.
pub fn to_text(html: &str) -> String {
    // Cleaning first gives html5ever's serialisation: every `<` starts a tag, every `>` ends
    // one (both are escaped in text and in attribute values).
    let clean = sanitize(html);
    let mut blocks: Vec<String> = Vec::new();
    let mut current = String::new();
    let mut rest = clean.as_str();
    while let Some(start) = rest.find('<') {
        current.push_str(&rest[..start]);
        let after = &rest[start + 1..];
        let Some(end) = after.find('>') else {
            break;
        };
        let tag = &after[..end];
        let name: String = tag
            .trim_start_matches('/')
            .chars()
            .take_while(char::is_ascii_alphanumeric)
            .collect();
        if name == "br" {
            current.push('\n');
        } else if name == "td" || name == "th" {
            current.push(' ');
        } else if BLOCKS.contains(&name.as_str()) {
            blocks.push(std::mem::take(&mut current));
        }
        rest = &after[end + 1..];
    }
    current.push_str(rest);
    blocks.push(current);
    blocks
        .iter()
        .map(|b| {
            unescape(b)
                .lines()
                .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
                .filter(|l| !l.is_empty())
                .collect::<Vec<_>>()
                .join("\n")
        })
        .filter(|b| !b.is_empty())
        .collect::<Vec<_>>()
        .join("\n\n")
}

fn unescape(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&nbsp;", " ")
        .replace("&amp;", "&")
}

/// The start of a body's text on one line, cut at a word boundary to at most `max`
/// characters with "…" when cut.
pub fn excerpt(html: &str, max: usize) -> String {
    let text = to_text(html)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    if text.chars().count() <= max {
        return text;
    }
    let mut out = String::new();
    for word in text.split(' ') {
        if out.chars().count() + word.chars().count() + 1 > max.saturating_sub(1) {
            break;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out.push('…');
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn images_in_a_page_body_load_lazily_but_the_stored_body_stays_plain() {
        // The two attributes come in no fixed order (ammonia keeps them in a hash map).
        fn lazy(html: &SafeHtml) -> bool {
            let s = html.as_str();
            s.matches(" loading=\"lazy\"").count() == s.matches("<img").count()
                && s.matches(" decoding=\"async\"").count() == s.matches("<img").count()
                && s.matches("loading=").count() == s.matches("<img").count()
        }
        let stored =
            from_input(r#"<p>Lễ khai giảng</p><img src="/media/a.jpg" alt="Lễ khai giảng">"#);
        assert_eq!(
            stored.as_str(),
            r#"<p>Lễ khai giảng</p><img src="/media/a.jpg" alt="Lễ khai giảng">"#
        );
        let page = page_body(stored.as_str());
        assert!(
            page.as_str()
                .starts_with(r#"<p>Lễ khai giảng</p><img src="/media/a.jpg" alt="Lễ khai giảng" "#)
                && lazy(&page),
            "{page}"
        );
        // A body cannot ask for eager loading or smuggle another attribute in.
        let page =
            page_body(r#"<p><img src="/media/b.jpg" alt="" loading="eager" onload="x()"></p>"#);
        assert!(
            lazy(&page) && !page.as_str().contains("eager") && !page.as_str().contains("onload"),
            "{page}"
        );
        // Plain text and inline-only bodies go through the same rule.
        assert_eq!(
            page_body("Hai dòng\n\nđoạn").as_str(),
            "<p>Hai dòng</p>\n<p>đoạn</p>"
        );
        let page = page_body(
            r#"Ảnh <img src="/media/c.jpg" alt="c"> và <img src="/media/d.jpg" alt="d">"#,
        );
        assert!(
            page.as_str().matches("<img").count() == 2 && lazy(&page),
            "{page}"
        );
    }

    use super::*;

    fn clean(s: &str) -> String {
        sanitize(s).into_string()
    }

    #[test]
    fn scripts_and_event_handlers_are_stripped() {
        let out = clean(
            r#"<p>Xin chào<script>alert(1)</script></p><img src="/media/a.jpg" onerror="alert(1)" alt="Ảnh">"#,
        );
        assert_eq!(out, r#"<p>Xin chào</p><img src="/media/a.jpg" alt="Ảnh">"#);
        assert!(!clean("<svg><animate onbegin=alert(1) attributeName=x>").contains("animate"));
        assert!(!clean("<body onload=alert(1)>x").contains("onload"));
        assert!(!clean(r#"<p onclick="alert(1)" onmouseover="x">a</p>"#).contains("on"));
    }

    #[test]
    fn dangerous_links_lose_their_address_and_good_ones_get_rel() {
        for bad in [
            "javascript:alert(1)",
            " JavaScript:alert(1)",
            "java\tscript:alert(1)",
            "jav&#x09;ascript:alert(1)",
            "&#106;avascript:alert(1)",
            "data:text/html;base64,PHNjcmlwdD4=",
            "vbscript:msgbox(1)",
        ] {
            let out = clean(&format!(r#"<a href="{bad}">x</a>"#));
            assert_eq!(out, r#"<a rel="noopener noreferrer">x</a>"#, "{bad}");
        }
        assert_eq!(
            clean(r#"<a href="https://molisa.gov.vn/" target="_blank" rel="opener">Bộ</a>"#),
            r#"<a href="https://molisa.gov.vn/" rel="noopener noreferrer">Bộ</a>"#
        );
        assert!(clean(r#"<a href="mailto:sld@kiengiang.gov.vn">thư</a>"#).contains("mailto:"));
        assert!(clean(r#"<a href="/tin-tuc/abc">tin</a>"#).contains(r#"href="/tin-tuc/abc""#));
    }

    #[test]
    fn styles_classes_and_frames_are_gone() {
        assert_eq!(
            clean(r#"<p style="color:red" class="x" id="y">Đỏ</p>"#),
            "<p>Đỏ</p>"
        );
        assert_eq!(
            clean(r#"<iframe src="https://evil.example">lời</iframe><p>ở lại</p>"#),
            "<p>ở lại</p>"
        );
        assert_eq!(clean("<style>p{}</style><object data=x></object>a"), "a");
        assert_eq!(clean("<!-- ghi chú --><p>a</p>"), "<p>a</p>");
        // Unknown tags are unwrapped: the words stay.
        assert_eq!(clean("<div><span>chữ</span></div>"), "chữ");
    }

    #[test]
    fn nested_and_broken_tricks_stay_text() {
        let out = clean("<scr<script>ipt>alert(1)</script>");
        assert!(!out.contains("<script") && !out.contains("<scr"), "{out}");
        let out = clean(r#"<img src="x" alt="a"onerror="alert(1)">"#);
        assert!(!out.contains("onerror"), "{out}");
        let out = clean(r#"<a href="java<!-- -->script:alert(1)">x</a>"#);
        assert!(!out.contains("javascript"), "{out}");
        let out = clean("<p>\"><script>alert(1)</script></p>");
        assert_eq!(out, "<p>\"&gt;</p>");
        let out = clean("<math><mi xlink:href=\"javascript:alert(1)\">x</mi></math>");
        assert!(!out.contains("javascript"), "{out}");
        let out = clean("<noscript><p title=\"</noscript><img src=x onerror=alert(1)>\">");
        assert!(!out.contains("onerror"), "{out}");
        let out = clean("<table><tr><td><form><input onfocus=alert(1) autofocus>");
        assert!(!out.contains("onfocus") && !out.contains("<input"), "{out}");
    }

    #[test]
    fn images_only_from_this_site() {
        assert_eq!(
            clean(r#"<img src="https://tracker.example/p.gif" alt="a">"#),
            r#"<img alt="a">"#
        );
        assert_eq!(clean(r#"<img src="//tracker.example/p.gif">"#), "<img>");
        assert_eq!(clean(r#"<img src="data:image/png;base64,AAAA">"#), "<img>");
        assert_eq!(clean(r#"<img src="/static/x.png">"#), "<img>");
        assert_eq!(
            clean(
                r#"<img src="/media/2024/khai-giang.jpg" alt="Lễ khai giảng" width="640" height="abc">"#
            ),
            r#"<img src="/media/2024/khai-giang.jpg" alt="Lễ khai giảng" width="640">"#
        );
        assert!(
            is_local_image("anh/khai-giang.jpg")
                && !is_local_image("http:x")
                && !is_local_image("\\\\host\\x")
        );
    }

    #[test]
    fn the_allowed_structure_is_kept() {
        let input = "<h2>Mục một</h2><h3>Ý a</h3><h4>Chi tiết</h4><p><strong>Đậm</strong>, <em>nghiêng</em>, <u>gạch</u><br>dòng mới</p>\
<ul><li>một</li></ul><ol start=\"3\"><li>ba</li></ol><blockquote><p>Trích dẫn</p></blockquote>\
<figure><img src=\"/media/a.jpg\" alt=\"Ảnh\"><figcaption>Chú thích</figcaption></figure>\
<table><thead><tr><th scope=\"col\">Nghề</th></tr></thead><tbody><tr><td colspan=\"2\">Hàn</td></tr></tbody></table>";
        assert_eq!(clean(input), input);
        // Headings outside the allowed levels keep their words, not their tag.
        assert_eq!(clean("<h1>Tiêu đề</h1><h5>nhỏ</h5>"), "Tiêu đềnhỏ");
    }

    #[test]
    fn cleaning_is_idempotent() {
        for s in [
            "<p>a &amp; b &lt; c</p>",
            r#"<a href="https://x.vn/?a=1&amp;b=2">x</a>"#,
            "<p>\"trích\" 'dẫn'</p>",
        ] {
            let once = clean(s);
            assert_eq!(clean(&once), once);
        }
    }

    #[test]
    fn plain_text_becomes_escaped_paragraphs() {
        assert_eq!(
            from_input("Đoạn một\ncòn tiếp.\r\n\r\nĐoạn hai: 3 < 5 & \"ngoặc\"."),
            SafeHtml(
                "<p>Đoạn một còn tiếp.</p>\n<p>Đoạn hai: 3 &lt; 5 &amp; \"ngoặc\".</p>".into()
            )
        );
        assert!(!is_html("Điểm < 5 và > 3"));
        assert!(is_html("<p>x</p>") && is_html("a <b>c</b>"));
        assert_eq!(from_input("<p>a</p>").as_str(), "<p>a</p>");
        // Paragraphs typed with inline markup stay paragraphs; a script goes.
        assert_eq!(
            from_input(
                "Sáng nay <strong>đông</strong> <script>alert(1)</script>vui.\r\n\r\nĐoạn hai."
            )
            .as_str(),
            "<p>Sáng nay <strong>đông</strong> vui.</p>\n<p>Đoạn hai.</p>"
        );
        assert!(has_blocks("<P class=x>a</P>") && has_blocks("<ul>") && !has_blocks("<pre-x> <b>"));
    }

    #[test]
    fn combining_marks_after_a_tag_cannot_break_it() {
        // NFC would compose '>' + U+0338 into '≯'; cleaning happens after normalising, and
        // the cleaned output is never normalised again.
        let input = lantoa_viet::normalize("<p>\u{338} onmouseover=alert(1)</p>");
        assert!(!clean(&input).contains("onmouseover"), "{}", clean(&input));
        // The cleaned output keeps the lone mark after the tag: normalising it now would
        // swallow the '>' of <p>.
        assert_eq!(clean("<p>\u{338}x</p>"), "<p>\u{338}x</p>");
    }

    #[test]
    fn text_of_html_for_summaries() {
        let html = "<h2>Tuyển sinh</h2><p>Học  <strong>miễn phí</strong> &amp; có&nbsp;hỗ trợ.<br>Gọi ngay</p><ul><li>Hàn</li><li>Điện</li></ul><table><tr><td>A</td><td>B</td></tr></table><img src=\"/media/x.jpg\" alt=\"ảnh\">";
        assert_eq!(
            to_text(html),
            "Tuyển sinh\n\nHọc miễn phí & có hỗ trợ.\nGọi ngay\n\nHàn\n\nĐiện\n\nA B"
        );
        assert_eq!(to_text("<p>3 &lt; 5 &gt; 1 \"x\"</p>"), "3 < 5 > 1 \"x\"");
        assert_eq!(excerpt("<p>một hai ba bốn năm</p>", 12), "một hai ba…");
        assert_eq!(excerpt("<p>ngắn</p>", 12), "ngắn");
    }

    #[test]
    fn feeds_get_absolute_links() {
        let html = sanitize(r#"<p><a href="/tin-tuc/a">a</a> <img src="/media/b.jpg" alt=""></p>"#);
        let abs = with_absolute_urls(&html, "https://gdnn.angiang.gov.vn/");
        assert!(
            abs.as_str()
                .contains(r#"href="https://gdnn.angiang.gov.vn/tin-tuc/a""#),
            "{abs}"
        );
        assert!(
            abs.as_str()
                .contains(r#"src="https://gdnn.angiang.gov.vn/media/b.jpg""#),
            "{abs}"
        );
    }
}
