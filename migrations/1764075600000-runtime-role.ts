import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The group role the app's login role (DATABASE_URL) is a member of. Roles
 * belong to the whole server, not to one database.
 */
export const APP_GROUP_ROLE = 'tolkeregister_app';

/**
 * Two roles on PostgreSQL. The owner (DATABASE_MIGRATION_URL) owns the schema
 * and runs the migrations. The app serves as a login role whose only rights
 * come from `tolkeregister_app`: it reads and writes the ordinary tables, but
 * on audit_events it may only SELECT and INSERT, and since it owns nothing it
 * can neither ALTER (so not DISABLE TRIGGER) nor DROP the trail. The triggers
 * that refuse UPDATE, DELETE and TRUNCATE stay, for the owner.
 *
 * Default privileges give the group the same rights on tables, sequences and
 * functions that later migrations create, as long as they run as the same
 * owner. So a later migration that adds an append-only table, or recreates
 * audit_events, must REVOKE UPDATE, DELETE, TRUNCATE on it from
 * tolkeregister_app, as done here.
 *
 * audit_events.key_id names the key each row's HMAC was made with; rows
 * written before the chain was keyed have none, and verification reports them.
 *
 * The embedded database (PGlite) gets the same role and grants, but the app
 * connects to it as its single superuser.
 */
export class RuntimeRole1764075600000 implements MigrationInterface {
  name = 'RuntimeRole1764075600000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE audit_events ADD COLUMN key_id varchar(32)`);
    // Test databases (and installations) on one server race to create it:
    // the loser of a concurrent CREATE ROLE gets unique_violation, not duplicate_object.
    await q.query(`
      DO $$
      BEGIN
        IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '${APP_GROUP_ROLE}') THEN
          CREATE ROLE ${APP_GROUP_ROLE} NOLOGIN;
        END IF;
      EXCEPTION
        WHEN duplicate_object OR unique_violation THEN NULL;
        WHEN insufficient_privilege THEN
          RAISE EXCEPTION 'the migration role may not create the role ${APP_GROUP_ROLE}'
            USING HINT = 'An administrator creates it once: CREATE ROLE ${APP_GROUP_ROLE} NOLOGIN';
      END $$`);
    // TRUNCATE because the demo seed's --reset empties the register with
    // TRUNCATE ... CASCADE; it destroys no more than DELETE already can.
    await q.query(
      `GRANT SELECT, INSERT, UPDATE, DELETE, TRUNCATE ON ALL TABLES IN SCHEMA public TO ${APP_GROUP_ROLE}`,
    );
    await q.query(`REVOKE UPDATE, DELETE, TRUNCATE ON audit_events FROM ${APP_GROUP_ROLE}`);
    // Only the owner records migrations; the app may read where the schema stands.
    await q.query(`REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON migrations FROM ${APP_GROUP_ROLE}`);
    await q.query(`GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO ${APP_GROUP_ROLE}`);
    await q.query(`GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA public TO ${APP_GROUP_ROLE}`);
    await q.query(
      `ALTER DEFAULT PRIVILEGES IN SCHEMA public
         GRANT SELECT, INSERT, UPDATE, DELETE, TRUNCATE ON TABLES TO ${APP_GROUP_ROLE}`,
    );
    await q.query(
      `ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE ON SEQUENCES TO ${APP_GROUP_ROLE}`,
    );
    await q.query(
      `ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT EXECUTE ON FUNCTIONS TO ${APP_GROUP_ROLE}`,
    );
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(
      `ALTER DEFAULT PRIVILEGES IN SCHEMA public REVOKE EXECUTE ON FUNCTIONS FROM ${APP_GROUP_ROLE}`,
    );
    await q.query(
      `ALTER DEFAULT PRIVILEGES IN SCHEMA public REVOKE USAGE ON SEQUENCES FROM ${APP_GROUP_ROLE}`,
    );
    await q.query(
      `ALTER DEFAULT PRIVILEGES IN SCHEMA public REVOKE ALL ON TABLES FROM ${APP_GROUP_ROLE}`,
    );
    await q.query(`REVOKE EXECUTE ON ALL FUNCTIONS IN SCHEMA public FROM ${APP_GROUP_ROLE}`);
    await q.query(`REVOKE ALL ON ALL SEQUENCES IN SCHEMA public FROM ${APP_GROUP_ROLE}`);
    await q.query(`REVOKE ALL ON ALL TABLES IN SCHEMA public FROM ${APP_GROUP_ROLE}`);
    // The role itself stays: other databases on the server may use it.
    await q.query(`ALTER TABLE audit_events DROP COLUMN key_id`);
  }
}
