-- Content (nội dung): articles, pages and later photo stories, videos and publications,
-- their topics and audiences, and the editorial history. Keep in step with
-- ../../postgres/<same name>/up.sql.

CREATE TABLE contents (
    id INTEGER PRIMARY KEY NOT NULL,
    kind TEXT NOT NULL,
    slug TEXT NOT NULL UNIQUE,
    title TEXT NOT NULL,
    summary TEXT NOT NULL DEFAULT '',
    body TEXT NOT NULL DEFAULT '',
    source TEXT NOT NULL DEFAULT '',
    organisation_id BIGINT NOT NULL REFERENCES organisations (id),
    author_user_id BIGINT REFERENCES users (id),
    state TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    published_at TIMESTAMP
);
CREATE INDEX contents_public ON contents (state, kind, published_at);
CREATE INDEX contents_org ON contents (organisation_id);

CREATE TABLE content_topics (
    id INTEGER PRIMARY KEY NOT NULL,
    content_id BIGINT NOT NULL REFERENCES contents (id) ON DELETE CASCADE,
    topic TEXT NOT NULL,
    UNIQUE (content_id, topic)
);
CREATE INDEX content_topics_topic ON content_topics (topic);

CREATE TABLE content_audiences (
    id INTEGER PRIMARY KEY NOT NULL,
    content_id BIGINT NOT NULL REFERENCES contents (id) ON DELETE CASCADE,
    audience TEXT NOT NULL,
    UNIQUE (content_id, audience)
);

CREATE TABLE content_events (
    id INTEGER PRIMARY KEY NOT NULL,
    content_id BIGINT NOT NULL REFERENCES contents (id) ON DELETE CASCADE,
    at TIMESTAMP NOT NULL,
    actor_label TEXT NOT NULL,
    action TEXT NOT NULL,
    from_state TEXT NOT NULL,
    to_state TEXT NOT NULL,
    comment TEXT NOT NULL DEFAULT ''
);
CREATE INDEX content_events_content ON content_events (content_id);
