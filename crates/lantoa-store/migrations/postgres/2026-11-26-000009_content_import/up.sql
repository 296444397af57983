-- Content imported from other systems (lantoa import content): the id the item has there, so
-- a re-import updates it instead of adding a copy, and the cover image path as given (the
-- media library does not exist yet). Keep in step with ../../sqlite/<same name>/up.sql.

ALTER TABLE contents ADD COLUMN external_id TEXT;
ALTER TABLE contents ADD COLUMN cover_image TEXT NOT NULL DEFAULT '';
-- Unique when present; any number of items without one.
CREATE UNIQUE INDEX contents_external_id ON contents (external_id);
