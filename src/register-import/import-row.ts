import { COUNTY_CODES } from '../geography/counties.js';
import { AVAILABILITIES, type Availability } from '../interpreters/interpreter.js';
import { isValidNationalId } from '../interpreters/national-id.js';
import { isCategory, type Category } from '../register/category.js';

/**
 * The columns of a register file, by their header names (English, any
 * order, any case). One row per entry: a person with three languages has
 * three rows with the same national_id.
 */
export const IMPORT_COLUMNS = [
  { name: 'national_id', required: true },
  { name: 'given_name', required: true },
  { name: 'family_name', required: true },
  { name: 'county', required: true },
  { name: 'municipality', required: true },
  { name: 'language', required: true },
  { name: 'category', required: true },
  { name: 'registered_on', required: true },
  { name: 'email', required: false },
  { name: 'phone', required: false },
  { name: 'availability', required: false },
] as const;
export type ImportColumn = (typeof IMPORT_COLUMNS)[number]['name'];

const COLUMN_NAMES: readonly string[] = IMPORT_COLUMNS.map((c) => c.name);

/** Why a row (or the header) cannot be imported; each has a text in register-import.messages.ts. */
export const ROW_ERROR_CODES = [
  'UNKNOWN_COLUMN',
  'DUPLICATE_COLUMN',
  'MISSING_COLUMN',
  'TOO_MANY_COLUMNS',
  'TOO_FEW_COLUMNS',
  'NOT_UTF8',
  'MISSING_FIELD',
  'TOO_LONG',
  'NATIONAL_ID_FORMAT',
  'NATIONAL_ID_CHECKSUM',
  'UNKNOWN_COUNTY',
  'UNKNOWN_LANGUAGE',
  'BAD_CATEGORY',
  'BAD_DATE',
  'FUTURE_DATE',
  'BAD_EMAIL',
  'BAD_PHONE',
  'BAD_AVAILABILITY',
  'DUPLICATE_ROW',
  'CONFLICTING_PERSON',
  'PERSON_MISMATCH',
  'ENTRY_EXISTS',
] as const;
export type RowErrorCode = (typeof ROW_ERROR_CODES)[number];

/**
 * One problem found in a file. `args` fill the text (a column name, a
 * language code as written, other line numbers); never an identity number
 * or a name, so a report can be shown, printed and logged.
 */
export interface ImportIssue {
  line: number;
  code: RowErrorCode;
  column?: ImportColumn;
  args?: Array<string | number>;
}

/** A valid row: one entry for one person. */
export interface ImportRow {
  line: number;
  nationalId: string;
  givenName: string;
  familyName: string;
  countyCode: string;
  municipality: string;
  languageCode: string;
  category: Category;
  registeredOn: string;
  email: string | null;
  phone: string | null;
  /** null: not given in this row. */
  availability: Availability | null;
}

/** Where each column is in the file's rows. */
export type ColumnIndex = ReadonlyMap<ImportColumn, number>;

/** Reads the header: every required column once, nothing unknown. */
export function readHeader(
  line: number,
  fields: string[],
): { columns: ColumnIndex; width: number } | { issues: ImportIssue[] } {
  const columns = new Map<ImportColumn, number>();
  const issues: ImportIssue[] = [];
  fields.forEach((raw, index) => {
    const name = raw.trim().toLowerCase();
    if (name === '' && index === fields.length - 1 && index > 0) return; // a trailing delimiter
    if (!COLUMN_NAMES.includes(name)) {
      issues.push({ line, code: 'UNKNOWN_COLUMN', args: [printable(raw, 40)] });
    } else if (columns.has(name as ImportColumn)) {
      issues.push({ line, code: 'DUPLICATE_COLUMN', column: name as ImportColumn });
    } else {
      columns.set(name as ImportColumn, index);
    }
  });
  for (const c of IMPORT_COLUMNS) {
    if (c.required && !columns.has(c.name)) {
      issues.push({ line, code: 'MISSING_COLUMN', column: c.name });
    }
  }
  return issues.length > 0 ? { issues } : { columns, width: fields.length };
}

export interface RowContext {
  columns: ColumnIndex;
  /** Fields in the header, trailing empty one included. */
  width: number;
  languageExists(code: string): boolean;
  /** Today in Norway, YYYY-MM-DD: a registration date after it is refused. */
  today: string;
}

const LIMITS: Partial<Record<ImportColumn, number>> = {
  given_name: 100,
  family_name: 100,
  municipality: 100,
  email: 254,
  phone: 20,
};

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const PHONE = /^\+?[0-9][0-9 ]{4,19}$/;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * Checks one data row on its own (the file as a whole is checked in
 * planImport, the register in the service). Every problem of the row is
 * reported, not only the first.
 */
