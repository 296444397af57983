-- Small additions to the video and publication kinds (issue 3; docs/adr/0023-videos.md,
-- docs/adr/0024-publications.md, docs/adr/0026-video-start-and-pdf-pages.md):
-- * content_videos.start_seconds: where a YouTube video starts, in seconds, as the editor's
--   link said (`t=90`, `t=1m30s`, `start=90`); NULL: from the beginning. Rebuilt into the
--   watch address (`&t=90s`) and the player's (`?start=90`). Revisions keep it in their JSON.
-- * content_publications.page_count: the PDF's number of pages, read by Poppler's `pdfinfo`
--   when the item is saved; NULL when it could not be known (the page then shows none).
-- Keep in step with ../../postgres/<same name>/up.sql.

ALTER TABLE content_videos ADD COLUMN start_seconds INTEGER;
ALTER TABLE content_publications ADD COLUMN page_count INTEGER;
