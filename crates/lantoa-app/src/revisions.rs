//! Revisions of content (issue 3, point 2): every save that changes the text of an item
//! (title, summary, body, source, a photo story's gallery, a video item's video) is kept as a numbered version;
//! editors compare a version with the one before it word by word and restore an old version
//! while the item is editable (draft or returned). A restore is itself a new version, so
//! nothing is ever lost.

use lantoa_domain::OrgId;
use lantoa_domain::access::Principal;
use lantoa_domain::content::{ContentAction, ContentState, transition};
use lantoa_store::content::{self as store, ContentFields, RevisionRow};
use lantoa_store::{Conn, write_tx};
use similar::{ChangeTag, TextDiff};

use crate::audit::{self, Actor};
use crate::{App, Error, RequestMeta, Result, html};

/// A run of words in a diff.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Segment {
    Same(String),
    Added(String),
    Removed(String),
}

/// What changed in one field between two versions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldDiff {
    /// The field's Vietnamese name.
    pub label: &'static str,
    pub segments: Vec<Segment>,
}

impl FieldDiff {
    pub fn changed(&self) -> bool {
        self.segments.iter().any(|s| !matches!(s, Segment::Same(_)))
    }
}

/// A word diff of two texts, runs of the same kind merged.
pub fn diff_words(old: &str, new: &str) -> Vec<Segment> {
    let diff = TextDiff::from_words(old, new);
    let mut out: Vec<Segment> = Vec::new();
    for change in diff.iter_all_changes() {
        let text = change.value();
        match (change.tag(), out.last_mut()) {
            (ChangeTag::Equal, Some(Segment::Same(s)))
            | (ChangeTag::Insert, Some(Segment::Added(s)))
            | (ChangeTag::Delete, Some(Segment::Removed(s))) => s.push_str(text),
            (ChangeTag::Equal, _) => out.push(Segment::Same(text.to_owned())),
            (ChangeTag::Insert, _) => out.push(Segment::Added(text.to_owned())),
            (ChangeTag::Delete, _) => out.push(Segment::Removed(text.to_owned())),
        }
    }
    out
}

/// The body as readable text for comparing: paragraphs on their own lines, no markup.
fn body_text(body: &str) -> String {
    html::to_text(body)
}

/// The history page: the item's versions, newest first, and whether it can be restored now.
#[derive(Debug, Clone)]
pub struct RevisionList {
    pub content_id: i64,
    pub title: String,
    pub revisions: Vec<RevisionRow>,
    pub can_restore: bool,
}

fn readable(conn: &mut Conn, principal: &Principal, id: i64) -> Result<store::ContentRow> {
    let row = store::get(conn, id)?.ok_or(Error::NotFound)?;
    let org = OrgId(row.organisation_id);
    if principal.reader_of(org).is_err() && principal.approver_of(org).is_err() {
        return Err(Error::Denied);
    }
    Ok(row)
}

fn restorable(principal: &Principal, row: &store::ContentRow) -> bool {
    principal.editor_of(OrgId(row.organisation_id)).is_ok()
        && ContentState::from_code(&row.state).is_some_and(ContentState::editable)
}

pub fn list(conn: &mut Conn, principal: &Principal, id: i64) -> Result<RevisionList> {
    let row = readable(conn, principal, id)?;
    Ok(RevisionList {
        content_id: id,
        can_restore: restorable(principal, &row),
        title: row.title,
        revisions: store::revisions(conn, id)?,
    })
}

/// One version compared with the version before it (the first with nothing).
#[derive(Debug, Clone)]
pub struct RevisionCompare {
    pub content_id: i64,
    pub title: String,
    pub revision: RevisionRow,
    /// The number of the version it is compared with.
    pub previous: Option<i32>,
    pub fields: Vec<FieldDiff>,
    /// It differs from the current text and the item is editable by the principal.
    pub can_restore: bool,
}

