import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { ActorType, StoredAuditRecord } from './audit-chain.js';

/** A row of audit_events as the driver returns it. */
export interface AuditRow {
  seq: string;
  occurred_at: Date;
  actor_type: ActorType;
  actor_id: string | null;
  action: string;
  subject_type: string | null;
  subject_id: string | null;
  client_ip: string | null;
  details: Record<string, unknown>;
  prev_hash: string;
  key_id: string | null;
  hash: string;
}

export function toStoredRecord(r: AuditRow): StoredAuditRecord {
  return {
    seq: Number(r.seq),
    occurredAt: new Date(r.occurred_at).toISOString(),
    actorType: r.actor_type,
    actorId: r.actor_id,
    action: r.action,
    subjectType: r.subject_type,
    subjectId: r.subject_id,
    clientIp: r.client_ip,
    details: r.details,
    prevHash: r.prev_hash,
    keyId: r.key_id,
    hash: r.hash,
  };
}

/** What the role the app serves as may do to audit_events. */
export interface AuditRights {
  role: string;
  can_insert: boolean;
  can_rewrite: boolean;
}

/** Serialises writers of the chain; any constant unique to the audit trail. */
const AUDIT_CHAIN_LOCK = 7_370_001;

/** The only code that reads or writes audit_events (append-only: triggers and grants). */
@Injectable()
export class AuditRepository {
  constructor(private readonly dataSource: DataSource) {}

  async rights(): Promise<AuditRights> {
    const [rights] = await this.dataSource.query<AuditRights[]>(`
      SELECT current_user AS role,
             has_table_privilege('audit_events', 'INSERT') AS can_insert,
             pg_has_role(relowner, 'USAGE')
               OR has_table_privilege('audit_events', 'UPDATE, DELETE, TRUNCATE') AS can_rewrite
        FROM pg_class WHERE oid = 'audit_events'::regclass`);
    return rights;
  }

  /** Holds the chain until the caller's transaction ends: one writer at a time, no gaps. */
  async lockChain(em: EntityManager): Promise<void> {
    await em.query(`SELECT pg_advisory_xact_lock($1)`, [AUDIT_CHAIN_LOCK]);
  }

  /** The newest event's sequence number and hash, or undefined for an empty trail. */
  async head(em: EntityManager): Promise<{ seq: number; hash: string } | undefined> {
    const [last]: Array<{ seq: string; hash: string }> = await em.query(
      `SELECT seq, hash FROM audit_events ORDER BY seq DESC LIMIT 1`,
    );
    return last && { seq: Number(last.seq), hash: last.hash };
  }

  async insert(em: EntityManager, record: StoredAuditRecord): Promise<void> {
    await em.query(
      `INSERT INTO audit_events (seq, occurred_at, actor_type, actor_id, action, subject_type,
         subject_id, client_ip, details, prev_hash, key_id, hash)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
      [
        record.seq,
        record.occurredAt,
        record.actorType,
        record.actorId,
        record.action,
        record.subjectType,
        record.subjectId,
        record.clientIp,
        JSON.stringify(record.details),
        record.prevHash,
        record.keyId,
        record.hash,
      ],
    );
  }

  /** Up to `limit` events after `seq`, in order. */
  after(em: EntityManager, seq: number, limit: number): Promise<AuditRow[]> {
    return em.query(`SELECT * FROM audit_events WHERE seq > $1 ORDER BY seq LIMIT $2`, [
      seq,
      limit,
    ]);
  }

  /**
   * Events a user made, and events about any of these subjects (type and id
   * pairs), in order; read-only, the chain untouched.
   */
  about(
    actorId: string,
    subjects: Array<{ type: string; id: string }>,
    limit: number,
  ): Promise<AuditRow[]> {
    return this.dataSource.query(
      `SELECT * FROM audit_events
        WHERE actor_id = $1
           OR (subject_type, subject_id) IN
              (SELECT t, i FROM unnest($2::text[], $3::text[]) AS s(t, i))
        ORDER BY seq LIMIT $4`,
      [actorId, subjects.map((s) => s.type), subjects.map((s) => s.id), limit],
    );
  }
}
