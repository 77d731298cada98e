import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Category } from './category.js';
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

/**
 * The register's entries and the public read model (public_entries, written
 * by triggers alone) for search and profiles; searchSql (search-sql.ts)
 * builds the search's statements, EntryCountsRepository counts. Nothing in
 * the app writes entries or evidence yet.
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
}
