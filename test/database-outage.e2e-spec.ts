import { jest } from '@jest/globals';
import pg from 'pg';
import request from 'supertest';
import { DatabaseServer } from '../src/database/database.module.js';
import { interpreterSession } from './factories/user.factory.js';
import { startTestApp, type TestApp } from './setup/test-app.js';

/**
 * Takes the database away from a running app: on PostgreSQL the database
 * stops accepting connections and its sessions are killed; the embedded
 * server is stopped outright.
 */
async function cutTheDatabase(t: TestApp): Promise<void> {
  const adminUrl = process.env.TEST_DATABASE_URL;
  if (adminUrl) {
    const name = new URL(process.env.DATABASE_URL!).pathname.slice(1);
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    await admin.query(`ALTER DATABASE ${name} ALLOW_CONNECTIONS false`);
    await admin.query(
      `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()`,
      [name],
    );
    await admin.end();
    return;
  }
  const server: { embedded?: { stop(): Promise<void> } } = t.app.get(DatabaseServer);
  await server.embedded!.stop();
  server.embedded = undefined;
}

describe('When the database is down, signed-in people are told so, not asked to sign in again', () => {
  let t: TestApp;
  let cookie: string;
  const logged: string[] = [];
  const saved = process.env.LOG_LEVEL;

  beforeAll(async () => {
    process.env.LOG_LEVEL = 'error';
    t = await startTestApp();
    cookie = `tr_session=${await interpreterSession(t, '01010012356', 'Ola Utfall')}`;
    expect((await request(t.server).get('/api/me').set('cookie', cookie)).status).toBe(200);
    for (const stream of [process.stdout, process.stderr]) {
      jest.spyOn(stream, 'write').mockImplementation((chunk: string | Uint8Array) => {
        logged.push(String(chunk));
        return true;
      });
    }
    await cutTheDatabase(t);
  }, 120_000);

  afterAll(async () => {
    jest.restoreAllMocks();
    process.env.LOG_LEVEL = saved;
    await t?.dataSource.destroy().catch(() => undefined);
    await t?.close();
  });

  it('the API answers 503 with a correlation id that is in the log', async () => {
    const res = await request(t.server).get('/api/me').set('cookie', cookie);
    expect(res.status).toBe(503);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.body.code).toBe('DATABASE_UNAVAILABLE');
    expect(res.body.correlationId).toBe(res.headers['x-request-id']);
    expect(logged.join('')).toContain(res.body.correlationId);
  });

  it('my page shows an error page with the reference instead of the sign-in page', async () => {
    const res = await request(t.server)
      .get('/min-side')
      .set('cookie', cookie)
      .set('accept', 'text/html');
    expect(res.status).toBe(503);
    expect(res.headers.location).toBeUndefined();
    expect(res.text).toContain('Tjenesten er utilgjengelig akkurat nå');
    expect(res.text).toContain(res.headers['x-request-id']);
  });

  it('someone who is not signed in still gets an ordinary 401', async () => {
    expect((await request(t.server).get('/api/me')).status).toBe(401);
  });
});
