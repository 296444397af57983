-- Videos (issue 3, point 1; docs/adr/0023-videos.md): the video of a content item of kind
-- `video`, either a video file of the media library (`provider` 'upload', `media_id`) or a
-- YouTube or Facebook video (`provider` 'youtube' or 'facebook', `video_ref` the YouTube id or
-- the normalised Facebook address), shown as a poster until the reader clicks. Revisions keep
-- the choice as it was saved (JSON), so a restore brings the video back with the text.
-- Keep in step with ../../sqlite/<same name>/up.sql.

CREATE TABLE content_videos (
    content_id BIGINT PRIMARY KEY REFERENCES contents (id) ON DELETE CASCADE,
    provider TEXT NOT NULL CHECK (provider IN ('upload', 'youtube', 'facebook')),
    video_ref TEXT NOT NULL DEFAULT '',
    media_id BIGINT REFERENCES media (id),
    CHECK ((provider = 'upload') = (media_id IS NOT NULL))
);
CREATE INDEX content_videos_media ON content_videos (media_id);

ALTER TABLE content_revisions ADD COLUMN video TEXT NOT NULL DEFAULT '';
