import { foldForSearch } from '../interpreters/search-text.js';
import { CATEGORIES, categoriesAtLeast } from './category.js';
import type { SearchInterpretersQuery } from './dto/search-interpreters.query.js';
import { ConflictingCategoryFilterError, UnsearchableQueryError } from './register.errors.js';

export const DEFAULT_PAGE_SIZE = 20;
const MAX_SEARCH_WORDS = 6;
/** The largest interpreter number the column (integer) holds. */
export const MAX_INTERPRETER_NUMBER = 2_147_483_647;

export interface SqlStatement {
  text: string;
  params: unknown[];
}

export interface SearchSql {
  /** One row: `total`, the number of persons that match. */
  count: SqlStatement;
  /** One page of `interpreter_id` and `best` (the matching entry's category), in display order. */
  matches: SqlStatement;
  page: number;
  pageSize: number;
}

/**
 * The two statements of a public search over the read model public_entries
 * (alias p), each with its own numbered parameters. Throws the 400s a
 * combination of filters earns; whether the language exists is the caller's
 * to check, as that needs the database.
 */
export function searchSql(query: SearchInterpretersQuery): SearchSql {
  const page = query.page ?? 1;
  const pageSize = query.pageSize ?? DEFAULT_PAGE_SIZE;
  const params: unknown[] = [];
  const param = (value: unknown) => {
    params.push(value);
    return `$${params.length}`;
  };
  // Filters on the entry (p) and, for entry-level filters, on a possibly better entry (b).
  const where: string[] = [];
  const better: string[] = [];

  if (query.language !== undefined) where.push(`p.language_code = ${param(query.language)}`);
  if (query.category !== undefined && query.minCategory !== undefined) {
    throw new ConflictingCategoryFilterError();
  }
  const categories =
    query.category ?? (query.minCategory ? categoriesAtLeast(query.minCategory) : undefined);
  if (categories !== undefined) {
    const ref = param(categories);
    where.push(`p.category = ANY(${ref}::category[])`);
    better.push(`b.category = ANY(${ref}::category[])`);
  }
  if (query.county !== undefined) {
    where.push(`p.county_code = ANY(${param(query.county)}::char(2)[])`);
  }
  if (query.gender !== undefined) where.push(`p.gender = ${param(query.gender)}::gender`);
  if (query.modality !== undefined) {
    where.push(`p.modalities && ${param(query.modality)}::modality[]`);
  }
  if (query.availability !== undefined) {
    where.push(`p.availability = ANY(${param(query.availability)}::availability[])`);
  }
  if (query.q !== undefined) {
    const folded = foldForSearch(query.q);
    if (folded === '') throw new UnsearchableQueryError();
    if (/^\d+$/.test(folded)) {
      const number = Number(folded);
      // A number no interpreter can have matches nothing, cheaply.
      where.push(`p.interpreter_number = ${param(number <= MAX_INTERPRETER_NUMBER ? number : -1)}`);
    } else {
      for (const word of folded.split(' ').slice(0, MAX_SEARCH_WORDS)) {
        // Folded text holds only letters, digits and spaces: no LIKE wildcards to escape.
        where.push(`p.search_text LIKE ${param(`%${word}%`)}`);
      }
    }
  }

  // A person appears once, at their best matching entry:
  // - with a language filter there is one entry per person already;
  // - with no category filter, or a prefix of the categories (A–C), the best
  //   matching entry is the person's primary (best) entry;
  // - for other category sets, an entry is skipped when the same person has
  //   a better matching one (ties broken by language code).
  // Each way the database walks an ordered index and stops after one page.
  let onePerPerson: string[] = [];
  let counted = 'count(*)';
  if (query.language === undefined) {
    const sorted = [...(categories ?? CATEGORIES)].sort();
    const isPrefix = sorted.every((c, i) => c === CATEGORIES[i]);
    if (isPrefix) {
      onePerPerson = ['p.is_primary'];
    } else {
      onePerPerson = [
        `NOT EXISTS (SELECT 1 FROM public_entries b
           WHERE b.interpreter_id = p.interpreter_id
             ${better.map((c) => `AND ${c}`).join(' ')}
             AND (b.category, b.language_code) < (p.category, p.language_code))`,
      ];
      counted = 'count(DISTINCT p.interpreter_id)';
    }
  }
  const countFilter = [...where, ...(onePerPerson[0] === 'p.is_primary' ? onePerPerson : [])];
  const pageFilter = [...where, ...onePerPerson];

  const count = {
    text: `SELECT ${counted} AS total FROM public_entries p ${whereClause(countFilter)}`,
    params: [...params],
  };
  const limit = param(pageSize);
  const offset = param((page - 1) * pageSize);
  const matches = {
    text: `SELECT p.interpreter_id, p.category AS best
         FROM public_entries p
        ${whereClause(pageFilter)}
        ORDER BY p.category, p.sort_key, p.interpreter_number
        LIMIT ${limit} OFFSET ${offset}`,
    params,
  };
  return { count, matches, page, pageSize };
}

function whereClause(conditions: string[]): string {
  return conditions.length > 0 ? `WHERE ${conditions.join(' AND ')}` : '';
}