pub fn compare(
    conn: &mut Conn,
    principal: &Principal,
    id: i64,
    number: i32,
) -> Result<RevisionCompare> {
    let row = readable(conn, principal, id)?;
    let revision = store::revision(conn, id, number)?.ok_or(Error::NotFound)?;
    let previous = if number > 1 {
        store::revision(conn, id, number - 1)?
    } else {
        None
    };
    let old = |f: fn(&RevisionRow) -> String| previous.as_ref().map(f).unwrap_or_default();
    let fields = vec![
        FieldDiff {
            label: "Tiêu đề",
            segments: diff_words(&old(|r| r.title.clone()), &revision.title),
        },
        FieldDiff {
            label: "Tóm tắt",
            segments: diff_words(&old(|r| r.summary.clone()), &revision.summary),
        },
        FieldDiff {
            label: "Nội dung",
            segments: diff_words(&old(|r| body_text(&r.body)), &body_text(&revision.body)),
        },
        FieldDiff {
            label: "Nguồn, tác giả",
            segments: diff_words(&old(|r| r.source.clone()), &revision.source),
        },
        FieldDiff {
            label: "Ảnh của phóng sự",
            segments: diff_words(
                &old(|r| crate::gallery::revision_text(&r.gallery)),
                &crate::gallery::revision_text(&revision.gallery),
            ),
        },
        FieldDiff {
            label: "Video",
            segments: diff_words(
                &old(|r| crate::video::revision_text(&r.video)),
                &crate::video::revision_text(&revision.video),
            ),
        },
    ];
    let gallery_now = crate::gallery::to_revision(&crate::gallery::saved(conn, id)?);
    let video_now = crate::video::to_revision(crate::video::saved(conn, id)?.as_ref());
    let current = row.title == revision.title
        && row.summary == revision.summary
        && row.body == revision.body
        && row.source == revision.source
        && gallery_now == revision.gallery
        && video_now == revision.video;
    Ok(RevisionCompare {
        content_id: id,
        can_restore: !current && restorable(principal, &row),
        title: row.title,
        previous: previous.map(|p| p.number),
        revision,
        fields,
    })
}

