import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { SealingKeyRing } from './sealing-keys.js';

/**
 * A sealed value, as stored (bytea):
 *
 *   version (1) | kid length (1) | kid (ASCII) | nonce (12, random) | tag (16) | ciphertext
 *
 * AES-256-GCM. The authenticated data are the header (version, kid length,
 * kid) followed by the caller's AAD in UTF-8, which names the value's place,
 * e.g. `reports:<id>:text`: a ciphertext copied to another row or column does
 * not open.
 */
export const SEALED_VERSION = 1;
const NONCE_BYTES = 12;
const TAG_BYTES = 16;
const ALGORITHM = 'aes-256-gcm';

/** A sealed value that cannot be opened. The message never holds plaintext or key material. */
export class SealingError extends Error {
  override readonly name = 'SealingError';
}

/** The AAD for a value in a table's row and column: `<table>:<id>:<column>`. */
export function aadFor(table: string, id: string | number, column: string): string {
  return `${table}:${id}:${column}`;
}

interface Parsed {
  header: Buffer;
  kid: string;
  nonce: Buffer;
  tag: Buffer;
  ciphertext: Buffer;
}

function parse(sealed: Buffer): Parsed {
  if (sealed.length < 2) throw new SealingError('Sealed value too short.');
  const version = sealed[0];
  if (version !== SEALED_VERSION) {
    throw new SealingError(`Sealed value of unknown format version ${version}.`);
  }
  const kidLength = sealed[1];
  const headerLength = 2 + kidLength;
  if (kidLength === 0 || sealed.length < headerLength + NONCE_BYTES + TAG_BYTES) {
    throw new SealingError('Sealed value too short or malformed.');
  }
  const kid = sealed.subarray(2, headerLength).toString('latin1');
  const nonceEnd = headerLength + NONCE_BYTES;
  return {
    header: sealed.subarray(0, headerLength),
    kid,
    nonce: sealed.subarray(headerLength, nonceEnd),
    tag: sealed.subarray(nonceEnd, nonceEnd + TAG_BYTES),
    ciphertext: sealed.subarray(nonceEnd + TAG_BYTES),
  };
}

/** The header every value sealed under `kid` starts with: version | kid length | kid. */
export function sealedHeader(kid: string): Buffer {
  const kidBytes = Buffer.from(kid, 'latin1');
  return Buffer.concat([Buffer.from([SEALED_VERSION, kidBytes.length]), kidBytes]);
}

/** Encrypts under the ring's current key, bound to `aad`. */
export function seal(ring: SealingKeyRing, plaintext: Buffer | string, aad: string): Buffer {
  const { kid, key } = ring.current;
  const header = sealedHeader(kid);
  const nonce = randomBytes(NONCE_BYTES);
  const cipher = createCipheriv(ALGORITHM, key, nonce, { authTagLength: TAG_BYTES });
  cipher.setAAD(Buffer.concat([header, Buffer.from(aad, 'utf8')]));
  const data = typeof plaintext === 'string' ? Buffer.from(plaintext, 'utf8') : plaintext;
  const ciphertext = Buffer.concat([cipher.update(data), cipher.final()]);
  return Buffer.concat([header, nonce, cipher.getAuthTag(), ciphertext]);
}

/** Decrypts a value sealed for `aad`; throws a SealingError if it was altered, moved or its key is gone. */
export function open(ring: SealingKeyRing, sealed: Buffer, aad: string): Buffer {
  const parsed = parse(sealed);
  const entry = ring.find(parsed.kid);
  if (!entry) {
    throw new SealingError(
      `Sealed with report key "${parsed.kid}", which is not configured (REPORT_KEYS): ` +
        'keep a retired key until every value sealed with it has been re-sealed.',
    );
  }
  const decipher = createDecipheriv(ALGORITHM, entry.key, parsed.nonce, {
    authTagLength: TAG_BYTES,
  });
  decipher.setAAD(Buffer.concat([parsed.header, Buffer.from(aad, 'utf8')]));
  decipher.setAuthTag(parsed.tag);
  try {
    return Buffer.concat([decipher.update(parsed.ciphertext), decipher.final()]);
  } catch {
    throw new SealingError(
      `Sealed value does not open for ${aad}: altered, or sealed for another place.`,
    );
  }
}

/** The id of the key a value was sealed with (for finding values still to re-seal). */
export function sealedKeyId(sealed: Buffer): string {
  return parse(sealed).kid;
}

/**
 * The value sealed under the ring's current key, for rotation. A value already
 * under the current key is checked and returned as it is, so a rotation job
 * can run again without rewriting anything.
 */
export function rekey(ring: SealingKeyRing, sealed: Buffer, aad: string): Buffer {
  const plaintext = open(ring, sealed, aad);
  if (sealedKeyId(sealed) === ring.current.kid) return sealed;
  return seal(ring, plaintext, aad);
}
