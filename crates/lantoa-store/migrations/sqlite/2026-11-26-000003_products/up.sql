-- Communication products (sản phẩm truyền thông): what an organisation actually produced
-- for an activity of a plan. Keep in step with ../../postgres/<same name>/up.sql.

CREATE TABLE products (
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
CREATE INDEX products_org_date ON products (organisation_id, produced_on);
CREATE INDEX products_plan_date ON products (plan_id, produced_on);
CREATE INDEX products_activity ON products (activity_id);
