import { Injectable } from '@nestjs/common';
import { COUNTIES } from '../geography/counties.js';
import { LanguageCatalogService } from '../languages/language-catalog.service.js';
import { CATEGORIES, type Category, emptyCategoryCounts, HIGHLY_QUALIFIED } from './category.js';
import type { StatisticsDto } from './dto/statistics.dto.js';
import { RegisterRepository } from './register.repository.js';

/** The figures the directorate reports every year, computed from active entries. */
@Injectable()
export class StatisticsService {
  constructor(
    private readonly register: RegisterRepository,
    private readonly languages: LanguageCatalogService,
  ) {}

  /**
   * Active entries per category for each language that has any. An entry is
   * one person and one language, so these also count the language's persons.
   */
  async entriesByLanguage(): Promise<Map<string, Record<Category, number>>> {
    const byLanguage = new Map<string, Record<Category, number>>();
    for (const row of await this.register.countsByLanguage()) {
      const counts = byLanguage.get(row.language_code) ?? emptyCategoryCounts();
      counts[row.category] = Number(row.entries);
      byLanguage.set(row.language_code, counts);
    }
    return byLanguage;
  }

  async compute(): Promise<StatisticsDto> {
    const countyRows = await this.register.countsByCounty();
    const counts = await this.entriesByLanguage();
    const languages = (await this.languages.all()).flatMap((l) => {
      const byCategory = counts.get(l.code);
      if (!byCategory) return [];
      const entries = CATEGORIES.reduce((sum, c) => sum + byCategory[c], 0);
      return [{ ...l, entries, interpreters: entries, byCategory }];
    });

    const byCategory = emptyCategoryCounts();
    for (const l of languages) for (const c of CATEGORIES) byCategory[c] += l.byCategory[c];
    const entries = CATEGORIES.reduce((sum, c) => sum + byCategory[c], 0);
    const persons = countyRows.reduce((sum, r) => sum + Number(r.persons), 0);
    const highly = HIGHLY_QUALIFIED.reduce((sum, c) => sum + byCategory[c], 0);
    const byCountyCode = new Map(countyRows.map((r) => [r.county_code, r]));

    return {
      generatedAt: new Date().toISOString(),
      entries,
      persons,
      languages: languages.length,
      byCategory,
      highlyQualified: {
        entries: highly,
        share: entries === 0 ? 0 : Math.round((highly / entries) * 10_000) / 10_000,
      },
      byLanguage: languages
        .sort((a, b) => b.entries - a.entries || a.code.localeCompare(b.code))
        .map((l) => ({
          code: l.code,
          nameNb: l.nameNb,
          nameEn: l.nameEn,
          entries: l.entries,
          interpreters: l.interpreters,
          byCategory: l.byCategory,
        })),
      byCounty: COUNTIES.map((c) => ({
        code: c.code,
        name: c.name,
        entries: Number(byCountyCode.get(c.code)?.entries ?? 0),
        interpreters: Number(byCountyCode.get(c.code)?.persons ?? 0),
      })),
    };
  }
}

function csvField(value: string | number): string {
  const text = String(value);
  // Quote everything textual; a leading formula character is neutralised for spreadsheets.
  const safe = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  return typeof value === 'number' ? text : `"${safe.replace(/"/g, '""')}"`;
}

/**
 * The statistics as one tidy CSV table (one row per figure), which opens in
 * a spreadsheet and pivots without reshaping:
 * dimension,code,name_nb,name_en,category,entries,interpreters
 */
export function statisticsToCsv(stats: StatisticsDto): string {
  const rows: Array<Array<string | number>> = [
    ['dimension', 'code', 'name_nb', 'name_en', 'category', 'entries', 'interpreters'],
    ['total', '', 'Totalt', 'Total', '', stats.entries, stats.persons],
  ];
  for (const c of CATEGORIES) {
    rows.push(['category', c, `Kategori ${c}`, `Category ${c}`, c, stats.byCategory[c], '']);
  }
  rows.push([
    'highly_qualified',
    'A-D',
    'Høyt kvalifiserte (A–D)',
    'Highly qualified (A–D)',
    '',
    stats.highlyQualified.entries,
    '',
  ]);
  for (const l of stats.byLanguage) {
    rows.push(['language', l.code, l.nameNb, l.nameEn, '', l.entries, l.interpreters]);
    for (const c of CATEGORIES) {
      if (l.byCategory[c] > 0)
        rows.push(['language_category', l.code, l.nameNb, l.nameEn, c, l.byCategory[c], '']);
    }
  }
  for (const c of stats.byCounty) {
    rows.push(['county', c.code, c.name, c.name, '', c.entries, c.interpreters]);
  }
  return rows.map((r) => r.map(csvField).join(',')).join('\r\n') + '\r\n';
}
