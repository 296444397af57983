DROP INDEX content_videos_captions;
ALTER TABLE content_videos DROP COLUMN captions_media_id;
