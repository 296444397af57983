//! The demo's newer articles and static pages (`demo/articles.toml`, issue 3 point 9): written
//! for the demo in Vietnamese, dated in the months before the seed day, with every topic and
//! audience of the plan covered and a few items still in the editorial workflow (draft,
//! waiting for review, returned, scheduled) for the back-office demo.
//!
//! The file's dates are written around [`DEMO_TODAY`]; a demo seeded on a later day moves
//! them by the difference (as the programmes' intakes do), so the news stays recent and the
//! scheduled item stays in the future. Seeding is idempotent: an existing slug is left alone.

use chrono::{Duration, NaiveDate, NaiveDateTime};
use lantoa_domain::OrgId;
use lantoa_domain::content::{ContentKind, ContentState};
use lantoa_store::content::{self as store, ContentEventRow, ContentFields, NewRevision};
use lantoa_store::{Conn, orgs, write_tx};
use serde::Deserialize;

use crate::audit::{self, Actor};
use crate::demo::Scene;
use crate::{App, Error, Result};

/// The articles and pages, as written.
pub const ARTICLES: &str = include_str!("../demo/articles.toml");

/// The day the file's dates are written around.
const DEMO_TODAY: NaiveDate = match NaiveDate::from_ymd_opt(2026, 11, 26) {
    Some(d) => d,
    None => NaiveDate::MIN,
};

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    item: Vec<Item>,
}

/// One item of `demo/articles.toml`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Item {
    pub slug: String,
    /// `article` (the default) or `page`.
    #[serde(default = "article")]
    pub kind: String,
    pub org: String,
    /// `published` (the default), `submitted`, `returned`, `draft` or `scheduled`.
    #[serde(default = "published")]
    pub state: String,
    /// Local date: of publication (published), of going out (scheduled) or of the last
    /// change (the others).
    pub date: NaiveDate,
    pub title: String,
    pub summary: String,
    #[serde(default)]
    pub topics: Vec<String>,
    #[serde(default)]
    pub audiences: Vec<String>,
    pub source: String,
    /// HTML, cleaned like an editor's input.
    pub body: String,
    /// Why a reviewer returned the item (state `returned`).
    #[serde(default)]
    pub comment: String,
    /// A publication's PDF: its title in the library (the file is a one-page leaflet drawn
    /// by the project, the same picture as the cover).
    #[serde(default)]
    pub document: String,
    /// A photo story's pictures: one caption each (the pictures are drawn by the project).
    #[serde(default)]
    pub photos: Vec<String>,
    /// A video's YouTube or Facebook link (a made-up id: nothing is loaded from there until
    /// a reader presses "Phát video"). Its cover is drawn like the others'.
    #[serde(default)]
    pub video: String,
}

fn article() -> String {
    ContentKind::Article.code().to_owned()
}

fn published() -> String {
    ContentState::Published.code().to_owned()
}

/// The items of the file, or why it does not parse.
pub fn items() -> Result<Vec<Item>> {
    let file: File = toml::from_str(ARTICLES)
        .map_err(|e| Error::Internal(format!("demo/articles.toml: {e}")))?;
    Ok(file.item)
}

/// 09:00 in Vietnam (02:00 UTC) on a local date, moved by `shift`.
fn at(date: NaiveDate, shift: Duration) -> NaiveDateTime {
    (date + shift).and_hms_opt(2, 0, 0).unwrap_or_default()
}

