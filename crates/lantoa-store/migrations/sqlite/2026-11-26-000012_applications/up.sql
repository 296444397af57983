-- Online applications (hồ sơ đăng ký tuyển sinh, issue 4 points 6–8; docs/adr/0011).
-- Keep in step with ../../postgres/<same name>/up.sql.
--
-- Personal data lives only in `applications` (and in free-text notes of
-- `application_events`); anonymisation blanks those columns, sets `anonymised_at` and keeps
-- what statistics need: the choices with their programme and status, the dates, schooling,
-- target group and whether the applicant was a minor.

CREATE TABLE applications (
    id INTEGER PRIMARY KEY NOT NULL,
    -- Mã hồ sơ, e.g. K7MQ-4PX2 (lantoa_domain::application::reference_code).
    reference_code TEXT NOT NULL UNIQUE,
    full_name TEXT NOT NULL,
    -- lantoa_domain::application::name_key of the name: the merge rule compares it.
    name_key TEXT NOT NULL,
    -- NULL only once anonymised.
    birth_date DATE,
    -- Schooling, gender and target group are domain codes; gender and group are optional.
    gender TEXT,
    -- Ten digits (0912345678); '' once anonymised.
    phone TEXT NOT NULL,
    email TEXT NOT NULL DEFAULT '',
    -- Xã, phường as the applicant wrote it (the 2025 reorganisation changed the list).
    commune TEXT NOT NULL,
    schooling TEXT NOT NULL,
    target_group TEXT,
    is_minor BOOLEAN NOT NULL,
    guardian_name TEXT NOT NULL DEFAULT '',
    guardian_phone TEXT NOT NULL DEFAULT '',
    is_demo BOOLEAN NOT NULL DEFAULT FALSE,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    anonymised_at TIMESTAMP
);
CREATE INDEX applications_person ON applications (phone, birth_date);
CREATE INDEX applications_created ON applications (created_at);

-- Up to three ranked programmes per application; each school works its own choice, so the
-- status (lantoa_domain::application::ApplicationStatus) is per choice.
CREATE TABLE application_choices (
    id INTEGER PRIMARY KEY NOT NULL,
    application_id BIGINT NOT NULL REFERENCES applications (id),
    -- Nguyện vọng 1–3.
    preference INTEGER NOT NULL,
    programme_id BIGINT NOT NULL REFERENCES programmes (id),
    -- The intake that was open when the programme was chosen.
    intake_id BIGINT REFERENCES intakes (id),
    status TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    UNIQUE (application_id, preference),
    UNIQUE (application_id, programme_id)
);
CREATE INDEX application_choices_programme ON application_choices (programme_id, status);

-- Each consent answer with the version of the text it answered; appended, never changed.
CREATE TABLE application_consents (
    id INTEGER PRIMARY KEY NOT NULL,
    application_id BIGINT NOT NULL REFERENCES applications (id),
    purpose TEXT NOT NULL,
    version TEXT NOT NULL,
    granted BOOLEAN NOT NULL,
    -- 'applicant' or 'guardian'.
    given_by TEXT NOT NULL,
    at TIMESTAMP NOT NULL
);
CREATE INDEX application_consents_application ON application_consents (application_id);

-- The history: submission, merges, status changes (with the choice), staff notes
-- (internal, never shown to the applicant), data downloads, erasure.
CREATE TABLE application_events (
    id INTEGER PRIMARY KEY NOT NULL,
    application_id BIGINT NOT NULL REFERENCES applications (id),
    choice_id BIGINT REFERENCES application_choices (id),
    at TIMESTAMP NOT NULL,
    actor_user_id BIGINT REFERENCES users (id),
    actor_label TEXT NOT NULL,
    kind TEXT NOT NULL,
    from_status TEXT,
    to_status TEXT,
    note TEXT NOT NULL DEFAULT '',
    is_internal BOOLEAN NOT NULL
);
CREATE INDEX application_events_application ON application_events (application_id, at);

-- Submissions and look-ups per client address, for the rate limits of the public forms.
-- The address is stored only as a keyed hash and purged after a day.
CREATE TABLE form_attempts (
    id INTEGER PRIMARY KEY NOT NULL,
    at TIMESTAMP NOT NULL,
    form TEXT NOT NULL,
    client_key TEXT NOT NULL
);
CREATE INDEX form_attempts_client ON form_attempts (form, client_key, at);
