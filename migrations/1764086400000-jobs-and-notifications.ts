import PgBoss from 'pg-boss';
import type { MigrationInterface, QueryRunner } from 'typeorm';
import { APP_GROUP_ROLE } from './1764075600000-runtime-role.js';

/** The schema pg-boss keeps its queues, jobs and archive in. */
export const JOBS_SCHEMA = 'pgboss';

/** The queue that delivers the outbox's mails, one job per mail. */
export const NOTIFICATION_QUEUE = 'notification-delivery';

/**
 * The background job queue (pg-boss 10) and the mail outbox.
 *
 * pg-boss would create its schema itself at start-up, but the role the app
 * serves as may create no schema (nor attach a queue's partition to the job
 * table, which needs ownership), so the schema is built here, as the owner,
 * from pg-boss's own construction SQL, and the app starts pg-boss with
 * `migrate: false`: it checks that the schema is there at the version it
 * expects and refuses to start otherwise. Queues are created here too, for the
 * same reason. A later pg-boss with a new schema version needs a migration that
 * runs `PgBoss.getMigrationPlans(JOBS_SCHEMA, <old version>)`, unwrapped as
 * below (pg-boss makes those plans fail with "division by zero" when the schema
 * is already at that version, as a fresh install built here would be).
 *
 * The outbox row is written in the same transaction as the event it reports
 * (with its job), so a mail is sent if and only if the event commits. Subject
 * and body are rendered when the row is written and carry no sensitive detail.
 */
export class JobsAndNotifications1764086400000 implements MigrationInterface {
  name = 'JobsAndNotifications1764086400000';

  public async up(q: QueryRunner): Promise<void> {
    // The migration runs in a transaction of its own; the plans bring their own
    // BEGIN and COMMIT (with an advisory lock against a concurrent install),
    // which must not end the migration's transaction half-way.
    await q.query(withoutTransaction(PgBoss.getConstructionPlans(JOBS_SCHEMA)));
    await q.query(`SELECT ${JOBS_SCHEMA}.create_queue($1, $2)`, [
      NOTIFICATION_QUEUE,
      // Retries: from the first, 30 s by default (each send may say less), doubling;
      // after the last the outbox sweep queues the mail again. A job that runs
      // longer than two minutes (an SMTP server that hangs) is failed and retried.
      JSON.stringify({
        policy: 'standard',
        retryLimit: 5,
        retryDelay: 30,
        retryBackoff: true,
        expireInSeconds: 120,
      }),
    ]);

    // The app's runtime role uses the queue but may not change its shape.
    await q.query(`GRANT USAGE ON SCHEMA ${JOBS_SCHEMA} TO ${APP_GROUP_ROLE}`);
    await q.query(
      `GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA ${JOBS_SCHEMA} TO ${APP_GROUP_ROLE}`,
    );
    await q.query(`GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA ${JOBS_SCHEMA} TO ${APP_GROUP_ROLE}`);
    // Queues that later migrations create (as the same owner) are partitions: new tables.
    await q.query(
      `ALTER DEFAULT PRIVILEGES IN SCHEMA ${JOBS_SCHEMA}
         GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO ${APP_GROUP_ROLE}`,
    );

    await q.query(`
      CREATE TABLE notifications (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        recipient_user_id uuid NULL REFERENCES users(id),
        to_address varchar(254) NOT NULL,
        template varchar(50) NOT NULL,
        lang varchar(2) NOT NULL CHECK (lang IN ('nb', 'en')),
        params jsonb NOT NULL DEFAULT '{}',
        subject text NOT NULL,
        body text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        status varchar(10) NOT NULL DEFAULT 'pending'
          CHECK (status IN ('pending', 'sent', 'recorded', 'failed')),
        attempts int NOT NULL DEFAULT 0,
        -- An error code (ECONNREFUSED, SMTP 451 …), never the server's text, which may name the recipient.
        last_error text,
        -- When a job for it was last queued (on writing, and by the sweep).
        queued_at timestamptz NOT NULL DEFAULT now(),
        last_attempt_at timestamptz,
        -- A node that is delivering it holds it until then (never held across a transaction).
        locked_until timestamptz,
        sent_at timestamptz,
        CHECK ((status IN ('sent', 'recorded')) = (sent_at IS NOT NULL))
      )`);
    await q.query(`CREATE INDEX notifications_created ON notifications (created_at DESC)`);
    await q.query(
      `CREATE INDEX notifications_pending ON notifications (queued_at) WHERE status = 'pending'`,
    );
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE notifications`);
    await q.query(
      `ALTER DEFAULT PRIVILEGES IN SCHEMA ${JOBS_SCHEMA}
         REVOKE ALL ON TABLES FROM ${APP_GROUP_ROLE}`,
    );
    await q.query(`DROP SCHEMA ${JOBS_SCHEMA} CASCADE`);
  }
}

/** pg-boss's plans, without the BEGIN and COMMIT around them (checked, so a change in pg-boss is noticed). */
export function withoutTransaction(plans: string): string {
  const text = plans.trim();
  const inner = /^BEGIN;([\s\S]*);\s*COMMIT;?$/.exec(text);
  if (!inner)
    throw new Error('pg-boss plans no longer come as BEGIN; …; COMMIT: review this migration');
  return inner[1];
}
