ALTER TABLE content_publications DROP COLUMN page_count;
ALTER TABLE content_videos DROP COLUMN start_seconds;
