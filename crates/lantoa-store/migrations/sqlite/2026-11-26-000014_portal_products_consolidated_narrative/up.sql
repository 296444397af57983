-- Products from the portal and the consolidated report's narrative (docs/adr/0013).
-- Keep in step with ../../postgres/<same name>/up.sql.
--
-- 1. Plans say how the portal's published content counts (plan-file key [[portal_activity]]):
--    an ordered JSON list of {activity, kinds, topics}.
-- 2. A product may wait for its activity (NULL until the unit assigns one), may come from a
--    content item of the portal (content_id; one product per plan and item), and is marked
--    (content_removed_at) when its item left the portal after a report counted it.
--    SQLite cannot drop NOT NULL in place: the table is rebuilt with the same columns, the
--    new ones last (as PostgreSQL's ADD COLUMN puts them), and its indexes are recreated.
-- 3. consolidated_reports: the lead department's narrative draft for a period.

ALTER TABLE plans ADD COLUMN portal_rules TEXT NOT NULL DEFAULT '[]';

CREATE TABLE products_rebuilt (
    id INTEGER PRIMARY KEY NOT NULL,
    plan_id BIGINT NOT NULL REFERENCES plans (id),
    activity_id BIGINT REFERENCES plan_activities (id),
    organisation_id BIGINT NOT NULL REFERENCES organisations (id),
    kind TEXT NOT NULL,
    title TEXT NOT NULL,
    quantity INTEGER NOT NULL,
    produced_on DATE NOT NULL,
    channel TEXT NOT NULL DEFAULT '',
    place TEXT NOT NULL DEFAULT '',
    reach BIGINT,
    reach_kind TEXT,
    reach_source TEXT NOT NULL DEFAULT '',
    evidence_url TEXT NOT NULL DEFAULT '',
    note TEXT NOT NULL DEFAULT '',
    source TEXT NOT NULL,
    created_by BIGINT REFERENCES users (id),
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    content_id BIGINT REFERENCES contents (id),
    content_removed_at TIMESTAMP
);
INSERT INTO products_rebuilt (
    id, plan_id, activity_id, organisation_id, kind, title, quantity, produced_on, channel,
    place, reach, reach_kind, reach_source, evidence_url, note, source, created_by,
    created_at, updated_at
)
SELECT
    id, plan_id, activity_id, organisation_id, kind, title, quantity, produced_on, channel,
    place, reach, reach_kind, reach_source, evidence_url, note, source, created_by,
    created_at, updated_at
FROM products;
DROP TABLE products;
ALTER TABLE products_rebuilt RENAME TO products;
CREATE INDEX products_org_date ON products (organisation_id, produced_on);
CREATE INDEX products_plan_date ON products (plan_id, produced_on);
CREATE INDEX products_activity ON products (activity_id);
CREATE INDEX products_plan_updated ON products (plan_id, updated_at);
CREATE UNIQUE INDEX products_plan_content ON products (plan_id, content_id);
CREATE INDEX products_content ON products (content_id);

CREATE TABLE consolidated_reports (
    id INTEGER PRIMARY KEY NOT NULL,
    plan_id BIGINT NOT NULL REFERENCES plans (id),
    period_kind TEXT NOT NULL,
    year INTEGER NOT NULL,
    results TEXT NOT NULL DEFAULT '',
    shortcomings TEXT NOT NULL DEFAULT '',
    difficulties TEXT NOT NULL DEFAULT '',
    proposals TEXT NOT NULL DEFAULT '',
    next_steps TEXT NOT NULL DEFAULT '',
    updated_by BIGINT REFERENCES users (id),
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    UNIQUE (plan_id, period_kind, year)
);
