import { Injectable } from '@nestjs/common';
import { CATEGORIES, type Category, emptyCategoryCounts } from '../register/category.js';
import { StatisticsService } from '../register/statistics.service.js';
import { LanguageCatalogService } from './language-catalog.service.js';
import type { LanguageKind } from './language.js';

export interface LanguageWithCounts {
  code: string;
  nameNb: string;
  nameEn: string;
  nativeName: string | null;
  kind: LanguageKind;
  entries: number;
  interpreters: number;
  byCategory: Record<Category, number>;
}

const collator = new Intl.Collator('nb');

/** The language list people see: every language with the register's counts of active entries. */
@Injectable()
export class LanguagesService {
  private cached: { at: number; list: LanguageWithCounts[] } | undefined;

  constructor(
    private readonly catalog: LanguageCatalogService,
    private readonly statistics: StatisticsService,
  ) {}

  /**
   * The same list, at most `maxAgeMs` old: for the search form's language
   * menu, where counts a minute old are fine and every page view would
   * otherwise scan the register.
   */
  async listWithCountsCached(maxAgeMs = 60_000): Promise<LanguageWithCounts[]> {
    if (!this.cached || Date.now() - this.cached.at > maxAgeMs) {
      this.cached = { at: Date.now(), list: await this.listWithCounts() };
    }
    return this.cached.list;
  }

  /** Every language with its number of active entries per category, in Norwegian alphabetical order. */
  async listWithCounts(): Promise<LanguageWithCounts[]> {
    const languages = await this.catalog.all();
    const counts = await this.statistics.entriesByLanguage();
    return languages
      .map((l) => {
        const byCategory = counts.get(l.code) ?? emptyCategoryCounts();
        const entries = CATEGORIES.reduce((sum, c) => sum + byCategory[c], 0);
        return { ...l, entries, interpreters: entries, byCategory };
      })
      .sort((a, b) => collator.compare(a.nameNb, b.nameNb));
  }
}
