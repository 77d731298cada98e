import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import { CsvError, parse, type Options } from 'csv-parse';

/** Why a whole file is refused: nothing in it can be imported. */
export const FILE_ERROR_CODES = [
  'FILE_TOO_LARGE',
  'TOO_MANY_ROWS',
  'MALFORMED_CSV',
  'EMPTY_FILE',
] as const;
export type FileErrorCode = (typeof FILE_ERROR_CODES)[number];

/** A file that cannot be read to its end (too big, too many rows, broken quoting). */
export class ImportFileError extends Error {
  constructor(
    readonly code: FileErrorCode,
    /** The physical line where reading stopped, when it is known. */
    readonly line: number | null,
    /** The limit that was passed (bytes or rows), for the message. */
    readonly limit?: number,
  ) {
    super(code);
    this.name = 'ImportFileError';
  }
}

export interface CsvLimits {
  /** Bytes read from the source before it is refused; counted as it streams. */
  maxBytes: number;
  /** Records after the first (the header) before the file is refused. */
  maxRows: number;
}

/** One record of the file and the physical line it starts on (the header is line 1). */
export interface CsvRecord {
  line: number;
  fields: string[];
}

/** The bytes read to find the header line and its delimiter, at most. */
const HEAD_BYTES = 64 * 1024;
/** One record's size at most (a runaway quoted field), in characters. */
const MAX_RECORD_CHARS = 64 * 1024;

/**
 * Reads a register file as records, streaming: the source is never held
 * whole, and reading stops (the source is destroyed) as soon as it passes
 * `maxBytes` or `maxRows`. A byte-order mark and Windows line endings are
 * accepted, and a header with semicolons and no comma (Excel in Norwegian
 * saves that way) makes the semicolon the delimiter. Blank lines, and lines
 * of empty fields only (Excel's trailing rows), are skipped but counted.
 *
 * Line numbers are counted here, from each record's raw text: csv-parse's own
 * count takes a CR LF inside a quoted field for two lines.
 */
export async function* csvRecords(
  source: AsyncIterable<Buffer | Uint8Array | string>,
  limits: CsvLimits,
): AsyncGenerator<CsvRecord> {
  const chunks = source[Symbol.asyncIterator]();
  let bytes = 0;
  const count = (chunk: Buffer | Uint8Array | string): Buffer => {
    const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : Buffer.from(chunk);
    bytes += buffer.length;
    if (bytes > limits.maxBytes) throw new ImportFileError('FILE_TOO_LARGE', null, limits.maxBytes);
    return buffer;
  };

  // The first line decides the delimiter.
  const head: Buffer[] = [];
  let headBytes = 0;
  let finished = false;
  while (headBytes < HEAD_BYTES && !head.some((b) => b.includes(10) || b.includes(13))) {
    const next = await chunks.next();
    if (next.done) {
      finished = true;
      break;
    }
    const buffer = count(next.value);
    head.push(buffer);
    headBytes += buffer.length;
  }
  const delimiter = delimiterOf(Buffer.concat(head));

  async function* all(): AsyncGenerator<Buffer> {
    try {
      yield* head;
      if (finished) return;
      for (;;) {
        const next = await chunks.next();
        if (next.done) return;
        yield count(next.value);
      }
    } finally {
      // Stopped early (a limit, a consumer that gave up): release the source.
      await chunks.return?.();
    }
  }

  const options: Options = {
    bom: true,
    raw: true,
    delimiter,
    relax_column_count: true,
    relax_quotes: true,
    skip_empty_lines: false,
    max_record_size: MAX_RECORD_CHARS,
  };
  const parser = parse(options);
  const feeding = pipeline(Readable.from(all()), parser);
  // The parser's iteration reports a failure; this only keeps it from going unhandled.
  feeding.catch(() => undefined);

  let line = 1;
  let afterCr = false;
  let rows = 0;
  let seenHeader = false;
  try {
    for await (const item of parser as AsyncIterable<{ record: string[]; raw: string }>) {
      const start = line;
      for (const ch of item.raw) {
        if (ch === '\r') line++;
        else if (ch === '\n' && !afterCr) line++;
        afterCr = ch === '\r';
      }
      if (item.record.every((field) => field.trim() === '')) continue;
      if (seenHeader && ++rows > limits.maxRows) {
        throw new ImportFileError('TOO_MANY_ROWS', start, limits.maxRows);
      }
      seenHeader = true;
      yield { line: start, fields: item.record };
    }
  } catch (error) {
    if (error instanceof ImportFileError) throw error;
    if (error instanceof CsvError) throw new ImportFileError('MALFORMED_CSV', line);
    throw error;
  } finally {
    parser.destroy();
  }
}

function delimiterOf(head: Buffer): ',' | ';' {
  let end = head.length;
  for (let i = 0; i < head.length; i++) {
    if (head[i] === 10 || head[i] === 13) {
      end = i;
      break;
    }
  }
  const first = head.subarray(0, end).toString('utf8');
  return first.includes(';') && !first.includes(',') ? ';' : ',';
}
