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

  it('rotates and retires keys in the key file, recording each retirement for every node', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'card-keys-'));
    const source = { dataDir, production: false };
    const recorded: string[] = [];
    const record = (kid: string) => Promise.resolve(recorded.push(kid) > 0);
    const original = loadCardKeys(source).signer.kid;
    expect((await keysCommand(['rotate'], source, record)).code).toBe(0);
    const rotated = loadCardKeys(source);
    expect(rotated.keys.map((k) => k.kid)).toEqual([rotated.signer.kid, original]);
    expect(await keysCommand(['retire', rotated.signer.kid], source, record)).toMatchObject({
      code: 1,
      lines: [expect.stringContaining('rotate first')],
    });
    expect((await keysCommand(['list'], source, record)).lines).toEqual([
      `${rotated.signer.kid}  (signs new cards)`,
      `${original}  (verifies only)`,
    ]);
    expect(recorded).toEqual([]);
    expect((await keysCommand(['retire', original], source, record)).code).toBe(0);
    expect(recorded).toEqual([original]);
    expect(loadCardKeys(source).keys.map((k) => k.kid)).toEqual([rotated.signer.kid]);
    const file = JSON.parse(readFileSync(join(dataDir, 'card-keys.json'), 'utf8')) as {
      keys: unknown[];
    };
    expect(file.keys).toHaveLength(1);
  });

  it('retires a key from CARD_SIGNING_KEYS for every node, though it cannot edit the variable', async () => {
    const [signer, old] = [generateCardJwk(), generateCardJwk()];
    const source = {
      signingKeys: JSON.stringify([signer, old]),
      dataDir: 'memory://',
      production: true,
    };
    const recorded: string[] = [];
    const record = (kid: string) => Promise.resolve(recorded.push(kid) > 0);
    expect((await keysCommand(['retire', String(signer.kid)], source, record)).code).toBe(1);
    expect((await keysCommand(['retire', 'nokey1'], source, record)).code).toBe(1);
    const result = await keysCommand(['retire', String(old.kid)], source, record);
    expect(result.code).toBe(0);
    expect(result.lines.at(-1)).toMatch(/Remove it from CARD_SIGNING_KEYS/);
    expect(recorded).toEqual([old.kid]);
  });

  it('leaves out retired keys: they neither verify, sign nor are published', () => {
    const [signer, old] = [generateCardJwk(), generateCardJwk()];
    const ring = CardKeyRing.fromPrivateJwks([signer, old]);
    const byOld = signCardToken(
      { kind: 'card', cardId: '7', expiresAt: inADay },
      CardKeyRing.fromPrivateJwks([old]).signer,
    );
    const left = ring.without(new Set([String(old.kid)]));
    expect(verifyCardToken(byOld, ring)?.cardId).toBe('7');
    expect(verifyCardToken(byOld, left)).toBeUndefined();
    expect(left.jwks().keys.map((k) => k.kid)).toEqual([signer.kid]);
    // A node whose configured signer was retired elsewhere signs with nothing rather than with it.
    const none = ring.without(new Set([String(signer.kid), String(old.kid)]));
    expect(none.jwks().keys).toEqual([]);
    expect(() => none.signer).toThrow(/No card signing key/);
  });
});
