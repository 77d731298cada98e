import { retryAfterMs } from './retry-after.js';

describe('Retry-After', () => {
  it('reads 100 and more as milliseconds, as Skatteetaten documents it', () => {
    expect(retryAfterMs('1500')).toBe(1500);
    expect(retryAfterMs('100')).toBe(100);
    expect(retryAfterMs('60000')).toBe(60000);
  });

  it('reads small numbers as seconds, as HTTP defines it', () => {
    expect(retryAfterMs('1')).toBe(1000);
    expect(retryAfterMs('0')).toBe(0);
    expect(retryAfterMs('2.5')).toBe(2500);
    expect(retryAfterMs('99')).toBe(99000);
  });

  it('reads an HTTP date as the time until then', () => {
    const now = Date.parse('Wed, 21 Oct 2026 07:28:00 GMT');
    expect(retryAfterMs('Wed, 21 Oct 2026 07:28:03 GMT', now)).toBe(3000);
    expect(retryAfterMs('Wed, 21 Oct 2026 07:27:00 GMT', now)).toBe(0);
  });

  it('says nothing for what it cannot read', () => {
    for (const value of [null, undefined, '', '  ', '-1', '1e3', '10ms', 'soon', '0x10']) {
      expect(retryAfterMs(value)).toBeUndefined();
    }
  });
});
