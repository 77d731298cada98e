import { aadFor, open, rekey, seal, SealingError, sealedKeyId } from './sealed-box.js';
import { SealingKeyRing } from './sealing-keys.js';

const KEY_A = Buffer.alloc(32, 1).toString('base64url');
const KEY_B = Buffer.alloc(32, 2).toString('base64url');
const ringA = SealingKeyRing.parse(`a:${KEY_A}`);
/** After rotation: b seals, a still opens. */
const rotated = SealingKeyRing.parse(`b:${KEY_B},a:${KEY_A}`);
const AAD = aadFor('reports', '42', 'text');
const TEXT = 'Tolken oversatte feil med vilje. Æøå – ✓';

describe('sealed values', () => {
  it('round-trip text and bytes, and hold no plaintext', () => {
    const sealed = seal(ringA, TEXT, AAD);
    expect(open(ringA, sealed, AAD).toString('utf8')).toBe(TEXT);
    expect(sealed.includes(Buffer.from('Tolken'))).toBe(false);
    const bytes = Buffer.from([0, 255, 1, 2, 3]);
    expect(open(ringA, seal(ringA, bytes, AAD), AAD)).toEqual(bytes);
    expect(open(ringA, seal(ringA, '', AAD), AAD)).toEqual(Buffer.alloc(0));
  });

  it('use the documented layout: version | kid length | kid | nonce | tag | ciphertext', () => {
    const sealed = seal(ringA, 'abc', AAD);
    expect(sealed[0]).toBe(1);
    expect(sealed[1]).toBe(1);
    expect(sealed.subarray(2, 3).toString()).toBe('a');
    expect(sealed.length).toBe(3 + 12 + 16 + 3);
    expect(sealedKeyId(sealed)).toBe('a');
  });

  it('after rotation: new values use the first key, every key still opens its values', () => {
    const old = seal(ringA, TEXT, AAD);
    const fresh = seal(rotated, TEXT, AAD);
    expect(sealedKeyId(fresh)).toBe('b');
    expect(open(rotated, old, AAD).toString()).toBe(TEXT);
    expect(open(rotated, fresh, AAD).toString()).toBe(TEXT);
    // rekey moves an old value to the current key; a current one is left as it is.
    const moved = rekey(rotated, old, AAD);
    expect(sealedKeyId(moved)).toBe('b');
    expect(open(SealingKeyRing.parse(`b:${KEY_B}`), moved, AAD).toString()).toBe(TEXT);
    expect(rekey(rotated, moved, AAD)).toBe(moved);
    expect(() => rekey(rotated, old, aadFor('reports', '43', 'text'))).toThrow(SealingError);
  });

  it('refuse a value whose key is not configured, naming the key id', () => {
    const sealed = seal(rotated, TEXT, AAD);
    expect(() => open(ringA, sealed, AAD)).toThrow(
      new SealingError(
        'Sealed with report key "b", which is not configured (REPORT_KEYS): ' +
          'keep a retired key until every value sealed with it has been re-sealed.',
      ),
    );
  });

  it('refuse a value moved to another row or column', () => {
    const sealed = seal(ringA, TEXT, AAD);
    for (const other of [
      aadFor('reports', '43', 'text'),
      aadFor('reports', '42', 'reporter_name'),
      aadFor('report_messages', '42', 'text'),
      '',
    ]) {
      expect(() => open(ringA, sealed, other)).toThrow(SealingError);
    }
  });

  it('refuse a value with any byte changed, or cut short', () => {
    const sealed = seal(ringA, 'a short report', AAD);
    for (let i = 0; i < sealed.length; i++) {
      for (const flip of [0x01, 0x80]) {
        const tampered = Buffer.from(sealed);
        tampered[i] = tampered[i] ^ flip;
        expect(() => open(ringA, tampered, AAD)).toThrow(SealingError);
      }
    }
    for (let length = 0; length < sealed.length; length++) {
      expect(() => open(ringA, sealed.subarray(0, length), AAD)).toThrow(SealingError);
    }
    expect(() => open(ringA, Buffer.concat([sealed, Buffer.from([0])]), AAD)).toThrow(SealingError);
  });

  it('never repeat a nonce', () => {
    const nonces = new Set<string>();
    const count = 20_000;
    for (let i = 0; i < count; i++) {
      const sealed = seal(ringA, 'x', AAD);
      nonces.add(sealed.subarray(3, 15).toString('hex'));
    }
    expect(nonces.size).toBe(count);
    // And so the same text sealed twice never looks the same.
    expect(seal(ringA, TEXT, AAD).equals(seal(ringA, TEXT, AAD))).toBe(false);
  });
});
