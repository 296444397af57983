DROP TABLE form_attempts;
DROP TABLE application_events;
DROP TABLE application_consents;
DROP TABLE application_choices;
DROP TABLE applications;
