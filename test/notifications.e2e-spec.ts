import request from 'supertest';
import {
  JobsAndNotifications1764086400000,
  NOTIFICATION_QUEUE,
} from '../migrations/1764086400000-jobs-and-notifications.js';
import { createApp } from '../src/app.factory.js';
import {
  type NewNotification,
  NotificationsService,
} from '../src/notifications/notifications.service.js';
import { createCitizenUser, createStaffUser, sessionFor } from './factories/user.factory.js';
import { fromOurPages } from './setup/sessions.js';
import { SmtpSink } from './setup/smtp-sink.js';
import { startTestApp, type TestApp } from './setup/test-app.js';

const onPostgres = Boolean(process.env.TEST_DATABASE_URL);
const MAIL_SETTINGS = [
  'SMTP_URL',
  'MAIL_FROM',
  'JOBS_POLL_SECONDS',
  'MAIL_RETRY_SECONDS',
  'MAIL_SWEEP_SECONDS',
];

/** Short delays, so retries and the sweep happen within a test. */
function fastMail(smtpUrl?: string): void {
  if (smtpUrl) process.env.SMTP_URL = smtpUrl;
  else delete process.env.SMTP_URL;
  process.env.MAIL_FROM = 'Tolkeregisteret <ikke-svar@tolkeregister.test>';
  process.env.JOBS_POLL_SECONDS = '1';
  process.env.MAIL_RETRY_SECONDS = '1';
  process.env.MAIL_SWEEP_SECONDS = '2';
}

function forgetMailSettings(): void {
  for (const key of MAIL_SETTINGS) delete process.env[key];
}

async function until<T>(
  what: string,
  probe: () => T | undefined | Promise<T | undefined>,
  ms = 30_000,
): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Row {
  status: string;
  attempts: number;
  last_error: string | null;
  sent_at: Date | null;
}

async function rowOf(t: TestApp, id: string): Promise<Row | undefined> {
  const [row] = await t.dataSource.query(
    `SELECT status, attempts, last_error, sent_at FROM notifications WHERE id = $1`,
    [id],
  );
  return row as Row | undefined;
}

function enqueue(t: TestApp, notification: NewNotification): Promise<string> {
  const service = t.app.get(NotificationsService);
  return t.dataSource.transaction((em) => service.enqueue(em, notification));
}

