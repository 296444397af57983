-- Captions for uploaded videos (issue 3, WCAG 2.1 success criterion 1.2.2;
-- docs/adr/0023-videos.md, "Captions"): content_videos.captions_media_id is a WebVTT file of
-- the media library (kind 'captions') shown as the player's <track kind="captions">; NULL: the
-- video has no captions (the page says so). Only uploads have captions. Revisions keep it in
-- their JSON; a caption file in use cannot be deleted from the library.
-- Keep in step with ../../postgres/<same name>/up.sql.

ALTER TABLE content_videos ADD COLUMN captions_media_id BIGINT REFERENCES media (id);
CREATE INDEX content_videos_captions ON content_videos (captions_media_id);
