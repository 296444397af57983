//! Feeds and the sitemap (issue 3, point 4): RSS 2.0 and Atom of the latest published
//! articles (site-wide, mirroring `/tin-tuc`) or items of one topic (mirroring
//! `/chu-de/{topic}`), and `sitemap.xml` of every public page. Built as plain structs and
//! written by `lantoa-export`; URLs are absolute from the site's public address
//! (`site.public_url`, else the request's host).

use std::collections::HashMap;

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime, TimeZone};
use lantoa_domain::content::{self as domain, ContentKind, ContentState, Topic};
use lantoa_export::{Feed, FeedEntry, SITEMAP_MAX_URLS, SitemapUrl};
use lantoa_store::content::{self as store, ContentFilter};
use lantoa_store::{Conn, PageRequest, institutions, occupations, plans, programmes};

use crate::html;
use crate::{App, Result};

/// Items in a feed.
pub const FEED_ITEMS: i64 = 20;

/// The site as feeds name it.
#[derive(Debug, Clone, Copy)]
pub struct SiteInfo<'a> {
    /// Public address without a trailing slash, e.g. `https://gdnn.angiang.gov.vn`.
    pub base_url: &'a str,
    pub site_name: &'a str,
}

impl SiteInfo<'_> {
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base_url)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FeedFormat {
    Rss,
    Atom,
}

impl FeedFormat {
    /// The feed's file name: `rss.xml` or `atom.xml`.
    pub fn file(self) -> &'static str {
        match self {
            FeedFormat::Rss => "rss.xml",
            FeedFormat::Atom => "atom.xml",
        }
    }

    pub fn content_type(self) -> &'static str {
        match self {
            FeedFormat::Rss => "application/rss+xml; charset=utf-8",
            FeedFormat::Atom => "application/atom+xml; charset=utf-8",
        }
    }
}

/// Vietnam's offset (UTC+7, no daylight saving).
fn vn(at: NaiveDateTime) -> DateTime<FixedOffset> {
    match FixedOffset::east_opt(7 * 3600) {
        Some(offset) => offset.from_utc_datetime(&at),
        None => at.and_utc().fixed_offset(),
    }
}

/// The public path of an item.
pub fn item_path(kind: &str, slug: &str) -> String {
    ContentKind::path_of(kind, slug)
}

/// The latest [`FEED_ITEMS`] published articles (or items of `topic`) as RSS or Atom.
pub fn feed(
    app: &App,
    conn: &mut Conn,
    site: SiteInfo<'_>,
    topic: Option<&'static Topic>,
    format: FeedFormat,
) -> Result<String> {
    let filter = ContentFilter {
        states: Some(vec![ContentState::Published.code().to_owned()]),
        kind: topic
            .is_none()
            .then(|| ContentKind::Article.code().to_owned()),
        topic: topic.map(|t| t.code.to_owned()),
        by_published: true,
        ..ContentFilter::default()
    };
    let items = store::list(conn, &filter, PageRequest::new(1, FEED_ITEMS))?.items;
    let ids: Vec<i64> = items.iter().map(|i| i.content.id).collect();
    let tags = store::topics_of_many(conn, &ids)?;
    let entries: Vec<FeedEntry> = items
        .iter()
        .map(|i| {
            let c = &i.content;
            let url = site.url(&item_path(&c.kind, &c.slug));
            let published = vn(c.published_at.unwrap_or(c.created_at));
            let updated = vn(c.updated_at).max(published);
            let body = html::from_input(&c.body);
            FeedEntry {
                title: c.title.clone(),
                summary: if c.summary.is_empty() {
                    html::excerpt(body.as_str(), 300)
                } else {
                    c.summary.clone()
                },
                content_html: html::with_absolute_urls(&body, &url).into_string(),
                categories: tags
                    .iter()
                    .filter(|(id, _)| *id == c.id)
                    .filter_map(|(_, code)| domain::topic(code))
                    .map(|t| (t.code.to_owned(), t.label.to_owned()))
                    .collect(),
                author: i.org_name.clone(),
                url,
                published,
                updated,
            }
        })
        .collect();
    let (page, title, description) = match topic {
        Some(t) => (
            format!("/chu-de/{}", t.code),
            format!("Chủ đề: {} – {}", t.label, site.site_name),
            format!("Nội dung truyền thông mục {} của Kế hoạch.", t.section),
        ),
        None => (
            "/tin-tuc".to_owned(),
            format!("Tin tức – {}", site.site_name),
            "Tin, bài về giáo dục nghề nghiệp của các sở, ngành, địa phương và cơ sở đào tạo trong tỉnh.".to_owned(),
        ),
    };
    let self_path = match topic {
        Some(t) => format!("/chu-de/{}/{}", t.code, format.file()),
        None => format!("/{}", format.file()),
    };
    let feed = Feed {
        title,
        description,
        page_url: site.url(&page),
        self_url: site.url(&self_path),
        language: "vi".into(),
        publisher: site.site_name.to_owned(),
        updated: entries
            .iter()
            .map(|e| e.updated)
            .max()
            .unwrap_or_else(|| vn(app.now())),
        entries,
    };
    Ok(match format {
        FeedFormat::Rss => lantoa_export::rss(&feed),
        FeedFormat::Atom => lantoa_export::atom(&feed),
    })
}

