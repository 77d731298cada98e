/**
 * Folds a name to the form used for searching: lower case, no diacritics,
 * Norwegian and Nordic letters spelled out the way people type them without
 * a Norwegian keyboard (ø → o, æ → ae, å → a), so "odegard" finds "Ødegård".
 * The same fold is applied to the stored names and to the query, on every
 * database, so search behaves identically on PGlite and PostgreSQL.
 */
const SPECIAL: Record<string, string> = {
  ø: 'o',
  æ: 'ae',
  å: 'a',
  ð: 'd',
  þ: 'th',
  ß: 'ss',
  ł: 'l',
  đ: 'd',
  ı: 'i',
  œ: 'oe',
};

export function foldForSearch(value: string): string {
  return value
    .toLowerCase()
    .replace(/[øæåðþßłđıœ]/g, (ch) => SPECIAL[ch] ?? ch)
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim()
    .replace(/\s+/g, ' ');
}
