import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
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

export interface LanguageCountRow {
  language_code: string;
  category: Category;
  entries: string;
}

export interface CountyCountRow {
  county_code: string;
  entries: string;
  persons: string;
}

/**
 * The only code that reads register_entries, qualification_evidence and the
 * public read model (public_entries, written by triggers alone). Besides
 * this file, the search's statements are built by searchSql (search-sql.ts).
 * Nothing in the app writes entries or evidence yet.
 */
@Injectable()
export class RegisterRepository {
  constructor(private readonly dataSource: DataSource) {}

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

  /**
   * Active entries per language and category. public_entries holds active
   * entries only, one per person and language, so these are also persons.
   */
  countsByLanguage(): Promise<LanguageCountRow[]> {
    return this.dataSource.query(
      `SELECT language_code, category, count(*) AS entries
         FROM public_entries GROUP BY language_code, category`,
    );
  }

  /** Active entries and persons (one primary entry each, so no DISTINCT) per county. */
  countsByCounty(): Promise<CountyCountRow[]> {
    return this.dataSource.query(
      `SELECT county_code, count(*) AS entries, count(*) FILTER (WHERE is_primary) AS persons
         FROM public_entries GROUP BY county_code`,
    );
  }
}
