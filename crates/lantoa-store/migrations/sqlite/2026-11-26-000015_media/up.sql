-- The media library (issue 3, point 4; docs/adr/0014-media-pipeline.md): uploaded images and
-- PDF documents of an organisation, with their alt text and credit, and the files stored for
-- each (an image's re-encoded responsive variants; a document's file as uploaded). Files live
-- under <data_dir>/media, named by the hash of their bytes. Content items may take an image
-- as their cover. Keep in step with ../../postgres/<same name>/up.sql.

CREATE TABLE media (
    id INTEGER PRIMARY KEY NOT NULL,
    organisation_id BIGINT NOT NULL REFERENCES organisations (id),
    kind TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    original_name TEXT NOT NULL DEFAULT '',
    bytes BIGINT NOT NULL,
    width INTEGER NOT NULL DEFAULT 0,
    height INTEGER NOT NULL DEFAULT 0,
    alt TEXT NOT NULL,
    credit TEXT NOT NULL DEFAULT '',
    uploaded_by BIGINT REFERENCES users (id),
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX media_org ON media (organisation_id, created_at);
CREATE INDEX media_sha256 ON media (sha256);

CREATE TABLE media_files (
    id INTEGER PRIMARY KEY NOT NULL,
    media_id BIGINT NOT NULL REFERENCES media (id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    content_type TEXT NOT NULL,
    width INTEGER NOT NULL DEFAULT 0,
    height INTEGER NOT NULL DEFAULT 0,
    bytes BIGINT NOT NULL
);
CREATE INDEX media_files_media ON media_files (media_id);
CREATE INDEX media_files_name ON media_files (name);

ALTER TABLE contents ADD COLUMN cover_media_id BIGINT REFERENCES media (id);
CREATE INDEX contents_cover ON contents (cover_media_id);
