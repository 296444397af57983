-- E-mail (docs/adr/0019-mail-outbox.md): the outbox, written in the same transaction as the
-- event that causes the e-mail and emptied by the delivery job of `lantoa serve`; and the
-- users who asked for no e-mail (in-app notifications stay).
-- Keep in step with ../../postgres/<same name>/up.sql.

CREATE TABLE mail_outbox (
    id INTEGER PRIMARY KEY NOT NULL,
    user_id BIGINT REFERENCES users (id),
    recipient TEXT NOT NULL,
    kind TEXT NOT NULL,
    subject TEXT NOT NULL,
    body_text TEXT NOT NULL,
    dedupe_key TEXT NOT NULL UNIQUE,
    -- pending → sending (claimed by one server) → sent | pending (retry) | failed (gave up)
    state TEXT NOT NULL,
    attempts INTEGER NOT NULL,
    next_attempt_at TIMESTAMP NOT NULL,
    claim_token TEXT,
    claimed_until TIMESTAMP,
    last_error TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    sent_at TIMESTAMP
);
CREATE INDEX mail_outbox_due ON mail_outbox (state, next_attempt_at);

CREATE TABLE mail_opt_outs (
    user_id BIGINT PRIMARY KEY NOT NULL REFERENCES users (id),
    created_at TIMESTAMP NOT NULL
);
