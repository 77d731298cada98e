import type { ReportLetterData } from '../../src/reports/report-letter.js';
import { randomBytes, randomUUID } from 'node:crypto';
import type {
  MessageChannel,
  ReportContent,
  ReportDuty,
  ReporterIdentity,
  ReportKind,
  ReportOutcome,
  ReportStatus,
} from '../../src/reports/report-types.js';
import { reportDeadlines } from '../../src/reports/deadlines.js';
import { ReportsClock } from '../../src/reports/reports-clock.js';
import { aadFor } from '../../src/sealing/sealed-box.js';
import { SealingService } from '../../src/sealing/sealing.module.js';
import type { TestApp } from '../setup/test-app.js';

// Reports in every state a case can reach, inserted directly (sealed as the
// services seal them), so the committee's, the interpreter's and the jobs'
// tests do not depend on the intake and case-handling code.

export interface ReportSpec {
  kind?: ReportKind;
  interpreterId?: string | null;
  /** A named reporter (anonymous when left out). */
  reporter?: ReporterIdentity;
  text?: string;
  redacted?: string | null;
  duties?: ReportDuty[];
  status?: ReportStatus;
  receivedAt?: Date;
  assignedTo?: string | null;
  acknowledgedAt?: Date | null;
  feedbackAt?: Date | null;
  /** With a receipt code (stand-in index and hash): true unless an exclusion review. */
  receipt?: boolean;
  reporterActiveAt?: Date;
  closedAt?: Date | null;
  deleteAfter?: string | null;
}

export interface CreatedReport {
  id: string;
  caseNumber: string;
}

let cases = 0;

function sealing(t: TestApp): SealingService {
  return t.app.get(SealingService);
}

function now(t: TestApp): Date {
  return t.app.get(ReportsClock).now();
}

/** A report (or exclusion review) with its sealed account, and a statistics fact. */
export async function createReport(t: TestApp, spec: ReportSpec = {}): Promise<CreatedReport> {
  const id = randomUUID();
  const kind = spec.kind ?? 'report';
  const receivedAt = spec.receivedAt ?? now(t);
  const deadlines = reportDeadlines(receivedAt);
  cases++;
  const caseNumber = `VAR-${receivedAt.getUTCFullYear()}-${String(cases).padStart(4, '0')}`;
  const content: ReportContent | object =
    kind === 'report'
      ? {
          text: spec.text ?? 'The interpreter talked about the patient to a neighbour.',
          happenedOn: '2026-01-10',
          place: 'Ward 7',
          publicBody: 'Oslo universitetssykehus',
          interpreterNumber: null,
          interpreterName: null,
          languageCode: null,
        }
      : { reason: 'third_warning_in_five_years', windowStart: '2021-01-01', counted: [] };
  const s = sealing(t);
  const receipt = spec.receipt ?? kind === 'report';
  const status = spec.status ?? 'received';
  const closedAt = status === 'closed' ? (spec.closedAt ?? now(t)) : null;
  await t.dataSource.query(
    `INSERT INTO reports (id, case_number, kind, review_reason, receipt_index, receipt_hash,
       reporter_active_at, anonymous, reporter_sealed, content_sealed, redacted_sealed, duties,
       interpreter_id, status, received_at, acknowledge_by, feedback_by, acknowledged_at, feedback_at,
       assigned_to, assigned_at, closed_at, delete_after)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12::report_duty[], $13, $14::report_status,
       $15, $16::date, $17::date, $18, $19, $20, $21, $22, $23::date)`,
    [
      id,
      caseNumber,
      kind,
      kind === 'exclusion_review' ? 'third_warning_in_five_years' : null,
      receipt ? randomBytes(32).toString('hex') : null,
      receipt ? '$argon2id$v=19$m=19456,t=2,p=1$stand-in$stand-in' : null,
      spec.reporterActiveAt ?? receivedAt,
      spec.reporter === undefined,
      spec.reporter === undefined
        ? null
        : s.seal(JSON.stringify(spec.reporter), aadFor('reports', id, 'reporter_sealed')),
      s.seal(JSON.stringify(content), aadFor('reports', id, 'content_sealed')),
      spec.redacted ? s.seal(spec.redacted, aadFor('reports', id, 'redacted_sealed')) : null,
      spec.duties ?? ['confidentiality'],
      spec.interpreterId ?? null,
      status,
      receivedAt,
      deadlines.acknowledgeBy,
      deadlines.feedbackBy,
      spec.acknowledgedAt ?? null,
      spec.feedbackAt ?? null,
      spec.assignedTo ?? null,
      spec.assignedTo ? receivedAt : null,
      closedAt,
      spec.deleteAfter ?? null,
    ],
  );
  await t.dataSource.query(
    `INSERT INTO report_facts (report_id, received_on, duties) VALUES ($1, $2::date, $3::report_duty[])`,
    [id, deadlines.receivedOn, spec.duties ?? ['confidentiality']],
  );
  return { id, caseNumber };
}

