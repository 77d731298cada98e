import { SYSTEM } from '../src/audit/actor.js';
import { createHash, randomBytes } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { APP_GROUP_ROLE } from '../migrations/1764075600000-runtime-role.js';
import {
  type AuditRecord,
  canonicalJson,
  type ChainBreak,
  hashAuditRecord,
} from '../src/audit/audit-chain.js';
import { AUDIT_KEY, AuditKey } from '../src/audit/audit-key.js';
import { type AuditRow, toStoredRecord } from '../src/audit/audit.repository.js';
import { AuditService } from '../src/audit/audit.service.js';
import { createApp } from '../src/app.factory.js';
import { seedDemoRegister } from '../src/database/seed/demo-seeder.js';
import { startTestApp, type TestApp } from './setup/test-app.js';

/** On PostgreSQL the app serves as a role of its own; the embedded database has one role. */
const onPostgres = Boolean(process.env.TEST_DATABASE_URL);

/** The hash the trail used before it was keyed: what anyone can compute. */
function unkeyedHash(r: AuditRecord): string {
  const text = canonicalJson([
    r.seq,
    r.occurredAt,
    r.actorType,
    r.actorId,
    r.action,
    r.subjectType,
    r.subjectId,
    r.clientIp,
    r.details,
    r.prevHash,
  ]);
  return createHash('sha256').update(text).digest('hex');
}

