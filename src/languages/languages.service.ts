import { Injectable } from '@nestjs/common';
import { CATEGORIES, type Category, emptyCategoryCounts } from '../register/category.js';
import { EntryCountsService } from '../register/entry-counts.service.js';
import type { Language, LanguageKind, LanguageNames } from './language.js';
import { LanguagesRepository } from './languages.repository.js';

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
/** The languages change only by migration; a minute old is fresh enough and spares the database. */
const CATALOG_MS = 60_000;

/**
 * The languages interpreters can be registered for, for every other feature
 * (does a code exist, what is a language called), and the language list
 * with the register's counts.
 */
@Injectable()
export class LanguagesService {
  private catalog: { at: number; byCode: Map<string, Language> } | undefined;
  private cached: { at: number; list: LanguageWithCounts[] } | undefined;

  constructor(
    private readonly languages: LanguagesRepository,
    private readonly counts: EntryCountsService,
  ) {}

  async exists(code: string): Promise<boolean> {
    return (await this.byCode()).has(code);
  }

  /** A lookup by language code, for naming many entries at once. */
  async lookup(): Promise<(code: string) => Language | undefined> {
    const byCode = await this.byCode();
    return (code) => byCode.get(code);
  }

  /** A lookup by language code; a code the table lacks stands in for its own names. */
  async names(): Promise<(code: string) => LanguageNames> {
    const byCode = await this.byCode();
    return (code) => byCode.get(code) ?? { nameNb: code, nameEn: code, nativeName: null };
  }

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
    const languages = await this.byCode();
    const counts = await this.counts.byLanguage();
    return [...languages.values()]
      .map((l) => {
        const byCategory = counts.get(l.code) ?? emptyCategoryCounts();
        const entries = CATEGORIES.reduce((sum, c) => sum + byCategory[c], 0);
        return { ...l, entries, interpreters: entries, byCategory };
      })
      .sort((a, b) => collator.compare(a.nameNb, b.nameNb));
  }

  private async byCode(): Promise<Map<string, Language>> {
    if (!this.catalog || Date.now() - this.catalog.at > CATALOG_MS) {
      const rows = await this.languages.all();
      const byCode = new Map(
        rows.map((r): [string, Language] => [
          r.code,
          {
            code: r.code,
            nameNb: r.name_nb,
            nameEn: r.name_en,
            nativeName: r.native_name,
            kind: r.kind,
          },
        ]),
      );
      this.catalog = { at: Date.now(), byCode };
    }
    return this.catalog.byCode;
  }
}
