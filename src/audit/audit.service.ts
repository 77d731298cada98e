import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import {
  type ActorType,
  type AuditRecord,
  type ChainBreak,
  findChainBreak,
  GENESIS_HASH,
  hashAuditRecord,
} from './audit-chain.js';

/** What a caller says about an event; the service adds time, sequence and hashes. */
export interface AuditEvent {
  actorType: ActorType;
  /** The user's internal id (never a national identity number). */
  actorId?: string | null;
  action: string;
  subjectType?: string | null;
  subjectId?: string | null;
  /** Where the request came from; left out for anonymous reporters. */
  clientIp?: string | null;
  details?: Record<string, unknown>;
}

/** Serialises writers of the chain; any constant unique to the audit trail. */
const AUDIT_CHAIN_LOCK = 7_370_001;
const VERIFY_BATCH = 1000;

interface AuditRow {
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
  hash: string;
}

@Injectable()
export class AuditService {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Appends an event in the caller's transaction, so the event and the change
   * it records commit or roll back together. Outside a transaction it opens one.
   */
  async record(em: EntityManager, event: AuditEvent): Promise<void> {
    if (!em.queryRunner?.isTransactionActive) {
      await this.dataSource.transaction((tx) => this.record(tx, event));
      return;
    }
    // Hash exactly what the database will hand back: JSON round-tripped once
    // (Dates become strings, undefined disappears), so verification reproduces it.
    const details = JSON.parse(JSON.stringify(event.details ?? {})) as Record<string, unknown>;
    await em.query(`SELECT pg_advisory_xact_lock($1)`, [AUDIT_CHAIN_LOCK]);
    const [last]: Array<{ seq: string; hash: string }> = await em.query(
      `SELECT seq, hash FROM audit_events ORDER BY seq DESC LIMIT 1`,
    );
    const record: AuditRecord = {
      seq: last ? Number(last.seq) + 1 : 1,
      occurredAt: new Date().toISOString(),
      actorType: event.actorType,
      actorId: event.actorId ?? null,
      action: event.action,
      subjectType: event.subjectType ?? null,
      subjectId: event.subjectId ?? null,
      clientIp: event.clientIp ?? null,
      details,
      prevHash: last?.hash ?? GENESIS_HASH,
    };
    await em.query(
      `INSERT INTO audit_events (seq, occurred_at, actor_type, actor_id, action, subject_type,
         subject_id, client_ip, details, prev_hash, hash)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
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
        hashAuditRecord(record),
      ],
    );
  }

  /** Walks the whole chain in order; reports how many events it holds and the first break. */
  async verify(): Promise<{ events: number; firstBreak: ChainBreak | null }> {
    let previous = { seq: 0, hash: GENESIS_HASH };
    let events = 0;
    for (;;) {
      const rows: AuditRow[] = await this.dataSource.query(
        `SELECT * FROM audit_events WHERE seq > $1 ORDER BY seq LIMIT $2`,
        [previous.seq, VERIFY_BATCH],
      );
      if (rows.length === 0) return { events, firstBreak: null };
      const records = rows.map((r) => ({
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
        hash: r.hash,
      }));
      const firstBreak = findChainBreak(records, previous);
      if (firstBreak) return { events: events + rows.length, firstBreak };
      events += rows.length;
      const tail = records[records.length - 1];
      previous = { seq: tail.seq, hash: tail.hash };
    }
  }
}
