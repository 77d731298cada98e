import { Injectable } from '@nestjs/common';
import type { Language, LanguageNames } from './language.js';
import { LanguagesRepository } from './languages.repository.js';

/** The list changes only by migration; a minute old is fresh enough and spares the database. */
const CACHE_MS = 60_000;

/**
 * The languages interpreters can be registered for, for every other
 * feature: whether a code exists, and the names a page or a card shows.
 */
@Injectable()
export class LanguageCatalogService {
  private cached: { at: number; byCode: Map<string, Language> } | undefined;

  constructor(private readonly languages: LanguagesRepository) {}

  async all(): Promise<Language[]> {
    return [...(await this.byCode()).values()];
  }

  async exists(code: string): Promise<boolean> {
    return (await this.byCode()).has(code);
  }

  /** A lookup by language code; a code the table lacks stands in for its own names. */
  async names(): Promise<(code: string) => LanguageNames> {
    const byCode = await this.byCode();
    return (code) => byCode.get(code) ?? { nameNb: code, nameEn: code, nativeName: null };
  }

  private async byCode(): Promise<Map<string, Language>> {
    if (!this.cached || Date.now() - this.cached.at > CACHE_MS) {
      this.cached = { at: Date.now(), byCode: await this.load() };
    }
    return this.cached.byCode;
  }

  private async load(): Promise<Map<string, Language>> {
    const rows = await this.languages.all();
    return new Map(
      rows.map((r) => [
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
  }
}
