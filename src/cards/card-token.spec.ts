import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CardKeyRing, generateCardJwk, loadCardKeys } from './card-keys.js';
import { keysCommand } from './cards-cli.js';
import { signCardToken, tokenFromInput, TOKEN_LENGTH, verifyCardToken } from './card-token.js';

const inADay = new Date(Math.floor(Date.now() / 1000) * 1000 + 86_400_000);

describe('card tokens', () => {
  const ring = CardKeyRing.fromPrivateJwks([generateCardJwk()]);

  it('round-trips the card id, kind, key id and expiry in 108 characters', () => {
    const token = signCardToken(
      { kind: 'card', cardId: '1234567', expiresAt: inADay },
      ring.signer,
    );
    expect(token).toHaveLength(TOKEN_LENGTH);
    expect(verifyCardToken(token, ring)).toEqual({
      kind: 'card',
      kid: ring.signer.kid,
      cardId: '1234567',
      expiresAt: inADay,
    });
  });

  it('rejects a change to any single character', () => {
    const token = signCardToken({ kind: 'digital', cardId: 42n, expiresAt: inADay }, ring.signer);
    for (let i = 0; i < token.length; i++) {
      const changed = token.slice(0, i) + (token[i] === 'x' ? 'y' : 'x') + token.slice(i + 1);
      expect(verifyCardToken(changed, ring)).toBeUndefined();
    }
  });

  it('verifies with the previous key after rotation, and not after retirement', () => {
    const oldJwk = generateCardJwk();
    const newJwk = generateCardJwk();
    const before = CardKeyRing.fromPrivateJwks([oldJwk]);
    const rotated = CardKeyRing.fromPrivateJwks([newJwk, oldJwk]);
    const retired = CardKeyRing.fromPrivateJwks([newJwk]);
    const old = signCardToken({ kind: 'card', cardId: '7', expiresAt: inADay }, before.signer);
    expect(rotated.signer.kid).toBe(newJwk.kid);
    expect(verifyCardToken(old, rotated)?.cardId).toBe('7');
    expect(verifyCardToken(old, retired)).toBeUndefined();
    // A verifier holding only the published JWKS verifies the same.
    expect(verifyCardToken(old, CardKeyRing.fromPublicJwks(rotated.jwks()))?.cardId).toBe('7');
  });

  it('finds the token in a scanned URL', () => {
    expect(tokenFromInput(' https://tolkeregister.no/v/abc_-1?lang=en ')).toBe('abc_-1');
    expect(tokenFromInput('abc')).toBe('abc');
  });
});

describe('card keys', () => {
  it('creates a key file on first use and keeps it', () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'card-keys-'));
    const first = loadCardKeys({ dataDir, production: false });
    const again = loadCardKeys({ dataDir, production: false });
    expect(again.signer.kid).toBe(first.signer.kid);
  });

  it('refuses to invent keys in production', () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'card-keys-'));
    expect(() => loadCardKeys({ dataDir, production: true })).toThrow(/does not exist/);
  });

  it('rotates and retires keys in the key file', () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'card-keys-'));
    const source = { dataDir, production: false };
    const original = loadCardKeys(source).signer.kid;
    expect(keysCommand(['rotate'], source).code).toBe(0);
    const rotated = loadCardKeys(source);
    expect(rotated.keys.map((k) => k.kid)).toEqual([rotated.signer.kid, original]);
    expect(keysCommand(['retire', rotated.signer.kid], source)).toMatchObject({
      code: 1,
      lines: [expect.stringContaining('rotate first')],
    });
    expect(keysCommand(['list'], source).lines).toEqual([
      `${rotated.signer.kid}  (signs new cards)`,
      `${original}  (verifies only)`,
    ]);
    expect(keysCommand(['retire', original], source).code).toBe(0);
    expect(loadCardKeys(source).keys.map((k) => k.kid)).toEqual([rotated.signer.kid]);
    const file = JSON.parse(readFileSync(join(dataDir, 'card-keys.json'), 'utf8')) as {
      keys: unknown[];
    };
    expect(file.keys).toHaveLength(1);
  });
});
