import {
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  type JsonWebKey,
  type KeyObject,
} from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** A public key as published in the JWKS (RFC 8037 OKP, Ed25519). */
export interface PublicCardJwk {
  kty: 'OKP';
  crv: 'Ed25519';
  x: string;
  kid: string;
  use: 'sig';
  alg: 'EdDSA';
}

export interface CardKey {
  /** base64url of the first 4 bytes of the key's RFC 7638 thumbprint; 6 characters. */
  kid: string;
  /** The same 4 bytes, as carried in a card token. */
  kidBytes: Buffer;
  publicKey: KeyObject;
  /** Absent for keys that only verify (a verifier holding the published JWKS). */
  privateKey?: KeyObject;
}

/** The key id of an Ed25519 public key: the first 4 bytes of its RFC 7638 thumbprint. */
export function kidBytesOf(publicKey: KeyObject): Buffer {
  const jwk = publicKey.export({ format: 'jwk' });
  if (jwk.kty !== 'OKP' || jwk.crv !== 'Ed25519' || typeof jwk.x !== 'string') {
    throw new Error('Card signing keys must be Ed25519 (OKP) keys.');
  }
  // RFC 7638: the required members in lexicographic order, no whitespace.
  const canonical = JSON.stringify({ crv: jwk.crv, kty: jwk.kty, x: jwk.x });
  return createHash('sha256').update(canonical).digest().subarray(0, 4);
}

function toCardKey(publicKey: KeyObject, privateKey?: KeyObject): CardKey {
  const kidBytes = kidBytesOf(publicKey);
  return { kid: kidBytes.toString('base64url'), kidBytes, publicKey, privateKey };
}

/**
 * The card signing keys. The first key that has a private half signs new
 * tokens; every key in the ring verifies. Rotation: put a new key first and
 * keep the old ones until every token they signed has expired or been
 * replaced; then retire them (`cards keys retire`).
 */
export class CardKeyRing {
  private readonly byKid = new Map<string, CardKey>();

  /** Empty only after retirement ({@link without}); configuration must name at least one key. */
  private constructor(readonly keys: readonly CardKey[]) {
    for (const key of keys) {
      if (this.byKid.has(key.kid)) throw new Error(`Duplicate card key id ${key.kid}.`);
      this.byKid.set(key.kid, key);
    }
  }

  private static configured(keys: CardKey[]): CardKeyRing {
    if (keys.length === 0) throw new Error('No card signing keys configured.');
    return new CardKeyRing(keys);
  }

  /** Private JWKs, as in CARD_SIGNING_KEYS or the key file. */
  static fromPrivateJwks(jwks: readonly JsonWebKey[]): CardKeyRing {
    return CardKeyRing.configured(
      jwks.map((jwk) => {
        const privateKey = createPrivateKey({ key: jwk, format: 'jwk' });
        return toCardKey(createPublicKey(privateKey), privateKey);
      }),
    );
  }

  /** A published JWKS: verification only. Keys that are not Ed25519 are ignored. */
  static fromPublicJwks(jwks: { keys?: unknown }): CardKeyRing {
    const keys = (Array.isArray(jwks.keys) ? jwks.keys : [])
      .filter(
        (k): k is PublicCardJwk =>
          typeof k === 'object' &&
          k !== null &&
          (k as PublicCardJwk).kty === 'OKP' &&
          (k as PublicCardJwk).crv === 'Ed25519',
      )
      .map((k) =>
        toCardKey(createPublicKey({ key: { kty: k.kty, crv: k.crv, x: k.x }, format: 'jwk' })),
      );
    return CardKeyRing.configured(keys);
  }

  /** The same ring without the retired keys: they neither verify nor sign, nor are published. */
  without(retired: ReadonlySet<string>): CardKeyRing {
    return new CardKeyRing(this.keys.filter((k) => !retired.has(k.kid)));
  }

  get signer(): CardKey {
    const key = this.keys.find((k) => k.privateKey);
    if (!key) throw new Error('No card signing key with a private part is configured.');
    return key;
  }

  find(kidBytes: Buffer): CardKey | undefined {
    return this.byKid.get(kidBytes.toString('base64url'));
  }

  /** The public keys, for /.well-known/jwks.json. */
  jwks(): { keys: PublicCardJwk[] } {
    return {
      keys: this.keys.map((k) => {
        const jwk = k.publicKey.export({ format: 'jwk' });
        return {
          kty: 'OKP',
          crv: 'Ed25519',
          x: String(jwk.x),
          kid: k.kid,
          use: 'sig',
          alg: 'EdDSA',
        };
      }),
    };
  }
}

/** A new Ed25519 signing key as a private JWK (with its kid). */
export function generateCardJwk(): JsonWebKey {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return { ...privateKey.export({ format: 'jwk' }), kid: toCardKey(publicKey).kid };
}

interface KeyFile {
  keys: JsonWebKey[];
}

export function readKeyFile(path: string): JsonWebKey[] {
  const parsed = JSON.parse(readFileSync(path, 'utf8')) as Partial<KeyFile>;
  if (!Array.isArray(parsed.keys) || parsed.keys.length === 0) {
    throw new Error(`${path} holds no keys ({"keys": [private JWK, ...]} expected).`);
  }
  return parsed.keys;
}

/** Writes the key file atomically, readable by its owner only. */
export function writeKeyFile(path: string, keys: JsonWebKey[]): void {
  mkdirSync(dirname(path), { recursive: true });
  const temp = `${path}.${process.pid}.tmp`;
  writeFileSync(temp, JSON.stringify({ keys } satisfies KeyFile, null, 2) + '\n', { mode: 0o600 });
  renameSync(temp, path);
}

export interface CardKeySource {
  signingKeys?: string;
  keysFile?: string;
  dataDir: string;
  production: boolean;
}

/** Where the key file lives when CARD_SIGNING_KEYS is not set. */
export function keyFilePath(source: CardKeySource): string | undefined {
  if (source.keysFile) return source.keysFile;
  if (source.dataDir.startsWith('memory://')) return undefined;
  return join(source.dataDir, 'card-keys.json');
}

/**
 * Loads the signing keys: CARD_SIGNING_KEYS (a JSON array of private JWKs,
 * from a secret store) if set; otherwise the key file, created with a fresh
 * key on first use except in production; an in-memory database gets an
 * in-memory key.
 */
export function loadCardKeys(source: CardKeySource): CardKeyRing {
  if (source.signingKeys) {
    const parsed = JSON.parse(source.signingKeys) as unknown;
    if (!Array.isArray(parsed)) throw new Error('CARD_SIGNING_KEYS must be a JSON array of JWKs.');
    return CardKeyRing.fromPrivateJwks(parsed as JsonWebKey[]);
  }
  const path = keyFilePath(source);
  if (path === undefined) return CardKeyRing.fromPrivateJwks([generateCardJwk()]);
  if (!existsSync(path)) {
    if (source.production) {
      throw new Error(
        `Card signing key file ${path} does not exist (set CARD_SIGNING_KEYS or CARD_KEYS_FILE).`,
      );
    }
    writeKeyFile(path, [generateCardJwk()]);
  }
  return CardKeyRing.fromPrivateJwks(readKeyFile(path));
}
