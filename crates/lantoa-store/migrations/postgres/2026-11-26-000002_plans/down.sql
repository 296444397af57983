DROP TABLE plan_activity_units;
DROP TABLE plan_activities;
DROP TABLE plan_periods;
DROP TABLE plan_responsibilities;
DROP TABLE plan_sections;
DROP TABLE plan_numbers;
DROP TABLE plans;
