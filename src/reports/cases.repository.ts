import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type {
  MessageAuthor,
  MessageChannel,
  ReportDuty,
  ReportKind,
  ReportOutcome,
  ReportStatus,
} from './report-types.js';

export interface CaseRow {
  id: string;
  case_number: string;
  kind: ReportKind;
  review_reason: 'third_warning_in_five_years' | 'serious_breach' | null;
  origin_report_id: string | null;
  origin_case_number: string | null;
  /** The newest exclusion review this case opened, if any. */
  opened_review_id: string | null;
  opened_review_case_number: string | null;
  anonymous: boolean;
  reporter_sealed: Buffer | null;
  content_sealed: Buffer;
  redacted_sealed: Buffer | null;
  duties: ReportDuty[];
  interpreter_id: string | null;
  status: ReportStatus;
  received_at: Date;
  acknowledge_by: string;
  feedback_by: string;
  acknowledged_at: Date | null;
  feedback_at: Date | null;
  assigned_to: string | null;
  assigned_at: Date | null;
  interpreter_notified_at: Date | null;
  interpreter_reply_by: string | null;
  interpreter_replied: boolean;
  outcome: ReportOutcome | null;
  decided_at: Date | null;
  closed_at: Date | null;
  delete_after: string | null;
}

export interface QueueRow {
  id: string;
  case_number: string;
  kind: ReportKind;
  received_at: Date;
  interpreter_id: string | null;
  duties: ReportDuty[];
  status: ReportStatus;
  assigned_to: string | null;
  ack_due: string | null;
  feedback_due: string | null;
  reply_due: string | null;
  advice_due: string | null;
  next_due: string | null;
  /** The reporter or the interpreter wrote last: the case waits for the directorate. */
  new_reply: boolean;
  total: number;
}

export interface QueueFilter {
  statuses: readonly ReportStatus[];
  assignedTo?: string;
  /** Only cases with a deadline before `today` (overdue) or from `today` to `soonUntil`. */
  due?: 'overdue' | 'soon';
  today: string;
  soonUntil: string;
  limit: number;
  offset: number;
}

export interface MessageRow {
  id: string;
  channel: MessageChannel;
  author: MessageAuthor;
  author_user_id: string | null;
  body_sealed: Buffer;
  created_at: Date;
}

export interface AttachmentRow {
  id: string;
  message_id: string | null;
  channel: 'reporter' | 'interpreter' | 'internal';
  name_sealed: Buffer;
  media_type: string;
  size_bytes: number;
  created_at: Date;
}

export interface EventRow {
  id: string;
  at: Date;
  kind: string;
  actor_user_id: string | null;
  visible_to_reporter: boolean;
  visible_to_interpreter: boolean;
}

export interface ConflictRow {
  user_id: string;
  capacity: 'case_handler' | 'committee_member';
  conflicted: boolean;
  statement_sealed: Buffer | null;
  declared_at: Date;
}

export interface ReferralRow {
  id: string;
  referred_by: string;
  referred_at: Date;
  question_sealed: Buffer;
  advice_by: string;
  closed_at: Date | null;
}

export interface AdviceRow {
  id: string;
  referral_id: string;
  member_user_id: string;
  advice_sealed: Buffer;
  created_at: Date;
}

export interface DecisionRow {
  id: string;
  round: number;
  outcome: ReportOutcome;
  serious: boolean;
  excluded_until: string | null;
  language_code: string | null;
  reasons_sealed: Buffer;
  letter_sealed: Buffer;
  decided_by: string;
  decided_at: Date;
}

export interface SanctionRow {
  id: string;
  report_id: string | null;
  case_number: string | null;
  decision_id: string | null;
  kind: string;
  decided_on: string;
}

export interface NewReview {
  id: string;
  caseNumber: string;
  reason: 'third_warning_in_five_years' | 'serious_breach';
  originReportId: string;
  contentSealed: Buffer;
  duties: ReportDuty[];
  interpreterId: string;
  receivedAt: Date;
  acknowledgeBy: string;
  feedbackBy: string;
  assignedTo: string;
}

