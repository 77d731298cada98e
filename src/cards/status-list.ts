import { sign, verify } from 'node:crypto';
import type { CardKey, CardKeyRing } from './card-keys.js';
import type { CardStatus } from './card-status.js';

/**
 * The card status list: every unexpired card that is not valid right now,
 * as a compact JWS (EdDSA, signed with the card key, `typ` card-status+jwt)
 * that any JOSE library verifies with /.well-known/jwks.json. An offline
 * verifier downloads it while it has network and uses it until `exp`.
 *
 *   { "iat": 1764064800, "exp": 1764151200, "cards": { "1234": "suspended", ... } }
 */
export interface StatusListPayload {
  iat: number;
  exp: number;
  cards: Record<string, Exclude<CardStatus, 'valid' | 'expired'>>;
}

const TYP = 'card-status+jwt';

function b64(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

export function signStatusList(payload: StatusListPayload, key: CardKey): string {
  if (!key.privateKey) throw new Error(`Card key ${key.kid} cannot sign.`);
  const input = `${b64({ alg: 'EdDSA', kid: key.kid, typ: TYP })}.${b64(payload)}`;
  return `${input}.${sign(null, Buffer.from(input), key.privateKey).toString('base64url')}`;
}

/** The payload of a genuine, unexpired status list, or a reason it cannot be used. */
export function verifyStatusList(
  jws: string,
  ring: CardKeyRing,
  now = new Date(),
): { payload: StatusListPayload } | { error: string } {
  const parts = jws.trim().split('.');
  if (parts.length !== 3) return { error: 'not a compact JWS' };
  let header: { alg?: string; kid?: string; typ?: string };
  let payload: StatusListPayload;
  try {
    header = JSON.parse(Buffer.from(parts[0], 'base64url').toString('utf8')) as typeof header;
    payload = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8')) as StatusListPayload;
  } catch {
    return { error: 'not a compact JWS' };
  }
  if (header.alg !== 'EdDSA' || header.typ !== TYP || typeof header.kid !== 'string') {
    return { error: 'not a card status list' };
  }
  const key = ring.find(Buffer.from(header.kid, 'base64url'));
  if (!key || key.kid !== header.kid) return { error: 'signed by an unknown key' };
  const signed = Buffer.from(`${parts[0]}.${parts[1]}`);
  if (!verify(null, signed, key.publicKey, Buffer.from(parts[2], 'base64url'))) {
    return { error: 'bad signature' };
  }
  if (typeof payload.exp !== 'number' || payload.exp * 1000 <= now.getTime()) {
    return { error: 'the status list has expired; download a fresh one' };
  }
  return { payload };
}
