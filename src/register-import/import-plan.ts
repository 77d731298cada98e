import type { Availability } from '../interpreters/interpreter.js';
import type { Category } from '../register/category.js';
import {
  entryKey,
  readHeader,
  validateRow,
  type ColumnIndex,
  type ImportColumn,
  type ImportIssue,
  type ImportRow,
  type RowContext,
} from './import-row.js';

/** A person as the file describes them, with the entries its rows give them. */
export interface PlannedPerson {
  nationalId: string;
  givenName: string;
  familyName: string;
  countyCode: string;
  municipality: string;
  email: string | null;
  phone: string | null;
  availability: Availability;
  entries: PlannedEntry[];
}

export interface PlannedEntry {
  line: number;
  languageCode: string;
  category: Category;
  registeredOn: string;
}

/** The default when no row of a person says how available they are. */
export const DEFAULT_AVAILABILITY: Availability = 'occasional';

/**
 * Checks a file row by row as it streams: the header first, then each row
 * on its own and against the rows before it (the same person and language
 * twice). Keeps the valid rows for planImport.
 */
export class FileCheck {
  private columns: ColumnIndex | undefined;
  private width = 0;
  private readonly firstLineOf = new Map<string, number>();
  readonly valid: ImportRow[] = [];
  readonly issues: ImportIssue[] = [];
  /** Data rows read (blank lines not counted). */
  rows = 0;
  /** The header was unreadable: no row can be checked. */
  headerFailed = false;

  constructor(private readonly context: Omit<RowContext, 'columns' | 'width'>) {}

  get hasHeader(): boolean {
    return this.columns !== undefined || this.headerFailed;
  }

  add(line: number, fields: string[]): void {
    if (!this.hasHeader) {
      const header = readHeader(line, fields);
      if ('issues' in header) {
        this.issues.push(...header.issues);
        this.headerFailed = true;
      } else {
        this.columns = header.columns;
        this.width = header.width;
      }
      return;
    }
    this.rows++;
    if (!this.columns) return;
    const checked = validateRow(line, fields, {
      ...this.context,
      columns: this.columns,
      width: this.width,
    });
    const { row } = checked;
    const issues: ImportIssue[] = [...checked.issues];
    const key = entryKey(fields, this.columns);
    const first = key === undefined ? undefined : this.firstLineOf.get(key);
    if (first !== undefined) {
      issues.push({ line, code: 'DUPLICATE_ROW', args: [first] });
    } else if (key !== undefined) {
      this.firstLineOf.set(key, line);
    }
    if (issues.length > 0) this.issues.push(...issues);
    else if (row) this.valid.push(row);
  }
}

const SHARED: Array<[keyof ImportRow, ImportColumn]> = [
  ['givenName', 'given_name'],
  ['familyName', 'family_name'],
  ['countyCode', 'county'],
  ['municipality', 'municipality'],
];
/** May be left empty in all rows of a person but one. */
const OPTIONAL: Array<[keyof ImportRow, ImportColumn]> = [
  ['email', 'email'],
  ['phone', 'phone'],
  ['availability', 'availability'],
];

/**
 * Groups valid rows into persons (same national_id). Their rows must agree
 * on the person's data; when they do not, no row of that person can be
 * trusted, so every one of them is reported and the person is left out.
 */
export function planImport(rows: ImportRow[]): { persons: PlannedPerson[]; issues: ImportIssue[] } {
  const byPerson = new Map<string, ImportRow[]>();
  for (const row of rows) {
    const list = byPerson.get(row.nationalId) ?? [];
    list.push(row);
    byPerson.set(row.nationalId, list);
  }
  const persons: PlannedPerson[] = [];
  const issues: ImportIssue[] = [];
  for (const [nationalId, list] of byPerson) {
    const first = list[0];
    const differs =
      SHARED.find(([key]) => list.some((r) => r[key] !== first[key])) ??
      OPTIONAL.find(([key]) => new Set(list.map((r) => r[key]).filter((v) => v !== null)).size > 1);
    if (differs) {
      const lines = list.map((r) => r.line).join(', ');
      for (const r of list) {
        issues.push({
          line: r.line,
          code: 'CONFLICTING_PERSON',
          column: differs[1],
          args: [lines],
        });
      }
      continue;
    }
    const given = <K extends 'email' | 'phone' | 'availability'>(key: K): ImportRow[K] | null =>
      list.find((r) => r[key] !== null)?.[key] ?? null;
    persons.push({
      nationalId,
      givenName: first.givenName,
      familyName: first.familyName,
      countyCode: first.countyCode,
      municipality: first.municipality,
      email: given('email'),
      phone: given('phone'),
      availability: given('availability') ?? DEFAULT_AVAILABILITY,
      entries: list.map((r) => ({
        line: r.line,
        languageCode: r.languageCode,
        category: r.category,
        registeredOn: r.registeredOn,
      })),
    });
  }
  return { persons, issues };
}
