DROP TABLE content_revisions;
DROP INDEX contents_scheduled;
ALTER TABLE contents DROP COLUMN scheduled_at;
