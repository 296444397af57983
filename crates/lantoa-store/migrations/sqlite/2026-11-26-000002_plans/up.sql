-- Plans (kế hoạch) with their document numbers as written, narrative sections,
-- responsibilities (section VIII), reporting periods (section IX) and the activity tree of
-- the appendix. Keep in step with ../../postgres/<same name>/up.sql.

CREATE TABLE plans (
    id INTEGER PRIMARY KEY NOT NULL,
    slug TEXT NOT NULL UNIQUE,
    title TEXT NOT NULL,
    document_type TEXT NOT NULL,
    issuer_id BIGINT REFERENCES organisations (id),
    issuer_name TEXT NOT NULL,
    place TEXT NOT NULL,
    issued_on DATE NOT NULL,
    start_year INTEGER NOT NULL,
    end_year INTEGER NOT NULL,
    lead_id BIGINT REFERENCES organisations (id),
    signer_name TEXT NOT NULL,
    signer_title TEXT NOT NULL,
    recipients TEXT NOT NULL,
    legal_basis TEXT NOT NULL,
    reporting_text TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);

CREATE TABLE plan_numbers (
    id INTEGER PRIMARY KEY NOT NULL,
    plan_id BIGINT NOT NULL REFERENCES plans (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    text TEXT NOT NULL,
    written_in TEXT NOT NULL
);
CREATE INDEX plan_numbers_plan ON plan_numbers (plan_id);

CREATE TABLE plan_sections (
    id INTEGER PRIMARY KEY NOT NULL,
    plan_id BIGINT NOT NULL REFERENCES plans (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    code TEXT NOT NULL,
    title TEXT NOT NULL,
    body TEXT NOT NULL
);
CREATE INDEX plan_sections_plan ON plan_sections (plan_id);

CREATE TABLE plan_responsibilities (
    id INTEGER PRIMARY KEY NOT NULL,
    plan_id BIGINT NOT NULL REFERENCES plans (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    code TEXT NOT NULL,
    heading TEXT NOT NULL,
    units TEXT NOT NULL,
    items TEXT NOT NULL,
    body TEXT NOT NULL
);
CREATE INDEX plan_responsibilities_plan ON plan_responsibilities (plan_id);

CREATE TABLE plan_periods (
    id INTEGER PRIMARY KEY NOT NULL,
    plan_id BIGINT NOT NULL REFERENCES plans (id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    label TEXT NOT NULL,
    window_from TEXT NOT NULL,
    window_from_previous_year BOOLEAN NOT NULL,
    window_to TEXT NOT NULL,
    unit_due TEXT NOT NULL,
    lead_due TEXT NOT NULL,
    UNIQUE (plan_id, kind)
);

CREATE TABLE plan_activities (
    id INTEGER PRIMARY KEY NOT NULL,
    plan_id BIGINT NOT NULL REFERENCES plans (id) ON DELETE CASCADE,
    parent_id BIGINT REFERENCES plan_activities (id),
    position INTEGER NOT NULL,
    code TEXT NOT NULL,
    title TEXT NOT NULL,
    expected_products TEXT NOT NULL,
    years TEXT NOT NULL,
    UNIQUE (plan_id, code)
);

CREATE TABLE plan_activity_units (
    id INTEGER PRIMARY KEY NOT NULL,
    activity_id BIGINT NOT NULL REFERENCES plan_activities (id) ON DELETE CASCADE,
    role TEXT NOT NULL,
    position INTEGER NOT NULL,
    organisation_id BIGINT REFERENCES organisations (id),
    org_kind TEXT,
    label TEXT NOT NULL
);
CREATE INDEX plan_activity_units_activity ON plan_activity_units (activity_id);
CREATE INDEX plan_activity_units_organisation ON plan_activity_units (organisation_id);
