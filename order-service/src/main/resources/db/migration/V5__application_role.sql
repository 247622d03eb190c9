-- The application's role (spring.datasource.username) reads and writes rows; only the owner, who runs these
-- migrations (spring.flyway.user), creates or alters tables. A stolen application password, or an injected statement,
-- can then change data but never drop a table, add a trigger or rewrite the migration history. Granted by the owner,
-- on every table and sequence of the schema now and on those later migrations create (default privileges). Nothing to
-- grant when the application runs as the owner (the default, and the tests).
DO $$
DECLARE
    app_role text := '${app_role}';
BEGIN
    IF app_role <> current_user THEN
        EXECUTE format('GRANT USAGE ON SCHEMA public TO %I', app_role);
        EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO %I', app_role);
        EXECUTE format('GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA public TO %I', app_role);
        EXECUTE format('ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO %I',
                app_role);
        EXECUTE format('ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT, UPDATE ON SEQUENCES TO %I',
                app_role);
        -- The migrations' history is the owner's alone: the application may read it, not rewrite it.
        EXECUTE format('REVOKE INSERT, UPDATE, DELETE ON flyway_schema_history FROM %I', app_role);
    END IF;
END
$$;
