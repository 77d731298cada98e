import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { validateEnvironment } from '../config/configuration.js';
import {
  generateReportKey,
  loadSealingKeys,
  reportKeysProblem,
  SealingKeyRing,
} from './sealing-keys.js';

const KEY_A = Buffer.alloc(32, 1).toString('base64url');
const KEY_B = Buffer.alloc(32, 2).toString('base64url');

describe('the report key ring', () => {
  it('reads a comma list or a JSON array; the first key seals', () => {
    for (const text of [
      `a1:${KEY_A}, b2:${KEY_B}`,
      JSON.stringify([`a1:${KEY_A}`, `b2:${KEY_B}`]),
    ]) {
      const ring = SealingKeyRing.parse(text);
      expect(ring.keys.map((k) => k.kid)).toEqual(['a1', 'b2']);
      expect(ring.current.kid).toBe('a1');
      expect(ring.find('b2')?.kid).toBe('b2');
      expect(ring.find('zz')).toBeUndefined();
    }
    // Plain base64 (openssl rand -base64 32) reads too.
    const standard = Buffer.alloc(32, 0xfb).toString('base64');
    expect(standard).toMatch(/[+/=]/);
    expect(reportKeysProblem(`k:${standard}`)).toBeUndefined();
    expect(reportKeysProblem(generateReportKey())).toBeUndefined();
  });

  it('refuses bad values with the reason, never echoing the key', () => {
    const cases: [string, RegExp][] = [
      ['', /names no key/],
      ['[]', /names no key/],
      ['[1]', /entry 1 is not a "kid:key" string/],
      ['[not json', /not a JSON array/],
      ['{"a":1}', /key id must be/],
      ['nocolon', /no colon/],
      [KEY_A, /entry 1 is not "kid:key" \(no colon\)/],
      [`a1:${KEY_A.slice(0, 42)}`, /entry 1 \(a1\): the key must be 32 bytes/],
      [`a1:${Buffer.alloc(33).toString('base64url')}`, /the key must be 32 bytes/],
      [`a1:${KEY_A.slice(0, 40)}!!!`, /the key must be 32 bytes/],
      [`a1:${KEY_A},a1:${KEY_B}`, /entry 2: duplicate key id "a1"/],
      [`a 1:${KEY_A}`, /key id must be 1 to 32 of A-Z a-z 0-9 _ -/],
      [`:${KEY_A}`, /key id must be/],
      [`k\u00e9:${KEY_A}`, /key id must be/],
      [`${'k'.repeat(33)}:${KEY_A}`, /key id must be/],
      [`a1:${KEY_A},`, /entry 2 is not "kid:key"/],
    ];
    for (const [text, reason] of cases) {
      const problem = reportKeysProblem(text);
      expect([text, problem]).toEqual([text, expect.stringMatching(reason)]);
      expect(problem).not.toContain(KEY_A.slice(0, 20));
      expect(problem).not.toContain(KEY_B.slice(0, 20));
      expect(() => validateEnvironment({ REPORT_KEYS: text })).toThrow(reason);
    }
    expect(() => validateEnvironment({ REPORT_KEYS: `a1:${KEY_A}` })).not.toThrow();
  });

  it('is required in production: no generated key there', () => {
    expect(() =>
      loadSealingKeys({ configured: undefined, dataDir: 'memory://', production: true }),
    ).toThrow('REPORT_KEYS is required when NODE_ENV=production');
    const ring = loadSealingKeys({
      configured: `p:${KEY_A}`,
      dataDir: 'memory://',
      production: true,
    });
    expect(ring.current.kid).toBe('p');
  });

  describe('the embedded default', () => {
    let dataDir: string;
    beforeEach(() => {
      dataDir = mkdtempSync(join(tmpdir(), 'report-keys-'));
    });
    afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

    it('creates $DATA_DIR/report-keys.json readable by its owner only, and reuses it', () => {
      const source = { configured: undefined, dataDir: join(dataDir, 'nested'), production: false };
      const first = loadSealingKeys(source);
      const path = join(dataDir, 'nested', 'report-keys.json');
      expect(statSync(path).mode & 0o777).toBe(0o600);
      const text = readFileSync(path, 'utf8');
      const second = loadSealingKeys(source);
      expect(second.current.kid).toBe(first.current.kid);
      expect(second.current.key.equals(first.current.key)).toBe(true);
      expect(readFileSync(path, 'utf8')).toBe(text);
    });

    it('reads a rotated key file (new key first) and names a broken one', () => {
      const path = join(dataDir, 'report-keys.json');
      writeFileSync(path, JSON.stringify({ keys: [`new:${KEY_B}`, `old:${KEY_A}`] }));
      const ring = loadSealingKeys({ configured: undefined, dataDir, production: false });
      expect(ring.keys.map((k) => k.kid)).toEqual(['new', 'old']);
      writeFileSync(path, JSON.stringify({ keys: [`x:short`] }));
      expect(() => loadSealingKeys({ configured: undefined, dataDir, production: false })).toThrow(
        /report-keys\.json: entry 1 \(x\): the key must be 32 bytes/,
      );
      writeFileSync(path, '{}');
      expect(() => loadSealingKeys({ configured: undefined, dataDir, production: false })).toThrow(
        /holds no report keys/,
      );
    });

    it('keeps the key in memory for an in-memory database: a new one per start', () => {
      const source = { configured: undefined, dataDir: 'memory://', production: false };
      expect(loadSealingKeys(source).current.key.equals(loadSealingKeys(source).current.key)).toBe(
        false,
      );
    });
  });
});
