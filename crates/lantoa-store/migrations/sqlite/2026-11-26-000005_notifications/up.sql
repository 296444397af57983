-- In-app notifications to an organisation (report reminders, returned reports).
-- Keep in step with ../../postgres/<same name>/up.sql.

CREATE TABLE notifications (
    id INTEGER PRIMARY KEY NOT NULL,
    organisation_id BIGINT NOT NULL REFERENCES organisations (id),
    kind TEXT NOT NULL,
    message TEXT NOT NULL,
    link TEXT NOT NULL,
    dedupe_key TEXT NOT NULL UNIQUE,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX notifications_org ON notifications (organisation_id, created_at);
