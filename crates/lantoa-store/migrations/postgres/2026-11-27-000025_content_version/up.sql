-- A counter of changes to what the portal's public pages show of the content (items, their
-- topics, audiences, pictures, videos and documents, the media library's files, the author
-- organisations). Triggers bump it on every insert, update and delete, whichever process
-- writes, so the portal's cache (lantoa-app `portal_cache`) can check in one primary-key read
-- that nothing changed. Keep in step with ../../sqlite/<same name>/up.sql.
-- Statement-level triggers: a statement that writes many rows bumps it once.
CREATE TABLE content_version (
    id BIGINT PRIMARY KEY NOT NULL,
    version BIGINT NOT NULL
);
INSERT INTO content_version (id, version) VALUES (1, 0);

CREATE FUNCTION content_version_bump() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE content_version SET version = version + 1 WHERE id = 1;
    RETURN NULL;
END;
$$;

CREATE TRIGGER content_version_contents AFTER INSERT OR UPDATE OR DELETE ON contents FOR EACH STATEMENT EXECUTE FUNCTION content_version_bump();
CREATE TRIGGER content_version_content_topics AFTER INSERT OR UPDATE OR DELETE ON content_topics FOR EACH STATEMENT EXECUTE FUNCTION content_version_bump();
CREATE TRIGGER content_version_content_audiences AFTER INSERT OR UPDATE OR DELETE ON content_audiences FOR EACH STATEMENT EXECUTE FUNCTION content_version_bump();
CREATE TRIGGER content_version_content_gallery_items AFTER INSERT OR UPDATE OR DELETE ON content_gallery_items FOR EACH STATEMENT EXECUTE FUNCTION content_version_bump();
CREATE TRIGGER content_version_content_publications AFTER INSERT OR UPDATE OR DELETE ON content_publications FOR EACH STATEMENT EXECUTE FUNCTION content_version_bump();
CREATE TRIGGER content_version_content_videos AFTER INSERT OR UPDATE OR DELETE ON content_videos FOR EACH STATEMENT EXECUTE FUNCTION content_version_bump();
CREATE TRIGGER content_version_media AFTER INSERT OR UPDATE OR DELETE ON media FOR EACH STATEMENT EXECUTE FUNCTION content_version_bump();
CREATE TRIGGER content_version_media_files AFTER INSERT OR UPDATE OR DELETE ON media_files FOR EACH STATEMENT EXECUTE FUNCTION content_version_bump();
CREATE TRIGGER content_version_organisations AFTER INSERT OR UPDATE OR DELETE ON organisations FOR EACH STATEMENT EXECUTE FUNCTION content_version_bump();
