-- Programmes (chương trình đào tạo: institution × occupation × level), their intakes (đợt
-- tuyển sinh) and support policies (chính sách hỗ trợ) as data. Keep in step with
-- ../../postgres/<same name>/up.sql.

CREATE TABLE support_policies (
    id INTEGER PRIMARY KEY NOT NULL,
    slug TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    -- What the learner gets, in words ("Miễn 100% học phí").
    benefit TEXT NOT NULL DEFAULT '',
    -- The kind of document it rests on, as written by whoever enters the policy.
    legal_basis TEXT NOT NULL DEFAULT '',
    source_url TEXT NOT NULL DEFAULT '',
    -- Conditions as data; NULL means "any". Level and target group are domain codes.
    level TEXT,
    entry_education TEXT,
    target_group TEXT,
    valid_from DATE,
    valid_to DATE,
    is_demo BOOLEAN NOT NULL DEFAULT FALSE,
    sort_key TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);

CREATE TABLE programmes (
    id INTEGER PRIMARY KEY NOT NULL,
    slug TEXT NOT NULL UNIQUE,
    institution_id BIGINT NOT NULL REFERENCES organisations (id),
    occupation_id BIGINT NOT NULL REFERENCES occupations (id),
    -- The occupation's level (one occupation row per level), kept here for filtering.
    level TEXT NOT NULL,
    mode TEXT NOT NULL,
    duration_months INTEGER NOT NULL,
    -- Tuition per year in đồng; NULL when not announced.
    fee_per_year BIGINT,
    fee_note TEXT NOT NULL DEFAULT '',
    quota INTEGER NOT NULL,
    -- The least schooling admitted (domain EntryEducation code) and the requirements in words.
    entry_education TEXT NOT NULL,
    entry_requirements TEXT NOT NULL DEFAULT '',
    model_9plus BOOLEAN NOT NULL DEFAULT FALSE,
    -- Where classes are held when not at the institution's address.
    location TEXT NOT NULL DEFAULT '',
    admin_unit_code TEXT REFERENCES admin_units (code),
    description TEXT NOT NULL DEFAULT '',
    is_published BOOLEAN NOT NULL DEFAULT FALSE,
    is_demo BOOLEAN NOT NULL DEFAULT FALSE,
    -- Folded place of study; the list also searches the occupation's and the institution's
    -- own search_text and sorts by their sort keys, so renaming either needs no update here.
    search_text TEXT NOT NULL,
    updated_by BIGINT REFERENCES users (id),
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX programmes_institution ON programmes (institution_id);
CREATE INDEX programmes_occupation ON programmes (occupation_id);
CREATE INDEX programmes_public ON programmes (is_published, level);

CREATE TABLE intakes (
    id INTEGER PRIMARY KEY NOT NULL,
    programme_id BIGINT NOT NULL REFERENCES programmes (id),
    name TEXT NOT NULL,
    opens_on DATE NOT NULL,
    closes_on DATE NOT NULL,
    classes_start_on DATE,
    quota INTEGER,
    note TEXT NOT NULL DEFAULT '',
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX intakes_programme ON intakes (programme_id);
CREATE INDEX intakes_window ON intakes (opens_on, closes_on);

CREATE TABLE programme_policies (
    id INTEGER PRIMARY KEY NOT NULL,
    programme_id BIGINT NOT NULL REFERENCES programmes (id) ON DELETE CASCADE,
    support_policy_id BIGINT NOT NULL REFERENCES support_policies (id),
    UNIQUE (programme_id, support_policy_id)
);
CREATE INDEX programme_policies_policy ON programme_policies (support_policy_id);