/** A message in one of the case's channels, sealed. */
export async function addMessage(
  t: TestApp,
  reportId: string,
  spec: {
    channel: MessageChannel;
    author: 'reporter' | 'staff' | 'interpreter' | 'committee';
    authorUserId?: string | null;
    text: string;
    at?: Date;
  },
): Promise<string> {
  const id = randomUUID();
  await t.dataSource.query(
    `INSERT INTO report_messages (id, report_id, channel, author, author_user_id, body_sealed, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7)`,
    [
      id,
      reportId,
      spec.channel,
      spec.author,
      spec.authorUserId ?? null,
      sealing(t).seal(spec.text, aadFor('report_messages', id, 'body_sealed')),
      spec.at ?? now(t),
    ],
  );
  return id;
}

/** Refers the case to the committee, as the case handler does. */
export async function referCase(
  t: TestApp,
  reportId: string,
  spec: { referredBy: string; question: string; adviceBy: string; at?: Date },
): Promise<string> {
  const id = randomUUID();
  await t.dataSource.query(
    `INSERT INTO report_referrals (id, report_id, referred_by, referred_at, question_sealed, advice_by)
     VALUES ($1, $2, $3, $4, $5, $6::date)`,
    [
      id,
      reportId,
      spec.referredBy,
      spec.at ?? now(t),
      sealing(t).seal(spec.question, aadFor('report_referrals', id, 'question_sealed')),
      spec.adviceBy,
    ],
  );
  await t.dataSource.query(
    `UPDATE reports SET status = 'with_committee' WHERE id = $1 AND status <> 'closed'`,
    [reportId],
  );
  return id;
}

export async function closeReferral(t: TestApp, referralId: string): Promise<void> {
  await t.dataSource.query(`UPDATE report_referrals SET closed_at = $2 WHERE id = $1`, [
    referralId,
    now(t),
  ]);
}

/** Tells the interpreter that the case concerns them, with a date to reply by. */
export async function notifyInterpreter(
  t: TestApp,
  reportId: string,
  spec: { replyBy: string; at?: Date },
): Promise<void> {
  const at = spec.at ?? now(t);
  await t.dataSource.query(
    `UPDATE reports SET interpreter_notified_at = $2, interpreter_reply_by = $3::date,
            status = CASE WHEN status = 'received' THEN 'investigating'::report_status ELSE status END
      WHERE id = $1`,
    [reportId, at, spec.replyBy],
  );
  await t.dataSource.query(
    `INSERT INTO report_events (report_id, kind, at, visible_to_reporter, visible_to_interpreter)
     VALUES ($1, 'interpreter_notified', $2, false, true)`,
    [reportId, at],
  );
}