const CASE_SELECT = `
  SELECT r.id, r.case_number, r.kind, r.review_reason, r.origin_report_id,
         o.case_number AS origin_case_number,
         (SELECT v.id FROM reports v WHERE v.origin_report_id = r.id
           ORDER BY v.received_at DESC LIMIT 1) AS opened_review_id,
         (SELECT v.case_number FROM reports v WHERE v.origin_report_id = r.id
           ORDER BY v.received_at DESC LIMIT 1) AS opened_review_case_number,
         r.anonymous, r.reporter_sealed, r.content_sealed,
         r.redacted_sealed, r.duties::text[] AS duties, r.interpreter_id, r.status, r.received_at,
         to_char(r.acknowledge_by, 'YYYY-MM-DD') AS acknowledge_by,
         to_char(r.feedback_by, 'YYYY-MM-DD') AS feedback_by,
         r.acknowledged_at, r.feedback_at, r.assigned_to, r.assigned_at, r.interpreter_notified_at,
         to_char(r.interpreter_reply_by, 'YYYY-MM-DD') AS interpreter_reply_by,
         EXISTS (SELECT 1 FROM report_messages m
                  WHERE m.report_id = r.id AND m.channel = 'interpreter' AND m.author = 'interpreter')
           AS interpreter_replied,
         r.outcome, r.decided_at, r.closed_at, to_char(r.delete_after, 'YYYY-MM-DD') AS delete_after
    FROM reports r LEFT JOIN reports o ON o.id = r.origin_report_id`;

/**
 * The case handler's SQL on reports (issue #11): the queue, one case with
 * everything on it, and every step's writes. Sealed columns pass through as
 * bytes; the service seals and opens them.
 */
@Injectable()
export class CasesRepository {
  constructor(private readonly dataSource: DataSource) {}

  async byId(em: EntityManager, id: string, lock = false): Promise<CaseRow | undefined> {
    const [row]: CaseRow[] = await em.query(
      `${CASE_SELECT} WHERE r.id = $1${lock ? ' FOR UPDATE OF r' : ''}`,
      [id],
    );
    return row;
  }

  /**
   * The queue, most urgent first: the earliest deadline still open (to
   * acknowledge, to give feedback, the interpreter's reply, the committee's
   * advice), then the oldest. Deadlines count only while the case is open.
   */
  async queue(filter: QueueFilter): Promise<QueueRow[]> {
    const params: unknown[] = [filter.statuses];
    let where = 'r.status = ANY($1::report_status[])';
    if (filter.assignedTo) {
      params.push(filter.assignedTo);
      where += ` AND r.assigned_to = $${params.length}`;
    }
    let due = '';
    if (filter.due === 'overdue') {
      params.push(filter.today);
      due = `WHERE next_due < $${params.length}::date`;
    } else if (filter.due === 'soon') {
      params.push(filter.today, filter.soonUntil);
      due = `WHERE next_due >= $${params.length - 1}::date AND next_due <= $${params.length}::date`;
    }
    params.push(filter.limit, filter.offset);
    const rows: Array<QueueRow & { total: string | number }> = await this.dataSource.query(
      `WITH q AS (
         SELECT r.id, r.case_number, r.kind, r.received_at, r.interpreter_id,
                r.duties::text[] AS duties, r.status, r.assigned_to,
                CASE WHEN r.acknowledged_at IS NULL AND r.status = 'received'
                     THEN r.acknowledge_by END AS ack_due,
                CASE WHEN r.feedback_at IS NULL AND r.kind = 'report'
                      AND r.status IN ('received', 'investigating', 'with_committee')
                     THEN r.feedback_by END AS feedback_due,
                CASE WHEN r.interpreter_notified_at IS NOT NULL
                      AND r.status IN ('investigating', 'with_committee')
                      AND NOT EXISTS (SELECT 1 FROM report_messages m WHERE m.report_id = r.id
                                         AND m.channel = 'interpreter' AND m.author = 'interpreter')
                     THEN r.interpreter_reply_by END AS reply_due,
                (SELECT f.advice_by FROM report_referrals f
                  WHERE f.report_id = r.id AND f.closed_at IS NULL) AS advice_due,
                coalesce((SELECT m.author IN ('reporter', 'interpreter') FROM report_messages m
                           WHERE m.report_id = r.id AND m.channel IN ('reporter', 'interpreter')
                           ORDER BY m.created_at DESC, m.id DESC LIMIT 1), false) AS new_reply
           FROM reports r
          WHERE ${where}
       ), d AS (
         SELECT q.*, LEAST(ack_due, feedback_due, reply_due, advice_due) AS next_due FROM q
       )
       SELECT id, case_number, kind, received_at, interpreter_id, duties, status, assigned_to,
              to_char(ack_due, 'YYYY-MM-DD') AS ack_due,
              to_char(feedback_due, 'YYYY-MM-DD') AS feedback_due,
              to_char(reply_due, 'YYYY-MM-DD') AS reply_due,
              to_char(advice_due, 'YYYY-MM-DD') AS advice_due,
              to_char(next_due, 'YYYY-MM-DD') AS next_due, new_reply,
              count(*) OVER () AS total
         FROM d ${due}
        ORDER BY d.next_due ASC NULLS LAST, d.received_at ASC, d.case_number ASC
        LIMIT $${params.length - 1} OFFSET $${params.length}`,
      params,
    );
    return rows.map((r) => ({ ...r, total: Number(r.total) }));
  }

