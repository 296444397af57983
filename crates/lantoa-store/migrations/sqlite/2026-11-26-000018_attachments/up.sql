-- Attachments (issue 5, points 1 and 4; docs/adr/0020-attachments.md): files kept with a plan
-- (public, on the plan's page) or with one organisation's report (back office only). The file
-- lives under <data_dir>/attachments, named by the hash of its bytes (`name`); a report
-- attachment has `report_id`, a plan attachment has none. Keep in step with
-- ../../postgres/<same name>/up.sql.

CREATE TABLE attachments (
    id INTEGER PRIMARY KEY NOT NULL,
    plan_id BIGINT NOT NULL REFERENCES plans (id),
    report_id BIGINT REFERENCES reports (id),
    name TEXT NOT NULL,
    file_type TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    bytes BIGINT NOT NULL,
    original_name TEXT NOT NULL,
    title TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    uploaded_by BIGINT REFERENCES users (id),
    uploaded_at TIMESTAMP NOT NULL
);
CREATE INDEX attachments_plan ON attachments (plan_id, report_id);
CREATE INDEX attachments_report ON attachments (report_id);
CREATE INDEX attachments_name ON attachments (name);
