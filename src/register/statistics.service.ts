import { Injectable } from '@nestjs/common';
import { COUNTIES } from '../geography/counties.js';
import { LanguagesService } from '../languages/languages.service.js';
import { CATEGORIES, emptyCategoryCounts, HIGHLY_QUALIFIED } from './category.js';
import type { StatisticsDto } from './dto/statistics.dto.js';
import { EntryCountsService } from './entry-counts.service.js';

/** The figures the directorate reports every year, computed from active entries. */
@Injectable()
export class StatisticsService {
  constructor(
    private readonly counts: EntryCountsService,
    private readonly languages: LanguagesService,
  ) {}

  async compute(): Promise<StatisticsDto> {
    const byCounty = await this.counts.byCounty();
    const languages = (await this.languages.listWithCounts()).filter((l) => l.entries > 0);

    const byCategory = emptyCategoryCounts();
    for (const l of languages) for (const c of CATEGORIES) byCategory[c] += l.byCategory[c];
    const entries = CATEGORIES.reduce((sum, c) => sum + byCategory[c], 0);
    const persons = [...byCounty.values()].reduce((sum, c) => sum + c.persons, 0);
    const highly = HIGHLY_QUALIFIED.reduce((sum, c) => sum + byCategory[c], 0);

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
        entries: byCounty.get(c.code)?.entries ?? 0,
        interpreters: byCounty.get(c.code)?.persons ?? 0,
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
