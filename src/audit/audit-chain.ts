import type { AuditKey } from './audit-key.js';

/** The hash the first event links to. */
export const GENESIS_HASH = '0'.repeat(64);

export const ACTOR_TYPES = ['system', 'staff', 'interpreter', 'anonymous'] as const;
export type ActorType = (typeof ACTOR_TYPES)[number];

/** One audit event as it is hashed and stored. */
export interface AuditRecord {
  seq: number;
  occurredAt: string;
  actorType: ActorType;
  actorId: string | null;
  action: string;
  subjectType: string | null;
  subjectId: string | null;
  clientIp: string | null;
  details: Record<string, unknown>;
  prevHash: string;
}

/** JSON with object keys sorted at every level, so equal data gives equal text. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const object = value as Record<string, unknown>;
    const entries = Object.keys(object)
      .sort()
      .filter((k) => object[k] !== undefined)
      .map((k) => `${JSON.stringify(k)}:${canonicalJson(object[k])}`);
    return `{${entries.join(',')}}`;
  }
  return JSON.stringify(value);
}

/**
 * HMAC-SHA256 under the audit key over every field of the record. The
 * previous hash is part of it: that is what makes each row vouch for the
 * whole history before it, so a genuine row cannot be spliced into another
 * history by editing its prev_hash.
 */
export function hashAuditRecord(key: AuditKey, record: AuditRecord): string {
  const text = canonicalJson([
    record.seq,
    record.occurredAt,
    record.actorType,
    record.actorId,
    record.action,
    record.subjectType,
    record.subjectId,
    record.clientIp,
    record.details,
    record.prevHash,
  ]);
  return key.mac(text);
}

/** A record as stored: its hash and the id of the key it says it was hashed with. */
export type StoredAuditRecord = AuditRecord & { keyId: string | null; hash: string };

export interface ChainBreak {
  seq: number;
  /**
   * `key`: the row names another key, or none (written before the chain was
   * keyed). The label is only a diagnosis, never trusted: a row passes only
   * if its hash verifies under the configured key.
   */
  reason: 'hash' | 'link' | 'gap' | 'key';
}

/**
 * Checks a run of stored events (in seq order) against the chain: each row
 * must follow the previous one without a gap, link to its hash, and carry a
 * hash of its content under the audit key. Returns the first break, or null.
 */
export function findChainBreak(
  key: AuditKey,
  rows: StoredAuditRecord[],
  previous: { seq: number; hash: string } = { seq: 0, hash: GENESIS_HASH },
): ChainBreak | null {
  let prev = previous;
  for (const row of rows) {
    if (row.seq !== prev.seq + 1) return { seq: row.seq, reason: 'gap' };
    if (row.prevHash !== prev.hash) return { seq: row.seq, reason: 'link' };
    if (row.keyId !== key.id) return { seq: row.seq, reason: 'key' };
    if (hashAuditRecord(key, row) !== row.hash) return { seq: row.seq, reason: 'hash' };
    prev = { seq: row.seq, hash: row.hash };
  }
  return null;
}
