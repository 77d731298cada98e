import { Readable } from 'node:stream';
import { syntheticNationalId } from '../interpreters/national-id.js';
import { csvRecords } from './csv-records.js';
import { FileCheck, planImport } from './import-plan.js';
import { isRealDate, printable, todayInNorway, type ImportIssue } from './import-row.js';
import { reasonText } from './register-import.messages.js';

const HEADER =
  'national_id,given_name,family_name,county,municipality,language,category,registered_on,email,phone,availability';
const TODAY = '2025-11-26';
const LANGUAGES = new Set(['ara', 'tir', 'pol', 'nsl']);

function nationalId(seed: number): string {
  for (let s = seed; ; s++) {
    const id = syntheticNationalId(
      new Date(Date.UTC(1980, seed % 12, 1 + (seed % 28))),
      'female',
      s,
    );
    if (id) return id;
  }
}
const KARI = nationalId(1);
const OLE = nationalId(2);
/** Kari's number with its last digit changed: a bad checksum. */
const BAD = KARI.slice(0, 10) + String((Number(KARI[10]) + 1) % 10);

async function check(text: string) {
  const file = new FileCheck({ languageExists: (c) => LANGUAGES.has(c), today: TODAY });
  for await (const r of csvRecords(Readable.from([text]), { maxBytes: 1e6, maxRows: 1e4 })) {
    file.add(r.line, r.fields);
  }
  const plan = planImport(file.valid);
  const issues = [...file.issues, ...plan.issues].sort((a, b) => a.line - b.line);
  return { file, plan, issues, codes: issues.map((i) => [i.line, i.code]) };
}

const csv = (...rows: string[]) => [HEADER, ...rows].join('\n') + '\n';

