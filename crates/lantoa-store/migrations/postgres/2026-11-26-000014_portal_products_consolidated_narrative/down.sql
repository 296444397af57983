DROP TABLE consolidated_reports;

DROP INDEX products_content;
DROP INDEX products_plan_content;
ALTER TABLE products DROP COLUMN content_removed_at;
ALTER TABLE products DROP COLUMN content_id;
-- Products without an activity cannot go back to the old table.
DELETE FROM products WHERE activity_id IS NULL;
ALTER TABLE products ALTER COLUMN activity_id SET NOT NULL;

ALTER TABLE plans DROP COLUMN portal_rules;
