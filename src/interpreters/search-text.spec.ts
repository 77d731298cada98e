import { foldForSearch } from './search-text.js';

describe('foldForSearch', () => {
  it.each([
    ['Ødegård', 'odegard'],
    ['Kari SÆTHER', 'kari saether'],
    ['Bråthen', 'brathen'],
    ['José Muñoz', 'jose munoz'],
    ['Łukasz Wiśniewski', 'lukasz wisniewski'],
    ['Ahmed  Al-Hassan', 'ahmed al hassan'],
    ['Jūratė Kazlauskienė', 'jurate kazlauskiene'],
  ])('%s → %s', (input, expected) => {
    expect(foldForSearch(input)).toBe(expected);
  });

  it('keeps letters of non-Latin scripts', () => {
    expect(foldForSearch('محمد')).toBe('محمد');
  });
});
