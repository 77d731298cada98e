import type { SearchInterpretersQuery } from './dto/search-interpreters.query.js';
import { ConflictingCategoryFilterError, UnsearchableQueryError } from './register.errors.js';
import { MAX_INTERPRETER_NUMBER, searchSql, type SqlStatement } from './search-sql.js';

/** The statement's text on one line, so a test can look for a clause whatever the indentation. */
function flat(statement: SqlStatement): string {
  return statement.text.replace(/\s+/g, ' ').trim();
}

/** The numbers of the placeholders a statement uses, ascending and without repeats. */
function placeholders(statement: SqlStatement): number[] {
  const used = [...statement.text.matchAll(/\$(\d+)/g)].map((m) => Number(m[1]));
  return [...new Set(used)].sort((a, b) => a - b);
}

/** 1..n: every parameter is used, and no placeholder lacks a parameter. */
function oneToN(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i + 1);
}

function sql(query: SearchInterpretersQuery) {
  const built = searchSql(query);
  expect(placeholders(built.count)).toEqual(oneToN(built.count.params.length));
  expect(placeholders(built.matches)).toEqual(oneToN(built.matches.params.length));
  return { ...built, count: flat(built.count), matches: flat(built.matches), built };
}

describe('searchSql', () => {
  describe('without filters', () => {
    it('counts and pages the primary entries, one per person', () => {
      const s = sql({});
      expect(s.count).toBe('SELECT count(*) AS total FROM public_entries p WHERE p.is_primary');
      expect(s.built.count.params).toEqual([]);
      expect(s.matches).toBe(
        'SELECT p.interpreter_id, p.category AS best FROM public_entries p WHERE p.is_primary ' +
          'ORDER BY p.category, p.sort_key, p.interpreter_number LIMIT $1 OFFSET $2',
      );
      expect(s.built.matches.params).toEqual([20, 0]);
    });
  });

  describe('each filter', () => {
    it('language: one entry per person already, so no primary filter', () => {
      const s = sql({ language: 'tir' });
      expect(s.count).toBe(
        'SELECT count(*) AS total FROM public_entries p WHERE p.language_code = $1',
      );
      expect(s.matches).toContain('WHERE p.language_code = $1 ORDER BY');
      expect(s.built.count.params).toEqual(['tir']);
    });

    it('category given as the best ones (A, B): the primary entry is the best match', () => {
      const s = sql({ category: ['B', 'A'] });
      expect(s.count).toBe(
        'SELECT count(*) AS total FROM public_entries p ' +
          'WHERE p.category = ANY($1::category[]) AND p.is_primary',
      );
      expect(s.matches).toContain('WHERE p.category = ANY($1::category[]) AND p.is_primary');
      expect(s.built.count.params).toEqual([['B', 'A']]);
    });

    it('minCategory C means A, B and C', () => {
      const s = sql({ minCategory: 'C' });
      expect(s.built.count.params).toEqual([['A', 'B', 'C']]);
      expect(s.count).toContain('p.is_primary');
    });

    it('other category sets skip an entry when the person has a better matching one', () => {
      const s = sql({ category: ['B', 'D'] });
      expect(s.count).toBe(
        'SELECT count(DISTINCT p.interpreter_id) AS total FROM public_entries p ' +
          'WHERE p.category = ANY($1::category[])',
      );
      expect(s.matches).toContain(
        'WHERE p.category = ANY($1::category[]) AND NOT EXISTS (SELECT 1 FROM public_entries b ' +
          'WHERE b.interpreter_id = p.interpreter_id AND b.category = ANY($1::category[]) ' +
          'AND (b.category, b.language_code) < (p.category, p.language_code))',
      );
      expect(s.matches).not.toContain('is_primary');
      expect(s.built.count.params).toEqual([['B', 'D']]);
    });

    it('category and minCategory together are refused', () => {
      expect(() => searchSql({ category: ['A'], minCategory: 'B' })).toThrow(
        ConflictingCategoryFilterError,
      );
    });

    it.each([
      [{ county: ['03', '46'] }, 'p.county_code = ANY($1::char(2)[])', ['03', '46']],
      [{ gender: 'female' }, 'p.gender = $1::gender', 'female'],
      [{ modality: ['video', 'phone'] }, 'p.modalities && $1::modality[]', ['video', 'phone']],
      [{ availability: ['full_time'] }, 'p.availability = ANY($1::availability[])', ['full_time']],
    ] as Array<[SearchInterpretersQuery, string, unknown]>)(
      '%j filters the entry with %s',
      (query, clause, value) => {
        const s = sql(query);
        expect(s.count).toBe(
          `SELECT count(*) AS total FROM public_entries p WHERE ${clause} AND p.is_primary`,
        );
        expect(s.matches).toContain(`WHERE ${clause} AND p.is_primary ORDER BY`);
        expect(s.built.count.params).toEqual([value]);
      },
    );

    it('q matches every folded word of the name, at most six', () => {
      const s = sql({ q: 'Åse  Ødegård' });
      expect(s.count).toContain(
        'WHERE p.search_text LIKE $1 AND p.search_text LIKE $2 AND p.is_primary',
      );
      expect(s.built.count.params).toEqual(['%ase%', '%odegard%']);
      expect(searchSql({ q: 'a b c d e f g h' }).count.params).toEqual(
        ['a', 'b', 'c', 'd', 'e', 'f'].map((w) => `%${w}%`),
      );
    });

    it('q of digits is an interpreter number; one no interpreter can have matches nothing', () => {
      expect(sql({ q: '10234' }).count).toContain('WHERE p.interpreter_number = $1');
      expect(searchSql({ q: ' 10234 ' }).count.params).toEqual([10234]);
      expect(searchSql({ q: String(MAX_INTERPRETER_NUMBER) }).count.params).toEqual([
        MAX_INTERPRETER_NUMBER,
      ]);
      expect(searchSql({ q: '99999999999' }).count.params).toEqual([-1]);
    });

    it('q without a letter or digit is refused', () => {
      expect(() => searchSql({ q: ' -–!? ' })).toThrow(UnsearchableQueryError);
    });
  });

  describe('filters combined', () => {
    it('numbers the parameters in filter order, and the page after them', () => {
      const s = sql({
        language: 'ara',
        category: ['A', 'C'],
        county: ['46'],
        gender: 'male',
        modality: ['on_site'],
        availability: ['occasional'],
        q: 'nord vik',
        page: 2,
        pageSize: 10,
      });
      const where =
        'WHERE p.language_code = $1 AND p.category = ANY($2::category[]) ' +
        'AND p.county_code = ANY($3::char(2)[]) AND p.gender = $4::gender ' +
        'AND p.modalities && $5::modality[] AND p.availability = ANY($6::availability[]) ' +
        'AND p.search_text LIKE $7 AND p.search_text LIKE $8';
      expect(s.count).toBe(`SELECT count(*) AS total FROM public_entries p ${where}`);
      expect(s.matches).toContain(`${where} ORDER BY`);
      expect(s.matches).toMatch(/LIMIT \$9 OFFSET \$10$/);
      const filters = ['ara', ['A', 'C'], ['46'], 'male', ['on_site'], ['occasional']];
      expect(s.built.count.params).toEqual([...filters, '%nord%', '%vik%']);
      expect(s.built.matches.params).toEqual([...filters, '%nord%', '%vik%', 10, 10]);
    });

    it('a category set that is not the best ones, with another filter, adds the better-entry test last', () => {
      const s = sql({ category: ['C'], county: ['03'] });
      expect(s.count).toBe(
        'SELECT count(DISTINCT p.interpreter_id) AS total FROM public_entries p ' +
          'WHERE p.category = ANY($1::category[]) AND p.county_code = ANY($2::char(2)[])',
      );
      expect(s.matches).toMatch(
        /AND p\.county_code = ANY\(\$2::char\(2\)\[\]\) AND NOT EXISTS \(.*b\.category = ANY\(\$1::category\[\]\).*\) ORDER BY/,
      );
      expect(s.matches).toMatch(/LIMIT \$3 OFFSET \$4$/);
    });
  });

  describe('order and paging', () => {
    it('orders by best category, then name, then interpreter number: a stable order for paging', () => {
      expect(sql({ q: 'ola' }).matches).toContain(
        'ORDER BY p.category, p.sort_key, p.interpreter_number LIMIT',
      );
    });

    it.each([
      [{}, 1, 20, 0],
      [{ page: 1, pageSize: 1 }, 1, 1, 0],
      [{ page: 3 }, 3, 20, 40],
      [{ page: 4, pageSize: 100 }, 4, 100, 300],
      [{ page: 100_000, pageSize: 100 }, 100_000, 100, 9_999_900],
    ] as Array<[SearchInterpretersQuery, number, number, number]>)(
      '%j reads page %i of %i from offset %i',
      (query, page, pageSize, offset) => {
        const built = searchSql(query);
        expect(built.page).toBe(page);
        expect(built.pageSize).toBe(pageSize);
        expect(built.matches.params.slice(-2)).toEqual([pageSize, offset]);
        expect(built.count.params).toEqual([]);
      },
    );
  });
});
