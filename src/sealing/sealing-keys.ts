import { createSecretKey, randomBytes, type KeyObject } from 'node:crypto';
import { existsSync, linkSync, mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** AES-256: every key is exactly 32 bytes. */
export const SEALING_KEY_BYTES = 32;

/** A key id: 1 to 32 of A-Z a-z 0-9 _ - (it is stored, as ASCII, in every sealed value). */
export const SEALING_KID = /^[A-Za-z0-9_-]{1,32}$/;

/** 32 bytes in base64url (or base64), unpadded 43 characters, optionally one `=`. */
const KEY_TEXT = /^[A-Za-z0-9_+/-]{43}=?$/;

export interface SealingKey {
  readonly kid: string;
  /** The AES-256 key; a KeyObject, so it does not print or serialise by accident. */
  readonly key: KeyObject;
}

/**
 * The report encryption keys. The first key seals new values; every key opens
 * the values sealed under it. Rotation: put a new key first, keep the old ones
 * until every value sealed under them has been re-sealed ({@link rekey}), then
 * drop them.
 */
export class SealingKeyRing {
  private readonly byKid = new Map<string, SealingKey>();

  constructor(readonly keys: readonly SealingKey[]) {
    if (keys.length === 0) throw new Error('No report encryption key configured.');
    for (const key of keys) {
      if (!SEALING_KID.test(key.kid)) throw new Error(`Invalid report key id "${key.kid}".`);
      if (key.key.symmetricKeySize !== SEALING_KEY_BYTES) {
        throw new Error(`Report key ${key.kid} is not ${SEALING_KEY_BYTES} bytes.`);
      }
      if (this.byKid.has(key.kid)) throw new Error(`Duplicate report key id "${key.kid}".`);
      this.byKid.set(key.kid, key);
    }
  }

  /** Parses REPORT_KEYS (or the key file's entries); throws with the reason, never the key. */
  static parse(text: string): SealingKeyRing {
    return new SealingKeyRing(parseKeyEntries(text));
  }

  /** The key new values are sealed with. */
  get current(): SealingKey {
    return this.keys[0];
  }

  find(kid: string): SealingKey | undefined {
    return this.byKid.get(kid);
  }
}

/**
 * REPORT_KEYS: a JSON array of strings or a comma-separated list, each entry
 * `kid:key` with the key 32 random bytes in base64url. Errors name the entry
 * by position and kid, never its key.
 */
function parseKeyEntries(text: string): SealingKey[] {
  const trimmed = text.trim();
  let entries: unknown[];
  if (trimmed.startsWith('[')) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(trimmed);
    } catch {
      throw new Error('REPORT_KEYS starts with "[" but is not a JSON array.');
    }
    if (!Array.isArray(parsed)) throw new Error('REPORT_KEYS is not a JSON array.');
    entries = parsed;
  } else {
    entries = trimmed.split(',').map((entry) => entry.trim());
  }
  if (entries.length === 0 || (entries.length === 1 && entries[0] === '')) {
    throw new Error('REPORT_KEYS names no key.');
  }
  const seen = new Set<string>();
  return entries.map((entry, index) => {
    const at = `REPORT_KEYS entry ${index + 1}`;
    if (typeof entry !== 'string') throw new Error(`${at} is not a "kid:key" string.`);
    const colon = entry.indexOf(':');
    if (colon < 0) throw new Error(`${at} is not "kid:key" (no colon).`);
    const kid = entry.slice(0, colon).trim();
    const keyText = entry.slice(colon + 1).trim();
    if (!SEALING_KID.test(kid)) {
      throw new Error(`${at}: the key id must be 1 to 32 of A-Z a-z 0-9 _ - (got "${kid}").`);
    }
    if (seen.has(kid)) throw new Error(`${at}: duplicate key id "${kid}".`);
    seen.add(kid);
    const bytes = KEY_TEXT.test(keyText) ? Buffer.from(keyText, 'base64url') : undefined;
    if (bytes?.length !== SEALING_KEY_BYTES) {
      throw new Error(
        `${at} (${kid}): the key must be ${SEALING_KEY_BYTES} bytes in base64url ` +
          '(43 characters; openssl rand -base64 32 | tr "+/" "-_" | tr -d "=").',
      );
    }
    return { kid, key: createSecretKey(bytes) };
  });
}

/** Why REPORT_KEYS is not valid, or undefined if it is: for the configuration check. */
export function reportKeysProblem(text: string): string | undefined {
  try {
    SealingKeyRing.parse(text);
    return undefined;
  } catch (error) {
    return (error as Error).message;
  }
}

/** A new `kid:key` entry for REPORT_KEYS or the key file (kid: `r` + 8 random characters). */
export function generateReportKey(): string {
  const kid = `r${randomBytes(6).toString('base64url')}`;
  return `${kid}:${randomBytes(SEALING_KEY_BYTES).toString('base64url')}`;
}

export interface SealingKeySource {
  /** REPORT_KEYS, already validated. */
  configured: string | undefined;
  dataDir: string;
  production: boolean;
}

/** The embedded default's key file, or undefined when the data live in memory. */
export function reportKeyFilePath(dataDir: string): string | undefined {
  return dataDir.startsWith('memory://') ? undefined : join(dataDir, 'report-keys.json');
}

/**
 * The configured keys (REPORT_KEYS); otherwise, except in production, the key
 * file `$DATA_DIR/report-keys.json`, created with one fresh key (mode 0600) on
 * first use; an in-memory database gets an in-memory key. Production must
 * configure them: a key kept beside the data protects nothing against whoever
 * can read the data folder or a backup of it.
 */
export function loadSealingKeys(source: SealingKeySource): SealingKeyRing {
  if (source.configured) return SealingKeyRing.parse(source.configured);
  if (source.production) throw new Error('REPORT_KEYS is required when NODE_ENV=production.');
  const path = reportKeyFilePath(source.dataDir);
  if (path === undefined) return SealingKeyRing.parse(generateReportKey());
  if (!existsSync(path)) writeNewKeyFile(path);
  const parsed = JSON.parse(readFileSync(path, 'utf8')) as { keys?: unknown };
  if (!Array.isArray(parsed.keys)) {
    throw new Error(`${path} holds no report keys ({"keys": ["kid:key", ...]} expected).`);
  }
  try {
    return SealingKeyRing.parse(JSON.stringify(parsed.keys));
  } catch (error) {
    throw new Error(`${path}: ${(error as Error).message.replace(/^REPORT_KEYS /, '')}`, {
      cause: error,
    });
  }
}

/**
 * Creates the key file readable by its owner only. Linking a finished temp
 * file into place fails if another process got there first, so two processes
 * starting together end up with the same key, never half a file.
 */
function writeNewKeyFile(path: string): void {
  mkdirSync(dirname(path), { recursive: true });
  const temp = `${path}.${process.pid}.tmp`;
  writeFileSync(temp, JSON.stringify({ keys: [generateReportKey()] }, null, 2) + '\n', {
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