  /** How many cases match the filter when the page asked for is past the end. */
  async queueCount(filter: QueueFilter): Promise<number> {
    const rows = await this.queue({ ...filter, limit: 1, offset: 0 });
    return rows[0]?.total ?? 0;
  }

  // ---- steps ------------------------------------------------------------------

  async assign(em: EntityManager, id: string, userId: string, at: Date): Promise<void> {
    await em.query(
      `UPDATE reports SET assigned_to = $2, assigned_at = $3, version = version + 1 WHERE id = $1`,
      [id, userId, at],
    );
  }

  async conflictOf(
    em: EntityManager,
    reportId: string,
    userId: string,
    capacity: 'case_handler' | 'committee_member',
  ): Promise<ConflictRow | undefined> {
    const [row]: ConflictRow[] = await em.query(
      `SELECT user_id, capacity, conflicted, statement_sealed, declared_at FROM report_conflicts
        WHERE report_id = $1 AND user_id = $2 AND capacity = $3`,
      [reportId, userId, capacity],
    );
    return row;
  }

  async declareConflict(
    em: EntityManager,
    row: {
      reportId: string;
      userId: string;
      conflicted: boolean;
      statementSealed: Buffer | null;
      declaredAt: Date;
    },
  ): Promise<void> {
    await em.query(
      `INSERT INTO report_conflicts (report_id, user_id, capacity, conflicted, statement_sealed, declared_at)
       VALUES ($1, $2, 'case_handler', $3, $4, $5)
       ON CONFLICT (report_id, user_id, capacity)
       DO UPDATE SET conflicted = EXCLUDED.conflicted, statement_sealed = EXCLUDED.statement_sealed,
                     declared_at = EXCLUDED.declared_at`,
      [row.reportId, row.userId, row.conflicted, row.statementSealed, row.declaredAt],
    );
  }

  async conflicts(em: EntityManager, reportId: string): Promise<ConflictRow[]> {
    return em.query(
      `SELECT user_id, capacity, conflicted, statement_sealed, declared_at FROM report_conflicts
        WHERE report_id = $1 ORDER BY declared_at, user_id`,
      [reportId],
    );
  }

