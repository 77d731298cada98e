import { randomUUID } from 'node:crypto';
import { SealingService } from '../../src/sealing/sealing.module.js';
import { aadFor } from '../../src/sealing/sealed-box.js';
import { osloDate } from '../../src/reports/calendar-date.js';
import { reportDeadlines } from '../../src/reports/deadlines.js';
import { ReportsClock } from '../../src/reports/reports-clock.js';
import type {
  ReportContent,
  ReportDuty,
  ReporterIdentity,
} from '../../src/reports/report-types.js';
import type { TestApp } from '../setup/test-app.js';

// Reports as the intake (part 1 of #11) leaves them: sealed content and
// identity, the deadlines from the reports clock, the anonymous facts and
// the "received" event. Written directly, so the case handling's tests do
// not depend on the reporting channel.

export interface ReportSpec {
  interpreterId?: string | null;
  interpreterNumber?: number | null;
  text?: string;
  duties?: ReportDuty[];
  /** A named reporter; anonymous when absent. */
  reporter?: ReporterIdentity;
  attachments?: Array<{ name: string; mediaType: string; bytes: Buffer }>;
}

export interface CreatedReport {
  id: string;
  caseNumber: string;
}

export async function createReport(t: TestApp, spec: ReportSpec = {}): Promise<CreatedReport> {
  const sealing = t.app.get(SealingService);
  const now = t.app.get(ReportsClock).now();
  const deadlines = reportDeadlines(now);
  const id = randomUUID();
  const content: ReportContent = {
    text: spec.text ?? 'The interpreter told the family what the doctor said in private.',
    happenedOn: '2026-10-01',
    place: 'Ward 4',
    publicBody: 'Oslo universitetssykehus',
    interpreterNumber: spec.interpreterNumber ?? null,
    interpreterName: null,
    languageCode: null,
  };
  return t.dataSource.transaction(async (em) => {
    const [{ n }]: Array<{ n: string }> = await em.query(
      `SELECT nextval('report_case_seq')::text AS n`,
    );
    const caseNumber = `VAR-${osloDate(now).slice(0, 4)}-${n.padStart(4, '0')}`;
    await em.query(
      `INSERT INTO reports (id, case_number, anonymous, reporter_sealed, content_sealed, duties,
         interpreter_id, received_at, reporter_active_at, acknowledge_by, feedback_by)
       VALUES ($1, $2, $3, $4, $5, $6::report_duty[], $7, $8, $8, $9::date, $10::date)`,
      [
        id,
        caseNumber,
        !spec.reporter,
        spec.reporter
          ? sealing.seal(JSON.stringify(spec.reporter), aadFor('reports', id, 'reporter_sealed'))
          : null,
        sealing.seal(JSON.stringify(content), aadFor('reports', id, 'content_sealed')),
        spec.duties ?? ['confidentiality'],
        spec.interpreterId ?? null,
        now,
        deadlines.acknowledgeBy,
        deadlines.feedbackBy,
      ],
    );
    await em.query(
      `INSERT INTO report_facts (report_id, received_on, duties) VALUES ($1, $2::date, $3::report_duty[])`,
      [id, deadlines.receivedOn, spec.duties ?? ['confidentiality']],
    );
    await em.query(
      `INSERT INTO report_events (report_id, kind, visible_to_reporter) VALUES ($1, 'received', true)`,
      [id],
    );
    for (const a of spec.attachments ?? []) {
      const attachmentId = randomUUID();
      await em.query(
        `INSERT INTO report_attachments (id, report_id, channel, name_sealed, media_type, size_bytes, data_sealed)
         VALUES ($1, $2, 'reporter', $3, $4, $5, $6)`,
        [
          attachmentId,
          id,
          sealing.seal(a.name, aadFor('report_attachments', attachmentId, 'name_sealed')),
          a.mediaType,
          a.bytes.length,
          sealing.seal(a.bytes, aadFor('report_attachments', attachmentId, 'data_sealed')),
        ],
      );
    }
    return { id, caseNumber };
  });
}

/** The interpreter's side, as their pages (part 3 of #11) will write it: a reply on the interpreter channel. */
export async function interpreterReplies(
  t: TestApp,
  reportId: string,
  interpreterUserId: string,
  text: string,
): Promise<void> {
  const sealing = t.app.get(SealingService);
  const id = randomUUID();
  await t.dataSource.query(
    `INSERT INTO report_messages (id, report_id, channel, author, author_user_id, body_sealed)
     VALUES ($1, $2, 'interpreter', 'interpreter', $3, $4)`,
    [
      id,
      reportId,
      interpreterUserId,
      sealing.seal(text, aadFor('report_messages', id, 'body_sealed')),
    ],
  );
}

/** A committee member's advice on the open referral, as the committee's pages (part 3) will write it. */
export async function committeeAdvises(
  t: TestApp,
  reportId: string,
  memberUserId: string,
  text: string,
): Promise<void> {
  const sealing = t.app.get(SealingService);
  const id = randomUUID();
  const [referral]: Array<{ id: string }> = await t.dataSource.query(
    `SELECT id FROM report_referrals WHERE report_id = $1 AND closed_at IS NULL`,
    [reportId],
  );
  await t.dataSource.query(
    `INSERT INTO report_advice (id, referral_id, member_user_id, advice_sealed) VALUES ($1, $2, $3, $4)`,
    [
      id,
      referral.id,
      memberUserId,
      sealing.seal(text, aadFor('report_advice', id, 'advice_sealed')),
    ],
  );
}
