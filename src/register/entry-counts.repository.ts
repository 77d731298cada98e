import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Category } from './category.js';

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
 * Counts over the public read model (public_entries): it holds exactly the
 * active entries, one per person and language, with one primary entry per
 * person, so counting needs no DISTINCT.
 */
@Injectable()
export class EntryCountsRepository {
  constructor(private readonly dataSource: DataSource) {}

  byLanguage(): Promise<LanguageCountRow[]> {
    return this.dataSource.query(
      `SELECT language_code, category, count(*) AS entries
         FROM public_entries GROUP BY language_code, category`,
    );
  }

  byCounty(): Promise<CountyCountRow[]> {
    return this.dataSource.query(
      `SELECT county_code, count(*) AS entries, count(*) FILTER (WHERE is_primary) AS persons
         FROM public_entries GROUP BY county_code`,
    );
  }
}
