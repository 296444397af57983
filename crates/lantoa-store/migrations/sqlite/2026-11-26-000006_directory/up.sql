-- The directory: occupations (ngành, nghề) by level, and the directory profile of the
-- organisations that are vocational institutions. Keep in step with
-- ../../postgres/<same name>/up.sql.

CREATE TABLE occupations (
    id INTEGER PRIMARY KEY NOT NULL,
    slug TEXT NOT NULL UNIQUE,
    level TEXT NOT NULL,
    -- 7-digit catalogue code for trung cấp / cao đẳng; NULL for sơ cấp (named, not coded).
    code TEXT UNIQUE,
    name TEXT NOT NULL,
    group_name TEXT NOT NULL DEFAULT '',
    description TEXT NOT NULL DEFAULT '',
    skills TEXT NOT NULL DEFAULT '',
    conditions TEXT NOT NULL DEFAULT '',
    pay TEXT NOT NULL DEFAULT '',
    demand TEXT,
    demand_source TEXT NOT NULL DEFAULT '',
    demand_date DATE,
    riasec TEXT NOT NULL DEFAULT '',
    is_demo BOOLEAN NOT NULL DEFAULT FALSE,
    sort_key TEXT NOT NULL,
    search_text TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX occupations_sort ON occupations (sort_key);
CREATE INDEX occupations_level_name ON occupations (level, name);
CREATE INDEX occupations_group ON occupations (group_name);

CREATE TABLE institution_profiles (
    organisation_id BIGINT PRIMARY KEY NOT NULL REFERENCES organisations (id),
    institution_type TEXT NOT NULL,
    ownership TEXT NOT NULL,
    lat_e6 INTEGER,
    lon_e6 INTEGER,
    updated_by BIGINT REFERENCES users (id),
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX institution_profiles_type ON institution_profiles (institution_type);
