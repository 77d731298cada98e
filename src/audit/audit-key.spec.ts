import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { validateEnvironment } from '../config/configuration.js';
import { AuditKey, decodeAuditKey, loadAuditKey } from './audit-key.js';

const BYTES = Buffer.from(Array.from({ length: 32 }, (_, i) => i));

describe('the audit key', () => {
  it('is read from hex, base64 or base64url, padded or not', () => {
    for (const text of [
      BYTES.toString('hex'),
      BYTES.toString('hex').toUpperCase(),
      BYTES.toString('base64'),
      BYTES.toString('base64url'),
      ` ${BYTES.toString('base64')}\n`,
    ]) {
      expect(decodeAuditKey(text)).toEqual(BYTES);
    }
  });

  it('refuses anything shorter than 32 bytes or not an encoding', () => {
    expect(decodeAuditKey(BYTES.subarray(0, 31).toString('hex'))).toBeUndefined();
    expect(decodeAuditKey(BYTES.subarray(0, 31).toString('base64'))).toBeUndefined();
    expect(decodeAuditKey('correct horse battery staple correct horse battery')).toBeUndefined();
    expect(decodeAuditKey(`${BYTES.toString('base64url')}AB`)).toBeUndefined();
    expect(() => new AuditKey(BYTES.subarray(0, 31))).toThrow('at least 32 bytes');
  });

  it('is required in production, and a bad one is named clearly', () => {
    expect(() => validateEnvironment({ NODE_ENV: 'production' })).toThrow(/AUDIT_HMAC_KEY/);
    expect(() => validateEnvironment({ AUDIT_HMAC_KEY: 'short' })).toThrow(
      /AUDIT_HMAC_KEY must be at least 32 random bytes in hex or base64/,
    );
    expect(() =>
      validateEnvironment({ AUDIT_HMAC_KEY: BYTES.toString('base64url') }),
    ).not.toThrow();
    expect(() =>
      loadAuditKey({ configured: undefined, dataDir: 'memory://', production: true }),
    ).toThrow('AUDIT_HMAC_KEY is required');
  });

  it('a migration URL needs the URL the app serves through', () => {
    expect(() =>
      validateEnvironment({ DATABASE_MIGRATION_URL: 'postgres://owner@db/tolk' }),
    ).toThrow(/DATABASE_MIGRATION_URL \(the schema owner\) needs DATABASE_URL/);
    expect(() =>
      validateEnvironment({
        DATABASE_MIGRATION_URL: 'postgres://owner@db/tolk',
        DATABASE_URL: 'postgres://app@db/tolk',
      }),
    ).not.toThrow();
  });

  describe('without configuration', () => {
    let dataDir: string;
    beforeEach(() => {
      dataDir = mkdtempSync(join(tmpdir(), 'audit-key-'));
    });
    afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

    it('is generated once into DATA_DIR/audit-key, readable by its owner only', () => {
      const source = { configured: undefined, dataDir, production: false };
      const first = loadAuditKey(source);
      const path = join(dataDir, 'audit-key');
      expect(statSync(path).mode & 0o777).toBe(0o600);
      expect(loadAuditKey(source).id).toBe(first.id);
      expect(decodeAuditKey(readFileSync(path, 'utf8'))).toHaveLength(32);
    });

    it('refuses a damaged key file instead of replacing it', () => {
      writeFileSync(join(dataDir, 'audit-key'), 'not a key\n');
      expect(() => loadAuditKey({ configured: undefined, dataDir, production: false })).toThrow(
        'does not hold a valid audit key',
      );
    });

    it('an in-memory database gets a fresh in-memory key', () => {
      const source = { configured: undefined, dataDir: 'memory://', production: false };
      expect(loadAuditKey(source).id).not.toBe(loadAuditKey(source).id);
    });

    it('the configured key wins', () => {
      const key = loadAuditKey({ configured: BYTES.toString('hex'), dataDir, production: true });
      expect(key.id).toBe(new AuditKey(BYTES).id);
    });
  });
});
