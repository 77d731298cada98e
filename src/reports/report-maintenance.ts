import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { DataSource, type EntityManager } from 'typeorm';
import { SYSTEM } from '../audit/actor.js';
import { AuditService } from '../audit/audit.service.js';
import { UsersService } from '../auth/users.service.js';
import type { ReportsConfig } from '../config/configuration.js';
import { JobRunner } from '../jobs/job-runner.js';
import { NotificationsService } from '../notifications/notifications.service.js';
import { RegisterService } from '../register/register.service.js';
import { addDays, osloDate } from './calendar-date.js';
import { MaintenanceRepository, type ReminderCandidateRow } from './maintenance.repository.js';
import { ReportsClock } from './reports-clock.js';

/** How often each node runs the jobs. */
export const MAINTENANCE_EVERY_SECONDS = 300;
/** Rows claimed per transaction. */
const BATCH = 100;
/** The smallest uuid, where the reminders' walk through the cases starts. */
const FIRST_ID = '00000000-0000-0000-0000-000000000000';

/** The deadlines a handler is reminded of, and how many days ahead. */
export const REMINDER_DAYS = {
  acknowledge: 2,
  feedback: 14,
  interpreter_reply: 2,
  advice: 2,
} as const;
export type ReminderWhich = keyof typeof REMINDER_DAYS;

/** What one run did, step by step. */
export interface MaintenanceResult {
  restrictionsEnded: number;
  reportsDeleted: number;
  receiptsExpired: number;
  sessionsDeleted: number;
  remindersSent: number;
}

/**
 * The reports feature's background jobs (issue #11), run by every node
 * every few minutes (`JobRunner.repeat`) and by tests with `run(now)` at a
 * chosen time. Each step works in transactions of its own, claiming rows
 * with `FOR UPDATE SKIP LOCKED`, so nodes running at once share the work
 * and no row is handled twice:
 *
 * 1. exclusions for a period end on their end date (the register's entries
 *    come back), with an event the interpreter sees;
 * 2. closed reports past their `delete_after` date are deleted (statistics
 *    facts, sanctions and restrictions stay, unlinked);
 * 3. receipt access ends for closed reports whose reporter has been
 *    inactive for `receiptInactivityDays`;
 * 4. expired reporter sessions are deleted;
 * 5. the assigned handler is reminded of deadlines close or past, each once.
 */
@Injectable()
export class ReportMaintenance implements OnApplicationBootstrap {
  private readonly logger = new Logger(ReportMaintenance.name);
  private readonly settings: ReportsConfig;

  constructor(
    private readonly dataSource: DataSource,
    private readonly maintenance: MaintenanceRepository,
    private readonly register: RegisterService,
    private readonly users: UsersService,
    private readonly notifications: NotificationsService,
    private readonly audit: AuditService,
    private readonly jobs: JobRunner,
    private readonly clock: ReportsClock,
    config: ConfigService,
  ) {
    this.settings = config.getOrThrow<ReportsConfig>('reports');
  }

  onApplicationBootstrap(): void {
    this.jobs.repeat('Report maintenance', MAINTENANCE_EVERY_SECONDS, async () => {
      const done = await this.run(this.clock.now());
      if (Object.values(done).some((n) => n > 0)) {
        // Counts only: never a case number, a code or a name.
        this.logger.log(`Report maintenance: ${JSON.stringify(done)}`);
      }
    });
  }

  /** Every step once, as the reports clock would have it at `now`. */
  async run(now: Date): Promise<MaintenanceResult> {
    return {
      restrictionsEnded: await this.endRestrictions(now),
      reportsDeleted: await this.deleteExpiredReports(now),
      receiptsExpired: await this.expireReceipts(now),
      sessionsDeleted: await this.deleteExpiredSessions(now),
      remindersSent: await this.sendReminders(now),
    };
  }

  /** Ends the restrictions whose end date has come; the register restores the entries. */
  async endRestrictions(now: Date): Promise<number> {
    const today = osloDate(now);
    let total = 0;
    for (;;) {
      const ended = await this.dataSource.transaction(async (em) => {
        const done = await this.register.endDueRestrictions(em, today, BATCH);
        for (const restriction of done) {
          if (restriction.reportId) {
            await this.maintenance.addEvent(
              em,
              restriction.reportId,
              'restriction_ended',
              now,
              true,
            );
          }
          await this.audit.record(em, SYSTEM, {
            action: 'register.restriction_ended',
            subjectType: 'interpreter',
            subjectId: restriction.interpreterId,
            details: {
              restrictionId: restriction.id,
              kind: restriction.kind,
              endsOn: restriction.endsOn,
              reportId: restriction.reportId,
            },
          });
        }
        return done.length;
      });
      total += ended;
      if (ended < BATCH) return total;
    }
  }

