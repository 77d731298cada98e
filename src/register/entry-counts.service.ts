import { Injectable } from '@nestjs/common';
import { type Category, emptyCategoryCounts } from './category.js';
import { EntryCountsRepository } from './entry-counts.repository.js';

/** How many active entries the register holds, per language and per county. */
@Injectable()
export class EntryCountsService {
  constructor(private readonly counts: EntryCountsRepository) {}

  /**
   * Active entries per category, for each language that has any. An entry is
   * one person and one language, so these are also the language's persons.
   */
  async byLanguage(): Promise<Map<string, Record<Category, number>>> {
    const byLanguage = new Map<string, Record<Category, number>>();
    for (const row of await this.counts.byLanguage()) {
      const counts = byLanguage.get(row.language_code) ?? emptyCategoryCounts();
      counts[row.category] = Number(row.entries);
      byLanguage.set(row.language_code, counts);
    }
    return byLanguage;
  }

  /** Active entries, and persons (by their primary entry), for each county that has any. */
  async byCounty(): Promise<Map<string, { entries: number; persons: number }>> {
    return new Map(
      (await this.counts.byCounty()).map((r) => [
        r.county_code,
        { entries: Number(r.entries), persons: Number(r.persons) },
      ]),
    );
  }
}
