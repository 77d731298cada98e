import { randomBytes } from 'node:crypto';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import pg from 'pg';
import { DataSource } from 'typeorm';
import { APP_GROUP_ROLE } from '../../migrations/1764075600000-runtime-role.js';
import { createApp } from '../../src/app.factory.js';

export interface TestApp {
  app: NestFastifyApplication;
  /** The app's own connection: on PostgreSQL a role that only has the app's grants. */
  dataSource: DataSource;
  /**
   * The role that owns the schema (it ran the migrations), for what the app
   * may not do, e.g. switch off the audit trail's triggers. On the embedded
   * database, which has one role, the app's own data source.
   */
  owner: DataSource;
  /** The Node HTTP server, for supertest. */
  server: ReturnType<NestFastifyApplication['getHttpServer']>;
  close(): Promise<void>;
}

/**
 * Starts the real application for one test file on a database of its own:
 * an in-memory embedded PostgreSQL by default, or, when TEST_DATABASE_URL
 * points at a PostgreSQL server, a freshly created database that is dropped
 * afterwards. Either way each test file starts from an empty register.
 *
 * On PostgreSQL the app runs as in production: migrations as the
 * administrator (DATABASE_MIGRATION_URL), serving as a fresh login role that
 * has nothing but the app's group role (DATABASE_URL).
 */
export async function startTestApp(): Promise<TestApp> {
  process.env.NODE_ENV = 'test';
  process.env.SEED_DEMO = 'false';
  process.env.LOG_LEVEL ??= 'silent';
  // The built-in test identity provider, if a test signs in, on a free port.
  process.env.TEST_IDP_PORT = '0';
  process.env.PUBLIC_BASE_URL = 'http://127.0.0.1:3999';
  // Keys that would otherwise be generated into ./data stay in memory.
  process.env.DATA_DIR = 'memory://';

  const adminUrl = process.env.TEST_DATABASE_URL;
  let dropDatabase: (() => Promise<void>) | undefined;
  let ownerUrl: string | undefined;
  if (adminUrl) {
    const name = `tolk_test_${Date.now()}_${randomBytes(4).toString('hex')}`;
    const appRole = `${name}_app`;
    const password = randomBytes(12).toString('hex');
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    // What an operator does once per server; test files race to do it first.
    await admin.query(`
      DO $$ BEGIN CREATE ROLE ${APP_GROUP_ROLE} NOLOGIN;
      EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$`);
    await admin.query(
      `CREATE ROLE ${appRole} LOGIN PASSWORD '${password}' IN ROLE ${APP_GROUP_ROLE}`,
    );
    await admin.end();
    const owner = new URL(adminUrl);
    owner.pathname = `/${name}`;
    ownerUrl = owner.toString();
    const serving = new URL(ownerUrl);
    serving.username = appRole;
    serving.password = password;
    process.env.DATABASE_MIGRATION_URL = ownerUrl;
    process.env.DATABASE_URL = serving.toString();
    // Configured, as in production.
    process.env.AUDIT_HMAC_KEY = randomBytes(32).toString('base64url');
    dropDatabase = async () => {
      const client = new pg.Client({ connectionString: adminUrl });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await client.query(`DROP ROLE IF EXISTS ${appRole}`);
      await client.end();
    };
  } else {
    delete process.env.DATABASE_URL;
    delete process.env.DATABASE_MIGRATION_URL;
    delete process.env.AUDIT_HMAC_KEY;
  }

  const app = await createApp();
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  const dataSource = app.get(DataSource);
  const owner = ownerUrl
    ? await new DataSource({ type: 'postgres', url: ownerUrl, extra: { max: 2 } }).initialize()
    : dataSource;
  return {
    app,
    dataSource,
    owner,
    server: app.getHttpServer(),
    close: async () => {
      if (owner !== dataSource) await owner.destroy();
      await app.close();
      await dropDatabase?.();
    },
  };
}
