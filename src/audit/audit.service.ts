import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { APP_GROUP_ROLE } from '../../migrations/1764075600000-runtime-role.js';
import { DatabaseServer } from '../database/database.module.js';
import {
  type AuditRecord,
  type ChainBreak,
  findChainBreak,
  GENESIS_HASH,
  hashAuditRecord,
} from './audit-chain.js';
import type { Actor, AuditAction } from './actor.js';
import { AUDIT_KEY, type AuditKey } from './audit-key.js';
import { AuditRepository, toStoredRecord } from './audit.repository.js';

/** What a caller says about an event; the actor says who, the service adds time, sequence and hashes. */
export interface AuditEvent {
  action: AuditAction;
  subjectType?: string | null;
  subjectId?: string | null;
  details?: Record<string, unknown>;
}

const VERIFY_BATCH = 1000;

@Injectable()
export class AuditService implements OnModuleInit {
  private readonly logger = new Logger(AuditService.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly events: AuditRepository,
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
    const rights = await this.events.rights();
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
    await this.events.lockChain(em);
    const last = await this.events.head(em);
    const record: AuditRecord = {
      seq: last ? last.seq + 1 : 1,
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
    await this.events.insert(em, {
      ...record,
      keyId: this.key.id,
      hash: hashAuditRecord(this.key, record),
    });
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
      const rows = await this.events.after(em, previous.seq, VERIFY_BATCH);
      if (rows.length === 0) return { events, keyId, firstBreak: null };
      const records = rows.map(toStoredRecord);
      const firstBreak = findChainBreak(this.key, records, previous);
      if (firstBreak) return { events: events + rows.length, keyId, firstBreak };
      events += rows.length;
      const tail = records[records.length - 1];
      previous = { seq: tail.seq, hash: tail.hash };
    }
  }

  /**
   * The events a person's access request shows: those they made and those
   * about their own subjects (their user, their register row, applications,
   * documents, cards …), in order. Reads only; at most `limit` events.
   */
  async eventsAbout(
    actorId: string,
    subjects: Array<{ type: string; id: string }>,
    limit = 100_000,
  ): Promise<
    Array<{
      seq: number;
      occurredAt: string;
      actorType: string;
      actorId: string | null;
      action: string;
      subjectType: string | null;
      subjectId: string | null;
      clientIp: string | null;
      details: Record<string, unknown>;
    }>
  > {
    const rows = await this.events.about(actorId, subjects, limit);
    return rows.map((r) => ({
      seq: Number(r.seq),
      occurredAt: new Date(r.occurred_at).toISOString(),
      actorType: r.actor_type,
      actorId: r.actor_id,
      action: r.action,
      subjectType: r.subject_type,
      subjectId: r.subject_id,
      clientIp: r.client_ip,
      details: r.details,
    }));
  }
}