describe('Notifications: a mail goes out if and only if its event commits', () => {
  const smtp = new SmtpSink();
  let t: TestApp;
  let citizen: string;

  beforeAll(async () => {
    await smtp.start(0);
    fastMail(smtp.url);
    t = await startTestApp();
    citizen = await createCitizenUser(t.dataSource, '01010012356', 'Kari Nordmann');
  }, 120_000);

  afterAll(async () => {
    await t?.close();
    await smtp.stop();
    forgetMailSettings();
  });

  it('delivers a mail written in a committed transaction by SMTP, and marks it sent', async () => {
    const id = await enqueue(t, {
      recipientUserId: citizen,
      to: 'kari@example.no',
      template: 'decision_made',
      lang: 'nb',
      params: { caseNumber: 'S-2026-0001' },
    });
    const mail = await until('the mail', () =>
      smtp.mails.find((m) => m.to.includes('kari@example.no')),
    );
    expect(mail.from).toBe('ikke-svar@tolkeregister.test');
    expect(mail.subject).toBe('Saken din er avgjort – Nasjonalt tolkeregister');
    expect(mail.text).toContain('Det er fattet vedtak i saken din (saksnummer S-2026-0001).');
    expect(mail.text).toContain('Logg inn på http://127.0.0.1:3999/min-side for å lese vedtaket.');
    expect(mail.raw).not.toContain('01010012356');
    const row = await until('the row marked sent', async () => {
      const r = await rowOf(t, id);
      return r?.status === 'sent' ? r : undefined;
    });
    expect(row).toMatchObject({ attempts: 1, last_error: null });
    expect(row.sent_at).toBeInstanceOf(Date);
  });

  it('writes nothing and sends nothing when the transaction rolls back', async () => {
    const service = t.app.get(NotificationsService);
    const before = smtp.mails.length;
    let written: string | undefined;
    await expect(
      t.dataSource.transaction(async (em) => {
        written = await service.enqueue(em, {
          to: 'rolled-back@example.no',
          template: 'application_received',
          lang: 'en',
        });
        throw new Error('the event failed');
      }),
    ).rejects.toThrow('the event failed');
    expect(written).toBeDefined();
    expect(await rowOf(t, written!)).toBeUndefined();
    const jobs = await t.owner.query(
      `SELECT count(*)::int AS n FROM pgboss.job WHERE data->>'notificationId' = $1`,
      [written],
    );
    expect(jobs[0].n).toBe(0);
    // Several polls and a sweep later, still nothing.
    await sleep(3_000);
    expect(smtp.mails.slice(before).map((m) => m.to)).toEqual([]);
  });

  it('refuses to queue outside a transaction, an address that is not one, and a detail the mail may not carry', async () => {
    const service = t.app.get(NotificationsService);
    await expect(
      service.enqueue(t.dataSource.manager, {
        to: 'x@example.no',
        template: 'photo_approved',
        lang: 'nb',
      }),
    ).rejects.toThrow(/needs the EntityManager of a transaction/);
    await expect(
      enqueue(t, { to: 'not an address', template: 'photo_approved', lang: 'nb' }),
    ).rejects.toThrow(/Not an e-mail address/);
    await expect(
      enqueue(t, {
        to: 'x@example.no',
        template: 'photo_refused',
        lang: 'nb',
        params: { reason: 'Too dark' },
      }),
    ).rejects.toThrow(/takes no parameter "reason"/);
    const [{ n }] = await t.dataSource.query(
      `SELECT count(*)::int AS n FROM notifications WHERE to_address = 'x@example.no'`,
    );
    expect(n).toBe(0);
  });

  it('keeps a mail while the SMTP server is down, and delivers it once when it returns', async () => {
    await smtp.stop();
    const id = await enqueue(t, {
      to: 'outage@example.no',
      template: 'information_requested',
      lang: 'en',
    });
    const failed = await until('a failed attempt', async () => {
      const r = await rowOf(t, id);
      return r && r.attempts >= 2 ? r : undefined;
    });
    expect(failed.status).toBe('pending');
    expect(failed.last_error).toMatch(/^ECONNECTION|^ESOCKET/);
    expect(failed.last_error).not.toContain('outage@example.no');
    // Retries and sweeps go on while the server is away: nothing is given up.
    await sleep(4_000);
    expect((await rowOf(t, id))!.status).toBe('pending');

    await smtp.start(smtp.port);
    const mail = await until('the mail after the outage', () =>
      smtp.mails.find((m) => m.to.includes('outage@example.no')),
    );
    expect(mail.subject).toBe(
      'We need more information from you – National Register of Interpreters',
    );
    await until('the row marked sent', async () =>
      (await rowOf(t, id))?.status === 'sent' ? true : undefined,
    );
    // Later jobs for it (retries, sweeps) find it sent and do nothing.
    await sleep(3_000);
    expect(smtp.mails.filter((m) => m.to.includes('outage@example.no'))).toHaveLength(1);
  }, 90_000);

  it('a mail is sent once even when two deliveries race for it', async () => {
    const service = t.app.get(NotificationsService);
    // Written without its job's worker getting there first: the job waits.
    const id = await t.dataSource.transaction(async (em) => {
      const written = await service.enqueue(em, {
        to: 'race@example.no',
        template: 'photo_approved',
        lang: 'nb',
      });
      await em.query(
        `UPDATE pgboss.job SET start_after = now() + interval '1 hour' WHERE data->>'notificationId' = $1`,
        [written],
      );
      return written;
    });
    const results = await Promise.all([
      service.deliver(id),
      service.deliver(id),
      service.deliver(id),
    ]);
    expect(results.sort()).toEqual(['sent', 'skipped', 'skipped']);
    expect(await service.deliver(id)).toBe('skipped');
    expect(smtp.mails.filter((m) => m.to.includes('race@example.no'))).toHaveLength(1);
  });

  it('marks a mail the server refuses for good as failed, without its text', async () => {
    const service = t.app.get(NotificationsService);
    const id = await t.dataSource.transaction(async (em) => {
      const written = await service.enqueue(em, {
        to: 'refused@example.no',
        template: 'photo_approved',
        lang: 'nb',
      });
      await em.query(
        `UPDATE pgboss.job SET start_after = now() + interval '1 hour' WHERE data->>'notificationId' = $1`,
        [written],
      );
      return written;
    });
    const refusing = smtp.refuseRecipient('refused@example.no');
    try {
      expect(await service.deliver(id)).toBe('failed');
    } finally {
      refusing();
    }
    const row = await rowOf(t, id);
    expect(row).toMatchObject({ status: 'failed', last_error: 'EENVELOPE 550', sent_at: null });
  });

  (onPostgres ? it : it.skip)(
    'two app nodes on one database deliver each mail exactly once',
    async () => {
      // A second node: the same database and settings (the first node's migrations are done).
      const second = await createApp();
      await second.init();
      try {
        const before = smtp.mails.length;
        const service = t.app.get(NotificationsService);
        const to = Array.from({ length: 20 }, (_, i) => `node-${i}@example.no`);
        await t.dataSource.transaction(async (em) => {
          for (const address of to) {
            await service.enqueue(em, { to: address, template: 'photo_approved', lang: 'en' });
          }
        });
        await until('every mail', () =>
          smtp.mails.length - before >= to.length ? true : undefined,
        );
        await sleep(3_000);
        const received = smtp.mails
          .slice(before)
          .flatMap((m) => m.to)
          .sort();
        expect(received).toEqual([...to].sort());
      } finally {
        await second.close();
      }
    },
    90_000,
  );
});

