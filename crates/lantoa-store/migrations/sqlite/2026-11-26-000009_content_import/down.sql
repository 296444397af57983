DROP INDEX contents_external_id;
ALTER TABLE contents DROP COLUMN cover_image;
ALTER TABLE contents DROP COLUMN external_id;
