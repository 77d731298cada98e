import {
  isSyntheticNationalId,
  isValidNationalId,
  nationalIdCheckDigits,
  syntheticNationalId,
} from './national-id.js';

describe('national identity numbers', () => {
  it('accepts numbers with correct check digits', () => {
    // Published examples of valid synthetic/test numbers.
    expect(isValidNationalId('01010012356')).toBe(true);
    expect(nationalIdCheckDigits('010100123')).toBe('56');
  });

  it('rejects a changed digit, wrong length or non-digits', () => {
    expect(isValidNationalId('01010012357')).toBe(false);
    expect(isValidNationalId('0101001235')).toBe(false);
    expect(isValidNationalId('0101001235a')).toBe(false);
    expect(isValidNationalId('')).toBe(false);
  });

  it('rejects impossible dates', () => {
    const first9 = '321300123';
    const check = nationalIdCheckDigits(first9);
    if (check) expect(isValidNationalId(first9 + check)).toBe(false);
  });

  it('builds synthetic numbers with month + 80, valid checksum and the right sex digit', () => {
    let made = 0;
    for (let seed = 0; seed < 200; seed++) {
      const sex = seed % 2 === 0 ? 'female' : 'male';
      const id = syntheticNationalId(new Date(Date.UTC(1984, 6, 19)), sex, seed);
      if (id === null) continue;
      made++;
      expect(isValidNationalId(id)).toBe(true);
      expect(isSyntheticNationalId(id)).toBe(true);
      expect(id.slice(0, 6)).toBe('198784');
      expect(Number(id[8]) % 2).toBe(sex === 'male' ? 1 : 0);
    }
    expect(made).toBeGreaterThan(100);
  });

  it('uses individual numbers 500–999 for births from 2000', () => {
    for (let seed = 0; seed < 20; seed++) {
      const id = syntheticNationalId(new Date(Date.UTC(2003, 0, 5)), 'female', seed);
      if (id) expect(Number(id.slice(6, 9))).toBeGreaterThanOrEqual(500);
    }
  });
});
