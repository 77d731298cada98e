import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The audit trail: who did what to which record, when and from where.
 * Append-only: the database refuses UPDATE, DELETE and TRUNCATE, whoever asks.
 * Hash-chained: each row carries the hash of the one before it, so a row
 * changed or removed behind the database's back is found by `audit verify`.
 */
export class AuditTrail1764064800000 implements MigrationInterface {
  name = 'AuditTrail1764064800000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE audit_events (
        seq bigint PRIMARY KEY CHECK (seq > 0),
        occurred_at timestamptz NOT NULL,
        actor_type varchar(20) NOT NULL
          CHECK (actor_type IN ('system', 'staff', 'interpreter', 'anonymous')),
        actor_id varchar(100),
        action varchar(80) NOT NULL,
        subject_type varchar(40),
        subject_id varchar(100),
        client_ip varchar(45),
        details jsonb NOT NULL DEFAULT '{}',
        prev_hash char(64) NOT NULL,
        hash char(64) NOT NULL,
        CONSTRAINT uq_audit_events_hash UNIQUE (hash),
        CONSTRAINT uq_audit_events_prev_hash UNIQUE (prev_hash)
      )`);
    await q.query(
      `CREATE INDEX ix_audit_events_subject ON audit_events (subject_type, subject_id)`,
    );
    await q.query(`CREATE INDEX ix_audit_events_actor ON audit_events (actor_type, actor_id)`);
    await q.query(`
      CREATE FUNCTION audit_events_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'audit_events is append-only: % refused', TG_OP
          USING ERRCODE = 'insufficient_privilege';
      END $$`);
    await q.query(`
      CREATE TRIGGER tg_audit_events_append_only
        BEFORE UPDATE OR DELETE ON audit_events
        FOR EACH ROW EXECUTE FUNCTION audit_events_refuse_change()`);
    await q.query(`
      CREATE TRIGGER tg_audit_events_no_truncate
        BEFORE TRUNCATE ON audit_events
        FOR EACH STATEMENT EXECUTE FUNCTION audit_events_refuse_change()`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE audit_events`);
    await q.query(`DROP FUNCTION audit_events_refuse_change()`);
  }
}
