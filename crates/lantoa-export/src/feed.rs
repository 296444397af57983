//! RSS 2.0, Atom 1.0 and sitemap XML from plain structs (issue 3, point 4). Written by hand
//! with the same escaping as the DOCX parts: the formats are small and fixed, and a
//! dependency would bring a second XML library into the build. docs/adr/0008.

use std::fmt::Write as _;

use chrono::{DateTime, FixedOffset};

use crate::xml::{escape, escape_into};

/// A feed: the site or one topic.
#[derive(Debug, Clone, PartialEq)]
pub struct Feed {
    pub title: String,
    pub description: String,
    /// Absolute URL of the page the feed mirrors (`https://…/tin-tuc`).
    pub page_url: String,
    /// Absolute URL of the feed itself (`rel="self"`).
    pub self_url: String,
    /// BCP 47 language tag, `vi`.
    pub language: String,
    /// Who publishes it (the site's name): Atom's feed-level author.
    pub publisher: String,
    /// When the feed last changed: the newest entry's time, or any stable time when empty.
    pub updated: DateTime<FixedOffset>,
    pub entries: Vec<FeedEntry>,
}

/// One published item.
#[derive(Debug, Clone, PartialEq)]
pub struct FeedEntry {
    pub title: String,
    /// Absolute URL of the item's page; also its permanent id.
    pub url: String,
    pub published: DateTime<FixedOffset>,
    pub updated: DateTime<FixedOffset>,
    /// The author organisation.
    pub author: String,
    /// Plain text.
    pub summary: String,
    /// Sanitised HTML with absolute links; written escaped.
    pub content_html: String,
    /// (term, label) of the item's topics.
    pub categories: Vec<(String, String)>,
}

/// RFC 822 (RFC 2822 with a four-digit year), as RSS 2.0 wants: `Mon, 20 May 2024 09:00:00 +0700`.
pub fn rfc822(at: DateTime<FixedOffset>) -> String {
    at.format("%a, %d %b %Y %H:%M:%S %z").to_string()
}

/// RFC 3339, as Atom and sitemaps want: `2024-05-20T09:00:00+07:00`.
pub fn rfc3339(at: DateTime<FixedOffset>) -> String {
    at.format("%Y-%m-%dT%H:%M:%S%:z").to_string()
}

fn element(out: &mut String, indent: &str, name: &str, text: &str) {
    let _ = write!(out, "{indent}<{name}>");
    escape_into(out, text);
    let _ = writeln!(out, "</{name}>");
}

/// The feed as RSS 2.0, with `atom:link rel="self"`, `content:encoded` for the body and
/// `dc:creator` for the author organisation (RSS's own `author` must be an e-mail address).
pub fn rss(feed: &Feed) -> String {
    let mut out = String::with_capacity(4096 + feed.entries.len() * 2048);
    out.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    out.push_str(
        "<rss version=\"2.0\" xmlns:atom=\"http://www.w3.org/2005/Atom\" \
         xmlns:content=\"http://purl.org/rss/1.0/modules/content/\" \
         xmlns:dc=\"http://purl.org/dc/elements/1.1/\">\n<channel>\n",
    );
    element(&mut out, "  ", "title", &feed.title);
    element(&mut out, "  ", "link", &feed.page_url);
    element(&mut out, "  ", "description", &feed.description);
    element(&mut out, "  ", "language", &feed.language);
    element(&mut out, "  ", "lastBuildDate", &rfc822(feed.updated));
    let _ = writeln!(
        out,
        "  <atom:link href=\"{}\" rel=\"self\" type=\"application/rss+xml\"/>",
        escape(&feed.self_url)
    );
    for e in &feed.entries {
        out.push_str("  <item>\n");
        element(&mut out, "    ", "title", &e.title);
        element(&mut out, "    ", "link", &e.url);
        let _ = writeln!(
            out,
            "    <guid isPermaLink=\"true\">{}</guid>",
            escape(&e.url)
        );
        element(&mut out, "    ", "pubDate", &rfc822(e.published));
        element(&mut out, "    ", "dc:creator", &e.author);
        for (_, label) in &e.categories {
            element(&mut out, "    ", "category", label);
        }
        element(&mut out, "    ", "description", &e.summary);
        element(&mut out, "    ", "content:encoded", &e.content_html);
        out.push_str("  </item>\n");
    }
    out.push_str("</channel>\n</rss>\n");
    out
}

/// The feed as Atom 1.0 (RFC 4287): ids are the pages' URLs, summaries are text, contents
/// are escaped HTML (`type="html"`).
pub fn atom(feed: &Feed) -> String {
    let mut out = String::with_capacity(4096 + feed.entries.len() * 2048);
    out.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let _ = writeln!(
        out,
        "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{}\">",
        escape(&feed.language)
    );
    element(&mut out, "  ", "title", &feed.title);
    element(&mut out, "  ", "subtitle", &feed.description);
    let _ = writeln!(
        out,
        "  <link href=\"{}\" rel=\"alternate\" type=\"text/html\"/>",
        escape(&feed.page_url)
    );
    let _ = writeln!(
        out,
        "  <link href=\"{}\" rel=\"self\" type=\"application/atom+xml\"/>",
        escape(&feed.self_url)
    );
    element(&mut out, "  ", "id", &feed.self_url);
    element(&mut out, "  ", "updated", &rfc3339(feed.updated));
    out.push_str("  <author>\n");
    element(&mut out, "    ", "name", &feed.publisher);
    out.push_str("  </author>\n");
    for e in &feed.entries {
        out.push_str("  <entry>\n");
        element(&mut out, "    ", "title", &e.title);
        let _ = writeln!(
            out,
            "    <link href=\"{}\" rel=\"alternate\" type=\"text/html\"/>",
            escape(&e.url)
        );
        element(&mut out, "    ", "id", &e.url);
        element(&mut out, "    ", "published", &rfc3339(e.published));
        element(&mut out, "    ", "updated", &rfc3339(e.updated));
        out.push_str("    <author>\n");
        element(&mut out, "      ", "name", &e.author);
        out.push_str("    </author>\n");
        for (term, label) in &e.categories {
            let _ = writeln!(
                out,
                "    <category term=\"{}\" label=\"{}\"/>",
                escape(term),
                escape(label)
            );
        }
        out.push_str("    <summary type=\"text\">");
        escape_into(&mut out, &e.summary);
        out.push_str("</summary>\n    <content type=\"html\">");
        escape_into(&mut out, &e.content_html);
        out.push_str("</content>\n  </entry>\n");
    }
    out.push_str("</feed>\n");
    out
}

