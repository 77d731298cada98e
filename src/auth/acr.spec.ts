import { acrIsSufficient } from './acr.js';

describe('acrIsSufficient', () => {
  it.each([
    ['idporten-loa-high', true],
    ['idporten-loa-substantial', true],
    ['idporten-loa-low', false],
    ['Level4', false],
    ['', false],
    [undefined, false],
    [3, false],
  ])('%p → %p', (acr, expected) => {
    expect(acrIsSufficient(acr)).toBe(expected);
  });

  it('can require high', () => {
    expect(acrIsSufficient('idporten-loa-substantial', 'idporten-loa-high')).toBe(false);
    expect(acrIsSufficient('idporten-loa-high', 'idporten-loa-high')).toBe(true);
  });
});
