import type { JsonWebKey } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { KEY_REFRESH_MS } from './card-key-store.js';
import {
  CardKeyRing,
  generateCardJwk,
  keyFilePath,
  readKeyFile,
  writeKeyFile,
} from './card-keys.js';
import type { CardKeySource } from './card-keys.js';
import type { Settings } from '../config/configuration.js';
import { tokenFromInput, verifyCardToken } from './card-token.js';
import { verifyStatusList } from './status-list.js';

/** Where the card keys come from, as the app reads them. */
export function keySourceFrom(settings: Settings): CardKeySource {
  return {
    signingKeys: settings.cards.signingKeys,
    keysFile: settings.cards.keysFile,
    dataDir: settings.database.dataDir,
    production: settings.app.env === 'production',
  };
}

/** Public keys for an offline check: a JWKS file or URL, or else this installation's own keys. */
async function verificationKeys(
  jwks: string | undefined,
  source: CardKeySource,
): Promise<CardKeyRing> {
  if (jwks && /^https?:\/\//.test(jwks)) {
    const response = await fetch(jwks);
    if (!response.ok) throw new Error(`Could not fetch ${jwks}: HTTP ${response.status}`);
    return CardKeyRing.fromPublicJwks((await response.json()) as { keys?: unknown });
  }
  if (jwks)
    return CardKeyRing.fromPublicJwks(JSON.parse(readFileSync(jwks, 'utf8')) as { keys?: unknown });
  if (source.signingKeys) {
    return CardKeyRing.fromPrivateJwks(JSON.parse(source.signingKeys) as never[]);
  }
  const path = keyFilePath(source);
  if (!path || !existsSync(path)) {
    throw new Error('No keys to verify with: pass --jwks <file or URL of /.well-known/jwks.json>.');
  }
  return CardKeyRing.fromPrivateJwks(readKeyFile(path));
}

export interface OfflineResult {
  ok: boolean;
  lines: string[];
}

/**
 * Checks a card token's signature and expiry with public keys only: no
 * database, no network unless the JWKS is given as a URL. It cannot see a
 * suspension or a revocation; the online check (/v/…) can.
 */
export async function verifyCardOffline(
  input: string,
  options: { jwks?: string; status?: string; source: CardKeySource; now?: Date },
): Promise<OfflineResult> {
  const ring = await verificationKeys(options.jwks, options.source);
  const claims = verifyCardToken(tokenFromInput(input), ring);
  if (!claims) {
    return {
      ok: false,
      lines: ['NOT VALID: not a genuine card token (bad form, unknown key or bad signature).'],
    };
  }
  const now = options.now ?? new Date();
  const kind = claims.kind === 'card' ? 'printed card' : 'digital card code';
  const lines = [
    `Signature valid (key ${claims.kid}): ${kind} for card id ${claims.cardId}.`,
    `${claims.kind === 'card' ? 'Card' : 'Code'} expires ${claims.expiresAt.toISOString()}.`,
  ];
  if (claims.expiresAt <= now) {
    return { ok: false, lines: [...lines, 'EXPIRED.'] };
  }
  if (options.status) {
    const text = /^https?:\/\//.test(options.status)
      ? await (await fetch(options.status)).text()
      : readFileSync(options.status, 'utf8');
    const list = verifyStatusList(text, ring, now);
    if ('error' in list) {
      return { ok: false, lines: [...lines, `Status list not usable: ${list.error}.`] };
    }
    const issued = new Date(list.payload.iat * 1000).toISOString();
    const status = list.payload.cards[claims.cardId];
    if (status) {
      return {
        ok: false,
        lines: [...lines, `${status.toUpperCase()} according to the status list of ${issued}.`],
      };
    }
    return {
      ok: true,
      lines: [...lines, `VALID signature, not expired, and in good standing as of ${issued}.`],
    };
  }
  return {
    ok: true,
    lines: [
      ...lines,
      'VALID signature and not expired. Suspension or revocation shows only in the online check or with --status.',
    ],
  };
}

