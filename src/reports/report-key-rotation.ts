import { Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { type Actor, SYSTEM } from '../audit/actor.js';
import { AuditService } from '../audit/audit.service.js';
import { SealingError, sealedKeyId } from '../sealing/sealed-box.js';
import { SealingService } from '../sealing/sealing.module.js';
import { SEALED_COLUMNS, type SealedColumn } from './sealed-columns.js';
import { SealedValuesRepository } from './sealed-values.repository.js';

/** Rows claimed per transaction, unless the caller or the column says fewer. */
export const REKEY_BATCH = 100;
/** Unreadable values named in one result (and its audit event); the count is always whole. */
const NAMED_FAILURES = 100;

/** A value that did not open: named by its place only, never its content. */
export interface UnreadableValue {
  table: string;
  column: string;
  /** The row's key: its id, or `reportId:userId:capacity` for a conflict declaration. */
  row: string;
  /** The key id in the value's header (null if it has none readable). */
  keyId: string | null;
  /** `key_not_configured`: its key is not in REPORT_KEYS; `does_not_open`: altered, or moved. */
  reason: 'key_not_configured' | 'does_not_open';
}

export interface ColumnRekey {
  table: string;
  column: string;
  /** Values re-sealed under the current key by this run. */
  resealed: number;
  /** Values that did not open (left as they are). */
  unreadable: number;
}

export interface RekeyResult {
  /** The key every value is now sealed with. */
  keyId: string;
  columns: ColumnRekey[];
  resealed: number;
  unreadable: number;
  /** The first unreadable values, by place (all of them are counted above). */
  failures: UnreadableValue[];
}

export interface ColumnKeyStatus {
  table: string;
  column: string;
  /** Values per key id, most first; `null` is a value with no readable header. */
  byKey: Array<{ keyId: string | null; values: number }>;
}

export interface KeyStatus {
  /** The key new values are sealed with. */
  currentKeyId: string;
  /** Every configured key id, the current one first. */
  configuredKeyIds: string[];
  columns: ColumnKeyStatus[];
  /** Values per key id over every column. */
  totals: Array<{ keyId: string | null; values: number }>;
  /** Values not under the current key: 0 means the older keys can be dropped. */
  notCurrent: number;
}

/**
 * Rotating the report encryption keys (issue #11: "a key id stored beside
 * each ciphertext so keys can rotate"). With a new key first in REPORT_KEYS
 * and the old ones after it, `rekeyAll` re-seals every value still under an
 * older key; `status` counts values per key id, so an operator knows when
 * an old key can be dropped.
 *
 * The walk goes column by column in key order, one transaction per batch,
 * claiming rows with `FOR NO KEY UPDATE SKIP LOCKED`: several nodes may run
 * it at once (each row is re-sealed by one of them), it never holds more
 * than a batch locked, and a rerun finds nothing left to do. A value that
 * does not open (altered, or its key gone) is counted and named by table,
 * column and row, and left as it is; the run goes on.
 */
@Injectable()
export class ReportKeyRotation {
  private readonly logger = new Logger(ReportKeyRotation.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly sealed: SealedValuesRepository,
    private readonly sealing: SealingService,
    private readonly audit: AuditService,
  ) {}

  /** Re-seals every value not under the current key; counts per column. */
  async rekeyAll(options: { batchSize?: number; actor?: Actor } = {}): Promise<RekeyResult> {
    const batchSize = Math.max(1, Math.floor(options.batchSize ?? REKEY_BATCH));
    const failures: UnreadableValue[] = [];
    const columns: ColumnRekey[] = [];
    for (const column of SEALED_COLUMNS) {
      columns.push(await this.rekeyColumn(column, batchSize, failures));
    }
    const result: RekeyResult = {
      keyId: this.sealing.currentKeyId,
      columns,
      resealed: sum(columns.map((c) => c.resealed)),
      unreadable: sum(columns.map((c) => c.unreadable)),
      failures,
    };
    if (result.resealed > 0 || result.unreadable > 0) {
      await this.dataSource.transaction((em) =>
        this.audit.record(em, options.actor ?? SYSTEM, {
          action: 'report.resealed',
          subjectType: 'report_key',
          subjectId: result.keyId,
          // Counts and places only: never a value.
          details: {
            resealed: result.resealed,
            unreadable: result.unreadable,
            columns: Object.fromEntries(
              columns
                .filter((c) => c.resealed + c.unreadable > 0)
                .map((c) => [
                  `${c.table}.${c.column}`,
                  { resealed: c.resealed, unreadable: c.unreadable },
                ]),
            ),
            failures: result.failures.map((f) => ({
              table: f.table,
              column: f.column,
              row: f.row,
              keyId: f.keyId,
              reason: f.reason,
            })),
          },
        }),
      );
    }
    return result;
  }

  private async rekeyColumn(
    column: SealedColumn,
    batchSize: number,
    failures: UnreadableValue[],
  ): Promise<ColumnRekey> {
    const done: ColumnRekey = {
      table: column.table,
      column: column.column,
      resealed: 0,
      unreadable: 0,
    };
    const limit = Math.min(batchSize, column.maxBatch ?? batchSize);
    let after: string[] | null = null;
    for (;;) {
      const claimed = await this.dataSource.transaction(async (em) => {
        const rows = await this.sealed.claimNotUnder(
          em,
          column,
          this.sealing.currentHeader,
          after,
          limit,
        );
        for (const row of rows) {
          let moved: Buffer;
          try {
            moved = this.sealing.rekey(row.sealed, column.aad(row.key));
          } catch (error) {
            if (!(error instanceof SealingError)) throw error;
            done.unreadable++;
            const failure = this.unreadable(column, row.key, row.sealed);
            if (failures.length < NAMED_FAILURES) failures.push(failure);
            continue;
          }
          if (moved === row.sealed) continue;
          await this.sealed.write(em, column, row.key, moved);
          done.resealed++;
        }
        return rows;
      });
      if (claimed.length === 0) break;
      after = claimed[claimed.length - 1].key;
      if (claimed.length < limit) break;
    }
    return done;
  }

  private unreadable(column: SealedColumn, key: string[], sealed: Buffer): UnreadableValue {
    let keyId: string | null = null;
    try {
      keyId = sealedKeyId(sealed);
    } catch {
      // No readable header: named with a null key id.
    }
    const failure: UnreadableValue = {
      table: column.table,
      column: column.column,
      row: key.join(':'),
      keyId,
      reason:
        keyId !== null && !this.sealing.keyIds.includes(keyId)
          ? 'key_not_configured'
          : 'does_not_open',
    };
    // The place only: the value itself is never logged.
    this.logger.warn(
      `Report value does not open: ${failure.table}.${failure.column} row ${failure.row} ` +
        `(${failure.reason}${keyId === null ? '' : `, key ${keyId}`})`,
    );
    return failure;
  }

  /** Values per key id, per sealed column and in all. */
  async status(): Promise<KeyStatus> {
    const columns: ColumnKeyStatus[] = [];
    const totals = new Map<string | null, number>();
    await this.dataSource.transaction('REPEATABLE READ', async (em) => {
      for (const column of SEALED_COLUMNS) {
        const byKey = (await this.sealed.countByKeyId(em, column)).sort(
          (a, b) => b.values - a.values,
        );
        for (const { keyId, values } of byKey) {
          totals.set(keyId, (totals.get(keyId) ?? 0) + values);
        }
        columns.push({ table: column.table, column: column.column, byKey });
      }
    });
    const current = this.sealing.currentKeyId;
    return {
      currentKeyId: current,
      configuredKeyIds: this.sealing.keyIds,
      columns,
      totals: [...totals]
        .map(([keyId, values]) => ({ keyId, values }))
        .sort((a, b) => b.values - a.values),
      notCurrent: sum([...totals].filter(([keyId]) => keyId !== current).map(([, n]) => n)),
    };
  }
}

function sum(values: number[]): number {
  return values.reduce((a, b) => a + b, 0);
}