  async setStatus(
    em: EntityManager,
    id: string,
    status: ReportStatus,
    extra: {
      acknowledgedAt?: Date;
      decidedAt?: Date;
      outcome?: ReportOutcome;
      closedAt?: Date | null;
      deleteAfter?: string | null;
    } = {},
  ): Promise<void> {
    const sets = ['status = $2::report_status', 'version = version + 1'];
    const params: unknown[] = [id, status];
    const add = (column: string, value: unknown, cast = '') => {
      params.push(value);
      sets.push(`${column} = $${params.length}${cast}`);
    };
    if (extra.acknowledgedAt !== undefined) add('acknowledged_at', extra.acknowledgedAt);
    if (extra.decidedAt !== undefined) add('decided_at', extra.decidedAt);
    if (extra.outcome !== undefined) add('outcome', extra.outcome, '::report_outcome');
    if (extra.closedAt !== undefined) add('closed_at', extra.closedAt);
    if (extra.deleteAfter !== undefined) add('delete_after', extra.deleteAfter, '::date');
    await em.query(`UPDATE reports SET ${sets.join(', ')} WHERE id = $1`, params);
  }

  async setFeedbackAt(em: EntityManager, id: string, at: Date): Promise<void> {
    await em.query(
      `UPDATE reports SET feedback_at = $2, version = version + 1 WHERE id = $1 AND feedback_at IS NULL`,
      [id, at],
    );
  }

  async setInterpreter(em: EntityManager, id: string, interpreterId: string): Promise<void> {
    await em.query(`UPDATE reports SET interpreter_id = $2, version = version + 1 WHERE id = $1`, [
      id,
      interpreterId,
    ]);
  }

  async setRedacted(em: EntityManager, id: string, sealed: Buffer): Promise<void> {
    await em.query(`UPDATE reports SET redacted_sealed = $2, version = version + 1 WHERE id = $1`, [
      id,
      sealed,
    ]);
  }

  async setInterpreterNotified(
    em: EntityManager,
    id: string,
    at: Date,
    replyBy: string,
  ): Promise<void> {
    await em.query(
      `UPDATE reports SET interpreter_notified_at = $2, interpreter_reply_by = $3::date,
              version = version + 1 WHERE id = $1`,
      [id, at, replyBy],
    );
  }

  async addMessage(
    em: EntityManager,
    row: {
      id: string;
      reportId: string;
      channel: MessageChannel;
      authorUserId: string;
      bodySealed: Buffer;
    },
  ): Promise<void> {
    await em.query(
      `INSERT INTO report_messages (id, report_id, channel, author, author_user_id, body_sealed)
       VALUES ($1, $2, $3, 'staff', $4, $5)`,
      [row.id, row.reportId, row.channel, row.authorUserId, row.bodySealed],
    );
  }

  async messages(em: EntityManager, reportId: string): Promise<MessageRow[]> {
    return em.query(
      `SELECT id, channel, author, author_user_id, body_sealed, created_at FROM report_messages
        WHERE report_id = $1 ORDER BY created_at, id`,
      [reportId],
    );
  }

  async attachments(em: EntityManager, reportId: string): Promise<AttachmentRow[]> {
    return em.query(
      `SELECT id, message_id, channel, name_sealed, media_type, size_bytes, created_at
         FROM report_attachments WHERE report_id = $1 ORDER BY created_at, id`,
      [reportId],
    );
  }

  async attachment(
    em: EntityManager,
    reportId: string,
    attachmentId: string,
  ): Promise<(AttachmentRow & { data_sealed: Buffer }) | undefined> {
    const [row]: Array<AttachmentRow & { data_sealed: Buffer }> = await em.query(
      `SELECT id, message_id, channel, name_sealed, media_type, size_bytes, created_at, data_sealed
         FROM report_attachments WHERE report_id = $1 AND id = $2`,
      [reportId, attachmentId],
    );
    return row;
  }

  async addEvent(
    em: EntityManager,
    reportId: string,
    event: {
      kind: string;
      actorUserId: string | null;
      /** The reports clock's time, so the history reads in the order and at the times the deadlines count. */
      at: Date;
      reporter?: boolean;
      interpreter?: boolean;
    },
  ): Promise<void> {
    await em.query(
      `INSERT INTO report_events (report_id, kind, actor_user_id, visible_to_reporter, visible_to_interpreter, at)
       VALUES ($1, $2, $3, $4, $5, $6)`,
      [
        reportId,
        event.kind,
        event.actorUserId,
        event.reporter ?? false,
        event.interpreter ?? false,
        event.at,
      ],
    );
  }

