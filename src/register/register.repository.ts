import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { returnedRows } from '../database/returning.js';
import type { Category, EvidenceKind } from './category.js';
import type { EntryStatus } from './entry-status.js';
import type { SearchSql } from './search-sql.js';

/** One search result: the person and the category of their best matching entry. */
export interface SearchMatchRow {
  interpreter_id: string;
  best: Category;
}

export interface PublicEntryRow {
  interpreter_id: string;
  language_code: string;
  category: Category;
  registered_on: string;
}

/** An entry in any status, to see what a person already holds. */
export interface EntryRow {
  interpreter_id: string;
  language_code: string;
  category: Category;
  status: EntryStatus;
}

export interface EvidenceInsert {
  language_code: string | null;
  kind: EvidenceKind;
  obtained_on: string;
  issuer: string | null;
  /** For a qualification from another EEA state or Switzerland. */
  issuing_country?: string | null;
}

export interface ExportEntryRow {
  language_code: string;
  category: Category;
  status: EntryStatus;
  registered_on: string;
  created_at: Date;
  updated_at: Date;
}

export interface ExportEvidenceRow {
  language_code: string | null;
  kind: EvidenceKind;
  obtained_on: string;
  issuer: string | null;
  issuing_country: string | null;
  created_at: Date;
}

/**
 * The register's entries, the evidence behind them, and the public read
 * model (public_entries, written by triggers alone) for search and profiles;
 * searchSql (search-sql.ts) builds the search's statements,
 * EntryCountsRepository counts. Entries and evidence are written through
 * RegisterService (grantEntry, recordEvidence) in the caller's transaction.
 */
@Injectable()
export class RegisterRepository {
  /** The total and one page of a search, through `em`: the caller holds them in one snapshot. */
  async search(
    em: EntityManager,
    { count, matches }: SearchSql,
  ): Promise<{ total: number; matches: SearchMatchRow[] }> {
    const [{ total }]: Array<{ total: string }> = await em.query(count.text, count.params);
    return { total: Number(total), matches: await em.query(matches.text, matches.params) };
  }

  /**
   * Inserts the person's entry for the language, or gives the existing one
   * this category and makes it active again (its first registration date
   * stays). `xmax = 0` tells a fresh row from an updated one.
   */
  async upsertEntry(
    em: EntityManager,
    interpreterId: string,
    entry: { languageCode: string; category: Category; registeredOn: string },
  ): Promise<'created' | 'updated'> {
    const [row]: Array<{ inserted: boolean }> = await em.query(
      `INSERT INTO register_entries (interpreter_id, language_code, category, status, registered_on)
       VALUES ($1, $2, $3::category, 'active', $4::date)
       ON CONFLICT (interpreter_id, language_code) DO UPDATE
         SET category = EXCLUDED.category, status = 'active', updated_at = now()
       RETURNING (xmax = 0) AS inserted`,
      [interpreterId, entry.languageCode, entry.category, entry.registeredOn],
    );
    return row.inserted ? 'created' : 'updated';
  }

  async insertEvidence(
    em: EntityManager,
    interpreterId: string,
    items: EvidenceInsert[],
  ): Promise<void> {
    for (const item of items) {
      await em.query(
        `INSERT INTO qualification_evidence
           (interpreter_id, language_code, kind, obtained_on, issuer, issuing_country)
         VALUES ($1, $2, $3::evidence_kind, $4::date, $5, $6)`,
        [
          interpreterId,
          item.language_code,
          item.kind,
          item.obtained_on,
          item.issuer,
          item.issuing_country ?? null,
        ],
      );
    }
  }

  /** The persons' entries in every status, in the caller's transaction. */
  entriesOf(em: EntityManager, interpreterIds: string[]): Promise<EntryRow[]> {
    return em.query(
      `SELECT interpreter_id, language_code, category, status FROM register_entries
        WHERE interpreter_id = ANY($1::uuid[])`,
      [interpreterIds],
    );
  }

  /** The persons' active entries, in no particular order. */
  activeEntries(em: EntityManager, interpreterIds: string[]): Promise<PublicEntryRow[]> {
    return em.query(
      `SELECT p.interpreter_id, p.language_code, p.category,
              to_char(e.registered_on, 'YYYY-MM-DD') AS registered_on
         FROM public_entries p JOIN register_entries e ON e.id = p.entry_id
        WHERE p.interpreter_id = ANY($1::uuid[])`,
      [interpreterIds],
    );
  }

  /** A person's entries in every status with their dates (their access request). */
  entriesForExport(interpreterId: string, em: EntityManager): Promise<ExportEntryRow[]> {
    return em.query(
      `SELECT language_code, category, status, to_char(registered_on, 'YYYY-MM-DD') AS registered_on,
              created_at, updated_at
         FROM register_entries WHERE interpreter_id = $1 ORDER BY language_code`,
      [interpreterId],
    );
  }

  /** A person's qualification evidence (their access request). */
  evidenceOf(interpreterId: string, em: EntityManager): Promise<ExportEvidenceRow[]> {
    return em.query(
      `SELECT language_code, kind, to_char(obtained_on, 'YYYY-MM-DD') AS obtained_on, issuer,
              issuing_country, created_at
         FROM qualification_evidence WHERE interpreter_id = $1
        ORDER BY language_code NULLS LAST, obtained_on`,
      [interpreterId],
    );
  }

  // --- Restrictions (temporary exclusion, exclusion, revocation; issue #11) ---

