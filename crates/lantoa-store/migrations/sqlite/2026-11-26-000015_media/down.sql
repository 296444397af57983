DROP INDEX contents_cover;
ALTER TABLE contents DROP COLUMN cover_media_id;
DROP TABLE media_files;
DROP TABLE media;
