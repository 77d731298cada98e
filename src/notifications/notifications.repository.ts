import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { returnedRows } from '../database/returning.js';

export type NotificationStatus = 'pending' | 'sent' | 'recorded' | 'failed';

export interface NewNotificationRow {
  id: string;
  recipientUserId: string | null;
  /** The address in clear, or null when it is sealed (`toSealed`, a mail about a report). */
  to: string | null;
  toSealed: Buffer | null;
  reportId: string | null;
  template: string;
  lang: 'nb' | 'en';
  params: Record<string, string>;
  subject: string;
  body: string;
}

export interface ClaimedNotificationRow {
  id: string;
  to_address: string | null;
  to_sealed: Buffer | null;
  subject: string;
  body: string;
}

export interface NotificationListRow {
  id: string;
  to_address: string | null;
  to_sealed: Buffer | null;
  report_id: string | null;
  template: string;
  subject: string;
  body: string;
  status: NotificationStatus;
  attempts: number;
  last_error: string | null;
  created_at: Date;
  sent_at: Date | null;
}

/** The only code that reads or writes notifications (the mail outbox). */
@Injectable()
export class NotificationsRepository {
  constructor(private readonly dataSource: DataSource) {}

  async insert(em: EntityManager, row: NewNotificationRow): Promise<string> {
    const [inserted] = returnedRows<{ id: string }>(
      await em.query(
        `INSERT INTO notifications
           (id, recipient_user_id, to_address, to_sealed, report_id, template, lang, params, subject, body)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id`,
        [
          row.id,
          row.recipientUserId,
          row.to,
          row.toSealed,
          row.reportId,
          row.template,
          row.lang,
          JSON.stringify(row.params),
          row.subject,
          row.body,
        ],
      ),
    );
    return inserted.id;
  }

  /**
   * Takes a pending mail for delivery: only one node gets it, and holds it
   * until `leaseSeconds` have passed (a node that dies while sending lets it
   * go). No transaction stays open while the mail is sent.
   */
  async claim(id: string, leaseSeconds: number): Promise<ClaimedNotificationRow | undefined> {
    const [row] = returnedRows<ClaimedNotificationRow>(
      await this.dataSource.query(
        `UPDATE notifications
            SET locked_until = now() + make_interval(secs => $2),
                attempts = attempts + 1, last_attempt_at = now()
          WHERE id = $1 AND status = 'pending' AND (locked_until IS NULL OR locked_until < now())
          RETURNING id, to_address, to_sealed, subject, body`,
        [id, leaseSeconds],
      ),
    );
    return row;
  }

  /** Marks a claimed mail delivered (sent or recorded); false if it was not pending. */
  async markDelivered(id: string, status: 'sent' | 'recorded'): Promise<boolean> {
    const rows = returnedRows<{ id: string }>(
      await this.dataSource.query(
        `UPDATE notifications
            SET status = $2, sent_at = now(), locked_until = NULL, last_error = NULL
          WHERE id = $1 AND status = 'pending' RETURNING id`,
        [id, status],
      ),
    );
    return rows.length === 1;
  }

  /** Lets a claimed mail go after a failed attempt: pending again, or failed for good. */
  async release(id: string, error: string, failed: boolean): Promise<void> {
    await this.dataSource.query(
      `UPDATE notifications
          SET status = CASE WHEN $3::boolean THEN 'failed' ELSE status END,
              locked_until = NULL, last_error = $2
        WHERE id = $1 AND status = 'pending'`,
      [id, error, failed],
    );
  }

  /**
   * Pending mails nobody has queued or tried for `olderThanSeconds` (their
   * job used up its retries, or was lost): marks them queued now and returns
   * them, in the caller's transaction. SKIP LOCKED: two nodes sweeping at
   * once take different rows.
   */
  async claimStale(em: EntityManager, olderThanSeconds: number, limit: number): Promise<string[]> {
    const rows = returnedRows<{ id: string }>(
      await em.query(
        `UPDATE notifications SET queued_at = now()
          WHERE id IN (
            SELECT id FROM notifications
             WHERE status = 'pending'
               AND queued_at < now() - make_interval(secs => $1)
               AND (last_attempt_at IS NULL OR last_attempt_at < now() - make_interval(secs => $1))
               AND (locked_until IS NULL OR locked_until < now())
             ORDER BY queued_at
             LIMIT $2
             FOR UPDATE SKIP LOCKED)
          RETURNING id`,
        [olderThanSeconds, limit],
      ),
    );
    return rows.map((row) => row.id);
  }

  async latest(em: EntityManager, limit: number): Promise<NotificationListRow[]> {
    return em.query(
      `SELECT id, to_address, to_sealed, report_id, template, subject, body, status, attempts,
              last_error, created_at, sent_at
         FROM notifications ORDER BY created_at DESC, id LIMIT $1`,
      [limit],
    );
  }

  /** The mails about one user, newest first (their access request). */
  ofRecipient(userId: string): Promise<NotificationListRow[]> {
    return this.dataSource.query(
      `SELECT id, to_address, to_sealed, report_id, template, subject, body, status, attempts,
              last_error, created_at, sent_at
         FROM notifications WHERE recipient_user_id = $1 ORDER BY created_at DESC, id`,
      [userId],
    );
  }
}