  /** Deletes closed reports whose retention period is over. */
  async deleteExpiredReports(now: Date): Promise<number> {
    const today = osloDate(now);
    let total = 0;
    for (;;) {
      const deleted = await this.dataSource.transaction(async (em) => {
        const due = await this.maintenance.dueForDeletion(em, today, BATCH);
        await this.maintenance.deleteReports(
          em,
          due.map((r) => r.id),
        );
        for (const report of due) {
          await this.audit.record(em, SYSTEM, {
            action: 'report.deleted',
            subjectType: 'report',
            subjectId: report.id,
            details: { caseNumber: report.case_number },
          });
        }
        return due.length;
      });
      total += deleted;
      if (deleted < BATCH) return total;
    }
  }

  /** Ends receipt access to closed reports after the reporter's inactivity. */
  async expireReceipts(now: Date): Promise<number> {
    const cutoff = new Date(now.getTime() - this.settings.receiptInactivityDays * 86_400_000);
    let total = 0;
    for (;;) {
      const expired = await this.dataSource.transaction(async (em) => {
        const rows = await this.maintenance.expireReceipts(em, cutoff, BATCH);
        for (const report of rows) {
          await this.maintenance.addEvent(em, report.id, 'receipt_expired', now);
          await this.audit.record(em, SYSTEM, {
            action: 'report.receipt_expired',
            subjectType: 'report',
            subjectId: report.id,
            details: { caseNumber: report.case_number },
          });
        }
        return rows.length;
      });
      total += expired;
      if (expired < BATCH) return total;
    }
  }

  /** Deletes reporter sessions past their expiry. */
  async deleteExpiredSessions(now: Date): Promise<number> {
    let total = 0;
    for (;;) {
      const deleted = await this.dataSource.transaction((em) =>
        this.maintenance.deleteExpiredSessions(em, now, BATCH * 10),
      );
      total += deleted;
      if (deleted < BATCH * 10) return total;
    }
  }

  /**
   * Reminds the assigned handler, through the outbox to their staff e-mail,
   * of each deadline due soon and again once overdue, each once (recorded as
   * an event `reminder:<which>:<due|overdue>`). A handler without an e-mail
   * gets none; nothing is recorded then, so they are reminded once one is set.
   */
  async sendReminders(now: Date): Promise<number> {
    const today = osloDate(now);
    const horizons = {
      acknowledge: addDays(today, REMINDER_DAYS.acknowledge),
      feedback: addDays(today, REMINDER_DAYS.feedback),
      reply: addDays(today, REMINDER_DAYS.interpreter_reply),
      advice: addDays(today, REMINDER_DAYS.advice),
    };
    let total = 0;
    let after = FIRST_ID;
    for (;;) {
      const { sent, last, claimed } = await this.dataSource.transaction(async (em) => {
        const rows = await this.maintenance.reminderCandidates(em, horizons, after, BATCH);
        let count = 0;
        for (const row of rows) count += await this.remind(em, row, today, now);
        return { sent: count, last: rows.at(-1)?.id, claimed: rows.length };
      });
      total += sent;
      if (claimed < BATCH || !last) return total;
      after = last;
    }
  }

  private async remind(
    em: EntityManager,
    row: ReminderCandidateRow,
    today: string,
    now: Date,
  ): Promise<number> {
    const open = row.status !== 'decided';
    const deadlines: Array<{ which: ReminderWhich; deadline: string; since: Date | null }> = [];
    if (row.kind === 'report' && !row.acknowledged) {
      deadlines.push({ which: 'acknowledge', deadline: row.acknowledge_by, since: null });
    }
    if (row.kind === 'report' && !row.feedback_given) {
      deadlines.push({ which: 'feedback', deadline: row.feedback_by, since: null });
    }
    if (
      open &&
      row.interpreter_notified_at &&
      row.interpreter_reply_by &&
      !row.interpreter_replied
    ) {
      deadlines.push({
        which: 'interpreter_reply',
        deadline: row.interpreter_reply_by,
        since: row.interpreter_notified_at,
      });
    }
    if (open && row.referral_id && row.advice_by && !row.advised) {
      deadlines.push({ which: 'advice', deadline: row.advice_by, since: row.referred_at });
    }
    const due = deadlines.filter((d) => d.deadline <= addDays(today, REMINDER_DAYS[d.which]));
    if (due.length === 0) return 0;
    const email = await this.users.staffEmailOf(em, row.assigned_to);
    if (!email) return 0;
    const recorded = await this.maintenance.reminders(em, row.id);
    let sent = 0;
    for (const d of due) {
      const phase = d.deadline < today ? 'overdue' : 'due';
      const kind = `reminder:${d.which}:${phase}`;
      // A new notification or referral sets a new deadline: only reminders since count.
      const already = recorded.some(
        (r) => r.kind === kind && (d.since === null || new Date(r.at) >= d.since),
      );
      if (already) continue;
      await this.maintenance.addEvent(em, row.id, kind, now);
      await this.notifications.enqueue(em, {
        recipientUserId: row.assigned_to,
        to: email,
        template: 'report_deadline_reminder',
        lang: 'nb',
        reportId: row.id,
        params: { caseNumber: row.case_number, deadline: d.deadline, which: d.which },
      });
      sent++;
    }
    return sent;
  }
}
