import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { APP_GROUP_ROLE } from '../../migrations/1764075600000-runtime-role.js';
import { DatabaseServer } from '../database/database.module.js';
import {
  type ActorType,
  type AuditRecord,
  type ChainBreak,
  findChainBreak,
  GENESIS_HASH,
  hashAuditRecord,
  type StoredAuditRecord,
} from './audit-chain.js';
import type { Actor, AuditAction } from './actor.js';
import { AUDIT_KEY, type AuditKey } from './audit-key.js';

/** What a caller says about an event; the actor says who, the service adds time, sequence and hashes. */
export interface AuditEvent {
  action: AuditAction;
  subjectType?: string | null;
  subjectId?: string | null;
  details?: Record<string, unknown>;
}

/** Serialises writers of the chain; any constant unique to the audit trail. */
const AUDIT_CHAIN_LOCK = 7_370_001;
const VERIFY_BATCH = 1000;

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

@Injectable()
export class AuditService implements OnModuleInit {
  private readonly logger = new Logger(AuditService.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly database: DatabaseServer,
    @Inject(AUDIT_KEY) private readonly key: AuditKey,
  ) {}

  /**
   * Checks what the role the app serves as may do to the trail: without
   * INSERT nothing could be recorded (fail now, not on the first change);
   * with UPDATE, DELETE, TRUNCATE or ownership the trail is only as safe as
   * the key, so say so. The embedded database has one role by design.
   */
  async onModuleInit(): Promise<void> {
    const [rights] = await this.dataSource.query<
      Array<{ role: string; can_insert: boolean; can_rewrite: boolean }>
    >(`
      SELECT current_user AS role,
             has_table_privilege('audit_events', 'INSERT') AS can_insert,
             pg_has_role(relowner, 'USAGE')
               OR has_table_privilege('audit_events', 'UPDATE, DELETE, TRUNCATE') AS can_rewrite
        FROM pg_class WHERE oid = 'audit_events'::regclass`);
    if (!rights.can_insert) {
      throw new Error(
        `The database role "${rights.role}" of DATABASE_URL may not write the audit trail: ` +
          `GRANT ${APP_GROUP_ROLE} TO "${rights.role}".`,
      );
    }
    if (rights.can_rewrite && !this.database.isEmbedded) {
      this.logger.warn(
        `The app serves as database role "${rights.role}", which can rewrite the audit trail. ` +
          `Run migrations as the owner (DATABASE_MIGRATION_URL) and serve as a role that only ` +
          `has ${APP_GROUP_ROLE} (DATABASE_URL).`,
      );
    }
  }

  /**
   * Appends an event in the caller's transaction, so the event and the change
   * it records commit or roll back together. Outside a transaction it opens one.
   */
  async record(em: EntityManager, actor: Actor, event: AuditEvent): Promise<void> {
    if (!em.queryRunner?.isTransactionActive) {
      await this.dataSource.transaction((tx) => this.record(tx, actor, event));
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
      actorType: actor.type,
      actorId: actor.userId,
      action: event.action,
      subjectType: event.subjectType ?? null,
      subjectId: event.subjectId ?? null,
      clientIp: actor.clientIp,
      details,
      prevHash: last?.hash ?? GENESIS_HASH,
    };
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
        this.key.id,
        hashAuditRecord(this.key, record),
      ],
    );
  }

  /**
   * Walks the whole chain in order under the configured key; reports how many
   * events it holds and the first break. Reads through `em` when given (a
   * caller's transaction), else through the pool.
   */
  async verify(
    em: EntityManager = this.dataSource.manager,
  ): Promise<{ events: number; keyId: string; firstBreak: ChainBreak | null }> {
    let previous = { seq: 0, hash: GENESIS_HASH };
    let events = 0;
    const keyId = this.key.id;
    for (;;) {
      const rows: AuditRow[] = await em.query(
        `SELECT * FROM audit_events WHERE seq > $1 ORDER BY seq LIMIT $2`,
        [previous.seq, VERIFY_BATCH],
      );
      if (rows.length === 0) return { events, keyId, firstBreak: null };
      const records = rows.map(toStoredRecord);
      const firstBreak = findChainBreak(this.key, records, previous);
      if (firstBreak) return { events: events + rows.length, keyId, firstBreak };
      events += rows.length;
      const tail = records[records.length - 1];
      previous = { seq: tail.seq, hash: tail.hash };
    }
  }
}
