DROP TABLE content_events;
DROP TABLE content_audiences;
DROP TABLE content_topics;
DROP TABLE contents;