/// Seeds the items whose slug is not taken yet. Returns how many were added.
pub fn seed(app: &App, conn: &mut Conn, actor: &Actor) -> Result<usize> {
    let items = items()?;
    let now = app.now();
    // Only forwards: a demo seeded on an earlier day (the tests of the 2023–2025 plan run
    // with clocks in 2024) keeps the file's 2026 dates, so that news written for 2026 never
    // lands in that plan's reporting windows and changes its figures.
    let shift = (app.clock.today() - DEMO_TODAY).max(Duration::zero());
    let mut cache = crate::portal_products::PlanCache::default();
    write_tx(conn, |c| {
        let mut added = 0;
        for a in &items {
            if store::by_slug(c, &a.slug)?.is_some() {
                continue;
            }
            let org = orgs::by_slug(c, &a.org)?.ok_or_else(|| {
                Error::Internal(format!("demo article {}: unknown org {}", a.slug, a.org))
            })?;
            let kind = ContentKind::from_code(&a.kind).ok_or_else(|| {
                Error::Internal(format!("demo article {}: kind {}", a.slug, a.kind))
            })?;
            let state = ContentState::from_code(&a.state).ok_or_else(|| {
                Error::Internal(format!("demo article {}: state {}", a.slug, a.state))
            })?;
            let fields = ContentFields {
                kind: kind.code().to_owned(),
                slug: a.slug.clone(),
                title: lantoa_viet::normalize(&a.title),
                summary: lantoa_viet::normalize(&a.summary),
                body: crate::content::body_from_input(&a.body).into_string(),
                source: lantoa_viet::normalize(&a.source),
                organisation_id: org.id,
                topics: a.topics.clone(),
                audiences: a.audiences.clone(),
                cover_media_id: None,
            };
            let when = at(a.date, shift);
            // Items still in the workflow were written before "now"; the past is dated so.
            let written = if state == ContentState::Scheduled || when > now {
                now - Duration::days(2)
            } else {
                when
            };
            let video = if a.video.is_empty() {
                None
            } else {
                let link = crate::video::parse_link(&a.video).map_err(|e| {
                    Error::Internal(format!("demo article {}: video: {e:?}", a.slug))
                })?;
                Some(lantoa_store::video::VideoRow {
                    provider: link.provider.code().to_owned(),
                    video_ref: link.reference,
                    media_id: None,
                    start_seconds: link.start.and_then(|s| i32::try_from(s).ok()),
                    captions_media_id: None,
                })
            };
            let id = store::insert(c, &fields, None, state.code(), written)?;
            lantoa_store::video::set(c, id, video.as_ref())?;
            store::add_revision(
                c,
                id,
                &NewRevision {
                    at: written,
                    actor_label: &actor.label,
                    note: "Dữ liệu mẫu",
                    title: &fields.title,
                    summary: &fields.summary,
                    body: &fields.body,
                    source: &fields.source,
                    // A photo story's pictures are drawn and added by `seed_media`, which
                    // records them as the next version.
                    gallery: "",
                    video: &crate::video::to_revision(video.as_ref()),
                },
            )?;
            let (action, from, comment) = match state {
                ContentState::Published => {
                    store::set_published_at(c, id, when)?;
                    // Published on the portal: a communication product (ADR 0013).
                    crate::portal_products::published(c, &mut cache, id, actor, now)?;
                    ("publish", ContentState::Draft, "Dữ liệu mẫu")
                }
                ContentState::Scheduled => {
                    store::set_schedule(c, id, Some(when))?;
                    ("schedule", ContentState::Submitted, "Dữ liệu mẫu")
                }
                ContentState::Submitted => ("submit", ContentState::Draft, "Dữ liệu mẫu"),
                ContentState::Returned => ("return", ContentState::Submitted, a.comment.as_str()),
                _ => ("create", ContentState::Draft, "Dữ liệu mẫu"),
            };
            store::add_event(
                c,
                id,
                &ContentEventRow {
                    at: written,
                    actor_label: actor.label.clone(),
                    action: action.into(),
                    from_state: from.code().into(),
                    to_state: state.code().into(),
                    comment: comment.into(),
                },
            )?;
            added += 1;
        }
        if added > 0 {
            audit::record(
                c,
                now,
                actor,
                "demo.content",
                ("demo", "articles".into()),
                None,
                serde_json::json!({ "articles": added }),
            )?;
        }
        Ok(added)
    })
}

