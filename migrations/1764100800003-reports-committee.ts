import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Reports, part 3 (issue #11): a staff member's work e-mail, so deadline
 * reminders reach the assigned case handler through the notifications
 * outbox. Staff only (citizens keep their contact details on their
 * interpreter row); set by an administrator through the staff API.
 */
export class ReportsCommittee1764100800003 implements MigrationInterface {
  name = 'ReportsCommittee1764100800003';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE users ADD COLUMN email varchar(254)
        CHECK (email IS NULL OR (length(email) BETWEEN 3 AND 254 AND email !~ '[[:space:]]')),
        ADD CONSTRAINT ck_users_email_staff CHECK (email IS NULL OR staff_subject IS NOT NULL)`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE users DROP CONSTRAINT ck_users_email_staff`);
    await q.query(`ALTER TABLE users DROP COLUMN email`);
  }
}
