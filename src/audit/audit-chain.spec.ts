import {
  canonicalJson,
  findChainBreak,
  GENESIS_HASH,
  hashAuditRecord,
  type AuditRecord,
  type StoredAuditRecord,
} from './audit-chain.js';
import { AuditKey } from './audit-key.js';

/** Bytes 0x00..0x1f: a fixed key, so the hashes below are known answers. */
const KEY = new AuditKey(Buffer.from(Array.from({ length: 32 }, (_, i) => i)));
const OTHER_KEY = new AuditKey(Buffer.alloc(32, 7));

const RECORD: AuditRecord = {
  seq: 1,
  occurredAt: '2026-11-25T08:00:00.000Z',
  actorType: 'staff',
  actorId: 'user-1',
  action: 'entry.suspended',
  subjectType: 'register_entry',
  subjectId: 'entry-1',
  clientIp: '192.0.2.10',
  details: { reason: 'case', nested: { b: 2, a: 1 } },
  prevHash: 'ab'.repeat(32),
};

function chain(length: number, key = KEY, action = 'entry.suspended'): StoredAuditRecord[] {
  const rows: StoredAuditRecord[] = [];
  let prevHash = GENESIS_HASH;
  for (let seq = 1; seq <= length; seq++) {
    const record: AuditRecord = {
      seq,
      occurredAt: new Date(Date.UTC(2026, 10, 25, 8, 0, seq)).toISOString(),
      actorType: 'staff',
      actorId: `user-${seq % 3}`,
      action,
      subjectType: 'register_entry',
      subjectId: `entry-${seq}`,
      clientIp: '192.0.2.10',
      details: { reason: 'case', nested: { b: 2, a: 1 } },
      prevHash,
    };
    const hash = hashAuditRecord(key, record);
    rows.push({ ...record, keyId: key.id, hash });
    prevHash = hash;
  }
  return rows;
}

describe('the audit hash chain', () => {
  it('writes JSON canonically, whatever the key order', () => {
    expect(canonicalJson({ b: 1, a: [{ d: 1, c: 2 }] })).toBe('{"a":[{"c":2,"d":1}],"b":1}');
    expect(canonicalJson({ a: 1, b: 2 })).toBe(canonicalJson({ b: 2, a: 1 }));
  });

  it('hashes a record as HMAC-SHA256 under the key over every field, the previous hash included (known answer)', () => {
    // Computed independently:
    //   printf '%s' '[1,"2026-11-25T08:00:00.000Z",...,"abab…ab"]' |
    //     openssl dgst -sha256 -mac HMAC -macopt hexkey:000102…1f
    expect(hashAuditRecord(KEY, RECORD)).toBe(
      '0983fa30018acb9473b6536e3c58d7da383f5f62c9bc404f3e7033c11f34cb8a',
    );
    expect(KEY.id).toBe('9b311aff510c7d04');
  });

  it('changing only the previous hash changes the hash', () => {
    expect(hashAuditRecord(KEY, { ...RECORD, prevHash: 'cd'.repeat(32) })).not.toBe(
      hashAuditRecord(KEY, RECORD),
    );
  });

  it('changing only the key changes the hash', () => {
    expect(hashAuditRecord(OTHER_KEY, RECORD)).not.toBe(hashAuditRecord(KEY, RECORD));
    expect(OTHER_KEY.id).not.toBe(KEY.id);
  });

  it('accepts an untouched chain', () => {
    expect(findChainBreak(KEY, chain(10))).toBeNull();
  });

  it('finds a changed field', () => {
    const rows = chain(10);
    rows[4] = { ...rows[4], details: { reason: 'something else', nested: { a: 1, b: 2 } } };
    expect(findChainBreak(KEY, rows)).toEqual({ seq: 5, reason: 'hash' });
  });

  it('finds a row whose hash was recomputed after a change (the next link breaks)', () => {
    const rows = chain(10);
    const changed = { ...rows[4], actorId: 'someone-else' };
    rows[4] = { ...changed, hash: hashAuditRecord(KEY, changed) };
    expect(findChainBreak(KEY, rows)).toEqual({ seq: 6, reason: 'link' });
  });

  it('finds a genuine row spliced in from another history, even with the links patched', () => {
    // Both histories were hashed with the real key; only prev_hash columns are edited.
    const rows = chain(10);
    const other = chain(10, KEY, 'entry.revoked');
    rows[4] = { ...other[4], prevHash: rows[3].hash };
    rows[5] = { ...rows[5], prevHash: rows[4].hash };
    expect(findChainBreak(KEY, rows)).toEqual({ seq: 5, reason: 'hash' });
  });

  it('finds a chain rewritten without the key', () => {
    expect(findChainBreak(KEY, chain(10, OTHER_KEY))).toEqual({ seq: 1, reason: 'key' });
    const relabelled = chain(10, OTHER_KEY).map((row) => ({ ...row, keyId: KEY.id }));
    expect(findChainBreak(KEY, relabelled)).toEqual({ seq: 1, reason: 'hash' });
  });

  it('reports rows that name no key (written before the chain was keyed)', () => {
    const rows = chain(3).map((row) => ({ ...row, keyId: null }));
    expect(findChainBreak(KEY, rows)).toEqual({ seq: 1, reason: 'key' });
  });

  it('finds a removed row', () => {
    const rows = chain(10);
    rows.splice(6, 1);
    expect(findChainBreak(KEY, rows)).toEqual({ seq: 8, reason: 'gap' });
  });

  it('continues from a known previous event', () => {
    const rows = chain(10);
    expect(findChainBreak(KEY, rows.slice(5), { seq: 5, hash: rows[4].hash })).toBeNull();
    expect(findChainBreak(KEY, rows.slice(5), { seq: 5, hash: GENESIS_HASH })).toEqual({
      seq: 6,
      reason: 'link',
    });
  });
});
