import { AuditService } from '../src/audit/audit.service.js';
import { seedDemoRegister } from '../src/database/seed/demo-seeder.js';
import { startTestApp, type TestApp } from './setup/test-app.js';

describe('The audit trail is append-only and tamper-evident', () => {
  let t: TestApp;
  let audit: AuditService;

  beforeAll(async () => {
    t = await startTestApp();
    audit = t.app.get(AuditService);
  }, 120_000);

  afterAll(async () => {
    await t?.close();
  });

  const count = async (): Promise<number> =>
    Number((await t.dataSource.query(`SELECT count(*) AS n FROM audit_events`))[0].n);

  it('records the demo register being created, in the same transaction', async () => {
    await seedDemoRegister(t.dataSource, { scale: 0.05 }, audit);
    const [event] = await t.dataSource.query(
      `SELECT actor_type, action, details FROM audit_events ORDER BY seq DESC LIMIT 1`,
    );
    expect(event).toMatchObject({ actor_type: 'system', action: 'register.demo_seeded' });
    expect(event.details.persons).toBeGreaterThan(0);
  });

  it('keeps one unbroken chain when many events are written at once', async () => {
    const before = await count();
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        t.dataSource.transaction((em) =>
          audit.record(em, {
            actorType: 'staff',
            actorId: `handler-${i % 4}`,
            action: 'interpreter.read',
            subjectType: 'interpreter',
            subjectId: `person-${i}`,
            clientIp: '127.0.0.1',
            details: { i },
          }),
        ),
      ),
    );
    expect(await count()).toBe(before + 20);
    const seqs: Array<{ seq: string }> = await t.dataSource.query(
      `SELECT seq FROM audit_events ORDER BY seq`,
    );
    expect(seqs.map((r) => Number(r.seq))).toEqual(seqs.map((_, i) => i + 1));
    expect(await audit.verify()).toEqual({ events: before + 20, firstBreak: null });
  });

  it('details of any JSON-able shape verify after the round trip through the database', async () => {
    await audit.record(t.dataSource.manager, {
      actorType: 'system',
      action: 'test.shapes',
      details: {
        at: new Date('2026-11-25T08:00:00Z'),
        list: [1, undefined, 'x'],
        gone: undefined,
        big: 1e21,
      },
    });
    expect((await audit.verify()).firstBreak).toBeNull();
  });

  it('an event whose change rolls back is not recorded', async () => {
    const before = await count();
    await expect(
      t.dataSource.transaction(async (em) => {
        await audit.record(em, { actorType: 'system', action: 'test.rolled_back' });
        throw new Error('the change failed');
      }),
    ).rejects.toThrow('the change failed');
    expect(await count()).toBe(before);
  });

  it.each([
    ['UPDATE', `UPDATE audit_events SET action = 'x' WHERE seq = 1`],
    ['DELETE', `DELETE FROM audit_events WHERE seq = 1`],
    ['TRUNCATE', `TRUNCATE audit_events`],
  ])('the application connection cannot %s audit rows', async (_op, sql) => {
    const before = await count();
    await expect(t.dataSource.query(sql)).rejects.toThrow(/append-only/);
    expect(await count()).toBe(before);
    expect((await audit.verify()).firstBreak).toBeNull();
  });

  it('the chain check finds a row changed behind the database’s back', async () => {
    // Only someone able to switch off the database's own protection can do this.
    await t.dataSource.query(
      `ALTER TABLE audit_events DISABLE TRIGGER tg_audit_events_append_only`,
    );
    try {
      await t.dataSource.query(`UPDATE audit_events SET details = '{"i": 99}' WHERE seq = 5`);
      expect((await audit.verify()).firstBreak).toEqual({ seq: 5, reason: 'hash' });
      await t.dataSource.query(`DELETE FROM audit_events WHERE seq = 5`);
      expect((await audit.verify()).firstBreak).toEqual({ seq: 6, reason: 'gap' });
    } finally {
      await t.dataSource.query(
        `ALTER TABLE audit_events ENABLE TRIGGER tg_audit_events_append_only`,
      );
    }
  });
});
