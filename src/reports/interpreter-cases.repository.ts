import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { ReportDuty, ReportKind, ReportOutcome, ReportStatus } from './report-types.js';

/** A case about the interpreter, once they have been told of it. Never the reporter or the original account. */
export interface InterpreterCaseRow {
  id: string;
  case_number: string;
  kind: ReportKind;
  status: ReportStatus;
  duties: ReportDuty[];
  interpreter_notified_at: Date;
  interpreter_reply_by: string | null;
  outcome: ReportOutcome | null;
  decided_at: Date | null;
  redacted_sealed: Buffer | null;
}

export interface InterpreterMessageRow {
  id: string;
  author: 'staff' | 'interpreter';
  body_sealed: Buffer;
  created_at: Date;
}

export interface InterpreterDecisionRow {
  id: string;
  round: number;
  outcome: ReportOutcome;
  excluded_until: string | null;
  language_code: string | null;
  reasons_sealed: Buffer;
  decided_at: Date;
}

export interface SanctionRow {
  id: string;
  kind: string;
  decided_on: string;
  case_number: string | null;
}

/**
 * Only what the interpreter may see: the columns named here, the
 * `interpreter` channel and the events marked for them. Never
 * `reporter_sealed`, `content_sealed`, other channels or the committee's advice.
 */
const CASE_COLUMNS = `
  r.id, r.case_number, r.kind, r.status, r.duties::text[] AS duties, r.interpreter_notified_at,
  r.interpreter_reply_by::text AS interpreter_reply_by, r.outcome, r.decided_at, r.redacted_sealed`;

/** The reports feature's SQL for the interpreter's side (issue #11); see docs/architecture.md, "Where SQL lives". */
@Injectable()
export class InterpreterCasesRepository {
  /** The cases about this interpreter that they have been told of, the latest first. */
  casesOf(em: EntityManager, interpreterId: string): Promise<InterpreterCaseRow[]> {
    return em.query(
      `SELECT ${CASE_COLUMNS} FROM reports r
        WHERE r.interpreter_id = $1 AND r.interpreter_notified_at IS NOT NULL
        ORDER BY r.interpreter_notified_at DESC, r.case_number`,
      [interpreterId],
    );
  }

  /** Whether the interpreter has any case they have been told of (the link on Min side). */
  async hasCases(em: EntityManager, interpreterId: string): Promise<boolean> {
    const rows: unknown[] = await em.query(
      `SELECT 1 FROM reports WHERE interpreter_id = $1 AND interpreter_notified_at IS NOT NULL LIMIT 1`,
      [interpreterId],
    );
    return rows.length > 0;
  }

  /** One of their cases by number; with `lock`, held until the caller's transaction ends. */
  async caseOf(
    em: EntityManager,
    interpreterId: string,
    caseNumber: string,
    lock = false,
  ): Promise<InterpreterCaseRow | undefined> {
    const [row]: InterpreterCaseRow[] = await em.query(
      `SELECT ${CASE_COLUMNS} FROM reports r
        WHERE r.case_number = $2 AND r.interpreter_id = $1 AND r.interpreter_notified_at IS NOT NULL
        ${lock ? 'FOR UPDATE' : ''}`,
      [interpreterId, caseNumber],
    );
    return row;
  }

  /** The case's `interpreter` channel, oldest first. */
  messages(em: EntityManager, reportId: string): Promise<InterpreterMessageRow[]> {
    return em.query(
      `SELECT id, author, body_sealed, created_at FROM report_messages
        WHERE report_id = $1 AND channel = 'interpreter' AND author IN ('staff', 'interpreter')
        ORDER BY created_at, id`,
      [reportId],
    );
  }

  /** The case's steps the interpreter may see, oldest first. */
  events(em: EntityManager, reportId: string): Promise<Array<{ kind: string; at: Date }>> {
    return em.query(
      `SELECT kind, at FROM report_events
        WHERE report_id = $1 AND visible_to_interpreter ORDER BY at, id`,
      [reportId],
    );
  }

  decisions(em: EntityManager, reportId: string): Promise<InterpreterDecisionRow[]> {
    return em.query(
      `SELECT id, round, outcome, excluded_until::text AS excluded_until, language_code,
              reasons_sealed, decided_at
         FROM report_decisions WHERE report_id = $1 ORDER BY round`,
      [reportId],
    );
  }

  /** A decision's sealed letter data, for its PDF. */
  async letter(
    em: EntityManager,
    reportId: string,
    decisionId: string,
  ): Promise<{ id: string; round: number; letter_sealed: Buffer } | undefined> {
    const [row]: Array<{ id: string; round: number; letter_sealed: Buffer }> = await em.query(
      `SELECT id, round, letter_sealed FROM report_decisions WHERE report_id = $1 AND id = $2`,
      [reportId, decisionId],
    );
    return row;
  }

  /** Every sanction recorded on the person, also those whose report has been deleted. */
  sanctionsOf(em: EntityManager, interpreterId: string): Promise<SanctionRow[]> {
    return em.query(
      `SELECT s.id, s.kind, s.decided_on::text AS decided_on, r.case_number
         FROM interpreter_sanctions s LEFT JOIN reports r ON r.id = s.report_id
        WHERE s.interpreter_id = $1 ORDER BY s.decided_on, s.created_at`,
      [interpreterId],
    );
  }

  async insertMessage(
    em: EntityManager,
    row: {
      id: string;
      reportId: string;
      authorUserId: string;
      bodySealed: Buffer;
      createdAt: Date;
    },
  ): Promise<void> {
    await em.query(
      `INSERT INTO report_messages (id, report_id, channel, author, author_user_id, body_sealed, created_at)
       VALUES ($1, $2, 'interpreter', 'interpreter', $3, $4, $5)`,
      [row.id, row.reportId, row.authorUserId, row.bodySealed, row.createdAt],
    );
  }

  /** A step in the case's history that the interpreter sees too (never content). */
  async addEvent(
    em: EntityManager,
    reportId: string,
    kind: string,
    actorUserId: string | null,
    at: Date,
  ): Promise<void> {
    await em.query(
      `INSERT INTO report_events (report_id, kind, actor_user_id, at, visible_to_interpreter)
       VALUES ($1, $2, $3, $4, true)`,
      [reportId, kind, actorUserId, at],
    );
  }
}
