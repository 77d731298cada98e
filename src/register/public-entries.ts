import type { Language } from '../languages/language.js';
import type { PublicEntryDto } from './dto/interpreter-profile.dto.js';
import type { PublicEntryRow } from './register.repository.js';

/** Each person's active entries, best category first, then by English language name. */
export function publicEntries(
  rows: PublicEntryRow[],
  languageOf: (code: string) => Language | undefined,
): Map<string, PublicEntryDto[]> {
  const entries = rows.map((row) => {
    // The foreign key makes every code known; only a language added within
    // the minute the language list is cached could be missing: it shows its code.
    const language = languageOf(row.language_code);
    return {
      interpreterId: row.interpreter_id,
      entry: {
        languageCode: row.language_code,
        languageNameNb: language?.nameNb ?? row.language_code,
        languageNameEn: language?.nameEn ?? row.language_code,
        languageKind: language?.kind ?? 'spoken',
        category: row.category,
        registeredOn: row.registered_on,
      },
    };
  });
  // Code-point order, as the "C" collation sorts: the same on every database.
  entries.sort(
    (a, b) =>
      compare(a.entry.category, b.entry.category) ||
      compare(a.entry.languageNameEn, b.entry.languageNameEn),
  );
  const result = new Map<string, PublicEntryDto[]>();
  for (const { interpreterId, entry } of entries) {
    const list = result.get(interpreterId) ?? [];
    list.push(entry);
    result.set(interpreterId, list);
  }
  return result;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
