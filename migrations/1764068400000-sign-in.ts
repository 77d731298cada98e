import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Sign-in: users (citizens from ID-porten, staff from the directorate's
 * login), their roles, server-side sessions, API tokens and pending logins.
 * Session ids, API tokens and login states are stored only as SHA-256 hashes, so a copy
 * of the database does not let anyone act as a signed-in user.
 */
export class SignIn1764068400000 implements MigrationInterface {
  name = 'SignIn1764068400000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TYPE app_role AS ENUM ('interpreter', 'case_handler', 'committee_member', 'administrator')`,
    );
    await q.query(`
      CREATE TABLE users (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        national_id char(11) CHECK (national_id ~ '^[0-9]{11}$'),
        staff_subject varchar(200),
        display_name varchar(200) NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        last_login_at timestamptz,
        CONSTRAINT uq_users_national_id UNIQUE (national_id),
        CONSTRAINT uq_users_staff_subject UNIQUE (staff_subject),
        CONSTRAINT ck_users_one_identity CHECK ((national_id IS NULL) <> (staff_subject IS NULL))
      )`);
    await q.query(`
      CREATE TABLE user_roles (
        user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        role app_role NOT NULL,
        granted_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (user_id, role)
      )`);
    await q.query(`
      CREATE TABLE sessions (
        id_hash char(64) PRIMARY KEY,
        user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        provider varchar(20) NOT NULL,
        acr varchar(60),
        created_at timestamptz NOT NULL DEFAULT now(),
        last_seen_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL,
        ended_at timestamptz
      )`);
    await q.query(`CREATE INDEX ix_sessions_user ON sessions (user_id)`);
    await q.query(`
      CREATE TABLE api_tokens (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        name varchar(100) NOT NULL,
        token_hash char(64) NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL,
        last_used_at timestamptz,
        revoked_at timestamptz,
        CONSTRAINT uq_api_tokens_hash UNIQUE (token_hash)
      )`);
    await q.query(`CREATE INDEX ix_api_tokens_user ON api_tokens (user_id)`);
    await q.query(`
      CREATE TABLE login_attempts (
        state_hash char(64) PRIMARY KEY,
        provider varchar(20) NOT NULL,
        nonce varchar(100) NOT NULL,
        code_verifier varchar(200) NOT NULL,
        return_to varchar(500) NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        consumed_at timestamptz
      )`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE login_attempts`);
    await q.query(`DROP TABLE api_tokens`);
    await q.query(`DROP TABLE sessions`);
    await q.query(`DROP TABLE user_roles`);
    await q.query(`DROP TABLE users`);
    await q.query(`DROP TYPE app_role`);
  }
}