export function validateRow(
  line: number,
  fields: string[],
  context: RowContext,
): { row: ImportRow; issues: [] } | { row?: undefined; issues: ImportIssue[] } {
  const issues: ImportIssue[] = [];
  const issue = (code: RowErrorCode, column?: ImportColumn, ...args: Array<string | number>) =>
    issues.push({ line, code, ...(column ? { column } : {}), ...(args.length ? { args } : {}) });

  const extra = fields.slice(context.width);
  if (extra.some((f) => f.trim() !== '')) issue('TOO_MANY_COLUMNS', undefined, context.width);
  const needed = Math.max(...context.columns.values()) + 1;
  if (fields.length < needed) issue('TOO_FEW_COLUMNS', undefined, fields.length, needed);

  const value = (column: ImportColumn): string => {
    const index = context.columns.get(column);
    return index === undefined ? '' : (fields[index] ?? '').trim();
  };
  if (fields.some((f) => f.includes('\uFFFD'))) issue('NOT_UTF8');

  for (const c of IMPORT_COLUMNS) {
    const v = value(c.name);
    if (c.required && v === '') issue('MISSING_FIELD', c.name);
    const max = LIMITS[c.name];
    if (max !== undefined && v.length > max) issue('TOO_LONG', c.name, max);
  }

  const nationalId = value('national_id').replace(/\s/g, '');
  if (nationalId !== '') {
    if (!/^\d{11}$/.test(nationalId)) {
      // Excel drops the leading zero of a number it sees as a number.
      issue('NATIONAL_ID_FORMAT', 'national_id', /^\d{10}$/.test(nationalId) ? 'zero' : '');
    } else if (!isValidNationalId(nationalId)) {
      issue('NATIONAL_ID_CHECKSUM', 'national_id');
    }
  }

  // Excel also drops the zero of "03".
  const county = /^\d$/.test(value('county')) ? `0${value('county')}` : value('county');
  if (county !== '' && !COUNTY_CODES.includes(county)) {
    issue('UNKNOWN_COUNTY', 'county', printable(value('county'), 20));
  }

  const language = value('language').toLowerCase();
  if (language !== '' && !context.languageExists(language)) {
    issue('UNKNOWN_LANGUAGE', 'language', printable(value('language'), 20));
  }

  const category = value('category').toUpperCase();
  if (category !== '' && !isCategory(category)) {
    issue('BAD_CATEGORY', 'category', printable(value('category'), 10));
  }

  const registeredOn = value('registered_on');
  if (registeredOn !== '') {
    if (!isRealDate(registeredOn)) issue('BAD_DATE', 'registered_on');
    else if (registeredOn > context.today) issue('FUTURE_DATE', 'registered_on');
  }

  const email = value('email');
  if (email !== '' && email.length <= (LIMITS.email ?? 0) && !EMAIL.test(email)) {
    issue('BAD_EMAIL', 'email');
  }
  const phone = value('phone');
  if (phone !== '' && phone.length <= (LIMITS.phone ?? 0) && !PHONE.test(phone)) {
    issue('BAD_PHONE', 'phone');
  }
  const availability = value('availability').toLowerCase();
  if (availability !== '' && !(AVAILABILITIES as readonly string[]).includes(availability)) {
    issue('BAD_AVAILABILITY', 'availability', printable(value('availability'), 20));
  }

  if (issues.length > 0) return { issues };
  return {
    row: {
      line,
      nationalId,
      givenName: value('given_name'),
      familyName: value('family_name'),
      countyCode: county,
      municipality: value('municipality'),
      languageCode: language,
      category: category as Category,
      registeredOn,
      email: email || null,
      phone: phone || null,
      availability: (availability || null) as Availability | null,
    },
    issues: [],
  };
}

/** A real calendar date, YYYY-MM-DD, from 1900 on. */
export function isRealDate(value: string): boolean {
  const match = ISO_DATE.exec(value);
  if (!match) return false;
  const [year, month, day] = match.slice(1).map(Number);
  if (year < 1900) return false;
  const date = new Date(Date.UTC(year, month - 1, day));
  return (
    date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day
  );
}

/** Today's date in Norway, YYYY-MM-DD. */
export function todayInNorway(now = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', {
    timeZone: 'Europe/Oslo',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(now);
}

/**
 * A value from the file to quote in a message: cut short, without control
 * characters, and with any long run of digits masked (an identity number in
 * the wrong column must not reach a report).
 */
export function printable(value: string, max: number): string {
  const clean = value
    .trim()
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u001f\u007f]/g, ' ')
    .replace(/\d{6,}/g, (digits) => '•'.repeat(digits.length));
  return clean.length > max ? `${clean.slice(0, max)}…` : clean;
}

/**
 * The key that makes two rows the same entry: identity number and language,
 * as written (trimmed, case-folded), so that a duplicate is found even in
 * rows that are wrong in other ways.
 */
export function entryKey(fields: string[], columns: ColumnIndex): string | undefined {
  const at = (column: ImportColumn) => (fields[columns.get(column) ?? -1] ?? '').trim();
  const nationalId = at('national_id').replace(/\s/g, '');
  const language = at('language').toLowerCase();
  return nationalId && language ? `${nationalId}\u0000${language}` : undefined;
}