export interface CommandResult {
  /** The process exit code: 0 done, 1 refused, 2 usage. */
  code: number;
  /** What to print: on stdout when the code is 0, on stderr otherwise. */
  lines: string[];
}

const done = (...lines: string[]): CommandResult => ({ code: 0, lines });
const refused = (...lines: string[]): CommandResult => ({ code: 1, lines });

/** Records a key's retirement where every running node reads it; false if it was already retired. */
export type RecordRetirement = (kid: string) => Promise<boolean>;

const REFRESH = `${KEY_REFRESH_MS / 1000} seconds`;

/**
 * `cards keys list|rotate|retire <kid>|generate`. List and rotate work on the
 * key file of a single installation; retire also reaches every node that
 * uses the key, whatever copy of the keys it reads.
 */
export async function keysCommand(
  args: string[],
  source: CardKeySource,
  recordRetirement: RecordRetirement,
): Promise<CommandResult> {
  const [action, kid] = args;
  if (action === 'generate') return done(JSON.stringify(generateCardJwk()));
  if (action === 'retire') return retireKey(kid, source, recordRetirement);
  if (source.signingKeys) {
    return refused(
      'CARD_SIGNING_KEYS is set: rotate in your secret store (`cards keys generate` prints a new key to put first).',
    );
  }
  const path = keyFilePath(source);
  if (!path) return refused('No key file: DATA_DIR is in memory and CARD_KEYS_FILE is not set.');
  const keys = existsSync(path) ? readKeyFile(path) : [];
  switch (action) {
    case 'list':
      return done(
        ...(keys.length > 0 ? CardKeyRing.fromPrivateJwks(keys).keys : []).map(
          (key, i) => `${key.kid}${i === 0 ? '  (signs new cards)' : '  (verifies only)'}`,
        ),
      );
    case 'rotate': {
      const fresh = generateCardJwk();
      writeKeyFile(path, [fresh, ...keys]);
      return done(
        `New signing key ${String(fresh.kid)}; ${keys.length} older key(s) keep verifying. ` +
          `Instances that read ${path} sign with it within ${REFRESH}.`,
      );
    }
    default:
      return { code: 2, lines: ['Usage: cards keys list|rotate|retire <kid>|generate'] };
  }
}

async function retireKey(
  kid: string | undefined,
  source: CardKeySource,
  recordRetirement: RecordRetirement,
): Promise<CommandResult> {
  if (!kid) return { code: 2, lines: ['Usage: cards keys retire <kid>'] };
  const path = source.signingKeys ? undefined : keyFilePath(source);
  let keys: JsonWebKey[];
  if (source.signingKeys) keys = JSON.parse(source.signingKeys) as JsonWebKey[];
  else if (path) keys = existsSync(path) ? readKeyFile(path) : [];
  else return refused('No key file: DATA_DIR is in memory and CARD_KEYS_FILE is not set.');
  const where = path ?? 'CARD_SIGNING_KEYS';
  const ring = keys.length > 0 ? CardKeyRing.fromPrivateJwks(keys) : undefined;
  const index = ring?.keys.findIndex((k) => k.kid === kid) ?? -1;
  if (!ring || index < 0) return refused(`No key ${kid} in ${where}.`);
  if (ring.signer.kid === kid) {
    return refused(`${kid} signs new cards; rotate first, then retire it.`);
  }
  const recorded = await recordRetirement(kid);
  if (path) {
    writeKeyFile(
      path,
      keys.filter((_, i) => i !== index),
    );
  }
  return done(
    recorded
      ? `Retired ${kid}: every running instance stops accepting and publishing it within ${REFRESH}.`
      : `${kid} was retired already.`,
    path
      ? `Removed it from ${path}.`
      : 'Remove it from CARD_SIGNING_KEYS in your secret store before the next deploy.',
  );
}