  /** The person's entries in force (active or suspended), locked for the change. */
  entriesInForce(
    em: EntityManager,
    interpreterId: string,
  ): Promise<Array<{ language_code: string; category: Category; status: EntryStatus }>> {
    return em.query(
      `SELECT language_code, category, status FROM register_entries
        WHERE interpreter_id = $1 AND status IN ('active', 'suspended')
        ORDER BY language_code FOR UPDATE`,
      [interpreterId],
    );
  }

  /** Sets the status of the person's entries in these languages that now have one of `from`. */
  async setEntryStatus(
    em: EntityManager,
    interpreterId: string,
    codes: string[],
    from: EntryStatus[],
    to: EntryStatus,
  ): Promise<string[]> {
    if (codes.length === 0) return [];
    const rows = returnedRows<{ language_code: string }>(
      await em.query(
        `UPDATE register_entries SET status = $4::entry_status, updated_at = now()
          WHERE interpreter_id = $1 AND language_code = ANY($2::varchar[])
            AND status = ANY($3::entry_status[])
          RETURNING language_code`,
        [interpreterId, codes, from, to],
      ),
    );
    return rows.map((r) => r.language_code);
  }

  /** Sets one entry's category (a revoked authorisation). */
  async setEntryCategory(
    em: EntityManager,
    interpreterId: string,
    code: string,
    category: Category,
  ): Promise<void> {
    await em.query(
      `UPDATE register_entries SET category = $3::category, updated_at = now()
        WHERE interpreter_id = $1 AND language_code = $2`,
      [interpreterId, code, category],
    );
  }

  async insertRestriction(
    em: EntityManager,
    row: {
      interpreterId: string;
      reportId: string | null;
      kind: RestrictionKind;
      startsOn: string;
      endsOn: string | null;
      languageCodes: string[];
      createdBy: string | null;
    },
  ): Promise<string> {
    const [{ id }]: Array<{ id: string }> = await em.query(
      `INSERT INTO register_restrictions
         (interpreter_id, report_id, kind, starts_on, ends_on, language_codes, created_by)
       VALUES ($1, $2, $3, $4::date, $5::date, $6::varchar[], $7) RETURNING id`,
      [
        row.interpreterId,
        row.reportId,
        row.kind,
        row.startsOn,
        row.endsOn,
        row.languageCodes,
        row.createdBy,
      ],
    );
    return id;
  }

  /** The person's restrictions not yet ended, locked. */
  openRestrictions(em: EntityManager, interpreterId: string): Promise<RestrictionRow[]> {
    return em.query(
      `SELECT ${RESTRICTION_COLUMNS} FROM register_restrictions
        WHERE interpreter_id = $1 AND ended_at IS NULL ORDER BY created_at FOR UPDATE`,
      [interpreterId],
    );
  }

  /** Every restriction of the person (their record, the case page). */
  restrictionsOf(em: EntityManager, interpreterId: string): Promise<RestrictionRow[]> {
    return em.query(
      `SELECT ${RESTRICTION_COLUMNS} FROM register_restrictions
        WHERE interpreter_id = $1 ORDER BY created_at`,
      [interpreterId],
    );
  }

  /**
   * Restrictions whose last day is before `today` and that have not ended,
   * claimed with SKIP LOCKED so two nodes never end the same one.
   */
  dueRestrictions(em: EntityManager, today: string, limit: number): Promise<RestrictionRow[]> {
    return em.query(
      `SELECT ${RESTRICTION_COLUMNS} FROM register_restrictions
        WHERE ended_at IS NULL AND ends_on IS NOT NULL AND ends_on <= $1::date
        ORDER BY ends_on LIMIT $2 FOR UPDATE SKIP LOCKED`,
      [today, limit],
    );
  }

  async endRestrictions(em: EntityManager, ids: string[]): Promise<void> {
    if (ids.length === 0) return;
    await em.query(
      `UPDATE register_restrictions SET ended_at = now() WHERE id = ANY($1::uuid[]) AND ended_at IS NULL`,
      [ids],
    );
  }

  /** Marks the person's state authorisation for the language revoked; how many there were. */
  async revokeAuthorisation(
    em: EntityManager,
    interpreterId: string,
    code: string,
  ): Promise<number> {
    const rows = returnedRows<{ id: string }>(
      await em.query(
        `UPDATE qualification_evidence SET revoked_at = now()
          WHERE interpreter_id = $1 AND language_code = $2 AND kind = 'state_authorisation'
            AND revoked_at IS NULL
          RETURNING id`,
        [interpreterId, code],
      ),
    );
    return rows.length;
  }

  /** The kinds of evidence that still count for the language (its own and the language-independent). */
  async evidenceKindsFor(
    em: EntityManager,
    interpreterId: string,
    code: string,
  ): Promise<EvidenceKind[]> {
    const rows: Array<{ kind: EvidenceKind }> = await em.query(
      `SELECT kind FROM qualification_evidence
        WHERE interpreter_id = $1 AND (language_code = $2 OR language_code IS NULL)
          AND revoked_at IS NULL`,
      [interpreterId, code],
    );
    return rows.map((r) => r.kind);
  }
}

export type RestrictionKind = 'temporary' | 'period' | 'permanent';

export interface RestrictionRow {
  id: string;
  interpreter_id: string;
  report_id: string | null;
  kind: RestrictionKind;
  starts_on: string;
  ends_on: string | null;
  language_codes: string[];
  created_at: Date;
  ended_at: Date | null;
}

const RESTRICTION_COLUMNS = `id, interpreter_id, report_id, kind,
  to_char(starts_on, 'YYYY-MM-DD') AS starts_on, to_char(ends_on, 'YYYY-MM-DD') AS ends_on,
  language_codes, created_at, ended_at`;
