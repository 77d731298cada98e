import { WebRenderer } from '../web/web.renderer.js';
import { importUploadFrom } from './csv-upload.js';
import { exitCode, reportLines } from './import-cli.js';
import { IMPORT_COLUMNS } from './import-row.js';
import { REGISTER_IMPORT_MESSAGES, reasonText } from './register-import.messages.js';
import type { ImportReport } from './register-import.service.js';

const REFUSED: ImportReport = {
  status: 'refused',
  rows: 4,
  persons: 2,
  existingPersons: 0,
  entries: 3,
  alreadyRegistered: 0,
  badRows: 1,
  fileRefused: false,
  errors: [
    {
      line: 3,
      code: 'UNKNOWN_LANGUAGE',
      column: 'language',
      args: ['<xyz>'],
      message: 'Unknown language code “<xyz>” (see /api/languages).',
    },
  ],
  moreErrors: 0,
};

describe('the import page', () => {
  const renderer = new WebRenderer();
  const render = (lang: 'nb' | 'en', report: ImportReport) =>
    renderer.render(
      'admin-import',
      {
        lang,
        title: 'x',
        path: '/admin/import',
        viewer: { displayName: 'Ida', csrfToken: 'tok' },
        columns: IMPORT_COLUMNS,
        maxMib: 20,
        maxRows: '200 000',
        report,
        problems: report.errors.map((e) => ({ line: e.line ?? '–', text: reasonText(lang, e) })),
        errors: [],
      },
      REGISTER_IMPORT_MESSAGES,
    );

  it('shows the counts, an error summary and each bad row with its line, in bokmål and English', () => {
    const nb = render('nb', REFUSED);
    expect(nb).toContain('Filen har feil. Ingenting er importert.');
    expect(nb).toContain('<a href="#import-errors">Rader med feil: 1</a>');
    expect(nb).toMatch(/<td class="num">3<\/td><td>Ukjent språkkode «&lt;xyz&gt;»/);
    const en = render('en', REFUSED);
    expect(en).toContain('The file has errors. Nothing was imported.');
    expect(en).toMatch(/<td class="num">3<\/td><td>Unknown language code “&lt;xyz&gt;”/);
    // The form to try again carries the CSRF token first.
    expect(en).toMatch(
      /enctype="multipart\/form-data">\s*<input type="hidden" name="_csrf" value="tok">/,
    );
  });

  it('says an import is complete without an error summary', () => {
    const html = render('en', { ...REFUSED, status: 'imported', badRows: 0, errors: [] });
    expect(html).toContain('The import is complete.');
    expect(html).not.toContain('error-summary');
  });

  it('reads the form: the file, the checkbox, and check-only unless Import was pressed', () => {
    const bytes = Buffer.from('a,b\n');
    expect(
      importUploadFrom({
        fields: { action: 'import', skipBadRows: '1' },
        file: { bytes, clientName: 'r.csv' },
      }),
    ).toEqual({
      csv: bytes,
      skipBadRows: true,
      dryRun: false,
    });
    expect(
      importUploadFrom({ fields: {}, file: { bytes: Buffer.alloc(0), clientName: 'r.csv' } }),
    ).toEqual({
      csv: undefined,
      skipBadRows: false,
      dryRun: true,
    });
  });
});

describe('the import command', () => {
  it('prints each error with its line and fails on refusal', () => {
    const lines = reportLines(REFUSED, false);
    expect(lines[0]).toMatch(/^REFUSED, nothing written: 4 rows read/);
    expect(lines).toContain(
      '  line 3: UNKNOWN_LANGUAGE: Unknown language code “<xyz>” (see /api/languages).',
    );
    expect(exitCode(REFUSED)).toBe(1);
    expect(exitCode({ ...REFUSED, status: 'checked' })).toBe(1);
    expect(exitCode({ ...REFUSED, status: 'checked', errors: [], badRows: 0 })).toBe(0);
    expect(exitCode({ ...REFUSED, status: 'imported' })).toBe(0);
  });
});
