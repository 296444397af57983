DROP INDEX reports_plan_updated;
DROP INDEX products_plan_updated;
