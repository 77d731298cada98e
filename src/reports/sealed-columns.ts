import { aadFor } from '../sealing/sealed-box.js';
import { conflictAad } from './report-types.js';

/**
 * Every sealed column of the reports feature (issue #11), in one place: the
 * key rotation walks exactly these, and a test holds the list to the schema
 * (every `*_sealed` column the migrations create must be here).
 *
 * The AAD is the sealing convention of `report-types.ts`,
 * `aadFor(<table>, <row id>, <column>)`, except for `report_conflicts`,
 * whose composite key makes the place `conflictAad(reportId, userId,
 * capacity)`. Checked against every `seal(` and `open(` in `src/reports/`.
 */

/** A column of a row's key, and the SQL type its text value is cast to. */
export interface SealedKeyColumn {
  readonly name: string;
  readonly type: 'uuid' | 'text';
}

export interface SealedColumn {
  readonly table: string;
  /** The row's key, in the order rows are walked (the primary key). */
  readonly key: readonly SealedKeyColumn[];
  /** The `*_sealed` column. */
  readonly column: string;
  /** Whether the column may be null (nothing to re-seal then). */
  readonly nullable: boolean;
  /** The AAD the value is sealed for, from the row's key values (as text, in `key` order). */
  readonly aad: (key: readonly string[]) => string;
  /** Rows per transaction at most, for columns whose values can be large (files). */
  readonly maxBatch?: number;
}

const ID: readonly SealedKeyColumn[] = [{ name: 'id', type: 'uuid' }];

/** A column sealed by the convention: `aadFor(table, id, column)`. */
function byId(table: string, column: string, nullable: boolean, maxBatch?: number): SealedColumn {
  return {
    table,
    key: ID,
    column,
    nullable,
    aad: ([id]) => aadFor(table, id, column),
    ...(maxBatch === undefined ? {} : { maxBatch }),
  };
}

export const SEALED_COLUMNS: readonly SealedColumn[] = [
  // The reporter's identity (null when anonymous), the account, the redacted account.
  byId('reports', 'reporter_sealed', true),
  byId('reports', 'content_sealed', false),
  byId('reports', 'redacted_sealed', true),
  byId('report_messages', 'body_sealed', false),
  byId('report_attachments', 'name_sealed', false),
  // Files of up to UPLOAD_MAX_BYTES (10 MiB) each: a few per transaction.
  byId('report_attachments', 'data_sealed', false, 10),
  {
    table: 'report_conflicts',
    key: [
      { name: 'report_id', type: 'uuid' },
      { name: 'user_id', type: 'uuid' },
      { name: 'capacity', type: 'text' },
    ],
    column: 'statement_sealed',
    nullable: true,
    aad: ([reportId, userId, capacity]) => conflictAad(reportId, userId, capacity),
  },
  byId('report_referrals', 'question_sealed', false),
  byId('report_advice', 'advice_sealed', false),
  // Append-only for the app, except these two columns (migration 1764100800005).
  byId('report_decisions', 'reasons_sealed', false),
  byId('report_decisions', 'letter_sealed', false),
  // The address of a mail about a report (a reporter's or an interpreter's): sealed like the report.
  byId('notifications', 'to_sealed', true),
];

/** `table.column`, as counts and failures are named. */
export function sealedColumnName(column: SealedColumn): string {
  return `${column.table}.${column.column}`;
}