/// Sections listed in the sitemap besides the home page and the lists with their own dates.
const STATIC_SECTIONS: &[&str] = &[
    "/gioi-thieu",
    "/nganh-nghe",
    "/co-so-dao-tao",
    "/chuong-trinh",
    "/trac-nghiem-nghe",
    "/so-tay",
    "/ke-hoach",
    "/en",
];

/// `sitemap.xml`: the home page, the sections, every published article and page, the topic
/// pages that have items, the plans, occupations, the institutions and programmes listed
/// `today`, each with its last change. Capped at the 50.000 addresses one sitemap file may hold.
pub fn sitemap(conn: &mut Conn, site: SiteInfo<'_>, today: NaiveDate) -> Result<String> {
    let published = store::published_entries(conn)?;
    let newest_article = published
        .iter()
        .filter(|e| e.kind == ContentKind::Article.code())
        .map(|e| e.updated_at.max(e.published_at.unwrap_or(e.updated_at)))
        .max();
    let mut urls = vec![
        SitemapUrl {
            loc: site.url("/"),
            lastmod: newest_article.map(vn),
        },
        SitemapUrl {
            loc: site.url("/tin-tuc"),
            lastmod: newest_article.map(vn),
        },
    ];
    // The lists of the other kinds, when they have items.
    for kind in crate::content::LISTED_KINDS {
        let newest = published
            .iter()
            .filter(|e| e.kind == kind.code())
            .map(|e| e.updated_at.max(e.published_at.unwrap_or(e.updated_at)))
            .max();
        if let Some(at) = newest {
            urls.push(SitemapUrl {
                loc: site.url(kind.section()),
                lastmod: Some(vn(at)),
            });
        }
    }
    urls.extend(STATIC_SECTIONS.iter().map(|p| SitemapUrl {
        loc: site.url(p),
        lastmod: None,
    }));
    urls.extend(
        lantoa_domain::audience_page::AUDIENCE_PAGES
            .iter()
            .map(|p| SitemapUrl {
                loc: site.url(&format!("/danh-cho/{}", p.slug)),
                lastmod: None,
            }),
    );
    let changed: HashMap<i64, NaiveDateTime> = published
        .iter()
        .map(|e| {
            (
                e.id,
                e.updated_at.max(e.published_at.unwrap_or(e.updated_at)),
            )
        })
        .collect();
    let mut topic_latest: HashMap<String, NaiveDateTime> = HashMap::new();
    for (code, id) in store::published_topics(conn)? {
        if let Some(at) = changed.get(&id) {
            let latest = topic_latest.entry(code).or_insert(*at);
            *latest = (*latest).max(*at);
        }
    }
    for t in domain::TOPICS {
        if let Some(at) = topic_latest.get(t.code).copied() {
            urls.push(SitemapUrl {
                loc: site.url(&format!("/chu-de/{}", t.code)),
                lastmod: Some(vn(at)),
            });
        }
    }
    urls.extend(published.iter().map(|e| SitemapUrl {
        loc: site.url(&item_path(&e.kind, &e.slug)),
        lastmod: changed.get(&e.id).copied().map(vn),
    }));
    urls.extend(plans::list(conn)?.iter().map(|p| SitemapUrl {
        loc: site.url(&format!("/ke-hoach/{}", p.slug)),
        lastmod: Some(vn(p.updated_at)),
    }));
    urls.extend(
        occupations::slugs(conn)?
            .into_iter()
            .map(|(slug, at)| SitemapUrl {
                loc: site.url(&format!("/nganh-nghe/{slug}")),
                lastmod: Some(vn(at)),
            }),
    );
    urls.extend(
        institutions::public_slugs(conn, today)?
            .into_iter()
            .map(|(slug, at)| SitemapUrl {
                loc: site.url(&format!("/co-so-dao-tao/{slug}")),
                lastmod: Some(vn(at)),
            }),
    );
    urls.extend(
        programmes::public_slugs(conn, today)?
            .into_iter()
            .map(|(slug, at)| SitemapUrl {
                loc: site.url(&format!("/chuong-trinh/{slug}")),
                lastmod: Some(vn(at)),
            }),
    );
    urls.truncate(SITEMAP_MAX_URLS);
    Ok(lantoa_export::sitemap(&urls))
}