/** A decision with its sealed reasons and letter data, and the sanction it records. */
export async function decide(
  t: TestApp,
  reportId: string,
  spec: {
    outcome: ReportOutcome;
    decidedBy: string;
    interpreterId: string;
    reasons: string;
    round?: number;
    excludedUntil?: string | null;
    at?: Date;
    sanction?: string | null;
  },
): Promise<string> {
  const id = randomUUID();
  const at = spec.at ?? now(t);
  const s = sealing(t);
  await t.dataSource.query(
    `INSERT INTO report_decisions (id, report_id, round, outcome, excluded_until, reasons_sealed,
       letter_sealed, decided_by, decided_at)
     VALUES ($1, $2, $3, $4::report_outcome, $5::date, $6, $7, $8, $9)`,
    [
      id,
      reportId,
      spec.round ?? 1,
      spec.outcome,
      spec.excludedUntil ?? null,
      s.seal(spec.reasons, aadFor('report_decisions', id, 'reasons_sealed')),
      s.seal(
        JSON.stringify({
          lang: 'nb',
          caseNumber: 'VAR-2026-9999',
          letterDate: at.toISOString().slice(0, 10),
          recipient: { name: 'Tolken', interpreterNumber: null },
          outcome: spec.outcome,
          serious: false,
          reasons: spec.reasons,
          excludedFrom: null,
          excludedUntil: spec.excludedUntil ?? null,
          revokedLanguage: null,
          categoryAfter: null,
          temporaryExclusionLifted: false,
          handler: { name: 'Saksbehandler', title: 'Rådgiver' },
        } satisfies ReportLetterData),
        aadFor('report_decisions', id, 'letter_sealed'),
      ),
      spec.decidedBy,
      at,
    ],
  );
  await t.dataSource.query(
    `UPDATE reports SET status = 'decided', outcome = $2::report_outcome, decided_at = $3 WHERE id = $1`,
    [reportId, spec.outcome, at],
  );
  const sanction = spec.sanction === undefined ? spec.outcome : spec.sanction;
  if (sanction) {
    await t.dataSource.query(
      `INSERT INTO interpreter_sanctions (interpreter_id, report_id, decision_id, kind, decided_on)
       VALUES ($1, $2, $3, $4, $5::date)`,
      [spec.interpreterId, reportId, id, sanction, at.toISOString().slice(0, 10)],
    );
  }
  return id;
}

/** Closes the case; it may be deleted from `deleteAfter` on. */
export async function closeReport(
  t: TestApp,
  reportId: string,
  spec: { at?: Date; deleteAfter: string },
): Promise<void> {
  await t.dataSource.query(
    `UPDATE reports SET status = 'closed', closed_at = $2, delete_after = $3::date WHERE id = $1`,
    [reportId, spec.at ?? now(t), spec.deleteAfter],
  );
  await t.dataSource.query(`UPDATE report_facts SET closed_on = $2::date WHERE report_id = $1`, [
    reportId,
    (spec.at ?? now(t)).toISOString().slice(0, 10),
  ]);
}

/**
 * Reopens a closed case. `keepDeleteAfter` leaves the old retention date in
 * place, as a careless reopening would: the job must still not delete it.
 */
export async function reopenReport(
  t: TestApp,
  reportId: string,
  keepDeleteAfter = false,
): Promise<void> {
  await t.dataSource.query(
    `UPDATE reports SET status = 'investigating', closed_at = NULL
            ${keepDeleteAfter ? '' : ', delete_after = NULL'}
      WHERE id = $1`,
    [reportId],
  );
}

/** A reporter's session after typing the receipt code. */
export async function addReporterSession(
  t: TestApp,
  reportId: string,
  expiresAt: Date,
): Promise<string> {
  const hash = randomBytes(32).toString('hex');
  await t.dataSource.query(
    `INSERT INTO report_sessions (token_hash, report_id, expires_at, ends_at) VALUES ($1, $2, $3, $3)`,
    [hash, reportId, expiresAt],
  );
  return hash;
}