/// More palettes for the covers, so that thirty covers do not look alike.
const SCENES: &[Scene] = &[
    Scene {
        sky: ([150, 200, 150], [226, 244, 214]),
        sun: [255, 250, 200],
        hills: [[150, 200, 90], [96, 164, 70], [58, 120, 52]],
        roof: [40, 110, 170],
        wall: [252, 246, 226],
        words: "mái xanh dương giữa cánh đồng lúa chín",
    },
    Scene {
        sky: ([250, 190, 110], [255, 236, 190]),
        sun: [255, 120, 60],
        hills: [[210, 150, 90], [170, 110, 70], [120, 76, 56]],
        roof: [34, 120, 100],
        wall: [255, 240, 214],
        words: "mái xanh ngọc trên nền đất đỏ, nắng chiều",
    },
    Scene {
        sky: ([40, 110, 170], [150, 206, 236]),
        sun: [250, 250, 250],
        hills: [[70, 170, 210], [30, 120, 180], [16, 78, 130]],
        roof: [250, 196, 40],
        wall: [240, 248, 255],
        words: "mái vàng bên những con sóng biển",
    },
    Scene {
        sky: ([120, 190, 210], [236, 246, 240]),
        sun: [255, 226, 120],
        hills: [[176, 214, 120], [120, 178, 150], [70, 130, 120]],
        roof: [150, 50, 80],
        wall: [255, 248, 240],
        words: "mái đỏ sẫm giữa vườn cây xanh mát",
    },
    Scene {
        sky: ([30, 40, 90], [110, 90, 160]),
        sun: [250, 240, 200],
        hills: [[90, 80, 140], [60, 60, 110], [30, 36, 70]],
        roof: [240, 170, 60],
        wall: [250, 230, 180],
        words: "mái cam dưới trăng, trời đêm tím thẫm",
    },
    Scene {
        sky: ([196, 226, 250], [250, 250, 250]),
        sun: [255, 200, 90],
        hills: [[200, 220, 230], [150, 180, 200], [100, 130, 160]],
        roof: [60, 80, 100],
        wall: [255, 255, 255],
        words: "mái xám tro trong buổi sớm nhiều sương",
    },
    Scene {
        sky: ([250, 150, 160], [255, 220, 200]),
        sun: [255, 250, 230],
        hills: [[240, 180, 120], [200, 130, 110], [140, 90, 100]],
        roof: [90, 40, 60],
        wall: [255, 236, 220],
        words: "mái nâu giữa đồi hồng rực lúc bình minh",
    },
    Scene {
        sky: ([90, 170, 120], [200, 236, 200]),
        sun: [255, 240, 150],
        hills: [[60, 160, 100], [30, 120, 80], [20, 80, 60]],
        roof: [220, 60, 60],
        wall: [255, 250, 220],
        words: "mái đỏ tươi giữa rừng tràm xanh thẫm",
    },
];

