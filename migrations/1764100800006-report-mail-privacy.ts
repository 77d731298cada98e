import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Mails about a report (issue #11) keep the report's confidentiality: the
 * address is sealed like the report itself (a named reporter's e-mail is
 * part of their identity; an interpreter's says they are under
 * investigation), the row belongs to its report and goes when the report is
 * deleted after its retention period, and administrators reading the outbox
 * see neither address nor text (NotificationsService.latest).
 *
 * Also: a reporter's session gets an absolute end (`ends_at`), beyond which
 * using it no longer extends it.
 */
export class ReportMailPrivacy1764100800006 implements MigrationInterface {
  name = 'ReportMailPrivacy1764100800006';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE notifications
        ADD COLUMN report_id uuid REFERENCES reports(id) ON DELETE CASCADE,
        ADD COLUMN to_sealed bytea,
        ALTER COLUMN to_address DROP NOT NULL,
        ADD CONSTRAINT ck_notifications_address
          CHECK ((to_address IS NULL) = (to_sealed IS NOT NULL)
                 AND (to_sealed IS NULL OR report_id IS NOT NULL))`);
    await q.query(
      `CREATE INDEX ix_notifications_report ON notifications (report_id) WHERE report_id IS NOT NULL`,
    );
    await q.query(`DELETE FROM report_sessions`);
    await q.query(`ALTER TABLE report_sessions ADD COLUMN ends_at timestamptz NOT NULL`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE report_sessions DROP COLUMN ends_at`);
    await q.query(`DELETE FROM notifications WHERE to_address IS NULL`);
    await q.query(`
      ALTER TABLE notifications
        DROP CONSTRAINT ck_notifications_address,
        ALTER COLUMN to_address SET NOT NULL,
        DROP COLUMN to_sealed,
        DROP COLUMN report_id`);
  }
}
