import { categoriesAtLeast, deriveCategory, type EvidenceKind } from './category.js';

describe('deriveCategory', () => {
  const cases: Array<[EvidenceKind[], string | null]> = [
    [['state_authorisation', 'bachelor_interpreting'], 'A'],
    [['state_authorisation', 'bachelor_interpreting', 'basic_course', 'tao_course'], 'A'],
    [['bachelor_interpreting'], 'B'],
    [['state_authorisation', 'basic_course'], 'B'],
    [['state_authorisation'], 'C'],
    [['state_authorisation', 'tao_course', 'bilingual_test'], 'C'],
    [['basic_course'], 'D'],
    [['basic_course', 'bilingual_test', 'tao_course'], 'D'],
    [['bilingual_test', 'tao_course'], 'E'],
    [['state_authorised_translator', 'tao_course'], 'E'],
    [['bilingual_test'], null],
    [['tao_course'], null],
    [['state_authorised_translator'], null],
    [[], null],
  ];

  it.each(cases)('evidence %j gives category %s', (evidence, expected) => {
    expect(deriveCategory(evidence)).toBe(expected);
  });

  it('ignores duplicate evidence and order', () => {
    expect(deriveCategory(['basic_course', 'state_authorisation', 'basic_course'])).toBe('B');
  });

  it('lists the categories at least as good as a minimum', () => {
    expect(categoriesAtLeast('A')).toEqual(['A']);
    expect(categoriesAtLeast('C')).toEqual(['A', 'B', 'C']);
    expect(categoriesAtLeast('E')).toEqual(['A', 'B', 'C', 'D', 'E']);
  });
});
