import { Readable } from 'node:stream';
import { csvRecords, ImportFileError, type CsvRecord } from './csv-records.js';

const LIMITS = { maxBytes: 1024 * 1024, maxRows: 1000 };

async function read(
  source: Iterable<Buffer | string> | AsyncIterable<Buffer | string>,
  limits = LIMITS,
): Promise<CsvRecord[]> {
  const out: CsvRecord[] = [];
  for await (const record of csvRecords(Readable.from(source), limits)) out.push(record);
  return out;
}

/** The same text, one byte at a time: chunk boundaries fall everywhere, in CR LF and in UTF-8. */
function byteByByte(text: string): Buffer[] {
  return [...Buffer.from(text)].map((b) => Buffer.from([b]));
}

async function failure(promise: Promise<unknown>): Promise<ImportFileError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof ImportFileError) return error;
    throw error;
  }
  throw new Error('expected the file to be refused');
}

describe('reading a register file as records', () => {
  it('accepts a byte-order mark and Windows line endings, as Excel saves them', async () => {
    const text = '\uFEFFnational_id,given_name\r\n1,Kåre\r\n2,Åse\r\n';
    for (const source of [[text], byteByByte(text)]) {
      expect(await read(source)).toEqual([
        { line: 1, fields: ['national_id', 'given_name'] },
        { line: 2, fields: ['1', 'Kåre'] },
        { line: 3, fields: ['2', 'Åse'] },
      ]);
    }
  });

  it('numbers physical lines: blank lines are skipped and quoted fields may span lines', async () => {
    const text = 'a,b\r\n1,"x\r\ny"\r\n\r\n,\r\n2,"p\nq\r\nr"\r\n3,z';
    const expected = [
      { line: 1, fields: ['a', 'b'] },
      { line: 2, fields: ['1', 'x\r\ny'] },
      { line: 6, fields: ['2', 'p\nq\r\nr'] },
      { line: 9, fields: ['3', 'z'] },
    ];
    expect(await read([text])).toEqual(expected);
    expect(await read(byteByByte(text))).toEqual(expected);
    expect(await read([text.replace(/\r\n/g, '\n')])).toEqual(
      expected.map((r) => ({ ...r, fields: r.fields.map((f) => f.replace(/\r\n/g, '\n')) })),
    );
  });

  it('takes the semicolon as delimiter when the header has semicolons and no comma', async () => {
    expect(await read(['a;b\n"x;y";Hansen, Jr.\n'])).toEqual([
      { line: 1, fields: ['a', 'b'] },
      { line: 2, fields: ['x;y', 'Hansen, Jr.'] },
    ]);
  });

  it('hands over rows with too many or too few fields as they are, for the validator', async () => {
    expect(await read(['a,b\n1,2,3\n4\n'])).toEqual([
      { line: 1, fields: ['a', 'b'] },
      { line: 2, fields: ['1', '2', '3'] },
      { line: 3, fields: ['4'] },
    ]);
  });

  it('refuses a quoted field that never closes, naming the line it starts on', async () => {
    const error = await failure(read(['a,b\n1,2\n3,"open\n4,5\n']));
    expect(error.code).toBe('MALFORMED_CSV');
    expect(error.line).toBe(3);
  });

  it('refuses a file over the size limit while it streams, without reading the rest', async () => {
    let produced = 0;
    const row = '01010012356,Kari,Nordmann,03,Oslo,ara,A,2020-01-01,,,\n';
    const block = Buffer.from(row.repeat(1000));
    // 200 MB if read to the end; made lazily, block by block.
    function* huge(): Generator<Buffer> {
      yield Buffer.from('national_id,given_name\n');
      while (produced < 200 * 1024 * 1024) {
        produced += block.length;
        yield block;
      }
    }
    const limits = { maxBytes: 2 * 1024 * 1024, maxRows: 10_000_000 };
    const error = await failure(read(huge(), limits));
    expect(error.code).toBe('FILE_TOO_LARGE');
    expect(error.limit).toBe(limits.maxBytes);
    // Stopped at the limit (give or take what the streams buffer), not at 200 MB.
    expect(produced).toBeLessThan(limits.maxBytes + 256 * 1024);
  });

  it('refuses a file with more rows than allowed, at the first row past the limit', async () => {
    const error = await failure(
      read(['a\n', '1\n', '2\n', '\n', '3\n'], { ...LIMITS, maxRows: 2 }),
    );
    expect(error).toMatchObject({ code: 'TOO_MANY_ROWS', line: 5, limit: 2 });
  });

  it('gives nothing for an empty file', async () => {
    expect(await read([])).toEqual([]);
    expect(await read(['\uFEFF'])).toEqual([]);
  });
});
