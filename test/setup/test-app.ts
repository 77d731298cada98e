import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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
  /** With `keep` or `reuse`: the database, which close() leaves, for another start on it. */
  kept?: KeptDatabase;
}

/**
 * A database (and data folder) that outlives its app, so a test can start
 * the app again on the same data with other settings (report keys, say).
 * `drop()` removes it, after the last app on it has closed.
 */
export interface KeptDatabase {
  readonly database: TestDatabase;
  drop: () => Promise<void>;
}

export interface TestAppOptions {
  /**
   * Keep the database when the app closes. The embedded database is then kept
   * in a temporary folder (DATA_DIR), not in memory, so what the app
   * generates there (the receipt pepper, the audit key) survives a restart.
   */
  keep?: boolean;
  /** Start on a database an earlier app kept (and has closed). */
  reuse?: KeptDatabase;
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
export async function startTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  process.env.NODE_ENV = 'test';
  process.env.SEED_DEMO = 'false';
  process.env.LOG_LEVEL ??= 'silent';
  // The built-in test identity provider, if a test signs in, on a free port.
  process.env.TEST_IDP_PORT = '0';
  process.env.PUBLIC_BASE_URL = 'http://127.0.0.1:3999';
  // Keys that would otherwise be generated into ./data stay in memory.
  process.env.DATA_DIR = 'memory://';

  const adminUrl = process.env.TEST_DATABASE_URL;
  let database: TestDatabase | undefined;
  if (options.reuse) {
    database = options.reuse.database;
  } else if (adminUrl) {
    database = await createDatabase(adminUrl);
  }
  if (options.keep && !options.reuse) {
    // The embedded database in a folder instead of memory, so it outlives the app.
    const dataDir = mkdtempSync(join(tmpdir(), 'tolk-kept-'));
    const drop = database?.drop;
    database = {
      ...(database ?? { ownerUrl: undefined, servingUrl: undefined, auditKey: undefined }),
      dataDir,
      drop: async () => {
        await drop?.();
        rmSync(dataDir, { recursive: true, force: true });
      },
    };
  }
  if (database?.dataDir) process.env.DATA_DIR = database.dataDir;
  if (database?.servingUrl) {
    process.env.DATABASE_MIGRATION_URL = database.ownerUrl;
    process.env.DATABASE_URL = database.servingUrl;
    // Configured, as in production.
    process.env.AUDIT_HMAC_KEY = database.auditKey;
  } else {
    delete process.env.DATABASE_URL;
    delete process.env.DATABASE_MIGRATION_URL;
    delete process.env.AUDIT_HMAC_KEY;
  }
  const ownerUrl = database?.ownerUrl;
  const keep = options.keep || options.reuse;
  const dropDatabase = keep ? undefined : database?.drop;

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
    ...(keep && database ? { kept: { database, drop: database.drop } } : {}),
  };
}

interface TestDatabase {
  /** The schema owner (DATABASE_MIGRATION_URL); undefined on the embedded database. */
  ownerUrl: string | undefined;
  /** The app's login (DATABASE_URL). */
  servingUrl: string | undefined;
  auditKey: string | undefined;
  /** DATA_DIR, when not in memory. */
  dataDir?: string;
  drop: () => Promise<void>;
}

/**
 * A freshly created PostgreSQL database with a login role that has nothing
 * but the app's group role; `drop()` removes both.
 */
async function createDatabase(adminUrl: string): Promise<TestDatabase> {
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
  const serving = new URL(owner.toString());
  serving.username = appRole;
  serving.password = password;
  return {
    ownerUrl: owner.toString(),
    servingUrl: serving.toString(),
    auditKey: randomBytes(32).toString('base64url'),
    drop: async () => {
      const client = new pg.Client({ connectionString: adminUrl });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await client.query(`DROP ROLE IF EXISTS ${appRole}`);
      await client.end();
    },
  };
}
