import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { SearchInterpretersQuery } from './dto/search-interpreters.query.js';

const WEB_ONLY = new Set(['lang']);

/**
 * Turns the search form's query string into the API's search query, with the
 * very same validation rules. Empty form fields mean "no filter".
 */
export async function parseWebSearch(
  raw: Record<string, unknown>,
): Promise<{ query: SearchInterpretersQuery; invalidFields: string[] }> {
  const cleaned: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(raw)) {
    if (WEB_ONLY.has(key)) continue;
    const values = (Array.isArray(value) ? value : [value]).filter(
      (v) => !(typeof v === 'string' && v.trim() === ''),
    );
    if (values.length === 0) continue;
    cleaned[key] = values.length === 1 ? values[0] : values;
  }
  const query = plainToInstance(SearchInterpretersQuery, cleaned);
  const errors = await validate(query, { whitelist: true, forbidNonWhitelisted: true });
  return { query, invalidFields: [...new Set(errors.map((e) => e.property))] };
}

/** The current search as a query string, with one parameter changed (for paging and language links). */
export function searchHref(
  raw: Record<string, unknown>,
  changes: Record<string, string | number | undefined>,
  path = '/',
): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(raw)) {
    for (const v of Array.isArray(value) ? value : [value]) {
      if (typeof v === 'string' && v !== '' && !(key in changes)) params.append(key, v);
    }
  }
  for (const [key, value] of Object.entries(changes)) {
    if (value !== undefined && value !== '') params.set(key, String(value));
  }
  const qs = params.toString();
  return qs ? `${path}?${qs}` : path;
}
