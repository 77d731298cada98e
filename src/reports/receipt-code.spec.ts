import { randomBytes } from 'node:crypto';
import {
  InvalidReceiptCodeError,
  RECEIPT_CODE_DIGITS,
  dummyReceiptHash,
  dummyVerify,
  formatReceiptCode,
  hashReceiptCode,
  newReceiptCode,
  parseReceiptCode,
  receiptIndex,
  verifyReceiptCode,
} from './receipt-code.js';

/** Pearson's chi-square statistic of digit counts against a uniform spread. */
function chiSquare(counts: number[]): number {
  const total = counts.reduce((a, b) => a + b, 0);
  const expected = total / counts.length;
  return counts.reduce((sum, c) => sum + (c - expected) ** 2 / expected, 0);
}
// 9 degrees of freedom, p = 0.0001: a fair generator fails this once in 10 000 runs.
const CHI2_9_P0001 = 33.72;

function refusal(input: string): InvalidReceiptCodeError {
  try {
    parseReceiptCode(input);
  } catch (e) {
    if (e instanceof InvalidReceiptCodeError) return e;
    throw e;
  }
  throw new Error('accepted');
}

describe('receipt code', () => {
  it('is 16 ASCII digits, different each time', () => {
    const codes = new Set<string>();
    for (let i = 0; i < 1000; i++) {
      const code = newReceiptCode();
      expect(code).toMatch(/^[0-9]{16}$/);
      codes.add(code);
    }
    expect(RECEIPT_CODE_DIGITS).toBe(16);
    expect(codes.size).toBe(1000);
  });

  it('spreads every digit evenly, the first one included (no modulo bias, leading zeros kept)', () => {
    const draws = 20_000;
    const first = new Array<number>(10).fill(0);
    const all = new Array<number>(10).fill(0);
    for (let i = 0; i < draws; i++) {
      const code = newReceiptCode();
      first[Number(code[0])]++;
      for (const d of code) all[Number(d)]++;
    }
    expect(first[0]).toBeGreaterThan(0);
    expect(chiSquare(first)).toBeLessThan(CHI2_9_P0001);
    expect(chiSquare(all)).toBeLessThan(CHI2_9_P0001);
  });

  it('the chi-square check does catch a modulo-biased generator', () => {
    // randomInt(16) % 10 makes 0-5 twice as likely as 6-9: what the test above guards against.
    const biased = [2, 2, 2, 2, 2, 2, 1, 1, 1, 1].map((w) => (w * 20_000) / 16);
    expect(chiSquare(biased)).toBeGreaterThan(CHI2_9_P0001);
  });

  it('is shown in groups of four and read back leniently', () => {
    const code = newReceiptCode();
    const shown = formatReceiptCode(code);
    expect(shown).toMatch(/^\d{4} \d{4} \d{4} \d{4}$/);
    expect(parseReceiptCode(shown)).toBe(code);
    expect(parseReceiptCode('0123-4567-8901-2345')).toBe('0123456789012345');
    expect(parseReceiptCode(' 0123 4567\t8901–2345 \n')).toBe('0123456789012345');
    expect(parseReceiptCode('0123456789012345')).toBe('0123456789012345');
  });

  it('refuses letters and a wrong length with a typed error that never echoes the input', () => {
    const letters = refusal('0123 4567 8901 234O');
    expect(letters.problem).toBe('letters');
    expect(letters.code).toBe('INVALID_RECEIPT_CODE');
    expect(letters.getStatus()).toBe(400);
    expect(letters.message).not.toContain('234O');
    expect(refusal('0123456789O12345').problem).toBe('letters');
    expect(refusal('０１２３４５６７８９０１２３４５').problem).toBe('letters'); // full-width digits
    expect(refusal('012345678901234').problem).toBe('length');
    expect(refusal('01234567890123456').problem).toBe('length');
    expect(refusal('').problem).toBe('length');
    expect(refusal('----').problem).toBe('length');
    expect(() => formatReceiptCode('123')).toThrow(InvalidReceiptCodeError);
  });
});

describe('receipt index', () => {
  const pepper = randomBytes(32);

  it('is stable for a code however it was typed, and 64 hex characters', () => {
    const code = newReceiptCode();
    const index = receiptIndex(code, pepper);
    expect(index).toMatch(/^[0-9a-f]{64}$/);
    expect(receiptIndex(formatReceiptCode(code), pepper)).toBe(index);
    expect(receiptIndex(code, Buffer.from(pepper))).toBe(index);
  });

  it('depends on the pepper and on every digit', () => {
    const code = '1234567890123456';
    expect(receiptIndex(code, randomBytes(32))).not.toBe(receiptIndex(code, pepper));
    expect(receiptIndex('1234567890123457', pepper)).not.toBe(receiptIndex(code, pepper));
  });

  it('refuses a short pepper', () => {
    expect(() => receiptIndex('1234567890123456', randomBytes(16))).toThrow(RangeError);
  });
});

describe('receipt hash (argon2id)', () => {
  it('says argon2id with the chosen parameters, and verifies only the right code', async () => {
    const code = newReceiptCode();
    const stored = await hashReceiptCode(code);
    expect(stored).toMatch(
      /^\$argon2id\$v=19\$m=19456,t=2,p=1\$[A-Za-z0-9+/]{22}\$[A-Za-z0-9+/]{43}$/,
    );
    expect(stored).not.toContain(code);
    await expect(verifyReceiptCode(code, stored)).resolves.toBe(true);
    await expect(verifyReceiptCode(formatReceiptCode(code), stored)).resolves.toBe(true);
    const other = code.slice(0, 15) + String((Number(code[15]) + 1) % 10);
    await expect(verifyReceiptCode(other, stored)).resolves.toBe(false);
    await expect(verifyReceiptCode('not a code', stored)).resolves.toBe(false);
    await expect(verifyReceiptCode(code, 'not a hash')).resolves.toBe(false);
  });

  it('salts each hash: the same code twice gives two hashes', async () => {
    const code = newReceiptCode();
    expect(await hashReceiptCode(code)).not.toBe(await hashReceiptCode(code));
  });

  it('a missing report costs what a wrong code costs: the dummy verify checks an argon2id hash of the same parameters, and never matches', async () => {
    // No timing assertion (speed is for the benchmarks): the cost of argon2 is
    // set by its parameters, so the dummy hash must carry exactly the real ones.
    const real = await hashReceiptCode(newReceiptCode());
    const dummy = await dummyReceiptHash();
    const parameters = (h: string) => h.split('$').slice(1, 4).join('$');
    expect(parameters(dummy)).toBe(parameters(real));
    expect(parameters(dummy)).toBe('argon2id$v=19$m=19456,t=2,p=1');
    await expect(dummyVerify(newReceiptCode())).resolves.toBe(false);
    await expect(dummyVerify('no report has this receipt code')).resolves.toBe(false);
  });
});
