import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { cpSync } from 'node:fs';
import pg from 'pg';
import request from 'supertest';
import { imageFixture } from './factories/upload-files.js';
import { createCitizenUser, sessionFor, staffSession } from './factories/user.factory.js';
import { fromOurPages } from './setup/sessions.js';
import { startTestApp, type TestApp } from './setup/test-app.js';
import { SyntheticPopulation } from '../src/population/synthetic-population.js';

// A decision is one transaction: the app process killed (SIGKILL) in the
// middle of one leaves none of it, and the case can then be decided anew.
// Needs a PostgreSQL server the test can watch from outside the app
// (TEST_DATABASE_URL; CI runs it): the embedded database dies with the
// process it runs in.

const describeOnPostgres = process.env.TEST_DATABASE_URL ? describe : describe.skip;
/** The audit chain's advisory lock (AuditRepository): every audited write takes it. */
const AUDIT_CHAIN_LOCK = 7_370_001;
const BUILD = '.test-build';

describeOnPostgres('A decision killed mid-way (SIGKILL)', () => {
  let t: TestApp;
  let child: ChildProcess | undefined;

  /** The app as it runs in production, from a build of this source tree, as a process of its own. */
  async function startChild(): Promise<{ process: ChildProcess; base: string }> {
    execFileSync(
      process.execPath,
      ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.build.json', '--outDir', BUILD],
      { stdio: 'inherit' },
    );
    for (const dir of ['views', 'public']) {
      cpSync(`src/web/${dir}`, `${BUILD}/src/web/${dir}`, { recursive: true });
    }
    const proc = spawn(process.execPath, [`${BUILD}/src/main.js`], {
      env: { ...process.env, PORT: '0', LOG_LEVEL: 'info', JOBS_ENABLED: 'false' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const base = await new Promise<string>((resolve, reject) => {
      let out = '';
      const timer = setTimeout(() => reject(new Error(`the app did not start:\n${out}`)), 60_000);
      proc.stdout.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        const m = /Server listening at (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
        if (m) {
          clearTimeout(timer);
          resolve(m[1]);
        }
      });
      proc.stderr.on('data', (chunk: Buffer) => (out += chunk.toString()));
      proc.on('exit', (code) => reject(new Error(`the app exited (${code}):\n${out}`)));
    });
    return { process: proc, base };
  }

  beforeAll(async () => {
    t = await startTestApp();
  }, 120_000);

  afterAll(async () => {
    child?.kill('SIGKILL');
    await t?.close();
  });

  it('leaves no entry, no card, no decision, no audit event and no mail, and the case can be decided again', async () => {
    const who = SyntheticPopulation.applicants().find((a) => a.key === 'amina')!;
    const applicantId = await createCitizenUser(t.dataSource, who.nationalId, who.name);
    const applicant = fromOurPages(`tr_session=${await sessionFor(t, applicantId, 'idporten')}`);
    const { session } = await staffSession(t, 'crash-handler', 'Kari Saksbehandler', [
      'case_handler',
    ]);
    const handler = fromOurPages(`tr_session=${session}`);
    const api = request(t.server);
    const start = await api.post('/api/me/applications').set(applicant).send({}).expect(201);
    const id: string = start.body.id;
    await api
      .put(`/api/me/applications/${id}`)
      .set(applicant)
      .send({
        email: 'amina@example.org',
        languages: ['ara'],
        evidence: [{ languageCode: 'ara', kind: 'basic_course', obtainedOn: '2024-06-01' }],
      })
      .expect(200);
    await api
      .post(`/api/me/applications/${id}/documents`)
      .set(applicant)
      .field('_csrf', applicant['x-csrf-token'])
      .field('purpose', 'photo')
      .attach('file', await imageFixture(600, 750, 'jpeg'), 'foto.jpg')
      .expect(201);
    await api.post(`/api/me/applications/${id}/submit`).set(applicant).expect(200);
    await api.post(`/api/cases/${id}/take`).set(handler).expect(204);
    const view = await api.get(`/api/cases/${id}`).set(handler).expect(200);
    const decision = {
      evidence: [{ id: view.body.evidence[0].id, accepted: true }],
      languages: [{ languageCode: 'ara', outcome: 'approved', category: 'D' }],
    };

    const started = await startChild();
    child = started.process;
    // Hold the audit chain's lock: the decision gets as far as its audit event and waits there,
    // with the person, the evidence, the entry, the photo and the decision row written.
    const watcher = new pg.Client({ connectionString: process.env.DATABASE_MIGRATION_URL });
    await watcher.connect();
    await watcher.query('SELECT pg_advisory_lock($1)', [AUDIT_CHAIN_LOCK]);
    const pending = request(started.base)
      .post(`/api/cases/${id}/decision`)
      .set(handler)
      .send(decision);
    const answered = pending.then(
      (res) => res.status,
      () => 'no answer',
    );
    const waiting = async () => {
      const rows: Array<{ n: number }> = (
        await watcher.query(
          `SELECT count(*)::int AS n FROM pg_stat_activity
            WHERE datname = current_database() AND wait_event_type = 'Lock'
              AND query LIKE '%pg_advisory_xact_lock%'`,
        )
      ).rows;
      return rows[0].n;
    };
    for (let i = 0; i < 200 && (await waiting()) === 0; i++) {
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(await waiting()).toBe(1);
    const inFlight: Array<{ n: number }> = (
      await watcher.query(
        `SELECT count(*)::int AS n FROM pg_locks l JOIN pg_stat_activity a USING (pid)
          WHERE a.datname = current_database() AND l.locktype = 'transactionid' AND l.mode = 'ExclusiveLock'
            AND a.query LIKE '%pg_advisory_xact_lock%'`,
      )
    ).rows;
    expect(inFlight[0].n).toBe(1); // the decision's transaction has written rows

    child.kill('SIGKILL');
    expect(await answered).toBe('no answer');
    await watcher.query('SELECT pg_advisory_unlock($1)', [AUDIT_CHAIN_LOCK]);
    // PostgreSQL ends the dead client's transaction when it sees the connection gone.
    for (let i = 0; i < 200 && (await waiting()) > 0; i++) {
      await new Promise((r) => setTimeout(r, 50));
    }
    const count = async (sql: string, params: unknown[] = []) =>
      ((await watcher.query(sql, params)).rows as Array<{ n: number }>)[0].n;
    expect(
      await count(`SELECT count(*)::int AS n FROM interpreters WHERE national_id = $1`, [
        who.nationalId,
      ]),
    ).toBe(0);
    expect(await count(`SELECT count(*)::int AS n FROM register_entries`)).toBe(0);
    expect(await count(`SELECT count(*)::int AS n FROM cards`)).toBe(0);
    expect(await count(`SELECT count(*)::int AS n FROM interpreter_photos`)).toBe(0);
    expect(await count(`SELECT count(*)::int AS n FROM application_decisions`)).toBe(0);
    expect(
      await count(
        `SELECT count(*)::int AS n FROM audit_events WHERE action = 'application.decided'`,
      ),
    ).toBe(0);
    expect(
      await count(`SELECT count(*)::int AS n FROM notifications WHERE template = 'decision_made'`),
    ).toBe(0);
    const after = await api.get(`/api/cases/${id}`).set(handler).expect(200);
    expect(after.body.status).toBe('in_review');
    expect(after.body.languages[0].outcome).toBeNull();

    // The surviving app decides the case as if nothing had happened.
    await api.post(`/api/cases/${id}/decision`).set(handler).send(decision).expect(204);
    expect(await count(`SELECT count(*)::int AS n FROM application_decisions`)).toBe(1);
    expect(await count(`SELECT count(*)::int AS n FROM cards`)).toBe(1);
    await watcher.end();
  }, 180_000);
});