  async events(em: EntityManager, reportId: string): Promise<EventRow[]> {
    return em.query(
      `SELECT id::text, at, kind, actor_user_id, visible_to_reporter, visible_to_interpreter
         FROM report_events WHERE report_id = $1 ORDER BY id`,
      [reportId],
    );
  }

  async openReferral(em: EntityManager, reportId: string): Promise<ReferralRow | undefined> {
    const [row]: ReferralRow[] = await em.query(
      `SELECT id, referred_by, referred_at, question_sealed,
              to_char(advice_by, 'YYYY-MM-DD') AS advice_by, closed_at
         FROM report_referrals WHERE report_id = $1 AND closed_at IS NULL`,
      [reportId],
    );
    return row;
  }

  async referrals(em: EntityManager, reportId: string): Promise<ReferralRow[]> {
    return em.query(
      `SELECT id, referred_by, referred_at, question_sealed,
              to_char(advice_by, 'YYYY-MM-DD') AS advice_by, closed_at
         FROM report_referrals WHERE report_id = $1 ORDER BY referred_at, id`,
      [reportId],
    );
  }

  async addReferral(
    em: EntityManager,
    row: {
      id: string;
      reportId: string;
      referredBy: string;
      questionSealed: Buffer;
      adviceBy: string;
    },
  ): Promise<void> {
    await em.query(
      `INSERT INTO report_referrals (id, report_id, referred_by, question_sealed, advice_by)
       VALUES ($1, $2, $3, $4, $5::date)`,
      [row.id, row.reportId, row.referredBy, row.questionSealed, row.adviceBy],
    );
  }

  async closeReferrals(em: EntityManager, reportId: string, at: Date): Promise<void> {
    await em.query(
      `UPDATE report_referrals SET closed_at = $2 WHERE report_id = $1 AND closed_at IS NULL`,
      [reportId, at],
    );
  }

  async advice(em: EntityManager, reportId: string): Promise<AdviceRow[]> {
    return em.query(
      `SELECT a.id, a.referral_id, a.member_user_id, a.advice_sealed, a.created_at
         FROM report_advice a JOIN report_referrals f ON f.id = a.referral_id
        WHERE f.report_id = $1 ORDER BY a.created_at, a.id`,
      [reportId],
    );
  }

  async decisions(em: EntityManager, reportId: string): Promise<DecisionRow[]> {
    return em.query(
      `SELECT id, round, outcome, serious, to_char(excluded_until, 'YYYY-MM-DD') AS excluded_until,
              language_code, reasons_sealed, letter_sealed, decided_by, decided_at
         FROM report_decisions WHERE report_id = $1 ORDER BY round`,
      [reportId],
    );
  }

  async addDecision(
    em: EntityManager,
    row: {
      id: string;
      reportId: string;
      round: number;
      outcome: ReportOutcome;
      serious: boolean;
      excludedUntil: string | null;
      languageCode: string | null;
      reasonsSealed: Buffer;
      letterSealed: Buffer;
      decidedBy: string;
      decidedAt: Date;
    },
  ): Promise<void> {
    await em.query(
      `INSERT INTO report_decisions (id, report_id, round, outcome, serious, excluded_until,
         language_code, reasons_sealed, letter_sealed, decided_by, decided_at)
       VALUES ($1, $2, $3, $4::report_outcome, $5, $6::date, $7, $8, $9, $10, $11)`,
      [
        row.id,
        row.reportId,
        row.round,
        row.outcome,
        row.serious,
        row.excludedUntil,
        row.languageCode,
        row.reasonsSealed,
        row.letterSealed,
        row.decidedBy,
        row.decidedAt,
      ],
    );
  }

  async addSanction(
    em: EntityManager,
    row: {
      interpreterId: string;
      reportId: string;
      decisionId: string | null;
      kind: string;
      decidedOn: string;
    },
  ): Promise<void> {
    await em.query(
      `INSERT INTO interpreter_sanctions (interpreter_id, report_id, decision_id, kind, decided_on)
       VALUES ($1, $2, $3, $4, $5::date)`,
      [row.interpreterId, row.reportId, row.decisionId, row.kind, row.decidedOn],
    );
  }

