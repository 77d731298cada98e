import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { CATEGORIES, type Category } from '../register/category.js';
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
const CODE_CACHE_MS = 60_000;

@Injectable()
export class LanguagesService {
  private codes: Set<string> | undefined;
  private codesLoadedAt = 0;
  private cached: { at: number; list: LanguageWithCounts[] } | undefined;

  constructor(private readonly dataSource: DataSource) {}

  /** Whether a language code is known; cached briefly, as the list changes rarely. */
  async exists(code: string): Promise<boolean> {
    if (!this.codes || Date.now() - this.codesLoadedAt > CODE_CACHE_MS) {
      const rows: Array<{ code: string }> = await this.dataSource.query(
        `SELECT code FROM languages`,
      );
      this.codes = new Set(rows.map((r) => r.code));
      this.codesLoadedAt = Date.now();
    }
    return this.codes.has(code);
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
    const languages: Array<{
      code: string;
      name_nb: string;
      name_en: string;
      native_name: string | null;
      kind: LanguageKind;
    }> = await this.dataSource.query(
      `SELECT code, name_nb, name_en, native_name, kind FROM languages`,
    );
    // public_entries holds active entries only, one per person and language,
    // so entries per language are also interpreters per language.
    const counts: Array<{ language_code: string; category: Category; entries: string }> =
      await this.dataSource.query(
        `SELECT language_code, category, count(*) AS entries
           FROM public_entries GROUP BY language_code, category`,
      );
    const byLanguage = new Map<string, Record<Category, number>>();
    for (const row of counts) {
      const bucket = byLanguage.get(row.language_code) ?? emptyCategoryCounts();
      bucket[row.category] = Number(row.entries);
      byLanguage.set(row.language_code, bucket);
    }
    return languages
      .map((l) => {
        const byCategory = byLanguage.get(l.code) ?? emptyCategoryCounts();
        const entries = CATEGORIES.reduce((sum, c) => sum + byCategory[c], 0);
        return {
          code: l.code,
          nameNb: l.name_nb,
          nameEn: l.name_en,
          nativeName: l.native_name,
          kind: l.kind,
          entries,
          interpreters: entries,
          byCategory,
        };
      })
      .sort((a, b) => collator.compare(a.nameNb, b.nameNb));
  }
}

export function emptyCategoryCounts(): Record<Category, number> {
  return { A: 0, B: 0, C: 0, D: 0, E: 0 };
}
