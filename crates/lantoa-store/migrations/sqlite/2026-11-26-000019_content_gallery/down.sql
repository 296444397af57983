ALTER TABLE content_revisions DROP COLUMN gallery;
DROP TABLE content_gallery_items;
