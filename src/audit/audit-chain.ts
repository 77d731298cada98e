import { createHash } from 'node:crypto';

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

/** SHA-256 over every field of the record, including the previous hash. */
export function hashAuditRecord(record: AuditRecord): string {
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
  return createHash('sha256').update(text).digest('hex');
}

export interface ChainBreak {
  seq: number;
  reason: 'hash' | 'link' | 'gap';
}

/**
 * Checks a run of stored events (in seq order) against the chain: each row's
 * hash must match its content, link to the previous row's hash, and follow it
 * without a gap. Returns the first break, or null.
 */
export function findChainBreak(
  rows: Array<AuditRecord & { hash: string }>,
  previous: { seq: number; hash: string } = { seq: 0, hash: GENESIS_HASH },
): ChainBreak | null {
  let prev = previous;
  for (const row of rows) {
    if (row.seq !== prev.seq + 1) return { seq: row.seq, reason: 'gap' };
    if (row.prevHash !== prev.hash) return { seq: row.seq, reason: 'link' };
    if (hashAuditRecord(row) !== row.hash) return { seq: row.seq, reason: 'hash' };
    prev = { seq: row.seq, hash: row.hash };
  }
  return null;
}
