-- A counter of changes to what the portal's public pages show of the content (items, their
-- topics, audiences, pictures, videos and documents, the media library's files, the author
-- organisations). Triggers bump it on every insert, update and delete, whichever process
-- writes, so the portal's cache (lantoa-app `portal_cache`) can check in one primary-key read
-- that nothing changed. Keep in step with ../../postgres/<same name>/up.sql.
CREATE TABLE content_version (
    id INTEGER PRIMARY KEY NOT NULL,
    version BIGINT NOT NULL
);
INSERT INTO content_version (id, version) VALUES (1, 0);

CREATE TRIGGER content_version_contents_insert AFTER INSERT ON contents BEGIN UPDATE content_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER content_version_contents_update AFTER UPDATE ON contents BEGIN UPDATE content_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER content_version_contents_delete AFTER DELETE ON contents BEGIN UPDATE content_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER content_version_content_topics_insert AFTER INSERT ON content_topics BEGIN UPDATE content_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER content_version_content_topics_update AFTER UPDATE ON content_topics BEGIN UPDATE content_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER content_version_content_topics_delete AFTER DELETE ON content_topics BEGIN UPDATE content_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER content_version_content_audiences_insert AFTER INSERT ON content_audiences BEGIN UPDATE content_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER content_version_content_audiences_update AFTER UPDATE ON content_audiences BEGIN UPDATE content_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER content_version_content_audiences_delete AFTER DELETE ON content_audiences BEGIN UPDATE content_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER content_version_content_gallery_items_insert AFTER INSERT ON content_gallery_items BEGIN UPDATE content_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER content_version_content_gallery_items_update AFTER UPDATE ON content_gallery_items BEGIN UPDATE content_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER content_version_content_gallery_items_delete AFTER DELETE ON content_gallery_items BEGIN UPDATE content_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER content_version_content_publications_insert AFTER INSERT ON content_publications BEGIN UPDATE content_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER content_version_content_publications_update AFTER UPDATE ON content_publications BEGIN UPDATE content_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER content_version_content_publications_delete AFTER DELETE ON content_publications BEGIN UPDATE content_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER content_version_content_videos_insert AFTER INSERT ON content_videos BEGIN UPDATE content_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER content_version_content_videos_update AFTER UPDATE ON content_videos BEGIN UPDATE content_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER content_version_content_videos_delete AFTER DELETE ON content_videos BEGIN UPDATE content_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER content_version_media_insert AFTER INSERT ON media BEGIN UPDATE content_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER content_version_media_update AFTER UPDATE ON media BEGIN UPDATE content_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER content_version_media_delete AFTER DELETE ON media BEGIN UPDATE content_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER content_version_media_files_insert AFTER INSERT ON media_files BEGIN UPDATE content_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER content_version_media_files_update AFTER UPDATE ON media_files BEGIN UPDATE content_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER content_version_media_files_delete AFTER DELETE ON media_files BEGIN UPDATE content_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER content_version_organisations_insert AFTER INSERT ON organisations BEGIN UPDATE content_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER content_version_organisations_update AFTER UPDATE ON organisations BEGIN UPDATE content_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER content_version_organisations_delete AFTER DELETE ON organisations BEGIN UPDATE content_version SET version = version + 1 WHERE id = 1; END;
