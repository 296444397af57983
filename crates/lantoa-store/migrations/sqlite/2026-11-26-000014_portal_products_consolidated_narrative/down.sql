DROP TABLE consolidated_reports;

-- Products without an activity cannot go back to the old table.
DELETE FROM products WHERE activity_id IS NULL;
CREATE TABLE products_old (
    id INTEGER PRIMARY KEY NOT NULL,
    plan_id BIGINT NOT NULL REFERENCES plans (id),
    activity_id BIGINT NOT NULL REFERENCES plan_activities (id),
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
    updated_at TIMESTAMP NOT NULL
);
INSERT INTO products_old
SELECT
    id, plan_id, activity_id, organisation_id, kind, title, quantity, produced_on, channel,
    place, reach, reach_kind, reach_source, evidence_url, note, source, created_by,
    created_at, updated_at
FROM products;
DROP TABLE products;
ALTER TABLE products_old RENAME TO products;
CREATE INDEX products_org_date ON products (organisation_id, produced_on);
CREATE INDEX products_plan_date ON products (plan_id, produced_on);
CREATE INDEX products_activity ON products (activity_id);
CREATE INDEX products_plan_updated ON products (plan_id, updated_at);

ALTER TABLE plans DROP COLUMN portal_rules;
