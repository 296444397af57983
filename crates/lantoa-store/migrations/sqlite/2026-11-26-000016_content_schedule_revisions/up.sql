-- Scheduled publishing and revisions of content (issue 3, points 2 and 3): the time an
-- approver set for an item to go out (the publishing job reads it, so a schedule survives
-- restarts), and every saved version of an item's text for the diff and restore.
-- Keep in step with ../../postgres/<same name>/up.sql.

ALTER TABLE contents ADD COLUMN scheduled_at TIMESTAMP;
CREATE INDEX contents_scheduled ON contents (state, scheduled_at);

CREATE TABLE content_revisions (
    id INTEGER PRIMARY KEY NOT NULL,
    content_id BIGINT NOT NULL REFERENCES contents (id) ON DELETE CASCADE,
    number INTEGER NOT NULL,
    at TIMESTAMP NOT NULL,
    actor_label TEXT NOT NULL,
    note TEXT NOT NULL DEFAULT '',
    title TEXT NOT NULL,
    summary TEXT NOT NULL DEFAULT '',
    body TEXT NOT NULL DEFAULT '',
    source TEXT NOT NULL DEFAULT '',
    UNIQUE (content_id, number)
);
