ALTER TABLE content_revisions DROP COLUMN video;
DROP TABLE content_videos;