  /** How many sanctions (temporary exclusions included) this report has recorded. */
  async sanctionsOfReport(em: EntityManager, reportId: string): Promise<number> {
    const [row]: Array<{ n: number }> = await em.query(
      `SELECT count(*)::int AS n FROM interpreter_sanctions WHERE report_id = $1`,
      [reportId],
    );
    return row.n;
  }

  /** The person's sanctions, oldest first, with the case they came from (while it exists). */
  async sanctionsOf(em: EntityManager, interpreterId: string): Promise<SanctionRow[]> {
    return em.query(
      `SELECT s.id, s.report_id, r.case_number, s.decision_id, s.kind,
              to_char(s.decided_on, 'YYYY-MM-DD') AS decided_on
         FROM interpreter_sanctions s LEFT JOIN reports r ON r.id = s.report_id
        WHERE s.interpreter_id = $1 ORDER BY s.decided_on, s.created_at, s.id`,
      [interpreterId],
    );
  }

  /** An exclusion review of the person that is not closed yet. */
  async openReviewOf(em: EntityManager, interpreterId: string): Promise<string | undefined> {
    const [row]: Array<{ id: string }> = await em.query(
      `SELECT id FROM reports WHERE interpreter_id = $1 AND kind = 'exclusion_review'
          AND status <> 'closed' LIMIT 1`,
      [interpreterId],
    );
    return row?.id;
  }

  /** Serialises reviews of one person: two decisions at once cannot both open one. */
  async lockPersonReviews(em: EntityManager, interpreterId: string): Promise<void> {
    await em.query(`SELECT pg_advisory_xact_lock(hashtext('report-review:' || $1))`, [
      interpreterId,
    ]);
  }

  async nextCaseNumber(em: EntityManager, year: string): Promise<string> {
    const [row]: Array<{ n: string }> = await em.query(
      `SELECT nextval('report_case_seq')::text AS n`,
    );
    return `VAR-${year}-${row.n.padStart(4, '0')}`;
  }

  async insertReview(em: EntityManager, review: NewReview): Promise<void> {
    await em.query(
      `INSERT INTO reports (id, case_number, kind, review_reason, origin_report_id, anonymous,
         content_sealed, duties, interpreter_id, status, received_at, reporter_active_at,
         acknowledge_by, feedback_by, acknowledged_at, assigned_to, assigned_at)
       VALUES ($1, $2, 'exclusion_review', $3, $4, true, $5, $6::report_duty[], $7, 'investigating',
               $8, $8, $9::date, $10::date, $8, $11, $8)`,
      [
        review.id,
        review.caseNumber,
        review.reason,
        review.originReportId,
        review.contentSealed,
        review.duties,
        review.interpreterId,
        review.receivedAt,
        review.acknowledgeBy,
        review.feedbackBy,
        review.assignedTo,
      ],
    );
  }

  async setFacts(
    em: EntityManager,
    reportId: string,
    facts: {
      acknowledgedOn?: string;
      outcome?: ReportOutcome;
      closedOn?: string | null;
    },
  ): Promise<void> {
    const sets: string[] = [];
    const params: unknown[] = [reportId];
    if (facts.acknowledgedOn !== undefined) {
      params.push(facts.acknowledgedOn);
      sets.push(`acknowledged_on = COALESCE(acknowledged_on, $${params.length}::date)`);
    }
    if (facts.outcome !== undefined) {
      params.push(facts.outcome);
      sets.push(`outcome = $${params.length}::report_outcome`);
    }
    if (facts.closedOn !== undefined) {
      params.push(facts.closedOn);
      sets.push(`closed_on = $${params.length}::date`);
    }
    if (sets.length === 0) return;
    await em.query(`UPDATE report_facts SET ${sets.join(', ')} WHERE report_id = $1`, params);
  }
}
