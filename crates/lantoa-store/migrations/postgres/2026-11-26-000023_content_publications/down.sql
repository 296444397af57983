DROP TABLE content_publications;