describe('The audit trail is append-only and tamper-evident', () => {
  let t: TestApp;
  let audit: AuditService;
  let key: AuditKey;

  beforeAll(async () => {
    t = await startTestApp();
    audit = t.app.get(AuditService);
    key = t.app.get<AuditKey>(AUDIT_KEY);
  }, 120_000);

  afterAll(async () => {
    await t?.close();
  });

  const count = async (): Promise<number> =>
    Number((await t.dataSource.query(`SELECT count(*) AS n FROM audit_events`))[0].n);

  /** Every column of every row, in one value. */
  const snapshot = async (): Promise<unknown> =>
    (
      await t.dataSource.query(
        `SELECT count(*) AS n, md5(string_agg(a::text, '|' ORDER BY seq)) AS digest
           FROM audit_events a`,
      )
    )[0];

  it('records the demo register being created, in the same transaction', async () => {
    await seedDemoRegister(t.dataSource, { scale: 0.05 }, audit);
    const [event] = await t.dataSource.query(
      `SELECT actor_type, action, details, key_id FROM audit_events ORDER BY seq DESC LIMIT 1`,
    );
    expect(event).toMatchObject({
      actor_type: 'system',
      action: 'register.demo_seeded',
      key_id: key.id,
    });
    expect(event.details.persons).toBeGreaterThan(0);
  });

  it('keeps one unbroken chain when many events are written at once', async () => {
    const before = await count();
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        t.dataSource.transaction((em) =>
          audit.record(
            em,
            { type: 'staff', userId: `handler-${i % 4}`, roles: [], clientIp: '127.0.0.1' },
            {
              action: 'staff.listed',
              subjectType: 'interpreter',
              subjectId: `person-${i}`,
              details: { i },
            },
          ),
        ),
      ),
    );
    expect(await count()).toBe(before + 20);
    const seqs: Array<{ seq: string }> = await t.dataSource.query(
      `SELECT seq FROM audit_events ORDER BY seq`,
    );
    expect(seqs.map((r) => Number(r.seq))).toEqual(seqs.map((_, i) => i + 1));
    expect(await audit.verify()).toEqual({ events: before + 20, keyId: key.id, firstBreak: null });
  });

  it('details of any JSON-able shape verify after the round trip through the database', async () => {
    await audit.record(t.dataSource.manager, SYSTEM, {
      action: 'register.demo_seeded',
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
        await audit.record(em, SYSTEM, { action: 'cards.print_run' });
        throw new Error('the change failed');
      }),
    ).rejects.toThrow('the change failed');
    expect(await count()).toBe(before);
  });

  describe('the database role the app serves as may read and append, nothing more', () => {
    /**
     * On PostgreSQL, the app's own connection. The embedded database has one
     * role, a superuser, so there the work runs as the group role the grants
     * go to (SET LOCAL ROLE): that checks the grants, not the two-role setup.
     */
    function asApp<T>(work: (em: EntityManager) => Promise<T>): Promise<T> {
      return t.dataSource.transaction(async (em) => {
        if (!onPostgres) await em.query(`SET LOCAL ROLE ${APP_GROUP_ROLE}`);
        return work(em);
      });
    }

    it('appends events', async () => {
      const before = await count();
      await asApp((em) => audit.record(em, SYSTEM, { action: 'cards.print_run' }));
      expect(await count()).toBe(before + 1);
      expect((await audit.verify()).firstBreak).toBeNull();
    });

    it.each([
      ['UPDATE', `UPDATE audit_events SET action = 'x' WHERE seq = 1`],
      ['DELETE', `DELETE FROM audit_events WHERE seq = 1`],
      ['TRUNCATE', `TRUNCATE audit_events`],
      ['DISABLE TRIGGER', `ALTER TABLE audit_events DISABLE TRIGGER tg_audit_events_append_only`],
      ['DISABLE TRIGGER ALL', `ALTER TABLE audit_events DISABLE TRIGGER ALL`],
      ['DROP TABLE', `DROP TABLE audit_events`],
    ])('%s is refused by the grants, not only by the trigger; no row changes', async (_op, sql) => {
      const before = await snapshot();
      await expect(asApp((em) => em.query(sql))).rejects.toThrow(/permission denied|must be owner/);
      expect(await snapshot()).toEqual(before);
      expect((await audit.verify()).firstBreak).toBeNull();
    });

    it('cannot alter the record of applied migrations (which the owner would act on)', async () => {
      // Rolled back whatever happens: emptied, it would make the next start re-run every migration.
      const attempt = asApp(async (em) => {
        await em.query(`DELETE FROM migrations`);
        throw new Error('allowed');
      });
      await expect(attempt).rejects.toThrow(/permission denied/);
      await expect(
        asApp((em) => em.query(`SELECT count(*) FROM migrations`)),
      ).resolves.toHaveLength(1);
    });

    (onPostgres ? it : it.skip)(
      'on PostgreSQL it is a login role with only the app group role, owning nothing (the embedded database has one role)',
      async () => {
        const [me] = await t.dataSource.query(`
          SELECT rolsuper, rolcreaterole, rolcreatedb, rolbypassrls,
                 pg_has_role(current_user, '${APP_GROUP_ROLE}', 'MEMBER') AS in_group,
                 (SELECT count(*)::int FROM pg_class c
                   WHERE c.relnamespace = 'public'::regnamespace
                     AND pg_has_role(c.relowner, 'USAGE')) AS owned_relations,
                 (SELECT count(*)::int FROM pg_proc p
                   WHERE p.pronamespace = 'public'::regnamespace
                     AND pg_has_role(p.proowner, 'USAGE')) AS owned_functions
            FROM pg_roles WHERE rolname = current_user`);
        expect(me).toEqual({
          rolsuper: false,
          rolcreaterole: false,
          rolcreatedb: false,
          rolbypassrls: false,
          in_group: true,
          owned_relations: 0,
          owned_functions: 0,
        });
      },
    );

    (onPostgres ? it : it.skip)(
      'on PostgreSQL the app refuses to start as a role that may not write the trail (the embedded database has one role)',
      async () => {
        const role = `audit_nogrant_${randomBytes(4).toString('hex')}`;
        const password = randomBytes(12).toString('hex');
        await t.owner.query(`CREATE ROLE ${role} LOGIN PASSWORD '${password}'`);
        const serving = process.env.DATABASE_URL!;
        const url = new URL(serving);
        url.username = role;
        url.password = password;
        process.env.DATABASE_URL = url.toString();
        try {
          const app = await createApp();
          try {
            await expect(app.init()).rejects.toThrow(`GRANT ${APP_GROUP_ROLE} TO "${role}"`);
          } finally {
            await app.close();
          }
        } finally {
          process.env.DATABASE_URL = serving;
          await t.owner.query(`DROP ROLE ${role}`);
        }
      },
    );
  });

  describe('a rewrite by someone who can switch off the protection (the schema owner) is found', () => {
    /** As the owner, trigger off, in a transaction rolled back afterwards; returns what verify finds. */
    async function tampered(
      work: (em: EntityManager) => Promise<void>,
    ): Promise<ChainBreak | null> {
      const runner = t.owner.createQueryRunner();
      await runner.startTransaction();
      try {
        await runner.query(`ALTER TABLE audit_events DISABLE TRIGGER tg_audit_events_append_only`);
        await work(runner.manager);
        return (await audit.verify(runner.manager)).firstBreak;
      } finally {
        await runner.rollbackTransaction();
        await runner.release();
      }
    }

    /**
     * Changes one event and recomputes its hash and every later one, relinking
     * the chain to the end, as an attacker would.
     */
    async function rewriteFrom(
      em: EntityManager,
      seq: number,
      hash: (record: AuditRecord) => string,
      keyId: string,
    ): Promise<void> {
      const rows = (
        await em.query<AuditRow[]>(`SELECT * FROM audit_events WHERE seq >= $1 ORDER BY seq`, [
          seq - 1,
        ])
      ).map(toStoredRecord);
      let prevHash = rows[0].hash;
      for (const row of rows.slice(1)) {
        const record: AuditRecord = {
          ...row,
          actorId: row.seq === seq ? 'someone-else' : row.actorId,
          prevHash,
        };
        prevHash = hash(record);
        await em.query(
          `UPDATE audit_events SET actor_id = $2, prev_hash = $3, hash = $4, key_id = $5
            WHERE seq = $1`,
          [row.seq, record.actorId, record.prevHash, prevHash, keyId],
        );
      }
    }

    it('finds a changed row', async () => {
      expect(
        await tampered((em) =>
          em.query(`UPDATE audit_events SET details = '{"i": 99}' WHERE seq = 5`),
        ),
      ).toEqual({ seq: 5, reason: 'hash' });
    });

    it('finds a removed row', async () => {
      expect(await tampered((em) => em.query(`DELETE FROM audit_events WHERE seq = 5`))).toEqual({
        seq: 6,
        reason: 'gap',
      });
    });

    it('finds the chain recomputed with the unkeyed SHA-256 hash', async () => {
      expect(await tampered((em) => rewriteFrom(em, 5, unkeyedHash, key.id))).toEqual({
        seq: 5,
        reason: 'hash',
      });
    });

    it('finds the chain recomputed with another key, however the rows are labelled', async () => {
      const other = AuditKey.generate();
      const withOther = (r: AuditRecord) => hashAuditRecord(other, r);
      expect(await tampered((em) => rewriteFrom(em, 5, withOther, key.id))).toEqual({
        seq: 5,
        reason: 'hash',
      });
      expect(await tampered((em) => rewriteFrom(em, 5, withOther, other.id))).toEqual({
        seq: 5,
        reason: 'key',
      });
    });

    it('only the key makes such a rewrite pass, so the key must stay out of the database administrators’ reach', async () => {
      const withKey = (r: AuditRecord) => hashAuditRecord(key, r);
      expect(await tampered((em) => rewriteFrom(em, 5, withKey, key.id))).toBeNull();
      expect((await audit.verify()).firstBreak).toBeNull();
    });
  });
});