describe('checking a register file', () => {
  it('accepts a good file with a BOM and Windows line endings, one person with two languages', async () => {
    const text =
      '\uFEFF' +
      [
        HEADER,
        `${KARI},Kari,Ødegård,46,Bergen,tir,A,2019-03-01,kari@example.no,+47 400 00 000,full_time`,
        `${KARI},Kari,Ødegård,46,Bergen,ara,D,2020-01-15,,,`,
        `${OLE},Ole,Hansen,3,Oslo,POL,c,2021-06-30,,,`,
      ].join('\r\n') +
      '\r\n';
    const { issues, plan, file } = await check(text);
    expect(issues).toEqual([]);
    expect(file.rows).toBe(3);
    expect(plan.persons).toEqual([
      {
        nationalId: KARI,
        givenName: 'Kari',
        familyName: 'Ødegård',
        countyCode: '46',
        municipality: 'Bergen',
        email: 'kari@example.no',
        phone: '+47 400 00 000',
        availability: 'full_time',
        entries: [
          { line: 2, languageCode: 'tir', category: 'A', registeredOn: '2019-03-01' },
          { line: 3, languageCode: 'ara', category: 'D', registeredOn: '2020-01-15' },
        ],
      },
      // "3" is Oslo's 03 after Excel dropped the zero; codes and categories in any case.
      expect.objectContaining({
        nationalId: OLE,
        countyCode: '03',
        availability: 'occasional',
        entries: [{ line: 4, languageCode: 'pol', category: 'C', registeredOn: '2021-06-30' }],
      }),
    ]);
  });

  it('reports a bad identity number checksum on its own physical line', async () => {
    const { codes, issues } = await check(
      csv(
        `${KARI},Kari,Nordmann,03,Oslo,ara,A,2020-01-01,,,`,
        `${BAD},Per,Feil,03,Oslo,ara,A,2020-01-01,,,`,
      ),
    );
    expect(codes).toEqual([[3, 'NATIONAL_ID_CHECKSUM']]);
    // The number is never part of the report.
    expect(JSON.stringify(issues)).not.toContain(BAD);
  });

  it('counts lines of a quoted field that spans lines, and blank lines', async () => {
    const { codes } = await check(
      [
        HEADER,
        `${KARI},Kari,Nordmann,03,"Oslo\r\n(sentrum)",ara,A,2020-01-01,,,`,
        '',
        `${BAD},Per,Feil,03,Oslo,ara,A,2020-01-01,,,`,
      ].join('\r\n'),
    );
    expect(codes).toEqual([[5, 'NATIONAL_ID_CHECKSUM']]);
  });

  it.each([
    ['an unknown language', `${KARI},Kari,N,03,Oslo,xyz,A,2020-01-01,,,`, 'UNKNOWN_LANGUAGE'],
    ['an unknown county', `${KARI},Kari,N,99,Oslo,ara,A,2020-01-01,,,`, 'UNKNOWN_COUNTY'],
    ['a category outside A–E', `${KARI},Kari,N,03,Oslo,ara,F,2020-01-01,,,`, 'BAD_CATEGORY'],
    ['a date that does not exist', `${KARI},Kari,N,03,Oslo,ara,A,2021-02-29,,,`, 'BAD_DATE'],
    ['a Norwegian-style date', `${KARI},Kari,N,03,Oslo,ara,A,15.01.2020,,,`, 'BAD_DATE'],
    ['a date in the future', `${KARI},Kari,N,03,Oslo,ara,A,2025-11-27,,,`, 'FUTURE_DATE'],
    ['a missing family name', `${KARI},Kari,,03,Oslo,ara,A,2020-01-01,,,`, 'MISSING_FIELD'],
    [
      'an identity number of 10 digits',
      `${KARI.slice(1)},Kari,N,03,Oslo,ara,A,2020-01-01,,,`,
      'NATIONAL_ID_FORMAT',
    ],
    [
      'an unknown availability',
      `${KARI},Kari,N,03,Oslo,ara,A,2020-01-01,,,always`,
      'BAD_AVAILABILITY',
    ],
    ['a bad email address', `${KARI},Kari,N,03,Oslo,ara,A,2020-01-01,kari,,`, 'BAD_EMAIL'],
    ['a bad phone number', `${KARI},Kari,N,03,Oslo,ara,A,2020-01-01,,ring meg,`, 'BAD_PHONE'],
    ['too many columns', `${KARI},Kari,N,03,Oslo,ara,A,2020-01-01,,,,extra`, 'TOO_MANY_COLUMNS'],
    ['too few columns', `${KARI},Kari,N,03,Oslo,ara,A`, 'TOO_FEW_COLUMNS'],
    [
      'a name over 100 characters',
      `${KARI},${'K'.repeat(101)},N,03,Oslo,ara,A,2020-01-01,,,`,
      'TOO_LONG',
    ],
    ['text that is not UTF-8', `${KARI},K\uFFFDre,N,03,Oslo,ara,A,2020-01-01,,,`, 'NOT_UTF8'],
  ])('reports %s', async (_what, row, code) => {
    const { codes, plan } = await check(csv(`${OLE},Ole,Hansen,03,Oslo,ara,A,2020-01-01,,,`, row));
    expect(codes.map((c) => c[1])).toContain(code);
    expect(codes.every((c) => c[0] === 3)).toBe(true);
    expect(plan.persons.map((p) => p.nationalId)).toEqual([OLE]);
  });

  it('accepts registration today, and the row with no optional columns at all', async () => {
    const { issues } = await check(
      'national_id;given_name;family_name;county;municipality;language;category;registered_on\n' +
        `${KARI};Kari;N;03;Oslo;ara;A;${TODAY}\n`,
    );
    expect(issues).toEqual([]);
  });

  it('reports every problem of a row, not only the first', async () => {
    const { codes } = await check(csv(`${BAD},Kari,N,99,Oslo,xyz,Q,2020-13-01,,,`));
    expect(codes.map((c) => c[1]).sort()).toEqual(
      [
        'BAD_CATEGORY',
        'BAD_DATE',
        'NATIONAL_ID_CHECKSUM',
        'UNKNOWN_COUNTY',
        'UNKNOWN_LANGUAGE',
      ].sort(),
    );
  });

  it('reports a duplicate row (same person and language) and names the first', async () => {
    const { issues, plan } = await check(
      csv(
        `${KARI},Kari,N,03,Oslo,ara,A,2020-01-01,,,`,
        `${OLE},Ole,H,03,Oslo,ara,A,2020-01-01,,,`,
        ` ${KARI} ,Kari,N,03,Oslo,ARA,B,2020-01-01,,,`,
      ),
    );
    expect(issues).toEqual([{ line: 4, code: 'DUPLICATE_ROW', args: [2] }]);
    expect(plan.persons.find((p) => p.nationalId === KARI)?.entries).toHaveLength(1);
  });

  it('refuses every row of a person whose rows disagree on name or county', async () => {
    const { issues, plan } = await check(
      csv(
        `${KARI},Kari,Nordmann,03,Oslo,ara,A,2020-01-01,,,`,
        `${OLE},Ole,H,03,Oslo,ara,A,2020-01-01,,,`,
        `${KARI},Kari,Nordmann,46,Bergen,tir,A,2020-01-01,,,`,
      ),
    );
    expect(issues).toEqual([
      { line: 2, code: 'CONFLICTING_PERSON', column: 'county', args: ['2, 4'] },
      { line: 4, code: 'CONFLICTING_PERSON', column: 'county', args: ['2, 4'] },
    ]);
    expect(plan.persons.map((p) => p.nationalId)).toEqual([OLE]);
  });

  it('lets optional person data be given in one row only, but not differently in two', async () => {
    const same = await check(
      csv(
        `${KARI},Kari,N,03,Oslo,ara,A,2020-01-01,k@example.no,,`,
        `${KARI},Kari,N,03,Oslo,tir,A,2020-01-01,,,`,
      ),
    );
    expect(same.issues).toEqual([]);
    expect(same.plan.persons[0].email).toBe('k@example.no');
    const differ = await check(
      csv(
        `${KARI},Kari,N,03,Oslo,ara,A,2020-01-01,,,part_time`,
        `${KARI},Kari,N,03,Oslo,tir,A,2020-01-01,,,full_time`,
      ),
    );
    expect(differ.codes).toEqual([
      [2, 'CONFLICTING_PERSON'],
      [3, 'CONFLICTING_PERSON'],
    ]);
  });

  it('refuses a header with an unknown, a repeated or a missing column', async () => {
    const { issues } = await check('national_id,given_name,given_name,fødselsdato\n1,2,3,4\n');
    expect(issues.map((i: ImportIssue) => [i.line, i.code, i.column ?? i.args?.[0]])).toEqual(
      expect.arrayContaining([
        [1, 'DUPLICATE_COLUMN', 'given_name'],
        [1, 'UNKNOWN_COLUMN', 'fødselsdato'],
        [1, 'MISSING_COLUMN', 'family_name'],
        [1, 'MISSING_COLUMN', 'registered_on'],
      ]),
    );
  });
});

describe('import texts and helpers', () => {
  it('has a text in bokmål and English for every problem', () => {
    const nb = reasonText('nb', { code: 'DUPLICATE_ROW', args: [7] });
    const en = reasonText('en', { code: 'DUPLICATE_ROW', args: [7] });
    expect(nb).toBe('Samme person og språk som på linje 7.');
    expect(en).toBe('The same person and language as on line 7.');
    expect(reasonText('en', { code: 'FILE_TOO_LARGE', args: [20 * 1024 * 1024] })).toContain(
      '20 MiB',
    );
  });

  it('never quotes an identity number from the file', () => {
    expect(printable(`x${KARI}`, 40)).toBe('x•••••••••••');
  });

  it('knows real dates and today in Norway', () => {
    expect(isRealDate('2024-02-29')).toBe(true);
    expect(isRealDate('2023-02-29')).toBe(false);
    expect(isRealDate('1899-12-31')).toBe(false);
    // 23:30 UTC on 31 December is already 1 January in Oslo.
    expect(todayInNorway(new Date('2024-12-31T23:30:00Z'))).toBe('2025-01-01');
  });
});
