DROP TABLE institution_profiles;
DROP TABLE occupations;
