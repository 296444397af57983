-- The plan dashboard is cached; its cache key reads the newest change of a plan's products
-- and reports, which these indexes answer without reading the rows.
CREATE INDEX products_plan_updated ON products (plan_id, updated_at);
CREATE INDEX reports_plan_updated ON reports (plan_id, updated_at);
