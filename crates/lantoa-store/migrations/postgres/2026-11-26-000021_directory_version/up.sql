-- A counter of changes to what the public directory lists (programmes, their intakes and
-- policies, institutions, occupations, areas). Triggers bump it on every insert, update and
-- delete, whichever process writes, so the listing cache (lantoa-app `listing`) can check in
-- one primary-key read that nothing changed. Keep in step with ../../sqlite/<same name>/up.sql.
-- Statement-level triggers: a statement that writes many rows bumps it once.
CREATE TABLE directory_version (
    id BIGINT PRIMARY KEY NOT NULL,
    version BIGINT NOT NULL
);
INSERT INTO directory_version (id, version) VALUES (1, 0);

CREATE FUNCTION directory_version_bump() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE directory_version SET version = version + 1 WHERE id = 1;
    RETURN NULL;
END;
$$;

CREATE TRIGGER directory_version_programmes AFTER INSERT OR UPDATE OR DELETE ON programmes FOR EACH STATEMENT EXECUTE FUNCTION directory_version_bump();
CREATE TRIGGER directory_version_intakes AFTER INSERT OR UPDATE OR DELETE ON intakes FOR EACH STATEMENT EXECUTE FUNCTION directory_version_bump();
CREATE TRIGGER directory_version_programme_policies AFTER INSERT OR UPDATE OR DELETE ON programme_policies FOR EACH STATEMENT EXECUTE FUNCTION directory_version_bump();
CREATE TRIGGER directory_version_support_policies AFTER INSERT OR UPDATE OR DELETE ON support_policies FOR EACH STATEMENT EXECUTE FUNCTION directory_version_bump();
CREATE TRIGGER directory_version_organisations AFTER INSERT OR UPDATE OR DELETE ON organisations FOR EACH STATEMENT EXECUTE FUNCTION directory_version_bump();
CREATE TRIGGER directory_version_institution_profiles AFTER INSERT OR UPDATE OR DELETE ON institution_profiles FOR EACH STATEMENT EXECUTE FUNCTION directory_version_bump();
CREATE TRIGGER directory_version_occupations AFTER INSERT OR UPDATE OR DELETE ON occupations FOR EACH STATEMENT EXECUTE FUNCTION directory_version_bump();
CREATE TRIGGER directory_version_admin_units AFTER INSERT OR UPDATE OR DELETE ON admin_units FOR EACH STATEMENT EXECUTE FUNCTION directory_version_bump();
