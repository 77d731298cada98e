import { sign, verify } from 'node:crypto';
import type { CardKey, CardKeyRing } from './card-keys.js';

/**
 * The card token: 81 bytes, base64url-encoded to exactly 108 characters
 * (no padding bits, so changing any character changes the bytes).
 *
 *   byte  0       kind: 1 = printed card, 2 = short-lived digital card code
 *   bytes 1–4     key id (first 4 bytes of the signing key's RFC 7638 thumbprint)
 *   bytes 5–12    card id, unsigned 64-bit big-endian
 *   bytes 13–16   expiry, unsigned 32-bit big-endian seconds since 1970
 *   bytes 17–80   Ed25519 signature over bytes 0–16
 *
 * It carries no name, no identity number and no contact data. A binary
 * layout instead of a JWS keeps the verification URL short enough for a QR
 * code of version 8 at error correction M (a JWS would need about 180
 * characters and push the QR to version 10). docs/card-token.md has the
 * format for third-party verifiers.
 */
export const TOKEN_LENGTH = 108;
const SIGNED_LENGTH = 17;
const TOKEN_BYTES = 81;
const TOKEN_PATTERN = /^[A-Za-z0-9_-]{108}$/;

export type TokenKind = 'card' | 'digital';
const KIND_BYTE: Record<TokenKind, number> = { card: 1, digital: 2 };

export interface CardTokenClaims {
  kind: TokenKind;
  kid: string;
  cardId: string;
  expiresAt: Date;
}

export function signCardToken(
  claims: { kind: TokenKind; cardId: string | bigint; expiresAt: Date },
  key: CardKey,
): string {
  if (!key.privateKey) throw new Error(`Card key ${key.kid} cannot sign (no private key).`);
  const bytes = Buffer.alloc(SIGNED_LENGTH);
  bytes.writeUInt8(KIND_BYTE[claims.kind], 0);
  key.kidBytes.copy(bytes, 1, 0, 4);
  bytes.writeBigUInt64BE(BigInt(claims.cardId), 5);
  bytes.writeUInt32BE(Math.floor(claims.expiresAt.getTime() / 1000), 13);
  const signature = sign(null, bytes, key.privateKey);
  return Buffer.concat([bytes, signature]).toString('base64url');
}

/**
 * Checks a token's form and signature. Expiry is the caller's to judge: an
 * expired but genuine card reads "expired", not "unknown".
 */
export function verifyCardToken(token: string, ring: CardKeyRing): CardTokenClaims | undefined {
  if (!TOKEN_PATTERN.test(token)) return undefined;
  const raw = Buffer.from(token, 'base64url');
  if (raw.length !== TOKEN_BYTES) return undefined;
  const kindByte = raw.readUInt8(0);
  const kind = kindByte === 1 ? 'card' : kindByte === 2 ? 'digital' : undefined;
  if (!kind) return undefined;
  const key = ring.find(raw.subarray(1, 5));
  if (!key) return undefined;
  const signed = raw.subarray(0, SIGNED_LENGTH);
  if (!verify(null, signed, key.publicKey, raw.subarray(SIGNED_LENGTH))) return undefined;
  return {
    kind,
    kid: key.kid,
    cardId: raw.readBigUInt64BE(5).toString(),
    expiresAt: new Date(raw.readUInt32BE(13) * 1000),
  };
}

/** Accepts a bare token or a verification URL (…/v/<token>), as pasted or scanned. */
export function tokenFromInput(input: string): string {
  const trimmed = input.trim();
  const match = /\/v\/([^/?#]+)/.exec(trimmed);
  return match ? match[1] : trimmed;
}