/// Puts an old version's text back (title, summary, body, source; topics, organisation and
/// address stay as they are) as a new version. Only editors, only while the item is a draft
/// or returned. Returns the new version's number.
pub fn restore(
    app: &App,
    conn: &mut Conn,
    principal: &Principal,
    id: i64,
    number: i32,
    meta: &RequestMeta,
) -> Result<i32> {
    let row = store::get(conn, id)?.ok_or(Error::NotFound)?;
    let org = OrgId(row.organisation_id);
    let cap = principal.editor_of(org)?;
    let state = ContentState::from_code(&row.state)
        .ok_or_else(|| Error::Internal(format!("unknown content state {}", row.state)))?;
    transition(state, ContentAction::Save).map_err(|e| Error::Conflict(e.message().to_owned()))?;
    let revision = store::revision(conn, id, number)?.ok_or(Error::NotFound)?;
    let now = app.now();
    let actor = Actor::principal(cap.principal(), meta);
    let fields = ContentFields {
        kind: row.kind.clone(),
        slug: row.slug.clone(),
        title: revision.title.clone(),
        summary: revision.summary.clone(),
        // Cleaned again with today's allow-list, like every save.
        body: html::from_input(&revision.body).into_string(),
        source: revision.source.clone(),
        organisation_id: row.organisation_id,
        topics: store::topics_of(conn, id)?,
        audiences: store::audiences_of(conn, id)?,
        // Versions hold the text; the cover stays as it is now.
        cover_media_id: row.cover_media_id,
    };
    // A photo story's images come back too, but only those still in the organisation's
    // library (an image deleted since is left out rather than failing the restore).
    let mut gallery = crate::gallery::from_revision(&revision.gallery);
    let mut kept = Vec::with_capacity(gallery.len());
    for g in gallery.drain(..) {
        if crate::media::check_cover(conn, g.media_id, row.organisation_id)?.is_ok() {
            kept.push(g);
        }
    }
    let gallery = kept;
    let gallery_json = crate::gallery::to_revision(&gallery);
    // A video item's video comes back too; a file since deleted from the library (or moved
    // to another organisation's) is left out, and the item keeps the video it has now.
    let is_video = row.kind == lantoa_domain::content::ContentKind::Video.code();
    let mut video = crate::video::from_revision(&revision.video);
    if let Some(media_id) = video.as_ref().and_then(|v| v.media_id) {
        let usable = lantoa_store::media::get(conn, media_id)?.is_some_and(|m| {
            m.kind == crate::media::KIND_VIDEO && m.organisation_id == row.organisation_id
        });
        if !usable {
            video = None;
        }
    }
    // Its captions likewise: a caption file deleted or moved since is left out (the video
    // comes back without them).
    if let Some(v) = video.as_mut()
        && let Some(captions) = v.captions_media_id
    {
        let usable = lantoa_store::media::get(conn, captions)?.is_some_and(|m| {
            m.kind == crate::media::KIND_CAPTIONS && m.organisation_id == row.organisation_id
        });
        if !usable {
            v.captions_media_id = None;
        }
    }
    if is_video && video.is_none() {
        video = crate::video::saved(conn, id)?;
    }
    let video_json = crate::video::to_revision(video.as_ref());
    let note = format!("Khôi phục từ phiên bản {number}");
    let new_number = write_tx(conn, |c| {
        // Still editable inside the transaction (someone may have submitted meanwhile).
        if store::get(c, id)?.is_none_or(|r| r.state != row.state) {
            return Err(Error::Conflict(
                "Nội dung vừa được người khác thay đổi; vui lòng tải lại trang.".into(),
            ));
        }
        store::update(c, id, &fields, now)?;
        if row.kind == lantoa_domain::content::ContentKind::PhotoStory.code() {
            lantoa_store::gallery::set(c, id, &gallery)?;
        }
        if is_video {
            lantoa_store::video::set(c, id, video.as_ref())?;
        }
        let added = store::add_revision(
            c,
            id,
            &store::NewRevision {
                at: now,
                actor_label: &actor.label,
                note: &note,
                title: &fields.title,
                summary: &fields.summary,
                body: &fields.body,
                source: &fields.source,
                gallery: &gallery_json,
                video: &video_json,
            },
        )?;
        store::add_event(
            c,
            id,
            &store::ContentEventRow {
                at: now,
                actor_label: actor.label.clone(),
                action: "restore".into(),
                from_state: state.code().into(),
                to_state: state.code().into(),
                comment: note.clone(),
            },
        )?;
        audit::record(
            c,
            now,
            &actor,
            "content.restore",
            ("content", id.to_string()),
            Some(org),
            serde_json::json!({ "slug": row.slug, "revision": number }),
        )?;
        Ok::<_, Error>(added.unwrap_or(number))
    })?;
    crate::search::content_changed(app, conn, id);
    Ok(new_number)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn word_diffs_mark_what_was_added_and_removed() {
        let d = diff_words(
            "Tuyển sinh nghề hàn năm 2025",
            "Tuyển sinh nghề điện năm 2026",
        );
        let added: String = d
            .iter()
            .filter_map(|s| match s {
                Segment::Added(t) => Some(t.as_str()),
                _ => None,
            })
            .collect();
        let removed: String = d
            .iter()
            .filter_map(|s| match s {
                Segment::Removed(t) => Some(t.as_str()),
                _ => None,
            })
            .collect();
        assert!(added.contains("điện") && added.contains("2026"), "{d:?}");
        assert!(removed.contains("hàn") && removed.contains("2025"), "{d:?}");
        assert!(matches!(&d[0], Segment::Same(t) if t.starts_with("Tuyển sinh nghề")));
    }

    #[test]
    fn the_same_text_has_no_change() {
        let d = FieldDiff {
            label: "Tiêu đề",
            segments: diff_words("Học nghề", "Học nghề"),
        };
        assert!(!d.changed());
    }
}
