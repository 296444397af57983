-- Photo stories (phóng sự ảnh; issue 3, point 1; docs/adr/0018-content-kinds.md): the
-- ordered images of an item, each an image of the media library with its caption (chú thích)
-- and its credit (tác giả ảnh; empty: the library item's credit is shown). Revisions keep the
-- gallery as it was saved (JSON), so a restore brings the photos back with the text.
-- Keep in step with ../../postgres/<same name>/up.sql.

CREATE TABLE content_gallery_items (
    id INTEGER PRIMARY KEY NOT NULL,
    content_id BIGINT NOT NULL REFERENCES contents (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    media_id BIGINT NOT NULL REFERENCES media (id),
    caption TEXT NOT NULL DEFAULT '',
    credit TEXT NOT NULL DEFAULT '',
    UNIQUE (content_id, position)
);
CREATE INDEX content_gallery_items_media ON content_gallery_items (media_id);

ALTER TABLE content_revisions ADD COLUMN gallery TEXT NOT NULL DEFAULT '';