/// One address in a sitemap.
#[derive(Debug, Clone, PartialEq)]
pub struct SitemapUrl {
    /// Absolute URL.
    pub loc: String,
    pub lastmod: Option<DateTime<FixedOffset>>,
}

/// Most addresses one sitemap file may list (sitemaps.org); the caller splits beyond it.
pub const SITEMAP_MAX_URLS: usize = 50_000;

/// A sitemaps.org 0.9 `urlset`.
pub fn sitemap(urls: &[SitemapUrl]) -> String {
    let mut out = String::with_capacity(256 + urls.len() * 120);
    out.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    out.push_str("<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
    for u in urls {
        out.push_str("  <url><loc>");
        escape_into(&mut out, &u.loc);
        out.push_str("</loc>");
        if let Some(at) = u.lastmod {
            let _ = write!(out, "<lastmod>{}</lastmod>", rfc3339(at));
        }
        out.push_str("</url>\n");
    }
    out.push_str("</urlset>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn vn(y: i32, m: u32, d: u32, h: u32) -> DateTime<FixedOffset> {
        FixedOffset::east_opt(7 * 3600)
            .unwrap()
            .with_ymd_and_hms(y, m, d, h, 0, 0)
            .unwrap()
    }

    fn sample() -> Feed {
        Feed {
            title: "Tin tức – Cổng <GDNN>".into(),
            description: "Tin & bài".into(),
            page_url: "https://gdnn.vn/tin-tuc".into(),
            self_url: "https://gdnn.vn/rss.xml?a=1&b=2".into(),
            language: "vi".into(),
            publisher: "Cổng GDNN".into(),
            updated: vn(2024, 5, 20, 9),
            entries: vec![FeedEntry {
                title: "Học nghề \"miễn phí\"".into(),
                url: "https://gdnn.vn/tin-tuc/hoc-nghe".into(),
                published: vn(2024, 5, 2, 9),
                updated: vn(2024, 5, 20, 9),
                author: "Trường Cao đẳng Kiên Giang".into(),
                summary: "Tóm tắt <b>không</b> phải HTML".into(),
                content_html: "<p>Đoạn <strong>một</strong> &amp; hai</p>".into(),
                categories: vec![("iv-2-b".into(), "Tuyển sinh".into())],
            }],
        }
    }

    #[test]
    fn dates_in_the_formats_each_standard_wants() {
        assert_eq!(rfc822(vn(2024, 5, 2, 9)), "Thu, 02 May 2024 09:00:00 +0700");
        assert_eq!(rfc3339(vn(2024, 5, 2, 9)), "2024-05-02T09:00:00+07:00");
    }

    #[test]
    fn rss_escapes_text_and_carries_the_body_as_escaped_html() {
        let x = rss(&sample());
        assert!(
            x.contains("<title>Tin tức – Cổng &lt;GDNN&gt;</title>"),
            "{x}"
        );
        assert!(x.contains("href=\"https://gdnn.vn/rss.xml?a=1&amp;b=2\" rel=\"self\""));
        assert!(x.contains("<content:encoded>&lt;p&gt;Đoạn &lt;strong&gt;một&lt;/strong&gt; &amp;amp; hai&lt;/p&gt;</content:encoded>"), "{x}");
        assert!(x.contains("<pubDate>Thu, 02 May 2024 09:00:00 +0700</pubDate>"));
        assert!(x.contains("<dc:creator>Trường Cao đẳng Kiên Giang</dc:creator>"));
    }

    #[test]
    fn atom_has_the_required_elements() {
        let x = atom(&sample());
        for needle in [
            "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"vi\">",
            "<id>https://gdnn.vn/rss.xml?a=1&amp;b=2</id>",
            "<updated>2024-05-20T09:00:00+07:00</updated>",
            "<published>2024-05-02T09:00:00+07:00</published>",
            "<category term=\"iv-2-b\" label=\"Tuyển sinh\"/>",
            "<summary type=\"text\">Tóm tắt &lt;b&gt;không&lt;/b&gt; phải HTML</summary>",
            "<title>Học nghề &quot;miễn phí&quot;</title>",
        ] {
            assert!(x.contains(needle), "missing {needle} in\n{x}");
        }
    }

    #[test]
    fn sitemap_lists_urls_with_lastmod() {
        let x = sitemap(&[
            SitemapUrl {
                loc: "https://gdnn.vn/".into(),
                lastmod: None,
            },
            SitemapUrl {
                loc: "https://gdnn.vn/tin-tuc/a?x=1&y=2".into(),
                lastmod: Some(vn(2024, 5, 2, 9)),
            },
        ]);
        assert!(x.contains("<url><loc>https://gdnn.vn/</loc></url>"));
        assert!(x.contains("<url><loc>https://gdnn.vn/tin-tuc/a?x=1&amp;y=2</loc><lastmod>2024-05-02T09:00:00+07:00</lastmod></url>"));
    }
}
