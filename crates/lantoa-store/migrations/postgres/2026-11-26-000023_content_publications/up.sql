-- Publications (ấn phẩm; issue 3, point 1; docs/adr/0024-publications.md): the PDF of the
-- media library a publication offers for download. Like the cover, the file is not part of
-- a revision: versions keep the text, the chosen files stay as they are.
-- Keep in step with ../../sqlite/<same name>/up.sql.

CREATE TABLE content_publications (
    content_id BIGINT PRIMARY KEY NOT NULL REFERENCES contents (id) ON DELETE CASCADE,
    document_id BIGINT NOT NULL REFERENCES media (id)
);
CREATE INDEX content_publications_document ON content_publications (document_id);
