-- A counter of changes to what the public directory lists (programmes, their intakes and
-- policies, institutions, occupations, areas). Triggers bump it on every insert, update and
-- delete, whichever process writes, so the listing cache (lantoa-app `listing`) can check in
-- one primary-key read that nothing changed. Keep in step with ../../postgres/<same name>/up.sql.
CREATE TABLE directory_version (
    id INTEGER PRIMARY KEY NOT NULL,
    version BIGINT NOT NULL
);
INSERT INTO directory_version (id, version) VALUES (1, 0);

CREATE TRIGGER directory_version_programmes_insert AFTER INSERT ON programmes BEGIN UPDATE directory_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER directory_version_programmes_update AFTER UPDATE ON programmes BEGIN UPDATE directory_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER directory_version_programmes_delete AFTER DELETE ON programmes BEGIN UPDATE directory_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER directory_version_intakes_insert AFTER INSERT ON intakes BEGIN UPDATE directory_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER directory_version_intakes_update AFTER UPDATE ON intakes BEGIN UPDATE directory_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER directory_version_intakes_delete AFTER DELETE ON intakes BEGIN UPDATE directory_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER directory_version_programme_policies_insert AFTER INSERT ON programme_policies BEGIN UPDATE directory_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER directory_version_programme_policies_update AFTER UPDATE ON programme_policies BEGIN UPDATE directory_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER directory_version_programme_policies_delete AFTER DELETE ON programme_policies BEGIN UPDATE directory_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER directory_version_support_policies_insert AFTER INSERT ON support_policies BEGIN UPDATE directory_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER directory_version_support_policies_update AFTER UPDATE ON support_policies BEGIN UPDATE directory_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER directory_version_support_policies_delete AFTER DELETE ON support_policies BEGIN UPDATE directory_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER directory_version_organisations_insert AFTER INSERT ON organisations BEGIN UPDATE directory_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER directory_version_organisations_update AFTER UPDATE ON organisations BEGIN UPDATE directory_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER directory_version_organisations_delete AFTER DELETE ON organisations BEGIN UPDATE directory_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER directory_version_institution_profiles_insert AFTER INSERT ON institution_profiles BEGIN UPDATE directory_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER directory_version_institution_profiles_update AFTER UPDATE ON institution_profiles BEGIN UPDATE directory_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER directory_version_institution_profiles_delete AFTER DELETE ON institution_profiles BEGIN UPDATE directory_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER directory_version_occupations_insert AFTER INSERT ON occupations BEGIN UPDATE directory_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER directory_version_occupations_update AFTER UPDATE ON occupations BEGIN UPDATE directory_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER directory_version_occupations_delete AFTER DELETE ON occupations BEGIN UPDATE directory_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER directory_version_admin_units_insert AFTER INSERT ON admin_units BEGIN UPDATE directory_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER directory_version_admin_units_update AFTER UPDATE ON admin_units BEGIN UPDATE directory_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER directory_version_admin_units_delete AFTER DELETE ON admin_units BEGIN UPDATE directory_version SET version = version + 1 WHERE id = 1; END;
