import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { returnedRows } from '../database/returning.js';
import type { ReportKind, ReportStatus } from './report-types.js';

/** An open, assigned case that may need a deadline reminder; locked for this run. */
export interface ReminderCandidateRow {
  id: string;
  case_number: string;
  kind: ReportKind;
  status: ReportStatus;
  assigned_to: string;
  acknowledged: boolean;
  acknowledge_by: string;
  feedback_given: boolean;
  feedback_by: string;
  interpreter_notified_at: Date | null;
  interpreter_reply_by: string | null;
  interpreter_replied: boolean;
  referral_id: string | null;
  referred_at: Date | null;
  advice_by: string | null;
  advised: boolean;
}

/**
 * The reports feature's SQL for its background jobs (issue #11); see
 * docs/architecture.md, "Where SQL lives". Every claim takes rows with
 * `FOR UPDATE SKIP LOCKED`, so several nodes may run the jobs at once and
 * each row is handled by one of them.
 */
@Injectable()
export class MaintenanceRepository {
  /** A step in a report's history, at the reports clock's time (never content). */
  async addEvent(
    em: EntityManager,
    reportId: string,
    kind: string,
    at: Date,
    visibleToInterpreter = false,
  ): Promise<void> {
    await em.query(
      `INSERT INTO report_events (report_id, kind, at, visible_to_interpreter)
       SELECT id, $2, $3, $4 FROM reports WHERE id = $1`,
      [reportId, kind, at, visibleToInterpreter],
    );
  }

  /**
   * Closed reports whose `delete_after` date has come (today included). A
   * reopened report is not closed, so it is never deleted here, whatever its
   * old date said.
   */
  dueForDeletion(
    em: EntityManager,
    today: string,
    limit: number,
  ): Promise<Array<{ id: string; case_number: string }>> {
    return em.query(
      `SELECT id, case_number FROM reports
        WHERE status = 'closed' AND delete_after IS NOT NULL AND delete_after <= $1::date
        ORDER BY delete_after, id LIMIT $2 FOR UPDATE SKIP LOCKED`,
      [today, limit],
    );
  }

  /**
   * Deletes the reports with everything that cascades (messages, files,
   * events, conflicts, referrals, advice, decisions, sessions). What the
   * schema keeps: the statistics facts, sanctions and restrictions, unlinked.
   */
  async deleteReports(em: EntityManager, ids: string[]): Promise<void> {
    if (ids.length === 0) return;
    await em.query(`DELETE FROM reports WHERE id = ANY($1::uuid[])`, [ids]);
  }

  /**
   * Ends receipt access to closed reports whose reporter has not used the
   * code since `cutoff`, counting from the later of their last use and the
   * closing (so a reporter can still read the outcome for the whole period).
   */
  async expireReceipts(
    em: EntityManager,
    cutoff: Date,
    limit: number,
  ): Promise<Array<{ id: string; case_number: string }>> {
    const rows = returnedRows<{ id: string; case_number: string }>(
      await em.query(
        `UPDATE reports SET receipt_index = NULL, receipt_hash = NULL
          WHERE id IN (
            SELECT id FROM reports
             WHERE status = 'closed' AND receipt_index IS NOT NULL
               AND GREATEST(reporter_active_at, closed_at) <= $1
             ORDER BY id LIMIT $2 FOR UPDATE SKIP LOCKED)
          RETURNING id, case_number`,
        [cutoff, limit],
      ),
    );
    if (rows.length > 0) {
      await em.query(`DELETE FROM report_sessions WHERE report_id = ANY($1::uuid[])`, [
        rows.map((r) => r.id),
      ]);
    }
    return rows;
  }

  /** Deletes reporter sessions that expired by `now`; how many. */
  async deleteExpiredSessions(em: EntityManager, now: Date, limit: number): Promise<number> {
    const rows = returnedRows<{ token_hash: string }>(
      await em.query(
        `DELETE FROM report_sessions WHERE token_hash IN (
           SELECT token_hash FROM report_sessions WHERE expires_at <= $1
            LIMIT $2 FOR UPDATE SKIP LOCKED)
         RETURNING token_hash`,
        [now, limit],
      ),
    );
    return rows.length;
  }

  /**
   * Open, assigned cases (ordered by id, after `afterId`) with a deadline
   * within reach: acknowledgement within 2 days, feedback within 14, the
   * interpreter's reply or the committee's advice within 2 (or any of them
   * past). Locked for the caller's transaction; a case another node holds is
   * skipped and looked at on the next run.
   */
  reminderCandidates(
    em: EntityManager,
    horizons: { acknowledge: string; feedback: string; reply: string; advice: string },
    afterId: string,
    limit: number,
  ): Promise<ReminderCandidateRow[]> {
    return em.query(
      `SELECT r.id, r.case_number, r.kind, r.status, r.assigned_to,
              r.acknowledged_at IS NOT NULL AS acknowledged, r.acknowledge_by::text AS acknowledge_by,
              r.feedback_at IS NOT NULL AS feedback_given, r.feedback_by::text AS feedback_by,
              r.interpreter_notified_at, r.interpreter_reply_by::text AS interpreter_reply_by,
              EXISTS (SELECT 1 FROM report_messages m
                       WHERE m.report_id = r.id AND m.channel = 'interpreter' AND m.author = 'interpreter'
                         AND m.created_at >= r.interpreter_notified_at) AS interpreter_replied,
              f.id AS referral_id, f.referred_at, f.advice_by::text AS advice_by,
              EXISTS (SELECT 1 FROM report_advice a WHERE a.referral_id = f.id) AS advised
         FROM reports r
         LEFT JOIN report_referrals f ON f.report_id = r.id AND f.closed_at IS NULL
        WHERE r.assigned_to IS NOT NULL AND r.status <> 'closed' AND r.id > $5::uuid
          AND ((r.kind = 'report' AND r.acknowledged_at IS NULL AND r.acknowledge_by <= $1::date)
            OR (r.kind = 'report' AND r.feedback_at IS NULL AND r.feedback_by <= $2::date)
            OR (r.status <> 'decided' AND r.interpreter_notified_at IS NOT NULL
                AND r.interpreter_reply_by <= $3::date)
            OR (r.status <> 'decided' AND f.advice_by <= $4::date))
        ORDER BY r.id LIMIT $6 FOR UPDATE OF r SKIP LOCKED`,
      [horizons.acknowledge, horizons.feedback, horizons.reply, horizons.advice, afterId, limit],
    );
  }

  /** The reminders already recorded on a report (`reminder:<which>:<due|overdue>`), with when. */
  reminders(em: EntityManager, reportId: string): Promise<Array<{ kind: string; at: Date }>> {
    return em.query(
      `SELECT kind, at FROM report_events WHERE report_id = $1 AND kind LIKE 'reminder:%'`,
      [reportId],
    );
  }
}
