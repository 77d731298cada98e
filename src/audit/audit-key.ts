import { createHmac, randomBytes } from 'node:crypto';
import { existsSync, linkSync, mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** Injection token of the AuditKey. */
export const AUDIT_KEY = Symbol('AUDIT_KEY');

export const AUDIT_KEY_MIN_BYTES = 32;

/**
 * The secret the audit chain is keyed with. Whoever can rewrite the table but
 * does not hold this key (a database administrator, the schema owner, someone
 * with a backup) cannot produce hashes that verify.
 */
export class AuditKey {
  /** Names the key on every row, so verification can tell "another key" from "changed". */
  readonly id: string;
  readonly #secret: Buffer;

  constructor(secret: Buffer) {
    if (secret.length < AUDIT_KEY_MIN_BYTES) {
      throw new Error(`The audit key must be at least ${AUDIT_KEY_MIN_BYTES} bytes.`);
    }
    this.#secret = Buffer.from(secret);
    this.id = this.mac('audit key id').slice(0, 16);
  }

  static generate(): AuditKey {
    return new AuditKey(randomBytes(AUDIT_KEY_MIN_BYTES));
  }

  /** HMAC-SHA256 of the text, hex. */
  mac(text: string): string {
    return createHmac('sha256', this.#secret).update(text).digest('hex');
  }
}

/**
 * Reads AUDIT_HMAC_KEY: hex (an even number of hex digits) or base64 /
 * base64url, at least 32 bytes. Returns undefined for anything else, so a
 * typo cannot silently become a short or different key.
 */
export function decodeAuditKey(text: string): Buffer | undefined {
  const value = text.trim();
  let bytes: Buffer;
  if (/^(?:[0-9a-fA-F]{2})+$/.test(value)) {
    bytes = Buffer.from(value, 'hex');
  } else {
    const unpadded = value.replace(/={1,2}$/, '');
    if (!/^[A-Za-z0-9+/_-]+$/.test(unpadded) || unpadded.length % 4 === 1) return undefined;
    bytes = Buffer.from(unpadded.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
  }
  return bytes.length >= AUDIT_KEY_MIN_BYTES ? bytes : undefined;
}

export interface AuditKeySource {
  /** AUDIT_HMAC_KEY, already validated. */
  configured: string | undefined;
  dataDir: string;
  production: boolean;
}

/**
 * The configured key; otherwise (development, the embedded default) a key
 * generated once and kept beside the data in `audit-key`; an in-memory
 * database gets an in-memory key. Production must configure one: a key that
 * lives next to the database protects nothing against whoever can read it.
 */
export function loadAuditKey(source: AuditKeySource): AuditKey {
  if (source.configured) {
    const secret = decodeAuditKey(source.configured);
    if (!secret) throw new Error('AUDIT_HMAC_KEY is not a valid key.');
    return new AuditKey(secret);
  }
  if (source.production) throw new Error('AUDIT_HMAC_KEY is required when NODE_ENV=production.');
  if (source.dataDir.startsWith('memory://')) return AuditKey.generate();
  const path = join(source.dataDir, 'audit-key');
  if (!existsSync(path)) writeNewKeyFile(path);
  const secret = decodeAuditKey(readFileSync(path, 'utf8'));
  if (!secret) throw new Error(`${path} does not hold a valid audit key.`);
  return new AuditKey(secret);
}

/**
 * Creates the key file readable by its owner only. Linking a finished temp
 * file into place fails if another process got there first, so two processes
 * starting together end up with the same key, never half a file.
 */
function writeNewKeyFile(path: string): void {
  mkdirSync(dirname(path), { recursive: true });
  const temp = `${path}.${process.pid}.tmp`;
  writeFileSync(temp, `${randomBytes(AUDIT_KEY_MIN_BYTES).toString('base64url')}\n`, {
    mode: 0o600,
  });
  try {
    linkSync(temp, path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  } finally {
    unlinkSync(temp);
  }
}