describe('Notifications without a mail server: recorded, for administrators to read', () => {
  let t: TestApp;
  let admin: string;
  let handler: string;

  beforeAll(async () => {
    fastMail(undefined);
    t = await startTestApp();
    const adminId = await createStaffUser(t.dataSource, 'mail-admin', 'Ada Admin', [
      'administrator',
    ]);
    admin = `tr_session=${await sessionFor(t, adminId, 'staff')}`;
    const handlerId = await createStaffUser(t.dataSource, 'mail-handler', 'Sak Behandler', [
      'case_handler',
    ]);
    handler = `tr_session=${await sessionFor(t, handlerId, 'staff')}`;
  }, 120_000);

  afterAll(async () => {
    await t?.close();
    forgetMailSettings();
  });

  it('records the mail (nothing leaves the machine) and shows it on /admin/e-post', async () => {
    const id = await enqueue(t, {
      to: 'recorded@example.no',
      template: 'application_received',
      lang: 'nb',
      params: { caseNumber: 'S-2026-0007' },
    });
    const row = await until('the row recorded', async () => {
      const r = await rowOf(t, id);
      return r?.status === 'recorded' ? r : undefined;
    });
    expect(row.sent_at).toBeInstanceOf(Date);

    const page = await request(t.server).get('/admin/e-post').set(fromOurPages(admin));
    expect(page.status).toBe(200);
    expect(page.headers['cache-control']).toBe('no-store');
    expect(page.text).toContain('Utgående e-post');
    expect(page.text).toContain('recorded@example.no');
    expect(page.text).toContain('Vi har mottatt søknaden din – Nasjonalt tolkeregister');
    expect(page.text).toContain('Registrert (ikke sendt)');
    expect(page.text).toMatch(/<details>[\s\S]*saksnummer S-2026-0007/);
    const [read] = await t.dataSource.query(
      `SELECT action, details FROM audit_events ORDER BY seq DESC LIMIT 1`,
    );
    expect(read.action).toBe('notifications.listed');

    const english = await request(t.server).get('/admin/e-post?lang=en').set(fromOurPages(admin));
    expect(english.text).toContain('Outgoing e-mail');
    expect(english.text).toContain('Recorded (not sent)');
  });

  it('refuses the page to a case handler (403) and sends a visitor to sign in', async () => {
    const refused = await request(t.server).get('/admin/e-post').set(fromOurPages(handler));
    expect(refused.status).toBe(403);
    expect(refused.text).not.toContain('recorded@example.no');
    const anonymous = await request(t.server).get('/admin/e-post').set('accept', 'text/html');
    expect([302, 303]).toContain(anonymous.status);
  });

  it('the migration is undone completely, and made again', async () => {
    const migration = new JobsAndNotifications1764086400000();
    // As the schema owner (on the embedded database, the one role); the job
    // runner's polls fail quietly while the schema is gone.
    const runner = t.owner.createQueryRunner();
    try {
      await runner.startTransaction();
      await migration.down(runner);
      await runner.commitTransaction();
      const [gone] = await runner.query(
        `SELECT to_regclass('notifications') AS outbox,
                (SELECT count(*)::int FROM pg_namespace WHERE nspname = 'pgboss') AS schemas`,
      );
      expect(gone).toEqual({ outbox: null, schemas: 0 });
      await runner.startTransaction();
      await migration.up(runner);
      await runner.commitTransaction();
      const [queue] = await runner.query(`SELECT name FROM pgboss.queue WHERE name = $1`, [
        NOTIFICATION_QUEUE,
      ]);
      expect(queue).toEqual({ name: NOTIFICATION_QUEUE });
    } finally {
      await runner.release();
    }
  });
});
