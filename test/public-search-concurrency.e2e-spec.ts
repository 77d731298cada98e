import request from 'supertest';
import { createInterpreter, setEntryStatus } from './factories/interpreter.factory.js';
import { startTestApp, type TestApp } from './setup/test-app.js';

// The embedded database runs one transaction at a time, so only a real
// PostgreSQL server can interleave them; CI runs this file against one.
const onServer = process.env.TEST_DATABASE_URL ? describe : describe.skip;

onServer('The public search stays exact when changes to one person interleave', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
  }, 120_000);

  afterAll(async () => {
    await t?.close();
  });

  async function primaries(interpreterId: string): Promise<string[]> {
    const rows: Array<{ language_code: string }> = await t.dataSource.query(
      `SELECT language_code FROM public_entries WHERE interpreter_id = $1 AND is_primary`,
      [interpreterId],
    );
    return rows.map((r) => r.language_code);
  }

  it('two transactions suspending entries of the same person leave the right primary entry', async () => {
    const p = await createInterpreter(t.dataSource, {
      givenName: 'Rask',
      familyName: 'Rase',
      entries: [
        { language: 'ara', category: 'A' },
        { language: 'tir', category: 'C' },
        { language: 'som', category: 'E' },
      ],
    });
    const first = t.dataSource.createQueryRunner();
    const second = t.dataSource.createQueryRunner();
    await first.connect();
    await second.connect();
    try {
      await second.startTransaction();
      await setEntryStatus(second, p.id, 'suspended', 'tir');
      await first.startTransaction();
      const pending = setEntryStatus(first, p.id, 'suspended', 'ara');
      await new Promise((resolve) => setTimeout(resolve, 300));
      await second.commitTransaction();
      await pending;
      await first.commitTransaction();
    } finally {
      await first.release();
      await second.release();
    }
    expect(await primaries(p.id)).toEqual(['som']);
    const res = await request(t.server).get('/api/interpreters?q=rase');
    expect(res.body.total).toBe(1);
    expect(res.body.items[0].bestCategory).toBe('E');
  });

  it('two transactions adding the first entries of a new person both succeed', async () => {
    const p = await createInterpreter(t.dataSource, {
      givenName: 'Dobbel',
      familyName: 'Start',
      entries: [],
    });
    const insert = (language: string, category: string) =>
      t.dataSource.transaction(async (em) => {
        await em.query(
          `INSERT INTO register_entries (interpreter_id, language_code, category, registered_on)
           VALUES ($1, $2, $3::category, '2024-01-01')`,
          [p.id, language, category],
        );
        await new Promise((resolve) => setTimeout(resolve, 200));
      });
    await Promise.all([insert('pol', 'D'), insert('lit', 'B')]);
    expect(await primaries(p.id)).toEqual(['lit']);
    const res = await request(t.server).get('/api/interpreters?q=dobbel');
    expect(res.body.items[0].bestCategory).toBe('B');
  });
});
