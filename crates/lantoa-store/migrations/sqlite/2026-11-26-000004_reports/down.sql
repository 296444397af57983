DROP TABLE report_events;
DROP TABLE report_figures;
DROP TABLE reports;
