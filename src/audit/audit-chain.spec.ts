import {
  canonicalJson,
  findChainBreak,
  GENESIS_HASH,
  hashAuditRecord,
  type AuditRecord,
} from './audit-chain.js';

function chain(length: number): Array<AuditRecord & { hash: string }> {
  const rows: Array<AuditRecord & { hash: string }> = [];
  let prevHash = GENESIS_HASH;
  for (let seq = 1; seq <= length; seq++) {
    const record: AuditRecord = {
      seq,
      occurredAt: new Date(Date.UTC(2026, 10, 25, 8, 0, seq)).toISOString(),
      actorType: 'staff',
      actorId: `user-${seq % 3}`,
      action: 'entry.suspended',
      subjectType: 'register_entry',
      subjectId: `entry-${seq}`,
      clientIp: '192.0.2.10',
      details: { reason: 'case', nested: { b: 2, a: 1 } },
      prevHash,
    };
    const hash = hashAuditRecord(record);
    rows.push({ ...record, hash });
    prevHash = hash;
  }
  return rows;
}

describe('the audit hash chain', () => {
  it('writes JSON canonically, whatever the key order', () => {
    expect(canonicalJson({ b: 1, a: [{ d: 1, c: 2 }] })).toBe('{"a":[{"c":2,"d":1}],"b":1}');
    expect(canonicalJson({ a: 1, b: 2 })).toBe(canonicalJson({ b: 2, a: 1 }));
  });

  it('accepts an untouched chain', () => {
    expect(findChainBreak(chain(10))).toBeNull();
  });

  it('finds a changed field', () => {
    const rows = chain(10);
    rows[4] = { ...rows[4], details: { reason: 'something else', nested: { a: 1, b: 2 } } };
    expect(findChainBreak(rows)).toEqual({ seq: 5, reason: 'hash' });
  });

  it('finds a row whose hash was recomputed after a change (the next link breaks)', () => {
    const rows = chain(10);
    const changed = { ...rows[4], actorId: 'someone-else' };
    rows[4] = { ...changed, hash: hashAuditRecord(changed) };
    expect(findChainBreak(rows)).toEqual({ seq: 6, reason: 'link' });
  });

  it('finds a removed row', () => {
    const rows = chain(10);
    rows.splice(6, 1);
    expect(findChainBreak(rows)).toEqual({ seq: 8, reason: 'gap' });
  });

  it('continues from a known previous event', () => {
    const rows = chain(10);
    expect(findChainBreak(rows.slice(5), { seq: 5, hash: rows[4].hash })).toBeNull();
    expect(findChainBreak(rows.slice(5), { seq: 5, hash: GENESIS_HASH })).toEqual({
      seq: 6,
      reason: 'link',
    });
  });
});
