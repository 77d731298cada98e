import { randomBytes } from 'node:crypto';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import pg from 'pg';
import { DataSource } from 'typeorm';
import { createApp } from '../../src/app.factory.js';

export interface TestApp {
  app: NestFastifyApplication;
  dataSource: DataSource;
  /** The Node HTTP server, for supertest. */
  server: ReturnType<NestFastifyApplication['getHttpServer']>;
  close(): Promise<void>;
}

/**
 * Starts the real application for one test file on a database of its own:
 * an in-memory embedded PostgreSQL by default, or, when TEST_DATABASE_URL
 * points at a PostgreSQL server, a freshly created database that is dropped
 * afterwards. Either way each test file starts from an empty register.
 */
export async function startTestApp(): Promise<TestApp> {
  process.env.NODE_ENV = 'test';
  process.env.SEED_DEMO = 'false';
  process.env.LOG_LEVEL ??= 'silent';
  // The built-in test identity provider, if a test signs in, on a free port.
  process.env.TEST_IDP_PORT = '0';
  process.env.PUBLIC_BASE_URL = 'http://127.0.0.1:3999';

  const adminUrl = process.env.TEST_DATABASE_URL;
  let dropDatabase: (() => Promise<void>) | undefined;
  if (adminUrl) {
    const name = `tolk_test_${Date.now()}_${randomBytes(4).toString('hex')}`;
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    const url = new URL(adminUrl);
    url.pathname = `/${name}`;
    process.env.DATABASE_URL = url.toString();
    dropDatabase = async () => {
      const client = new pg.Client({ connectionString: adminUrl });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await client.end();
    };
  } else {
    delete process.env.DATABASE_URL;
    process.env.DATA_DIR = 'memory://';
  }

  const app = await createApp();
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  return {
    app,
    dataSource: app.get(DataSource),
    server: app.getHttpServer(),
    close: async () => {
      await app.close();
      await dropDatabase?.();
    },
  };
}
