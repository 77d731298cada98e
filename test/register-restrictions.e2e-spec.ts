import request from 'supertest';
import { PrintRunService } from '../src/cards/print-run.service.js';
import { NoAuthorisationError, NoEntriesInForceError } from '../src/register/register.errors.js';
import { RegisterService } from '../src/register/register.service.js';
import { addDays, osloDate } from '../src/reports/calendar-date.js';
import { createInterpreter, type CreatedInterpreter } from './factories/interpreter.factory.js';
import { startTestApp, type TestApp } from './setup/test-app.js';

/**
 * What a sanction does to the register (issue #11): RegisterService.restrict,
 * endDueRestrictions, liftRestriction and revokeAuthorisation, seen where the
 * public sees them: the search, the profile and the card check.
 */
describe('Register restrictions', () => {
  let t: TestApp;
  let register: RegisterService;
  let printRuns: PrintRunService;
  const today = osloDate(new Date());

  beforeAll(async () => {
    process.env.CARD_VERIFY_RATE_LIMIT = '100000';
    t = await startTestApp();
    register = t.app.get(RegisterService);
    printRuns = t.app.get(PrintRunService);
  }, 120_000);

  afterAll(async () => {
    delete process.env.CARD_VERIFY_RATE_LIMIT;
    await t?.close();
  });

  /** A printed card's token (a print run only prints for a person with an active entry). */
  const tokens = new Map<string, string>();
  async function cardCheck(p: CreatedInterpreter): Promise<string> {
    if (!tokens.has(p.id)) {
      const [card] = await printRuns.printRun({ interpreterNumber: p.interpreterNumber });
      tokens.set(p.id, card.verificationUrl.split('/v/')[1]);
    }
    const res = await request(t.server)
      .get(`/api/cards/verify/${tokens.get(p.id)}`)
      .expect(200);
    return res.body.status as string;
  }

  async function statuses(p: CreatedInterpreter): Promise<Record<string, string>> {
    const rows: Array<{ language_code: string; status: string; category: string }> =
      await t.dataSource.query(
        `SELECT language_code, status::text, category::text FROM register_entries WHERE interpreter_id = $1`,
        [p.id],
      );
    return Object.fromEntries(rows.map((r) => [r.language_code, `${r.status}:${r.category}`]));
  }

  async function listed(p: CreatedInterpreter): Promise<boolean> {
    const res = await request(t.server)
      .get('/api/interpreters')
      .query({ q: String(p.interpreterNumber) })
      .expect(200);
    const items = res.body.items as Array<{ interpreterNumber: number }>;
    return items.some((i) => i.interpreterNumber === p.interpreterNumber);
  }

  it('suspends at once and restores on the end date, overlapping restrictions holding until the last ends', async () => {
    const p = await createInterpreter(t.dataSource, {
      entries: [
        { language: 'ara', category: 'A' },
        { language: 'tir', category: 'C' },
        { language: 'pol', category: 'D', status: 'suspended' },
      ],
    });
    expect(await cardCheck(p)).toBe('valid');
    expect(await listed(p)).toBe(true);

    const first = await t.dataSource.transaction((em) =>
      register.restrict(em, {
        interpreterId: p.id,
        reportId: null,
        kind: 'temporary',
        startsOn: today,
        endsOn: addDays(today, 10),
        createdBy: null,
      }),
    );
    // Polish was suspended before, by no restriction: this one must not bring it back later.
    expect(first.languageCodes).toEqual(['ara', 'tir']);
    expect(await statuses(p)).toEqual({
      ara: 'suspended:A',
      tir: 'suspended:C',
      pol: 'suspended:D',
    });
    expect(await cardCheck(p)).toBe('suspended');
    expect(await listed(p)).toBe(false);
    await request(t.server).get(`/api/interpreters/${p.interpreterNumber}`).expect(404);

    const second = await t.dataSource.transaction((em) =>
      register.restrict(em, {
        interpreterId: p.id,
        reportId: null,
        kind: 'period',
        startsOn: today,
        endsOn: addDays(today, 30),
        createdBy: null,
      }),
    );
    expect(second.languageCodes).toEqual(['ara', 'tir']);

    // The day before the first ends: nothing ends.
    let ended = await t.dataSource.transaction((em) =>
      register.endDueRestrictions(em, addDays(today, 9)),
    );
    expect(ended).toHaveLength(0);
    // The first ends; the second still covers both languages.
    ended = await t.dataSource.transaction((em) =>
      register.endDueRestrictions(em, addDays(today, 10)),
    );
    expect(ended.map((r) => r.id)).toEqual([first.id]);
    expect(await cardCheck(p)).toBe('suspended');
    // Run again the same day: nothing more to end.
    ended = await t.dataSource.transaction((em) =>
      register.endDueRestrictions(em, addDays(today, 10)),
    );
    expect(ended).toHaveLength(0);

    ended = await t.dataSource.transaction((em) =>
      register.endDueRestrictions(em, addDays(today, 30)),
    );
    expect(ended.map((r) => r.id)).toEqual([second.id]);
    expect(await statuses(p)).toEqual({ ara: 'active:A', tir: 'active:C', pol: 'suspended:D' });
    expect(await cardCheck(p)).toBe('valid');
    expect(await listed(p)).toBe(true);
    const all = await t.dataSource.transaction((em) => register.restrictionsOf(em, p.id));
    expect(all.map((r) => r.endedAt !== null)).toEqual([true, true]);
  });

  it('lifts a temporary exclusion when asked', async () => {
    const p = await createInterpreter(t.dataSource, {
      entries: [{ language: 'som', category: 'D' }],
    });
    expect(await cardCheck(p)).toBe('valid');
    const r = await t.dataSource.transaction((em) =>
      register.restrict(em, {
        interpreterId: p.id,
        reportId: null,
        kind: 'temporary',
        startsOn: today,
        endsOn: addDays(today, 60),
        createdBy: null,
      }),
    );
    expect(await cardCheck(p)).toBe('suspended');
    expect(await t.dataSource.transaction((em) => register.liftRestriction(em, p.id, r.id))).toBe(
      true,
    );
    expect(await t.dataSource.transaction((em) => register.liftRestriction(em, p.id, r.id))).toBe(
      false,
    );
    expect(await cardCheck(p)).toBe('valid');
  });

  it('excludes permanently: the card is revoked and open restrictions end', async () => {
    const p = await createInterpreter(t.dataSource, {
      entries: [
        { language: 'ara', category: 'B' },
        { language: 'som', category: 'E' },
      ],
    });
    expect(await cardCheck(p)).toBe('valid');
    await t.dataSource.transaction((em) =>
      register.restrict(em, {
        interpreterId: p.id,
        reportId: null,
        kind: 'temporary',
        startsOn: today,
        endsOn: addDays(today, 5),
        createdBy: null,
      }),
    );
    await t.dataSource.transaction((em) =>
      register.restrict(em, {
        interpreterId: p.id,
        reportId: null,
        kind: 'permanent',
        startsOn: today,
        endsOn: null,
        createdBy: null,
      }),
    );
    expect(await statuses(p)).toEqual({ ara: 'excluded:B', som: 'excluded:E' });
    expect(await cardCheck(p)).toBe('revoked');
    // The temporary exclusion ended with it, and its end date brings nobody back.
    const open = (await t.dataSource.transaction((em) => register.restrictionsOf(em, p.id))).filter(
      (r) => r.endedAt === null,
    );
    expect(open.map((r) => r.kind)).toEqual(['permanent']);
    await t.dataSource.transaction((em) => register.endDueRestrictions(em, addDays(today, 5)));
    expect(await statuses(p)).toEqual({ ara: 'excluded:B', som: 'excluded:E' });
  });

  it('refuses what makes no sense, writing nothing', async () => {
    const p = await createInterpreter(t.dataSource, {
      entries: [{ language: 'ara', category: 'D' }],
    });
    const gone = await createInterpreter(t.dataSource, {
      entries: [{ language: 'ara', category: 'D', status: 'excluded' }],
    });
    const base = {
      interpreterId: p.id,
      reportId: null,
      startsOn: today,
      createdBy: null,
    };
    const count = async () =>
      Number(
        (
          await t.dataSource.query(
            `SELECT count(*) AS n FROM register_restrictions WHERE interpreter_id = ANY($1::uuid[])`,
            [[p.id, gone.id]],
          )
        )[0].n,
      );
    await expect(
      t.dataSource.transaction((em) =>
        register.restrict(em, { ...base, kind: 'temporary', endsOn: today }),
      ),
    ).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    await expect(
      t.dataSource.transaction((em) =>
        register.restrict(em, { ...base, kind: 'period', endsOn: addDays(today, -1) }),
      ),
    ).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    await expect(
      t.dataSource.transaction((em) =>
        register.restrict(em, { ...base, kind: 'permanent', endsOn: addDays(today, 3) }),
      ),
    ).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    await expect(
      t.dataSource.transaction((em) =>
        register.restrict(em, {
          ...base,
          interpreterId: gone.id,
          kind: 'temporary',
          endsOn: addDays(today, 3),
        }),
      ),
    ).rejects.toBeInstanceOf(NoEntriesInForceError);
    expect(await count()).toBe(0);
    expect(await statuses(p)).toEqual({ ara: 'active:D' });
  });

  it('revokes a state authorisation: the category falls to what the rest supports, or the entry goes', async () => {
    const p = await createInterpreter(t.dataSource, {
      entries: [
        { language: 'ara', category: 'A' },
        { language: 'tir', category: 'C' },
        { language: 'som', category: 'D' },
      ],
    });
    const ara = await t.dataSource.transaction((em) =>
      register.revokeAuthorisation(em, p.id, 'ara'),
    );
    expect(ara).toEqual({ category: 'B' });
    const tir = await t.dataSource.transaction((em) =>
      register.revokeAuthorisation(em, p.id, 'tir'),
    );
    expect(tir).toEqual({ category: null });
    expect(await statuses(p)).toEqual({ ara: 'active:B', tir: 'excluded:C', som: 'active:D' });
    await expect(
      t.dataSource.transaction((em) => register.revokeAuthorisation(em, p.id, 'som')),
    ).rejects.toBeInstanceOf(NoAuthorisationError);
    // Revoked once is revoked: a second time finds nothing to revoke.
    await expect(
      t.dataSource.transaction((em) => register.revokeAuthorisation(em, p.id, 'ara')),
    ).rejects.toBeInstanceOf(NoAuthorisationError);
    // The card shows the new category.
    const [card] = await printRuns.printRun({ interpreterNumber: p.interpreterNumber });
    const check = await request(t.server)
      .get(`/api/cards/verify/${card.verificationUrl.split('/v/')[1]}`)
      .expect(200);
    expect(check.body.status).toBe('valid');
    expect(
      check.body.languages.map(
        (l: { code: string; category: string }) => `${l.code}:${l.category}`,
      ),
    ).toEqual(expect.arrayContaining(['ara:B', 'som:D']));
  });
});
