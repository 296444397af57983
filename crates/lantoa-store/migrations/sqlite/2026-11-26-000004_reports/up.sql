-- Reports (báo cáo): one organisation's report for one period of a plan, its figures per
-- activity and its history. Keep in step with ../../postgres/<same name>/up.sql.

CREATE TABLE reports (
    id INTEGER PRIMARY KEY NOT NULL,
    plan_id BIGINT NOT NULL REFERENCES plans (id),
    organisation_id BIGINT NOT NULL REFERENCES organisations (id),
    period_kind TEXT NOT NULL,
    year INTEGER NOT NULL,
    state TEXT NOT NULL,
    results TEXT NOT NULL DEFAULT '',
    shortcomings TEXT NOT NULL DEFAULT '',
    difficulties TEXT NOT NULL DEFAULT '',
    proposals TEXT NOT NULL DEFAULT '',
    next_steps TEXT NOT NULL DEFAULT '',
    first_submitted_at TIMESTAMP,
    submitted_at TIMESTAMP,
    accepted_at TIMESTAMP,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    UNIQUE (plan_id, organisation_id, period_kind, year)
);

CREATE TABLE report_figures (
    id INTEGER PRIMARY KEY NOT NULL,
    report_id BIGINT NOT NULL REFERENCES reports (id) ON DELETE CASCADE,
    activity_id BIGINT NOT NULL REFERENCES plan_activities (id),
    quantity_auto INTEGER,
    quantity_override INTEGER,
    reason TEXT NOT NULL DEFAULT '',
    UNIQUE (report_id, activity_id)
);

CREATE TABLE report_events (
    id INTEGER PRIMARY KEY NOT NULL,
    report_id BIGINT NOT NULL REFERENCES reports (id) ON DELETE CASCADE,
    at TIMESTAMP NOT NULL,
    actor_label TEXT NOT NULL,
    action TEXT NOT NULL,
    comment TEXT NOT NULL DEFAULT ''
);
CREATE INDEX report_events_report ON report_events (report_id);