/// Gives each of these items that has no cover yet a drawn illustration (once; after
/// [`seed`]). Nothing when the application stores no media.
pub fn seed_media(app: &App, conn: &mut Conn) -> Result<usize> {
    if app.media.dir.is_none() {
        return Ok(0);
    }
    let actor = Actor::system("demo");
    let mut added = 0;
    for (n, a) in items()?.iter().enumerate() {
        let Some(row) = store::by_slug(conn, &a.slug)? else {
            continue;
        };
        if row.cover_media_id.is_some() {
            // A demo seeded before page counts were kept gets its leaflet's count now.
            if let Some((doc, None)) = lantoa_store::publications::of(conn, row.id)? {
                let pages = crate::publications::pages_to_store(app, conn, Some(doc), None)?;
                if pages.is_some() {
                    lantoa_store::publications::set(conn, row.id, Some(doc), pages)?;
                }
            }
            continue;
        }
        // Different palettes, and a different layout from the older demo articles'.
        let org = OrgId(row.organisation_id);
        let (img, alt) = crate::demo::paint(&SCENES[n % SCENES.len()], n + 11);
        let picture = image::DynamicImage::ImageRgb8(img);
        let id = crate::media::add_generated(
            app,
            conn,
            org,
            picture.clone(),
            &format!("minh-hoa-{}.jpg", a.slug),
            &alt,
            CREDIT,
            &actor,
        )?;
        lantoa_store::media::set_cover(conn, row.id, Some(id))?;
        if row.kind == ContentKind::Publication.code() && !a.document.is_empty() {
            let pdf = leaflet(&picture)?;
            let doc = crate::media::add_generated_document(
                app,
                conn,
                org,
                &pdf,
                &format!("{}.pdf", a.slug),
                &a.document,
                CREDIT,
                &actor,
            )?;
            let pages = crate::publications::pages_to_store(app, conn, Some(doc), None)?;
            lantoa_store::publications::set(conn, row.id, Some(doc), pages)?;
        }
        if row.kind == ContentKind::PhotoStory.code() && !a.photos.is_empty() {
            let mut gallery = Vec::new();
            for (k, caption) in a.photos.iter().enumerate() {
                let (img, alt) =
                    crate::demo::paint(&SCENES[(n + k + 1) % SCENES.len()], n + 40 + k);
                let media_id = crate::media::add_generated(
                    app,
                    conn,
                    org,
                    image::DynamicImage::ImageRgb8(img),
                    &format!("anh-{}-{}.jpg", a.slug, k + 1),
                    &alt,
                    CREDIT,
                    &actor,
                )?;
                gallery.push(lantoa_store::gallery::NewGalleryItem {
                    media_id,
                    caption: lantoa_viet::normalize(caption),
                    credit: String::new(),
                });
            }
            write_tx(conn, |c| {
                lantoa_store::gallery::set(c, row.id, &gallery)?;
                store::add_revision(
                    c,
                    row.id,
                    &NewRevision {
                        at: row.updated_at,
                        actor_label: &actor.label,
                        note: "Dữ liệu mẫu: ảnh của phóng sự",
                        title: &row.title,
                        summary: &row.summary,
                        body: &row.body,
                        source: &row.source,
                        gallery: &crate::gallery::to_revision(&gallery),
                        video: "",
                    },
                )?;
                Ok::<_, Error>(())
            })?;
        }
        added += 1;
    }
    Ok(added)
}

/// The credit of everything the demo draws.
const CREDIT: &str = "Tranh minh họa: lantoa";

/// A one-page landscape leaflet (A5 wide) showing a drawn picture.
fn leaflet(picture: &image::DynamicImage) -> Result<Vec<u8>> {
    let mut jpeg = std::io::Cursor::new(Vec::new());
    picture
        .write_to(&mut jpeg, image::ImageFormat::Jpeg)
        .map_err(|e| Error::Internal(format!("encoding a demo leaflet: {e}")))?;
    let (w, h) = (picture.width(), picture.height());
    let height = 595 * h / w.max(1);
    Ok(crate::publications::picture_pdf(
        &jpeg.into_inner(),
        (w, h),
        595,
        height,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use lantoa_domain::content::{AUDIENCES, TOPICS};

    #[test]
    fn the_file_parses_with_known_topics_audiences_kinds_and_states() {
        let items = items().unwrap();
        assert!(items.len() >= 20, "{}", items.len());
        for i in &items {
            assert!(ContentKind::from_code(&i.kind).is_some(), "{}", i.slug);
            assert!(ContentState::from_code(&i.state).is_some(), "{}", i.slug);
            for t in &i.topics {
                assert!(TOPICS.iter().any(|x| x.code == t), "{}: {t}", i.slug);
            }
            for a in &i.audiences {
                assert!(AUDIENCES.iter().any(|x| x.code == a), "{}: {a}", i.slug);
            }
            // A publication offers a file, a photo story shows pictures; nothing else does.
            let kind = ContentKind::from_code(&i.kind);
            assert_eq!(
                !i.document.is_empty(),
                kind == Some(ContentKind::Publication),
                "{}",
                i.slug
            );
            assert_eq!(
                !i.photos.is_empty(),
                kind == Some(ContentKind::PhotoStory),
                "{}",
                i.slug
            );
            assert_eq!(
                !i.video.is_empty(),
                kind == Some(ContentKind::Video),
                "{}",
                i.slug
            );
            if !i.video.is_empty() {
                assert!(crate::video::parse_link(&i.video).is_ok(), "{}", i.slug);
            }
        }
        for kind in [
            ContentKind::Publication,
            ContentKind::PhotoStory,
            ContentKind::Video,
        ] {
            assert!(items.iter().any(|i| i.kind == kind.code()), "{kind:?}");
        }
    }
}
