import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
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
}
