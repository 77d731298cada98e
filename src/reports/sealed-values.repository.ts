import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { SealedColumn } from './sealed-columns.js';

/** A row's sealed value, with the row's key values as text (in the column's key order). */
export interface SealedValueRow {
  key: string[];
  sealed: Buffer;
}

/** How many values of a column carry a key id (null: no readable header). */
export interface KeyIdCount {
  keyId: string | null;
  values: number;
}

/**
 * The SQL of the report key rotation (issue #11): it reads and rewrites the
 * sealed columns of every reports table, named only through the inventory
 * `SEALED_COLUMNS` (identifiers from that constant list, never from input).
 * Nothing here opens or seals a value; `ReportKeyRotation` does.
 *
 * A sealed value starts with its header: version (1) | kid length (1) | kid.
 * A value is under the current key exactly when it starts with the current
 * key's header, so the walk finds what to re-seal without reading it all.
 */
@Injectable()
export class SealedValuesRepository {
  /**
   * Claims up to `limit` rows whose value does not start with `currentHeader`,
   * after the row `after` in key order (none: from the start), locked for this
   * transaction. Rows another node holds are skipped (it re-seals them); the
   * lock does not block inserts that reference the row (NO KEY UPDATE).
   */
  async claimNotUnder(
    em: EntityManager,
    column: SealedColumn,
    currentHeader: Buffer,
    after: readonly string[] | null,
    limit: number,
  ): Promise<SealedValueRow[]> {
    const keys = column.key.map((k) => k.name);
    const sealed = column.column;
    const params: unknown[] = [currentHeader.length, currentHeader, limit];
    let afterClause = '';
    if (after) {
      const placeholders = column.key.map((k, i) => `$${i + 4}::${k.type}`);
      afterClause = `AND (${keys.join(', ')}) > (${placeholders.join(', ')})`;
      params.push(...after);
    }
    const rows: Array<Record<string, unknown>> = await em.query(
      `SELECT ${keys.map((k, i) => `${k}::text AS k${i}`).join(', ')}, ${sealed} AS sealed
         FROM ${column.table}
        WHERE ${sealed} IS NOT NULL
          AND substring(${sealed} FROM 1 FOR $1) <> $2::bytea
          ${afterClause}
        ORDER BY ${keys.join(', ')}
        LIMIT $3
        FOR NO KEY UPDATE SKIP LOCKED`,
      params,
    );
    return rows.map((row) => ({
      key: keys.map((_, i) => row[`k${i}`] as string),
      sealed: row.sealed as Buffer,
    }));
  }

  /** Writes a re-sealed value into a row this transaction has claimed. */
  async write(
    em: EntityManager,
    column: SealedColumn,
    key: readonly string[],
    sealed: Buffer,
  ): Promise<void> {
    const where = column.key.map((k, i) => `${k.name} = $${i + 2}::${k.type}`).join(' AND ');
    await em.query(`UPDATE ${column.table} SET ${column.column} = $1 WHERE ${where}`, [
      sealed,
      ...key,
    ]);
  }

  /**
   * The column's values counted by the key id in their header. A value too
   * short for its header, or of another format version, counts under null.
   */
  async countByKeyId(em: EntityManager, column: SealedColumn): Promise<KeyIdCount[]> {
    const c = column.column;
    // CASE evaluates its branches in order, so get_byte never reads past the end.
    const rows: Array<{ kid: Buffer | null; n: number }> = await em.query(
      `SELECT CASE
                WHEN length(${c}) < 3 THEN NULL
                WHEN get_byte(${c}, 0) <> 1 OR get_byte(${c}, 1) = 0 THEN NULL
                WHEN length(${c}) < 2 + get_byte(${c}, 1) THEN NULL
                ELSE substring(${c} FROM 3 FOR get_byte(${c}, 1))
              END AS kid,
              count(*)::int AS n
         FROM ${column.table}
        WHERE ${c} IS NOT NULL
        GROUP BY 1
        ORDER BY 1`,
    );
    return rows.map((row) => ({
      keyId: row.kid === null ? null : row.kid.toString('latin1'),
      values: row.n,
    }));
  }
}
